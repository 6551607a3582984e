//! Load for `bench/market`: CLIENTS buyers check out concurrently in one
//! cycle of 20 products for SECONDS, each checkout its own transaction
//! (stock taken, prices frozen, money held); then, in the same run and on
//! the same database, the kernel's raw transfer rate with as many clients
//! (`bench/ledger`'s load). One product has 10 units, which one checkout in
//! ten also asks for: those race for it. Prints one line: checkouts/s, p99 in ms, raw transfers/s,
//! refusals, the units oversold (counted from the stock left and the
//! live orders: must be 0), and the rate of the ledger's part of a
//! checkout alone (a hold replaced by another, per buyer) in the same way.
//! Usage: `market_load DATABASE_URL CLIENTS SECONDS`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use kernel::db::Db;
use kernel::i18n::Lang;
use kernel::money::{self, Owner};
use market::catalogue::{self, ProductInput, VariantInput};
use market::orders::{self, Mode, OrderInput, OrderLineInput};
use market::sellers::{self, SellerInput};
use market::shops::{self, CycleInput, PickupInput, ShopInput};
use sqlx::Row;

const PRODUCTS: usize = 20;
/// The stock of the product every buyer races for.
const SCARCE: i64 = 10;

type Boxed = Box<dyn std::error::Error>;

fn err(e: kernel::AppError) -> Boxed {
    format!("{e:?}").into()
}

