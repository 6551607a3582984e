//! A collective lends to another collective's loan by its own decision
//! (module 1): financing a new cooperative from inside the network. A
//! treasurer or coordinator proposes it; when the decision passes, a
//! durable job holds the money (out of the treasury, or the solidarity
//! fund for the governing collective) into the loan's escrow, at most what
//! is left to borrow. It counts with the members' lendings, is disbursed
//! with them, and each instalment repays it pro rata to where it came from.
//! The per-lender caps and the reflection period protect people lending
//! their savings; a collective's decision is its own protection.

use kernel::db::{Db, new_id, now_ms};
use kernel::decisions::{self, Decision, DecisionInput, MethodKind};
use kernel::money::{self, Amount, Label, Owner};
use kernel::validate::schema;
use kernel::{AppError, CollectiveId, DecisionId, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::backings::{check_source, from_of, require_mover};
use crate::loans;

pub const JOB_LEND: &str = "funding.loan_back";

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingLoanBackingInput)]
pub struct LoanBackingInput {
    /// The collective that decides and lends (not the borrower).
    pub collective_id: String,
    /// `treasury`, or `solidarity` (the governing collective only).
    #[schema(schema_with = crate::backings::source_schema)]
    pub source: String,
    /// In cents; at most what the loan borrows. What is held is at most
    /// what is left to borrow when the decision passes.
    #[schema(minimum = 1, maximum = 1000000000)]
    pub amount: i64,
    #[schema(schema_with = schema::line::<3, 200>)]
    pub question: String,
    /// consent, consensus or majority (the first option is "for").
    #[schema(schema_with = crate::campaigns::acting_method_schema)]
    pub method: MethodKind,
    #[serde(default)]
    #[schema(max_items = 2)]
    pub options: Vec<String>,
    /// When the decision closes, ms since the epoch: before lending closes,
    /// and at least the collective's acting time ahead.
    #[schema(schema_with = schema::timestamp_ms)]
    pub closes_at: i64,
}

/// A collective's lending, as the loan's page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingLoanBacking)]
pub struct LoanBacking {
    pub collective_id: String,
    pub collective_name: String,
    pub source: String,
    pub offered: i64,
    /// What it lent (held, then disbursed).
    pub amount: i64,
    /// held, lent, released or short.
    pub state: String,
    pub received_principal: i64,
    pub received_interest: i64,
}

