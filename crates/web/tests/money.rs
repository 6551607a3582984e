//! The money verbs modules compose (hold, capture, release, pay, refund),
//! inside a module's own transaction or alone, on SQLite and PostgreSQL.

use kernel::i18n::Lang;
use kernel::jobs::{self, NewJob};
use kernel::money::{self, Amount, Fee, Label, Owner, Split};
use kernel::notifications::{self, Notice};
use kernel::{CollectiveId, MemberId};
use testkit::{Backend, TestApp};

testkit::on_both_backends!(
    a_module_writes_holds_enqueues_and_notifies_in_one_transaction,
    holds_are_captured_split_with_one_fee_or_released,
    a_hold_is_replaced_by_another_all_or_nothing,
    payments_bear_their_fee_once_and_refunds_give_back_what_no_longer_applies,
    work_done_together_shares_one_commit_and_undoes_only_what_is_refused,
);

fn label(code: &str) -> Label<'_> {
    Label {
        code,
        reference: "test",
        by: None,
    }
}

fn euros(cents: u64) -> Amount {
    Amount::new(cents).expect("an amount")
}

async fn member(app: &TestApp, email: &str) -> MemberId {
    kernel::members::create_confirmed(
        &app.db,
        email,
        testkit::PASSWORD,
        "Someone",
        Lang::En,
        false,
    )
    .await
    .expect("member")
}

/// A buyer with `cents` in its wallet.
async fn funded_buyer(app: &TestApp, cents: u64) -> MemberId {
    let buyer = member(app, "buyer@example.org").await;
    money::pay(
        &app.db,
        "test:fund",
        Owner::World,
        Owner::Wallet(&buyer),
        euros(cents),
        None,
        label("topup.test"),
    )
    .await
    .unwrap();
    buyer
}

/// What a wallet (or treasury) can spend now, in cents.
async fn available(app: &TestApp, owner: Owner<'_>) -> i128 {
    let id = money::account_of(&app.db, owner).await.expect("account");
    money::account(&app.db, &id)
        .await
        .expect("account")
        .account
        .available()
}

async fn count(app: &TestApp, sql: &str, bind: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .bind(bind)
        .fetch_one(app.db.pool())
        .await
        .expect("count")
}

/// An order as a module would take it: its own row, the money held, a job
/// to run at the deadline and a word to the buyer, in one transaction. It
/// commits all four, or, rolled back, leaves none of them. On SQLite the
/// transaction holds the one writer connection: a verb that reached for
/// the pool instead would time out, and so fail this test.
async fn a_module_writes_holds_enqueues_and_notifies_in_one_transaction(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let buyer = member(&app, "buyer@example.org").await;
    sqlx::query("CREATE TABLE test_orders (id TEXT PRIMARY KEY, buyer TEXT NOT NULL)")
        .execute(app.db.writer())
        .await
        .unwrap();
    let fund = money::pay(
        &app.db,
        "test:fund",
        Owner::World,
        Owner::Wallet(&buyer),
        euros(5_000),
        None,
        label("topup.test"),
    );
    fund.await.unwrap();
    for commit in [false, true] {
        let order = format!("order-{commit}");
        let hold_key = format!("test:{order}:hold");
        let mut tx = app.db.begin().await.unwrap();
        sqlx::query("INSERT INTO test_orders (id, buyer) VALUES ($1, $2)")
            .bind(&order)
            .bind(&buyer)
            .execute(&mut *tx)
            .await
            .unwrap();
        // Paid into the wallet and held from it in the same transaction:
        // the hold sees money only this transaction has written.
        let topped = format!("test:{order}:topup");
        money::pay(
            &mut tx,
            &topped,
            Owner::World,
            Owner::Wallet(&buyer),
            euros(700),
            None,
            label("topup.test"),
        )
        .await
        .unwrap();
        let deadline = testkit::now_ms() + 3_600_000;
        money::hold(
            &mut tx,
            &hold_key,
            Owner::Wallet(&buyer),
            Owner::Escrow(&order),
            euros(5_500),
            Some(deadline),
            label("test.order"),
        )
        .await
        .unwrap();
        let payload = serde_json::json!({"order": order});
        jobs::enqueue(
            &mut tx,
            NewJob {
                run_at: deadline,
                dedupe_key: Some(format!("test.deliver:{order}")),
                ..NewJob::now("test.deliver", &payload)
            },
        )
        .await
        .unwrap();
        let notice = Notice {
            kind: notifications::DECISION_OPENED,
            args: vec![("question", order.clone()), ("collective", "Test".into())],
            link: format!("/orders/{order}"),
            body: String::new(),
            list: None,
        };
        notifications::notify(&mut tx, &buyer, &notice)
            .await
            .unwrap();
        if commit {
            tx.commit().await.unwrap();
        } else {
            tx.rollback().await.unwrap();
        }
        let expected = i64::from(commit);
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM test_orders WHERE id = $1",
                &order
            )
            .await,
            expected
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM ledger_transfers WHERE id = $1",
                &hold_key
            )
            .await,
            expected
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM jobs WHERE dedupe_key = $1",
                &format!("test.deliver:{order}")
            )
            .await,
            expected
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM notifications WHERE link = $1",
                &format!("/orders/{order}")
            )
            .await,
            expected
        );
        // The hold's own expiry job lands with it.
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM jobs WHERE dedupe_key = $1",
                &format!("ledger.expire:{hold_key}")
            )
            .await,
            expected
        );
    }
    assert_eq!(
        available(&app, Owner::Wallet(&buyer)).await,
        5_000 + 700 - 5_500
    );
    money::check(&app.db).await.unwrap();
    app.stop().await;
}

