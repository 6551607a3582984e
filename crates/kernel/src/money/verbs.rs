//! The verbs every module moves money with, over typed amounts, in the
//! caller's transaction or alone:
//!
//! - [`hold`]: a pending transfer into an escrow (or straight to its
//!   destination), with an expiry and an idempotency key;
//! - [`capture`]: posts a hold, split between several recipients in one
//!   linked batch, the fee rule applied once to what is captured;
//! - [`release`]: voids a hold; [`hold_instead`] voids one and makes
//!   another in one batch (a changed order);
//! - [`pay`]: an immediate transfer, with its fee;
//! - [`refund`]: a reversal of a payment, whole or in part, with the part
//!   of its fee that no longer applies.
//!
//! A module never writes ledger rows nor computes fees itself. Keys are the
//! callers' idempotency keys, unique across the instance: scope them
//! (`member:<id>:<client key>`, `market:order:<id>`). Retrying a verb with
//! the same key and the same request moves nothing again and answers as the
//! first time; the same key for a different request is refused
//! (`transfer-id-reused`).

use std::collections::HashMap;

use ledger::{Kind, NewTransfer};
use sqlx::Row;

use super::{AccountKind, StoredTransfer, open_account, stored_transfer};
use crate::db::{Conn, now_ms};
use crate::error::AppError;
use crate::fees::{FeeRule, PaymentKind, Quote};
use crate::ids::{AccountId, CollectiveId, MemberId};
use crate::wallet::CURRENCY;

/// An amount of money in minor units (cents) of the instance's currency:
/// more than zero, and small enough for the ledger. What people type is
/// read into one by the HTTP layer ([`crate::wallet::parse_amount`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(u64);

impl Amount {
    pub fn new(minor: u64) -> Result<Amount, AppError> {
        match minor {
            0 => Err(AppError::BadRequest("transfer-zero-amount")),
            m if m > ledger::MAX_AMOUNT => Err(AppError::BadRequest("transfer-too-large")),
            m => Ok(Amount(m)),
        }
    }

    pub fn minor(self) -> u64 {
        self.0
    }
}

/// Whose account: a member's wallet, a collective's (or a project's)
/// treasury, an escrow keyed by what it holds money for, or the outside
/// world (money in from a bank or a card, out to a bank).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner<'a> {
    Wallet(&'a MemberId),
    Treasury(&'a CollectiveId),
    /// An organisation's account: what a producer's sales bring in.
    Organisation(&'a str),
    /// A module's escrow, named by the module's own id (a campaign, a
    /// group purchase).
    Escrow(&'a str),
    /// The solidarity fund, which the fee's solidarity share fills: spent
    /// by a collective decision (matchfunding, a loan), only in a
    /// caller's transaction and never beyond what it holds.
    Solidarity,
    World,
}

/// The ledger account of `owner`, opened on first use (inside the
/// caller's transaction when there is one).
pub async fn account_of<'c>(
    conn: impl Into<Conn<'c>>,
    owner: Owner<'_>,
) -> Result<AccountId, AppError> {
    let (kind, id) = match owner {
        Owner::Wallet(m) => (AccountKind::Wallet, m.as_str()),
        Owner::Treasury(c) => (AccountKind::Treasury, c.as_str()),
        Owner::Organisation(o) => (AccountKind::Organisation, o),
        Owner::Escrow(e) => (AccountKind::Escrow, e),
        Owner::Solidarity => (AccountKind::Solidarity, ""),
        Owner::World => (AccountKind::World, ""),
    };
    Ok(open_account(conn, kind, id, CURRENCY)
        .await?
        .account
        .id
        .into())
}

/// The fee a payment or a capture bears: the instance's rule, for this
/// kind of payment.
#[derive(Debug, Clone, Copy)]
pub struct Fee<'a> {
    pub rule: &'a FeeRule,
    pub kind: PaymentKind,
}

/// What a transfer says of itself on statements and in the log.
#[derive(Debug, Clone, Copy)]
pub struct Label<'a> {
    /// What the movement is for (`payment.member`, `market.order`).
    pub code: &'a str,
    /// Shown on statements: an order number, a message.
    pub reference: &'a str,
    /// The member who asked for it, if any.
    pub by: Option<&'a MemberId>,
}

