-- An invoice may also bill a member's share of a group purchase (module 3)
-- whose supplier is a seller here: exactly one of an order, an AMAP basket
-- or a group purchase. The CHECK cannot change in place on SQLite, so the
-- two invoice tables are rebuilt as in 4007: the old ones renamed (their
-- foreign keys follow them), the new ones created and filled with every
-- row as it was, then the old ones dropped. Numbers, series and lines are
-- copied unchanged, so the series keep their numbers without a gap.

ALTER TABLE market_invoice_lines RENAME TO market_invoice_lines_old;
ALTER TABLE market_invoices RENAME TO market_invoices_old;
DROP INDEX market_invoices_order;
DROP INDEX market_invoices_buyer;
DROP INDEX market_invoices_basket;

CREATE TABLE market_invoices (
    id                 TEXT PRIMARY KEY,
    seller_id          TEXT NOT NULL REFERENCES market_sellers(organisation_id),
    number             BIGINT NOT NULL CHECK (number > 0),
    kind               TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    -- the invoice a credit note corrects
    corrects           TEXT REFERENCES market_invoices(id),
    -- what it bills: an order, a subscription's basket at a distribution,
    -- or the buyer's share of a group purchase (groupbuy_purchases.id)
    order_id           TEXT REFERENCES market_orders(id),
    subscription_id    TEXT,
    distribution_id    TEXT,
    group_purchase_id  TEXT,
    issued_at          BIGINT NOT NULL,
    seller_name        TEXT NOT NULL,
    seller_siret       TEXT,
    -- NULL: under the VAT franchise (art. 293 B of the CGI)
    seller_vat         TEXT,
    seller_address     TEXT NOT NULL,
    buyer_id           TEXT NOT NULL REFERENCES members(id),
    buyer_name         TEXT NOT NULL,
    buyer_address      TEXT NOT NULL,
    -- set when the buyer is an organisation
    buyer_siret        TEXT,
    buyer_vat          TEXT,
    without_vat        BIGINT NOT NULL,
    vat                BIGINT NOT NULL,
    with_vat           BIGINT NOT NULL,
    rounding           BIGINT NOT NULL,
    -- what was paid (or, for a credit note, given back) from the wallet
    paid               BIGINT NOT NULL,
    UNIQUE (seller_id, number),
    FOREIGN KEY (subscription_id, distribution_id) REFERENCES market_baskets(subscription_id, distribution_id),
    CHECK ((kind = 'credit_note') = (corrects IS NOT NULL)),
    CHECK ((CASE WHEN order_id IS NULL THEN 0 ELSE 1 END)
         + (CASE WHEN subscription_id IS NULL THEN 0 ELSE 1 END)
         + (CASE WHEN group_purchase_id IS NULL THEN 0 ELSE 1 END) = 1),
    CHECK ((subscription_id IS NULL) = (distribution_id IS NULL))
);
INSERT INTO market_invoices (id, seller_id, number, kind, corrects, order_id, subscription_id,
    distribution_id, issued_at, seller_name, seller_siret, seller_vat, seller_address, buyer_id,
    buyer_name, buyer_address, buyer_siret, buyer_vat, without_vat, vat, with_vat, rounding, paid)
SELECT id, seller_id, number, kind, corrects, order_id, subscription_id,
    distribution_id, issued_at, seller_name, seller_siret, seller_vat, seller_address, buyer_id,
    buyer_name, buyer_address, buyer_siret, buyer_vat, without_vat, vat, with_vat, rounding, paid
FROM market_invoices_old;
CREATE INDEX market_invoices_order ON market_invoices(order_id);
CREATE INDEX market_invoices_buyer ON market_invoices(buyer_id);
-- One invoice per basket, and per member and group purchase: a job run
-- twice issues nothing more.
CREATE UNIQUE INDEX market_invoices_basket ON market_invoices(subscription_id, distribution_id)
    WHERE kind = 'invoice';
CREATE UNIQUE INDEX market_invoices_group_purchase ON market_invoices(group_purchase_id, buyer_id)
    WHERE kind = 'invoice';

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
INSERT INTO market_invoice_lines (invoice_id, position, description, quantity, net, unit_net, vat_rate, paid)
SELECT invoice_id, position, description, quantity, net, unit_net, vat_rate, paid
FROM market_invoice_lines_old;

DROP TABLE market_invoice_lines_old;
DROP TABLE market_invoices_old;
