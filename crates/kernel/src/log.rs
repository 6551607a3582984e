//! The transparency log, stored: entries, the hashes of complete subtrees
//! (so appending and proving read O(log n) rows), and the instance's signing
//! key. The tree and proof rules are the pure `tlog` crate's.
//!
//! An entry is appended inside the transaction of the change it records, so
//! the two land together or not at all. Appends are serialised by the row
//! lock on `log_head` (PostgreSQL) or by the single writer (SQLite).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::Value;
use sqlx::{Any, Row};
use tlog::tree::{self, Hash, NodeId};
use tlog::{Checkpoint, NoteSigner};

use crate::db::{Backend, Db, ROWS_PER_STATEMENT, Tx, now_ms, placeholders, value_rows};
use crate::error::AppError;
use crate::settings::Settings;

/// The most entries one page of `entries` returns.
pub const MAX_PAGE: u64 = 10_000;

const KEY_FILE: &str = "log-signing.key";

#[derive(Debug, thiserror::Error)]
pub enum LogKeyError {
    #[error("FREECO_DATA_DIR: cannot read or create the log signing key {path}: {problem}")]
    Io { path: PathBuf, problem: String },
    #[error("FREECO_DATA_DIR: the log signing key {0} is not 32 bytes of base64")]
    Malformed(PathBuf),
    #[error("FREECO_LOG_KEY: must be 32 bytes in base64")]
    Configured,
}

/// The instance's Ed25519 key and the log's name (origin), e.g. `coop.example.org/log`.
pub struct LogKey {
    signer: NoteSigner,
    origin: String,
}

impl LogKey {
    /// The configured key (FREECO_LOG_KEY), or the one in the data directory,
    /// created on first start.
    pub fn load_or_create(settings: &Settings) -> Result<LogKey, LogKeyError> {
        let path = settings.data_dir.join(KEY_FILE);
        let secret = match settings.log_key.as_deref() {
            Some(configured) => decode_key(configured).ok_or(LogKeyError::Configured)?,
            None => match std::fs::read_to_string(&path) {
                Ok(text) => {
                    decode_key(&text).ok_or_else(|| LogKeyError::Malformed(path.clone()))?
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_key(&path)?,
                Err(e) => {
                    return Err(LogKeyError::Io {
                        path,
                        problem: e.to_string(),
                    });
                }
            },
        };
        let origin = origin_of(settings);
        let signer = NoteSigner::new(&origin, &secret).map_err(|_| LogKeyError::Malformed(path))?;
        Ok(LogKey { signer, origin })
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The public key as a C2SP verifier key (`name+id+key`).
    pub fn verifier(&self) -> String {
        self.signer.verifier()
    }

    /// The checkpoint as a signed note.
    pub fn sign(&self, checkpoint: &Checkpoint) -> String {
        self.signer.sign(&checkpoint.text())
    }
}

/// The log is named after the instance's public address: host, port, path.
fn origin_of(settings: &Settings) -> String {
    let url = &settings.base_url;
    let mut origin = url.host_str().unwrap_or("localhost").to_owned();
    if let Some(port) = url.port() {
        origin.push_str(&format!(":{port}"));
    }
    origin.push_str(url.path().trim_end_matches('/'));
    origin.push_str("/log");
    origin.replace([' ', '+'], "-")
}

/// A secret key as configured or stored: base64 of 32 bytes.
pub fn decode_key(text: &str) -> Option<[u8; 32]> {
    B64.decode(text.trim()).ok()?.try_into().ok()
}

fn create_key(path: &Path) -> Result<[u8; 32], LogKeyError> {
    let io = |e: std::io::Error| LogKeyError::Io {
        path: path.to_owned(),
        problem: e.to_string(),
    };
    let mut secret = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut secret);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(B64.encode(secret).as_bytes()).map_err(io)?;
            tracing::info!(path = %path.display(), "created the log signing key");
            Ok(secret)
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(path).map_err(io)?;
            decode_key(&text).ok_or_else(|| LogKeyError::Malformed(path.to_owned()))
        }
        Err(e) => Err(io(e)),
    }
}

fn node_key(id: NodeId) -> i64 {
    (i64::from(id.level) << 56) | id.index as i64
}

fn node_id(key: i64) -> NodeId {
    NodeId::new((key >> 56) as u8, (key & ((1 << 56) - 1)) as u64)
}

