-- A collective's expenses, in Open Collective's model: a member submits
-- what it spent (or a supplier's bill), with its receipt; another
-- treasurer or coordinator (never the submitter), or the collective's
-- decision, approves it, and it is paid from the treasury through a payout
-- (to the submitter's wallet at once, or to a bank account with the next
-- SEPA batch); or it is refused, or its submitter withdraws it.
CREATE TABLE funding_expenses (
    id            TEXT PRIMARY KEY,
    collective_id TEXT NOT NULL REFERENCES collectives(id),
    submitted_by  TEXT NOT NULL REFERENCES members(id),
    title         TEXT NOT NULL,
    amount        BIGINT NOT NULL CHECK (amount > 0),
    -- wallet: the submitter's; bank: the account named here
    pay_to        TEXT NOT NULL CHECK (pay_to IN ('wallet', 'bank')),
    bank_name     TEXT,
    iban          TEXT,
    bic           TEXT,
    -- the receipt as kept: a photo re-encoded as JPEG (nothing but its
    -- pixels), or a PDF as sent
    receipt       BYTEA NOT NULL,
    receipt_type  TEXT NOT NULL CHECK (receipt_type IN ('image/jpeg', 'application/pdf')),
    -- submitted; approved (its payout recorded) or refused; or cancelled by
    -- its submitter before a decision. Paid is its payout's state.
    state         TEXT NOT NULL CHECK (state IN ('submitted', 'approved', 'refused', 'cancelled')),
    decided_by    TEXT REFERENCES members(id),
    decision_id   TEXT,
    refusal       TEXT,
    payout_id     TEXT,
    created_at    BIGINT NOT NULL,
    decided_at    BIGINT
);
CREATE INDEX funding_expenses_collective ON funding_expenses(collective_id, created_at);
CREATE INDEX funding_expenses_member ON funding_expenses(submitted_by);