fn post(
    id: String,
    debit: &str,
    credit: &str,
    amount: u64,
    code: &str,
    reference: &str,
) -> NewTransfer {
    NewTransfer {
        id,
        kind: Kind::Post {
            debit: debit.to_owned(),
            credit: credit.to_owned(),
            amount,
            currency: CURRENCY.to_owned(),
        },
        code: code.to_owned(),
        reference: reference.to_owned(),
    }
}

/// The accounts a verb's batch names, each opened (or found) once: the
/// owners' and the fee's.
#[derive(Default)]
struct Accounts<'a> {
    owners: HashMap<Owner<'a>, AccountId>,
    fees: Option<String>,
    solidarity: Option<String>,
}

impl<'a> Accounts<'a> {
    async fn of(&mut self, conn: &mut Conn<'_>, owner: Owner<'a>) -> Result<AccountId, AppError> {
        if let Some(id) = self.owners.get(&owner) {
            return Ok(id.clone());
        }
        let id = account_of(conn.reborrow(), owner).await?;
        self.owners.insert(owner, id.clone());
        Ok(id)
    }

    async fn fee(&mut self, conn: &mut Conn<'_>, kind: AccountKind) -> Result<String, AppError> {
        let slot = match kind {
            AccountKind::Solidarity => &mut self.solidarity,
            _ => &mut self.fees,
        };
        if slot.is_none() {
            let account = open_account(conn.reborrow(), kind, "", CURRENCY).await?;
            *slot = Some(account.account.id);
        }
        Ok(slot.clone().unwrap_or_default())
    }
}

/// The fee's legs out of `payer`: the platform's share and the solidarity
/// fund's, each a transfer of the batch (none when the fee is nothing).
async fn fee_legs(
    conn: &mut Conn<'_>,
    accounts: &mut Accounts<'_>,
    key: &str,
    payer: &str,
    quote: &Quote,
    label: &Label<'_>,
) -> Result<Vec<NewTransfer>, AppError> {
    let mut legs = Vec::new();
    let platform = quote.fee - quote.solidarity;
    for (share, kind, suffix) in [
        (platform, AccountKind::Fees, "fee"),
        (quote.solidarity, AccountKind::Solidarity, "solidarity"),
    ] {
        if share > 0 {
            let account = accounts.fee(conn, kind).await?;
            legs.push(post(
                format!("{key}:{suffix}"),
                payer,
                &account,
                share as u64,
                &format!("{}.{suffix}", label.code),
                "",
            ));
        }
    }
    Ok(legs)
}

/// Applies one linked batch: in the caller's transaction, or through the
/// group commit when there is none.
async fn apply(
    conn: &mut Conn<'_>,
    batch: &[NewTransfer],
    by: Option<&MemberId>,
) -> Result<(), AppError> {
    let by = by.map(MemberId::as_str);
    match conn {
        Conn::Db(db) => super::transfer_by(db, batch, by).await?,
        Conn::Tx(tx) => super::transfer_in(tx, batch, by).await?,
    };
    Ok(())
}

async fn stored(conn: &mut Conn<'_>, id: &str) -> Result<StoredTransfer, AppError> {
    stored_transfer(conn.reborrow(), id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("transfer {id} applied but not found")))
}

/// A payment made: the transfer to the recipient, and what it cost.
#[derive(Debug, Clone)]
pub struct Paid {
    pub transfer: StoredTransfer,
    pub quote: Quote,
}

