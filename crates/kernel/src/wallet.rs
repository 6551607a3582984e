//! A member's wallet: topping it up through a payment provider, paying
//! another member, and the statement. Built on `money` (the stored ledger).

use crate::ids::{AccountId, CollectiveId, MemberId};
use serde::Serialize;
use sqlx::Row;
use utoipa::ToSchema;

use crate::db::Db;
use crate::error::AppError;
use crate::money::{self, AccountKind, Amount, Fee, Label, Owner};
use crate::payments::{Charge, PaymentProvider};

/// Every wallet holds euros for now; other currencies need their own accounts.
pub const CURRENCY: &str = "EUR";

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WalletView {
    pub account_id: AccountId,
    pub currency: String,
    /// Posted balance, in minor units (cents).
    pub balance: i64,
    /// Reserved for pending payments.
    pub pending: i64,
    /// What can be spent now: the balance less what is reserved.
    pub available: i64,
    /// Finds and proves this wallet's entries in the public log, which names
    /// each side of a transfer only by a commitment (see `debit`, `credit`
    /// and `nonce` in a `ledger.transfer` entry): lowercase hex of
    /// HMAC-SHA256(key = this text, message = side + "\n" + nonce). Keep it
    /// to yourself: whoever holds it can tell your movements apart.
    pub proof_key: String,
}

/// The id of the member's wallet account (opened on first use): what the
/// kernel's own uses need, without the view's proof key.
async fn wallet_account(db: &Db, member_id: &MemberId) -> Result<AccountId, AppError> {
    let opened = money::open_account(db, AccountKind::Wallet, member_id.as_str(), CURRENCY).await?;
    Ok(opened.id())
}

pub async fn wallet(db: &Db, member_id: &MemberId) -> Result<WalletView, AppError> {
    let account = money::open_account(db, AccountKind::Wallet, member_id.as_str(), CURRENCY)
        .await?
        .account;
    Ok(WalletView {
        balance: account.balance() as i64,
        pending: account.debits_pending as i64,
        available: account.available() as i64,
        proof_key: money::proof_key(db, &AccountId::from(account.id.as_str())).await?,
        account_id: AccountId::from(account.id.as_str()),
        currency: account.currency,
    })
}

/// A client's idempotency key, scoped to the member so members never collide.
pub(crate) fn transfer_id(member_id: &MemberId, client_id: &str) -> Result<String, AppError> {
    crate::validate::idempotency_key(client_id).map_err(|k| AppError::field("id", k))?;
    Ok(format!("member:{member_id}:{client_id}"))
}

/// Reads an amount as people type it ("12", "12,50") in the instance's
/// currency: what the HTTP layer does before calling a money verb.
pub fn parse_amount(text: &str) -> Result<Amount, AppError> {
    let minor = ledger::parse_amount(text, &ledger::Currency::of(CURRENCY)).map_err(|e| {
        AppError::field(
            "amount",
            match e {
                ledger::AmountError::NotANumber => "error-amount-not-a-number",
                ledger::AmountError::Negative => "error-amount-negative",
                ledger::AmountError::Zero => "error-amount-zero",
                ledger::AmountError::TooPrecise => "error-amount-too-precise",
                ledger::AmountError::TooLarge => "error-amount-too-large",
            },
        )
    })?;
    Amount::new(minor).map_err(|_| AppError::field("amount", "error-amount-too-large"))
}

/// The message that goes with a payment: one line, at most 140 characters.
fn payment_message(text: &str) -> Result<String, AppError> {
    crate::validate::line(text, 0, 140).map_err(|k| AppError::field("message", k))
}

