//! Regular orders through HTTP, on SQLite and PostgreSQL: a member's
//! standing order at a shop, made, edited, paused, resumed, skipped and
//! ended by the member alone; placed by the job when a cycle opens through
//! the checkout (added to an order placed by hand, never twice), leaving
//! out what the cycle does not offer, placing nothing from a short wallet;
//! the pickup point matched by its place; bad input refused with nothing
//! saved; the pages; the export and the erasure.

mod common;

use common::*;
use serde_json::{Value, json};
use sqlx::Row;
use testkit::{Api, TestApp, flash, now_ms, on_both_databases};

on_both_databases!(
    a_member_makes_edits_pauses_skips_and_ends_a_regular_order_alone,
    the_open_job_places_merges_with_a_hand_order_and_never_doubles,
    unavailable_products_are_left_out_and_a_short_wallet_places_nothing,
    paused_skipped_ended_and_future_regular_orders_are_not_placed,
    the_job_is_scheduled_and_runs_when_a_cycle_opens,
    bad_input_is_refused_with_clear_messages_and_nothing_saved,
    the_pages_make_and_run_a_regular_order,
    export_and_erasure_cover_regular_orders,
);

/// A hub run by Chloé (0), its producer Alice (1), members with money:
/// Dmitri (2, 100 €), Émile (3, 100 €), Farid (4, 1 €), Gaëlle (5, 100 €).
struct Hub {
    hub: testkit::Collective,
    shop: String,
    farm: String,
    tomato: String,
    egg: String,
}

impl Hub {
    fn api(&self, i: usize) -> &Api {
        &self.hub.people[i].api
    }
}