/// Pays `amount` from `from` to `to` at once, with the fee on top (out of
/// `from`), all or nothing.
pub async fn pay<'c>(
    conn: impl Into<Conn<'c>>,
    key: &str,
    from: Owner<'_>,
    to: Owner<'_>,
    amount: Amount,
    fee: Option<Fee<'_>>,
    label: Label<'_>,
) -> Result<Paid, AppError> {
    let mut conn = conn.into();
    let payer = account_of(&mut conn, from).await?;
    let payee = account_of(&mut conn, to).await?;
    let quote = quote_of(fee, amount.minor());
    let mut batch = vec![post(
        key.to_owned(),
        payer.as_str(),
        payee.as_str(),
        amount.minor(),
        label.code,
        label.reference,
    )];
    let mut accounts = Accounts::default();
    batch.extend(
        fee_legs(
            &mut conn,
            &mut accounts,
            key,
            payer.as_str(),
            &quote,
            &label,
        )
        .await?,
    );
    apply(&mut conn, &batch, label.by).await?;
    Ok(Paid {
        transfer: stored(&mut conn, key).await?,
        quote,
    })
}

fn quote_of(fee: Option<Fee<'_>>, amount: u64) -> Quote {
    match fee {
        Some(fee) => fee.rule.quote(fee.kind, amount),
        None => FeeRule {
            technical_bp: 0,
            between_members_bp: 0,
            solidarity_share_bp: 0,
        }
        .quote(PaymentKind::Technical, amount),
    }
}

/// Holds `amount` from `from` into `into` (an escrow, or the final
/// destination when the hold is posted whole, as a payout is) until it is
/// captured or released, or until `expires_at` (ms), when a durable job
/// releases it. Returns the pending transfer; the hold is named by `key`.
pub async fn hold<'c>(
    conn: impl Into<Conn<'c>>,
    key: &str,
    from: Owner<'_>,
    into: Owner<'_>,
    amount: Amount,
    expires_at: Option<i64>,
    label: Label<'_>,
) -> Result<StoredTransfer, AppError> {
    let mut conn = conn.into();
    let held = reservation(&mut conn, key, from, into, amount, expires_at, &label).await?;
    apply(&mut conn, &[held], label.by).await?;
    stored(&mut conn, key).await
}

/// Makes the hold `key`, in place of the hold `old_key` when there is one,
/// in one linked batch: the old one released and the new one made at once,
/// so the new one may use what the old one frees, and neither happens
/// without the other. What a changed order, basket or pledge does (a first
/// one has no old hold); one pass through the ledger's locks instead of two.
#[allow(clippy::too_many_arguments)]
pub async fn hold_instead<'c>(
    conn: impl Into<Conn<'c>>,
    key: &str,
    old_key: Option<&str>,
    from: Owner<'_>,
    into: Owner<'_>,
    amount: Amount,
    expires_at: Option<i64>,
    label: Label<'_>,
) -> Result<(), AppError> {
    let mut conn = conn.into();
    let held = reservation(&mut conn, key, from, into, amount, expires_at, &label).await?;
    // Named by the new hold: a retry replays both; the same old hold
    // replaced again under another key is refused as already released.
    let mut batch = Vec::with_capacity(2);
    if let Some(old_key) = old_key {
        batch.push(void(format!("{key}:replaces"), old_key, &label));
    }
    batch.push(held);
    apply(&mut conn, &batch, label.by).await
}

/// A pending transfer of `amount` from `from` into `into`, named `key`.
async fn reservation(
    conn: &mut Conn<'_>,
    key: &str,
    from: Owner<'_>,
    into: Owner<'_>,
    amount: Amount,
    expires_at: Option<i64>,
    label: &Label<'_>,
) -> Result<NewTransfer, AppError> {
    if from == Owner::Solidarity {
        within_solidarity_fund(conn, amount).await?;
    }
    let debit = account_of(&mut *conn, from).await?;
    let credit = account_of(&mut *conn, into).await?;
    Ok(NewTransfer {
        id: key.to_owned(),
        kind: Kind::Reserve {
            debit: debit.into_string(),
            credit: credit.into_string(),
            amount: amount.minor(),
            currency: CURRENCY.to_owned(),
            expires_at,
        },
        code: label.code.to_owned(),
        reference: label.reference.to_owned(),
    })
}

