//! Configuration from environment variables, over an optional TOML file.
//! A bad setting stops start-up with one line that names it.

use std::path::{Path, PathBuf};

use kernel::settings::Settings;
use serde::Deserialize;
use url::Url;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    smtp_url: Option<String>,
    base_url: Option<String>,
    mail_from: Option<String>,
    bank_iban: Option<String>,
    bank_bic: Option<String>,
    bank_holder: Option<String>,
    fee_percent: Option<String>,
    loan_cap_interest_euros: Option<String>,
    loan_cap_free_euros: Option<String>,
    loan_cap_project_euros: Option<String>,
    loan_max_months: Option<String>,
    loan_reflection_days: Option<String>,
    fee_between_members_percent: Option<String>,
    solidarity_share_percent: Option<String>,
    trusted_proxies: Option<String>,
    metrics_token: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("{setting}: {problem}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub problem: String,
}

fn bad(setting: &'static str, problem: impl ToString) -> ConfigError {
    ConfigError {
        setting,
        problem: problem.to_string(),
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Reads the settings. `bind` is where the server listens, used for the
/// default base URL; `data_dir`, when given, wins over every other source.
pub fn load(
    config_file: Option<&Path>,
    bind: &str,
    data_dir: Option<&Path>,
) -> Result<Settings, ConfigError> {
    let file: FileConfig = match config_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                bad(
                    "FREECO_CONFIG",
                    format!("cannot read {}: {e}", path.display()),
                )
            })?;
            toml::from_str(&text).map_err(|e| {
                bad(
                    "FREECO_CONFIG",
                    format!("{}: {}", path.display(), e.message()),
                )
            })?
        }
        None => FileConfig::default(),
    };
    let data_dir = data_dir
        .map(Path::to_path_buf)
        .or_else(|| env("FREECO_DATA_DIR").map(PathBuf::from))
        .or(file.data_dir)
        .unwrap_or_else(|| PathBuf::from("./freeco-data"));
    let database_url = match env("DATABASE_URL").or(file.database_url) {
        Some(url) => {
            if !(url.starts_with("postgres://")
                || url.starts_with("postgresql://")
                || url.starts_with("sqlite:"))
            {
                return Err(bad(
                    "DATABASE_URL",
                    "must start with postgres:// or sqlite:",
                ));
            }
            url
        }
        None => {
            std::fs::create_dir_all(&data_dir).map_err(|e| {
                bad(
                    "FREECO_DATA_DIR",
                    format!("cannot create {}: {e}", data_dir.display()),
                )
            })?;
            let path = data_dir.join("freeco.sqlite3");
            format!("sqlite://{}?mode=rwc", path.display())
        }
    };
    let base_url = env("FREECO_BASE_URL")
        .or(file.base_url)
        .unwrap_or_else(|| format!("http://{bind}"));
    let base_url =
        Url::parse(&base_url).map_err(|e| bad("FREECO_BASE_URL", format!("not a URL ({e})")))?;
    if !matches!(base_url.scheme(), "http" | "https") {
        return Err(bad("FREECO_BASE_URL", "must be an http:// or https:// URL"));
    }
    let smtp_url = env("FREECO_SMTP_URL").or(file.smtp_url);
    let mail_from = env("FREECO_MAIL_FROM")
        .or(file.mail_from)
        .unwrap_or_else(|| {
            format!(
                "Freeco <noreply@{}>",
                base_url.host_str().unwrap_or("localhost")
            )
        });
    kernel::mail::parse_from(&mail_from).map_err(|e| bad("FREECO_MAIL_FROM", e))?;
    let job_poll_ms = match env("FREECO_JOB_POLL_MS") {
        Some(v) => v
            .parse()
            .map_err(|_| bad("FREECO_JOB_POLL_MS", "must be a number of milliseconds"))?,
        None => 1000,
    };
    let log_key = env("FREECO_LOG_KEY");
    if let Some(key) = &log_key {
        kernel::log::decode_key(key)
            .ok_or_else(|| bad("FREECO_LOG_KEY", "must be 32 bytes in base64"))?;
    }
    let bank = bank_account(
        env("FREECO_BANK_IBAN").or(file.bank_iban),
        env("FREECO_BANK_BIC").or(file.bank_bic),
        env("FREECO_BANK_HOLDER").or(file.bank_holder),
    )?;
    let percent = |setting: &'static str, value: Option<String>, default: u32| match value {
        Some(v) => kernel::fees::parse_percent(&v)
            .ok_or_else(|| bad(setting, "must be a percentage from 0 to 100, like 5 or 2.5")),
        None => Ok(default),
    };
    let defaults = kernel::fees::FeeRule::default();
    let fees = kernel::fees::FeeRule {
        technical_bp: percent(
            "FREECO_FEE_PERCENT",
            env("FREECO_FEE_PERCENT").or(file.fee_percent),
            defaults.technical_bp,
        )?,
        between_members_bp: percent(
            "FREECO_FEE_BETWEEN_MEMBERS_PERCENT",
            env("FREECO_FEE_BETWEEN_MEMBERS_PERCENT").or(file.fee_between_members_percent),
            defaults.between_members_bp,
        )?,
        solidarity_share_bp: percent(
            "FREECO_SOLIDARITY_SHARE_PERCENT",
            env("FREECO_SOLIDARITY_SHARE_PERCENT").or(file.solidarity_share_percent),
            defaults.solidarity_share_bp,
        )?,
    };
    let number = |setting: &'static str, value: Option<String>, default: u64, max: u64| match value
    {
        Some(v) => v
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| bad(setting, format!("must be a whole number from 1 to {max}"))),
        None => Ok(default),
    };
    let rules = kernel::settings::LoanRules::default();
    let loans = kernel::settings::LoanRules {
        interest_cap: number(
            "FREECO_LOAN_CAP_INTEREST_EUROS",
            env("FREECO_LOAN_CAP_INTEREST_EUROS").or(file.loan_cap_interest_euros),
            rules.interest_cap / 100,
            1_000_000,
        )? * 100,
        free_cap: number(
            "FREECO_LOAN_CAP_FREE_EUROS",
            env("FREECO_LOAN_CAP_FREE_EUROS").or(file.loan_cap_free_euros),
            rules.free_cap / 100,
            1_000_000,
        )? * 100,
        project_cap: number(
            "FREECO_LOAN_CAP_PROJECT_EUROS",
            env("FREECO_LOAN_CAP_PROJECT_EUROS").or(file.loan_cap_project_euros),
            rules.project_cap / 100,
            10_000_000,
        )? * 100,
        interest_max_months: number(
            "FREECO_LOAN_MAX_MONTHS",
            env("FREECO_LOAN_MAX_MONTHS").or(file.loan_max_months),
            u64::from(rules.interest_max_months),
            360,
        )? as u32,
        reflection_days: number(
            "FREECO_LOAN_REFLECTION_DAYS",
            env("FREECO_LOAN_REFLECTION_DAYS").or(file.loan_reflection_days),
            u64::from(rules.reflection_days),
            60,
        )? as u32,
    };
    let trusted_proxies = match env("FREECO_TRUSTED_PROXIES").or(file.trusted_proxies) {
        Some(list) => parse_proxies(&list).map_err(|e| bad("FREECO_TRUSTED_PROXIES", e))?,
        None => Vec::new(),
    };
    let metrics_token = env("FREECO_METRICS_TOKEN").or(file.metrics_token);
    if metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
        return Err(bad("FREECO_METRICS_TOKEN", "use at least 16 characters"));
    }
    Ok(Settings {
        trusted_proxies,
        metrics_token,
        bank,
        fees,
        loans,
        base_url,
        data_dir,
        database_url,
        smtp_url,
        mail_from,
        job_poll_ms,
        log_key,
    })
}

