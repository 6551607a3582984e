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

use kernel::db::{Db, Tx, new_id, now_ms};
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
#[schema(as = GroupBasket)]
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
    /// Once settled: the goods paid at the final prices and the fee on
    /// top (0 and 0: released whole); the rest of the hold was released.
    pub settled_at: Option<i64>,
    pub charged: Option<i64>,
    pub charged_fee: Option<i64>,
    /// Once settled: what of the hold went back to the wallet.
    pub released: Option<i64>,
    /// Once settled, when the supplier is a seller here: its invoice
    /// (`/api/v1/market/invoices/{id}`).
    pub invoice_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Line {
    pub product_id: String,
    pub product_name: String,
    pub unit: String,
    pub quantity: i64,
    pub tolerance: i64,
    /// Today's price per unit, at the tier the purchase reaches (once
    /// settled, the final price).
    pub unit_price: i64,
    /// Once settled: how much of it the member gets.
    pub allocated: Option<i64>,
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
    // In a fixed order: two members setting baskets in the same purchases
    // take their locks in the same order.
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
    // The totals with this basket in place of what it held, and the price
    // each product's tier then reaches.
    let mut totals: HashMap<&str, (i64, i64)> = purchase
        .products
        .iter()
        .map(|p| (p.id.as_str(), (p.quantity, p.tolerance)))
        .collect();
    for ((product, (quantity, tolerance)), sign) in before
        .iter()
        .map(|c| (c, -1))
        .chain(wanted.iter().map(|c| (c, 1)))
    {
        if let Some(total) = totals.get_mut(product.as_str()) {
            total.0 += sign * quantity;
            total.1 += sign * tolerance;
        }
    }
    let mut prices: HashMap<String, i64> = HashMap::new();
    let mut committed = 0;
    for p in &purchase.products {
        let (quantity, tolerance) = totals[p.id.as_str()];
        let ordered = p.ordered(quantity, tolerance);
        let price = p.price_at(ordered);
        committed += ordered * price;
        prices.insert(p.id.clone(), price);
    }
    // Over the supplier's maximum: refused when the change adds to it (a
    // lowering that raises a tier's price may still go through).
    if purchase
        .maximum
        .is_some_and(|maximum| committed > maximum && committed > purchase.committed)
    {
        return Err(AppError::field("lines", "error-groupbuy-over-maximum"));
    }
    let unchanged = held.is_some() && wanted == before;
    if unchanged && current_pickup(tx, purchase_id, member).await? == input.pickup_id {
        // Sent again as it is: nothing moves.
        return Ok(());
    }
    // Products whose price rises with this change (fewer units ordered):
    // the others' holds must still cover them.
    let risen: Vec<&str> = purchase
        .products
        .iter()
        .filter(|p| prices[&p.id] > p.unit_price)
        .map(|p| p.id.as_str())
        .collect();
    let now = now_ms();
    if wanted.is_empty() && held.is_none() {
        return Err(AppError::field("lines", "error-groupbuy-nothing"));
    }
    let goods = goods_of(&wanted, &prices);
    // The holds to make: this member's, and the others' that must cover a
    // risen price, in the order of their members' ids: two changes in two
    // purchases that each hold the other member again take the wallets'
    // locks in one order, and never wait on each other.
    let mut others = others_to_cover(tx, &purchase, member, &prices, &risen).await?;
    others.sort_by(|a, b| a.member.cmp(&b.member));
    let (before_me, after_me): (Vec<Other>, Vec<Other>) = others
        .into_iter()
        .partition(|o| o.member.as_str() < member.as_str());
    for other in &before_me {
        cover(tx, &purchase, member, other).await?;
    }
    let hold = if wanted.is_empty() {
        // Withdrawn: the hold released, the commitments gone.
        let held = held.as_ref().expect("checked above");
        money::release(
            &mut *tx,
            &format!("{}:release", held.hold_key),
            &held.hold_key,
            label(&purchase, member),
        )
        .await?;
        None
    } else {
        // Held: what it takes and would take, at the tiers they reach.
        Some(hold_basket(tx, &purchase, member, member, held.as_ref(), goods).await?)
    };
    for other in &after_me {
        cover(tx, &purchase, member, other).await?;
    }
    sqlx::query("DELETE FROM groupbuy_commitments WHERE purchase_id = $1 AND member_id = $2")
        .bind(purchase_id)
        .bind(member)
        .execute(&mut **tx)
        .await?;
    let Some(hold) = hold else {
        sqlx::query("DELETE FROM groupbuy_baskets WHERE purchase_id = $1 AND member_id = $2")
            .bind(purchase_id)
            .bind(member)
            .execute(&mut **tx)
            .await?;
        return Ok(());
    };
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
        .bind(&hold.key)
        .bind(goods)
        .bind(hold.fee)
        .bind(hold.version)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The goods of quantities and tolerances at `prices`, in cents.
fn goods_of(lines: &HashMap<String, (i64, i64)>, prices: &HashMap<String, i64>) -> i64 {
    lines
        .iter()
        .map(|(product, (quantity, tolerance))| {
            (quantity + tolerance) * prices.get(product).copied().unwrap_or(0)
        })
        .sum()
}

/// A basket's hold, made or remade.
struct Hold {
    key: String,
    version: i64,
    fee: i64,
}

/// Holds `goods` and the fee on top from `member`'s wallet into the
/// purchase's escrow, in place of its hold `old` if it has one; `by` asked
/// for it. Each hold has a key of its own: a basket withdrawn then made
/// again never meets its old, released hold.
async fn hold_basket(
    tx: &mut Tx,
    purchase: &Purchase,
    member: &MemberId,
    by: &MemberId,
    old: Option<&Held>,
    goods: i64,
) -> Result<Hold, AppError> {
    let quote = purchase
        .fee_rule()
        .quote(PaymentKind::Technical, goods.max(0) as u64);
    let amount = Amount::new(quote.total as u64)?;
    let version = old.map_or(1, |h| h.version + 1);
    let key = format!("groupbuy:{}:{member}:{}", purchase.id, new_id());
    let escrow = escrow_of(&purchase.id);
    let (from, into) = (Owner::Wallet(member), Owner::Escrow(&escrow));
    let label = label(purchase, by);
    let old = old.map(|h| h.hold_key.as_str());
    money::hold_instead(&mut *tx, &key, old, from, into, amount, None, label).await?;
    Ok(Hold {
        key,
        version,
        fee: quote.fee,
    })
}

/// Another member's basket in the purchase: its lines and its hold.
struct Other {
    member: String,
    lines: HashMap<String, (i64, i64)>,
    held: Held,
    held_goods: i64,
    /// What its hold must now cover.
    goods: i64,
}

/// After a change that raises the price of the `risen` products, the other
/// baskets holding some of them whose holds no longer cover their
/// quantities and tolerances at the new `prices`: each is held again
/// ([`cover`]), so that whatever is ordered at the settlement is paid from
/// the holds.
async fn others_to_cover(
    tx: &mut Tx,
    purchase: &Purchase,
    member: &MemberId,
    prices: &HashMap<String, i64>,
    risen: &[&str],
) -> Result<Vec<Other>, AppError> {
    if risen.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT c.member_id, c.product_id, c.quantity, c.tolerance, b.hold_key, b.held, b.version \
         FROM groupbuy_commitments c JOIN groupbuy_baskets b \
           ON b.purchase_id = c.purchase_id AND b.member_id = c.member_id \
         WHERE c.purchase_id = $1 AND c.member_id <> $2 ORDER BY c.member_id",
    )
    .bind(&purchase.id)
    .bind(member)
    .fetch_all(&mut **tx)
    .await?;
    let mut others: Vec<(Other, bool)> = Vec::new();
    for r in &rows {
        let member: String = r.try_get("member_id")?;
        if others.last().is_none_or(|(o, _)| o.member != member) {
            others.push((
                Other {
                    member,
                    lines: HashMap::new(),
                    held: Held {
                        hold_key: r.try_get("hold_key")?,
                        version: r.try_get("version")?,
                    },
                    held_goods: r.try_get("held")?,
                    goods: 0,
                },
                false,
            ));
        }
        let (other, takes_risen) = others.last_mut().expect("pushed above");
        let product: String = r.try_get("product_id")?;
        *takes_risen |= risen.contains(&product.as_str());
        other
            .lines
            .insert(product, (r.try_get("quantity")?, r.try_get("tolerance")?));
    }
    Ok(others
        .into_iter()
        .filter(|(_, takes_risen)| *takes_risen)
        .filter_map(|(mut other, _)| {
            other.goods = goods_of(&other.lines, prices);
            (other.goods > other.held_goods).then_some(other)
        })
        .collect())
}

