//! What to prepare for a cycle: the quantities of each product in all, per
//! pickup point, and each order's contents for its label. Those who run the
//! shop see every producer's and the buyers' names (they hand the orders
//! over); a producer sees its own products, and orders by number only.

use std::collections::BTreeMap;

use kernel::db::Db;
use kernel::{AppError, MemberId};
use serde::Serialize;
use sqlx::Row;
use utoipa::ToSchema;

use crate::catalogue_csv::text_cell;
use crate::sellers;
use crate::shops::{self, CycleState, Pickup};

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity {
    pub seller_name: String,
    pub product_name: String,
    pub unit: String,
    pub size: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Label {
    pub number: String,
    /// The buyer's name, for those who run the shop.
    pub buyer: Option<String>,
    /// The time slot the buyer comes (or is delivered) in.
    pub slot_starts_at: Option<i64>,
    pub slot_ends_at: Option<i64>,
    /// Where a delivered order goes, for those who run the shop.
    pub address: Option<String>,
    pub lines: Vec<Quantity>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AtPickup {
    pub pickup: Pickup,
    /// The distributing hub's name, when the pickup point is one's.
    pub hub: Option<String>,
    pub quantities: Vec<Quantity>,
    pub labels: Vec<Label>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Preparation {
    /// Every pickup point's quantities together.
    pub total: Vec<Quantity>,
    pub pickups: Vec<AtPickup>,
}

/// A line's quantity, from its row's producer and product columns.
fn quantity_from(r: &sqlx::any::AnyRow) -> Result<Quantity, sqlx::Error> {
    Ok(Quantity {
        seller_name: r.try_get("seller_name")?,
        product_name: r.try_get("product_name")?,
        unit: r.try_get("unit")?,
        size: r.try_get("size")?,
        quantity: r.try_get("quantity")?,
    })
}

fn gather(lines: &[(String, Quantity)]) -> Vec<Quantity> {
    let mut sum: BTreeMap<(String, String, String, i64), i64> = BTreeMap::new();
    for (_, q) in lines {
        *sum.entry((
            q.seller_name.clone(),
            q.product_name.clone(),
            q.unit.clone(),
            q.size,
        ))
        .or_default() += q.quantity;
    }
    sum.into_iter()
        .map(
            |((seller_name, product_name, unit, size), quantity)| Quantity {
                seller_name,
                product_name,
                unit,
                size,
                quantity,
            },
        )
        .collect()
}

/// What to prepare for a cycle: for those who run its shop, every order
/// with its buyer; for a distributing hub's runners, the orders at its
/// pickup points; for a producer's administrators, its own products.
pub async fn preparation(
    db: &Db,
    member: &MemberId,
    cycle_id: &str,
) -> Result<Preparation, AppError> {
    let cycle = shops::cycle(db, cycle_id).await?;
    let shop = shops::shop(db, &cycle.shop_id).await?;
    let runs = shops::runs(db, &shop, member).await?;
    let mut theirs = Vec::new();
    for s in &cycle.sellers {
        if sellers::require_admin(db, &s.id, member).await.is_ok() {
            theirs.push(s.id.clone());
        }
    }
    // A distributing hub's runners prepare the orders at its pickup points.
    let mut hubs_run = Vec::new();
    if !runs {
        for h in cycle.hubs.iter().filter(|h| h.accepted) {
            if shops::runs(db, &shops::shop(db, &h.shop_id).await?, member).await? {
                hubs_run.push(h.shop_id.clone());
            }
        }
    }
    if !runs && theirs.is_empty() && hubs_run.is_empty() {
        return Err(AppError::Forbidden);
    }
    // Whether the member sees the whole of the orders at that pickup point
    // (with their buyers), not only its own products.
    let whole = |pickup_id: &str| {
        runs || cycle
            .hub_of(pickup_id)
            .is_some_and(|h| hubs_run.contains(&h.shop_id))
    };
    let rows = sqlx::query(
        "SELECT o.pickup_id, o.number, m.display_name, o.delivery_address, sl.starts_at AS slot_starts_at, \
         sl.ends_at AS slot_ends_at, l.seller_id, so.name AS seller_name, l.product_name, l.unit, l.size, l.quantity \
         FROM market_orders o JOIN market_order_lines l ON l.order_id = o.id \
         JOIN members m ON m.id = o.buyer_id JOIN organisations so ON so.id = l.seller_id \
         LEFT JOIN market_slots sl ON sl.id = o.slot_id \
         WHERE o.cycle_id = $1 AND o.state <> 'cancelled' \
         ORDER BY COALESCE(sl.starts_at, 0), o.number, l.product_name, l.size",
    )
    .bind(cycle_id)
    .fetch_all(db.pool())
    .await?;
    let mut pickups: Vec<AtPickup> = cycle
        .pickups
        .iter()
        .filter(|p| !theirs.is_empty() || whole(&p.id))
        .map(|p| AtPickup {
            pickup: p.clone(),
            hub: p
                .hub_id
                .as_ref()
                .and_then(|h| cycle.hubs.iter().find(|x| &x.shop_id == h))
                .map(|h| h.name.clone()),
            quantities: Vec::new(),
            labels: Vec::new(),
        })
        .collect();
    let mut all: Vec<(String, Quantity)> = Vec::new();
    let mut by_pickup: BTreeMap<String, Vec<(String, Quantity)>> = BTreeMap::new();
    for r in &rows {
        let seller_id: String = r.try_get("seller_id")?;
        let pickup_id: String = r.try_get("pickup_id")?;
        let sees_all = whole(&pickup_id);
        if !sees_all && !theirs.contains(&seller_id) {
            continue;
        }
        let number: String = r.try_get("number")?;
        let q = quantity_from(r)?;
        all.push((pickup_id.clone(), q.clone()));
        by_pickup
            .entry(pickup_id.clone())
            .or_default()
            .push((number.clone(), q.clone()));
        if let Some(at) = pickups.iter_mut().find(|p| p.pickup.id == pickup_id) {
            match at.labels.iter_mut().find(|l| l.number == number) {
                Some(label) => label.lines.push(q),
                None => at.labels.push(Label {
                    number,
                    buyer: sees_all.then(|| r.try_get("display_name")).transpose()?,
                    slot_starts_at: r.try_get("slot_starts_at")?,
                    slot_ends_at: r.try_get("slot_ends_at")?,
                    address: if sees_all {
                        r.try_get("delivery_address")?
                    } else {
                        None
                    },
                    lines: vec![q],
                }),
            }
        }
    }
    for at in &mut pickups {
        at.quantities = gather(by_pickup.get(&at.pickup.id).map_or(&[][..], Vec::as_slice));
    }
    Ok(Preparation {
        total: gather(&all),
        pickups,
    })
}

/// One line per order line, for a spreadsheet: pickup point, order, buyer
/// (for those who run the shop), producer, product, size, quantity, the
/// slot's start (`tz`'s local time) and a delivery's address.
pub fn csv(preparation: &Preparation, tz: &str) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record([
        "pickup", "order", "buyer", "producer", "product", "unit", "size", "quantity", "slot",
        "address",
    ]);
    for at in &preparation.pickups {
        for label in &at.labels {
            for q in &label.lines {
                let _ = out.write_record([
                    text_cell(&at.pickup.place).as_str(),
                    &label.number,
                    &text_cell(label.buyer.as_deref().unwrap_or("")),
                    &text_cell(&q.seller_name),
                    &text_cell(&q.product_name),
                    &q.unit,
                    &q.size.to_string(),
                    &q.quantity.to_string(),
                    &label
                        .slot_starts_at
                        .map(|at| local_time(at, tz))
                        .unwrap_or_default(),
                    &text_cell(label.address.as_deref().unwrap_or("")),
                ]);
            }
        }
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A time as a spreadsheet reads it: `2026-12-05 10:30`, in `tz`.
fn local_time(ms: i64, tz: &str) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .ok()
        .zip(jiff::tz::TimeZone::get(tz).ok())
        .map(|(t, zone)| t.to_zoned(zone).strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The pick list and the orders' labels as a PDF to print: the quantities
/// in all and per pickup point, then one framed label per order, two to a
/// row. `tz` is the reader's time zone.
pub fn pdf(
    preparation: &Preparation,
    title: &str,
    tr: &kernel::i18n::Tr,
    tz: &str,
) -> Result<Vec<u8>, AppError> {
    use crate::pdf::{Layout, MARGIN, Op, WIDTH};
    let size = |q: &Quantity| crate::invoices::described("", &q.unit, q.size);
    let mut l = Layout::new()?;
    let right = WIDTH - MARGIN;
    l.y += 16.0;
    l.text(MARGIN, 16.0, true, title);
    l.y += 8.0;
    let table = |l: &mut Layout, heading: &str, quantities: &[Quantity]| {
        l.room(40.0);
        l.y += 22.0;
        l.text(MARGIN, 11.0, true, heading);
        l.rule();
        for q in quantities {
            l.room(14.0);
            l.y += 14.0;
            l.text(
                MARGIN,
                10.0,
                false,
                &format!("{}{}", q.product_name, size(q)),
            );
            l.text(MARGIN + 280.0, 9.0, false, &q.seller_name);
            l.right(right, 10.0, true, &q.quantity.to_string());
        }
    };
    table(
        &mut l,
        &tr.t("market-preparation-total"),
        &preparation.total,
    );
    for at in &preparation.pickups {
        let heading = format!(
            "{} — {}",
            at.pickup.place,
            kernel::l10n::date_time(tr.lang, at.pickup.starts_at, tz)
        );
        table(&mut l, &heading, &at.quantities);
    }
    // The labels, on pages of their own.
    let labels: Vec<(&AtPickup, &Label)> = preparation
        .pickups
        .iter()
        .flat_map(|at| at.labels.iter().map(move |label| (at, label)))
        .collect();
    let column = (right - MARGIN - 12.0) / 2.0;
    for (i, pair) in labels.chunks(2).enumerate() {
        let height = pair
            .iter()
            .map(|(_, label)| {
                let extra =
                    u8::from(label.slot_starts_at.is_some()) + u8::from(label.address.is_some());
                52.0 + 13.0 * (label.lines.len() as f32 + f32::from(extra))
            })
            .fold(0.0, f32::max);
        if i == 0 {
            l.pages.push(Vec::new());
            l.y = MARGIN;
        }
        l.room(height + 12.0);
        let top = l.y;
        for (j, (at, label)) in pair.iter().enumerate() {
            let x = MARGIN + j as f32 * (column + 12.0);
            l.op(Op::Frame {
                x,
                y: top,
                width: column,
                height,
            });
            l.y = top + 20.0;
            l.text(x + 10.0, 14.0, true, &label.number);
            if let Some(buyer) = &label.buyer {
                l.right(x + column - 10.0, 11.0, true, buyer);
            }
            l.y += 14.0;
            l.text(x + 10.0, 9.0, false, &at.pickup.place);
            if let (Some(from), Some(to)) = (label.slot_starts_at, label.slot_ends_at) {
                l.y += 13.0;
                let from = kernel::l10n::date_time(tr.lang, from, tz);
                let to = kernel::l10n::date_time(tr.lang, to, tz);
                l.text(
                    x + 10.0,
                    9.5,
                    true,
                    &tr.format("market-slot-at", &[("from", &from), ("to", &to)]),
                );
            }
            if let Some(address) = &label.address {
                l.y += 13.0;
                l.text(x + 10.0, 9.0, false, address);
            }
            for q in &label.lines {
                l.y += 13.0;
                l.text(
                    x + 10.0,
                    9.5,
                    false,
                    &format!("{} × {}{}", q.quantity, q.product_name, size(q)),
                );
            }
        }
        l.y = top + height + 12.0;
    }
    crate::pdf::render(&l)
}

/// One pickup point (or a home delivery round) of one hub's cycle, with
/// what a producer brings there.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Drop {
    pub cycle_id: String,
    pub cycle_name: String,
    /// The hub whose pickup point it is: the one that runs the cycle (or
    /// the producer's own shop), or a hub distributing it.
    pub shop_name: String,
    /// Whether the cycle is closed: its quantities are final; otherwise
    /// they are the orders so far.
    pub closed: bool,
    pub pickup_id: String,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub quantities: Vec<Quantity>,
}

/// What a producer brings in the days to come, across every hub it sells
/// through.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Deliveries {
    /// Every drop's quantities together.
    pub total: Vec<Quantity>,
    /// By the time they start.
    pub drops: Vec<Drop>,
}

/// How long after its end a pickup point still shows: the day of the
/// distribution, whatever time it ends.
const DROP_SHOWN_MS: i64 = 24 * 3600 * 1000;

/// The seller's drops not over yet (a day's grace), in every cycle of every
/// hub, open or closed, for its administrators: only its own products, and
/// no buyer.
pub async fn deliveries(
    db: &Db,
    member: &MemberId,
    seller_id: &str,
) -> Result<Deliveries, AppError> {
    sellers::require_admin(db, seller_id, member).await?;
    let now = kernel::db::now_ms();
    let rows = sqlx::query(
        "SELECT c.id AS cycle_id, c.name AS cycle_name, c.opens_at, c.closes_at, c.closed_at, COALESCE(ph.name, sh.name) AS shop_name, p.id AS pickup_id, \
         p.place, p.starts_at, p.ends_at, so.name AS seller_name, l.product_name, l.unit, l.size, l.quantity \
         FROM market_order_lines l JOIN market_orders o ON o.id = l.order_id \
         JOIN market_cycles c ON c.id = o.cycle_id JOIN market_shops sh ON sh.id = c.shop_id \
         JOIN market_pickups p ON p.id = o.pickup_id LEFT JOIN market_shops ph ON ph.id = p.shop_id \
         JOIN organisations so ON so.id = l.seller_id \
         WHERE l.seller_id = $1 AND o.state <> 'cancelled' AND p.ends_at >= $2 \
         ORDER BY p.starts_at, p.id",
    )
    .bind(seller_id)
    .bind(now - DROP_SHOWN_MS)
    .fetch_all(db.pool())
    .await?;
    let mut all: Vec<(String, Quantity)> = Vec::new();
    let mut drops: Vec<(Drop, Vec<(String, Quantity)>)> = Vec::new();
    for r in &rows {
        let pickup_id: String = r.try_get("pickup_id")?;
        let q = quantity_from(r)?;
        all.push((pickup_id.clone(), q.clone()));
        match drops.iter_mut().find(|(d, _)| d.pickup_id == pickup_id) {
            Some((_, lines)) => lines.push((pickup_id, q)),
            None => drops.push((
                Drop {
                    cycle_id: r.try_get("cycle_id")?,
                    cycle_name: r.try_get("cycle_name")?,
                    shop_name: r.try_get("shop_name")?,
                    closed: shops::state_of(
                        r.try_get("opens_at")?,
                        r.try_get("closes_at")?,
                        r.try_get("closed_at")?,
                        now,
                    ) == CycleState::Closed,
                    pickup_id: pickup_id.clone(),
                    place: r.try_get("place")?,
                    starts_at: r.try_get("starts_at")?,
                    ends_at: r.try_get("ends_at")?,
                    quantities: Vec::new(),
                },
                vec![(pickup_id, q)],
            )),
        }
    }
    Ok(Deliveries {
        total: gather(&all),
        drops: drops
            .into_iter()
            .map(|(mut d, lines)| {
                d.quantities = gather(&lines);
                d
            })
            .collect(),
    })
}