async fn hub(app: &TestApp) -> Hub {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri", "Émile", "Farid", "Gaëlle"])
        .wallet(2, "100")
        .wallet(3, "100")
        .wallet(4, "1")
        .wallet(5, "100")
        .build()
        .await;
    let (chloe, alice) = (&hub.people[0].api, &hub.people[1].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], None).await;
    let tomato = product(alice, &farm, tomatoes(5)).await["variants"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let egg = product(alice, &farm, eggs()).await["variants"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A first cycle, already open: the farm sells through the hub.
    let (shop, cycle, _) = hub_cycle(chloe, &hub.id, None).await;
    join_cycle(chloe, &cycle, &farm, alice, &[&tomato, &egg]).await;
    Hub {
        hub,
        shop,
        farm,
        tomato,
        egg,
    }
}

fn body(place: &str, lines: Value) -> Value {
    json!({"place": place, "starts_on": day(-1), "lines": lines})
}

async fn make(api: &Api, h: &Hub, body: Value) -> Value {
    let (status, r) = api
        .post(
            &format!("/api/v1/market/shops/{}/regular-orders", h.shop),
            body,
        )
        .await;
    assert_eq!(status, 201, "{r}");
    r
}

/// The shop's next cycle, made upcoming with these pickup points and
/// variants, then opened (its time come) without its job running: the
/// test runs the job itself.
async fn next_cycle(app: &TestApp, h: &Hub, places: &[&str], variants: &[&str]) -> String {
    let (chloe, alice) = (h.api(0), h.api(1));
    let now = now_ms();
    let (status, c) = chloe
        .post(
            &format!("/api/v1/market/shops/{}/cycles", h.shop),
            json!({"name": format!("Semaine {}", places.len()), "opens_at": now + DAY, "closes_at": now + 7 * DAY}),
        )
        .await;
    assert_eq!(status, 201, "{c}");
    let cycle = c["id"].as_str().unwrap().to_owned();
    for place in places {
        let (status, c) = chloe
            .post(
                &format!("/api/v1/market/cycles/{cycle}/pickups"),
                json!({"place": place, "address": "2 rue de la Mairie", "starts_at": now + 8 * DAY,
                       "ends_at": now + 8 * DAY + 3_600_000}),
            )
            .await;
        assert_eq!(status, 200, "{c}");
    }
    join_cycle(chloe, &cycle, &h.farm, alice, variants).await;
    sqlx::query("UPDATE market_cycles SET opens_at = $1 WHERE id = $2")
        .bind(now_ms() - 1000)
        .bind(&cycle)
        .execute(app.db.writer())
        .await
        .unwrap();
    cycle
}

async fn open(app: &TestApp, cycle: &str) {
    market::regular::open(&app.db, cycle).await.unwrap();
}

async fn my_order(api: &Api, cycle: &str) -> Option<Value> {
    let (status, o) = api
        .get(&format!("/api/v1/market/cycles/{cycle}/order"))
        .await;
    (status == 200).then_some(o)
}

fn quantity(order: &Value, variant: &str) -> i64 {
    order["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["variant_id"] == variant)
        .map_or(0, |l| l["quantity"].as_i64().unwrap())
}

async fn get(api: &Api, id: &str) -> (u16, Value) {
    api.get(&format!("/api/v1/market/regular-orders/{id}"))
        .await
}

async fn act(api: &Api, id: &str, action: &str) -> (u16, Value) {
    api.post(
        &format!("/api/v1/market/regular-orders/{id}/{action}"),
        json!({}),
    )
    .await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn a_member_makes_edits_pauses_skips_and_ends_a_regular_order_alone(app: &TestApp) {
    let h = hub(app).await;
    let (dmitri, emile) = (h.api(2), h.api(3));
    let r = make(
        dmitri,
        &h,
        body(
            "Salle des fêtes",
            json!([{"variant_id": h.tomato, "quantity": 2}]),
        ),
    )
    .await;
    let id = r["id"].as_str().unwrap();
    assert_eq!(r["state"], "active");
    assert_eq!(r["shop_id"], h.shop);
    assert_eq!(r["lines"][0]["quantity"], 2);
    assert_eq!(r["lines"][0]["product_name"], "Tomates rondes");
    // The member edits its products and days.
    let (status, r) = dmitri
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/regular-orders/{id}"),
            Some(json!({"place": "Marché couvert", "starts_on": day(0), "ends_on": day(60),
                        "lines": [{"variant_id": h.egg, "quantity": 3}, {"variant_id": h.tomato, "quantity": 1}]})),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["place"], "Marché couvert");
    assert_eq!(r["ends_on"], day(60));
    assert_eq!(r["lines"].as_array().unwrap().len(), 2);
    assert_eq!(r["lines"][0]["product_name"], "Tomates rondes");
    assert_eq!(r["lines"][0]["quantity"], 1);
    assert_eq!(r["lines"][1]["quantity"], 3);
    // Pause, resume, skip, each once.
    let (status, r) = act(dmitri, id, "pause").await;
    assert_eq!((status, r["state"].as_str()), (200, Some("paused")));
    let (status, p) = act(dmitri, id, "pause").await;
    assert_eq!(status, 409, "{p}");
    assert_eq!(p["type"], "urn:freeco:problem:market-regular-not-active");
    let (status, r) = act(dmitri, id, "resume").await;
    assert_eq!((status, r["state"].as_str()), (200, Some("active")));
    let (status, p) = act(dmitri, id, "resume").await;
    assert_eq!(status, 409, "{p}");
    let (status, r) = act(dmitri, id, "skip").await;
    assert_eq!((status, r["skip_next"].as_bool()), (200, Some(true)));
    // Another member sees none of it, and can do nothing to it.
    let (status, _) = get(emile, id).await;
    assert_eq!(status, 404);
    for action in ["pause", "resume", "skip", "end"] {
        let (status, _) = act(emile, id, action).await;
        assert_eq!(status, 404, "{action}");
    }
    let (status, _) = emile
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/regular-orders/{id}"),
            Some(body(
                "Ailleurs",
                json!([{"variant_id": h.egg, "quantity": 9}]),
            )),
        )
        .await;
    assert_eq!(status, 404);
    let (status, list) = emile.get("/api/v1/me/market/regular-orders").await;
    assert_eq!((status, list), (200, json!([])));
    let (_, r) = get(dmitri, id).await;
    assert_eq!(r["lines"][1]["quantity"], 3, "unchanged by another");
    // The end is final.
    let (status, r) = act(dmitri, id, "end").await;
    assert_eq!((status, r["state"].as_str()), (200, Some("ended")));
    for action in ["end", "skip", "resume"] {
        let (status, p) = act(dmitri, id, action).await;
        assert_eq!(status, 409, "{action}: {p}");
    }
    let (status, p) = dmitri
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/regular-orders/{id}"),
            Some(body(
                "Salle des fêtes",
                json!([{"variant_id": h.egg, "quantity": 1}]),
            )),
        )
        .await;
    assert_eq!(status, 409, "{p}");
    assert_eq!(p["type"], "urn:freeco:problem:market-regular-ended");
    let (status, list) = dmitri.get("/api/v1/me/market/regular-orders").await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["id"], id);
    // Every operation is documented with the statuses it answers.
    let (_, spec) = app.anonymous_api().get("/api/openapi.json").await;
    let paths = &spec["paths"];
    for (path, method, statuses) in [
        ("/api/v1/me/market/regular-orders", "get", &["200"][..]),
        (
            "/api/v1/market/shops/{id}/regular-orders",
            "post",
            &["201", "404", "422"],
        ),
        ("/api/v1/market/regular-orders/{id}", "get", &["200", "404"]),
        (
            "/api/v1/market/regular-orders/{id}",
            "put",
            &["200", "404", "409", "422"],
        ),
        (
            "/api/v1/market/regular-orders/{id}/pause",
            "post",
            &["200", "404", "409"],
        ),
        (
            "/api/v1/market/regular-orders/{id}/resume",
            "post",
            &["200", "404", "409"],
        ),
        (
            "/api/v1/market/regular-orders/{id}/skip",
            "post",
            &["200", "404", "409"],
        ),
        (
            "/api/v1/market/regular-orders/{id}/end",
            "post",
            &["200", "404", "409"],
        ),
    ] {
        for status in statuses {
            assert!(
                paths[path][method]["responses"][*status].is_object(),
                "{method} {path} {status}"
            );
        }
    }
}

