-- Module 1: projects (crates/projects). A project's members, roles and
-- decisions are those of its group: a collective of the kernel with the
-- same id (collectives.is_project = 1). Portable DDL, as the kernel's.

CREATE TABLE projects (
    id             TEXT PRIMARY KEY REFERENCES collectives(id),
    -- the collective it was proposed in; NULL: the whole instance
    collective_id  TEXT REFERENCES collectives(id),
    title          TEXT NOT NULL,
    summary        TEXT NOT NULL,
    -- Markdown
    objectives     TEXT NOT NULL,
    place          TEXT NOT NULL,
    -- local dates, YYYY-MM-DD
    starts_on      TEXT,
    ends_on        TEXT,
    -- people wanted in all (0: no target)
    headcount      BIGINT NOT NULL,
    -- proposed, validated, active, completed, abandoned
    state          TEXT NOT NULL,
    state_at       BIGINT NOT NULL,
    -- the collective decision asked to validate it, if any
    validation_decision_id TEXT REFERENCES decisions(id),
    proposed_by    TEXT NOT NULL REFERENCES members(id),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX projects_collective ON projects(collective_id, state);

-- What the project needs: money (minor units), materials, places.
CREATE TABLE project_resources (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    kind       TEXT NOT NULL,
    label      TEXT NOT NULL,
    amount     BIGINT,
    position   BIGINT NOT NULL
);
CREATE INDEX project_resources_project ON project_resources(project_id);

-- Skills the project looks for (codes of kernel::skills::Skill).
CREATE TABLE project_skills (
    project_id TEXT NOT NULL REFERENCES projects(id),
    skill      TEXT NOT NULL,
    PRIMARY KEY (project_id, skill)
);
CREATE INDEX project_skills_skill ON project_skills(skill);

-- How a collective validates the projects proposed in it:
-- 'coordinators' (one of them validates) or 'decision' (a collective decision).
CREATE TABLE project_rules (
    collective_id TEXT PRIMARY KEY REFERENCES collectives(id),
    validation    TEXT NOT NULL
);

CREATE TABLE forum_threads (
    id           TEXT PRIMARY KEY,
    project_id   TEXT NOT NULL REFERENCES projects(id),
    title        TEXT NOT NULL,
    author_id    TEXT NOT NULL REFERENCES members(id),
    created_at   BIGINT NOT NULL,
    last_post_at BIGINT NOT NULL,
    locked_at    BIGINT,
    locked_by    TEXT REFERENCES members(id)
);
CREATE INDEX forum_threads_project ON forum_threads(project_id, last_post_at);

CREATE TABLE forum_posts (
    id         TEXT PRIMARY KEY,
    thread_id  TEXT NOT NULL REFERENCES forum_threads(id),
    author_id  TEXT NOT NULL REFERENCES members(id),
    -- Markdown, rendered with raw HTML escaped and unsafe links dropped
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at  BIGINT,
    hidden_at  BIGINT,
    hidden_by  TEXT REFERENCES members(id)
);
CREATE INDEX forum_posts_thread ON forum_posts(thread_id, created_at);

-- Events: times in UTC ms, shown and repeated in their own time zone.
CREATE TABLE events (
    id           TEXT PRIMARY KEY,
    project_id   TEXT NOT NULL REFERENCES projects(id),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    place        TEXT NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    time_zone    TEXT NOT NULL,
    -- RFC 5545 recurrence rule (the part after "RRULE:"), if it repeats
    rrule        TEXT,
    created_by   TEXT NOT NULL REFERENCES members(id),
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    -- RFC 5545 SEQUENCE: bumped by each change calendar apps must see
    sequence     BIGINT NOT NULL,
    cancelled_at BIGINT
);
CREATE INDEX events_project ON events(project_id, starts_at);

-- Who comes to which occurrence (its start, UTC ms): yes, maybe or no.
CREATE TABLE event_attendance (
    event_id      TEXT NOT NULL REFERENCES events(id),
    occurrence_at BIGINT NOT NULL,
    member_id     TEXT NOT NULL REFERENCES members(id),
    answer        TEXT NOT NULL,
    answered_at   BIGINT NOT NULL,
    PRIMARY KEY (event_id, occurrence_at, member_id)
);

-- The secret address of a member's subscription to a project's agenda
-- (only its hash is kept; a new one replaces the old).
CREATE TABLE calendar_feeds (
    token_hash TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    member_id  TEXT NOT NULL REFERENCES members(id),
    created_at BIGINT NOT NULL,
    UNIQUE (project_id, member_id)
);

CREATE TABLE tasks (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id),
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    -- todo, doing, done
    status      TEXT NOT NULL,
    due_on      TEXT,
    created_by  TEXT NOT NULL REFERENCES members(id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    done_at     BIGINT
);
CREATE INDEX tasks_project ON tasks(project_id, status);

CREATE TABLE task_assignees (
    task_id   TEXT NOT NULL REFERENCES tasks(id),
    member_id TEXT NOT NULL REFERENCES members(id),
    PRIMARY KEY (task_id, member_id)
);
CREATE INDEX task_assignees_member ON task_assignees(member_id);

-- The mailing list: what coordinators sent, and how each member receives it.
CREATE TABLE list_messages (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    author_id  TEXT NOT NULL REFERENCES members(id),
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    sent_at    BIGINT NOT NULL,
    recipients BIGINT NOT NULL
);
CREATE INDEX list_messages_project ON list_messages(project_id, sent_at);

CREATE TABLE list_subscriptions (
    project_id TEXT NOT NULL REFERENCES projects(id),
    member_id  TEXT NOT NULL REFERENCES members(id),
    -- each, digest or off
    mode       TEXT NOT NULL,
    -- in every mail's unsubscribe link (unsubscribing needs no sign-in)
    token      TEXT NOT NULL UNIQUE,
    PRIMARY KEY (project_id, member_id)
);
