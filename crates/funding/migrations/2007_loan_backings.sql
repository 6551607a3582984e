-- A collective lends to another's loan by its own decision, out of its
-- treasury or, for the governing collective, the solidarity fund: held
-- into the loan's escrow when the decision passes, counted with the
-- members' lendings, disbursed with them, and repaid pro rata to the
-- treasury (or the fund). Not capped per lender nor given a reflection
-- period: those protect people lending their own savings.
CREATE TABLE funding_loan_backings (
    id            TEXT PRIMARY KEY,
    loan_id       TEXT NOT NULL REFERENCES funding_loans(id),
    collective_id TEXT NOT NULL REFERENCES collectives(id),
    decision_id   TEXT NOT NULL UNIQUE,
    source        TEXT NOT NULL CHECK (source IN ('treasury', 'solidarity')),
    -- cents: what the decision offered, and what was held (at most what
    -- was left to borrow)
    offered       BIGINT NOT NULL CHECK (offered > 0),
    amount        BIGINT NOT NULL CHECK (amount >= 0),
    -- held, then lent (disbursed) or released (the loan cancelled); short:
    -- the money was not there, or nothing was left to borrow
    state         TEXT NOT NULL CHECK (state IN ('held', 'lent', 'released', 'short')),
    hold_key      TEXT,
    received_principal BIGINT NOT NULL DEFAULT 0,
    received_interest  BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);
CREATE INDEX funding_loan_backings_loan ON funding_loan_backings(loan_id);
