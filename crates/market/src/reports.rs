//! Sales reports, for those who sell: what the paid orders of a period
//! came to per cycle, producer, product, pickup point and fee, and what
//! each member paid. Paid orders only: their money was taken (at the close,
//! or at collection); cancelled orders and those still held count nowhere.
//! A cycle belongs to the period of its close.
//!
//! Who sees what. Those who run a shop (a hub's coordinators, or a seller
//! selling alone) see their shop's cycles whole: every producer's lines,
//! the fees, the platform's fee and solidarity share (worked out as
//! [`crate::report`] does for everyone, order by order), and each member's
//! name with what it paid — a hub knows its members, it hands the orders
//! over. A seller's administrators see their own sales across every shop:
//! their products' lines and their own fees, never another producer's
//! lines, never who bought (quantities, not who paid what).

use std::collections::BTreeMap;
use std::fmt::Write;

use kernel::db::Db;
use kernel::error::Checks;
use kernel::i18n::Lang;
use kernel::validate::schema;
use kernel::{AppError, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::{IntoParams, ToSchema};

use crate::catalogue_csv::{hundredths, text_cell};
use crate::report::{ORDER_SHARE_COLUMNS, Shares, order_shares};
use crate::{sellers, shops};
use web::xml_escape;

/// Whose sales a report tells.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// A shop's, for those who run it.
    Shop(&'a str),
    /// A seller's own, across shops, for its administrators.
    Seller(&'a str),
}

/// The period asked, as typed (`YYYY-MM-DD` days in the reader's time
/// zone, inclusive), or one cycle.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct ReportQuery {
    #[serde(default)]
    #[param(schema_with = report_from)]
    pub from: Option<String>,
    #[serde(default)]
    #[param(schema_with = report_to)]
    pub to: Option<String>,
    #[serde(default)]
    #[param(schema_with = report_cycle)]
    pub cycle: Option<String>,
}

kernel::described! {
    /// Cycles closed on this day (`YYYY-MM-DD`, the member's time zone) or
    /// later; absent or empty for no bound.
    fn report_from = schema::date_or_empty();
    /// Cycles closed on this day or earlier, not before `from`; absent or
    /// empty for no bound.
    fn report_to = schema::date_or_empty();
    /// One closed cycle of the report's (the shop's, or one the seller took
    /// part in); absent or empty for all.
    fn report_cycle = schema::no_nul();
}

/// The period, read: close times from `from` (inclusive) to `to`
/// (exclusive), in ms, and the one cycle, if asked.
#[derive(Debug, Clone)]
pub struct Period {
    pub from: i64,
    pub to: i64,
    pub cycle: Option<String>,
}

/// The start of `day` in `tz` and of the day after it, in ms; the first
/// and last days jiff knows stand for before and after anything.
fn day_bounds(day: &str, tz: &str) -> Option<(i64, i64)> {
    let date: jiff::civil::Date = day.trim().parse().ok()?;
    let zone = jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC);
    let edge = if date.year() < 0 { i64::MIN } else { i64::MAX };
    let start_of = |date: jiff::civil::Date| {
        date.to_zoned(zone.clone())
            .map_or(edge, |start| start.timestamp().as_millisecond())
    };
    Some((start_of(date), date.tomorrow().map_or(i64::MAX, start_of)))
}

impl ReportQuery {
    fn given(value: &Option<String>) -> Option<&str> {
        value.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }

    /// The period in `tz`: each date must be one, and `from` not after `to`.
    pub fn period(&self, tz: &str) -> Result<Period, AppError> {
        let mut checks = Checks::new();
        let mut bound = |field: &'static str, value: &Option<String>| match Self::given(value) {
            None => None,
            Some(day) => {
                let bounds = day_bounds(day, tz);
                if bounds.is_none() {
                    checks.add(field, "error-date");
                }
                bounds
            }
        };
        let from = bound("from", &self.from);
        let to = bound("to", &self.to);
        if let (Some(from), Some(to)) = (from, to)
            && from.0 > to.0
        {
            checks.add("to", "error-report-period");
        }
        checks.finish()?;
        Ok(Period {
            from: from.map_or(i64::MIN, |b| b.0),
            to: to.map_or(i64::MAX, |b| b.1),
            cycle: Self::given(&self.cycle).map(str::to_owned),
        })
    }

    /// The query again, for the CSV links of the same period.
    pub fn query_string(&self) -> String {
        let part = |v: &Option<String>| kernel::validate::urlencode(Self::given(v).unwrap_or(""));
        format!(
            "from={}&to={}&cycle={}",
            part(&self.from),
            part(&self.to),
            part(&self.cycle)
        )
    }
}

