//! Durable jobs: a table of work to do later (e-mails now; deadlines later).
//!
//! A job is enqueued in the same transaction as the change that causes it, so
//! it exists if and only if that change landed. Workers claim a due job with a
//! lease (`locked_until`); a worker that dies leaves the lease to expire and the
//! job is claimed again. Failures are retried with exponential backoff up to
//! `max_attempts`. Handlers must therefore be idempotent.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use sqlx::Row;
use tokio::sync::watch;

use crate::db::{Backend, Conn, Db, new_id, now_ms};
use crate::error::AppError;

const LEASE_MS: i64 = 5 * 60 * 1000;
const MAX_BACKOFF_MS: i64 = 60 * 60 * 1000;

/// The attempts of a job that holds members' money until it runs (a
/// settlement): after the first minutes, retried hourly for about a month,
/// so that an outage at its hour never strands the money.
pub const MONEY_ATTEMPTS: i64 = 750;

#[derive(Debug, Clone)]
pub struct Job {
    pub id: String,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
    pub max_attempts: i64,
}

pub struct NewJob<'a, P: Serialize> {
    pub kind: &'a str,
    pub payload: &'a P,
    pub run_at: i64,
    /// Enqueuing twice with the same key keeps only the first job.
    pub dedupe_key: Option<String>,
    pub max_attempts: i64,
}

impl<'a, P: Serialize> NewJob<'a, P> {
    pub fn now(kind: &'a str, payload: &'a P) -> Self {
        NewJob {
            kind,
            payload,
            run_at: now_ms(),
            dedupe_key: None,
            max_attempts: 8,
        }
    }
}

/// Enqueues a job, in the caller's transaction (so that it exists if and
/// only if the change that causes it lands) or alone.
pub async fn enqueue<'c, P: Serialize>(
    conn: impl Into<Conn<'c>>,
    job: NewJob<'_, P>,
) -> Result<(), AppError> {
    enqueue_many(conn, std::slice::from_ref(&job)).await
}

/// Enqueues many jobs at once (their payloads of one type), as [`enqueue`]
/// does: a statement per thousand instead of one each.
pub async fn enqueue_many<'c, P: Serialize>(
    conn: impl Into<Conn<'c>>,
    jobs: &[NewJob<'_, P>],
) -> Result<(), AppError> {
    let mut conn = conn.into();
    let now = now_ms();
    for chunk in jobs.chunks(crate::db::ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO jobs (id, kind, payload, dedupe_key, run_at, max_attempts, created_at) \
             VALUES {} ON CONFLICT (dedupe_key) DO NOTHING",
            crate::db::value_rows(1, chunk.len(), 7)
        );
        let mut insert = sqlx::query(&sql);
        for job in chunk {
            let payload = serde_json::to_string(job.payload)
                .map_err(|e| AppError::Internal(format!("job payload: {e}")))?;
            insert = insert
                .bind(new_id())
                .bind(job.kind)
                .bind(payload)
                .bind(job.dedupe_key.clone())
                .bind(job.run_at)
                .bind(job.max_attempts)
                .bind(now);
        }
        conn.execute(insert).await?;
    }
    Ok(())
}

/// Claims one due job for `worker`, or none. Safe with many workers on one
/// PostgreSQL: `SKIP LOCKED` hands each row to exactly one of them, and the
/// lease check in the outer `WHERE` is re-evaluated after any lock wait.
pub async fn claim(db: &Db, worker: &str) -> Result<Option<Job>, AppError> {
    let now = now_ms();
    let pick = match db.backend() {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET locked_by = $1, locked_until = $2, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM jobs WHERE done_at IS NULL AND failed_at IS NULL \
                     AND run_at <= $3 AND (locked_until IS NULL OR locked_until < $3) \
                     ORDER BY run_at LIMIT 1 {pick}) \
           AND (locked_until IS NULL OR locked_until < $3) \
         RETURNING id, kind, payload, attempts, max_attempts"
    );
    let row = sqlx::query(&sql)
        .bind(worker)
        .bind(now + LEASE_MS)
        .bind(now)
        .fetch_optional(db.writer())
        .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    Ok(Some(Job {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        payload: r.try_get("payload")?,
        attempts: r.try_get("attempts")?,
        max_attempts: r.try_get("max_attempts")?,
    }))
}

/// Marks the job done and drops its payload: a sent mail's recipient and
/// text (personal data) are not kept once they have served.
pub async fn complete(db: &Db, job: &Job) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE jobs SET done_at = $1, locked_until = NULL, last_error = NULL, payload = '{}' \
         WHERE id = $2",
    )
    .bind(now_ms())
    .bind(&job.id)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Schedules a retry with exponential backoff, or gives up after `max_attempts`.
