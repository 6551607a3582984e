-- What each refund gave back of a payment (`money::refund`): the amount
-- and the fee's two shares, so that refunds of one payment never add up to
-- more than it, and the fee kept is the rule's for what stays paid.
CREATE TABLE ledger_refunds (
    refund_id   TEXT PRIMARY KEY,
    payment_id  TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    fee         BIGINT NOT NULL,
    solidarity  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX ledger_refunds_payment ON ledger_refunds(payment_id);
