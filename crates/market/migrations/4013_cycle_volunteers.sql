-- The members who hand a cycle's orders over at its distribution, besides
-- those who run the shop: they see its distribution sheet and check orders
-- off, record what was missing or replaced and give what is left. A
-- volunteer taken off by those who run the shop stays recorded as such
-- (removed_at), so that it cannot sign up again by itself.
CREATE TABLE market_cycle_volunteers (
    cycle_id   TEXT NOT NULL REFERENCES market_cycles(id),
    member_id  TEXT NOT NULL REFERENCES members(id),
    signed_at  BIGINT NOT NULL,
    removed_at BIGINT,
    removed_by TEXT REFERENCES members(id),
    PRIMARY KEY (cycle_id, member_id)
);
CREATE INDEX market_cycle_volunteers_member ON market_cycle_volunteers(member_id);
