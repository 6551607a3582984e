//! Putting a row of this module (a pot's withdrawal, an expense) to its
//! collective's decision: at most one decision under way per row. The row
//! is claimed before the decision is opened, so two coordinators asking at
//! once open one decision, and a row decided meanwhile gets none; a
//! decision that closed without acting (rejected, or its job found the
//! money short) lets the row be put again.

use kernel::db::{Db, new_id, now_ms};
use kernel::decisions::{self, Decision, DecisionInput, ModuleEffect};
use kernel::{AppError, CollectiveId, MemberId};
use sqlx::Row;

/// A row being put to a decision: `claim:<ms>:<id>` until the decision is
/// linked; one older than [`STALE_MS`] was left by a stopped process.
const CLAIM: &str = "claim:";
const STALE_MS: i64 = 10 * 60 * 1000;

/// Whether the decision `current` still may act on its row: open, or
/// closed with its effect's job not yet run (it would find another
/// decision linked and do nothing); or a fresh claim.
async fn under_way(db: &Db, current: &str, job: &str) -> Result<bool, AppError> {
    if let Some(claim) = current.strip_prefix(CLAIM) {
        let at: i64 = claim
            .split(':')
            .next()
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        return Ok(now_ms() - at < STALE_MS);
    }
    let row = sqlx::query(
        "SELECT d.closed_at, CAST((SELECT COUNT(*) FROM jobs j WHERE j.dedupe_key = $2 \
         AND j.done_at IS NULL AND j.failed_at IS NULL) AS BIGINT) AS pending \
         FROM decisions d WHERE d.id = $1",
    )
    .bind(current)
    .bind(format!("{job}:{current}"))
    .fetch_optional(db.pool())
    .await?;
    Ok(match row {
        Some(r) => {
            r.try_get::<Option<i64>, _>("closed_at")?.is_none()
                || r.try_get::<i64, _>("pending")? > 0
        }
        None => false,
    })
}

/// The row `id` of `table`, in `waiting` state, its current decision
/// `current`.
pub(crate) struct Waiting<'a> {
    pub table: &'static str,
    pub id: &'a str,
    pub waiting: &'static str,
    pub current: Option<&'a str>,
    /// The refusal when a decision is already under way.
    pub busy: &'static str,
}

pub(crate) async fn put(
    db: &Db,
    member: &MemberId,
    collective: &CollectiveId,
    row: Waiting<'_>,
    decision: &DecisionInput,
    effect: ModuleEffect,
) -> Result<Decision, AppError> {
    if let Some(current) = row.current
        && under_way(db, current, effect.job).await?
    {
        return Err(AppError::Conflict(row.busy));
    }
    let claim = format!("{CLAIM}{}:{}", now_ms(), new_id());
    let link = |sql: &str| {
        format!(
            "UPDATE {} SET decision_id = $1 WHERE id = $2 AND {sql}",
            row.table
        )
    };
    let claimed = sqlx::query(&link(
        "state = $3 AND (decision_id = $4 OR (decision_id IS NULL AND $5 = 0))",
    ))
    .bind(&claim)
    .bind(row.id)
    .bind(row.waiting)
    .bind(row.current.unwrap_or(""))
    .bind(i64::from(row.current.is_some()))
    .execute(db.writer())
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(AppError::Conflict(row.busy));
    }
    let opened = decisions::create_with_effect(db, member, collective, decision, effect).await;
    let linked = match &opened {
        Ok(d) => Some(d.id.as_str()),
        Err(_) => row.current,
    };
    sqlx::query(&link("decision_id = $3"))
        .bind(linked)
        .bind(row.id)
        .bind(&claim)
        .execute(db.writer())
        .await?;
    opened
}
