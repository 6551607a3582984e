//! Money in and out through the instance's bank account, as a treasurer
//! does it: members top up by bank transfer with their own reference, the
//! bank's camt.053 statement is imported and matched (never guessed), and
//! payouts leave in a SEPA credit transfer file.
//!
//! Every payout first reserves its money in the ledger (a pending
//! transfer), so what is promised cannot be spent twice; it is posted when
//! the batch is marked as sent, or voided if refused or cancelled.

use crate::ids::{AccountId, CollectiveId, MemberId};
use rand::Rng;
use sepa::camt::{self, CamtError};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::collectives::{self, Role};
use crate::db::{Db, Tx, is_unique_violation, new_id, now_ms};
use crate::error::{AppError, Checks};
use crate::money;
use crate::settings::BankAccount;
use crate::wallet::CURRENCY;

/// `RF` + 2 check digits + 10 characters.
const REFERENCE_LEN: usize = 14;
/// Letters and digits people cannot confuse (no 0/O, 1/I/L).
const REFERENCE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

fn no_bank() -> AppError {
    AppError::Conflict("bank-not-configured")
}

/// How a member tops up by bank transfer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TransferInstructions {
    pub holder: String,
    /// In groups of four, as printed.
    pub iban: String,
    pub bic: Option<String>,
    /// The member's own reference, to write in the transfer (printed form).
    pub reference: String,
}

/// The member's reference for bank transfers, made on first use.
pub async fn reference_of(db: &Db, member_id: &MemberId) -> Result<String, AppError> {
    loop {
        let found = sqlx::query("SELECT reference FROM bank_references WHERE member_id = $1")
            .bind(member_id)
            .fetch_optional(db.writer())
            .await?;
        if let Some(row) = found {
            return Ok(row.try_get("reference")?);
        }
        let body: String = {
            let mut rng = rand::thread_rng();
            (0..REFERENCE_LEN - 4)
                .map(|_| REFERENCE_ALPHABET[rng.gen_range(0..REFERENCE_ALPHABET.len())] as char)
                .collect()
        };
        let reference = sepa::reference::make(&body).expect("the alphabet makes valid bodies");
        let inserted = sqlx::query(
            "INSERT INTO bank_references (member_id, reference, created_at) VALUES ($1, $2, $3)",
        )
        .bind(member_id)
        .bind(&reference)
        .bind(now_ms())
        .execute(db.writer())
        .await;
        match inserted {
            // Another request made the member's reference, or (rarely) the
            // random one is taken: read again, or draw again.
            Err(e) if is_unique_violation(&e) => continue,
            other => {
                other?;
            }
        }
    }
}

pub async fn instructions(
    db: &Db,
    bank: Option<&BankAccount>,
    member_id: &MemberId,
) -> Result<TransferInstructions, AppError> {
    let bank = bank.ok_or_else(no_bank)?;
    Ok(TransferInstructions {
        holder: bank.holder.clone(),
        iban: bank.iban.to_string(),
        bic: bank.bic.as_ref().map(|b| b.as_str().to_owned()),
        reference: sepa::reference::display(&reference_of(db, member_id).await?),
    })
}

