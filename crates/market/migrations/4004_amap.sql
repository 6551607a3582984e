-- AMAP contracts (CAMAP's model, normalised): a season contract of a shop
-- for one producer, its distributions, members' subscriptions with their
-- baskets per distribution (each basket's money held from the wallet and
-- taken after the distribution), the instalments that say when the money
-- is held, a waiting list, and the volunteers of each distribution.

CREATE TABLE market_contracts (
    id            TEXT PRIMARY KEY,
    shop_id       TEXT NOT NULL REFERENCES market_shops(id),
    seller_id     TEXT NOT NULL REFERENCES market_sellers(organisation_id),
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    -- fixed: the same basket at every distribution; variable: ordered
    -- for each distribution before its deadline
    kind          TEXT NOT NULL CHECK (kind IN ('fixed', 'variable')),
    -- the season, calendar dates written 2026-12-02
    starts_on     TEXT NOT NULL,
    ends_on       TEXT NOT NULL,
    every         TEXT NOT NULL CHECK (every IN ('week', 'two_weeks', 'four_weeks', 'month')),
    place         TEXT NOT NULL,
    -- the distribution's time of day, in minutes after midnight, in the
    -- contract's time zone
    starts_minute BIGINT NOT NULL CHECK (starts_minute >= 0 AND starts_minute < 1440),
    ends_minute   BIGINT NOT NULL CHECK (ends_minute > starts_minute AND ends_minute <= 1440),
    time_zone     TEXT NOT NULL,
    -- how many subscribe; NULL: no limit (then no waiting list)
    capacity      BIGINT CHECK (capacity IS NULL OR capacity > 0),
    absences_max  BIGINT NOT NULL CHECK (absences_max >= 0),
    -- absences, orders and changes close this many days before a distribution
    deadline_days BIGINT NOT NULL CHECK (deadline_days >= 0),
    -- the instalment plans offered, comma-separated among 1, 3, 12
    plans         TEXT NOT NULL,
    created_by    TEXT NOT NULL REFERENCES members(id),
    created_at    BIGINT NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX market_contracts_shop ON market_contracts(shop_id);

-- The products of a contract, their price frozen for the season.
CREATE TABLE market_contract_variants (
    contract_id  TEXT NOT NULL REFERENCES market_contracts(id),
    variant_id   TEXT NOT NULL REFERENCES market_variants(id),
    product_name TEXT NOT NULL,
    unit         TEXT NOT NULL,
    size         BIGINT NOT NULL,
    price        BIGINT NOT NULL CHECK (price >= 0),
    -- in hundredths of a percent, frozen too (0 for a seller under the
    -- VAT franchise)
    vat_rate     BIGINT NOT NULL,
    -- the most of it one basket takes
    max_quantity BIGINT NOT NULL CHECK (max_quantity > 0),
    position     BIGINT NOT NULL,
    PRIMARY KEY (contract_id, variant_id)
);

CREATE TABLE market_contract_distributions (
    id          TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL REFERENCES market_contracts(id),
    day         TEXT NOT NULL,
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL,
    -- absences, orders and changes of this distribution close then
    deadline_at BIGINT NOT NULL,
    -- set once its baskets' money is taken
    delivered_at BIGINT,
    UNIQUE (contract_id, day)
);
CREATE INDEX market_contract_distributions_contract ON market_contract_distributions(contract_id, starts_at);

CREATE TABLE market_subscriptions (
    id            TEXT PRIMARY KEY,
    contract_id   TEXT NOT NULL REFERENCES market_contracts(id),
    member_id     TEXT NOT NULL REFERENCES members(id),
    -- who shares the basket and sees it
    co_member_id  TEXT REFERENCES members(id),
    state         TEXT NOT NULL CHECK (state IN ('waiting', 'active', 'paused', 'ended')),
    -- how many instalments (1, 3, 12)
    plan          BIGINT NOT NULL,
    -- the platform's fee rule, frozen when it became active
    fee_rate_bp   BIGINT NOT NULL,
    solidarity_bp BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    activated_at  BIGINT,
    ended_at      BIGINT,
    CHECK (co_member_id IS NULL OR co_member_id <> member_id)
);
-- One subscription at a time per member and contract (CAMAP refuses overlaps).
CREATE UNIQUE INDEX market_subscriptions_live ON market_subscriptions(contract_id, member_id) WHERE state <> 'ended';
CREATE INDEX market_subscriptions_member ON market_subscriptions(member_id);
CREATE INDEX market_subscriptions_co_member ON market_subscriptions(co_member_id);

-- A fixed contract's basket, as the member chose it.
CREATE TABLE market_subscription_quantities (
    subscription_id TEXT NOT NULL REFERENCES market_subscriptions(id),
    variant_id      TEXT NOT NULL,
    quantity        BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (subscription_id, variant_id)
);

-- When the money of a group of baskets is held from the wallet.
CREATE TABLE market_subscription_instalments (
    subscription_id TEXT NOT NULL REFERENCES market_subscriptions(id),
    number          BIGINT NOT NULL,
    due_at          BIGINT NOT NULL,
    -- scheduled; held; short: the wallet could not hold it on its due date
    -- (shown to the member and to those who run the shop); cancelled
    state           TEXT NOT NULL CHECK (state IN ('scheduled', 'held', 'short', 'cancelled')),
    held_at         BIGINT,
    PRIMARY KEY (subscription_id, number)
);

-- One basket per subscription and distribution.
CREATE TABLE market_baskets (
    subscription_id TEXT NOT NULL REFERENCES market_subscriptions(id),
    distribution_id TEXT NOT NULL REFERENCES market_contract_distributions(id),
    instalment      BIGINT NOT NULL,
    -- due; absent (declared, not billed); paused; cancelled (ended)
    state           TEXT NOT NULL CHECK (state IN ('due', 'absent', 'paused', 'cancelled')),
    -- in cents VAT included, and the platform's fee on top
    amount          BIGINT NOT NULL,
    platform_fee    BIGINT NOT NULL,
    -- the live hold, renamed at each change
    hold_key        TEXT,
    version         BIGINT NOT NULL,
    captured_at     BIGINT,
    -- the member who collects this basket instead
    handed_to       TEXT REFERENCES members(id),
    PRIMARY KEY (subscription_id, distribution_id)
);
CREATE INDEX market_baskets_distribution ON market_baskets(distribution_id);

CREATE TABLE market_basket_lines (
    subscription_id TEXT NOT NULL,
    distribution_id TEXT NOT NULL,
    variant_id      TEXT NOT NULL,
    quantity        BIGINT NOT NULL CHECK (quantity > 0),
    unit_price      BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, distribution_id, variant_id)
);

-- The volunteers a distribution needs, per role.
CREATE TABLE market_roster_roles (
    id              TEXT PRIMARY KEY,
    distribution_id TEXT NOT NULL REFERENCES market_contract_distributions(id),
    name            TEXT NOT NULL,
    needed          BIGINT NOT NULL CHECK (needed > 0),
    UNIQUE (distribution_id, name)
);

CREATE TABLE market_roster_volunteers (
    role_id   TEXT NOT NULL REFERENCES market_roster_roles(id),
    member_id TEXT NOT NULL REFERENCES members(id),
    signed_at BIGINT NOT NULL,
    PRIMARY KEY (role_id, member_id)
);
