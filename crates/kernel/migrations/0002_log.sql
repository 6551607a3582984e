-- The transparency log (RFC 9162). Entries are canonical JSON of public
-- events, without personal data; nodes are the hashes of complete subtrees,
-- keyed by level * 2^56 + index at that level (see kernel::log).
CREATE TABLE log_head (
    id   BIGINT PRIMARY KEY,
    size BIGINT NOT NULL
);
INSERT INTO log_head (id, size) VALUES (1, 0);

CREATE TABLE log_entries (
    idx        BIGINT PRIMARY KEY,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE log_nodes (
    node BIGINT PRIMARY KEY,
    hash TEXT NOT NULL
);
