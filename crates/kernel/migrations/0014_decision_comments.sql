-- A decision's discussion: comments in Markdown by members of its
-- collective, a reply pointing at the comment it answers (always a first
-- comment: the discussion is two levels deep, as Loomio's). An edited
-- comment says when; a hidden one (by a coordinator, or emptied when its
-- author's data is erased) stays in place, marked.
CREATE TABLE decision_comments (
    id          TEXT PRIMARY KEY,
    decision_id TEXT NOT NULL REFERENCES decisions(id),
    author_id   TEXT NOT NULL REFERENCES members(id),
    reply_to    TEXT REFERENCES decision_comments(id),
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    edited_at   BIGINT,
    hidden_at   BIGINT
);
CREATE INDEX decision_comments_decision ON decision_comments(decision_id, created_at);
CREATE INDEX decision_comments_author ON decision_comments(author_id);
