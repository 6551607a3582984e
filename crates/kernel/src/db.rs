//! Storage: one code path over SQLite and PostgreSQL through sqlx's `Any` driver.
//!
//! Queries are written in the SQL both engines accept (`$1` placeholders,
//! `RETURNING`, `ON CONFLICT`). Ids are TEXT, times BIGINT milliseconds.
//! SQLite allows one writer at a time, so on SQLite writes go through a
//! one-connection pool: our own writers queue instead of failing with BUSY.

use std::ops::{Deref, DerefMut};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyConnection, AnyPool, Transaction};

use crate::cache::{Changes, ReadCaches};
use crate::error::AppError;

/// A write transaction. Committing it tells the read caches that something changed.
pub struct Tx {
    inner: Transaction<'static, Any>,
    changes: Changes,
    backend: Backend,
    node: Arc<Node>,
}

impl Tx {
    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres {
            // Delivered to the other nodes when (and only if) this commits.
            sqlx::query(&self.node.notify)
                .execute(&mut *self.inner)
                .await?;
        }
        self.inner.commit().await?;
        self.changes.bump();
        Ok(())
    }

    /// Undoes everything the transaction did (as dropping it does).
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.inner.rollback().await
    }

    /// A statement without parameters or rows (a savepoint's).
    pub(crate) async fn execute_raw(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        sqlx::query(sql).execute(&mut *self.inner).await?;
        Ok(())
    }

    /// Holds the lock called `name` until the transaction ends: shared by
    /// any number of transactions, or exclusive, which waits for every
    /// sharer and keeps new ones waiting. On PostgreSQL an advisory lock:
    /// no row is written, unlike `SELECT … FOR SHARE`, whose many sharers
    /// of one hot row cost a MultiXact each. SQLite's one writer already
    /// excludes every other transaction.
    pub async fn lock_named(&mut self, name: &str, exclusive: bool) -> Result<(), sqlx::Error> {
        if self.backend != Backend::Postgres {
            return Ok(());
        }
        let digest = crate::crypto::sha256_hex(name.as_bytes());
        let key = u64::from_str_radix(&digest[..16], 16).unwrap_or_default() as i64;
        let sql = if exclusive {
            "SELECT pg_advisory_xact_lock($1)"
        } else {
            "SELECT pg_advisory_xact_lock_shared($1)"
        };
        sqlx::query(sql).bind(key).execute(&mut *self.inner).await?;
        Ok(())
    }
}

impl Deref for Tx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.inner
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }
}

/// Where a service runs its statements: on the pools, or inside the
/// caller's open transaction (in the manner of Lemmy's `DbPool`). A module
/// that writes its own rows, holds money, enqueues a job and notifies, all
/// in one transaction, passes `&mut tx` to each; a page that does one thing
/// passes `&db`.
///
/// Inside a transaction everything goes through it: on SQLite the
/// transaction holds the one writer connection, so a service that took the
/// pool instead would wait for it until the pool's timeout.
pub enum Conn<'c> {
    Db(&'c Db),
    Tx(&'c mut Tx),
}

impl<'c> From<&'c Db> for Conn<'c> {
    fn from(db: &'c Db) -> Conn<'c> {
        Conn::Db(db)
    }
}

impl<'c> From<&'c mut Tx> for Conn<'c> {
    fn from(tx: &'c mut Tx) -> Conn<'c> {
        Conn::Tx(tx)
    }
}

impl<'c, 'd> From<&'c mut Conn<'d>> for Conn<'c> {
    fn from(conn: &'c mut Conn<'d>) -> Conn<'c> {
        conn.reborrow()
    }
}

type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

