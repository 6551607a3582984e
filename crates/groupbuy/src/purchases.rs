//! Group purchases: a member (or a collective's coordinator) proposes one
//! to a supplier, with the products, their pack sizes and price tiers by
//! total quantity, a minimum total to go ahead and an optional maximum (the
//! supplier's capacity), a deadline, an optional box-filling phase after
//! it, and pickup points per commune. Members commit quantities in
//! baskets ([`crate::baskets`]); this module holds what is proposed and
//! what it has reached: per product, the current tier, what the next one
//! needs, the full boxes and what the next box lacks.

use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::error::FieldError;
use kernel::fees::FeeRule;
use kernel::validate::schema;
use kernel::{AppError, MemberId};
use pricing::tiers::{Tier, Tiers};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use utoipa::ToSchema;

/// What quantities count in.
pub const UNITS: &[&str] = &["piece", "kg", "g", "l", "ml"];
const MAX_PRODUCTS: usize = 50;
const MAX_PICKUPS: usize = 20;
const MAX_TIERS: usize = 10;
/// The largest quantity, pack size or tier bound: more is a typing mistake.
pub const MAX_QUANTITY: i64 = 1_000_000;
/// The largest price per unit, in cents (100,000 €).
pub const MAX_PRICE: i64 = 10_000_000;
/// The largest minimum or maximum, in cents (10 million €).
const MAX_TOTAL: i64 = 1_000_000_000;
const DAY_MS: i64 = 24 * 3600 * 1000;
/// How far ahead a deadline may be.
const MAX_AHEAD_MS: i64 = 366 * DAY_MS;
/// How long the box-filling phase may last.
const MAX_FILLING_MS: i64 = 30 * DAY_MS;
const MAX_EXTEND_DAYS: i64 = 60;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PurchaseInput {
    #[schema(schema_with = schema::line::<3, 120>)]
    pub title: String,
    #[serde(default)]
    #[schema(schema_with = schema::text::<4000>)]
    pub description: String,
    /// Proposed on behalf of a collective the member coordinates.
    #[serde(default)]
    pub collective_id: Option<String>,
    /// A member seller (its organisation's id); none: an outside supplier,
    /// named by `supplier_name` and reached at `supplier_contact`.
    #[serde(default)]
    pub supplier_id: Option<String>,
    #[serde(default)]
    pub supplier_name: Option<String>,
    #[serde(default)]
    pub supplier_contact: Option<String>,
    /// The least total, in cents of goods at the tiers reached, for the
    /// purchase to go ahead.
    #[schema(minimum = 0, maximum = 1000000000)]
    pub minimum: i64,
    /// The most the supplier can deliver, in cents; none: no limit.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub maximum: Option<i64>,
    /// When commitments close, ms since the epoch.
    #[schema(schema_with = schema::timestamp_ms)]
    pub deadline_at: i64,
    /// The end of the box-filling phase after the deadline, when quantities
    /// may only go up to fill open boxes; none: no such phase.
    #[serde(default)]
    pub fill_until: Option<i64>,
    /// Below the minimum at the deadline: `cancel` (every hold released),
    /// or `extend` once by `extend_days`, the holds kept.
    #[schema(schema_with = if_short_schema)]
    pub if_short: String,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 60)]
    pub extend_days: Option<i64>,
    #[schema(min_items = 1, max_items = 50)]
    pub products: Vec<ProductInput>,
    #[schema(min_items = 1, max_items = 20)]
    pub pickups: Vec<PickupInput>,
}

fn if_short_schema() -> utoipa::openapi::schema::Schema {
    schema::codes(&["cancel", "extend"])
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = GroupProductInput)]
pub struct ProductInput {
    #[schema(schema_with = schema::line::<2, 120>)]
    pub name: String,
    /// piece, kg, g, l or ml.
    #[schema(schema_with = unit_schema)]
    pub unit: String,
    /// How many units a box (a sack, a crate) holds.
    #[schema(minimum = 1, maximum = 1000000)]
    pub pack_size: i64,
    /// Quantities are multiples of it; it divides the box. Default 1.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000000)]
    pub step: Option<i64>,
    /// In hundredths of a percent (550 = 5.5 %).
    #[schema(schema_with = vat_schema)]
    pub vat_rate: i64,
    /// A shop's price per unit, in cents, to show the saving.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 10000000)]
    pub retail_price: Option<i64>,
    /// By total quantity: from 1, without gap or overlap, the last without
    /// end, each cheaper than the one before.
    #[schema(min_items = 1, max_items = 10)]
    pub tiers: Vec<TierInput>,
}