/// A hold is captured for what was delivered, split between producers,
/// with the fee computed once on the whole; the rest goes back. Or it is
/// released whole. Never more than was held.
async fn holds_are_captured_split_with_one_fee_or_released(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let buyer = member(&app, "buyer@example.org").await;
    let grower = member(&app, "grower@example.org").await;
    let bakery = CollectiveId::from("bakery");
    money::pay(
        &app.db,
        "test:fund",
        Owner::World,
        Owner::Wallet(&buyer),
        euros(10_000),
        None,
        label("topup.test"),
    )
    .await
    .unwrap();
    let fee = Fee {
        rule: &Default::default(),
        kind: kernel::fees::PaymentKind::Technical,
    };
    money::hold(
        &app.db,
        "test:basket",
        Owner::Wallet(&buyer),
        Owner::Escrow("basket"),
        euros(2_100),
        None,
        label("test.basket"),
    )
    .await
    .unwrap();
    assert_eq!(available(&app, Owner::Wallet(&buyer)).await, 10_000 - 2_100);
    let splits = [
        Split {
            to: Owner::Treasury(&bakery),
            amount: euros(1_000),
            reference: "bread",
        },
        Split {
            to: Owner::Wallet(&grower),
            amount: euros(500),
            reference: "leeks",
        },
    ];
    // More than the hold is refused, and moves nothing.
    let too_much = [Split {
        to: Owner::Wallet(&grower),
        amount: euros(2_100),
        reference: "all",
    }];
    let refused = money::capture(
        &app.db,
        "test:basket:too-much",
        "test:basket",
        &too_much,
        Some(fee),
        label("test.basket"),
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(kernel::AppError::Conflict("transfer-exceeds-pending"))
        ),
        "{refused:?}"
    );
    let captured = money::capture(
        &app.db,
        "test:basket:capture",
        "test:basket",
        &splits,
        Some(fee),
        label("test.basket"),
    )
    .await
    .unwrap();
    // 5% of 15.00, once, not rounded per producer: 0.75, of which 20% to solidarity.
    assert_eq!((captured.quote.fee, captured.quote.solidarity), (75, 15));
    assert_eq!(available(&app, Owner::Wallet(&buyer)).await, 10_000 - 1_575);
    assert_eq!(available(&app, Owner::Treasury(&bakery)).await, 1_000);
    assert_eq!(available(&app, Owner::Wallet(&grower)).await, 500);
    assert_eq!(available(&app, Owner::Escrow("basket")).await, 0);
    let again = money::capture(
        &app.db,
        "test:basket:capture",
        "test:basket",
        &splits,
        Some(fee),
        label("test.basket"),
    )
    .await
    .unwrap();
    assert_eq!(
        again.transfers, captured.transfers,
        "a retry moves nothing again"
    );
    assert_eq!(available(&app, Owner::Wallet(&grower)).await, 500);
    // A released hold gives everything back.
    money::hold(
        &app.db,
        "test:cancelled",
        Owner::Wallet(&buyer),
        Owner::Escrow("cancelled"),
        euros(300),
        None,
        label("test.basket"),
    )
    .await
    .unwrap();
    money::release(
        &app.db,
        "test:cancelled:release",
        "test:cancelled",
        label("test.basket"),
    )
    .await
    .unwrap();
    assert_eq!(available(&app, Owner::Wallet(&buyer)).await, 10_000 - 1_575);
    let late = money::capture(
        &app.db,
        "test:cancelled:capture",
        "test:cancelled",
        &splits,
        None,
        label("test.basket"),
    )
    .await;
    assert!(
        matches!(
            late,
            Err(kernel::AppError::Conflict("transfer-already-voided"))
        ),
        "{late:?}"
    );
    money::check(&app.db).await.unwrap();
    app.stop().await;
}

