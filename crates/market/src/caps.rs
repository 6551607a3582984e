//! A cycle's optional caps: the most orders, the most turnover (the live
//! orders' totals) and the most of each variant. A checkout that would go
//! beyond one is refused, unless it only makes its order smaller; the one
//! that reaches a cap exactly closes the cycle early, in its transaction,
//! and schedules the closing job now to take the orders' money as at a
//! normal close. The counts are taken under the cycle row's exclusive lock
//! (`still_open` takes it for a capped cycle), so two checkouts never both
//! take the last place.

use std::collections::BTreeMap;

use kernel::AppError;
use kernel::db::{Tx, now_ms};
use serde::Serialize;
use sqlx::Row;

use crate::orders::Order;
use crate::shops::{self, Cycle};

/// Refuses an order that would take the cycle beyond a cap, and closes the
/// cycle when it reaches one. `live` is the order being changed (if any),
/// `total` its new total in cents, `wanted` its new quantities per variant.
pub(crate) async fn enforce(
    tx: &mut Tx,
    cycle: &Cycle,
    live: Option<&Order>,
    total: i64,
    wanted: &BTreeMap<String, i64>,
) -> Result<(), AppError> {
    // Read again under the lock: the caps as they are now.
    let row = sqlx::query(
        "SELECT max_orders, max_turnover, (SELECT COUNT(*) FROM market_cycle_variants \
         WHERE cycle_id = $1 AND max_quantity IS NOT NULL) AS variant_caps FROM market_cycles WHERE id = $1",
    )
    .bind(&cycle.id)
    .fetch_one(&mut **tx)
    .await?;
    let max_orders: Option<i64> = row.try_get("max_orders")?;
    let max_turnover: Option<i64> = row.try_get("max_turnover")?;
    let variant_capped = row.try_get::<i64, _>("variant_caps")? > 0;
    if max_orders.is_none() && max_turnover.is_none() && !variant_capped {
        return Ok(());
    }
    if !cycle.capped() {
        // Caps set since the cycle was read: its row is only shared-locked.
        return Err(AppError::Conflict("market-order-race"));
    }
    let live_id = live.map_or("", |o| o.id.as_str());
    // Each capped variant: its cap, and what the other live orders take.
    let mut variants: Vec<(String, i64, i64)> = Vec::new();
    for r in sqlx::query(
        "SELECT cv.variant_id, cv.max_quantity, CAST((SELECT COALESCE(SUM(l.quantity), 0) \
         FROM market_order_lines l JOIN market_orders o ON o.id = l.order_id \
         WHERE o.cycle_id = cv.cycle_id AND o.state <> 'cancelled' AND o.id <> $2 \
         AND l.variant_id = cv.variant_id) AS BIGINT) AS ordered \
         FROM market_cycle_variants cv WHERE cv.cycle_id = $1 AND cv.max_quantity IS NOT NULL",
    )
    .bind(&cycle.id)
    .bind(live_id)
    .fetch_all(&mut **tx)
    .await?
    {
        variants.push((
            r.try_get("variant_id")?,
            r.try_get("max_quantity")?,
            r.try_get("ordered")?,
        ));
    }
    let others = sqlx::query(
        "SELECT COUNT(*) AS orders, CAST(COALESCE(SUM(total), 0) AS BIGINT) AS turnover \
         FROM market_orders WHERE cycle_id = $1 AND state <> 'cancelled' AND id <> $2",
    )
    .bind(&cycle.id)
    .bind(live_id)
    .fetch_one(&mut **tx)
    .await?;
    let (orders, turnover): (i64, i64) = (others.try_get("orders")?, others.try_get("turnover")?);
    let mut reached = false;
    // A change of an order adds no order.
    if let (Some(max), None) = (max_orders, live) {
        if orders + 1 > max {
            return Err(AppError::field("lines", "error-cap-orders"));
        }
        reached |= orders + 1 == max;
    }
    let before = live.map_or(0, |o| o.total);
    if let Some(max) = max_turnover
        && total > before
    {
        if turnover + total > max {
            return Err(AppError::field("lines", "error-cap-turnover"));
        }
        reached |= turnover + total == max;
    }
    // What the order took of each variant before.
    let mut had: BTreeMap<String, i64> = BTreeMap::new();
    if let Some(o) = live {
        for r in
            sqlx::query("SELECT variant_id, quantity FROM market_order_lines WHERE order_id = $1")
                .bind(&o.id)
                .fetch_all(&mut **tx)
                .await?
        {
            had.insert(r.try_get("variant_id")?, r.try_get("quantity")?);
        }
    }
    let mut grew = false;
    for (variant_id, max, ordered) in &variants {
        let want = wanted.get(variant_id).copied().unwrap_or(0);
        if want > had.get(variant_id).copied().unwrap_or(0) {
            if ordered + want > *max {
                return Err(AppError::field("lines", "error-cap-product"));
            }
            grew = true;
        }
    }
    // Every variant capped and all taken: nothing is left to sell.
    let all_taken = cycle.variant_ids.len() == variants.len()
        && variants
            .iter()
            .all(|(v, max, ordered)| ordered + wanted.get(v).copied().unwrap_or(0) >= *max);
    reached |= grew && all_taken;
    if reached {
        close_early(tx, &cycle.id).await?;
    }
    Ok(())
}

/// Closes the cycle now, in the checkout's transaction (which holds its
/// row), and has the closing job take the orders' money at once.
async fn close_early(tx: &mut Tx, cycle_id: &str) -> Result<(), AppError> {
    #[derive(Serialize)]
    struct Close<'a> {
        cycle_id: &'a str,
    }
    let now = now_ms();
    sqlx::query(
        "UPDATE market_cycles SET closed_at = $1, cap_reached_at = $1 WHERE id = $2 AND closed_at IS NULL",
    )
    .bind(now)
    .bind(cycle_id)
    .execute(&mut **tx)
    .await?;
    kernel::jobs::enqueue(
        &mut *tx,
        kernel::jobs::NewJob {
            kind: shops::JOB_CLOSE,
            payload: &Close { cycle_id },
            run_at: now,
            dedupe_key: Some(format!("{}:{cycle_id}:cap", shops::JOB_CLOSE)),
            max_attempts: 20,
        },
    )
    .await
}
