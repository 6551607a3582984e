//! A seller's catalogue: products, each sold in one or more variants (a
//! size in grams, millilitres or pieces, a price including VAT, a stock),
//! with what the charter asks a buyer to be able to see: organic label,
//! origin, carbon estimate, repairability, essential product, allergens.

use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::validate::schema::{self, Rule};
use kernel::{AppError, MemberId};
use pricing::VatRate;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::sellers;

pub const CATEGORIES: &[&str] = &[
    "vegetables",
    "fruit",
    "dairy",
    "eggs",
    "meat",
    "fish",
    "bread",
    "grocery",
    "drinks",
    "plants",
    "household",
    "clothing",
    "goods",
];

pub const ORGANIC_LABELS: &[&str] = &["ab", "eu", "nature_progres", "demeter"];

/// The fourteen allergens EU regulation 1169/2011 (annex II) names.
pub const ALLERGENS: &[&str] = &[
    "gluten",
    "crustaceans",
    "eggs",
    "fish",
    "peanuts",
    "soybeans",
    "milk",
    "nuts",
    "celery",
    "mustard",
    "sesame",
    "sulphites",
    "lupin",
    "molluscs",
];

pub const UNITS: &[&str] = &["piece", "g", "ml"];
pub const STOCK_MODES: &[&str] = &["count", "unlimited", "to_order"];

/// The most variants a product has, and the largest size, stock or price
/// a form may give (absurd values are typing mistakes).
pub const MAX_VARIANTS: usize = 20;
pub const MAX_SIZE: i64 = 1_000_000;
pub const MAX_STOCK: i64 = 1_000_000;
pub const MAX_PRICE: i64 = 10_000_000;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Product {
    pub id: String,
    pub seller_id: String,
    pub name: String,
    pub description: String,
    pub category: String,
    /// In hundredths of a percent (550 = 5.5 %).
    pub vat_rate: i64,
    pub organic_label: Option<String>,
    pub origin: String,
    /// Grams of CO2 equivalent per unit, when estimated.
    pub carbon_g: Option<i64>,
    /// The repairability index in tenths (0 to 100), for goods.
    pub repairability: Option<i64>,
    pub essential: bool,
    pub allergens: Vec<String>,
    pub variants: Vec<Variant>,
    /// Its photos, the main one first.
    pub photos: Vec<crate::photos::Photo>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Variant {
    pub id: String,
    /// piece, g or ml.
    pub unit: String,
    pub size: i64,
    /// The weight of one in grams, for per-kg fees on pieces and liquids.
    pub weight_g: Option<i64>,
    /// In cents, VAT included.
    pub price: i64,
    /// count, unlimited or to_order.
    pub stock_mode: String,
    pub stock: Option<i64>,
    pub sku: String,
}

impl Variant {
    /// Grams in one, for per-kg fees.
    pub fn grams(&self) -> Option<u32> {
        match self.unit.as_str() {
            "g" => Some(self.size),
            _ => self.weight_g,
        }
        .and_then(|g| u32::try_from(g).ok())
    }

    /// Whether `quantity` more can be sold now.
    pub fn available(&self, quantity: i64) -> bool {
        self.stock_mode != "count" || self.stock.unwrap_or(0) >= quantity
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ProductInput {
    #[schema(schema_with = schema::line::<2, 120>)]
    pub name: String,
    #[serde(default)]
    #[schema(schema_with = schema::text::<5000>)]
    pub description: String,
    #[schema(schema_with = product_category)]
    pub category: String,
    #[schema(schema_with = product_vat_rate)]
    pub vat_rate: u16,
    #[serde(default)]
    #[schema(schema_with = product_organic_label)]
    pub organic_label: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::line::<0, 120>)]
    pub origin: String,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1000000)]
    pub carbon_g: Option<i64>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub repairability: Option<i64>,
    #[serde(default)]
    pub essential: bool,
    #[serde(default)]
    #[schema(schema_with = product_allergens)]
    pub allergens: Vec<String>,
    #[schema(min_items = 1, max_items = 20)]
    pub variants: Vec<VariantInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct VariantInput {
    /// A variant of the product to change; absent for a new one.
    #[serde(default)]
    pub id: Option<String>,
    #[schema(schema_with = variant_unit)]
    pub unit: String,
    #[schema(minimum = 1, maximum = 1000000)]
    pub size: i64,
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000000)]
    pub weight_g: Option<i64>,
    /// In cents, VAT included.
    #[schema(minimum = 1, maximum = 10000000)]
    pub price: i64,
    #[schema(schema_with = variant_stock_mode)]
    pub stock_mode: String,
    /// Units in stock, for `count`.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1000000)]
    pub stock: Option<i64>,
    /// For a change: the stock the editor saw. The difference is then
    /// applied to the stock as it is now (never below zero), so orders
    /// placed meanwhile keep what they took. Absent: `stock` is the stock.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1000000)]
    pub stock_was: Option<i64>,
    #[serde(default)]
    #[schema(schema_with = schema::line::<0, 40>)]
    pub sku: String,
}

