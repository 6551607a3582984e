//! Instance settings. Built by the binary from the environment and an optional
//! TOML file; `Debug` never shows secrets (database and SMTP credentials).
//! The few that administrators change at run time live in the database
//! ([`instance_setting`]), so every app node reads the same.

use std::fmt;
use std::path::PathBuf;

use url::Url;

#[derive(Clone)]
pub struct Settings {
    /// Public address of the instance, used in links sent by e-mail.
    pub base_url: Url,
    /// SQLite database and instance keys live here.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// `smtp://`, `smtps://`, `file:///dir`, or none: mails are then written to the log.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// How often the job runner looks for due jobs when nothing wakes it.
    pub job_poll_ms: u64,
    /// The transparency log's Ed25519 secret (base64 of 32 bytes), for
    /// several nodes sharing one database; otherwise a key file in `data_dir`.
    pub log_key: Option<String>,
    /// The instance's bank account, where members' transfers arrive and
    /// payouts leave from; without it, bank top-ups and payouts are off.
    pub bank: Option<BankAccount>,
    /// The fee taken on payments, shown before each is confirmed.
    pub fees: crate::fees::FeeRule,
    /// The guardrails of citizen loans.
    pub loans: LoanRules,
    /// Reverse proxies whose `X-Forwarded-For` is believed: behind them,
    /// rate limits key on the client's address, not the proxy's.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Lets `/metrics` be read from outside the machine with
    /// `Authorization: Bearer <token>`; without it, only from loopback.
    pub metrics_token: Option<String>,
}

/// The guardrails of the loans members make to a collective or a project,
/// as the French crowdfunding rules set them for lending platforms (art.
/// D548-1 of the Code monétaire et financier): the defaults are the legal
/// values, and an instance elsewhere sets its own. Whether the operator
/// may run lending at all is its own legal matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoanRules {
    /// The most one lender lends to one loan at interest, in cents.
    pub interest_cap: u64,
    /// The most one lender lends to one loan without interest, in cents.
    pub free_cap: u64,
    /// The most one loan borrows, in cents.
    pub project_cap: u64,
    /// The longest an interest-bearing loan runs, in months.
    pub interest_max_months: u32,
    /// How long a lender may withdraw without giving a reason, in days.
    pub reflection_days: u32,
}

impl Default for LoanRules {
    fn default() -> Self {
        LoanRules {
            interest_cap: 200_000,
            free_cap: 500_000,
            project_cap: 100_000_000,
            interest_max_months: 84,
            reflection_days: 4,
        }
    }
}

/// An account at a bank, as a SEPA file names it.
#[derive(Clone, Debug)]
pub struct BankAccount {
    pub holder: String,
    pub iban: sepa::Iban,
    pub bic: Option<sepa::Bic>,
}

impl Settings {
    /// Cookies are `Secure` whenever the instance is served over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.scheme() == "https"
    }

    /// An absolute link to a path of this instance.
    pub fn link(&self, path_and_query: &str) -> String {
        let base = self.base_url.as_str().trim_end_matches('/');
        format!("{base}{path_and_query}")
    }
}

/// A run-time setting of the instance (`instance_settings`), if set.
pub async fn instance_setting(
    db: &crate::db::Db,
    key: &str,
) -> Result<Option<String>, crate::AppError> {
    use sqlx::Row;
    let row = sqlx::query("SELECT value FROM instance_settings WHERE key = $1")
        .bind(key)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|r| r.try_get("value")).transpose()?)
}

pub async fn set_instance_setting(
    db: &crate::db::Db,
    key: &str,
    value: &str,
) -> Result<(), crate::AppError> {
    sqlx::query(
        "INSERT INTO instance_settings (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(db.writer())
    .await?;
    db.changed();
    Ok(())
}

/// Hides the password part of a URL.
pub fn redact_url(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        Ok(url) => url.to_string(),
        Err(_) => "<unparseable>".to_owned(),
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("base_url", &self.base_url.as_str())
            .field("data_dir", &self.data_dir)
            .field("database_url", &redact_url(&self.database_url))
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("mail_from", &self.mail_from)
            .field("log_key", &self.log_key.as_ref().map(|_| "***"))
            .field("bank", &self.bank.as_ref().map(|b| b.iban.as_str()))
            .field("fees", &self.fees)
            .field("loans", &self.loans)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_passwords() {
        let settings = Settings {
            base_url: Url::parse("http://localhost:8080").unwrap(),
            data_dir: PathBuf::from("data"),
            database_url: "postgres://app:hunter2@db/freeco".into(),
            smtp_url: Some("smtp://mailer:s3cret@mail:587".into()),
            mail_from: "Freeco <noreply@localhost>".into(),
            job_poll_ms: 1000,
            log_key: Some("c2VjcmV0LWxvZy1rZXktdGhhdC1tdXN0LW5vdC1zaG93".into()),
            bank: None,
            fees: Default::default(),
            loans: Default::default(),
            trusted_proxies: Vec::new(),
            metrics_token: Some("metrics-s3cret".into()),
        };
        let shown = format!("{settings:?}");
        assert!(!shown.contains("metrics-s3cret"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(!shown.contains("c2VjcmV0"), "{shown}");
        assert!(shown.contains("***"));
    }
}
