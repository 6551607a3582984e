//! The settlement of a group purchase, by a durable job at its end (the
//! deadline, or the end of its box-filling phase):
//!
//! 1. In one transaction under the purchase's lock: each product's whole
//!    boxes are allocated ([`crate::allocation`]) and priced at the tier
//!    the units ordered reach. Below the minimum, the purchase is extended
//!    once if its organiser chose so (the holds kept, a new job at the new
//!    end), or cancelled. Otherwise the allocations and final prices are
//!    written and the purchase is `settling`.
//! 2. Then the baskets, up to 500 per transaction: each member's hold is
//!    captured for what it is allocated at the final prices, paid to the
//!    supplier with the platform's fee (the rest released), or released
//!    whole (cancelled, or nothing allocated), and the basket is marked
//!    settled in the same transaction, with the seller's invoice when the
//!    supplier is a seller here. Their money moves in one pass through the
//!    ledger ([`money::settle_holds`]: every wallet locked at once, in the
//!    ids' order, so it never deadlocks with members' payments).
//! 3. Last, the purchase is `settled` (or `cancelled`) and the money's
//!    breakdown goes into the transparency log.
//!
//! Each step checks what the one before left, so a job that stops in the
//! middle (a restart) and runs again goes on where it stopped, never
//! capturing a basket twice nor leaving one behind.

use std::collections::HashMap;

use kernel::db::{Db, ROWS_PER_STATEMENT, Tx, now_ms, placeholders, value_rows};
use kernel::fees::PaymentKind;
use kernel::jobs::{self, NewJob};
use kernel::money::{self, Amount, Fee, HoldOutcome, Label, Outcome, Owner, Split};
use kernel::notifications::{Kind, Notice};
use kernel::{AppError, CollectiveId, MemberId};
use market::invoices::ToInvoice;
use sqlx::Row;

use crate::allocation;
use crate::purchases::{self, Purchase};

pub const JOB_SETTLE: &str = "groupbuy.settle";

/// The member's group purchase went ahead: what it pays is taken, the
/// rest released.
pub const SETTLED: Kind = Kind {
    code: "groupbuy_settled",
    default: kernel::notifications::Delivery::Email,
};
/// The group purchase was cancelled below its minimum: the money released.
pub const CANCELLED: Kind = Kind {
    code: "groupbuy_cancelled",
    default: kernel::notifications::Delivery::Email,
};
/// The group purchase was extended below its minimum: the holds kept.
pub const EXTENDED: Kind = Kind {
    code: "groupbuy_extended",
    default: kernel::notifications::Delivery::Email,
};

#[derive(serde::Serialize, serde::Deserialize)]
pub struct Payload {
    pub purchase_id: String,
}

/// Schedules the settlement at `end`; keyed by it, so that an extension
/// schedules anew and a job that runs early does nothing.
pub async fn schedule(tx: &mut Tx, purchase_id: &str, end: i64) -> Result<(), AppError> {
    let payload = Payload {
        purchase_id: purchase_id.to_owned(),
    };
    jobs::enqueue(
        &mut *tx,
        NewJob {
            run_at: end,
            dedupe_key: Some(format!("{JOB_SETTLE}:{purchase_id}:{end}")),
            max_attempts: jobs::MONEY_ATTEMPTS,
            ..NewJob::now(JOB_SETTLE, &payload)
        },
    )
    .await
}

/// When commitments end: the box-filling phase's end, else the deadline.
pub fn end_of(purchase: &Purchase) -> i64 {
    purchase.fill_until.unwrap_or(purchase.deadline_at)
}

/// Settles the purchase, whole (the job's handler).
pub async fn settle(db: &Db, purchase_id: &str) -> Result<(), AppError> {
    settle_some(db, purchase_id, None).await
}

/// Settles the purchase; with `at_most`, stops after that many baskets
/// without finishing, as a restart would (what a test of a restart needs).
pub async fn settle_some(
    db: &Db,
    purchase_id: &str,
    at_most: Option<usize>,
) -> Result<(), AppError> {
    if !decide(db, purchase_id).await? {
        return Ok(());
    }
    let purchase = purchases::get(db, purchase_id).await?;
    let all = jobs::in_batches(BASKETS_AT_ONCE, at_most, |room| {
        settle_baskets(db, &purchase, room)
    })
    .await?;
    match all {
        true => finish(db, purchase_id).await,
        false => Ok(()),
    }
}

