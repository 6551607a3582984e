//! The durable job table under concurrency: several workers (as from several
//! `freeco serve` processes, each with its own pool) never run a job twice.

use testkit as support;
use testkit::on_both_backends;

use std::collections::HashMap;

use kernel::db::Db;
use kernel::jobs::{self, NewJob};

async fn database(backend: support::Backend) -> (Db, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = match backend {
        support::Backend::Sqlite => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("jobs.sqlite3").display()
        ),
        support::Backend::Postgres => support::fresh_postgres_database().await,
    };
    let db = Db::connect(&url).await.unwrap();
    db.migrate(&[]).await.unwrap();
    (db, url, dir)
}

async fn each_job_is_claimed_once(backend: support::Backend) {
    let (db, url, _dir) = database(backend).await;
    let mut tx = db.begin().await.unwrap();
    for i in 0..200 {
        jobs::enqueue(&mut tx, NewJob::now("test.noop", &i))
            .await
            .unwrap();
    }
    // Same dedupe key twice: one job.
    for _ in 0..2 {
        let job = NewJob {
            dedupe_key: Some("once".into()),
            ..NewJob::now("test.noop", &-1)
        };
        jobs::enqueue(&mut tx, job).await.unwrap();
    }
    tx.commit().await.unwrap();

    // Two pools of their own, as two `freeco serve` processes would have.
    let url_pools: Vec<Db> = vec![db.clone(), Db::connect(&url).await.unwrap()];
    let mut workers = vec![];
    for (n, pool) in url_pools.into_iter().enumerate() {
        for w in 0..4 {
            let pool = pool.clone();
            workers.push(tokio::spawn(async move {
                let mut claimed = vec![];
                while let Some(job) = jobs::claim(&pool, &format!("w{n}-{w}")).await.unwrap() {
                    jobs::complete(&pool, &job).await.unwrap();
                    claimed.push(job.payload);
                }
                claimed
            }));
        }
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for worker in workers {
        for payload in worker.await.unwrap() {
            *counts.entry(payload).or_default() += 1;
        }
    }
    assert_eq!(counts.len(), 201, "every job ran");
    assert!(
        counts.values().all(|&c| c == 1),
        "no job ran twice: {counts:?}"
    );
    assert_eq!(jobs::pending_count(&db).await.unwrap(), 0);
}

async fn failures_are_retried_later_then_given_up(backend: support::Backend) {
    let (db, _, _dir) = database(backend).await;
    let mut tx = db.begin().await.unwrap();
    jobs::enqueue(
        &mut tx,
        NewJob {
            max_attempts: 2,
            ..NewJob::now("test.fails", &"x")
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let job = jobs::claim(&db, "w").await.unwrap().expect("due job");
    assert_eq!(job.attempts, 1);
    jobs::fail(&db, &job, "smtp down").await.unwrap();
    // Backed off: not due now.
    assert!(jobs::claim(&db, "w").await.unwrap().is_none());
    assert_eq!(jobs::pending_count(&db).await.unwrap(), 1);
    sqlx::query("UPDATE jobs SET run_at = 0")
        .execute(db.writer())
        .await
        .unwrap();
    let job = jobs::claim(&db, "w").await.unwrap().expect("retried job");
    assert_eq!(job.attempts, 2);
    jobs::fail(&db, &job, "smtp still down").await.unwrap();
    sqlx::query("UPDATE jobs SET run_at = 0")
        .execute(db.writer())
        .await
        .unwrap();
    assert!(
        jobs::claim(&db, "w").await.unwrap().is_none(),
        "given up after max_attempts"
    );
    assert_eq!(jobs::pending_count(&db).await.unwrap(), 0);
}

on_both_backends!(
    each_job_is_claimed_once,
    failures_are_retried_later_then_given_up
);
