//! AMAP contracts through HTTP, on SQLite and PostgreSQL: a hub's season
//! contract for one producer, its prices frozen; subscriptions whose
//! baskets are held from the wallet and paid to the producer after each
//! distribution; instalments, a short wallet reported and paid later;
//! absences, pause, edits and the end billing only what is delivered; the
//! waiting list and a race for the last place; co-holders, baskets handed
//! over, the volunteers' roster; bad input and other collectives refused
//! with nothing half-written. Every test ends with the ledger checked.

mod common;

use common::*;
use serde_json::{Value, json};
use testkit::{Api, TestApp, flash, now_ms, on_both_databases};

on_both_databases!(
    a_season_is_held_basket_by_basket_and_paid_after_each_distribution,
    instalments_are_held_on_their_due_dates_and_a_short_wallet_is_reported,
    an_instalment_paid_while_its_distribution_is_delivered_pays_the_producer,
    absences_pause_edits_and_the_end_bill_only_what_is_delivered,
    a_full_contract_has_a_waiting_list_and_its_last_place_goes_to_one,
    a_place_freed_while_the_next_waiting_member_leaves_is_not_given_to_it,
    a_distribution_cancelled_while_a_member_subscribes_gets_no_basket_of_his,
    bad_input_and_other_collectives_are_refused_with_nothing_half_written,
    co_holders_handed_baskets_and_the_volunteers_roster,
    a_variable_contract_is_ordered_per_distribution_before_its_deadline,
    the_pages_offer_subscribe_and_keep_what_was_typed_when_refused,
    each_paid_basket_is_invoiced_once_in_the_producers_series,
    organisers_move_or_cancel_a_distribution_billing_nothing_twice,
);

/// A hub and its producer: the AMAP's coordinator (0), the producer's
/// administrator (1), members with 300 € (2, 3, 4).
struct Amap {
    amap: testkit::Collective,
    shop: String,
    farm: String,
    veg: String,
    egg: String,
}

impl Amap {
    fn api(&self, i: usize) -> &Api {
        &self.amap.people[i].api
    }
    fn id(&self, i: usize) -> &str {
        &self.amap.people[i].id
    }
}

