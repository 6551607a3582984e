//! Browser sessions, stored in the database so any app node can serve any request.
//! The cookie holds a random token; the table holds only its SHA-256.

use crate::crypto::{random_token, token_hash};
use crate::db::{Db, now_ms};
use crate::error::AppError;
use crate::members::{MEMBER_COLUMNS, Member, member_from_row};

pub const COOKIE: &str = "freeco_session";
pub const TTL_MS: i64 = 30 * 24 * 3600 * 1000;

pub async fn create(db: &Db, member_id: &str) -> Result<String, AppError> {
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

pub async fn member(db: &Db, token: &str) -> Result<Option<Member>, AppError> {
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} FROM sessions s JOIN members m ON m.id = s.member_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND m.erased_at IS NULL"
    );
    let row = sqlx::query(&sql)
        .bind(token_hash(token))
        .bind(now_ms())
        .fetch_optional(db.pool())
        .await?;
    Ok(row.as_ref().map(member_from_row))
}

pub async fn delete(db: &Db, token: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(db.writer())
        .await?;
    Ok(())
}
