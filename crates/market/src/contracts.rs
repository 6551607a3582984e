//! AMAP contracts, as CAMAP models them (normalised): a shop (a hub's
//! coordinators, or a seller alone) offers a season contract for one
//! producer, its products' prices frozen for the season, fixed (the same
//! basket at every distribution) or variable (ordered for each
//! distribution before its deadline), with distributions on a cycle, a
//! capacity and a waiting list, absences and instalment plans.
//!
//! Money: each basket's price (and the platform's fee on top, the rule
//! frozen when the subscription starts) is held from the member's wallet
//! into the subscription's escrow, and taken after its distribution, paid
//! to the producer in one linked batch with the fee. Instalments say when
//! the holds are made: all at once (one instalment), or a group of
//! distributions at a time, each group on its due date by a durable job. A
//! short wallet on a due date marks the instalment short (shown to the
//! member and to those who run the shop) and the member pays it later.
//! An absence, a pause or the end releases what is held for the baskets
//! not delivered: what is not delivered is never billed, and nothing ever
//! has to come back out of a producer's account.

use std::collections::BTreeMap;

use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::fees::{FeeRule, PaymentKind};
use kernel::money::{self, Amount, Label, Owner, Split};
use kernel::validate::schema;
use kernel::{AppError, CollectiveId, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use utoipa::ToSchema;

use crate::orders::frozen_rule;
use crate::shops::{self, Shop};

/// The durable job that holds an instalment's money on its due date.
pub const JOB_INSTALMENT: &str = "market.contract.instalment";
/// The durable job that takes a distribution's baskets' money once it is over.
pub const JOB_DELIVER: &str = "market.contract.deliver";

/// The member's wallet could not hold an instalment on its due date.
pub const INSTALMENT_SHORT: kernel::notifications::Kind = kernel::notifications::Kind {
    code: "instalment_short",
    default: kernel::notifications::Delivery::Email,
};
/// A distribution the member has a basket at moved to another day or time.
pub const DISTRIBUTION_MOVED: kernel::notifications::Kind = kernel::notifications::Kind {
    code: "contract_distribution_moved",
    default: kernel::notifications::Delivery::Email,
};
/// A distribution the member has a basket at is cancelled.
pub const DISTRIBUTION_CANCELLED: kernel::notifications::Kind = kernel::notifications::Kind {
    code: "contract_distribution_cancelled",
    default: kernel::notifications::Delivery::Email,
};
/// A place freed up in a contract the member was waiting for.
pub const CONTRACT_PLACE: kernel::notifications::Kind = kernel::notifications::Kind {
    code: "contract_place",
    default: kernel::notifications::Delivery::Email,
};

pub const KINDS: &[&str] = &["fixed", "variable"];
pub const EVERY: &[&str] = &["week", "two_weeks", "four_weeks", "month"];
pub const PLANS: &[i64] = &[1, 3, 12];
/// The most distributions a season has.
pub const MAX_DISTRIBUTIONS: usize = 60;
pub const MAX_SEASON_DAYS: i32 = 400;
pub const MAX_QUANTITY: i64 = 100;
pub const MAX_CAPACITY: i64 = 10_000;
pub const MAX_DEADLINE_DAYS: i64 = 30;
const DAY: i64 = 24 * 3600 * 1000;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ContractVariantInput {
    #[schema(schema_with = schema::no_nul)]
    pub variant_id: String,
    /// The most of it one basket takes.
    #[schema(minimum = 1, maximum = 100)]
    pub max_quantity: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ContractInput {
    #[schema(schema_with = schema::line::<2, 120>)]
    pub name: String,
    #[serde(default)]
    #[schema(schema_with = schema::text::<5000>)]
    pub description: String,
    /// The producer (a seller's organisation id).
    #[schema(schema_with = schema::no_nul)]
    pub seller_id: String,
    /// fixed or variable.
    #[schema(schema_with = schema::no_nul)]
    pub kind: String,
    /// The season's first and last days, `2026-12-02`.
    #[schema(schema_with = schema::no_nul)]
    pub starts_on: String,
    #[schema(schema_with = schema::no_nul)]
    pub ends_on: String,
    /// week, two_weeks, four_weeks or month.
    #[schema(schema_with = schema::no_nul)]
    pub every: String,
    #[schema(schema_with = schema::line::<2, 200>)]
    pub place: String,
    /// The distribution's hours, `18:00` to `19:30`.
    #[schema(schema_with = schema::no_nul)]
    pub starts_time: String,
    #[schema(schema_with = schema::no_nul)]
    pub ends_time: String,
    /// How many may subscribe; none: no limit.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 10000)]
    pub capacity: Option<i64>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 60)]
    pub absences_max: i64,
    /// Absences, orders and changes close this many days before a distribution.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 30)]
    pub deadline_days: i64,
    /// The instalment plans offered, among 1, 3 and 12.
    #[schema(max_items = 3)]
    pub plans: Vec<i64>,
    #[schema(max_items = 50)]
    pub variants: Vec<ContractVariantInput>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractVariant {
    pub variant_id: String,
    pub product_name: String,
    pub unit: String,
    pub size: i64,
    /// Frozen for the season, in cents VAT included.
    pub price: i64,
    /// Its VAT rate, in hundredths of a percent, frozen too.
    pub vat_rate: i64,
    pub max_quantity: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Distribution {
    pub id: String,
    pub day: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Absences, orders and changes close then.
    pub deadline_at: i64,
    pub delivered: bool,
    /// Cancelled by the organisers: no basket, nothing billed.
    pub cancelled: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Contract {
    pub id: String,
    pub shop_id: String,
    pub shop_name: String,
    pub seller_id: String,
    pub seller_name: String,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    pub every: String,
    pub place: String,
    pub starts_time: String,
    pub ends_time: String,
    pub time_zone: String,
    pub capacity: Option<i64>,
    pub absences_max: i64,
    pub deadline_days: i64,
    pub plans: Vec<i64>,
    /// Active or paused subscriptions, and those waiting for a place.
    pub subscribed: i64,
    pub waiting: i64,
    pub variants: Vec<ContractVariant>,
    pub distributions: Vec<Distribution>,
}

impl Contract {
    pub fn full(&self) -> bool {
        self.capacity.is_some_and(|c| self.subscribed >= c)
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct QuantityInput {
    #[schema(schema_with = schema::no_nul)]
    pub variant_id: String,
    /// 0 leaves it out.
    #[schema(minimum = 0, maximum = 100)]
    pub quantity: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SubscribeInput {
    /// How many instalments: one of the contract's plans (1 by default).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 12)]
    pub plan: Option<i64>,
    /// A fixed contract's basket; empty for a variable one.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub lines: Vec<QuantityInput>,
    /// Another member who shares the basket and sees it.
    #[serde(default)]
    #[schema(schema_with = schema::no_nul)]
    pub co_member_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct LinesInput {
    #[schema(max_items = 50)]
    pub lines: Vec<QuantityInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MemberInput {
    /// A member's id; none or empty: nobody.
    #[serde(default)]
    #[schema(schema_with = schema::no_nul)]
    pub member_id: Option<String>,
}

impl MemberInput {
    fn member(&self) -> Option<&str> {
        self.member_id.as_deref().filter(|m| !m.is_empty())
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AbsenceInput {
    /// true: absent (not billed); false: present after all.
    pub absent: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BasketLine {
    pub variant_id: String,
    pub product_name: String,
    pub quantity: i64,
    pub unit_price: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Basket {
    pub distribution_id: String,
    pub day: String,
    pub starts_at: i64,
    pub deadline_at: i64,
    /// Whether its deadline has passed: nothing of it changes any more.
    pub closed: bool,
    pub instalment: i64,
    /// due, absent, paused or cancelled.
    pub state: String,
    /// In cents VAT included; the platform's fee on top; what is paid.
    pub amount: i64,
    pub platform_fee: i64,
    pub to_pay: i64,
    /// Its money is held from the wallet.
    pub held: bool,
    /// Its money has been paid to the producer.
    pub paid: bool,
    pub handed_to: Option<String>,
    pub handed_to_name: Option<String>,
    /// The producer's invoice for it, once paid (the subscriber reads it).
    pub invoice_id: Option<String>,
    pub lines: Vec<BasketLine>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Instalment {
    pub number: i64,
    pub due_at: i64,
    /// scheduled, held, short (the wallet could not hold it) or cancelled.
    pub state: String,
    /// What its baskets cost, platform's fee included, in cents.
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Subscription {
    pub id: String,
    pub contract_id: String,
    pub contract_name: String,
    pub kind: String,
    pub member_id: String,
    pub member_name: String,
    pub co_member_id: Option<String>,
    pub co_member_name: Option<String>,
    /// waiting, active, paused or ended.
    pub state: String,
    /// Place on the waiting list (1 is next), when waiting.
    pub waiting_position: Option<i64>,
    pub plan: i64,
    /// A fixed contract's basket.
    pub quantities: Vec<QuantityLine>,
    pub absences: i64,
    pub absences_max: i64,
    pub baskets: Vec<Basket>,
    pub instalments: Vec<Instalment>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuantityLine {
    pub variant_id: String,
    pub product_name: String,
    pub quantity: i64,
    pub unit_price: i64,
}

// ---------- checks ----------

fn parse_day(raw: &str, field: &'static str) -> Result<jiff::civil::Date, AppError> {
    raw.trim()
        .parse::<jiff::civil::Date>()
        .map_err(|_| AppError::field(field, "error-date"))
}

fn parse_minute(raw: &str, field: &'static str) -> Result<i64, AppError> {
    let bad = || AppError::field(field, "error-contract-time");
    let (h, m) = raw.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (i64, i64) = (
        h.parse().map_err(|_| bad())?,
        m.get(..2).unwrap_or(m).parse().map_err(|_| bad())?,
    );
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

fn minute_text(minute: i64) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// The distribution days of a season: from its first day, every week, two
/// or four weeks, or every month on the same day (the month's last when it
/// has fewer), up to its last day.
pub fn distribution_days(
    starts_on: jiff::civil::Date,
    ends_on: jiff::civil::Date,
    every: &str,
) -> Vec<jiff::civil::Date> {
    let mut out = Vec::new();
    for k in 0..=MAX_DISTRIBUTIONS as i64 {
        let span = match every {
            "week" => jiff::Span::new().days(7 * k),
            "two_weeks" => jiff::Span::new().days(14 * k),
            "four_weeks" => jiff::Span::new().days(28 * k),
            _ => jiff::Span::new().months(k),
        };
        let Ok(day) = starts_on.checked_add(span) else {
            break;
        };
        if day > ends_on {
            break;
        }
        out.push(day);
    }
    out
}

fn at(day: jiff::civil::Date, minute: i64, tz: &jiff::tz::TimeZone) -> Result<i64, AppError> {
    let time = jiff::civil::Time::new((minute / 60) as i8, (minute % 60) as i8, 0, 0)
        .unwrap_or(jiff::civil::Time::midnight());
    let civil = if minute >= 1440 {
        day.tomorrow()
            .map_err(|_| AppError::field("ends_on", "error-date"))?
            .to_datetime(jiff::civil::Time::midnight())
    } else {
        day.to_datetime(time)
    };
    civil
        .to_zoned(tz.clone())
        .map(|z| z.timestamp().as_millisecond())
        .map_err(|_| AppError::field("starts_on", "error-date"))
}

struct Checked {
    name: String,
    description: String,
    starts_on: jiff::civil::Date,
    ends_on: jiff::civil::Date,
    starts_minute: i64,
    ends_minute: i64,
    place: String,
    plans: Vec<i64>,
    days: Vec<jiff::civil::Date>,
}

fn check(input: &ContractInput) -> Result<Checked, AppError> {
    let mut errors = Vec::new();
    let mut field =
        |f: &'static str, k: &'static str| errors.push(kernel::error::FieldError::new(f, k));
    let name = kernel::validate::line(&input.name, 2, 120);
    if let Err(k) = &name {
        field("name", k);
    }
    let description = kernel::validate::text(&input.description, 5000);
    if let Err(k) = &description {
        field("description", k);
    }
    let place = kernel::validate::line(&input.place, 2, 200);
    if let Err(k) = &place {
        field("place", k);
    }
    if !KINDS.contains(&input.kind.as_str()) {
        field("kind", "error-contract-kind");
    }
    if !EVERY.contains(&input.every.as_str()) {
        field("every", "error-contract-every");
    }
    let starts_on = parse_day(&input.starts_on, "starts_on");
    if starts_on.is_err() {
        field("starts_on", "error-date");
    }
    let ends_on = parse_day(&input.ends_on, "ends_on");
    let season_ok = match (&starts_on, &ends_on) {
        (Ok(s), Ok(e)) => {
            let days = s.until(*e).map(|d| d.get_days()).unwrap_or(-1);
            (0..=MAX_SEASON_DAYS).contains(&days)
        }
        _ => false,
    };
    if !season_ok {
        field("ends_on", "error-contract-season");
    }
    let starts_minute = parse_minute(&input.starts_time, "starts_time");
    if starts_minute.is_err() {
        field("starts_time", "error-contract-time");
    }
    let ends_minute = match input.ends_time.trim() {
        "24:00" => Ok(1440),
        t => parse_minute(t, "ends_time"),
    };
    if !matches!((&starts_minute, &ends_minute), (Ok(s), Ok(e)) if e > s) {
        field("ends_time", "error-contract-hours");
    }
    if input
        .capacity
        .is_some_and(|c| !(1..=MAX_CAPACITY).contains(&c))
    {
        field("capacity", "error-contract-capacity");
    }
    if !(0..=MAX_DISTRIBUTIONS as i64).contains(&input.absences_max) {
        field("absences_max", "error-contract-absences");
    }
    if !(0..=MAX_DEADLINE_DAYS).contains(&input.deadline_days) {
        field("deadline_days", "error-contract-deadline");
    }
    let mut plans: Vec<i64> = input.plans.clone();
    plans.sort_unstable();
    plans.dedup();
    if plans.is_empty() || plans.iter().any(|p| !PLANS.contains(p)) {
        field("plans", "error-contract-plans");
    }
    if input.kind == "variable" && plans != [1] {
        field("plans", "error-contract-plans-variable");
    }
    let mut seen = std::collections::BTreeSet::new();
    if input.variants.is_empty()
        || input.variants.len() > 50
        || input
            .variants
            .iter()
            .any(|v| !(1..=MAX_QUANTITY).contains(&v.max_quantity) || !seen.insert(&v.variant_id))
    {
        field("variants", "error-contract-variants");
    }
    let days = match (&starts_on, &ends_on) {
        (Ok(s), Ok(e)) if season_ok => distribution_days(*s, *e, &input.every),
        _ => Vec::new(),
    };
    if season_ok && EVERY.contains(&input.every.as_str()) && days.len() > MAX_DISTRIBUTIONS {
        field("ends_on", "error-contract-too-many");
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(Checked {
        name: name.unwrap_or_default(),
        description: description.unwrap_or_default(),
        starts_on: starts_on?,
        ends_on: ends_on?,
        starts_minute: starts_minute?,
        ends_minute: ends_minute?,
        place: place.unwrap_or_default(),
        plans,
        days,
    })
}

// ---------- contracts ----------

/// A shop's runners offer a contract for one producer: a hub for a seller
/// that agreed to sell through it, a seller alone for itself. The prices
/// are frozen now.
pub async fn create(
    db: &Db,
    actor: &MemberId,
    shop_id: &str,
    input: &ContractInput,
) -> Result<Contract, AppError> {
    let shop = shops::shop(db, shop_id).await?;
    shops::require_runs(db, &shop, actor).await?;
    let c = check(input)?;
    if shop
        .organisation_id
        .as_ref()
        .is_some_and(|o| o != &input.seller_id)
    {
        return Err(AppError::field("seller_id", "error-contract-own-seller"));
    }
    crate::sellers::get(db, &input.seller_id)
        .await
        .map_err(|_| AppError::field("seller_id", "error-shop-not-a-seller"))?;
    // A hub binds a producer to a season only with its consent: one of its
    // administrators creates the contract, or the producer has accepted to
    // sell through this hub (in one of its cycles).
    if shop.collective_id.is_some()
        && crate::sellers::require_admin(db, &input.seller_id, actor)
            .await
            .is_err()
    {
        let consented = sqlx::query(
            "SELECT 1 AS one FROM market_cycle_sellers cs JOIN market_cycles c ON c.id = cs.cycle_id \
             WHERE c.shop_id = $1 AND cs.seller_id = $2 AND cs.accepted_at IS NOT NULL",
        )
        .bind(shop_id)
        .bind(&input.seller_id)
        .fetch_optional(db.pool())
        .await?;
        if consented.is_none() {
            return Err(AppError::field("seller_id", "error-seller-not-accepted"));
        }
    }
    let member = kernel::members::get(db, actor).await?;
    let tz_name = member.time_zone.clone();
    let tz = jiff::tz::TimeZone::get(&tz_name).unwrap_or(jiff::tz::TimeZone::UTC);
    let now = now_ms();
    let mut distributions = Vec::new();
    for day in &c.days {
        let starts_at = at(*day, c.starts_minute, &tz)?;
        let ends_at = at(*day, c.ends_minute, &tz)?;
        distributions.push((
            day.to_string(),
            starts_at,
            ends_at,
            starts_at - input.deadline_days * DAY,
        ));
    }
    if !distributions.iter().any(|d| d.3 > now) {
        return Err(AppError::field("ends_on", "error-contract-past"));
    }
    let id = new_id();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO market_contracts (id, shop_id, seller_id, name, description, kind, starts_on, ends_on, every, \
         place, starts_minute, ends_minute, time_zone, capacity, absences_max, deadline_days, plans, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )
    .bind(&id)
    .bind(shop_id)
    .bind(&input.seller_id)
    .bind(&c.name)
    .bind(&c.description)
    .bind(&input.kind)
    .bind(c.starts_on.to_string())
    .bind(c.ends_on.to_string())
    .bind(&input.every)
    .bind(&c.place)
    .bind(c.starts_minute)
    .bind(c.ends_minute)
    .bind(&tz_name)
    .bind(input.capacity)
    .bind(input.absences_max)
    .bind(input.deadline_days)
    .bind(c.plans.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
    .bind(actor)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    for (position, v) in input.variants.iter().enumerate() {
        let row = sqlx::query(
            "SELECT p.name, v.unit, v.size, v.price, \
             CASE WHEN s.vat_number IS NULL THEN 0 ELSE p.vat_rate END AS vat_rate \
             FROM market_variants v JOIN market_products p ON p.id = v.product_id \
             JOIN market_sellers s ON s.organisation_id = p.seller_id \
             WHERE v.id = $1 AND p.seller_id = $2 AND v.archived_at IS NULL AND p.archived_at IS NULL",
        )
        .bind(&v.variant_id)
        .bind(&input.seller_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::field("variants", "error-contract-variant-other-seller"))?;
        sqlx::query(
            "INSERT INTO market_contract_variants (contract_id, variant_id, product_name, unit, size, price, vat_rate, \
             max_quantity, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(&v.variant_id)
        .bind(row.try_get::<String, _>("name")?)
        .bind(row.try_get::<String, _>("unit")?)
        .bind(row.try_get::<i64, _>("size")?)
        .bind(row.try_get::<i64, _>("price")?)
        .bind(row.try_get::<i64, _>("vat_rate")?)
        .bind(v.max_quantity)
        .bind(position as i64)
        .execute(&mut *tx)
        .await?;
    }
    for (day, starts_at, ends_at, deadline_at) in &distributions {
        let d = new_id();
        sqlx::query(
            "INSERT INTO market_contract_distributions (id, contract_id, day, starts_at, ends_at, deadline_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&d)
        .bind(&id)
        .bind(day)
        .bind(starts_at)
        .bind(ends_at)
        .bind(deadline_at)
        .execute(&mut *tx)
        .await?;
        schedule_delivery(&mut tx, &d, *ends_at).await?;
    }
    tx.commit().await?;
    get(db, &id).await
}

/// Schedules the delivery job at a distribution's end, keyed by that end
/// so that a moved distribution schedules anew (the job of its old time
/// finds it not over, or already paid, and does nothing).
async fn schedule_delivery(
    tx: &mut Tx,
    distribution_id: &str,
    ends_at: i64,
) -> Result<(), AppError> {
    #[derive(Serialize)]
    struct Deliver<'a> {
        distribution_id: &'a str,
    }
    kernel::jobs::enqueue(
        tx,
        kernel::jobs::NewJob {
            kind: JOB_DELIVER,
            payload: &Deliver { distribution_id },
            run_at: ends_at,
            dedupe_key: Some(format!("{JOB_DELIVER}:{distribution_id}:{ends_at}")),
            max_attempts: 20,
        },
    )
    .await
}

// ---------- changing a distribution ----------

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MoveInput {
    /// The new day, `2026-12-09`, within the season.
    #[schema(schema_with = schema::no_nul)]
    pub day: String,
    /// The new hours, `18:00` to `19:30`.
    #[schema(schema_with = schema::no_nul)]
    pub starts_time: String,
    #[schema(schema_with = schema::no_nul)]
    pub ends_time: String,
}

/// A distribution the organisers may still change: of this contract, not
/// over, not paid, not cancelled.
async fn changeable(
    db: &Db,
    actor: &MemberId,
    contract_id: &str,
    distribution_id: &str,
) -> Result<(Contract, Distribution), AppError> {
    let contract = get(db, contract_id).await?;
    if !runs(db, &contract, actor).await? {
        return Err(AppError::Forbidden);
    }
    let d = contract
        .distributions
        .iter()
        .find(|d| d.id == distribution_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    if d.cancelled {
        return Err(AppError::Conflict("market-distribution-cancelled"));
    }
    if d.delivered || d.ends_at <= now_ms() {
        return Err(AppError::Conflict("market-distribution-over"));
    }
    Ok((contract, d))
}

/// Tells the subscribers with a basket at the distribution (and those who
/// share it) that it changed, in the transaction.
async fn tell_distribution(
    tx: &mut Tx,
    contract: &Contract,
    distribution_id: &str,
    kind: kernel::notifications::Kind,
    args: Vec<(&'static str, String)>,
) -> Result<(), AppError> {
    let rows = sqlx::query(
        "SELECT s.id, s.member_id, s.co_member_id FROM market_baskets b \
         JOIN market_subscriptions s ON s.id = b.subscription_id \
         WHERE b.distribution_id = $1 AND b.state <> 'cancelled' AND s.state <> 'ended' ORDER BY s.id",
    )
    .bind(distribution_id)
    .fetch_all(&mut **tx)
    .await?;
    for r in rows {
        let sub_id: String = r.try_get("id")?;
        let co: Option<String> = r.try_get("co_member_id")?;
        for member in std::iter::once(r.try_get::<String, _>("member_id")?).chain(co) {
            let mut args = args.clone();
            args.push(("name", contract.name.clone()));
            kernel::notifications::notify(
                &mut *tx,
                &MemberId::from(member.as_str()),
                &kernel::notifications::Notice {
                    kind,
                    args,
                    link: format!("/market/subscriptions/{sub_id}"),
                    body: String::new(),
                    list: None,
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// The organisers move a distribution to another day or hours within the
/// season, not into the past; its deadline moves with it, its delivery
/// job is scheduled anew, and the members with a basket there are told.
/// The baskets stay as they are, held once and paid once.
pub async fn move_distribution(
    db: &Db,
    actor: &MemberId,
    contract_id: &str,
    distribution_id: &str,
    input: &MoveInput,
) -> Result<Contract, AppError> {
    let (contract, old) = changeable(db, actor, contract_id, distribution_id).await?;
    let day = parse_day(&input.day, "day")?;
    let starts_minute = parse_minute(&input.starts_time, "starts_time")?;
    let ends_minute = match input.ends_time.trim() {
        "24:00" => 1440,
        t => parse_minute(t, "ends_time")?,
    };
    if ends_minute <= starts_minute {
        return Err(AppError::field("ends_time", "error-contract-hours"));
    }
    let tz = jiff::tz::TimeZone::get(&contract.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let starts_at = at(day, starts_minute, &tz)?;
    let ends_at = at(day, ends_minute, &tz)?;
    if starts_at <= now_ms() {
        return Err(AppError::field("day", "error-distribution-past"));
    }
    let (first, last) = (
        parse_day(&contract.starts_on, "day")?,
        parse_day(&contract.ends_on, "day")?,
    );
    if day > last {
        return Err(AppError::field("day", "error-distribution-after-season"));
    }
    if day < first {
        return Err(AppError::field("day", "error-distribution-before-season"));
    }
    let deadline_at = starts_at - contract.deadline_days * DAY;
    let mut tx = db.begin().await?;
    let moved = sqlx::query(
        "UPDATE market_contract_distributions SET day = $1, starts_at = $2, ends_at = $3, deadline_at = $4 \
         WHERE id = $5 AND delivered_at IS NULL AND cancelled_at IS NULL AND ends_at > $6",
    )
    .bind(day.to_string())
    .bind(starts_at)
    .bind(ends_at)
    .bind(deadline_at)
    .bind(distribution_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await;
    match moved {
        Err(e) if kernel::db::is_unique_violation(&e) => {
            return Err(AppError::field("day", "error-distribution-day-taken"));
        }
        Err(e) => return Err(e.into()),
        Ok(done) if done.rows_affected() == 0 => {
            return Err(AppError::Conflict("market-distribution-over"));
        }
        Ok(_) => {}
    }
    schedule_delivery(&mut tx, distribution_id, ends_at).await?;
    tell_distribution(
        &mut tx,
        &contract,
        distribution_id,
        DISTRIBUTION_MOVED,
        vec![
            ("when", kernel::notifications::time_arg(old.starts_at)),
            ("new_when", kernel::notifications::time_arg(starts_at)),
        ],
    )
    .await?;
    tx.commit().await?;
    get(db, contract_id).await
}

/// The organisers cancel a distribution: every basket there is
/// cancelled and what was held for it released (nothing is billed), an
/// absence declared for it given back; the members are told.
pub async fn cancel_distribution(
    db: &Db,
    actor: &MemberId,
    contract_id: &str,
    distribution_id: &str,
) -> Result<Contract, AppError> {
    let (contract, d) = changeable(db, actor, contract_id, distribution_id).await?;
    let mut tx = db.begin().await?;
    // No one subscribes meanwhile: a subscription made now gets no basket
    // at this distribution, one made before has its basket released here.
    lock_contract(&mut tx, contract_id).await?;
    // Told first, while their baskets are still theirs.
    tell_distribution(
        &mut tx,
        &contract,
        distribution_id,
        DISTRIBUTION_CANCELLED,
        vec![("when", kernel::notifications::time_arg(d.starts_at))],
    )
    .await?;
    let cancelled = sqlx::query(
        "UPDATE market_contract_distributions SET cancelled_at = $1 \
         WHERE id = $2 AND delivered_at IS NULL AND cancelled_at IS NULL AND ends_at > $1",
    )
    .bind(now_ms())
    .bind(distribution_id)
    .execute(&mut *tx)
    .await?;
    if cancelled.rows_affected() == 0 {
        return Err(AppError::Conflict("market-distribution-over"));
    }
    let subs: Vec<String> = sqlx::query(
        "SELECT subscription_id FROM market_baskets WHERE distribution_id = $1 AND state <> 'cancelled' \
         AND captured_at IS NULL ORDER BY subscription_id",
    )
    .bind(distribution_id)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| r.try_get("subscription_id"))
    .collect::<Result<_, _>>()?;
    for id in subs {
        let sub = lock_sub(&mut tx, &id).await?;
        for b in basket_rows(&mut tx, &sub.id, Some(distribution_id)).await? {
            release_basket(&mut tx, &sub, &b, Some(actor)).await?;
            set_state(&mut tx, &sub.id, distribution_id, "cancelled").await?;
        }
    }
    tx.commit().await?;
    get(db, contract_id).await
}

const CONTRACT_COLUMNS: &str = "c.id, c.shop_id, s.name AS shop_name, c.seller_id, o.name AS seller_name, c.name, \
     c.description, c.kind, c.starts_on, c.ends_on, c.every, c.place, c.starts_minute, c.ends_minute, c.time_zone, \
     c.capacity, c.absences_max, c.deadline_days, c.plans, \
     (SELECT COUNT(*) FROM market_subscriptions x WHERE x.contract_id = c.id AND x.state IN ('active', 'paused')) AS subscribed, \
     (SELECT COUNT(*) FROM market_subscriptions x WHERE x.contract_id = c.id AND x.state = 'waiting') AS waiting";
const CONTRACT_FROM: &str = "FROM market_contracts c JOIN market_shops s ON s.id = c.shop_id \
     JOIN organisations o ON o.id = c.seller_id";

fn contract_from(r: &AnyRow) -> Result<Contract, sqlx::Error> {
    Ok(Contract {
        id: r.try_get("id")?,
        shop_id: r.try_get("shop_id")?,
        shop_name: r.try_get("shop_name")?,
        seller_id: r.try_get("seller_id")?,
        seller_name: r.try_get("seller_name")?,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        kind: r.try_get("kind")?,
        starts_on: r.try_get("starts_on")?,
        ends_on: r.try_get("ends_on")?,
        every: r.try_get("every")?,
        place: r.try_get("place")?,
        starts_time: minute_text(r.try_get("starts_minute")?),
        ends_time: minute_text(r.try_get("ends_minute")?),
        time_zone: r.try_get("time_zone")?,
        capacity: r.try_get("capacity")?,
        absences_max: r.try_get("absences_max")?,
        deadline_days: r.try_get("deadline_days")?,
        plans: r
            .try_get::<String, _>("plans")?
            .split(',')
            .filter_map(|p| p.parse().ok())
            .collect(),
        subscribed: r.try_get("subscribed")?,
        waiting: r.try_get("waiting")?,
        variants: Vec::new(),
        distributions: Vec::new(),
    })
}

async fn details(conn: &mut sqlx::AnyConnection, mut c: Contract) -> Result<Contract, AppError> {
    for r in sqlx::query(
        "SELECT variant_id, product_name, unit, size, price, vat_rate, max_quantity FROM market_contract_variants \
         WHERE contract_id = $1 ORDER BY position",
    )
    .bind(&c.id)
    .fetch_all(&mut *conn)
    .await?
    {
        c.variants.push(ContractVariant {
            variant_id: r.try_get("variant_id")?,
            product_name: r.try_get("product_name")?,
            unit: r.try_get("unit")?,
            size: r.try_get("size")?,
            price: r.try_get("price")?,
            vat_rate: r.try_get("vat_rate")?,
            max_quantity: r.try_get("max_quantity")?,
        });
    }
    for r in sqlx::query(
        "SELECT id, day, starts_at, ends_at, deadline_at, delivered_at, cancelled_at FROM market_contract_distributions \
         WHERE contract_id = $1 ORDER BY starts_at",
    )
    .bind(&c.id)
    .fetch_all(&mut *conn)
    .await?
    {
        c.distributions.push(Distribution {
            id: r.try_get("id")?,
            day: r.try_get("day")?,
            starts_at: r.try_get("starts_at")?,
            ends_at: r.try_get("ends_at")?,
            deadline_at: r.try_get("deadline_at")?,
            delivered: r.try_get::<Option<i64>, _>("delivered_at")?.is_some(),
            cancelled: r.try_get::<Option<i64>, _>("cancelled_at")?.is_some(),
        });
    }
    Ok(c)
}

pub async fn get(db: &Db, id: &str) -> Result<Contract, AppError> {
    get_in(&mut *db.pool().acquire().await?, id).await
}

/// [`get`] on the caller's connection: inside a transaction, without
/// taking a second connection from the pool while holding one.
async fn get_in(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Contract, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {CONTRACT_COLUMNS} {CONTRACT_FROM} WHERE c.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    details(conn, contract_from(&row)?).await
}

/// A shop's contracts, the latest season first (without their details).
pub async fn of_shop(db: &Db, shop_id: &str) -> Result<Vec<Contract>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {CONTRACT_COLUMNS} {CONTRACT_FROM} WHERE c.shop_id = $1 ORDER BY c.starts_on DESC, c.id"
    ))
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.iter().map(contract_from).collect::<Result<_, _>>()?)
}

/// Contracts with a distribution whose deadline has not passed, in every
/// shop, the soonest season first.
pub async fn open(db: &Db) -> Result<Vec<Contract>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {CONTRACT_COLUMNS} {CONTRACT_FROM} WHERE EXISTS (SELECT 1 FROM market_contract_distributions d \
         WHERE d.contract_id = c.id AND d.deadline_at > $1 AND d.cancelled_at IS NULL) ORDER BY c.starts_on, c.id"
    ))
    .bind(now_ms())
    .fetch_all(db.pool())
    .await?;
    Ok(rows.iter().map(contract_from).collect::<Result<_, _>>()?)
}

/// Whether the member runs the contract's shop.
pub async fn runs(db: &Db, c: &Contract, member: &MemberId) -> Result<bool, AppError> {
    let shop: Shop = shops::shop(db, &c.shop_id).await?;
    shops::runs(db, &shop, member).await
}

// ---------- subscriptions ----------

struct Sub {
    id: String,
    contract_id: String,
    member_id: String,
    state: String,
    plan: i64,
    rule: FeeRule,
}

fn sub_from(r: &AnyRow) -> Result<Sub, sqlx::Error> {
    Ok(Sub {
        id: r.try_get("id")?,
        contract_id: r.try_get("contract_id")?,
        member_id: r.try_get("member_id")?,
        state: r.try_get("state")?,
        plan: r.try_get("plan")?,
        rule: frozen_rule(r.try_get("fee_rate_bp")?, r.try_get("solidarity_bp")?),
    })
}

const SUB_COLUMNS: &str = "id, contract_id, member_id, state, plan, fee_rate_bp, solidarity_bp";

/// A subscription, its row locked until the transaction ends.
async fn lock_sub(tx: &mut Tx, id: &str) -> Result<Sub, AppError> {
    let sql = format!(
        "SELECT {SUB_COLUMNS} FROM market_subscriptions WHERE id = $1{}",
        crate::orders::locked(tx, "UPDATE")
    );
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(sub_from(&row)?)
}

/// The subscription, locked, for its subscriber only (anyone else: not found).
async fn own_sub(tx: &mut Tx, member: &MemberId, id: &str) -> Result<Sub, AppError> {
    let s = lock_sub(tx, id).await?;
    if s.member_id != member.as_str() {
        return Err(AppError::NotFound);
    }
    Ok(s)
}

/// Checks a basket's quantities against the contract: each a product of
/// it, within its bounds; gives the lines kept (quantity > 0) with their
/// frozen prices.
fn basket_lines(
    contract: &Contract,
    lines: &[QuantityInput],
    field: &'static str,
) -> Result<Vec<(String, i64, i64)>, AppError> {
    let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for l in lines {
        let Some(v) = contract
            .variants
            .iter()
            .find(|v| v.variant_id == l.variant_id)
        else {
            return Err(AppError::field(field, "error-contract-variant-unknown"));
        };
        if !(0..=v.max_quantity).contains(&l.quantity) {
            return Err(AppError::Validation(vec![
                kernel::error::FieldError::new(field, "error-contract-quantity")
                    .with("max", v.max_quantity.to_string()),
            ]));
        }
        if out.contains_key(&l.variant_id) {
            return Err(AppError::field(field, "error-quantity"));
        }
        if l.quantity > 0 {
            out.insert(l.variant_id.clone(), (l.quantity, v.price));
        }
    }
    Ok(out.into_iter().map(|(v, (q, p))| (v, q, p)).collect())
}

async fn require_one_of_people(
    db: &Db,
    contract: &Contract,
    member: &MemberId,
    id: &str,
    field: &'static str,
) -> Result<(), AppError> {
    if people(db, contract, member)
        .await?
        .iter()
        .any(|(p, _)| p == id)
    {
        Ok(())
    } else {
        Err(AppError::field(field, "error-contract-member-unknown"))
    }
}

/// A member subscribes: on the waiting list when the contract is full,
/// else at once, the first instalment's money held from the wallet (a
/// short wallet refuses it all).
pub async fn subscribe(
    db: &Db,
    rule: &FeeRule,
    member: &MemberId,
    contract_id: &str,
    input: &SubscribeInput,
) -> Result<Subscription, AppError> {
    let contract = get(db, contract_id).await?;
    let plan = input.plan.unwrap_or(1);
    if !contract.plans.contains(&plan) {
        return Err(AppError::field("plan", "error-contract-plan"));
    }
    let lines = basket_lines(&contract, &input.lines, "lines")?;
    match contract.kind.as_str() {
        "fixed" if lines.is_empty() => return Err(AppError::field("lines", "error-order-empty")),
        "variable" if !lines.is_empty() => {
            return Err(AppError::field("lines", "error-contract-variable-lines"));
        }
        _ => {}
    }
    let co = input.co_member_id.as_deref().filter(|c| !c.is_empty());
    if let Some(co) = co {
        if co == member.as_str() {
            return Err(AppError::field("co_member_id", "error-contract-co-self"));
        }
        require_one_of_people(db, &contract, member, co, "co_member_id").await?;
    }
    let now = now_ms();
    if !contract
        .distributions
        .iter()
        .any(|d| d.deadline_at > now && !d.cancelled)
    {
        return Err(AppError::Conflict("market-contract-over"));
    }
    let id = new_id();
    let mut tx = db.begin().await?;
    // Subscribers are counted one at a time.
    lock_contract(&mut tx, contract_id).await?;
    let taken: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM market_subscriptions WHERE contract_id = $1 AND state IN ('active', 'paused')",
    )
    .bind(contract_id)
    .fetch_one(&mut *tx)
    .await?
    .try_get("n")?;
    let waiting = contract.capacity.is_some_and(|c| taken >= c);
    let inserted = sqlx::query(
        "INSERT INTO market_subscriptions (id, contract_id, member_id, co_member_id, state, plan, fee_rate_bp, \
         solidarity_bp, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(contract_id)
    .bind(member)
    .bind(co)
    .bind(if waiting { "waiting" } else { "active" })
    .bind(plan)
    .bind(i64::from(rule.technical_bp))
    .bind(i64::from(rule.solidarity_share_bp))
    .bind(now)
    .execute(&mut *tx)
    .await;
    match inserted {
        Err(e) if kernel::db::is_unique_violation(&e) => {
            return Err(AppError::Conflict("market-contract-subscribed"));
        }
        other => other?,
    };
    for (variant_id, quantity, _) in &lines {
        sqlx::query(
            "INSERT INTO market_subscription_quantities (subscription_id, variant_id, quantity) VALUES ($1, $2, $3)",
        )
        .bind(&id)
        .bind(variant_id)
        .bind(quantity)
        .execute(&mut *tx)
        .await?;
    }
    if !waiting {
        let sub = lock_sub(&mut tx, &id).await?;
        activate(&mut tx, &contract, &sub).await?;
        if let Err(e) = hold_instalment_in(&mut tx, &sub, 1, Some(member)).await {
            tx.rollback().await?;
            return Err(short(e, "plan"));
        }
    }
    tx.commit().await?;
    subscription(db, &id).await
}

fn short(e: AppError, field: &'static str) -> AppError {
    match e {
        AppError::Conflict("transfer-exceeds-limit") => {
            AppError::field(field, "error-contract-wallet-short")
        }
        other => other,
    }
}

/// A subscription starts: one basket per distribution whose deadline has
/// not passed, grouped into its instalments (the first one due now, each
/// other a couple of days before its first distribution's deadline).
async fn activate(tx: &mut Tx, contract: &Contract, sub: &Sub) -> Result<(), AppError> {
    let now = now_ms();
    // The cancelled distributions as they are under the contract's lock,
    // which the caller holds (the contract may have been read before).
    let cancelled: Vec<String> = sqlx::query(
        "SELECT id FROM market_contract_distributions WHERE contract_id = $1 AND cancelled_at IS NOT NULL",
    )
    .bind(&contract.id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| r.try_get("id"))
    .collect::<Result<_, _>>()?;
    let future: Vec<&Distribution> = contract
        .distributions
        .iter()
        .filter(|d| d.deadline_at > now && !d.cancelled && !cancelled.contains(&d.id))
        .collect();
    let quantities: Vec<(String, i64, i64)> = sqlx::query(
        "SELECT variant_id, quantity FROM market_subscription_quantities WHERE subscription_id = $1",
    )
    .bind(&sub.id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| {
        let v: String = r.try_get("variant_id")?;
        let price = contract
            .variants
            .iter()
            .find(|x| x.variant_id == v)
            .map_or(0, |x| x.price);
        Ok((v, r.try_get("quantity")?, price))
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let count = future.len().max(1);
    let n = (sub.plan.max(1) as usize).min(count);
    let (size, extra) = (count / n, count % n);
    let mut start = 0;
    for k in 0..n {
        let len = size + usize::from(k < extra);
        let group = &future[start..(start + len).min(future.len())];
        let number = k as i64 + 1;
        let due_at = if k == 0 {
            now
        } else {
            (group[0].deadline_at - 2 * DAY).max(now)
        };
        sqlx::query(
            "INSERT INTO market_subscription_instalments (subscription_id, number, due_at, state) \
             VALUES ($1, $2, $3, 'scheduled')",
        )
        .bind(&sub.id)
        .bind(number)
        .bind(due_at)
        .execute(&mut **tx)
        .await?;
        for d in group {
            write_basket(tx, sub, &d.id, number, &quantities).await?;
        }
        if k > 0 {
            schedule_instalment(tx, &sub.id, number, due_at).await?;
        }
        start += len;
    }
    sqlx::query(
        "UPDATE market_subscriptions SET state = 'active', activated_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(&sub.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn schedule_instalment(
    tx: &mut Tx,
    sub_id: &str,
    number: i64,
    due_at: i64,
) -> Result<(), AppError> {
    #[derive(Serialize)]
    struct Due<'a> {
        subscription_id: &'a str,
        number: i64,
    }
    kernel::jobs::enqueue(
        tx,
        kernel::jobs::NewJob {
            kind: JOB_INSTALMENT,
            payload: &Due {
                subscription_id: sub_id,
                number,
            },
            run_at: due_at,
            dedupe_key: Some(format!("{JOB_INSTALMENT}:{sub_id}:{number}")),
            max_attempts: 20,
        },
    )
    .await
}

/// Writes a new basket (state due) with these lines.
async fn write_basket(
    tx: &mut Tx,
    sub: &Sub,
    distribution_id: &str,
    instalment: i64,
    lines: &[(String, i64, i64)],
) -> Result<(), AppError> {
    let amount: i64 = lines.iter().map(|(_, q, p)| q * p).sum();
    let fee = sub.rule.quote(PaymentKind::Technical, amount as u64).fee;
    sqlx::query(
        "INSERT INTO market_baskets (subscription_id, distribution_id, instalment, state, amount, platform_fee, version) \
         VALUES ($1, $2, $3, 'due', $4, $5, 0)",
    )
    .bind(&sub.id)
    .bind(distribution_id)
    .bind(instalment)
    .bind(amount)
    .bind(fee)
    .execute(&mut **tx)
    .await?;
    write_lines(tx, &sub.id, distribution_id, lines).await
}

async fn write_lines(
    tx: &mut Tx,
    sub_id: &str,
    distribution_id: &str,
    lines: &[(String, i64, i64)],
) -> Result<(), AppError> {
    sqlx::query(
        "DELETE FROM market_basket_lines WHERE subscription_id = $1 AND distribution_id = $2",
    )
    .bind(sub_id)
    .bind(distribution_id)
    .execute(&mut **tx)
    .await?;
    for (variant_id, quantity, price) in lines {
        sqlx::query(
            "INSERT INTO market_basket_lines (subscription_id, distribution_id, variant_id, quantity, unit_price) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(sub_id)
        .bind(distribution_id)
        .bind(variant_id)
        .bind(quantity)
        .bind(price)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

struct BasketRow {
    distribution_id: String,
    instalment: i64,
    state: String,
    amount: i64,
    hold_key: Option<String>,
    version: i64,
    captured: bool,
    deadline_at: i64,
    delivered: bool,
}

async fn basket_rows(
    tx: &mut Tx,
    sub_id: &str,
    distribution_id: Option<&str>,
) -> Result<Vec<BasketRow>, AppError> {
    let rows = sqlx::query(
        "SELECT b.distribution_id, b.instalment, b.state, b.amount, b.hold_key, b.version, b.captured_at, \
         d.deadline_at, d.delivered_at FROM market_baskets b \
         JOIN market_contract_distributions d ON d.id = b.distribution_id \
         WHERE b.subscription_id = $1 AND ($2 = '' OR b.distribution_id = $2) ORDER BY d.starts_at",
    )
    .bind(sub_id)
    .bind(distribution_id.unwrap_or(""))
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(BasketRow {
                distribution_id: r.try_get("distribution_id")?,
                instalment: r.try_get("instalment")?,
                state: r.try_get("state")?,
                amount: r.try_get("amount")?,
                hold_key: r.try_get("hold_key")?,
                version: r.try_get("version")?,
                captured: r.try_get::<Option<i64>, _>("captured_at")?.is_some(),
                deadline_at: r.try_get("deadline_at")?,
                delivered: r.try_get::<Option<i64>, _>("delivered_at")?.is_some(),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

fn reference(sub_id: &str) -> String {
    sub_id[sub_id.len().saturating_sub(12)..].to_uppercase()
}

/// Releases a basket's live hold, if any.
async fn release_basket(
    tx: &mut Tx,
    sub: &Sub,
    b: &BasketRow,
    by: Option<&MemberId>,
) -> Result<(), AppError> {
    if b.captured {
        return Ok(());
    }
    if let Some(hold) = &b.hold_key {
        money::release(
            &mut *tx,
            &format!("{hold}:release"),
            hold,
            Label {
                code: "market.contract",
                reference: &reference(&sub.id),
                by,
            },
        )
        .await?;
        sqlx::query(
            "UPDATE market_baskets SET hold_key = NULL WHERE subscription_id = $1 AND distribution_id = $2",
        )
        .bind(&sub.id)
        .bind(&b.distribution_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Holds a basket's money as it now stands, when it should be: due, not
/// paid, something in it, and its instalment held. Once its distribution
/// is over (a short instalment paid late), the money is taken at once.
async fn hold_basket(
    tx: &mut Tx,
    sub: &Sub,
    distribution_id: &str,
    by: Option<&MemberId>,
) -> Result<(), AppError> {
    let Some(b) = basket_rows(tx, &sub.id, Some(distribution_id)).await?.pop() else {
        return Err(AppError::NotFound);
    };
    let instalment_held = sqlx::query(
        "SELECT 1 AS one FROM market_subscription_instalments WHERE subscription_id = $1 AND number = $2 AND state = 'held'",
    )
    .bind(&sub.id)
    .bind(b.instalment)
    .fetch_optional(&mut **tx)
    .await?
    .is_some();
    if b.state != "due" || b.captured || b.amount == 0 || b.hold_key.is_some() || !instalment_held {
        return Ok(());
    }
    let quote = sub.rule.quote(PaymentKind::Technical, b.amount as u64);
    let version = b.version + 1;
    let hold_key = format!("market:basket:{}:{}:v{version}", sub.id, distribution_id);
    let escrow = format!("market:subscription:{}", sub.id);
    let member = MemberId::from(sub.member_id.as_str());
    money::hold(
        &mut *tx,
        &hold_key,
        Owner::Wallet(&member),
        Owner::Escrow(&escrow),
        Amount::new(quote.total as u64)?,
        None,
        Label {
            code: "market.contract",
            reference: &reference(&sub.id),
            by,
        },
    )
    .await?;
    sqlx::query(
        "UPDATE market_baskets SET hold_key = $1, version = $2, platform_fee = $3 \
         WHERE subscription_id = $4 AND distribution_id = $5",
    )
    .bind(&hold_key)
    .bind(version)
    .bind(quote.fee)
    .bind(&sub.id)
    .bind(distribution_id)
    .execute(&mut **tx)
    .await?;
    if b.delivered {
        capture_basket(tx, sub, distribution_id).await?;
    }
    Ok(())
}

/// Holds an instalment's baskets, all or none (a short wallet refuses it).
async fn hold_instalment_in(
    tx: &mut Tx,
    sub: &Sub,
    number: i64,
    by: Option<&MemberId>,
) -> Result<(), AppError> {
    let changed = sqlx::query(
        "UPDATE market_subscription_instalments SET state = 'held', held_at = $1 \
         WHERE subscription_id = $2 AND number = $3 AND state IN ('scheduled', 'short')",
    )
    .bind(now_ms())
    .bind(&sub.id)
    .bind(number)
    .execute(&mut **tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Ok(());
    }
    for b in basket_rows(tx, &sub.id, None).await? {
        if b.instalment == number {
            hold_basket(tx, sub, &b.distribution_id, by).await?;
        }
    }
    Ok(())
}

/// The instalment job: holds the instalment's money; a short wallet marks
/// it short, for the member to pay once topped up.
pub async fn instalment_due(db: &Db, sub_id: &str, number: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let sub = lock_sub(&mut tx, sub_id).await?;
    if sub.state != "active" && sub.state != "paused" {
        return Ok(());
    }
    match hold_instalment_in(&mut tx, &sub, number, None).await {
        Ok(()) => tx.commit().await?,
        Err(AppError::Conflict("transfer-exceeds-limit")) => {
            tx.rollback().await?;
            // Reported, not skipped: marked short (the shop sees it too)
            // and the member told, once.
            let mut tx = db.begin().await?;
            let marked = sqlx::query(
                "UPDATE market_subscription_instalments SET state = 'short' \
                 WHERE subscription_id = $1 AND number = $2 AND state = 'scheduled'",
            )
            .bind(sub_id)
            .bind(number)
            .execute(&mut *tx)
            .await?;
            if marked.rows_affected() == 1 {
                tell(&mut tx, &sub, INSTALMENT_SHORT).await?;
            }
            tx.commit().await?;
        }
        Err(e) => return Err(e),
    }
    Ok(())
}

/// The member pays a short instalment (or one not due yet) now, even
/// after the end for the baskets delivered but not paid.
pub async fn pay_instalment(
    db: &Db,
    member: &MemberId,
    sub_id: &str,
    number: i64,
) -> Result<Subscription, AppError> {
    let mut tx = db.begin().await?;
    let sub = own_sub(&mut tx, member, sub_id).await?;
    // An ended subscription may still owe a short instalment's baskets
    // that were delivered: those are held and paid; cancelled ones are not.
    if sub.state == "waiting" {
        return Err(AppError::Conflict("market-subscription-not-active"));
    }
    let state: Option<String> = sqlx::query(
        "SELECT state FROM market_subscription_instalments WHERE subscription_id = $1 AND number = $2",
    )
    .bind(sub_id)
    .bind(number)
    .fetch_optional(&mut *tx)
    .await?
    .map(|r| r.try_get("state"))
    .transpose()?;
    match state.as_deref() {
        None => return Err(AppError::NotFound),
        Some("scheduled" | "short") => {}
        Some(_) => return Err(AppError::Conflict("market-instalment-not-due")),
    }
    if let Err(e) = hold_instalment_in(&mut tx, &sub, number, Some(member)).await {
        tx.rollback().await?;
        return Err(short(e, "number"));
    }
    tx.commit().await?;
    subscription(db, sub_id).await
}

/// Pays a held basket to the producer, the platform's fee taken once.
async fn capture_basket(tx: &mut Tx, sub: &Sub, distribution_id: &str) -> Result<(), AppError> {
    let Some(b) = basket_rows(tx, &sub.id, Some(distribution_id)).await?.pop() else {
        return Ok(());
    };
    let Some(hold) = &b.hold_key else {
        return Ok(());
    };
    if b.captured || b.state != "due" {
        return Ok(());
    }
    let seller: String = sqlx::query(
        "SELECT c.seller_id FROM market_subscriptions s JOIN market_contracts c ON c.id = s.contract_id WHERE s.id = $1",
    )
    .bind(&sub.id)
    .fetch_one(&mut **tx)
    .await?
    .try_get("seller_id")?;
    let reference = reference(&sub.id);
    let captured = money::capture(
        &mut *tx,
        &format!("market:basket:{}:{}:capture", sub.id, distribution_id),
        hold,
        &[Split {
            to: Owner::Organisation(&seller),
            amount: Amount::new(b.amount as u64)?,
            reference: &reference,
        }],
        Some(money::Fee {
            rule: &sub.rule,
            kind: PaymentKind::Technical,
        }),
        Label {
            code: "market.contract",
            reference: &reference,
            by: None,
        },
    )
    .await?;
    let quote = &captured.quote;
    crate::orders::log_split(
        tx,
        "market.split",
        &[(None, seller.clone(), b.amount)],
        quote.fee,
        quote.solidarity,
    )
    .await?;
    sqlx::query(
        "UPDATE market_baskets SET captured_at = $1 WHERE subscription_id = $2 AND distribution_id = $3",
    )
    .bind(now_ms())
    .bind(&sub.id)
    .bind(distribution_id)
    .execute(&mut **tx)
    .await?;
    // The producer invoices the subscriber for what was just paid to it,
    // in the same transaction: a basket paid is a basket invoiced.
    let lines = sqlx::query(
        "SELECT v.product_name, v.unit, v.size, v.vat_rate, l.quantity, l.unit_price \
         FROM market_basket_lines l JOIN market_contract_variants v \
           ON v.contract_id = $3 AND v.variant_id = l.variant_id \
         WHERE l.subscription_id = $1 AND l.distribution_id = $2 ORDER BY v.position",
    )
    .bind(&sub.id)
    .bind(distribution_id)
    .bind(&sub.contract_id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| {
        let quantity: i64 = r.try_get("quantity")?;
        Ok(crate::invoices::ToInvoice {
            description: crate::invoices::described(
                &r.try_get::<String, _>("product_name")?,
                &r.try_get::<String, _>("unit")?,
                r.try_get("size")?,
            ),
            quantity,
            paid: r.try_get::<i64, _>("unit_price")? * quantity,
            vat_rate: r.try_get("vat_rate")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    crate::invoices::issue_for_basket(
        tx,
        &seller,
        &sub.id,
        distribution_id,
        &sub.member_id,
        &lines,
    )
    .await?;
    Ok(())
}

/// The delivery job, once a distribution is over: each basket held is
/// paid to the producer, each in its own transaction (a restart goes on
/// where it stopped). Baskets of a short instalment stay unpaid until
/// their member pays it.
pub async fn deliver(db: &Db, distribution_id: &str) -> Result<(), AppError> {
    let d = sqlx::query(
        "SELECT ends_at, cancelled_at FROM market_contract_distributions WHERE id = $1",
    )
    .bind(distribution_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    // A job of a distribution since moved later, or cancelled, does nothing.
    let ends_at: i64 = d.try_get("ends_at")?;
    if now_ms() < ends_at || d.try_get::<Option<i64>, _>("cancelled_at")?.is_some() {
        return Ok(());
    }
    sqlx::query(
        "UPDATE market_contract_distributions SET delivered_at = $1 WHERE id = $2 AND delivered_at IS NULL \
         AND cancelled_at IS NULL",
    )
    .bind(now_ms())
    .bind(distribution_id)
    .execute(db.writer())
    .await?;
    db.changed();
    // Every basket still due, held or not yet: an instalment paid while
    // this job marked the distribution delivered holds its baskets under
    // the subscription's lock, having read them not delivered; taken here
    // after it, its hold is seen and captured.
    let subs: Vec<String> = sqlx::query(
        "SELECT subscription_id FROM market_baskets WHERE distribution_id = $1 AND state = 'due' \
         AND captured_at IS NULL ORDER BY subscription_id",
    )
    .bind(distribution_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| r.try_get("subscription_id"))
    .collect::<Result<_, _>>()?;
    for id in subs {
        let mut tx = db.begin().await?;
        let sub = lock_sub(&mut tx, &id).await?;
        capture_basket(&mut tx, &sub, distribution_id).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// A basket the member may still change: its deadline has not passed.
async fn open_basket(tx: &mut Tx, sub: &Sub, distribution_id: &str) -> Result<BasketRow, AppError> {
    let b = basket_rows(tx, &sub.id, Some(distribution_id))
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    if b.deadline_at <= now_ms() || b.captured {
        return Err(AppError::Conflict("market-basket-deadline"));
    }
    Ok(b)
}

/// The subscriber declares an absence (not billed: what was held comes
/// back) before the distribution's deadline, within the contract's
/// allowance; or withdraws it.
pub async fn set_absence(
    db: &Db,
    member: &MemberId,
    sub_id: &str,
    distribution_id: &str,
    absent: bool,
) -> Result<Subscription, AppError> {
    let mut tx = db.begin().await?;
    let sub = own_sub(&mut tx, member, sub_id).await?;
    if sub.state != "active" {
        return Err(AppError::Conflict("market-subscription-not-active"));
    }
    let b = open_basket(&mut tx, &sub, distribution_id).await?;
    match (absent, b.state.as_str()) {
        (true, "due") => {
            let max: i64 = sqlx::query("SELECT absences_max FROM market_contracts WHERE id = $1")
                .bind(&sub.contract_id)
                .fetch_one(&mut *tx)
                .await?
                .try_get("absences_max")?;
            let taken: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM market_baskets WHERE subscription_id = $1 AND state = 'absent'",
            )
            .bind(&sub.id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
            if taken >= max {
                return Err(AppError::Conflict("market-absences-max"));
            }
            release_basket(&mut tx, &sub, &b, Some(member)).await?;
            set_state(&mut tx, &sub.id, distribution_id, "absent").await?;
        }
        (false, "absent") => {
            set_state(&mut tx, &sub.id, distribution_id, "due").await?;
            if let Err(e) = hold_basket(&mut tx, &sub, distribution_id, Some(member)).await {
                tx.rollback().await?;
                return Err(short(e, "absent"));
            }
        }
        (true, "absent") | (false, "due") => {}
        _ => return Err(AppError::Conflict("market-basket-not-due")),
    }
    tx.commit().await?;
    subscription(db, sub_id).await
}

async fn set_state(
    tx: &mut Tx,
    sub_id: &str,
    distribution_id: &str,
    state: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE market_baskets SET state = $1 WHERE subscription_id = $2 AND distribution_id = $3",
    )
    .bind(state)
    .bind(sub_id)
    .bind(distribution_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Rewrites a basket with new lines, re-holding its money.
async fn rewrite_basket(
    tx: &mut Tx,
    sub: &Sub,
    b: &BasketRow,
    lines: &[(String, i64, i64)],
    by: &MemberId,
) -> Result<(), AppError> {
    release_basket(tx, sub, b, Some(by)).await?;
    let amount: i64 = lines.iter().map(|(_, q, p)| q * p).sum();
    let fee = sub.rule.quote(PaymentKind::Technical, amount as u64).fee;
    sqlx::query(
        "UPDATE market_baskets SET amount = $1, platform_fee = $2 WHERE subscription_id = $3 AND distribution_id = $4",
    )
    .bind(amount)
    .bind(fee)
    .bind(&sub.id)
    .bind(&b.distribution_id)
    .execute(&mut **tx)
    .await?;
    write_lines(tx, &sub.id, &b.distribution_id, lines).await?;
    hold_basket(tx, sub, &b.distribution_id, Some(by)).await
}

/// The subscriber changes a fixed contract's basket: every distribution
/// whose deadline has not passed takes the new basket; those past keep
/// theirs.
pub async fn set_quantities(
    db: &Db,
    member: &MemberId,
    sub_id: &str,
    input: &LinesInput,
) -> Result<Subscription, AppError> {
    let mut tx = db.begin().await?;
    let sub = own_sub(&mut tx, member, sub_id).await?;
    let contract = get_in(&mut tx, &sub.contract_id).await?;
    if contract.kind != "fixed" {
        return Err(AppError::field("lines", "error-contract-variable-lines"));
    }
    if sub.state == "ended" {
        return Err(AppError::Conflict("market-subscription-not-active"));
    }
    let lines = basket_lines(&contract, &input.lines, "lines")?;
    if lines.is_empty() {
        return Err(AppError::field("lines", "error-order-empty"));
    }
    sqlx::query("DELETE FROM market_subscription_quantities WHERE subscription_id = $1")
        .bind(&sub.id)
        .execute(&mut *tx)
        .await?;
    for (variant_id, quantity, _) in &lines {
        sqlx::query(
            "INSERT INTO market_subscription_quantities (subscription_id, variant_id, quantity) VALUES ($1, $2, $3)",
        )
        .bind(&sub.id)
        .bind(variant_id)
        .bind(quantity)
        .execute(&mut *tx)
        .await?;
    }
    let now = now_ms();
    for b in basket_rows(&mut tx, &sub.id, None).await? {
        if b.deadline_at > now
            && !b.captured
            && b.state != "cancelled"
            && let Err(e) = rewrite_basket(&mut tx, &sub, &b, &lines, member).await
        {
            tx.rollback().await?;
            return Err(short(e, "lines"));
        }
    }
    tx.commit().await?;
    subscription(db, sub_id).await
}

/// A variable contract's order for one distribution, before its deadline;
/// its money held at once.
pub async fn order(
    db: &Db,
    member: &MemberId,
    sub_id: &str,
    distribution_id: &str,
    input: &LinesInput,
) -> Result<Subscription, AppError> {
    let mut tx = db.begin().await?;
    let sub = own_sub(&mut tx, member, sub_id).await?;
    let contract = get_in(&mut tx, &sub.contract_id).await?;
    if contract.kind != "variable" {
        return Err(AppError::field("lines", "error-contract-fixed-order"));
    }
    if sub.state != "active" {
        return Err(AppError::Conflict("market-subscription-not-active"));
    }
    let lines = basket_lines(&contract, &input.lines, "lines")?;
    let b = open_basket(&mut tx, &sub, distribution_id).await?;
    if b.state != "due" {
        return Err(AppError::Conflict("market-basket-not-due"));
    }
    if let Err(e) = rewrite_basket(&mut tx, &sub, &b, &lines, member).await {
        tx.rollback().await?;
        return Err(short(e, "lines"));
    }
    tx.commit().await?;
    subscription(db, sub_id).await
}

/// Checks the member a subscriber names on its subscription `sub_id`
/// (none: nobody): one of [`people`], not itself (`itself` says so).
/// Before the change's transaction: the list is read through the pool.
async fn named_one_of_people(
    db: &Db,
    member: &MemberId,
    sub_id: &str,
    input: &MemberInput,
    itself: &'static str,
) -> Result<(), AppError> {
    let Some(named) = input.member() else {
        return Ok(());
    };
    let row = sqlx::query("SELECT contract_id, member_id FROM market_subscriptions WHERE id = $1")
        .bind(sub_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    if row.try_get::<String, _>("member_id")? != member.as_str() {
        return Err(AppError::NotFound);
    }
    if named == member.as_str() {
        return Err(AppError::field("member_id", itself));
    }
    let contract = get(db, &row.try_get::<String, _>("contract_id")?).await?;
    require_one_of_people(db, &contract, member, named, "member_id").await
}

/// The subscriber hands one distribution's basket to another member (who
/// collects it), or takes it back, until the distribution starts.
pub async fn hand_over(
    db: &Db,
    member: &MemberId,
    sub_id: &str,
    distribution_id: &str,
    input: &MemberInput,
) -> Result<Subscription, AppError> {
    named_one_of_people(db, member, sub_id, input, "error-contract-hand-self").await?;
    let mut tx = db.begin().await?;
    let sub = own_sub(&mut tx, member, sub_id).await?;
    let starts_at: i64 = sqlx::query(
        "SELECT d.starts_at FROM market_baskets b JOIN market_contract_distributions d ON d.id = b.distribution_id \
         WHERE b.subscription_id = $1 AND b.distribution_id = $2 AND b.state = 'due'",
    )
    .bind(sub_id)
    .bind(distribution_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Conflict("market-basket-not-due"))?
    .try_get("starts_at")?;
    if starts_at <= now_ms() {
        return Err(AppError::Conflict("market-basket-deadline"));
    }
    sqlx::query(
        "UPDATE market_baskets SET handed_to = $1 WHERE subscription_id = $2 AND distribution_id = $3",
    )
    .bind(input.member())
    .bind(&sub.id)
    .bind(distribution_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    subscription(db, sub_id).await
}

/// The subscriber names (or removes) the member who shares the basket.
pub async fn set_co_member(
    db: &Db,
    member: &MemberId,
    sub_id: &str,
    input: &MemberInput,
) -> Result<Subscription, AppError> {
    named_one_of_people(db, member, sub_id, input, "error-contract-co-self").await?;
    let mut tx = db.begin().await?;
    let sub = own_sub(&mut tx, member, sub_id).await?;
    if sub.state == "ended" {
        return Err(AppError::Conflict("market-subscription-not-active"));
    }
    sqlx::query("UPDATE market_subscriptions SET co_member_id = $1 WHERE id = $2")
        .bind(input.member())
        .bind(&sub.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    subscription(db, sub_id).await
}

/// Pauses: the baskets whose deadline has not passed are not delivered
/// nor billed (their holds released) until the member resumes.
pub async fn pause(db: &Db, member: &MemberId, sub_id: &str) -> Result<Subscription, AppError> {
    let mut tx = db.begin().await?;
    let sub = own_sub(&mut tx, member, sub_id).await?;
    if sub.state != "active" {
        return Err(AppError::Conflict("market-subscription-not-active"));
    }
    let now = now_ms();
    for b in basket_rows(&mut tx, &sub.id, None).await? {
        if b.deadline_at > now && b.state == "due" && !b.captured {
            release_basket(&mut tx, &sub, &b, Some(member)).await?;
            set_state(&mut tx, &sub.id, &b.distribution_id, "paused").await?;
        }
    }
    sqlx::query("UPDATE market_subscriptions SET state = 'paused' WHERE id = $1")
        .bind(&sub.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    subscription(db, sub_id).await
}

/// Resumes: the paused baskets whose deadline has not passed are due
/// again, their money held (a short wallet refuses it).
pub async fn resume(db: &Db, member: &MemberId, sub_id: &str) -> Result<Subscription, AppError> {
    let mut tx = db.begin().await?;
    let sub = own_sub(&mut tx, member, sub_id).await?;
    if sub.state != "paused" {
        return Err(AppError::Conflict("market-subscription-not-paused"));
    }
    sqlx::query("UPDATE market_subscriptions SET state = 'active' WHERE id = $1")
        .bind(&sub.id)
        .execute(&mut *tx)
        .await?;
    let now = now_ms();
    for b in basket_rows(&mut tx, &sub.id, None).await? {
        if b.deadline_at > now && b.state == "paused" {
            set_state(&mut tx, &sub.id, &b.distribution_id, "due").await?;
            if let Err(e) = hold_basket(&mut tx, &sub, &b.distribution_id, Some(member)).await {
                tx.rollback().await?;
                return Err(short(e, "resume"));
            }
        }
    }
    tx.commit().await?;
    subscription(db, sub_id).await
}

/// Ends a subscription: the baskets whose deadline has not passed are
/// cancelled and their money released (what is not delivered is not
/// billed); the place goes to the first member waiting, whose first
/// instalment is held at once by a job (a short wallet is reported there).
pub async fn end(db: &Db, member: &MemberId, sub_id: &str) -> Result<Subscription, AppError> {
    let mut tx = db.begin().await?;
    // The contract's lock first (its place may go to who waits).
    let contract_id: String =
        sqlx::query("SELECT contract_id FROM market_subscriptions WHERE id = $1")
            .bind(sub_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?
            .try_get("contract_id")?;
    lock_contract(&mut tx, &contract_id).await?;
    let sub = own_sub(&mut tx, member, sub_id).await?;
    if sub.state == "ended" {
        return Err(AppError::Conflict("market-subscription-not-active"));
    }
    let was_waiting = sub.state == "waiting";
    let now = now_ms();
    for b in basket_rows(&mut tx, &sub.id, None).await? {
        if b.deadline_at > now && !b.captured && b.state != "cancelled" {
            release_basket(&mut tx, &sub, &b, Some(member)).await?;
            set_state(&mut tx, &sub.id, &b.distribution_id, "cancelled").await?;
        }
    }
    // Instalments with nothing left to hold are cancelled; a short one
    // whose baskets were delivered stays owed.
    sqlx::query(
        "UPDATE market_subscription_instalments SET state = 'cancelled' \
         WHERE subscription_id = $1 AND state IN ('scheduled', 'short') AND NOT EXISTS (\
           SELECT 1 FROM market_baskets b WHERE b.subscription_id = $1 AND b.instalment = number \
           AND b.state = 'due' AND b.captured_at IS NULL AND b.amount > 0)",
    )
    .bind(&sub.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE market_subscriptions SET state = 'ended', ended_at = $1 WHERE id = $2")
        .bind(now)
        .bind(&sub.id)
        .execute(&mut *tx)
        .await?;
    if !was_waiting {
        promote(&mut tx, &sub.contract_id).await?;
    }
    tx.commit().await?;
    subscription(db, sub_id).await
}

/// At the erasure of the member's account: it leaves the waiting lists
/// (a place freed later would go to nobody), no longer shares anyone's
/// basket, and the baskets still to come that were handed to it go back
/// to their subscribers.
pub(crate) async fn forget_member(tx: &mut Tx, member: &MemberId) -> Result<(), AppError> {
    let now = now_ms();
    sqlx::query(
        "UPDATE market_subscriptions SET state = 'ended', ended_at = $1 WHERE member_id = $2 AND state = 'waiting'",
    )
    .bind(now)
    .bind(member)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE market_subscriptions SET co_member_id = NULL WHERE co_member_id = $1")
        .bind(member)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE market_baskets SET handed_to = NULL WHERE handed_to = $1 AND state = 'due'",
    )
    .bind(member)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Locks the contract's row until the end of the transaction: what
/// changes its subscriptions together (a subscription made, ended or
/// promoted, a distribution cancelled) goes one at a time, and takes this
/// lock before any subscription's.
async fn lock_contract(tx: &mut Tx, contract_id: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE market_contracts SET capacity = capacity WHERE id = $1")
        .bind(contract_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Gives a freed place to the first member waiting; the caller holds the
/// contract's lock.
async fn promote(tx: &mut Tx, contract_id: &str) -> Result<(), AppError> {
    let contract = get_in(tx, contract_id).await?;
    let taken: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM market_subscriptions WHERE contract_id = $1 AND state IN ('active', 'paused')",
    )
    .bind(contract_id)
    .fetch_one(&mut **tx)
    .await?
    .try_get("n")?;
    if contract.capacity.is_some_and(|c| taken >= c)
        || !contract
            .distributions
            .iter()
            .any(|d| d.deadline_at > now_ms() && !d.cancelled)
    {
        return Ok(());
    }
    let next: Option<String> = sqlx::query(
        "SELECT id FROM market_subscriptions WHERE contract_id = $1 AND state = 'waiting' ORDER BY created_at, id",
    )
    .bind(contract_id)
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()?;
    if let Some(id) = next {
        let sub = lock_sub(tx, &id).await?;
        // Read again under its lock: the member may have left the list
        // meanwhile (its own end, its account's erasure). Whoever waits
        // next has the place at the next one freed.
        if sub.state != "waiting" {
            return Ok(());
        }
        activate(tx, &contract, &sub).await?;
        schedule_instalment(tx, &id, 1, now_ms()).await?;
        tell(tx, &sub, CONTRACT_PLACE).await?;
    }
    Ok(())
}

/// Tells the subscriber about its subscription, in the transaction.
async fn tell(tx: &mut Tx, sub: &Sub, kind: kernel::notifications::Kind) -> Result<(), AppError> {
    let name: String = sqlx::query("SELECT name FROM market_contracts WHERE id = $1")
        .bind(&sub.contract_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("name")?;
    kernel::notifications::notify(
        &mut *tx,
        &MemberId::from(sub.member_id.as_str()),
        &kernel::notifications::Notice {
            kind,
            args: vec![("name", name)],
            link: format!("/market/subscriptions/{}", sub.id),
            body: String::new(),
            list: None,
        },
    )
    .await
}

// ---------- reading ----------

async fn name_of(
    conn: &mut sqlx::AnyConnection,
    id: &Option<String>,
) -> Result<Option<String>, AppError> {
    let Some(id) = id else { return Ok(None) };
    Ok(
        sqlx::query("SELECT display_name FROM members WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .map(|r| r.try_get("display_name"))
            .transpose()?,
    )
}

/// A subscription as stored, with its baskets and instalments.
pub async fn subscription(db: &Db, id: &str) -> Result<Subscription, AppError> {
    let mut conn = db.pool().acquire().await?;
    let r = sqlx::query(
        "SELECT s.id, s.contract_id, c.name AS contract_name, c.kind, c.absences_max, s.member_id, s.co_member_id, \
         s.state, s.plan, s.created_at FROM market_subscriptions s JOIN market_contracts c ON c.id = s.contract_id \
         WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let member_id: String = r.try_get("member_id")?;
    let co_member_id: Option<String> = r.try_get("co_member_id")?;
    let state: String = r.try_get("state")?;
    let contract_id: String = r.try_get("contract_id")?;
    let waiting_position = if state == "waiting" {
        let created_at: i64 = r.try_get("created_at")?;
        let ahead: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM market_subscriptions WHERE contract_id = $1 AND state = 'waiting' \
             AND (created_at < $2 OR (created_at = $2 AND id < $3))",
        )
        .bind(&contract_id)
        .bind(created_at)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
        Some(ahead + 1)
    } else {
        None
    };
    let quantities = sqlx::query(
        "SELECT q.variant_id, v.product_name, q.quantity, v.price FROM market_subscription_quantities q \
         JOIN market_contract_variants v ON v.variant_id = q.variant_id AND v.contract_id = $2 \
         WHERE q.subscription_id = $1 ORDER BY v.position",
    )
    .bind(id)
    .bind(&contract_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|q| {
        Ok(QuantityLine {
            variant_id: q.try_get("variant_id")?,
            product_name: q.try_get("product_name")?,
            quantity: q.try_get("quantity")?,
            unit_price: q.try_get("price")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut lines: BTreeMap<String, Vec<BasketLine>> = BTreeMap::new();
    for l in sqlx::query(
        "SELECT l.distribution_id, l.variant_id, v.product_name, l.quantity, l.unit_price FROM market_basket_lines l \
         JOIN market_contract_variants v ON v.variant_id = l.variant_id AND v.contract_id = $2 \
         WHERE l.subscription_id = $1 ORDER BY v.position",
    )
    .bind(id)
    .bind(&contract_id)
    .fetch_all(&mut *conn)
    .await?
    {
        lines
            .entry(l.try_get("distribution_id")?)
            .or_default()
            .push(BasketLine {
                variant_id: l.try_get("variant_id")?,
                product_name: l.try_get("product_name")?,
                quantity: l.try_get("quantity")?,
                unit_price: l.try_get("unit_price")?,
            });
    }
    let now = now_ms();
    let mut baskets = Vec::new();
    for b in sqlx::query(
        "SELECT b.distribution_id, d.day, d.starts_at, d.deadline_at, b.instalment, b.state, b.amount, b.platform_fee, \
         b.hold_key, b.captured_at, b.handed_to, m.display_name AS handed_to_name, i.id AS invoice_id \
         FROM market_baskets b JOIN market_contract_distributions d ON d.id = b.distribution_id \
         LEFT JOIN members m ON m.id = b.handed_to \
         LEFT JOIN market_invoices i ON i.subscription_id = b.subscription_id \
           AND i.distribution_id = b.distribution_id AND i.kind = 'invoice' \
         WHERE b.subscription_id = $1 ORDER BY d.starts_at",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        let distribution_id: String = b.try_get("distribution_id")?;
        let (amount, platform_fee): (i64, i64) = (b.try_get("amount")?, b.try_get("platform_fee")?);
        let deadline_at: i64 = b.try_get("deadline_at")?;
        baskets.push(Basket {
            lines: lines.remove(&distribution_id).unwrap_or_default(),
            distribution_id,
            day: b.try_get("day")?,
            starts_at: b.try_get("starts_at")?,
            deadline_at,
            closed: deadline_at <= now,
            instalment: b.try_get("instalment")?,
            state: b.try_get("state")?,
            amount,
            platform_fee,
            to_pay: amount + platform_fee,
            held: b.try_get::<Option<String>, _>("hold_key")?.is_some()
                && b.try_get::<Option<i64>, _>("captured_at")?.is_none(),
            paid: b.try_get::<Option<i64>, _>("captured_at")?.is_some(),
            handed_to: b.try_get("handed_to")?,
            handed_to_name: b.try_get("handed_to_name")?,
            invoice_id: b.try_get("invoice_id")?,
        });
    }
    let mut instalments = Vec::new();
    for i in sqlx::query(
        "SELECT number, due_at, state FROM market_subscription_instalments WHERE subscription_id = $1 ORDER BY number",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        let number: i64 = i.try_get("number")?;
        instalments.push(Instalment {
            number,
            due_at: i.try_get("due_at")?,
            state: i.try_get("state")?,
            amount: baskets
                .iter()
                .filter(|b| b.instalment == number && b.state == "due")
                .map(|b| b.to_pay)
                .sum(),
        });
    }
    Ok(Subscription {
        id: id.to_owned(),
        contract_id,
        contract_name: r.try_get("contract_name")?,
        kind: r.try_get("kind")?,
        member_name: name_of(&mut conn, &Some(member_id.clone()))
            .await?
            .unwrap_or_default(),
        member_id,
        co_member_name: name_of(&mut conn, &co_member_id).await?,
        co_member_id,
        state,
        waiting_position,
        plan: r.try_get("plan")?,
        quantities,
        absences: baskets.iter().filter(|b| b.state == "absent").count() as i64,
        absences_max: r.try_get("absences_max")?,
        baskets,
        instalments,
    })
}

/// A subscription, for its subscriber, its co-holder, or those who run
/// the contract's shop; anyone else: not found.
pub async fn get_subscription(
    db: &Db,
    member: &MemberId,
    id: &str,
) -> Result<Subscription, AppError> {
    let s = subscription(db, id).await?;
    if s.member_id == member.as_str() || s.co_member_id.as_deref() == Some(member.as_str()) {
        return Ok(s);
    }
    let contract = get(db, &s.contract_id).await?;
    if runs(db, &contract, member).await? {
        return Ok(s);
    }
    Err(AppError::NotFound)
}

/// The subscriptions a member holds or shares, latest first.
pub async fn of_member(db: &Db, member: &MemberId) -> Result<Vec<Subscription>, AppError> {
    let ids: Vec<String> = sqlx::query(
        "SELECT id FROM market_subscriptions WHERE member_id = $1 OR co_member_id = $1 ORDER BY created_at DESC, id",
    )
    .bind(member)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| r.try_get("id"))
    .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for id in ids {
        out.push(subscription(db, &id).await?);
    }
    Ok(out)
}

/// The member's live subscription to a contract, if any.
pub async fn mine(
    db: &Db,
    member: &MemberId,
    contract_id: &str,
) -> Result<Option<Subscription>, AppError> {
    let id: Option<String> = sqlx::query(
        "SELECT id FROM market_subscriptions WHERE contract_id = $1 AND member_id = $2 AND state <> 'ended'",
    )
    .bind(contract_id)
    .bind(member)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.try_get("id"))
    .transpose()?;
    match id {
        Some(id) => Ok(Some(subscription(db, &id).await?)),
        None => Ok(None),
    }
}

/// A basket handed to a member: whose, which contract, which distribution.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HandedBasket {
    pub subscription_id: String,
    pub contract_name: String,
    pub from_name: String,
    pub day: String,
    pub starts_at: i64,
    pub place: String,
}

/// Which baskets handed to a member: those still to collect, or every one
/// (for the export of its data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handed {
    ToCome,
    Ever,
}

/// The baskets handed to the member: still to collect, or ever.
pub async fn handed_to(
    db: &Db,
    member: &MemberId,
    which: Handed,
) -> Result<Vec<HandedBasket>, AppError> {
    let to_come = match which {
        Handed::ToCome => "AND b.state = 'due' AND d.ends_at > $2",
        Handed::Ever => "",
    };
    let sql = format!(
        "SELECT b.subscription_id, c.name AS contract_name, m.display_name, d.day, d.starts_at, c.place \
         FROM market_baskets b JOIN market_subscriptions s ON s.id = b.subscription_id \
         JOIN market_contracts c ON c.id = s.contract_id JOIN members m ON m.id = s.member_id \
         JOIN market_contract_distributions d ON d.id = b.distribution_id \
         WHERE b.handed_to = $1 {to_come} ORDER BY d.starts_at"
    );
    let rows = sqlx::query(&sql);
    let rows = match which {
        Handed::ToCome => rows.bind(member).bind(now_ms()),
        Handed::Ever => rows.bind(member),
    }
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(HandedBasket {
                subscription_id: r.try_get("subscription_id")?,
                contract_name: r.try_get("contract_name")?,
                from_name: r.try_get("display_name")?,
                day: r.try_get("day")?,
                starts_at: r.try_get("starts_at")?,
                place: r.try_get("place")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// A contract's subscribers, for those who run its shop: the active and
/// paused ones, then the waiting list in its order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Subscriber {
    pub subscription_id: String,
    pub member_name: String,
    pub co_member_name: Option<String>,
    pub state: String,
    pub plan: i64,
    /// Instalments the wallet could not hold.
    pub short: i64,
}

pub async fn subscribers(
    db: &Db,
    actor: &MemberId,
    contract_id: &str,
) -> Result<Vec<Subscriber>, AppError> {
    let contract = get(db, contract_id).await?;
    if !runs(db, &contract, actor).await? {
        return Err(AppError::Forbidden);
    }
    let rows = sqlx::query(
        "SELECT s.id, m.display_name, co.display_name AS co_name, s.state, s.plan, \
         (SELECT COUNT(*) FROM market_subscription_instalments i WHERE i.subscription_id = s.id AND i.state = 'short') AS short \
         FROM market_subscriptions s JOIN members m ON m.id = s.member_id LEFT JOIN members co ON co.id = s.co_member_id \
         WHERE s.contract_id = $1 AND s.state <> 'ended' \
         ORDER BY CASE WHEN s.state = 'waiting' THEN 1 ELSE 0 END, s.created_at, s.id",
    )
    .bind(contract_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Subscriber {
                subscription_id: r.try_get("id")?,
                member_name: r.try_get("display_name")?,
                co_member_name: r.try_get("co_name")?,
                state: r.try_get("state")?,
                plan: r.try_get("plan")?,
                short: r.try_get("short")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

// ---------- the volunteers' roster ----------

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RoleInput {
    #[schema(schema_with = schema::line::<2, 80>)]
    pub name: String,
    #[schema(minimum = 1, maximum = 20)]
    pub needed: i64,
    /// Add it to every distribution still to come, not this one only.
    #[serde(default)]
    pub every_distribution: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RosterRole {
    pub id: String,
    pub distribution_id: String,
    pub name: String,
    pub needed: i64,
    pub volunteers: Vec<Volunteer>,
}

/// A volunteer; its id and name are empty for a member who neither
/// subscribes to the contract nor runs its shop.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Volunteer {
    pub member_id: String,
    pub name: String,
}

/// Those who run the shop add a role to a distribution (or to all those
/// to come) with how many volunteers it needs.
pub async fn add_role(
    db: &Db,
    actor: &MemberId,
    contract_id: &str,
    distribution_id: &str,
    input: &RoleInput,
) -> Result<Vec<RosterRole>, AppError> {
    let contract = get(db, contract_id).await?;
    if !runs(db, &contract, actor).await? {
        return Err(AppError::Forbidden);
    }
    let Some(first) = contract
        .distributions
        .iter()
        .find(|d| d.id == distribution_id)
    else {
        return Err(AppError::NotFound);
    };
    let name =
        kernel::validate::line(&input.name, 2, 80).map_err(|k| AppError::field("name", k))?;
    if !(1..=20).contains(&input.needed) {
        return Err(AppError::field("needed", "error-roster-needed"));
    }
    let now = now_ms();
    if first.ends_at <= now {
        return Err(AppError::Conflict("market-distribution-over"));
    }
    let targets: Vec<&Distribution> = if input.every_distribution {
        contract
            .distributions
            .iter()
            .filter(|d| d.starts_at >= first.starts_at)
            .collect()
    } else {
        vec![first]
    };
    let mut tx = db.begin().await?;
    for d in targets {
        let exists = sqlx::query(
            "SELECT 1 AS one FROM market_roster_roles WHERE distribution_id = $1 AND name = $2",
        )
        .bind(&d.id)
        .bind(&name)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
        if exists {
            if d.id == distribution_id {
                return Err(AppError::field("name", "error-roster-role-exists"));
            }
            continue;
        }
        let inserted = sqlx::query("INSERT INTO market_roster_roles (id, distribution_id, name, needed) VALUES ($1, $2, $3, $4)")
            .bind(new_id())
            .bind(&d.id)
            .bind(&name)
            .bind(input.needed)
            .execute(&mut *tx)
            .await;
        match inserted {
            // The same role added at the same time (a form sent twice).
            Err(e) if kernel::db::is_unique_violation(&e) => {
                return Err(AppError::field("name", "error-roster-role-exists"));
            }
            other => other?,
        };
    }
    tx.commit().await?;
    roster(db, contract_id).await
}

/// A contract's roster as `member` sees it: the volunteers' names for the
/// contract's subscribers and runners, how many for anyone else.
pub async fn roster_for(
    db: &Db,
    contract: &Contract,
    member: &MemberId,
) -> Result<Vec<RosterRole>, AppError> {
    let mut roles = roster(db, &contract.id).await?;
    if !may_volunteer(db, contract, member).await? {
        for r in &mut roles {
            for v in &mut r.volunteers {
                v.member_id = String::new();
                v.name = String::new();
            }
        }
    }
    Ok(roles)
}

/// A contract's roster: every distribution's roles and volunteers.
pub async fn roster(db: &Db, contract_id: &str) -> Result<Vec<RosterRole>, AppError> {
    let mut conn = db.pool().acquire().await?;
    let mut roles: Vec<RosterRole> = sqlx::query(
        "SELECT r.id, r.distribution_id, r.name, r.needed FROM market_roster_roles r \
         JOIN market_contract_distributions d ON d.id = r.distribution_id WHERE d.contract_id = $1 \
         ORDER BY d.starts_at, r.name",
    )
    .bind(contract_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(RosterRole {
            id: r.try_get("id")?,
            distribution_id: r.try_get("distribution_id")?,
            name: r.try_get("name")?,
            needed: r.try_get("needed")?,
            volunteers: Vec::new(),
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    for v in sqlx::query(
        "SELECT v.role_id, v.member_id, m.display_name FROM market_roster_volunteers v \
         JOIN market_roster_roles r ON r.id = v.role_id JOIN market_contract_distributions d ON d.id = r.distribution_id \
         JOIN members m ON m.id = v.member_id WHERE d.contract_id = $1 ORDER BY v.signed_at, v.member_id",
    )
    .bind(contract_id)
    .fetch_all(&mut *conn)
    .await?
    {
        let role: String = v.try_get("role_id")?;
        if let Some(r) = roles.iter_mut().find(|r| r.id == role) {
            r.volunteers.push(Volunteer {
                member_id: v.try_get("member_id")?,
                name: v.try_get("display_name")?,
            });
        }
    }
    Ok(roles)
}

/// Whether the member may volunteer for the contract's distributions (and
/// see who else does): a subscriber or co-holder, or one who runs the shop.
pub async fn may_volunteer(
    db: &Db,
    contract: &Contract,
    member: &MemberId,
) -> Result<bool, AppError> {
    let holds = sqlx::query(
        "SELECT 1 AS one FROM market_subscriptions WHERE contract_id = $1 AND state IN ('active', 'paused') \
         AND (member_id = $2 OR co_member_id = $2)",
    )
    .bind(&contract.id)
    .bind(member)
    .fetch_optional(db.pool())
    .await?
    .is_some();
    Ok(holds || runs(db, contract, member).await?)
}

/// A member signs up for a role of a distribution not over yet, while it
/// needs volunteers; or withdraws.
pub async fn volunteer(
    db: &Db,
    member: &MemberId,
    contract_id: &str,
    role_id: &str,
    signed: bool,
) -> Result<Vec<RosterRole>, AppError> {
    let contract = get(db, contract_id).await?;
    let row = sqlx::query(
        "SELECT r.distribution_id, d.ends_at FROM market_roster_roles r \
         JOIN market_contract_distributions d ON d.id = r.distribution_id WHERE r.id = $1 AND d.contract_id = $2",
    )
    .bind(role_id)
    .bind(contract_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    if !may_volunteer(db, &contract, member).await? {
        return Err(AppError::NotAllowed("market-roster-not-subscriber"));
    }
    if row.try_get::<i64, _>("ends_at")? <= now_ms() {
        return Err(AppError::Conflict("market-distribution-over"));
    }
    let mut tx = db.begin().await?;
    if signed {
        // The role's row, locked: the last place goes to one volunteer.
        sqlx::query("UPDATE market_roster_roles SET needed = needed WHERE id = $1")
            .bind(role_id)
            .execute(&mut *tx)
            .await?;
        let full = sqlx::query(
            "SELECT 1 AS one FROM market_roster_roles r WHERE r.id = $1 AND r.needed <= \
             (SELECT COUNT(*) FROM market_roster_volunteers v WHERE v.role_id = r.id)",
        )
        .bind(role_id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
        let already = sqlx::query(
            "SELECT 1 AS one FROM market_roster_volunteers WHERE role_id = $1 AND member_id = $2",
        )
        .bind(role_id)
        .bind(member)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
        if !already {
            if full {
                return Err(AppError::Conflict("market-roster-full"));
            }
            sqlx::query("INSERT INTO market_roster_volunteers (role_id, member_id, signed_at) VALUES ($1, $2, $3)")
                .bind(role_id)
                .bind(member)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
        }
    } else {
        sqlx::query("DELETE FROM market_roster_volunteers WHERE role_id = $1 AND member_id = $2")
            .bind(role_id)
            .bind(member)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    roster(db, contract_id).await
}

/// The members `member` may name as a co-holder or hand a basket to, and
/// the only ones the server accepts: the contract's other subscribers, to
/// one of them; and for a hub's contract, the hub's members, to one of
/// them (a collective's member list is for its members). Nobody for
/// anyone else.
pub async fn people(
    db: &Db,
    contract: &Contract,
    member: &MemberId,
) -> Result<Vec<(String, String)>, AppError> {
    let mut out: Vec<(String, String)> = sqlx::query(
        "SELECT DISTINCT m.id, m.display_name FROM market_subscriptions s JOIN members m ON m.id = s.member_id \
         WHERE s.contract_id = $1 AND s.state <> 'ended'",
    )
    .bind(&contract.id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("display_name")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    if !out.iter().any(|(id, _)| id == member.as_str()) {
        out.clear();
    }
    if let Some(c) = shops::shop(db, &contract.shop_id).await?.collective_id {
        let hub = CollectiveId::from(c.as_str());
        if kernel::collectives::role_of(db, &hub, member)
            .await?
            .is_some()
        {
            for m in kernel::collectives::members(db, &hub).await? {
                let id = m.member_id.to_string();
                if !out.iter().any(|(known, _)| *known == id) {
                    out.push((id, m.display_name));
                }
            }
        }
    }
    out.retain(|(id, _)| id != member.as_str());
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// The roster roles the member volunteered for, for the export of its data.
pub async fn rostered(db: &Db, member: &MemberId) -> Result<Vec<serde_json::Value>, AppError> {
    Ok(sqlx::query(
        "SELECT c.id, c.name, d.day, r.name AS role, v.signed_at FROM market_roster_volunteers v \
         JOIN market_roster_roles r ON r.id = v.role_id \
         JOIN market_contract_distributions d ON d.id = r.distribution_id \
         JOIN market_contracts c ON c.id = d.contract_id WHERE v.member_id = $1 ORDER BY d.day, r.name",
    )
    .bind(member)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(serde_json::json!({
            "contract_id": r.try_get::<String, _>("id")?,
            "contract": r.try_get::<String, _>("name")?,
            "day": r.try_get::<String, _>("day")?,
            "role": r.try_get::<String, _>("role")?,
            "signed_at": r.try_get::<i64, _>("signed_at")?,
        }))
    })
    .collect::<Result<_, sqlx::Error>>()?)
}

#[cfg(test)]
mod tests {
    use super::distribution_days;
    use jiff::civil::date;

    #[test]
    fn distributions_follow_their_cycle_up_to_the_last_day() {
        let days = |from, to, every| {
            distribution_days(from, to, every)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            days(date(2027, 1, 7), date(2027, 1, 28), "week"),
            ["2027-01-07", "2027-01-14", "2027-01-21", "2027-01-28"]
        );
        assert_eq!(
            days(date(2027, 1, 7), date(2027, 2, 3), "two_weeks"),
            ["2027-01-07", "2027-01-21"]
        );
        assert_eq!(
            days(date(2027, 1, 7), date(2027, 3, 4), "four_weeks"),
            ["2027-01-07", "2027-02-04", "2027-03-04"]
        );
        // Monthly on the same day; a shorter month takes its last day, and
        // the next month comes back to the 31st.
        assert_eq!(
            days(date(2027, 1, 31), date(2027, 4, 30), "month"),
            ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]
        );
        assert_eq!(
            days(date(2027, 1, 7), date(2027, 1, 7), "week"),
            ["2027-01-07"]
        );
        // Never more than the most a season has, plus one to tell it.
        assert_eq!(
            distribution_days(date(2027, 1, 1), date(2030, 1, 1), "week").len(),
            super::MAX_DISTRIBUTIONS + 1
        );
    }
}
