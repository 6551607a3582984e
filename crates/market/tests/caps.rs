//! A cycle's caps and its reminder before the close, through HTTP on
//! SQLite and PostgreSQL: each cap refuses what goes beyond it (problem+json
//! on the API, the page's language on the form) but lets an order shrink;
//! the checkout that reaches one closes the cycle early and the orders'
//! money is taken as at a normal close; 50 buyers racing for a cycle capped
//! at 10 orders get exactly 10; absurd caps are refused; the reminder goes
//! once to the right members, respects their choice, and follows a moved
//! close.

mod common;

use common::*;
use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms, on_both_databases};

on_both_databases!(
    each_cap_refuses_beyond_it_and_lets_an_order_shrink,
    reaching_a_cap_closes_the_cycle_early_and_takes_the_money,
    fifty_buyers_race_for_a_cycle_capped_at_ten_orders,
    absurd_caps_are_refused_and_nothing_is_saved,
    the_reminder_goes_once_to_the_right_members_and_follows_the_close,
);

/// A hub's shop (run by people[0]), a farm (people[1]) selling tomatoes at
/// 4.50 € with `stock` units: (shop, farm, variant).
async fn farm_and_shop(hub: &testkit::Collective, stock: i64) -> (String, String, String) {
    let (chloe, alice) = (&hub.people[0].api, &hub.people[1].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], Some("FR83404833048")).await;
    let tomato = product(alice, &farm, tomatoes(stock)).await;
    let variant = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (status, shop) = chloe
        .post(
            "/api/v1/market/shops",
            json!({"name": "Épicerie de l'AMAP", "collective_id": hub.id}),
        )
        .await;
    assert_eq!(status, 201, "{shop}");
    (shop["id"].as_str().unwrap().to_owned(), farm, variant)
}

