//! Starting a whole instance: database, migrations, charter, job runner, HTTP
//! server. The binary and the integration tests start it the same way.

use std::net::SocketAddr;
use std::time::Duration;

use kernel::db::Db;
use kernel::module::Module;
use kernel::settings::Settings;
use kernel::{AppState, jobs, mail};
use tokio::sync::watch;
use tokio::task::JoinHandle;

#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("DATABASE_URL: {0}")]
    Database(#[from] kernel::db::DbSetupError),
    #[error("{0}")]
    Mail(#[from] kernel::mail::MailerError),
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot install the charter: {0}")]
    Charter(kernel::AppError),
    #[error("{0}")]
    LogKey(#[from] kernel::log::LogKeyError),
}

/// Connects, migrates (the kernel and `modules`) and installs the first
/// charter version if needed.
pub async fn prepare(settings: &Settings, modules: &[Module]) -> Result<Db, LaunchError> {
    let db = Db::connect(&settings.database_url).await?;
    db.migrate(modules).await?;
    kernel::charter::ensure_initial(&db)
        .await
        .map_err(LaunchError::Charter)?;
    Ok(db)
}

pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    stop: watch::Sender<bool>,
    server: JoinHandle<std::io::Result<()>>,
    workers: Vec<JoinHandle<()>>,
}

impl Running {
    /// Stops accepting requests, lets those in flight and the current job finish.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = tokio::time::timeout(crate::SHUTDOWN_GRACE, self.server).await;
        for worker in self.workers {
            let _ = tokio::time::timeout(crate::SHUTDOWN_GRACE, worker).await;
        }
        self.state.db.close().await;
    }

    /// Waits until the server stops by itself (it does not, unless it fails).
    pub async fn wait(&mut self) -> std::io::Result<()> {
        match (&mut self.server).await {
            Ok(result) => result,
            Err(e) => Err(std::io::Error::other(e)),
        }
    }
}

/// Serves the kernel and `modules` on `listener`, with a job runner beside it.
pub async fn launch(
    settings: Settings,
    db: Db,
    listener: tokio::net::TcpListener,
    modules: &'static [Module],
) -> Result<Running, LaunchError> {
    crate::install_metrics_recorder();
    let mailer = mail::Mailer::from_url(settings.smtp_url.as_deref())?;
    let from = mail::parse_from(&settings.mail_from)?;
    let poll = Duration::from_millis(settings.job_poll_ms.max(10));
    let log_key = kernel::log::LogKey::load_or_create(&settings)?;
    let state = AppState::new(db.clone(), settings, log_key, modules);
    let (stop, stopped) = watch::channel(false);

    let mut handlers = jobs::Handlers::default();
    mail::register(&mut handlers, mailer, from);
    kernel::money::register(&mut handlers, db.clone());
    kernel::wallet::register(&mut handlers, db.clone());
    kernel::decisions::register(&mut handlers, db.clone());
    kernel::notifications::register(&mut handlers, &state);
    kernel::members::register(&mut handlers, &state);
    for module in modules {
        (module.jobs)(&mut handlers, &state);
    }
    let runner = tokio::spawn(jobs::run(db.clone(), handlers, poll, stopped.clone()));
    let housekeeping = tokio::spawn(housekeeping_loop(db, stopped.clone()));

    let addr = listener.local_addr()?;
    let router = crate::app(state.clone());
    let mut stopped_server = stopped;
    let server = tokio::spawn(crate::serve(listener, router, async move {
        let _ = stopped_server.wait_for(|s| *s).await;
    }));
    Ok(Running {
        addr,
        state,
        stop,
        server,
        workers: vec![runner, housekeeping],
    })
}

async fn housekeeping_loop(db: Db, mut stopped: watch::Receiver<bool>) {
    loop {
        if let Err(e) = jobs::housekeeping(&db).await {
            tracing::warn!(error = %e, "housekeeping failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
            _ = stopped.wait_for(|s| *s) => return,
        }
    }
}
