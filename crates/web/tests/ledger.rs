//! The stored ledger under load and retries, on SQLite and PostgreSQL: many
//! clients moving money between the same few accounts end with the books
//! balanced and no transfer lost or doubled; retries, reused ids, linked
//! batches and expiring reservations behave; every test ends with the
//! ledger's invariants checked over the whole database.

use testkit as support;
use testkit::on_both_backends;

use std::collections::HashSet;

use kernel::AppError;
use kernel::db::Db;
use kernel::money::{self, AccountKind};
use ledger::{Kind, NewTransfer};

async fn database(backend: support::Backend) -> (Db, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = match backend {
        support::Backend::Sqlite => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("ledger.sqlite3").display()
        ),
        support::Backend::Postgres => support::fresh_postgres_database().await,
    };
    let db = Db::connect(&url).await.unwrap();
    db.migrate(&[]).await.unwrap();
    (db, url, dir)
}

fn post(id: &str, debit: &str, credit: &str, amount: u64) -> NewTransfer {
    NewTransfer {
        id: id.to_owned(),
        kind: Kind::Post {
            debit: debit.to_owned(),
            credit: credit.to_owned(),
            amount,
            currency: "EUR".to_owned(),
        },
        code: "payment".to_owned(),
        reference: String::new(),
    }
}

async fn wallets(db: &Db, count: usize) -> (String, Vec<String>) {
    let world = money::open_account(db, AccountKind::World, "", "EUR")
        .await
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..count {
        let wallet = money::open_account(db, AccountKind::Wallet, &format!("member-{i}"), "EUR")
            .await
            .unwrap();
        ids.push(wallet.account.id);
    }
    (world.account.id, ids)
}

async fn balance(db: &Db, id: &str) -> i128 {
    money::account(db, &id.into())
        .await
        .unwrap()
        .account
        .balance()
}

