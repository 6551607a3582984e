-- Group purchases: members pool their orders to reach a supplier's price
-- tiers. A purchase names its supplier (a member seller, or an outside one
-- known by a name and a contact), its products with their pack size and
-- tiers, a minimum (and optional maximum) total, a deadline and its pickup
-- points. Each member's commitment holds money in the purchase's escrow.

CREATE TABLE groupbuy_purchases (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL,
    organiser_id     TEXT NOT NULL REFERENCES members(id),
    -- proposed on behalf of a collective its organiser coordinates
    collective_id    TEXT REFERENCES collectives(id),
    -- a member seller (an organisation), or an outside supplier
    supplier_org_id  TEXT REFERENCES organisations(id),
    supplier_name    TEXT NOT NULL,
    supplier_contact TEXT NOT NULL,
    -- in cents, VAT included, of the goods committed at the current tiers
    minimum          BIGINT NOT NULL CHECK (minimum >= 0),
    maximum          BIGINT CHECK (maximum IS NULL OR maximum >= minimum),
    deadline_at      BIGINT NOT NULL,
    -- the end of the box-filling phase after the deadline, if any
    fill_until       BIGINT CHECK (fill_until IS NULL OR fill_until > deadline_at),
    -- below the minimum at the deadline: cancel, or extend once by N days
    if_short         TEXT NOT NULL CHECK (if_short IN ('cancel', 'extend')),
    extend_days      BIGINT NOT NULL DEFAULT 0 CHECK (extend_days BETWEEN 0 AND 60),
    -- 1 once extended: a purchase is extended once at most
    extended         BIGINT NOT NULL DEFAULT 0,
    -- open (the clock says whether commitments or raises are taken), then
    -- settling or cancelling while the settlement job goes through the
    -- baskets, then settled or cancelled
    state            TEXT NOT NULL CHECK (state IN ('open', 'settling', 'settled', 'cancelling', 'cancelled')),
    settled_at       BIGINT,
    -- the fee rule frozen when it was proposed
    fee_rate_bp      BIGINT NOT NULL,
    solidarity_bp    BIGINT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX groupbuy_purchases_state ON groupbuy_purchases(state, deadline_at);

CREATE TABLE groupbuy_products (
    id           TEXT PRIMARY KEY,
    purchase_id  TEXT NOT NULL REFERENCES groupbuy_purchases(id),
    position     BIGINT NOT NULL,
    name         TEXT NOT NULL,
    -- piece, kg, g, l or ml: what quantities and prices count
    unit         TEXT NOT NULL,
    -- how many units the supplier packs in a box (a sack of 25 kg: 25)
    pack_size    BIGINT NOT NULL CHECK (pack_size > 0),
    -- quantities are multiples of it
    step         BIGINT NOT NULL CHECK (step > 0),
    -- in hundredths of a percent
    vat_rate     BIGINT NOT NULL,
    -- the price per unit in a shop, in cents, to show the saving
    retail_price BIGINT CHECK (retail_price IS NULL OR retail_price > 0),
    -- the price tiers by total quantity, JSON: [{"from", "to", "unit_price"}]
    tiers        TEXT NOT NULL,
    -- set by the settlement: the units ordered (whole boxes) and their price
    ordered      BIGINT,
    final_price  BIGINT,
    UNIQUE (purchase_id, position)
);

CREATE TABLE groupbuy_pickups (
    id          TEXT PRIMARY KEY,
    purchase_id TEXT NOT NULL REFERENCES groupbuy_purchases(id),
    position    BIGINT NOT NULL,
    commune     TEXT NOT NULL,
    place       TEXT NOT NULL,
    -- when it is open, as the organiser says it ("Saturday 10–12")
    hours       TEXT NOT NULL,
    UNIQUE (purchase_id, position)
);

-- A member's part in a purchase: its pickup point and the hold covering
-- its commitments (replaced at each change).
CREATE TABLE groupbuy_baskets (
    purchase_id TEXT NOT NULL REFERENCES groupbuy_purchases(id),
    member_id   TEXT NOT NULL REFERENCES members(id),
    pickup_id   TEXT NOT NULL REFERENCES groupbuy_pickups(id),
    hold_key    TEXT NOT NULL,
    -- the goods held for, in cents, and the fee on top
    held        BIGINT NOT NULL,
    held_fee    BIGINT NOT NULL,
    -- counts the changes: each hold's key is new
    version     BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    -- set by the settlement, in the transaction that captures or releases
    -- the hold: the goods and the fee paid (0 when released), and the
    -- fee's solidarity share
    settled_at  BIGINT,
    charged     BIGINT,
    charged_fee BIGINT,
    charged_solidarity BIGINT,
    PRIMARY KEY (purchase_id, member_id)
);
CREATE INDEX groupbuy_baskets_member ON groupbuy_baskets(member_id);

-- What a member commits to take of a product, and how many more it would
-- take to fill a box (its tolerance). `since` orders commitments first
-- come, first served: a raised quantity or tolerance goes behind those
-- already there (a late raise does not jump the queue); a lowered one
-- keeps its place.
CREATE TABLE groupbuy_commitments (
    product_id  TEXT NOT NULL REFERENCES groupbuy_products(id),
    member_id   TEXT NOT NULL REFERENCES members(id),
    purchase_id TEXT NOT NULL REFERENCES groupbuy_purchases(id),
    quantity    BIGINT NOT NULL CHECK (quantity > 0),
    tolerance   BIGINT NOT NULL CHECK (tolerance >= 0),
    since       BIGINT NOT NULL,
    -- what the settlement allocated of it
    allocated   BIGINT,
    PRIMARY KEY (product_id, member_id)
);
CREATE INDEX groupbuy_commitments_purchase ON groupbuy_commitments(purchase_id, member_id);