/// The ledger sets the solidarity fund no floor (a refund gives its share
/// back even once it is spent), so what is held out of it is checked here
/// against what it has, posted and not held already, under a lock kept to
/// the end of the caller's transaction: two holds never both count the
/// same money.
async fn within_solidarity_fund(conn: &mut Conn<'_>, amount: Amount) -> Result<(), AppError> {
    let Conn::Tx(tx) = conn else {
        return Err(AppError::Internal(
            "the solidarity fund is spent inside a transaction".into(),
        ));
    };
    tx.lock_named("money:solidarity", true).await?;
    let fund = open_account(&mut **tx, AccountKind::Solidarity, "", CURRENCY)
        .await?
        .account;
    let has = i128::from(fund.credits_posted)
        - i128::from(fund.debits_posted)
        - i128::from(fund.debits_pending);
    if has < i128::from(amount.minor()) {
        return Err(AppError::Conflict("solidarity-fund-short"));
    }
    Ok(())
}

/// The release of the hold `pending_id`, named `id`.
fn void(id: String, pending_id: &str, label: &Label<'_>) -> NewTransfer {
    NewTransfer {
        id,
        kind: Kind::VoidPending {
            pending_id: pending_id.to_owned(),
        },
        code: label.code.to_owned(),
        reference: label.reference.to_owned(),
    }
}

/// One recipient's part of a capture.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub to: Owner<'a>,
    pub amount: Amount,
    /// Shown on the recipient's statement.
    pub reference: &'a str,
}

/// What a capture moved.
#[derive(Debug, Clone)]
pub struct Captured {
    /// The ids of the batch's transfers: the hold's posting, each split,
    /// the fee's legs.
    pub transfers: Vec<String>,
    /// The fee, computed once on the sum of the splits.
    pub quote: Quote,
}

/// Captures the hold `hold_key`: posts the sum of `splits` and its fee (the
/// rest of the hold is released), then pays each split and the fee out of
/// the hold's escrow, in one linked batch. With no splits, the whole hold
/// is posted to the account it was held into (a payout).
pub async fn capture<'c>(
    conn: impl Into<Conn<'c>>,
    key: &str,
    hold_key: &str,
    splits: &[Split<'_>],
    fee: Option<Fee<'_>>,
    label: Label<'_>,
) -> Result<Captured, AppError> {
    let mut conn = conn.into();
    let held = stored_transfer(conn.reborrow(), hold_key)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut accounts = Accounts::default();
    let (batch, quote) = capture_batch(
        &mut conn,
        &mut accounts,
        key,
        hold_key,
        &held.transfer.credit,
        splits,
        fee,
        &label,
    )
    .await?;
    apply(&mut conn, &batch, label.by).await?;
    Ok(Captured {
        transfers: batch.into_iter().map(|t| t.id).collect(),
        quote,
    })
}

/// A capture's linked batch, and its fee: the hold posted for the sum of
/// the splits and the fee, then each split and the fee's legs paid out of
/// `escrow`, the account the hold was made into.
#[allow(clippy::too_many_arguments)]
async fn capture_batch<'a>(
    conn: &mut Conn<'_>,
    accounts: &mut Accounts<'a>,
    key: &str,
    hold_key: &str,
    escrow: &str,
    splits: &[Split<'a>],
    fee: Option<Fee<'_>>,
    label: &Label<'_>,
) -> Result<(Vec<NewTransfer>, Quote), AppError> {
    let total: u64 = splits.iter().map(|s| s.amount.minor()).sum();
    let quote = quote_of(fee, total);
    let posted = if splits.is_empty() {
        None
    } else {
        Some(
            total
                .checked_add(quote.fee as u64)
                .ok_or(AppError::BadRequest("transfer-too-large"))?,
        )
    };
    let mut batch = vec![NewTransfer {
        id: format!("{key}:post"),
        kind: Kind::PostPending {
            pending_id: hold_key.to_owned(),
            amount: posted,
        },
        code: label.code.to_owned(),
        reference: label.reference.to_owned(),
    }];
    for (i, split) in splits.iter().enumerate() {
        let to = accounts.of(conn, split.to).await?;
        batch.push(post(
            format!("{key}:split:{i}"),
            escrow,
            to.as_str(),
            split.amount.minor(),
            label.code,
            split.reference,
        ));
    }
    batch.extend(fee_legs(conn, accounts, key, escrow, &quote, label).await?);
    Ok((batch, quote))
}