async fn count_rows(db: &Db, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_one(db.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

async fn many_clients_keep_the_books_balanced(backend: support::Backend) {
    let (db, _, _dir) = database(backend).await;
    let (world, wallets) = wallets(&db, 4).await;
    for (i, wallet) in wallets.iter().enumerate() {
        money::transfer(&db, &[post(&format!("topup-{i}"), &world, wallet, 1_000)])
            .await
            .unwrap();
    }
    // 32 clients, each 20 transfers among the same 4 wallets; some exceed what
    // is there and must be refused; every second one is sent twice.
    let mut clients = Vec::new();
    for client in 0..32usize {
        let db = db.clone();
        let wallets = wallets.clone();
        clients.push(tokio::spawn(async move {
            let mut accepted = Vec::new();
            for n in 0..20usize {
                let from = &wallets[(client + n) % 4];
                let to = &wallets[(client + n + 1 + n % 3) % 4];
                let transfer = post(
                    &format!("c{client}-{n}"),
                    from,
                    to,
                    37 + (client * 7 + n * 13) as u64 % 300,
                );
                let mut outcome = money::transfer(&db, std::slice::from_ref(&transfer)).await;
                if n % 2 == 0 {
                    let again = money::transfer(&db, std::slice::from_ref(&transfer)).await;
                    outcome = match (outcome, again) {
                        // A retry of an accepted transfer is answered from storage.
                        (Ok(a), Ok(b)) => {
                            assert!(b[0].replayed);
                            assert_eq!(a[0].transfer, b[0].transfer);
                            Ok(a)
                        }
                        (Ok(_), Err(e)) => panic!("a retry of an accepted transfer failed: {e:?}"),
                        // A refused transfer left nothing: its retry is a new attempt.
                        (Err(_), again) => again,
                    };
                }
                match outcome {
                    Ok(_) => accepted.push(transfer.id),
                    Err(AppError::Conflict("transfer-exceeds-limit")) => {}
                    Err(e) => panic!("unexpected refusal: {e:?}"),
                }
            }
            accepted
        }));
    }
    let mut accepted = HashSet::new();
    for client in clients {
        accepted.extend(client.await.unwrap());
    }
    assert!(
        accepted.len() > 100,
        "the load moved money: {} transfers",
        accepted.len()
    );
    money::check(&db).await.unwrap();
    let mut total = 0;
    for wallet in &wallets {
        let b = balance(&db, wallet).await;
        assert!(b >= 0, "a wallet went below zero");
        total += b;
    }
    assert_eq!(total, 4_000, "money was created or lost");
    // Each accepted transfer is stored once, and logged once.
    let stored = count_rows(&db, "SELECT COUNT(*) FROM ledger_transfers").await;
    assert_eq!(stored as usize, accepted.len() + 4);
    let logged = count_rows(
        &db,
        "SELECT COUNT(*) FROM log_entries WHERE body LIKE '%ledger.transfer%'",
    )
    .await;
    assert_eq!(logged, stored);
}

async fn retries_reused_ids_and_linked_batches(backend: support::Backend) {
    let (db, _, _dir) = database(backend).await;
    let (world, w) = wallets(&db, 2).await;
    let topup = post("t1", &world, &w[0], 500);
    let first = money::transfer(&db, std::slice::from_ref(&topup))
        .await
        .unwrap();
    let again = money::transfer(&db, std::slice::from_ref(&topup))
        .await
        .unwrap();
    assert!(!first[0].replayed && again[0].replayed);
    assert_eq!(balance(&db, &w[0]).await, 500, "a retry moves nothing");
    let mut changed = topup.clone();
    changed.reference = "another".into();
    assert!(matches!(
        money::transfer(&db, &[changed]).await,
        Err(AppError::Conflict("transfer-id-reused"))
    ));

    // Eight clients racing with one id: one transfer, seven answers from storage.
    let racers: Vec<_> = (0..8)
        .map(|_| {
            let db = db.clone();
            let same = post("race", &world, &w[1], 10);
            tokio::spawn(async move { money::transfer(&db, &[same]).await.unwrap() })
        })
        .collect();
    let mut fresh = 0;
    for racer in racers {
        fresh += usize::from(!racer.await.unwrap()[0].replayed);
    }
    assert_eq!(fresh, 1);
    assert_eq!(balance(&db, &w[1]).await, 10);

    // The same id for transfers on disjoint accounts: no lock orders them, the
    // unique index does; the loser retries and learns the id is taken.
    let fees = money::open_account(&db, AccountKind::Fees, "", "EUR")
        .await
        .unwrap()
        .account
        .id;
    let mut side = Vec::new();
    for owner in ["side-a", "side-b"] {
        let wallet = money::open_account(&db, AccountKind::Wallet, owner, "EUR")
            .await
            .unwrap();
        side.push(wallet.account.id);
    }
    let racers: Vec<_> = (0..8)
        .map(|i| {
            let db = db.clone();
            let transfer = if i % 2 == 0 {
                post("race-2", &world, &side[0], 1)
            } else {
                post("race-2", &fees, &side[1], 1)
            };
            tokio::spawn(async move { money::transfer(&db, &[transfer]).await })
        })
        .collect();
    let (mut fresh, mut reused) = (0, 0);
    for racer in racers {
        match racer.await.unwrap() {
            Ok(applied) => fresh += usize::from(!applied[0].replayed),
            Err(AppError::Conflict("transfer-id-reused")) => reused += 1,
            Err(e) => panic!("a racer got {e:?}"),
        }
    }
    assert_eq!((fresh, reused), (1, 4));
    let moved = balance(&db, &side[0]).await + balance(&db, &side[1]).await;
    assert_eq!(moved, 1);

    // A batch whose second transfer is refused leaves nothing behind.
    let batch = [post("b1", &w[0], &w[1], 300), post("b2", &w[0], &w[1], 300)];
    assert!(matches!(
        money::transfer(&db, &batch).await,
        Err(AppError::Conflict("transfer-exceeds-limit"))
    ));
    assert_eq!(balance(&db, &w[0]).await, 500);
    assert_eq!(
        count_rows(
            &db,
            "SELECT COUNT(*) FROM ledger_transfers WHERE id IN ('b1', 'b2')"
        )
        .await,
        0
    );
    let ok = [post("b3", &w[0], &w[1], 200), post("b4", &w[1], &w[0], 50)];
    money::transfer(&db, &ok).await.unwrap();
    assert_eq!(
        (balance(&db, &w[0]).await, balance(&db, &w[1]).await),
        (350, 160)
    );

    // Unknown accounts, another currency, zero: clear refusals, nothing written.
    assert!(matches!(
        money::transfer(&db, &[post("x1", &w[0], "nobody", 1)]).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        money::transfer(&db, &[post("x2", &w[0], &w[1], 0)]).await,
        Err(AppError::BadRequest("transfer-zero-amount"))
    ));
    let dollars = money::open_account(&db, AccountKind::Wallet, "member-0", "USD")
        .await
        .unwrap();
    assert!(matches!(
        money::transfer(&db, &[post("x3", &w[0], &dollars.account.id, 1)]).await,
        Err(AppError::BadRequest("transfer-currency-mismatch"))
    ));
    money::check(&db).await.unwrap();
}

async fn reservations_post_in_part_or_expire(backend: support::Backend) {
    let (db, _, _dir) = database(backend).await;
    let (world, w) = wallets(&db, 2).await;
    money::transfer(&db, &[post("t1", &world, &w[0], 1_000)])
        .await
        .unwrap();
    let reserve = |id: &str, amount: u64, expires_at: Option<i64>| NewTransfer {
        id: id.to_owned(),
        kind: Kind::Reserve {
            debit: w[0].clone(),
            credit: w[1].clone(),
            amount,
            currency: "EUR".into(),
            expires_at,
        },
        code: "order".into(),
        reference: String::new(),
    };
    money::transfer(&db, &[reserve("r1", 600, None)])
        .await
        .unwrap();
    let wallet = money::account(&db, &w[0].as_str().into())
        .await
        .unwrap()
        .account;
    assert_eq!((wallet.balance(), wallet.available()), (1_000, 400));
    let settle = NewTransfer {
        id: "p1".into(),
        kind: Kind::PostPending {
            pending_id: "r1".into(),
            amount: Some(250),
        },
        code: "order".into(),
        reference: String::new(),
    };
    money::transfer(&db, &[settle]).await.unwrap();
    let wallet = money::account(&db, &w[0].as_str().into())
        .await
        .unwrap()
        .account;
    assert_eq!((wallet.balance(), wallet.debits_pending), (750, 0));

    // A reservation with a deadline is voided by the expiry job, once.
    let past = kernel::db::now_ms() - 1;
    money::transfer(&db, &[reserve("r2", 300, Some(past))])
        .await
        .unwrap();
    assert_eq!(
        money::account(&db, &w[0].as_str().into())
            .await
            .unwrap()
            .account
            .debits_pending,
        300
    );
    let mut handlers = kernel::jobs::Handlers::default();
    money::register(&mut handlers, db.clone());
    let job = kernel::jobs::claim(&db, "w")
        .await
        .unwrap()
        .expect("the expiry job is due");
    assert_eq!(job.kind, money::JOB_EXPIRE);
    // Running it twice (as after a crash before `complete`) changes nothing.
    for _ in 0..2 {
        handlers.run(&job).await.unwrap();
    }
    kernel::jobs::complete(&db, &job).await.unwrap();
    let wallet = money::account(&db, &w[0].as_str().into())
        .await
        .unwrap()
        .account;
    assert_eq!((wallet.balance(), wallet.debits_pending), (750, 0));
    let late = NewTransfer {
        id: "p2".into(),
        kind: Kind::PostPending {
            pending_id: "r2".into(),
            amount: None,
        },
        code: "order".into(),
        reference: String::new(),
    };
    assert!(matches!(
        money::transfer(&db, &[late]).await,
        Err(AppError::Conflict("transfer-expired"))
    ));
    money::check(&db).await.unwrap();
}

/// Many holds captured or released in one pass (`money::settle_holds`, what
/// a group purchase's settlement does): each capture pays its split and the
/// fee, each release gives the money back, a second pass with the same
/// keys moves nothing, a pass with one refused hold is refused whole, and
/// the log's entries, appended as one batch, prove as one by one would.
async fn many_holds_settle_in_one_pass(backend: support::Backend) {
    use kernel::MemberId;
    use kernel::fees::{FeeRule, PaymentKind};
    use kernel::money::{Amount, Fee, HoldOutcome, Label, Outcome, Owner, Split};

    let (db, _, _dir) = database(backend).await;
    let (world, wallets) = wallets(&db, 40).await;
    let members: Vec<MemberId> = (0..40)
        .map(|i| MemberId::from(format!("member-{i}")))
        .collect();
    let label = Label {
        code: "test.settle",
        reference: "",
        by: None,
    };
    for (i, (wallet, member)) in wallets.iter().zip(&members).enumerate() {
        money::transfer(&db, &[post(&format!("topup-{i}"), &world, wallet, 1_000)])
            .await
            .unwrap();
        money::hold(
            &db,
            &format!("hold-{i}"),
            Owner::Wallet(member),
            Owner::Escrow("test:purchase"),
            Amount::new(800).unwrap(),
            None,
            label,
        )
        .await
        .unwrap();
    }
    let rule = FeeRule {
        technical_bp: 500,
        between_members_bp: 0,
        solidarity_share_bp: 2000,
    };
    let fee = Fee {
        rule: &rule,
        kind: PaymentKind::Technical,
    };
    let split = [Split {
        to: Owner::Organisation("mill"),
        amount: Amount::new(600).unwrap(),
        reference: "",
    }];
    let keys: Vec<String> = (0..40).map(|i| format!("hold-{i}:settle")).collect();
    let hold_keys: Vec<String> = (0..40).map(|i| format!("hold-{i}")).collect();
    // The even ones captured for 600 and their fee (30), the odd ones released.
    let outcomes: Vec<HoldOutcome<'_>> = (0..40)
        .map(|i| HoldOutcome {
            key: &keys[i],
            hold_key: &hold_keys[i],
            outcome: if i % 2 == 0 {
                Outcome::Capture {
                    splits: &split,
                    fee: Some(fee),
                }
            } else {
                Outcome::Release
            },
            label,
        })
        .collect();
    let log_before = kernel::log::size(&db).await.unwrap();
    for pass in 0..2 {
        let mut tx = db.begin().await.unwrap();
        let quotes = money::settle_holds(&mut tx, &outcomes).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(quotes[0].fee, 30, "pass {pass}");
        assert_eq!(quotes[1].fee, 0, "pass {pass}");
        for (i, wallet) in wallets.iter().enumerate() {
            let expected = if i % 2 == 0 { 1_000 - 630 } else { 1_000 };
            assert_eq!(
                balance(&db, wallet).await,
                expected,
                "pass {pass}, wallet {i}"
            );
        }
    }
    let mill = money::account_of(&db, Owner::Organisation("mill"))
        .await
        .unwrap();
    assert_eq!(balance(&db, mill.as_str()).await, 20 * 600);
    // Each capture is its posting, its split and the fee's two legs; each
    // release one void: logged once, whatever the second pass did.
    let log_after = kernel::log::size(&db).await.unwrap();
    assert_eq!(log_after - log_before, 20 * 4 + 20);

    // One hold already settled among new ones: the whole pass is refused.
    for i in 0..3 {
        money::hold(
            &db,
            &format!("again-{i}"),
            Owner::Wallet(&members[1]),
            Owner::Escrow("test:purchase"),
            Amount::new(100).unwrap(),
            None,
            label,
        )
        .await
        .unwrap();
    }
    let log_held = kernel::log::size(&db).await.unwrap();
    let again: Vec<String> = (0..3).map(|i| format!("again-{i}")).collect();
    let mut refused: Vec<HoldOutcome<'_>> = again
        .iter()
        .map(|hold_key| HoldOutcome {
            key: hold_key,
            hold_key,
            outcome: Outcome::Capture {
                splits: &split[..0],
                fee: None,
            },
            label,
        })
        .collect();
    refused.insert(
        1,
        HoldOutcome {
            key: "released-then-captured",
            hold_key: &hold_keys[1],
            outcome: Outcome::Capture {
                splits: &split,
                fee: None,
            },
            label,
        },
    );
    let mut tx = db.begin().await.unwrap();
    assert!(money::settle_holds(&mut tx, &refused).await.is_err());
    drop(tx);
    let wallet = money::account(&db, &wallets[1].as_str().into())
        .await
        .unwrap()
        .account;
    assert_eq!(wallet.balance(), 1_000, "nothing taken");
    assert_eq!(wallet.available(), 1_000 - 300, "still held");
    assert_eq!(kernel::log::size(&db).await.unwrap(), log_held);
    money::check(&db).await.unwrap();

    // The log, appended a batch at a time, is the tree appended one leaf at
    // a time: every entry proven in it, and it extends the tree before.
    let entries = kernel::log::entries(&db, 0, kernel::log::MAX_PAGE)
        .await
        .unwrap();
    let size = entries.len() as u64;
    assert_eq!(size, log_held);
    let mut nodes = std::collections::HashMap::new();
    let mut roots = Vec::new();
    for (index, body) in &entries {
        let leaf = tlog::tree::leaf_hash(body.as_bytes());
        nodes.extend(tlog::tree::append(&nodes, *index, leaf).unwrap());
        roots.push(tlog::tree::root(&nodes, index + 1).unwrap());
    }
    let root = roots[size as usize - 1];
    for (index, body) in &entries {
        let proof = kernel::log::inclusion_proof(&db, *index, size)
            .await
            .unwrap();
        let leaf = tlog::tree::leaf_hash(body.as_bytes());
        assert!(
            tlog::tree::verify_inclusion(&leaf, *index, size, &proof, &root),
            "entry {index} is not proven in the tree of {size}"
        );
    }
    let proof = kernel::log::consistency_proof(&db, log_before, size)
        .await
        .unwrap();
    assert!(tlog::tree::verify_consistency(
        log_before,
        size,
        &roots[log_before as usize - 1],
        &root,
        &proof
    ));
}

on_both_backends!(
    many_clients_keep_the_books_balanced,
    retries_reused_ids_and_linked_batches,
    reservations_post_in_part_or_expire,
    a_killed_process_leaves_whole_transfers_only,
    many_holds_settle_in_one_pass
);

/// The child side of `a_killed_process_leaves_whole_transfers_only`: when
/// started with FREECO_LEDGER_STREAM set to a database URL, it moves money in
/// a loop and prints each transfer id once committed, until it is killed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ledger_stream_child() {
    let Ok(url) = std::env::var("FREECO_LEDGER_STREAM") else {
        return;
    };
    use std::io::Write;
    let db = Db::connect(&url).await.unwrap();
    let (world, w) = wallets(&db, 3).await;
    for (i, wallet) in w.iter().enumerate() {
        money::transfer(
            &db,
            &[post(&format!("fund-{i}"), &world, wallet, 1_000_000)],
        )
        .await
        .unwrap();
    }
    for n in 0u64.. {
        // Linked pairs, so a half-applied batch would show in the balances.
        let batch = [
            post(
                &format!("s{n}-a"),
                &w[(n % 3) as usize],
                &w[((n + 1) % 3) as usize],
                1 + n % 50,
            ),
            post(
                &format!("s{n}-b"),
                &w[((n + 1) % 3) as usize],
                &w[((n + 2) % 3) as usize],
                1 + n % 70,
            ),
        ];
        money::transfer(&db, &batch).await.unwrap();
        let mut out = std::io::stdout().lock();
        writeln!(out, "committed s{n}").unwrap();
        out.flush().unwrap();
    }
}

async fn a_killed_process_leaves_whole_transfers_only(backend: support::Backend) {
    use std::io::{BufRead, BufReader};
    let (db, url, _dir) = database(backend).await;
    drop(db);
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "ledger_stream_child", "--nocapture"])
        .env("FREECO_LEDGER_STREAM", &url)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut committed = Vec::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(id) = line.strip_prefix("committed ") {
            committed.push(id.to_owned());
            if committed.len() == 150 {
                break;
            }
        }
    }
    // SIGKILL, in the middle of the stream: no chance to finish anything.
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(committed.len(), 150, "the stream child stopped early");

    // Reopen, as a restarted process would: every committed batch is whole, nothing is half-applied.
    let db = Db::connect(&url).await.unwrap();
    money::check(&db).await.unwrap();
    for id in &committed {
        let both = count_rows(
            &db,
            &format!("SELECT COUNT(*) FROM ledger_transfers WHERE id IN ('{id}-a', '{id}-b')"),
        )
        .await;
        assert_eq!(both, 2, "batch {id} was reported committed");
    }
    let a = count_rows(
        &db,
        "SELECT COUNT(*) FROM ledger_transfers WHERE id LIKE 's%-a'",
    )
    .await;
    let b = count_rows(
        &db,
        "SELECT COUNT(*) FROM ledger_transfers WHERE id LIKE 's%-b'",
    )
    .await;
    assert_eq!(a, b, "a batch was half-applied");
    let total: i128 = {
        let mut t = 0;
        for account in sqlx::query("SELECT id FROM ledger_accounts WHERE kind = 'wallet'")
            .fetch_all(db.pool())
            .await
            .unwrap()
        {
            use sqlx::Row;
            t += balance(&db, account.try_get::<&str, _>("id").unwrap()).await;
        }
        t
    };
    assert_eq!(total, 3_000_000);
}
