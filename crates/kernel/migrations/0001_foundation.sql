-- Portable DDL: the same statements run on SQLite and PostgreSQL.
-- Ids are UUIDv7 text, times are UTC milliseconds since the epoch (BIGINT),
-- flags are BIGINT 0/1 (the Any driver cannot read SQLite booleans).

CREATE TABLE members (
    id                 TEXT PRIMARY KEY,
    email              TEXT UNIQUE,
    email_confirmed_at BIGINT,
    password_hash      TEXT,
    display_name       TEXT NOT NULL,
    bio                TEXT NOT NULL DEFAULT '',
    locale             TEXT NOT NULL,
    time_zone          TEXT NOT NULL DEFAULT 'Europe/Paris',
    is_admin           BIGINT NOT NULL DEFAULT 0,
    created_at         BIGINT NOT NULL,
    erased_at          BIGINT
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    member_id    TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_member ON sessions(member_id);

CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY,
    member_id  TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX email_tokens_member ON email_tokens(member_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    member_id    TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_member ON api_tokens(member_id);

CREATE TABLE charter_versions (
    version    BIGINT PRIMARY KEY,
    sha256     TEXT NOT NULL,
    body_fr    TEXT NOT NULL,
    body_en    TEXT NOT NULL,
    adopted_at BIGINT NOT NULL
);

CREATE TABLE charter_acceptances (
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    version     BIGINT NOT NULL REFERENCES charter_versions(version),
    sha256      TEXT NOT NULL,
    accepted_at BIGINT NOT NULL,
    PRIMARY KEY (member_id, version)
);

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    siret       TEXT UNIQUE,
    address     TEXT NOT NULL DEFAULT '',
    latitude    DOUBLE PRECISION,
    longitude   DOUBLE PRECISION,
    description TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);

CREATE TABLE organisation_members (
    organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    member_id       TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    joined_at       BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, member_id)
);
CREATE INDEX organisation_members_member ON organisation_members(member_id);

CREATE TABLE collectives (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);

CREATE TABLE colleges (
    id            TEXT PRIMARY KEY,
    collective_id TEXT NOT NULL REFERENCES collectives(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    weight        BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    UNIQUE (collective_id, name)
);

-- A membership row outlives the membership (left_at) so history survives.
CREATE TABLE collective_members (
    collective_id TEXT NOT NULL REFERENCES collectives(id) ON DELETE CASCADE,
    member_id     TEXT NOT NULL REFERENCES members(id),
    role          TEXT NOT NULL,
    college_id    TEXT REFERENCES colleges(id) ON DELETE SET NULL,
    joined_at     BIGINT NOT NULL,
    left_at       BIGINT,
    PRIMARY KEY (collective_id, member_id)
);
CREATE INDEX collective_members_member ON collective_members(member_id);

CREATE TABLE join_requests (
    id            TEXT PRIMARY KEY,
    collective_id TEXT NOT NULL REFERENCES collectives(id) ON DELETE CASCADE,
    member_id     TEXT NOT NULL REFERENCES members(id),
    message       TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    decided_at    BIGINT,
    decided_by    TEXT REFERENCES members(id)
);
CREATE INDEX join_requests_collective ON join_requests(collective_id, status);

CREATE TABLE invitations (
    id            TEXT PRIMARY KEY,
    collective_id TEXT NOT NULL REFERENCES collectives(id) ON DELETE CASCADE,
    token_hash    TEXT NOT NULL UNIQUE,
    email         TEXT,
    created_by    TEXT NOT NULL REFERENCES members(id),
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    revoked_at    BIGINT,
    uses          BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX invitations_collective ON invitations(collective_id);

CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    dedupe_key   TEXT UNIQUE,
    run_at       BIGINT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    locked_by    TEXT,
    locked_until BIGINT,
    last_error   TEXT,
    done_at      BIGINT,
    failed_at    BIGINT,
    created_at   BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs(done_at, failed_at, run_at);

CREATE TABLE rate_limits (
    bucket       TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
