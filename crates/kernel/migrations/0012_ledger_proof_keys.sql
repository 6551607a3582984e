-- The transparency log names a transfer's two sides by commitments, not by
-- account ids: HMAC-SHA256 with the account's own proof key, over the side
-- and the entry's random nonce (`money::commitment`). Only the account's
-- owner (a treasurer, for a treasury) is given the key, so only it can find
-- and prove its entries, and no two entries share a value. Accounts opened
-- before this get their key at their next transfer or when it is asked for.
ALTER TABLE ledger_accounts ADD COLUMN proof_key TEXT;