fn parse_hash(text: &str) -> Result<Hash, AppError> {
    hex::decode(text)
        .ok()
        .and_then(|bytes| Hash::try_from(bytes.as_slice()).ok())
        .ok_or_else(|| AppError::Internal("a stored log hash is not 32 bytes of hex".into()))
}

async fn load_nodes<'e, E>(executor: E, ids: &[NodeId]) -> Result<HashMap<NodeId, Hash>, AppError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT node, hash FROM log_nodes WHERE node IN ({})",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(node_key(*id));
    }
    let rows = query.fetch_all(executor).await?;
    rows.iter()
        .map(|r| Ok((node_id(r.try_get("node")?), parse_hash(r.try_get("hash")?)?)))
        .collect()
}

type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

/// Appends a public event (canonical JSON, integers only, no personal data)
/// in the caller's transaction; returns its index.
pub async fn append(tx: &mut Tx, event: &Value) -> Result<u64, AppError> {
    append_with(tx, 1, |_| Ok(event.clone())).await
}

/// Appends `count` events at once in the caller's transaction, `event(i)`
/// making the one at index `i` (an event may name another's index): one
/// turn at the log's head and a few statements for the whole batch, instead
/// of a few for each entry. Returns the first index.
pub async fn append_with(
    tx: &mut Tx,
    count: usize,
    mut event: impl FnMut(u64) -> Result<Value, AppError>,
) -> Result<u64, AppError> {
    if count == 0 {
        return size_in(tx).await;
    }
    let row = sqlx::query("UPDATE log_head SET size = size + $1 WHERE id = 1 RETURNING size")
        .bind(count as i64)
        .fetch_one(&mut **tx)
        .await?;
    let start = (row.try_get::<i64, _>("size")? - count as i64) as u64;
    // Every stored subtree a leaf of the batch reads is one of the complete
    // subtrees the tree of `start` leaves is made of; the others it reads
    // are made by the batch itself.
    let mut known = load_nodes(&mut **tx, &tree::root_nodes(start)).await?;
    let mut entries = Vec::with_capacity(count);
    let mut nodes = Vec::with_capacity(2 * count);
    for index in start..start + count as u64 {
        let body =
            tlog::to_canonical(&event(index)?).map_err(|e| AppError::Internal(e.to_string()))?;
        let new = tree::append(&known, index, tree::leaf_hash(body.as_bytes()))
            .map_err(|e| AppError::Internal(format!("log nodes missing: {e}")))?;
        known.extend(new.iter().copied());
        nodes.extend(new);
        entries.push((index, body));
    }
    let now = now_ms();
    let insert_entries = |from, rows| {
        format!(
            "INSERT INTO log_entries (idx, body, created_at) VALUES {}",
            value_rows(from, rows, 3)
        )
    };
    // This runs under the log's lock: PostgreSQL takes both inserts in one
    // round trip when they fit in one statement.
    if tx.backend() == Backend::Postgres
        && entries.len() <= ROWS_PER_STATEMENT
        && nodes.len() <= 2 * ROWS_PER_STATEMENT
    {
        let sql = format!(
            "WITH entry AS ({}) INSERT INTO log_nodes (node, hash) VALUES {}",
            insert_entries(1, entries.len()),
            value_rows(3 * entries.len() + 1, nodes.len(), 2)
        );
        let query = bind_entries(sqlx::query(&sql), &entries, now);
        bind_nodes(query, &nodes).execute(&mut **tx).await?;
        return Ok(start);
    }
    for chunk in entries.chunks(ROWS_PER_STATEMENT) {
        let sql = insert_entries(1, chunk.len());
        bind_entries(sqlx::query(&sql), chunk, now)
            .execute(&mut **tx)
            .await?;
    }
    for chunk in nodes.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO log_nodes (node, hash) VALUES {}",
            value_rows(1, chunk.len(), 2)
        );
        bind_nodes(sqlx::query(&sql), chunk)
            .execute(&mut **tx)
            .await?;
    }
    Ok(start)
}

fn bind_entries<'q>(
    mut query: AnyQuery<'q>,
    entries: &'q [(u64, String)],
    now: i64,
) -> AnyQuery<'q> {
    for (index, body) in entries {
        query = query.bind(*index as i64).bind(body.as_str()).bind(now);
    }
    query
}

fn bind_nodes<'q>(mut query: AnyQuery<'q>, nodes: &[(NodeId, Hash)]) -> AnyQuery<'q> {
    for (id, hash) in nodes {
        query = query.bind(node_key(*id)).bind(hex::encode(hash));
    }
    query
}

