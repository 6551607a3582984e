-- The key the volunteer's form (or API client) sends with a donation: a
-- second tap or a retry with the same key records nothing more.
ALTER TABLE market_donations ADD COLUMN client_key TEXT;
CREATE UNIQUE INDEX market_donations_key ON market_donations(recorded_by, client_key);
