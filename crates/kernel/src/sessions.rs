//! Browser sessions, stored in the database so any app node can serve any request.
//! The cookie holds a random token; the table holds only its SHA-256.

use crate::ids::MemberId;
use sqlx::Row;

use crate::crypto::{random_token, token_hash};
use crate::db::{Db, now_ms};
use crate::error::AppError;
use crate::members::{MEMBER_COLUMNS, Member, member_from_row};

pub const COOKIE: &str = "freeco_session";
pub const TTL_MS: i64 = 30 * 24 * 3600 * 1000;

pub async fn create(db: &Db, member_id: &MemberId) -> Result<String, AppError> {
    let token = random_token();
    let now = now_ms();
    sqlx::query("INSERT INTO sessions (token_hash, member_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(member_id)
        .bind(now)
        .bind(now + TTL_MS)
        .execute(db.writer())
        .await?;
    Ok(token)
}

/// The member signed in with this session token, if it is valid. Asked on
/// every request, so served from a short-lived cache (see `cache`).
pub async fn member(db: &Db, token: &str) -> Result<Option<Member>, AppError> {
    let hash = token_hash(token);
    let found = db
        .caches()
        .sessions
        .get_or_load(&hash, || async {
            let sql = format!(
                "SELECT {MEMBER_COLUMNS}, s.expires_at FROM sessions s \
                 JOIN members m ON m.id = s.member_id \
                 WHERE s.token_hash = $1 AND m.erased_at IS NULL"
            );
            let row = sqlx::query(&sql)
                .bind(&hash)
                .fetch_optional(db.pool())
                .await?;
            let Some(r) = row else {
                return Ok(None);
            };
            Ok(Some((
                member_from_row(&r)?,
                r.try_get::<i64, _>("expires_at")?,
            )))
        })
        .await?;
    Ok(found
        .filter(|(_, expires_at)| *expires_at > now_ms())
        .map(|(member, _)| member))
}

pub async fn delete(db: &Db, token: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(db.writer())
        .await?;
    db.changed();
    Ok(())
}
