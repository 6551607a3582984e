//! The `freeco` command: serve, migrate, demo, admin. Wiring only; the
//! behaviour lives in the kernel and web crates.

mod config;
mod demo;
mod verify;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use freeco::MODULES;
use kernel::i18n::Lang;

#[derive(Parser)]
#[command(
    name = "freeco",
    version,
    about = "Freeco: a self-hostable cooperative platform"
)]
struct Cli {
    /// Optional TOML file (data_dir, database_url, smtp_url, base_url, mail_from); environment variables win.
    #[arg(long, env = "FREECO_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

const DEFAULT_BIND: &str = "127.0.0.1:8080";

#[derive(Subcommand)]
enum Command {
    /// Runs migrations, then serves the web interface and the API.
    Serve {
        #[arg(long, env = "FREECO_BIND", default_value = DEFAULT_BIND)]
        bind: String,
    },
    /// Applies pending database migrations and exits.
    Migrate,
    /// Creates demo data if there is none, then serves (embedded SQLite by default).
    Demo {
        #[arg(long, env = "FREECO_BIND", default_value = DEFAULT_BIND)]
        bind: String,
    },
    /// Checks an instance's transparency log without trusting it: the
    /// signature, that it extends what was seen last time, and every entry.
    /// Exits with 1 naming the first bad entry if anything was changed,
    /// removed or reordered.
    #[command(group(clap::ArgGroup::new("source").required(true).args(["url", "data_dir"])))]
    Verify {
        /// A live instance, e.g. https://coop.example.org
        #[arg(long)]
        url: Option<String>,
        /// A local instance's data directory (its database settings come from the usual configuration).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Where to remember the last verified checkpoint (default: one file per instance under ~/.local/state/freeco).
        #[arg(long)]
        state: Option<PathBuf>,
        /// Also recount this decision from the ballots published in the log.
        #[arg(long)]
        decision: Option<String>,
        /// With --decision: check this receipt (yours) is among the counted ballots.
        #[arg(long, requires = "decision")]
        receipt: Option<String>,
    },
    /// Administration tasks.
    Admin {
        #[command(subcommand)]
        task: AdminTask,
    },
}

#[derive(Subcommand)]
enum AdminTask {
    /// Creates a confirmed administrator account (the password is read from
    /// FREECO_ADMIN_PASSWORD).
    ///
    /// What remains to do: the administrator signs in and accepts the
    /// charter (as every member does) before acting; then, to let the
    /// instance's decisions adopt a new charter, create the governing
    /// collective and name it with `freeco admin governing-collective`.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, env = "FREECO_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
        /// The account's language: `fr` or `en`.
        #[arg(long, default_value = "fr", value_parser = ["fr", "en"])]
        lang: String,
    },
    /// Gives administrator rights to an existing member.
    Promote { email: String },
    /// Adopts a new charter version from two Markdown files; every member must accept it again.
    AdoptCharter {
        #[arg(long)]
        fr: PathBuf,
        #[arg(long)]
        en: PathBuf,
    },
    /// Names the collective that governs the instance: its decisions (and
    /// only its) may adopt a new charter.
    GoverningCollective { slug: String },
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("FREECO_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let json = std::env::var("FREECO_LOG_FORMAT").is_ok_and(|f| f == "json");
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<verify::Failed>() => {
            eprintln!("freeco verify: FAILED: {e}");
            ExitCode::from(1)
        }
        Err(e) => {
            // Every message here already names its cause; the chain would repeat it.
            eprintln!("freeco: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config.as_deref();
    match cli.command {
        Command::Serve { bind } => serve(config, &bind, false).await,
        Command::Demo { bind } => serve(config, &bind, true).await,
        Command::Verify {
            url,
            data_dir,
            state,
            decision,
            receipt,
        } => {
            let (source, name) = match (url, data_dir) {
                (Some(url), _) => (verify::Source::http(&url), url),
                (None, Some(dir)) => {
                    let settings = config::load(config, DEFAULT_BIND, Some(&dir))?;
                    let db = kernel::db::Db::connect(&settings.database_url)
                        .await
                        .map_err(|e| anyhow::anyhow!("DATABASE_URL: {e}"))?;
                    let key = kernel::log::LogKey::load_or_create(&settings)?;
                    (
                        verify::Source::Local {
                            db,
                            key: Box::new(key),
                        },
                        dir.display().to_string(),
                    )
                }
                (None, None) => unreachable!("clap requires one source"),
            };
            let state = state.unwrap_or_else(|| verify::default_state_path(&name));
            let decision = decision.map(|id| verify::DecisionCheck { id, receipt });
            println!(
                "{}",
                verify::verify(&source, &state, decision.as_ref()).await?
            );
            Ok(())
        }
        Command::Migrate => {
            let settings = config::load(config, DEFAULT_BIND, None)?;
            web::runtime::prepare(&settings, MODULES).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Admin { task } => {
            let settings = config::load(config, DEFAULT_BIND, None)?;
            let db = web::runtime::prepare(&settings, MODULES).await?;
            match task {
                AdminTask::Create {
                    email,
                    name,
                    password,
                    lang,
                } => {
                    let lang = Lang::parse(&lang).unwrap_or(Lang::Fr);
                    kernel::members::create_confirmed(&db, &email, &password, &name, lang, true)
                        .await
                        .map_err(|e| refused("cannot create the administrator", &e))?;
                    println!("administrator {email} created");
                    println!(
                        "next: sign in as {email} and accept the charter; then create the \
                         governing collective and name it with `freeco admin governing-collective SLUG`"
                    );
                }
                AdminTask::Promote { email } => {
                    kernel::members::set_admin(&db, &email, true)
                        .await
                        .map_err(|e| refused(&email, &e))?;
                    println!("{email} is now an administrator");
                }
                AdminTask::GoverningCollective { slug } => {
                    let collective = kernel::collectives::get_by_slug(&db, &slug)
                        .await
                        .map_err(|e| refused(&slug, &e))?;
                    kernel::settings::set_instance_setting(
                        &db,
                        kernel::decisions::GOVERNING_COLLECTIVE,
                        collective.id.as_str(),
                    )
                    .await
                    .map_err(|e| refused(&slug, &e))?;
                    println!("{} now governs the instance", collective.name);
                }
                AdminTask::AdoptCharter { fr, en } => {
                    let read = |p: &PathBuf| {
                        std::fs::read_to_string(p)
                            .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
                    };
                    let adopted = kernel::charter::adopt(&db, &read(&fr)?, &read(&en)?)
                        .await
                        .map_err(|e| refused("cannot adopt the charter", &e))?;
                    println!(
                        "charter version {} adopted (sha256 {})",
                        adopted.version, adopted.sha256
                    );
                }
            }
            db.close().await;
            Ok(())
        }
    }
}

/// An operator-facing line for a refused action, in English, naming each bad field.
fn refused(what: &str, err: &kernel::AppError) -> anyhow::Error {
    let tr = kernel::i18n::Tr::new(std::sync::Arc::new(kernel::i18n::I18n::new()), Lang::En);
    let reason = match err {
        kernel::AppError::Validation(fields) => fields
            .iter()
            .map(|f| format!("{}: {}", f.field, tr.t(f.key)))
            .collect::<Vec<_>>()
            .join("; "),
        other if tr.has(other.code()) => tr.t(other.code()),
        other => other.to_string(),
    };
    anyhow::anyhow!("{what}: {reason}")
}

async fn serve(config: Option<&Path>, bind: &str, with_demo: bool) -> anyhow::Result<()> {
    // Listen first, so that the default base URL names the real port (`--bind 127.0.0.1:0`).
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| anyhow::anyhow!("FREECO_BIND: cannot listen on {bind}: {e}"))?;
    let mut settings = config::load(config, &listener.local_addr()?.to_string(), None)?;
    if with_demo && settings.bank.is_none() {
        settings.bank = Some(demo::bank_account());
    }
    // Without SMTP, mails go to a folder, one .eml file each: their links
    // (confirmation, password reset) are secrets the log must not hold.
    let mail_folder = settings
        .smtp_url
        .is_none()
        .then(|| settings.data_dir.join("mail"));
    if let Some(dir) = &mail_folder {
        settings.smtp_url = Some(format!("file://{}", dir.display()));
    }
    tracing::debug!(?settings, "configuration");
    let db = web::runtime::prepare(&settings, MODULES).await?;
    let logins = if with_demo {
        Some(demo::ensure(&db).await?)
    } else {
        None
    };
    let base = settings.base_url.to_string();
    let mut running = web::runtime::launch(settings, db, listener, MODULES).await?;
    let shutdown = shutdown_signal();
    // The banner, in one write. A server whose stdout was closed (a reader
    // that took the first line and left) goes on serving: no println!.
    let mut banner = format!("Freeco is running at {base}\n");
    if let Some(dir) = mail_folder {
        banner += &format!(
            "Mails are written to {} (one .eml file each).\n",
            dir.display()
        );
    }
    if let Some(logins) = logins {
        banner += &format!("Demo logins (password for all: {}):\n", demo::PASSWORD);
        for (email, what) in logins {
            banner += &format!("  {email:<34} {what}\n");
        }
    }
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(banner.as_bytes())
        .and_then(|()| stdout.flush());
    drop(stdout);

    tokio::select! {
        result = running.wait() => result?,
        _ = shutdown => {
            tracing::info!("shutting down");
            running.shutdown().await;
        }
    }
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C. The handlers are installed when this is
/// called, not when first polled: a service manager may signal as soon as
/// the banner is printed.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let streams = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::terminate()).ok(),
            signal(SignalKind::interrupt()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let (term, int) = streams;
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! { _ = wait(term) => {}, _ = wait(int) => {} }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