/// Holds another member's basket again to cover its goods at the new
/// prices, at the request of `by`; a wallet that cannot refuses the change.
async fn cover(
    tx: &mut Tx,
    purchase: &Purchase,
    by: &MemberId,
    other: &Other,
) -> Result<(), AppError> {
    let member = MemberId::from(other.member.clone());
    let hold = hold_basket(tx, purchase, &member, by, Some(&other.held), other.goods)
        .await
        .map_err(|e| match e {
            AppError::Conflict("transfer-exceeds-limit") => {
                AppError::Conflict("groupbuy-raises-others")
            }
            other => other,
        })?;
    sqlx::query(
        "UPDATE groupbuy_baskets SET hold_key = $3, held = $4, held_fee = $5, version = $6, \
         updated_at = $7 WHERE purchase_id = $1 AND member_id = $2",
    )
    .bind(&purchase.id)
    .bind(&member)
    .bind(&hold.key)
    .bind(other.goods)
    .bind(hold.fee)
    .bind(hold.version)
    .bind(now_ms())
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
        "SELECT b.purchase_id, b.pickup_id, b.held, b.held_fee, b.settled_at, b.charged, \
         b.charged_fee, b.invoice_id, k.place, k.commune \
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
            "SELECT product_id, quantity, tolerance, allocated FROM groupbuy_commitments \
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
            let allocated: Option<i64> = l.try_get("allocated")?;
            // Settled: what it gets at the final price; before: what it asks.
            let price = product.final_price.unwrap_or(product.unit_price);
            let counted = allocated.unwrap_or(quantity);
            value += counted * price;
            if let Some(retail) = product.retail_price {
                saving += counted * (retail - price).max(0);
            }
            basket_lines.push(Line {
                product_id: product.id.clone(),
                product_name: product.name.clone(),
                unit: product.unit.clone(),
                quantity,
                tolerance: l.try_get("tolerance")?,
                unit_price: price,
                allocated,
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
            settled_at: r.try_get("settled_at")?,
            charged: r.try_get("charged")?,
            charged_fee: r.try_get("charged_fee")?,
            released: None,
            invoice_id: r.try_get("invoice_id")?,
            value,
            saving,
            purchase_id,
        });
        if let Some(b) = out.last_mut()
            && b.settled_at.is_some()
        {
            b.released = Some(b.held_total - b.charged.unwrap_or(0) - b.charged_fee.unwrap_or(0));
        }
    }
    Ok(out)
}