fn unit_schema() -> utoipa::openapi::schema::Schema {
    schema::codes(UNITS)
}

fn vat_schema() -> utoipa::openapi::schema::Schema {
    schema::integers(&[0, 210, 550, 1000, 2000])
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
pub struct TierInput {
    #[schema(minimum = 1, maximum = 1000000)]
    pub from: i64,
    /// None for the last tier.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000000)]
    pub to: Option<i64>,
    /// Cents per unit, VAT included.
    #[schema(minimum = 1, maximum = 10000000)]
    pub unit_price: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = GroupPickupInput)]
pub struct PickupInput {
    #[schema(schema_with = schema::line::<2, 80>)]
    pub commune: String,
    #[schema(schema_with = schema::line::<2, 160>)]
    pub place: String,
    /// When it is open, as people say it ("Saturday 10–12").
    #[serde(default)]
    #[schema(schema_with = schema::line::<0, 120>)]
    pub hours: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Purchase {
    pub id: String,
    pub title: String,
    pub description: String,
    pub organiser_id: String,
    pub organiser_name: String,
    pub collective_id: Option<String>,
    pub collective_name: Option<String>,
    /// The member seller's organisation, if the supplier is one.
    pub supplier_id: Option<String>,
    pub supplier_name: String,
    /// An outside supplier's email (empty for a member seller): for its
    /// order's mail, not shown to members.
    #[serde(skip)]
    pub supplier_contact: String,
    /// The supplier is outside the platform (no member seller).
    pub outside_supplier: bool,
    /// Who the supplier's money is paid to: the member seller, else the
    /// proposing collective's treasury, else the organiser (who pays the
    /// outside supplier).
    pub paid_to: String,
    pub minimum: i64,
    pub maximum: Option<i64>,
    pub deadline_at: i64,
    pub fill_until: Option<i64>,
    pub if_short: String,
    pub extend_days: i64,
    /// open, settling, settled, cancelling or cancelled (as stored; see
    /// `phase` for what the clock says of an open one).
    pub state: String,
    /// Extended once already (below the minimum at its first deadline).
    pub extended: bool,
    pub settled_at: Option<i64>,
    /// What members may do now: `open` (commit, change, withdraw),
    /// `filling` (only raise, to fill open boxes) or `closed`.
    pub phase: String,
    /// The technical fee's rate frozen at the proposal, in basis points.
    pub fee_rate_bp: i64,
    pub solidarity_bp: i64,
    pub created_at: i64,
    /// The goods that would be ordered now, at the tiers they reach, in
    /// cents: what the minimum and the maximum count.
    pub committed: i64,
    /// How much more reaches the minimum (0 once reached).
    pub to_minimum: i64,
    /// How many members committed.
    pub members: i64,
    pub products: Vec<Product>,
    pub pickups: Vec<Pickup>,
    /// Once settled: where the members' money went.
    pub breakdown: Option<Breakdown>,
}

/// Where a settled purchase's money went, in cents: what the supplier was
/// paid, the platform's fee and the solidarity fund's share of it, and
/// what the members saved against the retail prices given.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Breakdown {
    pub supplier: i64,
    pub platform: i64,
    pub solidarity: i64,
    pub saving: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = GroupProduct)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub pack_size: i64,
    pub step: i64,
    pub vat_rate: i64,
    pub retail_price: Option<i64>,
    pub tiers: Vec<TierInput>,
    /// The quantities members committed, in all.
    pub quantity: i64,
    /// And the more they would take to fill a box.
    pub tolerance: i64,
    /// What would be ordered if the purchase closed now: the boxes the
    /// quantities fill, and the one they begin if tolerances fill it.
    pub ordered: i64,
    /// The price per unit at the tier that reaches: what members pay if
    /// nothing changes (at the settlement, the final price).
    pub unit_price: i64,
    /// The next tier's price and how many more units ordered reach it.
    pub next_price: Option<i64>,
    pub to_next_tier: Option<i64>,
    /// Whole boxes the quantities fill.
    pub full_boxes: i64,
    /// How many more units fill the box begun (0: none begun).
    pub to_next_box: i64,
    /// What a unit saves against the retail price, in cents.
    pub saving_per_unit: Option<i64>,
    /// Once settled: the units ordered and their price per unit.
    pub final_ordered: Option<i64>,
    pub final_price: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = GroupPickup)]
