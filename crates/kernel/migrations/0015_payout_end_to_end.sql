-- What a payout is called in the SEPA file and, once the bank has sent
-- it, on the bank's statement: at most 35 characters (a payout's own id,
-- `{member}-{client id}`, is longer and was cut to the member's id, which
-- no statement line could then match). Set when a payout is recorded, or,
-- for one recorded before, when its batch is made.
ALTER TABLE payouts ADD COLUMN end_to_end_id TEXT;
CREATE UNIQUE INDEX payouts_end_to_end ON payouts(end_to_end_id);
