//! Crowdfunding campaigns: a member launches one, alone or for a
//! collective or a project it coordinates (whose treasury is then paid),
//! with a minimum and an optional optimum goal (Goteo's required and
//! optional budget), a deadline, all-or-nothing or keep-what-you-raise,
//! reward tiers with limited stocks, and what it asks beside money (time,
//! materials, skills, objects lent). Members pledge toward it
//! ([`crate::pledges`]); at the deadline a durable job settles it
//! ([`crate::settle`]).

use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::error::FieldError;
use kernel::fees::FeeRule;
use kernel::validate::schema;
use kernel::{AppError, CollectiveId, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use utoipa::ToSchema;

/// What a campaign may ask beside money.
pub const ASK_KINDS: &[&str] = &["time", "materials", "skills", "lend"];
const MAX_REWARDS: usize = 20;
const MAX_ASKS: usize = 20;
/// The largest goal, in cents: 10 million euros.
pub const MAX_GOAL: i64 = 1_000_000_000;
/// The largest reward stock or number of people asked for.
const MAX_COUNT: i64 = 1_000_000;
const DAY_MS: i64 = 24 * 3600 * 1000;
/// How soon a deadline may be: an hour, for anyone to see it.
const MIN_AHEAD_MS: i64 = 3600 * 1000;
/// How far ahead a deadline may be: 90 days, as Goteo's two rounds.
const MAX_AHEAD_MS: i64 = 90 * DAY_MS;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingCampaignInput)]
pub struct CampaignInput {
    #[schema(schema_with = schema::line::<3, 120>)]
    pub title: String,
    /// One sentence for the list.
    #[schema(schema_with = schema::line::<3, 240>)]
    pub summary: String,
    #[serde(default)]
    #[schema(schema_with = schema::text::<20000>)]
    pub description: String,
    /// Run for a collective or a project the member coordinates: its
    /// treasury is paid. None: the member's own wallet is.
    #[serde(default)]
    pub collective_id: Option<String>,
    /// The least, in cents, for the campaign to go ahead.
    #[schema(minimum = 1, maximum = 1000000000)]
    pub minimum: i64,
    /// What would do everything planned, in cents; at least the minimum.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000000000)]
    pub optimum: Option<i64>,
    /// When pledges close, ms since the epoch, within 90 days.
    #[schema(schema_with = schema::timestamp_ms)]
    pub deadline_at: i64,
    /// Below the minimum at the deadline: true, every pledge is released;
    /// false, what was pledged is kept.
    pub all_or_nothing: bool,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub rewards: Vec<RewardInput>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub asks: Vec<AskInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingRewardInput)]
pub struct RewardInput {
    #[schema(schema_with = schema::line::<2, 120>)]
    pub title: String,
    #[serde(default)]
    #[schema(schema_with = schema::text::<2000>)]
    pub description: String,
    /// The least pledge that gets it, in cents.
    #[schema(minimum = 1, maximum = 1000000000)]
    pub minimum: i64,
    /// How many there are; none: no limit.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000000)]
    pub stock: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingAskInput)]
pub struct AskInput {
    /// time, materials, skills or lend (an object lent).
    #[schema(schema_with = ask_kind_schema)]
    pub kind: String,
    #[schema(schema_with = schema::line::<2, 120>)]
    pub title: String,
    #[serde(default)]
    #[schema(schema_with = schema::text::<2000>)]
    pub description: String,
    /// How many people (or things) are needed.
    #[schema(minimum = 1, maximum = 1000000)]
    pub needed: i64,
}

fn ask_kind_schema() -> utoipa::openapi::schema::Schema {
    schema::codes(ASK_KINDS)
}

