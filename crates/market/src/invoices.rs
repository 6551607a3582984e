//! Each seller's invoices. When an order's money is taken, every seller in
//! it invoices the buyer (or the organisation the buyer ordered for) for
//! its goods and its own fees, in the same transaction as the money. Each
//! seller has one series, numbered without gaps: the number is the
//! series' next, taken under the series' row lock, and an invoice is
//! written only right after the one before it, so no number is skipped
//! nor used twice even when orders are captured at once. An invoice is
//! never changed nor deleted: it copies everything it states when issued,
//! and a credit note corrects it.

use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::{AppError, MemberId};
use pricing::VatRate;
use pricing::invoice::{Paid, Totals, totals};
use serde::Serialize;
use sqlx::{AnyConnection, Row};
use utoipa::ToSchema;

use crate::orders::Order;
use crate::sellers;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Invoice {
    pub id: String,
    pub seller_id: String,
    /// Its place in the seller's series, from 1.
    pub number: i64,
    /// invoice or credit_note.
    pub kind: String,
    /// The invoice a credit note corrects.
    pub corrects: Option<String>,
    /// What it bills: an order, an AMAP basket (a subscription at a
    /// distribution), or the buyer's share of a group purchase.
    pub order_id: Option<String>,
    pub subscription_id: Option<String>,
    pub distribution_id: Option<String>,
    pub group_purchase_id: Option<String>,
    /// Milliseconds since the epoch.
    pub issued_at: i64,
    pub seller_name: String,
    pub seller_siret: Option<String>,
    /// None: under the VAT franchise (art. 293 B of the CGI).
    pub seller_vat: Option<String>,
    pub seller_address: String,
    pub buyer_id: String,
    pub buyer_name: String,
    pub buyer_address: String,
    /// Set when the buyer is an organisation.
    pub buyer_siret: Option<String>,
    pub buyer_vat: Option<String>,
    /// In cents.
    pub without_vat: i64,
    pub vat: i64,
    pub with_vat: i64,
    /// What was paid less `with_vat` (EN 16931's rounding amount).
    pub rounding: i64,
    /// What was paid from the wallet (given back, for a credit note).
    pub paid: i64,
    pub lines: Vec<InvoiceLine>,
    /// The VAT per rate.
    pub rates: Vec<InvoiceRate>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvoiceLine {
    pub description: String,
    pub quantity: i64,
    /// Without VAT, in ten-thousandths of a euro.
    pub unit_net: i64,
    /// Without VAT, in cents.
    pub net: i64,
    /// In hundredths of a percent.
    pub vat_rate: i64,
    /// What was paid for it, VAT included.
    pub paid: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvoiceRate {
    pub vat_rate: i64,
    pub taxable: i64,
    pub tax: i64,
}

impl Invoice {
    /// "000042": the number as printed, the same width in the series.
    pub fn reference(&self) -> String {
        format!("{:06}", self.number)
    }

    pub fn is_credit_note(&self) -> bool {
        self.kind == "credit_note"
    }

    /// What the invoice lists, each line's VAT group worked out again
    /// from its lines (they were written from these very totals).
    fn with_rates(mut self) -> Invoice {
        let mut rates: Vec<InvoiceRate> = Vec::new();
        for l in &self.lines {
            match rates.iter_mut().find(|r| r.vat_rate == l.vat_rate) {
                Some(r) => r.taxable += l.net,
                None => rates.push(InvoiceRate {
                    vat_rate: l.vat_rate,
                    taxable: l.net,
                    tax: 0,
                }),
            }
        }
        for r in &mut rates {
            r.tax = VatRate::new(r.vat_rate as u16)
                .map(|v| pricing::invoice::tax_on(r.taxable as u64, v) as i64)
                .unwrap_or(0);
        }
        rates.sort_by_key(|r| r.vat_rate);
        self.rates = rates;
        self
    }
}

/// A line to invoice: its text, how many, what was paid (VAT included,
/// in cents), at which rate (in hundredths of a percent).
pub struct ToInvoice {
    pub description: String,
    pub quantity: i64,
    pub paid: i64,
    pub vat_rate: i64,
}

/// How a variant reads on an invoice, whatever the reader's language:
/// "Tomates 500 g", "Œufs ×6".
pub(crate) fn described(product: &str, unit: &str, size: i64) -> String {
    match unit {
        "g" if size % 1000 == 0 => format!("{product} {} kg", size / 1000),
        "g" => format!("{product} {size} g"),
        "ml" if size % 1000 == 0 => format!("{product} {} l", size / 1000),
        "ml" if size % 10 == 0 => format!("{product} {} cl", size / 10),
        "ml" => format!("{product} {size} ml"),
        _ if size > 1 => format!("{product} ×{size}"),
        _ => product.to_owned(),
    }
}

/// Issues, in `tx`, each seller's invoice for an order whose money was just
/// taken: its goods, and the fees that go to it (its own, and the shop's
/// when the shop is that seller's). A seller invoices nothing for an order
/// holding nothing of its; a second call issues nothing.
pub async fn issue_for_order(
    tx: &mut Tx,
    order: &Order,
    shop_organisation: Option<&str>,
) -> Result<(), AppError> {
    let issued: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM market_invoices WHERE order_id = $1 AND kind = 'invoice'",
    )
    .bind(&order.id)
    .fetch_one(&mut **tx)
    .await?
    .try_get("n")?;
    if issued > 0 {
        return Ok(());
    }
    let mut sellers: Vec<&str> = order.lines.iter().map(|l| l.seller_id.as_str()).collect();
    sellers.sort_unstable();
    sellers.dedup();
    for seller in sellers {
        let mut lines: Vec<ToInvoice> = order
            .lines
            .iter()
            .filter(|l| l.seller_id == seller)
            .map(|l| ToInvoice {
                description: described(&l.product_name, &l.unit, l.size),
                quantity: l.quantity,
                paid: l.unit_price * l.quantity,
                vat_rate: l.vat_rate,
            })
            .collect();
        lines.extend(
            order
                .charges
                .iter()
                .filter(|c| c.amount > 0)
                .filter(|c| match &c.seller_id {
                    Some(s) => s == seller,
                    // A distributing hub is a collective: it invoices nothing.
                    None => c.hub_id.is_none() && shop_organisation == Some(seller),
                })
                .map(|c| ToInvoice {
                    description: c.name.clone(),
                    quantity: 1,
                    paid: c.amount,
                    vat_rate: c.vat_rate,
                }),
        );
        write(tx, seller, order, None, &lines).await?;
    }
    Ok(())
}

/// Issues, in `tx`, a seller's credit note correcting its invoice of an
/// order: what was given back, line by line.
pub(crate) async fn credit_note(
    tx: &mut Tx,
    order: &Order,
    seller: &str,
    lines: &[ToInvoice],
) -> Result<(), AppError> {
    let corrected: String = sqlx::query(
        "SELECT id FROM market_invoices WHERE order_id = $1 AND seller_id = $2 AND kind = 'invoice'",
    )
    .bind(&order.id)
    .bind(seller)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| AppError::Internal("a credit note without its invoice".into()))?
    .try_get("id")?;
    write(tx, seller, order, Some(&corrected), lines).await?;
    Ok(())
}

