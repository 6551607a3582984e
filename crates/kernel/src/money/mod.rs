//! Money, stored: ledger accounts and transfers in the database. Every
//! movement is decided by the pure `ledger` crate's [`Book`] and recorded in
//! the transparency log, in one transaction with the balances it changes.
//!
//! A batch locks its accounts first (in id order, `FOR UPDATE` on
//! PostgreSQL; SQLite has one writer), then reads the transfers it refers to:
//! every change to a transfer holds its accounts' locks, so what it reads
//! cannot move under it. Two clients racing on the same idempotency id meet
//! the unique index; the loser retries and finds the winner's transfer.

use crate::ids::AccountId;
use std::collections::{BTreeSet, HashMap};

mod verbs;

pub use verbs::{
    Amount, Captured, Fee, HoldOutcome, Label, Outcome, Owner, Paid, Split, account_of, capture,
    hold, hold_instead, pay, refund, refund_capture, release, settle_holds,
};

use ledger::{Account, Applied, Book, Kind, Limit, NewTransfer, PendingState, Phase, Transfer};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::db::{
    Backend, Conn, Db, ROWS_PER_STATEMENT, Tx, bind_all, is_unique_violation, new_id, now_ms,
    placeholders, value_rows,
};
use crate::error::AppError;
use crate::jobs::{self, NewJob};

code_enum!(AccountKind {
    Wallet => "wallet",
    Treasury => "treasury",
    Organisation => "organisation",
    Escrow => "escrow",
    Fees => "fees",
    Solidarity => "solidarity",
    World => "world",
});

impl AccountKind {
    /// What an account of this kind may do: members' and collectives' money
    /// cannot go below zero; the outside world and the platform's own
    /// accounts are not bounded here.
    pub fn default_limit(self) -> Limit {
        match self {
            AccountKind::Wallet
            | AccountKind::Treasury
            | AccountKind::Organisation
            | AccountKind::Escrow => Limit::DebitsWithin(0),
            AccountKind::Fees | AccountKind::Solidarity | AccountKind::World => Limit::None,
        }
    }
}

pub const JOB_EXPIRE: &str = "ledger.expire";

/// An account with who it belongs to.
#[derive(Debug, Clone)]
pub struct LedgerAccount {
    pub kind: AccountKind,
    /// A member, collective or campaign id; empty for the platform's own accounts.
    pub owner_id: String,
    pub account: Account,
}

impl LedgerAccount {
    pub fn id(&self) -> AccountId {
        AccountId::from(self.account.id.as_str())
    }
}

fn limit_columns(limit: Limit) -> (&'static str, i64) {
    match limit {
        Limit::None => ("none", 0),
        Limit::DebitsWithin(x) => ("debits_within", x as i64),
        Limit::CreditsWithin(x) => ("credits_within", x as i64),
    }
}

fn limit_from(kind: &str, amount: i64) -> Limit {
    match kind {
        "debits_within" => Limit::DebitsWithin(amount as u64),
        "credits_within" => Limit::CreditsWithin(amount as u64),
        _ => Limit::None,
    }
}

const ACCOUNT_COLUMNS: &str = "id, kind, owner_id, currency, limit_kind, limit_amount, \
    debits_pending, debits_posted, credits_pending, credits_posted";

fn account_from_row(r: &sqlx::any::AnyRow) -> Result<LedgerAccount, sqlx::Error> {
    let amount = |c: &str| -> Result<u64, sqlx::Error> { Ok(r.try_get::<i64, _>(c)? as u64) };
    Ok(LedgerAccount {
        kind: AccountKind::parse(r.try_get("kind")?).unwrap_or(AccountKind::World),
        owner_id: r.try_get("owner_id")?,
        account: Account {
            id: r.try_get("id")?,
            currency: r.try_get("currency")?,
            limit: limit_from(r.try_get("limit_kind")?, r.try_get("limit_amount")?),
            debits_pending: amount("debits_pending")?,
            debits_posted: amount("debits_posted")?,
            credits_pending: amount("credits_pending")?,
            credits_posted: amount("credits_posted")?,
        },
    })
}

