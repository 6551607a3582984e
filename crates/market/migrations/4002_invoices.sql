-- Invoices: each seller's, numbered without gaps in its own series,
-- never deleted, corrected by credit notes. Everything an invoice states
-- is copied into it when it is issued, so that it never changes after.

-- Whom an order is invoiced to when a member buys for an organisation it
-- belongs to; NULL: the member.
ALTER TABLE market_orders ADD COLUMN bill_to TEXT REFERENCES organisations(id);

-- The last number of each seller's series.
CREATE TABLE market_invoice_series (
    seller_id   TEXT PRIMARY KEY REFERENCES market_sellers(organisation_id),
    last_number BIGINT NOT NULL CHECK (last_number >= 0)
);

CREATE TABLE market_invoices (
    id               TEXT PRIMARY KEY,
    seller_id        TEXT NOT NULL REFERENCES market_sellers(organisation_id),
    number           BIGINT NOT NULL CHECK (number > 0),
    kind             TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    -- the invoice a credit note corrects
    corrects         TEXT REFERENCES market_invoices(id),
    order_id         TEXT NOT NULL REFERENCES market_orders(id),
    issued_at        BIGINT NOT NULL,
    seller_name      TEXT NOT NULL,
    seller_siret     TEXT,
    -- NULL: under the VAT franchise (art. 293 B of the CGI)
    seller_vat       TEXT,
    seller_address   TEXT NOT NULL,
    buyer_id         TEXT NOT NULL REFERENCES members(id),
    buyer_name       TEXT NOT NULL,
    buyer_address    TEXT NOT NULL,
    -- set when the buyer is an organisation
    buyer_siret      TEXT,
    buyer_vat        TEXT,
    without_vat      BIGINT NOT NULL,
    vat              BIGINT NOT NULL,
    with_vat         BIGINT NOT NULL,
    rounding         BIGINT NOT NULL,
    -- what was paid (or, for a credit note, given back) from the wallet
    paid             BIGINT NOT NULL,
    UNIQUE (seller_id, number),
    CHECK ((kind = 'credit_note') = (corrects IS NOT NULL))
);
CREATE INDEX market_invoices_order ON market_invoices(order_id);
CREATE INDEX market_invoices_buyer ON market_invoices(buyer_id);

CREATE TABLE market_invoice_lines (
    invoice_id   TEXT NOT NULL REFERENCES market_invoices(id),
    position     BIGINT NOT NULL,
    description  TEXT NOT NULL,
    quantity     BIGINT NOT NULL CHECK (quantity > 0),
    -- without VAT, in cents: the line, and per unit in ten-thousandths of a euro
    net          BIGINT NOT NULL,
    unit_net     BIGINT NOT NULL,
    vat_rate     BIGINT NOT NULL,
    -- what was paid for it, VAT included
    paid         BIGINT NOT NULL,
    PRIMARY KEY (invoice_id, position)
);
