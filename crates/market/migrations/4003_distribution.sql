-- Distribution: what was missing from an order (refunded, with a credit
-- note) and what was left over and given to the solidarity stock.

ALTER TABLE market_order_lines ADD COLUMN missing BIGINT NOT NULL DEFAULT 0;

CREATE TABLE market_donations (
    id           TEXT PRIMARY KEY,
    cycle_id     TEXT NOT NULL REFERENCES market_cycles(id),
    variant_id   TEXT NOT NULL REFERENCES market_variants(id),
    product_name TEXT NOT NULL,
    quantity     BIGINT NOT NULL CHECK (quantity > 0),
    -- what those units were sold at, VAT included: the value given
    value        BIGINT NOT NULL CHECK (value >= 0),
    recorded_by  TEXT REFERENCES members(id),
    recorded_at  BIGINT NOT NULL
);
CREATE INDEX market_donations_cycle ON market_donations(cycle_id);