/// The methods a decision that acts may use: those that say yes or no
/// (`MethodKind::says_yes_or_no`).
pub fn acting_method_schema() -> utoipa::openapi::schema::Schema {
    schema::codes(&["consent", "consensus", "majority"])
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingCampaign)]
pub struct Campaign {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub owner_id: String,
    pub owner_name: String,
    pub collective_id: Option<String>,
    pub collective_name: Option<String>,
    /// Who is paid if it succeeds: the collective's (or project's)
    /// treasury, else its owner.
    pub beneficiary: String,
    pub minimum: i64,
    pub optimum: Option<i64>,
    pub deadline_at: i64,
    pub all_or_nothing: bool,
    /// open, settling, funded, failing or failed (as stored; `phase` says
    /// whether an open one still takes pledges).
    pub state: String,
    /// `open` while pledges are taken, then `closed`.
    pub phase: String,
    /// The technical fee's rate frozen at the launch, in basis points, paid
    /// by backers on top of their pledges.
    pub fee_rate_bp: i64,
    pub solidarity_bp: i64,
    pub created_at: i64,
    pub settled_at: Option<i64>,
    /// What is pledged now, in cents (once settled: what was pledged).
    pub pledged: i64,
    /// What collectives' backings count now ([`crate::backings`]): with
    /// the pledges, what the goals are measured against.
    pub backed: i64,
    pub backers: i64,
    pub backings: Vec<crate::backings::Backing>,
    pub rewards: Vec<Reward>,
    pub asks: Vec<Ask>,
    /// Once funded: where the money went.
    pub breakdown: Option<Breakdown>,
}

/// Where a funded campaign's money went, in cents: what its beneficiary
/// got, the platform's fee and the solidarity fund's share of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingBreakdown)]
pub struct Breakdown {
    /// What the backers' pledges brought.
    pub raised: i64,
    /// What collectives' backings brought.
    pub backed: i64,
    pub platform: i64,
    pub solidarity: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingReward)]
pub struct Reward {
    pub id: String,
    pub title: String,
    pub description: String,
    pub minimum: i64,
    pub stock: Option<i64>,
    /// How many pledges hold one.
    pub taken: i64,
    /// How many are left; none: no limit.
    pub left: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingAsk)]
pub struct Ask {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub needed: i64,
    /// How many members offered.
    pub offered: i64,
}

/// A campaign as the list shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingSummary)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub beneficiary: String,
    pub deadline_at: i64,
    pub state: String,
    pub phase: String,
    pub minimum: i64,
    pub optimum: Option<i64>,
    pub pledged: i64,
    pub backers: i64,
}

/// Whether pledges are taken at `now`.
pub fn phase_of(state: &str, deadline_at: i64, now: i64) -> &'static str {
    match state {
        "open" if now < deadline_at => "open",
        _ => "closed",
    }
}

/// A share of a goal reached, in hundredths of a percent, at most 100 %
/// (for a bar).
pub fn progress(pledged: i64, goal: i64) -> i64 {
    if goal <= 0 {
        return 10_000;
    }
    (pledged.max(0).saturating_mul(10_000) / goal).min(10_000)
}

impl Campaign {
    pub fn fee_rule(&self) -> FeeRule {
        FeeRule {
            technical_bp: self.fee_rate_bp as u32,
            between_members_bp: 0,
            solidarity_share_bp: self.solidarity_bp as u32,
        }
    }

    pub fn reward(&self, id: &str) -> Option<&Reward> {
        self.rewards.iter().find(|r| r.id == id)
    }

    /// What the goals are measured against: the pledges and what
    /// collectives' backings count.
    pub fn reached(&self) -> i64 {
        self.pledged + self.backed
    }

    /// The minimum reached, in hundredths of a percent of it.
    pub fn progress(&self) -> i64 {
        progress(self.reached(), self.minimum)
    }

    /// The optimum reached, in hundredths of a percent of it.
    pub fn optimum_progress(&self) -> Option<i64> {
        self.optimum.map(|o| progress(self.reached(), o))
    }

    /// How much more reaches the minimum (0 once reached).
    pub fn to_minimum(&self) -> i64 {
        (self.minimum - self.reached()).max(0)
    }

    /// Whose account is paid: the collective's (or project's) treasury, or
    /// the owner's wallet.
    pub fn payee(&self) -> Payee {
        match &self.collective_id {
            Some(c) => Payee::Treasury(CollectiveId::from(c.clone())),
            None => Payee::Wallet(MemberId::from(self.owner_id.clone())),
        }
    }
}

/// Who a funded campaign pays.
pub enum Payee {
    Treasury(CollectiveId),
    Wallet(MemberId),
}

impl Payee {
    pub fn owner(&self) -> kernel::money::Owner<'_> {
        match self {
            Payee::Treasury(c) => kernel::money::Owner::Treasury(c),
            Payee::Wallet(m) => kernel::money::Owner::Wallet(m),
        }
    }
}

