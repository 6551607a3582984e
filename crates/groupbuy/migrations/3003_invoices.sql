-- The seller's invoice for a member's share, once settled (a seller here
-- as supplier only): market_invoices.id, no foreign key across modules.
ALTER TABLE groupbuy_baskets ADD COLUMN invoice_id TEXT;