/// Its organiser (or a coordinator of the collective that proposed it)
/// cancels a purchase still taking commitments: every hold is released,
/// each member told, as below the minimum.
pub async fn cancel(db: &Db, purchase_id: &str, by: &MemberId) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let purchase = purchases::lock(&mut tx, purchase_id).await?;
    if crate::orders::reader(db, &purchase, by).await? != crate::orders::Reader::Organiser {
        return Err(AppError::Forbidden);
    }
    if purchase.state != "open" {
        return Err(AppError::Conflict("groupbuy-closed"));
    }
    set_state(&mut tx, purchase_id, "cancelling").await?;
    tx.commit().await?;
    settle(db, purchase_id).await
}

/// Step 1: allocates, extends or cancels. True when baskets are to be
/// settled (`settling` or `cancelling`).
async fn decide(db: &Db, purchase_id: &str) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let purchase = purchases::lock(&mut tx, purchase_id).await?;
    match purchase.state.as_str() {
        "settling" | "cancelling" => return Ok(true),
        "settled" | "cancelled" => return Ok(false),
        _ => {}
    }
    let now = now_ms();
    if now < end_of(&purchase) {
        // Early (its end was moved later): the job at the new end settles it.
        return Ok(false);
    }
    let allocations = allocate(&mut tx, &purchase).await?;
    let value: i64 = allocations.iter().map(|a| a.ordered * a.final_price).sum();
    if value == 0 || value < purchase.minimum {
        if purchase.if_short == "extend" && !purchase.extended {
            extend(&mut tx, &purchase, now).await?;
            tx.commit().await?;
            return Ok(false);
        }
        set_state(&mut tx, purchase_id, "cancelling").await?;
        tx.commit().await?;
        return Ok(true);
    }
    for a in &allocations {
        sqlx::query("UPDATE groupbuy_products SET ordered = $1, final_price = $2 WHERE id = $3")
            .bind(a.ordered)
            .bind(a.final_price)
            .bind(&a.product_id)
            .execute(&mut *tx)
            .await?;
        for chunk in a.members.chunks(ROWS_PER_STATEMENT) {
            let sql = format!(
                "UPDATE groupbuy_commitments SET allocated = v.column2 FROM (VALUES {}) AS v \
                 WHERE groupbuy_commitments.product_id = $1 \
                   AND groupbuy_commitments.member_id = v.column1",
                value_rows(2, chunk.len(), 2)
            );
            let mut update = sqlx::query(&sql).bind(&a.product_id);
            for (member, allocated) in chunk {
                update = update.bind(member.as_str()).bind(*allocated);
            }
            update.execute(&mut *tx).await?;
        }
    }
    set_state(&mut tx, purchase_id, "settling").await?;
    tx.commit().await?;
    Ok(true)
}

/// A product's allocation: the units ordered, their price, and what each
/// member gets.
struct Allocation {
    product_id: String,
    ordered: i64,
    final_price: i64,
    members: Vec<(String, i64)>,
}

async fn allocate(tx: &mut Tx, purchase: &Purchase) -> Result<Vec<Allocation>, AppError> {
    let rows = sqlx::query(
        "SELECT product_id, member_id, quantity, tolerance FROM groupbuy_commitments \
         WHERE purchase_id = $1 ORDER BY since, member_id",
    )
    .bind(&purchase.id)
    .fetch_all(&mut **tx)
    .await?;
    let mut by_product: HashMap<String, Vec<(String, i64, i64)>> = HashMap::new();
    for r in &rows {
        by_product
            .entry(r.try_get("product_id")?)
            .or_default()
            .push((
                r.try_get("member_id")?,
                r.try_get("quantity")?,
                r.try_get("tolerance")?,
            ));
    }
    let mut out = Vec::new();
    for product in &purchase.products {
        let commitments = by_product.remove(&product.id).unwrap_or_default();
        let asked: Vec<(i64, i64)> = commitments.iter().map(|(_, q, t)| (*q, *t)).collect();
        let quantity = asked.iter().map(|c| c.0).sum();
        let tolerance = asked.iter().map(|c| c.1).sum();
        let ordered = product.ordered(quantity, tolerance);
        let given = allocation::allocate(ordered, &asked);
        out.push(Allocation {
            product_id: product.id.clone(),
            ordered,
            final_price: product.price_at(ordered),
            members: commitments
                .into_iter()
                .zip(given)
                .map(|((member, _, _), got)| (member, got))
                .collect(),
        });
    }
    Ok(out)
}

