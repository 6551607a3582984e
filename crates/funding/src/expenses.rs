//! A collective's expenses, in Open Collective's model. A member of the
//! collective submits what it spent (or a supplier's bill) with its
//! receipt, a photo or a PDF, and says where it is paid: its wallet, or a
//! bank account. Another treasurer or coordinator (never the submitter)
//! approves it, or refuses it with a reason; or, when the collective wants
//! its say or no one else may approve, it is put to the collective's
//! decision, which approves it when it passes. Approving records a payout
//! from the treasury in the same transaction (kernel::bank): paid into the
//! wallet at once, or leaving with the next SEPA batch. The list is open to
//! the collective's members; receipts and bank details to the submitter and
//! to those who move the collective's money.

use kernel::bank::{self, Destination, PayoutRequest};
use kernel::collectives::Role;
use kernel::db::{Db, new_id, now_ms};
use kernel::decisions::{self, Decision, DecisionInput};
use kernel::money::Amount;
use kernel::settings::BankAccount;
use kernel::validate::schema;
use kernel::{AppError, CollectiveId, DecisionId, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::campaigns::MAX_GOAL;
use crate::pots::PotDecisionInput;

pub const JOB_APPROVE: &str = "funding.expense_approve";

/// The member's expense was approved (and paid) or refused.
pub const DECIDED: kernel::notifications::Kind = kernel::notifications::Kind {
    code: "funding_expense_decided",
    default: kernel::notifications::Delivery::Email,
};

/// Tells the submitter how its expense ended (`state`, as its page says).
async fn tell_submitter(
    conn: impl Into<kernel::db::Conn<'_>>,
    e: &Expense,
    slug: &str,
    state: &str,
) -> Result<(), AppError> {
    let notice = kernel::notifications::Notice {
        kind: DECIDED,
        args: vec![
            ("name", e.title.clone()),
            ("outcome", format!("msg:expenses-state-{state}")),
        ],
        link: format!("/collectives/{slug}/expenses/{}", e.id),
        body: String::new(),
        list: None,
    };
    let submitter = MemberId::from(e.submitted_by.clone());
    kernel::notifications::notify_many(conn, &[submitter], &notice).await
}

/// An expense awaits a treasurer's or coordinator's approval.
pub const SUBMITTED: kernel::notifications::Kind = kernel::notifications::Kind {
    code: "funding_expense_submitted",
    default: kernel::notifications::Delivery::Email,
};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingExpenseInput)]
pub struct ExpenseInput {
    /// What was bought, for what.
    #[schema(schema_with = schema::line::<3, 120>)]
    pub title: String,
    /// In cents.
    #[schema(minimum = 1, maximum = 1000000000)]
    pub amount: i64,
    /// `wallet` (the submitter's) or `bank` (the account given).
    #[schema(schema_with = pay_to_schema)]
    pub pay_to: String,
    /// The account holder's name, for `bank`.
    #[serde(default)]
    pub bank_name: Option<String>,
    #[serde(default)]
    pub iban: Option<String>,
    #[serde(default)]
    pub bic: Option<String>,
    /// The receipt, base64: a JPEG, PNG or WebP photo, or a PDF, of at most
    /// 10 MB (3 MB through this API, whose bodies are at most 4 MB).
    pub receipt_base64: String,
}

fn pay_to_schema() -> utoipa::openapi::schema::Schema {
    schema::codes(&["wallet", "bank"])
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingExpense)]
pub struct Expense {
    pub id: String,
    pub collective_id: String,
    pub submitted_by: String,
    pub submitted_by_name: String,
    pub title: String,
    pub amount: i64,
    pub pay_to: String,
    /// submitted, approved (its payout leaves with the next bank batch),
    /// paid, refused, or cancelled (by its submitter).
    pub state: String,
    pub decided_by_name: Option<String>,
    pub decision_id: Option<String>,
    /// Why it was refused.
    pub refusal: Option<String>,
    pub payout_id: Option<String>,
    /// `image/jpeg` or `application/pdf`.
    pub receipt_type: String,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

/// An expense with what only the submitter and those who move the
/// collective's money see.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingExpenseDetail)]
pub struct Detail {
    #[serde(flatten)]
    pub expense: Expense,
    /// The bank account it is paid to, for `bank` (printed form).
    pub bank_name: Option<String>,
    pub iban: Option<String>,
    pub bic: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingRefusalInput)]
