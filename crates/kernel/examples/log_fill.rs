//! Fills a database's transparency log for `bench/log`, and measures the
//! appends against a baseline in the same run: the same rows inserted into a
//! plain table, which is what storage alone costs.
//! Usage: `log_fill DATABASE_URL ENTRIES`.

use std::time::Instant;

use kernel::db::Db;

const BATCH: u64 = 1_000;

fn event(i: u64) -> serde_json::Value {
    serde_json::json!({"type": "bench.transfer", "n": i, "debit": format!("acct-{}", i % 97), "credit": format!("acct-{}", i % 89), "amount": 100 + i % 5_000})
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: log_fill DATABASE_URL ENTRIES")?;
    let entries: u64 = args
        .next()
        .ok_or("usage: log_fill DATABASE_URL ENTRIES")?
        .parse()?;
    let db = Db::connect(&url).await?;
    db.migrate(&[]).await?;

    sqlx::query("CREATE TABLE bench_plain (idx BIGINT PRIMARY KEY, body TEXT NOT NULL)")
        .execute(db.writer())
        .await?;
    let started = Instant::now();
    for batch in 0..entries.div_ceil(BATCH) {
        let mut tx = db.begin().await?;
        for i in batch * BATCH..((batch + 1) * BATCH).min(entries) {
            let body = tlog::to_canonical(&event(i))?;
            sqlx::query("INSERT INTO bench_plain (idx, body) VALUES ($1, $2)")
                .bind(i as i64)
                .bind(body)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    }
    let plain = entries as f64 / started.elapsed().as_secs_f64();
    sqlx::query("DROP TABLE bench_plain")
        .execute(db.writer())
        .await?;

    let started = Instant::now();
    for batch in 0..entries.div_ceil(BATCH) {
        let mut tx = db.begin().await?;
        for i in batch * BATCH..((batch + 1) * BATCH).min(entries) {
            kernel::log::append(&mut tx, &event(i))
                .await
                .map_err(|e| format!("{e:?}"))?;
        }
        tx.commit().await?;
    }
    let appends = entries as f64 / started.elapsed().as_secs_f64();
    println!(
        "log appends: {appends:.0}/s, plain inserts of the same rows: {plain:.0}/s, ratio={:.3}",
        appends / plain
    );
    Ok(())
}
