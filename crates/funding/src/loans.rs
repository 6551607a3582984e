//! Citizen and communal loans: a collective (a commune's group, a
//! cooperative, a project) borrows from members, interest-free or at a
//! fixed rate, repaid in equal instalments or equal principal.
//!
//! 1. A treasurer or coordinator proposes the terms; the collective's own
//!    decision approves them (borrowing commits its treasury to the
//!    repayments: no one commits it alone), and its job opens the loan.
//! 2. Members lend from their wallets until lending closes, within the
//!    instance's caps per lender ([`kernel::settings::LoanRules`]: the
//!    French rules by default), after reading the key information sheet.
//!    Each lending is a hold into the loan's escrow, which its lender
//!    withdraws without giving a reason during its reflection period.
//! 3. When every reflection period is over (lending's close plus the
//!    period), a job disburses: every hold captured into the collective's
//!    treasury, the schedule fixed on what was lent
//!    ([`pricing::loans::schedule`], exact to the cent) and a job queued at
//!    each due date; or, below the minimum, every hold released.
//! 4. At each due date the instalment is paid out of the treasury to the
//!    lenders pro rata (its interest by [`pricing::loans::pro_rata`], its
//!    principal by [`pricing::loans::principal_shares`], so that each gets
//!    back exactly what it lent) in one linked batch; a treasury short
//!    of it flags the instalment late, tells lenders and the collective's
//!    treasurers, and tries again each day.
//!
//! No fee is taken on loans: the platform's fee is for payments. Every
//! movement goes through the ledger, and the loan's totals (disbursed,
//! each instalment, late ones) through the transparency log, no lender
//! named.

use kernel::collectives::Role;
use kernel::db::{Db, ROWS_PER_STATEMENT, Tx, new_id, now_ms, value_rows};
use kernel::decisions::{self, DecisionInput, MethodKind};
use kernel::jobs::{self, NewJob};
use kernel::money::{self, Amount, HoldOutcome, Label, Outcome, Owner, Split};
use kernel::notifications::{Delivery, Kind, Notice};
use kernel::settings::LoanRules;
use kernel::validate::schema;
use kernel::{AppError, CollectiveId, DecisionId, MemberId};
use pricing::loans::{Amortisation, Terms};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use utoipa::ToSchema;

use crate::campaigns::MAX_GOAL;

pub const JOB_OPEN: &str = "funding.loan_open";
pub const JOB_DISBURSE: &str = "funding.loan_disburse";
pub const JOB_DUE: &str = "funding.loan_due";

/// The loan the member lent to is disbursed: its schedule is fixed.
pub const DISBURSED: Kind = Kind {
    code: "funding_loan_disbursed",
    default: Delivery::Email,
};
/// The loan did not reach its minimum: the lending is released.
pub const CANCELLED: Kind = Kind {
    code: "funding_loan_cancelled",
    default: Delivery::Email,
};
/// An instalment was repaid: the lender's share is in its wallet.
pub const REPAID: Kind = Kind {
    code: "funding_loan_repaid",
    default: Delivery::App,
};
/// An instalment is late: the borrower's treasury could not pay it.
pub const LATE: Kind = Kind {
    code: "funding_loan_late",
    default: Delivery::Email,
};

const DAY_MS: i64 = 24 * 3600 * 1000;
/// The least one lends, in cents: 10 €.
pub const MIN_LENDING: i64 = 1_000;
/// How far ahead lending may close: 90 days.
const MAX_LENDING_MS: i64 = 90 * DAY_MS;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingLoanInput)]
pub struct LoanInput {
    /// The borrower: a collective or a project whose treasurer or
    /// coordinator the member is. Its treasury receives and repays.
    pub collective_id: String,
    #[schema(schema_with = schema::line::<3, 120>)]
    pub title: String,
    #[schema(schema_with = schema::line::<3, 240>)]
    pub summary: String,
    /// What the money is for.
    #[schema(schema_with = schema::body::<10000>)]
    pub purpose: String,
    /// What could go wrong, for the key information sheet.
    #[schema(schema_with = schema::body::<10000>)]
    pub risks: String,
    /// The least lent for the loan to go ahead, in cents.
    #[schema(minimum = 1, maximum = 1000000000)]
    pub minimum: i64,
    /// The most borrowed, in cents.
    #[schema(minimum = 1, maximum = 1000000000)]
    pub amount: i64,
    /// The annual interest rate in basis points (0: interest-free; at most
    /// 20 %).
    #[schema(minimum = 0, maximum = 2000)]
    pub rate_bp: i64,
    #[schema(minimum = 1, maximum = 360)]
    pub instalments: i64,
    /// 1 (monthly), 3 (quarterly), 6, 12 (yearly)…
    #[schema(minimum = 1, maximum = 12)]
    pub months_between: i64,
    /// equal_instalments or equal_principal.
    #[schema(schema_with = amortisation_schema)]
    pub amortisation: String,
    /// When lending closes, ms since the epoch, within 90 days.
    #[schema(schema_with = schema::timestamp_ms)]
    pub lending_until: i64,
    /// The question put to the collective.
    #[schema(schema_with = schema::line::<3, 200>)]
    pub question: String,
    /// consent, consensus or majority (the first option is "for").
    #[schema(schema_with = crate::campaigns::acting_method_schema)]
    pub method: MethodKind,
    #[serde(default)]
    #[schema(max_items = 2)]
    pub options: Vec<String>,
    /// When the decision closes: before lending does, and at least the
    /// collective's acting time ahead.
    #[schema(schema_with = schema::timestamp_ms)]
    pub closes_at: i64,
}

fn amortisation_schema() -> utoipa::openapi::schema::Schema {
    schema::codes(&["equal_instalments", "equal_principal"])
}