/// An open cycle of the shop with `caps` (merged into its input), a pickup
/// point, and the farm's tomatoes: (cycle, pickup).
async fn capped_cycle(
    hub: &testkit::Collective,
    shop: &str,
    farm: &str,
    variant: &str,
    name: &str,
    caps: Value,
) -> (String, String) {
    let (chloe, alice) = (&hub.people[0].api, &hub.people[1].api);
    let now = now_ms();
    let mut input = json!({"name": name, "opens_at": now - 1000, "closes_at": now + 7 * DAY});
    input
        .as_object_mut()
        .unwrap()
        .extend(caps.as_object().unwrap().clone());
    let (status, c) = chloe
        .post(&format!("/api/v1/market/shops/{shop}/cycles"), input)
        .await;
    assert_eq!(status, 201, "{c}");
    let cycle = c["id"].as_str().unwrap().to_owned();
    let (status, c) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/pickups"),
            json!({"place": "Salle des fêtes", "starts_at": now + 8 * DAY, "ends_at": now + 8 * DAY + 3_600_000}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let pickup = c["pickups"][0]["id"].as_str().unwrap().to_owned();
    join_cycle(chloe, &cycle, farm, alice, &[variant]).await;
    (cycle, pickup)
}

async fn order(api: &Api, cycle: &str, pickup: &str, variant: &str, quantity: i64) -> (u16, Value) {
    api.call(
        reqwest::Method::PUT,
        &format!("/api/v1/market/cycles/{cycle}/order"),
        Some(
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": quantity}]}),
        ),
    )
    .await
}

/// Changes the cycle through the API (PATCH takes its whole input).
async fn patch(api: &Api, cycle: &str, input: Value) -> (u16, Value) {
    api.call(
        reqwest::Method::PATCH,
        &format!("/api/v1/market/cycles/{cycle}"),
        Some(input),
    )
    .await
}

fn refused(answer: &Value, code: &str) {
    assert_eq!(answer["errors"][0]["code"], code, "{answer}");
}

/// Waits for the closing job to have taken the money of `count` orders.
async fn wait_captured(app: &TestApp, cycle: &str, count: i64) {
    for _ in 0..200 {
        let captured: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM market_orders WHERE cycle_id = $1 AND captured_at IS NOT NULL",
        )
        .bind(cycle)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        if captured == count {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the closing job did not capture {count} orders");
}

async fn each_cap_refuses_beyond_it_and_lets_an_order_shrink(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri", "Emile", "Fanny"])
        .wallet(2, "100")
        .wallet(3, "100")
        .wallet(4, "100")
        .build()
        .await;
    let [chloe, dmitri, emile, fanny] = [0, 2, 3, 4].map(|i| &hub.people[i].api);
    let (shop, farm, variant) = farm_and_shop(&hub, 100).await;

    // Turnover: at most 20 € of orders (4.50 € a unit, no fee).
    let (cycle, pickup) = capped_cycle(
        &hub,
        &shop,
        &farm,
        &variant,
        "Semaine 49",
        json!({"max_turnover": 2000}),
    )
    .await;
    assert_eq!(order(dmitri, &cycle, &pickup, &variant, 2).await.0, 200);
    assert_eq!(order(emile, &cycle, &pickup, &variant, 2).await.0, 200);
    // 18 € taken: 4.50 € more is beyond.
    let (status, answer) = order(fanny, &cycle, &pickup, &variant, 1).await;
    assert_eq!(status, 422);
    refused(&answer, "error-cap-turnover");
    assert_eq!(
        answer["errors"][0]["message"],
        "This order would take the cycle beyond its maximum turnover: order less."
    );
    let (status, answer) = order(dmitri, &cycle, &pickup, &variant, 3).await;
    assert_eq!(status, 422, "growing an order beyond the cap");
    refused(&answer, "error-cap-turnover");
    // The organisers lower the cap below what is ordered: an order still
    // shrinks, and a smaller one leaves room for no one.
    let now = now_ms();
    let (status, c) = patch(
        chloe,
        &cycle,
        json!({"name": "Semaine 49", "opens_at": now - 1000, "closes_at": now + 7 * DAY, "max_turnover": 1000}),
    )
    .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["max_turnover"], 1000);
    let (status, o) = order(emile, &cycle, &pickup, &variant, 1).await;
    assert_eq!(status, 200, "shrinking is always allowed: {o}");
    assert_eq!(o["total"], 450);
    assert_eq!(order(fanny, &cycle, &pickup, &variant, 1).await.0, 422);
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    assert_eq!(c["state"], "open", "shrinking reaches no cap: {c}");

    // Orders: at most 2; lowered to 1 once 2 are placed.
    let (cycle, pickup) = capped_cycle(
        &hub,
        &shop,
        &farm,
        &variant,
        "Semaine 50",
        json!({"max_orders": 3}),
    )
    .await;
    assert_eq!(order(dmitri, &cycle, &pickup, &variant, 2).await.0, 200);
    assert_eq!(order(emile, &cycle, &pickup, &variant, 2).await.0, 200);
    let now = now_ms();
    let (status, _) = patch(
        chloe,
        &cycle,
        json!({"name": "Semaine 50", "opens_at": now - 1000, "closes_at": now + 7 * DAY, "max_orders": 2}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, answer) = order(fanny, &cycle, &pickup, &variant, 1).await;
    assert_eq!(status, 422);
    refused(&answer, "error-cap-orders");
    assert_eq!(
        answer["errors"][0]["message"],
        "This cycle has reached its maximum number of orders."
    );
    // Its members change their orders, bigger or smaller: no new order.
    assert_eq!(order(dmitri, &cycle, &pickup, &variant, 3).await.0, 200);
    assert_eq!(order(emile, &cycle, &pickup, &variant, 1).await.0, 200);
    // The form says it in French, and nothing is held.
    let browser = &hub.people[4].browser;
    browser
        .post_form("/lang", &[("lang", "fr"), ("next", "/market")])
        .await;
    let response = browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[(&format!("q_{variant}"), "1"), ("pickup_id", &pickup)],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Ce cycle a atteint son nombre maximal de commandes."),
        "{page}"
    );
    assert!(
        page.contains("Au plus 2 commandes dans ce cycle."),
        "{page}"
    );
    assert_eq!(wallet(fanny).await["available"], 10000, "nothing held");

    // A product: at most 5 tomatoes in the cycle.
    let (cycle, pickup) = capped_cycle(&hub, &shop, &farm, &variant, "Semaine 51", json!({})).await;
    let now = now_ms();
    let (status, c) = patch(
        chloe,
        &cycle,
        json!({"name": "Semaine 51", "opens_at": now - 1000, "closes_at": now + 7 * DAY,
               "variant_caps": [{"variant_id": variant, "max_quantity": 5}]}),
    )
    .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["variant_caps"][0]["max_quantity"], 5);
    assert_eq!(order(dmitri, &cycle, &pickup, &variant, 3).await.0, 200);
    let (status, answer) = order(emile, &cycle, &pickup, &variant, 3).await;
    assert_eq!(status, 422);
    refused(&answer, "error-cap-product");
    // The shop front says what is left, in French.
    let page = browser.text(&format!("/market/cycles/{cycle}")).await;
    assert!(page.contains("Plus que 2 dans ce cycle"), "{page}");
    assert!(
        !page.contains("restants"),
        "the stock, larger, not said too: {page}"
    );
    let response = browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[(&format!("q_{variant}"), "3"), ("pickup_id", &pickup)],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Il ne reste pas autant d’un produit dans ce cycle"),
        "{page}"
    );
    // Dmitri shrinks his order; offering the product again keeps its cap.
    assert_eq!(order(dmitri, &cycle, &pickup, &variant, 1).await.0, 200);
    join_cycle(chloe, &cycle, &farm, &hub.people[1].api, &[&variant]).await;
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    assert_eq!(c["variant_caps"][0]["max_quantity"], 5, "{c}");
    assert_eq!(c["variant_caps"][0]["ordered"], 1, "{c}");
    assert_eq!(order(emile, &cycle, &pickup, &variant, 3).await.0, 200);
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    assert_eq!(c["state"], "open", "4 of 5: not reached");
    kernel::money::check(&app.db).await.unwrap();
}

