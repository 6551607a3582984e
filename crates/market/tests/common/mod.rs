//! What the market's tests share: sellers and their products, a hub's
//! cycle with a pickup point, producers joining it, buyers with money.

// Each test file uses some of these.
#![allow(dead_code)]

use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms};

pub const DAY: i64 = 24 * 3600 * 1000;

/// A SIRET whose Luhn check holds, for each producer of the tests.
pub const SIRETS: [&str; 3] = ["40483304800022", "35629981000016", "12002701600019"];

/// An organisation `admin` creates and makes a seller (with a VAT number,
/// or under the franchise).
pub async fn seller(admin: &Api, name: &str, siret: &str, vat_number: Option<&str>) -> String {
    let (status, org) = admin
        .post(
            "/api/v1/organisations",
            json!({"name": name, "kind": "company", "siret": siret, "address": "1 chemin des Prés, 69000 Lyon",
                   "latitude": 45.76, "longitude": 4.83}),
        )
        .await;
    assert_eq!(status, 201, "{org}");
    let id = org["id"].as_str().unwrap().to_owned();
    let (status, s) = admin
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/sellers/{id}"),
            Some(
                json!({"legal_name": format!("{name} EARL"), "vat_number": vat_number,
                        "description": "Maraîchage", "claims": ["environment", "pay_equity"]}),
            ),
        )
        .await;
    assert_eq!(status, 200, "{s}");
    id
}

pub async fn product(admin: &Api, seller: &str, body: Value) -> Value {
    let (status, p) = admin
        .post(&format!("/api/v1/market/sellers/{seller}/products"), body)
        .await;
    assert_eq!(status, 201, "{p}");
    p
}

pub fn tomatoes(stock: i64) -> Value {
    json!({"name": "Tomates rondes", "category": "vegetables", "vat_rate": 550, "organic_label": "ab",
           "origin": "Lyon", "carbon_g": 300, "allergens": [],
           "variants": [{"unit": "g", "size": 1000, "price": 450, "stock_mode": "count", "stock": stock}]})
}

pub fn eggs() -> Value {
    json!({"name": "Œufs", "category": "eggs", "vat_rate": 550, "allergens": ["eggs"],
           "variants": [{"unit": "piece", "size": 6, "weight_g": 360, "price": 390, "stock_mode": "unlimited"}]})
}

/// A shop for `collective` run by its coordinator, with an open cycle
/// that closes in a week and a pickup point the day after.
pub async fn hub_cycle(
    coordinator: &Api,
    collective: &str,
    capacity: Option<i64>,
) -> (String, String, String) {
    let (status, shop) = coordinator
        .post(
            "/api/v1/market/shops",
            json!({"name": "Épicerie de l'AMAP", "collective_id": collective, "address": "Place du marché",
                   "latitude": 45.75, "longitude": 4.85}),
        )
        .await;
    assert_eq!(status, 201, "{shop}");
    let shop = shop["id"].as_str().unwrap().to_owned();
    let now = now_ms();
    let (status, cycle) = coordinator
        .post(
            &format!("/api/v1/market/shops/{shop}/cycles"),
            json!({"name": "Semaine 49", "opens_at": now - 1000, "closes_at": now + 7 * DAY}),
        )
        .await;
    assert_eq!(status, 201, "{cycle}");
    let cycle = cycle["id"].as_str().unwrap().to_owned();
    let (status, c) = coordinator
        .post(
            &format!("/api/v1/market/cycles/{cycle}/pickups"),
            json!({"place": "Salle des fêtes", "address": "2 rue de la Mairie", "starts_at": now + 8 * DAY,
                   "ends_at": now + 8 * DAY + 2 * 3600 * 1000, "capacity": capacity}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let pickup = c["pickups"][0]["id"].as_str().unwrap().to_owned();
    (shop, cycle, pickup)
}

pub async fn join_cycle(coordinator: &Api, cycle: &str, seller: &str, by: &Api, variants: &[&str]) {
    let (status, c) = coordinator
        .post(
            &format!("/api/v1/market/cycles/{cycle}/sellers"),
            json!({"seller_id": seller}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let (status, c) = by
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/cycles/{cycle}/sellers/{seller}/offer"),
            Some(json!({"variant_ids": variants})),
        )
        .await;
    assert_eq!(status, 200, "{c}");
}

pub async fn balance(app: &TestApp, owner: kernel::money::Owner<'_>) -> i64 {
    let id = kernel::money::account_of(&app.db, owner).await.unwrap();
    let a = kernel::money::account(&app.db, &id).await.unwrap().account;
    a.credits_posted as i64 - a.debits_posted as i64
}

pub async fn wallet(api: &Api) -> Value {
    let (status, w) = api.get("/api/v1/me/wallet").await;
    assert_eq!(status, 200, "{w}");
    w
}

/// Members with an API token and `euros` in their wallets, made quickly.
pub async fn buyers(app: &TestApp, count: usize, euros: &str) -> Vec<Api> {
    let charter = kernel::charter::current(&app.db).await.unwrap();
    let mut made = Vec::new();
    for i in 0..count {
        let email = format!("buyer{i}@example.org");
        let id = kernel::members::create_confirmed(
            &app.db,
            &email,
            "a long enough password",
            &format!("Buyer {i}"),
            kernel::i18n::Lang::En,
            false,
        )
        .await
        .unwrap();
        kernel::charter::accept(&app.db, &id, charter.version)
            .await
            .unwrap();
        let token = kernel::tokens::create(&app.db, &id, "tests").await.unwrap();
        made.push(app.api_with_token(&token.secret));
    }
    for (i, api) in made.iter().enumerate() {
        let (status, body) = api
            .post(
                "/api/v1/me/wallet/topups",
                json!({"id": format!("t{i}"), "amount": euros, "provider": "demo"}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    made
}
