//! Money a collective puts into a campaign, by its decision (module 1): a
//! contribution (a sum), or matchfunding as Goteo's matchers do (each
//! pledge doubled up to a cap per pledge, up to a cap in all), out of its
//! treasury or, for the instance's governing collective, the solidarity
//! fund. A treasurer or coordinator proposes it; the decision, open at
//! least the collective's acting time, moves the money when it passes: a
//! durable job holds it into the campaign's escrow. It counts toward the
//! goals and is paid with the pledges at the deadline (the technical fee on
//! top for a treasury's money, none for the solidarity fund's own), or
//! released with them.

use kernel::collectives::Role;
use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::decisions::{self, Decision, DecisionInput, MethodKind};
use kernel::fees::{FeeRule, PaymentKind};
use kernel::money::{self, Amount, Fee, HoldOutcome, Label, Outcome, Owner, Split};
use kernel::validate::schema;
use kernel::{AppError, CollectiveId, DecisionId, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::campaigns::{self, Campaign, MAX_GOAL};

pub const JOB_BACK: &str = "funding.back";

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingBackingInput)]
pub struct BackingInput {
    /// The collective that decides, and whose treasury pays (or, for the
    /// governing collective, the solidarity fund).
    pub collective_id: String,
    /// `treasury`, or `solidarity` (the governing collective only).
    #[schema(schema_with = source_schema)]
    pub source: String,
    /// `contribution` (a sum) or `match` (each pledge doubled).
    #[schema(schema_with = kind_schema)]
    pub kind: String,
    /// A contribution's sum; for matchfunding, the most matched in all.
    /// In cents.
    #[schema(minimum = 1, maximum = 1000000000)]
    pub amount: i64,
    /// Matchfunding: the most matched of each pledge, in cents.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000000000)]
    pub per_pledge: Option<i64>,
    /// The question put to the collective.
    #[schema(schema_with = schema::line::<3, 200>)]
    pub question: String,
    /// consent, consensus or majority (the first option is "for").
    #[schema(schema_with = crate::campaigns::acting_method_schema)]
    pub method: MethodKind,
    /// A majority's options, "for" first.
    #[serde(default)]
    #[schema(max_items = 2)]
    pub options: Vec<String>,
    /// When the decision closes, ms since the epoch: before the campaign's
    /// deadline, and at least the collective's acting time ahead.
    #[schema(schema_with = schema::timestamp_ms)]
    pub closes_at: i64,
}

pub(crate) fn source_schema() -> utoipa::openapi::schema::Schema {
    schema::codes(&["treasury", "solidarity"])
}

fn kind_schema() -> utoipa::openapi::schema::Schema {
    schema::codes(&["contribution", "match"])
}

/// A collective's money in a campaign, as its page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingBacking)]
pub struct Backing {
    pub id: String,
    pub collective_id: String,
    pub collective_name: String,
    pub source: String,
    pub kind: String,
    pub amount: i64,
    pub per_pledge: Option<i64>,
    /// held, paid, released, or short (the decision passed, the money was
    /// not there).
    pub state: String,
    /// What it counts toward the goals now (once paid: what it paid).
    pub counted: i64,
}

/// What a backing counts: a contribution its sum; matchfunding each
/// pledge up to `per_pledge`, up to its sum in all. `matchable` is the sum
/// of the pledges each cut to `per_pledge`.
pub fn counted(kind: &str, amount: i64, matchable: i64) -> i64 {
    match kind {
        "match" => matchable.clamp(0, amount),
        _ => amount,
    }
}