pub async fn of_loan(db: &Db, loan_id: &str) -> Result<Vec<LoanBacking>, AppError> {
    let rows = sqlx::query(
        "SELECT b.collective_id, c.name, b.source, b.offered, b.amount, b.state, \
         b.received_principal, b.received_interest FROM funding_loan_backings b \
         JOIN collectives c ON c.id = b.collective_id WHERE b.loan_id = $1 ORDER BY b.created_at, b.id",
    )
    .bind(loan_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(LoanBacking {
                collective_id: r.try_get("collective_id")?,
                collective_name: r.try_get("name")?,
                source: r.try_get("source")?,
                offered: r.try_get("offered")?,
                amount: r.try_get("amount")?,
                state: r.try_get("state")?,
                received_principal: r.try_get("received_principal")?,
                received_interest: r.try_get("received_interest")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Whether the collective already lends to the loan.
async fn lends<'e>(
    conn: impl sqlx::Executor<'e, Database = sqlx::Any>,
    loan_id: &str,
    collective: &CollectiveId,
) -> Result<bool, AppError> {
    Ok(sqlx::query(
        "SELECT id FROM funding_loan_backings WHERE loan_id = $1 AND collective_id = $2 \
         AND state IN ('held', 'lent')",
    )
    .bind(loan_id)
    .bind(collective)
    .fetch_optional(conn)
    .await?
    .is_some())
}

/// What the decision's job carries (the kernel adds the decision's id).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payload {
    pub loan_id: String,
    pub collective_id: String,
    pub source: String,
    pub amount: i64,
    #[serde(default)]
    pub decision_id: Option<DecisionId>,
}

/// A treasurer or coordinator of another collective proposes to lend: a
/// decision of that collective, which lends if it passes.
pub async fn propose(
    db: &Db,
    member: &MemberId,
    loan_id: &str,
    input: &LoanBackingInput,
) -> Result<Decision, AppError> {
    let loan = loans::get(db, loan_id).await?;
    if loan.phase != "open" {
        return Err(AppError::Conflict("funding-loan-closed"));
    }
    let collective = CollectiveId::from(input.collective_id.clone());
    require_mover(db, &collective, member).await?;
    let mut checks = kernel::error::Checks::new();
    if collective.as_str() == loan.collective_id {
        checks.add("collective_id", "error-loan-backing-own");
    }
    check_source(db, &collective, &input.source, &mut checks).await?;
    if lends(db.pool(), &loan.id, &collective).await? {
        checks.add("collective_id", "error-loan-backing-twice");
    }
    if !(1..=loan.amount).contains(&input.amount) {
        checks.add("amount", "error-loan-backing-amount");
    }
    if input.closes_at >= loan.lending_until {
        checks.add("closes_at", "error-loan-backing-closes");
    }
    checks.finish()?;
    let rules = kernel::collectives::get(db, &collective)
        .await?
        .acting_rules;
    let decision = DecisionInput::acting(
        input.question.clone(),
        format!("{}\n\n/funding/loans/{}", loan.summary, loan.id),
        input.method,
        &input.options,
        rules.min_quorum,
        input.closes_at,
    );
    let payload = Payload {
        loan_id: loan.id.clone(),
        collective_id: collective.to_string(),
        source: input.source.clone(),
        amount: input.amount,
        decision_id: None,
    };
    let effect = decisions::ModuleEffect {
        job: JOB_LEND,
        payload: serde_json::to_value(&payload).map_err(|e| AppError::Internal(e.to_string()))?,
        message: "effect-funding-loan-back",
        args: vec![("name".to_owned(), loan.title.clone())],
    };
    decisions::create_with_effect(db, member, &collective, &decision, effect).await
}

/// The job run when the decision passed: the money held into the loan's
/// escrow, once, at most what is left to borrow; a loan no longer open
/// takes nothing; a treasury (or fund) short of it is recorded as such.
pub async fn lend(db: &Db, payload: &Payload) -> Result<(), AppError> {
    let decision_id = payload
        .decision_id
        .clone()
        .ok_or_else(|| AppError::Internal("a loan backing without its decision".into()))?;
    let collective = CollectiveId::from(payload.collective_id.clone());
    let mut tx = db.begin().await?;
    let loan = loans::lock(&mut tx, &payload.loan_id).await?;
    let done = sqlx::query("SELECT id FROM funding_loan_backings WHERE decision_id = $1")
        .bind(decision_id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if done.is_some() || loan.phase != "open" {
        return Ok(());
    }
    let id = new_id();
    let key = format!("funding:loan:{}:backing:{id}", loan.id);
    // Once per collective, at most what is left to borrow.
    let amount = match lends(&mut *tx, &loan.id, &collective).await? {
        true => 0,
        false => payload.amount.min(loan.amount - loan.lent),
    };
    let held = match amount > 0 {
        true => {
            let escrow = loans::escrow_of(&loan.id);
            money::hold(
                &mut tx,
                &key,
                from_of(&payload.source, &collective),
                Owner::Escrow(&escrow),
                Amount::new(amount as u64)?,
                None,
                Label {
                    code: "funding.lend",
                    reference: &loan.title,
                    by: None,
                },
            )
            .await
            .map(|_| true)
        }
        false => Ok(false),
    };
    let held = match held {
        Ok(held) => held,
        Err(AppError::Conflict("transfer-exceeds-limit" | "solidarity-fund-short")) => {
            // Short: the refusal's statements roll back; the backing is
            // recorded as short in a transaction of its own.
            drop(tx);
            tx = db.begin().await?;
            loans::lock(&mut tx, &payload.loan_id).await?;
            false
        }
        Err(other) => return Err(other),
    };
    sqlx::query(
        "INSERT INTO funding_loan_backings (id, loan_id, collective_id, decision_id, source, \
         offered, amount, state, hold_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(&loan.id)
    .bind(&collective)
    .bind(decision_id.as_str())
    .bind(&payload.source)
    .bind(payload.amount)
    .bind(if held { amount } else { 0 })
    .bind(if held { "held" } else { "short" })
    .bind(held.then_some(key.as_str()))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