#[tokio::main]
async fn main() -> Result<(), Boxed> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, clients, seconds] = args.as_slice() else {
        return Err("usage: market_load DATABASE_URL CLIENTS SECONDS".into());
    };
    let (clients, seconds): (usize, u64) = (clients.parse()?, seconds.parse()?);
    let db = Db::connect(url).await?;
    db.migrate(&[market::MODULE]).await?;
    let rule = kernel::fees::FeeRule::default();

    // A farm with 20 products, a hub's shop with an open cycle, a pickup
    // point and a fee, and CLIENTS buyers with money in their wallets.
    let mut buyers = Vec::new();
    for i in 0..=clients {
        let id = kernel::members::create_confirmed(
            &db,
            &format!("bench{i}@example.org"),
            "a bench password",
            &format!("Buyer {i}"),
            Lang::En,
            false,
        )
        .await
        .map_err(err)?;
        buyers.push(id);
    }
    let farmer = buyers.pop().ok_or("no farmer")?;
    for (i, buyer) in buyers.iter().enumerate() {
        kernel::wallet::top_up(
            &db,
            &kernel::payments::DemoProvider,
            buyer,
            &format!("fund-{i}"),
            money::Amount::new(kernel::payments::DEMO_LIMIT)?,
        )
        .await
        .map_err(err)?;
    }
    let org = kernel::organisations::create(
        &db,
        &farmer,
        &kernel::organisations::OrganisationInput {
            name: "Ferme".into(),
            kind: kernel::organisations::OrgKind::Company,
            siret: None,
            address: String::new(),
            latitude: None,
            longitude: None,
            description: String::new(),
        },
    )
    .await
    .map_err(err)?;
    sellers::set_profile(
        &db,
        &farmer,
        &org.id,
        &SellerInput {
            legal_name: "Ferme".into(),
            vat_number: None,
            description: String::new(),
            claims: Vec::new(),
        },
    )
    .await
    .map_err(err)?;
    let mut variants = Vec::new();
    for p in 0..PRODUCTS {
        let product = catalogue::create(
            &db,
            &farmer,
            &org.id,
            &ProductInput {
                name: format!("Produit {p}"),
                description: String::new(),
                category: "vegetables".into(),
                vat_rate: 550,
                organic_label: None,
                origin: String::new(),
                carbon_g: None,
                repairability: None,
                essential: false,
                allergens: Vec::new(),
                variants: vec![VariantInput {
                    id: None,
                    unit: "g".into(),
                    size: 1000,
                    weight_g: None,
                    price: 100 + p as i64 * 10,
                    stock_mode: "count".into(),
                    stock: Some(if p == 0 { SCARCE } else { 1_000_000 }),
                    stock_was: None,
                    sku: String::new(),
                }],
            },
        )
        .await
        .map_err(err)?;
        variants.push(product.variants[0].id.clone());
    }
    let shop = shops::create_shop(
        &db,
        &farmer,
        &ShopInput {
            name: "Boutique".into(),
            description: String::new(),
            collective_id: None,
            organisation_id: Some(org.id.clone()),
            address: String::new(),
            latitude: None,
            longitude: None,
        },
    )
    .await
    .map_err(err)?;
    let now = kernel::db::now_ms();
    let cycle = shops::create_cycle(
        &db,
        &farmer,
        &shop.id,
        &CycleInput {
            name: "Bench".into(),
            opens_at: now - 1000,
            closes_at: now + 3_600_000,
            capture: None,
            max_orders: None,
            max_turnover: None,
            remind_hours: Some(0),
            variant_caps: None,
        },
    )
    .await
    .map_err(err)?;
    shops::set_offer(&db, &farmer, &cycle.id, &org.id, &variants)
        .await
        .map_err(err)?;
    let cycle = shops::add_pickup(
        &db,
        &farmer,
        &cycle.id,
        &PickupInput {
            place: "Ferme".into(),
            address: String::new(),
            starts_at: now + 7_200_000,
            ends_at: now + 9_000_000,
            capacity: None,
            hub_id: None,
        },
    )
    .await
    .map_err(err)?;
    shops::add_fee(
        &db,
        &farmer,
        &cycle.id,
        &shops::FeeInput {
            seller_id: None,
            hub_id: None,
            name: "Gestion".into(),
            kind: "admin".into(),
            calculator: "percent".into(),
            amount: 300,
            vat_rate: None,
        },
    )
    .await
    .map_err(err)?;
    let (cycle_id, pickup) = (cycle.id.clone(), cycle.pickups[0].id.clone());
    // The catalogue's statistics, as autovacuum keeps them on a live
    // database: without them, tables this fresh are read with plans made
    // for empty ones. (Not the ledger's and the log's, which grow during
    // the run: statistics taken now would mislead the planner later.)
    for table in [
        "market_products",
        "market_variants",
        "market_sellers",
        "market_cycle_sellers",
        "market_cycle_variants",
    ] {
        sqlx::query(&format!("ANALYZE {table}"))
            .execute(db.pool())
            .await?;
    }

    // Checkouts: each buyer changes its one order again and again.
    let stop = Arc::new(AtomicBool::new(false));
    let variants = Arc::new(variants);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (client, buyer) in buyers.iter().cloned().enumerate() {
        let (db, stop, variants, cycle_id, pickup) = (
            db.clone(),
            stop.clone(),
            variants.clone(),
            cycle_id.clone(),
            pickup.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut refused) = (Vec::new(), 0u64);
            let mut seed = client as u64 * 7919 + 1;
            while !stop.load(Ordering::Relaxed) {
                let r = testkit::bench::next(&mut seed);
                // Two products of the 20; one checkout in ten also asks for
                // the scarce one, which only ten units can satisfy.
                let mut lines = vec![OrderLineInput {
                    variant_id: variants[1 + (r % (PRODUCTS as u64 - 1)) as usize].clone(),
                    quantity: 1 + (r >> 8) as i64 % 3,
                }];
                let second = 1 + ((r >> 16) % (PRODUCTS as u64 - 1)) as usize;
                if (r >> 24).is_multiple_of(10) {
                    lines.push(OrderLineInput {
                        variant_id: variants[0].clone(),
                        quantity: 1,
                    });
                } else if variants[second] != lines[0].variant_id {
                    lines.push(OrderLineInput {
                        variant_id: variants[second].clone(),
                        quantity: 1,
                    });
                }
                let input = OrderInput {
                    pickup_id: pickup.clone(),
                    lines,
                    slot_id: None,
                    delivery: None,
                    bill_to: None,
                    card: None,
                };
                let t = Instant::now();
                match orders::place(&db, &rule, &buyer, &cycle_id, &input, Mode::Replace).await {
                    Ok(_) => latencies.push(t.elapsed()),
                    Err(kernel::AppError::Validation(_)) => refused += 1,
                    Err(kernel::AppError::Conflict("market-order-race")) => refused += 1,
                    Err(e) => panic!("checkout: {e:?}"),
                }
            }
            (latencies, refused)
        }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let (mut latencies, mut refused) = (Vec::new(), 0);
    for task in tasks {
        let (l, r) = task.await?;
        latencies.extend(l);
        refused += r;
    }
    let checkouts = latencies.len() as f64 / started.elapsed().as_secs_f64();
    latencies.sort();
    let p99 = latencies
        .get(latencies.len().saturating_sub(1) * 99 / 100)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);

    // Oversold units: what the live orders hold beyond what was in stock.
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(l.stock_taken), 0) AS BIGINT) AS taken, \
         (SELECT stock FROM market_variants WHERE id = $1) AS left_ \
         FROM market_order_lines l JOIN market_orders o ON o.id = l.order_id \
         WHERE o.state <> 'cancelled' AND l.variant_id = $1",
    )
    .bind(&variants[0])
    .fetch_one(db.pool())
    .await?;
    let (taken, left): (i64, i64) = (row.try_get("taken")?, row.try_get("left_")?);
    if taken + left != SCARCE {
        return Err(
            format!("stock not conserved: {taken} taken and {left} left of {SCARCE}").into(),
        );
    }
    let oversold = (taken - SCARCE).max(0);

    // The raw transfer rate, as bench/ledger measures it, in the same run.
    let wallets: Vec<String> = {
        let mut out = Vec::new();
        for b in &buyers {
            out.push(
                money::account_of(&db, Owner::Wallet(b))
                    .await
                    .map_err(err)?
                    .into_string(),
            );
        }
        out
    };
    let raw =
        testkit::bench::raw_transfers(&db, wallets.clone(), clients, Duration::from_secs(seconds))
            .await;
    // And the ledger's part of a checkout alone, as comparable: a hold
    // replaced by another in one linked batch, per buyer.
    let mut escrows = Vec::new();
    for i in 0..wallets.len() {
        let escrow = format!("bench:hold:{i}");
        escrows.push(
            money::account_of(&db, Owner::Escrow(&escrow))
                .await
                .map_err(err)?
                .into_string(),
        );
    }
    let holds =
        testkit::bench::raw_replaced_holds(&db, wallets, escrows, Duration::from_secs(seconds))
            .await;
    money::check(&db).await?;
    println!("{checkouts:.0} {p99:.1} {raw:.0} {refused} {oversold} {holds:.0}");
    Ok(())
}