/// Below the minimum, extended once: the deadline (and the box-filling
/// phase's end) moved by the days chosen, the holds kept.
async fn extend(tx: &mut Tx, purchase: &Purchase, now: i64) -> Result<(), AppError> {
    let days = purchase.extend_days * 24 * 3600 * 1000;
    let deadline = purchase.deadline_at.max(now) + days;
    let fill_until = purchase
        .fill_until
        .map(|end| deadline + (end - purchase.deadline_at));
    sqlx::query(
        "UPDATE groupbuy_purchases SET deadline_at = $1, fill_until = $2, extended = 1 WHERE id = $3",
    )
    .bind(deadline)
    .bind(fill_until)
    .bind(&purchase.id)
    .execute(&mut **tx)
    .await?;
    schedule(tx, &purchase.id, fill_until.unwrap_or(deadline)).await?;
    let members = members(tx, &purchase.id).await?;
    kernel::notifications::notify_many(tx, &members, &notice(EXTENDED, purchase)).await?;
    Ok(())
}

async fn members(tx: &mut Tx, purchase_id: &str) -> Result<Vec<MemberId>, AppError> {
    let rows = sqlx::query("SELECT member_id FROM groupbuy_baskets WHERE purchase_id = $1")
        .bind(purchase_id)
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<String, _>("member_id").map(MemberId::from))
        .collect::<Result<_, _>>()?)
}

/// What members are told of the purchase.
fn notice(kind: Kind, purchase: &Purchase) -> Notice<'static> {
    Notice {
        kind,
        args: vec![("name", purchase.title.clone())],
        link: format!("/groupbuy/{}", purchase.id),
        body: String::new(),
        list: None,
    }
}

