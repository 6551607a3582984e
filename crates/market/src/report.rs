//! What the market's closed cycles did with the buyers' money, for
//! everyone to see: per cycle, what was paid and the shares of the
//! producers, the shops (their fees), the platform's technical fee and the
//! solidarity fund — the "25 % down to 5 %", measured. No member appears.
//! A cycle counts once every order of it is settled (paid or cancelled:
//! figures moving at each collection would tell one basket from the next)
//! and only with at least [`MIN_ORDERS`] paid orders, so that no one's
//! basket can be read from a small cycle's figures, nor from the total.

use kernel::AppError;
use kernel::db::Db;
use kernel::fees::{FeeRule, PaymentKind};
use serde::Serialize;
use sqlx::Row;
use utoipa::ToSchema;

/// The fewest paid orders a cycle shows its own figures with.
pub const MIN_ORDERS: i64 = 5;

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Shares {
    pub orders: i64,
    /// What the buyers paid, platform fee included, in cents.
    pub paid: i64,
    /// The producers' goods and fees.
    pub producers: i64,
    /// The shops' fees.
    pub shops: i64,
    /// The platform's technical fee, less its solidarity share.
    pub platform: i64,
    pub solidarity: i64,
}

impl Shares {
    pub fn add(&mut self, other: &Shares) {
        self.orders += other.orders;
        self.paid += other.paid;
        self.producers += other.producers;
        self.shops += other.shops;
        self.platform += other.platform;
        self.solidarity += other.solidarity;
    }

    /// A share of what was paid, in hundredths of a percent.
    pub fn percent_of(&self, part: i64) -> i64 {
        if self.paid == 0 {
            0
        } else {
            (part * 10_000 + self.paid / 2) / self.paid
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CycleShares {
    pub cycle_id: String,
    pub shop_name: String,
    pub name: String,
    pub closed_at: i64,
    pub shares: Shares,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Report {
    /// Settled cycles with enough orders to show, newest first.
    pub cycles: Vec<CycleShares>,
    /// Those cycles together.
    pub total: Shares,
    /// Unsold goods given to the solidarity stock at distributions, in
    /// all: how many items, and what they were sold at (cents).
    pub donated_items: i64,
    pub donated_value: i64,
}

/// The columns one paid order's [`Shares`] are worked out from, for a
/// query on `market_orders o`: its frozen total, platform fee and fee rule,
/// and what of it goes to producers (goods and their own fees).
pub const ORDER_SHARE_COLUMNS: &str = "o.total, o.platform_fee, o.fee_rate_bp, o.solidarity_bp, \
     o.refunded_producers, o.refunded_shops, o.refunded_fee, o.refunded_solidarity, \
     CAST((SELECT COALESCE(SUM(l.unit_price * l.quantity), 0) FROM market_order_lines l WHERE l.order_id = o.id) AS BIGINT) AS goods, \
     CAST((SELECT COALESCE(SUM(ch.amount), 0) FROM market_order_charges ch WHERE ch.order_id = o.id AND ch.seller_id IS NOT NULL) AS BIGINT) AS producer_fees";

/// One paid order's shares, from a row with [`ORDER_SHARE_COLUMNS`]: the
/// solidarity share quoted on its total with its frozen rule, as the
/// capture split it.
pub fn order_shares(r: &sqlx::any::AnyRow) -> Result<Shares, sqlx::Error> {
    let total: i64 = r.try_get("total")?;
    let fee: i64 = r.try_get("platform_fee")?;
    let rule = FeeRule {
        technical_bp: u32::try_from(r.try_get::<i64, _>("fee_rate_bp")?).unwrap_or(0),
        between_members_bp: 0,
        solidarity_share_bp: u32::try_from(r.try_get::<i64, _>("solidarity_bp")?).unwrap_or(0),
    };
    let solidarity = rule
        .quote(PaymentKind::Technical, total.max(0) as u64)
        .solidarity;
    let producers = r.try_get::<i64, _>("goods")? + r.try_get::<i64, _>("producer_fees")?;
    // Less what came back of each share for missing items.
    let back = |column: &str| r.try_get::<i64, _>(column);
    let (to_producers, to_shops) = (back("refunded_producers")?, back("refunded_shops")?);
    let (fee_back, solidarity_back) = (back("refunded_fee")?, back("refunded_solidarity")?);
    Ok(Shares {
        orders: 1,
        paid: total + fee - to_producers - to_shops - fee_back - solidarity_back,
        producers: producers - to_producers,
        shops: total - producers - to_shops,
        platform: fee - solidarity - fee_back,
        solidarity: solidarity - solidarity_back,
    })
}

pub async fn report(db: &Db) -> Result<Report, AppError> {
    // Per paid order: its money, and what of it went to producers.
    let sql = format!(
        "SELECT c.id AS cycle_id, s.name AS shop_name, c.name, c.closed_at, {ORDER_SHARE_COLUMNS} \
         FROM market_orders o JOIN market_cycles c ON c.id = o.cycle_id JOIN market_shops s ON s.id = c.shop_id \
         WHERE o.captured_at IS NOT NULL AND c.closed_at IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM market_orders w WHERE w.cycle_id = c.id AND w.state = 'placed' AND w.captured_at IS NULL) \
         ORDER BY c.closed_at DESC, c.id"
    );
    let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
    let mut cycles: Vec<CycleShares> = Vec::new();
    for r in &rows {
        let order = order_shares(r)?;
        let id: String = r.try_get("cycle_id")?;
        match cycles.last_mut().filter(|c| c.cycle_id == id) {
            Some(c) => c.shares.add(&order),
            None => cycles.push(CycleShares {
                cycle_id: id,
                shop_name: r.try_get("shop_name")?,
                name: r.try_get("name")?,
                closed_at: r.try_get("closed_at")?,
                shares: order,
            }),
        }
    }
    cycles.retain(|c| c.shares.orders >= MIN_ORDERS);
    let mut total = Shares::default();
    for c in &cycles {
        total.add(&c.shares);
    }
    let given = sqlx::query(
        "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS items, \
           CAST(COALESCE(SUM(value), 0) AS BIGINT) AS value FROM market_donations",
    )
    .fetch_one(db.pool())
    .await?;
    Ok(Report {
        cycles,
        total,
        donated_items: given.try_get("items")?,
        donated_value: given.try_get("value")?,
    })
}