/// What becomes of a hold in [`settle_holds`].
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    /// Captured for the splits, the fee on top, as [`capture`] does.
    Capture {
        splits: &'a [Split<'a>],
        fee: Option<Fee<'a>>,
    },
    /// Released whole, as [`release`] does.
    Release,
}

/// One hold to capture or release, named `key` as [`capture`] and
/// [`release`] name theirs.
#[derive(Debug, Clone, Copy)]
pub struct HoldOutcome<'a> {
    pub key: &'a str,
    pub hold_key: &'a str,
    pub outcome: Outcome<'a>,
    pub label: Label<'a>,
}

/// Captures or releases many holds in the caller's transaction, each its
/// own linked batch exactly as [`capture`] or [`release`] makes it, but all
/// in one pass through the ledger: each account opened once, all of them
/// locked at once in their ids' order (so this never deadlocks with
/// payments, however many wallets it locks), and one turn at the
/// transparency log for every entry: what a settlement of thousands of
/// holds needs, a few hundred at a time (each hold adds some five ids to
/// one list of bind marks, which SQLite caps at 32,766). All or none:
/// returns each hold's fee (nothing for a release), or the first refusal
/// with nothing written.
pub async fn settle_holds(
    tx: &mut crate::db::Tx,
    holds: &[HoldOutcome<'_>],
) -> Result<Vec<Quote>, AppError> {
    let hold_keys: std::collections::BTreeSet<String> =
        holds.iter().map(|h| h.hold_key.to_owned()).collect();
    let escrows: HashMap<String, String> = super::load_transfers(tx, &hold_keys)
        .await?
        .into_iter()
        .map(|held| (held.transfer.id, held.transfer.credit))
        .collect();
    let mut conn = Conn::from(&mut *tx);
    let mut accounts = Accounts::default();
    let mut batches = Vec::with_capacity(holds.len());
    let mut quotes = Vec::with_capacity(holds.len());
    for h in holds {
        match h.outcome {
            Outcome::Capture { splits, fee } => {
                let escrow = escrows.get(h.hold_key).ok_or(AppError::NotFound)?;
                let (batch, quote) = capture_batch(
                    &mut conn,
                    &mut accounts,
                    h.key,
                    h.hold_key,
                    escrow,
                    splits,
                    fee,
                    &h.label,
                )
                .await?;
                batches.push(batch);
                quotes.push(quote);
            }
            Outcome::Release => {
                batches.push(vec![void(h.key.to_owned(), h.hold_key, &h.label)]);
                quotes.push(quote_of(None, 0));
            }
        }
    }
    let requests: Vec<(&[NewTransfer], Option<&str>)> = batches
        .iter()
        .zip(holds)
        .map(|(batch, h)| (batch.as_slice(), h.label.by.map(MemberId::as_str)))
        .collect();
    super::transfers_in(tx, &requests).await?;
    Ok(quotes)
}

/// Releases the hold `hold_key`: its money is available again.
pub async fn release<'c>(
    conn: impl Into<Conn<'c>>,
    key: &str,
    hold_key: &str,
    label: Label<'_>,
) -> Result<(), AppError> {
    let mut conn = conn.into();
    apply(
        &mut conn,
        &[void(key.to_owned(), hold_key, &label)],
        label.by,
    )
    .await
}

