//! The distribution, run by the shop's volunteers on a phone: each order
//! checked off as collected; what was missing from it refunded at once
//! (from the producer and the shop that were paid for it, with the
//! platform's fee on it) and corrected by each seller's credit note; what
//! is left over given to the solidarity stock, recorded and counted on the
//! transparency page.

use std::collections::BTreeMap;

use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::error::FieldError;
use kernel::fees::PaymentKind;
use kernel::money::{self, Amount, Label, Owner, Split};
use kernel::validate::schema;
use kernel::{AppError, CollectiveId, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::invoices::{self, ToInvoice};
use crate::orders::{self, Order, OrderLineInput};
use crate::shops::{self, CycleState, payee_organisation};

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MissingInput {
    /// Per variant of the order, how many were missing in all: a request
    /// sent again (a second tap, a retry) refunds nothing more.
    #[schema(max_items = 200)]
    pub lines: Vec<OrderLineInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ReplacementInput {
    /// The variant of the order of which some units were not there.
    #[schema(schema_with = schema::no_nul)]
    pub variant_id: String,
    /// How many of its units were replaced.
    #[schema(minimum = 1, maximum = 10000)]
    pub quantity: i64,
    /// What was handed over instead: a variant the same producer offers in
    /// the cycle, at the same VAT rate.
    #[schema(schema_with = schema::no_nul)]
    pub by_variant_id: String,
    #[schema(minimum = 1, maximum = 10000)]
    pub by_quantity: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct DonationInput {
    #[schema(schema_with = schema::no_nul)]
    pub variant_id: String,
    #[schema(minimum = 1, maximum = 10000)]
    pub quantity: i64,
    /// The client's key: the same donation sent again with it (a second
    /// tap, a retry) is recorded once.
    #[serde(default)]
    #[schema(schema_with = schema::idempotency_key)]
    pub id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Donation {
    pub id: String,
    pub variant_id: String,
    pub product_name: String,
    pub quantity: i64,
    /// What those units were sold at, VAT included, in cents.
    pub value: i64,
    pub recorded_at: i64,
}

/// The shop's volunteers say what was missing from an order: it is
/// refunded to the buyer at once, with the fees charged on those items and
/// the platform's fee on them, and each seller concerned issues a credit
/// note. An order whose money was not taken yet (taken at collection) is
/// taken first.
pub async fn record_missing(
    db: &Db,
    actor: &MemberId,
    order_id: &str,
    input: &MissingInput,
) -> Result<Order, AppError> {
    settling(db, actor, order_id).await?;
    let mut tx = db.begin().await?;
    let stored = orders::lock_order(&mut tx, order_id).await?;
    if stored.order.state == "cancelled" {
        return Err(AppError::Conflict("market-order-not-placed"));
    }
    orders::capture(&mut tx, &stored, Some(actor)).await?;
    let order = orders::details(&mut tx, stored.order.clone()).await?;
    // How many more are missing now, per line: never fewer than already
    // refunded, never more than ordered.
    let mut more: BTreeMap<&str, i64> = BTreeMap::new();
    for l in &input.lines {
        let Some(line) = order.lines.iter().find(|o| o.variant_id == l.variant_id) else {
            return Err(AppError::field("lines", "error-variant-not-in-order"));
        };
        if !(line.missing..=line.quantity - line.replaced).contains(&l.quantity) {
            return Err(AppError::field("lines", "error-missing-quantity"));
        }
        more.insert(l.variant_id.as_str(), l.quantity - line.missing);
    }
    if input.lines.is_empty() {
        return Err(AppError::field("lines", "error-missing-none"));
    }
    more.retain(|_, m| *m > 0);
    if more.is_empty() {
        // Said already: nothing more to refund.
        tx.rollback().await?;
        return orders::get(db, actor, order_id).await;
    }
    // What goes back from whom, and each seller's credit note lines.
    let mut back: BTreeMap<String, i64> = BTreeMap::new();
    let mut notes: BTreeMap<String, Vec<ToInvoice>> = BTreeMap::new();
    let (mut to_producers, mut to_shop) = (0, 0);
    for (variant, missing) in &more {
        let Some(line) = order.lines.iter().find(|l| l.variant_id == *variant) else {
            return Err(AppError::field("lines", "error-variant-not-in-order"));
        };
        let goods = line.unit_price * missing;
        *back.entry(payee_organisation(&line.seller_id)).or_default() += goods;
        to_producers += goods;
        notes
            .entry(line.seller_id.clone())
            .or_default()
            .push(ToInvoice {
                description: invoices::described(&line.product_name, &line.unit, line.size),
                quantity: *missing,
                paid: goods,
                vat_rate: line.vat_rate,
            });
        // The fees charged on the line, in proportion to what was missing,
        // so that all of them come back when all of it was missing.
        for c in order
            .charges
            .iter()
            .filter(|c| c.variant_id.as_deref() == Some(*variant))
        {
            let share = c.amount * (line.missing + missing) / line.quantity
                - c.amount * line.missing / line.quantity;
            if share == 0 {
                continue;
            }
            let payee = c.payee.clone();
            *back.entry(payee.clone()).or_default() += share;
            match c.seller_id {
                Some(_) => to_producers += share,
                None => to_shop += share,
            }
            if let Some(("o", seller)) = payee.split_once(':')
                && order.lines.iter().any(|l| l.seller_id == seller)
            {
                notes.entry(seller.to_owned()).or_default().push(ToInvoice {
                    description: c.name.clone(),
                    quantity: 1,
                    paid: share,
                    vat_rate: c.vat_rate,
                });
            }
        }
        sqlx::query(
            "UPDATE market_order_lines SET missing = missing + $1 WHERE order_id = $2 AND variant_id = $3",
        )
        .bind(missing)
        .bind(order_id)
        .bind(variant)
        .execute(&mut *tx)
        .await?;
    }
    give_back(
        &mut tx,
        &stored,
        &order,
        actor,
        Refund {
            back,
            to_producers,
            to_shop,
            notes,
            code: "market.missing",
        },
    )
    .await?;
    tx.commit().await?;
    db.changed();
    orders::get(db, actor, order_id).await
}

/// The shop's volunteers say what they handed over in place of some units
/// of a line that were not there: a product of the same producer, taken
/// from its stock. When it is worth less than what it replaces, the
/// difference goes back to the buyer at once, from the producer, with the
/// platform's fee on it, and the producer issues a credit note; when it is
/// worth as much or more, the buyer pays nothing more. A line is replaced
/// once: the same replacement sent again changes nothing.
pub async fn record_replacement(
    db: &Db,
    actor: &MemberId,
    order_id: &str,
    input: &ReplacementInput,
) -> Result<Order, AppError> {
    let cycle = settling(db, actor, order_id).await?;
    let mut errors = Vec::new();
    if !(1..=10_000).contains(&input.quantity) {
        errors.push(FieldError::new("quantity", "error-replaced-quantity"));
    }
    if !(1..=10_000).contains(&input.by_quantity) {
        errors.push(FieldError::new("by_quantity", "error-quantity"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut tx = db.begin().await?;
    let stored = orders::lock_order(&mut tx, order_id).await?;
    if stored.order.state == "cancelled" {
        return Err(AppError::Conflict("market-order-not-placed"));
    }
    let order = orders::details(&mut tx, stored.order.clone()).await?;
    let Some(line) = order
        .lines
        .iter()
        .find(|l| l.variant_id == input.variant_id)
    else {
        return Err(AppError::field("variant_id", "error-variant-not-in-order"));
    };
    if let Some(r) = &line.replacement {
        // Said already: the same replacement again is answered as done.
        return if r.variant_id == input.by_variant_id
            && r.quantity == input.by_quantity
            && line.replaced == input.quantity
        {
            tx.rollback().await?;
            orders::get(db, actor, order_id).await
        } else {
            Err(AppError::Conflict("market-line-replaced"))
        };
    }
    if input.quantity > line.quantity - line.missing {
        return Err(AppError::field("quantity", "error-replaced-quantity"));
    }
    let offered = orders::offered(&mut tx, &cycle.id).await?;
    let Some(by) = offered.iter().find(|o| o.variant.id == input.by_variant_id) else {
        return Err(AppError::field(
            "by_variant_id",
            "error-variant-not-in-cycle",
        ));
    };
    if by.variant.id == line.variant_id {
        return Err(AppError::field("by_variant_id", "error-replacement-same"));
    }
    if by.seller_id != line.seller_id {
        return Err(AppError::field(
            "by_variant_id",
            "error-replacement-other-seller",
        ));
    }
    if i64::from(by.vat.hundredths()) != line.vat_rate {
        return Err(AppError::field("by_variant_id", "error-replacement-vat"));
    }
    // Its money is taken first, where the shop takes it at collection: what
    // comes back is refunded from what the producer was paid.
    orders::capture(&mut tx, &stored, Some(actor)).await?;
    let name = invoices::described(&by.product_name, &by.variant.unit, by.variant.size);
    let refund = (line.unit_price * input.quantity - by.variant.price * input.by_quantity).max(0);
    sqlx::query(
        "UPDATE market_order_lines SET replaced = $1, replacement_variant_id = $2, replacement_name = $3, \
         replacement_quantity = $4, replacement_refund = $5 WHERE order_id = $6 AND variant_id = $7",
    )
    .bind(input.quantity)
    .bind(&by.variant.id)
    .bind(&name)
    .bind(input.by_quantity)
    .bind(refund)
    .bind(order_id)
    .bind(&line.variant_id)
    .execute(&mut *tx)
    .await?;
    if refund > 0 {
        let replaced = invoices::described(&line.product_name, &line.unit, line.size);
        give_back(
            &mut tx,
            &stored,
            &order,
            actor,
            Refund {
                back: BTreeMap::from([(payee_organisation(&line.seller_id), refund)]),
                to_producers: refund,
                to_shop: 0,
                // One line whatever the quantities: what was worth less.
                notes: BTreeMap::from([(
                    line.seller_id.clone(),
                    vec![ToInvoice {
                        description: format!(
                            "{} × {replaced} → {} × {name}",
                            input.quantity, input.by_quantity
                        ),
                        quantity: 1,
                        paid: refund,
                        vat_rate: line.vat_rate,
                    }],
                )]),
                code: "market.replaced",
            },
        )
        .await?;
    }
    // The stock last, after the money, as a checkout takes it: see
    // `orders::move_stock`.
    if by.variant.stock_mode == "count"
        && !orders::move_stock(&mut tx, &[(by.variant.id.clone(), input.by_quantity)]).await?
    {
        return Err(AppError::Validation(vec![
            FieldError::new("by_quantity", "error-replacement-beyond-stock")
                .with("count", by.variant.stock.unwrap_or(0).to_string()),
        ]));
    }
    tx.commit().await?;
    db.changed();
    orders::get(db, actor, order_id).await
}

/// What goes back to a buyer at the distribution: from each payee
/// (`o:<organisation>` or `c:<collective>`), of which to the producers and
/// to the shop, and each seller's credit note lines.
struct Refund {
    back: BTreeMap<String, i64>,
    to_producers: i64,
    to_shop: i64,
    notes: BTreeMap<String, Vec<ToInvoice>>,
    code: &'static str,
}

/// Refunds the buyer of a captured order at once, with the platform's fee
/// on what comes back, counts it in the order's refunded shares and issues
/// the credit notes, in the caller's transaction.
async fn give_back(
    tx: &mut Tx,
    stored: &orders::Stored,
    order: &Order,
    actor: &MemberId,
    refund: Refund,
) -> Result<(), AppError> {
    let Refund {
        back,
        to_producers,
        to_shop,
        notes,
        code,
    } = refund;
    let payees: Vec<(Option<CollectiveId>, String, i64)> = back
        .iter()
        .filter(|(_, a)| **a > 0)
        .filter_map(|(payee, amount)| match payee.split_once(':') {
            Some(("c", id)) => Some((Some(CollectiveId::from(id)), String::new(), *amount)),
            Some((_, id)) => Some((None, id.to_owned(), *amount)),
            None => None,
        })
        .collect();
    let mut parts = Vec::with_capacity(payees.len());
    for (collective, organisation, amount) in &payees {
        parts.push(Split {
            to: match collective {
                Some(c) => Owner::Treasury(c),
                None => Owner::Organisation(organisation),
            },
            amount: Amount::new(*amount as u64)?,
            reference: &order.number,
        });
    }
    let rule = orders::frozen_rule(stored.fee_rate_bp, stored.solidarity_bp);
    let kind = code.trim_start_matches("market.");
    let key = format!("market:order:{}:{kind}:{}", order.id, new_id());
    money::refund_capture(
        &mut *tx,
        &key,
        &format!("market:order:{}:capture", order.id),
        &parts,
        Some(money::Fee {
            rule: &rule,
            kind: PaymentKind::Technical,
        }),
        Label {
            code,
            reference: &order.number,
            by: Some(actor),
        },
    )
    .await?;
    let back_fee = sqlx::query("SELECT fee, solidarity FROM ledger_refunds WHERE refund_id = $1")
        .bind(&key)
        .fetch_one(&mut **tx)
        .await?;
    let (fee, solidarity): (i64, i64) = (back_fee.try_get("fee")?, back_fee.try_get("solidarity")?);
    // `fee` is the platform's part only: the log takes the whole fee.
    orders::log_split(tx, "market.refund", &payees, fee + solidarity, solidarity).await?;
    // What came back of each share, for the reports and the transparency.
    sqlx::query(
        "UPDATE market_orders SET refunded_producers = refunded_producers + $1, \
           refunded_shops = refunded_shops + $2, refunded_fee = refunded_fee + $3, \
           refunded_solidarity = refunded_solidarity + $4 WHERE id = $5",
    )
    .bind(to_producers)
    .bind(to_shop)
    .bind(fee)
    .bind(solidarity)
    .bind(&order.id)
    .execute(&mut **tx)
    .await?;
    for (seller, lines) in &notes {
        invoices::credit_note(tx, order, seller, lines).await?;
    }
    Ok(())
}

/// The shop's volunteers give what is left of a product of the cycle to
/// the solidarity stock; a product counted in stock gives from it, never
/// more than is left.
pub async fn donate(
    db: &Db,
    actor: &MemberId,
    cycle_id: &str,
    input: &DonationInput,
) -> Result<Donation, AppError> {
    let cycle = shops::cycle(db, cycle_id).await?;
    let handed = shops::hands_over_in(db, &cycle, actor).await?;
    if !handed.any() {
        return Err(AppError::Forbidden);
    }
    if cycle.state != CycleState::Closed {
        return Err(AppError::Conflict("market-cycle-open"));
    }
    if !(1..=10_000).contains(&input.quantity) {
        return Err(AppError::field("quantity", "error-quantity"));
    }
    if !cycle.variant_ids.contains(&input.variant_id) {
        return Err(AppError::field("variant_id", "error-variant-not-in-cycle"));
    }
    // A distributing hub's volunteers give what their hub offers.
    if let shops::HandsOver::Hubs(hubs) = &handed
        && !hubs
            .iter()
            .any(|h| cycle.offers(cycle.hub(h), &input.variant_id))
    {
        return Err(AppError::field("variant_id", "error-variant-not-at-hub"));
    }
    let key = match input.id.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => {
            Some(kernel::validate::idempotency_key(k).map_err(|e| AppError::field("id", e))?)
        }
        None => None,
    };
    if let Some(done) = recorded(db, actor, key).await? {
        return if done.variant_id == input.variant_id && done.quantity == input.quantity {
            Ok(done)
        } else {
            Err(AppError::Conflict("market-donation-key-reused"))
        };
    }
    let row = sqlx::query(
        "SELECT p.name, v.price, v.stock_mode, v.stock FROM market_variants v \
         JOIN market_products p ON p.id = v.product_id WHERE v.id = $1",
    )
    .bind(&input.variant_id)
    .fetch_one(db.pool())
    .await?;
    let donation = Donation {
        id: new_id(),
        variant_id: input.variant_id.clone(),
        product_name: row.try_get("name")?,
        quantity: input.quantity,
        value: row.try_get::<i64, _>("price")? * input.quantity,
        recorded_at: now_ms(),
    };
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO market_donations (id, cycle_id, variant_id, product_name, quantity, value, recorded_by, \
         recorded_at, client_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&donation.id)
    .bind(cycle_id)
    .bind(&donation.variant_id)
    .bind(&donation.product_name)
    .bind(donation.quantity)
    .bind(donation.value)
    .bind(actor)
    .bind(donation.recorded_at)
    .bind(key)
    .execute(&mut *tx)
    .await;
    match inserted {
        // The same key's other request won the race: answer as it did.
        Err(e) if kernel::db::is_unique_violation(&e) => {
            tx.rollback().await?;
            return recorded(db, actor, key)
                .await?
                .ok_or(AppError::Conflict("market-donation-key-reused"));
        }
        other => other?,
    };
    if row.try_get::<String, _>("stock_mode")? == "count" {
        let took = sqlx::query(
            "UPDATE market_variants SET stock = stock - $1 WHERE id = $2 AND stock_mode = 'count' AND stock >= $1",
        )
        .bind(input.quantity)
        .bind(&input.variant_id)
        .execute(&mut *tx)
        .await?;
        if took.rows_affected() != 1 {
            tx.rollback().await?;
            let left: i64 = row.try_get::<Option<i64>, _>("stock")?.unwrap_or(0);
            return Err(AppError::Validation(vec![
                FieldError::new("quantity", "error-donation-beyond-stock")
                    .with("count", left.to_string()),
            ]));
        }
    }
    tx.commit().await?;
    Ok(donation)
}

/// The donation the member recorded under `key`, if any.
async fn recorded(
    db: &Db,
    actor: &MemberId,
    key: Option<&str>,
) -> Result<Option<Donation>, AppError> {
    let Some(key) = key else {
        return Ok(None);
    };
    let row = sqlx::query(&format!(
        "SELECT {DONATION_COLUMNS} FROM market_donations WHERE recorded_by = $1 AND client_key = $2"
    ))
    .bind(actor)
    .bind(key)
    .fetch_optional(db.pool())
    .await?;
    row.as_ref()
        .map(donation_from)
        .transpose()
        .map_err(AppError::from)
}

/// What a cycle gave to the solidarity stock.
pub async fn donations(db: &Db, cycle_id: &str) -> Result<Vec<Donation>, AppError> {
    Ok(sqlx::query(&format!(
        "SELECT {DONATION_COLUMNS} FROM market_donations WHERE cycle_id = $1 ORDER BY recorded_at"
    ))
    .bind(cycle_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(donation_from)
    .collect::<Result<_, sqlx::Error>>()?)
}

const DONATION_COLUMNS: &str = "id, variant_id, product_name, quantity, value, recorded_at";

fn donation_from(r: &sqlx::any::AnyRow) -> Result<Donation, sqlx::Error> {
    Ok(Donation {
        id: r.try_get("id")?,
        variant_id: r.try_get("variant_id")?,
        product_name: r.try_get("product_name")?,
        quantity: r.try_get("quantity")?,
        value: r.try_get("value")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

/// An order as the volunteers hand it over.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HandOver {
    pub order_id: String,
    pub number: String,
    pub buyer: String,
    pub pickup_id: String,
    /// The time slot the buyer comes in, and its times.
    pub slot_id: Option<String>,
    pub slot_starts_at: Option<i64>,
    pub slot_ends_at: Option<i64>,
    /// Where a delivered order goes.
    pub address: Option<String>,
    /// placed or collected.
    pub state: String,
    /// Whether it is the asking member's own order, which a volunteer
    /// does not settle.
    pub yours: bool,
    pub lines: Vec<HandOverLine>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HandOverLine {
    pub variant_id: String,
    pub product_name: String,
    pub unit: String,
    pub size: i64,
    pub quantity: i64,
    pub missing: i64,
    pub replaced: i64,
    pub replacement: Option<orders::Replacement>,
}

/// The cycle's orders to hand over, by slot and number, for those who run
/// the shop and the cycle's volunteers; a distributing hub's, the orders
/// at its pickup points.
pub async fn sheet(db: &Db, actor: &MemberId, cycle_id: &str) -> Result<Vec<HandOver>, AppError> {
    let cycle = shops::cycle(db, cycle_id).await?;
    let handed = shops::hands_over_in(db, &cycle, actor).await?;
    if !handed.any() {
        return Err(AppError::Forbidden);
    }
    let mut orders: Vec<HandOver> = sqlx::query(
        "SELECT o.id, o.number, o.buyer_id, m.display_name, o.pickup_id, o.slot_id, sl.starts_at, sl.ends_at, \
         o.delivery_address, o.state FROM market_orders o \
         JOIN members m ON m.id = o.buyer_id LEFT JOIN market_slots sl ON sl.id = o.slot_id \
         WHERE o.cycle_id = $1 AND o.state <> 'cancelled' \
         ORDER BY COALESCE(sl.starts_at, 0), o.number",
    )
    .bind(cycle_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(HandOver {
            order_id: r.try_get("id")?,
            number: r.try_get("number")?,
            buyer: r.try_get("display_name")?,
            pickup_id: r.try_get("pickup_id")?,
            slot_id: r.try_get("slot_id")?,
            slot_starts_at: r.try_get("starts_at")?,
            slot_ends_at: r.try_get("ends_at")?,
            address: r.try_get("delivery_address")?,
            state: r.try_get("state")?,
            yours: r.try_get::<String, _>("buyer_id")? == actor.as_str(),
            lines: Vec::new(),
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    orders.retain(|o| handed.covers(&cycle, &o.pickup_id));
    for r in sqlx::query(
        "SELECT l.order_id, l.variant_id, l.product_name, l.unit, l.size, l.quantity, l.missing, l.replaced, \
         l.replacement_variant_id, l.replacement_name, l.replacement_quantity, l.replacement_refund \
         FROM market_order_lines l JOIN market_orders o ON o.id = l.order_id \
         WHERE o.cycle_id = $1 AND o.state <> 'cancelled' ORDER BY l.product_name, l.variant_id",
    )
    .bind(cycle_id)
    .fetch_all(db.pool())
    .await?
    {
        let order_id: String = r.try_get("order_id")?;
        if let Some(o) = orders.iter_mut().find(|o| o.order_id == order_id) {
            o.lines.push(HandOverLine {
                variant_id: r.try_get("variant_id")?,
                product_name: r.try_get("product_name")?,
                unit: r.try_get("unit")?,
                size: r.try_get("size")?,
                quantity: r.try_get("quantity")?,
                missing: r.try_get("missing")?,
                replaced: r.try_get("replaced")?,
                replacement: orders::replacement_from(&r)?,
            });
        }
    }
    Ok(orders)
}

// ---------- the distribution's volunteers ----------

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Volunteer {
    pub member_id: String,
    pub name: String,
}

/// Refuses a member who may not volunteer at the cycle's distribution.
async fn require_may_volunteer(db: &Db, member: &MemberId, cycle_id: &str) -> Result<(), AppError> {
    let cycle = shops::cycle(db, cycle_id).await?;
    if shops::may_volunteer_in(db, &cycle, member).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A cycle's volunteers, for those who may volunteer.
pub async fn volunteers(
    db: &Db,
    member: &MemberId,
    cycle_id: &str,
) -> Result<Vec<Volunteer>, AppError> {
    require_may_volunteer(db, member, cycle_id).await?;
    listed(db, cycle_id).await
}

/// A cycle's volunteers, not taken off, in the order they signed up.
pub(crate) async fn listed(db: &Db, cycle_id: &str) -> Result<Vec<Volunteer>, AppError> {
    Ok(sqlx::query(
        "SELECT v.member_id, m.display_name FROM market_cycle_volunteers v \
         JOIN members m ON m.id = v.member_id WHERE v.cycle_id = $1 AND v.removed_at IS NULL \
         ORDER BY v.signed_at, v.member_id",
    )
    .bind(cycle_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(Volunteer {
            member_id: r.try_get("member_id")?,
            name: r.try_get("display_name")?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?)
}

/// The member signs up to hand the cycle's orders over (again: nothing
/// changes); one taken off by those who run the shop cannot.
pub async fn volunteer(
    db: &Db,
    member: &MemberId,
    cycle_id: &str,
) -> Result<Vec<Volunteer>, AppError> {
    require_may_volunteer(db, member, cycle_id).await?;
    let removed = sqlx::query(
        "SELECT 1 AS one FROM market_cycle_volunteers \
         WHERE cycle_id = $1 AND member_id = $2 AND removed_at IS NOT NULL",
    )
    .bind(cycle_id)
    .bind(member)
    .fetch_optional(db.pool())
    .await?;
    if removed.is_some() {
        return Err(AppError::Conflict("market-volunteer-removed"));
    }
    sqlx::query(
        "INSERT INTO market_cycle_volunteers (cycle_id, member_id, signed_at) VALUES ($1, $2, $3) \
         ON CONFLICT (cycle_id, member_id) DO NOTHING",
    )
    .bind(cycle_id)
    .bind(member)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    db.changed();
    listed(db, cycle_id).await
}

/// A volunteer withdraws (and may sign up again), or one who runs the shop
/// (or the volunteer's distributing hub) takes a volunteer off (who may
/// not).
pub async fn withdraw(
    db: &Db,
    actor: &MemberId,
    cycle_id: &str,
    volunteer: &str,
) -> Result<Vec<Volunteer>, AppError> {
    let cycle = shops::cycle(db, cycle_id).await?;
    let shop = shops::shop(db, &cycle.shop_id).await?;
    if actor.as_str() == volunteer {
        sqlx::query("DELETE FROM market_cycle_volunteers WHERE cycle_id = $1 AND member_id = $2")
            .bind(cycle_id)
            .bind(volunteer)
            .execute(db.writer())
            .await?;
    } else {
        // Those who run the shop take any volunteer off; those who run a
        // distributing hub, the members it brought: its own, who do not
        // belong to the shop too (taken off, one is off the whole cycle).
        let mut runs_it = shops::runs(db, &shop, actor).await?;
        let member = MemberId::from(volunteer);
        for h in cycle.hubs.iter().filter(|h| h.accepted) {
            if runs_it {
                break;
            }
            let hub = shops::shop(db, &h.shop_id).await?;
            runs_it = shops::runs(db, &hub, actor).await?
                && shops::may_volunteer(db, &hub, &member).await?
                && !shops::may_volunteer(db, &shop, &member).await?;
        }
        if !runs_it {
            return Err(AppError::Forbidden);
        }
        sqlx::query(
            "UPDATE market_cycle_volunteers SET removed_at = $1, removed_by = $2 \
             WHERE cycle_id = $3 AND member_id = $4 AND removed_at IS NULL",
        )
        .bind(now_ms())
        .bind(actor)
        .bind(cycle_id)
        .bind(volunteer)
        .execute(db.writer())
        .await?;
    }
    db.changed();
    listed(db, cycle_id).await
}

/// The cycle of the order a member settles at the distribution
/// (what was missing or replaced). Those who run the shop settle any
/// order; a volunteer settles others' orders, never its own (no one
/// refunds itself). The cycle is closed.
async fn settling(db: &Db, actor: &MemberId, order_id: &str) -> Result<shops::Cycle, AppError> {
    let order = orders::get(db, actor, order_id).await?;
    let cycle = shops::cycle(db, &order.cycle_id).await?;
    let settles = shops::runs_order_at(db, &cycle, &order.pickup_id, actor).await?
        || (order.buyer_id != actor.as_str()
            && shops::hands_over_in(db, &cycle, actor)
                .await?
                .covers(&cycle, &order.pickup_id));
    if !settles {
        return Err(AppError::Forbidden);
    }
    if cycle.state != CycleState::Closed {
        return Err(AppError::Conflict("market-cycle-open"));
    }
    Ok(cycle)
}

/// What the member recorded as given to the solidarity stock, for the
/// export of its data.
pub async fn donations_recorded(
    db: &Db,
    member: &MemberId,
) -> Result<Vec<serde_json::Value>, AppError> {
    Ok(sqlx::query(
        "SELECT d.cycle_id, c.name, d.product_name, d.quantity, d.value, d.recorded_at \
         FROM market_donations d JOIN market_cycles c ON c.id = d.cycle_id \
         WHERE d.recorded_by = $1 ORDER BY d.recorded_at, d.id",
    )
    .bind(member)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(serde_json::json!({
            "cycle_id": r.try_get::<String, _>("cycle_id")?,
            "cycle": r.try_get::<String, _>("name")?,
            "product": r.try_get::<String, _>("product_name")?,
            "quantity": r.try_get::<i64, _>("quantity")?,
            "value": r.try_get::<i64, _>("value")?,
            "recorded_at": r.try_get::<i64, _>("recorded_at")?,
        }))
    })
    .collect::<Result<_, sqlx::Error>>()?)
}

/// The cycles the member volunteered at, for the export of its data.
pub async fn volunteered(db: &Db, member: &MemberId) -> Result<Vec<serde_json::Value>, AppError> {
    Ok(sqlx::query(
        "SELECT v.cycle_id, c.name, v.signed_at, v.removed_at FROM market_cycle_volunteers v \
         JOIN market_cycles c ON c.id = v.cycle_id WHERE v.member_id = $1 ORDER BY v.signed_at",
    )
    .bind(member)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(serde_json::json!({
            "cycle_id": r.try_get::<String, _>("cycle_id")?,
            "cycle": r.try_get::<String, _>("name")?,
            "signed_at": r.try_get::<i64, _>("signed_at")?,
            "removed_at": r.try_get::<Option<i64>, _>("removed_at")?,
        }))
    })
    .collect::<Result<_, sqlx::Error>>()?)
}
