-- Where the shop takes the money at collection, an order nobody came for
-- is paid all the same once its distribution is over (the goods were
-- prepared): when that happened. A late collection clears it.
ALTER TABLE market_orders ADD COLUMN uncollected_at BIGINT;
