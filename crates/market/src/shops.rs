//! Shops and their order cycles. A shop is one seller selling alone, or a
//! hub (a collective: an AMAP, a food coop, a commune's market group) that
//! sells several producers' products. A cycle has opening and closing
//! times, the producers taking part and the products each brings, pickup
//! points with a capacity, and the fees each participant adds (Open Food
//! Network's model). Several cycles of a shop may run at once.

use kernel::collectives;
use kernel::db::{Db, new_id, now_ms};
use kernel::validate::schema::{self, Rule};
use kernel::{AppError, CollectiveId, MemberId};
use pricing::{Calculator, Covers, FeeKind, VatRate};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::sellers;

/// The durable job that closes a cycle at its closing time.
pub const JOB_CLOSE: &str = "market.close";
/// The durable job that reminds members of a cycle's close.
pub const JOB_REMIND: &str = "market.remind";
/// Pays the orders nobody collected by the end of their distribution.
pub const JOB_UNCOLLECTED: &str = "market.uncollected";
/// The durable job that places the shop's regular orders in a cycle that
/// opens (`crate::regular::open`).
pub const JOB_OPEN: &str = "market.open";

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Shop {
    pub id: String,
    pub name: String,
    pub description: String,
    /// A hub's collective.
    pub collective_id: Option<String>,
    /// A seller selling alone.
    pub organisation_id: Option<String>,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// Who a shop's share of an order (its fees) goes to, as the ledger and
/// the price breakdown name it.
impl Shop {
    pub fn payee(&self) -> String {
        match (&self.collective_id, &self.organisation_id) {
            (Some(c), _) => payee_collective(c),
            (None, Some(o)) => payee_organisation(o),
            (None, None) => String::new(),
        }
    }
}

pub fn payee_collective(id: &str) -> String {
    format!("c:{id}")
}

pub fn payee_organisation(id: &str) -> String {
    format!("o:{id}")
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ShopInput {
    #[schema(schema_with = schema::line::<2, 120>)]
    pub name: String,
    #[serde(default)]
    #[schema(schema_with = schema::text::<5000>)]
    pub description: String,
    /// The hub's collective (its coordinators run the shop); or
    #[serde(default)]
    #[schema(schema_with = shop_owner)]
    pub collective_id: Option<String>,
    /// the seller selling alone (its administrators run the shop).
    #[serde(default)]
    #[schema(schema_with = shop_owner)]
    pub organisation_id: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::line::<0, 200>)]
    pub address: String,
    #[serde(default)]
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    #[serde(default)]
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
}

kernel::described! {
    /// A collective's or an organisation's id: exactly one of the two.
    fn shop_owner = schema::no_nul().or_null();
}

const SHOP_COLUMNS: &str =
    "id, name, description, collective_id, organisation_id, address, latitude, longitude";

fn shop_from(r: &sqlx::any::AnyRow) -> Result<Shop, sqlx::Error> {
    Ok(Shop {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        collective_id: r.try_get("collective_id")?,
        organisation_id: r.try_get("organisation_id")?,
        address: r.try_get("address")?,
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
    })
}

