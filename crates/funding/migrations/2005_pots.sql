-- Mutual-aid pots: a collective opens a pot for a purpose (a member in
-- difficulty, an event); members give from their wallets into the pot's
-- escrow; a withdrawal, asked by the beneficiary or a coordinator, holds
-- its money toward the recipient's wallet until another coordinator (never
-- the one who asked, nor the one paid) or the collective's decision pays
-- it, or it is refused or cancelled.
CREATE TABLE funding_pots (
    id             TEXT PRIMARY KEY,
    collective_id  TEXT NOT NULL REFERENCES collectives(id),
    created_by     TEXT NOT NULL REFERENCES members(id),
    title          TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    -- the member the pot helps, when it helps one
    beneficiary_id TEXT REFERENCES members(id),
    -- open (taking gifts) or closed (what is left may still be withdrawn)
    state          TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    created_at     BIGINT NOT NULL
);
CREATE INDEX funding_pots_collective ON funding_pots(collective_id);

CREATE TABLE funding_pot_gifts (
    id         TEXT PRIMARY KEY,
    pot_id     TEXT NOT NULL REFERENCES funding_pots(id),
    member_id  TEXT NOT NULL REFERENCES members(id),
    amount     BIGINT NOT NULL CHECK (amount > 0),
    -- 1: named to the pot's other contributors; 0: shown as anonymous
    named      BIGINT NOT NULL CHECK (named IN (0, 1)),
    created_at BIGINT NOT NULL
);
CREATE INDEX funding_pot_gifts_pot ON funding_pot_gifts(pot_id, created_at);
CREATE INDEX funding_pot_gifts_member ON funding_pot_gifts(member_id);

CREATE TABLE funding_pot_withdrawals (
    id           TEXT PRIMARY KEY,
    pot_id       TEXT NOT NULL REFERENCES funding_pots(id),
    requested_by TEXT NOT NULL REFERENCES members(id),
    to_member_id TEXT NOT NULL REFERENCES members(id),
    amount       BIGINT NOT NULL CHECK (amount > 0),
    reason       TEXT NOT NULL,
    -- requested (its money held), paid, refused or cancelled
    state        TEXT NOT NULL CHECK (state IN ('requested', 'paid', 'refused', 'cancelled')),
    hold_key     TEXT NOT NULL,
    -- the coordinator who paid or refused it; or the decision that paid it
    decided_by   TEXT REFERENCES members(id),
    decision_id  TEXT,
    created_at   BIGINT NOT NULL,
    decided_at   BIGINT
);
CREATE INDEX funding_pot_withdrawals_pot ON funding_pot_withdrawals(pot_id, created_at);
CREATE INDEX funding_pot_withdrawals_member ON funding_pot_withdrawals(to_member_id);
