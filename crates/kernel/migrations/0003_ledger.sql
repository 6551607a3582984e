-- The double-entry ledger (rules in crates/ledger). Account ids are random:
-- the transparency log names accounts by id, never by owner.
CREATE TABLE ledger_accounts (
    id              TEXT PRIMARY KEY,
    -- wallet, treasury, escrow, fees, solidarity, world
    kind            TEXT NOT NULL,
    -- the member, collective or campaign it belongs to; '' for the platform's own
    owner_id        TEXT NOT NULL,
    currency        TEXT NOT NULL,
    -- none, debits_within, credits_within (see ledger::Limit)
    limit_kind      TEXT NOT NULL,
    limit_amount    BIGINT NOT NULL,
    debits_pending  BIGINT NOT NULL,
    debits_posted   BIGINT NOT NULL,
    credits_pending BIGINT NOT NULL,
    credits_posted  BIGINT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX ledger_accounts_owner ON ledger_accounts(kind, owner_id, currency);

CREATE TABLE ledger_transfers (
    -- order of application
    seq           BIGINT PRIMARY KEY,
    -- the client's idempotency id
    id            TEXT NOT NULL UNIQUE,
    debit_id      TEXT NOT NULL REFERENCES ledger_accounts(id),
    credit_id     TEXT NOT NULL REFERENCES ledger_accounts(id),
    amount        BIGINT NOT NULL,
    currency      TEXT NOT NULL,
    code          TEXT NOT NULL,
    reference     TEXT NOT NULL,
    -- posted, pending, post_of, void_of
    phase         TEXT NOT NULL,
    pending_id    TEXT,
    expires_at    BIGINT,
    -- for a reservation: pending, posted, voided, expired
    pending_state TEXT,
    -- what the client asked, canonical JSON, to answer a retry
    request       TEXT NOT NULL,
    log_index     BIGINT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX ledger_transfers_debit ON ledger_transfers(debit_id, seq);
CREATE INDEX ledger_transfers_credit ON ledger_transfers(credit_id, seq);
CREATE INDEX ledger_transfers_expiry ON ledger_transfers(pending_state, expires_at);