fn amortisation_of(code: &str) -> Option<Amortisation> {
    match code {
        "equal_instalments" => Some(Amortisation::EqualInstalments),
        "equal_principal" => Some(Amortisation::EqualPrincipal),
        _ => None,
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingLoan)]
pub struct Loan {
    pub id: String,
    pub collective_id: String,
    pub collective_name: String,
    pub proposer_name: String,
    pub title: String,
    pub summary: String,
    pub purpose: String,
    pub risks: String,
    pub minimum: i64,
    pub amount: i64,
    pub rate_bp: i64,
    pub instalments: i64,
    pub months_between: i64,
    pub amortisation: String,
    pub lending_until: i64,
    /// The most one member lends to it, in cents (the instance's rule when
    /// it was proposed).
    pub cap_per_lender: i64,
    pub reflection_days: i64,
    pub decision_id: Option<String>,
    /// proposed (its decision under way), open, repaying, repaid or
    /// cancelled.
    pub state: String,
    /// `open` while members may lend, else `closed`.
    pub phase: String,
    /// What is lent now (once disbursed: the principal).
    pub lent: i64,
    pub lenders: i64,
    pub disbursed_at: Option<i64>,
    /// Once disbursed, the schedule; before, what it would be for the most
    /// borrowed, its dates counted from the disbursement.
    pub schedule: Vec<Instalment>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingInstalment)]
pub struct Instalment {
    pub number: i64,
    /// Once disbursed.
    pub due_at: Option<i64>,
    pub principal: i64,
    pub interest: i64,
    pub total: i64,
    pub paid_at: Option<i64>,
    /// When it was found unpaid at its due date.
    pub late_at: Option<i64>,
}

impl Loan {
    /// The terms of a schedule for `principal`.
    fn terms(&self, principal: i64) -> Terms {
        Terms {
            principal: principal.max(0) as u64,
            rate_bp: self.rate_bp.max(0) as u32,
            count: self.instalments.max(0) as u32,
            months_between: self.months_between.max(0) as u32,
            kind: amortisation_of(&self.amortisation).unwrap_or(Amortisation::EqualInstalments),
        }
    }

    /// How long it runs, in months.
    pub fn months(&self) -> i64 {
        self.instalments * self.months_between
    }

    /// When the money is disbursed: once every reflection period is over.
    pub fn disburses_at(&self) -> i64 {
        self.lending_until + self.reflection_days * DAY_MS
    }

    /// The principal lent, in hundredths of a percent of the most borrowed.
    pub fn progress(&self) -> i64 {
        crate::campaigns::progress(self.lent, self.amount)
    }

    /// The total repaid for 100 € lent, in cents: what the sheet shows.
    pub fn repaid_per_hundred(&self) -> i64 {
        pricing::loans::schedule(&self.terms(10_000))
            .map(|s| s.iter().map(|i| i.total as i64).sum())
            .unwrap_or(0)
    }
}

/// A lender's own account of a loan: what it lent, received and is owed,
/// instalment by instalment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LenderStatement {
    pub loan_id: String,
    pub title: String,
    pub lent: i64,
    pub lent_at: i64,
    /// Until when it may withdraw without giving a reason.
    pub withdrawable_until: i64,
    pub received_principal: i64,
    pub received_interest: i64,
    /// The principal still owed to it.
    pub owed_principal: i64,
    /// Its share of each instalment (paid ones as paid).
    pub instalments: Vec<Instalment>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct LendInput {
    /// In cents, at most the loan's cap per lender.
    #[schema(minimum = 1, maximum = 1000000000)]
    pub amount: i64,
    /// The lender read the key information sheet: required.
    pub read_sheet: bool,
}

/// What the instance's rules allow one lender to lend to a loan at this
/// rate.
pub fn cap_for(rules: &LoanRules, rate_bp: i64) -> i64 {
    match rate_bp {
        0 => rules.free_cap as i64,
        _ => rules.interest_cap as i64,
    }
}

/// Checks the terms whole: every mistake listed by its field.
fn check(input: &LoanInput, rules: &LoanRules, now: i64) -> Result<(), AppError> {
    let mut checks = kernel::error::Checks::new();
    checks.check("title", kernel::validate::line(&input.title, 3, 120));
    checks.check("summary", kernel::validate::line(&input.summary, 3, 240));
    checks.check(
        "purpose",
        kernel::validate::non_blank_text(&input.purpose, 10000),
    );
    checks.check(
        "risks",
        kernel::validate::non_blank_text(&input.risks, 10000),
    );
    if !(1..=MAX_GOAL.min(rules.project_cap as i64)).contains(&input.amount) {
        checks.add("amount", "error-loan-amount");
    }
    if !(1..=input.amount.max(1)).contains(&input.minimum) {
        checks.add("minimum", "error-loan-minimum");
    }
    let Some(kind) = amortisation_of(&input.amortisation) else {
        checks.add("amortisation", "error-loan-amortisation");
        return checks.finish();
    };
    let terms = Terms {
        principal: input.amount.clamp(1, MAX_GOAL) as u64,
        rate_bp: u32::try_from(input.rate_bp).unwrap_or(u32::MAX),
        count: u32::try_from(input.instalments).unwrap_or(0),
        months_between: u32::try_from(input.months_between).unwrap_or(0),
        kind,
    };
    match pricing::loans::schedule(&terms) {
        Err(pricing::loans::LoanError::Rate) => checks.add("rate_bp", "error-loan-rate"),
        Err(pricing::loans::LoanError::Count) => checks.add("instalments", "error-loan-count"),
        Err(pricing::loans::LoanError::Period) => checks.add("months_between", "error-loan-period"),
        Err(pricing::loans::LoanError::Principal) => checks.add("amount", "error-loan-principal"),
        Ok(_) => {}
    }
    let months = input.instalments.saturating_mul(input.months_between);
    if input.rate_bp > 0 && months > i64::from(rules.interest_max_months) {
        checks.add("instalments", "error-loan-too-long");
    }
    if input.lending_until <= now || input.lending_until - now > MAX_LENDING_MS {
        checks.add("lending_until", "error-loan-lending-until");
    }
    if input.closes_at >= input.lending_until {
        checks.add("closes_at", "error-loan-decision-closes");
    }
    checks.finish()
}

