//! Orders in a cycle. One live order per member and cycle: ordering again
//! while the cycle is open changes it (Open Food Network #12598). At
//! checkout, in one transaction: the stock is taken (never below zero, so
//! never oversold), the prices and fees are frozen into the order, and its
//! total with the platform's fee is held from the buyer's wallet. At the
//! close (or at collection, as the shop chose) each hold is captured and
//! split between the producers, the shop, the platform's fee and the
//! solidarity fund in one linked batch; a cancelled order gives the stock
//! and the money back.

use std::collections::BTreeMap;
use std::sync::Arc;

use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::fees::{FeeRule, PaymentKind};
use kernel::money::{self, Amount, Label, Owner, Split};
use kernel::validate::schema;
use kernel::{AppError, CollectiveId, MemberId};
use pricing::{Line, VatRate};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use sqlx::Row;
use utoipa::ToSchema;

use crate::caps;
use crate::catalogue::{self, Variant};
use crate::invoices;
use crate::shops::{self, Cycle, CycleState, Shop, payee_organisation};

/// The most of one variant one order takes.
pub const MAX_QUANTITY: i64 = 1000;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct OrderLineInput {
    #[schema(schema_with = schema::no_nul)]
    pub variant_id: String,
    /// 0 takes the variant out of the order (when replacing it).
    #[schema(minimum = 0, maximum = 1000)]
    pub quantity: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct OrderInput {
    /// The pickup point; empty (or absent) with `delivery`.
    #[serde(default)]
    #[schema(schema_with = schema::no_nul)]
    pub pickup_id: String,
    /// The time slot, required when the pickup point (or delivery) has
    /// slots.
    #[serde(default)]
    #[schema(schema_with = schema::no_nul)]
    pub slot_id: Option<String>,
    /// Home delivery instead of a pickup point, where the cycle offers it.
    #[serde(default)]
    pub delivery: Option<DeliveryTo>,
    #[schema(max_items = 200)]
    pub lines: Vec<OrderLineInput>,
    /// The organisation (one the buyer belongs to) the order is invoiced
    /// to; none or empty: the buyer.
    #[serde(default)]
    #[schema(schema_with = schema::no_nul)]
    pub bill_to: Option<String>,
    /// Paid through the payment provider rather than from what the wallet
    /// holds: what the order holds (beyond what it held before a change)
    /// is charged, credited to the wallet and held from it at once.
    #[serde(default)]
    pub card: Option<CardPayment>,
}

/// A payment through the provider at checkout.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CardPayment {
    pub provider: Provider,
    /// The client's key: a retry with the same key is not charged twice.
    /// A checkout refused after the charge refunds the card: try again
    /// with a new key.
    #[schema(schema_with = schema::idempotency_key)]
    pub id: String,
}

/// The payment providers an instance offers.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// Moves no real money: the demo and the tests.
    Demo,
}

impl Provider {
    fn provider(self) -> &'static dyn kernel::payments::PaymentProvider {
        match self {
            Provider::Demo => &kernel::payments::DemoProvider,
        }
    }
}

/// Where a delivered order goes. The position, from the address's commune
/// or the device, decides whether it is within the delivery zone.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct DeliveryTo {
    #[schema(schema_with = schema::line::<5, 300>)]
    pub address: String,
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: f64,
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: f64,
}