async fn the_open_job_places_merges_with_a_hand_order_and_never_doubles(app: &TestApp) {
    let h = hub(app).await;
    let (dmitri, emile) = (h.api(2), h.api(3));
    // The place written another way than the shop writes it still matches.
    let r = make(
        dmitri,
        &h,
        body(
            "  salle des FÊTES ",
            json!([{"variant_id": h.tomato, "quantity": 2}, {"variant_id": h.egg, "quantity": 1}]),
        ),
    )
    .await;
    let id = r["id"].as_str().unwrap().to_owned();
    // No pickup point of that place in the cycle: the first is taken.
    let e = make(
        emile,
        &h,
        body("Gare", json!([{"variant_id": h.egg, "quantity": 2}])),
    )
    .await;
    let eid = e["id"].as_str().unwrap().to_owned();
    let cycle = next_cycle(
        app,
        &h,
        &["Marché couvert", "Salle des fêtes"],
        &[&h.tomato, &h.egg],
    )
    .await;
    let (_, c) = dmitri.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    let market = c["pickups"][0]["id"].as_str().unwrap().to_owned();
    let hall = c["pickups"][1]["id"].as_str().unwrap().to_owned();
    assert_eq!(c["pickups"][1]["place"], "Salle des fêtes");
    // Dmitri ordered eggs by hand first, at the covered market.
    let (status, o) = dmitri
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": market, "lines": [{"variant_id": h.egg, "quantity": 1}]}),
        )
        .await;
    assert_eq!(status, 200, "{o}");
    let hand = o["id"].as_str().unwrap().to_owned();
    open(app, &cycle).await;
    // One order, the hand one, with the regular quantities added.
    let o = my_order(dmitri, &cycle).await.expect("an order");
    assert_eq!(o["id"], hand);
    assert_eq!(quantity(&o, &h.tomato), 2);
    assert_eq!(quantity(&o, &h.egg), 2);
    assert_eq!(
        o["pickup_id"], market,
        "the hand order's pickup point stays"
    );
    // Held from the wallet: what the order costs.
    let w = wallet(dmitri).await;
    assert_eq!(10000 - balance_of(&w), o["to_pay"].as_i64().unwrap(), "{w}");
    // The job again, twice: nothing more.
    open(app, &cycle).await;
    open(app, &cycle).await;
    let again = my_order(dmitri, &cycle).await.unwrap();
    assert_eq!(quantity(&again, &h.tomato), 2);
    assert_eq!(quantity(&again, &h.egg), 2);
    assert_eq!(again["to_pay"], o["to_pay"]);
    assert_eq!(
        count(app, "SELECT COUNT(*) AS n FROM market_orders").await,
        2,
        "Dmitri's and Émile's"
    );
    // The stock: 5 tomatoes, 2 taken.
    let (_, p) = dmitri
        .get(&format!("/api/v1/market/cycles/{cycle}/offer"))
        .await;
    assert!(p.to_string().contains("\"stock\":3"), "{p}");
    let (_, r) = get(dmitri, &id).await;
    let history = r["history"].as_array().unwrap();
    assert_eq!(history.len(), 1, "{r}");
    assert_eq!(history[0]["outcome"], "placed");
    assert_eq!(history[0]["order_id"], hand);
    assert_eq!(history[0]["pickup_matched"], true);
    let texts = dmitri.notification_texts().await;
    assert!(
        texts
            .iter()
            .any(|t| t.contains("regular order") && t.contains("placed")),
        "{texts:?}"
    );
    // Émile's: at the first pickup point, told none matched.
    let eo = my_order(emile, &cycle).await.expect("Émile's order");
    assert_eq!(eo["pickup_id"], market);
    assert_eq!(quantity(&eo, &h.egg), 2);
    let (_, e) = get(emile, &eid).await;
    assert_eq!(e["history"][0]["pickup_matched"], false, "{e}");
    let page = emile.page(&format!("/market/regular/{eid}")).await;
    assert!(
        page.contains("No pickup point of this cycle matched “Gare”"),
        "{page}"
    );
    // The placed order is the member's to change or cancel.
    let (status, c) = dmitri
        .post(&format!("/api/v1/market/orders/{hand}/cancel"), json!({}))
        .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(balance_of(&wallet(dmitri).await), 10000);
    // A regular order with its own place, and no hand order, goes there.
    let g = make(
        h.api(5),
        &h,
        body(
            "Salle des fêtes",
            json!([{"variant_id": h.egg, "quantity": 1}]),
        ),
    )
    .await;
    let cycle2 = next_cycle(
        app,
        &h,
        &["Marché couvert", "Salle des fêtes", "Gare"],
        &[&h.egg],
    )
    .await;
    open(app, &cycle2).await;
    let go = my_order(h.api(5), &cycle2).await.expect("Gaëlle's order");
    let (_, c2) = dmitri.get(&format!("/api/v1/market/cycles/{cycle2}")).await;
    let at = |place: &str| {
        c2["pickups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["place"] == place)
            .unwrap()["id"]
            .clone()
    };
    assert_eq!(go["pickup_id"], at("Salle des fêtes"));
    assert_ne!(go["pickup_id"], hall, "a pickup point of this cycle");
    let eo = my_order(emile, &cycle2).await.expect("Émile's order");
    assert_eq!(eo["pickup_id"], at("Gare"), "Gare, now");
    let (_, gr) = get(h.api(5), g["id"].as_str().unwrap()).await;
    assert_eq!(gr["history"][0]["outcome"], "placed");
}

