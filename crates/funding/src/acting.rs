//! Putting a row of this module (a pot's withdrawal, an expense) to its
//! collective's decision: at most one decision under way per row. The row
//! is claimed before the decision is opened, so two coordinators asking at
//! once open one decision, and a row decided meanwhile gets none; a
//! decision that closed without acting (rejected, or its job found the
//! money short) lets the row be put again.

use kernel::db::{Db, new_id};
use kernel::decisions::{self, Decision, DecisionInput, ModuleEffect};
use kernel::{AppError, CollectiveId, MemberId};
use sqlx::Row;

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
    if let Some(current) = row.current {
        let open = sqlx::query("SELECT closed_at FROM decisions WHERE id = $1")
            .bind(current)
            .fetch_optional(db.pool())
            .await?
            .map(|r| r.try_get::<Option<i64>, _>("closed_at"))
            .transpose()?
            .is_some_and(|closed| closed.is_none());
        if open || current.starts_with("claim:") {
            return Err(AppError::Conflict(row.busy));
        }
    }
    let claim = format!("claim:{}", new_id());
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