pub struct RefusalInput {
    /// Why, as the submitter reads it.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub reason: String,
}

const SELECT: &str = "SELECT e.id, e.collective_id, e.submitted_by, s.display_name AS submitted_by_name, \
    e.title, e.amount, e.pay_to, e.bank_name, e.iban, e.bic, e.receipt_type, e.refusal, e.payout_id, \
    e.decision_id, e.created_at, e.decided_at, d.display_name AS decided_by_name, \
    CASE WHEN e.state = 'approved' AND p.status IN ('paid', 'sent') THEN 'paid' \
         WHEN e.state = 'approved' AND p.status = 'cancelled' THEN 'cancelled' \
         ELSE e.state END AS state \
    FROM funding_expenses e JOIN members s ON s.id = e.submitted_by \
    LEFT JOIN members d ON d.id = e.decided_by LEFT JOIN payouts p ON p.id = e.payout_id";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Detail, sqlx::Error> {
    Ok(Detail {
        expense: Expense {
            id: r.try_get("id")?,
            collective_id: r.try_get("collective_id")?,
            submitted_by: r.try_get("submitted_by")?,
            submitted_by_name: r.try_get("submitted_by_name")?,
            title: r.try_get("title")?,
            amount: r.try_get("amount")?,
            pay_to: r.try_get("pay_to")?,
            state: r.try_get("state")?,
            decided_by_name: r.try_get("decided_by_name")?,
            decision_id: r.try_get("decision_id")?,
            refusal: r.try_get("refusal")?,
            payout_id: r.try_get("payout_id")?,
            receipt_type: r.try_get("receipt_type")?,
            created_at: r.try_get("created_at")?,
            decided_at: r.try_get("decided_at")?,
        },
        bank_name: r.try_get("bank_name")?,
        iban: r
            .try_get::<Option<String>, _>("iban")?
            .map(|i| kernel::bank::printed_iban(&i)),
        bic: r.try_get("bic")?,
    })
}

/// What the member may do with the collective's expenses: `None` when it is
/// not a member (it sees none).
async fn role(db: &Db, collective: &CollectiveId, member: &MemberId) -> Result<Role, AppError> {
    kernel::collectives::role_of(db, collective, member)
        .await?
        .ok_or(AppError::Forbidden)
}

/// The collective's expenses, newest first, for its members.
pub async fn list(
    db: &Db,
    member: &MemberId,
    collective: &CollectiveId,
) -> Result<Vec<Expense>, AppError> {
    role(db, collective, member).await?;
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE e.collective_id = $1 ORDER BY e.created_at DESC, e.id DESC LIMIT 500"
    ))
    .bind(collective)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok(from_row(r)?.expense))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