/// A changed order's hold replaces the old one in one batch: the new hold
/// may use what the old one frees; refused, it leaves the old one held; a
/// retry with the same keys moves nothing again.
async fn a_hold_is_replaced_by_another_all_or_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let buyer = funded_buyer(&app, 1_000).await;
    let hold = |key: &'static str, old: Option<&'static str>, cents: u64| {
        let (db, buyer) = (app.db.clone(), buyer.clone());
        async move {
            let (from, into) = (Owner::Wallet(&buyer), Owner::Escrow("order"));
            match old {
                None => money::hold(
                    &db,
                    key,
                    from,
                    into,
                    euros(cents),
                    None,
                    label("test.order"),
                )
                .await
                .map(|_| ()),
                Some(old) => {
                    money::hold_instead(
                        &db,
                        key,
                        Some(old),
                        from,
                        into,
                        euros(cents),
                        None,
                        label("test.order"),
                    )
                    .await
                }
            }
        }
    };
    hold("test:order:v1", None, 800).await.unwrap();
    // 900 fits only with the 800 the first hold gives back.
    hold("test:order:v2", Some("test:order:v1"), 900)
        .await
        .unwrap();
    assert_eq!(available(&app, Owner::Wallet(&buyer)).await, 100);
    hold("test:order:v2", Some("test:order:v1"), 900)
        .await
        .unwrap();
    assert_eq!(
        available(&app, Owner::Wallet(&buyer)).await,
        100,
        "a retry holds nothing more"
    );
    let short = hold("test:order:v3", Some("test:order:v2"), 1_100).await;
    assert!(
        matches!(
            short,
            Err(kernel::AppError::Conflict("transfer-exceeds-limit"))
        ),
        "{short:?}"
    );
    assert_eq!(
        available(&app, Owner::Wallet(&buyer)).await,
        100,
        "a refused replacement leaves the old hold as it was"
    );
    let again = hold("test:order:v3", Some("test:order:v1"), 100).await;
    assert!(
        matches!(
            again,
            Err(kernel::AppError::Conflict("transfer-already-voided"))
        ),
        "a hold released once is not released again: {again:?}"
    );
    money::check(&app.db).await.unwrap();
    app.stop().await;
}

