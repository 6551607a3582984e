-- The members who hand a cycle's orders over at its distribution, besides
-- those who run the shop: they see its distribution sheet and check orders
-- off, record what was missing or replaced and give what is left.
CREATE TABLE market_cycle_volunteers (
    cycle_id  TEXT NOT NULL REFERENCES market_cycles(id),
    member_id TEXT NOT NULL REFERENCES members(id),
    signed_at BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, member_id)
);
CREATE INDEX market_cycle_volunteers_member ON market_cycle_volunteers(member_id);