async fn reaching_a_cap_closes_the_cycle_early_and_takes_the_money(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri", "Emile", "Fanny"])
        .wallet(2, "100")
        .wallet(3, "100")
        .wallet(4, "100")
        .build()
        .await;
    let [chloe, dmitri, emile, fanny] = [0, 2, 3, 4].map(|i| &hub.people[i].api);
    let (shop, farm, variant) = farm_and_shop(&hub, 100).await;
    let farm_before = balance(app, kernel::money::Owner::Organisation(&farm)).await;

    // Two orders at most: the second closes the cycle.
    let (cycle, pickup) = capped_cycle(
        &hub,
        &shop,
        &farm,
        &variant,
        "Semaine 49",
        json!({"max_orders": 2}),
    )
    .await;
    let (status, d) = order(dmitri, &cycle, &pickup, &variant, 2).await;
    assert_eq!(status, 200, "{d}");
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    assert_eq!(c["state"], "open", "one order: not reached");
    let (status, e) = order(emile, &cycle, &pickup, &variant, 1).await;
    assert_eq!(status, 200, "{e}");
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    assert_eq!(c["state"], "closed", "{c}");
    assert_eq!(c["closed_early"], true);
    // The closing job takes each order's money, as at a normal close.
    wait_captured(app, &cycle, 2).await;
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await - farm_before,
        3 * 450
    );
    for (api, o) in [(dmitri, &d), (emile, &e)] {
        let (_, o) = api
            .get(&format!(
                "/api/v1/market/orders/{}",
                o["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(o["captured"], true, "{o}");
        assert_eq!(
            wallet(api).await["balance"].as_i64().unwrap(),
            10000 - o["to_pay"].as_i64().unwrap()
        );
    }
    let (status, problem) = order(fanny, &cycle, &pickup, &variant, 1).await;
    assert_eq!(status, 409);
    assert_eq!(problem["type"], "urn:freeco:problem:market-cycle-closed");
    let (status, _) = dmitri
        .post(
            &format!("/api/v1/market/orders/{}/cancel", d["id"].as_str().unwrap()),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "no cancel once closed");
    // The shop front says why, in French.
    let browser = &hub.people[4].browser;
    browser
        .post_form("/lang", &[("lang", "fr"), ("next", "/market")])
        .await;
    let page = browser.text(&format!("/market/cycles/{cycle}")).await;
    assert!(page.contains("Clos en avance : plafond atteint."), "{page}");
    // The job runs again (the closing time's own job, a restart): nothing
    // more is taken.
    market::orders::close(&app.db, &cycle).await.unwrap();
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await - farm_before,
        3 * 450
    );

    // Turnover reached exactly: 9 € of tomatoes.
    let (cycle, pickup) = capped_cycle(
        &hub,
        &shop,
        &farm,
        &variant,
        "Semaine 50",
        json!({"max_turnover": 900}),
    )
    .await;
    assert_eq!(order(fanny, &cycle, &pickup, &variant, 1).await.0, 200);
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    assert_eq!(c["state"], "open");
    assert_eq!(order(fanny, &cycle, &pickup, &variant, 2).await.0, 200);
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    assert_eq!(c["state"], "closed", "{c}");
    wait_captured(app, &cycle, 1).await;
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await - farm_before,
        5 * 450
    );

    // Every product capped and all taken: nothing left to sell.
    let (cycle, pickup) = capped_cycle(&hub, &shop, &farm, &variant, "Semaine 51", json!({})).await;
    let now = now_ms();
    let (status, _) = patch(
        chloe,
        &cycle,
        json!({"name": "Semaine 51", "opens_at": now - 1000, "closes_at": now + 7 * DAY,
               "variant_caps": [{"variant_id": variant, "max_quantity": 4}]}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(order(dmitri, &cycle, &pickup, &variant, 4).await.0, 200);
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    assert_eq!(c["state"], "closed", "{c}");
    assert_eq!(c["closed_early"], true);
    wait_captured(app, &cycle, 1).await;
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await - farm_before,
        9 * 450
    );
    kernel::money::check(&app.db).await.unwrap();
}

async fn fifty_buyers_race_for_a_cycle_capped_at_ten_orders(app: &TestApp) {
    let hub = app
        .collective("Coop du quartier", "cooperative")
        .people(&["Chloé", "Alice"])
        .build()
        .await;
    let (shop, farm, variant) = farm_and_shop(&hub, 1000).await;
    let (cycle, pickup) = capped_cycle(
        &hub,
        &shop,
        &farm,
        &variant,
        "Semaine 49",
        json!({"max_orders": 10}),
    )
    .await;
    let racers = app.buyers(50, "20").await;
    let mut race = tokio::task::JoinSet::new();
    for api in racers {
        let (cycle, pickup, variant) = (cycle.clone(), pickup.clone(), variant.clone());
        race.spawn(async move {
            let (status, answer) = order(&api, &cycle, &pickup, &variant, 1).await;
            let wallet = wallet(&api).await;
            (status, answer, wallet)
        });
    }
    let mut sold = 0;
    while let Some(done) = race.join_next().await {
        let (status, answer, wallet) = done.unwrap();
        match status {
            200 => sold += 1,
            409 => {
                assert_eq!(answer["type"], "urn:freeco:problem:market-cycle-closed");
                assert_eq!(wallet["balance"], 2000, "refused: nothing taken");
                assert_eq!(wallet["available"], 2000, "refused: nothing held");
            }
            422 => {
                refused(&answer, "error-cap-orders");
                assert_eq!(wallet["available"], 2000, "refused: nothing held");
            }
            other => panic!("{other}: {answer}"),
        }
    }
    assert_eq!(sold, 10, "exactly the ten orders");
    let (_, c) = hub.people[0]
        .api
        .get(&format!("/api/v1/market/cycles/{cycle}"))
        .await;
    assert_eq!(c["state"], "closed", "{c}");
    assert_eq!(c["closed_early"], true);
    wait_captured(app, &cycle, 10).await;
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await,
        10 * 450
    );
    kernel::money::check(&app.db).await.unwrap();
}