/// A payment bears its fee on top, once; the same key again pays nothing
/// twice, and for another amount is refused. A refund gives back the
/// amount and the fee the smaller payment no longer bears, and refunds
/// never add up to more than the payment.
async fn payments_bear_their_fee_once_and_refunds_give_back_what_no_longer_applies(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let buyer = member(&app, "buyer@example.org").await;
    money::pay(
        &app.db,
        "test:fund",
        Owner::World,
        Owner::Wallet(&buyer),
        euros(5_000),
        None,
        label("topup.test"),
    )
    .await
    .unwrap();
    let fee = Fee {
        rule: &Default::default(),
        kind: kernel::fees::PaymentKind::Technical,
    };
    let club = CollectiveId::from("club");
    let pay = |amount| {
        money::pay(
            &app.db,
            "test:dues",
            Owner::Wallet(&buyer),
            Owner::Treasury(&club),
            euros(amount),
            Some(fee),
            label("test.dues"),
        )
    };
    let paid = pay(1_000).await.unwrap();
    assert_eq!((paid.quote.fee, paid.quote.total), (50, 1_050));
    let again = pay(1_000).await.unwrap();
    assert_eq!(again.transfer.seq, paid.transfer.seq);
    let reused = pay(2_000).await;
    assert!(
        matches!(
            reused,
            Err(kernel::AppError::Conflict("transfer-id-reused"))
        ),
        "{reused:?}"
    );
    assert_eq!(available(&app, Owner::Wallet(&buyer)).await, 5_000 - 1_050);
    // 4.00 back: 6.00 stays paid, whose fee is 0.30; 0.20 of the fee comes back.
    money::refund(
        &app.db,
        "test:dues:refund-1",
        "test:dues",
        Some(euros(400)),
        Some(fee),
        label("test.refund"),
    )
    .await
    .unwrap();
    assert_eq!(
        available(&app, Owner::Wallet(&buyer)).await,
        5_000 - 1_050 + 420
    );
    assert_eq!(available(&app, Owner::Treasury(&club)).await, 600);
    // The rest, and all of its fee.
    money::refund(
        &app.db,
        "test:dues:refund-2",
        "test:dues",
        None,
        Some(fee),
        label("test.refund"),
    )
    .await
    .unwrap();
    assert_eq!(available(&app, Owner::Wallet(&buyer)).await, 5_000);
    assert_eq!(available(&app, Owner::Treasury(&club)).await, 0);
    let more = money::refund(
        &app.db,
        "test:dues:refund-3",
        "test:dues",
        Some(euros(1)),
        Some(fee),
        label("test.refund"),
    )
    .await;
    assert!(
        matches!(
            more,
            Err(kernel::AppError::Conflict("refund-exceeds-payment"))
        ),
        "{more:?}"
    );
    // A refund retried with its key refunds once.
    money::refund(
        &app.db,
        "test:dues:refund-2",
        "test:dues",
        None,
        Some(fee),
        label("test.refund"),
    )
    .await
    .unwrap();
    assert_eq!(available(&app, Owner::Wallet(&buyer)).await, 5_000);
    money::check(&app.db).await.unwrap();
    app.stop().await;
}