/// Charges the member through `provider`, then credits the wallet. The
/// client's id makes a retry safe: the same id is not charged twice, and
/// the same id for another top-up is refused.
pub async fn top_up(
    db: &Db,
    provider: &dyn PaymentProvider,
    member_id: &MemberId,
    client_id: &str,
    amount: Amount,
) -> Result<money::StoredTransfer, AppError> {
    let id = transfer_id(member_id, client_id)?;
    let account_id = wallet_account(db, member_id).await?;
    if let Some(done) = money::stored_transfer(db, &id).await? {
        if done.transfer.amount != amount.minor() || done.transfer.credit != account_id {
            return Err(AppError::Conflict("transfer-id-reused"));
        }
        return Ok(done);
    }
    let charge = provider
        .charge(&Charge {
            amount: amount.minor(),
            currency: CURRENCY.to_owned(),
            reference: id.clone(),
        })
        .await
        .map_err(|_| AppError::Conflict("payment-refused"))?;
    let code = format!("topup.{}", provider.code());
    let label = Label {
        code: &code,
        reference: &charge,
        by: None,
    };
    let paid = money::pay(
        db,
        &id,
        Owner::World,
        Owner::Wallet(member_id),
        amount,
        None,
        label,
    );
    Ok(paid.await?.transfer)
}

/// Whether the member already topped up under `client_id` (a retry would
/// replay it, charging nothing).
pub async fn topped_up(db: &Db, member_id: &MemberId, client_id: &str) -> Result<bool, AppError> {
    let id = transfer_id(member_id, client_id)?;
    Ok(money::stored_transfer(db, &id).await?.is_some())
}

/// The job that asks the provider to refund a card (`refund_top_up`).
pub const JOB_REFUND: &str = "wallet.refund";

#[derive(serde::Serialize, serde::Deserialize)]
struct RefundPayload {
    provider: String,
    member_id: String,
    /// The refund's transfer id: the provider's idempotency key too.
    refund_id: String,
    charge_id: String,
    amount: u64,
}

