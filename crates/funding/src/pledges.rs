//! Pledges: a member backs a campaign with an amount, and optionally a
//! reward tier its amount reaches. The pledge is one kernel hold from the
//! wallet into the campaign's escrow, the platform's fee (the campaign's
//! frozen rule) held on top and shown before pledging; changing it
//! replaces the hold in one batch, withdrawing releases it, until the
//! deadline. A reward's stock is taken in the same transaction as the
//! money, by a conditional update, so it is never oversold however many
//! members race for the last ones. Each backer chooses to appear in the
//! backers list or stay anonymous, and whether updates are mailed.

use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::fees::PaymentKind;
use kernel::money::{self, Amount, Label, Owner};
use kernel::{AppError, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use utoipa::ToSchema;

use crate::campaigns::{self, Campaign, MAX_GOAL};

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PledgeInput {
    /// In cents, to the campaign; the platform's fee is held on top.
    #[schema(minimum = 1, maximum = 1000000000)]
    pub amount: i64,
    /// A reward tier of the campaign whose minimum the amount reaches; ""
    /// for none. Left out: a new pledge has none, a changed one keeps its
    /// own.
    #[serde(default)]
    pub reward_id: Option<String>,
    /// Named in the backers list; false: counted as anonymous. Left out: a
    /// new pledge is anonymous, a changed one keeps its choice.
    #[serde(default)]
    pub public: Option<bool>,
    /// The campaign's updates mailed; false: on the campaign's page only.
    /// Left out: a new pledge has them mailed, a changed one keeps its
    /// choice.
    #[serde(default)]
    pub mail_updates: Option<bool>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Pledge {
    pub campaign_id: String,
    pub campaign_title: String,
    /// To the campaign, in cents.
    pub amount: i64,
    /// The platform's fee held on top.
    pub fee: i64,
    /// What the wallet holds for it: the amount and the fee.
    pub held: i64,
    pub reward_id: Option<String>,
    pub reward_title: Option<String>,
    pub public: bool,
    pub mail_updates: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// Once settled: `captured` (paid to the campaign) or `released`.
    pub outcome: Option<String>,
    pub settled_at: Option<i64>,
}

/// Who backs a campaign, as everyone sees it: the names of those who
/// chose to appear, in alphabetical order (not the order they pledged,
/// which the chart's days would match to amounts), and how many stay
/// anonymous. No amounts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Backers {
    pub named: Vec<String>,
    pub anonymous: i64,
}

/// Pledges (or changes the pledge) of `member` to `campaign_id`.
pub async fn set(
    db: &Db,
    member: &MemberId,
    campaign_id: &str,
    input: &PledgeInput,
) -> Result<Pledge, AppError> {
    let mut tx = db.begin().await?;
    set_in(&mut tx, member, campaign_id, input).await?;
    tx.commit().await?;
    pledge(db, member, campaign_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// What a pledge row holds.
struct Held {
    hold_key: String,
    reward_id: Option<String>,
    public: bool,
    mail_updates: bool,
}

async fn held(tx: &mut Tx, campaign_id: &str, member: &MemberId) -> Result<Option<Held>, AppError> {
    Ok(sqlx::query(
        "SELECT hold_key, reward_id, public, mail_updates FROM funding_pledges \
         WHERE campaign_id = $1 AND member_id = $2",
    )
    .bind(campaign_id)
    .bind(member)
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| {
        Ok::<_, sqlx::Error>(Held {
            hold_key: r.try_get("hold_key")?,
            reward_id: r.try_get("reward_id")?,
            public: r.try_get::<i64, _>("public")? != 0,
            mail_updates: r.try_get::<i64, _>("mail_updates")? != 0,
        })
    })
    .transpose()?)
}

/// [`set`] inside `tx`: checked, the reward taken, the money held, all or
/// nothing.
pub async fn set_in(
    tx: &mut Tx,
    member: &MemberId,
    campaign_id: &str,
    input: &PledgeInput,
) -> Result<(), AppError> {
    let campaign = campaigns::lock(tx, campaign_id).await?;
    if campaign.phase != "open" {
        return Err(AppError::Conflict("funding-closed"));
    }
    if !(1..=MAX_GOAL).contains(&input.amount) {
        return Err(AppError::field("amount", "error-funding-amount"));
    }
    let before = held(tx, campaign_id, member).await?;
    // What is left out stays as the pledge had it.
    let reward_id = match (&input.reward_id, &before) {
        (Some(id), _) => Some(id.as_str()).filter(|r| !r.is_empty()),
        (None, Some(held)) => held.reward_id.as_deref(),
        (None, None) => None,
    };
    let public = input
        .public
        .or(before.as_ref().map(|h| h.public))
        .unwrap_or(false);
    let mail_updates = input
        .mail_updates
        .or(before.as_ref().map(|h| h.mail_updates))
        .unwrap_or(true);
    if let Some(id) = reward_id {
        let reward = campaign
            .reward(id)
            .ok_or_else(|| AppError::field("reward_id", "error-funding-reward-unknown"))?;
        if input.amount < reward.minimum {
            return Err(AppError::field("amount", "error-funding-below-reward"));
        }
    }
    let reward_before = before.as_ref().and_then(|h| h.reward_id.as_deref());
    if reward_before != reward_id {
        if let Some(old) = reward_before {
            give_back_reward(tx, old).await?;
        }
        if let Some(new) = reward_id {
            take_reward(tx, new).await?;
        }
    }
    let quote = campaign
        .fee_rule()
        .quote(PaymentKind::Technical, input.amount as u64);
    let amount = Amount::new(quote.total as u64)?;
    let key = format!("funding:{campaign_id}:{member}:{}", new_id());
    let escrow = campaigns::escrow_of(campaign_id);
    let (from, into) = (Owner::Wallet(member), Owner::Escrow(&escrow));
    let label = label(&campaign, member);
    let old = before.as_ref().map(|h| h.hold_key.as_str());
    money::hold_instead(&mut *tx, &key, old, from, into, amount, None, label).await?;
    let now = now_ms();
    let upsert = if before.is_some() {
        "UPDATE funding_pledges SET amount = $3, fee = $4, reward_id = $5, hold_key = $6, \
         public = $7, mail_updates = $8, updated_at = $9 WHERE campaign_id = $1 AND member_id = $2"
    } else {
        "INSERT INTO funding_pledges (campaign_id, member_id, amount, fee, reward_id, hold_key, \
         public, mail_updates, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)"
    };
    sqlx::query(upsert)
        .bind(campaign_id)
        .bind(member)
        .bind(input.amount)
        .bind(quote.fee)
        .bind(reward_id)
        .bind(&key)
        .bind(i64::from(public))
        .bind(i64::from(mail_updates))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Takes one of a reward's stock, or refuses when none is left: a
/// conditional update, so two pledges never take the same last one.
async fn take_reward(tx: &mut Tx, reward_id: &str) -> Result<(), AppError> {
    let taken = sqlx::query(
        "UPDATE funding_rewards SET taken = taken + 1 \
         WHERE id = $1 AND (stock IS NULL OR taken < stock)",
    )
    .bind(reward_id)
    .execute(&mut **tx)
    .await?;
    if taken.rows_affected() == 0 {
        return Err(AppError::Conflict("funding-reward-gone"));
    }
    Ok(())
}

async fn give_back_reward(tx: &mut Tx, reward_id: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE funding_rewards SET taken = taken - 1 WHERE id = $1 AND taken > 0")
        .bind(reward_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Withdraws the member's pledge before the deadline: its hold released,
/// its reward back in stock.
pub async fn withdraw(db: &Db, member: &MemberId, campaign_id: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let campaign = campaigns::lock(&mut tx, campaign_id).await?;
    if campaign.phase != "open" {
        return Err(AppError::Conflict("funding-closed"));
    }
    let held = held(&mut tx, campaign_id, member)
        .await?
        .ok_or(AppError::NotFound)?;
    money::release(
        &mut tx,
        &format!("{}:release", held.hold_key),
        &held.hold_key,
        label(&campaign, member),
    )
    .await?;
    if let Some(reward) = &held.reward_id {
        give_back_reward(&mut tx, reward).await?;
    }
    sqlx::query("DELETE FROM funding_pledges WHERE campaign_id = $1 AND member_id = $2")
        .bind(campaign_id)
        .bind(member)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

fn label<'a>(campaign: &'a Campaign, member: &'a MemberId) -> Label<'a> {
    Label {
        code: "funding.pledge",
        reference: &campaign.title,
        by: Some(member),
    }
}

const PLEDGE_COLUMNS: &str = "g.campaign_id, p.title AS campaign_title, g.amount, g.fee, \
    g.reward_id, r.title AS reward_title, g.public, g.mail_updates, g.created_at, g.updated_at, \
    g.outcome, g.settled_at \
    FROM funding_pledges g JOIN funding_campaigns p ON p.id = g.campaign_id \
    LEFT JOIN funding_rewards r ON r.id = g.reward_id";

fn pledge_from(r: &AnyRow) -> Result<Pledge, sqlx::Error> {
    let amount: i64 = r.try_get("amount")?;
    let fee: i64 = r.try_get("fee")?;
    Ok(Pledge {
        campaign_id: r.try_get("campaign_id")?,
        campaign_title: r.try_get("campaign_title")?,
        amount,
        fee,
        held: amount + fee,
        reward_id: r.try_get("reward_id")?,
        reward_title: r.try_get("reward_title")?,
        public: r.try_get::<i64, _>("public")? != 0,
        mail_updates: r.try_get::<i64, _>("mail_updates")? != 0,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        outcome: r.try_get("outcome")?,
        settled_at: r.try_get("settled_at")?,
    })
}

/// The member's pledge to the campaign, if any.
pub async fn pledge(
    db: &Db,
    member: &MemberId,
    campaign_id: &str,
) -> Result<Option<Pledge>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {PLEDGE_COLUMNS} WHERE g.campaign_id = $1 AND g.member_id = $2"
    ))
    .bind(campaign_id)
    .bind(member)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.as_ref().map(pledge_from).transpose()?)
}

/// Every pledge of the member, latest first.
pub async fn of_member(db: &Db, member: &MemberId) -> Result<Vec<Pledge>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {PLEDGE_COLUMNS} WHERE g.member_id = $1 ORDER BY g.created_at DESC"
    ))
    .bind(member)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.iter().map(pledge_from).collect::<Result<_, _>>()?)
}

