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
    Ok(Settings {
        base_url,
        data_dir,
        database_url,
        smtp_url,
        mail_from,
        job_poll_ms,
        log_key,
    })
}