/// The campaign's backings, with what each counts now.
pub async fn of_campaign(
    conn: &mut sqlx::AnyConnection,
    campaign_id: &str,
) -> Result<Vec<Backing>, AppError> {
    let rows = sqlx::query(
        "SELECT b.id, b.collective_id, c.name AS collective_name, b.source, b.kind, b.amount, \
         b.per_pledge, b.state, b.paid, \
         CAST((SELECT COALESCE(SUM(CASE WHEN g.amount < b.per_pledge THEN g.amount ELSE b.per_pledge END), 0) \
               FROM funding_pledges g WHERE g.campaign_id = b.campaign_id) AS BIGINT) AS matchable \
         FROM funding_backings b JOIN collectives c ON c.id = b.collective_id \
         WHERE b.campaign_id = $1 ORDER BY b.created_at, b.id",
    )
    .bind(campaign_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let (kind, amount, state): (String, i64, String) = (
                r.try_get("kind")?,
                r.try_get("amount")?,
                r.try_get("state")?,
            );
            let counted = match state.as_str() {
                "held" => counted(&kind, amount, r.try_get("matchable")?),
                "paid" => r.try_get::<Option<i64>, _>("paid")?.unwrap_or(0),
                _ => 0,
            };
            Ok(Backing {
                id: r.try_get("id")?,
                collective_id: r.try_get("collective_id")?,
                collective_name: r.try_get("collective_name")?,
                source: r.try_get("source")?,
                per_pledge: r.try_get("per_pledge")?,
                kind,
                amount,
                state,
                counted,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// A treasurer or coordinator of the collective proposes to back the
/// campaign: a decision of the collective, which backs it if it passes.
pub async fn propose(
    db: &Db,
    member: &MemberId,
    campaign_id: &str,
    input: &BackingInput,
) -> Result<Decision, AppError> {
    let campaign = campaigns::get(db, campaign_id).await?;
    if campaign.phase != "open" {
        return Err(AppError::Conflict("funding-closed"));
    }
    let collective_id = CollectiveId::from(input.collective_id.clone());
    require_mover(db, &collective_id, member).await?;
    let mut checks = kernel::error::Checks::new();
    check_source(db, &collective_id, &input.source, &mut checks).await?;
    let per_pledge = match input.kind.as_str() {
        "contribution" => None,
        "match" => match input.per_pledge {
            Some(p) if (1..=MAX_GOAL).contains(&p) => Some(p),
            _ => {
                checks.add("per_pledge", "error-funding-backing-per-pledge");
                None
            }
        },
        _ => {
            checks.add("kind", "error-funding-backing-kind");
            None
        }
    };
    if !(1..=MAX_GOAL).contains(&input.amount) {
        checks.add("amount", "error-funding-backing-amount");
    }
    if input.closes_at >= campaign.deadline_at {
        checks.add("closes_at", "error-funding-backing-closes");
    }
    checks.finish()?;
    let rules = kernel::collectives::get(db, &collective_id)
        .await?
        .acting_rules;
    let decision = DecisionInput::acting(
        input.question.clone(),
        format!("{}\n\n/funding/{}", campaign.summary, campaign.id),
        input.method,
        &input.options,
        rules.min_quorum,
        input.closes_at,
    );
    let payload = Payload {
        campaign_id: campaign.id.clone(),
        collective_id: collective_id.to_string(),
        source: input.source.clone(),
        kind: input.kind.clone(),
        amount: input.amount,
        per_pledge,
        decision_id: None,
    };
    let effect = decisions::ModuleEffect {
        job: JOB_BACK,
        payload: serde_json::to_value(&payload).map_err(|e| AppError::Internal(e.to_string()))?,
        message: "effect-funding-back",
        args: vec![("name".to_owned(), campaign.title.clone())],
    };
    decisions::create_with_effect(db, member, &collective_id, &decision, effect).await
}

/// Only a treasurer or coordinator proposes to spend a collective's money
/// (the refusal names the form's collective field).
pub(crate) async fn require_mover(
    db: &Db,
    collective_id: &CollectiveId,
    member: &MemberId,
) -> Result<(), AppError> {
    match kernel::collectives::role_of(db, collective_id, member)
        .await?
        .is_some_and(Role::moves_money)
    {
        true => Ok(()),
        false => Err(AppError::field(
            "collective_id",
            "error-funding-backing-collective",
        )),
    }
}

/// Whose money a collective's decision spends: its treasury, or the
/// solidarity fund for the instance's governing collective only.
pub(crate) async fn check_source(
    db: &Db,
    collective_id: &CollectiveId,
    source: &str,
    checks: &mut kernel::error::Checks,
) -> Result<(), AppError> {
    match source {
        "treasury" => {}
        "solidarity" => {
            let governing =
                kernel::settings::instance_setting(db, decisions::GOVERNING_COLLECTIVE).await?;
            if governing.as_deref() != Some(collective_id.as_str()) {
                checks.add("source", "error-funding-backing-solidarity");
            }
        }
        _ => checks.add("source", "error-funding-backing-source"),
    }
    Ok(())
}

/// What the decision's job carries (the kernel adds the decision's id).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payload {
    pub campaign_id: String,
    pub collective_id: String,
    pub source: String,
    pub kind: String,
    pub amount: i64,
    pub per_pledge: Option<i64>,
    #[serde(default)]
    pub decision_id: Option<DecisionId>,
}

/// The fee a backing bears: the technical fee for a treasury's money, none
/// for the solidarity fund's own.
fn fee_of<'a>(source: &str, rule: &'a FeeRule) -> Option<Fee<'a>> {
    (source == "treasury").then_some(Fee {
        rule,
        kind: PaymentKind::Technical,
    })
}

pub(crate) fn from_of<'a>(source: &str, collective: &'a CollectiveId) -> Owner<'a> {
    match source {
        "solidarity" => Owner::Solidarity,
        _ => Owner::Treasury(collective),
    }
}

