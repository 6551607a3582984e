//! The settlement of a campaign, by a durable job at its deadline:
//!
//! 1. Under the campaign's lock: below the minimum, an all-or-nothing
//!    campaign is `failing` (every pledge to be released); otherwise it is
//!    `settling` (every pledge to be captured), a keep-what-you-raise one
//!    whatever it reached.
//! 2. Then the pledges, up to 500 per transaction: each is claimed (marked
//!    settled where it was not yet), then its hold captured (paid to the
//!    campaign's treasury or its owner's wallet, the fee held on top going
//!    to the platform and the solidarity fund) or released, all of them in
//!    one pass through the ledger ([`money::settle_holds`]), and each
//!    backer told.
//! 3. Last, the campaign is `funded` (or `failed`), and the totals go into
//!    the transparency log.
//!
//! Each step checks what the one before left, so a job that stops in the
//! middle (a restart) and runs again goes on where it stopped: no pledge is
//! captured twice nor left behind.

use kernel::db::{Db, ROWS_PER_STATEMENT, Tx, now_ms, value_rows};
use kernel::fees::PaymentKind;
use kernel::jobs::{self, NewJob};
use kernel::money::{self, Amount, Fee, HoldOutcome, Label, Outcome, Split};
use kernel::notifications::{Delivery, Kind, Notice};
use kernel::{AppError, MemberId};
use sqlx::Row;

use crate::campaigns::{self, Campaign};

pub const JOB_SETTLE: &str = "funding.settle";

/// The campaign the member backed is funded: its pledge is paid.
pub const FUNDED: Kind = Kind {
    code: "funding_funded",
    default: Delivery::Email,
};
/// The campaign the member backed failed (or was cancelled): its pledge is
/// released.
pub const FAILED: Kind = Kind {
    code: "funding_failed",
    default: Delivery::Email,
};

#[derive(serde::Serialize, serde::Deserialize)]
pub struct Payload {
    pub campaign_id: String,
}

/// Schedules the settlement at the deadline.
pub async fn schedule(tx: &mut Tx, campaign_id: &str, deadline_at: i64) -> Result<(), AppError> {
    let payload = Payload {
        campaign_id: campaign_id.to_owned(),
    };
    jobs::enqueue(
        &mut *tx,
        NewJob {
            run_at: deadline_at,
            dedupe_key: Some(format!("{JOB_SETTLE}:{campaign_id}:{deadline_at}")),
            max_attempts: jobs::MONEY_ATTEMPTS,
            ..NewJob::now(JOB_SETTLE, &payload)
        },
    )
    .await
}

/// Settles the campaign, whole (the job's handler).
pub async fn settle(db: &Db, campaign_id: &str) -> Result<(), AppError> {
    settle_some(db, campaign_id, None).await
}

/// How many pledges one transaction settles: their money moves in one
/// pass through the ledger, their rows in a few statements.
const PLEDGES_AT_ONCE: usize = 500;

/// Settles the campaign; with `at_most`, stops after that many pledges
/// without finishing, as a restart would (what a test of a restart needs).
pub async fn settle_some(
    db: &Db,
    campaign_id: &str,
    at_most: Option<usize>,
) -> Result<(), AppError> {
    if !decide(db, campaign_id).await? {
        return Ok(());
    }
    let campaign = campaigns::get(db, campaign_id).await?;
    let all = jobs::in_batches(PLEDGES_AT_ONCE, at_most, |room| {
        settle_pledges(db, &campaign, room)
    })
    .await?;
    match all {
        true => finish(db, campaign_id).await,
        false => Ok(()),
    }
}

/// Its runner cancels a campaign still taking pledges: from then on it
/// takes none, and the settlement job, run at once, releases every pledge
/// and tells each backer.
pub async fn cancel(db: &Db, campaign_id: &str, by: &MemberId) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let campaign = campaigns::lock(&mut tx, campaign_id).await?;
    if !campaigns::runs(db, &campaign, by).await? {
        return Err(AppError::Forbidden);
    }
    if campaign.phase != "open" {
        return Err(AppError::Conflict("funding-closed"));
    }
    set_state(&mut tx, campaign_id, "failing").await?;
    schedule(&mut tx, campaign_id, now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// Step 1: funded or failed. True when pledges are to be settled.
async fn decide(db: &Db, campaign_id: &str) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let campaign = campaigns::lock(&mut tx, campaign_id).await?;
    match campaign.state.as_str() {
        "settling" | "failing" => return Ok(true),
        "funded" | "failed" => return Ok(false),
        _ => {}
    }
    if now_ms() < campaign.deadline_at {
        return Ok(false);
    }
    // Nothing reached is no success, whatever the mode.
    let short = campaign.all_or_nothing && campaign.reached() < campaign.minimum;
    let state = match short || campaign.reached() == 0 {
        true => "failing",
        false => "settling",
    };
    set_state(&mut tx, campaign_id, state).await?;
    tx.commit().await?;
    Ok(true)
}

