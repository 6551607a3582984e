-- Regular orders: a member's standing order at a shop ("every cycle of this
-- shop, put these products in my basket, at this pickup point"), which the
-- member creates, edits, pauses, skips a cycle of and ends. A job places it
-- in each cycle of the shop when the cycle opens; each placement is
-- recorded once, so that a job that runs again never places twice.

CREATE TABLE market_regular_orders (
    id            TEXT PRIMARY KEY,
    member_id     TEXT NOT NULL REFERENCES members(id),
    shop_id       TEXT NOT NULL REFERENCES market_shops(id),
    -- the pickup point's place (or address) looked for in each new cycle
    place         TEXT NOT NULL,
    -- the first and last days, as the member wrote them, and the moments
    -- they start and end (exclusive) in the member's time zone
    starts_on     TEXT NOT NULL,
    ends_on       TEXT,
    starts_at     BIGINT NOT NULL,
    ends_at       BIGINT,
    state         TEXT NOT NULL CHECK (state IN ('active', 'paused', 'ended')),
    -- 1: the next cycle it would be placed in is skipped
    skip_next     BIGINT NOT NULL DEFAULT 0,
    -- the fee rule frozen when the member made it
    fee_rate_bp   BIGINT NOT NULL,
    solidarity_bp BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX market_regular_orders_member ON market_regular_orders(member_id);
CREATE INDEX market_regular_orders_shop ON market_regular_orders(shop_id, state);

CREATE TABLE market_regular_lines (
    regular_id TEXT NOT NULL REFERENCES market_regular_orders(id),
    variant_id TEXT NOT NULL REFERENCES market_variants(id),
    quantity   BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (regular_id, variant_id)
);

-- What happened to a regular order in a cycle, once per cycle.
CREATE TABLE market_regular_placements (
    regular_id     TEXT NOT NULL REFERENCES market_regular_orders(id),
    cycle_id       TEXT NOT NULL REFERENCES market_cycles(id),
    -- placed; skipped (by the member); short (the wallet); nothing (none of
    -- its products offered or in stock); refused (the checkout said why)
    outcome        TEXT NOT NULL CHECK (outcome IN ('placed', 'skipped', 'short', 'nothing', 'refused')),
    order_id       TEXT REFERENCES market_orders(id),
    pickup_id      TEXT REFERENCES market_pickups(id),
    -- 0: no pickup point matched the place, the first one was taken
    pickup_matched BIGINT NOT NULL DEFAULT 1,
    -- the products left out, a JSON array of names
    left_out       TEXT NOT NULL DEFAULT '[]',
    -- why the checkout refused it (a message key)
    reason         TEXT,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (regular_id, cycle_id)
);