async fn set_state(tx: &mut Tx, purchase_id: &str, state: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE groupbuy_purchases SET state = $1 WHERE id = $2")
        .bind(state)
        .bind(purchase_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Who the supplier's money is paid to: a member seller's organisation;
/// for an outside supplier, the treasury of the collective that proposed
/// the purchase, else its organiser's wallet (who pays the supplier).
enum Payee {
    Organisation(String),
    Treasury(CollectiveId),
    Wallet(MemberId),
}

impl Payee {
    fn of(purchase: &Purchase) -> Payee {
        match (&purchase.supplier_id, &purchase.collective_id) {
            (Some(org), _) => Payee::Organisation(org.clone()),
            (None, Some(c)) => Payee::Treasury(CollectiveId::from(c.clone())),
            (None, None) => Payee::Wallet(MemberId::from(purchase.organiser_id.clone())),
        }
    }

    fn owner(&self) -> Owner<'_> {
        match self {
            Payee::Organisation(org) => Owner::Organisation(org),
            Payee::Treasury(c) => Owner::Treasury(c),
            Payee::Wallet(m) => Owner::Wallet(m),
        }
    }
}

/// How many baskets one transaction settles: their money moves in one
/// pass through the ledger, their rows in a few statements.
const BASKETS_AT_ONCE: usize = 500;

/// A basket claimed for settling: whose, its hold, and what it gets.
struct Claimed {
    member: MemberId,
    hold_key: String,
    lines: Vec<ToInvoice>,
}

/// Step 2: up to `limit` baskets, in one transaction; how many. Each is
/// claimed first (marked settled where it was not yet), so that a job run
/// again, or twice at once, settles it once.
async fn settle_baskets(db: &Db, purchase: &Purchase, limit: usize) -> Result<usize, AppError> {
    let mut tx = db.begin().await?;
    let claimed = sqlx::query(
        "UPDATE groupbuy_baskets SET settled_at = $1 \
         WHERE purchase_id = $2 AND settled_at IS NULL AND member_id IN \
           (SELECT member_id FROM groupbuy_baskets WHERE purchase_id = $2 AND settled_at IS NULL \
            ORDER BY member_id LIMIT $3) \
         RETURNING member_id, hold_key",
    )
    .bind(now_ms())
    .bind(&purchase.id)
    .bind(limit as i64)
    .fetch_all(&mut *tx)
    .await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let mut baskets = claimed
        .iter()
        .map(|r| {
            Ok(Claimed {
                member: MemberId::from(r.try_get::<String, _>("member_id")?),
                hold_key: r.try_get("hold_key")?,
                lines: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    // In the members' order: their log entries, invoice numbers and
    // notices follow it.
    baskets.sort_by(|a, b| a.member.cmp(&b.member));
    let cancelled = purchase.state == "cancelling";
    if !cancelled {
        allocated_lines(&mut tx, purchase, &mut baskets).await?;
    }
    let goods: Vec<i64> = baskets
        .iter()
        .map(|b| b.lines.iter().map(|l| l.paid).sum())
        .collect();
    let payee = Payee::of(purchase);
    let to = payee.owner();
    let splits = goods
        .iter()
        .map(|&goods| {
            Ok(match goods {
                0 => Vec::new(),
                goods => vec![Split {
                    to,
                    amount: Amount::new(goods as u64)?,
                    reference: &purchase.title,
                }],
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let keys: Vec<String> = baskets
        .iter()
        .map(|b| format!("{}:settle", b.hold_key))
        .collect();
    let rule = purchase.fee_rule();
    let fee = Fee {
        rule: &rule,
        kind: PaymentKind::Technical,
    };
    let label = Label {
        code: "groupbuy.settle",
        reference: &purchase.title,
        by: None,
    };
    let outcomes: Vec<HoldOutcome<'_>> = baskets
        .iter()
        .zip(&splits)
        .zip(&keys)
        .map(|((b, splits), key)| HoldOutcome {
            key,
            hold_key: &b.hold_key,
            // Nothing allocated: the hold released whole.
            outcome: match splits.is_empty() {
                true => Outcome::Release,
                false => Outcome::Capture {
                    splits,
                    fee: Some(fee),
                },
            },
            label,
        })
        .collect();
    let quotes = money::settle_holds(&mut tx, &outcomes).await?;
    let mut settled = Vec::with_capacity(baskets.len());
    for ((b, goods), quote) in baskets.iter().zip(&goods).zip(&quotes) {
        // A seller here invoices its goods in its own series (module 4);
        // an outside supplier invoices whoever it was paid by, itself.
        let invoice = match &payee {
            Payee::Organisation(seller) if *goods > 0 => {
                market::invoices::issue_for_group_purchase(
                    &mut tx,
                    seller,
                    &purchase.id,
                    b.member.as_str(),
                    &b.lines,
                )
                .await?
            }
            _ => None,
        };
        settled.push((&b.member, *goods, quote.fee, quote.solidarity, invoice));
    }
    for chunk in settled.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "UPDATE groupbuy_baskets SET charged = v.column2, charged_fee = v.column3, \
             charged_solidarity = v.column4, invoice_id = v.column5 FROM (VALUES {}) AS v \
             WHERE groupbuy_baskets.purchase_id = $1 AND groupbuy_baskets.member_id = v.column1",
            value_rows(2, chunk.len(), 5)
        );
        let mut update = sqlx::query(&sql).bind(&purchase.id);
        for (member, goods, fee, solidarity, invoice) in chunk {
            update = update
                .bind(member.as_str())
                .bind(*goods)
                .bind(*fee)
                .bind(*solidarity)
                .bind(invoice.as_deref());
        }
        update.execute(&mut *tx).await?;
    }
    let members: Vec<MemberId> = baskets.iter().map(|b| b.member.clone()).collect();
    let kind = if cancelled { CANCELLED } else { SETTLED };
    kernel::notifications::notify_many(&mut tx, &members, &notice(kind, purchase)).await?;
    tx.commit().await?;
    Ok(baskets.len())
}

/// What each basket gets, at the final prices: its lines to invoice.
async fn allocated_lines(
    tx: &mut Tx,
    purchase: &Purchase,
    baskets: &mut [Claimed],
) -> Result<(), AppError> {
    let sql = format!(
        "SELECT member_id, product_id, allocated FROM groupbuy_commitments \
         WHERE purchase_id = $1 AND allocated > 0 AND member_id IN ({})",
        placeholders(2, baskets.len())
    );
    let mut query = sqlx::query(&sql).bind(&purchase.id);
    for b in baskets.iter() {
        query = query.bind(b.member.as_str());
    }
    let rows = query.fetch_all(&mut **tx).await?;
    let at: HashMap<&str, usize> = baskets
        .iter()
        .enumerate()
        .map(|(i, b)| (b.member.as_str(), i))
        .collect();
    // Each basket's lines in the purchase's product order.
    let mut lines: Vec<(usize, usize, ToInvoice)> = Vec::new();
    for r in &rows {
        let member: String = r.try_get("member_id")?;
        let product: String = r.try_get("product_id")?;
        let allocated: i64 = r.try_get("allocated")?;
        let position = purchase.products.iter().position(|p| p.id == product);
        if let (Some(&i), Some(position)) = (at.get(member.as_str()), position) {
            let p = &purchase.products[position];
            lines.push((
                i,
                position,
                ToInvoice {
                    description: described(&p.name, &p.unit),
                    quantity: allocated,
                    paid: allocated * p.final_price.unwrap_or(0),
                    vat_rate: p.vat_rate,
                },
            ));
        }
    }
    lines.sort_by_key(|(i, position, _)| (*i, *position));
    for (i, _, line) in lines {
        baskets[i].lines.push(line);
    }
    Ok(())
}

/// How a product reads on an invoice, whatever the reader's language:
/// "Farine T80 (kg)", or its name alone when counted in pieces.
fn described(name: &str, unit: &str) -> String {
    match unit {
        "piece" => name.to_owned(),
        unit => format!("{name} ({unit})"),
    }
}

/// Step 3: settled (or cancelled), and the breakdown of the money in the
/// transparency log: what the supplier got, the platform's fee and the
/// solidarity fund's share, and what the members saved against the
/// retail prices given. Totals only: no member, no basket.
async fn finish(db: &Db, purchase_id: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let purchase = purchases::lock(&mut tx, purchase_id).await?;
    // Another run still settling baskets it claimed (not committed yet, so
    // unsettled here) finishes after them: the totals must count them all.
    let waiting = sqlx::query(
        "SELECT 1 AS one FROM groupbuy_baskets WHERE purchase_id = $1 AND settled_at IS NULL LIMIT 1",
    )
    .bind(purchase_id)
    .fetch_optional(&mut *tx)
    .await?;
    if waiting.is_some() {
        return Ok(());
    }
    let done = match purchase.state.as_str() {
        "settling" => "settled",
        "cancelling" => "cancelled",
        _ => return Ok(()),
    };
    if done == "settled" {
        let b = purchases::breakdown(&mut tx, &purchase).await?;
        kernel::log::append(
            &mut tx,
            &serde_json::json!({
                "type": "groupbuy.settled",
                "supplier": b.supplier,
                "platform": b.platform,
                "solidarity": b.solidarity,
                "saving": b.saving,
            }),
        )
        .await?;
    }
    if done == "settled" {
        // The supplier's order is mailed once the money has moved.
        let payload = Payload {
            purchase_id: purchase_id.to_owned(),
        };
        jobs::enqueue(
            &mut tx,
            NewJob {
                dedupe_key: Some(format!("{}:{purchase_id}", crate::orders::JOB_MAIL)),
                ..NewJob::now(crate::orders::JOB_MAIL, &payload)
            },
        )
        .await?;
    }
    sqlx::query("UPDATE groupbuy_purchases SET state = $1, settled_at = $2 WHERE id = $3")
        .bind(done)
        .bind(now_ms())
        .bind(purchase_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
