-- How far each member has read each thread: the creation time of the
-- latest post it was shown. Posts by others after that are new to it.
CREATE TABLE forum_reads (
    member_id  TEXT NOT NULL REFERENCES members(id),
    thread_id  TEXT NOT NULL REFERENCES forum_threads(id),
    read_up_to BIGINT NOT NULL,
    PRIMARY KEY (member_id, thread_id)
);

-- Whoever wrote in a thread had read it up to its own latest post.
INSERT INTO forum_reads (member_id, thread_id, read_up_to)
SELECT author_id, thread_id, MAX(created_at) FROM forum_posts GROUP BY author_id, thread_id;
