//! Regular orders: a member's standing order at a shop, "every cycle of
//! this shop, put these products in my basket, at this pickup point", as
//! Open Food Network's subscriptions, but made, edited, paused, skipped and
//! ended by the member (in OFN only the shop can).
//!
//! When a cycle of the shop opens, a durable job (`shops::JOB_OPEN`) places
//! each active regular order through the checkout (`orders::place_in`,
//! adding to an order the member already placed by hand, never doubling
//! it), with the fee rule frozen when the member made it. Each placement is
//! recorded in the transaction that places it, keyed by regular order and
//! cycle, so a job that runs again never places twice. What the cycle does
//! not offer or has no stock of is left out and said; a short wallet
//! places nothing, and the member is told.

use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::fees::FeeRule;
use kernel::validate::schema;
use kernel::{AppError, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use utoipa::ToSchema;

use crate::orders::{self, MAX_QUANTITY, Mode, OrderInput, OrderLineInput};
use crate::shops::{self, CycleState};

/// The regular order was placed in a cycle.
pub const REGULAR_PLACED: kernel::notifications::Kind = kernel::notifications::Kind {
    code: "regular_placed",
    default: kernel::notifications::Delivery::Email,
};
/// The regular order could not be placed in a cycle (a short wallet,
/// nothing available, the checkout refused it).
pub const REGULAR_NOT_PLACED: kernel::notifications::Kind = kernel::notifications::Kind {
    code: "regular_not_placed",
    default: kernel::notifications::Delivery::Email,
};

/// The most products one regular order holds.
const MAX_LINES: usize = 200;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RegularInput {
    /// The pickup point's place (or address) to look for in each cycle.
    #[schema(schema_with = schema::line::<1, 120>)]
    pub place: String,
    /// The first day, `2026-12-02`.
    #[schema(schema_with = schema::date)]
    pub starts_on: String,
    /// The last day; none or empty: until the member ends it.
    #[serde(default)]
    #[schema(schema_with = schema::date_or_empty)]
    pub ends_on: Option<String>,
    /// The shop's variants and how many of each, 1 to 1,000.
    #[schema(max_items = 200)]
    pub lines: Vec<RegularLineInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RegularLineInput {
    #[schema(schema_with = schema::no_nul)]
    pub variant_id: String,
    #[schema(minimum = 1, maximum = 1000)]
    pub quantity: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegularOrder {
    pub id: String,
    pub shop_id: String,
    pub shop_name: String,
    pub place: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    /// active, paused or ended.
    pub state: String,
    /// The next cycle it would be placed in is skipped.
    pub skip_next: bool,
    pub created_at: i64,
    pub lines: Vec<RegularLine>,
    /// What happened in each cycle, the latest first.
    pub history: Vec<Placement>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegularLine {
    pub variant_id: String,
    pub product_name: String,
    pub unit: String,
    pub size: i64,
    /// Today's price in the catalogue, in cents including VAT (a cycle's
    /// order freezes its own).
    pub price: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Placement {
    pub cycle_id: String,
    pub cycle_name: String,
    /// placed, skipped, short, nothing or refused.
    pub outcome: String,
    /// The order it went into.
    pub order_id: Option<String>,
    pub pickup_place: Option<String>,
    /// False: no pickup point matched the place; the first one was taken.
    pub pickup_matched: bool,
    /// The products the cycle did not offer or had no stock of.
    pub left_out: Vec<String>,
    /// Why the checkout refused it (a message key).
    pub reason: Option<String>,
    pub created_at: i64,
}

/// A product of the shop's catalogue a regular order may hold.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub variant_id: String,
    pub product_name: String,
    pub seller_name: String,
    pub unit: String,
    pub size: i64,
    pub price: i64,
}

// ---------- the shop's catalogue ----------

/// The live variants of the producers that sell through the shop: the
/// seller itself, or those that accepted one of the hub's cycles.
pub async fn catalogue(db: &Db, shop_id: &str) -> Result<Vec<Item>, AppError> {
    let rows = sqlx::query(
        "SELECT v.id, p.name AS product_name, o.name AS seller_name, v.unit, v.size, v.price \
         FROM market_variants v JOIN market_products p ON p.id = v.product_id \
         JOIN organisations o ON o.id = p.seller_id \
         WHERE v.archived_at IS NULL AND p.archived_at IS NULL AND p.seller_id IN ( \
           SELECT organisation_id FROM market_shops WHERE id = $1 AND organisation_id IS NOT NULL \
           UNION SELECT cs.seller_id FROM market_cycle_sellers cs JOIN market_cycles c ON c.id = cs.cycle_id \
           WHERE c.shop_id = $1 AND cs.accepted_at IS NOT NULL) \
         ORDER BY p.name, v.position, v.id",
    )
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Item {
                variant_id: r.try_get("id")?,
                product_name: r.try_get("product_name")?,
                seller_name: r.try_get("seller_name")?,
                unit: r.try_get("unit")?,
                size: r.try_get("size")?,
                price: r.try_get("price")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The places of the shop's pickup points, to choose from.
pub async fn places(db: &Db, shop_id: &str) -> Result<Vec<String>, AppError> {
    let rows = sqlx::query(
        "SELECT DISTINCT p.place FROM market_pickups p JOIN market_cycles c ON c.id = p.cycle_id \
         WHERE c.shop_id = $1 AND p.shop_id IS NULL ORDER BY p.place",
    )
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| r.try_get("place"))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

// ---------- checks ----------

struct Checked {
    place: String,
    starts_on: String,
    ends_on: Option<String>,
    starts_at: i64,
    ends_at: Option<i64>,
    lines: Vec<(String, i64)>,
}

/// Midnight of `day` in `tz`, in ms, within the range of a moment.
fn midnight(day: jiff::civil::Date, tz: &jiff::tz::TimeZone) -> Option<i64> {
    let ms = day
        .to_datetime(jiff::civil::Time::midnight())
        .to_zoned(tz.clone())
        .ok()?
        .timestamp()
        .as_millisecond();
    let (lo, hi) = schema::timestamp_ms_range();
    (lo..=hi).contains(&ms).then_some(ms)
}

async fn check(
    db: &Db,
    member: &MemberId,
    shop_id: &str,
    input: &RegularInput,
) -> Result<Checked, AppError> {
    let mut errors = Vec::new();
    let place = kernel::validate::line(&input.place, 1, 120);
    if let Err(k) = &place {
        errors.push(kernel::error::FieldError::new("place", k));
    }
    let member_row = kernel::members::get(db, member).await?;
    let tz = jiff::tz::TimeZone::get(&member_row.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let starts_on = input.starts_on.trim().parse::<jiff::civil::Date>().ok();
    let starts_at = starts_on.and_then(|d| midnight(d, &tz));
    if starts_at.is_none() {
        errors.push(kernel::error::FieldError::new("starts_on", "error-date"));
    }
    let ends_raw = input.ends_on.as_deref().map(str::trim).unwrap_or("");
    let ends_on = match ends_raw {
        "" => None,
        raw => match raw.parse::<jiff::civil::Date>() {
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(kernel::error::FieldError::new("ends_on", "error-date"));
                None
            }
        },
    };
    // The day after the last, at midnight: the end, exclusive.
    let ends_at = ends_on.and_then(|d| d.tomorrow().ok().and_then(|t| midnight(t, &tz)));
    if let Some(end) = ends_on {
        let today = jiff::Timestamp::now().to_zoned(tz.clone()).date();
        if ends_at.is_none() || starts_on.is_some_and(|s| end < s) || end < today {
            errors.push(kernel::error::FieldError::new(
                "ends_on",
                "error-regular-ends",
            ));
        }
    }
    // The quantities, a variant given twice counted once with their sum.
    let mut lines: Vec<(String, i64)> = Vec::new();
    let mut bad_quantity = input.lines.len() > MAX_LINES;
    for l in &input.lines {
        if !(1..=MAX_QUANTITY).contains(&l.quantity) {
            bad_quantity = true;
            continue;
        }
        match lines.iter_mut().find(|(v, _)| v == &l.variant_id) {
            Some((_, q)) => *q += l.quantity,
            None => lines.push((l.variant_id.clone(), l.quantity)),
        }
    }
    if bad_quantity || lines.iter().any(|(_, q)| *q > MAX_QUANTITY) {
        errors.push(kernel::error::FieldError::new(
            "lines",
            "error-regular-quantity",
        ));
    } else if lines.is_empty() {
        errors.push(kernel::error::FieldError::new("lines", "error-order-empty"));
    } else {
        let offered = catalogue(db, shop_id).await?;
        if lines
            .iter()
            .any(|(v, _)| !offered.iter().any(|i| &i.variant_id == v))
        {
            errors.push(kernel::error::FieldError::new(
                "lines",
                "error-regular-variant",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(Checked {
        place: place.unwrap_or_default(),
        starts_on: starts_on.map(|d| d.to_string()).unwrap_or_default(),
        ends_on: ends_on.map(|d| d.to_string()),
        starts_at: starts_at.unwrap_or_default(),
        ends_at,
        lines,
    })
}

async fn write_lines(tx: &mut Tx, id: &str, lines: &[(String, i64)]) -> Result<(), AppError> {
    sqlx::query("DELETE FROM market_regular_lines WHERE regular_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (variant, quantity) in lines {
        sqlx::query(
            "INSERT INTO market_regular_lines (regular_id, variant_id, quantity) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(variant)
        .bind(quantity)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

// ---------- the member's actions ----------

/// The member makes a regular order at the shop, with the instance's fee
/// rule frozen into it.
pub async fn create(
    db: &Db,
    rule: &FeeRule,
    member: &MemberId,
    shop_id: &str,
    input: &RegularInput,
) -> Result<RegularOrder, AppError> {
    shops::shop(db, shop_id).await?;
    let c = check(db, member, shop_id, input).await?;
    let id = new_id();
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO market_regular_orders (id, member_id, shop_id, place, starts_on, ends_on, starts_at, ends_at, \
         state, skip_next, fee_rate_bp, solidarity_bp, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', 0, $9, $10, $11, $11)",
    )
    .bind(&id)
    .bind(member)
    .bind(shop_id)
    .bind(&c.place)
    .bind(&c.starts_on)
    .bind(&c.ends_on)
    .bind(c.starts_at)
    .bind(c.ends_at)
    .bind(i64::from(rule.technical_bp))
    .bind(i64::from(rule.solidarity_share_bp))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    write_lines(&mut tx, &id, &c.lines).await?;
    tx.commit().await?;
    get(db, member, &id).await
}

/// The member changes the products, the place or the days (not once ended).
pub async fn update(
    db: &Db,
    member: &MemberId,
    id: &str,
    input: &RegularInput,
) -> Result<RegularOrder, AppError> {
    let current = get(db, member, id).await?;
    if current.state == "ended" {
        return Err(AppError::Conflict("market-regular-ended"));
    }
    let c = check(db, member, &current.shop_id, input).await?;
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE market_regular_orders SET place = $1, starts_on = $2, ends_on = $3, starts_at = $4, ends_at = $5, \
         updated_at = $6 WHERE id = $7 AND member_id = $8 AND state <> 'ended'",
    )
    .bind(&c.place)
    .bind(&c.starts_on)
    .bind(&c.ends_on)
    .bind(c.starts_at)
    .bind(c.ends_at)
    .bind(now_ms())
    .bind(id)
    .bind(member)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict("market-regular-ended"));
    }
    write_lines(&mut tx, id, &c.lines).await?;
    tx.commit().await?;
    get(db, member, id).await
}

/// Moves the member's regular order from one of `from` states to `to`
/// (with `skip_next` set when given), or says why not.
async fn set_state(
    db: &Db,
    member: &MemberId,
    id: &str,
    from: &[&str],
    to: &str,
    refused: &'static str,
) -> Result<RegularOrder, AppError> {
    let current = get(db, member, id).await?;
    if !from.contains(&current.state.as_str()) {
        return Err(AppError::Conflict(refused));
    }
    let changed = sqlx::query(
        "UPDATE market_regular_orders SET state = $1, updated_at = $2 \
         WHERE id = $3 AND member_id = $4 AND state = $5",
    )
    .bind(to)
    .bind(now_ms())
    .bind(id)
    .bind(member)
    .bind(&current.state)
    .execute(db.writer())
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict(refused));
    }
    db.changed();
    get(db, member, id).await
}

pub async fn pause(db: &Db, member: &MemberId, id: &str) -> Result<RegularOrder, AppError> {
    set_state(
        db,
        member,
        id,
        &["active"],
        "paused",
        "market-regular-not-active",
    )
    .await
}

pub async fn resume(db: &Db, member: &MemberId, id: &str) -> Result<RegularOrder, AppError> {
    set_state(
        db,
        member,
        id,
        &["paused"],
        "active",
        "market-regular-not-paused",
    )
    .await
}

/// Ended for good: no cycle places it any more (an order already placed
/// stays, to change or cancel as any order).
pub async fn end(db: &Db, member: &MemberId, id: &str) -> Result<RegularOrder, AppError> {
    set_state(
        db,
        member,
        id,
        &["active", "paused"],
        "ended",
        "market-regular-ended",
    )
    .await
}

/// The next cycle it would be placed in is skipped (once).
pub async fn skip(db: &Db, member: &MemberId, id: &str) -> Result<RegularOrder, AppError> {
    let current = get(db, member, id).await?;
    if current.state == "ended" {
        return Err(AppError::Conflict("market-regular-ended"));
    }
    sqlx::query(
        "UPDATE market_regular_orders SET skip_next = 1, updated_at = $1 \
         WHERE id = $2 AND member_id = $3 AND state <> 'ended'",
    )
    .bind(now_ms())
    .bind(id)
    .bind(member)
    .execute(db.writer())
    .await?;
    db.changed();
    get(db, member, id).await
}

// ---------- reading ----------

const COLUMNS: &str = "r.id, r.shop_id, s.name AS shop_name, r.place, r.starts_on, r.ends_on, r.state, \
     r.skip_next, r.created_at";

async fn regular_from(db: &Db, r: &AnyRow) -> Result<RegularOrder, AppError> {
    let id: String = r.try_get("id")?;
    let lines = sqlx::query(
        "SELECT l.variant_id, p.name AS product_name, v.unit, v.size, v.price, l.quantity \
         FROM market_regular_lines l JOIN market_variants v ON v.id = l.variant_id \
         JOIN market_products p ON p.id = v.product_id WHERE l.regular_id = $1 ORDER BY p.name, v.position, v.id",
    )
    .bind(&id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|l| {
        Ok(RegularLine {
            variant_id: l.try_get("variant_id")?,
            product_name: l.try_get("product_name")?,
            unit: l.try_get("unit")?,
            size: l.try_get("size")?,
            price: l.try_get("price")?,
            quantity: l.try_get("quantity")?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let history = sqlx::query(
        "SELECT x.cycle_id, c.name AS cycle_name, x.outcome, x.order_id, p.place AS pickup_place, \
         x.pickup_matched, x.left_out, x.reason, x.created_at \
         FROM market_regular_placements x JOIN market_cycles c ON c.id = x.cycle_id \
         LEFT JOIN market_pickups p ON p.id = x.pickup_id \
         WHERE x.regular_id = $1 ORDER BY c.opens_at DESC, x.created_at DESC",
    )
    .bind(&id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|h| {
        let left_out: String = h.try_get("left_out")?;
        Ok(Placement {
            cycle_id: h.try_get("cycle_id")?,
            cycle_name: h.try_get("cycle_name")?,
            outcome: h.try_get("outcome")?,
            order_id: h.try_get("order_id")?,
            pickup_place: h.try_get("pickup_place")?,
            pickup_matched: h.try_get::<i64, _>("pickup_matched")? != 0,
            left_out: serde_json::from_str(&left_out).unwrap_or_default(),
            reason: h.try_get("reason")?,
            created_at: h.try_get("created_at")?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    Ok(RegularOrder {
        id,
        shop_id: r.try_get("shop_id")?,
        shop_name: r.try_get("shop_name")?,
        place: r.try_get("place")?,
        starts_on: r.try_get("starts_on")?,
        ends_on: r.try_get("ends_on")?,
        state: r.try_get("state")?,
        skip_next: r.try_get::<i64, _>("skip_next")? != 0,
        created_at: r.try_get("created_at")?,
        lines,
        history,
    })
}

/// The member's own regular order; anyone else's is not found.
pub async fn get(db: &Db, member: &MemberId, id: &str) -> Result<RegularOrder, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM market_regular_orders r JOIN market_shops s ON s.id = r.shop_id \
         WHERE r.id = $1 AND r.member_id = $2"
    );
    let row = sqlx::query(&sql)
        .bind(id)
        .bind(member)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    regular_from(db, &row).await
}

/// The member's regular orders, the running ones first, with their history.
pub async fn of_member(db: &Db, member: &MemberId) -> Result<Vec<RegularOrder>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM market_regular_orders r JOIN market_shops s ON s.id = r.shop_id \
         WHERE r.member_id = $1 ORDER BY CASE WHEN r.state = 'ended' THEN 1 ELSE 0 END, r.created_at DESC, r.id"
    );
    let rows = sqlx::query(&sql).bind(member).fetch_all(db.pool()).await?;
    let mut out = Vec::new();
    for r in &rows {
        out.push(regular_from(db, r).await?);
    }
    Ok(out)
}

// ---------- placing in a cycle that opens ----------

/// Places the shop's active regular orders in the cycle, each in its own
/// transaction with its record. Those made after the cycle opened (or was
/// made, when made open), or whose days do not cover its opening, are not
/// placed; a cycle without a pickup point or offer yet waits for the job
/// that adding one schedules. Running again places nothing twice.
pub async fn open(db: &Db, cycle_id: &str) -> Result<(), AppError> {
    let cycle = shops::cycle(db, cycle_id).await?;
    // A regular order is the shop's: it waits for one of the shop's own
    // pickup points, not a distributing hub's.
    if cycle.state != CycleState::Open
        || cycle.pickups_of(None).next().is_none()
        || cycle.variant_ids.is_empty()
    {
        return Ok(());
    }
    let due = sqlx::query(
        "SELECT r.id FROM market_regular_orders r JOIN market_cycles c ON c.shop_id = r.shop_id \
         WHERE c.id = $1 AND r.state = 'active' AND r.starts_at <= c.opens_at \
         AND (r.ends_at IS NULL OR r.ends_at > c.opens_at) \
         AND r.created_at <= CASE WHEN c.opens_at > c.created_at THEN c.opens_at ELSE c.created_at END \
         AND NOT EXISTS (SELECT 1 FROM market_regular_placements x WHERE x.regular_id = r.id AND x.cycle_id = c.id) \
         ORDER BY r.created_at, r.id",
    )
    .bind(cycle_id)
    .fetch_all(db.pool())
    .await?;
    let mut failed = None;
    for r in &due {
        let id: String = r.try_get("id")?;
        if let Err(e) = place_one(db, &cycle, &id).await {
            // The others are placed; this one is tried again with the job.
            tracing::warn!(regular = %id, cycle = %cycle_id, error = %e, "regular order not placed");
            failed = Some(e);
        }
    }
    failed.map_or(Ok(()), Err)
}

/// A record of what happened, written only if none is (`true` then).
#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &mut Tx,
    regular_id: &str,
    cycle_id: &str,
    outcome: &str,
    order_id: Option<&str>,
    pickup: Option<(&str, bool)>,
    left_out: &[String],
    reason: Option<&str>,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "INSERT INTO market_regular_placements (regular_id, cycle_id, outcome, order_id, pickup_id, pickup_matched, \
         left_out, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (regular_id, cycle_id) DO NOTHING",
    )
    .bind(regular_id)
    .bind(cycle_id)
    .bind(outcome)
    .bind(order_id)
    .bind(pickup.map(|p| p.0))
    .bind(i64::from(pickup.is_none_or(|p| p.1)))
    .bind(serde_json::Value::from(left_out.to_vec()).to_string())
    .bind(reason)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

async fn tell(
    tx: &mut Tx,
    member: &MemberId,
    regular_id: &str,
    kind: kernel::notifications::Kind,
    args: Vec<(&str, String)>,
) -> Result<(), AppError> {
    kernel::notifications::notify(
        &mut *tx,
        member,
        &kernel::notifications::Notice {
            kind,
            args,
            link: format!("/market/regular/{regular_id}"),
            body: String::new(),
            list: None,
        },
    )
    .await
}

async fn place_one(db: &Db, cycle: &shops::Cycle, id: &str) -> Result<(), AppError> {
    let shop = shops::shop(db, &cycle.shop_id).await?;
    let mut tx = db.begin().await?;
    // Locked: a pause or an end the member sends meanwhile comes before
    // this placing (and stops it) or after it.
    let Some(r) = sqlx::query(&format!(
        "SELECT member_id, place, skip_next, fee_rate_bp, solidarity_bp FROM market_regular_orders \
         WHERE id = $1 AND state = 'active'{}",
        orders::locked(&tx, "UPDATE")
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(());
    };
    let member = MemberId::from(r.try_get::<String, _>("member_id")?.as_str());
    let about = |reason: Option<&str>| {
        let mut args = vec![("name", shop.name.clone()), ("label", cycle.name.clone())];
        if let Some(reason) = reason {
            args.push(("reason", format!("msg:{reason}")));
        }
        args
    };
    // Skipped once, at the member's word: the flag goes with the record.
    if r.try_get::<i64, _>("skip_next")? != 0 {
        if record(&mut tx, id, &cycle.id, "skipped", None, None, &[], None).await? {
            sqlx::query("UPDATE market_regular_orders SET skip_next = 0 WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        return Ok(());
    }
    // The live order placed by hand keeps its pickup point and invoicee.
    let live = sqlx::query(
        "SELECT pickup_id, slot_id, delivery_address, delivery_km_tenths, bill_to FROM market_orders \
         WHERE cycle_id = $1 AND buyer_id = $2 AND state = 'placed'",
    )
    .bind(&cycle.id)
    .bind(&member)
    .fetch_optional(&mut *tx)
    .await?;
    let wanted = normalised(&r.try_get::<String, _>("place")?);
    // A regular order is collected: home delivery needs an address the
    // member gives for the cycle.
    let mut collected = cycle.pickups_of(None).filter(|p| p.delivery.is_none());
    let matched = collected
        .clone()
        .find(|p| normalised(&p.place) == wanted || normalised(&p.address) == wanted);
    let (route, pickup_matched, bill_to) = match &live {
        Some(l) => {
            let pickup_id: String = l.try_get("pickup_id")?;
            let delivery = match l.try_get::<Option<String>, _>("delivery_address")? {
                Some(address) => {
                    let terms = cycle.delivery().and_then(|d| d.delivery.clone());
                    terms.map(|t| {
                        let km: Option<i64> = l.try_get("delivery_km_tenths").ok().flatten();
                        (address, km.unwrap_or(0), t.fee, t.minimum)
                    })
                }
                None => None,
            };
            let route = orders::Route {
                pickup_id,
                slot_id: l.try_get("slot_id")?,
                delivery,
            };
            (route, true, l.try_get("bill_to")?)
        }
        None => {
            let (pickup, matched) = match matched {
                Some(p) => (Some(p), true),
                None => (collected.next(), false),
            };
            let Some(pickup) = pickup else {
                // Only home delivery in this cycle: nothing to place.
                record(&mut tx, id, &cycle.id, "nothing", None, None, &[], None).await?;
                tx.commit().await?;
                return Ok(());
            };
            // The first slot with room; all full, the checkout says so.
            let slot = pickup
                .slots
                .iter()
                .find(|s| !s.full())
                .or(pickup.slots.first());
            let route = orders::Route {
                pickup_id: pickup.id.clone(),
                slot_id: slot.map(|s| s.id.clone()),
                delivery: None,
            };
            (route, matched, None)
        }
    };
    let pickup_id = route.pickup_id.clone();
    let pickup_place = cycle
        .pickups
        .iter()
        .find(|p| p.id == pickup_id)
        .map_or(String::new(), |p| p.place.clone());
    // What the cycle offers (at the live order's hub, if it is at one's)
    // and has the stock of; the rest is left out.
    let hub = cycle.hub_of(&pickup_id);
    let offered = orders::offered(&mut tx, &cycle.id).await?;
    let mut lines = Vec::new();
    let mut left_out = Vec::new();
    for l in sqlx::query(
        "SELECT l.variant_id, l.quantity, p.name AS product_name FROM market_regular_lines l \
         JOIN market_variants v ON v.id = l.variant_id JOIN market_products p ON p.id = v.product_id \
         WHERE l.regular_id = $1 ORDER BY p.name, v.position, v.id",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?
    {
        let variant_id: String = l.try_get("variant_id")?;
        let quantity: i64 = l.try_get("quantity")?;
        let available = cycle.offers(hub, &variant_id)
            && offered.iter().find(|o| o.variant.id == variant_id).is_some_and(|o| {
                o.variant.stock_mode != "count" || o.variant.stock.unwrap_or(0) >= quantity
            });
        if available {
            lines.push(OrderLineInput {
                variant_id,
                quantity,
            });
        } else {
            left_out.push(l.try_get("product_name")?);
        }
    }
    let pickup = Some((pickup_id.as_str(), pickup_matched));
    if lines.is_empty() {
        if record(
            &mut tx, id, &cycle.id, "nothing", None, pickup, &left_out, None,
        )
        .await?
        {
            let reason = Some("market-regular-why-nothing");
            tell(&mut tx, &member, id, REGULAR_NOT_PLACED, about(reason)).await?;
        }
        tx.commit().await?;
        return Ok(());
    }
    // Recorded first: a concurrent run waits on this row, then finds it.
    if !record(
        &mut tx, id, &cycle.id, "placed", None, pickup, &left_out, None,
    )
    .await?
    {
        return Ok(());
    }
    let input = OrderInput {
        pickup_id: pickup_id.clone(),
        slot_id: route.slot_id.clone(),
        delivery: None,
        lines,
        bill_to,
        card: None,
    };
    let rule = orders::frozen_rule(r.try_get("fee_rate_bp")?, r.try_get("solidarity_bp")?);
    match orders::place_in(
        &rule,
        &mut tx,
        &member,
        cycle,
        &shop,
        &input,
        &route,
        Mode::Add,
        orders::Pass::Hold,
    )
    .await
    {
        Ok(orders::Checkout::Placed(order_id)) => {
            sqlx::query(
                "UPDATE market_regular_placements SET order_id = $1 WHERE regular_id = $2 AND cycle_id = $3",
            )
            .bind(&order_id)
            .bind(id)
            .bind(&cycle.id)
            .execute(&mut *tx)
            .await?;
            let mut args = about(None);
            args.push(("place", pickup_place));
            tell(&mut tx, &member, id, REGULAR_PLACED, args).await?;
            tx.commit().await?;
            Ok(())
        }
        Ok(orders::Checkout::Priced(_)) => {
            Err(AppError::Internal("a held checkout only priced".into()))
        }
        Err(e) => {
            tx.rollback().await?;
            // A short wallet or another refusal is recorded and told; a
            // race or a fault is tried again with the job.
            let (outcome, reason) = match &e {
                AppError::Conflict("transfer-exceeds-limit") => {
                    ("short", "market-regular-why-short")
                }
                AppError::Validation(errors) => (
                    "refused",
                    errors.first().map_or("error-order-empty", |f| f.key),
                ),
                _ => return Err(e),
            };
            let mut tx = db.begin().await?;
            let stored = (outcome == "refused").then_some(reason);
            if record(
                &mut tx, id, &cycle.id, outcome, None, pickup, &left_out, stored,
            )
            .await?
            {
                tell(
                    &mut tx,
                    &member,
                    id,
                    REGULAR_NOT_PLACED,
                    about(Some(reason)),
                )
                .await?;
            }
            tx.commit().await?;
            Ok(())
        }
    }
}

fn normalised(place: &str) -> String {
    place
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Ends the member's regular orders (at the erasure of its account): no
/// cycle places them any more.
pub(crate) async fn end_all(tx: &mut Tx, member: &MemberId) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE market_regular_orders SET state = 'ended', updated_at = $1 \
         WHERE member_id = $2 AND state <> 'ended'",
    )
    .bind(now_ms())
    .bind(member)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
