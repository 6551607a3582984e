-- Crowdfunding campaigns: run by a member, alone or for a collective or a
-- project it coordinates (whose treasury is then paid). A minimum and an
-- optional optimum goal, a deadline, all-or-nothing or keep-what-you-raise.
-- Each member's pledge is one hold from its wallet into the campaign's
-- escrow, settled at the deadline by a durable job.

CREATE TABLE funding_campaigns (
    id             TEXT PRIMARY KEY,
    title          TEXT NOT NULL,
    summary        TEXT NOT NULL,
    description    TEXT NOT NULL,
    owner_id       TEXT NOT NULL REFERENCES members(id),
    -- run for a collective or a project its owner coordinates
    collective_id  TEXT REFERENCES collectives(id),
    -- in cents: the least to go ahead, and what would do everything planned
    minimum        BIGINT NOT NULL CHECK (minimum > 0),
    optimum        BIGINT CHECK (optimum IS NULL OR optimum >= minimum),
    deadline_at    BIGINT NOT NULL,
    -- 1: below the minimum at the deadline, every pledge is released
    all_or_nothing BIGINT NOT NULL,
    -- open (the clock says whether pledges are taken), then settling or
    -- failing while the settlement job goes through the pledges, then
    -- funded or failed
    state          TEXT NOT NULL CHECK (state IN ('open', 'settling', 'funded', 'failing', 'failed')),
    -- the fee rule frozen when it was launched
    fee_rate_bp    BIGINT NOT NULL,
    solidarity_bp  BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    settled_at     BIGINT
);
CREATE INDEX funding_campaigns_state ON funding_campaigns(state, deadline_at);

-- Reward tiers: what a backer gets for a pledge of at least `minimum`,
-- `stock` of them at most (none: no limit); `taken` counts the pledges
-- holding one, and never passes the stock.
CREATE TABLE funding_rewards (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES funding_campaigns(id),
    position    BIGINT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    minimum     BIGINT NOT NULL CHECK (minimum > 0),
    stock       BIGINT CHECK (stock IS NULL OR stock > 0),
    taken       BIGINT NOT NULL DEFAULT 0,
    CHECK (stock IS NULL OR taken <= stock),
    CHECK (taken >= 0)
);
CREATE INDEX funding_rewards_campaign ON funding_rewards(campaign_id, position);

-- One pledge per member and campaign, changed in place until the deadline.
CREATE TABLE funding_pledges (
    campaign_id  TEXT NOT NULL REFERENCES funding_campaigns(id),
    member_id    TEXT NOT NULL REFERENCES members(id),
    -- in cents, to the campaign; the fee is held on top
    amount       BIGINT NOT NULL CHECK (amount > 0),
    fee          BIGINT NOT NULL,
    reward_id    TEXT REFERENCES funding_rewards(id),
    hold_key     TEXT NOT NULL,
    -- 1: named in the backers list; 0: counted as anonymous
    public       BIGINT NOT NULL,
    -- 1: the campaign's updates are mailed to the backer
    mail_updates BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    -- once settled: captured (paid to the campaign) or released
    settled_at   BIGINT,
    outcome      TEXT CHECK (outcome IS NULL OR outcome IN ('captured', 'released')),
    charged_fee  BIGINT,
    charged_solidarity BIGINT,
    PRIMARY KEY (campaign_id, member_id)
);
CREATE INDEX funding_pledges_member ON funding_pledges(member_id);
CREATE INDEX funding_pledges_unsettled ON funding_pledges(campaign_id, settled_at);

-- What the campaign asks beside money: time, materials, skills, objects
-- lent (Goteo's tasks and loans), `needed` people or things.
CREATE TABLE funding_asks (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES funding_campaigns(id),
    position    BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('time', 'materials', 'skills', 'lend')),
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    needed      BIGINT NOT NULL CHECK (needed > 0)
);
CREATE INDEX funding_asks_campaign ON funding_asks(campaign_id, position);

-- A member's offer toward an ask, with a word for the campaign's runner.
CREATE TABLE funding_offers (
    ask_id      TEXT NOT NULL REFERENCES funding_asks(id),
    member_id   TEXT NOT NULL REFERENCES members(id),
    campaign_id TEXT NOT NULL REFERENCES funding_campaigns(id),
    note        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (ask_id, member_id)
);
CREATE INDEX funding_offers_member ON funding_offers(member_id);

-- The campaign's updates feed.
CREATE TABLE funding_updates (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES funding_campaigns(id),
    author_id   TEXT NOT NULL REFERENCES members(id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX funding_updates_campaign ON funding_updates(campaign_id, created_at);
