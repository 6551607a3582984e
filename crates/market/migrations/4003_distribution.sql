-- Distribution: what was missing from an order (refunded, with a credit
-- note) and what was left over and given to the solidarity stock.

ALTER TABLE market_order_lines ADD COLUMN missing BIGINT NOT NULL DEFAULT 0;
-- What refunds of an order gave back, by share, for the reports and the
-- transparency page: to the producers' and the shops' accounts, and of
-- the platform's fee and its solidarity part.
ALTER TABLE market_orders ADD COLUMN refunded_producers BIGINT NOT NULL DEFAULT 0;
ALTER TABLE market_orders ADD COLUMN refunded_shops BIGINT NOT NULL DEFAULT 0;
ALTER TABLE market_orders ADD COLUMN refunded_fee BIGINT NOT NULL DEFAULT 0;
ALTER TABLE market_orders ADD COLUMN refunded_solidarity BIGINT NOT NULL DEFAULT 0;
-- The sellers' reports read their lines by seller.
CREATE INDEX market_order_lines_seller ON market_order_lines(seller_id);

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