async fn absurd_caps_are_refused_and_nothing_is_saved(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice"])
        .build()
        .await;
    let chloe = &hub.people[0].api;
    let (shop, farm, variant) = farm_and_shop(&hub, 10).await;
    let now = now_ms();
    let base = json!({"name": "Semaine 49", "opens_at": now - 1000, "closes_at": now + 7 * DAY});
    let with = |extra: Value| {
        let mut v = base.clone();
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    };
    for (extra, code) in [
        (json!({"max_orders": 0}), "error-cap-max-orders"),
        (json!({"max_orders": -3}), "error-cap-max-orders"),
        (json!({"max_orders": 1_000_000_000}), "error-cap-max-orders"),
        (json!({"max_turnover": 0}), "error-cap-max-turnover"),
        (json!({"max_turnover": -100}), "error-cap-max-turnover"),
        (
            json!({"max_turnover": 9_000_000_000_000_i64}),
            "error-cap-max-turnover",
        ),
        (json!({"remind_hours": -1}), "error-cycle-remind-hours"),
        (json!({"remind_hours": 100_000}), "error-cycle-remind-hours"),
        (
            json!({"variant_caps": [{"variant_id": variant, "max_quantity": 2}]}),
            "error-variant-not-in-cycle",
        ),
    ] {
        let (status, answer) = chloe
            .post(
                &format!("/api/v1/market/shops/{shop}/cycles"),
                with(extra.clone()),
            )
            .await;
        assert_eq!(status, 422, "{extra}: {answer}");
        refused(&answer, code);
    }
    let (_, cycles) = chloe
        .get(&format!("/api/v1/market/shops/{shop}/cycles"))
        .await;
    assert_eq!(cycles, json!([]), "nothing saved");
    // A cycle's changes: a product cap of 0, of a product it does not offer.
    let (cycle, _) = capped_cycle(&hub, &shop, &farm, &variant, "Semaine 49", json!({})).await;
    for (caps, code) in [
        (
            json!([{"variant_id": variant, "max_quantity": 0}]),
            "error-cap-max-quantity",
        ),
        (
            json!([{"variant_id": variant, "max_quantity": -1}]),
            "error-cap-max-quantity",
        ),
        (
            json!([{"variant_id": variant, "max_quantity": 5_000_000}]),
            "error-cap-max-quantity",
        ),
        (
            json!([{"variant_id": "nope", "max_quantity": 2}]),
            "error-variant-not-in-cycle",
        ),
    ] {
        let (status, answer) = patch(
            chloe,
            &cycle,
            with(json!({"name": "Renommé", "max_orders": 4, "variant_caps": caps})),
        )
        .await;
        assert_eq!(status, 422, "{answer}");
        refused(&answer, code);
    }
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    assert_eq!(c["name"], "Semaine 49", "nothing half-saved: {c}");
    assert_eq!(c["max_orders"], Value::Null);
    assert_eq!(c["variant_caps"], json!([]));
    // The form, in French: a negative turnover, a product cap that is not a number.
    let browser = &hub.people[0].browser;
    browser
        .post_form("/lang", &[("lang", "fr"), ("next", "/market")])
        .await;
    let response = browser
        .post_form(
            &format!("/market/shops/{shop}"),
            &[
                ("name", "Semaine 52"),
                ("opens_at", "2030-01-01T10:00"),
                ("closes_at", "2030-01-08T10:00"),
                ("max_turnover", "-3"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Un chiffre d’affaires maximal est un montant de 0,01 € à 10 000 000 €"),
        "{page}"
    );
    let response = browser
        .post_form(
            &format!("/market/cycles/{cycle}/edit"),
            &[
                ("name", "Semaine 49"),
                ("opens_at", "2030-01-01T10:00"),
                ("closes_at", "2030-01-08T10:00"),
                (&format!("cap_{variant}"), "beaucoup"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Le maximum d’un produit est un nombre entier"),
        "{page}"
    );
    // The form sets the caps: 12,50 € and 3 tomatoes.
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    let tz: String = sqlx::query_scalar("SELECT time_zone FROM members WHERE id = $1")
        .bind(&hub.people[0].id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let local = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::get(&tz).unwrap())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let (opens, closes) = (
        local(c["opens_at"].as_i64().unwrap()),
        local(c["closes_at"].as_i64().unwrap()),
    );
    let response = browser
        .post_form(
            &format!("/market/cycles/{cycle}/edit"),
            &[
                ("name", "Semaine 49"),
                ("opens_at", &opens),
                ("closes_at", &closes),
                ("max_turnover", "12,50"),
                ("remind_hours", "6"),
                (&format!("cap_{variant}"), "3"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    assert_eq!(c["max_turnover"], 1250, "{c}");
    assert_eq!(c["remind_hours"], 6);
    assert_eq!(c["variant_caps"][0]["max_quantity"], 3);
    // The page that runs the cycle shows them, ready to change.
    let page = browser
        .text(&format!("/market/cycles/{cycle}/manage"))
        .await;
    assert!(page.contains("Plafonds (facultatifs)"), "{page}");
    assert!(
        page.contains(&format!("name=\"cap_{variant}\" type=\"number\" min=\"1\" max=\"1000000\" inputmode=\"numeric\" value=\"3\"")),
        "{page}"
    );
    assert!(page.contains("value=\"12,50\""), "{page}");
    // The API documents the caps and their refusals.
    let spec: Value = reqwest::get(app.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schemas = &spec["components"]["schemas"];
    assert!(schemas["VariantCap"].is_object() && schemas["VariantCapInput"].is_object());
    assert!(schemas["CycleInput"]["properties"]["max_turnover"].is_object());
    let cycles = &spec["paths"]["/api/v1/market/shops/{id}/cycles"]["post"]["responses"];
    assert!(cycles["422"].is_object(), "{cycles}");
    let cycle = &spec["paths"]["/api/v1/market/cycles/{id}"]["patch"]["responses"];
    assert!(cycle["422"].is_object(), "{cycle}");
    let replace = &spec["paths"]["/api/v1/market/cycles/{id}/order"]["put"]["responses"];
    assert!(replace["422"].is_object(), "{replace}");
}

/// A mail's text, its quoted-printable undone.
fn decoded(mail: &str) -> String {
    let text = mail.replace("=\r\n", "").replace("=\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The mails to `to` that contain `needle`, as they are now.
fn mails(app: &TestApp, to: &str, needle: &str) -> Vec<String> {
    std::fs::read_dir(&app.mail_dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| decoded(&std::fs::read_to_string(e.path()).unwrap_or_default()))
                .filter(|t| t.contains(&format!("To: {to}")) && t.contains(needle))
                .collect()
        })
        .unwrap_or_default()
}

/// Waits for a mail to `to` that contains `needle`.
async fn mail(app: &TestApp, to: &str, needle: &str) -> String {
    for _ in 0..200 {
        if let Some(m) = mails(app, to, needle).pop() {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no mail to {to} containing {needle}");
}

async fn the_reminder_goes_once_to_the_right_members_and_follows_the_close(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri", "Emile", "Fanny", "Hugo"])
        .wallet(2, "100")
        .wallet(3, "100")
        .wallet(4, "100")
        .wallet(5, "100")
        .build()
        .await;
    let [chloe, dmitri, emile, hugo] = [0, 2, 3, 5].map(|i| &hub.people[i].api);
    let (shop, farm, variant) = farm_and_shop(&hub, 100).await;
    // Last week's cycle: Dmitri, Emile and Hugo ordered; Fanny did not.
    let (last, pickup) = capped_cycle(&hub, &shop, &farm, &variant, "Semaine 48", json!({})).await;
    for api in [dmitri, emile, hugo] {
        assert_eq!(order(api, &last, &pickup, &variant, 1).await.0, 200);
    }
    let (status, _) = chloe
        .post(&format!("/api/v1/market/cycles/{last}/close"), json!({}))
        .await;
    assert_eq!(status, 200);
    // Hugo wants no mail about cycles closing.
    let (status, answer) = hugo
        .call(
            reqwest::Method::PUT,
            "/api/v1/me/notification-preferences",
            Some(json!({"preferences": [{"kind": "cycle_closing", "delivery": "app"}]})),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    // This week's: reminded 24 h before its close, in six days.
    let (cycle, pickup) = capped_cycle(&hub, &shop, &farm, &variant, "Semaine 49", json!({})).await;
    let (status, o) = order(dmitri, &cycle, &pickup, &variant, 2).await;
    assert_eq!(status, 200, "{o}");
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    assert_eq!(c["remind_hours"], 24);
    let closes_at = c["closes_at"].as_i64().unwrap();
    let scheduled: Vec<i64> =
        sqlx::query_scalar("SELECT run_at FROM jobs WHERE kind = $1 AND payload LIKE $2")
            .bind(market::shops::JOB_REMIND)
            .bind(format!("%{cycle}%"))
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert_eq!(scheduled, vec![closes_at - 24 * 3_600_000]);
    // Nothing yet: the job of a time to come does nothing if run early.
    market::reminders::remind(&app.db, &cycle).await.unwrap();
    let reminded: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM market_cycle_reminders WHERE cycle_id = $1")
            .bind(&cycle)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(reminded, 0);
    // The close moves to two hours from now: the reminder is due at once.
    let now = now_ms();
    let closes_at = now + 2 * 3_600_000;
    let (status, c) = patch(
        chloe,
        &cycle,
        json!({"name": "Semaine 49", "opens_at": c["opens_at"], "closes_at": closes_at}),
    )
    .await;
    assert_eq!(status, 200, "{c}");
    let scheduled: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = $1 AND payload LIKE $2")
            .bind(market::shops::JOB_REMIND)
            .bind(format!("%{cycle}%"))
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(scheduled, 2, "a job for the new time");
    // Dmitri: his order, its total, its pickup, until when, in his zone.
    let tz: String = sqlx::query_scalar("SELECT time_zone FROM members WHERE id = $1")
        .bind(&hub.people[2].id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let until = kernel::l10n::date_time(kernel::i18n::Lang::En, closes_at, &tz);
    let text = mail(
        app,
        "dmitri@example.org",
        "Your order at Épicerie de l'AMAP · Semaine 49",
    )
    .await;
    let to_pay = kernel::l10n::money(kernel::i18n::Lang::En, o["to_pay"].as_i64().unwrap(), "EUR");
    assert!(text.contains(&to_pay), "{to_pay} in {text}");
    assert!(text.contains("to collect at Salle des fêtes on "), "{text}");
    assert!(
        text.contains(&format!("You can change it until {until}")),
        "{until} in {text}"
    );
    // Emile ordered last week, not this one.
    mail(
        app,
        "emile@example.org",
        &format!("Épicerie de l'AMAP · Semaine 49 takes orders until {until}"),
    )
    .await;
    // The job runs again (its first time's job, a restart): no one twice.
    market::reminders::remind(&app.db, &cycle).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(mails(app, "dmitri@example.org", "Semaine 49").len(), 1);
    assert_eq!(mails(app, "emile@example.org", "Semaine 49").len(), 1);
    // Fanny never ordered; Hugo chose no mail (the bell still tells him).
    assert!(mails(app, "fanny@example.org", "Semaine 49").is_empty());
    assert!(mails(app, "hugo@example.org", "Semaine 49").is_empty());
    let texts = hugo.notification_texts().await;
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Semaine 49 takes orders until")),
        "{texts:?}"
    );
    let reminded: Vec<String> = sqlx::query_scalar(
        "SELECT member_id FROM market_cycle_reminders WHERE cycle_id = $1 ORDER BY member_id",
    )
    .bind(&cycle)
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    let mut expected: Vec<String> = [2, 3, 5].map(|i| hub.people[i].id.clone()).to_vec();
    expected.sort();
    assert_eq!(reminded, expected);
    // The member's export lists it.
    let (_, export) = dmitri.get("/api/v1/me/export").await;
    assert_eq!(
        export["market"]["cycle_reminders"][0]["cycle_id"],
        cycle.as_str()
    );
}