async fn amap(app: &TestApp) -> Amap {
    let amap = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri", "Émile", "Farid"])
        .wallet(2, "300")
        .wallet(3, "300")
        .wallet(4, "300")
        .build()
        .await;
    let (chloe, alice) = (&amap.people[0].api, &amap.people[1].api);
    let farm = seller(
        alice,
        "Ferme des Lilas",
        SIRETS[0],
        Some("FR 83 404 833 048"),
    )
    .await;
    let veg = product(
        alice,
        &farm,
        json!({"name": "Panier de légumes", "category": "vegetables", "vat_rate": 550, "allergens": [],
               "variants": [{"unit": "piece", "size": 1, "price": 1500, "stock_mode": "unlimited"}]}),
    )
    .await;
    let egg = product(alice, &farm, eggs()).await;
    let (status, shop) = chloe
        .post(
            "/api/v1/market/shops",
            json!({"name": "AMAP des Lilas", "collective_id": amap.id, "address": "Place du marché"}),
        )
        .await;
    assert_eq!(status, 201, "{shop}");
    let a = Amap {
        shop: shop["id"].as_str().unwrap().to_owned(),
        farm,
        veg: veg["variants"][0]["id"].as_str().unwrap().to_owned(),
        egg: egg["variants"][0]["id"].as_str().unwrap().to_owned(),
        amap,
    };
    // The hub binds the farm to a season only once the farm agreed to sell
    // through it: here by accepting one of its cycles.
    let (chloe, alice) = (a.api(0), a.api(1));
    let (status, problem) = chloe
        .post(
            &format!("/api/v1/market/shops/{}/contracts", a.shop),
            contract_body(&a, "fixed", None, json!([1])),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-seller-not-accepted");
    let now = now_ms();
    let (status, cycle) = chloe
        .post(
            &format!("/api/v1/market/shops/{}/cycles", a.shop),
            json!({"name": "Semaine 49", "opens_at": now - 1000, "closes_at": now + 7 * DAY}),
        )
        .await;
    assert_eq!(status, 201, "{cycle}");
    let cycle = cycle["id"].as_str().unwrap();
    let (status, _) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/sellers"),
            json!({"seller_id": a.farm}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = alice
        .post(
            &format!("/api/v1/market/cycles/{cycle}/sellers/{}/accept", a.farm),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    a
}

/// Six weekly distributions from three days on, 18:00 to 19:30.
fn contract_body(a: &Amap, kind: &str, capacity: Option<i64>, plans: Value) -> Value {
    json!({"name": "Panier de la saison", "description": "Légumes de saison", "seller_id": a.farm, "kind": kind,
           "starts_on": day(3), "ends_on": day(3 + 35), "every": "week", "place": "Salle des fêtes",
           "starts_time": "18:00", "ends_time": "19:30", "capacity": capacity, "absences_max": 2,
           "deadline_days": 2, "plans": plans,
           "variants": [{"variant_id": a.veg, "max_quantity": 2}, {"variant_id": a.egg, "max_quantity": 3}]})
}

async fn contract(a: &Amap, body: Value) -> Value {
    let (status, c) = a
        .api(0)
        .post(&format!("/api/v1/market/shops/{}/contracts", a.shop), body)
        .await;
    assert_eq!(status, 201, "{c}");
    c
}

async fn subscribe(api: &Api, contract: &str, body: Value) -> Value {
    let (status, s) = api
        .post(
            &format!("/api/v1/market/contracts/{contract}/subscriptions"),
            body,
        )
        .await;
    assert_eq!(status, 201, "{s}");
    s
}

fn basket(a: &Amap, veg: i64, egg: i64) -> Value {
    json!([{"variant_id": a.veg, "quantity": veg}, {"variant_id": a.egg, "quantity": egg}])
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

/// A subscription's basket for a distribution.
fn of<'v>(s: &'v Value, distribution: &str) -> &'v Value {
    s["baskets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["distribution_id"] == distribution)
        .unwrap()
}

fn dist(c: &Value, i: usize) -> String {
    c["distributions"][i]["id"].as_str().unwrap().to_owned()
}

/// The distribution is over (and its deadline long past).
async fn pass(app: &TestApp, distribution: &str) {
    let now = now_ms();
    sqlx::query(
        "UPDATE market_contract_distributions SET starts_at = $1, ends_at = $2, deadline_at = $3 WHERE id = $4",
    )
    .bind(now - 2 * 3600 * 1000)
    .bind(now - 3600 * 1000)
    .bind(now - 2 * DAY)
    .bind(distribution)
    .execute(app.db.writer())
    .await
    .unwrap();
    market::contracts::deliver(&app.db, distribution)
        .await
        .unwrap();
}

/// The distribution's deadline has passed, the distribution not yet.
async fn close_deadline(app: &TestApp, distribution: &str) {
    sqlx::query("UPDATE market_contract_distributions SET deadline_at = $1 WHERE id = $2")
        .bind(now_ms() - 1000)
        .bind(distribution)
        .execute(app.db.writer())
        .await
        .unwrap();
}

async fn sub(api: &Api, id: &str) -> Value {
    let (status, s) = api.get(&format!("/api/v1/market/subscriptions/{id}")).await;
    assert_eq!(status, 200, "{s}");
    s
}

fn available(w: &Value) -> i64 {
    w["available"].as_i64().unwrap()
}

fn balance_of(w: &Value) -> i64 {
    w["balance"].as_i64().unwrap()
}

async fn ledger_ok(app: &TestApp) {
    kernel::money::check(&app.db).await.unwrap();
}

async fn a_season_is_held_basket_by_basket_and_paid_after_each_distribution(app: &TestApp) {
    let a = amap(app).await;
    let c = contract(&a, contract_body(&a, "fixed", Some(10), json!([1, 3]))).await;
    let cid = id(&c);
    assert_eq!(c["distributions"].as_array().unwrap().len(), 6, "{c}");
    assert_eq!(c["variants"][0]["price"], 1500);
    assert_eq!(c["variants"][0]["vat_rate"], 550);
    assert_eq!(c["starts_time"], "18:00");
    // Weekly: each distribution seven days after the one before.
    let starts: Vec<i64> = (0..6)
        .map(|i| c["distributions"][i]["starts_at"].as_i64().unwrap())
        .collect();
    for w in starts.windows(2) {
        let gap = w[1] - w[0];
        assert!(
            (7 * DAY - 3600 * 1000..=7 * DAY + 3600 * 1000).contains(&gap),
            "{gap}"
        );
    }
    // The producer raises its price: the season's stays as it was.
    let (status, p) = a
        .api(1)
        .get(&format!("/api/v1/market/sellers/{}/products", a.farm))
        .await;
    assert_eq!(status, 200);
    let veg_product = p
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Panier de légumes")
        .unwrap()
        .clone();
    let (status, changed) = a
        .api(1)
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/market/products/{}", id(&veg_product)),
            Some(json!({"name": "Panier de légumes", "category": "vegetables", "vat_rate": 550, "allergens": [],
                        "variants": [{"id": a.veg, "unit": "piece", "size": 1, "price": 1800, "stock_mode": "unlimited"}]})),
        )
        .await;
    assert_eq!(status, 200, "{changed}");

    let dmitri = a.api(2);
    let s = subscribe(dmitri, &cid, json!({"plan": 1, "lines": basket(&a, 2, 1)})).await;
    let sid = id(&s);
    assert_eq!(s["state"], "active");
    let baskets = s["baskets"].as_array().unwrap();
    assert_eq!(baskets.len(), 6);
    // 2 × 15 € + 3,90 € = 33,90 €, and the platform's 5 % (rounded up).
    for b in baskets {
        assert_eq!(b["amount"], 3390, "{b}");
        assert_eq!(b["platform_fee"], 170);
        assert_eq!(b["to_pay"], 3560);
        assert_eq!(b["held"], true);
    }
    assert_eq!(s["instalments"].as_array().unwrap().len(), 1);
    assert_eq!(s["instalments"][0]["state"], "held");
    assert_eq!(s["instalments"][0]["amount"], 6 * 3560);
    let w = wallet(dmitri).await;
    assert_eq!(balance_of(&w), 30000);
    assert_eq!(available(&w), 30000 - 6 * 3560);

    // After the first distribution, its basket is paid to the producer.
    pass(app, &dist(&c, 0)).await;
    let farm = kernel::money::Owner::Organisation(&a.farm);
    assert_eq!(balance(app, farm).await, 3390);
    let w = wallet(dmitri).await;
    assert_eq!(balance_of(&w), 30000 - 3560);
    assert_eq!(available(&w), 30000 - 6 * 3560);
    let s = sub(dmitri, &sid).await;
    assert_eq!(s["baskets"][0]["paid"], true);
    assert_eq!(s["baskets"][0]["held"], false);
    // The delivery job running again takes nothing more.
    market::contracts::deliver(&app.db, &dist(&c, 0))
        .await
        .unwrap();
    assert_eq!(balance(app, farm).await, 3390);
    // The member lists it, the shop's runners see it; a stranger does not.
    let (status, mine) = dmitri.get("/api/v1/market/subscriptions").await;
    assert_eq!(status, 200);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let (status, _) = a
        .api(0)
        .get(&format!("/api/v1/market/subscriptions/{sid}"))
        .await;
    assert_eq!(status, 200);
    let (status, _) = a
        .api(3)
        .get(&format!("/api/v1/market/subscriptions/{sid}"))
        .await;
    assert_eq!(status, 404);
    let (status, list) = a
        .api(0)
        .get(&format!("/api/v1/market/contracts/{cid}/subscribers"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["member_name"], "Dmitri");
    let (status, _) = dmitri
        .get(&format!("/api/v1/market/contracts/{cid}/subscribers"))
        .await;
    assert_eq!(status, 403);
    ledger_ok(app).await;
}

async fn an_instalment_paid_while_its_distribution_is_delivered_pays_the_producer(app: &TestApp) {
    let a = amap(app).await;
    let c = contract(&a, contract_body(&a, "fixed", None, json!([3]))).await;
    let farid = a.api(4);
    let sid = id(&subscribe(
        farid,
        &id(&c),
        json!({"plan": 3, "lines": basket(&a, 2, 1)}),
    )
    .await);
    // The second instalment is short, then Farid has the money again.
    let (status, body) = farid
        .post(
            "/api/v1/me/wallet/payments",
            json!({"id": "spend", "to_member": a.id(2), "amount": "200"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    market::contracts::instalment_due(&app.db, &sid, 2)
        .await
        .unwrap();
    a.amap.people[4].top_up("more", "200").await;
    // Its first distribution is over, the delivery job not run yet.
    let second = dist(&c, 2);
    let now = now_ms();
    sqlx::query(
        "UPDATE market_contract_distributions SET starts_at = $1, ends_at = $2, deadline_at = $3 WHERE id = $4",
    )
    .bind(now - 2 * 3600 * 1000)
    .bind(now - 3600 * 1000)
    .bind(now - 2 * DAY)
    .bind(&second)
    .execute(app.db.writer())
    .await
    .unwrap();
    // Farid pays it while the job delivers: his payment has read the
    // basket not delivered, and waits for his wallet (held by the test)
    // when the job marks the distribution delivered and looks for holds.
    let wallet_id = kernel::money::account_of(
        &app.db,
        kernel::money::Owner::Wallet(&kernel::MemberId::from(a.id(4))),
    )
    .await
    .unwrap();
    let mut holding = app.db.begin().await.unwrap();
    sqlx::query("UPDATE ledger_accounts SET limit_kind = limit_kind WHERE id = $1")
        .bind(wallet_id.as_str())
        .execute(&mut *holding)
        .await
        .unwrap();
    let paying = spawn_post(
        farid,
        format!("/api/v1/market/subscriptions/{sid}/instalments/2/pay"),
        json!({}),
    );
    until_waiting_for_a_lock(app, &paying).await;
    let delivering = tokio::spawn({
        let (db, second) = (app.db.clone(), second.clone());
        async move { market::contracts::deliver(&db, &second).await }
    });
    until_waiting_for_locks(app, 2, &delivering).await;
    holding.commit().await.unwrap();
    let (status, s) = paying.await.unwrap();
    assert_eq!(status, 200, "{s}");
    delivering.await.unwrap().unwrap();
    // The basket is paid to the producer, whichever came first.
    let s = sub(farid, &sid).await;
    assert_eq!(of(&s, &second)["paid"], true, "{s}");
    let farm = kernel::money::Owner::Organisation(&a.farm);
    assert_eq!(balance(app, farm).await, 3390);
    ledger_ok(app).await;
}

async fn instalments_are_held_on_their_due_dates_and_a_short_wallet_is_reported(app: &TestApp) {
    let a = amap(app).await;
    let c = contract(&a, contract_body(&a, "fixed", None, json!([1, 3, 12]))).await;
    let cid = id(&c);
    // Farid has 300 €: the first third (2 baskets, 71,20 €) is held now.
    let farid = a.api(4);
    let s = subscribe(farid, &cid, json!({"plan": 3, "lines": basket(&a, 2, 1)})).await;
    let sid = id(&s);
    let inst = s["instalments"].as_array().unwrap();
    assert_eq!(inst.len(), 3);
    assert_eq!(inst[0]["state"], "held");
    assert_eq!(inst[1]["state"], "scheduled");
    assert_eq!(inst[0]["amount"], 2 * 3560);
    assert_eq!(inst[1]["amount"], 2 * 3560);
    assert!(inst[1]["due_at"].as_i64().unwrap() < inst[2]["due_at"].as_i64().unwrap());
    assert_eq!(
        s["baskets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["held"] == true)
            .count(),
        2
    );
    assert_eq!(available(&wallet(farid).await), 30000 - 2 * 3560);
    // Farid spends most of his wallet elsewhere; the second instalment's
    // day comes: short, reported, nothing held.
    let (status, body) = farid
        .post(
            "/api/v1/me/wallet/payments",
            json!({"id": "spend", "to_member": a.id(2), "amount": "200"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    market::contracts::instalment_due(&app.db, &sid, 2)
        .await
        .unwrap();
    let s = sub(farid, &sid).await;
    assert_eq!(s["instalments"][1]["state"], "short", "{s}");
    // Farid is told; a second run of the job tells him no more.
    market::contracts::instalment_due(&app.db, &sid, 2)
        .await
        .unwrap();
    let told = farid.notification_texts().await;
    assert_eq!(
        told.iter().filter(|t| t.contains("could not hold")).count(),
        1,
        "{told:?}"
    );
    assert_eq!(
        s["baskets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["held"] == true)
            .count(),
        2
    );
    let (status, list) = a
        .api(0)
        .get(&format!("/api/v1/market/contracts/{cid}/subscribers"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["short"], 1, "the shop sees it too");
    // Its first basket's distribution passes unpaid; paying later pays
    // the producer at once for it.
    pass(app, &dist(&c, 2)).await;
    let farm = kernel::money::Owner::Organisation(&a.farm);
    assert_eq!(balance(app, farm).await, 0);
    let (status, problem) = farid
        .post(
            &format!("/api/v1/market/subscriptions/{sid}/instalments/2/pay"),
            json!({}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-contract-wallet-short");
    a.amap.people[4].top_up("more", "200").await;
    let (status, s) = farid
        .post(
            &format!("/api/v1/market/subscriptions/{sid}/instalments/2/pay"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["instalments"][1]["state"], "held");
    assert_eq!(of(&s, &dist(&c, 2))["paid"], true, "{s}");
    assert_eq!(of(&s, &dist(&c, 3))["held"], true);
    assert_eq!(balance(app, farm).await, 3390);
    // Paid already: not again.
    let (status, _) = farid
        .post(
            &format!("/api/v1/market/subscriptions/{sid}/instalments/2/pay"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409);
    // The third instalment's job holds it; run twice, once.
    market::contracts::instalment_due(&app.db, &sid, 3)
        .await
        .unwrap();
    market::contracts::instalment_due(&app.db, &sid, 3)
        .await
        .unwrap();
    let s = sub(farid, &sid).await;
    assert_eq!(s["instalments"][2]["state"], "held");
    let w = wallet(farid).await;
    // 300 + 200 − 200 − 1 basket paid (35,60 €) − 5 baskets held.
    assert_eq!(balance_of(&w), 30000 + 20000 - 20000 - 3560);
    assert_eq!(available(&w), balance_of(&w) - 5 * 3560);
    ledger_ok(app).await;
}

async fn absences_pause_edits_and_the_end_bill_only_what_is_delivered(app: &TestApp) {
    let a = amap(app).await;
    let c = contract(&a, contract_body(&a, "fixed", Some(1), json!([1]))).await;
    let cid = id(&c);
    let dmitri = a.api(2);
    let s = subscribe(dmitri, &cid, json!({"lines": basket(&a, 1, 0)})).await;
    let sid = id(&s);
    // 15 € + 0,75 €.
    assert_eq!(s["baskets"][0]["to_pay"], 1575);
    let emile = a.api(3);
    let waiting = subscribe(emile, &cid, json!({"lines": basket(&a, 2, 0)})).await;
    assert_eq!(waiting["state"], "waiting");
    assert_eq!(waiting["waiting_position"], 1);
    assert_eq!(
        available(&wallet(emile).await),
        30000,
        "nothing held while waiting"
    );

    // The first distribution is delivered and paid.
    pass(app, &dist(&c, 0)).await;
    // An absence after its deadline is refused, and changes nothing.
    close_deadline(app, &dist(&c, 1)).await;
    let absence = |d: String, absent: bool| {
        let sid = sid.clone();
        async move {
            dmitri
                .call(
                    reqwest::Method::PUT,
                    &format!("/api/v1/market/subscriptions/{sid}/baskets/{d}/absence"),
                    Some(json!({"absent": absent})),
                )
                .await
        }
    };
    let (status, problem) = absence(dist(&c, 1), true).await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem["type"]
            .as_str()
            .unwrap()
            .contains("market-basket-deadline"),
        "{problem}"
    );
    // Two absences allowed: the third is refused.
    let (status, s) = absence(dist(&c, 2), true).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["baskets"][2]["state"], "absent");
    assert_eq!(s["baskets"][2]["held"], false);
    let (status, s) = absence(dist(&c, 3), true).await;
    assert_eq!(status, 200, "{s}");
    let (status, problem) = absence(dist(&c, 4), true).await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem["type"]
            .as_str()
            .unwrap()
            .contains("market-absences-max")
    );
    // Withdrawn, the absence's basket is held again; then declared again.
    let (status, s) = absence(dist(&c, 3), false).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["baskets"][3]["held"], true);
    let (status, s) = absence(dist(&c, 3), true).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["absences"], 2);
    // Held: distributions 1 (deadline passed), 4, 5.
    assert_eq!(available(&wallet(dmitri).await), 30000 - 1575 - 3 * 1575);

    // Edits reach the distributions whose deadline has not passed only.
    let (status, s) = dmitri
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/subscriptions/{sid}/basket"),
            Some(json!({"lines": basket(&a, 1, 2)})),
        )
        .await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["baskets"][1]["amount"], 1500, "past its deadline");
    assert_eq!(s["baskets"][4]["amount"], 1500 + 2 * 390);
    assert_eq!(s["baskets"][4]["to_pay"], 2280 + 114);
    assert_eq!(
        s["baskets"][2]["amount"], 2280,
        "an absence keeps the new basket, unbilled"
    );
    assert_eq!(
        available(&wallet(dmitri).await),
        30000 - 1575 - 1575 - 2 * 2394
    );
    // Out of bounds: refused, nothing changed.
    let (status, problem) = dmitri
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/subscriptions/{sid}/basket"),
            Some(json!({"lines": basket(&a, 3, 0)})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-contract-quantity");
    assert_eq!(
        problem["errors"][0]["message"],
        "From 0 to 2 of this product per basket."
    );
    assert_eq!(sub(dmitri, &sid).await["baskets"][4]["amount"], 2280);

    // Paused: the open baskets are released; resumed: held again.
    let (status, s) = dmitri
        .post(
            &format!("/api/v1/market/subscriptions/{sid}/pause"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["state"], "paused");
    assert_eq!(s["baskets"][4]["state"], "paused");
    assert_eq!(available(&wallet(dmitri).await), 30000 - 1575 - 1575);
    let (status, _) = dmitri
        .post(
            &format!("/api/v1/market/subscriptions/{sid}/pause"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409);
    let (status, s) = dmitri
        .post(
            &format!("/api/v1/market/subscriptions/{sid}/resume"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["baskets"][4]["held"], true);

    // The second distribution is delivered: its (old) basket is paid.
    pass(app, &dist(&c, 1)).await;
    let farm = kernel::money::Owner::Organisation(&a.farm);
    assert_eq!(balance(app, farm).await, 1500 + 1500);
    // Ended: nothing more is billed; the place goes to Émile, whose first
    // instalment a job holds at once.
    let (status, s) = dmitri
        .post(
            &format!("/api/v1/market/subscriptions/{sid}/end"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["state"], "ended");
    assert!(
        s["baskets"].as_array().unwrap()[2..]
            .iter()
            .all(|b| b["state"] == "cancelled")
    );
    let w = wallet(dmitri).await;
    assert_eq!(balance_of(&w), 30000 - 2 * 1575);
    assert_eq!(available(&w), balance_of(&w));
    let eid = id(&waiting);
    let mut promoted = Value::Null;
    for _ in 0..100 {
        promoted = sub(emile, &eid).await;
        if promoted["instalments"][0]["state"] == "held" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(promoted["state"], "active", "{promoted}");
    assert!(
        emile
            .notification_texts()
            .await
            .iter()
            .any(|t| t.contains("A place freed up")),
        "told of the place"
    );
    assert_eq!(promoted["instalments"][0]["state"], "held", "{promoted}");
    // Distributions 3 to 6 (2 was past its deadline): 4 × (30 € + 1,50 €).
    assert_eq!(promoted["baskets"].as_array().unwrap().len(), 4);
    assert_eq!(available(&wallet(emile).await), 30000 - 4 * 3150);
    ledger_ok(app).await;
}

async fn a_full_contract_has_a_waiting_list_and_its_last_place_goes_to_one(app: &TestApp) {
    let a = amap(app).await;
    let c = contract(&a, contract_body(&a, "fixed", Some(3), json!([1]))).await;
    let cid = id(&c);
    let racers = app.buyers(10, "100").await;
    let lines = basket(&a, 1, 0);
    let mut tasks = Vec::new();
    for api in racers.clone() {
        let (cid, lines) = (cid.clone(), lines.clone());
        tasks.push(tokio::spawn(async move {
            api.post(
                &format!("/api/v1/market/contracts/{cid}/subscriptions"),
                json!({"lines": lines}),
            )
            .await
        }));
    }
    let mut states = Vec::new();
    for t in tasks {
        let (status, s) = t.await.unwrap();
        assert_eq!(status, 201, "{s}");
        states.push(s["state"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        states.iter().filter(|s| *s == "active").count(),
        3,
        "{states:?}"
    );
    assert_eq!(states.iter().filter(|s| *s == "waiting").count(), 7);
    let (_, c) = a
        .api(0)
        .get(&format!("/api/v1/market/contracts/{cid}"))
        .await;
    assert_eq!(c["subscribed"], 3);
    assert_eq!(c["waiting"], 7);
    // Waiting members hold nothing; the others 6 baskets each.
    let mut held = 0;
    for api in &racers {
        held += 10000 - available(&wallet(api).await);
    }
    assert_eq!(held, 3 * 6 * 1575);
    // The waiting list's positions are 1 to 7.
    let (_, list) = a
        .api(0)
        .get(&format!("/api/v1/market/contracts/{cid}/subscribers"))
        .await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 10);
    assert!(list[..3].iter().all(|s| s["state"] == "active"));
    assert!(list[3..].iter().all(|s| s["state"] == "waiting"));
    // A waiting member who leaves frees no place.
    let last = list[9]["subscription_id"].as_str().unwrap();
    let mut left = false;
    for api in &racers {
        let (status, _) = api
            .post(
                &format!("/api/v1/market/subscriptions/{last}/end"),
                json!({}),
            )
            .await;
        left |= status == 200;
    }
    assert!(left);
    let (_, c) = a
        .api(0)
        .get(&format!("/api/v1/market/contracts/{cid}"))
        .await;
    assert_eq!(
        (c["subscribed"].as_i64(), c["waiting"].as_i64()),
        (Some(3), Some(6))
    );
    ledger_ok(app).await;
}

async fn a_place_freed_while_the_next_waiting_member_leaves_is_not_given_to_it(app: &TestApp) {
    let a = amap(app).await;
    let c = contract(&a, contract_body(&a, "fixed", Some(1), json!([1]))).await;
    let cid = id(&c);
    let (dmitri, emile) = (a.api(2), a.api(3));
    let holder = id(&subscribe(dmitri, &cid, json!({"lines": basket(&a, 1, 0)})).await);
    let waiting = subscribe(emile, &cid, json!({"lines": basket(&a, 1, 0)})).await;
    assert_eq!(waiting["state"], "waiting");
    let waiting = id(&waiting);
    // Émile's subscription is being ended (its row locked, as its own end
    // or its account's erasure locks it) while Dmitri's end frees the
    // place and hands it to the first member waiting: Émile.
    let mut leaving = app.db.begin().await.unwrap();
    sqlx::query("UPDATE market_subscriptions SET state = 'ended' WHERE id = $1")
        .bind(&waiting)
        .execute(&mut *leaving)
        .await
        .unwrap();
    let end = spawn_post(
        dmitri,
        format!("/api/v1/market/subscriptions/{holder}/end"),
        json!({}),
    );
    // Until Dmitri's end waits for Émile's row: it read him waiting.
    until_waiting_for_a_lock(app, &end).await;
    leaving.commit().await.unwrap();
    let (status, body) = end.await.unwrap();
    assert_eq!(status, 200, "{body}");
    // The place stays free: Émile left, and holds nothing.
    assert_eq!(sub(emile, &waiting).await["state"], "ended");
    assert_eq!(available(&wallet(emile).await), 30000);
    let (_, c) = a
        .api(0)
        .get(&format!("/api/v1/market/contracts/{cid}"))
        .await;
    assert_eq!(c["subscribed"], 0, "{c}");
    ledger_ok(app).await;
}

async fn a_distribution_cancelled_while_a_member_subscribes_gets_no_basket_of_his(app: &TestApp) {
    let a = amap(app).await;
    let c = contract(&a, contract_body(&a, "fixed", None, json!([1]))).await;
    let cid = id(&c);
    // The organisers cancel the second distribution (the contract's lock
    // held, as their cancel holds it) while Dmitri subscribes, having read
    // the contract with that distribution still on.
    let mut cancelling = app.db.begin().await.unwrap();
    sqlx::query("UPDATE market_contracts SET capacity = capacity WHERE id = $1")
        .bind(&cid)
        .execute(&mut *cancelling)
        .await
        .unwrap();
    let subscribing = spawn_post(
        a.api(2),
        format!("/api/v1/market/contracts/{cid}/subscriptions"),
        json!({"lines": basket(&a, 1, 0)}),
    );
    until_waiting_for_a_lock(app, &subscribing).await;
    sqlx::query("UPDATE market_contract_distributions SET cancelled_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(dist(&c, 1))
        .execute(&mut *cancelling)
        .await
        .unwrap();
    cancelling.commit().await.unwrap();
    let (status, s) = subscribing.await.unwrap();
    assert_eq!(status, 201, "{s}");
    let days: Vec<&str> = s["baskets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["distribution_id"].as_str().unwrap())
        .collect();
    assert!(!days.contains(&dist(&c, 1).as_str()), "{s}");
    assert_eq!(days.len(), 5, "{s}");
    ledger_ok(app).await;
}

async fn bad_input_and_other_collectives_are_refused_with_nothing_half_written(app: &TestApp) {
    let a = amap(app).await;
    let count = |table: &'static str| async move {
        let row: (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        row.0
    };
    // Contracts: each broken field said, nothing written.
    let good = contract_body(&a, "fixed", Some(5), json!([1, 3]));
    for (field, value, code) in [
        ("kind", json!("bulk"), "error-contract-kind"),
        ("every", json!("daily"), "error-contract-every"),
        ("ends_on", json!(day(-10)), "error-contract-season"),
        ("ends_on", json!(day(500)), "error-contract-season"),
        ("starts_on", json!("2026-02-30"), "error-date"),
        ("ends_time", json!("17:00"), "error-contract-hours"),
        ("starts_time", json!("25:00"), "error-contract-time"),
        ("capacity", json!(0), "error-contract-capacity"),
        ("plans", json!([2]), "error-contract-plans"),
        ("plans", json!([]), "error-contract-plans"),
        ("variants", json!([]), "error-contract-variants"),
        (
            "variants",
            json!([{"variant_id": "nope", "max_quantity": 1}]),
            "error-contract-variant-other-seller",
        ),
        ("seller_id", json!("nope"), "error-shop-not-a-seller"),
        ("name", json!("x"), "error-too-short"),
    ] {
        let mut body = good.clone();
        body[field] = value;
        let (status, problem) = a
            .api(0)
            .post(&format!("/api/v1/market/shops/{}/contracts", a.shop), body)
            .await;
        assert_eq!(status, 422, "{field}: {problem}");
        let codes: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&code), "{field}: {problem}");
    }
    let mut past = good.clone();
    past["starts_on"] = json!(day(-30));
    past["ends_on"] = json!(day(-2));
    let (status, problem) = a
        .api(0)
        .post(&format!("/api/v1/market/shops/{}/contracts", a.shop), past)
        .await;
    assert_eq!(status, 422, "{problem}");
    let (status, _) = a
        .api(2)
        .post(
            &format!("/api/v1/market/shops/{}/contracts", a.shop),
            good.clone(),
        )
        .await;
    assert_eq!(status, 403, "only the hub's coordinators");
    assert_eq!(count("market_contracts").await, 0);
    assert_eq!(count("market_contract_distributions").await, 0);
    assert_eq!(count("market_contract_variants").await, 0);

    let c = contract(&a, good).await;
    let cid = id(&c);
    let dmitri = a.api(2);
    let url = format!("/api/v1/market/contracts/{cid}/subscriptions");
    for (body, status, code) in [
        (
            json!({"lines": basket(&a, 3, 0)}),
            422,
            "error-contract-quantity",
        ),
        (
            json!({"lines": basket(&a, -1, 1)}),
            422,
            "error-contract-quantity",
        ),
        (json!({"lines": basket(&a, 0, 0)}), 422, "error-order-empty"),
        (
            json!({"lines": [{"variant_id": "nope", "quantity": 1}]}),
            422,
            "error-contract-variant-unknown",
        ),
        (
            json!({"plan": 12, "lines": basket(&a, 1, 0)}),
            422,
            "error-contract-plan",
        ),
        (
            json!({"lines": basket(&a, 1, 0), "co_member_id": a.id(2)}),
            422,
            "error-contract-co-self",
        ),
        (
            json!({"lines": basket(&a, 1, 0), "co_member_id": "nobody"}),
            422,
            "error-contract-member-unknown",
        ),
    ] {
        let (got, problem) = dmitri.post(&url, body.clone()).await;
        assert_eq!(got, status, "{body}: {problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{body}: {problem}");
    }
    // A wallet too short for the first instalment: refused whole.
    let poor = &app.buyers(1, "10").await[0];
    let (status, problem) = poor.post(&url, json!({"lines": basket(&a, 1, 0)})).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-contract-wallet-short");
    assert_eq!(count("market_subscriptions").await, 0);
    assert_eq!(count("market_baskets").await, 0);
    assert_eq!(count("market_subscription_instalments").await, 0);
    assert_eq!(available(&wallet(poor).await), 1000);
    // Subscribing twice.
    let s = subscribe(dmitri, &cid, json!({"lines": basket(&a, 1, 0)})).await;
    let sid = id(&s);
    let (status, problem) = dmitri.post(&url, json!({"lines": basket(&a, 1, 0)})).await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem["type"]
            .as_str()
            .unwrap()
            .contains("market-contract-subscribed")
    );
    // A co-holder who is the member itself.
    let (status, problem) = dmitri
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/subscriptions/{sid}/co-member"),
            Some(json!({"member_id": a.id(2)})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    // Another member acting on Dmitri's subscription by its id: not found.
    let emile = a.api(3);
    for (method, path, body) in [
        (
            reqwest::Method::POST,
            format!("/api/v1/market/subscriptions/{sid}/end"),
            json!({}),
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/market/subscriptions/{sid}/pause"),
            json!({}),
        ),
        (
            reqwest::Method::PUT,
            format!("/api/v1/market/subscriptions/{sid}/basket"),
            json!({"lines": basket(&a, 1, 0)}),
        ),
        (
            reqwest::Method::PUT,
            format!(
                "/api/v1/market/subscriptions/{sid}/baskets/{}/absence",
                dist(&c, 2)
            ),
            json!({"absent": true}),
        ),
        (
            reqwest::Method::PUT,
            format!("/api/v1/market/subscriptions/{sid}/co-member"),
            json!({"member_id": a.id(3)}),
        ),
        (
            reqwest::Method::GET,
            format!("/api/v1/market/subscriptions/{sid}"),
            json!({}),
        ),
    ] {
        let body = (method != reqwest::Method::GET).then_some(body);
        let (status, problem) = emile.call(method, &path, body).await;
        assert_eq!(status, 404, "{path}: {problem}");
    }
    // Another collective's coordinator, with its own shop, changing ids.
    let other = app
        .collective("AMAP du Parc", "amap")
        .people(&["Gaëlle"])
        .build()
        .await;
    let gaelle = &other.people[0].api;
    // The hub's member list is for its members: offered as co-holders to
    // Émile, neither shown to Gaëlle nor accepted as her.
    let contract_page = format!("/market/contracts/{cid}");
    let seen_by_emile = a.amap.people[3].browser.text(&contract_page).await;
    assert!(seen_by_emile.contains(a.id(4)), "{seen_by_emile}");
    let seen_by_gaelle = other.people[0].browser.text(&contract_page).await;
    assert!(
        !seen_by_gaelle.contains(a.id(4)) && !seen_by_gaelle.contains(a.id(2)),
        "{seen_by_gaelle}"
    );
    let (status, problem) = dmitri
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/subscriptions/{sid}/co-member"),
            Some(json!({"member_id": other.people[0].id})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        problem["errors"][0]["code"],
        "error-contract-member-unknown"
    );
    let (status, shop) = gaelle
        .post(
            "/api/v1/market/shops",
            json!({"name": "AMAP du Parc", "collective_id": other.id}),
        )
        .await;
    assert_eq!(status, 201);
    let (status, _) = gaelle
        .post(
            &format!(
                "/api/v1/market/contracts/{cid}/distributions/{}/roles",
                dist(&c, 1)
            ),
            json!({"name": "Accueil", "needed": 2}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = gaelle
        .get(&format!("/api/v1/market/contracts/{cid}/subscribers"))
        .await;
    assert_eq!(status, 403);
    let (status, _) = gaelle
        .post(
            &format!("/api/v1/market/shops/{}/contracts", a.shop),
            contract_body(&a, "fixed", None, json!([1])),
        )
        .await;
    assert_eq!(status, 403);
    // A hub contract of a distribution from another contract: not found.
    let (status, _) = a
        .api(0)
        .post(
            &format!("/api/v1/market/contracts/{cid}/distributions/nope/roles"),
            json!({"name": "Accueil", "needed": 2}),
        )
        .await;
    assert_eq!(status, 404);
    let _ = shop;
    assert_eq!(count("market_roster_roles").await, 0);
    // A seller alone offers contracts for itself: Alice's farm shop.
    let (status, own) = a
        .api(1)
        .post(
            "/api/v1/market/shops",
            json!({"name": "Ferme des Lilas", "organisation_id": a.farm}),
        )
        .await;
    assert_eq!(status, 201, "{own}");
    let (status, c) = a
        .api(1)
        .post(
            &format!("/api/v1/market/shops/{}/contracts", id(&own)),
            contract_body(&a, "fixed", None, json!([1])),
        )
        .await;
    assert_eq!(status, 201, "{c}");
    let (status, _) = a
        .api(0)
        .post(
            &format!("/api/v1/market/shops/{}/contracts", id(&own)),
            contract_body(&a, "fixed", None, json!([1])),
        )
        .await;
    assert_eq!(
        status, 403,
        "the hub's coordinator does not run the farm's shop"
    );
    ledger_ok(app).await;
}

async fn co_holders_handed_baskets_and_the_volunteers_roster(app: &TestApp) {
    let a = amap(app).await;
    let c = contract(&a, contract_body(&a, "fixed", None, json!([1]))).await;
    let cid = id(&c);
    let (dmitri, emile, farid) = (a.api(2), a.api(3), a.api(4));
    let s = subscribe(
        dmitri,
        &cid,
        json!({"lines": basket(&a, 1, 1), "co_member_id": a.id(3)}),
    )
    .await;
    let sid = id(&s);
    assert_eq!(s["co_member_name"], "Émile");
    // The co-holder sees the subscription, but does not act on it.
    assert_eq!(sub(emile, &sid).await["member_name"], "Dmitri");
    let (_, mine) = emile.get("/api/v1/market/subscriptions").await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let (status, _) = emile
        .post(
            &format!("/api/v1/market/subscriptions/{sid}/end"),
            json!({}),
        )
        .await;
    assert_eq!(status, 404);
    // Handing the third basket to Farid; not to oneself.
    let hand = |to: Value| {
        let (sid, d) = (sid.clone(), dist(&c, 2));
        async move {
            dmitri
                .call(
                    reqwest::Method::PUT,
                    &format!("/api/v1/market/subscriptions/{sid}/baskets/{d}/handed-to"),
                    Some(json!({"member_id": to})),
                )
                .await
        }
    };
    let (status, problem) = hand(json!(a.id(2))).await;
    assert_eq!(status, 422, "{problem}");
    let (status, s) = hand(json!(a.id(4))).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["baskets"][2]["handed_to_name"], "Farid");
    let (_, handed) = farid.get("/api/v1/market/subscriptions/handed-to-me").await;
    assert_eq!(handed.as_array().unwrap().len(), 1, "{handed}");
    assert_eq!(handed[0]["from_name"], "Dmitri");
    let (status, _) = hand(Value::Null).await;
    assert_eq!(status, 200);
    let (_, handed) = farid.get("/api/v1/market/subscriptions/handed-to-me").await;
    assert_eq!(handed.as_array().unwrap().len(), 0);

    // The roster: two people welcome at every distribution to come.
    let (status, roster) = a
        .api(0)
        .post(
            &format!(
                "/api/v1/market/contracts/{cid}/distributions/{}/roles",
                dist(&c, 1)
            ),
            json!({"name": "Accueil", "needed": 1, "every_distribution": true}),
        )
        .await;
    assert_eq!(status, 200, "{roster}");
    assert_eq!(roster.as_array().unwrap().len(), 5);
    let role = roster[0]["id"].as_str().unwrap().to_owned();
    let (status, problem) = a
        .api(0)
        .post(
            &format!(
                "/api/v1/market/contracts/{cid}/distributions/{}/roles",
                dist(&c, 1)
            ),
            json!({"name": "Accueil", "needed": 1}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let (status, _) = a
        .api(0)
        .post(
            &format!(
                "/api/v1/market/contracts/{cid}/distributions/{}/roles",
                dist(&c, 1)
            ),
            json!({"name": "Accueil", "needed": 0}),
        )
        .await;
    assert_eq!(status, 422);
    let path = format!("/api/v1/market/contracts/{cid}/roles/{role}/volunteers/me");
    // The co-holder signs up; the role is then full for the subscriber.
    let (status, roster) = emile.call(reqwest::Method::PUT, &path, None).await;
    assert_eq!(status, 200, "{roster}");
    assert_eq!(roster[0]["volunteers"][0]["name"], "Émile");
    let (status, problem) = dmitri.call(reqwest::Method::PUT, &path, None).await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem["type"]
            .as_str()
            .unwrap()
            .contains("market-roster-full")
    );
    // Neither subscriber nor runner: not allowed.
    let (status, _) = farid.call(reqwest::Method::PUT, &path, None).await;
    assert_eq!(status, 403);
    // Nor does Farid see who volunteers, only how many.
    let (_, seen) = farid
        .get(&format!("/api/v1/market/contracts/{cid}/roster"))
        .await;
    assert_eq!(seen[0]["volunteers"].as_array().unwrap().len(), 1);
    assert_eq!(seen[0]["volunteers"][0]["name"], "");
    let (status, roster) = emile.call(reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, 200);
    assert_eq!(roster[0]["volunteers"].as_array().unwrap().len(), 0);
    let (status, roster) = dmitri.call(reqwest::Method::PUT, &path, None).await;
    assert_eq!(status, 200);
    assert_eq!(roster[0]["volunteers"][0]["name"], "Dmitri");
    // Over: no more signing up.
    pass(app, &dist(&c, 1)).await;
    let (status, _) = emile.call(reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, 409);
    // A basket handed to Farid and collected: no longer to come, still in
    // his data's export.
    let (status, _) = hand(json!(a.id(4))).await;
    assert_eq!(status, 200);
    pass(app, &dist(&c, 2)).await;
    let (_, handed) = farid.get("/api/v1/market/subscriptions/handed-to-me").await;
    assert_eq!(handed.as_array().unwrap().len(), 0, "{handed}");
    let (_, export) = farid.get("/api/v1/me/export").await;
    let exported = &export["market"]["baskets_handed_to_me"];
    assert_eq!(exported.as_array().unwrap().len(), 1, "{export}");
    assert_eq!(exported[0]["from_name"], "Dmitri");
    ledger_ok(app).await;
}

async fn a_variable_contract_is_ordered_per_distribution_before_its_deadline(app: &TestApp) {
    let a = amap(app).await;
    let mut body = contract_body(&a, "variable", None, json!([1, 3]));
    let (status, problem) = a
        .api(0)
        .post(
            &format!("/api/v1/market/shops/{}/contracts", a.shop),
            body.clone(),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        problem["errors"][0]["code"],
        "error-contract-plans-variable"
    );
    body["plans"] = json!([1]);
    let c = contract(&a, body).await;
    let cid = id(&c);
    let dmitri = a.api(2);
    let (status, problem) = dmitri
        .post(
            &format!("/api/v1/market/contracts/{cid}/subscriptions"),
            json!({"lines": basket(&a, 1, 0)}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let s = subscribe(dmitri, &cid, json!({})).await;
    let sid = id(&s);
    assert!(
        s["baskets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["amount"] == 0)
    );
    assert_eq!(available(&wallet(dmitri).await), 30000);
    let order = |d: String, lines: Value| {
        let sid = sid.clone();
        async move {
            dmitri
                .call(
                    reqwest::Method::PUT,
                    &format!("/api/v1/market/subscriptions/{sid}/baskets/{d}/order"),
                    Some(json!({"lines": lines})),
                )
                .await
        }
    };
    let (status, s) = order(dist(&c, 1), basket(&a, 0, 3)).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["baskets"][1]["amount"], 1170);
    assert_eq!(s["baskets"][1]["held"], true);
    // Ordered again: changed, held once.
    let (status, s) = order(dist(&c, 1), basket(&a, 1, 1)).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["baskets"][1]["amount"], 1890);
    assert_eq!(available(&wallet(dmitri).await), 30000 - 1890 - 95);
    let (status, _) = order(dist(&c, 1), basket(&a, 0, 4)).await;
    assert_eq!(status, 422);
    // After its deadline: refused.
    close_deadline(app, &dist(&c, 2)).await;
    let (status, problem) = order(dist(&c, 2), basket(&a, 1, 0)).await;
    assert_eq!(status, 409, "{problem}");
    // A fixed basket edit does not apply.
    let (status, _) = dmitri
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/subscriptions/{sid}/basket"),
            Some(json!({"lines": basket(&a, 1, 0)})),
        )
        .await;
    assert_eq!(status, 422);
    pass(app, &dist(&c, 1)).await;
    let farm = kernel::money::Owner::Organisation(&a.farm);
    assert_eq!(balance(app, farm).await, 1890);
    // The member's export lists the subscription.
    let (status, export) = dmitri.get("/api/v1/me/export").await;
    assert_eq!(status, 200);
    let text = export.to_string();
    assert!(text.contains(&sid), "{text}");
    // Money held for a basket blocks the erasure, as the kernel's rules say.
    let (status, body) = dmitri.erase_account().await;
    assert!((400..500).contains(&status), "{status}: {body}");
    let (status, _) = dmitri
        .post(
            &format!("/api/v1/market/subscriptions/{sid}/end"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    // Dmitri shares Émile's basket of a full contract, and waits for a
    // place in it himself.
    let full = contract(&a, contract_body(&a, "fixed", Some(1), json!([1]))).await;
    let emile = a.api(3);
    let shared = subscribe(
        emile,
        &id(&full),
        json!({"lines": basket(&a, 1, 0), "co_member_id": a.id(2)}),
    )
    .await;
    assert_eq!(shared["co_member_name"], "Dmitri");
    let waiting = subscribe(dmitri, &id(&full), json!({"lines": basket(&a, 1, 0)})).await;
    assert_eq!(waiting["state"], "waiting");
    // 300 € less the one basket paid (18,90 € and its fee).
    let left = balance_of(&wallet(dmitri).await);
    assert_eq!(left, 30000 - 1985);
    let (status, body) = dmitri
        .post(
            "/api/v1/me/wallet/payments",
            json!({"id": "all", "to_member": a.id(3), "amount": format!("{}.{:02}", left / 100, left % 100)}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(wallet(dmitri).await["balance"], 0);
    let (status, body) = dmitri.erase_account().await;
    assert!((200..300).contains(&status), "{status}: {body}");
    // The shop still reads the subscription, under a pseudonym.
    let (status, s) = a
        .api(0)
        .get(&format!("/api/v1/market/subscriptions/{sid}"))
        .await;
    assert_eq!(status, 200, "{s}");
    assert_ne!(s["member_name"], "Dmitri");
    // Erased, he left the waiting list and shares no one's basket: the
    // place Émile frees goes to nobody.
    assert!(sub(emile, &id(&shared)).await["co_member_name"].is_null());
    assert_eq!(sub(a.api(0), &id(&waiting)).await["state"], "ended");
    let (status, _) = emile
        .post(
            &format!("/api/v1/market/subscriptions/{}/end", id(&shared)),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(sub(a.api(0), &id(&waiting)).await["state"], "ended");
    ledger_ok(app).await;
}

async fn the_pages_offer_subscribe_and_keep_what_was_typed_when_refused(app: &TestApp) {
    let a = amap(app).await;
    let (chloe, dmitri) = (&a.amap.people[0].browser, &a.amap.people[2].browser);
    let shop_page = chloe.text(&format!("/market/shops/{}", a.shop)).await;
    assert!(shop_page.contains(&format!("/market/shops/{}/contracts", a.shop)));
    let path = format!("/market/shops/{}/contracts", a.shop);
    let form = chloe.text(&path).await;
    assert!(
        form.contains("Offer a season contract") && form.contains("Ferme des Lilas"),
        "{form}"
    );
    let (starts, ends) = (day(3), day(3 + 35));
    let v_field = format!("v_{}", a.veg);
    let max_field = format!("max_{}", a.veg);
    let mut fields = vec![
        ("name", "Panier d'hiver"),
        ("seller_id", a.farm.as_str()),
        (v_field.as_str(), "1"),
        (max_field.as_str(), "2"),
        ("kind", "fixed"),
        ("starts_on", starts.as_str()),
        ("ends_on", ends.as_str()),
        ("every", "two_weeks"),
        ("place", "Salle des fêtes"),
        ("starts_time", "18:00"),
        ("ends_time", "17:00"),
        ("capacity", "20"),
        ("absences_max", "1"),
        ("deadline_days", "2"),
        ("plan_1", "1"),
        ("plan_3", "1"),
    ];
    let refused = chloe.post_form(&path, &fields).await;
    assert_eq!(refused.status(), 422);
    let refused = refused.text().await.unwrap();
    assert!(
        refused.contains("The distribution ends after it starts."),
        "{refused}"
    );
    assert!(
        refused.contains("value=\"Panier d&#x27;hiver\"")
            || refused.contains("value=\"Panier d&#39;hiver\""),
        "{refused}"
    );
    assert!(refused.contains("value=\"17:00\""), "{refused}");
    fields[10] = ("ends_time", "19:30");
    let response = chloe.post_form(&path, &fields).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let contract_path = location(&response);
    let cid = contract_path.rsplit('/').next().unwrap().to_owned();
    let page = chloe.text(&contract_path).await;
    assert_eq!(
        flash(&page),
        Some("The contract is created, with its distributions.")
    );
    assert!(
        page.contains("table-scroll") && page.contains("Every two weeks"),
        "{page}"
    );
    // A role for the roster, from the form.
    let (_, c) = a
        .api(0)
        .get(&format!("/api/v1/market/contracts/{cid}"))
        .await;
    let d1 = dist(&c, 0);
    let response = chloe
        .post_form(
            &format!("/market/contracts/{cid}/roles"),
            &[
                ("distribution_id", d1.as_str()),
                ("name", "Accueil"),
                ("needed", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);

    // Dmitri asks for too many: refused, what he typed kept, nothing held.
    let q_field = format!("q_{}", a.veg);
    let response = dmitri
        .post_form(
            &format!("/market/contracts/{cid}/subscribe"),
            &[(q_field.as_str(), "5"), ("plan", "3"), ("co_member_id", "")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let refused = response.text().await.unwrap();
    assert!(refused.contains("value=\"5\""), "{refused}");
    assert_eq!(available(&wallet(a.api(2)).await), 30000);
    let response = dmitri
        .post_form(
            &format!("/market/contracts/{cid}/subscribe"),
            &[
                (q_field.as_str(), "2"),
                ("plan", "3"),
                ("co_member_id", a.id(3)),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let sub_path = location(&response);
    let page = dmitri.text(&sub_path).await;
    assert_eq!(
        flash(&page),
        Some("You are subscribed; the first instalment is held from your wallet.")
    );
    assert!(
        page.contains("Payments") && page.contains("Held") && page.contains("co-holder: Émile"),
        "{page}"
    );
    // An absence, from its button.
    let sid = sub_path.rsplit('/').next().unwrap().to_owned();
    let d2 = dist(&c, 1);
    let response = dmitri
        .post_form(
            &format!("/market/subscriptions/{sid}/baskets/{d2}/absence"),
            &[("absent", "yes")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = dmitri.text(&sub_path).await;
    assert!(page.contains("Absent (not billed)"), "{page}");
    // A second absence is more than the contract allows: said on the page.
    let d3 = dist(&c, 2);
    let response = dmitri
        .post_form(
            &format!("/market/subscriptions/{sid}/baskets/{d3}/absence"),
            &[("absent", "yes")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let refused = response.text().await.unwrap();
    assert!(
        refused.contains("You have used all the absences this contract allows."),
        "{refused}"
    );
    // The roster: Dmitri signs up.
    let (_, roster) = a
        .api(0)
        .get(&format!("/api/v1/market/contracts/{cid}/roster"))
        .await;
    let role = roster[0]["id"].as_str().unwrap();
    let response = dmitri
        .post_form(
            &format!("/market/contracts/{cid}/roles/{role}/volunteer"),
            &[("signed", "yes")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = dmitri.text(&format!("/market/contracts/{cid}")).await;
    assert!(page.contains("Accueil · 1/1 — Dmitri"), "{page}");
    // The list of the member's subscriptions; the co-holder's too.
    let list = dmitri.text("/market/subscriptions").await;
    assert!(list.contains(&sub_path), "{list}");
    let list = a.amap.people[3].browser.text("/market/subscriptions").await;
    assert!(list.contains("shared by Dmitri"), "{list}");
    assert!(
        dmitri
            .text("/market")
            .await
            .contains("/market/subscriptions")
    );
    // Ending asks first, then ends.
    let response = dmitri
        .post_form(&format!("/market/subscriptions/{sid}/end"), &[])
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("End this subscription?")
    );
    let response = dmitri
        .post_form(
            &format!("/market/subscriptions/{sid}/end"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(available(&wallet(a.api(2)).await), 30000);
    ledger_ok(app).await;
}

/// The invoices of a seller's series, latest first, as its administrator
/// lists them.
async fn series(admin: &Api, seller: &str) -> Vec<Value> {
    let (status, list) = admin
        .get(&format!("/api/v1/market/sellers/{seller}/invoices"))
        .await;
    assert_eq!(status, 200, "{list}");
    list.as_array().unwrap().clone()
}

/// Each basket paid to the producer is invoiced to its subscriber, once, in
/// the producer's own series, for the basket's products and not the
/// platform's fee; an absence, a pause or an ended subscription bills
/// nothing, so invoices nothing. The subscriber and the producer read the
/// invoice (a valid Factur-X); anyone else, the shop's coordinator
/// included, is told there is none.
async fn each_paid_basket_is_invoiced_once_in_the_producers_series(app: &TestApp) {
    let a = amap(app).await;
    let c = contract(&a, contract_body(&a, "fixed", None, json!([1]))).await;
    let cid = id(&c);
    let (alice, dmitri, emile, farid) = (a.api(1), a.api(2), a.api(3), a.api(4));
    let sd = id(&subscribe(dmitri, &cid, json!({"plan": 1, "lines": basket(&a, 2, 1)})).await);
    let se = id(&subscribe(emile, &cid, json!({"plan": 1, "lines": basket(&a, 1, 0)})).await);
    let sf = id(&subscribe(farid, &cid, json!({"plan": 1, "lines": basket(&a, 1, 1)})).await);
    let (status, _) = farid
        .post(
            &format!("/api/v1/market/subscriptions/{sf}/pause"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, absent) = emile
        .call(
            reqwest::Method::PUT,
            &format!(
                "/api/v1/market/subscriptions/{se}/baskets/{}/absence",
                dist(&c, 1)
            ),
            Some(json!({"absent": true})),
        )
        .await;
    assert_eq!(status, 200, "{absent}");
    assert!(series(alice, &a.farm).await.is_empty());
    // Not paid yet, not invoiced.
    assert!(sub(dmitri, &sd).await["baskets"][0]["invoice_id"].is_null());

    pass(app, &dist(&c, 0)).await;
    let list = series(alice, &a.farm).await;
    assert_eq!(
        list.len(),
        2,
        "Dmitri's and Émile's baskets, not Farid's: {list:?}"
    );
    let numbers: Vec<i64> = list.iter().map(|i| i["number"].as_i64().unwrap()).collect();
    assert_eq!(numbers, [2, 1]);
    let s = sub(dmitri, &sd).await;
    let invoice_id = of(&s, &dist(&c, 0))["invoice_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, invoice) = dmitri
        .get(&format!("/api/v1/market/invoices/{invoice_id}"))
        .await;
    assert_eq!(status, 200, "{invoice}");
    assert_eq!(invoice["kind"], "invoice");
    assert_eq!(invoice["seller_id"], a.farm.as_str());
    assert_eq!(invoice["seller_name"], "Ferme des Lilas EARL");
    assert_eq!(invoice["buyer_id"], a.id(2));
    assert_eq!(invoice["buyer_name"], "Dmitri");
    assert!(invoice["order_id"].is_null());
    assert_eq!(invoice["subscription_id"], sd.as_str());
    assert_eq!(invoice["distribution_id"], dist(&c, 0).as_str());
    // 2 × 15 € + 3,90 €: the basket, without the platform's 1,70 €.
    assert_eq!(invoice["paid"], 3390, "{invoice}");
    let lines = invoice["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{invoice}");
    assert_eq!(lines[0]["description"], "Panier de légumes");
    assert_eq!(lines[0]["quantity"], 2);
    assert_eq!(lines[0]["paid"], 3000);
    assert_eq!(lines[0]["vat_rate"], 550);
    assert_eq!(lines[1]["description"], "Œufs ×6");
    assert_eq!(lines[1]["quantity"], 1);
    assert_eq!(lines[1]["paid"], 390);
    let (net, vat, with_vat) = (
        invoice["without_vat"].as_i64().unwrap(),
        invoice["vat"].as_i64().unwrap(),
        invoice["with_vat"].as_i64().unwrap(),
    );
    assert_eq!(
        net,
        lines
            .iter()
            .map(|l| l["net"].as_i64().unwrap())
            .sum::<i64>()
    );
    assert_eq!(net + vat, with_vat);
    assert_eq!(with_vat + invoice["rounding"].as_i64().unwrap(), 3390);
    assert!((3200..3230).contains(&net), "{invoice}");
    // The delivery job running again issues nothing more.
    market::contracts::deliver(&app.db, &dist(&c, 0))
        .await
        .unwrap();
    assert_eq!(series(alice, &a.farm).await.len(), 2);

    // The PDF: a Factur-X for the subscriber and the producer; not found
    // for another subscriber nor for the shop's coordinator.
    let (status, pdf) = invoice_pdf(dmitri, &invoice_id).await;
    assert_eq!(status, 200);
    let xml = assert_valid_factur_x(&pdf);
    assert!(
        xml.contains("Ferme des Lilas") && xml.contains("Dmitri"),
        "{xml}"
    );
    assert!(xml.contains("Panier de l"), "{xml}");
    let (status, _) = invoice_pdf(alice, &invoice_id).await;
    assert_eq!(status, 200);
    for stranger in [emile, a.api(0)] {
        let (status, _) = invoice_pdf(stranger, &invoice_id).await;
        assert_eq!(status, 404);
        let (status, _) = stranger
            .get(&format!("/api/v1/market/invoices/{invoice_id}"))
            .await;
        assert_eq!(status, 404);
    }
    // The subscription page links it for the subscriber only.
    let link = format!("/market/invoices/{invoice_id}/pdf");
    let page = a.amap.people[2]
        .browser
        .text(&format!("/market/subscriptions/{sd}"))
        .await;
    assert!(page.contains(&link), "{page}");
    let page = a.amap.people[0]
        .browser
        .text(&format!("/market/subscriptions/{sd}"))
        .await;
    assert!(!page.contains(&link), "{page}");
    // The seller's invoices page lists it.
    let page = a.amap.people[1]
        .browser
        .text(&format!("/market/sellers/{}/invoices", a.farm))
        .await;
    assert!(page.contains(&link), "{page}");
    // The subscriber's own invoices list it, Émile's holds only his.
    let (status, mine) = dmitri.get("/api/v1/market/invoices").await;
    assert_eq!(status, 200, "{mine}");
    let mine = mine.as_array().unwrap();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["id"], invoice_id.as_str());
    let (_, his) = emile.get("/api/v1/market/invoices").await;
    assert_eq!(his.as_array().unwrap().len(), 1);
    assert_ne!(his[0]["id"], invoice_id.as_str());
    assert_eq!(his[0]["buyer_id"], a.id(3));
    // And the subscriber's personal-data export holds it.
    let (status, export) = dmitri.get("/api/v1/me/export").await;
    assert_eq!(status, 200);
    assert!(export.to_string().contains(&invoice_id));

    // Émile is absent at the second distribution, then ends: only
    // Dmitri's baskets are billed, so invoiced, from then on.
    pass(app, &dist(&c, 1)).await;
    let (status, _) = emile
        .post(&format!("/api/v1/market/subscriptions/{se}/end"), json!({}))
        .await;
    assert_eq!(status, 200);
    pass(app, &dist(&c, 2)).await;
    let list = series(alice, &a.farm).await;
    let numbers: Vec<i64> = list.iter().map(|i| i["number"].as_i64().unwrap()).collect();
    assert_eq!(numbers, [4, 3, 2, 1]);
    assert!(
        list[..2].iter().all(|i| i["buyer_id"] == a.id(2)),
        "{list:?}"
    );
    let e = sub(emile, &se).await;
    assert_eq!(of(&e, &dist(&c, 1))["state"], "absent");
    assert!(of(&e, &dist(&c, 1))["invoice_id"].is_null());
    assert_eq!(of(&e, &dist(&c, 2))["state"], "cancelled");
    assert!(of(&e, &dist(&c, 2))["invoice_id"].is_null());
    assert!(!of(&e, &dist(&c, 0))["invoice_id"].is_null());
    let f = sub(farid, &sf).await;
    assert!(
        f["baskets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["invoice_id"].is_null())
    );
    // What the farm received is what its invoices say was paid.
    let farm = kernel::money::Owner::Organisation(&a.farm);
    let invoiced: i64 = list.iter().map(|i| i["paid"].as_i64().unwrap()).sum();
    assert_eq!(balance(app, farm).await, invoiced);
    assert_eq!(invoiced, 3 * 3390 + 1500);
    ledger_ok(app).await;
}

/// The organisers move a distribution within the season (its members
/// told, its baskets paid once, after it) or cancel one (every hold for it
/// released, nothing billed, its members told); a date in the past, after
/// the season or on another distribution's day is refused with nothing
/// changed, and only those who run the shop may do either.
async fn organisers_move_or_cancel_a_distribution_billing_nothing_twice(app: &TestApp) {
    let a = amap(app).await;
    let c = contract(&a, contract_body(&a, "fixed", None, json!([1]))).await;
    let cid = id(&c);
    let (chloe, dmitri, emile) = (a.api(0), a.api(2), a.api(3));
    let sd = id(&subscribe(dmitri, &cid, json!({"plan": 1, "lines": basket(&a, 1, 0)})).await);
    let se = id(&subscribe(
        emile,
        &cid,
        json!({"plan": 1, "lines": basket(&a, 0, 1), "co_member_id": a.id(4)}),
    )
    .await);
    let moved_path = format!(
        "/api/v1/market/contracts/{cid}/distributions/{}",
        dist(&c, 1)
    );
    let to = |day: String, from: &str, until: &str| {
        Some(json!({"day": day, "starts_time": from, "ends_time": until}))
    };

    // Refused, each with its reason, nothing changed.
    let refusals = [
        (to(day(-1), "10:00", "12:00"), "error-distribution-past"),
        (
            to(day(3 + 40), "10:00", "12:00"),
            "error-distribution-after-season",
        ),
        (
            to(day(3 + 14), "10:00", "12:00"),
            "error-distribution-day-taken",
        ),
        (to(day(3 + 9), "12:00", "10:00"), "error-contract-hours"),
        (to("next week".into(), "10:00", "12:00"), "error-date"),
    ];
    for (body, code) in refusals {
        let (status, problem) = chloe.call(reqwest::Method::PUT, &moved_path, body).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    let (status, _) = dmitri
        .call(
            reqwest::Method::PUT,
            &moved_path,
            to(day(3 + 9), "10:00", "12:00"),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = chloe
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/contracts/{cid}/distributions/nope"),
            to(day(3 + 9), "10:00", "12:00"),
        )
        .await;
    assert_eq!(status, 404);
    let (_, same) = chloe.get(&format!("/api/v1/market/contracts/{cid}")).await;
    assert_eq!(same["distributions"][1], c["distributions"][1]);

    // Moved two days later, in the morning: its deadline follows, the
    // members (and Émile's co-holder) are told.
    let (status, moved) = chloe
        .call(
            reqwest::Method::PUT,
            &moved_path,
            to(day(3 + 9), "10:00", "12:00"),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    let m = &moved["distributions"][1];
    assert_eq!(m["id"], dist(&c, 1).as_str());
    assert_eq!(m["day"], day(3 + 9).as_str());
    let starts = m["starts_at"].as_i64().unwrap();
    assert_eq!(m["ends_at"].as_i64().unwrap() - starts, 2 * 3600 * 1000);
    assert_eq!(starts - m["deadline_at"].as_i64().unwrap(), 2 * DAY);
    let s = sub(dmitri, &sd).await;
    assert_eq!(of(&s, &dist(&c, 1))["starts_at"], starts);
    for i in [2, 3, 4] {
        let texts = a.amap.people[i].api.notification_texts().await;
        assert!(
            texts.iter().any(|t| t.contains("moves to")),
            "{i}: {texts:?}"
        );
    }
    assert!(
        !a.api(1)
            .notification_texts()
            .await
            .iter()
            .any(|t| t.contains("moves to"))
    );

    // Delivered after its new time: each basket paid once, whatever runs again.
    pass(app, &dist(&c, 0)).await;
    pass(app, &dist(&c, 1)).await;
    market::contracts::deliver(&app.db, &dist(&c, 1))
        .await
        .unwrap();
    let farm = kernel::money::Owner::Organisation(&a.farm);
    assert_eq!(balance(app, farm).await, 2 * (1500 + 390));
    let (status, _) = chloe
        .call(
            reqwest::Method::PUT,
            &format!(
                "/api/v1/market/contracts/{cid}/distributions/{}",
                dist(&c, 1)
            ),
            to(day(3 + 10), "10:00", "12:00"),
        )
        .await;
    assert_eq!(status, 409, "a distribution paid stays where it was");

    // Cancelled: every hold for it released, nothing billed, all told.
    let before = available(&wallet(dmitri).await);
    let cancel = format!(
        "/api/v1/market/contracts/{cid}/distributions/{}/cancel",
        dist(&c, 2)
    );
    let (status, _) = dmitri.post(&cancel, json!({})).await;
    assert_eq!(status, 403);
    let (status, cancelled) = chloe.post(&cancel, json!({})).await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["distributions"][2]["cancelled"], true);
    assert_eq!(available(&wallet(dmitri).await), before + 1575);
    for (api, sid) in [(dmitri, &sd), (emile, &se)] {
        let s = sub(api, sid).await;
        let b = of(&s, &dist(&c, 2));
        assert_eq!(b["state"], "cancelled", "{b}");
        assert_eq!(b["held"], false);
    }
    for i in [2, 3, 4] {
        let texts = a.amap.people[i].api.notification_texts().await;
        assert!(
            texts.iter().any(|t| t.contains("is cancelled")),
            "{i}: {texts:?}"
        );
    }
    let (status, problem) = chloe.post(&cancel, json!({})).await;
    assert_eq!(status, 409, "{problem}");
    let (status, _) = chloe
        .call(
            reqwest::Method::PUT,
            &format!(
                "/api/v1/market/contracts/{cid}/distributions/{}",
                dist(&c, 2)
            ),
            to(day(3 + 15), "10:00", "12:00"),
        )
        .await;
    assert_eq!(status, 409);
    pass(app, &dist(&c, 2)).await;
    assert_eq!(balance(app, farm).await, 2 * (1500 + 390), "nothing billed");
    assert!(of(&sub(dmitri, &sd).await, &dist(&c, 2))["invoice_id"].is_null());
    // A member subscribing now gets no basket at the cancelled distribution.
    let farid = a.api(4);
    let f = subscribe(farid, &cid, json!({"plan": 1, "lines": basket(&a, 1, 0)})).await;
    let days: Vec<String> = f["baskets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["distribution_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(days, [dist(&c, 3), dist(&c, 4), dist(&c, 5)]);

    // The page: the organisers' form keeps what was typed when refused,
    // and cancelling asks first.
    let browser = &a.amap.people[0].browser;
    let page = browser.text(&format!("/market/contracts/{cid}")).await;
    assert!(page.contains("Move or cancel a distribution"), "{page}");
    assert!(
        !a.amap.people[2]
            .browser
            .text(&format!("/market/contracts/{cid}"))
            .await
            .contains("Move or cancel a distribution")
    );
    let move_path = format!("/market/contracts/{cid}/distributions/{}/move", dist(&c, 3));
    let late = day(3 + 60);
    let refused = browser
        .post_form(
            &move_path,
            &[
                ("distribution_id", dist(&c, 3).as_str()),
                ("day", late.as_str()),
                ("starts_time", "09:00"),
                ("ends_time", "11:00"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let refused = refused.text().await.unwrap();
    assert!(
        refused.contains("The new date is after the end of the season."),
        "{refused}"
    );
    assert!(refused.contains(&format!("value=\"{late}\"")), "{refused}");
    let new_day = day(3 + 22);
    let response = browser
        .post_form(
            &move_path,
            &[
                ("distribution_id", dist(&c, 3).as_str()),
                ("day", new_day.as_str()),
                ("starts_time", "09:00"),
                ("ends_time", "11:00"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let cancel_path = format!(
        "/market/contracts/{cid}/distributions/{}/cancel",
        dist(&c, 4)
    );
    let ask = browser.post_form(&cancel_path, &[]).await;
    assert_eq!(ask.status(), 200);
    assert!(
        ask.text()
            .await
            .unwrap()
            .contains("Cancel this distribution?")
    );
    let (_, still) = chloe.get(&format!("/api/v1/market/contracts/{cid}")).await;
    assert_eq!(still["distributions"][3]["day"], new_day.as_str());
    assert_eq!(still["distributions"][4]["cancelled"], false);
    let done = browser
        .post_form(&cancel_path, &[("confirmed", "yes")])
        .await;
    assert_eq!(done.status(), 303);
    let (_, after) = chloe.get(&format!("/api/v1/market/contracts/{cid}")).await;
    assert_eq!(after["distributions"][4]["cancelled"], true);
    ledger_ok(app).await;
}