impl OrderInput {
    fn bill_to(&self) -> Option<&str> {
        self.bill_to.as_deref().filter(|b| !b.is_empty())
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Order {
    pub id: String,
    /// Short reference, on labels and statements.
    pub number: String,
    pub cycle_id: String,
    pub buyer_id: String,
    /// The pickup point, or the cycle's home delivery.
    pub pickup_id: String,
    /// The time slot chosen, where the pickup has slots.
    pub slot_id: Option<String>,
    /// Where a delivered order goes (personal data).
    pub delivery_address: Option<String>,
    /// How far that is from the shop, in tenths of a kilometre.
    pub delivery_km_tenths: Option<i64>,
    /// placed, cancelled or collected.
    pub state: String,
    /// In cents, VAT included: the goods, the fees, their sum.
    pub items: i64,
    pub fees: i64,
    pub total: i64,
    /// The platform's technical fee on top (part of it to solidarity).
    pub platform_fee: i64,
    /// Of which to the solidarity fund.
    pub solidarity: i64,
    /// What the buyer pays: total and platform fee.
    pub to_pay: i64,
    /// Whether its money has been taken (at the close, or at collection).
    pub captured: bool,
    /// When its money was taken because nobody collected it by the end of
    /// its distribution (where the shop takes the money at collection).
    pub uncollected_at: Option<i64>,
    /// The organisation it is invoiced to; none: the buyer.
    pub bill_to: Option<String>,
    pub lines: Vec<OrderLine>,
    pub charges: Vec<OrderCharge>,
    /// What goes to whom: each producer, the shop, in cents.
    pub shares: Vec<Share>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderLine {
    pub variant_id: String,
    pub seller_id: String,
    pub product_name: String,
    pub unit: String,
    pub size: i64,
    /// Frozen at checkout, in cents including VAT.
    pub unit_price: i64,
    pub vat_rate: i64,
    pub quantity: i64,
    /// How many were missing at the distribution (refunded).
    pub missing: i64,
    /// How many were not there and replaced by something else.
    pub replaced: i64,
    pub replacement: Option<Replacement>,
}

/// What was handed over in place of a line's missing units: a product of
/// the same producer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Replacement {
    pub variant_id: String,
    /// The product and its size, as on the invoice.
    pub name: String,
    pub quantity: i64,
    /// What came back to the buyer, in cents: what the replacement was
    /// worth less than the units it replaced (nothing when it was worth as
    /// much or more).
    pub refunded: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderCharge {
    pub fee_id: String,
    /// The producer it goes to; none: the shop.
    pub seller_id: Option<String>,
    /// The distributing hub it goes to; none (and no producer): the
    /// coordinating shop.
    pub hub_id: Option<String>,
    /// Who it is paid to, as the ledger names it.
    #[serde(skip)]
    pub payee: String,
    pub name: String,
    pub kind: String,
    /// The line it is charged on; none: on the order.
    pub variant_id: Option<String>,
    pub amount: i64,
    pub vat_rate: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Share {
    /// `o:<organisation>` or `c:<collective>`.
    pub payee: String,
    pub name: String,
    pub amount: i64,
}

/// A variant as offered in a cycle, with its product and seller.
#[derive(Debug, Clone)]
pub struct Offered {
    pub variant: Variant,
    pub product_id: String,
    pub product_name: String,
    pub seller_id: String,
    pub vat: VatRate,
}

impl Offered {
    pub fn line(&self, quantity: u32) -> Line {
        Line {
            id: self.variant.id.clone(),
            seller: payee_organisation(&self.seller_id),
            unit_price: self.variant.price as u64,
            quantity,
            vat: self.vat,
            grams: self.variant.grams(),
        }
    }
}

/// The live variants a cycle offers, read in `conn`: a seller under the
/// VAT franchise sells at 0 %.
pub async fn offered(conn: &mut AnyConnection, cycle_id: &str) -> Result<Vec<Offered>, AppError> {
    let sql = format!(
        "SELECT {}, p.name AS product_name, p.seller_id, p.vat_rate, s.vat_number \
         FROM market_cycle_variants cv JOIN market_variants v ON v.id = cv.variant_id \
         JOIN market_products p ON p.id = v.product_id \
         JOIN market_sellers s ON s.organisation_id = p.seller_id \
         JOIN market_cycle_sellers cs ON cs.cycle_id = cv.cycle_id AND cs.seller_id = p.seller_id \
         WHERE cv.cycle_id = $1 AND cs.accepted_at IS NOT NULL AND v.archived_at IS NULL AND p.archived_at IS NULL \
         ORDER BY p.name, v.position, v.id",
        catalogue::VARIANT_COLUMNS
    );
    let rows = sqlx::query(&sql)
        .bind(cycle_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let franchise = r.try_get::<Option<String>, _>("vat_number")?.is_none();
            let rate = u16::try_from(r.try_get::<i64, _>("vat_rate")?).unwrap_or(0);
            Ok(Offered {
                variant: catalogue::variant_from(r)?,
                product_id: r.try_get("product_id")?,
                product_name: r.try_get("product_name")?,
                seller_id: r.try_get("seller_id")?,
                vat: if franchise {
                    VatRate::ZERO
                } else {
                    VatRate::new(rate).unwrap_or(VatRate::ZERO)
                },
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

const ORDER_COLUMNS: &str = "id, number, cycle_id, buyer_id, pickup_id, slot_id, delivery_address, \
     delivery_km_tenths, state, items, fees, total, platform_fee, fee_rate_bp, solidarity_bp, hold_key, version, \
     captured_at, bill_to, uncollected_at";

pub(crate) struct Stored {
    pub(crate) order: Order,
    pub(crate) fee_rate_bp: i64,
    pub(crate) solidarity_bp: i64,
    hold_key: Option<String>,
    version: i64,
}

fn stored_from(r: &sqlx::any::AnyRow) -> Result<Stored, sqlx::Error> {
    let total: i64 = r.try_get("total")?;
    let platform_fee: i64 = r.try_get("platform_fee")?;
    let (fee_rate_bp, solidarity_bp): (i64, i64) =
        (r.try_get("fee_rate_bp")?, r.try_get("solidarity_bp")?);
    Ok(Stored {
        order: Order {
            id: r.try_get("id")?,
            number: r.try_get("number")?,
            cycle_id: r.try_get("cycle_id")?,
            buyer_id: r.try_get("buyer_id")?,
            pickup_id: r.try_get("pickup_id")?,
            slot_id: r.try_get("slot_id")?,
            delivery_address: r.try_get("delivery_address")?,
            delivery_km_tenths: r.try_get("delivery_km_tenths")?,
            state: r.try_get("state")?,
            items: r.try_get("items")?,
            fees: r.try_get("fees")?,
            total,
            platform_fee,
            solidarity: frozen_rule(fee_rate_bp, solidarity_bp)
                .quote(PaymentKind::Technical, total.max(0) as u64)
                .solidarity,
            to_pay: total + platform_fee,
            captured: r.try_get::<Option<i64>, _>("captured_at")?.is_some(),
            uncollected_at: r.try_get("uncollected_at")?,
            bill_to: r.try_get("bill_to")?,
            lines: Vec::new(),
            charges: Vec::new(),
            shares: Vec::new(),
        },
        fee_rate_bp,
        solidarity_bp,
        hold_key: r.try_get("hold_key")?,
        version: r.try_get("version")?,
    })
}

pub(crate) async fn details(conn: &mut AnyConnection, mut order: Order) -> Result<Order, AppError> {
    for r in sqlx::query(
        "SELECT variant_id, seller_id, product_name, unit, size, unit_price, vat_rate, quantity, missing, \
         replaced, replacement_variant_id, replacement_name, replacement_quantity, replacement_refund \
         FROM market_order_lines WHERE order_id = $1 ORDER BY product_name, variant_id",
    )
    .bind(&order.id)
    .fetch_all(&mut *conn)
    .await?
    {
        order.lines.push(OrderLine {
            variant_id: r.try_get("variant_id")?,
            seller_id: r.try_get("seller_id")?,
            product_name: r.try_get("product_name")?,
            unit: r.try_get("unit")?,
            size: r.try_get("size")?,
            unit_price: r.try_get("unit_price")?,
            vat_rate: r.try_get("vat_rate")?,
            quantity: r.try_get("quantity")?,
            missing: r.try_get("missing")?,
            replaced: r.try_get("replaced")?,
            replacement: replacement_from(&r)?,
        });
    }
    let shop = sqlx::query(
        "SELECT s.collective_id, s.organisation_id FROM market_cycles c \
         JOIN market_shops s ON s.id = c.shop_id WHERE c.id = $1",
    )
    .bind(&order.cycle_id)
    .fetch_one(&mut *conn)
    .await?;
    let shop_payee = match shop.try_get::<Option<String>, _>("collective_id")? {
        Some(c) => shops::payee_collective(&c),
        None => payee_organisation(&shop.try_get::<String, _>("organisation_id")?),
    };
    for r in sqlx::query(
        "SELECT ch.fee_id, ch.seller_id, ch.shop_id, h.collective_id, ch.name, ch.kind, ch.variant_id, \
         ch.amount, ch.vat_rate FROM market_order_charges ch LEFT JOIN market_shops h ON h.id = ch.shop_id \
         WHERE ch.order_id = $1 ORDER BY ch.position",
    )
    .bind(&order.id)
    .fetch_all(&mut *conn)
    .await?
    {
        let seller_id: Option<String> = r.try_get("seller_id")?;
        let hub: Option<String> = r.try_get("collective_id")?;
        order.charges.push(OrderCharge {
            payee: match (&seller_id, hub) {
                (Some(s), _) => payee_organisation(s),
                (None, Some(c)) => shops::payee_collective(&c),
                (None, None) => shop_payee.clone(),
            },
            fee_id: r.try_get("fee_id")?,
            seller_id,
            hub_id: r.try_get("shop_id")?,
            name: r.try_get("name")?,
            kind: r.try_get("kind")?,
            variant_id: r.try_get("variant_id")?,
            amount: r.try_get("amount")?,
            vat_rate: r.try_get("vat_rate")?,
        });
    }
    order.shares = shares(conn, &order).await?;
    Ok(order)
}

/// A line's replacement, from its `replacement_*` columns.
pub(crate) fn replacement_from(r: &sqlx::any::AnyRow) -> Result<Option<Replacement>, sqlx::Error> {
    let Some(variant_id) = r.try_get::<Option<String>, _>("replacement_variant_id")? else {
        return Ok(None);
    };
    Ok(Some(Replacement {
        variant_id,
        name: r
            .try_get::<Option<String>, _>("replacement_name")?
            .unwrap_or_default(),
        quantity: r
            .try_get::<Option<i64>, _>("replacement_quantity")?
            .unwrap_or(0),
        refunded: r.try_get("replacement_refund")?,
    }))
}

/// What of an order goes to whom, named.
async fn shares(conn: &mut AnyConnection, order: &Order) -> Result<Vec<Share>, AppError> {
    let mut to: BTreeMap<String, i64> = BTreeMap::new();
    for l in &order.lines {
        *to.entry(payee_organisation(&l.seller_id)).or_default() += l.unit_price * l.quantity;
    }
    for c in &order.charges {
        *to.entry(c.payee.clone()).or_default() += c.amount;
    }
    let mut out = Vec::new();
    for (payee, amount) in to {
        let name = match payee.split_once(':') {
            Some(("c", id)) => sqlx::query("SELECT name FROM collectives WHERE id = $1").bind(id),
            Some((_, id)) => sqlx::query("SELECT name FROM organisations WHERE id = $1").bind(id),
            None => continue,
        }
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get::<String, _>("name"))
        .transpose()?
        .unwrap_or_default();
        out.push(Share {
            payee,
            name,
            amount,
        });
    }
    Ok(out)
}

/// `FOR UPDATE` where rows are locked one by one (PostgreSQL); SQLite has
/// one writer, whose transaction excludes every other.
pub(crate) fn locked(tx: &Tx, lock: &str) -> String {
    match tx.backend() {
        kernel::db::Backend::Postgres => format!(" FOR {lock}"),
        kernel::db::Backend::Sqlite => String::new(),
    }
}

async fn live_order(
    tx: &mut Tx,
    cycle_id: &str,
    buyer: &MemberId,
) -> Result<Option<Stored>, AppError> {
    // Locked: a second checkout or a cancel of the same order waits, then
    // reads what this one did.
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM market_orders WHERE cycle_id = $1 AND buyer_id = $2 AND state <> 'cancelled'{}",
        locked(tx, "UPDATE")
    );
    let row = sqlx::query(&sql)
        .bind(cycle_id)
        .bind(buyer)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.as_ref().map(stored_from).transpose()?)
}

async fn stored(conn: &mut AnyConnection, id: &str) -> Result<Stored, AppError> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM market_orders WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref()
        .map(stored_from)
        .transpose()?
        .ok_or(AppError::NotFound)
}

/// An order, its row locked until the transaction ends.
pub(crate) async fn lock_order(tx: &mut Tx, id: &str) -> Result<Stored, AppError> {
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM market_orders WHERE id = $1{}",
        locked(tx, "UPDATE")
    );
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref()
        .map(stored_from)
        .transpose()?
        .ok_or(AppError::NotFound)
}

/// The member's live order in a cycle, if any.
pub async fn mine(db: &Db, cycle_id: &str, buyer: &MemberId) -> Result<Option<Order>, AppError> {
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM market_orders WHERE cycle_id = $1 AND buyer_id = $2 AND state <> 'cancelled'"
    );
    let mut conn = db.pool().acquire().await?;
    let row = sqlx::query(&sql)
        .bind(cycle_id)
        .bind(buyer)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(r) => Ok(Some(details(&mut conn, stored_from(&r)?.order).await?)),
        None => Ok(None),
    }
}

/// The member's orders, newest first.
pub async fn of_member(db: &Db, buyer: &MemberId) -> Result<Vec<Order>, AppError> {
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM market_orders WHERE buyer_id = $1 ORDER BY placed_at DESC, id"
    );
    let mut conn = db.pool().acquire().await?;
    let rows = sqlx::query(&sql).bind(buyer).fetch_all(&mut *conn).await?;
    let mut out = Vec::new();
    for r in &rows {
        out.push(details(&mut conn, stored_from(r)?.order).await?);
    }
    Ok(out)
}