/// A treasurer or coordinator of the collective proposes a loan: the
/// collective's decision is opened, and the loan opens to lenders when it
/// passes. Nothing is written if the decision cannot be opened.
pub async fn propose(
    db: &Db,
    rules: &LoanRules,
    member: &MemberId,
    input: &LoanInput,
) -> Result<decisions::Decision, AppError> {
    let collective_id = CollectiveId::from(input.collective_id.clone());
    if !kernel::collectives::role_of(db, &collective_id, member)
        .await?
        .is_some_and(Role::moves_money)
    {
        return Err(AppError::field(
            "collective_id",
            "error-funding-backing-collective",
        ));
    }
    let now = now_ms();
    check(input, rules, now)?;
    let id = new_id();
    let acting = kernel::collectives::get(db, &collective_id)
        .await?
        .acting_rules;
    let decision = DecisionInput::acting(
        input.question.clone(),
        format!("{}\n\n/funding/loans/{id}", input.summary.trim()),
        input.method,
        &input.options,
        acting.min_quorum,
        input.closes_at,
    );
    let effect = decisions::ModuleEffect {
        job: JOB_OPEN,
        payload: serde_json::json!({"loan_id": id}),
        message: "effect-funding-loan-open",
        args: vec![("name".to_owned(), input.title.trim().to_owned())],
    };
    // The loan first, then its decision, which names it: a decision never
    // names a loan that is not there. If the decision cannot be opened
    // (too short, a method that does not say yes or no…), the loan goes.
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO funding_loans (id, collective_id, proposer_id, title, summary, purpose, risks, \
         minimum, amount, rate_bp, instalments, months_between, amortisation, lending_until, \
         cap_per_lender, reflection_days, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'proposed', $17)",
    )
    .bind(&id)
    .bind(&collective_id)
    .bind(member)
    .bind(input.title.trim())
    .bind(input.summary.trim())
    .bind(input.purpose.trim())
    .bind(input.risks.trim())
    .bind(input.minimum)
    .bind(input.amount)
    .bind(input.rate_bp)
    .bind(input.instalments)
    .bind(input.months_between)
    .bind(&input.amortisation)
    .bind(input.lending_until)
    .bind(cap_for(rules, input.rate_bp))
    .bind(i64::from(rules.reflection_days))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let opened =
        match decisions::create_with_effect(db, member, &collective_id, &decision, effect).await {
            Ok(opened) => opened,
            Err(refused) => {
                let mut tx = db.begin().await?;
                sqlx::query("DELETE FROM funding_loans WHERE id = $1 AND decision_id IS NULL")
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                return Err(refused);
            }
        };
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE funding_loans SET decision_id = $1 WHERE id = $2")
        .bind(opened.id.as_str())
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(opened)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payload {
    pub loan_id: String,
    #[serde(default)]
    pub decision_id: Option<DecisionId>,
    #[serde(default)]
    pub number: Option<i64>,
}