/// Takes the next number of a seller's series, under its row's lock.
async fn next_number(tx: &mut Tx, seller: &str) -> Result<i64, AppError> {
    sqlx::query(
        "INSERT INTO market_invoice_series (seller_id, last_number) VALUES ($1, 0) \
         ON CONFLICT (seller_id) DO NOTHING",
    )
    .bind(seller)
    .execute(&mut **tx)
    .await?;
    Ok(sqlx::query(
        "UPDATE market_invoice_series SET last_number = last_number + 1 \
         WHERE seller_id = $1 RETURNING last_number",
    )
    .bind(seller)
    .fetch_one(&mut **tx)
    .await?
    .try_get("last_number")?)
}

/// What an invoice bills.
#[derive(Clone, Copy)]
pub enum Billed<'a> {
    Order(&'a str),
    /// A subscription's basket at a distribution.
    Basket {
        subscription_id: &'a str,
        distribution_id: &'a str,
    },
    /// The buyer's share of a group purchase (module 3).
    GroupPurchase(&'a str),
}

/// An invoice as it is written, everything it states copied in.
pub struct NewInvoice<'a> {
    pub id: &'a str,
    pub seller: &'a sellers::Seller,
    pub number: i64,
    pub corrects: Option<&'a str>,
    pub billed: Billed<'a>,
    /// The member who bought (for an organisation: the one who ordered).
    pub buyer_id: &'a str,
    pub buyer: &'a Buyer,
    pub amounts: &'a Totals,
}