/// Refunds the payment `paid_key` (made with [`pay`]): `amount` of it, or
/// all that is not refunded yet, back from its recipient to its payer, and
/// with it the part of its fee that no longer applies: what stays of the
/// fee is the rule's for what stays paid (all of it comes back with a
/// whole refund). Refunds of one payment never add up to more than it.
pub async fn refund<'c>(
    conn: impl Into<Conn<'c>>,
    key: &str,
    paid_key: &str,
    amount: Option<Amount>,
    fee: Option<Fee<'_>>,
    label: Label<'_>,
) -> Result<StoredTransfer, AppError> {
    let mut conn = conn.into();
    match &mut conn {
        Conn::Tx(tx) => refund_in(tx, key, paid_key, amount, fee, label).await,
        Conn::Db(db) => {
            let mut tx = db.begin().await?;
            let done = refund_in(&mut tx, key, paid_key, amount, fee, label).await?;
            tx.commit().await?;
            Ok(done)
        }
    }
}

/// What a payment moved and what its refunds gave back so far.
struct Refundable {
    amount: u64,
    fee: u64,
    solidarity: u64,
}

/// What a payment (or a capture) moved and what its refunds gave back so
/// far. The amount is the transfer `amount_id`'s, less the fee's legs when
/// that transfer carried them too (a capture's posting).
async fn refundable(
    tx: &mut crate::db::Tx,
    paid_key: &str,
    amount_id: &str,
    fee_inside: bool,
) -> Result<Refundable, AppError> {
    let leg = |suffix: &str| format!("{paid_key}{suffix}");
    let row = sqlx::query(
        "SELECT \
           CAST((SELECT COALESCE(SUM(amount), 0) FROM ledger_transfers WHERE id = $4) AS BIGINT) AS amount, \
           CAST((SELECT COALESCE(SUM(amount), 0) FROM ledger_transfers WHERE id = $2) AS BIGINT) AS fee, \
           CAST((SELECT COALESCE(SUM(amount), 0) FROM ledger_transfers WHERE id = $3) AS BIGINT) AS solidarity, \
           CAST((SELECT COALESCE(SUM(amount), 0) FROM ledger_refunds WHERE payment_id = $1) AS BIGINT) AS amount_back, \
           CAST((SELECT COALESCE(SUM(fee), 0) FROM ledger_refunds WHERE payment_id = $1) AS BIGINT) AS fee_back, \
           CAST((SELECT COALESCE(SUM(solidarity), 0) FROM ledger_refunds WHERE payment_id = $1) AS BIGINT) AS solidarity_back",
    )
    .bind(paid_key)
    .bind(leg(":fee"))
    .bind(leg(":solidarity"))
    .bind(amount_id)
    .fetch_one(&mut **tx)
    .await?;
    let get = |column: &str| row.try_get::<i64, _>(column);
    let (fee, solidarity) = (get("fee")?, get("solidarity")?);
    let amount = match fee_inside {
        true => get("amount")? - fee - solidarity,
        false => get("amount")?,
    };
    let left = |paid: i64, back: &str| -> Result<u64, sqlx::Error> {
        Ok(u64::try_from(paid - get(back)?).unwrap_or(0))
    };
    Ok(Refundable {
        amount: left(amount, "amount_back")?,
        fee: left(fee, "fee_back")?,
        solidarity: left(solidarity, "solidarity_back")?,
    })
}

async fn refund_in(
    tx: &mut crate::db::Tx,
    key: &str,
    paid_key: &str,
    amount: Option<Amount>,
    fee: Option<Fee<'_>>,
    label: Label<'_>,
) -> Result<StoredTransfer, AppError> {
    if let Some(done) = stored_transfer(&mut *tx, key).await? {
        return Ok(done);
    }
    let paid = stored_transfer(&mut *tx, paid_key)
        .await?
        .ok_or(AppError::NotFound)?;
    if !matches!(paid.transfer.phase, ledger::Phase::Posted) {
        return Err(AppError::Conflict("refund-not-a-payment"));
    }
    lock_payment(tx, paid_key).await?;
    let left = refundable(tx, paid_key, paid_key, false).await?;
    let amount = amount.map_or(left.amount, Amount::minor);
    let parts = [(paid.transfer.credit.clone(), amount)];
    give_back(
        tx,
        key,
        paid_key,
        &paid.transfer.debit,
        &parts,
        &left,
        fee,
        label,
    )
    .await
}

