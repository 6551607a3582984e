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

/// Posted transfers per second between `accounts` (ledger account ids, at
/// least two, with money), `clients` at once for `duration`, each transfer
/// its own request through the kernel's group commit.
pub async fn raw_transfers(
    db: &Db,
    accounts: Vec<String>,
    clients: usize,
    duration: Duration,
) -> f64 {
    let accounts = Arc::new(accounts);
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (db, accounts, stop) = (db.clone(), accounts.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let (mut n, mut seed) = (0u64, client as u64 * 7919 + 1);
            while !stop.load(Ordering::Relaxed) {
                let r = next(&mut seed);
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
                n += 1;
            }
            n
        }));
    }
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut done = 0;
    for task in tasks {
        done += task.await.expect("a raw transfer client");
    }
    done as f64 / started.elapsed().as_secs_f64()
}