/// Writes an invoice, the only way one is: refused unless its number is
/// the first of the seller's series, or comes right after one written and
/// is not written yet — so no number is skipped nor used twice.
pub async fn insert_in_series(tx: &mut Tx, new: &NewInvoice<'_>) -> Result<(), AppError> {
    let done = sqlx::query(
        "INSERT INTO market_invoices (id, seller_id, number, kind, corrects, order_id, issued_at, \
           seller_name, seller_siret, seller_vat, seller_address, buyer_id, buyer_name, \
           buyer_address, buyer_siret, buyer_vat, without_vat, vat, with_vat, rounding, paid, \
           subscription_id, distribution_id, group_purchase_id) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
           $19, $20, $21, $22, $23, $24 \
         WHERE ($3 = 1 OR EXISTS (SELECT 1 FROM market_invoices WHERE seller_id = $2 AND number = $3 - 1)) \
           AND NOT EXISTS (SELECT 1 FROM market_invoices WHERE seller_id = $2 AND number = $3)",
    )
    .bind(new.id)
    .bind(&new.seller.id)
    .bind(new.number)
    .bind(if new.corrects.is_some() {
        "credit_note"
    } else {
        "invoice"
    })
    .bind(new.corrects)
    .bind(match new.billed {
        Billed::Order(id) => Some(id),
        _ => None,
    })
    .bind(now_ms())
    .bind(&new.seller.legal_name)
    .bind(&new.seller.siret)
    .bind(&new.seller.vat_number)
    .bind(&new.seller.address)
    .bind(new.buyer_id)
    .bind(&new.buyer.name)
    .bind(&new.buyer.address)
    .bind(&new.buyer.siret)
    .bind(&new.buyer.vat)
    .bind(new.amounts.without_vat as i64)
    .bind(new.amounts.vat as i64)
    .bind(new.amounts.with_vat as i64)
    .bind(new.amounts.rounding)
    .bind(new.amounts.paid as i64)
    .bind(match new.billed {
        Billed::Basket {
            subscription_id, ..
        } => Some(subscription_id),
        _ => None,
    })
    .bind(match new.billed {
        Billed::Basket {
            distribution_id, ..
        } => Some(distribution_id),
        _ => None,
    })
    .bind(match new.billed {
        Billed::GroupPurchase(id) => Some(id),
        _ => None,
    })
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Conflict("market-invoice-number-out-of-series"));
    }
    Ok(())
}

/// Issues one invoice (or, with `corrects`, a credit note) of a seller to
/// an order's buyer.
async fn write(
    tx: &mut Tx,
    seller_id: &str,
    order: &Order,
    corrects: Option<&str>,
    lines: &[ToInvoice],
) -> Result<String, AppError> {
    let buyer = buyer_of(&mut *tx, &order.id).await?;
    write_for(
        tx,
        seller_id,
        Billed::Order(&order.id),
        &order.buyer_id,
        &buyer,
        corrects,
        lines,
    )
    .await
}

