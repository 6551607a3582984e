//! Personal API tokens for scripts: `Authorization: Bearer fco_…`.
//! Shown once at creation, stored as SHA-256, listed by prefix, revocable.

use crate::ids::MemberId;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::crypto::{random_token, token_hash};
use crate::db::{Db, new_id, now_ms};
use crate::error::AppError;
use crate::members::{MEMBER_COLUMNS, Member, member_from_row};
use crate::validate;

const PREFIX: &str = "fco_";
const MAX_ACTIVE: i64 = 50;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    /// The first characters of the secret, to recognise it.
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    pub token: ApiToken,
    /// The secret: shown this once, never stored in clear.
    pub secret: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTokenInput {
    #[schema(schema_with = crate::validate::schema::line::<1, 80>)]
    pub name: String,
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<ApiToken, sqlx::Error> {
    Ok(ApiToken {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        prefix: r.try_get("prefix")?,
        created_at: r.try_get("created_at")?,
        last_used_at: r.try_get("last_used_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

pub async fn create(db: &Db, member_id: &MemberId, name: &str) -> Result<CreatedToken, AppError> {
    let name = validate::line(name, 1, 80).map_err(|k| AppError::field("name", k))?;
    let active = sqlx::query(
        "SELECT COUNT(*) AS n FROM api_tokens WHERE member_id = $1 AND revoked_at IS NULL",
    )
    .bind(member_id)
    .fetch_one(db.pool())
    .await?;
    if active.try_get::<i64, _>("n")? >= MAX_ACTIVE {
        return Err(AppError::Conflict("too-many-tokens"));
    }
    let secret = format!("{PREFIX}{}", random_token());
    let token = ApiToken {
        id: new_id(),
        name,
        prefix: secret[..PREFIX.len() + 6].to_owned(),
        created_at: now_ms(),
        last_used_at: None,
        revoked_at: None,
    };
    sqlx::query(
        "INSERT INTO api_tokens (id, member_id, name, token_hash, prefix, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&token.id)
    .bind(member_id)
    .bind(&token.name)
    .bind(token_hash(&secret))
    .bind(&token.prefix)
    .bind(token.created_at)
    .execute(db.writer())
    .await?;
    Ok(CreatedToken { token, secret })
}

pub async fn list(db: &Db, member_id: &MemberId) -> Result<Vec<ApiToken>, AppError> {
    let rows = sqlx::query(
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens \
         WHERE member_id = $1 ORDER BY created_at DESC",
    )
    .bind(member_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}

/// Revokes one of the member's own tokens; another member's token is "not found".
pub async fn revoke(db: &Db, member_id: &MemberId, token_id: &str) -> Result<(), AppError> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 AND member_id = $3",
    )
    .bind(now_ms())
    .bind(token_id)
    .bind(member_id)
    .execute(db.writer())
    .await?;
    db.changed();
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Revokes every token of the member, inside `tx` (a password reset).
pub async fn revoke_all(tx: &mut crate::db::Tx, member_id: &MemberId) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE member_id = $2 AND revoked_at IS NULL",
    )
    .bind(now_ms())
    .bind(member_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The member a bearer secret belongs to, if it is valid and not revoked.
pub async fn member(db: &Db, secret: &str) -> Result<Option<Member>, AppError> {
    if !secret.starts_with(PREFIX) {
        return Ok(None);
    }
    let hash = token_hash(secret);
    let found = db
        .caches()
        .tokens
        .get_or_load(&hash, || async {
            let sql = format!(
                "SELECT {MEMBER_COLUMNS}, t.id AS token_id, t.last_used_at FROM api_tokens t \
                 JOIN members m ON m.id = t.member_id \
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND m.erased_at IS NULL"
            );
            let row = sqlx::query(&sql)
                .bind(&hash)
                .fetch_optional(db.pool())
                .await?;
            let Some(r) = row else {
                return Ok(None);
            };
            let last: Option<i64> = r.try_get("last_used_at")?;
            Ok(Some((
                member_from_row(&r)?,
                r.try_get::<String, _>("token_id")?,
                Arc::new(AtomicI64::new(last.unwrap_or(0))),
            )))
        })
        .await?;
    let Some((member, token_id, last_used)) = found else {
        return Ok(None);
    };
    // Record use at most once a minute, to keep reads from turning into writes;
    // the swap lets one request of this process do it.
    let now = now_ms();
    let last = last_used.load(Ordering::Acquire);
    if now - last > 60_000
        && last_used
            .compare_exchange(last, now, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&token_id)
            .execute(db.writer())
            .await?;
    }
    Ok(Some(member))
}