/// The account of this kind, owner and currency, opened on first use
/// (insert or get), in the caller's transaction or alone.
pub async fn open_account<'c>(
    conn: impl Into<Conn<'c>>,
    kind: AccountKind,
    owner_id: &str,
    currency: &str,
) -> Result<LedgerAccount, AppError> {
    let mut conn = conn.into();
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM ledger_accounts WHERE kind = $1 AND owner_id = $2 AND currency = $3"
    );
    let find = |sql| {
        sqlx::query(sql)
            .bind(kind.code())
            .bind(owner_id)
            .bind(currency)
    };
    // Most accounts exist: one read, on the read pool when not in a transaction.
    if let Some(row) = conn.fetch_optional(find(&sql)).await? {
        return Ok(account_from_row(&row)?);
    }
    let (limit_kind, limit_amount) = limit_columns(kind.default_limit());
    conn.execute(
        sqlx::query(
            "INSERT INTO ledger_accounts (id, kind, owner_id, currency, limit_kind, limit_amount, \
             debits_pending, debits_posted, credits_pending, credits_posted, created_at, proof_key) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 0, 0, $7, $8) \
             ON CONFLICT (kind, owner_id, currency) DO NOTHING",
        )
        .bind(new_id())
        .bind(kind.code())
        .bind(owner_id)
        .bind(currency)
        .bind(limit_kind)
        .bind(limit_amount)
        .bind(now_ms())
        .bind(crate::crypto::random_token()),
    )
    .await?;
    // Read back where it was written (a read replica or SQLite's reader
    // could lag behind the writer).
    let row = match &mut conn {
        Conn::Db(db) => find(&sql).fetch_one(db.writer()).await?,
        Conn::Tx(tx) => find(&sql).fetch_one(&mut ***tx).await?,
    };
    Ok(account_from_row(&row)?)
}

pub async fn account(db: &Db, id: &AccountId) -> Result<LedgerAccount, AppError> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM ledger_accounts WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref()
        .map(account_from_row)
        .transpose()?
        .ok_or(AppError::NotFound)
}

const TRANSFER_COLUMNS: &str = "seq, id, debit_id, credit_id, amount, currency, code, reference, \
    phase, pending_id, expires_at, pending_state, request";

fn request_json(kind: &Kind) -> serde_json::Value {
    match kind {
        Kind::Post {
            debit,
            credit,
            amount,
            currency,
        } => serde_json::json!(
            {"kind": "post", "debit": debit, "credit": credit, "amount": amount, "currency": currency}),
        Kind::Reserve {
            debit,
            credit,
            amount,
            currency,
            expires_at,
        } => serde_json::json!(
            {"kind": "reserve", "debit": debit, "credit": credit, "amount": amount, "currency": currency, "expires_at": expires_at}),
        Kind::PostPending { pending_id, amount } => serde_json::json!(
            {"kind": "post_pending", "pending_id": pending_id, "amount": amount}),
        Kind::VoidPending { pending_id } => serde_json::json!(
            {"kind": "void_pending", "pending_id": pending_id}),
    }
}

fn request_from(text: &str) -> Option<Kind> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let s = |k: &str| v[k].as_str().map(str::to_owned);
    Some(match v["kind"].as_str()? {
        "post" => Kind::Post {
            debit: s("debit")?,
            credit: s("credit")?,
            amount: v["amount"].as_u64()?,
            currency: s("currency")?,
        },
        "reserve" => Kind::Reserve {
            debit: s("debit")?,
            credit: s("credit")?,
            amount: v["amount"].as_u64()?,
            currency: s("currency")?,
            expires_at: v["expires_at"].as_i64(),
        },
        "post_pending" => Kind::PostPending {
            pending_id: s("pending_id")?,
            amount: v["amount"].as_u64(),
        },
        "void_pending" => Kind::VoidPending {
            pending_id: s("pending_id")?,
        },
        _ => return None,
    })
}