/// The job run when the decision passed: the money held into the
/// campaign's escrow, once (the job may run twice). A campaign no longer
/// open takes nothing; a treasury (or fund) short of it is recorded as
/// such, nothing held.
pub async fn back(db: &Db, payload: &Payload) -> Result<(), AppError> {
    let decision_id = payload
        .decision_id
        .clone()
        .ok_or_else(|| AppError::Internal("a backing without its decision".into()))?;
    let collective = CollectiveId::from(payload.collective_id.clone());
    let mut tx = db.begin().await?;
    let campaign = campaigns::lock(&mut tx, &payload.campaign_id).await?;
    let done = sqlx::query("SELECT id FROM funding_backings WHERE decision_id = $1")
        .bind(decision_id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if done.is_some() || campaign.phase != "open" {
        return Ok(());
    }
    let id = new_id();
    let key = format!("funding:{}:backing:{id}", campaign.id);
    let rule = campaign.fee_rule();
    let total = match fee_of(&payload.source, &rule) {
        Some(fee) => fee.rule.quote(fee.kind, payload.amount as u64).total,
        None => payload.amount,
    };
    let escrow = campaigns::escrow_of(&campaign.id);
    let held = money::hold(
        &mut tx,
        &key,
        from_of(&payload.source, &collective),
        Owner::Escrow(&escrow),
        Amount::new(total as u64)?,
        None,
        Label {
            code: "funding.backing",
            reference: &campaign.title,
            by: None,
        },
    )
    .await;
    let state = match held {
        Ok(_) => "held",
        // The treasury, or the fund, does not hold it.
        Err(AppError::Conflict("transfer-exceeds-limit" | "solidarity-fund-short")) => {
            // Short: nothing held. The refusal's statements roll back; the
            // backing is recorded as short in a transaction of its own.
            drop(tx);
            tx = db.begin().await?;
            campaigns::lock(&mut tx, &payload.campaign_id).await?;
            "short"
        }
        Err(other) => return Err(other),
    };
    sqlx::query(
        "INSERT INTO funding_backings (id, campaign_id, collective_id, decision_id, source, kind, \
         amount, per_pledge, state, hold_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(&campaign.id)
    .bind(&collective)
    .bind(decision_id.as_str())
    .bind(&payload.source)
    .bind(&payload.kind)
    .bind(payload.amount)
    .bind(payload.per_pledge)
    .bind(state)
    .bind((state == "held").then_some(key.as_str()))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// At the settlement's end, in its transaction: each held backing paid to
/// the campaign for what it counts (its pledges are all captured then), the
/// rest released; or released whole when the campaign failed. Returns the
/// sum of the backings released whole (what they offered).
pub async fn settle_in(tx: &mut Tx, campaign: &Campaign, funded: bool) -> Result<i64, AppError> {
    let backings = of_campaign(tx, &campaign.id).await?;
    let held: Vec<&Backing> = backings.iter().filter(|b| b.state == "held").collect();
    if held.is_empty() {
        return Ok(0);
    }
    let keys: Vec<(String, String)> = held
        .iter()
        .map(|b| {
            let hold = format!("funding:{}:backing:{}", campaign.id, b.id);
            (format!("{hold}:settle"), hold)
        })
        .collect();
    let payee = campaign.payee();
    let splits = held
        .iter()
        .map(|b| match (funded, b.counted) {
            (true, counted) if counted > 0 => Ok(vec![Split {
                to: payee.owner(),
                amount: Amount::new(counted as u64)?,
                reference: &campaign.title,
            }]),
            _ => Ok(Vec::new()),
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let rule = campaign.fee_rule();
    let label = Label {
        code: "funding.backing",
        reference: &campaign.title,
        by: None,
    };
    let outcomes: Vec<HoldOutcome<'_>> = held
        .iter()
        .zip(&splits)
        .zip(&keys)
        .map(|((b, splits), (key, hold))| HoldOutcome {
            key,
            hold_key: hold,
            outcome: match splits.is_empty() {
                true => Outcome::Release,
                false => Outcome::Capture {
                    splits,
                    fee: fee_of(&b.source, &rule),
                },
            },
            label,
        })
        .collect();
    let quotes = money::settle_holds(tx, &outcomes).await?;
    let mut released = 0;
    for ((b, splits), quote) in held.iter().zip(&splits).zip(&quotes) {
        let paid = !splits.is_empty();
        sqlx::query(
            "UPDATE funding_backings SET state = $1, paid = $2, paid_fee = $3, paid_solidarity = $4 \
             WHERE id = $5",
        )
        .bind(if paid { "paid" } else { "released" })
        .bind(paid.then_some(b.counted))
        .bind(paid.then_some(quote.fee))
        .bind(paid.then_some(quote.solidarity))
        .bind(&b.id)
        .execute(&mut **tx)
        .await?;
        if !paid {
            released += b.amount;
        }
    }
    Ok(released)
}
