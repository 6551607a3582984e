-- Optional caps that close a cycle early, and the reminder mailed before
-- its close.
-- The most live orders, and the most turnover (the orders' totals, in
-- cents); NULL: no cap.
ALTER TABLE market_cycles ADD COLUMN max_orders BIGINT CHECK (max_orders IS NULL OR max_orders > 0);
ALTER TABLE market_cycles ADD COLUMN max_turnover BIGINT CHECK (max_turnover IS NULL OR max_turnover > 0);
-- Set with closed_at by the checkout that reached a cap.
ALTER TABLE market_cycles ADD COLUMN cap_reached_at BIGINT;
-- How many hours before the close members are reminded; 0: not at all.
ALTER TABLE market_cycles ADD COLUMN remind_hours BIGINT NOT NULL DEFAULT 24 CHECK (remind_hours >= 0);

-- The most of one variant the cycle's live orders take; NULL: no cap.
ALTER TABLE market_cycle_variants ADD COLUMN max_quantity BIGINT CHECK (max_quantity IS NULL OR max_quantity > 0);

-- Who was reminded of a cycle's close: each member at most once.
CREATE TABLE market_cycle_reminders (
    cycle_id  TEXT NOT NULL REFERENCES market_cycles(id),
    member_id TEXT NOT NULL REFERENCES members(id),
    sent_at   BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, member_id)
);
CREATE INDEX market_cycle_reminders_member ON market_cycle_reminders(member_id);
