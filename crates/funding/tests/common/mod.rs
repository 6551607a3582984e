//! What the crowdfunding tests share: a campaign, ids, wallets, the
//! deadline passing, the ledger's check.

// Each test file uses some of these.
#![allow(dead_code)]

use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms};

pub const DAY: i64 = 24 * 3600 * 1000;

/// A campaign for a bakery's oven: 1,000 € at least, 1,500 € would do all,
/// three rewards (the last one limited to `stock`), one ask.
pub fn oven(all_or_nothing: bool, stock: i64) -> Value {
    json!({"title": "Un four pour le fournil", "summary": "Un four à bois pour le fournil coopératif",
           "description": "Le four actuel a quarante ans.", "minimum": 100000, "optimum": 150000,
           "deadline_at": now_ms() + 20 * DAY, "all_or_nothing": all_or_nothing,
           "rewards": [{"title": "Un pain", "minimum": 1000},
                       {"title": "Une fournée", "description": "Dix pains pour une fête", "minimum": 5000},
                       {"title": "Un stage de boulange", "minimum": 10000, "stock": stock}],
           "asks": [{"kind": "time", "title": "Aide au chantier", "needed": 3}]})
}

pub async fn launch(api: &Api, body: Value) -> Value {
    let (status, c) = api.post("/api/v1/funding/campaigns", body).await;
    assert_eq!(status, 201, "{c}");
    c
}

pub fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

pub fn reward(c: &Value, i: usize) -> String {
    c["rewards"][i]["id"].as_str().unwrap().to_owned()
}

pub async fn pledge(api: &Api, c: &Value, body: Value) -> (u16, Value) {
    api.call(
        reqwest::Method::PUT,
        &format!("/api/v1/funding/campaigns/{}/pledge", id(c)),
        Some(body),
    )
    .await
}

/// What the member's wallet has available, in cents.
pub async fn available(api: &Api) -> i64 {
    let (status, w) = api.get("/api/v1/me/wallet").await;
    assert_eq!(status, 200, "{w}");
    w["available"].as_i64().unwrap()
}

/// The deadline passes: moved into the past, as the clock would.
pub async fn deadline_passes(app: &TestApp, c: &Value) {
    sqlx::query("UPDATE funding_campaigns SET deadline_at = $1 WHERE id = $2")
        .bind(now_ms() - 1000)
        .bind(id(c))
        .execute(app.db.pool())
        .await
        .unwrap();
}

pub async fn ledger_ok(app: &TestApp) {
    kernel::money::check(&app.db).await.unwrap();
}

/// The public log's entries of a type, as JSON.
pub async fn log_entries(api: &Api, kind: &str) -> Vec<Value> {
    let (_, entries) = api.get("/api/v1/log/entries?start=0").await;
    entries["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| serde_json::from_str::<Value>(e["body"].as_str()?).ok())
        .filter(|b| b["type"] == kind)
        .collect()
}

/// `voters` consent to the decision, its time runs out and it closes:
/// returns it closed (its effect's job queued).
pub async fn pass(app: &TestApp, voters: &[&Api], decision: &str) -> Value {
    for voter in voters {
        let (status, r) = voter
            .post(
                &format!("/api/v1/decisions/{decision}/ballot"),
                json!({"ballot": {"consent": "no_objection"}}),
            )
            .await;
        assert_eq!(status, 201, "{r}");
    }
    app.let_decision_close(decision).await;
    let closed = voters[0].closed_decision(decision).await;
    assert_eq!(closed["effect_outcome"]["done"], true, "{closed}");
    closed
}

/// Waits until `path` answers something `done` says yes to; returns it.
pub async fn until(api: &Api, path: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..200 {
        let (_, v) = api.get(path).await;
        if done(&v) {
            return v;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{path} never got there");
}

/// Moves money between two owners' accounts directly, as the outside
/// world would (a treasury emptied by payouts, refilled by transfers).
pub async fn move_money(
    app: &TestApp,
    from: kernel::money::Owner<'_>,
    to: kernel::money::Owner<'_>,
    cents: u64,
    key: &str,
) {
    use kernel::money::account_of;
    let transfer = ledger::NewTransfer {
        id: key.to_owned(),
        kind: ledger::Kind::Post {
            debit: account_of(&app.db, from).await.unwrap().into_string(),
            credit: account_of(&app.db, to).await.unwrap().into_string(),
            amount: cents,
            currency: "EUR".into(),
        },
        code: "test".into(),
        reference: String::new(),
    };
    kernel::money::transfer(&app.db, &[transfer]).await.unwrap();
}