async fn load(db: &Db, id: &str) -> Result<Detail, AppError> {
    let row = sqlx::query(&format!("{SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(from_row(&row)?)
}

/// Whether the member sees an expense's receipt and bank details: its
/// submitter, or one who moves the collective's money.
fn sees_private(detail: &Detail, member: &MemberId, role: Role) -> bool {
    detail.expense.submitted_by == member.as_str() || role.moves_money()
}

/// An expense, for a member of its collective (others get 404), with its
/// bank details only for those who see them.
pub async fn get(db: &Db, member: &MemberId, id: &str) -> Result<Detail, AppError> {
    let mut detail = load(db, id).await?;
    let collective = CollectiveId::from(detail.expense.collective_id.clone());
    let role = role(db, &collective, member)
        .await
        .map_err(|_| AppError::NotFound)?;
    if !sees_private(&detail, member, role) {
        detail.bank_name = None;
        detail.iban = None;
        detail.bic = None;
    }
    Ok(detail)
}

/// The receipt's bytes and type, for the submitter and those who move the
/// collective's money.
pub async fn receipt(db: &Db, member: &MemberId, id: &str) -> Result<(Vec<u8>, String), AppError> {
    let detail = load(db, id).await?;
    let collective = CollectiveId::from(detail.expense.collective_id.clone());
    let role = role(db, &collective, member)
        .await
        .map_err(|_| AppError::NotFound)?;
    if !sees_private(&detail, member, role) {
        return Err(AppError::NotAllowed("funding-expense-receipt"));
    }
    let row = sqlx::query("SELECT receipt FROM funding_expenses WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await?;
    Ok((row.try_get("receipt")?, detail.expense.receipt_type))
}

/// A receipt as kept: a PDF as sent (by its magic bytes), a photo through
/// the uploads' pipeline (re-encoded as JPEG, nothing but its pixels).
async fn kept_receipt(bytes: Vec<u8>) -> Result<(Vec<u8>, &'static str), AppError> {
    if bytes.is_empty() {
        return Err(AppError::field("receipt", "error-receipt-required"));
    }
    if bytes.len() > web::uploads::MAX_BYTES {
        return Err(AppError::field("receipt", "error-photo-too-large"));
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok((bytes, "application/pdf"));
    }
    let processed = tokio::task::spawn_blocking(move || web::uploads::process(&bytes))
        .await
        .map_err(|e| AppError::Internal(format!("receipt processing: {e}")))?;
    match processed {
        Ok(p) => Ok((p.image, "image/jpeg")),
        Err(e) => Err(AppError::field(
            "receipt",
            match e.field_errors().first().map(|f| f.key) {
                Some("error-photo-type") | None => "error-receipt-type",
                Some(other) => other,
            },
        )),
    }
}

/// A member of the collective submits an expense with its receipt.
pub async fn submit(
    db: &Db,
    bank: Option<&BankAccount>,
    member: &MemberId,
    collective: &CollectiveId,
    input: &ExpenseInput,
    receipt: Vec<u8>,
) -> Result<Detail, AppError> {
    role(db, collective, member).await?;
    let mut checks = kernel::error::Checks::new();
    let title = checks.check("title", kernel::validate::line(&input.title, 3, 120));
    if !(1..=MAX_GOAL).contains(&input.amount) {
        checks.add("amount", "error-expense-amount");
    }
    let account = match input.pay_to.as_str() {
        "wallet" => None,
        "bank" => {
            if bank.is_none() {
                checks.add("pay_to", "error-expense-no-bank");
            }
            let name = input.bank_name.as_deref().unwrap_or("");
            let iban = input.iban.as_deref().unwrap_or("");
            let bic = input.bic.as_deref().unwrap_or("");
            match kernel::bank::check_account(name, iban, bic) {
                Ok(checked) => Some(checked),
                Err(e) => {
                    for f in e.field_errors() {
                        let field = match f.field {
                            "name" => "bank_name",
                            other => other,
                        };
                        checks.add(field, f.key);
                    }
                    None
                }
            }
        }
        _ => {
            checks.add("pay_to", "error-expense-pay-to");
            None
        }
    };
    checks.finish()?;
    let (receipt, receipt_type) = kept_receipt(receipt).await?;
    let found = kernel::collectives::get(db, collective).await?;
    let title = title.unwrap_or_default();
    let title_shown = title.clone();
    let id = new_id();
    let mut tx = db.begin().await?;
    let (name, iban, bic) = match account {
        Some(a) => (Some(a.name), Some(a.iban), a.bic),
        None => (None, None, None),
    };
    sqlx::query(
        "INSERT INTO funding_expenses (id, collective_id, submitted_by, title, amount, pay_to, \
         bank_name, iban, bic, receipt, receipt_type, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'submitted', $12)",
    )
    .bind(&id)
    .bind(collective)
    .bind(member)
    .bind(title)
    .bind(input.amount)
    .bind(&input.pay_to)
    .bind(name)
    .bind(iban)
    .bind(bic)
    .bind(receipt)
    .bind(receipt_type)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    // Those who may approve it are told.
    let approvers: Vec<MemberId> = kernel::collectives::members(&mut tx, collective)
        .await?
        .into_iter()
        .filter(|m| m.role.moves_money() && m.member_id != *member)
        .map(|m| m.member_id)
        .collect();
    let notice = kernel::notifications::Notice {
        kind: SUBMITTED,
        args: vec![("name", title_shown), ("collective", found.name.clone())],
        link: format!("/collectives/{}/expenses/{id}", found.slug),
        body: String::new(),
        list: None,
    };
    kernel::notifications::notify_many(&mut tx, &approvers, &notice).await?;
    tx.commit().await?;
    get(db, member, &id).await
}

/// How a submitted expense ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Approve,
    Refuse,
    Cancel,
}

/// Approves the expense (still submitted) and records its payout, in one
/// transaction: a concurrent verdict finds it decided; a treasury short of
/// it leaves it submitted.
async fn approve(
    db: &Db,
    bank: Option<&BankAccount>,
    detail: &Detail,
    by: Option<&MemberId>,
    decision: Option<&DecisionId>,
) -> Result<bool, AppError> {
    let e = &detail.expense;
    let collective = CollectiveId::from(e.collective_id.clone());
    let submitter = MemberId::from(e.submitted_by.clone());
    let destination = match (e.pay_to.as_str(), &detail.bank_name, &detail.iban) {
        ("bank", Some(name), Some(iban)) => Destination::Bank {
            name,
            iban,
            bic: detail.bic.as_deref().unwrap_or(""),
        },
        ("wallet", _, _) => Destination::Member(&submitter),
        _ => {
            return Err(AppError::Internal(format!(
                "expense {} without its account",
                e.id
            )));
        }
    };
    // Its own key: 35 characters at most, as a SEPA end-to-end id is.
    let client_id = format!("exp{}", e.id.replace('-', ""));
    let reason = format!("{} ({})", e.title, e.id.get(..8).unwrap_or(&e.id));
    let request = PayoutRequest {
        client_id: &client_id,
        destination,
        amount: Amount::new(e.amount as u64)?,
        reason: &reason,
    };
    let payout = bank::approved_treasury_payout(db, bank, &submitter, by, &collective, &request)
        .await
        .map_err(|e| match e.field_errors().first().map(|f| f.field) {
            // The submitter left the collective since.
            Some("to_member") => AppError::Conflict("funding-expense-payee-gone"),
            _ => e,
        })?;
    let mut tx = db.begin().await?;
    let claimed = sqlx::query(
        "UPDATE funding_expenses SET state = 'approved', decided_by = $1, \
         decision_id = COALESCE($2, decision_id), decided_at = $3 WHERE id = $4 AND state = 'submitted'",
    )
    .bind(by)
    .bind(decision.map(DecisionId::as_str))
    .bind(now_ms())
    .bind(&e.id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Ok(false);
    }
    let payout_id = payout.record(&mut tx).await.map_err(|e| match e {
        AppError::Conflict("transfer-exceeds-limit") => {
            AppError::Conflict("funding-expense-treasury-short")
        }
        other => other,
    })?;
    sqlx::query("UPDATE funding_expenses SET payout_id = $1 WHERE id = $2")
        .bind(&payout_id)
        .bind(&e.id)
        .execute(&mut *tx)
        .await?;
    // To a wallet it is paid at once; to a bank, with the next batch.
    let state = match e.pay_to.as_str() {
        "wallet" => "paid",
        _ => "approved",
    };
    let slug = kernel::collectives::get(&mut tx, &collective).await?.slug;
    tell_submitter(&mut tx, e, &slug, state).await?;
    tx.commit().await?;
    Ok(true)
}

/// Another treasurer or coordinator approves or refuses the expense; its
/// submitter cancels it. Nobody approves its own.
pub async fn decide(
    db: &Db,
    bank: Option<&BankAccount>,
    member: &MemberId,
    id: &str,
    verdict: Verdict,
    refusal: &str,
) -> Result<Detail, AppError> {
    let detail = get(db, member, id).await?;
    let e = &detail.expense;
    let collective = CollectiveId::from(e.collective_id.clone());
    let role = role(db, &collective, member).await?;
    let own = e.submitted_by == member.as_str();
    match verdict {
        Verdict::Cancel if !own => return Err(AppError::NotAllowed("funding-expense-cancel")),
        Verdict::Approve if own => return Err(AppError::Conflict("funding-expense-self-approval")),
        Verdict::Approve | Verdict::Refuse if !role.moves_money() => {
            return Err(AppError::NotAllowed("funding-expense-approvers"));
        }
        _ => {}
    }
    if e.state != "submitted" {
        return Err(AppError::Conflict("funding-expense-decided"));
    }
    let done = match verdict {
        // With its bank details, whoever reads them.
        Verdict::Approve => approve(db, bank, &load(db, id).await?, Some(member), None).await?,
        Verdict::Refuse | Verdict::Cancel => {
            let refusal = match verdict {
                Verdict::Refuse => Some(
                    kernel::validate::line(refusal, 0, 200)
                        .map_err(|k| AppError::field("reason", k))?,
                ),
                _ => None,
            };
            let state = match verdict {
                Verdict::Refuse => "refused",
                _ => "cancelled",
            };
            sqlx::query(
                "UPDATE funding_expenses SET state = $1, decided_by = $2, refusal = $3, \
                 decided_at = $4 WHERE id = $5 AND state = 'submitted'",
            )
            .bind(state)
            .bind((verdict == Verdict::Refuse).then_some(member))
            .bind(refusal.filter(|r| !r.is_empty()))
            .bind(now_ms())
            .bind(id)
            .execute(db.writer())
            .await?
            .rows_affected()
                == 1
        }
    };
    if done && verdict == Verdict::Refuse {
        let slug = kernel::collectives::get(db, &collective).await?.slug;
        tell_submitter(db, e, &slug, "refused").await?;
    }
    if !done {
        return Err(AppError::Conflict("funding-expense-decided"));
    }
    get(db, member, id).await
}

/// What the decision's job carries (the kernel adds the decision's id).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payload {
    pub expense_id: String,
    #[serde(default)]
    pub decision_id: Option<DecisionId>,
}

/// A treasurer or coordinator puts a submitted expense to the collective's
/// decision.
pub async fn put_to_decision(
    db: &Db,
    member: &MemberId,
    id: &str,
    input: &PotDecisionInput,
) -> Result<Decision, AppError> {
    let detail = get(db, member, id).await?;
    let e = &detail.expense;
    let collective = CollectiveId::from(e.collective_id.clone());
    if !role(db, &collective, member).await?.moves_money() {
        return Err(AppError::NotAllowed("funding-expense-approvers"));
    }
    if e.state != "submitted" {
        return Err(AppError::Conflict("funding-expense-decided"));
    }
    let rules = kernel::collectives::get(db, &collective).await?;
    let decision = DecisionInput::acting(
        input.question.clone(),
        format!(
            "{}\n\n/collectives/{}/expenses/{}",
            e.title, rules.slug, e.id
        ),
        input.method,
        &input.options,
        rules.acting_rules.min_quorum,
        input.closes_at,
    );
    let effect = decisions::ModuleEffect {
        job: JOB_APPROVE,
        payload: serde_json::to_value(Payload {
            expense_id: e.id.clone(),
            decision_id: None,
        })
        .map_err(|e| AppError::Internal(e.to_string()))?,
        message: "effect-funding-expense-approve",
        args: vec![("name".to_owned(), e.title.clone())],
    };
    let row = crate::acting::Waiting {
        table: "funding_expenses",
        id,
        waiting: "submitted",
        current: e.decision_id.as_deref(),
        busy: "funding-expense-in-decision",
    };
    crate::acting::put(db, member, &collective, row, &decision, effect).await
}

/// The job run when the decision passed: the expense approved and its
/// payout recorded, once. A treasury short of it leaves it submitted.
pub async fn approve_by_decision(
    db: &Db,
    bank: Option<&BankAccount>,
    payload: &Payload,
) -> Result<(), AppError> {
    let decided = payload
        .decision_id
        .clone()
        .ok_or_else(|| AppError::Internal("an expense without its decision".into()))?;
    let detail = load(db, &payload.expense_id).await?;
    if detail.expense.state != "submitted"
        || detail.expense.decision_id.as_deref() != Some(decided.as_str())
    {
        return Ok(());
    }
    match approve(db, bank, &detail, None, Some(&decided)).await {
        Ok(_) => Ok(()),
        // The treasury does not hold it: the expense stays submitted, free
        // to be approved when it does, or put to a decision again.
        Err(AppError::Conflict("funding-expense-treasury-short")) => {
            sqlx::query(
                "UPDATE funding_expenses SET decision_id = NULL \
                 WHERE id = $1 AND decision_id = $2 AND state = 'submitted'",
            )
            .bind(&detail.expense.id)
            .bind(decided.as_str())
            .execute(db.writer())
            .await?;
            Ok(())
        }
        Err(other) => Err(other),
    }
}

/// The member's expenses, for its export (without the receipts' bytes,
/// which its collective keeps for its accounts).
pub async fn of_member(db: &Db, member: &MemberId) -> Result<Vec<Detail>, AppError> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE e.submitted_by = $1 ORDER BY e.created_at"
    ))
    .bind(member)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}
