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

/// Failed sign-ins for one account from one client address: past this, that
/// address is refused for the account, and only that one.
pub const FAILURES_PER_CLIENT: Limit = Limit {
    max: 10,
    window_ms: 15 * 60 * 1000,
};
/// Failed sign-ins for one account from anywhere: past `max`, every attempt
/// on it is slowed down ([`slowdown`]), never refused, so that nobody can
/// lock its owner out by failing on purpose.
pub const FAILURES_PER_ACCOUNT: Limit = Limit {
    max: 10,
    window_ms: 15 * 60 * 1000,
};

fn window_start(limit: Limit) -> i64 {
    let now = now_ms();
    now - now.rem_euclid(limit.window_ms)
}

/// Counts one hit in `bucket`; returns how many the window holds now.
pub async fn record(db: &Db, bucket: &str, limit: Limit) -> Result<i64, AppError> {
    let row = sqlx::query(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 \
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start(limit))
    .fetch_one(db.writer())
    .await?;
    Ok(row.try_get("hits")?)
}

/// How many hits `bucket` holds in the current window.
pub async fn count(db: &Db, bucket: &str, limit: Limit) -> Result<i64, AppError> {
    let row = sqlx::query("SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start = $2")
        .bind(bucket)
        .bind(window_start(limit))
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|r| r.try_get("hits")).transpose()?.unwrap_or(0))
}

fn refused() -> AppError {
    metrics::counter!("freeco_rate_limited_total").increment(1);
    AppError::TooManyRequests
}

/// Counts one hit in `bucket`; refuses once the window holds more than `limit.max`.
pub async fn hit(db: &Db, bucket: &str, limit: Limit) -> Result<(), AppError> {
    if record(db, bucket, limit).await? > limit.max {
        Err(refused())
    } else {
        Ok(())
    }
}

/// Refuses once `bucket` already holds `limit.max` hits, counting none.
pub async fn check(db: &Db, bucket: &str, limit: Limit) -> Result<(), AppError> {
    if count(db, bucket, limit).await? >= limit.max {
        Err(refused())
    } else {
        Ok(())
    }
}

/// How long to wait before answering an attempt on an account that has
/// failed `failures` times in the window: nothing up to the limit, then a
/// quarter of a second more per failure, at most five seconds.
pub fn slowdown(failures: i64, limit: Limit) -> std::time::Duration {
    let over = u64::try_from(failures - limit.max).unwrap_or(0);
    std::time::Duration::from_millis((over * 250).min(5_000))
}

pub async fn purge(db: &Db) -> Result<(), AppError> {
    sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(now_ms() - 24 * 3600 * 1000)
        .execute(db.writer())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slowdown_grows_past_the_limit_and_stays_bounded() {
        let ms = |n| slowdown(n, FAILURES_PER_ACCOUNT).as_millis();
        assert_eq!((ms(0), ms(10)), (0, 0));
        assert_eq!((ms(11), ms(14)), (250, 1_000));
        assert_eq!(ms(10_000), 5_000);
    }
}