fn balance_of(w: &Value) -> i64 {
    w["available"].as_i64().unwrap()
}

async fn unavailable_products_are_left_out_and_a_short_wallet_places_nothing(app: &TestApp) {
    let h = hub(app).await;
    let (dmitri, emile, farid) = (h.api(2), h.api(3), h.api(4));
    let d = make(
        dmitri,
        &h,
        body(
            "Salle des fêtes",
            json!([{"variant_id": h.tomato, "quantity": 2}, {"variant_id": h.egg, "quantity": 1}]),
        ),
    )
    .await;
    // More tomatoes than the stock: left out.
    let e = make(
        emile,
        &h,
        body(
            "Salle des fêtes",
            json!([{"variant_id": h.tomato, "quantity": 6}]),
        ),
    )
    .await;
    // 1 € in the wallet: short.
    let f = make(
        farid,
        &h,
        body(
            "Salle des fêtes",
            json!([{"variant_id": h.tomato, "quantity": 1}]),
        ),
    )
    .await;
    // The cycle offers the tomatoes only.
    let cycle = next_cycle(app, &h, &["Salle des fêtes"], &[&h.tomato]).await;
    open(app, &cycle).await;
    let o = my_order(dmitri, &cycle).await.expect("Dmitri's order");
    assert_eq!(quantity(&o, &h.tomato), 2);
    assert_eq!(o["lines"].as_array().unwrap().len(), 1, "{o}");
    let (_, d) = get(dmitri, d["id"].as_str().unwrap()).await;
    assert_eq!(d["history"][0]["outcome"], "placed");
    assert_eq!(d["history"][0]["left_out"], json!(["Œufs"]));
    let page = dmitri
        .page(&format!("/market/regular/{}", d["id"].as_str().unwrap()))
        .await;
    assert!(
        page.contains("Left out (not offered or sold out): Œufs."),
        "{page}"
    );
    // Émile's one product is not in stock enough: nothing placed, told.
    assert!(my_order(emile, &cycle).await.is_none());
    let (_, e) = get(emile, e["id"].as_str().unwrap()).await;
    assert_eq!(e["history"][0]["outcome"], "nothing");
    assert_eq!(e["history"][0]["left_out"], json!(["Tomates rondes"]));
    assert!(
        emile
            .notification_texts()
            .await
            .iter()
            .any(|t| t.contains("none of its products was offered or in stock")),
    );
    // Farid's wallet is short: no order, no stock taken, no money moved.
    assert!(my_order(farid, &cycle).await.is_none());
    let (_, f) = get(farid, f["id"].as_str().unwrap()).await;
    assert_eq!(f["history"][0]["outcome"], "short", "{f}");
    assert_eq!(f["history"][0]["order_id"], Value::Null);
    assert_eq!(balance_of(&wallet(farid).await), 100);
    let texts = farid.notification_texts().await;
    assert!(
        texts
            .iter()
            .any(|t| t.contains("was not placed") && t.contains("your wallet did not hold enough")),
        "{texts:?}"
    );
    let (_, p) = dmitri
        .get(&format!("/api/v1/market/cycles/{cycle}/offer"))
        .await;
    assert!(p.to_string().contains("\"stock\":3"), "{p}");
    // Running again changes nothing, tells nothing more.
    open(app, &cycle).await;
    assert_eq!(farid.notification_texts().await.len(), texts.len());
    assert_eq!(
        count(app, "SELECT COUNT(*) AS n FROM market_regular_placements").await,
        3
    );
}

