-- Collective decisions (kernel/src/decisions.rs; tallies in crates/vote).
CREATE TABLE decisions (
    id             TEXT PRIMARY KEY,
    collective_id  TEXT NOT NULL REFERENCES collectives(id),
    question       TEXT NOT NULL,
    context        TEXT NOT NULL,
    -- the method and its parameters (kernel::decisions::Method, as JSON)
    method         TEXT NOT NULL,
    -- the options, as a JSON array of {label, cost}
    options        TEXT NOT NULL,
    -- only this college votes; NULL: every member
    college_id     TEXT REFERENCES colleges(id),
    -- 1: colleges count with their weights
    weighted       BIGINT NOT NULL,
    -- 1: nobody can link a ballot to its voter from the stored data
    secret         BIGINT NOT NULL,
    quorum_percent BIGINT NOT NULL,
    opens_at       BIGINT NOT NULL,
    closes_at      BIGINT NOT NULL,
    created_by     TEXT NOT NULL REFERENCES members(id),
    created_at     BIGINT NOT NULL,
    -- the tally, as JSON, once closed
    result         TEXT,
    result_log_index BIGINT,
    closed_at      BIGINT
);
CREATE INDEX decisions_collective ON decisions(collective_id);

-- Who voted: for turnout and one ballot each. For a secret decision this is
-- all that links a member to the decision.
CREATE TABLE decision_voters (
    decision_id TEXT NOT NULL REFERENCES decisions(id),
    member_id   TEXT NOT NULL REFERENCES members(id),
    voted_at    BIGINT NOT NULL,
    PRIMARY KEY (decision_id, member_id)
);

-- The ballots. A public ballot names its voter; a secret one does not, and
-- is found again (to change it) only by the hash of a key its voter holds.
CREATE TABLE decision_ballots (
    id          TEXT PRIMARY KEY,
    decision_id TEXT NOT NULL REFERENCES decisions(id),
    member_id   TEXT REFERENCES members(id),
    key_hash    TEXT UNIQUE,
    -- the voter's college at voting time, for weighted results
    college_id  TEXT,
    ballot      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    receipt     TEXT NOT NULL,
    cast_at     BIGINT NOT NULL
);
CREATE INDEX decision_ballots_decision ON decision_ballots(decision_id);
CREATE UNIQUE INDEX decision_ballots_public ON decision_ballots(decision_id, member_id);