/// An order as stored, read on the pool.
async fn read(db: &Db, id: &str) -> Result<Order, AppError> {
    let mut conn = db.pool().acquire().await?;
    let s = stored(&mut conn, id).await?;
    details(&mut conn, s.order).await
}

/// An order, for its buyer or for those who run its shop.
pub async fn get(db: &Db, member: &MemberId, id: &str) -> Result<Order, AppError> {
    let order = read(db, id).await?;
    if order.buyer_id != member.as_str() {
        let cycle = shops::cycle(db, &order.cycle_id).await?;
        let handed = shops::hands_over_in(db, &cycle, member).await?;
        if !handed.covers(&cycle, &order.pickup_id) {
            return Err(AppError::NotFound);
        }
    }
    Ok(order)
}

/// A cycle's live orders: how many, and their total (cents).
pub async fn count(db: &Db, cycle_id: &str) -> Result<(i64, i64), AppError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(total), 0) AS BIGINT) AS total FROM market_orders \
         WHERE cycle_id = $1 AND state <> 'cancelled'",
    )
    .bind(cycle_id)
    .fetch_one(db.pool())
    .await?;
    Ok((row.try_get("n")?, row.try_get("total")?))
}

/// How an order input meets the live order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The quantities are added to the live order (ordering again).
    Add,
    /// The live order becomes exactly this (0 takes a line out).
    Replace,
}

/// Places the member's order in the cycle, or changes its live order, all
/// or nothing: stock, frozen prices and fees, the money held. Committed
/// together with the cycle's other checkouts of the moment (`Db::together`).
pub async fn place(
    db: &Db,
    rule: &FeeRule,
    buyer: &MemberId,
    cycle_id: &str,
    input: &OrderInput,
    mode: Mode,
) -> Result<Order, AppError> {
    let cycle = shops::cycle(db, cycle_id).await?;
    if cycle.state != CycleState::Open {
        return Err(AppError::Conflict(match cycle.state {
            CycleState::Upcoming => "market-cycle-not-open",
            _ => "market-cycle-closed",
        }));
    }
    let shop = shops::shop(db, &cycle.shop_id).await?;
    let route = route(db, &cycle, &shop, input).await?;
    if input
        .lines
        .iter()
        .any(|l| !(0..=MAX_QUANTITY).contains(&l.quantity))
    {
        return Err(AppError::field("lines", "error-quantity"));
    }
    if let Some(org) = input.bill_to()
        && kernel::organisations::role_of(db, org, buyer)
            .await
            .ok()
            .flatten()
            .is_none()
    {
        return Err(AppError::field("bill_to", "error-bill-to"));
    }
    let checkout = async |tx: &mut Tx, pass: Pass| {
        place_in(rule, tx, buyer, &cycle, &shop, input, &route, mode, pass).await
    };
    // The card charged for this checkout, refunded if the order is refused.
    let mut charged = None;
    if let Some(card) = &input.card {
        // The provider is asked between two transactions, so that no row
        // stays locked while it answers: the first prices the order, the
        // charge credits the wallet, the second holds the order from it.
        let mut tx = db.begin().await?;
        let priced = checkout(&mut tx, Pass::Price).await;
        tx.rollback().await?;
        let Checkout::Priced(more) = priced? else {
            return Err(AppError::Internal(
                "a priced checkout placed an order".into(),
            ));
        };
        if more > 0 {
            let amount = Amount::new(more as u64)?;
            // A key used before replays its top-up: nothing is charged now.
            if !kernel::wallet::topped_up(db, buyer, &card.id).await? {
                charged = Some(card);
            }
            kernel::wallet::top_up(db, card.provider.provider(), buyer, &card.id, amount).await?;
        }
    }
    // A cycle's checkouts commit together (`Db::together`): each one's
    // hold appends to the transparency log, whose head would otherwise let
    // them commit only one after the other.
    let key = format!("market:checkout:{}", cycle.id);
    let args = Arc::new((*rule, buyer.clone(), cycle, shop, input.clone(), route));
    let placed = db
        .together(&key, move |tx| {
            let args = args.clone();
            Box::pin(async move {
                let (rule, buyer, cycle, shop, input, route) = &*args;
                place_in(rule, tx, buyer, cycle, shop, input, route, mode, Pass::Hold).await
            })
        })
        .await;
    match placed {
        Ok(Checkout::Placed(id)) => read(db, &id).await,
        Ok(Checkout::Priced(_)) => Err(AppError::Internal("a checkout only priced".into())),
        Err(e) => {
            // Refused between the charge and the hold (the stock taken, the
            // cycle closed meanwhile): the card gets its money back.
            if let Some(card) = charged
                && let Err(refund) =
                    kernel::wallet::refund_top_up(db, card.provider.provider(), buyer, &card.id)
                        .await
            {
                // Spent meanwhile by another checkout of the member's, or
                // refused by the provider: the money stays in the wallet.
                tracing::warn!(?refund, "a refused checkout's card charge was not refunded");
            }
            Err(match e {
                AppError::Conflict("transfer-exceeds-limit") => {
                    AppError::field("lines", "error-wallet-short")
                }
                other => other,
            })
        }
    }
}

