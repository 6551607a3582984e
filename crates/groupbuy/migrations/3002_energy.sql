-- Energy group purchases, as "cheaper energy together" campaigns run them:
-- households pre-register their yearly consumption without commitment; the
-- organiser collects suppliers' offers against a published specification,
-- ranked as a reverse auction by what they would cost the households
-- registered, and publishes the winning one; each household then decides
-- on its own, its saving estimated from its own consumption against a
-- reference tariff. No money moves here: each household contracts with
-- the supplier.

CREATE TABLE groupbuy_energy_campaigns (
    id                     TEXT PRIMARY KEY,
    title                  TEXT NOT NULL,
    description            TEXT NOT NULL,
    organiser_id           TEXT NOT NULL REFERENCES members(id),
    collective_id          TEXT REFERENCES collectives(id),
    energy                 TEXT NOT NULL CHECK (energy IN ('electricity', 'gas')),
    -- what every offer must meet, published
    specification          TEXT NOT NULL,
    registration_until     BIGINT NOT NULL,
    offers_until           BIGINT NOT NULL CHECK (offers_until >= registration_until),
    -- what households compare with (the regulated tariff, say): the price
    -- of a kWh in ten-thousandths of a euro, the subscription in cents a year
    reference_name         TEXT NOT NULL,
    reference_kwh_price    BIGINT NOT NULL CHECK (reference_kwh_price > 0),
    reference_subscription BIGINT NOT NULL CHECK (reference_subscription >= 0),
    winner_id              TEXT,
    published_at           BIGINT,
    created_at             BIGINT NOT NULL
);

CREATE TABLE groupbuy_energy_households (
    campaign_id TEXT NOT NULL REFERENCES groupbuy_energy_campaigns(id),
    member_id   TEXT NOT NULL REFERENCES members(id),
    yearly_kwh  BIGINT NOT NULL CHECK (yearly_kwh > 0),
    -- base or peak_offpeak (electricity), gas
    meter       TEXT NOT NULL CHECK (meter IN ('base', 'peak_offpeak', 'gas')),
    commune     TEXT NOT NULL,
    -- once the winning offer is published: each household's own choice
    decision    TEXT CHECK (decision IN ('subscribed', 'declined')),
    decided_at  BIGINT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, member_id)
);

CREATE TABLE groupbuy_energy_offers (
    id            TEXT PRIMARY KEY,
    campaign_id   TEXT NOT NULL REFERENCES groupbuy_energy_campaigns(id),
    supplier_name TEXT NOT NULL,
    -- 1: a supply of guaranteed renewable origin (a cooperative such as Enercoop)
    green         BIGINT NOT NULL,
    kwh_price     BIGINT NOT NULL CHECK (kwh_price > 0),
    subscription  BIGINT NOT NULL CHECK (subscription >= 0),
    note          TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX groupbuy_energy_offers_campaign ON groupbuy_energy_offers(campaign_id);