fn require_admin(member: &crate::members::Member) -> Result<(), AppError> {
    if member.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

// ---------- statements in ----------

/// A line of an imported statement.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BankLine {
    pub id: String,
    /// Money in (true) or out.
    pub credit: bool,
    /// Positive, in minor units.
    pub amount: i64,
    pub booked_on: String,
    pub counterparty: String,
    pub remittance: String,
    /// matched, unmatched or set_aside
    pub status: String,
    /// The member whose wallet it credited.
    pub member: Option<String>,
    /// The treasurer who matched it or set it aside; none when the import did.
    pub decided_by: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReport {
    pub statement_id: String,
    pub lines: i64,
    /// Lines matched to a member's reference or to a payout.
    pub matched: i64,
    /// Lines left for the treasurer, with what the bank said of them.
    pub unmatched: Vec<BankLine>,
}

fn camt_error(e: CamtError) -> AppError {
    tracing::debug!(error = %e, "statement refused");
    AppError::field(
        "statement",
        match e {
            CamtError::NotXml(_) => "error-camt-not-xml",
            CamtError::NotCamt053 => "error-camt-not-camt053",
            CamtError::Missing(_) => "error-camt-incomplete",
            CamtError::SeveralStatements(_) => "error-camt-several",
            CamtError::BadAmount(_) => "error-camt-amount",
            CamtError::WrongCurrency { .. } => "error-camt-currency",
            CamtError::BadDate(_) => "error-camt-date",
            CamtError::DoesNotAddUp { .. } => "error-camt-does-not-add-up",
        },
    )
}

/// What the import decided for one line.
enum Decision {
    /// Credit this member's wallet.
    Member(MemberId),
    /// The bank confirms this payout left.
    Payout(String),
    Unmatched,
}

async fn decide(db: &Db, entry: &camt::Entry) -> Result<Decision, AppError> {
    if !entry.credit {
        if entry.end_to_end_id.is_empty() {
            return Ok(Decision::Unmatched);
        }
        let payout =
            sqlx::query("SELECT id FROM payouts WHERE end_to_end_id = $1 AND status = 'sent'")
                .bind(&entry.end_to_end_id)
                .fetch_optional(db.pool())
                .await?;
        return Ok(match payout {
            Some(r) => Decision::Payout(r.try_get("id")?),
            None => Decision::Unmatched,
        });
    }
    // Exactly one known reference, or the treasurer decides.
    let mut members = Vec::new();
    for candidate in sepa::reference::find_all(&entry.remittance, REFERENCE_LEN) {
        let row = sqlx::query("SELECT member_id FROM bank_references WHERE reference = $1")
            .bind(&candidate)
            .fetch_optional(db.pool())
            .await?;
        if let Some(row) = row {
            let member: MemberId = row.try_get("member_id")?;
            if !members.contains(&member) {
                members.push(member);
            }
        }
    }
    Ok(match <[MemberId; 1]>::try_from(members) {
        Ok([member]) => Decision::Member(member),
        Err(_) => Decision::Unmatched,
    })
}

/// Credits a member's wallet for a bank line, from the outside world,
/// inside the import's or the decision's transaction.
async fn credit_wallet(
    tx: &mut Tx,
    line_id: &str,
    member_id: &MemberId,
    amount: i64,
    booked_on: &str,
    treasurer: &MemberId,
) -> Result<(), AppError> {
    let amount = money::Amount::new(u64::try_from(amount).unwrap_or(0))?;
    // The day the bank booked it, in ISO 8601: each reader sees it in its
    // own language (`transfer-bank-booked-on`).
    let label = money::Label {
        code: "topup.bank",
        reference: booked_on,
        by: Some(treasurer),
    };
    let to = money::Owner::Wallet(member_id);
    money::pay(
        &mut *tx,
        &format!("bank:{line_id}"),
        money::Owner::World,
        to,
        amount,
        None,
        label,
    )
    .await?;
    Ok(())
}

/// Imports one camt.053 statement of the instance's account: credits the
/// wallets whose reference a line carries, confirms the payouts the bank
/// sent, and lists the rest. All of it or nothing; the same statement twice
/// is refused.
pub async fn import_statement(
    db: &Db,
    bank: Option<&BankAccount>,
    treasurer: &crate::members::Member,
    xml: &str,
) -> Result<ImportReport, AppError> {
    require_admin(treasurer)?;
    let bank = bank.ok_or_else(no_bank)?;
    let statement = camt::parse(xml).map_err(camt_error)?;
    if sepa::Iban::parse(&statement.iban).ok().as_ref() != Some(&bank.iban) {
        return Err(AppError::field("statement", "error-camt-other-account"));
    }
    if statement.currency != CURRENCY {
        return Err(AppError::field("statement", "error-camt-currency"));
    }
    // Decide every line before writing: the write transaction then holds
    // the (SQLite) writer only briefly.
    let mut plan = Vec::new();
    for entry in &statement.entries {
        plan.push((entry, decide(db, entry).await?));
    }
    let mut tx = db.begin().await?;
    let statement_id = new_id();
    let inserted = sqlx::query(
        "INSERT INTO bank_statements (id, iban, statement_id, currency, opening, closing, \
         imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&statement_id)
    .bind(bank.iban.as_str())
    .bind(&statement.id)
    .bind(&statement.currency)
    .bind(statement.opening)
    .bind(statement.closing)
    .bind(&treasurer.id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await;
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::field("statement", "error-camt-already-imported"));
        }
        other => {
            other?;
        }
    }
    let mut credits = Vec::new();
    let mut matched = 0;
    let mut unmatched = Vec::new();
    for (position, (entry, decision)) in plan.into_iter().enumerate() {
        let line_id = new_id();
        let (status, member, payout) = match decision {
            Decision::Member(member) => {
                credits.push((line_id.clone(), member.clone(), entry));
                ("matched", Some(member), None)
            }
            Decision::Payout(payout) => ("matched", None, Some(payout)),
            Decision::Unmatched => ("unmatched", None, None),
        };
        if status == "matched" {
            matched += 1;
        } else {
            unmatched.push(BankLine {
                id: line_id.clone(),
                credit: entry.credit,
                amount: entry.amount,
                booked_on: entry.booked_on.clone(),
                counterparty: entry.counterparty.clone(),
                remittance: entry.remittance.clone(),
                status: status.to_owned(),
                member: None,
                decided_by: None,
                note: String::new(),
            });
        }
        sqlx::query(
            "INSERT INTO bank_lines (id, statement_id, position, credit, amount, booked_on, bank_ref, \
             end_to_end_id, counterparty, remittance, status, member_id, payout_id, transfer_id, note, \
             decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '', $15)",
        )
        .bind(&line_id)
        .bind(&statement_id)
        .bind(position as i64)
        .bind(i64::from(entry.credit))
        .bind(entry.amount)
        .bind(&entry.booked_on)
        .bind(&entry.bank_ref)
        .bind(&entry.end_to_end_id)
        .bind(&entry.counterparty)
        .bind(&entry.remittance)
        .bind(status)
        .bind(&member)
        .bind(&payout)
        .bind(member.as_ref().map(|_| format!("bank:{line_id}")))
        .bind((status == "matched").then(now_ms))
        .execute(&mut *tx)
        .await?;
    }
    for (line_id, member, entry) in credits {
        let (amount, booked_on) = (entry.amount, &entry.booked_on);
        credit_wallet(&mut tx, &line_id, &member, amount, booked_on, &treasurer.id).await?;
    }
    tx.commit().await?;
    Ok(ImportReport {
        statement_id,
        lines: statement.entries.len() as i64,
        matched,
        unmatched,
    })
}

const LINE_COLUMNS: &str = "l.id, l.credit, l.amount, l.booked_on, l.counterparty, l.remittance, \
    l.status, l.note, m.display_name AS member_name, d.display_name AS decided_by_name";

fn line_from(r: &sqlx::any::AnyRow) -> Result<BankLine, sqlx::Error> {
    Ok(BankLine {
        id: r.try_get("id")?,
        credit: r.try_get::<i64, _>("credit")? != 0,
        amount: r.try_get("amount")?,
        booked_on: r.try_get("booked_on")?,
        counterparty: r.try_get("counterparty")?,
        remittance: r.try_get("remittance")?,
        status: r.try_get("status")?,
        member: r.try_get("member_name")?,
        decided_by: r.try_get("decided_by_name")?,
        note: r.try_get("note")?,
    })
}

/// Lines of imported statements, newest first: those still to decide, or
/// all of them.
pub async fn lines(
    db: &Db,
    treasurer: &crate::members::Member,
    only_unmatched: bool,
) -> Result<Vec<BankLine>, AppError> {
    require_admin(treasurer)?;
    let sql = format!(
        "SELECT {LINE_COLUMNS} FROM bank_lines l JOIN bank_statements s ON s.id = l.statement_id \
         LEFT JOIN members m ON m.id = l.member_id LEFT JOIN members d ON d.id = l.matched_by \
         WHERE ($1 = 0 OR l.status = 'unmatched') \
         ORDER BY s.imported_at DESC, l.position LIMIT 500"
    );
    let rows = sqlx::query(&sql)
        .bind(i64::from(only_unmatched))
        .fetch_all(db.pool())
        .await?;
    Ok(rows.iter().map(line_from).collect::<Result<_, _>>()?)
}

