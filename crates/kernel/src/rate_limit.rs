//! Fixed-window rate limits counted in the database, so every app node sees
//! the same counts.

use sqlx::Row;

use crate::db::{Db, now_ms};
use crate::error::AppError;

#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub max: i64,
    pub window_ms: i64,
}

/// Sign-in and sign-up attempts per client address.
pub const PER_IP: Limit = Limit {
    max: 30,
    window_ms: 15 * 60 * 1000,
};
/// Sign-in attempts against one account, and mails sent to one address.
pub const PER_ACCOUNT: Limit = Limit {
    max: 10,
    window_ms: 15 * 60 * 1000,
};

/// Counts one hit in `bucket`; refuses once the window holds more than `limit.max`.
pub async fn hit(db: &Db, bucket: &str, limit: Limit) -> Result<(), AppError> {
    let now = now_ms();
    let window_start = now - now.rem_euclid(limit.window_ms);
    let row = sqlx::query(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 \
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(db.writer())
    .await?;
    let hits: i64 = row.get("hits");
    if hits > limit.max {
        metrics::counter!("freeco_rate_limited_total").increment(1);
        Err(AppError::TooManyRequests)
    } else {
        Ok(())
    }
}

pub async fn purge(db: &Db) -> Result<(), AppError> {
    sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(now_ms() - 24 * 3600 * 1000)
        .execute(db.writer())
        .await?;
    Ok(())
}
