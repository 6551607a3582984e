-- What the modules build on: project groups, decisions that act,
-- notifications, members' skills and instance-wide settings.

-- A collective can be the group of a project: anyone who may see it joins
-- without asking, it is not listed in the directory, and it sits inside a
-- parent collective (NULL: the whole instance).
ALTER TABLE collectives ADD COLUMN parent_id TEXT REFERENCES collectives(id);
ALTER TABLE collectives ADD COLUMN is_project BIGINT NOT NULL DEFAULT 0;
-- Who may open a decision in it: 'members' or 'coordinators'.
ALTER TABLE collectives ADD COLUMN decision_openers TEXT NOT NULL DEFAULT 'members';

-- What a decision does when it passes (kernel::decisions::Effect, as JSON),
-- and, once done, what came of it (JSON).
ALTER TABLE decisions ADD COLUMN effect TEXT;
ALTER TABLE decisions ADD COLUMN effect_outcome TEXT;

-- Notifications: shown behind the bell, and mailed as the member chose
-- (delivery 'app', 'email' or 'digest'). `args` are the message's
-- arguments (JSON); `body` is an optional text quoted in the mail.
CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    member_id  TEXT NOT NULL REFERENCES members(id),
    kind       TEXT NOT NULL,
    args       TEXT NOT NULL,
    link       TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    delivery   TEXT NOT NULL,
    -- for list messages: where the recipient unsubscribes
    unsubscribe TEXT,
    created_at BIGINT NOT NULL,
    read_at    BIGINT,
    mailed_at  BIGINT
);
CREATE INDEX notifications_member ON notifications(member_id, read_at);
CREATE INDEX notifications_digest ON notifications(member_id, delivery, mailed_at);

CREATE TABLE notification_prefs (
    member_id TEXT NOT NULL REFERENCES members(id),
    kind      TEXT NOT NULL,
    delivery  TEXT NOT NULL,
    PRIMARY KEY (member_id, kind)
);

-- Skills members declare (codes of kernel::skills::Skill).
CREATE TABLE member_skills (
    member_id TEXT NOT NULL REFERENCES members(id),
    skill     TEXT NOT NULL,
    PRIMARY KEY (member_id, skill)
);
CREATE INDEX member_skills_skill ON member_skills(skill);

-- Settings of the whole instance that its administrators change at run time.
CREATE TABLE instance_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