/// Issues, in `tx`, the producer's invoice to the subscriber for a basket
/// whose money was just paid to it: the basket's products at their
/// season prices (the platform's fee, which goes to the platform, is not
/// the producer's to invoice). A basket already invoiced issues nothing.
pub(crate) async fn issue_for_basket(
    tx: &mut Tx,
    seller_id: &str,
    subscription_id: &str,
    distribution_id: &str,
    subscriber: &str,
    lines: &[ToInvoice],
) -> Result<(), AppError> {
    let issued = sqlx::query(
        "SELECT 1 AS one FROM market_invoices WHERE subscription_id = $1 AND distribution_id = $2 \
         AND kind = 'invoice'",
    )
    .bind(subscription_id)
    .bind(distribution_id)
    .fetch_optional(&mut **tx)
    .await?;
    if issued.is_some() || lines.is_empty() {
        return Ok(());
    }
    // A subscription is the member's own: it is invoiced to the member.
    let buyer = member_buyer(tx, subscriber).await?;
    write_for(
        tx,
        seller_id,
        Billed::Basket {
            subscription_id,
            distribution_id,
        },
        subscriber,
        &buyer,
        None,
        lines,
    )
    .await?;
    Ok(())
}

/// Issues, in `tx`, a seller's invoice to a member for its share of a group
/// purchase whose money was just paid to the seller: the goods allocated
/// to it at the final prices (the platform's fee, which goes to the
/// platform, is not the seller's to invoice). Returns the invoice's id:
/// the one issued before, if any, so that a settlement run again issues
/// nothing more.
pub async fn issue_for_group_purchase(
    tx: &mut Tx,
    seller_id: &str,
    purchase_id: &str,
    buyer_id: &str,
    lines: &[ToInvoice],
) -> Result<Option<String>, AppError> {
    let issued = sqlx::query(
        "SELECT id FROM market_invoices WHERE group_purchase_id = $1 AND buyer_id = $2 \
         AND kind = 'invoice'",
    )
    .bind(purchase_id)
    .bind(buyer_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(issued) = issued {
        return Ok(Some(issued.try_get("id")?));
    }
    if lines.is_empty() {
        return Ok(None);
    }
    // A share of a group purchase is the member's own, as a subscription is.
    let buyer = member_buyer(tx, buyer_id).await?;
    let id = write_for(
        tx,
        seller_id,
        Billed::GroupPurchase(purchase_id),
        buyer_id,
        &buyer,
        None,
        lines,
    )
    .await?;
    Ok(Some(id))
}

/// A member invoiced in its own name.
async fn member_buyer(tx: &mut Tx, member: &str) -> Result<Buyer, AppError> {
    let name: String = sqlx::query("SELECT display_name FROM members WHERE id = $1")
        .bind(member)
        .fetch_one(&mut **tx)
        .await?
        .try_get("display_name")?;
    Ok(Buyer {
        name,
        address: String::new(),
        siret: None,
        vat: None,
    })
}

/// Writes an invoice (or a credit note) in the seller's series, and its
/// lines, the amounts worked out as EN 16931 does.
async fn write_for(
    tx: &mut Tx,
    seller_id: &str,
    billed: Billed<'_>,
    buyer_id: &str,
    buyer: &Buyer,
    corrects: Option<&str>,
    lines: &[ToInvoice],
) -> Result<String, AppError> {
    let seller = sellers::get_in(&mut *tx, seller_id).await?;
    let amounts = totals(
        &lines
            .iter()
            .map(|l| {
                Ok(Paid {
                    amount: u64::try_from(l.paid)
                        .map_err(|_| AppError::Internal("a negative line".into()))?,
                    vat: VatRate::new(l.vat_rate as u16)
                        .map_err(|_| AppError::Internal("an unknown VAT rate".into()))?,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?,
    );
    let id = new_id();
    let number = next_number(tx, seller_id).await?;
    insert_in_series(
        tx,
        &NewInvoice {
            id: &id,
            seller: &seller,
            number,
            corrects,
            billed,
            buyer_id,
            buyer,
            amounts: &amounts,
        },
    )
    .await?;
    for (position, (line, net)) in lines.iter().zip(&amounts.net).enumerate() {
        let net = *net as i64;
        sqlx::query(
            "INSERT INTO market_invoice_lines \
               (invoice_id, position, description, quantity, net, unit_net, vat_rate, paid) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(position as i64)
        .bind(&line.description)
        .bind(line.quantity)
        .bind(net)
        // Cents to ten-thousandths of a euro, per unit, rounded half up.
        .bind((net * 100 + line.quantity / 2) / line.quantity)
        .bind(line.vat_rate)
        .bind(line.paid)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// Whom an order is invoiced to: the organisation it was placed for, or
/// the member.
pub struct Buyer {
    pub name: String,
    pub address: String,
    pub siret: Option<String>,
    pub vat: Option<String>,
}

async fn buyer_of(conn: &mut AnyConnection, order_id: &str) -> Result<Buyer, AppError> {
    let r = sqlx::query(
        "SELECT m.display_name, o.name AS org_name, o.siret, o.address, s.vat_number \
         FROM market_orders mo JOIN members m ON m.id = mo.buyer_id \
         LEFT JOIN organisations o ON o.id = mo.bill_to \
         LEFT JOIN market_sellers s ON s.organisation_id = mo.bill_to \
         WHERE mo.id = $1",
    )
    .bind(order_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(match r.try_get::<Option<String>, _>("org_name")? {
        Some(name) => Buyer {
            name,
            address: r
                .try_get::<Option<String>, _>("address")?
                .unwrap_or_default(),
            siret: r.try_get("siret")?,
            vat: r.try_get("vat_number")?,
        },
        None => Buyer {
            name: r.try_get("display_name")?,
            address: String::new(),
            siret: None,
            vat: None,
        },
    })
}

const INVOICE_COLUMNS: &str = "id, seller_id, number, kind, corrects, order_id, subscription_id, \
     distribution_id, group_purchase_id, issued_at, \
     seller_name, seller_siret, seller_vat, seller_address, buyer_id, buyer_name, buyer_address, \
     buyer_siret, buyer_vat, without_vat, vat, with_vat, rounding, paid";

fn invoice_from(r: &sqlx::any::AnyRow) -> Result<Invoice, sqlx::Error> {
    Ok(Invoice {
        id: r.try_get("id")?,
        seller_id: r.try_get("seller_id")?,
        number: r.try_get("number")?,
        kind: r.try_get("kind")?,
        corrects: r.try_get("corrects")?,
        order_id: r.try_get("order_id")?,
        subscription_id: r.try_get("subscription_id")?,
        distribution_id: r.try_get("distribution_id")?,
        group_purchase_id: r.try_get("group_purchase_id")?,
        issued_at: r.try_get("issued_at")?,
        seller_name: r.try_get("seller_name")?,
        seller_siret: r.try_get("seller_siret")?,
        seller_vat: r.try_get("seller_vat")?,
        seller_address: r.try_get("seller_address")?,
        buyer_id: r.try_get("buyer_id")?,
        buyer_name: r.try_get("buyer_name")?,
        buyer_address: r.try_get("buyer_address")?,
        buyer_siret: r.try_get("buyer_siret")?,
        buyer_vat: r.try_get("buyer_vat")?,
        without_vat: r.try_get("without_vat")?,
        vat: r.try_get("vat")?,
        with_vat: r.try_get("with_vat")?,
        rounding: r.try_get("rounding")?,
        paid: r.try_get("paid")?,
        lines: Vec::new(),
        rates: Vec::new(),
    })
}

async fn with_lines(db: &Db, mut invoice: Invoice) -> Result<Invoice, AppError> {
    for r in sqlx::query(
        "SELECT description, quantity, unit_net, net, vat_rate, paid FROM market_invoice_lines \
         WHERE invoice_id = $1 ORDER BY position",
    )
    .bind(&invoice.id)
    .fetch_all(db.pool())
    .await?
    {
        invoice.lines.push(InvoiceLine {
            description: r.try_get("description")?,
            quantity: r.try_get("quantity")?,
            unit_net: r.try_get("unit_net")?,
            net: r.try_get("net")?,
            vat_rate: r.try_get("vat_rate")?,
            paid: r.try_get("paid")?,
        });
    }
    Ok(invoice.with_rates())
}

/// An invoice, for its buyer or its seller's administrators; anyone else
/// is told there is none.
pub async fn get(db: &Db, member: &MemberId, id: &str) -> Result<Invoice, AppError> {
    let sql = format!("SELECT {INVOICE_COLUMNS} FROM market_invoices WHERE id = $1");
    let invoice = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(invoice_from)
        .transpose()?
        .ok_or(AppError::NotFound)?;
    if invoice.buyer_id != member.as_str()
        && sellers::require_admin(db, &invoice.seller_id, member)
            .await
            .is_err()
    {
        return Err(AppError::NotFound);
    }
    with_lines(db, invoice).await
}

/// The invoices of an order its buyer sees, without their lines.
pub async fn of_order(db: &Db, order_id: &str) -> Result<Vec<Invoice>, AppError> {
    let sql = format!(
        "SELECT {INVOICE_COLUMNS} FROM market_invoices WHERE order_id = $1 ORDER BY seller_name, number"
    );
    Ok(sqlx::query(&sql)
        .bind(order_id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(invoice_from)
        .collect::<Result<_, _>>()?)
}

/// A seller's series, latest first, for its administrators.
pub async fn of_seller(
    db: &Db,
    member: &MemberId,
    seller_id: &str,
) -> Result<Vec<Invoice>, AppError> {
    sellers::require_admin(db, seller_id, member).await?;
    let sql = format!(
        "SELECT {INVOICE_COLUMNS} FROM market_invoices WHERE seller_id = $1 ORDER BY number DESC"
    );
    Ok(sqlx::query(&sql)
        .bind(seller_id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(invoice_from)
        .collect::<Result<_, _>>()?)
}

/// The invoices of an order, for its buyer; anyone else is told there is
/// no such order.
pub async fn of_order_for(
    db: &Db,
    member: &MemberId,
    order_id: &str,
) -> Result<Vec<Invoice>, AppError> {
    let buyer: Option<String> = sqlx::query("SELECT buyer_id FROM market_orders WHERE id = $1")
        .bind(order_id)
        .fetch_optional(db.pool())
        .await?
        .map(|r| r.try_get("buyer_id"))
        .transpose()?;
    if buyer.as_deref() != Some(member.as_str()) {
        return Err(AppError::NotFound);
    }
    of_order(db, order_id).await
}

/// An invoice as its Factur-X PDF, for those who may read it, in `tr`'s
/// language; and the file's name.
pub async fn pdf(
    db: &Db,
    member: &MemberId,
    id: &str,
    tr: &kernel::i18n::Tr,
) -> Result<(Vec<u8>, String), AppError> {
    let invoice = get(db, member, id).await?;
    let preceding = match &invoice.corrects {
        Some(corrected) => Some(
            sqlx::query("SELECT number FROM market_invoices WHERE id = $1")
                .bind(corrected)
                .fetch_one(db.pool())
                .await?
                .try_get::<i64, _>("number")
                .map(|n| format!("{n:06}"))?,
        ),
        None => None,
    };
    let file = crate::invoice_pdf::render(&invoice, tr, preceding.as_deref())?;
    let name = format!(
        "{}-{}.pdf",
        if invoice.is_credit_note() {
            "avoir"
        } else {
            "facture"
        },
        invoice.reference()
    );
    Ok((file, name))
}

/// A PDF sent as a download.
pub fn pdf_response((file, name): (Vec<u8>, String)) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        file,
    )
        .into_response()
}

/// Every invoice and credit note a member received, with their lines: its
/// part of the personal-data export.
pub async fn of_buyer(db: &Db, member: &MemberId) -> Result<Vec<Invoice>, AppError> {
    let sql = format!(
        "SELECT {INVOICE_COLUMNS} FROM market_invoices WHERE buyer_id = $1 ORDER BY issued_at, seller_id, number"
    );
    let mut out = Vec::new();
    for r in sqlx::query(&sql).bind(member).fetch_all(db.pool()).await? {
        out.push(with_lines(db, invoice_from(&r)?).await?);
    }
    Ok(out)
}