/// Claims an unmatched line for a decision, inside `tx`: a second treasurer
/// deciding the same line at the same time finds it taken.
async fn claim_line(
    tx: &mut Tx,
    line_id: &str,
    status: &str,
    member_id: Option<&MemberId>,
    treasurer_id: &MemberId,
    note: &str,
) -> Result<(i64, String), AppError> {
    let line =
        sqlx::query("SELECT credit, amount, booked_on, status FROM bank_lines WHERE id = $1")
            .bind(line_id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(AppError::NotFound)?;
    if line.try_get::<&str, _>("status")? != "unmatched" {
        return Err(AppError::Conflict("bank-line-decided"));
    }
    if member_id.is_some() && line.try_get::<i64, _>("credit")? == 0 {
        return Err(AppError::Conflict("bank-line-outgoing"));
    }
    let done = sqlx::query(
        "UPDATE bank_lines SET status = $1, member_id = $2, matched_by = $3, note = $4, \
         decided_at = $5, transfer_id = $6 WHERE id = $7 AND status = 'unmatched'",
    )
    .bind(status)
    .bind(member_id)
    .bind(treasurer_id)
    .bind(note)
    .bind(now_ms())
    .bind(member_id.map(|_| format!("bank:{line_id}")))
    .bind(line_id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Conflict("bank-line-decided"));
    }
    Ok((line.try_get("amount")?, line.try_get("booked_on")?))
}