pub async fn shop(db: &Db, id: &str) -> Result<Shop, AppError> {
    let sql = format!("SELECT {SHOP_COLUMNS} FROM market_shops WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref()
        .map(shop_from)
        .transpose()?
        .ok_or(AppError::NotFound)
}

pub async fn shops(db: &Db) -> Result<Vec<Shop>, AppError> {
    let sql = format!("SELECT {SHOP_COLUMNS} FROM market_shops ORDER BY name, id");
    let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
    Ok(rows.iter().map(shop_from).collect::<Result<_, _>>()?)
}

/// Whether the member runs the shop: a coordinator of its collective, or
/// an administrator of its seller.
pub async fn runs(db: &Db, shop: &Shop, member: &MemberId) -> Result<bool, AppError> {
    Ok(match (&shop.collective_id, &shop.organisation_id) {
        (Some(c), _) => matches!(
            collectives::role_of(db, &CollectiveId::from(c.as_str()), member).await?,
            Some(collectives::Role::Coordinator)
        ),
        (None, Some(o)) => sellers::require_admin(db, o, member).await.is_ok(),
        (None, None) => false,
    })
}

/// Whether the member may volunteer at the shop's distributions: a member
/// of the hub's collective (or of the organisation selling alone), or one
/// who runs the shop.
pub async fn may_volunteer(db: &Db, shop: &Shop, member: &MemberId) -> Result<bool, AppError> {
    let belongs = match (&shop.collective_id, &shop.organisation_id) {
        (Some(c), _) => collectives::role_of(db, &CollectiveId::from(c.as_str()), member)
            .await?
            .is_some(),
        (None, Some(o)) => kernel::organisations::role_of(db, o, member)
            .await?
            .is_some(),
        (None, None) => false,
    };
    Ok(belongs || runs(db, shop, member).await?)
}

/// Whether the member hands a cycle's orders over at its distribution: one
/// who runs its shop, or a volunteer of that cycle not taken off, who still
/// belongs to the shop.
pub async fn hands_over(
    db: &Db,
    shop: &Shop,
    cycle_id: &str,
    member: &MemberId,
) -> Result<bool, AppError> {
    if runs(db, shop, member).await? {
        return Ok(true);
    }
    let signed = sqlx::query(
        "SELECT 1 AS one FROM market_cycle_volunteers \
         WHERE cycle_id = $1 AND member_id = $2 AND removed_at IS NULL",
    )
    .bind(cycle_id)
    .bind(member)
    .fetch_optional(db.pool())
    .await?
    .is_some();
    Ok(signed && may_volunteer(db, shop, member).await?)
}

pub async fn require_hands_over(
    db: &Db,
    shop: &Shop,
    cycle_id: &str,
    member: &MemberId,
) -> Result<(), AppError> {
    if hands_over(db, shop, cycle_id, member).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whose orders of a cycle a member hands over at its distribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandsOver {
    /// Every order: the member runs the coordinating shop, or volunteers
    /// for it.
    Every,
    /// The orders at these distributing hubs' pickup points.
    Hubs(Vec<String>),
    Nothing,
}

impl HandsOver {
    pub fn any(&self) -> bool {
        *self != HandsOver::Nothing
    }

    /// Whether it covers an order at that pickup point of the cycle.
    pub fn covers(&self, cycle: &Cycle, pickup_id: &str) -> bool {
        match self {
            HandsOver::Every => true,
            HandsOver::Hubs(hubs) => cycle
                .hub_of(pickup_id)
                .is_some_and(|h| hubs.contains(&h.shop_id)),
            HandsOver::Nothing => false,
        }
    }
}

/// What of the cycle's orders the member hands over: [`hands_over`] the
/// coordinating shop's, or each accepted distributing hub's.
pub async fn hands_over_in(
    db: &Db,
    cycle: &Cycle,
    member: &MemberId,
) -> Result<HandsOver, AppError> {
    if hands_over(db, &shop(db, &cycle.shop_id).await?, &cycle.id, member).await? {
        return Ok(HandsOver::Every);
    }
    let mut hubs = Vec::new();
    for h in cycle.hubs.iter().filter(|h| h.accepted) {
        if hands_over(db, &shop(db, &h.shop_id).await?, &cycle.id, member).await? {
            hubs.push(h.shop_id.clone());
        }
    }
    Ok(if hubs.is_empty() {
        HandsOver::Nothing
    } else {
        HandsOver::Hubs(hubs)
    })
}

/// Whether the member runs the shop an order at that pickup point belongs
/// to: the coordinating shop (which runs every order), or its hub.
pub async fn runs_order_at(
    db: &Db,
    cycle: &Cycle,
    pickup_id: &str,
    member: &MemberId,
) -> Result<bool, AppError> {
    if runs(db, &shop(db, &cycle.shop_id).await?, member).await? {
        return Ok(true);
    }
    match cycle.hub_of(pickup_id) {
        Some(h) => runs(db, &shop(db, &h.shop_id).await?, member).await,
        None => Ok(false),
    }
}

/// Whether the member may volunteer at the cycle's distribution: at the
/// coordinating shop's, or at one of its accepted hubs'.
pub async fn may_volunteer_in(db: &Db, cycle: &Cycle, member: &MemberId) -> Result<bool, AppError> {
    if may_volunteer(db, &shop(db, &cycle.shop_id).await?, member).await? {
        return Ok(true);
    }
    for h in cycle.hubs.iter().filter(|h| h.accepted) {
        if may_volunteer(db, &shop(db, &h.shop_id).await?, member).await? {
            return Ok(true);
        }
    }
    Ok(false)
}

pub async fn require_runs(db: &Db, shop: &Shop, member: &MemberId) -> Result<(), AppError> {
    if runs(db, shop, member).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A coordinator opens its collective's shop, or a seller's administrator
/// its own.
pub async fn create_shop(db: &Db, actor: &MemberId, input: &ShopInput) -> Result<Shop, AppError> {
    let name =
        kernel::validate::line(&input.name, 2, 120).map_err(|k| AppError::field("name", k))?;
    let description = kernel::validate::text(&input.description, 5000)
        .map_err(|k| AppError::field("description", k))?;
    let address = kernel::validate::line(&input.address, 0, 200)
        .map_err(|k| AppError::field("address", k))?;
    let latitude = input
        .latitude
        .map(kernel::validate::latitude)
        .transpose()
        .map_err(|k| AppError::field("latitude", k))?;
    let longitude = input
        .longitude
        .map(kernel::validate::longitude)
        .transpose()
        .map_err(|k| AppError::field("longitude", k))?;
    let (collective_id, organisation_id) = match (&input.collective_id, &input.organisation_id) {
        (Some(c), None) => {
            collectives::require_coordinator(db, &CollectiveId::from(c.as_str()), actor).await?;
            (Some(c.clone()), None)
        }
        (None, Some(o)) => {
            sellers::require_admin(db, o, actor).await?;
            sellers::get(db, o)
                .await
                .map_err(|_| AppError::field("organisation_id", "error-shop-not-a-seller"))?;
            (None, Some(o.clone()))
        }
        _ => return Err(AppError::field("collective_id", "error-shop-owner")),
    };
    let id = new_id();
    let inserted = sqlx::query(
        "INSERT INTO market_shops (id, name, description, collective_id, organisation_id, address, \
         latitude, longitude, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(&name)
    .bind(&description)
    .bind(&collective_id)
    .bind(&organisation_id)
    .bind(&address)
    .bind(latitude)
    .bind(longitude)
    .bind(now_ms())
    .execute(db.writer())
    .await;
    match inserted {
        Err(e) if kernel::db::is_unique_violation(&e) => {
            return Err(AppError::Conflict("market-shop-exists"));
        }
        other => other?,
    };
    db.changed();
    shop(db, &id).await
}

// ---------- cycles ----------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CycleState {
    Upcoming,
    Open,
    Closed,
}

impl CycleState {
    pub fn code(self) -> &'static str {
        match self {
            CycleState::Upcoming => "upcoming",
            CycleState::Open => "open",
            CycleState::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Cycle {
    pub id: String,
    pub shop_id: String,
    pub shop_name: String,
    pub name: String,
    pub opens_at: i64,
    pub closes_at: i64,
    /// close or collection: when the orders' money is taken.
    pub capture: String,
    pub state: CycleState,
    pub sellers: Vec<CycleSeller>,
    pub pickups: Vec<Pickup>,
    pub fees: Vec<CycleFee>,
    /// The variants offered.
    pub variant_ids: Vec<String>,
    /// The most live orders; none: no cap.
    pub max_orders: Option<i64>,
    /// The most turnover (the live orders' totals), in cents; none: no cap.
    pub max_turnover: Option<i64>,
    /// The variants with a cap on the quantity the cycle's orders take.
    pub variant_caps: Vec<VariantCap>,
    /// The other hubs distributing the cycle, each with its offer.
    pub hubs: Vec<CycleHub>,
    /// Whether a checkout reaching a cap closed it before its time.
    pub closed_early: bool,
    /// How many hours before the close members are reminded; 0: never.
    pub remind_hours: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VariantCap {
    pub variant_id: String,
    pub max_quantity: i64,
    /// What the live orders take of it.
    pub ordered: i64,
}

impl VariantCap {
    pub fn left(&self) -> i64 {
        (self.max_quantity - self.ordered).max(0)
    }
}

impl Cycle {
    /// Whether any cap holds: its checkouts then count under the cycle
    /// row's exclusive lock.
    pub fn capped(&self) -> bool {
        self.max_orders.is_some() || self.max_turnover.is_some() || !self.variant_caps.is_empty()
    }

    /// The cap on a variant, if it has one.
    pub fn variant_cap(&self, variant_id: &str) -> Option<&VariantCap> {
        self.variant_caps
            .iter()
            .find(|c| c.variant_id == variant_id)
    }

    /// Whether a counted variant's stock is what limits it here (below
    /// what its cap leaves, or no cap): what a shop front says is left,
    /// one number only.
    pub fn stock_limits(&self, variant_id: &str, stock: &Option<i64>) -> bool {
        self.variant_cap(variant_id)
            .is_none_or(|c| stock.unwrap_or(0) < c.left())
    }
}

/// A hub distributing a cycle another shop coordinates (Open Food
/// Network's distributor): it offers some of the cycle's products at its
/// own pickup points, with its own fees on top of the coordinator's.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CycleHub {
    /// The hub's shop.
    pub shop_id: String,
    pub name: String,
    /// Whether the hub accepted to distribute (invited until then).
    pub accepted: bool,
    /// What it offers, among the cycle's variants.
    pub variant_ids: Vec<String>,
    /// Who its fees are paid to (its collective's treasury).
    #[serde(skip)]
    pub payee: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CycleSeller {
    pub id: String,
    pub name: String,
    /// Whether the producer accepted to take part (invited until then).
    pub accepted: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Pickup {
    pub id: String,
    /// The distributing hub's shop; none: the coordinating shop's.
    pub hub_id: Option<String>,
    pub place: String,
    pub address: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
    /// Live orders to collect there.
    pub orders: i64,
    /// The window split into slots, each with its capacity; empty: none
    /// (the buyer then comes at any time of the window).
    pub slots: Vec<Slot>,
    /// Set when this is the cycle's home delivery, not a pickup point.
    pub delivery: Option<DeliveryTerms>,
}

impl Pickup {
    pub fn full(&self) -> bool {
        self.capacity.is_some_and(|c| self.orders >= c)
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Slot {
    pub id: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// How many orders it takes; none: no limit.
    pub capacity: Option<i64>,
    /// Live orders in it.
    pub orders: i64,
}

impl Slot {
    pub fn full(&self) -> bool {
        self.capacity.is_some_and(|c| self.orders >= c)
    }

    /// Places left; none: no limit.
    pub fn left(&self) -> Option<i64> {
        self.capacity.map(|c| (c - self.orders).max(0))
    }
}

/// A cycle's home delivery: a flat fee to the shop, within a distance of
/// the shop's position, above a least goods total.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryTerms {
    /// Cents, on each delivered order.
    pub fee: i64,
    /// Kilometres from the shop, as the crow flies.
    pub max_km: i64,
    /// The least goods total delivered, in cents; none: any.
    pub minimum: Option<i64>,
}

impl Cycle {
    /// The accepted distributing hub of that shop.
    pub fn hub(&self, shop_id: &str) -> Option<&CycleHub> {
        self.hubs
            .iter()
            .find(|h| h.shop_id == shop_id && h.accepted)
    }

    /// The hub an order at that pickup point belongs to; none: the
    /// coordinating shop.
    pub fn hub_of(&self, pickup_id: &str) -> Option<&CycleHub> {
        self.pickups
            .iter()
            .find(|p| p.id == pickup_id)
            .and_then(|p| p.hub_id.as_deref())
            .and_then(|h| self.hub(h))
    }

    /// Whether that hub (none: the coordinating shop) offers the variant.
    pub fn offers(&self, hub: Option<&CycleHub>, variant_id: &str) -> bool {
        self.variant_ids.iter().any(|v| v == variant_id)
            && hub.is_none_or(|h| h.variant_ids.iter().any(|v| v == variant_id))
    }

    /// The pickup points (and home delivery) of that hub; none: the
    /// coordinating shop's.
    pub fn pickups_of<'a>(
        &'a self,
        hub: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Pickup> + Clone {
        self.pickups
            .iter()
            .filter(move |p| p.hub_id.as_deref() == hub)
    }

    /// The cycle's home delivery, if it offers one.
    pub fn delivery(&self) -> Option<&Pickup> {
        self.pickups.iter().find(|p| p.delivery.is_some())
    }

    /// The pickup point or delivery an order names, and its slot.
    pub fn slot(&self, slot_id: &str) -> Option<(&Pickup, &Slot)> {
        self.pickups
            .iter()
            .find_map(|p| p.slots.iter().find(|s| s.id == slot_id).map(|s| (p, s)))
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CycleFee {
    pub id: String,
    /// A producer's fee, on its own products; none: the shop's, on all.
    pub seller_id: Option<String>,
    /// A distributing hub's fee, on the orders at its pickup points only.
    pub hub_id: Option<String>,
    pub name: String,
    /// packing, transport, admin, sales or fundraising.
    pub kind: String,
    /// per_order, per_item, per_kg or percent.
    pub calculator: String,
    /// Cents (per order, per item, per kg) or hundredths of a percent.
    pub amount: i64,
    /// None: the VAT of the goods it is charged on.
    pub vat_rate: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CycleInput {
    #[schema(schema_with = schema::line::<2, 120>)]
    pub name: String,
    #[schema(schema_with = schema::timestamp_ms)]
    pub opens_at: i64,
    #[schema(schema_with = schema::timestamp_ms)]
    pub closes_at: i64,
    /// close (default) or collection.
    #[serde(default)]
    #[schema(schema_with = cycle_capture)]
    pub capture: Option<String>,
    /// The most live orders; absent: no cap.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 100000)]
    pub max_orders: Option<i64>,
    /// The most turnover (the live orders' totals), in cents; absent: no cap.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000000000)]
    pub max_turnover: Option<i64>,
    /// How many hours before the close members are reminded (24 when
    /// absent); 0: never.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 720)]
    pub remind_hours: Option<i64>,
    /// The caps on the quantity of the cycle's variants, all of them (the
    /// others have none); absent: unchanged.
    #[serde(default)]
    #[schema(max_items = 500)]
    pub variant_caps: Option<Vec<VariantCapInput>>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct VariantCapInput {
    #[schema(schema_with = schema::no_nul)]
    pub variant_id: String,
    #[schema(minimum = 1, maximum = 1000000)]
    pub max_quantity: i64,
}

/// The largest caps one may set: beyond, a typing mistake.
const MAX_ORDERS_CAP: i64 = 100_000;
const MAX_TURNOVER_CAP: i64 = 1_000_000_000;
const MAX_QUANTITY_CAP: i64 = 1_000_000;
const MAX_REMIND_HOURS: i64 = 720;
const DEFAULT_REMIND_HOURS: i64 = 24;

/// A cycle's caps and reminder, checked.
struct Caps {
    max_orders: Option<i64>,
    max_turnover: Option<i64>,
    remind_hours: i64,
}

fn check_caps(input: &CycleInput) -> Result<Caps, AppError> {
    if input
        .max_orders
        .is_some_and(|m| !(1..=MAX_ORDERS_CAP).contains(&m))
    {
        return Err(AppError::field("max_orders", "error-cap-max-orders"));
    }
    if input
        .max_turnover
        .is_some_and(|m| !(1..=MAX_TURNOVER_CAP).contains(&m))
    {
        return Err(AppError::field("max_turnover", "error-cap-max-turnover"));
    }
    let remind_hours = input.remind_hours.unwrap_or(DEFAULT_REMIND_HOURS);
    if !(0..=MAX_REMIND_HOURS).contains(&remind_hours) {
        return Err(AppError::field("remind_hours", "error-cycle-remind-hours"));
    }
    if input.variant_caps.as_ref().is_some_and(|caps| {
        caps.iter()
            .any(|c| !(1..=MAX_QUANTITY_CAP).contains(&c.max_quantity))
    }) {
        return Err(AppError::field("variant_caps", "error-cap-max-quantity"));
    }
    Ok(Caps {
        max_orders: input.max_orders,
        max_turnover: input.max_turnover,
        remind_hours,
    })
}

/// Stores the caps on the cycle's variants, when given: those listed get
/// theirs, the others none.
async fn set_variant_caps(
    tx: &mut kernel::db::Tx,
    id: &str,
    caps: Option<&Vec<VariantCapInput>>,
) -> Result<(), AppError> {
    let Some(caps) = caps else {
        return Ok(());
    };
    sqlx::query("UPDATE market_cycle_variants SET max_quantity = NULL WHERE cycle_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for c in caps {
        let set = sqlx::query(
            "UPDATE market_cycle_variants SET max_quantity = $1 WHERE cycle_id = $2 AND variant_id = $3",
        )
        .bind(c.max_quantity)
        .bind(id)
        .bind(&c.variant_id)
        .execute(&mut **tx)
        .await?;
        if set.rows_affected() != 1 {
            return Err(AppError::field(
                "variant_caps",
                "error-variant-not-in-cycle",
            ));
        }
    }
    Ok(())
}

fn cycle_capture() -> utoipa::openapi::schema::Schema {
    schema::codes(&["close", "collection"]).or_null()
}

/// How long a cycle may stay open: a season.
const MAX_CYCLE_MS: i64 = 400 * 24 * 3600 * 1000;

fn check_cycle(input: &CycleInput) -> Result<(String, String), AppError> {
    let name =
        kernel::validate::line(&input.name, 2, 120).map_err(|k| AppError::field("name", k))?;
    let (lo, hi) = schema::timestamp_ms_range();
    if !(lo..=hi).contains(&input.opens_at) {
        return Err(AppError::field("opens_at", "error-date"));
    }
    if !(lo..=hi).contains(&input.closes_at)
        || input.closes_at <= input.opens_at
        || input.closes_at - input.opens_at > MAX_CYCLE_MS
    {
        return Err(AppError::field("closes_at", "error-cycle-closes"));
    }
    let capture = input.capture.clone().unwrap_or_else(|| "close".into());
    if capture != "close" && capture != "collection" {
        return Err(AppError::field("capture", "error-cycle-capture"));
    }
    Ok((name, capture))
}

pub async fn create_cycle(
    db: &Db,
    actor: &MemberId,
    shop_id: &str,
    input: &CycleInput,
) -> Result<Cycle, AppError> {
    let shop = shop(db, shop_id).await?;
    require_runs(db, &shop, actor).await?;
    let (name, capture) = check_cycle(input)?;
    let caps = check_caps(input)?;
    // A new cycle offers nothing yet: no variant to cap.
    if input.variant_caps.as_ref().is_some_and(|c| !c.is_empty()) {
        return Err(AppError::field(
            "variant_caps",
            "error-variant-not-in-cycle",
        ));
    }
    let id = new_id();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO market_cycles (id, shop_id, name, opens_at, closes_at, capture, created_by, created_at, \
         max_orders, max_turnover, remind_hours) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(shop_id)
    .bind(&name)
    .bind(input.opens_at)
    .bind(input.closes_at)
    .bind(&capture)
    .bind(actor)
    .bind(now_ms())
    .bind(caps.max_orders)
    .bind(caps.max_turnover)
    .bind(caps.remind_hours)
    .execute(&mut *tx)
    .await?;
    // A seller selling alone takes part in its own cycles.
    if let Some(o) = &shop.organisation_id {
        sqlx::query(
            "INSERT INTO market_cycle_sellers (cycle_id, seller_id, accepted_at) VALUES ($1, $2, $3)",
        )
        .bind(&id)
        .bind(o)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    }
    schedule_close(&mut tx, &id, input.closes_at).await?;
    schedule_reminder(
        &mut tx,
        &id,
        input.opens_at,
        input.closes_at,
        caps.remind_hours,
    )
    .await?;
    schedule_open(&mut tx, &id, input.opens_at, &input.opens_at.to_string()).await?;
    tx.commit().await?;
    cycle(db, &id).await
}

/// The job that places the regular orders when the cycle opens, keyed by
/// `why` (the opening time, or what was added to an open cycle): a moved
/// opening schedules another, and a run too early (no pickup point yet)
/// is followed by the one a new pickup point or offer schedules.
pub(crate) async fn schedule_open<'c>(
    conn: impl Into<kernel::db::Conn<'c>>,
    id: &str,
    run_at: i64,
    why: &str,
) -> Result<(), AppError> {
    #[derive(Serialize)]
    struct Open<'a> {
        cycle_id: &'a str,
    }
    kernel::jobs::enqueue(
        conn,
        kernel::jobs::NewJob {
            kind: JOB_OPEN,
            payload: &Open { cycle_id: id },
            run_at,
            dedupe_key: Some(format!("{JOB_OPEN}:{id}:{why}")),
            max_attempts: 20,
        },
    )
    .await
}

/// The closing job for this closing time (a changed time schedules another;
/// the job of a time that no longer holds does nothing).
async fn schedule_close(tx: &mut kernel::db::Tx, id: &str, closes_at: i64) -> Result<(), AppError> {
    #[derive(Serialize)]
    struct Close<'a> {
        cycle_id: &'a str,
    }
    kernel::jobs::enqueue(
        tx,
        kernel::jobs::NewJob {
            kind: JOB_CLOSE,
            payload: &Close { cycle_id: id },
            run_at: closes_at,
            dedupe_key: Some(format!("{JOB_CLOSE}:{id}:{closes_at}")),
            max_attempts: 20,
        },
    )
    .await
}

/// The reminder job for this closing time and advance, run once the cycle
/// is open (a moved close or a changed advance schedules another; the job
/// of a time that no longer holds does nothing).
async fn schedule_reminder(
    tx: &mut kernel::db::Tx,
    id: &str,
    opens_at: i64,
    closes_at: i64,
    remind_hours: i64,
) -> Result<(), AppError> {
    #[derive(Serialize)]
    struct Remind<'a> {
        cycle_id: &'a str,
    }
    if remind_hours == 0 {
        return Ok(());
    }
    let run_at = (closes_at - remind_hours * 3600 * 1000).max(opens_at);
    kernel::jobs::enqueue(
        tx,
        kernel::jobs::NewJob {
            kind: JOB_REMIND,
            payload: &Remind { cycle_id: id },
            run_at,
            dedupe_key: Some(format!("{JOB_REMIND}:{id}:{run_at}")),
            max_attempts: 20,
        },
    )
    .await
}

pub async fn update_cycle(
    db: &Db,
    actor: &MemberId,
    id: &str,
    input: &CycleInput,
) -> Result<Cycle, AppError> {
    let current = cycle(db, id).await?;
    let shop = shop(db, &current.shop_id).await?;
    require_runs(db, &shop, actor).await?;
    if current.state == CycleState::Closed {
        return Err(AppError::Conflict("market-cycle-closed"));
    }
    let (name, capture) = check_cycle(input)?;
    let caps = check_caps(input)?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE market_cycles SET name = $1, opens_at = $2, closes_at = $3, capture = $4, \
         max_orders = $6, max_turnover = $7, remind_hours = $8 WHERE id = $5 AND closed_at IS NULL",
    )
    .bind(&name)
    .bind(input.opens_at)
    .bind(input.closes_at)
    .bind(&capture)
    .bind(id)
    .bind(caps.max_orders)
    .bind(caps.max_turnover)
    .bind(caps.remind_hours)
    .execute(&mut *tx)
    .await?;
    set_variant_caps(&mut tx, id, input.variant_caps.as_ref()).await?;
    schedule_close(&mut tx, id, input.closes_at).await?;
    schedule_reminder(
        &mut tx,
        id,
        input.opens_at,
        input.closes_at,
        caps.remind_hours,
    )
    .await?;
    schedule_open(&mut tx, id, input.opens_at, &input.opens_at.to_string()).await?;
    tx.commit().await?;
    cycle(db, id).await
}

const CYCLE_COLUMNS: &str = "c.id, c.shop_id, s.name AS shop_name, c.name, c.opens_at, c.closes_at, \
     c.capture, c.closed_at, c.max_orders, c.max_turnover, c.cap_reached_at, c.remind_hours";

pub(crate) fn state_of(
    opens_at: i64,
    closes_at: i64,
    closed_at: Option<i64>,
    now: i64,
) -> CycleState {
    if closed_at.is_some() || now >= closes_at {
        CycleState::Closed
    } else if now >= opens_at {
        CycleState::Open
    } else {
        CycleState::Upcoming
    }
}

fn cycle_from(r: &sqlx::any::AnyRow, now: i64) -> Result<Cycle, sqlx::Error> {
    let (opens_at, closes_at) = (r.try_get("opens_at")?, r.try_get("closes_at")?);
    Ok(Cycle {
        id: r.try_get("id")?,
        shop_id: r.try_get("shop_id")?,
        shop_name: r.try_get("shop_name")?,
        name: r.try_get("name")?,
        opens_at,
        closes_at,
        capture: r.try_get("capture")?,
        state: state_of(opens_at, closes_at, r.try_get("closed_at")?, now),
        sellers: Vec::new(),
        pickups: Vec::new(),
        fees: Vec::new(),
        variant_ids: Vec::new(),
        max_orders: r.try_get("max_orders")?,
        max_turnover: r.try_get("max_turnover")?,
        variant_caps: Vec::new(),
        hubs: Vec::new(),
        closed_early: r.try_get::<Option<i64>, _>("cap_reached_at")?.is_some(),
        remind_hours: r.try_get("remind_hours")?,
    })
}

pub async fn cycle(db: &Db, id: &str) -> Result<Cycle, AppError> {
    let sql = format!(
        "SELECT {CYCLE_COLUMNS} FROM market_cycles c JOIN market_shops s ON s.id = c.shop_id WHERE c.id = $1"
    );
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let mut c = cycle_from(&row, now_ms())?;
    for r in sqlx::query(
        "SELECT o.id, o.name, cs.accepted_at FROM market_cycle_sellers cs JOIN organisations o ON o.id = cs.seller_id \
         WHERE cs.cycle_id = $1 ORDER BY o.name",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    {
        c.sellers.push(CycleSeller {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            accepted: r.try_get::<Option<i64>, _>("accepted_at")?.is_some(),
        });
    }
    for r in sqlx::query(
        "SELECT p.id, p.shop_id, p.place, p.address, p.starts_at, p.ends_at, p.capacity, \
         p.delivery_km, p.delivery_fee, p.delivery_minimum, \
         (SELECT COUNT(*) FROM market_orders o WHERE o.pickup_id = p.id AND o.state <> 'cancelled') AS orders \
         FROM market_pickups p WHERE p.cycle_id = $1 ORDER BY p.starts_at, p.place",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    {
        let delivery = match r.try_get::<Option<i64>, _>("delivery_km")? {
            Some(max_km) => Some(DeliveryTerms {
                fee: r.try_get::<Option<i64>, _>("delivery_fee")?.unwrap_or(0),
                max_km,
                minimum: r.try_get("delivery_minimum")?,
            }),
            None => None,
        };
        c.pickups.push(Pickup {
            id: r.try_get("id")?,
            hub_id: r.try_get("shop_id")?,
            place: r.try_get("place")?,
            address: r.try_get("address")?,
            starts_at: r.try_get("starts_at")?,
            ends_at: r.try_get("ends_at")?,
            capacity: r.try_get("capacity")?,
            orders: r.try_get("orders")?,
            slots: Vec::new(),
            delivery,
        });
    }
    for r in sqlx::query(
        "SELECT s.id, s.pickup_id, s.starts_at, s.ends_at, s.capacity, \
         (SELECT COUNT(*) FROM market_orders o WHERE o.slot_id = s.id AND o.state <> 'cancelled') AS orders \
         FROM market_slots s JOIN market_pickups p ON p.id = s.pickup_id WHERE p.cycle_id = $1 \
         ORDER BY s.starts_at, s.id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    {
        let pickup_id: String = r.try_get("pickup_id")?;
        if let Some(p) = c.pickups.iter_mut().find(|p| p.id == pickup_id) {
            p.slots.push(Slot {
                id: r.try_get("id")?,
                starts_at: r.try_get("starts_at")?,
                ends_at: r.try_get("ends_at")?,
                capacity: r.try_get("capacity")?,
                orders: r.try_get("orders")?,
            });
        }
    }
    for r in sqlx::query(
        "SELECT id, seller_id, shop_id, name, kind, calculator, amount, vat_rate FROM market_fees \
         WHERE cycle_id = $1 ORDER BY name, id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    {
        c.fees.push(CycleFee {
            id: r.try_get("id")?,
            seller_id: r.try_get("seller_id")?,
            hub_id: r.try_get("shop_id")?,
            name: r.try_get("name")?,
            kind: r.try_get("kind")?,
            calculator: r.try_get("calculator")?,
            amount: r.try_get("amount")?,
            vat_rate: r.try_get("vat_rate")?,
        });
    }
    for r in sqlx::query(
        // What is ordered is summed for capped variants only: read at
        // every checkout, the sum over every line of the cycle was most
        // of a checkout's time.
        "SELECT cv.variant_id, cv.max_quantity, CASE WHEN cv.max_quantity IS NULL THEN 0 ELSE \
         CAST((SELECT COALESCE(SUM(l.quantity), 0) \
         FROM market_order_lines l JOIN market_orders o ON o.id = l.order_id \
         WHERE o.cycle_id = cv.cycle_id AND o.state <> 'cancelled' AND l.variant_id = cv.variant_id) AS BIGINT) END AS ordered \
         FROM market_cycle_variants cv WHERE cv.cycle_id = $1 ORDER BY cv.variant_id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    {
        let variant_id: String = r.try_get("variant_id")?;
        if let Some(max_quantity) = r.try_get::<Option<i64>, _>("max_quantity")? {
            c.variant_caps.push(VariantCap {
                variant_id: variant_id.clone(),
                max_quantity,
                ordered: r.try_get("ordered")?,
            });
        }
        c.variant_ids.push(variant_id);
    }
    for r in sqlx::query(
        "SELECT h.shop_id, s.name, s.collective_id, h.accepted_at FROM market_cycle_hubs h \
         JOIN market_shops s ON s.id = h.shop_id WHERE h.cycle_id = $1 ORDER BY s.name, s.id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    {
        // Only a collective's shop is invited (`add_hub`).
        let Some(collective) = r.try_get::<Option<String>, _>("collective_id")? else {
            continue;
        };
        c.hubs.push(CycleHub {
            shop_id: r.try_get("shop_id")?,
            name: r.try_get("name")?,
            accepted: r.try_get::<Option<i64>, _>("accepted_at")?.is_some(),
            variant_ids: Vec::new(),
            payee: payee_collective(&collective),
        });
    }
    for r in sqlx::query(
        "SELECT shop_id, variant_id FROM market_cycle_hub_variants WHERE cycle_id = $1 ORDER BY variant_id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    {
        let shop_id: String = r.try_get("shop_id")?;
        if let Some(h) = c.hubs.iter_mut().find(|h| h.shop_id == shop_id) {
            h.variant_ids.push(r.try_get("variant_id")?);
        }
    }
    Ok(c)
}

/// Cycles of a shop, or of every shop, newest closing first.
pub async fn cycles(db: &Db, shop_id: Option<&str>) -> Result<Vec<Cycle>, AppError> {
    let sql = format!(
        "SELECT {CYCLE_COLUMNS} FROM market_cycles c JOIN market_shops s ON s.id = c.shop_id \
         WHERE ($1 = '' OR c.shop_id = $1) ORDER BY c.closes_at DESC, c.id"
    );
    let now = now_ms();
    let rows = sqlx::query(&sql)
        .bind(shop_id.unwrap_or(""))
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .iter()
        .map(|r| cycle_from(r, now))
        .collect::<Result<_, _>>()?)
}

/// The cycle, for one who runs its shop, while it is not closed.
async fn editable(db: &Db, actor: &MemberId, id: &str) -> Result<(Cycle, Shop), AppError> {
    let c = cycle(db, id).await?;
    let s = shop(db, &c.shop_id).await?;
    require_runs(db, &s, actor).await?;
    if c.state == CycleState::Closed {
        return Err(AppError::Conflict("market-cycle-closed"));
    }
    Ok((c, s))
}

/// The cycle, while it is not closed, for one who runs that distributing
/// hub of it (accepted) or the coordinating shop; `hub` none: for one who
/// runs the coordinating shop.
async fn editable_by(
    db: &Db,
    actor: &MemberId,
    id: &str,
    hub: Option<&str>,
) -> Result<Cycle, AppError> {
    let Some(hub) = hub else {
        return Ok(editable(db, actor, id).await?.0);
    };
    let c = cycle(db, id).await?;
    if c.hub(hub).is_none() {
        return Err(AppError::field("hub_id", "error-hub-not-in-cycle"));
    }
    let runs_hub = runs(db, &shop(db, hub).await?, actor).await?;
    if !runs_hub && !runs(db, &shop(db, &c.shop_id).await?, actor).await? {
        return Err(AppError::Forbidden);
    }
    if c.state == CycleState::Closed {
        return Err(AppError::Conflict("market-cycle-closed"));
    }
    Ok(c)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct HubInput {
    /// The hub's shop: a collective's, other than the coordinating one.
    #[schema(schema_with = schema::line::<1, 64>)]
    pub shop_id: String,
}

/// The coordinating shop invites another hub to distribute the cycle; it
/// does once one who runs it accepts (at once when the one inviting does).
pub async fn add_hub(
    db: &Db,
    actor: &MemberId,
    id: &str,
    input: &HubInput,
) -> Result<Cycle, AppError> {
    let (c, _) = editable(db, actor, id).await?;
    let hub = match shop(db, &input.shop_id).await {
        Err(AppError::NotFound) => return Err(AppError::field("shop_id", "error-hub-unknown")),
        other => other?,
    };
    // Only a collective distributes others' products; a seller selling
    // alone takes part as a producer.
    if hub.id == c.shop_id || hub.collective_id.is_none() {
        return Err(AppError::field("shop_id", "error-hub-not-a-hub"));
    }
    let now = now_ms();
    let accepted = runs(db, &hub, actor).await?.then_some(now);
    sqlx::query(
        "INSERT INTO market_cycle_hubs (cycle_id, shop_id, invited_at, accepted_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(&hub.id)
    .bind(now)
    .bind(accepted)
    .execute(db.writer())
    .await?;
    db.changed();
    cycle(db, id).await
}

/// Sets what a distributing hub offers among the cycle's products: one who
/// runs the hub (which accepts the invitation), or the coordinating shop
/// once the hub accepted.
pub async fn set_hub_offer(
    db: &Db,
    actor: &MemberId,
    id: &str,
    hub_id: &str,
    variant_ids: &[String],
) -> Result<Cycle, AppError> {
    let c = cycle(db, id).await?;
    let Some(invited) = c.hubs.iter().find(|h| h.shop_id == hub_id) else {
        return Err(AppError::NotFound);
    };
    let own = runs(db, &shop(db, hub_id).await?, actor).await?;
    if !own && !runs(db, &shop(db, &c.shop_id).await?, actor).await? {
        return Err(AppError::Forbidden);
    }
    if !own && !invited.accepted {
        return Err(AppError::field("shop_id", "error-hub-not-accepted"));
    }
    if c.state == CycleState::Closed {
        return Err(AppError::Conflict("market-cycle-closed"));
    }
    if variant_ids.len() > 500 {
        return Err(AppError::field("variant_ids", "error-hub-offer-too-large"));
    }
    if variant_ids.iter().any(|v| !c.variant_ids.contains(v)) {
        return Err(AppError::field("variant_ids", "error-variant-not-in-cycle"));
    }
    let mut tx = db.begin().await?;
    // The hub's row locked even once accepted: two offers sent at once
    // (a form sent twice) replace the variants one after the other.
    sqlx::query(
        "UPDATE market_cycle_hubs SET accepted_at = COALESCE(accepted_at, $1) WHERE cycle_id = $2 AND shop_id = $3",
    )
    .bind(now_ms())
    .bind(id)
    .bind(hub_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM market_cycle_hub_variants WHERE cycle_id = $1 AND shop_id = $2")
        .bind(id)
        .bind(hub_id)
        .execute(&mut *tx)
        .await?;
    let wanted: std::collections::BTreeSet<&String> = variant_ids.iter().collect();
    for v in wanted {
        sqlx::query(
            "INSERT INTO market_cycle_hub_variants (cycle_id, shop_id, variant_id) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(hub_id)
        .bind(v)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    db.changed();
    cycle(db, id).await
}

/// The cycles a shop distributes for another (accepted), newest closing
/// first.
pub async fn distributed(db: &Db, shop_id: &str) -> Result<Vec<Cycle>, AppError> {
    let sql = format!(
        "SELECT {CYCLE_COLUMNS} FROM market_cycles c JOIN market_shops s ON s.id = c.shop_id \
         JOIN market_cycle_hubs h ON h.cycle_id = c.id AND h.shop_id = $1 AND h.accepted_at IS NOT NULL \
         ORDER BY c.closes_at DESC, c.id"
    );
    let now = now_ms();
    let rows = sqlx::query(&sql).bind(shop_id).fetch_all(db.pool()).await?;
    Ok(rows
        .iter()
        .map(|r| cycle_from(r, now))
        .collect::<Result<_, _>>()?)
}

/// The distributing hubs of the cycles not closed: (cycle id, hub's shop
/// id, hub's name), by name.
pub async fn hub_fronts(db: &Db) -> Result<Vec<(String, String, String)>, AppError> {
    let rows = sqlx::query(
        "SELECT h.cycle_id, s.id, s.name FROM market_cycle_hubs h JOIN market_shops s ON s.id = h.shop_id \
         JOIN market_cycles c ON c.id = h.cycle_id \
         WHERE h.accepted_at IS NOT NULL AND c.closed_at IS NULL AND c.closes_at > $1 ORDER BY s.name, s.id",
    )
    .bind(now_ms())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| Ok((r.try_get("cycle_id")?, r.try_get("id")?, r.try_get("name")?)))
        .collect::<Result<_, sqlx::Error>>()?)
}

/// The hubs invited to distribute a cycle, not closed, that the member
/// runs and that have not accepted: (cycle id, cycle name, coordinating
/// shop's name, hub's shop id, hub's name).
pub async fn hub_invitations(
    db: &Db,
    member: &MemberId,
) -> Result<Vec<(String, String, String, String, String)>, AppError> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, s.name AS shop_name, hs.id AS hub_id, hs.name AS hub_name FROM market_cycle_hubs h \
         JOIN market_cycles c ON c.id = h.cycle_id JOIN market_shops s ON s.id = c.shop_id \
         JOIN market_shops hs ON hs.id = h.shop_id \
         JOIN collective_members cm ON cm.collective_id = hs.collective_id AND cm.member_id = $1 \
         AND cm.role = 'coordinator' AND cm.left_at IS NULL \
         WHERE h.accepted_at IS NULL AND c.closed_at IS NULL AND c.closes_at > $2 ORDER BY c.closes_at",
    )
    .bind(member)
    .bind(now_ms())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("name")?,
                r.try_get("shop_name")?,
                r.try_get("hub_id")?,
                r.try_get("hub_name")?,
            ))
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// The shop invites a producer to the cycle; it takes part once one of its
/// administrators accepts (at once when the one inviting is one).
pub async fn add_seller(
    db: &Db,
    actor: &MemberId,
    id: &str,
    seller_id: &str,
) -> Result<Cycle, AppError> {
    editable(db, actor, id).await?;
    sellers::get(db, seller_id)
        .await
        .map_err(|_| AppError::field("seller_id", "error-seller-unknown"))?;
    let accepted = sellers::require_admin(db, seller_id, actor)
        .await
        .is_ok()
        .then(now_ms);
    sqlx::query(
        "INSERT INTO market_cycle_sellers (cycle_id, seller_id, accepted_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(seller_id)
    .bind(accepted)
    .execute(db.writer())
    .await?;
    db.changed();
    cycle(db, id).await
}

/// The cycles not closed that invite an organisation the member
/// administers: (cycle id, cycle name, shop name, producer name).
pub async fn invitations(
    db: &Db,
    member: &MemberId,
) -> Result<Vec<(String, String, String, String)>, AppError> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, s.name AS shop_name, o.name AS seller_name FROM market_cycle_sellers cs \
         JOIN market_cycles c ON c.id = cs.cycle_id JOIN market_shops s ON s.id = c.shop_id \
         JOIN organisations o ON o.id = cs.seller_id \
         JOIN organisation_members om ON om.organisation_id = cs.seller_id AND om.member_id = $1 AND om.role = 'admin' \
         WHERE cs.accepted_at IS NULL AND c.closed_at IS NULL AND c.closes_at > $2 ORDER BY c.closes_at",
    )
    .bind(member)
    .bind(now_ms())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("name")?,
                r.try_get("shop_name")?,
                r.try_get("seller_name")?,
            ))
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// A producer's administrator accepts to take part in a cycle it was
/// invited to.
pub async fn accept(
    db: &Db,
    actor: &MemberId,
    id: &str,
    seller_id: &str,
) -> Result<Cycle, AppError> {
    let c = cycle(db, id).await?;
    sellers::require_admin(db, seller_id, actor).await?;
    if !c.sellers.iter().any(|s| s.id == seller_id) {
        return Err(AppError::NotFound);
    }
    if c.state == CycleState::Closed {
        return Err(AppError::Conflict("market-cycle-closed"));
    }
    mark_accepted(&mut *db.writer().acquire().await?, id, seller_id).await?;
    db.changed();
    cycle(db, id).await
}

/// The producer takes part in the cycle, from now on (once).
async fn mark_accepted(
    conn: &mut sqlx::AnyConnection,
    cycle_id: &str,
    seller_id: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE market_cycle_sellers SET accepted_at = $1 WHERE cycle_id = $2 AND seller_id = $3 \
         AND accepted_at IS NULL",
    )
    .bind(now_ms())
    .bind(cycle_id)
    .bind(seller_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets what a producer brings to the cycle: the shop, or the producer's
/// administrators, choose among its live variants.
pub async fn set_offer(
    db: &Db,
    actor: &MemberId,
    id: &str,
    seller_id: &str,
    variant_ids: &[String],
) -> Result<Cycle, AppError> {
    let c = cycle(db, id).await?;
    if c.state == CycleState::Closed {
        return Err(AppError::Conflict("market-cycle-closed"));
    }
    let s = shop(db, &c.shop_id).await?;
    let own = sellers::require_admin(db, seller_id, actor).await.is_ok();
    if !own && !runs(db, &s, actor).await? {
        return Err(AppError::Forbidden);
    }
    let Some(taking_part) = c.sellers.iter().find(|x| x.id == seller_id) else {
        return Err(AppError::field("seller_id", "error-seller-not-in-cycle"));
    };
    // The shop chooses among a producer's products once it accepted;
    // a producer choosing its own accepts.
    if !own && !taking_part.accepted {
        return Err(AppError::field("seller_id", "error-seller-not-accepted"));
    }
    let mut tx = db.begin().await?;
    if own && !taking_part.accepted {
        // In the offer's transaction: an offer refused accepts nothing.
        mark_accepted(&mut tx, id, seller_id).await?;
    }
    // A variant offered again keeps its cap.
    let caps: std::collections::HashMap<&str, i64> = c
        .variant_caps
        .iter()
        .map(|v| (v.variant_id.as_str(), v.max_quantity))
        .collect();
    sqlx::query(
        "DELETE FROM market_cycle_variants WHERE cycle_id = $1 AND variant_id IN \
         (SELECT v.id FROM market_variants v JOIN market_products p ON p.id = v.product_id WHERE p.seller_id = $2)",
    )
    .bind(id)
    .bind(seller_id)
    .execute(&mut *tx)
    .await?;
    for v in variant_ids {
        let theirs = sqlx::query(
            "SELECT 1 AS one FROM market_variants v JOIN market_products p ON p.id = v.product_id \
             WHERE v.id = $1 AND p.seller_id = $2 AND v.archived_at IS NULL AND p.archived_at IS NULL",
        )
        .bind(v)
        .bind(seller_id)
        .fetch_optional(&mut *tx)
        .await?;
        if theirs.is_none() {
            return Err(AppError::field("variant_ids", "error-variant-not-theirs"));
        }
        sqlx::query(
            "INSERT INTO market_cycle_variants (cycle_id, variant_id, max_quantity) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(v)
        .bind(caps.get(v.as_str()).copied())
        .execute(&mut *tx)
        .await?;
    }
    if c.state == CycleState::Open {
        let now = now_ms();
        schedule_open(&mut tx, id, now, &format!("offer:{seller_id}:{now}")).await?;
    }
    tx.commit().await?;
    cycle(db, id).await
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PickupInput {
    #[schema(schema_with = schema::line::<2, 120>)]
    pub place: String,
    #[serde(default)]
    #[schema(schema_with = schema::line::<0, 200>)]
    pub address: String,
    #[schema(schema_with = schema::timestamp_ms)]
    pub starts_at: i64,
    #[schema(schema_with = schema::timestamp_ms)]
    pub ends_at: i64,
    /// How many orders it takes; absent: no limit.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 100000)]
    pub capacity: Option<i64>,
    /// A distributing hub's pickup point (one who runs it adds it);
    /// absent: the coordinating shop's.
    #[serde(default)]
    #[schema(schema_with = shop_owner)]
    pub hub_id: Option<String>,
}

pub async fn add_pickup(
    db: &Db,
    actor: &MemberId,
    id: &str,
    input: &PickupInput,
) -> Result<Cycle, AppError> {
    let hub_id = input.hub_id.as_deref().filter(|h| !h.is_empty());
    let c = editable_by(db, actor, id, hub_id).await?;
    let place =
        kernel::validate::line(&input.place, 2, 120).map_err(|k| AppError::field("place", k))?;
    let address = kernel::validate::line(&input.address, 0, 200)
        .map_err(|k| AppError::field("address", k))?;
    let (lo, hi) = schema::timestamp_ms_range();
    if !(lo..=hi).contains(&input.starts_at) {
        return Err(AppError::field("starts_at", "error-date"));
    }
    if !(lo..=hi).contains(&input.ends_at) || input.ends_at <= input.starts_at {
        return Err(AppError::field("ends_at", "error-pickup-ends"));
    }
    if input.capacity.is_some_and(|c| !(1..=100_000).contains(&c)) {
        return Err(AppError::field("capacity", "error-pickup-capacity"));
    }
    let pickup_id = new_id();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO market_pickups (id, cycle_id, place, address, starts_at, ends_at, capacity, shop_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&pickup_id)
    .bind(id)
    .bind(&place)
    .bind(&address)
    .bind(input.starts_at)
    .bind(input.ends_at)
    .bind(input.capacity)
    .bind(hub_id)
    .execute(&mut *tx)
    .await?;
    // An open cycle's regular orders wait for a pickup point.
    if c.state == CycleState::Open {
        schedule_open(&mut tx, id, now_ms(), &format!("pickup:{pickup_id}")).await?;
    }
    tx.commit().await?;
    cycle(db, id).await
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SlotsInput {
    /// Each slot's length; the pickup's window is split from its start
    /// (a last shorter slot ends with the window). 0: no slots.
    #[schema(minimum = 0, maximum = 1440)]
    pub minutes: i64,
    /// How many orders each slot takes; absent: no limit.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 100000)]
    pub capacity: Option<i64>,
}

/// The most slots one pickup point is split into.
pub const MAX_SLOTS: i64 = 96;

/// Splits a pickup point's window into slots (or takes its slots away),
/// while no live order is in one of its slots.
pub async fn set_slots(
    db: &Db,
    actor: &MemberId,
    id: &str,
    pickup_id: &str,
    input: &SlotsInput,
) -> Result<Cycle, AppError> {
    let c = cycle(db, id).await?;
    let Some(pickup) = c.pickups.iter().find(|p| p.id == pickup_id) else {
        return Err(AppError::NotFound);
    };
    editable_by(db, actor, id, pickup.hub_id.as_deref()).await?;
    if !(0..=1440).contains(&input.minutes)
        || (input.minutes > 0 && input.minutes < 5)
        || (input.minutes > 0
            && (pickup.ends_at - pickup.starts_at + input.minutes * 60_000 - 1)
                / (input.minutes * 60_000)
                > MAX_SLOTS)
    {
        return Err(AppError::field("minutes", "error-slot-minutes"));
    }
    if input.capacity.is_some_and(|c| !(1..=100_000).contains(&c)) {
        return Err(AppError::field("capacity", "error-pickup-capacity"));
    }
    if pickup.slots.iter().any(|s| s.orders > 0) {
        return Err(AppError::field("minutes", "error-slots-taken"));
    }
    let mut tx = db.begin().await?;
    // Orders of this pickup not in a slot (it had none) stay without one.
    sqlx::query(
        "UPDATE market_orders SET slot_id = NULL WHERE slot_id IN \
         (SELECT id FROM market_slots WHERE pickup_id = $1)",
    )
    .bind(pickup_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM market_slots WHERE pickup_id = $1")
        .bind(pickup_id)
        .execute(&mut *tx)
        .await?;
    if input.minutes > 0 {
        let step = input.minutes * 60_000;
        let mut at = pickup.starts_at;
        while at < pickup.ends_at {
            sqlx::query(
                "INSERT INTO market_slots (id, pickup_id, starts_at, ends_at, capacity) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(new_id())
            .bind(pickup_id)
            .bind(at)
            .bind((at + step).min(pickup.ends_at))
            .bind(input.capacity)
            .execute(&mut *tx)
            .await?;
            at += step;
        }
    }
    tx.commit().await?;
    db.changed();
    cycle(db, id).await
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct DeliveryInput {
    /// How the buyers read it: "Home delivery", "Livraison à domicile".
    #[schema(schema_with = schema::line::<2, 120>)]
    pub name: String,
    /// The delivery window.
    #[schema(schema_with = schema::timestamp_ms)]
    pub starts_at: i64,
    #[schema(schema_with = schema::timestamp_ms)]
    pub ends_at: i64,
    /// The flat fee on each delivered order, in cents (to the shop).
    #[schema(minimum = 0, maximum = 100000)]
    pub fee: i64,
    /// How far from the shop it delivers, in kilometres.
    #[schema(minimum = 1, maximum = 1000)]
    pub max_km: i64,
    /// The least goods total delivered, in cents; absent: any.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10000000)]
    pub minimum: Option<i64>,
    /// How many orders it takes; absent: no limit.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 100000)]
    pub capacity: Option<i64>,
}

/// Where a shop is: its own position, else its organisation's.
pub async fn position(db: &Db, shop: &Shop) -> Result<Option<(f64, f64)>, AppError> {
    if let (Some(lat), Some(lon)) = (shop.latitude, shop.longitude) {
        return Ok(Some((lat, lon)));
    }
    let Some(org) = &shop.organisation_id else {
        return Ok(None);
    };
    let row = sqlx::query("SELECT latitude, longitude FROM organisations WHERE id = $1")
        .bind(org)
        .fetch_optional(db.pool())
        .await?;
    Ok(match row {
        Some(r) => r
            .try_get::<Option<f64>, _>("latitude")?
            .zip(r.try_get::<Option<f64>, _>("longitude")?),
        None => None,
    })
}

/// The cycle offers home delivery, or changes its terms (one per cycle).
pub async fn set_delivery(
    db: &Db,
    actor: &MemberId,
    id: &str,
    input: &DeliveryInput,
) -> Result<Cycle, AppError> {
    let (c, shop) = editable(db, actor, id).await?;
    let name =
        kernel::validate::line(&input.name, 2, 120).map_err(|k| AppError::field("name", k))?;
    let (lo, hi) = schema::timestamp_ms_range();
    if !(lo..=hi).contains(&input.starts_at) {
        return Err(AppError::field("starts_at", "error-date"));
    }
    if !(lo..=hi).contains(&input.ends_at) || input.ends_at <= input.starts_at {
        return Err(AppError::field("ends_at", "error-pickup-ends"));
    }
    if !(0..=100_000).contains(&input.fee) {
        return Err(AppError::field("fee", "error-delivery-fee"));
    }
    if !(1..=1000).contains(&input.max_km) {
        return Err(AppError::field("max_km", "error-delivery-km"));
    }
    if input
        .minimum
        .is_some_and(|m| !(0..=10_000_000).contains(&m))
    {
        return Err(AppError::field("minimum", "error-delivery-minimum"));
    }
    if input.capacity.is_some_and(|c| !(1..=100_000).contains(&c)) {
        return Err(AppError::field("capacity", "error-pickup-capacity"));
    }
    // The zone is counted from the shop: it needs a position.
    if position(db, &shop).await?.is_none() {
        return Err(AppError::field("max_km", "error-delivery-no-position"));
    }
    match c.delivery() {
        Some(d) => {
            sqlx::query(
                "UPDATE market_pickups SET place = $1, starts_at = $2, ends_at = $3, capacity = $4, \
                 delivery_km = $5, delivery_fee = $6, delivery_minimum = $7 WHERE id = $8",
            )
            .bind(&name)
            .bind(input.starts_at)
            .bind(input.ends_at)
            .bind(input.capacity)
            .bind(input.max_km)
            .bind(input.fee)
            .bind(input.minimum)
            .bind(&d.id)
            .execute(db.writer())
            .await?;
        }
        None => {
            sqlx::query(
                "INSERT INTO market_pickups (id, cycle_id, place, address, starts_at, ends_at, capacity, \
                 delivery_km, delivery_fee, delivery_minimum) VALUES ($1, $2, $3, '', $4, $5, $6, $7, $8, $9)",
            )
            .bind(new_id())
            .bind(id)
            .bind(&name)
            .bind(input.starts_at)
            .bind(input.ends_at)
            .bind(input.capacity)
            .bind(input.max_km)
            .bind(input.fee)
            .bind(input.minimum)
            .execute(db.writer())
            .await?;
        }
    }
    db.changed();
    cycle(db, id).await
}

pub const FEE_KINDS: &[&str] = &["packing", "transport", "admin", "sales", "fundraising"];
pub const CALCULATORS: &[&str] = &["per_order", "per_item", "per_kg", "percent"];

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct FeeInput {
    /// A producer's fee (its administrators add it), on its own products;
    /// absent: the shop's fee, on all.
    #[serde(default)]
    #[schema(schema_with = shop_owner)]
    pub seller_id: Option<String>,
    /// A distributing hub's fee (one who runs it adds it), on the orders at
    /// its pickup points; absent with no seller: the coordinating shop's.
    #[serde(default)]
    #[schema(schema_with = shop_owner)]
    pub hub_id: Option<String>,
    #[schema(schema_with = schema::line::<2, 80>)]
    pub name: String,
    #[schema(schema_with = fee_kind)]
    pub kind: String,
    #[schema(schema_with = fee_calculator)]
    pub calculator: String,
    /// Cents for per_order, per_item and per_kg (at most 1,000 €);
    /// hundredths of a percent for percent (at most 50 %).
    #[schema(minimum = 0, maximum = 100000)]
    pub amount: i64,
    #[serde(default)]
    #[schema(schema_with = fee_vat_rate)]
    pub vat_rate: Option<u16>,
}

kernel::described! {
    /// In hundredths of a percent, one of France's rates; absent: the VAT
    /// of the goods it is charged on.
    fn fee_vat_rate = schema::integers(&[0, 210, 550, 1000, 2000]).or_null();
}

fn fee_kind() -> utoipa::openapi::schema::Schema {
    schema::codes(FEE_KINDS)
}
fn fee_calculator() -> utoipa::openapi::schema::Schema {
    schema::codes(CALCULATORS)
}

/// The largest flat fee and the largest percentage a participant may add.
const MAX_FLAT_FEE: i64 = 100_000;
const MAX_PERCENT_FEE: i64 = 5_000;

pub async fn add_fee(
    db: &Db,
    actor: &MemberId,
    id: &str,
    input: &FeeInput,
) -> Result<Cycle, AppError> {
    let c = cycle(db, id).await?;
    if c.state == CycleState::Closed {
        return Err(AppError::Conflict("market-cycle-closed"));
    }
    let hub_id = input.hub_id.as_deref().filter(|h| !h.is_empty());
    match (&input.seller_id, hub_id) {
        (Some(_), Some(_)) => return Err(AppError::field("hub_id", "error-fee-one-payee")),
        (Some(seller), None) => {
            sellers::require_admin(db, seller, actor).await?;
            if !c.sellers.iter().any(|x| &x.id == seller && x.accepted) {
                return Err(AppError::field("seller_id", "error-seller-not-in-cycle"));
            }
        }
        (None, hub) => {
            editable_by(db, actor, id, hub).await?;
        }
    }
    let name =
        kernel::validate::line(&input.name, 2, 80).map_err(|k| AppError::field("name", k))?;
    if !FEE_KINDS.contains(&input.kind.as_str()) {
        return Err(AppError::field("kind", "error-fee-kind"));
    }
    let max = match input.calculator.as_str() {
        "percent" => MAX_PERCENT_FEE,
        "per_order" | "per_item" | "per_kg" => MAX_FLAT_FEE,
        _ => return Err(AppError::field("calculator", "error-fee-calculator")),
    };
    if !(0..=max).contains(&input.amount) {
        return Err(AppError::field("amount", "error-fee-amount"));
    }
    if let Some(rate) = input.vat_rate {
        VatRate::new(rate).map_err(|e| AppError::field("vat_rate", e.key()))?;
    }
    sqlx::query(
        "INSERT INTO market_fees (id, cycle_id, seller_id, name, kind, calculator, amount, vat_rate, shop_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id())
    .bind(id)
    .bind(&input.seller_id)
    .bind(&name)
    .bind(&input.kind)
    .bind(&input.calculator)
    .bind(input.amount)
    .bind(input.vat_rate.map(i64::from))
    .bind(hub_id)
    .execute(db.writer())
    .await?;
    db.changed();
    cycle(db, id).await
}

/// Takes a fee out of a cycle that is not closed: the shop any fee, a
/// producer its own. Orders placed keep the fees they were placed with;
/// a change of them takes the fees as they are then.
pub async fn remove_fee(
    db: &Db,
    actor: &MemberId,
    id: &str,
    fee_id: &str,
) -> Result<Cycle, AppError> {
    let c = cycle(db, id).await?;
    let Some(fee) = c.fees.iter().find(|f| f.id == fee_id) else {
        return Err(AppError::NotFound);
    };
    let s = shop(db, &c.shop_id).await?;
    let own = match (&fee.seller_id, &fee.hub_id) {
        (Some(seller), _) => sellers::require_admin(db, seller, actor).await.is_ok(),
        (None, Some(hub)) => runs(db, &shop(db, hub).await?, actor).await?,
        (None, None) => false,
    };
    if !own && !runs(db, &s, actor).await? {
        return Err(AppError::Forbidden);
    }
    if c.state == CycleState::Closed {
        return Err(AppError::Conflict("market-cycle-closed"));
    }
    sqlx::query("DELETE FROM market_fees WHERE id = $1 AND cycle_id = $2")
        .bind(fee_id)
        .bind(id)
        .execute(db.writer())
        .await?;
    db.changed();
    cycle(db, id).await
}

/// The cycle's fees on an order at that distributing hub (none: at the
/// coordinating shop), as the price arithmetic takes them: the producers'
/// and the coordinating shop's, and that hub's own.
pub fn pricing_fees(cycle: &Cycle, shop: &Shop, hub: Option<&CycleHub>) -> Vec<pricing::Fee> {
    cycle
        .fees
        .iter()
        .filter(|f| f.hub_id.as_deref() == hub.map(|h| h.shop_id.as_str()) || f.hub_id.is_none())
        .filter_map(|f| {
            let amount = u64::try_from(f.amount).ok()?;
            Some(pricing::Fee {
                id: f.id.clone(),
                payee: match (&f.seller_id, hub) {
                    (Some(s), _) => payee_organisation(s),
                    (None, Some(h)) if f.hub_id.is_some() => h.payee.clone(),
                    (None, _) => shop.payee(),
                },
                name: f.name.clone(),
                kind: match f.kind.as_str() {
                    "packing" => FeeKind::Packing,
                    "transport" => FeeKind::Transport,
                    "admin" => FeeKind::Admin,
                    "sales" => FeeKind::Sales,
                    _ => FeeKind::Fundraising,
                },
                calculator: match f.calculator.as_str() {
                    "per_order" => Calculator::PerOrder(amount),
                    "per_item" => Calculator::PerItem(amount),
                    "per_kg" => Calculator::PerKg(amount),
                    _ => Calculator::Percent(u32::try_from(amount).ok()?),
                },
                covers: match &f.seller_id {
                    Some(s) => Covers::Seller(payee_organisation(s)),
                    None => Covers::All,
                },
                vat: f
                    .vat_rate
                    .and_then(|r| u16::try_from(r).ok())
                    .and_then(|r| VatRate::new(r).ok()),
            })
        })
        .collect()
}