fn phase_columns(phase: &Phase) -> (&'static str, Option<&str>, Option<i64>) {
    match phase {
        Phase::Posted => ("posted", None, None),
        Phase::Pending { expires_at } => ("pending", None, *expires_at),
        Phase::PostOf { pending_id } => ("post_of", Some(pending_id), None),
        Phase::VoidOf { pending_id } => ("void_of", Some(pending_id), None),
    }
}

fn state_code(state: PendingState) -> &'static str {
    match state {
        PendingState::Pending => "pending",
        PendingState::Posted => "posted",
        PendingState::Voided => "voided",
        PendingState::Expired => "expired",
    }
}

fn state_from(code: &str) -> PendingState {
    match code {
        "posted" => PendingState::Posted,
        "voided" => PendingState::Voided,
        "expired" => PendingState::Expired,
        _ => PendingState::Pending,
    }
}

/// A stored transfer, with its place in the log.
#[derive(Debug, Clone)]
pub struct StoredTransfer {
    pub seq: i64,
    pub transfer: Transfer,
    pub pending_state: Option<PendingState>,
}

fn transfer_from_row(r: &sqlx::any::AnyRow) -> Result<StoredTransfer, AppError> {
    let pending_id: Option<String> = r.try_get("pending_id")?;
    let phase = match (r.try_get::<&str, _>("phase")?, pending_id) {
        ("posted", _) => Phase::Posted,
        ("pending", _) => Phase::Pending {
            expires_at: r.try_get("expires_at")?,
        },
        ("post_of", Some(pending_id)) => Phase::PostOf { pending_id },
        ("void_of", Some(pending_id)) => Phase::VoidOf { pending_id },
        _ => return Err(AppError::Internal("a stored transfer has no phase".into())),
    };
    let request = request_from(r.try_get("request")?)
        .ok_or_else(|| AppError::Internal("a stored transfer's request is unreadable".into()))?;
    Ok(StoredTransfer {
        seq: r.try_get("seq")?,
        pending_state: r
            .try_get::<Option<&str>, _>("pending_state")?
            .map(state_from),
        transfer: Transfer {
            id: r.try_get("id")?,
            debit: r.try_get("debit_id")?,
            credit: r.try_get("credit_id")?,
            amount: r.try_get::<i64, _>("amount")? as u64,
            currency: r.try_get("currency")?,
            code: r.try_get("code")?,
            reference: r.try_get("reference")?,
            phase,
            request,
        },
    })
}

async fn load_transfers(
    tx: &mut Tx,
    ids: &BTreeSet<String>,
) -> Result<Vec<StoredTransfer>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {TRANSFER_COLUMNS} FROM ledger_transfers WHERE id IN ({})",
        placeholders(1, ids.len())
    );
    let query = bind_all(sqlx::query(&sql), ids);
    query
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(transfer_from_row)
        .collect()
}

/// The accounts, locked, each with its proof key (given one now if it was
/// opened before keys existed).
async fn lock_accounts(
    tx: &mut Tx,
    backend: Backend,
    ids: &BTreeSet<String>,
) -> Result<Vec<(LedgerAccount, String)>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let lock = if backend == Backend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS}, proof_key FROM ledger_accounts WHERE id IN ({}) ORDER BY id{lock}",
        placeholders(1, ids.len())
    );
    let query = bind_all(sqlx::query(&sql), ids);
    let mut locked = Vec::with_capacity(ids.len());
    for row in query.fetch_all(&mut **tx).await? {
        let account = account_from_row(&row)?;
        let key = match row.try_get::<Option<String>, _>("proof_key")? {
            Some(key) => key,
            None => set_proof_key(tx, &account.account.id).await?,
        };
        locked.push((account, key));
    }
    Ok(locked)
}