/// The treasurer credits an unmatched line to the member it names: by the
/// member's reference or e-mail address.
pub async fn match_line(
    db: &Db,
    treasurer: &crate::members::Member,
    line_id: &str,
    member_ref: &str,
) -> Result<(), AppError> {
    require_admin(treasurer)?;
    let wanted = member_ref.trim();
    let by_reference = sepa::reference::normalise(wanted);
    let found = sqlx::query(
        "SELECT m.id FROM members m LEFT JOIN bank_references r ON r.member_id = m.id \
         WHERE m.erased_at IS NULL AND (r.reference = $1 OR lower(m.email) = lower($2))",
    )
    .bind(&by_reference)
    .bind(wanted)
    .fetch_optional(db.pool())
    .await?;
    let member_id: MemberId = found
        .ok_or_else(|| AppError::field("member", "error-bank-member-unknown"))?
        .try_get("id")?;
    let mut tx = db.begin().await?;
    let (amount, booked_on) = claim_line(
        &mut tx,
        line_id,
        "matched",
        Some(&member_id),
        &treasurer.id,
        "",
    )
    .await?;
    credit_wallet(
        &mut tx,
        line_id,
        &member_id,
        amount,
        &booked_on,
        &treasurer.id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The treasurer sets a line aside, saying why (refunded to the sender, a
/// bank fee, a transfer between the instance's own accounts…).
pub async fn set_aside(
    db: &Db,
    treasurer: &crate::members::Member,
    line_id: &str,
    note: &str,
) -> Result<(), AppError> {
    require_admin(treasurer)?;
    let note = crate::validate::line(note, 2, 200).map_err(|k| AppError::field("note", k))?;
    let mut tx = db.begin().await?;
    claim_line(&mut tx, line_id, "set_aside", None, &treasurer.id, &note).await?;
    tx.commit().await?;
    Ok(())
}

// ---------- payouts out ----------

code_enum!(PayoutStatus {
    AwaitingApproval => "awaiting_approval",
    Approved => "approved",
    Batched => "batched",
    Sent => "sent",
    Paid => "paid",
    Refused => "refused",
    Cancelled => "cancelled",
});

/// Money leaving a wallet or a treasury, to a bank account or (from a
/// treasury) to a member's wallet.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Payout {
    pub id: String,
    pub collective_id: Option<CollectiveId>,
    /// The member paid into its wallet, for a treasury payment to a member.
    pub to_member: Option<String>,
    pub creditor_name: String,
    /// Printed form; empty for a payment to a wallet.
    pub iban: String,
    pub bic: String,
    pub amount: i64,
    pub currency: String,
    pub reason: String,
    pub status: PayoutStatus,
    pub requested_by: String,
    pub approved_by: Option<String>,
    pub batch_id: Option<String>,
    pub created_at: i64,
}

/// Where a payout goes.
pub enum Destination<'a> {
    Bank {
        name: &'a str,
        iban: &'a str,
        bic: &'a str,
    },
    Member(&'a MemberId),
}

struct CheckedBank {
    name: String,
    iban: sepa::Iban,
    bic: Option<sepa::Bic>,
}

fn check_bank(name: &str, iban: &str, bic: &str) -> Result<CheckedBank, AppError> {
    let mut checks = Checks::new();
    let name = match crate::validate::line(name, 2, 70) {
        Ok(n) => n,
        Err(k) => {
            checks.add("name", k);
            String::new()
        }
    };
    let iban = match sepa::Iban::parse_sepa(iban) {
        Ok(i) => Some(i),
        Err(e) => {
            checks.add(
                "iban",
                match e {
                    sepa::IbanError::NotSepa => "error-iban-not-sepa",
                    sepa::IbanError::Checksum => "error-iban-checksum",
                    _ => "error-iban",
                },
            );
            None
        }
    };
    let bic = match bic.trim() {
        "" => None,
        text => match sepa::Bic::parse(text) {
            Ok(b) => Some(b),
            Err(_) => {
                checks.add("bic", "error-bic");
                None
            }
        },
    };
    checks.finish()?;
    Ok(CheckedBank {
        name,
        iban: iban.expect("checked above"),
        bic,
    })
}

/// A bank account a member typed, checked: its holder, its IBAN (compact
/// form) and its BIC, if given.
pub struct BankDetails {
    pub name: String,
    pub iban: String,
    pub bic: Option<String>,
}

/// Checks a bank account as a payout would; errors name `name`, `iban`
/// and `bic`.
pub fn check_account(name: &str, iban: &str, bic: &str) -> Result<BankDetails, AppError> {
    let bank = check_bank(name, iban, bic)?;
    Ok(BankDetails {
        name: bank.name,
        iban: bank.iban.as_str().to_owned(),
        bic: bank.bic.map(|b| b.as_str().to_owned()),
    })
}

/// An IBAN in groups of four, as printed.
pub fn printed_iban(iban: &str) -> String {
    sepa::Iban::parse(iban)
        .map(|i| i.to_string())
        .unwrap_or_else(|_| iban.to_owned())
}

const PAYOUT_COLUMNS: &str = "p.id, p.collective_id, p.creditor_name, p.iban, p.bic, p.amount, \
    p.currency, p.reason, p.status, p.batch_id, p.created_at, r.display_name AS requested_name, \
    a.display_name AS approved_name, t.display_name AS to_name";

const PAYOUT_FROM: &str = "FROM payouts p JOIN members r ON r.id = p.requested_by \
    LEFT JOIN members a ON a.id = p.approved_by LEFT JOIN members t ON t.id = p.to_member_id";

fn payout_from(r: &sqlx::any::AnyRow) -> Result<Payout, sqlx::Error> {
    let iban: String = r.try_get("iban")?;
    Ok(Payout {
        id: r.try_get("id")?,
        collective_id: r.try_get("collective_id")?,
        to_member: r.try_get("to_name")?,
        creditor_name: r.try_get("creditor_name")?,
        iban: printed_iban(&iban),
        bic: r.try_get("bic")?,
        amount: r.try_get("amount")?,
        currency: r.try_get("currency")?,
        reason: r.try_get("reason")?,
        status: PayoutStatus::parse(r.try_get("status")?).unwrap_or(PayoutStatus::Cancelled),
        requested_by: r.try_get("requested_name")?,
        approved_by: r.try_get("approved_name")?,
        batch_id: r.try_get("batch_id")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn payout(db: &Db, id: &str) -> Result<Payout, AppError> {
    let sql = format!("SELECT {PAYOUT_COLUMNS} {PAYOUT_FROM} WHERE p.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref()
        .map(payout_from)
        .transpose()?
        .ok_or(AppError::NotFound)
}

/// What a payout request says, before the rules decide its status.
pub struct PayoutRequest<'a> {
    pub client_id: &'a str,
    pub destination: Destination<'a>,
    pub amount: money::Amount,
    pub reason: &'a str,
}

struct Source<'a> {
    owner: money::Owner<'a>,
    collective_id: Option<&'a CollectiveId>,
    status: PayoutStatus,
    approved_by: Option<MemberId>,
}

/// Who a payout pays, checked: a bank account, or a member of the paying
/// collective (its wallet).
struct Creditor {
    name: String,
    iban: String,
    bic: String,
    to_member: Option<MemberId>,
}

async fn creditor(
    db: &Db,
    destination: &Destination<'_>,
    collective_id: Option<&CollectiveId>,
) -> Result<Creditor, AppError> {
    match destination {
        Destination::Bank { name, iban, bic } => {
            let bank = check_bank(name, iban, bic)?;
            Ok(Creditor {
                name: bank.name,
                iban: bank.iban.as_str().to_owned(),
                bic: bank.bic.map(|b| b.as_str().to_owned()).unwrap_or_default(),
                to_member: None,
            })
        }
        Destination::Member(member_id) => {
            let Some(collective) = collective_id else {
                return Err(AppError::field("to_member", "error-member-unknown"));
            };
            if collectives::role_of(db, collective, member_id)
                .await?
                .is_none()
            {
                return Err(AppError::field("to_member", "error-member-unknown"));
            }
            let name = sqlx::query("SELECT display_name FROM members WHERE id = $1")
                .bind(*member_id)
                .fetch_one(db.pool())
                .await?
                .try_get("display_name")?;
            Ok(Creditor {
                name,
                iban: String::new(),
                bic: String::new(),
                to_member: Some((*member_id).clone()),
            })
        }
    }
}

/// A payout checked and ready to record.
struct Checked<'a> {
    id: String,
    reserve_id: String,
    amount: money::Amount,
    reason: String,
    creditor: Creditor,
    requester: MemberId,
    source: Source<'a>,
}

/// Reserves the payout's money and records it, in the caller's
/// transaction: held at once into where it goes (the outside world for a
/// bank transfer, the member's wallet for a payment to a member), and
/// posted at once when it goes to a wallet already approved. False when
/// a payout of that id is already recorded (a concurrent retry won).
async fn record(tx: &mut Tx, p: &Checked<'_>) -> Result<bool, AppError> {
    let account_id = money::account_of(&mut *tx, p.source.owner).await?;
    let (into, code) = match &p.creditor.to_member {
        Some(member) => (money::Owner::Wallet(member), "payout.member"),
        None => (money::Owner::World, "payout.bank"),
    };
    let label = money::Label {
        code,
        reference: &p.reason,
        by: Some(&p.requester),
    };
    money::hold(
        &mut *tx,
        &p.reserve_id,
        p.source.owner,
        into,
        p.amount,
        None,
        label,
    )
    .await?;
    let inserted = sqlx::query(
        "INSERT INTO payouts (id, account_id, collective_id, to_member_id, creditor_name, iban, bic, \
         amount, currency, reason, status, requested_by, approved_by, reserve_id, created_at, \
         end_to_end_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(&p.id)
    .bind(&account_id)
    .bind(p.source.collective_id)
    .bind(&p.creditor.to_member)
    .bind(&p.creditor.name)
    .bind(&p.creditor.iban)
    .bind(&p.creditor.bic)
    .bind(p.amount.minor() as i64)
    .bind(CURRENCY)
    .bind(&p.reason)
    .bind(p.source.status.code())
    .bind(&p.requester)
    .bind(&p.source.approved_by)
    .bind(&p.reserve_id)
    .bind(now_ms())
    .bind(end_to_end_id(&p.id))
    .execute(&mut **tx)
    .await;
    match inserted {
        Err(e) if is_unique_violation(&e) => return Ok(false),
        other => {
            other?;
        }
    }
    // A payment to a member's wallet that needs no second approval is done.
    if p.creditor.to_member.is_some() && p.source.status == PayoutStatus::Approved {
        let by = p.source.approved_by.as_ref().unwrap_or(&p.requester);
        settle(tx, &p.id, &p.reserve_id, true, PayoutStatus::Paid, by).await?;
    }
    Ok(true)
}

/// A payout's name in the SEPA file and on the bank's statement: its id
/// when it fits in 35 characters, a fresh one otherwise ("P" and 32 hex
/// digits).
fn end_to_end_id(payout_id: &str) -> String {
    match payout_id.len() <= 35 {
        true => payout_id.to_owned(),
        false => format!("P{}", new_id().replace('-', "")),
    }
}

fn payout_id(requester: &MemberId, client_id: &str) -> String {
    format!("{requester}-{client_id}")
}

/// Records a payout and reserves its money, in one transaction; a retry
/// with the same client id returns the first.
async fn create_payout(
    db: &Db,
    requester: &MemberId,
    request: &PayoutRequest<'_>,
    source: Source<'_>,
) -> Result<Payout, AppError> {
    let id = payout_id(requester, request.client_id);
    let reserve_id = crate::wallet::transfer_id(requester, request.client_id)?;
    let reason =
        crate::validate::line(request.reason, 2, 140).map_err(|k| AppError::field("reason", k))?;
    let account_id = money::account_of(db, source.owner).await?;
    if let Ok(done) = payout(db, &id).await {
        return same_payout(
            db,
            done,
            &request.destination,
            request.amount,
            &reason,
            &account_id,
        )
        .await;
    }
    let checked = Checked {
        creditor: creditor(db, &request.destination, source.collective_id).await?,
        id,
        reserve_id,
        amount: request.amount,
        reason,
        requester: requester.clone(),
        source,
    };
    let mut tx = db.begin().await?;
    if !record(&mut tx, &checked).await? {
        // A concurrent retry of the same request won.
        drop(tx);
        return payout(db, &checked.id).await;
    }
    tx.commit().await?;
    payout(db, &checked.id).await
}

/// A treasury payment approved before it is recorded: an expense that
/// another treasurer or coordinator, or the collective's decision,
/// approved. Checked by [`approved_treasury_payout`], then recorded by
/// [`ApprovedPayout::record`] in the transaction that approves it.
pub struct ApprovedPayout<'a>(Checked<'a>);

/// Checks a treasury payment already approved by `approver` (none for a
/// decision), asked by `requester`: to its wallet (a member of the
/// collective) or to a bank account, when the instance has one. Its
/// `client_id` is the caller's own key and the payout's id, outside any
/// member's keys (a member cannot take it first), unique among payouts and
/// at most 35 characters (a SEPA end-to-end id).
pub async fn approved_treasury_payout<'a>(
    db: &Db,
    bank: Option<&BankAccount>,
    requester: &MemberId,
    approver: Option<&MemberId>,
    collective_id: &'a CollectiveId,
    request: &PayoutRequest<'_>,
) -> Result<ApprovedPayout<'a>, AppError> {
    if matches!(request.destination, Destination::Bank { .. }) {
        bank.ok_or_else(no_bank)?;
    }
    if request.client_id.len() > 35 {
        return Err(AppError::Internal(
            "a payout id longer than an end-to-end id".into(),
        ));
    }
    let reason =
        crate::validate::line(request.reason, 2, 140).map_err(|k| AppError::field("reason", k))?;
    Ok(ApprovedPayout(Checked {
        creditor: creditor(db, &request.destination, Some(collective_id)).await?,
        id: request.client_id.to_owned(),
        reserve_id: format!("payout:{}", request.client_id),
        amount: request.amount,
        reason,
        requester: requester.clone(),
        source: Source {
            owner: money::Owner::Treasury(collective_id),
            collective_id: Some(collective_id),
            status: PayoutStatus::Approved,
            approved_by: approver.cloned(),
        },
    }))
}

impl ApprovedPayout<'_> {
    /// Records it in the caller's transaction; returns the payout's id. A
    /// treasury short of it is refused (`transfer-exceeds-limit`).
    pub async fn record(&self, tx: &mut Tx) -> Result<String, AppError> {
        if !record(tx, &self.0).await? {
            return Err(AppError::Conflict("transfer-id-reused"));
        }
        Ok(self.0.id.clone())
    }
}