/// What some paid orders came to, in cents including VAT.
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq, Eq)]
pub struct Sales {
    /// Paid orders with something of it.
    pub orders: i64,
    /// Units sold.
    pub quantity: i64,
    /// The goods at their frozen prices.
    pub goods: i64,
    /// The fees charged on them.
    pub fees: i64,
    /// Goods and fees.
    pub amount: i64,
}

impl Sales {
    fn from_row(r: &sqlx::any::AnyRow) -> Result<Sales, sqlx::Error> {
        let goods: i64 = r.try_get("goods")?;
        let fees: i64 = r.try_get("fees")?;
        Ok(Sales {
            orders: r.try_get("orders")?,
            quantity: r.try_get("quantity")?,
            goods,
            fees,
            amount: goods + fees,
        })
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CycleSales {
    pub cycle_id: String,
    pub shop_name: String,
    pub name: String,
    pub closed_at: i64,
    pub sales: Sales,
    /// Where the buyers' money went: for those who run the shop only.
    pub shares: Option<Shares>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProducerSales {
    pub seller_id: String,
    pub name: String,
    /// Its goods and its own fees.
    pub sales: Sales,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProductSales {
    pub seller_name: String,
    pub variant_id: String,
    /// The product's name, unit and size as sold (a renamed product shows
    /// once per name).
    pub product_name: String,
    pub unit: String,
    pub size: i64,
    /// Its goods only (`fees` is 0: fees are counted per fee).
    pub sales: Sales,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PickupSales {
    /// The place, as named in each cycle (one row for the same name).
    pub place: String,
    /// Cycles it served.
    pub cycles: i64,
    pub sales: Sales,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeeCollected {
    pub name: String,
    /// packing, transport, admin, sales or fundraising; or `platform` (the
    /// platform's fee less its solidarity share) and `solidarity`, in a
    /// shop's report.
    pub kind: String,
    /// The producer it goes to; none: a shop (or the platform).
    pub seller_id: Option<String>,
    /// The producer's name, or the shop's it goes to (the coordinating
    /// shop, or a hub distributing the cycle); none: the platform.
    pub seller_name: Option<String>,
    /// Orders it was charged on.
    pub orders: i64,
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberPaid {
    pub member_id: String,
    pub name: String,
    pub orders: i64,
    /// Goods and fees.
    pub total: i64,
    /// What the member paid: the total and the platform's fee.
    pub paid: i64,
}

/// A closed cycle the period can be narrowed to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CycleChoice {
    pub id: String,
    pub shop_name: String,
    pub name: String,
    pub closed_at: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SalesReport {
    /// `shop` or `seller`.
    pub scope: String,
    /// The shop's or the seller's id and name.
    pub id: String,
    pub name: String,
    /// The period's close times, in ms (from inclusive, to exclusive), when
    /// bounded.
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub cycle_id: Option<String>,
    /// The closed cycles the period may be narrowed to, newest first.
    pub closed_cycles: Vec<CycleChoice>,
    pub total: Sales,
    /// The buyers' money in all: in a shop's report only.
    pub shares: Option<Shares>,
    /// Oldest close first.
    pub cycles: Vec<CycleSales>,
    /// Each producer's sales: in a shop's report only.
    pub producers: Option<Vec<ProducerSales>>,
    pub products: Vec<ProductSales>,
    pub pickups: Vec<PickupSales>,
    pub fees: Vec<FeeCollected>,
    /// What each member paid: in a shop's report only.
    pub members: Option<Vec<MemberPaid>>,
}

/// The paid orders of the period: `$2`, `$3` bound the cycle's close, `$4`
/// names one cycle or is empty.
const PAID: &str = "o.captured_at IS NOT NULL AND o.state <> 'cancelled' AND c.closed_at IS NOT NULL \
     AND c.closed_at >= $2 AND c.closed_at < $3 AND ($4 = '' OR c.id = $4)";

/// A shop's orders: those of the cycles it coordinates, and those at its
/// pickup points in the cycles it distributes.
const SHOP_ORDERS: &str =
    "(c.shop_id = $1 OR o.pickup_id IN (SELECT id FROM market_pickups WHERE shop_id = $1))";

/// Every line and every fee charged of the scope's paid orders, one row
/// each: a line's goods and quantity, or a fee's amount; less what was
/// missing and refunded (a line's fees in proportion, as refunded).
fn items(scope: Scope) -> String {
    let (lines, charges) = match scope {
        Scope::Shop(_) => (SHOP_ORDERS, SHOP_ORDERS),
        Scope::Seller(_) => ("l.seller_id = $1", "ch.seller_id = $1"),
    };
    format!(
        "SELECT o.id AS order_id, o.cycle_id, o.pickup_id, l.seller_id, l.variant_id, l.product_name, l.unit, l.size, \
         l.quantity - l.missing AS quantity, l.unit_price * (l.quantity - l.missing) AS goods, 0 AS fees \
         FROM market_order_lines l JOIN market_orders o ON o.id = l.order_id JOIN market_cycles c ON c.id = o.cycle_id \
         WHERE {PAID} AND {lines} \
         UNION ALL \
         SELECT o.id AS order_id, o.cycle_id, o.pickup_id, ch.seller_id, NULL, NULL, NULL, NULL, 0, 0, \
           ch.amount - COALESCE((SELECT ch.amount * m.missing / m.quantity FROM market_order_lines m \
             WHERE m.order_id = ch.order_id AND m.variant_id = ch.variant_id), 0) \
         FROM market_order_charges ch JOIN market_orders o ON o.id = ch.order_id JOIN market_cycles c ON c.id = o.cycle_id \
         WHERE {PAID} AND {charges}"
    )
}

/// The sums every grouped table shows.
const SUMS: &str = "COUNT(DISTINCT x.order_id) AS orders, CAST(COALESCE(SUM(x.quantity), 0) AS BIGINT) AS quantity, \
     CAST(COALESCE(SUM(x.goods), 0) AS BIGINT) AS goods, CAST(COALESCE(SUM(x.fees), 0) AS BIGINT) AS fees";

/// The report of `scope` for `member`, who must run the shop or administer
/// the seller (else 403; an unknown shop or seller is 404).
pub async fn report(
    db: &Db,
    member: &MemberId,
    scope: Scope<'_>,
    query: &ReportQuery,
    time_zone: &str,
) -> Result<SalesReport, AppError> {
    let (kind, id, name) = match scope {
        Scope::Shop(id) => {
            let shop = shops::shop(db, id).await?;
            shops::require_runs(db, &shop, member).await?;
            ("shop", shop.id, shop.name)
        }
        Scope::Seller(id) => {
            let seller = sellers::get(db, id).await?;
            sellers::require_admin(db, id, member).await?;
            ("seller", seller.id, seller.name)
        }
    };
    let period = query.period(time_zone)?;
    let closed_cycles = closed_cycles(db, scope).await?;
    if let Some(c) = &period.cycle
        && !closed_cycles.iter().any(|k| &k.id == c)
    {
        return Err(AppError::field("cycle", "error-report-cycle"));
    }
    let scope_id = match scope {
        Scope::Shop(id) | Scope::Seller(id) => id.to_owned(),
    };
    let cycle = period.cycle.clone().unwrap_or_default();
    macro_rules! fetch {
        ($sql:expr) => {
            sqlx::query($sql)
                .bind(&scope_id)
                .bind(period.from)
                .bind(period.to)
                .bind(&cycle)
                .fetch_all(db.pool())
                .await?
        };
    }
    let items = items(scope);

    // Per cycle.
    let sql = format!(
        "SELECT x.cycle_id, c.name, c.closed_at, s.name AS shop_name, {SUMS} FROM ({items}) x \
         JOIN market_cycles c ON c.id = x.cycle_id JOIN market_shops s ON s.id = c.shop_id \
         GROUP BY x.cycle_id, c.name, c.closed_at, s.name ORDER BY c.closed_at, x.cycle_id"
    );
    let mut cycles = Vec::new();
    for r in &fetch!(&sql) {
        cycles.push(CycleSales {
            cycle_id: r.try_get("cycle_id")?,
            shop_name: r.try_get("shop_name")?,
            name: r.try_get("name")?,
            closed_at: r.try_get("closed_at")?,
            sales: Sales::from_row(r)?,
            shares: None,
        });
    }
    let mut total = Sales::default();
    for c in &cycles {
        total.quantity += c.sales.quantity;
        total.goods += c.sales.goods;
        total.fees += c.sales.fees;
        total.amount += c.sales.amount;
        // An order is in one cycle only.
        total.orders += c.sales.orders;
    }

    // Per product (variant as sold).
    let sql = format!(
        "SELECT x.variant_id, x.product_name, x.unit, x.size, g.name AS seller_name, {SUMS} FROM ({items}) x \
         JOIN organisations g ON g.id = x.seller_id WHERE x.variant_id IS NOT NULL \
         GROUP BY x.seller_id, g.name, x.variant_id, x.product_name, x.unit, x.size"
    );
    let mut products = Vec::new();
    for r in &fetch!(&sql) {
        products.push(ProductSales {
            seller_name: r.try_get("seller_name")?,
            variant_id: r.try_get("variant_id")?,
            product_name: r.try_get("product_name")?,
            unit: r.try_get("unit")?,
            size: r.try_get("size")?,
            sales: Sales::from_row(r)?,
        });
    }
    // Sorted here, not by the database: SQLite and PostgreSQL collate
    // names differently.
    products.sort_by(|a, b| {
        (
            &a.seller_name,
            &a.product_name,
            &a.unit,
            a.size,
            &a.variant_id,
        )
            .cmp(&(
                &b.seller_name,
                &b.product_name,
                &b.unit,
                b.size,
                &b.variant_id,
            ))
    });

    // Per pickup point, by its place's name.
    let sql = format!(
        "SELECT p.place, COUNT(DISTINCT x.cycle_id) AS cycles, {SUMS} FROM ({items}) x \
         JOIN market_pickups p ON p.id = x.pickup_id GROUP BY p.place"
    );
    let mut pickups = Vec::new();
    for r in &fetch!(&sql) {
        pickups.push(PickupSales {
            place: r.try_get("place")?,
            cycles: r.try_get("cycles")?,
            sales: Sales::from_row(r)?,
        });
    }
    pickups.sort_by(|a, b| a.place.cmp(&b.place));

    // Per fee, by its name, kind and payee across cycles.
    let charges_scope = match scope {
        Scope::Shop(_) => SHOP_ORDERS,
        Scope::Seller(_) => "ch.seller_id = $1",
    };
    let sql = format!(
        "SELECT ch.name, ch.kind, ch.seller_id, COALESCE(g.name, hs.name) AS seller_name, COUNT(DISTINCT o.id) AS orders, \
         CAST(SUM(ch.amount) AS BIGINT) AS amount \
         FROM market_order_charges ch JOIN market_orders o ON o.id = ch.order_id JOIN market_cycles c ON c.id = o.cycle_id \
         LEFT JOIN organisations g ON g.id = ch.seller_id \
         LEFT JOIN market_shops hs ON ch.seller_id IS NULL AND hs.id = COALESCE(ch.shop_id, c.shop_id) \
         WHERE {PAID} AND {charges_scope} GROUP BY ch.name, ch.kind, ch.seller_id, g.name, hs.name"
    );
    let mut fees = Vec::new();
    for r in &fetch!(&sql) {
        fees.push(FeeCollected {
            name: r.try_get("name")?,
            kind: r.try_get("kind")?,
            seller_id: r.try_get("seller_id")?,
            seller_name: r.try_get("seller_name")?,
            orders: r.try_get("orders")?,
            amount: r.try_get("amount")?,
        });
    }
    // The shop's fees first, then each producer's.
    fees.sort_by(|a, b| {
        (a.seller_id.is_some(), &a.seller_name, &a.name, &a.kind).cmp(&(
            b.seller_id.is_some(),
            &b.seller_name,
            &b.name,
            &b.kind,
        ))
    });

    let (mut shares, mut producers, mut members) = (None, None, None);
    if let Scope::Shop(_) = scope {
        // Where the buyers' money went, order by order as the capture
        // split it, then per cycle.
        let sql = format!(
            "SELECT o.cycle_id, {ORDER_SHARE_COLUMNS} FROM market_orders o \
             JOIN market_cycles c ON c.id = o.cycle_id WHERE {PAID} AND {SHOP_ORDERS}"
        );
        let mut per_cycle: BTreeMap<String, Shares> = BTreeMap::new();
        let mut all = Shares::default();
        for r in &fetch!(&sql) {
            let order = order_shares(r)?;
            all.add(&order);
            per_cycle
                .entry(r.try_get("cycle_id")?)
                .or_default()
                .add(&order);
        }
        for c in &mut cycles {
            c.shares = per_cycle.remove(&c.cycle_id);
        }
        let with_orders = all.orders;
        for (kind, amount) in [("platform", all.platform), ("solidarity", all.solidarity)] {
            fees.push(FeeCollected {
                name: String::new(),
                kind: kind.to_owned(),
                seller_id: None,
                seller_name: None,
                orders: with_orders,
                amount,
            });
        }
        shares = Some(all);

        let sql = format!(
            "SELECT x.seller_id, g.name, {SUMS} FROM ({items}) x \
             JOIN organisations g ON g.id = x.seller_id GROUP BY x.seller_id, g.name"
        );
        let mut list = Vec::new();
        for r in &fetch!(&sql) {
            list.push(ProducerSales {
                seller_id: r.try_get("seller_id")?,
                name: r.try_get("name")?,
                sales: Sales::from_row(r)?,
            });
        }
        list.sort_by(|a, b| (&a.name, &a.seller_id).cmp(&(&b.name, &b.seller_id)));
        producers = Some(list);

        let sql = format!(
            "SELECT o.buyer_id, m.display_name, COUNT(*) AS orders, CAST(SUM(o.total) AS BIGINT) AS total, \
             CAST(SUM(o.total + o.platform_fee) AS BIGINT) AS paid \
             FROM market_orders o JOIN market_cycles c ON c.id = o.cycle_id JOIN members m ON m.id = o.buyer_id \
             WHERE {PAID} AND {SHOP_ORDERS} GROUP BY o.buyer_id, m.display_name"
        );
        let mut list = Vec::new();
        for r in &fetch!(&sql) {
            list.push(MemberPaid {
                member_id: r.try_get("buyer_id")?,
                name: r.try_get("display_name")?,
                orders: r.try_get("orders")?,
                total: r.try_get("total")?,
                paid: r.try_get("paid")?,
            });
        }
        list.sort_by(|a, b| (&a.name, &a.member_id).cmp(&(&b.name, &b.member_id)));
        members = Some(list);
    }

    Ok(SalesReport {
        scope: kind.to_owned(),
        id,
        name,
        from: (period.from != i64::MIN).then_some(period.from),
        to: (period.to != i64::MAX).then_some(period.to),
        cycle_id: period.cycle,
        closed_cycles,
        total,
        shares,
        cycles,
        producers,
        products,
        pickups,
        fees,
        members,
    })
}

/// The closed cycles of the scope, newest first: the shop's, or those the
/// seller took part in.
pub async fn closed_cycles(db: &Db, scope: Scope<'_>) -> Result<Vec<CycleChoice>, AppError> {
    let (sql, id) = match scope {
        Scope::Shop(id) => (
            "SELECT c.id, s.name AS shop_name, c.name, c.closed_at FROM market_cycles c \
             JOIN market_shops s ON s.id = c.shop_id WHERE c.closed_at IS NOT NULL AND (c.shop_id = $1 \
             OR EXISTS (SELECT 1 FROM market_cycle_hubs h WHERE h.cycle_id = c.id AND h.shop_id = $1 \
             AND h.accepted_at IS NOT NULL)) ORDER BY c.closed_at DESC, c.id",
            id,
        ),
        Scope::Seller(id) => (
            "SELECT c.id, s.name AS shop_name, c.name, c.closed_at FROM market_cycles c \
             JOIN market_shops s ON s.id = c.shop_id \
             JOIN market_cycle_sellers cs ON cs.cycle_id = c.id AND cs.seller_id = $1 AND cs.accepted_at IS NOT NULL \
             WHERE c.closed_at IS NOT NULL ORDER BY c.closed_at DESC, c.id",
            id,
        ),
    };
    let rows = sqlx::query(sql).bind(id).fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| {
            Ok(CycleChoice {
                id: r.try_get("id")?,
                shop_name: r.try_get("shop_name")?,
                name: r.try_get("name")?,
                closed_at: r.try_get("closed_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

// ---------- CSV ----------

/// The tables a report downloads as CSV.
pub const TABLES: &[&str] = &[
    "cycles",
    "producers",
    "products",
    "pickups",
    "fees",
    "members",
];

fn write(out: &mut csv::Writer<Vec<u8>>, cells: &[String]) {
    let _ = out.write_record(cells);
}

fn sales_cells(s: &Sales) -> [String; 5] {
    [
        s.orders.to_string(),
        s.quantity.to_string(),
        hundredths(s.goods),
        hundredths(s.fees),
        hundredths(s.amount),
    ]
}

/// One table of the report as CSV (amounts in euros with a point, times
/// in `time_zone`), in the style of the preparation sheet; none when the
/// table is not the reader's to see (a seller has no members' table).
pub fn csv(report: &SalesReport, table: &str, time_zone: &str) -> Option<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let sales_header = ["orders", "quantity", "goods", "fees", "amount"];
    let header = |first: &[&str], rest: &[&str]| -> Vec<String> {
        first.iter().chain(rest).map(|h| (*h).to_owned()).collect()
    };
    match table {
        "cycles" => {
            let mut h = header(&["shop", "cycle", "closed_at"], &sales_header);
            let shop = report.shares.is_some();
            if shop {
                h.extend(["paid", "platform_fee", "solidarity"].map(str::to_owned));
            }
            write(&mut out, &h);
            for c in &report.cycles {
                let mut row = vec![
                    text_cell(&c.shop_name),
                    text_cell(&c.name),
                    web::render::format_time(c.closed_at, time_zone),
                ];
                row.extend(sales_cells(&c.sales));
                if shop {
                    let s = c.shares.clone().unwrap_or_default();
                    row.extend([
                        hundredths(s.paid),
                        hundredths(s.platform + s.solidarity),
                        hundredths(s.solidarity),
                    ]);
                }
                write(&mut out, &row);
            }
        }
        "producers" => {
            let producers = report.producers.as_ref()?;
            write(&mut out, &header(&["producer"], &sales_header));
            for p in producers {
                let mut row = vec![text_cell(&p.name)];
                row.extend(sales_cells(&p.sales));
                write(&mut out, &row);
            }
        }
        "products" => {
            write(
                &mut out,
                &header(
                    &["producer", "product", "unit", "size"],
                    &["orders", "quantity", "goods"],
                ),
            );
            for p in &report.products {
                write(
                    &mut out,
                    &[
                        text_cell(&p.seller_name),
                        text_cell(&p.product_name),
                        p.unit.clone(),
                        p.size.to_string(),
                        p.sales.orders.to_string(),
                        p.sales.quantity.to_string(),
                        hundredths(p.sales.goods),
                    ],
                );
            }
        }
        "pickups" => {
            write(&mut out, &header(&["pickup", "cycles"], &sales_header));
            for p in &report.pickups {
                let mut row = vec![text_cell(&p.place), p.cycles.to_string()];
                row.extend(sales_cells(&p.sales));
                write(&mut out, &row);
            }
        }
        "fees" => {
            write(
                &mut out,
                &header(&["fee", "kind", "to", "orders", "amount"], &[]),
            );
            for f in &report.fees {
                write(
                    &mut out,
                    &[
                        text_cell(&f.name),
                        f.kind.clone(),
                        text_cell(f.seller_name.as_deref().unwrap_or("")),
                        f.orders.to_string(),
                        hundredths(f.amount),
                    ],
                );
            }
        }
        "members" => {
            let members = report.members.as_ref()?;
            write(
                &mut out,
                &header(&["member", "orders", "total", "paid"], &[]),
            );
            for m in members {
                write(
                    &mut out,
                    &[
                        text_cell(&m.name),
                        m.orders.to_string(),
                        hundredths(m.total),
                        hundredths(m.paid),
                    ],
                );
            }
        }
        _ => return None,
    }
    String::from_utf8(out.into_inner().ok()?).ok()
}

// ---------- the chart ----------

/// The most cycles the chart shows (the latest); the table has them all.
pub const CHART_CYCLES: usize = 52;

const INK: &str = "#1d2b24";
const GRID: &str = "#d8d4c8";
/// The stylesheet's --color-chart-in.
const BAR: &str = "#2f6b3b";

/// Gridline values from zero to at least `top`: at most four steps of 1, 2
/// or 5 times a power of ten (in euros: whole cents are never a step).
fn ticks(top: i64) -> Vec<i64> {
    let top = top.max(100);
    let rough = top.saturating_add(3) / 4;
    let mut power = 100_i64;
    while power.saturating_mul(10) <= rough {
        power *= 10;
    }
    let step = [1, 2, 5, 10]
        .iter()
        .map(|m| power.saturating_mul(*m))
        .find(|s| *s >= rough)
        .unwrap_or(i64::MAX);
    let steps = (top - 1) / step + 1;
    (0..=steps).map(|i| i.saturating_mul(step)).collect()
}

/// Sales per cycle over time: one column per cycle, oldest on the left,
/// over a money axis with gridlines; each column's `<title>` names its
/// cycle and amount, and the page prints the same figures in a table.
/// Drawn at the size of a phone's screen (360 units wide, scaled to the
/// page's width), so its text stays readable there.
pub fn chart(report: &SalesReport, lang: Lang, time_zone: &str, title: &str) -> String {
    const LEFT: f64 = 62.0;
    const RIGHT: f64 = 356.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 160.0;
    let shown: Vec<&CycleSales> = report
        .cycles
        .iter()
        .rev()
        .take(CHART_CYCLES)
        .rev()
        .collect();
    let money = |v: i64| kernel::l10n::money(lang, v, kernel::wallet::CURRENCY);
    let top = shown.iter().map(|c| c.sales.amount).max().unwrap_or(0);
    let ticks = ticks(top);
    let scale = *ticks.last().unwrap_or(&1) as f64;
    let y = |v: i64| BOTTOM - (v as f64 / scale) * (BOTTOM - TOP);
    let mut svg = format!(
        "<svg class=\"chart-sales\" viewBox=\"0 0 360 196\" width=\"100%\" role=\"img\" aria-label=\"{0}\"><title>{0}</title>",
        xml_escape(title)
    );
    for tick in &ticks {
        let label = whole(&money(*tick));
        let _ = write!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{0:.1}\" x2=\"{RIGHT}\" y2=\"{0:.1}\" stroke=\"{GRID}\"/>\
             <text x=\"{1}\" y=\"{2:.1}\" font-size=\"11\" fill=\"{INK}\" text-anchor=\"end\">{3}</text>",
            y(*tick),
            LEFT - 4.0,
            y(*tick) + 4.0,
            xml_escape(&label),
        );
    }
    let n = shown.len().max(1);
    let slot = (RIGHT - LEFT) / n as f64;
    let width = (slot * 0.7).clamp(1.0, 36.0);
    // At most six dates under the axis, so that they do not run together.
    let every = n.div_ceil(6);
    for (i, c) in shown.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - width) / 2.0;
        let height = (BOTTOM - y(c.sales.amount)).max(if c.sales.amount > 0 { 1.0 } else { 0.0 });
        let day = close_day(c.closed_at, lang, time_zone);
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" fill=\"{BAR}\"><title>{} · {} · {}: {}</title></rect>",
            BOTTOM - height,
            xml_escape(&c.shop_name),
            xml_escape(&c.name),
            xml_escape(&day),
            xml_escape(&money(c.sales.amount)),
        );
        if i % every == 0 {
            // "2 déc." without its year, which the table gives.
            let short = day.rsplit_once(' ').map_or(day.as_str(), |(d, _)| d);
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"176\" font-size=\"11\" fill=\"{INK}\" text-anchor=\"middle\">{}</text>",
                x + width / 2.0,
                xml_escape(short),
            );
        }
    }
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{BOTTOM}\" x2=\"{RIGHT}\" y2=\"{BOTTOM}\" stroke=\"{INK}\"/></svg>"
    );
    svg
}

/// An amount of whole euros without its cents: "1 000 €", "€1,000".
fn whole(money: &str) -> String {
    match money.rfind([',', '.']) {
        Some(at) if money[at + 1..].starts_with("00") => {
            format!("{}{}", &money[..at], &money[at + 3..])
        }
        _ => money.to_owned(),
    }
}

/// The day a cycle closed, as people read it ("2 déc. 2026").
fn close_day(ms: i64, lang: Lang, time_zone: &str) -> String {
    let day = web::render::format_time(ms, time_zone);
    kernel::l10n::date(lang, day.split(' ').next().unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_read_in_the_readers_zone_and_checked() {
        let q = |from: &str, to: &str| ReportQuery {
            from: Some(from.into()),
            to: Some(to.into()),
            cycle: None,
        };
        let p = q("2026-12-01", "2026-12-01")
            .period("Europe/Paris")
            .unwrap();
        // Midnight in Paris is 23:00 UTC the day before, in winter.
        assert_eq!(p.from, 1_796_079_600_000);
        assert_eq!(p.to - p.from, 24 * 3600 * 1000);
        let p = q("", " ").period("Europe/Paris").unwrap();
        assert_eq!((p.from, p.to), (i64::MIN, i64::MAX));
        for (from, to, field, key) in [
            ("2026-12-02", "2026-12-01", "to", "error-report-period"),
            ("2026-13-01", "", "from", "error-date"),
            ("", "yesterday", "to", "error-date"),
        ] {
            match q(from, to).period("Europe/Paris") {
                Err(AppError::Validation(errors)) => {
                    assert_eq!(
                        (errors[0].field, errors[0].key),
                        (field, key),
                        "{from} {to}"
                    )
                }
                other => panic!("{from} {to}: {other:?}"),
            }
        }
    }

    fn with_cycles(count: usize) -> SalesReport {
        let cycles = (0..count)
            .map(|i| CycleSales {
                cycle_id: format!("c{i}"),
                shop_name: "<AMAP & co>".into(),
                name: format!("Semaine {i}"),
                closed_at: 1_796_079_600_000 + i as i64 * 7 * 24 * 3600 * 1000,
                sales: Sales {
                    amount: 1_000 * (i as i64 + 1),
                    ..Sales::default()
                },
                shares: None,
            })
            .collect();
        SalesReport {
            scope: "shop".into(),
            id: "s".into(),
            name: "AMAP".into(),
            from: None,
            to: None,
            cycle_id: None,
            closed_cycles: Vec::new(),
            total: Sales::default(),
            shares: None,
            cycles,
            producers: None,
            products: Vec::new(),
            pickups: Vec::new(),
            fees: Vec::new(),
            members: None,
        }
    }

    #[test]
    fn the_chart_has_a_column_per_cycle_its_text_escaped() {
        let svg = chart(
            &with_cycles(3),
            Lang::Fr,
            "Europe/Paris",
            "Ventes <par> cycle",
        );
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 3);
        assert!(
            svg.contains("role=\"img\"") && svg.contains("<title>Ventes &lt;par&gt; cycle</title>")
        );
        assert!(
            svg.contains(
                "<title>&lt;AMAP &amp; co&gt; · Semaine 2 · 15 déc. 2026: 30,00\u{a0}€</title>"
            ),
            "{svg}"
        );
        assert!(!svg.contains("<AMAP"));
        // The tallest column reaches the top gridline (30 € of 30 €).
        assert!(svg.contains("y=\"10.0\" width"), "{svg}");
        let many = chart(&with_cycles(60), Lang::En, "Europe/Paris", "Sales");
        assert_eq!(many.matches("<rect class=\"bar\"").count(), CHART_CYCLES);
        assert!(!many.contains("Semaine 7 ") && many.contains("Semaine 8 "));
        // At most six dates under the axis.
        assert!(many.matches("text-anchor=\"middle\"").count() <= 6);
    }

    #[test]
    fn axis_labels_are_whole_euros() {
        assert_eq!(
            whole(&kernel::l10n::money(Lang::Fr, 100_000, "EUR")),
            "1\u{202f}000\u{a0}€"
        );
        assert_eq!(
            whole(&kernel::l10n::money(Lang::En, 100_000, "EUR")),
            "€1,000"
        );
        assert_eq!(whole("€1.50"), "€1.50");
    }

    #[test]
    fn axis_steps_are_round_euros_that_reach_the_top() {
        assert_eq!(ticks(0), vec![0, 100]);
        assert_eq!(ticks(2_635), vec![0, 1_000, 2_000, 3_000]);
        assert_eq!(ticks(18_500), vec![0, 5_000, 10_000, 15_000, 20_000]);
        for top in [1, 99, 101, 4_999, 123_456_789, i64::MAX] {
            let t = ticks(top);
            assert!(*t.last().unwrap() >= top && t.len() <= 5, "{top}: {t:?}");
        }
    }
}