impl Conn<'_> {
    /// The same connection, for a nested call.
    pub fn reborrow(&mut self) -> Conn<'_> {
        match self {
            Conn::Db(db) => Conn::Db(db),
            Conn::Tx(tx) => Conn::Tx(tx),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Conn::Db(db) => db.backend,
            Conn::Tx(tx) => tx.backend,
        }
    }

    pub async fn fetch_optional(
        &mut self,
        query: AnyQuery<'_>,
    ) -> Result<Option<sqlx::any::AnyRow>, sqlx::Error> {
        match self {
            Conn::Db(db) => query.fetch_optional(db.pool()).await,
            Conn::Tx(tx) => query.fetch_optional(&mut ***tx).await,
        }
    }

    pub async fn fetch_one(
        &mut self,
        query: AnyQuery<'_>,
    ) -> Result<sqlx::any::AnyRow, sqlx::Error> {
        match self {
            Conn::Db(db) => query.fetch_one(db.pool()).await,
            Conn::Tx(tx) => query.fetch_one(&mut ***tx).await,
        }
    }

    pub async fn fetch_all(
        &mut self,
        query: AnyQuery<'_>,
    ) -> Result<Vec<sqlx::any::AnyRow>, sqlx::Error> {
        match self {
            Conn::Db(db) => query.fetch_all(db.pool()).await,
            Conn::Tx(tx) => query.fetch_all(&mut ***tx).await,
        }
    }

    /// A write: in the transaction (which tells the read caches when it
    /// commits), or alone on the writer, telling them at once.
    pub async fn execute(
        &mut self,
        query: AnyQuery<'_>,
    ) -> Result<sqlx::any::AnyQueryResult, sqlx::Error> {
        match self {
            Conn::Db(db) => {
                let done = query.execute(db.writer()).await?;
                db.changed();
                Ok(done)
            }
            Conn::Tx(tx) => query.execute(&mut ***tx).await,
        }
    }

    /// A write returning rows (`INSERT … RETURNING`), as [`Conn::execute`].
    pub async fn write_returning(
        &mut self,
        query: AnyQuery<'_>,
    ) -> Result<Option<sqlx::any::AnyRow>, sqlx::Error> {
        match self {
            Conn::Db(db) => {
                let row = query.fetch_optional(db.writer()).await?;
                db.changed();
                Ok(row)
            }
            Conn::Tx(tx) => query.fetch_optional(&mut ***tx).await,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    read: AnyPool,
    write: AnyPool,
    backend: Backend,
    changes: Changes,
    caches: Arc<ReadCaches>,
    money_group: Arc<crate::money::GroupCommit>,
    together_groups: Arc<crate::group::Groups>,
    node: Arc<Node>,
}

/// The PostgreSQL channel on which each app node says it committed a
/// change, so that the others drop their cached reads at once (a session
/// revoked on one node is refused by all at their next request).
const CHANGES_CHANNEL: &str = "freeco_changes";

/// This process's name on [`CHANGES_CHANNEL`], and its `NOTIFY`.
struct Node {
    id: String,
    notify: String,
}

impl Node {
    fn new() -> Node {
        // A UUID's hex digits: safe inside the statement's quotes.
        let id = uuid::Uuid::new_v4().simple().to_string();
        Node {
            notify: format!("NOTIFY {CHANGES_CHANNEL}, '{id}'"),
            id,
        }
    }
}

/// Bumps `changes` whenever another node commits a change, and after any
/// gap in listening (what was said meanwhile is lost). Ends with the `Db`.
async fn listen_for_changes(url: String, node: std::sync::Weak<Node>, counter: Changes) {
    use sqlx::postgres::PgListener;
    let Some(me) = node.upgrade().map(|n| n.id.clone()) else {
        return;
    };
    while node.strong_count() > 0 {
        let mut listener = match PgListener::connect(&url).await {
            Ok(listener) => listener,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for other nodes' changes; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANGES_CHANNEL).await {
            tracing::warn!(error = %e, "cannot listen for other nodes' changes; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        counter.bump();
        loop {
            match tokio::time::timeout(Duration::from_secs(2), listener.try_recv()).await {
                Err(_) if node.strong_count() == 0 => return,
                Err(_) => {}
                Ok(Ok(Some(said))) if said.payload() == me => {}
                // Another node's change; or the connection dropped (the
                // listener reconnects at the next call): assume a change.
                Ok(Ok(_)) => counter.bump(),
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "lost the other nodes' changes; listening again");
                    counter.bump();
                    break;
                }
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot run database migrations: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    #[error("unsupported database URL scheme (use sqlite:// or postgres://)")]
    Scheme,
}

impl Db {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://…`).
    pub async fn connect(url: &str) -> Result<Db, DbSetupError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(DbSetupError::Scheme);
        };
        let options = AnyConnectOptions::from_str(url).map_err(DbSetupError::Connect)?;
        let pool = |max: u32| {
            AnyPoolOptions::new()
                .max_connections(max)
                .acquire_timeout(Duration::from_secs(10))
                .after_connect(move |conn, _| {
                    Box::pin(async move {
                        if backend == Backend::Sqlite {
                            for pragma in [
                                "PRAGMA journal_mode=WAL",
                                "PRAGMA synchronous=NORMAL",
                                "PRAGMA foreign_keys=ON",
                                "PRAGMA busy_timeout=10000",
                                // Erased data is overwritten, not left in free pages.
                                "PRAGMA secure_delete=ON",
                            ] {
                                sqlx::Executor::execute(&mut *conn, pragma).await?;
                            }
                        }
                        Ok(())
                    })
                })
        };
        match backend {
            Backend::Sqlite => {
                let write = pool(1)
                    .connect_with(options.clone())
                    .await
                    .map_err(DbSetupError::Connect)?;
                let read = pool(8)
                    .connect_with(options)
                    .await
                    .map_err(DbSetupError::Connect)?;
                Ok(Db::new(read, write, backend))
            }
            Backend::Postgres => {
                // One direct attempt first: the pool would only report a timeout
                // after 10 s, where this says at once "connection refused" or
                // "password authentication failed".
                let probe = tokio::time::timeout(
                    Duration::from_secs(10),
                    <sqlx::AnyConnection as sqlx::Connection>::connect_with(&options),
                )
                .await
                .map_err(|_| DbSetupError::Connect(sqlx::Error::PoolTimedOut))?
                .map_err(DbSetupError::Connect)?;
                let _ = sqlx::Connection::close(probe).await;
                let p = pool(16)
                    .connect_with(options)
                    .await
                    .map_err(DbSetupError::Connect)?;
                let db = Db::new(p.clone(), p, backend);
                tokio::spawn(listen_for_changes(
                    url.to_owned(),
                    Arc::downgrade(&db.node),
                    db.changes.clone(),
                ));
                Ok(db)
            }
        }
    }

    fn new(read: AnyPool, write: AnyPool, backend: Backend) -> Db {
        let changes = Changes::default();
        Db {
            read,
            write,
            backend,
            caches: Arc::new(ReadCaches::new(&changes)),
            changes,
            money_group: Arc::new(crate::money::GroupCommit::new(crate::money::GROUP_MAX)),
            together_groups: Default::default(),
            node: Arc::new(Node::new()),
        }
    }

    /// Call after a write made outside [`Tx`] (a single statement on
    /// [`Db::writer`]) that changes what members see.
    pub fn changed(&self) {
        self.changes.bump();
        if self.backend == Backend::Postgres {
            // The write is committed already: tell the other nodes now.
            let (pool, node) = (self.write.clone(), self.node.clone());
            tokio::spawn(async move {
                if let Err(e) = sqlx::query(&node.notify).execute(&pool).await {
                    tracing::warn!(error = %e, "cannot tell the other nodes of a change");
                }
            });
        }
    }

    /// A handle for a module's own caches (see [`crate::cache`]).
    pub fn changes(&self) -> Changes {
        self.changes.clone()
    }

    pub(crate) fn caches(&self) -> &ReadCaches {
        &self.caches
    }

    /// The queue of money movements waiting for a group transaction.
    pub(crate) fn money_group(&self) -> &crate::money::GroupCommit {
        &self.money_group
    }

    pub(crate) fn together_groups(&self) -> &crate::group::Groups {
        &self.together_groups
    }

    /// Applies the kernel's migrations, then each module's. All share one
    /// table of applied versions, so each set ignores the others' versions
    /// (which therefore must not collide: see [`crate::module::Module`]).
    pub async fn migrate(&self, modules: &[crate::module::Module]) -> Result<(), DbSetupError> {
        for mut set in migrators(modules) {
            set.set_ignore_missing(true);
            set.run(&self.write).await.map_err(DbSetupError::Migrate)?;
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Pool for reads (and single-statement writes on PostgreSQL).
    pub fn pool(&self) -> &AnyPool {
        &self.read
    }

    /// Pool for writes outside a transaction.
    pub fn writer(&self) -> &AnyPool {
        &self.write
    }

    /// Starts a write transaction: everything in it lands together or not at all.
    pub async fn begin(&self) -> Result<Tx, AppError> {
        Ok(Tx {
            inner: self.write.begin().await?,
            changes: self.changes.clone(),
            backend: self.backend,
            node: self.node.clone(),
        })
    }

    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.read).await.is_ok()
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// The kernel's migrations, then each module's.
fn migrators(modules: &[crate::module::Module]) -> Vec<sqlx::migrate::Migrator> {
    let kernel: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
    std::iter::once(kernel)
        .chain(modules.iter().map(|m| (m.migrations)()))
        .collect()
}

/// A fingerprint of the schema [`Db::migrate`] builds (every migration's
/// version and checksum): equal fingerprints, equal schemas. Tests name
/// their migrated template database after it.
pub fn migrations_fingerprint(modules: &[crate::module::Module]) -> String {
    let mut all = Vec::new();
    for set in migrators(modules) {
        for m in set.iter() {
            all.extend_from_slice(&m.version.to_be_bytes());
            all.extend_from_slice(&m.checksum);
        }
    }
    crate::crypto::sha256_hex(&all)
}

/// Current time as UTC milliseconds since the epoch: the storage format of every time.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// `$from, $from+1, …`: the bind marks of an `IN (…)` list or a row of
/// `VALUES`, which sqlx cannot bind as one array on both databases.
pub fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `($from, …), (…), …`: the bind marks of `rows` rows of `columns` values
/// each, for a multi-row `INSERT … VALUES` or an `UPDATE … FROM (VALUES …)`.
pub fn value_rows(from: usize, rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", placeholders(from + r * columns, columns)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The most rows one multi-row statement takes: with up to 16 values a
/// row, well under SQLite's 32,766 bind marks (and PostgreSQL's 65,535).
pub const ROWS_PER_STATEMENT: usize = 1000;

/// Binds each value in turn, for the marks [`placeholders`] wrote.
pub fn bind_all<'q, T>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    values: impl IntoIterator<Item = &'q T>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>
where
    T: sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any> + Sync + 'q,
{
    for v in values {
        query = query.bind(v);
    }
    query
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// True when a database error is a unique-constraint violation.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(e) => e.is_unique_violation(),
        _ => false,
    }
}
