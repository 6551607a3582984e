//! What a settled purchase orders. The supplier's order: for each pickup
//! point, the quantities of each product to deliver there, with their
//! final prices (as PDF and CSV, mailed to the supplier by a durable job
//! once the purchase is settled). And the pickup lists: at each point, who
//! collects what, in order of names, for the volunteers who hand it over.
//!
//! The organiser and the proposing collective's coordinators see both; the
//! member seller's administrators see the order, which names no member.

use askama::Template;
use kernel::db::Db;
use kernel::i18n::Tr;
use kernel::mail::{Attachment, Mail};
use kernel::{AppError, AppState, MemberId};
use serde::Serialize;
use sqlx::Row;
use utoipa::ToSchema;

use crate::purchases::{self, Pickup, Purchase};

pub const JOB_MAIL: &str = "groupbuy.order_mail";

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SupplierOrder {
    pub purchase_id: String,
    pub title: String,
    pub supplier_name: String,
    pub pickups: Vec<PickupOrder>,
    /// Every product, all pickup points together.
    pub total: Vec<OrderLine>,
    /// What the supplier is paid, in cents.
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PickupOrder {
    pub pickup: Pickup,
    pub lines: Vec<OrderLine>,
    /// Who collects what here, by name (empty for the supplier).
    pub collectors: Vec<Collector>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = GroupOrderLine)]
pub struct OrderLine {
    pub product_name: String,
    pub unit: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Collector {
    pub name: String,
    pub lines: Vec<CollectorLine>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CollectorLine {
    pub product_name: String,
    pub unit: String,
    pub quantity: i64,
}

/// Who is asking, and so what it sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The organiser or a coordinator of the proposing collective: the
    /// order and the pickup lists.
    Organiser,
    /// An administrator of the member seller: the order only.
    Supplier,
}

/// What `member` may read of the purchase's order; refused to anyone else.
pub async fn reader(db: &Db, purchase: &Purchase, member: &MemberId) -> Result<Reader, AppError> {
    let collective = purchase.collective_id.as_deref();
    if kernel::collectives::runs(db, &purchase.organiser_id, collective, member).await? {
        return Ok(Reader::Organiser);
    }
    if let Some(org) = &purchase.supplier_id
        && market::sellers::require_admin(db, org, member)
            .await
            .is_ok()
    {
        return Ok(Reader::Supplier);
    }
    Err(AppError::Forbidden)
}

/// The order of a settled purchase, as `reader` sees it.
pub async fn of_purchase(
    db: &Db,
    purchase: &Purchase,
    reader: Reader,
) -> Result<SupplierOrder, AppError> {
    if purchase.state != "settled" {
        return Err(AppError::Conflict("groupbuy-not-settled"));
    }
    let rows = sqlx::query(
        "SELECT c.product_id, c.allocated, b.pickup_id, m.display_name, c.member_id \
         FROM groupbuy_commitments c \
         JOIN groupbuy_baskets b ON b.purchase_id = c.purchase_id AND b.member_id = c.member_id \
         JOIN members m ON m.id = c.member_id \
         WHERE c.purchase_id = $1 AND c.allocated > 0 \
         ORDER BY m.display_name, c.member_id",
    )
    .bind(&purchase.id)
    .fetch_all(db.pool())
    .await?;
    let price = |product: &purchases::Product| product.final_price.unwrap_or(product.unit_price);
    let line = |product: &purchases::Product, quantity: i64| OrderLine {
        product_name: product.name.clone(),
        unit: product.unit.clone(),
        quantity,
        unit_price: price(product),
        amount: quantity * price(product),
    };
    let mut pickups = Vec::new();
    for pickup in &purchase.pickups {
        let here: Vec<&sqlx::any::AnyRow> = rows
            .iter()
            .filter(|r| r.try_get::<String, _>("pickup_id").ok().as_deref() == Some(&pickup.id))
            .collect();
        if here.is_empty() {
            continue;
        }
        let mut lines = Vec::new();
        for product in &purchase.products {
            let mut quantity = 0;
            for r in &here {
                if r.try_get::<String, _>("product_id")? == product.id {
                    quantity += r.try_get::<i64, _>("allocated")?;
                }
            }
            if quantity > 0 {
                lines.push(line(product, quantity));
            }
        }
        let mut collectors: Vec<Collector> = Vec::new();
        let mut last_member = String::new();
        if reader == Reader::Organiser {
            for r in &here {
                let member: String = r.try_get("member_id")?;
                if member != last_member {
                    collectors.push(Collector {
                        name: r.try_get("display_name")?,
                        lines: Vec::new(),
                    });
                    last_member = member;
                }
                let product_id: String = r.try_get("product_id")?;
                if let (Some(product), Some(c)) =
                    (purchase.product(&product_id), collectors.last_mut())
                {
                    c.lines.push(CollectorLine {
                        product_name: product.name.clone(),
                        unit: product.unit.clone(),
                        quantity: r.try_get("allocated")?,
                    });
                }
            }
        }
        pickups.push(PickupOrder {
            pickup: pickup.clone(),
            lines,
            collectors,
        });
    }
    let total: Vec<OrderLine> = purchase
        .products
        .iter()
        .filter_map(|p| p.final_ordered.filter(|q| *q > 0).map(|q| line(p, q)))
        .collect();
    Ok(SupplierOrder {
        purchase_id: purchase.id.clone(),
        title: purchase.title.clone(),
        supplier_name: purchase.supplier_name.clone(),
        amount: total.iter().map(|l| l.amount).sum(),
        pickups,
        total,
    })
}

/// Cents as a CSV writes them: `12.50`.
fn decimal(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// The order as CSV: one line per pickup point and product.
pub fn csv(order: &SupplierOrder, tr: &Tr) -> Result<Vec<u8>, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(format!("CSV: {e}"));
    out.write_record([
        "pickup_commune",
        "pickup_place",
        "product",
        "unit",
        "quantity",
        "unit_price",
        "amount",
    ])
    .map_err(fail)?;
    for at in &order.pickups {
        for l in &at.lines {
            // What the organiser typed, defused for spreadsheets.
            let text = market::catalogue_csv::text_cell;
            out.write_record([
                text(&at.pickup.commune).as_str(),
                text(&at.pickup.place).as_str(),
                text(&l.product_name).as_str(),
                tr.t(&format!("groupbuy-unit-{}", l.unit)).as_str(),
                l.quantity.to_string().as_str(),
                decimal(l.unit_price).as_str(),
                decimal(l.amount).as_str(),
            ])
            .map_err(fail)?;
        }
    }
    out.into_inner()
        .map_err(|e| AppError::Internal(format!("CSV: {e}")))
}

/// The order as PDF: the totals, then each pickup point's quantities, and
/// for an organiser each point's pickup list.
pub fn pdf(order: &SupplierOrder, tr: &Tr) -> Result<Vec<u8>, AppError> {
    use market::pdf::{Layout, MARGIN, WIDTH};
    let money = |cents: i64| kernel::l10n::money(tr.lang, cents, "EUR");
    let unit = |u: &str| tr.t(&format!("groupbuy-unit-{u}"));
    let right = WIDTH - MARGIN;
    let mut l = Layout::new()?;
    l.y += 16.0;
    l.text(
        MARGIN,
        16.0,
        true,
        &tr.t1("groupbuy-order-title", "name", &order.title),
    );
    l.y += 16.0;
    l.text(MARGIN, 11.0, false, &order.supplier_name);
    let table = |l: &mut Layout, heading: &str, lines: &[OrderLine]| {
        l.room(40.0);
        l.y += 22.0;
        l.text(MARGIN, 11.0, true, heading);
        l.rule();
        for line in lines {
            l.room(14.0);
            l.y += 14.0;
            l.text(MARGIN, 10.0, false, &line.product_name);
            l.text(
                MARGIN + 250.0,
                10.0,
                true,
                &format!("{} {}", line.quantity, unit(&line.unit)),
            );
            l.text(
                MARGIN + 330.0,
                10.0,
                false,
                &format!("{}/{}", money(line.unit_price), unit(&line.unit)),
            );
            l.right(right, 10.0, false, &money(line.amount));
        }
    };
    table(&mut l, &tr.t("groupbuy-order-total"), &order.total);
    l.room(16.0);
    l.y += 16.0;
    l.right(right, 11.0, true, &money(order.amount));
    for at in &order.pickups {
        let heading = format!(
            "{} — {} {}",
            at.pickup.commune, at.pickup.place, at.pickup.hours
        );
        table(&mut l, heading.trim(), &at.lines);
        if !at.collectors.is_empty() {
            l.room(30.0);
            l.y += 18.0;
            l.text(MARGIN, 10.0, true, &tr.t("groupbuy-pickup-list"));
            for c in &at.collectors {
                let what: Vec<String> = c
                    .lines
                    .iter()
                    .map(|x| format!("{} {} {}", x.quantity, unit(&x.unit), x.product_name))
                    .collect();
                l.paragraph(
                    MARGIN,
                    right - MARGIN,
                    9.5,
                    false,
                    &format!("☐ {} — {}", c.name, what.join(", ")),
                );
            }
        }
    }
    market::pdf::render(&l)
}

#[derive(Template)]
#[template(path = "groupbuy/order_mail.txt")]
struct OrderMail<'a> {
    tr: &'a Tr,
    order: &'a SupplierOrder,
    link: String,
}