/// `Db::together`: work queued while a group runs is done by the next
/// group, in one transaction; each piece whole or not at all. A refusal
/// undoes only its own writes (its hold, made before it refused), work that
/// fails on the database runs again alone, and every caller gets its own
/// answer. Groups are kept apart by key.
async fn work_done_together_shares_one_commit_and_undoes_only_what_is_refused(backend: Backend) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Poll;

    let app = TestApp::spawn(backend).await;
    let postgres = app.db.backend() == kernel::db::Backend::Postgres;
    let buyer = funded_buyer(&app, 10_000).await;
    // Holds 1 € under `key`, then answers what its transaction sees
    // (below), or fails, as `ending` says.
    #[derive(Clone, Copy)]
    enum Ending {
        Done,
        Refused,
        /// A database failure on the first run only.
        FailsOnce,
    }
    // A closure's signature for `together`, which inference alone misses.
    fn shaped<F>(f: F) -> F
    where
        F: for<'a> Fn(&'a mut kernel::db::Tx) -> kernel::group::TxFuture<'a, i64>
            + Send
            + Sync
            + 'static,
    {
        f
    }
    let runs = Arc::new(AtomicUsize::new(0));
    let work = |key: String, ending: Ending| {
        let (db, buyer, runs) = (app.db.clone(), buyer.clone(), runs.clone());
        shaped(move |tx| {
            let (db, key, buyer, runs) = (db.clone(), key.clone(), buyer.clone(), runs.clone());
            Box::pin(async move {
                let run = runs.fetch_add(1, Ordering::SeqCst);
                money::hold(
                    &mut *tx,
                    &key,
                    Owner::Wallet(&buyer),
                    Owner::Escrow("together"),
                    euros(100),
                    None,
                    label("test.together"),
                )
                .await?;
                match ending {
                    Ending::Refused => Err(kernel::AppError::Conflict("test-refused")),
                    Ending::FailsOnce if run < 100 => {
                        // Counted apart from the others' runs below.
                        runs.fetch_add(100, Ordering::SeqCst);
                        // A statement that fails (the head's row is there):
                        // PostgreSQL's transaction is then aborted until
                        // the savepoint is rolled back to.
                        sqlx::query("INSERT INTO log_head (id, size) VALUES (1, 0)")
                            .execute(&mut **tx)
                            .await?;
                        Err(kernel::AppError::Internal("unreachable".into()))
                    }
                    _ => {
                        // The queued holds this transaction sees, beyond
                        // those committed: its own, and those of the work
                        // before it in its group.
                        let sql =
                            "SELECT COUNT(*) FROM ledger_transfers WHERE id LIKE 'test:queued:%'";
                        let seen = sqlx::query_scalar::<_, i64>(sql)
                            .fetch_one(&mut **tx)
                            .await?;
                        let committed = sqlx::query_scalar::<_, i64>(sql)
                            .fetch_one(db.pool())
                            .await?;
                        Ok(seen - committed)
                    }
                }
            })
        })
    };

    // A first piece of work holds the group's writer until the gate opens.
    let (started, gate) = (
        Arc::new(tokio::sync::Semaphore::new(0)),
        Arc::new(tokio::sync::Semaphore::new(0)),
    );
    let first = {
        let (db, started, gate) = (app.db.clone(), started.clone(), gate.clone());
        let work = work("test:first".into(), Ending::Done);
        tokio::spawn(async move {
            db.together("test", move |tx| {
                let (started, gate, run) = (started.clone(), gate.clone(), work(tx));
                Box::pin(async move {
                    started.add_permits(1);
                    gate.acquire().await.expect("gate").forget();
                    run.await
                })
            })
            .await
        })
    };
    started.acquire().await.expect("started").forget();
    // Ten more, queued behind it (each one's first poll queues it); and
    // one under another key, which does not wait for them.
    let endings = [
        Ending::Done,
        Ending::Refused,
        Ending::Done,
        Ending::FailsOnce,
        Ending::Done,
        Ending::Refused,
        Ending::Done,
        Ending::Done,
        Ending::Done,
        Ending::Done,
    ];
    let mut queued: Vec<kernel::group::TxFuture<'static, i64>> = Vec::new();
    for (i, ending) in endings.iter().enumerate() {
        let db = app.db.clone();
        let work = work(format!("test:queued:{i}"), *ending);
        queued.push(Box::pin(async move { db.together("test", work).await }));
    }
    std::future::poll_fn(|cx| {
        for f in &mut queued {
            assert!(f.as_mut().poll(cx).is_pending(), "queued behind the first");
        }
        Poll::Ready(())
    })
    .await;
    // On PostgreSQL, another key's work is not held up. (SQLite's one
    // writer connection is the first group's until it commits.)
    if postgres {
        let other = app
            .db
            .together("another", work("test:other".into(), Ending::Done))
            .await;
        assert!(other.is_ok(), "{other:?}");
    }
    gate.add_permits(1);
    let first = first.await.expect("first");
    assert_eq!(first.ok(), Some(0), "the first work's group came before");
    let mut answers = Vec::new();
    for f in queued {
        answers.push(f.await);
    }

    // The queued holds before each in its group.
    let mut before = 0;
    for (i, (ending, answer)) in endings.iter().zip(&answers).enumerate() {
        let held = count(
            &app,
            "SELECT COUNT(*) FROM ledger_transfers WHERE id = $1",
            &format!("test:queued:{i}"),
        )
        .await;
        match ending {
            Ending::Refused => {
                assert!(
                    matches!(answer, Err(kernel::AppError::Conflict("test-refused"))),
                    "{i}: {answer:?}"
                );
                assert_eq!(held, 0, "{i}: a refusal undoes its own hold");
            }
            Ending::FailsOnce => {
                assert_eq!(answer.as_ref().ok(), Some(&1), "{i}: run again alone");
                assert_eq!(held, 1, "{i}: its hold, once");
            }
            Ending::Done => {
                before += 1;
                assert_eq!(
                    answer.as_ref().ok(),
                    Some(&before),
                    "{i}: in one transaction with the work before it"
                );
                assert_eq!(held, 1, "{i}: its hold");
            }
        }
    }
    // Each ran once, and the failed one again (marked by 100).
    let others = usize::from(postgres);
    assert_eq!(
        runs.load(Ordering::SeqCst),
        100 + 1 + endings.len() + 1 + others
    );
    // Held: the first's, the eight queued that did not refuse, the other's.
    assert_eq!(
        available(&app, Owner::Wallet(&buyer)).await,
        10_000 - 100 * (1 + 8 + others as i128)
    );
    money::check(&app.db).await.unwrap();
    app.stop().await;
}