/// Gives an account opened before proof keys existed its key.
async fn set_proof_key(
    conn: &mut sqlx::AnyConnection,
    account_id: &str,
) -> Result<String, AppError> {
    let key = crate::crypto::random_token();
    sqlx::query("UPDATE ledger_accounts SET proof_key = $1 WHERE id = $2 AND proof_key IS NULL")
        .bind(&key)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    let stored: Option<String> = sqlx::query("SELECT proof_key FROM ledger_accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("proof_key")?;
    stored.ok_or(AppError::NotFound)
}

/// The key that proves which log entries are this account's: given only to
/// its owner (a member for its wallet, a treasurer for a treasury), who
/// then finds its entries with [`commitment`].
pub async fn proof_key(db: &Db, account_id: &AccountId) -> Result<String, AppError> {
    let row = sqlx::query("SELECT proof_key FROM ledger_accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(db.writer())
        .await?
        .ok_or(AppError::NotFound)?;
    match row.try_get::<Option<String>, _>("proof_key")? {
        Some(key) => Ok(key),
        None => {
            let mut conn = db.writer().acquire().await?;
            set_proof_key(&mut conn, account_id.as_str()).await
        }
    }
}

/// How a `ledger.transfer` log entry names one of its sides (`debit` or
/// `credit`): lowercase hex of HMAC-SHA256, keyed with the account's proof
/// key (its text), over the side, a line feed and the entry's `nonce`. A
/// fresh nonce per entry means no two entries share a value, so the log
/// alone links no two movements to one account.
pub fn commitment(proof_key: &str, side: &str, nonce: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(proof_key.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(side.as_bytes());
    mac.update(b"\n");
    mac.update(nonce.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Applies a batch of the ledger's own transfers whole or not at all, and
/// returns each result. A transfer whose id was already applied with the
/// same request is answered from storage and changes nothing.
///
/// This is the ledger's raw batch, for its own tests and benchmark: the
/// kernel and the modules move money with the verbs ([`pay`], [`hold`],
/// [`capture`], [`release`], [`refund`]), which apply the fee rule and open
/// accounts by owner.
pub async fn transfer(db: &Db, batch: &[NewTransfer]) -> Result<Vec<Applied>, AppError> {
    transfer_by(db, batch, None).await
}

/// [`transfer`], recording which member asked for it.
pub(crate) async fn transfer_by(
    db: &Db,
    batch: &[NewTransfer],
    initiated_by: Option<&str>,
) -> Result<Vec<Applied>, AppError> {
    let request = Request {
        batch: batch.to_vec(),
        initiated_by: initiated_by.map(str::to_owned),
    };
    let group_db = db.clone();
    db.money_group()
        .submit(request, move |group| run_group(group_db.clone(), group))
        .await
}

/// One client's batch, waiting for a group transaction.
pub(crate) struct Request {
    batch: Vec<NewTransfer>,
    initiated_by: Option<String>,
}

/// Transfers' group commit (`crate::group`): a group is applied in one
/// pass through the ledger, each request whole or not at all.
pub(crate) type GroupCommit = crate::group::Combiner<Request, Vec<Applied>>;

/// The most requests one group transaction takes: bounds its locks and
/// its size.
pub(crate) const GROUP_MAX: usize = 64;

/// Applies a group in one transaction and answers each request. If the
/// transaction itself fails (a database error, or another process inserting
/// one of the ids first), each request is run on its own instead, so one
/// request's trouble is never another's.
async fn run_group(db: Db, group: Vec<(Request, crate::group::Reply<Vec<Applied>>)>) {
    if group.is_empty() {
        return;
    }
    let requests: Vec<(&[NewTransfer], Option<&str>)> = group
        .iter()
        .map(|(r, _)| (r.batch.as_slice(), r.initiated_by.as_deref()))
        .collect();
    let together = async {
        let mut tx = db.begin().await?;
        let results = apply_in(&mut tx, &requests, Together::EachAlone).await?;
        tx.commit().await?;
        Ok::<_, Refused>(results)
    };
    match together.await {
        Ok(results) => {
            for ((_, reply), result) in group.into_iter().zip(results) {
                let _ = reply.send(result);
            }
        }
        Err(_) => {
            for (request, reply) in group {
                let alone = alone(&db, &request.batch, request.initiated_by.as_deref()).await;
                let _ = reply.send(alone);
            }
        }
    }
}

/// One request in its own transaction. A concurrent client with the same
/// idempotency id may win the race to insert it: run again, and the replay
/// finds its transfer.
async fn alone(
    db: &Db,
    batch: &[NewTransfer],
    initiated_by: Option<&str>,
) -> Result<Vec<Applied>, AppError> {
    for _ in 0..2 {
        let attempt = async {
            let mut tx = db.begin().await?;
            let mut results =
                apply_in(&mut tx, &[(batch, initiated_by)], Together::EachAlone).await?;
            let result = results.pop().unwrap_or(Ok(Vec::new()));
            if result.is_ok() {
                tx.commit().await?;
            }
            Ok::<_, Refused>(result)
        };
        match attempt.await {
            Ok(result) => return result,
            Err(Refused::IdRace) => continue,
            Err(Refused::App(e)) => return Err(e),
        }
    }
    Err(AppError::Internal("idempotency race did not settle".into()))
}

enum Refused {
    /// Another transaction inserted one of the batch's ids first.
    IdRace,
    App(AppError),
}

impl Refused {
    /// The answer inside a caller's transaction, which is spoilt: it
    /// cannot retry inside it.
    fn in_callers_transaction(self) -> AppError {
        match self {
            Refused::IdRace => AppError::Conflict("transfer-id-race"),
            Refused::App(e) => e,
        }
    }
}

impl<E: Into<AppError>> From<E> for Refused {
    fn from(e: E) -> Refused {
        Refused::App(e.into())
    }
}

/// [`transfer_by`] inside the caller's transaction: its rows commit with
/// the money they move, or not at all.
pub(crate) async fn transfer_in(
    tx: &mut Tx,
    batch: &[NewTransfer],
    initiated_by: Option<&str>,
) -> Result<Vec<Applied>, AppError> {
    match apply_in(tx, &[(batch, initiated_by)], Together::EachAlone).await {
        Ok(mut results) => results.pop().unwrap_or(Ok(Vec::new())),
        Err(refused) => Err(refused.in_callers_transaction()),
    }
}

/// Many batches (each with who asked) inside the caller's transaction, in
/// one pass, all or none: the first refusal is the answer, and nothing of
/// the pass is written.
pub(crate) async fn transfers_in(
    tx: &mut Tx,
    requests: &[(&[NewTransfer], Option<&str>)],
) -> Result<(), AppError> {
    match apply_in(tx, requests, Together::AllOrNothing).await {
        Ok(results) => results.into_iter().try_for_each(|r| r.map(drop)),
        Err(refused) => Err(refused.in_callers_transaction()),
    }
}

/// Whether the requests of one [`apply_in`] stand or fall together.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Together {
    /// Each request whole or not at all, the others going on (a group
    /// commit's clients, a single batch).
    EachAlone,
    /// One refused request and none is written (a caller's pass over many
    /// batches, which it then rolls back).
    AllOrNothing,
}

/// Applies each request (a batch and who asked) whole or not at all, in
/// order, inside `tx`: a refused request changes nothing and the others go
/// on. The outer error is the transaction's own failure.
async fn apply_in(
    tx: &mut Tx,
    requests: &[(&[NewTransfer], Option<&str>)],
    together: Together,
) -> Result<Vec<Result<Vec<Applied>, AppError>>, Refused> {
    let now = now_ms();
    let backend = tx.backend();
    let all = || requests.iter().flat_map(|(batch, _)| batch.iter());
    // Which transfers the requests refer to, and through them which accounts.
    let mut transfer_ids: BTreeSet<String> = all().map(|t| t.id.clone()).collect();
    let mut account_ids = BTreeSet::new();
    for t in all() {
        match &t.kind {
            Kind::Post { debit, credit, .. } | Kind::Reserve { debit, credit, .. } => {
                account_ids.insert(debit.clone());
                account_ids.insert(credit.clone());
            }
            Kind::PostPending { pending_id, .. } | Kind::VoidPending { pending_id } => {
                transfer_ids.insert(pending_id.clone());
            }
        }
    }
    // A reservation's accounts are known only from the reservation itself.
    let settles =
        all().any(|t| matches!(t.kind, Kind::PostPending { .. } | Kind::VoidPending { .. }));
    if settles {
        for known in load_transfers(tx, &transfer_ids).await? {
            account_ids.insert(known.transfer.debit);
            account_ids.insert(known.transfer.credit);
        }
    }
    let accounts = lock_accounts(tx, backend, &account_ids).await?;
    // Read again under the locks: this is what the requests decide on.
    let known = load_transfers(tx, &transfer_ids).await?;
    let mut book = Book::new();
    let mut proof_keys: HashMap<String, String> = HashMap::new();
    for (a, key) in &accounts {
        book.put_account(a.account.clone());
        proof_keys.insert(a.account.id.clone(), key.clone());
    }
    let mut seq_of: HashMap<String, i64> = HashMap::new();
    for k in known {
        seq_of.insert(k.transfer.id.clone(), k.seq);
        book.put_transfer(k.transfer, k.pending_state);
    }
    let before: HashMap<String, Account> = accounts
        .iter()
        .map(|(a, _)| (a.account.id.clone(), a.account.clone()))
        .collect();
    let results: Vec<Result<Vec<Applied>, AppError>> = requests
        .iter()
        .map(|(batch, _)| {
            book.apply_linked(batch, now)
                .map_err(|(index, e)| transfer_error(index, e))
        })
        .collect();
    if together == Together::AllOrNothing && results.iter().any(Result::is_err) {
        // Decided in memory: nothing is written.
        return Ok(results);
    }

    // Balances first: the log appends below hold the log's lock until commit,
    // so the less that follows them, the more transfers can go through.
    let changed: Vec<&Account> = book
        .accounts()
        .filter(|a| before.get(&a.id) != Some(*a))
        .collect();
    // One statement for many of them (UPDATE … FROM works on both engines).
    for chunk in changed.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "UPDATE ledger_accounts SET debits_pending = v.column2, debits_posted = v.column3, \
             credits_pending = v.column4, credits_posted = v.column5 \
             FROM (VALUES {}) AS v WHERE ledger_accounts.id = v.column1",
            value_rows(1, chunk.len(), 5)
        );
        let mut update = sqlx::query(&sql);
        for account in chunk {
            update = update
                .bind(&account.id)
                .bind(account.debits_pending as i64)
                .bind(account.debits_posted as i64)
                .bind(account.credits_pending as i64)
                .bind(account.credits_posted as i64);
        }
        update.execute(&mut **tx).await?;
    }
    let mut fresh: Vec<(&Transfer, Option<&str>)> = Vec::new();
    for (result, (_, by)) in results.iter().zip(requests) {
        if let Ok(done) = result {
            fresh.extend(
                done.iter()
                    .filter(|a| !a.replayed)
                    .map(|a| (&a.transfer, *by)),
            );
        }
    }
    if fresh.is_empty() {
        return Ok(results);
    }
    // One turn at the log's head for all of them. The log names each side
    // by a commitment only its owner can recognise, and a reservation by
    // its place in the log (one made earlier in this batch included).
    let mut next = 0;
    crate::log::append_with(tx, fresh.len(), |index| {
        let (t, _) = fresh[next];
        next += 1;
        let (phase, pending_id, _) = phase_columns(&t.phase);
        let pending_seq = pending_id.and_then(|id| seq_of.get(id).copied());
        let nonce = crate::crypto::random_token();
        let side = |account: &str, side: &str| {
            proof_keys
                .get(account)
                .map(|key| commitment(key, side, &nonce))
                .ok_or_else(|| AppError::Internal(format!("account {account} not locked")))
        };
        let event = serde_json::json!({
            "type": "ledger.transfer",
            "phase": phase,
            "nonce": nonce,
            "debit": side(&t.debit, "debit")?,
            "credit": side(&t.credit, "credit")?,
            "amount": t.amount,
            "currency": t.currency,
            "code": t.code,
            "pending": pending_seq,
        });
        seq_of.insert(t.id.clone(), index as i64);
        Ok(event)
    })
    .await?;
    for chunk in fresh.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO ledger_transfers (seq, id, debit_id, credit_id, amount, currency, code, \
             reference, phase, pending_id, expires_at, pending_state, request, log_index, created_at, \
             initiated_by) VALUES {}",
            value_rows(1, chunk.len(), 16)
        );
        let mut insert = sqlx::query(&sql);
        for (t, initiated_by) in chunk {
            let (phase, pending_id, expires_at) = phase_columns(&t.phase);
            let seq = seq_of[&t.id];
            let request = tlog::to_canonical(&request_json(&t.request))
                .map_err(|e| AppError::Internal(e.to_string()))?;
            insert = insert
                .bind(seq)
                .bind(t.id.clone())
                .bind(t.debit.clone())
                .bind(t.credit.clone())
                .bind(t.amount as i64)
                .bind(t.currency.clone())
                .bind(t.code.clone())
                .bind(t.reference.clone())
                .bind(phase)
                .bind(pending_id.map(str::to_owned))
                .bind(expires_at)
                .bind(matches!(t.phase, Phase::Pending { .. }).then_some("pending"))
                .bind(request)
                .bind(seq)
                .bind(now)
                .bind(initiated_by.map(str::to_owned));
        }
        match insert.execute(&mut **tx).await {
            Err(e) if is_unique_violation(&e) => return Err(Refused::IdRace),
            other => {
                other?;
            }
        }
    }
    // The reservations these posted or voided, in their final state.
    let settled: BTreeSet<&str> = fresh
        .iter()
        .filter_map(|(t, _)| phase_columns(&t.phase).1)
        .collect();
    let settled: Vec<&str> = settled.into_iter().collect();
    for chunk in settled.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "UPDATE ledger_transfers SET pending_state = v.column2 FROM (VALUES {}) AS v \
             WHERE ledger_transfers.id = v.column1",
            value_rows(1, chunk.len(), 2)
        );
        let mut update = sqlx::query(&sql);
        for pending_id in chunk {
            let state = book
                .pending_state(pending_id)
                .unwrap_or(PendingState::Pending);
            update = update.bind(*pending_id).bind(state_code(state));
        }
        update.execute(&mut **tx).await?;
    }
    for (t, _) in &fresh {
        if let Phase::Pending {
            expires_at: Some(at),
        } = t.phase
        {
            let payload = serde_json::json!({"pending_id": t.id});
            jobs::enqueue(
                &mut *tx,
                NewJob {
                    run_at: at,
                    dedupe_key: Some(format!("{JOB_EXPIRE}:{}", t.id)),
                    ..NewJob::now(JOB_EXPIRE, &payload)
                },
            )
            .await?;
        }
    }
    Ok(results)
}

