//! Secrets: random tokens (stored only as SHA-256), argon2id passwords.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

/// A 256-bit random token, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Tokens are looked up by their hash, so a database leak gives no usable token.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// argon2id with the crate's defaults (OWASP's minimum: 19 MiB, 2 passes).
/// It takes tens of milliseconds of one core: it runs on tokio's blocking
/// threads, so a burst of sign-ups or sign-ins does not stall the workers
/// serving every other request.
pub async fn hash_password(password: &str) -> Result<String, crate::AppError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(|e| crate::AppError::Internal(format!("password hashing failed: {e}")))?
}

fn hash_now(password: &str) -> Result<String, crate::AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| crate::AppError::Internal(format!("password hashing failed: {e}")))
}

/// Checks a password against its argon2id hash, on tokio's blocking
/// threads (see [`hash_password`]).
pub async fn verify_password(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    tokio::task::spawn_blocking(move || verify_now(&password, &hash))
        .await
        .unwrap_or(false)
}

fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A valid hash of a password nobody knows: verifying against it costs the same
/// time as a real check, so a login for an unknown e-mail is not faster.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_now(&random_token()).unwrap_or_default())
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn password_round_trip_uses_argon2id() {
        let hash = hash_password("correct horse battery").await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash).await);
        assert!(!verify_password("wrong horse battery", &hash).await);
        assert!(!verify_password("anything", "not a hash").await);
        assert!(!verify_password("anything", dummy_hash()).await);
    }

    #[test]
    fn tokens_are_distinct_and_url_safe() {
        let a = random_token();
        assert_ne!(a, random_token());
        assert_eq!(a.len(), 43);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }
}
