-- Who asked for a transfer (a member id), shown to the members of a
-- collective on its treasury's movements; NULL for the platform's own.
ALTER TABLE ledger_transfers ADD COLUMN initiated_by TEXT;
