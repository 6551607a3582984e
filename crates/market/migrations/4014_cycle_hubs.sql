-- Several hubs per cycle, as Open Food Network's coordinator and its
-- distributors: the cycle's shop coordinates (it invites the producers and
-- sets the cycle's times), and other hubs, invited by it, distribute.
-- Each accepting hub chooses what it offers among the cycle's products,
-- and adds its own pickup points and fees, charged on its orders only.
-- An order's hub is its pickup point's.
CREATE TABLE market_cycle_hubs (
    cycle_id    TEXT NOT NULL REFERENCES market_cycles(id),
    shop_id     TEXT NOT NULL REFERENCES market_shops(id),
    invited_at  BIGINT NOT NULL,
    accepted_at BIGINT,
    PRIMARY KEY (cycle_id, shop_id)
);
CREATE INDEX market_cycle_hubs_shop ON market_cycle_hubs(shop_id);

-- What a distributing hub offers: a subset of the cycle's variants (one
-- the cycle no longer offers is not offered, whatever this says).
CREATE TABLE market_cycle_hub_variants (
    cycle_id   TEXT NOT NULL,
    shop_id    TEXT NOT NULL,
    variant_id TEXT NOT NULL REFERENCES market_variants(id),
    PRIMARY KEY (cycle_id, shop_id, variant_id),
    FOREIGN KEY (cycle_id, shop_id) REFERENCES market_cycle_hubs(cycle_id, shop_id)
);

-- NULL: the coordinating shop's pickup point, or fee.
ALTER TABLE market_pickups ADD COLUMN shop_id TEXT REFERENCES market_shops(id);
ALTER TABLE market_fees ADD COLUMN shop_id TEXT REFERENCES market_shops(id);
-- A hub's reports find its orders by its pickup points.
CREATE INDEX market_pickups_shop ON market_pickups(shop_id);
-- The shop a shop's fee went to; NULL: the cycle's (and a producer's fee).
ALTER TABLE market_order_charges ADD COLUMN shop_id TEXT;
