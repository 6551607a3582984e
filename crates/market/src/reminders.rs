//! The reminder mailed before a cycle's close, by a durable job
//! `remind_hours` before it: to each member with a live order in the cycle
//! (its total, its pickup, until when it may change), and to each member
//! who ordered from the shop in another of its cycles but not in this one.
//! Each member is reminded at most once per cycle (recorded in the job's
//! transaction); the kernel's notifications mail it in the member's
//! language and time zone, as the member chose for each kind.

use kernel::db::{Db, Tx, now_ms};
use kernel::notifications::{self, Delivery, Kind, Notice};
use kernel::{AppError, MemberId};
use sqlx::Row;

use crate::shops::{self, Cycle, CycleState};

/// A cycle the member ordered in closes soon.
pub const ORDER_REMINDER: Kind = Kind {
    code: "order_reminder",
    default: Delivery::Email,
};
/// A cycle of a shop the member ordered from closes soon.
pub const CYCLE_CLOSING: Kind = Kind {
    code: "cycle_closing",
    default: Delivery::Email,
};

/// Reminds the cycle's members of its close, if the time to is now.
pub async fn remind(db: &Db, cycle_id: &str) -> Result<(), AppError> {
    let cycle = shops::cycle(db, cycle_id).await?;
    let due = cycle.closes_at - cycle.remind_hours * 3600 * 1000;
    // Closed, or a job of a time that no longer holds (the close moved
    // later, the reminder was changed or taken off): nothing to do.
    if cycle.state != CycleState::Open || cycle.remind_hours == 0 || now_ms() < due {
        return Ok(());
    }
    let name = format!("{} · {}", cycle.shop_name, cycle.name);
    let link = format!("/market/cycles/{}", cycle.id);
    let mut tx = db.begin().await?;
    let orders = sqlx::query(
        "SELECT o.buyer_id, o.total + o.platform_fee AS to_pay, p.place, p.starts_at, m.locale \
         FROM market_orders o JOIN market_pickups p ON p.id = o.pickup_id JOIN members m ON m.id = o.buyer_id \
         WHERE o.cycle_id = $1 AND o.state = 'placed' ORDER BY o.buyer_id",
    )
    .bind(&cycle.id)
    .fetch_all(&mut *tx)
    .await?;
    for r in &orders {
        let member = MemberId::from(r.try_get::<String, _>("buyer_id")?.as_str());
        if !first_time(&mut tx, &cycle, &member).await? {
            continue;
        }
        let lang = kernel::i18n::Lang::parse(&r.try_get::<String, _>("locale")?)
            .unwrap_or(kernel::i18n::Lang::Fr);
        let notice = Notice {
            kind: ORDER_REMINDER,
            args: vec![
                ("name", name.clone()),
                (
                    "amount",
                    kernel::l10n::money(lang, r.try_get("to_pay")?, kernel::wallet::CURRENCY),
                ),
                ("place", r.try_get("place")?),
                ("at", notifications::time_arg(r.try_get("starts_at")?)),
                ("until", notifications::time_arg(cycle.closes_at)),
            ],
            link: link.clone(),
            body: String::new(),
            list: None,
        };
        notifications::notify(&mut tx, &member, &notice).await?;
    }
    // Who ordered from the shop in another cycle (not one to come) but
    // not in this one.
    let former = sqlx::query(
        "SELECT DISTINCT o.buyer_id FROM market_orders o JOIN market_cycles c ON c.id = o.cycle_id \
         WHERE c.shop_id = $1 AND c.id <> $2 AND c.opens_at < $3 AND o.state <> 'cancelled' \
         AND NOT EXISTS (SELECT 1 FROM market_orders x WHERE x.cycle_id = $2 AND x.buyer_id = o.buyer_id \
         AND x.state <> 'cancelled') ORDER BY o.buyer_id",
    )
    .bind(&cycle.shop_id)
    .bind(&cycle.id)
    .bind(cycle.opens_at.max(now_ms()))
    .fetch_all(&mut *tx)
    .await?;
    for r in &former {
        let member = MemberId::from(r.try_get::<String, _>("buyer_id")?.as_str());
        if !first_time(&mut tx, &cycle, &member).await? {
            continue;
        }
        let notice = Notice {
            kind: CYCLE_CLOSING,
            args: vec![
                ("name", name.clone()),
                ("until", notifications::time_arg(cycle.closes_at)),
            ],
            link: link.clone(),
            body: String::new(),
            list: None,
        };
        notifications::notify(&mut tx, &member, &notice).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Records that the member is reminded of the cycle; false if it was.
async fn first_time(tx: &mut Tx, cycle: &Cycle, member: &MemberId) -> Result<bool, AppError> {
    let recorded = sqlx::query(
        "INSERT INTO market_cycle_reminders (cycle_id, member_id, sent_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(&cycle.id)
    .bind(member)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(recorded.rows_affected() == 1)
}

/// The cycles the member was reminded of, for the personal-data export.
pub async fn of_member(db: &Db, member: &MemberId) -> Result<serde_json::Value, AppError> {
    let rows = sqlx::query(
        "SELECT cycle_id, sent_at FROM market_cycle_reminders WHERE member_id = $1 ORDER BY sent_at, cycle_id",
    )
    .bind(member)
    .fetch_all(db.pool())
    .await?;
    let list = rows
        .iter()
        .map(|r| {
            Ok(serde_json::json!({
                "cycle_id": r.try_get::<String, _>("cycle_id")?,
                "sent_at": r.try_get::<i64, _>("sent_at")?,
            }))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(serde_json::Value::Array(list))
}