async fn set_state(tx: &mut Tx, campaign_id: &str, state: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE funding_campaigns SET state = $1 WHERE id = $2")
        .bind(state)
        .bind(campaign_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A pledge claimed for settling.
struct Claimed {
    member: MemberId,
    hold_key: String,
    amount: i64,
}

/// Step 2: up to `limit` pledges, in one transaction; how many. Each is
/// claimed first, so that a job run again, or twice at once, settles it
/// once.
async fn settle_pledges(db: &Db, campaign: &Campaign, limit: usize) -> Result<usize, AppError> {
    let mut tx = db.begin().await?;
    let rows = sqlx::query(
        "UPDATE funding_pledges SET settled_at = $1 \
         WHERE campaign_id = $2 AND settled_at IS NULL AND member_id IN \
           (SELECT member_id FROM funding_pledges WHERE campaign_id = $2 AND settled_at IS NULL \
            ORDER BY member_id LIMIT $3) \
         RETURNING member_id, hold_key, amount",
    )
    .bind(now_ms())
    .bind(&campaign.id)
    .bind(limit as i64)
    .fetch_all(&mut *tx)
    .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut pledges = rows
        .iter()
        .map(|r| {
            Ok(Claimed {
                member: MemberId::from(r.try_get::<String, _>("member_id")?),
                hold_key: r.try_get("hold_key")?,
                amount: r.try_get("amount")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    // In the backers' order: their log entries and notices follow it.
    pledges.sort_by(|a, b| a.member.cmp(&b.member));
    let captured = campaign.state == "settling";
    let payee = campaign.payee();
    let to = payee.owner();
    let splits = pledges
        .iter()
        .map(|p| {
            Ok([Split {
                to,
                amount: Amount::new(p.amount as u64)?,
                reference: &campaign.title,
            }])
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let keys: Vec<String> = pledges
        .iter()
        .map(|p| format!("{}:settle", p.hold_key))
        .collect();
    let rule = campaign.fee_rule();
    let fee = Fee {
        rule: &rule,
        kind: PaymentKind::Technical,
    };
    let label = Label {
        code: "funding.settle",
        reference: &campaign.title,
        by: None,
    };
    let outcomes: Vec<HoldOutcome<'_>> = pledges
        .iter()
        .zip(&splits)
        .zip(&keys)
        .map(|((p, splits), key)| HoldOutcome {
            key,
            hold_key: &p.hold_key,
            outcome: match captured {
                true => Outcome::Capture {
                    splits,
                    fee: Some(fee),
                },
                false => Outcome::Release,
            },
            label,
        })
        .collect();
    let quotes = money::settle_holds(&mut tx, &outcomes).await?;
    let outcome = if captured { "captured" } else { "released" };
    let settled: Vec<(&MemberId, i64, i64)> = pledges
        .iter()
        .zip(&quotes)
        .map(|(p, q)| (&p.member, q.fee, q.solidarity))
        .collect();
    for chunk in settled.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "UPDATE funding_pledges SET outcome = $2, charged_fee = v.column2, \
             charged_solidarity = v.column3 FROM (VALUES {}) AS v \
             WHERE funding_pledges.campaign_id = $1 AND funding_pledges.member_id = v.column1",
            value_rows(3, chunk.len(), 3)
        );
        let mut update = sqlx::query(&sql).bind(&campaign.id).bind(outcome);
        for (member, fee, solidarity) in chunk {
            update = update.bind(member.as_str()).bind(*fee).bind(*solidarity);
        }
        update.execute(&mut *tx).await?;
    }
    let members: Vec<MemberId> = pledges.iter().map(|p| p.member.clone()).collect();
    let kind = if captured { FUNDED } else { FAILED };
    kernel::notifications::notify_many(&mut tx, &members, &notice(kind, campaign)).await?;
    tx.commit().await?;
    Ok(pledges.len())
}

fn notice(kind: Kind, campaign: &Campaign) -> Notice<'static> {
    Notice {
        kind,
        args: vec![("name", campaign.title.clone())],
        link: format!("/funding/{}", campaign.id),
        body: String::new(),
        list: None,
    }
}

/// Step 3: funded (or failed), and the totals in the transparency log:
/// what the campaign raised, the platform's fee and the solidarity fund's
/// share, how many backers. Totals only: no backer, no pledge.
async fn finish(db: &Db, campaign_id: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let campaign = campaigns::lock(&mut tx, campaign_id).await?;
    // Another run still settling pledges it claimed (not committed yet, so
    // unsettled here) finishes after them: the totals must count them all.
    let waiting = sqlx::query(
        "SELECT 1 AS one FROM funding_pledges WHERE campaign_id = $1 AND settled_at IS NULL LIMIT 1",
    )
    .bind(campaign_id)
    .fetch_optional(&mut *tx)
    .await?;
    if waiting.is_some() {
        return Ok(());
    }
    let done = match campaign.state.as_str() {
        "settling" => "funded",
        "failing" => "failed",
        _ => return Ok(()),
    };
    let backings_released =
        crate::backings::settle_in(&mut tx, &campaign, done == "funded").await?;
    let entry = if done == "funded" {
        let b = campaigns::breakdown(&mut tx, campaign_id).await?;
        serde_json::json!({
            "type": "funding.funded",
            "raised": b.raised,
            "backed": b.backed,
            "platform": b.platform,
            "solidarity": b.solidarity,
            "backers": campaign.backers,
        })
    } else {
        serde_json::json!({
            "type": "funding.failed",
            "released": campaign.pledged,
            "backings_released": backings_released,
            "backers": campaign.backers,
        })
    };
    kernel::log::append(&mut tx, &entry).await?;
    sqlx::query("UPDATE funding_campaigns SET state = $1, settled_at = $2 WHERE id = $3")
        .bind(done)
        .bind(now_ms())
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
