-- Nobody is added to an organisation without saying yes: an administrator
-- invites an address, and whoever holds it accepts. The public list of an
-- organisation's people shows only those who chose to appear on it.
ALTER TABLE organisation_members ADD COLUMN listed BIGINT NOT NULL DEFAULT 0;

CREATE TABLE organisation_invitations (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    token_hash      TEXT NOT NULL UNIQUE,
    email           TEXT NOT NULL,
    role            TEXT NOT NULL,
    invited_by      TEXT NOT NULL REFERENCES members(id),
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    accepted_at     BIGINT
);
CREATE INDEX organisation_invitations_email ON organisation_invitations(email);