/// A retried payout request is answered with the first; the same client
/// id for a different payout is refused.
async fn same_payout(
    db: &Db,
    done: Payout,
    destination: &Destination<'_>,
    amount: money::Amount,
    reason: &str,
    account_id: &AccountId,
) -> Result<Payout, AppError> {
    let stored = sqlx::query("SELECT account_id, iban, to_member_id FROM payouts WHERE id = $1")
        .bind(&done.id)
        .fetch_one(db.pool())
        .await?;
    let same_destination = match destination {
        Destination::Bank { iban, .. } => match sepa::Iban::parse(iban) {
            Ok(i) => i.as_str() == stored.try_get::<&str, _>("iban")?,
            Err(_) => false,
        },
        Destination::Member(m) => {
            stored.try_get::<Option<&str>, _>("to_member_id")? == Some(m.as_str())
        }
    };
    let same = same_destination
        && done.amount == amount.minor() as i64
        && done.reason == reason
        && *stored.try_get::<&str, _>("account_id")? == *account_id;
    if same {
        Ok(done)
    } else {
        Err(AppError::Conflict("transfer-id-reused"))
    }
}

/// Posts (or releases) a payout's held money and sets its new status.
async fn settle(
    tx: &mut Tx,
    payout_id: &str,
    reserve_id: &str,
    post: bool,
    status: PayoutStatus,
    by: &MemberId,
) -> Result<(), AppError> {
    let label = money::Label {
        code: "",
        reference: "",
        by: Some(by),
    };
    if post {
        money::capture(&mut *tx, reserve_id, reserve_id, &[], None, label).await?;
    } else {
        money::release(&mut *tx, &format!("{reserve_id}:void"), reserve_id, label).await?;
    }
    sqlx::query("UPDATE payouts SET status = $1, decided_at = $2 WHERE id = $3")
        .bind(status.code())
        .bind(now_ms())
        .bind(payout_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A member withdraws from its wallet to its bank account; it leaves with
/// the next batch.
pub async fn request_wallet_payout(
    db: &Db,
    bank: Option<&BankAccount>,
    member_id: &MemberId,
    request: &PayoutRequest<'_>,
) -> Result<Payout, AppError> {
    bank.ok_or_else(no_bank)?;
    if !matches!(request.destination, Destination::Bank { .. }) {
        return Err(AppError::field("iban", "error-iban"));
    }
    let source = Source {
        owner: money::Owner::Wallet(member_id),
        collective_id: None,
        status: PayoutStatus::Approved,
        approved_by: Some(member_id.to_owned()),
    };
    create_payout(db, member_id, request, source).await
}

/// An organisation's administrator sends what its sales brought in to its
/// bank account; it leaves with the next batch.
pub async fn request_organisation_payout(
    db: &Db,
    bank: Option<&BankAccount>,
    member_id: &MemberId,
    organisation_id: &str,
    request: &PayoutRequest<'_>,
) -> Result<Payout, AppError> {
    crate::organisations::get(db, organisation_id).await?;
    if crate::organisations::role_of(db, organisation_id, member_id).await?
        != Some(crate::organisations::OrgRole::Admin)
    {
        return Err(AppError::Forbidden);
    }
    bank.ok_or_else(no_bank)?;
    if !matches!(request.destination, Destination::Bank { .. }) {
        return Err(AppError::field("iban", "error-iban"));
    }
    let source = Source {
        owner: money::Owner::Organisation(organisation_id),
        collective_id: None,
        status: PayoutStatus::Approved,
        approved_by: Some(member_id.to_owned()),
    };
    create_payout(db, member_id, request, source).await
}

/// A collective's treasurer pays from the treasury: at once up to the
/// collective's threshold, above it once another treasurer or coordinator
/// approves.
pub async fn request_treasury_payout(
    db: &Db,
    bank: Option<&BankAccount>,
    member_id: &MemberId,
    collective_id: &CollectiveId,
    request: &PayoutRequest<'_>,
) -> Result<Payout, AppError> {
    if collectives::require_member(db, collective_id, member_id).await? != Role::Treasurer {
        return Err(AppError::Forbidden);
    }
    if matches!(request.destination, Destination::Bank { .. }) {
        bank.ok_or_else(no_bank)?;
    }
    let threshold = second_approval_above(db, collective_id).await?;
    let alone = (request.amount.minor() as i64) <= threshold;
    let source = Source {
        owner: money::Owner::Treasury(collective_id),
        collective_id: Some(collective_id),
        status: if alone {
            PayoutStatus::Approved
        } else {
            PayoutStatus::AwaitingApproval
        },
        approved_by: alone.then(|| member_id.to_owned()),
    };
    create_payout(db, member_id, request, source).await
}

/// Above this amount (minor units), a treasury payment needs a second person.
pub async fn second_approval_above(db: &Db, collective_id: &CollectiveId) -> Result<i64, AppError> {
    Ok(
        sqlx::query("SELECT second_approval_above FROM collectives WHERE id = $1")
            .bind(collective_id)
            .fetch_optional(db.pool())
            .await?
            .ok_or(AppError::NotFound)?
            .try_get("second_approval_above")?,
    )
}

/// A coordinator sets the collective's rule.
pub async fn set_second_approval_above(
    db: &Db,
    member_id: &MemberId,
    collective_id: &CollectiveId,
    amount: &str,
) -> Result<(), AppError> {
    collectives::require_coordinator(db, collective_id, member_id).await?;
    let amount = match amount.trim() {
        "0" | "0.00" | "0,00" => 0,
        text => crate::wallet::parse_amount(text)?.minor() as i64,
    };
    sqlx::query("UPDATE collectives SET second_approval_above = $1 WHERE id = $2")
        .bind(amount)
        .bind(collective_id)
        .execute(db.writer())
        .await?;
    db.changed();
    Ok(())
}

async fn open_payout(tx: &mut Tx, payout_id: &str) -> Result<sqlx::any::AnyRow, AppError> {
    sqlx::query(
        "SELECT collective_id, requested_by, status, reserve_id, to_member_id FROM payouts WHERE id = $1",
    )
    .bind(payout_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)
}

/// Another treasurer or a coordinator of the collective approves (or
/// refuses) a treasury payment above the threshold.
pub async fn decide_payout(
    db: &Db,
    member_id: &MemberId,
    collective_id: &CollectiveId,
    payout_id: &str,
    approve: bool,
) -> Result<Payout, AppError> {
    let role = collectives::require_member(db, collective_id, member_id).await?;
    if role == Role::Member {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let row = open_payout(&mut tx, payout_id).await?;
    if row.try_get::<Option<&str>, _>("collective_id")? != Some(collective_id.as_str()) {
        return Err(AppError::NotFound);
    }
    if row.try_get::<&str, _>("status")? != PayoutStatus::AwaitingApproval.code() {
        return Err(AppError::Conflict("payout-decided"));
    }
    if approve && row.try_get::<&str, _>("requested_by")? == member_id {
        return Err(AppError::Conflict("payout-self-approval"));
    }
    let reserve_id: String = row.try_get("reserve_id")?;
    let to_wallet = row.try_get::<Option<&str>, _>("to_member_id")?.is_some();
    // Claim the decision first: a concurrent decision finds it taken.
    let claimed = sqlx::query(
        "UPDATE payouts SET status = $1, approved_by = $2, decided_at = $3 \
         WHERE id = $4 AND status = 'awaiting_approval'",
    )
    .bind(if approve { "approved" } else { "refused" })
    .bind(approve.then_some(member_id))
    .bind(now_ms())
    .bind(payout_id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(AppError::Conflict("payout-decided"));
    }
    if !approve {
        settle(
            &mut tx,
            payout_id,
            &reserve_id,
            false,
            PayoutStatus::Refused,
            member_id,
        )
        .await?;
    } else if to_wallet {
        settle(
            &mut tx,
            payout_id,
            &reserve_id,
            true,
            PayoutStatus::Paid,
            member_id,
        )
        .await?;
    }
    tx.commit().await?;
    payout(db, payout_id).await
}

/// The requester cancels a payout that has not left yet.
pub async fn cancel_payout(
    db: &Db,
    member_id: &MemberId,
    payout_id: &str,
) -> Result<Payout, AppError> {
    let mut tx = db.begin().await?;
    let row = open_payout(&mut tx, payout_id).await?;
    if row.try_get::<&str, _>("requested_by")? != member_id {
        return Err(AppError::NotFound);
    }
    let status = row.try_get::<&str, _>("status")?;
    if status != "awaiting_approval" && status != "approved" {
        return Err(AppError::Conflict("payout-decided"));
    }
    let reserve_id: String = row.try_get("reserve_id")?;
    let claimed = sqlx::query(
        "UPDATE payouts SET status = 'cancelled' WHERE id = $1 AND status IN ('awaiting_approval', 'approved')",
    )
    .bind(payout_id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(AppError::Conflict("payout-decided"));
    }
    settle(
        &mut tx,
        payout_id,
        &reserve_id,
        false,
        PayoutStatus::Cancelled,
        member_id,
    )
    .await?;
    tx.commit().await?;
    payout(db, payout_id).await
}

/// A member's own payout requests, newest first.
pub async fn payouts_of(db: &Db, member_id: &MemberId) -> Result<Vec<Payout>, AppError> {
    payouts_from(db, "wallet", member_id.as_str()).await
}

/// The payouts from an account of `kind` owned by `owner`, newest first.
async fn payouts_from(db: &Db, kind: &str, owner: &str) -> Result<Vec<Payout>, AppError> {
    let sql = format!(
        "SELECT {PAYOUT_COLUMNS} {PAYOUT_FROM} WHERE p.account_id = \
         (SELECT id FROM ledger_accounts WHERE kind = $1 AND owner_id = $2) \
         ORDER BY p.created_at DESC LIMIT 200"
    );
    let rows = sqlx::query(&sql)
        .bind(kind)
        .bind(owner)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.iter().map(payout_from).collect::<Result<_, _>>()?)
}

/// An organisation's payouts to its bank account, for its administrators.
pub async fn payouts_of_organisation(
    db: &Db,
    organisation_id: &str,
    member_id: &MemberId,
) -> Result<Vec<Payout>, AppError> {
    if crate::organisations::role_of(db, organisation_id, member_id).await?
        != Some(crate::organisations::OrgRole::Admin)
    {
        return Err(AppError::Forbidden);
    }
    payouts_from(db, "organisation", organisation_id).await
}

/// A collective's payments from its treasury, for its members.
pub async fn payouts_of_collective(
    db: &Db,
    member_id: &MemberId,
    collective_id: &CollectiveId,
) -> Result<Vec<Payout>, AppError> {
    collectives::require_member(db, collective_id, member_id).await?;
    let sql = format!(
        "SELECT {PAYOUT_COLUMNS} {PAYOUT_FROM} WHERE p.collective_id = $1 \
         ORDER BY p.created_at DESC LIMIT 200"
    );
    let rows = sqlx::query(&sql)
        .bind(collective_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.iter().map(payout_from).collect::<Result<_, _>>()?)
}

// ---------- batches ----------

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PayoutBatch {
    pub id: String,
    pub message_id: String,
    pub execution_date: String,
    pub total: i64,
    pub count: i64,
    pub created_by: String,
    pub created_at: i64,
    pub sent_by: Option<String>,
    pub sent_at: Option<i64>,
}

fn batch_from(r: &sqlx::any::AnyRow) -> Result<PayoutBatch, sqlx::Error> {
    Ok(PayoutBatch {
        id: r.try_get("id")?,
        message_id: r.try_get("message_id")?,
        execution_date: r.try_get("execution_date")?,
        total: r.try_get("total")?,
        count: r.try_get("count")?,
        created_by: r.try_get("created_name")?,
        created_at: r.try_get("created_at")?,
        sent_by: r.try_get("sent_name")?,
        sent_at: r.try_get("sent_at")?,
    })
}

const BATCH_SELECT: &str = "SELECT b.id, b.message_id, b.execution_date, b.total, b.count, \
    b.created_at, b.sent_at, c.display_name AS created_name, s.display_name AS sent_name \
    FROM payout_batches b JOIN members c ON c.id = b.created_by LEFT JOIN members s ON s.id = b.sent_by";

pub async fn batches(
    db: &Db,
    treasurer: &crate::members::Member,
) -> Result<Vec<PayoutBatch>, AppError> {
    require_admin(treasurer)?;
    let sql = format!("{BATCH_SELECT} ORDER BY b.created_at DESC LIMIT 100");
    let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
    Ok(rows.iter().map(batch_from).collect::<Result<_, _>>()?)
}

/// Bank payouts approved and waiting for a batch.
pub async fn waiting_payouts(
    db: &Db,
    treasurer: &crate::members::Member,
) -> Result<Vec<Payout>, AppError> {
    require_admin(treasurer)?;
    let sql = format!(
        "SELECT {PAYOUT_COLUMNS} {PAYOUT_FROM} WHERE p.status = 'approved' AND p.to_member_id IS NULL \
         ORDER BY p.created_at"
    );
    let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
    Ok(rows.iter().map(payout_from).collect::<Result<_, _>>()?)
}

/// Gathers every approved bank payout into a batch to execute on `date`.
pub async fn create_batch(
    db: &Db,
    bank: Option<&BankAccount>,
    treasurer: &crate::members::Member,
    execution_date: &str,
) -> Result<PayoutBatch, AppError> {
    require_admin(treasurer)?;
    bank.ok_or_else(no_bank)?;
    let date: jiff::civil::Date = execution_date
        .trim()
        .parse()
        .map_err(|_| AppError::field("execution_date", "error-date"))?;
    let today = jiff::Zoned::now().date();
    if date < today {
        return Err(AppError::field("execution_date", "error-date-past"));
    }
    let id = new_id();
    let message_id = format!("FRC-{}", &id.replace('-', "")[..24]);
    let mut tx = db.begin().await?;
    let taken = sqlx::query(
        "UPDATE payouts SET status = 'batched', batch_id = $1 \
         WHERE status = 'approved' AND to_member_id IS NULL",
    )
    .bind(&id)
    .execute(&mut *tx)
    .await?;
    if taken.rows_affected() == 0 {
        return Err(AppError::Conflict("batch-nothing-to-pay"));
    }
    // Payouts from before end-to-end ids get theirs as they leave.
    let unnamed =
        sqlx::query("SELECT id FROM payouts WHERE batch_id = $1 AND end_to_end_id IS NULL")
            .bind(&id)
            .fetch_all(&mut *tx)
            .await?;
    for row in &unnamed {
        let payout: String = row.try_get("id")?;
        sqlx::query("UPDATE payouts SET end_to_end_id = $1 WHERE id = $2")
            .bind(end_to_end_id(&payout))
            .bind(&payout)
            .execute(&mut *tx)
            .await?;
    }
    let sums = sqlx::query("SELECT COUNT(*) AS n, CAST(SUM(amount) AS BIGINT) AS total FROM payouts WHERE batch_id = $1")
        .bind(&id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO payout_batches (id, message_id, execution_date, total, count, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(&message_id)
    .bind(date.to_string())
    .bind(sums.try_get::<i64, _>("total")?)
    .bind(sums.try_get::<i64, _>("n")?)
    .bind(&treasurer.id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    batch(db, &id).await
}

async fn batch(db: &Db, id: &str) -> Result<PayoutBatch, AppError> {
    let sql = format!("{BATCH_SELECT} WHERE b.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref()
        .map(batch_from)
        .transpose()?
        .ok_or(AppError::NotFound)
}

/// The batch as a pain.001.001.03 file for the bank.
pub async fn batch_file(
    db: &Db,
    bank: Option<&BankAccount>,
    treasurer: &crate::members::Member,
    batch_id: &str,
) -> Result<String, AppError> {
    require_admin(treasurer)?;
    let bank = bank.ok_or_else(no_bank)?;
    let batch = batch(db, batch_id).await?;
    let rows = sqlx::query(
        // A batch made before end-to-end ids names its payouts by their ids.
        "SELECT COALESCE(end_to_end_id, id) AS end_to_end_id, creditor_name, iban, bic, amount, \
         reason FROM payouts WHERE batch_id = $1 ORDER BY created_at",
    )
    .bind(batch_id)
    .fetch_all(db.pool())
    .await?;
    let mut payments = Vec::new();
    for r in &rows {
        let stored = |c: &str| -> Result<String, sqlx::Error> { r.try_get(c) };
        payments.push(sepa::pain::Payment {
            end_to_end_id: stored("end_to_end_id")?,
            amount: r.try_get::<i64, _>("amount")? as u64,
            creditor_name: stored("creditor_name")?,
            iban: sepa::Iban::parse(&stored("iban")?)
                .map_err(|_| AppError::Internal("a stored IBAN does not check".into()))?,
            bic: sepa::Bic::parse(&stored("bic")?).ok(),
            remittance: stored("reason")?,
        });
    }
    let created = jiff::Timestamp::from_millisecond(batch.created_at)
        .map_err(|e| AppError::Internal(e.to_string()))?
        .to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M:%S")
        .to_string();
    sepa::pain::write(&sepa::pain::Batch {
        message_id: batch.message_id,
        created_at: created,
        execution_date: batch.execution_date,
        debtor: sepa::pain::Debtor {
            name: bank.holder.clone(),
            iban: bank.iban.clone(),
            bic: bank.bic.clone(),
        },
        payments,
    })
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// The treasurer uploaded the file and the bank took it: the money leaves
/// the wallets and treasuries for good.
pub async fn mark_sent(
    db: &Db,
    treasurer: &crate::members::Member,
    batch_id: &str,
) -> Result<PayoutBatch, AppError> {
    require_admin(treasurer)?;
    let mut tx = db.begin().await?;
    let claimed = sqlx::query(
        "UPDATE payout_batches SET sent_by = $1, sent_at = $2 WHERE id = $3 AND sent_at IS NULL",
    )
    .bind(&treasurer.id)
    .bind(now_ms())
    .bind(batch_id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        batch(db, batch_id).await?;
        return Err(AppError::Conflict("batch-already-sent"));
    }
    let rows = sqlx::query("SELECT reserve_id FROM payouts WHERE batch_id = $1")
        .bind(batch_id)
        .fetch_all(&mut *tx)
        .await?;
    // Every payout of the batch leaves, or none: one transaction.
    let label = money::Label {
        code: "",
        reference: "",
        by: Some(&treasurer.id),
    };
    for r in &rows {
        let reserve_id: &str = r.try_get("reserve_id")?;
        money::capture(&mut tx, reserve_id, reserve_id, &[], None, label).await?;
    }
    sqlx::query("UPDATE payouts SET status = 'sent', decided_at = $1 WHERE batch_id = $2")
        .bind(now_ms())
        .bind(batch_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    batch(db, batch_id).await
}

/// The bank's part of a member's data: its transfer reference and payouts
/// exported; erasure forgets the reference (a later transfer quoting it is
/// left for the treasurer); payouts stay, as accounting records.
pub(crate) const PERSONAL_DATA: crate::module::Part = crate::module::Part {
    export: |db, member_id| Box::pin(export(db, member_id)),
    erase: |tx, member_id| {
        Box::pin(async move {
            sqlx::query("DELETE FROM bank_references WHERE member_id = $1")
                .bind(member_id)
                .execute(&mut **tx)
                .await?;
            Ok(())
        })
    },
};

/// The member's bank data, for the personal-data export.
pub async fn export(db: &Db, member_id: &MemberId) -> Result<serde_json::Value, AppError> {
    let reference = sqlx::query("SELECT reference FROM bank_references WHERE member_id = $1")
        .bind(member_id)
        .fetch_optional(db.pool())
        .await?
        .map(|r| r.try_get::<String, _>("reference"))
        .transpose()?;
    let payouts = payouts_of(db, member_id).await?;
    let rows = sqlx::query(
        "SELECT booked_on, amount, counterparty, remittance FROM bank_lines WHERE member_id = $1",
    )
    .bind(member_id)
    .fetch_all(db.pool())
    .await?;
    let transfers: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            Ok(serde_json::json!({
                "booked_on": r.try_get::<String, _>("booked_on")?,
                "amount": r.try_get::<i64, _>("amount")?,
                "counterparty": r.try_get::<String, _>("counterparty")?,
                "remittance": r.try_get::<String, _>("remittance")?,
            }))
        })
        .collect::<Result<_, sqlx::Error>>()?;

    Ok(serde_json::json!({
        "reference": reference,
        "payouts": payouts,
        "bank_transfers_in": transfers,
    }))
}
