//! What the group buying tests share: a product, ids, wallets, the
//! deadline passing, the ledger's check.

// Each test file uses some of these.
#![allow(dead_code)]

use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms};

pub const DAY: i64 = 24 * 3600 * 1000;

/// Flour in sacks of 25 kg, sold by 5 kg, three tiers, a retail price.
pub fn flour() -> Value {
    json!({"name": "Farine T80", "unit": "kg", "pack_size": 25, "step": 5, "vat_rate": 550, "retail_price": 400,
           "tiers": [{"from": 1, "to": 99, "unit_price": 320}, {"from": 100, "to": 499, "unit_price": 280},
                     {"from": 500, "unit_price": 250}]})
}

pub fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

/// What the member's wallet has available, in cents.
pub async fn available(api: &Api) -> i64 {
    let (status, w) = api.get("/api/v1/me/wallet").await;
    assert_eq!(status, 200, "{w}");
    w["available"].as_i64().unwrap()
}

/// The deadline passes: moved into the past, as the clock would.
pub async fn deadline_passes(app: &TestApp, p: &Value) {
    sqlx::query("UPDATE groupbuy_purchases SET deadline_at = $1 WHERE id = $2")
        .bind(now_ms() - 1000)
        .bind(id(p))
        .execute(app.db.pool())
        .await
        .unwrap();
}

pub async fn ledger_ok(app: &TestApp) {
    kernel::money::check(&app.db).await.unwrap();
}