/// A comma-separated list of addresses or networks (`10.0.0.0/8`, `::1`).
fn parse_proxies(list: &str) -> Result<Vec<ipnet::IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<ipnet::IpNet>()
                .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| format!("{p} is not an address or a network like 10.0.0.0/8"))
        })
        .collect()
}

/// The instance's bank account: an IBAN turns bank top-ups and payouts on,
/// and then needs the holder's name.
fn bank_account(
    iban: Option<String>,
    bic: Option<String>,
    holder: Option<String>,
) -> Result<Option<kernel::settings::BankAccount>, ConfigError> {
    let Some(iban) = iban else {
        return Ok(None);
    };
    let iban = sepa::Iban::parse_sepa(&iban)
        .map_err(|e| bad("FREECO_BANK_IBAN", format!("not a SEPA IBAN ({e})")))?;
    let bic = bic
        .map(|b| sepa::Bic::parse(&b).map_err(|e| bad("FREECO_BANK_BIC", e)))
        .transpose()?;
    let holder = holder.ok_or_else(|| {
        bad(
            "FREECO_BANK_HOLDER",
            "the account holder's name is needed with FREECO_BANK_IBAN",
        )
    })?;
    Ok(Some(kernel::settings::BankAccount { holder, iban, bic }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let parsed = parse_proxies("127.0.0.1, 10.0.0.0/8,::1").unwrap();
        let shown: Vec<String> = parsed.iter().map(|n| n.to_string()).collect();
        assert_eq!(shown, ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]);
        assert!(parse_proxies("10.0.0.0/33").is_err());
        assert!(
            parse_proxies("proxy.example")
                .unwrap_err()
                .contains("proxy.example")
        );
    }
}