/// Mails the supplier its order, PDF and CSV attached: an outside
/// supplier at its address, a member seller's administrators at theirs.
/// The job runs once the purchase is settled.
pub async fn mail_supplier(state: &AppState, purchase_id: &str) -> Result<(), AppError> {
    let db = &state.db;
    let purchase = purchases::get(db, purchase_id).await?;
    let organiser =
        kernel::members::get(db, &MemberId::from(purchase.organiser_id.clone())).await?;
    let tr = Tr::new(state.i18n.clone(), organiser.locale);
    let order = of_purchase(db, &purchase, Reader::Supplier).await?;
    let recipients: Vec<String> = match &purchase.supplier_id {
        None => vec![purchase.supplier_contact.clone()],
        Some(org) => sqlx::query(
            "SELECT m.email FROM organisation_members om JOIN members m ON m.id = om.member_id \
             WHERE om.organisation_id = $1 AND om.role = 'admin' AND m.email IS NOT NULL \
             ORDER BY m.email",
        )
        .bind(org)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| r.try_get("email"))
        .collect::<Result<_, _>>()?,
    };
    let body = OrderMail {
        tr: &tr,
        order: &order,
        link: format!(
            "{}/groupbuy/{}/order",
            state.settings.base_url.as_str().trim_end_matches('/'),
            purchase.id
        ),
    }
    .render()
    .map_err(|e| AppError::Internal(format!("template: {e}")))?;
    let attachments = vec![
        Attachment::new("order.pdf", "application/pdf", &pdf(&order, &tr)?),
        Attachment::new("order.csv", "text/csv; charset=utf-8", &csv(&order, &tr)?),
    ];
    let mut tx = db.begin().await?;
    for to in recipients {
        kernel::mail::enqueue(
            &mut tx,
            &Mail {
                to,
                subject: tr.t1("groupbuy-order-mail-subject", "name", &purchase.title),
                body: body.clone(),
                list_unsubscribe: None,
                attachments: attachments.clone(),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
