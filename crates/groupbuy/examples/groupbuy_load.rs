//! Load for `bench/groupbuy`: a group purchase with COMMITMENTS members'
//! commitments (each member one product of four, boxes of 10) is settled
//! at once, as the job at its deadline does: the whole boxes allocated,
//! each member's hold captured for what it gets at the final tier (the
//! supplier, the fee and the solidarity fund paid) or released. Then, in
//! the same run and on the same database, the kernel's raw transfer rate
//! with 16 clients (`bench/ledger`'s load). Prints one line: the
//! settlement's seconds, its transfers, its transfers per second and the
//! raw transfers per second.
//! Usage: `groupbuy_load DATABASE_URL COMMITMENTS SECONDS`.

use std::time::Instant;

use groupbuy::baskets::{self, BasketInput, LineInput};
use groupbuy::purchases::{self, PickupInput, ProductInput, PurchaseInput, TierInput};
use kernel::db::Db;
use kernel::i18n::Lang;
use testkit::bench;

type Boxed = Box<dyn std::error::Error + Send + Sync>;

fn err(e: kernel::AppError) -> Boxed {
    format!("{e:?}").into()
}

#[tokio::main]
async fn main() -> Result<(), Boxed> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, commitments, seconds] = args.as_slice() else {
        return Err("usage: groupbuy_load DATABASE_URL COMMITMENTS SECONDS".into());
    };
    let (commitments, seconds): (usize, u64) = (commitments.parse()?, seconds.parse()?);
    let db = Db::connect(url).await?;
    db.migrate(&[market::MODULE, groupbuy::MODULE]).await?;

    // The organiser and COMMITMENTS members with money in their wallets.
    let organiser = kernel::members::create_confirmed(
        &db,
        "organiser@example.org",
        "a bench password",
        "Organiser",
        Lang::Fr,
        false,
    )
    .await
    .map_err(err)?;
    let members = bench::members_with_money(&db, commitments)
        .await
        .map_err(err)?;

    let tier = |from, to, unit_price| TierInput {
        from,
        to,
        unit_price,
    };
    let product = |i: usize| ProductInput {
        name: format!("Produit {i}"),
        unit: "kg".into(),
        pack_size: 10,
        step: Some(5),
        vat_rate: 550,
        retail_price: Some(500),
        tiers: vec![tier(1, Some(999), 400), tier(1000, None, 300)],
    };
    let purchase = purchases::create(
        &db,
        &Default::default(),
        &organiser,
        &PurchaseInput {
            title: "Bench".into(),
            description: String::new(),
            collective_id: None,
            supplier_id: None,
            supplier_name: Some("Supplier".into()),
            supplier_contact: Some("supplier@example.org".into()),
            minimum: 0,
            maximum: None,
            deadline_at: kernel::db::now_ms() + 24 * 3600 * 1000,
            fill_until: None,
            if_short: "cancel".into(),
            extend_days: None,
            products: (0..4).map(product).collect(),
            pickups: vec![PickupInput {
                commune: "Mornant".into(),
                place: "Salle des fêtes".into(),
                hours: String::new(),
            }],
        },
    )
    .await
    .map_err(err)?;
    for (n, chunk) in members.chunks(bench::AT_ONCE).enumerate() {
        let mut committed = tokio::task::JoinSet::new();
        for (k, member) in chunk.iter().enumerate() {
            let (db, member) = (db.clone(), member.clone());
            let input = BasketInput {
                pickup_id: purchase.pickups[0].id.clone(),
                lines: vec![LineInput {
                    product_id: purchase.products[(n * bench::AT_ONCE + k) % 4].id.clone(),
                    quantity: 5,
                    tolerance: 0,
                }],
            };
            let id = purchase.id.clone();
            committed.spawn(async move { baskets::set(&db, &member, &id, &input).await });
        }
        while let Some(done) = committed.join_next().await {
            done?.map_err(err)?;
        }
    }

    // The deadline passes; the settlement runs whole.
    sqlx::query("UPDATE groupbuy_purchases SET deadline_at = $1 WHERE id = $2")
        .bind(kernel::db::now_ms() - 1)
        .bind(&purchase.id)
        .execute(db.pool())
        .await?;
    let before = bench::count_transfers(&db).await?;
    let started = Instant::now();
    groupbuy::settle::settle(&db, &purchase.id)
        .await
        .map_err(err)?;
    let took = started.elapsed().as_secs_f64();
    let transfers = bench::count_transfers(&db).await? - before;
    eprintln!("settled in {took:.2} s: {transfers} transfers");
    let settled = purchases::get(&db, &purchase.id).await.map_err(err)?;
    if settled.state != "settled" {
        return Err(format!("the purchase is {}", settled.state).into());
    }

    let raw = bench::raw_rate_after(&db, &members, seconds).await?;
    println!(
        "{took:.2} {transfers} {:.0} {raw:.0}",
        transfers as f64 / took
    );
    Ok(())
}
