-- Distribution: what was handed over in place of an ordered item that was
-- not there. A line is replaced once, by one product of the same producer
-- at the same VAT rate; when the replacement is worth less, the difference
-- was refunded (replacement_refund, in cents).
ALTER TABLE market_order_lines ADD COLUMN replaced BIGINT NOT NULL DEFAULT 0;
ALTER TABLE market_order_lines ADD COLUMN replacement_variant_id TEXT REFERENCES market_variants(id);
ALTER TABLE market_order_lines ADD COLUMN replacement_name TEXT;
ALTER TABLE market_order_lines ADD COLUMN replacement_quantity BIGINT;
ALTER TABLE market_order_lines ADD COLUMN replacement_refund BIGINT NOT NULL DEFAULT 0;