/// How an order reaches its buyer: a pickup point (and its slot), or home
/// delivery to an address within the zone.
#[derive(Debug, Clone)]
pub struct Route {
    pub pickup_id: String,
    pub slot_id: Option<String>,
    /// The address, its distance from the shop (tenths of a km), and the
    /// delivery's fee and least goods total.
    pub delivery: Option<(String, i64, i64, Option<i64>)>,
}

/// Checks where the order goes against what the cycle offers.
async fn route(db: &Db, cycle: &Cycle, shop: &Shop, input: &OrderInput) -> Result<Route, AppError> {
    let (pickup, delivery) = match &input.delivery {
        Some(to) => {
            let Some(d) = cycle.delivery() else {
                return Err(AppError::field("delivery", "error-delivery-not-offered"));
            };
            if !input.pickup_id.is_empty() && input.pickup_id != d.id {
                return Err(AppError::field("pickup_id", "error-pickup-other-cycle"));
            }
            let terms = d.delivery.as_ref().ok_or(AppError::NotFound)?;
            let address = kernel::validate::line(&to.address, 5, 300)
                .map_err(|k| AppError::field("delivery_address", k))?;
            let at = (
                kernel::validate::latitude(to.latitude)
                    .map_err(|k| AppError::field("delivery_position", k))?,
                kernel::validate::longitude(to.longitude)
                    .map_err(|k| AppError::field("delivery_position", k))?,
            );
            let from = shops::position(db, shop)
                .await?
                .ok_or(AppError::field("delivery", "error-delivery-not-offered"))?;
            let km = crate::browse::distance_km(from, at);
            if km > terms.max_km as f64 {
                return Err(AppError::Validation(vec![
                    kernel::error::FieldError::new("delivery_address", "error-delivery-too-far")
                        .with("distance", format!("{km:.1}"))
                        .with("max", terms.max_km.to_string()),
                ]));
            }
            let tenths = (km * 10.0).round() as i64;
            (d, Some((address, tenths, terms.fee, terms.minimum)))
        }
        None => match cycle.pickups.iter().find(|p| p.id == input.pickup_id) {
            Some(p) if p.delivery.is_some() => {
                return Err(AppError::field(
                    "delivery_address",
                    "error-delivery-address",
                ));
            }
            Some(p) => (p, None),
            None => return Err(AppError::field("pickup_id", "error-pickup-other-cycle")),
        },
    };
    let slot_id = match input.slot_id.as_deref().filter(|s| !s.is_empty()) {
        Some(id) if pickup.slots.iter().any(|s| s.id == id) => Some(id.to_owned()),
        Some(_) => return Err(AppError::field("slot_id", "error-slot-other-pickup")),
        None if !pickup.slots.is_empty() => {
            return Err(AppError::field("slot_id", "error-slot-required"));
        }
        None => None,
    };
    Ok(Route {
        pickup_id: pickup.id.clone(),
        slot_id,
        delivery,
    })
}

/// How far a checkout goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pass {
    /// Every check, then the order's price: nothing written.
    Price,
    /// The order placed and its money held.
    Hold,
}

/// What a checkout did.
#[derive(Debug)]
pub(crate) enum Checkout {
    /// The order's id.
    Placed(String),
    /// What the order would hold beyond what it holds now, in cents.
    Priced(i64),
}