/// The decision passed: the loan opens to lenders (the job may run twice),
/// its disbursement queued once every reflection period is over. Too late
/// to lend any more: cancelled.
pub async fn open(db: &Db, payload: &Payload) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let loan = lock(&mut tx, &payload.loan_id).await?;
    let decided = payload.decision_id.as_ref().map(DecisionId::as_str);
    if loan.state != "proposed" || loan.decision_id.as_deref() != decided {
        return Ok(());
    }
    let state = match now_ms() < loan.lending_until {
        true => "open",
        false => "cancelled",
    };
    set_state(&mut tx, &loan.id, state).await?;
    if state == "open" {
        enqueue(&mut tx, JOB_DISBURSE, &loan.id, None, loan.disburses_at()).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn enqueue(
    tx: &mut Tx,
    job: &'static str,
    loan_id: &str,
    number: Option<i64>,
    at: i64,
) -> Result<(), AppError> {
    let payload = Payload {
        loan_id: loan_id.to_owned(),
        decision_id: None,
        number,
    };
    jobs::enqueue(
        &mut *tx,
        NewJob {
            run_at: at,
            dedupe_key: Some(format!("{job}:{loan_id}:{}:{at}", number.unwrap_or(0))),
            max_attempts: jobs::MONEY_ATTEMPTS,
            ..NewJob::now(job, &payload)
        },
    )
    .await
}

async fn set_state(tx: &mut Tx, loan_id: &str, state: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE funding_loans SET state = $1 WHERE id = $2")
        .bind(state)
        .bind(loan_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub(crate) fn escrow_of(loan_id: &str) -> String {
    format!("funding:loan:{loan_id}")
}

/// The key information sheet was shown to the member (its page or the
/// API's): what lending requires, recorded once.
pub async fn sheet_shown(db: &Db, member: &MemberId, loan_id: &str) -> Result<Loan, AppError> {
    let loan = get(db, loan_id).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO funding_sheet_reads (loan_id, member_id, read_at) VALUES ($1, $2, $3) \
         ON CONFLICT (loan_id, member_id) DO NOTHING",
    )
    .bind(loan_id)
    .bind(member)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(loan)
}

/// The member lends to the loan, after reading its key information sheet:
/// its money held until the disbursement, withdrawable during its
/// reflection period. One lending per member and loan.
pub async fn lend(
    db: &Db,
    member: &MemberId,
    loan_id: &str,
    input: &LendInput,
) -> Result<LenderStatement, AppError> {
    if !input.read_sheet {
        return Err(AppError::field("read_sheet", "error-loan-read-sheet"));
    }
    let mut tx = db.begin().await?;
    let loan = lock(&mut tx, loan_id).await?;
    if loan.phase != "open" {
        return Err(AppError::Conflict("funding-loan-closed"));
    }
    if !(MIN_LENDING..=loan.cap_per_lender).contains(&input.amount) {
        return Err(AppError::field("amount", "error-loan-cap"));
    }
    // The sheet was shown to this member (its page, or the API's), not
    // only said to be read.
    let shown = sqlx::query(
        "SELECT 1 AS one FROM funding_sheet_reads WHERE loan_id = $1 AND member_id = $2",
    )
    .bind(loan_id)
    .bind(member)
    .fetch_optional(&mut *tx)
    .await?;
    if shown.is_none() {
        return Err(AppError::field("read_sheet", "error-loan-read-sheet"));
    }
    let lent =
        sqlx::query("SELECT 1 AS one FROM funding_lendings WHERE loan_id = $1 AND member_id = $2")
            .bind(loan_id)
            .bind(member)
            .fetch_optional(&mut *tx)
            .await?;
    if lent.is_some() {
        return Err(AppError::Conflict("funding-loan-lent"));
    }
    if loan.lent + input.amount > loan.amount {
        return Err(AppError::field("amount", "error-loan-over-amount"));
    }
    let key = format!("funding:loan:{loan_id}:{member}:{}", new_id());
    let escrow = escrow_of(loan_id);
    money::hold(
        &mut tx,
        &key,
        Owner::Wallet(member),
        Owner::Escrow(&escrow),
        Amount::new(input.amount as u64)?,
        None,
        Label {
            code: "funding.lend",
            reference: &loan.title,
            by: Some(member),
        },
    )
    .await?;
    let now = now_ms();
    sqlx::query(
        "INSERT INTO funding_lendings (loan_id, member_id, amount, hold_key, created_at, withdrawable_until) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(loan_id)
    .bind(member)
    .bind(input.amount)
    .bind(&key)
    .bind(now)
    .bind(now + loan.reflection_days * DAY_MS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    statement(db, member, loan_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The lender withdraws during its reflection period, without giving a
/// reason: its money released.
pub async fn withdraw(db: &Db, member: &MemberId, loan_id: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let loan = lock(&mut tx, loan_id).await?;
    let row = sqlx::query(
        "SELECT hold_key, withdrawable_until FROM funding_lendings WHERE loan_id = $1 AND member_id = $2",
    )
    .bind(loan_id)
    .bind(member)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let (hold_key, until): (String, i64) =
        (row.try_get("hold_key")?, row.try_get("withdrawable_until")?);
    if now_ms() > until || loan.state != "open" {
        return Err(AppError::Conflict("funding-loan-reflection-over"));
    }
    money::release(
        &mut tx,
        &format!("{hold_key}:release"),
        &hold_key,
        Label {
            code: "funding.lend",
            reference: &loan.title,
            by: Some(member),
        },
    )
    .await?;
    sqlx::query("DELETE FROM funding_lendings WHERE loan_id = $1 AND member_id = $2")
        .bind(loan_id)
        .bind(member)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Who lent: a member from its wallet, or a collective by its decision
/// from its treasury or the solidarity fund (see `loan_backings`).
enum Lender {
    Member(MemberId),
    Collective {
        backing: String,
        collective: CollectiveId,
        solidarity: bool,
    },
}

/// A lending, as the disbursement, the repayments and the statements take
/// them: in one order (of `lender`), which every split follows.
struct Lending {
    lender: Lender,
    amount: i64,
    hold_key: String,
}

impl Lending {
    /// Where its money came from, and where its repayments go.
    fn owner(&self) -> Owner<'_> {
        match &self.lender {
            Lender::Member(m) => Owner::Wallet(m),
            Lender::Collective {
                solidarity: true, ..
            } => Owner::Solidarity,
            Lender::Collective { collective, .. } => Owner::Treasury(collective),
        }
    }

    fn member(&self) -> Option<&MemberId> {
        match &self.lender {
            Lender::Member(m) => Some(m),
            Lender::Collective { .. } => None,
        }
    }
}

/// Every lending of a loan, the members' and the collectives' still in it.
const LENDINGS: &str = "SELECT member_id AS lender, 'member' AS kind, '' AS collective_id, \
    amount, hold_key FROM funding_lendings WHERE loan_id = $1 \
    UNION ALL SELECT id AS lender, source AS kind, collective_id, amount, \
    COALESCE(hold_key, '') AS hold_key FROM funding_loan_backings \
    WHERE loan_id = $1 AND state IN ('held', 'lent') ORDER BY lender";

async fn lendings(conn: &mut sqlx::AnyConnection, loan_id: &str) -> Result<Vec<Lending>, AppError> {
    let rows = sqlx::query(LENDINGS)
        .bind(loan_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let lender: String = r.try_get("lender")?;
            let kind: String = r.try_get("kind")?;
            Ok(Lending {
                lender: match kind.as_str() {
                    "member" => Lender::Member(MemberId::from(lender)),
                    source => Lender::Collective {
                        backing: lender,
                        collective: CollectiveId::from(r.try_get::<String, _>("collective_id")?),
                        solidarity: source == "solidarity",
                    },
                },
                amount: r.try_get("amount")?,
                hold_key: r.try_get("hold_key")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// How many holds one pass through the ledger settles (its bind marks).
const HOLDS_AT_ONCE: usize = 400;

/// Once every reflection period is over: disbursed to the collective's
/// treasury with its schedule fixed, or cancelled below the minimum.
pub async fn disburse(db: &Db, loan_id: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let loan = lock(&mut tx, loan_id).await?;
    let now = now_ms();
    if loan.state != "open" || now < loan.disburses_at() {
        return Ok(());
    }
    let lendings = lendings(&mut tx, loan_id).await?;
    let principal: i64 = lendings.iter().map(|l| l.amount).sum();
    let go = principal >= loan.minimum;
    let collective = CollectiveId::from(loan.collective_id.clone());
    let splits = lendings
        .iter()
        .map(|l| {
            Ok(vec![Split {
                to: Owner::Treasury(&collective),
                amount: Amount::new(l.amount as u64)?,
                reference: &loan.title,
            }])
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let keys: Vec<String> = lendings
        .iter()
        .map(|l| format!("{}:disburse", l.hold_key))
        .collect();
    let label = Label {
        code: "funding.loan",
        reference: &loan.title,
        by: None,
    };
    let outcomes: Vec<HoldOutcome<'_>> = lendings
        .iter()
        .zip(&splits)
        .zip(&keys)
        .map(|((l, splits), key)| HoldOutcome {
            key,
            hold_key: &l.hold_key,
            outcome: match go {
                true => Outcome::Capture { splits, fee: None },
                false => Outcome::Release,
            },
            label,
        })
        .collect();
    for chunk in outcomes.chunks(HOLDS_AT_ONCE) {
        money::settle_holds(&mut tx, chunk).await?;
    }
    sqlx::query(
        "UPDATE funding_loan_backings SET state = $1 WHERE loan_id = $2 AND state = 'held'",
    )
    .bind(if go { "lent" } else { "released" })
    .bind(loan_id)
    .execute(&mut *tx)
    .await?;
    let lenders: Vec<MemberId> = lendings
        .iter()
        .filter_map(Lending::member)
        .cloned()
        .collect();
    let notice = |kind| Notice {
        kind,
        args: vec![("name", loan.title.clone())],
        link: format!("/funding/loans/{loan_id}"),
        body: String::new(),
        list: None,
    };
    if !go {
        set_state(&mut tx, loan_id, "cancelled").await?;
        kernel::notifications::notify_many(&mut tx, &lenders, &notice(CANCELLED)).await?;
        kernel::log::append(
            &mut tx,
            &serde_json::json!({"type": "funding.loan_cancelled", "released": principal,
                                "lenders": lenders.len()}),
        )
        .await?;
        tx.commit().await?;
        return Ok(());
    }
    let schedule = pricing::loans::schedule(&loan.terms(principal))
        .map_err(|e| AppError::Internal(format!("a checked loan has no schedule: {e}")))?;
    for chunk in schedule.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO funding_instalments (loan_id, number, due_at, principal, interest) VALUES {}",
            value_rows(1, chunk.len(), 5)
        );
        let mut insert = sqlx::query(&sql);
        for i in chunk {
            insert = insert
                .bind(loan_id)
                .bind(i64::from(i.number))
                .bind(due_at(now, loan.months_between, i64::from(i.number)))
                .bind(i.principal as i64)
                .bind(i.interest as i64);
        }
        insert.execute(&mut *tx).await?;
    }
    for i in &schedule {
        let number = i64::from(i.number);
        let at = due_at(now, loan.months_between, number);
        enqueue(&mut tx, JOB_DUE, loan_id, Some(number), at).await?;
    }
    sqlx::query(
        "UPDATE funding_loans SET state = 'repaying', principal = $1, disbursed_at = $2 WHERE id = $3",
    )
    .bind(principal)
    .bind(now)
    .bind(loan_id)
    .execute(&mut *tx)
    .await?;
    kernel::notifications::notify_many(&mut tx, &lenders, &notice(DISBURSED)).await?;
    kernel::log::append(
        &mut tx,
        &serde_json::json!({"type": "funding.loan_disbursed", "principal": principal,
                            "lenders": lenders.len(), "rate_bp": loan.rate_bp,
                            "instalments": loan.instalments}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The `number`th due date: that many periods after the disbursement, in
/// calendar months (UTC), the day kept or the month's last.
pub fn due_at(disbursed_at: i64, months_between: i64, number: i64) -> i64 {
    let start = jiff::Timestamp::from_millisecond(disbursed_at)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(jiff::tz::TimeZone::UTC);
    start
        .checked_add(jiff::Span::new().months(months_between * number))
        .map(|due| due.timestamp().as_millisecond())
        .unwrap_or(disbursed_at + months_between * number * 30 * DAY_MS)
}

/// At its due date (and each day after while it is late): the instalment
/// paid out of the collective's treasury to the lenders, pro rata, in one
/// linked batch; or, the treasury short, flagged late and told, once.
pub async fn pay_due(db: &Db, loan_id: &str, number: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let loan = lock(&mut tx, loan_id).await?;
    let row = sqlx::query(
        "SELECT due_at, principal, interest, paid_at, late_at FROM funding_instalments \
         WHERE loan_id = $1 AND number = $2",
    )
    .bind(loan_id)
    .bind(number)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let (due, principal, interest): (i64, i64, i64) = (
        row.try_get("due_at")?,
        row.try_get("principal")?,
        row.try_get("interest")?,
    );
    let (paid_at, late_at): (Option<i64>, Option<i64>) =
        (row.try_get("paid_at")?, row.try_get("late_at")?);
    let now = now_ms();
    if paid_at.is_some() || now < due || loan.state != "repaying" {
        return Ok(());
    }
    let lendings = lendings(&mut tx, loan_id).await?;
    let weights: Vec<u64> = lendings.iter().map(|l| l.amount as u64).collect();
    let principal_parts = shares_of(&loan.schedule, &weights)
        .into_iter()
        .nth((number - 1).max(0) as usize)
        .unwrap_or_default();
    let interest_parts = pricing::loans::pro_rata(interest as u64, &weights);
    let collective = CollectiveId::from(loan.collective_id.clone());
    let total = principal + interest;
    let label = Label {
        code: "funding.repay",
        reference: &loan.title,
        by: None,
    };
    if total > 0 {
        // One hold per few hundred lenders, each captured to its lenders:
        // a batch's ids stay within what one statement binds, however many
        // lent. All in this transaction: paid whole, or not at all.
        let escrow = escrow_of(loan_id);
        let shares: Vec<(&Lending, u64)> = lendings
            .iter()
            .zip(principal_parts.iter().zip(&interest_parts))
            .map(|(l, (p, i))| (l, p + i))
            .collect();
        let chunks: Vec<&[(&Lending, u64)]> = shares.chunks(HOLDS_AT_ONCE).collect();
        let keys: Vec<String> = (0..chunks.len())
            .map(|c| format!("funding:loan:{loan_id}:due:{number}:{c}"))
            .collect();
        for (chunk, key) in chunks.iter().zip(&keys) {
            let sum: u64 = chunk.iter().map(|(_, part)| part).sum();
            if sum == 0 {
                continue;
            }
            let held = money::hold(
                &mut tx,
                key,
                Owner::Treasury(&collective),
                Owner::Escrow(&escrow),
                Amount::new(sum)?,
                None,
                label,
            )
            .await;
            match held {
                Ok(_) => {}
                Err(AppError::Conflict(code)) if SHORT.contains(&code) => {
                    drop(tx);
                    return late(db, loan_id, number).await;
                }
                Err(other) => return Err(other),
            }
        }
        let splits: Vec<Vec<Split<'_>>> = chunks
            .iter()
            .map(|chunk| {
                chunk
                    .iter()
                    .filter(|(_, part)| *part > 0)
                    .map(|(l, part)| {
                        Ok(Split {
                            to: l.owner(),
                            amount: Amount::new(*part)?,
                            reference: &loan.title,
                        })
                    })
                    .collect::<Result<Vec<_>, AppError>>()
            })
            .collect::<Result<_, _>>()?;
        let pay_keys: Vec<String> = keys.iter().map(|k| format!("{k}:pay")).collect();
        let outcomes: Vec<HoldOutcome<'_>> = splits
            .iter()
            .zip(keys.iter().zip(&pay_keys))
            .filter(|(splits, _)| !splits.is_empty())
            .map(|(splits, (hold, key))| HoldOutcome {
                key,
                hold_key: hold,
                outcome: Outcome::Capture { splits, fee: None },
                label,
            })
            .collect();
        for outcome in &outcomes {
            money::settle_holds(&mut tx, std::slice::from_ref(outcome)).await?;
        }
    }
    let mut rows: Vec<(&MemberId, i64, i64)> = Vec::new();
    for (l, (p, i)) in lendings
        .iter()
        .zip(principal_parts.iter().zip(&interest_parts))
    {
        match &l.lender {
            Lender::Member(m) => rows.push((m, *p as i64, *i as i64)),
            Lender::Collective { backing, .. } => {
                sqlx::query(
                    "UPDATE funding_loan_backings SET received_principal = received_principal + $1, \
                     received_interest = received_interest + $2 WHERE id = $3",
                )
                .bind(*p as i64)
                .bind(*i as i64)
                .bind(backing)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO funding_repayments (loan_id, number, member_id, principal, interest) VALUES {}",
            value_rows(1, chunk.len(), 5)
        );
        let mut insert = sqlx::query(&sql);
        for (member, p, i) in chunk {
            insert = insert
                .bind(loan_id)
                .bind(number)
                .bind(member.as_str())
                .bind(*p)
                .bind(*i);
        }
        insert.execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE funding_instalments SET paid_at = $1 WHERE loan_id = $2 AND number = $3")
        .bind(now)
        .bind(loan_id)
        .bind(number)
        .execute(&mut *tx)
        .await?;
    let unpaid = sqlx::query(
        "SELECT 1 AS one FROM funding_instalments WHERE loan_id = $1 AND paid_at IS NULL LIMIT 1",
    )
    .bind(loan_id)
    .fetch_optional(&mut *tx)
    .await?;
    if unpaid.is_none() {
        set_state(&mut tx, loan_id, "repaid").await?;
    }
    let lenders: Vec<MemberId> = lendings
        .iter()
        .filter_map(Lending::member)
        .cloned()
        .collect();
    let notice = Notice {
        kind: REPAID,
        args: vec![("name", loan.title.clone()), ("number", number.to_string())],
        link: format!("/funding/loans/{loan_id}"),
        body: String::new(),
        list: None,
    };
    kernel::notifications::notify_many(&mut tx, &lenders, &notice).await?;
    kernel::log::append(
        &mut tx,
        &serde_json::json!({"type": "funding.loan_instalment", "number": number,
                            "principal": principal, "interest": interest,
                            "late": late_at.is_some()}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Each instalment's principal shared among the lenders (`weights`, in
/// the lenders' ids' order): every lender gets back exactly what it lent.
fn shares_of(schedule: &[Instalment], weights: &[u64]) -> Vec<Vec<u64>> {
    let principals: Vec<u64> = schedule.iter().map(|i| i.principal.max(0) as u64).collect();
    pricing::loans::principal_shares(&principals, weights)
}

/// The schedule the loan would have for `principal`, undated (before its
/// disbursement).
fn estimate(loan: &Loan, principal: i64) -> Vec<Instalment> {
    pricing::loans::schedule(&loan.terms(principal))
        .unwrap_or_default()
        .iter()
        .map(|i| Instalment {
            number: i64::from(i.number),
            due_at: None,
            principal: i.principal as i64,
            interest: i.interest as i64,
            total: i.total as i64,
            paid_at: None,
            late_at: None,
        })
        .collect()
}

/// What the ledger answers when an account cannot pay: a treasury short.
const SHORT: &[&str] = &["transfer-exceeds-limit"];

/// The treasury could not pay: flagged late (the first time, lenders and
/// the collective's treasurers and coordinators told, and the log says
/// so), and tried again the next day. Read again under the loan's lock: a
/// run that paid it meanwhile leaves nothing to flag, and two refused runs
/// flag it, tell and log once.
async fn late(db: &Db, loan_id: &str, number: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let loan = lock(&mut tx, loan_id).await?;
    let now = now_ms();
    let flagged = sqlx::query(
        "UPDATE funding_instalments SET late_at = $1 \
         WHERE loan_id = $2 AND number = $3 AND late_at IS NULL AND paid_at IS NULL",
    )
    .bind(now)
    .bind(loan_id)
    .bind(number)
    .execute(&mut *tx)
    .await?;
    let row = sqlx::query(
        "SELECT due_at, paid_at FROM funding_instalments WHERE loan_id = $1 AND number = $2",
    )
    .bind(loan_id)
    .bind(number)
    .fetch_one(&mut *tx)
    .await?;
    if row.try_get::<Option<i64>, _>("paid_at")?.is_some() {
        return Ok(());
    }
    let due: i64 = row.try_get("due_at")?;
    if flagged.rows_affected() == 1 {
        // The lenders, and who moves the money of the borrowing collective
        // and of each lending one.
        let all = lendings(&mut tx, loan_id).await?;
        let mut told: Vec<MemberId> = all.iter().filter_map(Lending::member).cloned().collect();
        let mut collectives = vec![CollectiveId::from(loan.collective_id.clone())];
        for l in &all {
            if let Lender::Collective { collective, .. } = &l.lender {
                collectives.push(collective.clone());
            }
        }
        for collective in &collectives {
            let runners = sqlx::query(
                "SELECT member_id FROM collective_members WHERE collective_id = $1 \
                 AND left_at IS NULL AND role IN ('coordinator', 'treasurer')",
            )
            .bind(collective)
            .fetch_all(&mut *tx)
            .await?;
            for r in &runners {
                told.push(MemberId::from(r.try_get::<String, _>("member_id")?));
            }
        }
        told.sort();
        told.dedup();
        let notice = Notice {
            kind: LATE,
            args: vec![
                ("name", loan.title.clone()),
                ("number", number.to_string()),
                ("date", kernel::notifications::time_arg(due)),
            ],
            link: format!("/funding/loans/{loan_id}"),
            body: String::new(),
            list: None,
        };
        kernel::notifications::notify_many(&mut tx, &told, &notice).await?;
        kernel::log::append(
            &mut tx,
            &serde_json::json!({"type": "funding.loan_late", "number": number}),
        )
        .await?;
    }
    // One retry a day, whichever run asks for it.
    let day = now.div_euclid(DAY_MS) + 1;
    enqueue(&mut tx, JOB_DUE, loan_id, Some(number), day * DAY_MS).await?;
    tx.commit().await?;
    Ok(())
}

const LOAN_COLUMNS: &str = "l.id, l.collective_id, c.name AS collective_name, \
    m.display_name AS proposer_name, l.title, l.summary, l.purpose, l.risks, l.minimum, l.amount, \
    l.rate_bp, l.instalments, l.months_between, l.amortisation, l.lending_until, \
    l.cap_per_lender, l.reflection_days, l.decision_id, l.state, l.principal, l.disbursed_at, \
    CAST((SELECT COALESCE(SUM(amount), 0) FROM funding_lendings g WHERE g.loan_id = l.id) \
       + (SELECT COALESCE(SUM(amount), 0) FROM funding_loan_backings b \
          WHERE b.loan_id = l.id AND b.state IN ('held', 'lent')) AS BIGINT) AS lent, \
    CAST((SELECT COUNT(*) FROM funding_lendings g WHERE g.loan_id = l.id) \
       + (SELECT COUNT(*) FROM funding_loan_backings b \
          WHERE b.loan_id = l.id AND b.state IN ('held', 'lent')) AS BIGINT) AS lenders \
    FROM funding_loans l JOIN collectives c ON c.id = l.collective_id \
    JOIN members m ON m.id = l.proposer_id";

fn loan_from(r: &AnyRow, now: i64) -> Result<Loan, sqlx::Error> {
    let state: String = r.try_get("state")?;
    let lending_until: i64 = r.try_get("lending_until")?;
    Ok(Loan {
        id: r.try_get("id")?,
        collective_id: r.try_get("collective_id")?,
        collective_name: r.try_get("collective_name")?,
        proposer_name: r.try_get("proposer_name")?,
        title: r.try_get("title")?,
        summary: r.try_get("summary")?,
        purpose: r.try_get("purpose")?,
        risks: r.try_get("risks")?,
        minimum: r.try_get("minimum")?,
        amount: r.try_get("amount")?,
        rate_bp: r.try_get("rate_bp")?,
        instalments: r.try_get("instalments")?,
        months_between: r.try_get("months_between")?,
        amortisation: r.try_get("amortisation")?,
        lending_until,
        cap_per_lender: r.try_get("cap_per_lender")?,
        reflection_days: r.try_get("reflection_days")?,
        decision_id: r.try_get("decision_id")?,
        phase: match state.as_str() {
            "open" if now < lending_until => "open",
            _ => "closed",
        }
        .to_owned(),
        state,
        lent: r.try_get("lent")?,
        lenders: r.try_get("lenders")?,
        disbursed_at: r.try_get("disbursed_at")?,
        schedule: Vec::new(),
    })
}

pub async fn get(db: &Db, id: &str) -> Result<Loan, AppError> {
    let mut conn = db.pool().acquire().await?;
    load(&mut conn, id).await
}

async fn load(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Loan, AppError> {
    let row = sqlx::query(&format!("SELECT {LOAN_COLUMNS} WHERE l.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut loan = loan_from(&row, now_ms())?;
    let rows = sqlx::query(
        "SELECT number, due_at, principal, interest, paid_at, late_at FROM funding_instalments \
         WHERE loan_id = $1 ORDER BY number",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    loan.schedule = if rows.is_empty() {
        // Before the disbursement: for the most borrowed.
        estimate(&loan, loan.amount)
    } else {
        rows.iter()
            .map(|r| {
                let (principal, interest): (i64, i64) =
                    (r.try_get("principal")?, r.try_get("interest")?);
                Ok(Instalment {
                    number: r.try_get("number")?,
                    due_at: Some(r.try_get("due_at")?),
                    principal,
                    interest,
                    total: principal + interest,
                    paid_at: r.try_get("paid_at")?,
                    late_at: r.try_get("late_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?
    };
    Ok(loan)
}

pub(crate) async fn lock(tx: &mut Tx, id: &str) -> Result<Loan, AppError> {
    tx.lock_named(&format!("funding:loan:{id}"), true).await?;
    load(tx, id).await
}

/// The loans open to lenders first (soonest close first), then the others,
/// latest first.
pub async fn list(db: &Db) -> Result<Vec<Loan>, AppError> {
    let now = now_ms();
    let rows = sqlx::query(&format!(
        "SELECT {LOAN_COLUMNS} ORDER BY CASE WHEN l.state = 'open' AND l.lending_until > $1 \
         THEN 0 ELSE 1 END, CASE WHEN l.state = 'open' AND l.lending_until > $1 \
         THEN l.lending_until ELSE -l.created_at END LIMIT 200"
    ))
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| loan_from(r, now))
        .collect::<Result<_, _>>()?)
}

/// The member's statement of a loan it lent to, if it did.
pub async fn statement(
    db: &Db,
    member: &MemberId,
    loan_id: &str,
) -> Result<Option<LenderStatement>, AppError> {
    let loan = get(db, loan_id).await?;
    let mut conn = db.pool().acquire().await?;
    let all = lendings(&mut conn, loan_id).await?;
    let Some(mine) = all.iter().position(|l| l.member() == Some(member)) else {
        return Ok(None);
    };
    // Withdrawn since the lendings were read: none.
    let Some(row) = sqlx::query(
        "SELECT created_at, withdrawable_until FROM funding_lendings \
         WHERE loan_id = $1 AND member_id = $2",
    )
    .bind(loan_id)
    .bind(member)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let weights: Vec<u64> = all.iter().map(|l| l.amount as u64).collect();
    let received = sqlx::query(
        "SELECT number, principal, interest FROM funding_repayments \
         WHERE loan_id = $1 AND member_id = $2",
    )
    .bind(loan_id)
    .bind(member)
    .fetch_all(&mut *conn)
    .await?;
    let mut paid_shares: std::collections::HashMap<i64, (i64, i64)> = Default::default();
    for r in &received {
        paid_shares.insert(
            r.try_get("number")?,
            (r.try_get("principal")?, r.try_get("interest")?),
        );
    }
    // Before the disbursement, the schedule of what is lent so far (not of
    // the most borrowed); once cancelled, nothing is due.
    let schedule: Vec<Instalment> = match (loan.state.as_str(), loan.disbursed_at) {
        ("cancelled", _) => Vec::new(),
        (_, Some(_)) => loan.schedule.clone(),
        (_, None) => estimate(&loan, weights.iter().sum::<u64>() as i64),
    };
    let shares = shares_of(&schedule, &weights);
    let instalments: Vec<Instalment> = schedule
        .iter()
        .zip(&shares)
        .map(|(i, share)| {
            let (principal, interest) = paid_shares.get(&i.number).copied().unwrap_or_else(|| {
                let p = share[mine] as i64;
                let n = pricing::loans::pro_rata(i.interest as u64, &weights)[mine] as i64;
                (p, n)
            });
            Instalment {
                principal,
                interest,
                total: principal + interest,
                ..i.clone()
            }
        })
        .collect();
    let paid = |i: &&Instalment| i.paid_at.is_some();
    let lent = weights[mine] as i64;
    let received_principal: i64 = instalments.iter().filter(paid).map(|i| i.principal).sum();
    Ok(Some(LenderStatement {
        loan_id: loan.id.clone(),
        title: loan.title.clone(),
        lent,
        lent_at: row.try_get("created_at")?,
        withdrawable_until: row.try_get("withdrawable_until")?,
        received_principal,
        received_interest: instalments.iter().filter(paid).map(|i| i.interest).sum(),
        owed_principal: match loan.state.as_str() {
            "repaying" | "repaid" => lent - received_principal,
            _ => 0,
        },
        instalments,
    }))
}

/// Every loan the member lent to, with its statement.
pub async fn statements(db: &Db, member: &MemberId) -> Result<Vec<LenderStatement>, AppError> {
    let ids: Vec<String> = sqlx::query(
        "SELECT loan_id FROM funding_lendings WHERE member_id = $1 ORDER BY created_at DESC",
    )
    .bind(member)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| r.try_get("loan_id"))
    .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(s) = statement(db, member, &id).await? {
            out.push(s);
        }
    }
    Ok(out)
}