/// Gives back to the card what the top-up `client_id` charged, when what
/// it paid for could not be done (an order refused between the charge and
/// the hold). The wallet is debited at once, so that the money cannot be
/// spent as well, and in the same transaction a durable job is enqueued
/// that asks the provider (under the refund's id, so a retry refunds once)
/// and credits the wallet back if the provider refuses. Once per top-up:
/// sent again, it answers as before.
pub async fn refund_top_up(
    db: &Db,
    provider: &dyn PaymentProvider,
    member_id: &MemberId,
    client_id: &str,
) -> Result<money::StoredTransfer, AppError> {
    let top_up_id = transfer_id(member_id, client_id)?;
    let account_id = wallet_account(db, member_id).await?;
    let Some(top_up) = money::stored_transfer(db, &top_up_id).await? else {
        return Err(AppError::NotFound);
    };
    if top_up.transfer.credit != account_id
        || top_up.transfer.code != format!("topup.{}", provider.code())
    {
        return Err(AppError::NotFound);
    }
    let id = format!("{top_up_id}:refund");
    if let Some(done) = money::stored_transfer(db, &id).await? {
        return Ok(done);
    }
    let amount = Amount::new(top_up.transfer.amount)?;
    let mut tx = db.begin().await?;
    let taken = money::pay(
        &mut tx,
        &id,
        Owner::Wallet(member_id),
        Owner::World,
        amount,
        None,
        Label {
            code: &format!("refund.{}", provider.code()),
            reference: &top_up.transfer.reference,
            by: None,
        },
    )
    .await?;
    let payload = RefundPayload {
        provider: provider.code().to_owned(),
        member_id: member_id.to_string(),
        refund_id: id.clone(),
        charge_id: top_up.transfer.reference.clone(),
        amount: amount.minor(),
    };
    crate::jobs::enqueue(
        &mut tx,
        crate::jobs::NewJob {
            dedupe_key: Some(format!("{JOB_REFUND}:{id}")),
            ..crate::jobs::NewJob::now(JOB_REFUND, &payload)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(taken.transfer)
}

/// Asks the provider for a card refund; a refusal credits the wallet back.
async fn run_refund(db: &Db, p: RefundPayload) -> Result<(), String> {
    let provider = crate::payments::by_code(&p.provider)
        .ok_or_else(|| format!("no payment provider {}", p.provider))?;
    if provider
        .refund(&p.charge_id, p.amount, &p.refund_id)
        .await
        .is_ok()
    {
        return Ok(());
    }
    // The card keeps the charge: the wallet gets the money back.
    let member_id = MemberId::from(p.member_id.as_str());
    let amount = Amount::new(p.amount).map_err(|e| e.to_string())?;
    money::pay(
        db,
        &format!("{}:undone", p.refund_id),
        Owner::World,
        Owner::Wallet(&member_id),
        amount,
        None,
        Label {
            code: &format!("topup.{}", p.provider),
            reference: &p.charge_id,
            by: None,
        },
    )
    .await
    .map(|_| ())
    .map_err(|e| e.to_string())
}

pub fn register(handlers: &mut crate::jobs::Handlers, db: Db) {
    handlers.register(JOB_REFUND, move |payload| {
        let db = db.clone();
        async move {
            let p: RefundPayload =
                serde_json::from_str(&payload).map_err(|e| format!("bad payload: {e}"))?;
            run_refund(&db, p).await
        }
    });
}

/// Pays another member from the wallet, with a message shown to both: a
/// member the payer shares a collective with.
pub async fn pay_member(
    db: &Db,
    fees: &crate::fees::FeeRule,
    member_id: &MemberId,
    client_id: &str,
    to_member: &MemberId,
    amount: Amount,
    message: &str,
) -> Result<money::StoredTransfer, AppError> {
    let id = transfer_id(member_id, client_id)?;
    let message = payment_message(message)?;
    if to_member == member_id {
        return Err(AppError::field("to_member", "error-pay-yourself"));
    }
    // Members pay those they share a collective with (the payees the
    // wallet page lists), not whoever's id they came by.
    let recipient = sqlx::query(
        "SELECT 1 AS one FROM collective_members mine \
         JOIN collective_members theirs ON theirs.collective_id = mine.collective_id \
         JOIN members m ON m.id = theirs.member_id \
         WHERE mine.member_id = $1 AND theirs.member_id = $2 AND mine.left_at IS NULL \
         AND theirs.left_at IS NULL AND m.erased_at IS NULL",
    )
    .bind(member_id)
    .bind(to_member)
    .fetch_optional(db.pool())
    .await?;
    if recipient.is_none() {
        return Err(AppError::field("to_member", "error-member-unknown"));
    }
    let fee = Fee {
        rule: fees,
        kind: crate::fees::PaymentKind::BetweenMembers,
    };
    let label = Label {
        code: "payment.member",
        reference: &message,
        by: Some(member_id),
    };
    let from = Owner::Wallet(member_id);
    let paid = money::pay(
        db,
        &id,
        from,
        Owner::Wallet(to_member),
        amount,
        Some(fee),
        label,
    );
    Ok(paid.await?.transfer)
}

/// Pays a collective's treasury from the wallet (a contribution, a
/// membership fee); only the collective's members can.
pub async fn pay_collective(
    db: &Db,
    fees: &crate::fees::FeeRule,
    member_id: &MemberId,
    client_id: &str,
    collective_id: &CollectiveId,
    amount: Amount,
    message: &str,
) -> Result<money::StoredTransfer, AppError> {
    let id = transfer_id(member_id, client_id)?;
    let message = payment_message(message)?;
    // An unknown collective is a wrong field, as an unknown payee is.
    crate::collectives::require_member(db, collective_id, member_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound => AppError::field("collective_id", "error-collective-unknown"),
            e => e,
        })?;
    let fee = Fee {
        rule: fees,
        kind: crate::fees::PaymentKind::Technical,
    };
    let label = Label {
        code: "payment.collective",
        reference: &message,
        by: Some(member_id),
    };
    let (from, to) = (Owner::Wallet(member_id), Owner::Treasury(collective_id));
    let paid = money::pay(db, &id, from, to, amount, Some(fee), label);
    Ok(paid.await?.transfer)
}

/// A collective's treasury as its members see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TreasuryView {
    pub balance: i64,
    pub currency: String,
    /// Newest first.
    pub lines: Vec<TreasuryLine>,
    /// For treasurers only: proves the treasury's log entries, as a
    /// wallet's `proof_key` does.
    pub proof_key: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TreasuryLine {
    pub log_index: i64,
    /// Positive when money came in, in minor units.
    pub amount: i64,
    pub code: String,
    pub reference: String,
    /// Who was paid, or who paid.
    pub counterpart: Counterpart,
    /// The member who made the movement (a pseudonym once erased).
    pub by: Option<String>,
    /// Who approved it, for a payment from the treasury.
    pub approved_by: Option<String>,
    /// Approved by the treasurer who made it (under the collective's
    /// second-approval threshold), not by a second person.
    pub self_approved: bool,
    /// Held for a payment not yet made (awaiting approval or the bank).
    pub pending: bool,
    pub created_at: i64,
}

/// A transfer's amount seen from `account`: negative when money left it.
fn signed_amount(r: &sqlx::any::AnyRow, account: &str) -> Result<i64, sqlx::Error> {
    let amount: i64 = r.try_get("amount")?;
    Ok(if r.try_get::<&str, _>("debit_id")? == account {
        -amount
    } else {
        amount
    })
}

/// The treasury of a collective, for its members only (its treasurers
/// also get its proof key).
pub async fn treasury(
    db: &Db,
    collective_id: &CollectiveId,
    member_id: &MemberId,
) -> Result<TreasuryView, AppError> {
    let role = crate::collectives::require_member(db, collective_id, member_id).await?;
    let account = money::open_account(db, AccountKind::Treasury, collective_id.as_str(), CURRENCY)
        .await?
        .account;
    let proof_key = match role {
        crate::collectives::Role::Treasurer => {
            Some(money::proof_key(db, &AccountId::from(account.id.as_str())).await?)
        }
        _ => None,
    };
    account_view(db, account, proof_key).await
}

/// The account of an organisation (what its sales bring in), for its
/// administrators only, who also get its proof key.
pub async fn organisation_account(
    db: &Db,
    organisation_id: &str,
    member_id: &MemberId,
) -> Result<TreasuryView, AppError> {
    crate::organisations::get(db, organisation_id).await?;
    if crate::organisations::role_of(db, organisation_id, member_id).await?
        != Some(crate::organisations::OrgRole::Admin)
    {
        return Err(AppError::Forbidden);
    }
    let account = money::open_account(db, AccountKind::Organisation, organisation_id, CURRENCY)
        .await?
        .account;
    let proof_key = Some(money::proof_key(db, &AccountId::from(account.id.as_str())).await?);
    account_view(db, account, proof_key).await
}

/// A treasury's or an organisation's account with its movements.
async fn account_view(
    db: &Db,
    account: ledger::Account,
    proof_key: Option<String>,
) -> Result<TreasuryView, AppError> {
    // A settled reservation shows as its posting only (with the
    // reservation's reason and asker); a voided one not at all.
    let rows = sqlx::query(&format!(
        "SELECT t.seq, t.debit_id, t.amount, t.phase, t.created_at, \
         COALESCE(NULLIF(t.code, ''), r.code, '') AS code, \
         COALESCE(NULLIF(t.reference, ''), r.reference, '') AS reference, {COUNTERPART_COLUMNS}, \
         m.display_name, a.display_name AS approver, \
         CASE WHEN p.approved_by = COALESCE(r.initiated_by, t.initiated_by) THEN 1 ELSE 0 END AS self_approved \
         FROM ledger_transfers t \
         LEFT JOIN ledger_transfers r ON r.id = t.pending_id {COUNTERPART_JOINS} \
         LEFT JOIN members m ON m.id = COALESCE(r.initiated_by, t.initiated_by) \
         LEFT JOIN payouts p ON p.reserve_id = COALESCE(t.pending_id, t.id) \
         LEFT JOIN members a ON a.id = p.approved_by \
         WHERE (t.debit_id = $1 OR t.credit_id = $1) AND t.phase <> 'void_of' \
         AND NOT (t.phase = 'pending' AND t.pending_state <> 'pending') \
         ORDER BY t.seq DESC LIMIT 500"
    ))
    .bind(&account.id)
    .fetch_all(db.pool())
    .await?;
    Ok(TreasuryView {
        balance: account.balance() as i64,
        currency: account.currency.clone(),
        lines: rows
            .iter()
            .map(|r| {
                Ok(TreasuryLine {
                    log_index: r.try_get("seq")?,
                    amount: signed_amount(r, &account.id)?,
                    code: r.try_get("code")?,
                    reference: r.try_get("reference")?,
                    counterpart: counterpart(r)?,
                    by: r.try_get("display_name")?,
                    approved_by: r.try_get("approver")?,
                    self_approved: r.try_get::<i64, _>("self_approved")? == 1,
                    pending: r.try_get::<&str, _>("phase")? == "pending",
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?,
        proof_key,
    })
}

/// The collectives whose treasury the member can pay: those it belongs to,
/// projects' groups included (each says whether it is one).
pub async fn payable_collectives(
    db: &Db,
    member_id: &MemberId,
) -> Result<Vec<crate::collectives::Membership>, AppError> {
    Ok(crate::collectives::memberships_of(db, member_id)
        .await?
        .into_iter()
        .filter(|m| m.left_at.is_none())
        .collect())
}

/// Someone the member can pay: a member of one of the member's collectives.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Payee {
    /// A member id, or a collective id for a treasury.
    pub id: String,
    pub display_name: String,
}

/// The members the member shares a collective with (current memberships only).
pub async fn payees(db: &Db, member_id: &MemberId) -> Result<Vec<Payee>, AppError> {
    let rows = sqlx::query(
        "SELECT DISTINCT m.id, m.display_name FROM collective_members mine \
         JOIN collective_members theirs ON theirs.collective_id = mine.collective_id \
         JOIN members m ON m.id = theirs.member_id \
         WHERE mine.member_id = $1 AND mine.left_at IS NULL AND theirs.left_at IS NULL \
         AND m.id <> $1 AND m.erased_at IS NULL ORDER BY m.display_name",
    )
    .bind(member_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(Payee {
                id: r.try_get("id")?,
                display_name: r.try_get("display_name")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// The other side of a movement, as far as the account's holders may know
/// it: the member or collective paid or paying, or the kind of account
/// (the platform's fees, the solidarity fund, the outside world).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Counterpart {
    /// wallet, treasury, organisation, escrow, fees, solidarity or world
    pub kind: String,
    /// The member's name (a pseudonym once erased) for a wallet, the
    /// collective's for its treasury (or for an escrow a collective owns).
    pub name: Option<String>,
}

/// The joins and columns that name a movement's other side; `$1` is the
/// account seen.
const COUNTERPART_JOINS: &str = "JOIN ledger_accounts o \
     ON o.id = CASE WHEN t.debit_id = $1 THEN t.credit_id ELSE t.debit_id END \
     LEFT JOIN members om ON o.kind = 'wallet' AND om.id = o.owner_id \
     LEFT JOIN collectives oc ON o.kind IN ('treasury', 'escrow') AND oc.id = o.owner_id \
     LEFT JOIN organisations oo ON o.kind = 'organisation' AND oo.id = o.owner_id";
const COUNTERPART_COLUMNS: &str =
    "o.kind AS other_kind, COALESCE(om.display_name, oc.name, oo.name) AS other_name";

impl Counterpart {
    /// Its name, or the kind of account when it has none.
    fn csv_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.kind)
    }
}

fn counterpart(r: &sqlx::any::AnyRow) -> Result<Counterpart, sqlx::Error> {
    Ok(Counterpart {
        kind: r.try_get("other_kind")?,
        name: r.try_get("other_name")?,
    })
}

/// One line of a statement, seen from the wallet.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatementLine {
    /// The transfer's place in the transparency log.
    pub log_index: i64,
    /// Positive when money came in, negative when it went out, in minor units.
    pub amount: i64,
    pub currency: String,
    pub code: String,
    pub reference: String,
    /// Who was paid, or who paid.
    pub counterpart: Counterpart,
    /// posted, pending, post_of or void_of
    pub phase: String,
    pub created_at: i64,
}

/// Which lines of a statement to show.
#[derive(Debug, Clone, Default)]
pub struct StatementFilter {
    /// Only money in (`Some(true)`) or out (`Some(false)`).
    pub incoming: Option<bool>,
    /// From this day, inclusive (`YYYY-MM-DD` in the member's time zone).
    pub from: Option<String>,
    /// To this day, inclusive.
    pub to: Option<String>,
}

/// The start of `day` (and of the day after it) in `tz`, in ms. Any date
/// is a day: the first and last days of jiff's range, which start or end
/// outside the times it can hold, stand for before and after anything.
fn day_bounds(day: &str, tz: &str) -> Result<(i64, i64), AppError> {
    let date: jiff::civil::Date = day
        .trim()
        .parse()
        .map_err(|_| AppError::field("from", "error-date"))?;
    let zone = jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC);
    let edge = if date.year() < 0 { i64::MIN } else { i64::MAX };
    let start_of = |date: jiff::civil::Date| {
        date.to_zoned(zone.clone())
            .map_or(edge, |start| start.timestamp().as_millisecond())
    };
    let end = date.tomorrow().map_or(i64::MAX, start_of);
    Ok((start_of(date), end))
}

/// The wallet's movements, newest first, filtered; `limit` at most 1000.
pub async fn statement(
    db: &Db,
    member_id: &MemberId,
    filter: &StatementFilter,
    time_zone: &str,
    limit: i64,
) -> Result<Vec<StatementLine>, AppError> {
    let account_id = wallet_account(db, member_id).await?;
    let from = match filter.from.as_deref().filter(|d| !d.is_empty()) {
        Some(day) => day_bounds(day, time_zone)?.0,
        None => i64::MIN,
    };
    let to = match filter.to.as_deref().filter(|d| !d.is_empty()) {
        Some(day) => {
            day_bounds(day, time_zone)
                .map_err(|_| AppError::field("to", "error-date"))?
                .1
        }
        None => i64::MAX,
    };
    let direction = match filter.incoming {
        None => 0,
        Some(true) => 1,
        Some(false) => 2,
    };
    lines(db, &account_id, (from, to, direction), limit.clamp(1, 1000)).await
}

/// A text cell of a CSV file (RFC 4180). Spreadsheets split on `,`, or on
/// `;` where the decimal mark is a comma (French ones), or on tabs: a cell
/// holding any of them is quoted. Whatever a spreadsheet could run as a
/// formula, at the start of the cell or after any separator (where a
/// spreadsheet splitting on another separator would start a cell), gets a
/// leading apostrophe.
fn csv_cell(text: &str) -> String {
    const SEPARATORS: [char; 5] = [',', ';', '\t', '\n', '\r'];
    let mut defused = String::with_capacity(text.len() + 2);
    let mut starts_cell = true;
    for c in text.chars() {
        if starts_cell && matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r') {
            defused.push('\'');
        }
        defused.push(c);
        starts_cell = SEPARATORS.contains(&c);
    }
    if defused.contains(SEPARATORS) || defused.contains('"') {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// A signed amount in minor units as a plain decimal (`-5.50`).
fn csv_amount(minor: i64, currency: &str) -> String {
    let currency = ledger::Currency::of(currency);
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}", ledger::Decimal(minor.unsigned_abs(), &currency))
}

/// A statement as CSV, for a spreadsheet or an accountant.
pub fn to_csv(lines: &[StatementLine], format_time: impl Fn(i64) -> String) -> String {
    let mut out = String::from("date,amount,currency,code,reference,log_index,counterpart\r\n");
    for l in lines {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\r\n",
            format_time(l.created_at),
            csv_amount(l.amount, &l.currency),
            csv_cell(&l.currency),
            csv_cell(&l.code),
            csv_cell(&l.reference),
            l.log_index,
            csv_cell(l.counterpart.csv_name()),
        ));
    }
    out
}

/// A treasury's movements as CSV, with who made each.
pub fn treasury_csv(view: &TreasuryView, format_time: impl Fn(i64) -> String) -> String {
    let mut out = String::from(
        "date,by,approved_by,amount,currency,code,reference,log_index,counterpart\r\n",
    );
    for l in &view.lines {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\r\n",
            format_time(l.created_at),
            csv_cell(l.by.as_deref().unwrap_or("")),
            csv_cell(l.approved_by.as_deref().unwrap_or("")),
            csv_amount(l.amount, &view.currency),
            csv_cell(&view.currency),
            csv_cell(&l.code),
            csv_cell(&l.reference),
            l.log_index,
            csv_cell(l.counterpart.csv_name()),
        ));
    }
    out
}

