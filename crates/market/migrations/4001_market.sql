-- Module 4, direct sales: sellers and their catalogues, shops, order cycles
-- with their producers, products, pickup points and fees, and the orders
-- placed in them. Amounts in cents including VAT, VAT rates in hundredths
-- of a percent, quantities in whole units, weights in grams, times in ms.

-- A seller is a kernel organisation that sells (a farm, a SCOP…).
CREATE TABLE market_sellers (
    organisation_id TEXT PRIMARY KEY REFERENCES organisations(id),
    legal_name      TEXT NOT NULL,
    -- NULL: under the VAT franchise (art. 293 B of the CGI), selling at 0 %
    vat_number      TEXT,
    description     TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- The charter's criteria a seller claims to meet (working_conditions…).
CREATE TABLE market_seller_claims (
    organisation_id TEXT NOT NULL REFERENCES market_sellers(organisation_id),
    criterion       TEXT NOT NULL,
    PRIMARY KEY (organisation_id, criterion)
);

CREATE TABLE market_products (
    id            TEXT PRIMARY KEY,
    seller_id     TEXT NOT NULL REFERENCES market_sellers(organisation_id),
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL,
    vat_rate      BIGINT NOT NULL,
    -- ab, eu, nature_progres, demeter; NULL when none
    organic_label TEXT,
    origin        TEXT NOT NULL DEFAULT '',
    -- grams of CO2 equivalent per unit sold, when estimated
    carbon_g      BIGINT,
    -- the French repairability index, in tenths (0 to 100), for goods
    repairability BIGINT,
    essential     BIGINT NOT NULL DEFAULT 0,
    -- the EU's 14 allergens present, comma-separated codes
    allergens     TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    archived_at   BIGINT
);
CREATE INDEX market_products_seller ON market_products(seller_id);

CREATE TABLE market_variants (
    id          TEXT PRIMARY KEY,
    product_id  TEXT NOT NULL REFERENCES market_products(id),
    -- sold by the piece, or by a size in grams or millilitres
    unit        TEXT NOT NULL CHECK (unit IN ('piece', 'g', 'ml')),
    size        BIGINT NOT NULL CHECK (size > 0),
    -- the weight of one, in grams, for per-kg fees on pieces and liquids
    weight_g    BIGINT,
    price       BIGINT NOT NULL CHECK (price >= 0),
    -- count: `stock` left; unlimited; to_order: made after the close
    stock_mode  TEXT NOT NULL CHECK (stock_mode IN ('count', 'unlimited', 'to_order')),
    stock       BIGINT CHECK (stock IS NULL OR stock >= 0),
    sku         TEXT NOT NULL DEFAULT '',
    position    BIGINT NOT NULL DEFAULT 0,
    archived_at BIGINT
);
CREATE INDEX market_variants_product ON market_variants(product_id);

-- A shop sells in order cycles: one seller alone, or a hub (a collective:
-- an AMAP, a food coop, a commune's market group) for several producers.
CREATE TABLE market_shops (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    collective_id   TEXT UNIQUE REFERENCES collectives(id),
    organisation_id TEXT UNIQUE REFERENCES market_sellers(organisation_id),
    address         TEXT NOT NULL DEFAULT '',
    latitude        DOUBLE PRECISION,
    longitude       DOUBLE PRECISION,
    created_at      BIGINT NOT NULL,
    CHECK ((collective_id IS NULL) <> (organisation_id IS NULL))
);

CREATE TABLE market_cycles (
    id         TEXT PRIMARY KEY,
    shop_id    TEXT NOT NULL REFERENCES market_shops(id),
    name       TEXT NOT NULL,
    opens_at   BIGINT NOT NULL,
    closes_at  BIGINT NOT NULL,
    -- when the orders' money is taken: at the close, or at collection
    capture    TEXT NOT NULL CHECK (capture IN ('close', 'collection')),
    -- set by the closing job, once
    closed_at  BIGINT,
    created_by TEXT NOT NULL REFERENCES members(id),
    created_at BIGINT NOT NULL,
    CHECK (closes_at > opens_at)
);
CREATE INDEX market_cycles_shop ON market_cycles(shop_id);

-- The producers taking part, and what each brings. A shop invites a
-- producer; it takes part once one of its administrators accepts.
CREATE TABLE market_cycle_sellers (
    cycle_id    TEXT NOT NULL REFERENCES market_cycles(id),
    seller_id   TEXT NOT NULL REFERENCES market_sellers(organisation_id),
    accepted_at BIGINT,
    PRIMARY KEY (cycle_id, seller_id)
);

CREATE TABLE market_cycle_variants (
    cycle_id   TEXT NOT NULL REFERENCES market_cycles(id),
    variant_id TEXT NOT NULL REFERENCES market_variants(id),
    PRIMARY KEY (cycle_id, variant_id)
);

CREATE TABLE market_pickups (
    id         TEXT PRIMARY KEY,
    cycle_id   TEXT NOT NULL REFERENCES market_cycles(id),
    place      TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    starts_at  BIGINT NOT NULL,
    ends_at    BIGINT NOT NULL,
    -- how many orders it takes; NULL: no limit
    capacity   BIGINT CHECK (capacity IS NULL OR capacity > 0),
    CHECK (ends_at > starts_at)
);
CREATE INDEX market_pickups_cycle ON market_pickups(cycle_id);

-- Fees a participant adds in a cycle, as Open Food Network models them.
CREATE TABLE market_fees (
    id         TEXT PRIMARY KEY,
    cycle_id   TEXT NOT NULL REFERENCES market_cycles(id),
    -- a producer's fee covers its own products; NULL: the shop's, on all
    seller_id  TEXT REFERENCES market_sellers(organisation_id),
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('packing', 'transport', 'admin', 'sales', 'fundraising')),
    calculator TEXT NOT NULL CHECK (calculator IN ('per_order', 'per_item', 'per_kg', 'percent')),
    -- cents for per_order, per_item and per_kg; hundredths of a percent for percent
    amount     BIGINT NOT NULL CHECK (amount >= 0),
    -- NULL: the VAT of the goods it is charged on
    vat_rate   BIGINT
);
CREATE INDEX market_fees_cycle ON market_fees(cycle_id);

-- An order: its prices and fees frozen at checkout, its money held until
-- the close (or the collection).
CREATE TABLE market_orders (
    id             TEXT PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    cycle_id       TEXT NOT NULL REFERENCES market_cycles(id),
    buyer_id       TEXT NOT NULL REFERENCES members(id),
    pickup_id      TEXT NOT NULL REFERENCES market_pickups(id),
    state          TEXT NOT NULL CHECK (state IN ('placed', 'cancelled', 'collected')),
    items          BIGINT NOT NULL,
    fees           BIGINT NOT NULL,
    total          BIGINT NOT NULL,
    -- the platform's fee on top, and the rule it was quoted with
    platform_fee   BIGINT NOT NULL,
    fee_rate_bp    BIGINT NOT NULL,
    solidarity_bp  BIGINT NOT NULL,
    -- the live hold, renamed at each change; set to NULL once captured
    hold_key       TEXT,
    version        BIGINT NOT NULL,
    captured_at    BIGINT,
    placed_at      BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    collected_at   BIGINT
);
-- Ordering again in an open cycle changes the live order (OFN #12598).
CREATE UNIQUE INDEX market_orders_live ON market_orders(cycle_id, buyer_id) WHERE state <> 'cancelled';
CREATE INDEX market_orders_buyer ON market_orders(buyer_id);
CREATE INDEX market_orders_pickup ON market_orders(pickup_id);

CREATE TABLE market_order_lines (
    order_id     TEXT NOT NULL REFERENCES market_orders(id),
    variant_id   TEXT NOT NULL REFERENCES market_variants(id),
    seller_id    TEXT NOT NULL,
    product_name TEXT NOT NULL,
    unit         TEXT NOT NULL,
    size         BIGINT NOT NULL,
    unit_price   BIGINT NOT NULL,
    vat_rate     BIGINT NOT NULL,
    quantity     BIGINT NOT NULL CHECK (quantity > 0),
    -- the stock it took, given back if the order is cancelled
    stock_taken  BIGINT NOT NULL,
    PRIMARY KEY (order_id, variant_id)
);

-- Each fee charged on an order (on a line, or on the order as a whole).
CREATE TABLE market_order_charges (
    order_id   TEXT NOT NULL REFERENCES market_orders(id),
    position   BIGINT NOT NULL,
    fee_id     TEXT NOT NULL,
    -- the seller (organisation) it goes to, or NULL for the shop
    seller_id  TEXT,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    variant_id TEXT,
    amount     BIGINT NOT NULL,
    vat_rate   BIGINT NOT NULL,
    PRIMARY KEY (order_id, position)
);
