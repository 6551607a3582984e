-- Citizen and communal loans: a collective (a commune's group, a
-- cooperative, a project) borrows from members, interest-free or at a fixed
-- rate, once its own decision approved the terms. Members lend from their
-- wallets (held into the loan's escrow) until lending closes; each may
-- withdraw during its reflection period. Then the money is disbursed to the
-- collective's treasury and the schedule is fixed; each instalment is paid
-- back to the lenders pro rata at its due date, or flagged late.
CREATE TABLE funding_loans (
    id              TEXT PRIMARY KEY,
    collective_id   TEXT NOT NULL REFERENCES collectives(id),
    proposer_id     TEXT NOT NULL REFERENCES members(id),
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL,
    -- what the money is for, and what could go wrong: the key information
    -- sheet says both
    purpose         TEXT NOT NULL,
    risks           TEXT NOT NULL,
    -- in cents: the least for the loan to go ahead, and the most borrowed
    minimum         BIGINT NOT NULL CHECK (minimum > 0),
    amount          BIGINT NOT NULL CHECK (amount >= minimum),
    rate_bp         BIGINT NOT NULL CHECK (rate_bp >= 0),
    instalments     BIGINT NOT NULL CHECK (instalments > 0),
    months_between  BIGINT NOT NULL CHECK (months_between BETWEEN 1 AND 12),
    amortisation    TEXT NOT NULL CHECK (amortisation IN ('equal_instalments', 'equal_principal')),
    lending_until   BIGINT NOT NULL,
    -- the instance's rules when it was proposed
    cap_per_lender  BIGINT NOT NULL,
    reflection_days BIGINT NOT NULL,
    decision_id     TEXT,
    -- proposed (its decision under way), open (lending), repaying, repaid,
    -- or cancelled (below its minimum; every lending released)
    state           TEXT NOT NULL CHECK (state IN ('proposed', 'open', 'repaying', 'repaid', 'cancelled')),
    principal       BIGINT,
    disbursed_at    BIGINT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX funding_loans_state ON funding_loans(state, lending_until);

-- One lending per member and loan.
CREATE TABLE funding_lendings (
    loan_id     TEXT NOT NULL REFERENCES funding_loans(id),
    member_id   TEXT NOT NULL REFERENCES members(id),
    amount      BIGINT NOT NULL CHECK (amount > 0),
    hold_key    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    -- the end of its reflection period
    withdrawable_until BIGINT NOT NULL,
    PRIMARY KEY (loan_id, member_id)
);
CREATE INDEX funding_lendings_member ON funding_lendings(member_id);

CREATE TABLE funding_instalments (
    loan_id   TEXT NOT NULL REFERENCES funding_loans(id),
    number    BIGINT NOT NULL,
    due_at    BIGINT NOT NULL,
    principal BIGINT NOT NULL,
    interest  BIGINT NOT NULL,
    -- when it was paid; when it was first found unpaid at its due date
    paid_at   BIGINT,
    late_at   BIGINT,
    PRIMARY KEY (loan_id, number)
);

-- What each lender received of each instalment.
CREATE TABLE funding_repayments (
    loan_id   TEXT NOT NULL REFERENCES funding_loans(id),
    number    BIGINT NOT NULL,
    member_id TEXT NOT NULL REFERENCES members(id),
    principal BIGINT NOT NULL,
    interest  BIGINT NOT NULL,
    PRIMARY KEY (loan_id, number, member_id)
);
CREATE INDEX funding_repayments_member ON funding_repayments(member_id);