/// Money in and out per month (`YYYY-MM` in `tz`), oldest first, for a chart.
pub fn monthly(view: &TreasuryView, tz: &str) -> Vec<(String, i64, i64)> {
    let zone = jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC);
    let mut months: std::collections::BTreeMap<String, (i64, i64)> = Default::default();
    for l in view.lines.iter().filter(|l| !l.pending) {
        let Ok(at) = jiff::Timestamp::from_millisecond(l.created_at) else {
            continue;
        };
        let month = at.to_zoned(zone.clone()).strftime("%Y-%m").to_string();
        let entry = months.entry(month).or_default();
        if l.amount >= 0 {
            entry.0 += l.amount;
        } else {
            entry.1 -= l.amount;
        }
    }
    months.into_iter().map(|(m, (i, o))| (m, i, o)).collect()
}

/// The wallet's part of a member's data: exported with its statement;
/// erasure drops its proof key, so whoever kept the old key can no longer
/// pick out its log entries (the money itself must be gone first, and the
/// transfers stay: accounting records).
pub(crate) const PERSONAL_DATA: crate::module::Part = crate::module::Part {
    export: |db, member_id| Box::pin(export(db, member_id)),
    erase: |tx, member_id| {
        Box::pin(async move {
            sqlx::query(
                "UPDATE ledger_accounts SET proof_key = NULL WHERE kind = 'wallet' AND owner_id = $1",
            )
            .bind(member_id)
            .execute(&mut **tx)
            .await?;
            Ok(())
        })
    },
};