/// The checkout in the caller's transaction, once `place`'s checks hold
/// (the cycle open, the pickup point its own, the quantities in bounds, the
/// invoicee one the buyer belongs to); regular orders place through it.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn place_in(
    rule: &FeeRule,
    tx: &mut Tx,
    buyer: &MemberId,
    cycle: &Cycle,
    shop: &Shop,
    input: &OrderInput,
    route: &Route,
    mode: Mode,
    pass: Pass,
) -> Result<Checkout, AppError> {
    // The cycle is open, under its shared lock: its close waits for this
    // checkout, and comes after it, to capture it too. A capped cycle's
    // row is locked exclusively: its caps are counted one checkout at a
    // time.
    if !still_open(tx, &cycle.id, cycle.capped()).await? {
        return Err(AppError::Conflict("market-cycle-closed"));
    }
    let live = live_order(tx, &cycle.id, buyer).await?;
    // What the order holds now: quantity and stock taken, per variant.
    let mut before: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    if let Some(s) = &live {
        for r in sqlx::query(
            "SELECT variant_id, quantity, stock_taken, unit_price FROM market_order_lines WHERE order_id = $1",
        )
        .bind(&s.order.id)
        .fetch_all(&mut **tx)
        .await?
        {
            before.insert(
                r.try_get("variant_id")?,
                (r.try_get("quantity")?, r.try_get("stock_taken")?, r.try_get("unit_price")?),
            );
        }
    }
    let mut wanted: BTreeMap<String, i64> = match mode {
        Mode::Add => before
            .iter()
            .map(|(v, (q, _, _))| (v.clone(), *q))
            .collect(),
        Mode::Replace => BTreeMap::new(),
    };
    for l in &input.lines {
        *wanted.entry(l.variant_id.clone()).or_default() += l.quantity;
    }
    wanted.retain(|_, q| *q > 0);
    if wanted.values().any(|q| *q > MAX_QUANTITY) {
        return Err(AppError::field("lines", "error-quantity"));
    }
    if wanted.is_empty() {
        return Err(AppError::field("lines", "error-order-empty"));
    }
    let offered = offered(&mut *tx, &cycle.id).await?;
    // A distributing hub sells what it offers, with its fees.
    let hub = cycle.hub_of(&route.pickup_id);
    let mut lines = Vec::new();
    for (variant_id, quantity) in &wanted {
        let Some(o) = offered.iter().find(|o| &o.variant.id == variant_id) else {
            return Err(AppError::field("lines", "error-variant-not-in-cycle"));
        };
        if !cycle.offers(hub, variant_id) {
            return Err(AppError::field("lines", "error-variant-not-at-hub"));
        }
        // A line already ordered keeps the price it was ordered at.
        let mut line = o.line(*quantity as u32);
        if let Some((_, _, price)) = before.get(variant_id) {
            line.unit_price = *price as u64;
        }
        lines.push((o, line));
    }
    // The pickup point's capacity, counted under its row's lock.
    let moving = live
        .as_ref()
        .is_none_or(|s| s.order.pickup_id != route.pickup_id);
    if moving {
        sqlx::query(
            "UPDATE market_pickups SET capacity = capacity WHERE id = $1 AND capacity IS NOT NULL",
        )
        .bind(&route.pickup_id)
        .execute(&mut **tx)
        .await?;
        let full = sqlx::query(
            "SELECT 1 AS one FROM market_pickups p WHERE p.id = $1 AND p.capacity IS NOT NULL AND p.capacity <= \
             (SELECT COUNT(*) FROM market_orders o WHERE o.pickup_id = p.id AND o.state <> 'cancelled')",
        )
        .bind(&route.pickup_id)
        .fetch_optional(&mut **tx)
        .await?;
        if full.is_some() {
            return Err(AppError::field("pickup_id", "error-pickup-full"));
        }
    }
    // The slot's, the same way: an order moved out of its slot (or
    // cancelled) is no longer counted in it, which frees its place.
    let slot_moving = live
        .as_ref()
        .is_none_or(|s| s.order.slot_id != route.slot_id);
    if let Some(slot_id) = route.slot_id.as_ref().filter(|_| slot_moving) {
        sqlx::query(
            "UPDATE market_slots SET capacity = capacity WHERE id = $1 AND capacity IS NOT NULL",
        )
        .bind(slot_id)
        .execute(&mut **tx)
        .await?;
        let full = sqlx::query(
            "SELECT 1 AS one FROM market_slots s WHERE s.id = $1 AND s.capacity IS NOT NULL AND s.capacity <= \
             (SELECT COUNT(*) FROM market_orders o WHERE o.slot_id = s.id AND o.state <> 'cancelled')",
        )
        .bind(slot_id)
        .fetch_optional(&mut **tx)
        .await?;
        if full.is_some() {
            return Err(AppError::field("slot_id", "error-slot-full"));
        }
    }
    // What of each counted variant the order takes now, and the change
    // in stock, written last (`move_stock`).
    let mut taken: BTreeMap<String, i64> = BTreeMap::new();
    let mut deltas: Vec<(String, i64)> = Vec::new();
    let variants: std::collections::BTreeSet<&String> =
        before.keys().chain(wanted.keys()).collect();
    for variant_id in variants {
        let had = before.get(variant_id).map_or(0, |b| b.1);
        let counted = offered
            .iter()
            .find(|o| &o.variant.id == variant_id)
            .is_some_and(|o| o.variant.stock_mode == "count");
        let want = if counted {
            wanted.get(variant_id).copied().unwrap_or(0)
        } else {
            0
        };
        // Said before the money: no top-up would help. The conditional
        // update below still decides, under the row's lock.
        let known = offered.iter().find(|o| &o.variant.id == variant_id);
        if let Some(o) = known.filter(|o| counted && o.variant.stock.unwrap_or(0) < want - had) {
            return Err(out_of_stock(&o.product_name));
        }
        if want != had {
            deltas.push((variant_id.clone(), want - had));
        }
        taken.insert(variant_id.clone(), want);
    }
    let mut fees = shops::pricing_fees(cycle, shop, hub);
    if let Some((_, _, fee, minimum)) = &route.delivery {
        let items: i64 = lines
            .iter()
            .map(|(_, l)| l.unit_price as i64 * i64::from(l.quantity))
            .sum();
        if minimum.is_some_and(|m| items < m) {
            return Err(AppError::field(
                "delivery",
                "error-delivery-minimum-not-met",
            ));
        }
        // The delivery fee is one of the shop's fees, frozen with them.
        if *fee > 0 {
            fees.push(pricing::Fee {
                id: route.pickup_id.clone(),
                payee: shop.payee(),
                name: cycle
                    .delivery()
                    .map_or_else(String::new, |d| d.place.clone()),
                kind: pricing::FeeKind::Transport,
                calculator: pricing::Calculator::PerOrder(*fee as u64),
                covers: pricing::Covers::All,
                vat: None,
            });
        }
    }
    let only_lines: Vec<Line> = lines.iter().map(|(_, l)| l.clone()).collect();
    let breakdown =
        pricing::basket(&only_lines, &fees).map_err(|e| AppError::field("lines", e.key()))?;
    let quote = rule.quote(PaymentKind::Technical, breakdown.total);
    let to_pay = Amount::new(quote.total as u64)?;
    let live_order = live.as_ref().map(|s| &s.order);
    caps::enforce(tx, cycle, live_order, breakdown.total as i64, &wanted).await?;
    if pass == Pass::Price {
        let held = live.as_ref().map_or(0, |s| s.order.to_pay);
        return Ok(Checkout::Priced(quote.total as i64 - held));
    }
    // The order's row first (its id names the escrow), then the money.
    let now = now_ms();
    let (id, version) = match &live {
        Some(s) => (s.order.id.clone(), s.version + 1),
        None => (new_id(), 1),
    };
    let hold_key = format!("market:order:{id}:v{version}");
    // The id's last 12 hex digits: 48 random bits, short enough for a label.
    let number = id[id.len().saturating_sub(12)..].to_uppercase();
    if let Some(s) = &live {
        let changed = sqlx::query(
            "UPDATE market_orders SET pickup_id = $1, items = $2, fees = $3, total = $4, platform_fee = $5, \
             fee_rate_bp = $6, solidarity_bp = $7, hold_key = $8, version = $9, updated_at = $10, bill_to = $13, \
             slot_id = $14, delivery_address = $15, delivery_km_tenths = $16 \
             WHERE id = $11 AND version = $12 AND state = 'placed'",
        )
        .bind(&route.pickup_id)
        .bind(breakdown.items as i64)
        .bind(breakdown.fees as i64)
        .bind(breakdown.total as i64)
        .bind(quote.fee)
        .bind(i64::from(rule.technical_bp))
        .bind(i64::from(rule.solidarity_share_bp))
        .bind(&hold_key)
        .bind(version)
        .bind(now)
        .bind(&id)
        .bind(s.version)
        .bind(input.bill_to())
        .bind(&route.slot_id)
        .bind(route.delivery.as_ref().map(|d| d.0.clone()))
        .bind(route.delivery.as_ref().map(|d| d.1))
        .execute(&mut **tx)
        .await?;
        if changed.rows_affected() != 1 {
            return Err(AppError::Conflict("market-order-race"));
        }
        for table in ["market_order_lines", "market_order_charges"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE order_id = $1"))
                .bind(&id)
                .execute(&mut **tx)
                .await?;
        }
    } else {
        let inserted = sqlx::query(
            "INSERT INTO market_orders (id, number, cycle_id, buyer_id, pickup_id, state, items, fees, total, \
             platform_fee, fee_rate_bp, solidarity_bp, hold_key, version, placed_at, updated_at, bill_to, \
             slot_id, delivery_address, delivery_km_tenths) \
             VALUES ($1, $2, $3, $4, $5, 'placed', $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16, $17, $18)",
        )
        .bind(&id)
        .bind(&number)
        .bind(&cycle.id)
        .bind(buyer)
        .bind(&route.pickup_id)
        .bind(breakdown.items as i64)
        .bind(breakdown.fees as i64)
        .bind(breakdown.total as i64)
        .bind(quote.fee)
        .bind(i64::from(rule.technical_bp))
        .bind(i64::from(rule.solidarity_share_bp))
        .bind(&hold_key)
        .bind(version)
        .bind(now)
        .bind(input.bill_to())
        .bind(&route.slot_id)
        .bind(route.delivery.as_ref().map(|d| d.0.clone()))
        .bind(route.delivery.as_ref().map(|d| d.1))
        .execute(&mut **tx)
        .await;
        match inserted {
            // The same member's other checkout won the race: try again.
            Err(e) if kernel::db::is_unique_violation(&e) => {
                return Err(AppError::Conflict("market-order-race"));
            }
            other => other?,
        };
    }
    insert_lines(tx, &id, &lines, &taken).await?;
    insert_charges(tx, &id, cycle, &route.pickup_id, &breakdown.charges).await?;
    let escrow = format!("market:order:{id}");
    let label = Label {
        code: "market.order",
        reference: &number,
        by: Some(buyer),
    };
    let (from, into) = (Owner::Wallet(buyer), Owner::Escrow(&escrow));
    let old = live.as_ref().and_then(|s| s.hold_key.as_deref());
    money::hold_instead(&mut *tx, &hold_key, old, from, into, to_pay, None, label).await?;
    // Stock: given back for what the order no longer takes, taken for what
    // it takes more, last.
    if !move_stock(tx, &deltas).await? {
        // Taken meanwhile (the cycle's read is older): which one.
        let short = short_of(tx, &deltas).await?;
        let named = offered
            .iter()
            .find(|o| Some(&o.variant.id) == short.as_ref())
            .or_else(|| {
                offered
                    .iter()
                    .find(|o| deltas.iter().any(|(v, d)| *d > 0 && *v == o.variant.id))
            });
        return Err(out_of_stock(named.map_or("", |o| o.product_name.as_str())));
    }
    Ok(Checkout::Placed(id))
}

