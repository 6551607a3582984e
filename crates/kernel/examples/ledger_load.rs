//! Load for `bench/ledger`: CLIENTS concurrent clients post transfers between
//! ACCOUNTS funded wallets for SECONDS, each transfer its own transaction
//! (lock, decide, write, log), and print posted transfers per second.
//! Usage: `ledger_load DATABASE_URL CLIENTS SECONDS ACCOUNTS`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use kernel::db::Db;
use kernel::money::{self, AccountKind};
use ledger::{Kind, NewTransfer};

fn post(id: String, debit: &str, credit: &str, amount: u64) -> NewTransfer {
    NewTransfer {
        id,
        kind: Kind::Post {
            debit: debit.to_owned(),
            credit: credit.to_owned(),
            amount,
            currency: "EUR".to_owned(),
        },
        code: "bench".to_owned(),
        reference: String::new(),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, clients, seconds, accounts] = args.as_slice() else {
        return Err("usage: ledger_load DATABASE_URL CLIENTS SECONDS ACCOUNTS".into());
    };
    let (clients, seconds, accounts): (usize, u64, usize) =
        (clients.parse()?, seconds.parse()?, accounts.parse()?);
    let db = Db::connect(url).await?;
    db.migrate(&[]).await?;
    let world = money::open_account(&db, AccountKind::World, "", "EUR")
        .await
        .map_err(|e| format!("{e:?}"))?;
    let mut wallets = Vec::new();
    for i in 0..accounts {
        let wallet = money::open_account(&db, AccountKind::Wallet, &format!("bench-{i}"), "EUR")
            .await
            .map_err(|e| format!("{e:?}"))?;
        money::transfer(
            &db,
            &[post(
                format!("fund-{i}"),
                &world.account.id,
                &wallet.account.id,
                1_000_000_000,
            )],
        )
        .await
        .map_err(|e| format!("{e:?}"))?;
        wallets.push(wallet.account.id);
    }
    let wallets = Arc::new(wallets);
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (db, wallets, done, stop) = (db.clone(), wallets.clone(), done.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            let mut seed = client as u64 * 7919 + 1;
            while !stop.load(Ordering::Relaxed) {
                // A small xorshift: which accounts, without a dependency.
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let from = (seed % wallets.len() as u64) as usize;
                let to = (from + 1 + (seed >> 32) as usize % (wallets.len() - 1)) % wallets.len();
                let transfer = post(
                    format!("c{client}-{n}"),
                    &wallets[from],
                    &wallets[to],
                    1 + seed % 100,
                );
                money::transfer(&db, &[transfer]).await.expect("transfer");
                done.fetch_add(1, Ordering::Relaxed);
                n += 1;
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await?;
    }
    let rate = done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    money::check(&db).await?;
    println!("{rate:.0}");
    Ok(())
}
