-- Money in and out through the instance's bank account (kernel/src/bank.rs).

-- Each member's structured reference (ISO 11649, RF…) for transfers to its wallet.
CREATE TABLE bank_references (
    member_id  TEXT PRIMARY KEY REFERENCES members(id),
    reference  TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- Imported camt.053 statements; the same statement is imported once.
CREATE TABLE bank_statements (
    id           TEXT PRIMARY KEY,
    iban         TEXT NOT NULL,
    -- the bank's id of the statement
    statement_id TEXT NOT NULL,
    currency     TEXT NOT NULL,
    opening      BIGINT NOT NULL,
    closing      BIGINT NOT NULL,
    imported_by  TEXT NOT NULL REFERENCES members(id),
    imported_at  BIGINT NOT NULL,
    UNIQUE (iban, statement_id)
);

CREATE TABLE bank_lines (
    id            TEXT PRIMARY KEY,
    statement_id  TEXT NOT NULL REFERENCES bank_statements(id),
    position      BIGINT NOT NULL,
    -- 1 money in, 0 money out
    credit        BIGINT NOT NULL,
    amount        BIGINT NOT NULL,
    booked_on     TEXT NOT NULL,
    bank_ref      TEXT NOT NULL,
    end_to_end_id TEXT NOT NULL,
    counterparty  TEXT NOT NULL,
    remittance    TEXT NOT NULL,
    -- matched, unmatched, set_aside
    status        TEXT NOT NULL,
    -- the member whose wallet it credited
    member_id     TEXT REFERENCES members(id),
    -- the payout it confirms (money out)
    payout_id     TEXT,
    transfer_id   TEXT,
    -- the treasurer who decided; NULL when the import matched it
    matched_by    TEXT REFERENCES members(id),
    note          TEXT NOT NULL,
    decided_at    BIGINT
);
CREATE INDEX bank_lines_status ON bank_lines(status);
CREATE INDEX bank_lines_member ON bank_lines(member_id);

-- Money leaving a wallet or a treasury: to a bank account (iban set) or to
-- a member's wallet (to_member_id set). The reservation holds the money
-- until it is posted (sent, paid) or voided (refused, cancelled).
CREATE TABLE payouts (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES ledger_accounts(id),
    collective_id TEXT REFERENCES collectives(id),
    to_member_id  TEXT REFERENCES members(id),
    creditor_name TEXT NOT NULL,
    iban          TEXT NOT NULL,
    bic           TEXT NOT NULL,
    amount        BIGINT NOT NULL,
    currency      TEXT NOT NULL,
    reason        TEXT NOT NULL,
    -- awaiting_approval, approved, batched, sent, paid, refused, cancelled
    status        TEXT NOT NULL,
    requested_by  TEXT NOT NULL REFERENCES members(id),
    approved_by   TEXT REFERENCES members(id),
    reserve_id    TEXT NOT NULL UNIQUE,
    batch_id      TEXT,
    created_at    BIGINT NOT NULL,
    decided_at    BIGINT
);
CREATE INDEX payouts_status ON payouts(status);
CREATE INDEX payouts_batch ON payouts(batch_id);
CREATE INDEX payouts_collective ON payouts(collective_id);

CREATE TABLE payout_batches (
    id             TEXT PRIMARY KEY,
    message_id     TEXT NOT NULL UNIQUE,
    execution_date TEXT NOT NULL,
    total          BIGINT NOT NULL,
    count          BIGINT NOT NULL,
    created_by     TEXT NOT NULL REFERENCES members(id),
    created_at     BIGINT NOT NULL,
    sent_by        TEXT REFERENCES members(id),
    sent_at        BIGINT
);

-- A collective's rule: treasury payments above this amount (minor units)
-- need a second treasurer or a coordinator.
ALTER TABLE collectives ADD COLUMN second_approval_above BIGINT NOT NULL DEFAULT 15000;