/// Refunds part of a capture ([`capture`]) to the hold's payer: each part
/// from the recipient it names (a missing item's producer, the shop of its
/// fees), and with them the part of the capture's fee that no longer
/// applies. Refunds of one capture never add up to more than its splits.
pub async fn refund_capture(
    tx: &mut crate::db::Tx,
    key: &str,
    capture_key: &str,
    parts: &[Split<'_>],
    fee: Option<Fee<'_>>,
    label: Label<'_>,
) -> Result<StoredTransfer, AppError> {
    if let Some(done) = stored_transfer(&mut *tx, key).await? {
        return Ok(done);
    }
    let posted = format!("{capture_key}:post");
    let capture = stored_transfer(&mut *tx, &posted)
        .await?
        .ok_or(AppError::NotFound)?;
    lock_payment(tx, &posted).await?;
    let left = refundable(tx, capture_key, &posted, true).await?;
    let mut from = Vec::with_capacity(parts.len());
    for part in parts {
        let account = account_of(&mut *tx, part.to).await?;
        from.push((account.into_string(), part.amount.minor()));
    }
    give_back(
        tx,
        key,
        capture_key,
        &capture.transfer.debit,
        &from,
        &left,
        fee,
        label,
    )
    .await
}

/// Locks a payment's transfer row until the transaction ends, so that two
/// refunds of it count what is left one after the other (PostgreSQL;
/// SQLite's one writer already excludes every other transaction).
async fn lock_payment(tx: &mut crate::db::Tx, id: &str) -> Result<(), AppError> {
    if tx.backend() == crate::db::Backend::Postgres {
        sqlx::query("SELECT id FROM ledger_transfers WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Moves each part from its account back to `payer`, with the fee that no
/// longer applies (what stays of it is the rule's for what stays paid),
/// and records the refund against `paid_key`.
#[allow(clippy::too_many_arguments)]
async fn give_back(
    tx: &mut crate::db::Tx,
    key: &str,
    paid_key: &str,
    payer: &str,
    parts: &[(String, u64)],
    left: &Refundable,
    fee: Option<Fee<'_>>,
    label: Label<'_>,
) -> Result<StoredTransfer, AppError> {
    let amount: u64 = parts.iter().map(|(_, a)| a).sum();
    if amount == 0 || amount > left.amount {
        return Err(AppError::Conflict("refund-exceeds-payment"));
    }
    // The fee that stays is the rule's for what stays paid; the rest of
    // what was taken comes back.
    let stays = match left.amount - amount {
        0 => (0, 0),
        kept => {
            let q = quote_of(fee, kept);
            ((q.fee - q.solidarity) as u64, q.solidarity as u64)
        }
    };
    let fee_back = left.fee.saturating_sub(stays.0);
    let solidarity_back = left.solidarity.saturating_sub(stays.1);
    let mut batch = Vec::with_capacity(parts.len() + 2);
    for (i, (from, part)) in parts.iter().enumerate() {
        batch.push(post(
            if i == 0 {
                key.to_owned()
            } else {
                format!("{key}:{i}")
            },
            from,
            payer,
            *part,
            label.code,
            label.reference,
        ));
    }
    for (share, kind, suffix) in [
        (fee_back, AccountKind::Fees, "fee"),
        (solidarity_back, AccountKind::Solidarity, "solidarity"),
    ] {
        if share > 0 {
            let account = open_account(&mut *tx, kind, "", CURRENCY).await?;
            batch.push(post(
                format!("{key}:{suffix}"),
                &account.account.id,
                payer,
                share,
                &format!("{}.{suffix}", label.code),
                "",
            ));
        }
    }
    super::transfer_in(tx, &batch, label.by.map(MemberId::as_str)).await?;
    sqlx::query(
        "INSERT INTO ledger_refunds (refund_id, payment_id, amount, fee, solidarity, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(key)
    .bind(paid_key)
    .bind(amount as i64)
    .bind(fee_back as i64)
    .bind(solidarity_back as i64)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    stored_transfer(&mut *tx, key)
        .await?
        .ok_or_else(|| AppError::Internal("refund applied but not found".into()))
}