pub struct Pickup {
    pub id: String,
    pub commune: String,
    pub place: String,
    pub hours: String,
}

/// A purchase as the list shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub supplier_name: String,
    pub deadline_at: i64,
    pub phase: String,
    pub state: String,
    pub minimum: i64,
    pub committed: i64,
    pub members: i64,
    /// The communes of its pickup points.
    pub communes: Vec<String>,
}

/// What members may do at `now`, by the stored state and the clock.
pub fn phase_of(state: &str, deadline_at: i64, fill_until: Option<i64>, now: i64) -> &'static str {
    match state {
        "open" if now < deadline_at => "open",
        "open" if fill_until.is_some_and(|end| now < end) => "filling",
        _ => "closed",
    }
}

impl Purchase {
    pub fn fee_rule(&self) -> FeeRule {
        fee_rule(self.fee_rate_bp, self.solidarity_bp)
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    pub fn pickup(&self, id: &str) -> Option<&Pickup> {
        self.pickups.iter().find(|p| p.id == id)
    }

    /// The minimum reached, in hundredths of a percent of it (for a bar).
    pub fn progress(&self) -> i64 {
        if self.minimum == 0 {
            return 10_000;
        }
        (self.committed * 10_000 / self.minimum).min(10_000)
    }
}

pub fn fee_rule(fee_rate_bp: i64, solidarity_bp: i64) -> FeeRule {
    FeeRule {
        technical_bp: fee_rate_bp as u32,
        between_members_bp: 0,
        solidarity_share_bp: solidarity_bp as u32,
    }
}

/// The checked tiers of a product, as stored.
pub fn tiers_of(tiers: &[TierInput]) -> Result<Tiers, pricing::tiers::TierError> {
    Tiers::new(
        tiers
            .iter()
            .map(|t| Tier {
                from: t.from.max(0) as u64,
                to: t.to.map(|to| to.max(0) as u64),
                unit_price: t.unit_price.max(0) as u64,
            })
            .collect(),
    )
}

impl Product {
    /// The price per unit when `quantity` units are committed in all.
    pub fn price_at(&self, quantity: i64) -> i64 {
        match tiers_of(&self.tiers) {
            Ok(tiers) => tiers.at(quantity.max(0) as u64).unit_price as i64,
            Err(_) => self.tiers.first().map_or(0, |t| t.unit_price),
        }
    }

    /// What is ordered of it when members committed `quantity` in all,
    /// with `tolerance` more.
    pub fn ordered(&self, quantity: i64, tolerance: i64) -> i64 {
        crate::allocation::ordered(quantity, tolerance, self.pack_size)
    }