/// A refused transfer as a 4xx naming why (and which one, in a batch).
fn transfer_error(index: usize, e: ledger::TransferError) -> AppError {
    use ledger::TransferError as E;
    tracing::debug!(index, error = %e, "transfer refused");
    match e {
        E::UnknownAccount(_) | E::UnknownPending(_) => AppError::NotFound,
        E::ZeroAmount => AppError::BadRequest("transfer-zero-amount"),
        E::TooLarge => AppError::BadRequest("transfer-too-large"),
        E::SameAccount => AppError::BadRequest("transfer-same-account"),
        E::CurrencyMismatch(_) => AppError::BadRequest("transfer-currency-mismatch"),
        E::ExceedsLimit(_) => AppError::Conflict("transfer-exceeds-limit"),
        E::AlreadyPosted(_) => AppError::Conflict("transfer-already-posted"),
        E::AlreadyVoided(_) => AppError::Conflict("transfer-already-voided"),
        E::Expired(_) => AppError::Conflict("transfer-expired"),
        E::ExceedsPending => AppError::Conflict("transfer-exceeds-pending"),
        E::IdReused(_) => AppError::Conflict("transfer-id-reused"),
    }
}

/// The transfer with this id, if it was applied.
pub async fn stored_transfer<'c>(
    conn: impl Into<Conn<'c>>,
    id: &str,
) -> Result<Option<StoredTransfer>, AppError> {
    let sql = format!("SELECT {TRANSFER_COLUMNS} FROM ledger_transfers WHERE id = $1");
    let row = conn
        .into()
        .fetch_optional(sqlx::query(&sql).bind(id))
        .await?;
    row.as_ref().map(transfer_from_row).transpose()
}