async fn size_in(tx: &mut Tx) -> Result<u64, AppError> {
    let row = sqlx::query("SELECT size FROM log_head WHERE id = 1")
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.try_get::<i64, _>("size")? as u64)
}

/// How many entries the log holds.
pub async fn size(db: &Db) -> Result<u64, AppError> {
    let row = sqlx::query("SELECT size FROM log_head WHERE id = 1")
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get::<i64, _>("size")? as u64)
}

/// The current checkpoint: the log's name, size and root.
pub async fn checkpoint(db: &Db, key: &LogKey) -> Result<Checkpoint, AppError> {
    // Read the size first: nodes below a committed size never change.
    let size = size(db).await?;
    let nodes = load_nodes(db.pool(), &tree::root_nodes(size)).await?;
    let root = tree::root(&nodes, size).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Checkpoint {
        origin: key.origin().to_owned(),
        size,
        root,
    })
}

/// Entries `start..start + limit` (at most [`MAX_PAGE`]), as stored.
pub async fn entries(db: &Db, start: u64, limit: u64) -> Result<Vec<(u64, String)>, AppError> {
    let rows =
        sqlx::query("SELECT idx, body FROM log_entries WHERE idx >= $1 ORDER BY idx LIMIT $2")
            .bind(start.min(i64::MAX as u64) as i64)
            .bind(limit.clamp(1, MAX_PAGE) as i64)
            .fetch_all(db.pool())
            .await?;
    Ok(rows
        .iter()
        .map(|r| Ok((r.try_get::<i64, _>("idx")? as u64, r.try_get("body")?)))
        .collect::<Result<_, sqlx::Error>>()?)
}

/// A stored entry with the time it was appended (which the entry itself
/// does not hold: only what is hashed is proven).
pub struct Entry {
    pub index: u64,
    pub body: String,
    pub created_at: i64,
}

fn entry_from(r: &sqlx::any::AnyRow) -> Result<Entry, sqlx::Error> {
    Ok(Entry {
        index: r.try_get::<i64, _>("idx")? as u64,
        body: r.try_get("body")?,
        created_at: r.try_get("created_at")?,
    })
}

/// The latest `limit` entries (at most [`MAX_PAGE`]), newest first.
pub async fn latest(db: &Db, limit: u64) -> Result<Vec<Entry>, AppError> {
    let rows =
        sqlx::query("SELECT idx, body, created_at FROM log_entries ORDER BY idx DESC LIMIT $1")
            .bind(limit.clamp(1, MAX_PAGE) as i64)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.iter().map(entry_from).collect::<Result<_, _>>()?)
}

/// Entry `index`; one the log does not hold is not found.
pub async fn entry(db: &Db, index: u64) -> Result<Entry, AppError> {
    let index = i64::try_from(index).map_err(|_| AppError::NotFound)?;
    let row = sqlx::query("SELECT idx, body, created_at FROM log_entries WHERE idx = $1")
        .bind(index)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(entry_from(&row)?)
}

/// Checks that `size` is a tree size the log has reached.
async fn reached(db: &Db, size: u64) -> Result<(), AppError> {
    if size > self::size(db).await? {
        return Err(AppError::BadRequest("log-size-unknown"));
    }
    Ok(())
}

async fn proof(db: &Db, ranges: Vec<(u64, u64)>) -> Result<Vec<Hash>, AppError> {
    let nodes = load_nodes(db.pool(), &tree::nodes_of(&ranges)).await?;
    ranges
        .into_iter()
        .map(|(start, end)| {
            tree::range_hash(&nodes, start, end).map_err(|e| AppError::Internal(e.to_string()))
        })
        .collect()
}

/// The proof that entry `index` is in the tree of `size` entries.
pub async fn inclusion_proof(db: &Db, index: u64, size: u64) -> Result<Vec<Hash>, AppError> {
    reached(db, size).await?;
    let ranges = tree::inclusion_ranges(index, size)
        .map_err(|_| AppError::BadRequest("log-index-outside"))?;
    proof(db, ranges).await
}

/// The proof that the tree of `new` entries extends the tree of `old`.
pub async fn consistency_proof(db: &Db, old: u64, new: u64) -> Result<Vec<Hash>, AppError> {
    reached(db, new).await?;
    let ranges = tree::consistency_ranges(old, new)
        .map_err(|_| AppError::BadRequest("log-sizes-reversed"))?;
    proof(db, ranges).await
}
