//! A member's baskets: in each group purchase, the quantities it commits
//! to take of each product, the more it would take to fill a box (its
//! tolerance, as foodsoft has it) and its pickup point. Each basket holds
//! money from the wallet into the purchase's escrow: its quantities and
//! tolerances at the price of the tier they reach, and the platform's fee
//! on top (the purchase's frozen fee rule). A change replaces the hold in
//! one linked batch; an empty basket releases it.
//!
//! Several purchases' baskets change in one transaction ("one basket
//! across several group purchases"): all of them, or none.

use std::collections::HashMap;

use kernel::db::{Db, Tx, now_ms};
use kernel::error::FieldError;
use kernel::fees::PaymentKind;
use kernel::money::{self, Amount, Label, Owner};
use kernel::validate::schema;
use kernel::{AppError, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::purchases::{self, MAX_QUANTITY, Purchase};

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct BasketInput {
    /// One of the purchase's pickup points.
    #[schema(schema_with = schema::no_nul)]
    pub pickup_id: String,
    /// The products and how many of each; a product left out or at 0 is
    /// not taken. No line at all withdraws from the purchase.
    #[schema(max_items = 50)]
    pub lines: Vec<LineInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct LineInput {
    #[schema(schema_with = schema::no_nul)]
    pub product_id: String,
    /// In the product's unit, a multiple of its step; 0: none.
    #[schema(minimum = 0, maximum = 1000000)]
    pub quantity: i64,
    /// How many more units the member would take to fill a box: a
    /// multiple of the step, less than a box.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1000000)]
    pub tolerance: i64,
}

/// Baskets of several purchases at once.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct BasketsInput {
    #[schema(min_items = 1, max_items = 20)]
    pub baskets: Vec<PurchaseBasketInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PurchaseBasketInput {
    #[schema(schema_with = schema::no_nul)]
    pub purchase_id: String,
    #[serde(flatten)]
    pub basket: BasketInput,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Basket {
    pub purchase_id: String,
    pub purchase_title: String,
    /// The purchase's phase: open, filling or closed.
    pub phase: String,
    pub deadline_at: i64,
    pub pickup_id: String,
    pub pickup_place: String,
    pub pickup_commune: String,
    pub lines: Vec<Line>,
    /// What is held from the wallet: the goods (quantities and
    /// tolerances at the tiers reached when it was last changed), and the
    /// fee on top.
    pub held: i64,
    pub held_fee: i64,
    /// Both: what leaves the wallet at most.
    pub held_total: i64,
    /// The quantities at today's tiers.
    pub value: i64,
    /// What they save against the retail prices given.
    pub saving: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Line {
    pub product_id: String,
    pub product_name: String,
    pub unit: String,
    pub quantity: i64,
    pub tolerance: i64,
    /// Today's price per unit, at the tier the purchase reaches.
    pub unit_price: i64,
}

/// Sets the member's basket in one purchase.
pub async fn set(
    db: &Db,
    member: &MemberId,
    purchase_id: &str,
    input: &BasketInput,
) -> Result<Option<Basket>, AppError> {
    let mut tx = db.begin().await?;
    set_in(&mut tx, member, purchase_id, input).await?;
    tx.commit().await?;
    basket(db, member, purchase_id).await
}

/// Sets the member's baskets in several purchases, all or none.
pub async fn set_many(
    db: &Db,
    member: &MemberId,
    input: &BasketsInput,
) -> Result<Vec<Basket>, AppError> {
    if input.baskets.is_empty() || input.baskets.len() > 20 {
        return Err(AppError::field("baskets", "error-groupbuy-baskets"));
    }
    // In a fixed order: two members' sets never wait on each other's locks.
    let mut sorted: Vec<&PurchaseBasketInput> = input.baskets.iter().collect();
    sorted.sort_by(|a, b| a.purchase_id.cmp(&b.purchase_id));
    if sorted
        .windows(2)
        .any(|w| w[0].purchase_id == w[1].purchase_id)
    {
        return Err(AppError::field("baskets", "error-groupbuy-baskets"));
    }
    let mut tx = db.begin().await?;
    for b in sorted {
        set_in(&mut tx, member, &b.purchase_id, &b.basket).await?;
    }
    tx.commit().await?;
    of_member(db, member).await
}

/// What a basket row holds.
struct Held {
    hold_key: String,
    version: i64,
}

/// Sets the member's basket in `purchase_id` inside `tx`.
pub async fn set_in(
    tx: &mut Tx,
    member: &MemberId,
    purchase_id: &str,
    input: &BasketInput,
) -> Result<(), AppError> {
    let purchase = purchases::lock(tx, purchase_id).await?;
    let phase = purchase.phase.as_str();
    if phase == "closed" {
        return Err(AppError::Conflict("groupbuy-closed"));
    }
    let held = sqlx::query(
        "SELECT hold_key, version FROM groupbuy_baskets WHERE purchase_id = $1 AND member_id = $2",
    )
    .bind(purchase_id)
    .bind(member)
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| {
        Ok::<_, sqlx::Error>(Held {
            hold_key: r.try_get("hold_key")?,
            version: r.try_get("version")?,
        })
    })
    .transpose()?;
    let (before, since_before) = commitments(tx, purchase_id, member).await?;
    let wanted = check_lines(&purchase, input)?;
    if purchase.pickup(&input.pickup_id).is_none() {
        return Err(AppError::field(
            "pickup_id",
            "error-groupbuy-pickup-unknown",
        ));
    }
    if phase == "filling" {
        check_filling(&purchase, &before, &wanted)?;
    }
    // The totals with this basket in place of what it held.
    let mut totals: HashMap<&str, i64> = purchase
        .products
        .iter()
        .map(|p| (p.id.as_str(), p.quantity))
        .collect();
    for (product, (quantity, _)) in &before {
        if let Some(total) = totals.get_mut(product.as_str()) {
            *total -= quantity;
        }
    }
    for (product, (quantity, _)) in &wanted {
        if let Some(total) = totals.get_mut(product.as_str()) {
            *total += quantity;
        }
    }
    if let Some(maximum) = purchase.maximum {
        let committed: i64 = purchase
            .products
            .iter()
            .map(|p| totals[p.id.as_str()] * p.price_at(totals[p.id.as_str()]))
            .sum();
        if committed > maximum {
            return Err(AppError::field("lines", "error-groupbuy-over-maximum"));
        }
    }
    let unchanged = held.is_some() && wanted == before;
    if unchanged && current_pickup(tx, purchase_id, member).await? == input.pickup_id {
        // Sent again as it is: nothing moves.
        return Ok(());
    }
    let escrow = escrow_of(purchase_id);
    let now = now_ms();
    if wanted.is_empty() {
        // Withdrawn: the hold released, the commitments gone.
        let Some(held) = held else {
            return Err(AppError::field("lines", "error-groupbuy-nothing"));
        };
        money::release(
            &mut *tx,
            &format!("{}:release", held.hold_key),
            &held.hold_key,
            label(&purchase, member),
        )
        .await?;
        for sql in [
            "DELETE FROM groupbuy_commitments WHERE purchase_id = $1 AND member_id = $2",
            "DELETE FROM groupbuy_baskets WHERE purchase_id = $1 AND member_id = $2",
        ] {
            sqlx::query(sql)
                .bind(purchase_id)
                .bind(member)
                .execute(&mut **tx)
                .await?;
        }
        return Ok(());
    }
    // Held: what it takes and would take, at the tiers it reaches.
    let goods: i64 = wanted
        .iter()
        .map(|(product, (quantity, tolerance))| {
            let price = purchase
                .product(product)
                .map_or(0, |p| p.price_at(totals[product.as_str()]));
            (quantity + tolerance) * price
        })
        .sum();
    let quote = purchase
        .fee_rule()
        .quote(PaymentKind::Technical, goods.max(0) as u64);
    let amount = Amount::new(quote.total as u64)?;
    let version = held.as_ref().map_or(1, |h| h.version + 1);
    let hold_key = format!("groupbuy:{purchase_id}:{member}:{version}");
    let (from, into) = (Owner::Wallet(member), Owner::Escrow(&escrow));
    match &held {
        Some(old) => {
            money::hold_instead(
                &mut *tx,
                &hold_key,
                &old.hold_key,
                from,
                into,
                amount,
                None,
                label(&purchase, member),
            )
            .await?
        }
        None => {
            money::hold(
                &mut *tx,
                &hold_key,
                from,
                into,
                amount,
                None,
                label(&purchase, member),
            )
            .await?;
        }
    }
    sqlx::query("DELETE FROM groupbuy_commitments WHERE purchase_id = $1 AND member_id = $2")
        .bind(purchase_id)
        .bind(member)
        .execute(&mut **tx)
        .await?;
    for (product, (quantity, tolerance)) in &wanted {
        // A raise goes behind those already there; the rest keeps its place.
        let since = match (before.get(product), since_before.get(product)) {
            (Some((q, t)), Some(since)) if quantity <= q && tolerance <= t => *since,
            _ => now,
        };
        sqlx::query(
            "INSERT INTO groupbuy_commitments (product_id, member_id, purchase_id, quantity, tolerance, since) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(product)
        .bind(member)
        .bind(purchase_id)
        .bind(quantity)
        .bind(tolerance)
        .bind(since)
        .execute(&mut **tx)
        .await?;
    }
    let upsert = if held.is_some() {
        "UPDATE groupbuy_baskets SET pickup_id = $3, hold_key = $4, held = $5, held_fee = $6, \
         version = $7, updated_at = $8 WHERE purchase_id = $1 AND member_id = $2"
    } else {
        "INSERT INTO groupbuy_baskets (purchase_id, member_id, pickup_id, hold_key, held, held_fee, \
         version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)"
    };
    sqlx::query(upsert)
        .bind(purchase_id)
        .bind(member)
        .bind(&input.pickup_id)
        .bind(&hold_key)
        .bind(goods)
        .bind(quote.fee)
        .bind(version)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn current_pickup(
    tx: &mut Tx,
    purchase_id: &str,
    member: &MemberId,
) -> Result<String, AppError> {
    Ok(sqlx::query(
        "SELECT pickup_id FROM groupbuy_baskets WHERE purchase_id = $1 AND member_id = $2",
    )
    .bind(purchase_id)
    .bind(member)
    .fetch_one(&mut **tx)
    .await?
    .try_get("pickup_id")?)
}

/// The escrow a purchase's holds go into.
pub fn escrow_of(purchase_id: &str) -> String {
    format!("groupbuy:{purchase_id}")
}

fn label<'a>(purchase: &'a Purchase, member: &'a MemberId) -> Label<'a> {
    Label {
        code: "groupbuy.basket",
        reference: &purchase.title,
        by: Some(member),
    }
}

/// The member's commitments in a purchase: quantity and tolerance by
/// product, and since when each has its place.
async fn commitments(
    tx: &mut Tx,
    purchase_id: &str,
    member: &MemberId,
) -> Result<(HashMap<String, (i64, i64)>, HashMap<String, i64>), AppError> {
    let rows = sqlx::query(
        "SELECT product_id, quantity, tolerance, since FROM groupbuy_commitments \
         WHERE purchase_id = $1 AND member_id = $2",
    )
    .bind(purchase_id)
    .bind(member)
    .fetch_all(&mut **tx)
    .await?;
    let (mut held, mut since) = (HashMap::new(), HashMap::new());
    for r in &rows {
        let product: String = r.try_get("product_id")?;
        held.insert(
            product.clone(),
            (r.try_get("quantity")?, r.try_get("tolerance")?),
        );
        since.insert(product, r.try_get("since")?);
    }
    Ok((held, since))
}

/// The lines as quantity and tolerance by product, each checked against
/// its product; every mistake listed by its line (the product's place in
/// the purchase).
fn check_lines(
    purchase: &Purchase,
    input: &BasketInput,
) -> Result<HashMap<String, (i64, i64)>, AppError> {
    let mut errors = Vec::new();
    let mut wanted = HashMap::new();
    for (i, l) in input.lines.iter().enumerate() {
        let Some(position) = purchase.products.iter().position(|p| p.id == l.product_id) else {
            errors.push(
                FieldError::new("lines", "error-groupbuy-product-unknown").at_line(i as u32 + 1),
            );
            continue;
        };
        let product = &purchase.products[position];
        let line = position as u32 + 1;
        let on_step = |v: i64| (0..=MAX_QUANTITY).contains(&v) && v % product.step == 0;
        if !on_step(l.quantity) {
            errors.push(FieldError::new("lines", "error-groupbuy-quantity").at_line(line));
        } else if !on_step(l.tolerance)
            || l.tolerance >= product.pack_size
            || (l.quantity == 0 && l.tolerance > 0)
        {
            errors.push(FieldError::new("lines", "error-groupbuy-tolerance").at_line(line));
        } else if wanted.contains_key(&l.product_id) {
            errors.push(FieldError::new("lines", "error-groupbuy-product-twice").at_line(line));
        } else if l.quantity > 0 {
            wanted.insert(l.product_id.clone(), (l.quantity, l.tolerance));
        }
    }
    if errors.is_empty() {
        Ok(wanted)
    } else {
        Err(AppError::Validation(errors))
    }
}

/// In the box-filling phase a basket only goes up, and a product only
/// takes what fills the box it has begun.
fn check_filling(
    purchase: &Purchase,
    before: &HashMap<String, (i64, i64)>,
    wanted: &HashMap<String, (i64, i64)>,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    for (position, product) in purchase.products.iter().enumerate() {
        let line = position as u32 + 1;
        let (q0, t0) = before.get(&product.id).copied().unwrap_or((0, 0));
        let (q1, t1) = wanted.get(&product.id).copied().unwrap_or((0, 0));
        if q1 < q0 || t1 < t0 {
            errors.push(FieldError::new("lines", "error-groupbuy-filling-raise").at_line(line));
        } else if q1 - q0 > product.to_next_box {
            errors.push(FieldError::new("lines", "error-groupbuy-box-full").at_line(line));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// The member's basket in one purchase, if it has one.
pub async fn basket(
    db: &Db,
    member: &MemberId,
    purchase_id: &str,
) -> Result<Option<Basket>, AppError> {
    Ok(baskets(db, member, Some(purchase_id)).await?.pop())
}

/// The member's baskets in every purchase, the latest deadline first.
pub async fn of_member(db: &Db, member: &MemberId) -> Result<Vec<Basket>, AppError> {
    baskets(db, member, None).await
}

async fn baskets(db: &Db, member: &MemberId, only: Option<&str>) -> Result<Vec<Basket>, AppError> {
    let rows = sqlx::query(
        "SELECT b.purchase_id, b.pickup_id, b.held, b.held_fee, k.place, k.commune \
         FROM groupbuy_baskets b JOIN groupbuy_pickups k ON k.id = b.pickup_id \
         JOIN groupbuy_purchases p ON p.id = b.purchase_id \
         WHERE b.member_id = $1 AND ($2 IS NULL OR b.purchase_id = $2) \
         ORDER BY p.deadline_at DESC",
    )
    .bind(member)
    .bind(only)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let purchase_id: String = r.try_get("purchase_id")?;
        let purchase = purchases::get(db, &purchase_id).await?;
        let lines = sqlx::query(
            "SELECT product_id, quantity, tolerance FROM groupbuy_commitments \
             WHERE purchase_id = $1 AND member_id = $2",
        )
        .bind(&purchase_id)
        .bind(member)
        .fetch_all(db.pool())
        .await?;
        let mut basket_lines = Vec::new();
        let (mut value, mut saving) = (0, 0);
        for product in &purchase.products {
            let Some(l) = lines.iter().find(|l| {
                l.try_get::<String, _>("product_id").ok().as_deref() == Some(&product.id)
            }) else {
                continue;
            };
            let quantity: i64 = l.try_get("quantity")?;
            value += quantity * product.unit_price;
            saving += quantity * product.saving_per_unit.unwrap_or(0);
            basket_lines.push(Line {
                product_id: product.id.clone(),
                product_name: product.name.clone(),
                unit: product.unit.clone(),
                quantity,
                tolerance: l.try_get("tolerance")?,
                unit_price: product.unit_price,
            });
        }
        let (held, held_fee): (i64, i64) = (r.try_get("held")?, r.try_get("held_fee")?);
        out.push(Basket {
            purchase_title: purchase.title.clone(),
            phase: purchase.phase.clone(),
            deadline_at: purchase.deadline_at,
            pickup_id: r.try_get("pickup_id")?,
            pickup_place: r.try_get("place")?,
            pickup_commune: r.try_get("commune")?,
            lines: basket_lines,
            held,
            held_fee,
            held_total: held + held_fee,
            value,
            saving,
            purchase_id,
        });
    }
    Ok(out)
}
