-- Time slots within a pickup point, and home delivery.

-- A pickup point's window split into slots, each with its own capacity;
-- a pickup point without slots is collected at any time of its window.
CREATE TABLE market_slots (
    id         TEXT PRIMARY KEY,
    pickup_id  TEXT NOT NULL REFERENCES market_pickups(id),
    starts_at  BIGINT NOT NULL,
    ends_at    BIGINT NOT NULL,
    -- how many orders it takes; NULL: no limit
    capacity   BIGINT CHECK (capacity IS NULL OR capacity > 0),
    CHECK (ends_at > starts_at)
);
CREATE INDEX market_slots_pickup ON market_slots(pickup_id, starts_at);

-- Home delivery is a cycle's pickup row with a radius: its orders name it
-- like a pickup point's (reports, preparation and distribution group by
-- it), with the buyer's address. NULL radius: a pickup point.
ALTER TABLE market_pickups ADD COLUMN delivery_km BIGINT CHECK (delivery_km IS NULL OR delivery_km > 0);
-- the flat fee in cents, frozen into each order's charges (to the shop)
ALTER TABLE market_pickups ADD COLUMN delivery_fee BIGINT CHECK (delivery_fee IS NULL OR delivery_fee >= 0);
-- the least goods total (cents) delivered; NULL: any
ALTER TABLE market_pickups ADD COLUMN delivery_minimum BIGINT CHECK (delivery_minimum IS NULL OR delivery_minimum >= 0);

ALTER TABLE market_orders ADD COLUMN slot_id TEXT REFERENCES market_slots(id);
CREATE INDEX market_orders_slot ON market_orders(slot_id);
-- where a delivered order goes (personal data: exported, erased)
ALTER TABLE market_orders ADD COLUMN delivery_address TEXT;
ALTER TABLE market_orders ADD COLUMN delivery_km_tenths BIGINT;