/// What the platform's own accounts hold, per kind and currency: the fees
/// collected and the solidarity fund, shown on the public transparency page.
pub async fn platform_totals(db: &Db) -> Result<Vec<(AccountKind, String, i64)>, AppError> {
    let rows = sqlx::query(
        "SELECT kind, currency, CAST(SUM(credits_posted) - SUM(debits_posted) AS BIGINT) AS balance \
         FROM ledger_accounts WHERE kind IN ('fees', 'solidarity') \
         GROUP BY kind, currency ORDER BY kind, currency",
    )
    .fetch_all(db.pool())
    .await?;
    let mut totals = Vec::with_capacity(rows.len());
    for r in &rows {
        if let Some(kind) = AccountKind::parse(r.try_get("kind")?) {
            totals.push((kind, r.try_get("currency")?, r.try_get("balance")?));
        }
    }
    Ok(totals)
}

/// Every account and transfer, checked by the ledger's own invariants
/// (debits equal credits, limits, pending equals open reservations, totals
/// equal transfers). For tests and for an operator's `freeco check`.
pub async fn check(db: &Db) -> Result<(), String> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM ledger_accounts");
    let accounts = sqlx::query(&sql)
        .fetch_all(db.pool())
        .await
        .map_err(|e| e.to_string())?;
    let sql = format!("SELECT {TRANSFER_COLUMNS} FROM ledger_transfers ORDER BY seq");
    let transfers = sqlx::query(&sql)
        .fetch_all(db.pool())
        .await
        .map_err(|e| e.to_string())?;
    let mut book = Book::new();
    for a in &accounts {
        book.put_account(account_from_row(a).map_err(|e| e.to_string())?.account);
    }
    for t in &transfers {
        let t = transfer_from_row(t).map_err(|e| e.to_string())?;
        book.put_transfer(t.transfer, t.pending_state);
    }
    book.check()
}

#[derive(Deserialize)]
struct ExpirePayload {
    pending_id: String,
}

/// The job that voids a reservation when its time is up; posted or voided
/// ones are left alone, and running it twice is harmless.
pub fn register(handlers: &mut jobs::Handlers, db: Db) {
    handlers.register(JOB_EXPIRE, move |payload| {
        let db = db.clone();
        async move {
            let p: ExpirePayload =
                serde_json::from_str(&payload).map_err(|e| format!("bad payload: {e}"))?;
            match transfer(&db, &[ledger::expiry_of(&p.pending_id)]).await {
                Ok(_) => Ok(()),
                Err(AppError::Conflict("transfer-already-posted" | "transfer-already-voided")) => {
                    Ok(())
                }
                Err(e) => Err(e.to_string()),
            }
        }
    });
}