/// The campaign's backers as everyone sees them.
pub async fn backers(db: &Db, campaign_id: &str) -> Result<Backers, AppError> {
    let rows = sqlx::query(
        "SELECT g.public, m.display_name FROM funding_pledges g JOIN members m ON m.id = g.member_id \
         WHERE g.campaign_id = $1 ORDER BY m.display_name, g.member_id",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await?;
    let mut backers = Backers {
        named: Vec::new(),
        anonymous: 0,
    };
    for r in &rows {
        if r.try_get::<i64, _>("public")? != 0 {
            backers.named.push(r.try_get("display_name")?);
        } else {
            backers.anonymous += 1;
        }
    }
    Ok(backers)
}

/// Below this many backers, the chart of pledges over time is not drawn:
/// with a few, its steps would tell what each one pledged.
pub const CHART_FROM_BACKERS: i64 = 5;

/// What was pledged over time, day by day (UTC): each day's end and the
/// total pledged by then, pledges counted from the day they were first
/// made at their current amount. Days, not pledges: a step is never one
/// backer's amount unless that backer was alone that day, and the page
/// draws it only from [`CHART_FROM_BACKERS`] backers.
pub async fn timeline(db: &Db, campaign_id: &str) -> Result<Vec<(i64, i64)>, AppError> {
    const DAY_MS: i64 = 24 * 3600 * 1000;
    let rows = sqlx::query(
        "SELECT created_at, amount FROM funding_pledges WHERE campaign_id = $1 ORDER BY created_at",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await?;
    let mut days: Vec<(i64, i64)> = Vec::new();
    let mut total = 0;
    for r in &rows {
        let at: i64 = r.try_get("created_at")?;
        total += r.try_get::<i64, _>("amount")?;
        let day_end = (at.div_euclid(DAY_MS) + 1) * DAY_MS;
        match days.last_mut() {
            Some(last) if last.0 == day_end => last.1 = total,
            _ => days.push((day_end, total)),
        }
    }
    Ok(days)
}

/// The backers who asked for the campaign's updates by mail, and those
/// who did not.
pub async fn backers_by_mail_choice(
    tx: &mut Tx,
    campaign_id: &str,
) -> Result<(Vec<MemberId>, Vec<MemberId>), AppError> {
    let rows = sqlx::query(
        "SELECT member_id, mail_updates FROM funding_pledges WHERE campaign_id = $1 ORDER BY member_id",
    )
    .bind(campaign_id)
    .fetch_all(&mut **tx)
    .await?;
    let (mut mailed, mut not) = (Vec::new(), Vec::new());
    for r in &rows {
        let id = MemberId::from(r.try_get::<String, _>("member_id")?);
        if r.try_get::<i64, _>("mail_updates")? != 0 {
            mailed.push(id);
        } else {
            not.push(id);
        }
    }
    Ok((mailed, not))
}