kernel::described! {
    /// In hundredths of a percent: one of France's rates (0, 2.1, 5.5, 10
    /// and 20 %).
    fn product_vat_rate = schema::integers(&[0, 210, 550, 1000, 2000]);
}

fn product_category() -> utoipa::openapi::schema::Schema {
    schema::codes(CATEGORIES)
}
fn product_organic_label() -> utoipa::openapi::schema::Schema {
    schema::codes(ORGANIC_LABELS).or_null()
}
fn product_allergens() -> utoipa::openapi::schema::Schema {
    schema::array_of(schema::codes(ALLERGENS), ALLERGENS.len())
}
fn variant_unit() -> utoipa::openapi::schema::Schema {
    schema::codes(UNITS)
}
fn variant_stock_mode() -> utoipa::openapi::schema::Schema {
    schema::codes(STOCK_MODES)
}

/// What a checked product input stores.
pub(crate) struct Checked {
    name: String,
    description: String,
    origin: String,
    vat_rate: VatRate,
}

pub(crate) fn check(input: &ProductInput) -> Result<Checked, AppError> {
    let mut errors = Vec::new();
    let mut field = |ok: bool, field: &'static str, key: &'static str| {
        if !ok {
            errors.push(kernel::error::FieldError::new(field, key));
        }
    };
    let name = kernel::validate::line(&input.name, 2, 120);
    field(
        name.is_ok(),
        "name",
        name.as_ref().err().copied().unwrap_or_default(),
    );
    let description = kernel::validate::text(&input.description, 5000);
    field(
        description.is_ok(),
        "description",
        description.as_ref().err().copied().unwrap_or_default(),
    );
    let origin = kernel::validate::line(&input.origin, 0, 120);
    field(
        origin.is_ok(),
        "origin",
        origin.as_ref().err().copied().unwrap_or_default(),
    );
    field(
        CATEGORIES.contains(&input.category.as_str()),
        "category",
        "error-product-category",
    );
    let vat_rate = VatRate::new(input.vat_rate);
    field(vat_rate.is_ok(), "vat_rate", "error-vat-rate");
    field(
        input
            .organic_label
            .as_deref()
            .is_none_or(|l| ORGANIC_LABELS.contains(&l)),
        "organic_label",
        "error-product-label",
    );
    field(
        input.carbon_g.is_none_or(|c| (0..=1_000_000).contains(&c)),
        "carbon_g",
        "error-product-carbon",
    );
    field(
        input.repairability.is_none_or(|r| (0..=100).contains(&r)),
        "repairability",
        "error-product-repairability",
    );
    field(
        input
            .allergens
            .iter()
            .all(|a| ALLERGENS.contains(&a.as_str())),
        "allergens",
        "error-product-allergen",
    );
    field(
        (1..=MAX_VARIANTS).contains(&input.variants.len()),
        "variants",
        "error-product-variants",
    );
    for v in &input.variants {
        field(
            UNITS.contains(&v.unit.as_str()),
            "variants",
            "error-variant-unit",
        );
        field(
            (1..=MAX_SIZE).contains(&v.size),
            "variants",
            "error-variant-size",
        );
        field(
            v.weight_g.is_none_or(|w| (1..=MAX_SIZE).contains(&w)),
            "variants",
            "error-variant-weight",
        );
        field(
            (1..=MAX_PRICE).contains(&v.price),
            "variants",
            "error-variant-price",
        );
        field(
            STOCK_MODES.contains(&v.stock_mode.as_str()),
            "variants",
            "error-variant-stock",
        );
        field(
            v.stock_was.is_none_or(|s| (0..=MAX_STOCK).contains(&s)),
            "variants",
            "error-variant-stock",
        );
        field(
            v.stock_mode != "count" || v.stock.is_some_and(|s| (0..=MAX_STOCK).contains(&s)),
            "variants",
            "error-variant-stock",
        );
        field(
            kernel::validate::line(&v.sku, 0, 40).is_ok(),
            "variants",
            "error-variant-sku",
        );
    }
    errors.dedup_by(|a, b| a.field == b.field);
    match (name, description, origin, vat_rate) {
        (Ok(name), Ok(description), Ok(origin), Ok(vat_rate)) if errors.is_empty() => Ok(Checked {
            name,
            description,
            origin,
            vat_rate,
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

const PRODUCT_COLUMNS: &str = "id, seller_id, name, description, category, vat_rate, organic_label, \
     origin, carbon_g, repairability, essential, allergens";

fn product_from(r: &sqlx::any::AnyRow) -> Result<Product, sqlx::Error> {
    let allergens: String = r.try_get("allergens")?;
    Ok(Product {
        id: r.try_get("id")?,
        seller_id: r.try_get("seller_id")?,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        category: r.try_get("category")?,
        vat_rate: r.try_get("vat_rate")?,
        organic_label: r.try_get("organic_label")?,
        origin: r.try_get("origin")?,
        carbon_g: r.try_get("carbon_g")?,
        repairability: r.try_get("repairability")?,
        essential: r.try_get::<i64, _>("essential")? != 0,
        allergens: allergens
            .split(',')
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect(),
        variants: Vec::new(),
        photos: Vec::new(),
    })
}

pub const VARIANT_COLUMNS: &str =
    "v.id, v.product_id, v.unit, v.size, v.weight_g, v.price, v.stock_mode, v.stock, v.sku";

pub fn variant_from(r: &sqlx::any::AnyRow) -> Result<Variant, sqlx::Error> {
    Ok(Variant {
        id: r.try_get("id")?,
        unit: r.try_get("unit")?,
        size: r.try_get("size")?,
        weight_g: r.try_get("weight_g")?,
        price: r.try_get("price")?,
        stock_mode: r.try_get("stock_mode")?,
        stock: r.try_get("stock")?,
        sku: r.try_get("sku")?,
    })
}

/// Products (not archived) matching `filter`, with their live variants.
async fn load(db: &Db, filter: &str, arg: &str) -> Result<Vec<Product>, AppError> {
    let sql = format!(
        "SELECT {PRODUCT_COLUMNS} FROM market_products WHERE archived_at IS NULL AND {filter} \
         ORDER BY name, id"
    );
    let rows = sqlx::query(&sql).bind(arg).fetch_all(db.pool()).await?;
    let mut products: Vec<Product> = rows.iter().map(product_from).collect::<Result<_, _>>()?;
    let sql = format!(
        "SELECT {VARIANT_COLUMNS} FROM market_variants v JOIN market_products p ON p.id = v.product_id \
         WHERE v.archived_at IS NULL AND p.archived_at IS NULL AND p.{filter} ORDER BY v.position, v.id"
    );
    for r in sqlx::query(&sql).bind(arg).fetch_all(db.pool()).await? {
        let product_id: String = r.try_get("product_id")?;
        if let Some(p) = products.iter_mut().find(|p| p.id == product_id) {
            p.variants.push(variant_from(&r)?);
        }
    }
    for (product_id, photo) in crate::photos::of_products(db, filter, arg).await? {
        if let Some(p) = products.iter_mut().find(|p| p.id == product_id) {
            p.photos.push(photo);
        }
    }
    Ok(products)
}

pub async fn of_seller(db: &Db, seller_id: &str) -> Result<Vec<Product>, AppError> {
    load(db, "seller_id = $1", seller_id).await
}

pub async fn get(db: &Db, id: &str) -> Result<Product, AppError> {
    load(db, "id = $1", id)
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

async fn write_variants(
    tx: &mut Tx,
    product_id: &str,
    variants: &[VariantInput],
) -> Result<(), AppError> {
    let now = now_ms();
    let mut kept = Vec::new();
    for (position, v) in variants.iter().enumerate() {
        let stock = (v.stock_mode == "count").then_some(v.stock.unwrap_or(0));
        let existing =
            match &v.id {
                Some(id) => sqlx::query(
                    "UPDATE market_variants SET unit = $1, size = $2, weight_g = $3, price = $4, \
                 stock = CASE WHEN $6 IS NULL OR $11 IS NULL OR stock IS NULL OR stock_mode <> $5 THEN $6 \
                   WHEN stock + $6 - $11 < 0 THEN 0 ELSE stock + $6 - $11 END, \
                 stock_mode = $5, sku = $7, position = $8 \
                 WHERE id = $9 AND product_id = $10 AND archived_at IS NULL",
                )
                .bind(&v.unit)
                .bind(v.size)
                .bind(v.weight_g)
                .bind(v.price)
                .bind(&v.stock_mode)
                .bind(stock)
                .bind(v.sku.trim())
                .bind(position as i64)
                .bind(id)
                .bind(product_id)
                .bind(v.stock_was)
                .execute(&mut **tx)
                .await?
                .rows_affected()
                    == 1,
                None => false,
            };
        if existing {
            kept.push(v.id.clone().unwrap_or_default());
            continue;
        }
        if v.id.is_some() {
            return Err(AppError::field("variants", "error-variant-unknown"));
        }
        let id = new_id();
        sqlx::query(
            "INSERT INTO market_variants (id, product_id, unit, size, weight_g, price, stock_mode, \
             stock, sku, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&id)
        .bind(product_id)
        .bind(&v.unit)
        .bind(v.size)
        .bind(v.weight_g)
        .bind(v.price)
        .bind(&v.stock_mode)
        .bind(stock)
        .bind(v.sku.trim())
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
        kept.push(id);
    }
    // Variants left out are archived: placed orders still name them.
    let live =
        sqlx::query("SELECT id FROM market_variants WHERE product_id = $1 AND archived_at IS NULL")
            .bind(product_id)
            .fetch_all(&mut **tx)
            .await?;
    for r in live {
        let id: String = r.try_get("id")?;
        if !kept.contains(&id) {
            sqlx::query("UPDATE market_variants SET archived_at = $1 WHERE id = $2")
                .bind(now)
                .bind(&id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

/// A seller's administrator adds a product to its catalogue.
pub async fn create(
    db: &Db,
    actor: &MemberId,
    seller_id: &str,
    input: &ProductInput,
) -> Result<Product, AppError> {
    sellers::require_admin(db, seller_id, actor).await?;
    sellers::get(db, seller_id).await?;
    let mut tx = db.begin().await?;
    let id = insert(&mut tx, seller_id, input).await?;
    tx.commit().await?;
    get(db, &id).await
}

/// Inserts a product in the caller's transaction (a catalogue import
/// writes all or none); the seller is already checked.
pub async fn insert(
    tx: &mut Tx,
    seller_id: &str,
    input: &ProductInput,
) -> Result<String, AppError> {
    let c = check(input)?;
    let id = new_id();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO market_products (id, seller_id, name, description, category, vat_rate, \
         organic_label, origin, carbon_g, repairability, essential, allergens, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
    )
    .bind(&id)
    .bind(seller_id)
    .bind(&c.name)
    .bind(&c.description)
    .bind(&input.category)
    .bind(i64::from(c.vat_rate.hundredths()))
    .bind(&input.organic_label)
    .bind(&c.origin)
    .bind(input.carbon_g)
    .bind(input.repairability)
    .bind(i64::from(input.essential))
    .bind(input.allergens.join(","))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    write_variants(tx, &id, &input.variants).await?;
    Ok(id)
}

/// The seller whose product this is, for its administrators only.
async fn owned(db: &Db, actor: &MemberId, id: &str) -> Result<Product, AppError> {
    let product = get(db, id).await?;
    sellers::require_admin(db, &product.seller_id, actor).await?;
    Ok(product)
}

/// Changes a product and its variants. Orders already placed keep the
/// prices they were placed at.
pub async fn update(
    db: &Db,
    actor: &MemberId,
    id: &str,
    input: &ProductInput,
) -> Result<Product, AppError> {
    owned(db, actor, id).await?;
    let mut tx = db.begin().await?;
    rewrite(&mut tx, id, input).await?;
    tx.commit().await?;
    get(db, id).await
}

/// Rewrites a product and its variants in the caller's transaction.
pub async fn rewrite(tx: &mut Tx, id: &str, input: &ProductInput) -> Result<(), AppError> {
    let c = check(input)?;
    sqlx::query(
        "UPDATE market_products SET name = $1, description = $2, category = $3, vat_rate = $4, \
         organic_label = $5, origin = $6, carbon_g = $7, repairability = $8, essential = $9, \
         allergens = $10, updated_at = $11 WHERE id = $12",
    )
    .bind(&c.name)
    .bind(&c.description)
    .bind(&input.category)
    .bind(i64::from(c.vat_rate.hundredths()))
    .bind(&input.organic_label)
    .bind(&c.origin)
    .bind(input.carbon_g)
    .bind(input.repairability)
    .bind(i64::from(input.essential))
    .bind(input.allergens.join(","))
    .bind(now_ms())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    write_variants(tx, id, &input.variants).await
}

/// Takes a product out of the catalogue (orders keep naming it).
pub async fn archive(db: &Db, actor: &MemberId, id: &str) -> Result<(), AppError> {
    owned(db, actor, id).await?;
    sqlx::query("UPDATE market_products SET archived_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(id)
        .execute(db.writer())
        .await?;
    db.changed();
    Ok(())
}
