-- Money a collective puts into a campaign by its decision: a contribution
-- (a sum), or matchfunding (each pledge doubled up to `per_pledge`, up to
-- `amount` in all), out of its treasury or, for the instance's governing
-- collective, the solidarity fund. Held into the campaign's escrow when the
-- decision passes; paid with the pledges, or released with them.
CREATE TABLE funding_backings (
    id            TEXT PRIMARY KEY,
    campaign_id   TEXT NOT NULL REFERENCES funding_campaigns(id),
    collective_id TEXT NOT NULL REFERENCES collectives(id),
    decision_id   TEXT NOT NULL UNIQUE,
    source        TEXT NOT NULL CHECK (source IN ('treasury', 'solidarity')),
    kind          TEXT NOT NULL CHECK (kind IN ('contribution', 'match')),
    -- cents: a contribution's sum, or the most matched in all
    amount        BIGINT NOT NULL CHECK (amount > 0),
    per_pledge    BIGINT CHECK (per_pledge IS NULL OR per_pledge > 0),
    -- held, then paid or released; short: the decision passed but the
    -- money was not there, nothing held
    state         TEXT NOT NULL CHECK (state IN ('held', 'paid', 'released', 'short')),
    hold_key      TEXT,
    -- once paid: what went to the campaign, and the fee
    paid          BIGINT,
    paid_fee      BIGINT,
    paid_solidarity BIGINT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX funding_backings_campaign ON funding_backings(campaign_id);
