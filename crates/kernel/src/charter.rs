//! The ethical charter. Accepting its current version is the one membership
//! condition; adopting a new version asks every member to accept again.
//! Each version is fingerprinted by the SHA-256 of its canonical JSON, and each
//! acceptance records that fingerprint and the time.

use crate::ids::MemberId;
use serde::Serialize;
use sqlx::Row;

use crate::crypto::sha256_hex;
use crate::db::{Db, Tx, now_ms};
use crate::error::AppError;
use crate::i18n::Lang;

const INITIAL_FR: &str = include_str!("../../../locales/fr/charter.md");
const INITIAL_EN: &str = include_str!("../../../locales/en/charter.md");

/// The longest text of a charter version, in characters, in each language.
pub const MAX_TEXT_CHARS: usize = 100_000;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CharterVersion {
    pub version: i64,
    pub sha256: String,
    pub body_fr: String,
    pub body_en: String,
    /// UTC milliseconds since the epoch.
    pub adopted_at: i64,
}

impl CharterVersion {
    pub fn body(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.body_fr,
            Lang::En => &self.body_en,
        }
    }
}

/// SHA-256 of `{"body_en":…,"body_fr":…,"version":n}` with sorted keys and no
/// whitespace (RFC 8785 form for this all-string-and-integer object).
pub fn fingerprint(version: i64, body_fr: &str, body_en: &str) -> String {
    let canonical = serde_json::json!({
        "body_en": body_en,
        "body_fr": body_fr,
        "version": version,
    });
    // serde_json's default map is sorted, and to_string adds no whitespace.
    sha256_hex(canonical.to_string().as_bytes())
}

/// Installs version 1 from the texts shipped with Freeco when there is none yet.
pub async fn ensure_initial(db: &Db) -> Result<(), AppError> {
    let sha = fingerprint(1, INITIAL_FR, INITIAL_EN);
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO charter_versions (version, sha256, body_fr, body_en, adopted_at) \
         VALUES (1, $1, $2, $3, $4) ON CONFLICT (version) DO NOTHING",
    )
    .bind(&sha)
    .bind(INITIAL_FR)
    .bind(INITIAL_EN)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 {
        log_adoption(&mut tx, 1, &sha).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Every adopted version goes into the transparency log with its fingerprint.
async fn log_adoption(tx: &mut Tx, version: i64, sha256: &str) -> Result<(), AppError> {
    crate::log::append(
        tx,
        &serde_json::json!({"type": "charter.adopted", "version": version, "sha256": sha256}),
    )
    .await?;
    Ok(())
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<CharterVersion, sqlx::Error> {
    Ok(CharterVersion {
        version: row.try_get("version")?,
        sha256: row.try_get("sha256")?,
        body_fr: row.try_get("body_fr")?,
        body_en: row.try_get("body_en")?,
        adopted_at: row.try_get("adopted_at")?,
    })
}

pub async fn current(db: &Db) -> Result<CharterVersion, AppError> {
    let row = sqlx::query(
        "SELECT version, sha256, body_fr, body_en, adopted_at FROM charter_versions \
         ORDER BY version DESC LIMIT 1",
    )
    .fetch_one(db.pool())
    .await?;
    Ok(from_row(&row)?)
}

/// Adopts a new version; every member must then accept it before acting again.
pub async fn adopt(db: &Db, body_fr: &str, body_en: &str) -> Result<CharterVersion, AppError> {
    let mut tx = db.begin().await?;
    let adopted = adopt_in(&mut tx, body_fr, body_en).await?;
    tx.commit().await?;
    Ok(adopted)
}

/// [`adopt`] inside the caller's transaction (a decision adopting it).
pub async fn adopt_in(
    tx: &mut Tx,
    body_fr: &str,
    body_en: &str,
) -> Result<CharterVersion, AppError> {
    let body_fr = crate::validate::text(body_fr, MAX_TEXT_CHARS)
        .map_err(|k| AppError::field("body_fr", k))?;
    let body_en = crate::validate::text(body_en, MAX_TEXT_CHARS)
        .map_err(|k| AppError::field("body_en", k))?;
    if body_fr.is_empty() || body_en.is_empty() {
        return Err(AppError::field("body", "error-required"));
    }
    let row = sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM charter_versions")
        .fetch_one(&mut **tx)
        .await?;
    let version: i64 = row.try_get::<i64, _>("v")? + 1;
    let adopted = CharterVersion {
        version,
        sha256: fingerprint(version, &body_fr, &body_en),
        body_fr,
        body_en,
        adopted_at: now_ms(),
    };
    sqlx::query(
        "INSERT INTO charter_versions (version, sha256, body_fr, body_en, adopted_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(adopted.version)
    .bind(&adopted.sha256)
    .bind(&adopted.body_fr)
    .bind(&adopted.body_en)
    .bind(adopted.adopted_at)
    .execute(&mut **tx)
    .await?;
    log_adoption(tx, adopted.version, &adopted.sha256).await?;
    tracing::info!(version, "new charter version adopted");
    Ok(adopted)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Acceptance {
    pub version: i64,
    pub sha256: String,
    pub accepted_at: i64,
}

/// Accepts `version`, which must be the current one (the member read what it accepts).
pub async fn accept(db: &Db, member_id: &MemberId, version: i64) -> Result<Acceptance, AppError> {
    let current = current(db).await?;
    if current.version != version {
        return Err(AppError::Conflict("charter-version-outdated"));
    }
    let accepted_at = now_ms();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO charter_acceptances (member_id, version, sha256, accepted_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (member_id, version) DO NOTHING",
    )
    .bind(member_id)
    .bind(current.version)
    .bind(&current.sha256)
    .bind(accepted_at)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 {
        // The log counts acceptances; it never says who accepted.
        let count: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM charter_acceptances WHERE version = $1")
                .bind(current.version)
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
        crate::log::append(
            &mut tx,
            &serde_json::json!({"type": "charter.accepted", "version": current.version, "acceptances": count}),
        )
        .await?;
    }
    tx.commit().await?;
    acceptances(db, member_id)
        .await?
        .into_iter()
        .find(|a| a.version == version)
        .ok_or(AppError::NotFound)
}

pub async fn acceptances(db: &Db, member_id: &MemberId) -> Result<Vec<Acceptance>, AppError> {
    let rows = sqlx::query(
        "SELECT version, sha256, accepted_at FROM charter_acceptances \
         WHERE member_id = $1 ORDER BY version",
    )
    .bind(member_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(Acceptance {
                version: r.try_get("version")?,
                sha256: r.try_get("sha256")?,
                accepted_at: r.try_get("accepted_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_canonical_json_sha256() {
        // sha256 of {"body_en":"b","body_fr":"a","version":1}
        assert_eq!(
            fingerprint(1, "a", "b"),
            sha256_hex(br#"{"body_en":"b","body_fr":"a","version":1}"#)
        );
        assert_ne!(fingerprint(1, "a", "b"), fingerprint(2, "a", "b"));
    }

    #[test]
    fn shipped_charter_covers_the_three_criteria_in_both_languages() {
        for needle in ["travail", "environnement", "utilit"] {
            assert!(INITIAL_FR.to_lowercase().contains(needle), "fr: {needle}");
        }
        for needle in ["work", "environment", "useful"] {
            assert!(INITIAL_EN.to_lowercase().contains(needle), "en: {needle}");
        }
    }
}