async fn paused_skipped_ended_and_future_regular_orders_are_not_placed(app: &TestApp) {
    let h = hub(app).await;
    let lines = json!([{"variant_id": h.egg, "quantity": 1}]);
    let ids: Vec<String> = {
        let mut ids = Vec::new();
        for i in [2, 3, 5] {
            let r = make(h.api(i), &h, body("Salle des fêtes", lines.clone())).await;
            ids.push(r["id"].as_str().unwrap().to_owned());
        }
        ids
    };
    // Dmitri pauses, Émile skips, Gaëlle ends; Farid starts in three days.
    assert_eq!(act(h.api(2), &ids[0], "pause").await.0, 200);
    assert_eq!(act(h.api(3), &ids[1], "skip").await.0, 200);
    assert_eq!(act(h.api(5), &ids[2], "end").await.0, 200);
    let later = make(
        h.api(4),
        &h,
        json!({"place": "Salle des fêtes", "starts_on": day(3), "lines": lines}),
    )
    .await;
    let cycle = next_cycle(app, &h, &["Salle des fêtes"], &[&h.egg]).await;
    open(app, &cycle).await;
    assert_eq!(
        count(
            app,
            &format!("SELECT COUNT(*) AS n FROM market_orders WHERE cycle_id = '{cycle}'")
        )
        .await,
        0
    );
    let (_, e) = get(h.api(3), &ids[1]).await;
    assert_eq!(e["history"][0]["outcome"], "skipped");
    assert_eq!(e["skip_next"], false, "skipped once");
    for (i, id) in [(2, &ids[0]), (5, &ids[2])] {
        let (_, r) = get(h.api(i), id).await;
        assert_eq!(r["history"], json!([]), "{r}");
    }
    let (_, l) = get(h.api(4), later["id"].as_str().unwrap()).await;
    assert_eq!(l["history"], json!([]));
    // The next cycle: Émile's is placed again, Dmitri's once resumed;
    // Gaëlle's stays ended.
    assert_eq!(act(h.api(2), &ids[0], "resume").await.0, 200);
    let cycle2 = next_cycle(app, &h, &["Salle des fêtes", "Gare"], &[&h.egg]).await;
    open(app, &cycle2).await;
    assert!(my_order(h.api(2), &cycle2).await.is_some());
    assert!(my_order(h.api(3), &cycle2).await.is_some());
    assert!(my_order(h.api(5), &cycle2).await.is_none());
    // A regular order made after a cycle opened waits for the next one.
    let late = make(h.api(5), &h, body("Salle des fêtes", lines.clone())).await;
    open(app, &cycle2).await;
    assert!(my_order(h.api(5), &cycle2).await.is_none());
    let (_, late) = get(h.api(5), late["id"].as_str().unwrap()).await;
    assert_eq!(late["history"], json!([]));
    // Émile pauses his while a cycle's opening places it: the pause comes
    // first (and nothing is placed for him) or after.
    let cycle3 = next_cycle(app, &h, &["Salle des fêtes"], &[&h.egg]).await;
    let mut pausing = app.db.begin().await.unwrap();
    sqlx::query("UPDATE market_regular_orders SET state = 'paused' WHERE id = $1")
        .bind(&ids[1])
        .execute(&mut *pausing)
        .await
        .unwrap();
    let opening = tokio::spawn({
        let (db, cycle3) = (app.db.clone(), cycle3.clone());
        async move { market::regular::open(&db, &cycle3).await }
    });
    until_waiting_for_a_lock(app, &opening).await;
    pausing.commit().await.unwrap();
    opening.await.unwrap().unwrap();
    assert!(my_order(h.api(3), &cycle3).await.is_none());
    assert!(my_order(h.api(2), &cycle3).await.is_some());
}