/// A checkout asking more of `product` than is left, said by its name.
fn out_of_stock(product: &str) -> AppError {
    AppError::Validation(vec![
        kernel::error::FieldError::new("lines", "error-out-of-stock").with("product", product),
    ])
}

/// The first counted variant that has less left than `deltas` takes of it.
async fn short_of(tx: &mut Tx, deltas: &[(String, i64)]) -> Result<Option<String>, AppError> {
    for (variant_id, delta) in deltas.iter().filter(|(_, d)| *d > 0) {
        let short = sqlx::query(
            "SELECT 1 AS one FROM market_variants WHERE id = $1 AND stock_mode = 'count' AND stock < $2",
        )
        .bind(variant_id)
        .bind(*delta)
        .fetch_optional(&mut **tx)
        .await?;
        if short.is_some() {
            return Ok(Some(variant_id.clone()));
        }
    }
    Ok(None)
}

/// Moves counted stock in the caller's transaction: takes each positive
/// change, gives back each negative one, one statement each way; false
/// when a variant has less left than is taken (the caller then rolls
/// back).
///
/// Called after the money, never before: a transaction that moves money
/// holds the transparency log's head from its first append to its commit,
/// so every stock row (the rows all buyers of a product write) is then
/// taken by the one transaction holding the head, and held only until its
/// commit. Taken before the money, a checkout waiting for the head kept
/// its stock rows locked, and the checkouts waiting for those rows kept
/// theirs: chains that left the head idle. The same order everywhere
/// (checkout, cancel, replacement) keeps two transactions from waiting on
/// each other crosswise; checkouts committed together are the exception
/// (their group holds the head while the checkouts after the first take
/// their rows), and give way instead (`Db::together`).
pub(crate) async fn move_stock(tx: &mut Tx, deltas: &[(String, i64)]) -> Result<bool, AppError> {
    for taking in [false, true] {
        let rows: Vec<&(String, i64)> = deltas
            .iter()
            .filter(|(_, d)| *d != 0 && (*d > 0) == taking)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let values: Vec<String> = (0..rows.len())
            .map(|i| format!("({})", kernel::db::placeholders(2 * i + 1, 2)))
            .collect();
        // A give-back (negative) always passes the `stock >=` test.
        let sql = format!(
            "UPDATE market_variants SET stock = stock - v.column2 FROM (VALUES {}) AS v \
             WHERE market_variants.id = v.column1 AND market_variants.stock_mode = 'count' \
             AND market_variants.stock >= v.column2",
            values.join(", ")
        );
        let mut update = sqlx::query(&sql);
        for (variant_id, delta) in &rows {
            update = update.bind(variant_id).bind(*delta);
        }
        let moved = update.execute(&mut **tx).await?;
        if taking && moved.rows_affected() != rows.len() as u64 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Rows written per statement: well under both databases' limits on
/// bind parameters.
const ROWS_PER_INSERT: usize = 100;

/// The order's lines, as frozen at checkout.
async fn insert_lines(
    tx: &mut Tx,
    id: &str,
    lines: &[(&Offered, Line)],
    taken: &BTreeMap<String, i64>,
) -> Result<(), AppError> {
    for chunk in lines.chunks(ROWS_PER_INSERT) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("({})", kernel::db::placeholders(10 * i + 1, 10)))
            .collect();
        let sql = format!(
            "INSERT INTO market_order_lines (order_id, variant_id, seller_id, product_name, unit, size, \
             unit_price, vat_rate, quantity, stock_taken) VALUES {}",
            rows.join(", ")
        );
        let mut insert = sqlx::query(&sql);
        for (o, line) in chunk {
            insert = insert
                .bind(id)
                .bind(&o.variant.id)
                .bind(&o.seller_id)
                .bind(&o.product_name)
                .bind(&o.variant.unit)
                .bind(o.variant.size)
                .bind(line.unit_price as i64)
                .bind(i64::from(line.vat.hundredths()))
                .bind(i64::from(line.quantity))
                .bind(taken.get(&o.variant.id).copied().unwrap_or(0));
        }
        insert.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The order's fees, as frozen at checkout.
async fn insert_charges(
    tx: &mut Tx,
    id: &str,
    cycle: &Cycle,
    pickup_id: &str,
    charges: &[pricing::Charge],
) -> Result<(), AppError> {
    for (n, chunk) in charges.chunks(ROWS_PER_INSERT).enumerate() {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("({})", kernel::db::placeholders(10 * i + 1, 10)))
            .collect();
        let sql = format!(
            "INSERT INTO market_order_charges (order_id, position, fee_id, seller_id, name, kind, variant_id, \
             amount, vat_rate, shop_id) VALUES {}",
            rows.join(", ")
        );
        let mut insert = sqlx::query(&sql);
        for (i, c) in chunk.iter().enumerate() {
            let fee = cycle.fees.iter().find(|f| f.id == c.fee);
            insert = insert
                .bind(id)
                .bind((n * ROWS_PER_INSERT + i) as i64)
                .bind(&c.fee)
                .bind(fee.and_then(|f| f.seller_id.clone()))
                .bind(&c.name)
                .bind(match fee {
                    Some(f) => f.kind.as_str(),
                    // The delivery's fee is named by its pickup row.
                    None if c.fee == pickup_id => "transport",
                    None => "admin",
                })
                .bind(&c.line)
                .bind(c.amount as i64)
                .bind(i64::from(c.vat.hundredths()))
                .bind(fee.and_then(|f| f.hub_id.clone()));
        }
        insert.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The buyer cancels its order while the cycle is open: the stock and the
/// money come back.
pub async fn cancel(db: &Db, buyer: &MemberId, id: &str) -> Result<Order, AppError> {
    let mut tx = db.begin().await?;
    // Locked: a second cancel, or the close's capture, waits and then sees
    // what this one did.
    let s = lock_order(&mut tx, id).await?;
    if s.order.buyer_id != buyer.as_str() {
        return Err(AppError::NotFound);
    }
    if s.order.state != "placed" {
        return Err(AppError::Conflict("market-order-not-placed"));
    }
    if s.order.captured || !still_open(&mut tx, &s.order.cycle_id, false).await? {
        return Err(AppError::Conflict("market-cycle-closed"));
    }
    undo(&mut tx, &s, buyer).await?;
    tx.commit().await?;
    read(db, id).await
}

/// Whether the cycle takes orders now. The transaction holds the cycle's
/// lock shared (its close takes it exclusive, so it waits for the checkouts
/// under way, and those after it see it closed); a capped cycle's row is
/// also locked exclusively: its caps are counted one checkout at a time.
async fn still_open(tx: &mut Tx, cycle_id: &str, exclusive: bool) -> Result<bool, AppError> {
    tx.lock_named(&cycle_lock(cycle_id), false).await?;
    let row_lock = if exclusive {
        locked(tx, "UPDATE")
    } else {
        String::new()
    };
    let open = sqlx::query(&format!(
        "SELECT 1 AS one FROM market_cycles WHERE id = $1 AND closed_at IS NULL AND opens_at <= $2 \
         AND closes_at > $2{row_lock}"
    ))
    .bind(cycle_id)
    .bind(now_ms())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(open.is_some())
}

/// The name of the lock checkouts share and the close takes alone.
fn cycle_lock(cycle_id: &str) -> String {
    format!("market:cycle:{cycle_id}")
}

/// Gives back the stock an order took and releases its hold, and marks it
/// cancelled, in the caller's transaction.
async fn undo(tx: &mut Tx, s: &Stored, by: &MemberId) -> Result<(), AppError> {
    if let Some(hold) = &s.hold_key {
        money::release(
            &mut *tx,
            &format!("{hold}:release"),
            hold,
            Label {
                code: "market.order",
                reference: &s.order.number,
                by: Some(by),
            },
        )
        .await?;
    }
    let cancelled = sqlx::query(
        "UPDATE market_orders SET state = 'cancelled', hold_key = NULL, updated_at = $1 \
         WHERE id = $2 AND state = 'placed'",
    )
    .bind(now_ms())
    .bind(&s.order.id)
    .execute(&mut **tx)
    .await?;
    if cancelled.rows_affected() != 1 {
        return Err(AppError::Conflict("market-order-not-placed"));
    }
    // The stock last, after the money (see `move_stock`).
    let mut back = Vec::new();
    for r in sqlx::query(
        "SELECT variant_id, stock_taken FROM market_order_lines WHERE order_id = $1 AND stock_taken > 0",
    )
    .bind(&s.order.id)
    .fetch_all(&mut **tx)
    .await?
    {
        back.push((
            r.try_get::<String, _>("variant_id")?,
            -r.try_get::<i64, _>("stock_taken")?,
        ));
    }
    move_stock(tx, &back).await?;
    Ok(())
}

/// Takes an order's money: its hold is captured and split between each
/// producer, the shop, the platform's fee and the solidarity fund in one
/// linked batch, with the fee rule frozen at checkout. Once only.
pub(crate) async fn capture(
    tx: &mut Tx,
    s: &Stored,
    by: Option<&MemberId>,
) -> Result<(), AppError> {
    let Some(hold) = &s.hold_key else {
        return Ok(());
    };
    if s.order.captured {
        return Ok(());
    }
    let order = details(&mut *tx, s.order.clone()).await?;
    // Who is paid, owned here so that the splits can borrow them.
    let payees: Vec<(Option<CollectiveId>, String, i64)> = order
        .shares
        .iter()
        .filter(|sh| sh.amount > 0)
        .filter_map(|sh| match sh.payee.split_once(':') {
            Some(("c", id)) => Some((Some(CollectiveId::from(id)), String::new(), sh.amount)),
            Some((_, id)) => Some((None, id.to_owned(), sh.amount)),
            None => None,
        })
        .collect();
    let mut splits = Vec::new();
    for (collective, organisation, amount) in &payees {
        splits.push(Split {
            to: match collective {
                Some(c) => Owner::Treasury(c),
                None => Owner::Organisation(organisation),
            },
            amount: Amount::new(*amount as u64)?,
            reference: &order.number,
        });
    }
    let rule = frozen_rule(s.fee_rate_bp, s.solidarity_bp);
    let captured = money::capture(
        &mut *tx,
        &format!("market:order:{}:capture", order.id),
        hold,
        &splits,
        Some(money::Fee {
            rule: &rule,
            kind: PaymentKind::Technical,
        }),
        Label {
            code: "market.order",
            reference: &order.number,
            by,
        },
    )
    .await?;
    let quote = &captured.quote;
    log_split(tx, "market.split", &payees, quote.fee, quote.solidarity).await?;
    sqlx::query("UPDATE market_orders SET captured_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(&order.id)
        .execute(&mut **tx)
        .await?;
    // A shop that is a seller alone invoices its own fees.
    let shop_organisation: Option<String> = sqlx::query(
        "SELECT s.organisation_id FROM market_cycles c JOIN market_shops s ON s.id = c.shop_id \
         WHERE c.id = $1 AND s.collective_id IS NULL",
    )
    .bind(&order.cycle_id)
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| r.try_get("organisation_id"))
    .transpose()?;
    invoices::issue_for_order(tx, &order, shop_organisation.as_deref()).await
}

/// An order's split (or a refund's), in the transparency log: what went to
/// sellers, to hubs' treasuries, to the platform and to solidarity, and
/// nothing of who bought, where or when it was ordered, so that anyone can
/// measure every euro's path through direct sales without the operator.
/// `payees` are `(hub, seller, amount)` as the splits are made; `fee` is
/// the platform's whole fee, `solidarity` included.
pub(crate) async fn log_split(
    tx: &mut Tx,
    kind: &str,
    payees: &[(Option<CollectiveId>, String, i64)],
    fee: i64,
    solidarity: i64,
) -> Result<(), AppError> {
    let to = |hubs: bool| -> i64 {
        payees
            .iter()
            .filter(|(hub, _, _)| hub.is_some() == hubs)
            .map(|(_, _, amount)| amount)
            .sum()
    };
    kernel::log::append(
        tx,
        &serde_json::json!({
            "type": kind,
            "sellers": to(false),
            "hubs": to(true),
            "platform": fee - solidarity,
            "solidarity": solidarity,
        }),
    )
    .await?;
    Ok(())
}

/// The fee rule an order was placed under.
pub(crate) fn frozen_rule(fee_rate_bp: i64, solidarity_bp: i64) -> FeeRule {
    FeeRule {
        technical_bp: u32::try_from(fee_rate_bp).unwrap_or(0),
        between_members_bp: 0,
        solidarity_share_bp: u32::try_from(solidarity_bp).unwrap_or(0),
    }
}

/// Closes a cycle: no more orders; where the shop takes the money at the
/// close, every placed order's hold is captured, each in its own
/// transaction, so a restart in the middle goes on where it stopped.
pub async fn close(db: &Db, cycle_id: &str) -> Result<(), AppError> {
    let cycle = shops::cycle(db, cycle_id).await?;
    if now_ms() < cycle.closes_at && !cycle.closed_early {
        // A job of an earlier closing time: the cycle was moved later.
        return Ok(());
    }
    // First no more checkouts: this waits for those under way (they share
    // the cycle's lock), which are then captured below with the others.
    let mut tx = db.begin().await?;
    tx.lock_named(&cycle_lock(cycle_id), true).await?;
    sqlx::query("UPDATE market_cycles SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
        .bind(now_ms())
        .bind(cycle_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if cycle.capture != "close" {
        return schedule_uncollected(db, cycle_id).await;
    }
    let ids: Vec<String> = sqlx::query(
        "SELECT id FROM market_orders WHERE cycle_id = $1 AND state = 'placed' AND captured_at IS NULL ORDER BY id",
    )
    .bind(cycle_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| r.try_get("id"))
    .collect::<Result<_, _>>()?;
    for id in ids {
        let mut tx = db.begin().await?;
        let s = lock_order(&mut tx, &id).await?;
        if s.order.state == "placed" {
            capture(&mut tx, &s, None).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// The order's notice to its buyer when nobody collected it.
pub const ORDER_UNCOLLECTED: kernel::notifications::Kind = kernel::notifications::Kind {
    code: "order_uncollected",
    default: kernel::notifications::Delivery::Email,
};

/// How long after the end of its distribution an order nobody collected
/// waits for a late collection before it is paid all the same.
pub const UNCOLLECTED_GRACE_MS: i64 = 24 * 3_600_000;

/// The live orders of a cycle whose money is still held, with the end of
/// their distribution, soonest first.
async fn held_orders(db: &Db, cycle_id: &str) -> Result<Vec<(String, i64)>, AppError> {
    sqlx::query(
        "SELECT o.id, p.ends_at FROM market_orders o JOIN market_pickups p ON p.id = o.pickup_id \
         WHERE o.cycle_id = $1 AND o.state = 'placed' AND o.captured_at IS NULL ORDER BY p.ends_at, o.id",
    )
    .bind(cycle_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("ends_at")?)))
    .collect::<Result<_, sqlx::Error>>()
    .map_err(AppError::from)
}

/// Schedules the settling of the cycle's uncollected orders for the end of
/// the soonest distribution that still has some, and its grace.
async fn schedule_uncollected(db: &Db, cycle_id: &str) -> Result<(), AppError> {
    #[derive(Serialize)]
    struct OfCycle<'a> {
        cycle_id: &'a str,
    }
    let Some((_, ends_at)) = held_orders(db, cycle_id).await?.into_iter().next() else {
        return Ok(());
    };
    let run_at = ends_at + UNCOLLECTED_GRACE_MS;
    let mut tx = db.begin().await?;
    kernel::jobs::enqueue(
        &mut tx,
        kernel::jobs::NewJob {
            kind: shops::JOB_UNCOLLECTED,
            payload: &OfCycle { cycle_id },
            run_at,
            dedupe_key: Some(format!("{}:{cycle_id}:{run_at}", shops::JOB_UNCOLLECTED)),
            max_attempts: 20,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Where the shop takes the money at collection, the orders nobody came
/// for by the end of their distribution and its grace are paid all the
/// same, as an AMAP's uncollected basket is: the producers prepared them.
/// Each in its own transaction, so a restart goes on where it stopped; the
/// buyer is told; then the next distribution's settling is scheduled.
pub async fn settle_uncollected(db: &Db, cycle_id: &str) -> Result<(), AppError> {
    let cycle = shops::cycle(db, cycle_id).await?;
    let shop = shops::shop(db, &cycle.shop_id).await?;
    let now = now_ms();
    for (id, ends_at) in held_orders(db, cycle_id).await? {
        if ends_at + UNCOLLECTED_GRACE_MS > now {
            break;
        }
        let mut tx = db.begin().await?;
        let s = lock_order(&mut tx, &id).await?;
        if s.order.state != "placed" || s.order.captured {
            continue;
        }
        capture(&mut tx, &s, None).await?;
        sqlx::query("UPDATE market_orders SET uncollected_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        kernel::notifications::notify(
            &mut tx,
            &MemberId::from(s.order.buyer_id.as_str()),
            &kernel::notifications::Notice {
                kind: ORDER_UNCOLLECTED,
                args: vec![("name", shop.name.clone()), ("label", cycle.name.clone())],
                link: format!("/market/orders/{id}"),
                body: String::new(),
                list: None,
            },
        )
        .await?;
        tx.commit().await?;
    }
    schedule_uncollected(db, cycle_id).await
}

/// Those who run the shop close the cycle now, before its time.
pub async fn close_now(db: &Db, actor: &MemberId, cycle_id: &str) -> Result<Cycle, AppError> {
    let cycle = shops::cycle(db, cycle_id).await?;
    let shop = shops::shop(db, &cycle.shop_id).await?;
    shops::require_runs(db, &shop, actor).await?;
    if cycle.state == CycleState::Upcoming {
        return Err(AppError::Conflict("market-cycle-not-open"));
    }
    if cycle.state != CycleState::Closed {
        sqlx::query("UPDATE market_cycles SET closes_at = $1 WHERE id = $2 AND closed_at IS NULL")
            .bind(now_ms())
            .bind(cycle_id)
            .execute(db.writer())
            .await?;
        db.changed();
    }
    close(db, cycle_id).await?;
    shops::cycle(db, cycle_id).await
}

/// A volunteer of the shop marks an order collected; where the shop takes
/// the money at collection, it is taken now.
pub async fn collected(db: &Db, actor: &MemberId, id: &str) -> Result<Order, AppError> {
    let order = read(db, id).await?;
    let cycle = shops::cycle(db, &order.cycle_id).await?;
    let handed = shops::hands_over_in(db, &cycle, actor).await?;
    if !handed.covers(&cycle, &order.pickup_id) {
        return Err(AppError::Forbidden);
    }
    if cycle.state != CycleState::Closed {
        return Err(AppError::Conflict("market-cycle-open"));
    }
    let mut tx = db.begin().await?;
    let s = lock_order(&mut tx, id).await?;
    if s.order.state != "placed" {
        return Err(AppError::Conflict("market-order-not-placed"));
    }
    capture(&mut tx, &s, Some(actor)).await?;
    sqlx::query(
        "UPDATE market_orders SET state = 'collected', collected_at = $1, uncollected_at = NULL WHERE id = $2",
    )
        .bind(now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    get(db, actor, id).await
}