    /// Fills the figures that follow from the total committed.
    fn reached(&mut self, quantity: i64, tolerance: i64) {
        self.quantity = quantity;
        self.tolerance = tolerance;
        self.ordered = self.ordered(quantity, tolerance);
        self.unit_price = self.price_at(self.ordered);
        let next = tiers_of(&self.tiers).ok().and_then(|t| {
            t.next(self.ordered.max(0) as u64)
                .map(|(t, n)| (t.unit_price, n))
        });
        self.next_price = next.map(|(price, _)| price as i64);
        self.to_next_tier = next.map(|(_, missing)| missing as i64);
        self.full_boxes = quantity / self.pack_size;
        let begun = quantity % self.pack_size;
        self.to_next_box = if begun == 0 {
            0
        } else {
            self.pack_size - begun
        };
        self.saving_per_unit = self
            .retail_price
            .map(|retail| (retail - self.unit_price).max(0));
    }
}

/// Proposes a group purchase; the organiser is `member`.
pub async fn create(
    db: &Db,
    fees: &FeeRule,
    member: &MemberId,
    input: &PurchaseInput,
) -> Result<Purchase, AppError> {
    let checked = check(input, now_ms())?;
    let collective = kernel::collectives::acting_for(
        db,
        member,
        input.collective_id.as_deref(),
        "error-groupbuy-collective",
    )
    .await?;
    let (supplier_id, supplier_name, supplier_contact) =
        match input.supplier_id.as_deref().filter(|s| !s.is_empty()) {
            Some(id) => {
                let seller = market::sellers::get(db, id).await.map_err(|e| match e {
                    AppError::NotFound => AppError::field("supplier_id", "error-groupbuy-supplier"),
                    other => other,
                })?;
                (Some(seller.id), seller.name, String::new())
            }
            None => {
                let name =
                    kernel::validate::line(input.supplier_name.as_deref().unwrap_or(""), 2, 120)
                        .map_err(|_| AppError::field("supplier_name", "error-groupbuy-supplier"))?;
                let contact =
                    kernel::validate::email(input.supplier_contact.as_deref().unwrap_or(""))
                        .map_err(|k| AppError::field("supplier_contact", k))?;
                (None, name, contact)
            }
        };
    let id = new_id();
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO groupbuy_purchases (id, title, description, organiser_id, collective_id, \
         supplier_org_id, supplier_name, supplier_contact, minimum, maximum, deadline_at, fill_until, \
         if_short, extend_days, state, fee_rate_bp, solidarity_bp, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'open', $15, $16, $17)",
    )
    .bind(&id)
    .bind(&checked.title)
    .bind(&checked.description)
    .bind(member)
    .bind(collective.as_ref())
    .bind(&supplier_id)
    .bind(&supplier_name)
    .bind(&supplier_contact)
    .bind(input.minimum)
    .bind(input.maximum)
    .bind(input.deadline_at)
    .bind(input.fill_until)
    .bind(&input.if_short)
    .bind(checked.extend_days)
    .bind(i64::from(fees.technical_bp))
    .bind(i64::from(fees.solidarity_share_bp))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    for (position, p) in checked.products.iter().enumerate() {
        let tiers =
            serde_json::to_string(&p.tiers).map_err(|e| AppError::Internal(e.to_string()))?;
        sqlx::query(
            "INSERT INTO groupbuy_products (id, purchase_id, position, name, unit, pack_size, step, \
             vat_rate, retail_price, tiers) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(new_id())
        .bind(&id)
        .bind(position as i64)
        .bind(&p.name)
        .bind(&p.unit)
        .bind(p.pack_size)
        .bind(p.step)
        .bind(p.vat_rate)
        .bind(p.retail_price)
        .bind(&tiers)
        .execute(&mut *tx)
        .await?;
    }
    for (position, p) in checked.pickups.iter().enumerate() {
        sqlx::query(
            "INSERT INTO groupbuy_pickups (id, purchase_id, position, commune, place, hours) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(&id)
        .bind(position as i64)
        .bind(&p.commune)
        .bind(&p.place)
        .bind(&p.hours)
        .execute(&mut *tx)
        .await?;
    }
    crate::settle::schedule(&mut tx, &id, input.fill_until.unwrap_or(input.deadline_at)).await?;
    tx.commit().await?;
    get(db, &id).await
}

struct Checked {
    title: String,
    description: String,
    extend_days: i64,
    products: Vec<CheckedProduct>,
    pickups: Vec<PickupInput>,
}

struct CheckedProduct {
    name: String,
    unit: String,
    pack_size: i64,
    step: i64,
    vat_rate: i64,
    retail_price: Option<i64>,
    tiers: Vec<TierInput>,
}

/// Checks a proposal whole: every mistake is listed, each by its field
/// (and, for a product or a pickup point, its line), and nothing is kept.
fn check(input: &PurchaseInput, now: i64) -> Result<Checked, AppError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut field = |ok: bool, f: &'static str, key: &'static str| {
        if !ok {
            errors.push(FieldError::new(f, key));
        }
    };
    let title = kernel::validate::line(&input.title, 3, 120);
    let description = kernel::validate::text(&input.description, 4000);
    field(
        (0..=MAX_TOTAL).contains(&input.minimum),
        "minimum",
        "error-groupbuy-minimum",
    );
    field(
        input
            .maximum
            .is_none_or(|max| (input.minimum..=MAX_TOTAL).contains(&max)),
        "maximum",
        "error-groupbuy-maximum",
    );
    field(
        input.deadline_at > now && input.deadline_at - now <= MAX_AHEAD_MS,
        "deadline_at",
        "error-groupbuy-deadline",
    );
    field(
        input.fill_until.is_none_or(|end| {
            end > input.deadline_at && end - input.deadline_at.max(0) <= MAX_FILLING_MS
        }),
        "fill_until",
        "error-groupbuy-fill-until",
    );
    let extend_days = match input.if_short.as_str() {
        "cancel" => 0,
        "extend" => {
            let days = input.extend_days.unwrap_or(0);
            field(
                (1..=MAX_EXTEND_DAYS).contains(&days),
                "extend_days",
                "error-groupbuy-extend-days",
            );
            days
        }
        _ => {
            field(false, "if_short", "error-groupbuy-if-short");
            0
        }
    };
    field(
        (1..=MAX_PRODUCTS).contains(&input.products.len()),
        "products",
        "error-groupbuy-products",
    );
    field(
        (1..=MAX_PICKUPS).contains(&input.pickups.len()),
        "pickups",
        "error-groupbuy-pickups",
    );
    let mut products = Vec::new();
    for (i, p) in input.products.iter().enumerate().take(MAX_PRODUCTS) {
        let line = i as u32 + 1;
        match check_product(p) {
            Ok(checked) => products.push(checked),
            Err(key) => errors.push(FieldError::new("products", key).at_line(line)),
        }
    }
    let mut pickups = Vec::new();
    for (i, p) in input.pickups.iter().enumerate().take(MAX_PICKUPS) {
        let line = i as u32 + 1;
        let checked = kernel::validate::line(&p.commune, 2, 80).and_then(|commune| {
            Ok(PickupInput {
                commune,
                place: kernel::validate::line(&p.place, 2, 160)?,
                hours: kernel::validate::line(&p.hours, 0, 120)?,
            })
        });
        match checked {
            Ok(checked) => pickups.push(checked),
            Err(_) => {
                errors.push(FieldError::new("pickups", "error-groupbuy-pickup").at_line(line))
            }
        }
    }
    let title = title.map_err(|k| errors.insert(0, FieldError::new("title", k)));
    let description = description.map_err(|k| errors.push(FieldError::new("description", k)));
    match (title, description) {
        (Ok(title), Ok(description)) if errors.is_empty() => Ok(Checked {
            title,
            description,
            extend_days,
            products,
            pickups,
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

fn check_product(p: &ProductInput) -> Result<CheckedProduct, &'static str> {
    let name = kernel::validate::line(&p.name, 2, 120)?;
    if !UNITS.contains(&p.unit.as_str()) {
        return Err("error-groupbuy-unit");
    }
    if !(1..=MAX_QUANTITY).contains(&p.pack_size) {
        return Err("error-groupbuy-pack-size");
    }
    let step = p.step.unwrap_or(1);
    if !(1..=p.pack_size).contains(&step) || p.pack_size % step != 0 {
        return Err("error-groupbuy-step");
    }
    let vat = u16::try_from(p.vat_rate).map_err(|_| "error-groupbuy-vat-rate")?;
    pricing::VatRate::new(vat).map_err(|_| "error-groupbuy-vat-rate")?;
    if p.retail_price
        .is_some_and(|r| !(1..=MAX_PRICE).contains(&r))
    {
        return Err("error-groupbuy-retail-price");
    }
    if p.tiers.len() > MAX_TIERS {
        return Err("error-groupbuy-tiers-count");
    }
    let bounded = |v: i64| (1..=MAX_QUANTITY).contains(&v);
    for t in &p.tiers {
        if !(1..=MAX_PRICE).contains(&t.unit_price) {
            return Err("error-groupbuy-tier-price");
        }
        if !bounded(t.from) || t.to.is_some_and(|to| !bounded(to)) {
            return Err("error-groupbuy-tier-bounds");
        }
    }
    tiers_of(&p.tiers).map_err(|e| e.key())?;
    Ok(CheckedProduct {
        name,
        unit: p.unit.clone(),
        pack_size: p.pack_size,
        step,
        vat_rate: p.vat_rate,
        retail_price: p.retail_price,
        tiers: p.tiers.clone(),
    })
}

const PURCHASE_COLUMNS: &str = "p.id, p.title, p.description, p.organiser_id, m.display_name AS organiser_name, \
    p.collective_id, c.name AS collective_name, p.supplier_org_id, p.supplier_name, p.supplier_contact, \
    p.minimum, p.maximum, p.deadline_at, p.fill_until, p.if_short, p.extend_days, p.state, \
    p.extended, p.settled_at, \
    p.fee_rate_bp, p.solidarity_bp, p.created_at \
    FROM groupbuy_purchases p JOIN members m ON m.id = p.organiser_id \
    LEFT JOIN collectives c ON c.id = p.collective_id";

fn purchase_from(r: &AnyRow, now: i64) -> Result<Purchase, sqlx::Error> {
    let state: String = r.try_get("state")?;
    let deadline_at: i64 = r.try_get("deadline_at")?;
    let fill_until: Option<i64> = r.try_get("fill_until")?;
    Ok(Purchase {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        organiser_id: r.try_get("organiser_id")?,
        organiser_name: r.try_get("organiser_name")?,
        collective_id: r.try_get("collective_id")?,
        collective_name: r.try_get("collective_name")?,
        supplier_id: r.try_get("supplier_org_id")?,
        supplier_name: r.try_get("supplier_name")?,
        supplier_contact: r.try_get("supplier_contact")?,
        paid_to: String::new(),
        outside_supplier: false,
        minimum: r.try_get("minimum")?,
        maximum: r.try_get("maximum")?,
        deadline_at,
        fill_until,
        if_short: r.try_get("if_short")?,
        extend_days: r.try_get("extend_days")?,
        phase: phase_of(&state, deadline_at, fill_until, now).to_owned(),
        state,
        extended: r.try_get::<i64, _>("extended")? != 0,
        settled_at: r.try_get("settled_at")?,
        fee_rate_bp: r.try_get("fee_rate_bp")?,
        solidarity_bp: r.try_get("solidarity_bp")?,
        created_at: r.try_get("created_at")?,
        committed: 0,
        to_minimum: 0,
        members: 0,
        products: Vec::new(),
        pickups: Vec::new(),
        breakdown: None,
    })
}

fn product_from(r: &AnyRow) -> Result<Product, AppError> {
    let tiers: String = r.try_get("tiers")?;
    Ok(Product {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        unit: r.try_get("unit")?,
        pack_size: r.try_get("pack_size")?,
        step: r.try_get("step")?,
        vat_rate: r.try_get("vat_rate")?,
        retail_price: r.try_get("retail_price")?,
        tiers: serde_json::from_str(&tiers)
            .map_err(|e| AppError::Internal(format!("stored tiers: {e}")))?,
        quantity: 0,
        tolerance: 0,
        ordered: 0,
        unit_price: 0,
        next_price: None,
        to_next_tier: None,
        full_boxes: 0,
        to_next_box: 0,
        saving_per_unit: None,
        final_ordered: r.try_get("ordered")?,
        final_price: r.try_get("final_price")?,
    })
}

/// A purchase with its products, pickup points and what members
/// committed so far.
pub async fn get(db: &Db, id: &str) -> Result<Purchase, AppError> {
    let mut conn = db.pool().acquire().await?;
    load(&mut conn, id).await
}

/// [`get`] on a connection (inside a transaction: what it decides on).
pub async fn load(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Purchase, AppError> {
    let row = sqlx::query(&format!("SELECT {PURCHASE_COLUMNS} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut purchase = purchase_from(&row, now_ms())?;
    purchase.outside_supplier = purchase.supplier_id.is_none();
    purchase.paid_to = match (&purchase.supplier_id, &purchase.collective_name) {
        (Some(_), _) => purchase.supplier_name.clone(),
        (None, Some(collective)) => collective.clone(),
        (None, None) => purchase.organiser_name.clone(),
    };
    let products = sqlx::query(
        "SELECT id, name, unit, pack_size, step, vat_rate, retail_price, tiers, ordered, final_price \
         FROM groupbuy_products WHERE purchase_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    purchase.products = products
        .iter()
        .map(product_from)
        .collect::<Result<_, _>>()?;
    let totals = sqlx::query(
        "SELECT product_id, CAST(SUM(quantity) AS BIGINT) AS quantity, CAST(SUM(tolerance) AS BIGINT) AS tolerance \
         FROM groupbuy_commitments WHERE purchase_id = $1 GROUP BY product_id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    for product in &mut purchase.products {
        let (mut quantity, mut tolerance) = (0, 0);
        for t in &totals {
            if t.try_get::<String, _>("product_id")? == product.id {
                quantity = t.try_get("quantity")?;
                tolerance = t.try_get("tolerance")?;
            }
        }
        product.reached(quantity, tolerance);
    }
    purchase.committed = purchase
        .products
        .iter()
        .map(|p| p.ordered * p.unit_price)
        .sum();
    purchase.to_minimum = (purchase.minimum - purchase.committed).max(0);
    purchase.members =
        sqlx::query("SELECT COUNT(*) AS n FROM groupbuy_baskets WHERE purchase_id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?;
    if purchase.state == "settled" {
        purchase.breakdown = Some(breakdown(conn, &purchase).await?);
    }
    let pickups = sqlx::query(
        "SELECT id, commune, place, hours FROM groupbuy_pickups WHERE purchase_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    purchase.pickups = pickups
        .iter()
        .map(|r| {
            Ok(Pickup {
                id: r.try_get("id")?,
                commune: r.try_get("commune")?,
                place: r.try_get("place")?,
                hours: r.try_get("hours")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(purchase)
}

/// The purchases still taking commitments first (soonest deadline first),
/// then the latest closed ones.
pub async fn list(db: &Db) -> Result<Vec<Summary>, AppError> {
    let now = now_ms();
    let rows = sqlx::query(
        "SELECT id, title, supplier_name, deadline_at, fill_until, state, minimum \
         FROM groupbuy_purchases ORDER BY deadline_at DESC LIMIT 200",
    )
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let id: String = r.try_get("id")?;
        let purchase = get(db, &id).await?;
        let mut communes: Vec<String> =
            purchase.pickups.iter().map(|p| p.commune.clone()).collect();
        communes.dedup();
        let state: String = r.try_get("state")?;
        out.push(Summary {
            title: r.try_get("title")?,
            supplier_name: r.try_get("supplier_name")?,
            deadline_at: r.try_get("deadline_at")?,
            phase: phase_of(
                &state,
                r.try_get("deadline_at")?,
                r.try_get("fill_until")?,
                now,
            )
            .to_owned(),
            state,
            minimum: r.try_get("minimum")?,
            committed: purchase.committed,
            members: purchase.members,
            communes,
            id,
        });
    }
    out.sort_by_key(|s| {
        (
            s.phase == "closed",
            if s.phase == "closed" {
                -s.deadline_at
            } else {
                s.deadline_at
            },
        )
    });
    Ok(out)
}

/// Locks the purchase against other baskets' changes until `tx` ends, and
/// reads it as they left it.
pub async fn lock(tx: &mut Tx, id: &str) -> Result<Purchase, AppError> {
    tx.lock_named(&format!("groupbuy:{id}"), true).await?;
    load(tx, id).await
}

/// Where a settled purchase's money went: the baskets' charges, and the
/// saving of the units ordered against the retail prices given.
pub async fn breakdown(
    conn: &mut sqlx::AnyConnection,
    purchase: &Purchase,
) -> Result<Breakdown, AppError> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(charged), 0) AS BIGINT) AS goods, \
         CAST(COALESCE(SUM(charged_fee), 0) AS BIGINT) AS fee, \
         CAST(COALESCE(SUM(charged_solidarity), 0) AS BIGINT) AS solidarity \
         FROM groupbuy_baskets WHERE purchase_id = $1",
    )
    .bind(&purchase.id)
    .fetch_one(&mut *conn)
    .await?;
    let (fee, solidarity): (i64, i64) = (row.try_get("fee")?, row.try_get("solidarity")?);
    Ok(Breakdown {
        supplier: row.try_get("goods")?,
        platform: fee - solidarity,
        solidarity,
        saving: purchase
            .products
            .iter()
            .filter_map(|p| Some(p.final_ordered? * (p.retail_price? - p.final_price?).max(0)))
            .sum(),
    })
}