async fn the_job_is_scheduled_and_runs_when_a_cycle_opens(app: &TestApp) {
    let h = hub(app).await;
    let dmitri = h.api(2);
    let r = make(
        dmitri,
        &h,
        body(
            "Salle des fêtes",
            json!([{"variant_id": h.egg, "quantity": 1}]),
        ),
    )
    .await;
    let chloe = h.api(0);
    // An upcoming cycle: its opening job waits for its time.
    let opens = now_ms() + DAY;
    let (status, c) = chloe
        .post(
            &format!("/api/v1/market/shops/{}/cycles", h.shop),
            json!({"name": "Semaine 50", "opens_at": opens, "closes_at": opens + DAY}),
        )
        .await;
    assert_eq!(status, 201, "{c}");
    let upcoming = c["id"].as_str().unwrap();
    let run_at: i64 = sqlx::query("SELECT run_at FROM jobs WHERE dedupe_key = $1")
        .bind(format!("market.open:{upcoming}:{opens}"))
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .try_get("run_at")
        .unwrap();
    assert_eq!(run_at, opens);
    // A cycle made open: its job runs at once, but waits for a pickup point
    // and products; adding them runs it again, and it places the order.
    let now = now_ms();
    let (status, c) = chloe
        .post(
            &format!("/api/v1/market/shops/{}/cycles", h.shop),
            json!({"name": "Semaine 49 bis", "opens_at": now, "closes_at": now + 7 * DAY}),
        )
        .await;
    assert_eq!(status, 201, "{c}");
    let cycle = c["id"].as_str().unwrap().to_owned();
    let (status, _) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/pickups"),
            json!({"place": "Salle des fêtes", "starts_at": now + 8 * DAY, "ends_at": now + 8 * DAY + 3_600_000}),
        )
        .await;
    assert_eq!(status, 200);
    join_cycle(chloe, &cycle, &h.farm, h.api(1), &[&h.egg]).await;
    let id = r["id"].as_str().unwrap();
    let mut placed = Value::Null;
    for _ in 0..200 {
        let (_, r) = get(dmitri, id).await;
        if !r["history"].as_array().unwrap().is_empty() {
            placed = r;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(placed["history"][0]["outcome"], "placed", "{placed}");
    assert_eq!(placed["history"][0]["cycle_id"], cycle);
    let o = my_order(dmitri, &cycle).await.expect("placed by the job");
    assert_eq!(quantity(&o, &h.egg), 1);
}

async fn bad_input_is_refused_with_clear_messages_and_nothing_saved(app: &TestApp) {
    let h = hub(app).await;
    let dmitri = h.api(2);
    // A product of a farm that does not sell through this shop.
    let other = seller(h.api(3), "Ferme du Haut", SIRETS[1], None).await;
    let foreign = product(h.api(3), &other, eggs()).await["variants"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/market/shops/{}/regular-orders", h.shop);
    let cases = [
        (
            body("Salle", json!([{"variant_id": h.egg, "quantity": 0}])),
            "lines",
            "error-regular-quantity",
        ),
        (
            body("Salle", json!([{"variant_id": h.egg, "quantity": 1001}])),
            "lines",
            "error-regular-quantity",
        ),
        (
            body(
                "Salle",
                json!([{"variant_id": h.egg, "quantity": 600}, {"variant_id": h.egg, "quantity": 600}]),
            ),
            "lines",
            "error-regular-quantity",
        ),
        (
            body("Salle", json!([{"variant_id": foreign, "quantity": 1}])),
            "lines",
            "error-regular-variant",
        ),
        (body("Salle", json!([])), "lines", "error-order-empty"),
        (
            json!({"place": "Salle", "starts_on": day(10), "ends_on": day(5), "lines": [{"variant_id": h.egg, "quantity": 1}]}),
            "ends_on",
            "error-regular-ends",
        ),
        (
            json!({"place": "Salle", "starts_on": day(-30), "ends_on": day(-5), "lines": [{"variant_id": h.egg, "quantity": 1}]}),
            "ends_on",
            "error-regular-ends",
        ),
        (
            json!({"place": "Salle", "starts_on": "le 3 mars", "lines": [{"variant_id": h.egg, "quantity": 1}]}),
            "starts_on",
            "error-date",
        ),
        (
            body("   ", json!([{"variant_id": h.egg, "quantity": 1}])),
            "place",
            "error-required",
        ),
    ];
    for (input, field, code) in cases {
        let (status, p) = dmitri.post(&path, input.clone()).await;
        assert_eq!(status, 422, "{input}: {p}");
        let errors = p["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == field && e["code"] == code),
            "{input}: {p}"
        );
        assert!(!errors[0]["message"].as_str().unwrap().is_empty(), "{p}");
    }
    // A shop that does not exist.
    let (status, _) = dmitri
        .post(
            "/api/v1/market/shops/nope/regular-orders",
            body("Salle", json!([{"variant_id": h.egg, "quantity": 1}])),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(
        count(app, "SELECT COUNT(*) AS n FROM market_regular_orders").await,
        0
    );
    // An edit refused leaves the regular order as it was.
    let r = make(
        dmitri,
        &h,
        body("Salle", json!([{"variant_id": h.egg, "quantity": 2}])),
    )
    .await;
    let id = r["id"].as_str().unwrap();
    let (status, p) = dmitri
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/regular-orders/{id}"),
            Some(body(
                "Gare",
                json!([{"variant_id": h.tomato, "quantity": 1}, {"variant_id": foreign, "quantity": 1}]),
            )),
        )
        .await;
    assert_eq!(status, 422, "{p}");
    let (_, after) = get(dmitri, id).await;
    assert_eq!(after["place"], "Salle");
    assert_eq!(after["lines"], r["lines"]);
    // The form says it in the reader's language, keeping what was typed.
    let b = &h.hub.people[2].browser;
    let response = b
        .post_form(
            &format!("/market/shops/{}/regular", h.shop),
            &[
                (&format!("q_{}", h.egg), "0"),
                ("place", "Salle des fêtes"),
                ("starts_on", &day(0)),
                ("ends_on", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("A quantity is a whole number from 1 to 1,000"),
        "{page}"
    );
    assert!(page.contains("value=\"Salle des fêtes\""), "{page}");
    let response = b
        .post_form(
            &format!("/market/shops/{}/regular", h.shop),
            &[
                (&format!("q_{}", h.egg), "1"),
                ("place", "Salle des fêtes"),
                ("starts_on", &day(10)),
                ("ends_on", &day(2)),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("The last day comes on or after the first"),
        "{page}"
    );
    assert_eq!(
        count(app, "SELECT COUNT(*) AS n FROM market_regular_orders").await,
        1
    );
}

async fn the_pages_make_and_run_a_regular_order(app: &TestApp) {
    let h = hub(app).await;
    let dmitri = &h.hub.people[2].browser;
    // From the shop front and the market's page.
    let shop = dmitri.text(&format!("/market/shops/{}", h.shop)).await;
    assert!(
        shop.contains(&format!("/market/shops/{}/regular", h.shop))
            && shop.contains("Order this every cycle"),
        "{shop}"
    );
    assert!(dmitri.text("/market").await.contains("/market/regular"));
    let form = dmitri
        .text(&format!("/market/shops/{}/regular", h.shop))
        .await;
    assert!(
        form.contains("Tomates rondes") && form.contains("Œufs"),
        "{form}"
    );
    assert!(
        form.contains("<option value=\"Salle des fêtes\">"),
        "{form}"
    );
    let response = dmitri
        .post_form(
            &format!("/market/shops/{}/regular", h.shop),
            &[
                (&format!("q_{}", h.tomato), "2"),
                (&format!("q_{}", h.egg), ""),
                ("place", "Salle des fêtes"),
                ("starts_on", &day(0)),
                ("ends_on", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let path = location(&response);
    let page = dmitri.text(&path).await;
    assert_eq!(
        flash(&page),
        Some("Your regular order is saved: it will be placed in each cycle that opens.")
    );
    assert!(page.contains("No cycle has opened since."), "{page}");
    let id = path.trim_start_matches("/market/regular/").to_owned();
    let (_, r) = get(h.api(2), &id).await;
    assert_eq!(
        r["lines"],
        json!([{"variant_id": h.tomato, "product_name": "Tomates rondes", "unit": "g",
                                   "size": 1000, "price": 450, "quantity": 2}])
    );
    // Edited: eggs too.
    let response = dmitri
        .post_form(
            &path,
            &[
                (&format!("q_{}", h.tomato), "1"),
                (&format!("q_{}", h.egg), "4"),
                ("place", "Gare"),
                ("starts_on", &day(0)),
                ("ends_on", &day(30)),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = dmitri.text(&path).await;
    assert_eq!(
        flash(&page),
        Some("Your regular order is changed for the cycles to come.")
    );
    assert!(
        page.contains("value=\"4\"") && page.contains("value=\"Gare\""),
        "{page}"
    );
    for (action, message) in [
        ("pause", "Your regular order is paused."),
        ("resume", "Your regular order resumes."),
        ("skip", "The next cycle will be skipped."),
    ] {
        let response = dmitri.post_form(&format!("{path}/{action}"), &[]).await;
        assert_eq!(response.status(), 303, "{action}");
        assert_eq!(flash(&dmitri.text(&path).await), Some(message));
    }
    let page = dmitri.text(&path).await;
    assert!(page.contains("the next cycle is skipped"), "{page}");
    let (_, r) = get(h.api(2), &id).await;
    assert_eq!(
        (r["state"].as_str(), r["skip_next"].as_bool()),
        (Some("active"), Some(true))
    );
    // Resume again is refused with why, on the page.
    let response = dmitri.post_form(&format!("{path}/resume"), &[]).await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("This regular order is not paused."),
    );
    // Another member: not found, and nothing done.
    let emile = &h.hub.people[3].browser;
    assert_eq!(emile.get(&path).await.status(), 404);
    for action in ["pause", "skip", "end"] {
        let response = emile
            .post_form(&format!("{path}/{action}"), &[("confirmed", "yes")])
            .await;
        assert_eq!(response.status(), 404, "{action}");
    }
    let response = emile
        .post_form(
            &path,
            &[
                (&format!("q_{}", h.egg), "9"),
                ("place", "Ailleurs"),
                ("starts_on", &day(0)),
            ],
        )
        .await;
    assert_eq!(response.status(), 404);
    let (_, r) = get(h.api(2), &id).await;
    assert_eq!(r["state"], "active");
    assert_eq!(r["place"], "Gare");
    // Ending asks first.
    let ask = dmitri.post_form(&format!("{path}/end"), &[]).await;
    assert_eq!(ask.status(), 200);
    assert!(
        ask.text()
            .await
            .unwrap()
            .contains("End this regular order?")
    );
    let response = dmitri
        .post_form(&format!("{path}/end"), &[("confirmed", "yes")])
        .await;
    assert_eq!(response.status(), 303);
    let page = dmitri.text(&path).await;
    assert_eq!(flash(&page), Some("Your regular order has ended."));
    assert!(!page.contains(&format!("{path}/pause")), "{page}");
    let list = dmitri.text("/market/regular").await;
    assert!(list.contains(&path) && list.contains("Ended"), "{list}");
    // Without the CSRF token, nothing.
    let response = dmitri
        .client
        .post(app.url(&format!("/market/shops/{}/regular", h.shop)))
        .form(&[("place", "Gare"), ("starts_on", &day(0))])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error());
}

async fn export_and_erasure_cover_regular_orders(app: &TestApp) {
    let h = hub(app).await;
    let farid = h.api(4);
    let r = make(
        farid,
        &h,
        body(
            "Salle des fêtes",
            json!([{"variant_id": h.egg, "quantity": 1}]),
        ),
    )
    .await;
    let id = r["id"].as_str().unwrap();
    // Its history too: 1 € is short for the eggs.
    let cycle = next_cycle(app, &h, &["Salle des fêtes"], &[&h.egg]).await;
    open(app, &cycle).await;
    let (status, export) = farid.get("/api/v1/me/export").await;
    assert_eq!(status, 200);
    let regular = &export["market"]["regular_orders"][0];
    assert_eq!(regular["id"], id, "{export}");
    assert_eq!(regular["lines"][0]["quantity"], 1);
    assert_eq!(regular["history"][0]["outcome"], "short");
    // Erased (the wallet emptied first), the regular order ends.
    let (status, body) = farid
        .post(
            "/api/v1/me/wallet/payments",
            json!({"id": "all", "to_member": h.hub.people[0].id, "amount": "1"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = farid.erase_account().await;
    assert!((200..300).contains(&status), "{status}: {body}");
    let state: String = sqlx::query("SELECT state FROM market_regular_orders WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .try_get("state")
        .unwrap();
    assert_eq!(state, "ended");
}