/// The escrow a campaign's pledges are held into.
pub fn escrow_of(campaign_id: &str) -> String {
    format!("funding:{campaign_id}")
}

/// Launches a campaign; its owner is `member`.
pub async fn create(
    db: &Db,
    fees: &FeeRule,
    member: &MemberId,
    input: &CampaignInput,
) -> Result<Campaign, AppError> {
    let now = now_ms();
    let checked = check(input, now)?;
    let collective = kernel::collectives::acting_for(
        db,
        member,
        input.collective_id.as_deref(),
        "error-funding-collective",
    )
    .await?;
    let id = new_id();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO funding_campaigns (id, title, summary, description, owner_id, collective_id, \
         minimum, optimum, deadline_at, all_or_nothing, state, fee_rate_bp, solidarity_bp, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12, $13)",
    )
    .bind(&id)
    .bind(&checked.title)
    .bind(&checked.summary)
    .bind(&checked.description)
    .bind(member)
    .bind(collective.as_ref())
    .bind(input.minimum)
    .bind(input.optimum)
    .bind(input.deadline_at)
    .bind(i64::from(input.all_or_nothing))
    .bind(i64::from(fees.technical_bp))
    .bind(i64::from(fees.solidarity_share_bp))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    for (position, r) in checked.rewards.iter().enumerate() {
        sqlx::query(
            "INSERT INTO funding_rewards (id, campaign_id, position, title, description, minimum, stock) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(&id)
        .bind(position as i64)
        .bind(&r.title)
        .bind(&r.description)
        .bind(r.minimum)
        .bind(r.stock)
        .execute(&mut *tx)
        .await?;
    }
    for (position, a) in checked.asks.iter().enumerate() {
        sqlx::query(
            "INSERT INTO funding_asks (id, campaign_id, position, kind, title, description, needed) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(&id)
        .bind(position as i64)
        .bind(&a.kind)
        .bind(&a.title)
        .bind(&a.description)
        .bind(a.needed)
        .execute(&mut *tx)
        .await?;
    }
    crate::settle::schedule(&mut tx, &id, input.deadline_at).await?;
    tx.commit().await?;
    get(db, &id).await
}

struct Checked {
    title: String,
    summary: String,
    description: String,
    rewards: Vec<RewardInput>,
    asks: Vec<AskInput>,
}

/// Checks a campaign whole: every mistake is listed, each by its field
/// (and, for a reward or an ask, its line), and nothing is kept.
fn check(input: &CampaignInput, now: i64) -> Result<Checked, AppError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut field = |ok: bool, f: &'static str, key: &'static str| {
        if !ok {
            errors.push(FieldError::new(f, key));
        }
    };
    let title = kernel::validate::line(&input.title, 3, 120);
    let summary = kernel::validate::line(&input.summary, 3, 240);
    let description = kernel::validate::text(&input.description, 20000);
    field(
        (1..=MAX_GOAL).contains(&input.minimum),
        "minimum",
        "error-funding-minimum",
    );
    field(
        input
            .optimum
            .is_none_or(|o| (input.minimum..=MAX_GOAL).contains(&o)),
        "optimum",
        "error-funding-optimum",
    );
    field(
        input.deadline_at >= now + MIN_AHEAD_MS && input.deadline_at - now <= MAX_AHEAD_MS,
        "deadline_at",
        "error-funding-deadline",
    );
    field(
        input.rewards.len() <= MAX_REWARDS,
        "rewards",
        "error-funding-rewards",
    );
    field(input.asks.len() <= MAX_ASKS, "asks", "error-funding-asks");
    let mut rewards = Vec::new();
    for (i, r) in input.rewards.iter().enumerate().take(MAX_REWARDS) {
        let ok = (1..=MAX_GOAL).contains(&r.minimum)
            && r.stock.is_none_or(|s| (1..=MAX_COUNT).contains(&s));
        let checked = match (
            kernel::validate::line(&r.title, 2, 120),
            kernel::validate::text(&r.description, 2000),
        ) {
            (Ok(title), Ok(description)) if ok => Some(RewardInput {
                title,
                description,
                minimum: r.minimum,
                stock: r.stock,
            }),
            _ => None,
        };
        match checked {
            Some(r) => rewards.push(r),
            None => errors
                .push(FieldError::new("rewards", "error-funding-reward").at_line(i as u32 + 1)),
        }
    }
    let mut asks = Vec::new();
    for (i, a) in input.asks.iter().enumerate().take(MAX_ASKS) {
        let ok = ASK_KINDS.contains(&a.kind.as_str()) && (1..=MAX_COUNT).contains(&a.needed);
        let checked = match (
            kernel::validate::line(&a.title, 2, 120),
            kernel::validate::text(&a.description, 2000),
        ) {
            (Ok(title), Ok(description)) if ok => Some(AskInput {
                kind: a.kind.clone(),
                title,
                description,
                needed: a.needed,
            }),
            _ => None,
        };
        match checked {
            Some(a) => asks.push(a),
            None => errors.push(FieldError::new("asks", "error-funding-ask").at_line(i as u32 + 1)),
        }
    }
    let title = title.map_err(|k| errors.insert(0, FieldError::new("title", k)));
    let summary = summary.map_err(|k| errors.push(FieldError::new("summary", k)));
    let description = description.map_err(|k| errors.push(FieldError::new("description", k)));
    match (title, summary, description) {
        (Ok(title), Ok(summary), Ok(description)) if errors.is_empty() => Ok(Checked {
            title,
            summary,
            description,
            rewards,
            asks,
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

const CAMPAIGN_COLUMNS: &str = "p.id, p.title, p.summary, p.description, p.owner_id, \
    m.display_name AS owner_name, p.collective_id, c.name AS collective_name, p.minimum, \
    p.optimum, p.deadline_at, p.all_or_nothing, p.state, p.fee_rate_bp, p.solidarity_bp, \
    p.created_at, p.settled_at, \
    CAST((SELECT COALESCE(SUM(amount), 0) FROM funding_pledges g WHERE g.campaign_id = p.id) AS BIGINT) AS pledged, \
    (SELECT COUNT(*) FROM funding_pledges g WHERE g.campaign_id = p.id) AS backers \
    FROM funding_campaigns p JOIN members m ON m.id = p.owner_id \
    LEFT JOIN collectives c ON c.id = p.collective_id";

fn campaign_from(r: &AnyRow, now: i64) -> Result<Campaign, sqlx::Error> {
    let state: String = r.try_get("state")?;
    let deadline_at: i64 = r.try_get("deadline_at")?;
    let owner_name: String = r.try_get("owner_name")?;
    let collective_name: Option<String> = r.try_get("collective_name")?;
    Ok(Campaign {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        summary: r.try_get("summary")?,
        description: r.try_get("description")?,
        owner_id: r.try_get("owner_id")?,
        beneficiary: collective_name
            .clone()
            .unwrap_or_else(|| owner_name.clone()),
        owner_name,
        collective_id: r.try_get("collective_id")?,
        collective_name,
        minimum: r.try_get("minimum")?,
        optimum: r.try_get("optimum")?,
        deadline_at,
        all_or_nothing: r.try_get::<i64, _>("all_or_nothing")? != 0,
        phase: phase_of(&state, deadline_at, now).to_owned(),
        state,
        fee_rate_bp: r.try_get("fee_rate_bp")?,
        solidarity_bp: r.try_get("solidarity_bp")?,
        created_at: r.try_get("created_at")?,
        settled_at: r.try_get("settled_at")?,
        pledged: r.try_get("pledged")?,
        backed: 0,
        backers: r.try_get("backers")?,
        backings: Vec::new(),
        rewards: Vec::new(),
        asks: Vec::new(),
        breakdown: None,
    })
}

pub async fn get(db: &Db, id: &str) -> Result<Campaign, AppError> {
    let mut conn = db.pool().acquire().await?;
    load(&mut conn, id).await
}

/// [`get`] on a connection (inside a transaction: what it decides on).
pub async fn load(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Campaign, AppError> {
    let row = sqlx::query(&format!("SELECT {CAMPAIGN_COLUMNS} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut campaign = campaign_from(&row, now_ms())?;
    campaign.rewards = sqlx::query(
        "SELECT id, title, description, minimum, stock, taken FROM funding_rewards \
         WHERE campaign_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let stock: Option<i64> = r.try_get("stock")?;
        let taken: i64 = r.try_get("taken")?;
        Ok(Reward {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            description: r.try_get("description")?,
            minimum: r.try_get("minimum")?,
            stock,
            taken,
            left: stock.map(|s| (s - taken).max(0)),
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    campaign.asks = sqlx::query(
        "SELECT a.id, a.kind, a.title, a.description, a.needed, \
         (SELECT COUNT(*) FROM funding_offers o WHERE o.ask_id = a.id) AS offered \
         FROM funding_asks a WHERE a.campaign_id = $1 ORDER BY a.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Ask {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            title: r.try_get("title")?,
            description: r.try_get("description")?,
            needed: r.try_get("needed")?,
            offered: r.try_get("offered")?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    campaign.backings = crate::backings::of_campaign(conn, id).await?;
    campaign.backed = campaign.backings.iter().map(|b| b.counted).sum();
    if campaign.state == "funded" {
        campaign.breakdown = Some(breakdown(conn, id).await?);
    }
    Ok(campaign)
}

/// Locks the campaign until the transaction ends (pledges, the settlement)
/// and loads it.
pub async fn lock(tx: &mut Tx, id: &str) -> Result<Campaign, AppError> {
    tx.lock_named(&format!("funding:{id}"), true).await?;
    load(tx, id).await
}

/// Where a funded campaign's money went: the captured pledges and the
/// paid backings, with their fees.
pub async fn breakdown(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Breakdown, AppError> {
    let row = sqlx::query(
        "SELECT CAST((SELECT COALESCE(SUM(amount), 0) FROM funding_pledges \
                      WHERE campaign_id = $1 AND outcome = 'captured') AS BIGINT) AS raised, \
         CAST((SELECT COALESCE(SUM(charged_fee), 0) FROM funding_pledges \
                WHERE campaign_id = $1 AND outcome = 'captured') AS BIGINT) AS fee, \
         CAST((SELECT COALESCE(SUM(charged_solidarity), 0) FROM funding_pledges \
                WHERE campaign_id = $1 AND outcome = 'captured') AS BIGINT) AS solidarity, \
         CAST((SELECT COALESCE(SUM(paid), 0) FROM funding_backings \
                WHERE campaign_id = $1 AND state = 'paid') AS BIGINT) AS backed, \
         CAST((SELECT COALESCE(SUM(paid_fee), 0) FROM funding_backings \
                WHERE campaign_id = $1 AND state = 'paid') AS BIGINT) AS backed_fee, \
         CAST((SELECT COALESCE(SUM(paid_solidarity), 0) FROM funding_backings \
                WHERE campaign_id = $1 AND state = 'paid') AS BIGINT) AS backed_solidarity",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let get = |c: &str| row.try_get::<i64, _>(c);
    let fee = get("fee")? + get("backed_fee")?;
    let solidarity = get("solidarity")? + get("backed_solidarity")?;
    Ok(Breakdown {
        raised: get("raised")?,
        backed: get("backed")?,
        platform: fee - solidarity,
        solidarity,
    })
}

/// The campaigns taking pledges, soonest deadline first, then the others,
/// latest first.
pub async fn list(db: &Db) -> Result<Vec<Summary>, AppError> {
    let now = now_ms();
    let rows = sqlx::query(&format!(
        "SELECT {CAMPAIGN_COLUMNS} ORDER BY CASE WHEN p.state = 'open' AND p.deadline_at > $1 \
         THEN 0 ELSE 1 END, CASE WHEN p.state = 'open' AND p.deadline_at > $1 THEN p.deadline_at \
         ELSE -p.deadline_at END LIMIT 200"
    ))
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let c = campaign_from(r, now)?;
            Ok(Summary {
                id: c.id,
                title: c.title,
                summary: c.summary,
                beneficiary: c.beneficiary,
                deadline_at: c.deadline_at,
                state: c.state,
                phase: c.phase,
                minimum: c.minimum,
                optimum: c.optimum,
                pledged: c.pledged,
                backers: c.backers,
            })
        })
        .collect()
}

/// Whether `member` runs the campaign: its owner, or a coordinator of the
/// collective it is run for.
pub async fn runs(db: &Db, campaign: &Campaign, member: &MemberId) -> Result<bool, AppError> {
    kernel::collectives::runs(
        db,
        &campaign.owner_id,
        campaign.collective_id.as_deref(),
        member,
    )
    .await
}
