//! What the modules' load benchmarks compare against: the kernel's raw
//! transfer rate, as `bench/ledger` loads it, measured on the same
//! database in the same run.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use kernel::db::Db;
use kernel::money;

/// Rounds of xorshift: which accounts and how much, without a dependency.
pub fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

/// Runs `clients` loops of `step(client, n, random)` (`n` the client's
/// step count so far) for `duration`; the steps per second of all.
async fn steps_per_second<F, Fut>(clients: usize, duration: Duration, step: F) -> f64
where
    F: Fn(usize, u64, u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let step = Arc::new(step);
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (step, stop) = (step.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let (mut n, mut seed) = (0u64, client as u64 * 7919 + 1);
            while !stop.load(Ordering::Relaxed) {
                step(client, n, next(&mut seed)).await;
                n += 1;
            }
            n
        }));
    }
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut done = 0;
    for task in tasks {
        done += task.await.expect("a load's client");
    }
    done as f64 / started.elapsed().as_secs_f64()
}

/// Posted transfers per second between `accounts` (ledger account ids, at
/// least two, with money), `clients` at once for `duration`, each transfer
/// its own request through the kernel's group commit.
pub async fn raw_transfers(
    db: &Db,
    accounts: Vec<String>,
    clients: usize,
    duration: Duration,
) -> f64 {
    let (db, accounts) = (db.clone(), Arc::new(accounts));
    steps_per_second(clients, duration, move |client, n, r| {
        let (db, accounts) = (db.clone(), accounts.clone());
        async move {
            let from = (r % accounts.len() as u64) as usize;
            let to = (from + 1 + (r >> 32) as usize % (accounts.len() - 1)) % accounts.len();
            let transfer = ledger::NewTransfer {
                id: format!("raw-{client}-{n}"),
                kind: ledger::Kind::Post {
                    debit: accounts[from].clone(),
                    credit: accounts[to].clone(),
                    amount: 1 + r % 100,
                    currency: "EUR".into(),
                },
                code: "bench".into(),
                reference: String::new(),
            };
            money::transfer(&db, &[transfer]).await.expect("transfer");
        }
    })
    .await
}

/// Holds replaced per second, each the ledger's part of a changed order
/// alone: one linked batch voiding a client's last hold and making the
/// next, from its wallet (one of `accounts`, with money) into an escrow of
/// its own (`escrows`, as many), one client per wallet for `duration`,
/// each batch its own request through the kernel's group commit. What a
/// checkout does to the ledger, with nothing of the order around it.
pub async fn raw_replaced_holds(
    db: &Db,
    accounts: Vec<String>,
    escrows: Vec<String>,
    duration: Duration,
) -> f64 {
    let clients = accounts.len().min(escrows.len());
    let (db, pairs) = (db.clone(), Arc::new((accounts, escrows)));
    steps_per_second(clients, duration, move |client, n, r| {
        let (db, pairs) = (db.clone(), pairs.clone());
        async move {
            let hold = |n: u64| format!("raw-hold-{client}-{n}");
            let mut batch = Vec::with_capacity(2);
            if n > 0 {
                batch.push(ledger::NewTransfer {
                    id: format!("raw-void-{client}-{n}"),
                    kind: ledger::Kind::VoidPending {
                        pending_id: hold(n - 1),
                    },
                    code: "bench".into(),
                    reference: String::new(),
                });
            }
            batch.push(ledger::NewTransfer {
                id: hold(n),
                kind: ledger::Kind::Reserve {
                    debit: pairs.0[client].clone(),
                    credit: pairs.1[client].clone(),
                    amount: 100 + r % 1000,
                    currency: "EUR".into(),
                    expires_at: None,
                },
                code: "bench".into(),
                reference: String::new(),
            });
            money::transfer(&db, &batch).await.expect("a replaced hold");
        }
    })
    .await
}

/// How many members sign up and top up at once while a load is set up.
pub const AT_ONCE: usize = 8;

/// `count` confirmed members (`member{i}@example.org`), each with money in
/// its wallet: the demo provider's most for the first 64 (who also carry
/// the raw transfers' load), 100 € for the others.
pub async fn members_with_money(
    db: &Db,
    count: usize,
) -> Result<Vec<kernel::MemberId>, kernel::AppError> {
    let mut members = Vec::with_capacity(count);
    for chunk in (0..count).collect::<Vec<_>>().chunks(AT_ONCE) {
        let mut made = tokio::task::JoinSet::new();
        for &i in chunk {
            let db = db.clone();
            made.spawn(async move {
                let id = kernel::members::create_confirmed(
                    &db,
                    &format!("member{i}@example.org"),
                    "a bench password",
                    &format!("Member {i}"),
                    kernel::i18n::Lang::Fr,
                    false,
                )
                .await?;
                let euros = if i < 64 {
                    kernel::payments::DEMO_LIMIT
                } else {
                    10_000
                };
                kernel::wallet::top_up(
                    &db,
                    &kernel::payments::DemoProvider,
                    &id,
                    &format!("fund-{i}"),
                    money::Amount::new(euros)?,
                )
                .await?;
                Ok::<_, kernel::AppError>((i, id))
            });
        }
        let mut chunk_made = Vec::new();
        while let Some(made) = made.join_next().await {
            chunk_made.push(made.expect("a member's set-up")?);
        }
        // In their numbers' order, whichever finished first.
        chunk_made.sort_by_key(|(i, _)| *i);
        members.extend(chunk_made.into_iter().map(|(_, id)| id));
    }
    Ok(members)
}

/// How many transfers the ledger holds.
pub async fn count_transfers(db: &Db) -> Result<i64, sqlx::Error> {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM ledger_transfers")
        .fetch_one(db.pool())
        .await?
        .try_get("n")
}

/// The raw transfer rate between the first 64 of `members`' wallets (see
/// [`members_with_money`]), 16 clients for `seconds`, and the ledger's
/// check after it: what a module's load prints its rate next to.
pub async fn raw_rate_after(
    db: &Db,
    members: &[kernel::MemberId],
    seconds: u64,
) -> Result<f64, Box<dyn std::error::Error + Send + Sync>> {
    let mut wallets = Vec::new();
    for member in members.iter().take(64) {
        wallets.push(
            money::account_of(db, money::Owner::Wallet(member))
                .await
                .map_err(|e| format!("{e:?}"))?
                .into_string(),
        );
    }
    let raw = raw_transfers(db, wallets, 16, Duration::from_secs(seconds)).await;
    money::check(db).await?;
    Ok(raw)
}