/// The wallet and its whole statement, if the member ever had one (for the
/// personal-data export, which must not open a wallet).
pub async fn export(db: &Db, member_id: &MemberId) -> Result<serde_json::Value, AppError> {
    let found =
        sqlx::query("SELECT id FROM ledger_accounts WHERE kind = 'wallet' AND owner_id = $1")
            .bind(member_id)
            .fetch_optional(db.pool())
            .await?;
    if found.is_none() {
        return Ok(serde_json::Value::Null);
    }
    let wallet = wallet(db, member_id).await?;
    let lines = lines(db, &wallet.account_id, (i64::MIN, i64::MAX, 0), i64::MAX).await?;
    Ok(serde_json::json!({"wallet": wallet, "statement": lines}))
}

/// `window` is (from ms, to ms, direction: 0 both, 1 in, 2 out).
async fn lines(
    db: &Db,
    account_id: &AccountId,
    (from, to, direction): (i64, i64, i64),
    limit: i64,
) -> Result<Vec<StatementLine>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT t.seq, t.debit_id, t.amount, t.currency, t.phase, t.created_at, \
         COALESCE(NULLIF(t.code, ''), r.code, '') AS code, \
         COALESCE(NULLIF(t.reference, ''), r.reference, '') AS reference, {COUNTERPART_COLUMNS} \
         FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.id = t.pending_id \
         {COUNTERPART_JOINS} WHERE (t.debit_id = $1 OR t.credit_id = $1) \
         AND t.created_at >= $2 AND t.created_at < $3 \
         AND ($5 = 0 OR ($5 = 1 AND t.credit_id = $1) OR ($5 = 2 AND t.debit_id = $1)) \
         ORDER BY t.seq DESC LIMIT $4"
    ))
    .bind(account_id)
    .bind(from)
    .bind(to)
    .bind(limit.max(1))
    .bind(direction)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(StatementLine {
                log_index: r.try_get("seq")?,
                amount: signed_amount(r, account_id.as_str())?,
                currency: r.try_get("currency")?,
                code: r.try_get("code")?,
                reference: r.try_get("reference")?,
                counterpart: counterpart(r)?,
                phase: r.try_get("phase")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_on_every_separator_and_formulas_defused_after_each() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a;b"), "\"a;b\"");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(
            csv_cell("merci;=HYPERLINK(\"x\")"),
            "\"merci;'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(csv_cell("a,@SUM(A1)"), "\"a,'@SUM(A1)\"");
        assert_eq!(csv_cell("10-2"), "10-2");
    }
}