pub async fn fail(db: &Db, job: &Job, error: &str) -> Result<(), AppError> {
    let now = now_ms();
    let exponent = u32::try_from(job.attempts.clamp(0, 20)).unwrap_or(20);
    let backoff = (1000i64 << exponent).min(MAX_BACKOFF_MS);
    let give_up = job.attempts >= job.max_attempts;
    sqlx::query(
        "UPDATE jobs SET locked_until = NULL, last_error = $1, run_at = $2, \
         failed_at = CASE WHEN $3 = 1 THEN $4 ELSE NULL END WHERE id = $5",
    )
    .bind(error.chars().take(2000).collect::<String>())
    .bind(now + backoff)
    .bind(i64::from(give_up))
    .bind(now)
    .bind(&job.id)
    .execute(db.writer())
    .await?;
    if give_up {
        tracing::error!(job = %job.id, kind = %job.kind, error, "job failed for good");
    } else {
        tracing::warn!(job = %job.id, kind = %job.kind, error, "job failed, will retry");
    }
    Ok(())
}

/// Runs `batch` over what a job has to do, each time on at most
/// `per_batch` items (it returns how many it did), until it does nothing:
/// then true. With `at_most`, stops once that many are done without
/// finishing, and answers false, as a job stopped in the middle by a restart
/// would (what a test of a restart needs).
pub async fn in_batches<F, Fut>(
    per_batch: usize,
    at_most: Option<usize>,
    mut batch: F,
) -> Result<bool, AppError>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = Result<usize, AppError>>,
{
    let mut done = 0;
    loop {
        let room = at_most.map_or(per_batch, |most| per_batch.min(most.saturating_sub(done)));
        if room == 0 {
            return Ok(false);
        }
        match batch(room).await? {
            0 => return Ok(true),
            n => done += n,
        }
    }
}

type HandlerFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;
type Handler = Arc<dyn Fn(String) -> HandlerFuture + Send + Sync>;

/// What each job kind does. Modules register their kinds at start-up.
#[derive(Clone, Default)]
pub struct Handlers(HashMap<&'static str, Handler>);

impl Handlers {
    /// Runs the handler of the job's kind.
    pub async fn run(&self, job: &Job) -> Result<(), String> {
        match self.0.get(job.kind.as_str()) {
            Some(handler) => handler(job.payload.clone()).await,
            None => Err(format!("no handler for job kind {}", job.kind)),
        }
    }

    pub fn register<F, Fut>(&mut self, kind: &'static str, handler: F)
    where
        F: Fn(String) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), String>> + Send + 'static,
    {
        self.0
            .insert(kind, Arc::new(move |payload| Box::pin(handler(payload))));
    }
}

/// Runs due jobs until `shutdown` turns true.
pub async fn run(db: Db, handlers: Handlers, poll: Duration, mut shutdown: watch::Receiver<bool>) {
    let worker = format!("worker-{}", new_id());
    loop {
        if *shutdown.borrow() {
            return;
        }
        match claim(&db, &worker).await {
            Ok(Some(job)) => {
                let outcome = handlers.run(&job).await;
                let recorded = match outcome {
                    Ok(()) => complete(&db, &job).await,
                    Err(error) => fail(&db, &job, &error).await,
                };
                if let Err(e) = recorded {
                    tracing::error!(error = %e, "cannot record job outcome");
                }
                metrics::counter!("freeco_jobs_run_total", "kind" => job.kind.clone()).increment(1);
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "cannot claim jobs"),
        }
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// Deletes finished jobs, jobs that failed for good a week ago (kept that
/// long for the administrator to see why; their payload and error may name
/// a recipient), and old rate-limit windows; run periodically.
pub async fn housekeeping(db: &Db) -> Result<(), AppError> {
    let week_ago = now_ms() - 7 * 24 * 3600 * 1000;
    sqlx::query(
        "DELETE FROM jobs WHERE (done_at IS NOT NULL AND done_at < $1) \
         OR (failed_at IS NOT NULL AND failed_at < $1)",
    )
    .bind(week_ago)
    .execute(db.writer())
    .await?;
    crate::rate_limit::purge(db).await?;
    sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
        .bind(now_ms())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Counts jobs by state, for metrics and tests.
pub async fn pending_count(db: &Db) -> Result<i64, AppError> {
    let row =
        sqlx::query("SELECT COUNT(*) AS n FROM jobs WHERE done_at IS NULL AND failed_at IS NULL")
            .fetch_one(db.pool())
            .await?;
    Ok(row.try_get("n")?)
}
