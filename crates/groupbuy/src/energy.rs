//! Energy group purchases, as the "cheaper energy together" campaigns run
//! them. Households pre-register their yearly consumption (kWh, meter,
//! commune) without commitment until the registration closes. The
//! organiser collects suppliers' offers against a published
//! specification; they are ranked as a reverse auction, by what each would
//! cost the households registered, and shown to members once the offers
//! close. The organiser then publishes the winning offer (the cheapest, or
//! a green one such as a cooperative's), and each household decides on its
//! own, its saving estimated from its own consumption against the
//! campaign's reference tariff. No money moves: a household that
//! subscribes contracts with the supplier, to which the organiser passes
//! the subscribers' details (they agree to it by subscribing).

use kernel::db::{Db, new_id, now_ms};
use kernel::error::FieldError;
use kernel::validate::schema;
use kernel::{AppError, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use utoipa::ToSchema;

pub const ENERGIES: &[&str] = &["electricity", "gas"];
const DAY_MS: i64 = 24 * 3600 * 1000;
/// The largest price of a kWh, in ten-thousandths of a euro (10 €).
const MAX_KWH_PRICE: i64 = 100_000;
/// The largest yearly subscription, in cents (10,000 €).
const MAX_SUBSCRIPTION: i64 = 1_000_000;
/// The largest yearly consumption of a household, in kWh.
const MAX_KWH: i64 = 1_000_000;
/// The consumption offers are compared at before any household registers.
const TYPICAL_KWH: i64 = 2_500;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CampaignInput {
    #[schema(schema_with = schema::line::<3, 120>)]
    pub title: String,
    #[serde(default)]
    #[schema(schema_with = schema::text::<4000>)]
    pub description: String,
    /// Run on behalf of a collective the member coordinates.
    #[serde(default)]
    pub collective_id: Option<String>,
    /// electricity or gas.
    #[schema(schema_with = energy_schema)]
    pub energy: String,
    /// What every offer must meet, published to suppliers and members.
    #[schema(schema_with = schema::non_blank::<4000>)]
    pub specification: String,
    /// Households register until then (ms since the epoch).
    #[schema(schema_with = schema::timestamp_ms)]
    pub registration_until: i64,
    /// Offers are taken until then, at or after the registration's end.
    #[schema(schema_with = schema::timestamp_ms)]
    pub offers_until: i64,
    /// The tariff households compare with ("Tarif réglementé").
    #[schema(schema_with = schema::line::<2, 120>)]
    pub reference_name: String,
    /// Its price of a kWh, in ten-thousandths of a euro (2516 = 0.2516 €).
    #[schema(minimum = 1, maximum = 100000)]
    pub reference_kwh_price: i64,
    /// Its subscription, in cents a year.
    #[schema(minimum = 0, maximum = 1000000)]
    pub reference_subscription: i64,
}

fn energy_schema() -> utoipa::openapi::schema::Schema {
    schema::codes(ENERGIES)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct HouseholdInput {
    /// The household's yearly consumption, in kWh.
    #[schema(minimum = 1, maximum = 1000000)]
    pub yearly_kwh: i64,
    /// base or peak_offpeak for electricity, gas for gas.
    #[schema(schema_with = meter_schema)]
    pub meter: String,
    #[schema(schema_with = schema::line::<2, 80>)]
    pub commune: String,
}

fn meter_schema() -> utoipa::openapi::schema::Schema {
    schema::codes(&["base", "peak_offpeak", "gas"])
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = EnergyOfferInput)]
pub struct OfferInput {
    #[schema(schema_with = schema::line::<2, 120>)]
    pub supplier_name: String,
    /// A supply of guaranteed renewable origin.
    #[serde(default)]
    pub green: bool,
    /// The price of a kWh, in ten-thousandths of a euro.
    #[schema(minimum = 1, maximum = 100000)]
    pub kwh_price: i64,
    /// The subscription, in cents a year.
    #[schema(minimum = 0, maximum = 1000000)]
    pub subscription: i64,
    #[serde(default)]
    #[schema(schema_with = schema::text::<2000>)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Campaign {
    pub id: String,
    pub title: String,
    pub description: String,
    pub organiser_id: String,
    pub organiser_name: String,
    pub collective_id: Option<String>,
    pub energy: String,
    pub specification: String,
    pub registration_until: i64,
    pub offers_until: i64,
    pub reference_name: String,
    pub reference_kwh_price: i64,
    pub reference_subscription: i64,
    /// registering, offers (the auction), choosing (the winner published,
    /// households decide) or closed (the offers closed, none published yet).
    pub phase: String,
    pub households: i64,
    pub total_kwh: i64,
    /// How many households subscribed to the winning offer.
    pub subscribed: i64,
    /// The offers, cheapest first for the households registered: to the
    /// organiser always, to members once the offers are closed.
    pub offers: Vec<Offer>,
    pub winner: Option<Offer>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Offer {
    pub id: String,
    pub supplier_name: String,
    pub green: bool,
    pub kwh_price: i64,
    pub subscription: i64,
    pub note: String,
    /// What it would cost the households registered in a year, in cents
    /// (a typical household of 2,500 kWh before any registers).
    pub yearly_cost: i64,
    /// 1 for the cheapest.
    pub rank: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Household {
    pub campaign_id: String,
    pub yearly_kwh: i64,
    pub meter: String,
    pub commune: String,
    pub decision: Option<String>,
    /// Once the winner is published: the household's yearly cost at the
    /// reference tariff and at the winning offer, in cents, and the saving.
    pub reference_cost: i64,
    pub winner_cost: Option<i64>,
    pub saving: Option<i64>,
}

/// A year's cost of `kwh` at a price in ten-thousandths of a euro and a
/// subscription in cents, in cents (rounded half up).
pub fn yearly_cost(kwh: i64, kwh_price: i64, subscription: i64) -> i64 {
    (kwh * kwh_price + 50) / 100 + subscription
}

fn phase_of(registration_until: i64, offers_until: i64, published: bool, now: i64) -> &'static str {
    if published {
        "choosing"
    } else if now < registration_until {
        "registering"
    } else if now < offers_until {
        "offers"
    } else {
        "closed"
    }
}

/// Proposes a campaign; `member` organises it.
pub async fn create(
    db: &Db,
    member: &MemberId,
    input: &CampaignInput,
) -> Result<Campaign, AppError> {
    let now = now_ms();
    let mut errors = Vec::new();
    let mut field = |ok: bool, f: &'static str, key: &'static str| {
        if !ok {
            errors.push(FieldError::new(f, key));
        }
    };
    let title = kernel::validate::line(&input.title, 3, 120);
    field(title.is_ok(), "title", title.clone().err().unwrap_or(""));
    let description = kernel::validate::text(&input.description, 4000);
    field(
        description.is_ok(),
        "description",
        description.clone().err().unwrap_or(""),
    );
    let specification = kernel::validate::text(&input.specification, 4000).and_then(|s| {
        if s.trim().is_empty() {
            Err("error-required")
        } else {
            Ok(s)
        }
    });
    field(
        specification.is_ok(),
        "specification",
        specification.clone().err().unwrap_or(""),
    );
    field(
        ENERGIES.contains(&input.energy.as_str()),
        "energy",
        "error-energy-kind",
    );
    field(
        input.registration_until > now
            && input.registration_until.saturating_sub(now) <= 366 * DAY_MS,
        "registration_until",
        "error-energy-registration",
    );
    field(
        input.offers_until >= input.registration_until
            && input.offers_until.saturating_sub(input.registration_until) <= 90 * DAY_MS,
        "offers_until",
        "error-energy-offers-until",
    );
    let reference = kernel::validate::line(&input.reference_name, 2, 120);
    field(
        reference.is_ok(),
        "reference_name",
        reference.clone().err().unwrap_or(""),
    );
    field(
        (1..=MAX_KWH_PRICE).contains(&input.reference_kwh_price),
        "reference_kwh_price",
        "error-energy-kwh-price",
    );
    field(
        (0..=MAX_SUBSCRIPTION).contains(&input.reference_subscription),
        "reference_subscription",
        "error-energy-subscription",
    );
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let collective = kernel::collectives::acting_for(
        db,
        member,
        input.collective_id.as_deref(),
        "error-groupbuy-collective",
    )
    .await?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO groupbuy_energy_campaigns (id, title, description, organiser_id, collective_id, \
         energy, specification, registration_until, offers_until, reference_name, \
         reference_kwh_price, reference_subscription, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&id)
    .bind(title.unwrap_or_default())
    .bind(description.unwrap_or_default())
    .bind(member)
    .bind(collective.as_ref())
    .bind(&input.energy)
    .bind(specification.unwrap_or_default())
    .bind(input.registration_until)
    .bind(input.offers_until)
    .bind(reference.unwrap_or_default())
    .bind(input.reference_kwh_price)
    .bind(input.reference_subscription)
    .bind(now)
    .execute(db.writer())
    .await?;
    get(db, &id, member).await
}

const CAMPAIGN_COLUMNS: &str = "c.id, c.title, c.description, c.organiser_id, m.display_name AS organiser_name, \
    c.collective_id, c.energy, c.specification, c.registration_until, c.offers_until, c.reference_name, \
    c.reference_kwh_price, c.reference_subscription, c.winner_id, c.published_at, c.created_at \
    FROM groupbuy_energy_campaigns c JOIN members m ON m.id = c.organiser_id";

/// Whether `member` runs the campaign: its organiser, or a coordinator of
/// its collective.
pub async fn runs(db: &Db, campaign: &Campaign, member: &MemberId) -> Result<bool, AppError> {
    let collective = campaign.collective_id.as_deref();
    kernel::collectives::runs(db, &campaign.organiser_id, collective, member).await
}

fn campaign_from(r: &AnyRow, now: i64) -> Result<(Campaign, Option<String>), sqlx::Error> {
    let registration_until: i64 = r.try_get("registration_until")?;
    let offers_until: i64 = r.try_get("offers_until")?;
    let published: Option<i64> = r.try_get("published_at")?;
    Ok((
        Campaign {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            description: r.try_get("description")?,
            organiser_id: r.try_get("organiser_id")?,
            organiser_name: r.try_get("organiser_name")?,
            collective_id: r.try_get("collective_id")?,
            energy: r.try_get("energy")?,
            specification: r.try_get("specification")?,
            registration_until,
            offers_until,
            reference_name: r.try_get("reference_name")?,
            reference_kwh_price: r.try_get("reference_kwh_price")?,
            reference_subscription: r.try_get("reference_subscription")?,
            phase: phase_of(registration_until, offers_until, published.is_some(), now).to_owned(),
            households: 0,
            total_kwh: 0,
            subscribed: 0,
            offers: Vec::new(),
            winner: None,
            created_at: r.try_get("created_at")?,
        },
        r.try_get("winner_id")?,
    ))
}

/// A campaign as `member` may see it: the offers ranked, to its organiser
/// always, to the others once the offers are closed.
pub async fn get(db: &Db, id: &str, member: &MemberId) -> Result<Campaign, AppError> {
    let row = sqlx::query(&format!("SELECT {CAMPAIGN_COLUMNS} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let (mut campaign, winner_id) = campaign_from(&row, now_ms())?;
    let totals = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(yearly_kwh), 0) AS BIGINT) AS kwh, \
         CAST(COALESCE(SUM(CASE WHEN decision = 'subscribed' THEN 1 ELSE 0 END), 0) AS BIGINT) AS subscribed \
         FROM groupbuy_energy_households WHERE campaign_id = $1",
    )
    .bind(id)
    .fetch_one(db.pool())
    .await?;
    campaign.households = totals.try_get("n")?;
    campaign.total_kwh = totals.try_get("kwh")?;
    campaign.subscribed = totals.try_get("subscribed")?;
    let offers = ranked(db, &campaign).await?;
    campaign.winner = winner_id.and_then(|w| offers.iter().find(|o| o.id == w).cloned());
    if campaign.phase != "registering" && campaign.phase != "offers"
        || runs(db, &campaign, member).await?
    {
        campaign.offers = offers;
    }
    Ok(campaign)
}

/// The offers, ranked by what they would cost the households registered.
async fn ranked(db: &Db, campaign: &Campaign) -> Result<Vec<Offer>, AppError> {
    let (households, kwh) = if campaign.households == 0 {
        (1, TYPICAL_KWH)
    } else {
        (campaign.households, campaign.total_kwh)
    };
    let rows = sqlx::query(
        "SELECT id, supplier_name, green, kwh_price, subscription, note FROM groupbuy_energy_offers \
         WHERE campaign_id = $1 ORDER BY created_at, id",
    )
    .bind(&campaign.id)
    .fetch_all(db.pool())
    .await?;
    let mut offers = rows
        .iter()
        .map(|r| {
            let kwh_price: i64 = r.try_get("kwh_price")?;
            let subscription: i64 = r.try_get("subscription")?;
            Ok(Offer {
                id: r.try_get("id")?,
                supplier_name: r.try_get("supplier_name")?,
                green: r.try_get::<i64, _>("green")? != 0,
                note: r.try_get("note")?,
                yearly_cost: yearly_cost(kwh, kwh_price, 0) + subscription * households,
                kwh_price,
                subscription,
                rank: 0,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    offers.sort_by_key(|o| o.yearly_cost);
    for (i, o) in offers.iter_mut().enumerate() {
        o.rank = i as i64 + 1;
    }
    Ok(offers)
}

/// The campaigns, the latest first.
pub async fn list(db: &Db, member: &MemberId) -> Result<Vec<Campaign>, AppError> {
    let ids: Vec<String> =
        sqlx::query("SELECT id FROM groupbuy_energy_campaigns ORDER BY created_at DESC LIMIT 50")
            .fetch_all(db.pool())
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for id in ids {
        out.push(get(db, &id, member).await?);
    }
    Ok(out)
}

/// The member's household in the campaign, with its estimated saving once
/// the winner is published.
pub async fn household(
    db: &Db,
    campaign: &Campaign,
    member: &MemberId,
) -> Result<Option<Household>, AppError> {
    let row = sqlx::query(
        "SELECT yearly_kwh, meter, commune, decision FROM groupbuy_energy_households \
         WHERE campaign_id = $1 AND member_id = $2",
    )
    .bind(&campaign.id)
    .bind(member)
    .fetch_optional(db.pool())
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let kwh: i64 = r.try_get("yearly_kwh")?;
    let reference_cost = yearly_cost(
        kwh,
        campaign.reference_kwh_price,
        campaign.reference_subscription,
    );
    let winner_cost = campaign
        .winner
        .as_ref()
        .map(|w| yearly_cost(kwh, w.kwh_price, w.subscription));
    Ok(Some(Household {
        campaign_id: campaign.id.clone(),
        yearly_kwh: kwh,
        meter: r.try_get("meter")?,
        commune: r.try_get("commune")?,
        decision: r.try_get("decision")?,
        reference_cost,
        winner_cost,
        saving: winner_cost.map(|w| reference_cost - w),
    }))
}

/// Registers (or changes) the member's household, while registration is
/// open; without commitment.
pub async fn register(
    db: &Db,
    member: &MemberId,
    id: &str,
    input: &HouseholdInput,
) -> Result<Household, AppError> {
    let campaign = get(db, id, member).await?;
    if campaign.phase != "registering" {
        return Err(AppError::Conflict("energy-registration-closed"));
    }
    let mut errors = Vec::new();
    if !(1..=MAX_KWH).contains(&input.yearly_kwh) {
        errors.push(FieldError::new("yearly_kwh", "error-energy-kwh"));
    }
    let meter_fits = match campaign.energy.as_str() {
        "gas" => input.meter == "gas",
        _ => input.meter == "base" || input.meter == "peak_offpeak",
    };
    if !meter_fits {
        errors.push(FieldError::new("meter", "error-energy-meter"));
    }
    let commune = kernel::validate::line(&input.commune, 2, 80);
    if let Err(key) = &commune {
        errors.push(FieldError::new("commune", key));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    // One statement: a form sent twice at once registers once.
    let now = now_ms();
    sqlx::query(
        "INSERT INTO groupbuy_energy_households (campaign_id, member_id, yearly_kwh, meter, commune, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) \
         ON CONFLICT (campaign_id, member_id) DO UPDATE SET yearly_kwh = excluded.yearly_kwh, \
         meter = excluded.meter, commune = excluded.commune, updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(member)
    .bind(input.yearly_kwh)
    .bind(&input.meter)
    .bind(commune.as_deref().unwrap_or_default())
    .bind(now)
    .execute(db.writer())
    .await?;
    let campaign = get(db, id, member).await?;
    household(db, &campaign, member)
        .await?
        .ok_or(AppError::NotFound)
}

/// The campaign's organiser records a supplier's offer, until the offers
/// close.
pub async fn add_offer(
    db: &Db,
    member: &MemberId,
    id: &str,
    input: &OfferInput,
) -> Result<Campaign, AppError> {
    let campaign = get(db, id, member).await?;
    if !runs(db, &campaign, member).await? {
        return Err(AppError::Forbidden);
    }
    if campaign.phase == "closed" || campaign.phase == "choosing" {
        return Err(AppError::Conflict("energy-offers-closed"));
    }
    let mut errors = Vec::new();
    let supplier = kernel::validate::line(&input.supplier_name, 2, 120);
    if let Err(key) = &supplier {
        errors.push(FieldError::new("supplier_name", key));
    }
    if !(1..=MAX_KWH_PRICE).contains(&input.kwh_price) {
        errors.push(FieldError::new("kwh_price", "error-energy-kwh-price"));
    }
    if !(0..=MAX_SUBSCRIPTION).contains(&input.subscription) {
        errors.push(FieldError::new("subscription", "error-energy-subscription"));
    }
    let note = kernel::validate::text(&input.note, 2000);
    if let Err(key) = &note {
        errors.push(FieldError::new("note", key));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    sqlx::query(
        "INSERT INTO groupbuy_energy_offers (id, campaign_id, supplier_name, green, kwh_price, \
         subscription, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(id)
    .bind(supplier.unwrap_or_default())
    .bind(i64::from(input.green))
    .bind(input.kwh_price)
    .bind(input.subscription)
    .bind(note.unwrap_or_default())
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    get(db, id, member).await
}

/// The organiser publishes the winning offer once the offers are closed;
/// once only.
pub async fn publish(
    db: &Db,
    member: &MemberId,
    id: &str,
    offer_id: &str,
) -> Result<Campaign, AppError> {
    let campaign = get(db, id, member).await?;
    if !runs(db, &campaign, member).await? {
        return Err(AppError::Forbidden);
    }
    if campaign.phase != "closed" {
        return Err(AppError::Conflict("energy-not-closed"));
    }
    if !campaign.offers.iter().any(|o| o.id == offer_id) {
        return Err(AppError::field("offer_id", "error-energy-offer-unknown"));
    }
    let done = sqlx::query(
        "UPDATE groupbuy_energy_campaigns SET winner_id = $1, published_at = $2 \
         WHERE id = $3 AND winner_id IS NULL",
    )
    .bind(offer_id)
    .bind(now_ms())
    .bind(id)
    .execute(db.writer())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict("energy-not-closed"));
    }
    get(db, id, member).await
}

/// A registered household decides, once the winner is published, to
/// subscribe (its details then go to the supplier) or not.
pub async fn decide(
    db: &Db,
    member: &MemberId,
    id: &str,
    subscribe: bool,
) -> Result<Household, AppError> {
    let campaign = get(db, id, member).await?;
    if campaign.phase != "choosing" {
        return Err(AppError::Conflict("energy-not-published"));
    }
    let done = sqlx::query(
        "UPDATE groupbuy_energy_households SET decision = $1, decided_at = $2 \
         WHERE campaign_id = $3 AND member_id = $4",
    )
    .bind(if subscribe { "subscribed" } else { "declined" })
    .bind(now_ms())
    .bind(id)
    .bind(member)
    .execute(db.writer())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict("energy-not-registered"));
    }
    household(db, &campaign, member)
        .await?
        .ok_or(AppError::NotFound)
}

/// The households that subscribed, for the organiser to pass to the
/// winning supplier, as CSV: name, email, commune, consumption, meter.
pub async fn subscribers_csv(db: &Db, member: &MemberId, id: &str) -> Result<Vec<u8>, AppError> {
    let campaign = get(db, id, member).await?;
    if !runs(db, &campaign, member).await? {
        return Err(AppError::Forbidden);
    }
    let rows = sqlx::query(
        "SELECT m.display_name, m.email, h.commune, h.yearly_kwh, h.meter \
         FROM groupbuy_energy_households h JOIN members m ON m.id = h.member_id \
         WHERE h.campaign_id = $1 AND h.decision = 'subscribed' ORDER BY m.display_name",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let fail = |e: csv::Error| AppError::Internal(format!("CSV: {e}"));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["name", "email", "commune", "yearly_kwh", "meter"])
        .map_err(fail)?;
    let text = market::catalogue_csv::text_cell;
    for r in &rows {
        let email: Option<String> = r.try_get("email")?;
        out.write_record([
            text(&r.try_get::<String, _>("display_name")?),
            text(&email.unwrap_or_default()),
            text(&r.try_get::<String, _>("commune")?),
            r.try_get::<i64, _>("yearly_kwh")?.to_string(),
            r.try_get::<String, _>("meter")?,
        ])
        .map_err(fail)?;
    }
    out.into_inner()
        .map_err(|e| AppError::Internal(format!("CSV: {e}")))
}

/// The member's households, for its data export.
pub async fn of_member(db: &Db, member: &MemberId) -> Result<Vec<serde_json::Value>, AppError> {
    let rows = sqlx::query(
        "SELECT campaign_id, yearly_kwh, meter, commune, decision FROM groupbuy_energy_households \
         WHERE member_id = $1 ORDER BY created_at",
    )
    .bind(member)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(serde_json::json!({
                "campaign_id": r.try_get::<String, _>("campaign_id")?,
                "yearly_kwh": r.try_get::<i64, _>("yearly_kwh")?,
                "meter": r.try_get::<String, _>("meter")?,
                "commune": r.try_get::<String, _>("commune")?,
                "decision": r.try_get::<Option<String>, _>("decision")?,
            }))
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Into::into)
}
