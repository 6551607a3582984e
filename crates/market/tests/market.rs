//! Direct sales through HTTP, on SQLite and PostgreSQL: sellers and their
//! catalogues, a hub's order cycle with two producers, fees and a pickup
//! point; orders paid from wallets, their stock and money held at
//! checkout, their prices frozen; the close that splits every euro; who
//! may do what; bad input; 200 buyers racing for the last 10 units.

mod common;

use common::*;
use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms, on_both_databases};

on_both_databases!(
    a_hub_sells_two_producers_and_every_euro_is_split,
    two_hundred_buyers_race_for_the_last_ten_units,
    a_cancelled_order_gives_back_its_stock_and_money,
    bad_input_is_refused_and_nothing_is_half_saved,
    only_those_who_run_it_change_a_shop_or_see_an_order,
    export_and_erasure_cover_the_orders,
    a_catalogue_comes_and_goes_as_csv_all_or_nothing,
    a_catalogue_comes_and_goes_as_dfc_all_or_nothing,
    members_find_products_near_them_by_name_label_and_claim,
    one_order_changed_or_cancelled_at_once_moves_stock_and_money_once,
    each_seller_invoices_what_it_sold_as_valid_factur_x,
    invoices_taken_at_once_keep_their_series_without_gaps,
    what_was_missing_is_refunded_with_a_credit_note_and_leftovers_are_given,
    a_replaced_item_refunds_what_it_is_worth_less_from_the_same_producer,
    a_producer_sees_what_to_bring_to_each_hub,
    buyers_racing_by_card_for_the_last_unit_have_their_card_refunded_when_they_lose,
    time_slots_take_their_capacity_and_free_it,
    buyers_racing_for_a_time_slot_get_exactly_its_places,
    home_delivery_within_its_zone_pays_its_fee_to_the_shop,
    a_short_wallet_pays_by_card_once_and_only_what_the_order_needs,
    an_order_nobody_collects_is_paid_after_its_distribution_once,
    a_farm_selling_alone_is_paid_its_goods_and_fees_and_invoices_both,
    another_hub_distributes_the_cycle_with_its_own_offer_pickups_and_fees,
);

async fn a_hub_sells_two_producers_and_every_euro_is_split(app: &TestApp) {
    let amap = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Dmitri", "Émile", "Alice", "Bruno"])
        .wallet(1, "50")
        .wallet(2, "50")
        .build()
        .await;
    let [chloe, dmitri, emile, alice, bruno] = [0, 1, 2, 3, 4].map(|i| &amap.people[i].api);
    // Alice's farm charges VAT; Bruno's hen house is under the franchise.
    let farm = seller(
        alice,
        "Ferme des Lilas",
        SIRETS[0],
        Some("FR 83 404 833 048"),
    )
    .await;
    let hens = seller(bruno, "Poulailler de Bruno", SIRETS[1], None).await;
    let (status, s) = alice.get(&format!("/api/v1/market/sellers/{farm}")).await;
    assert_eq!(status, 200);
    assert_eq!(s["vat_number"], "FR83404833048");
    assert_eq!(s["siret"], SIRETS[0]);
    assert_eq!(s["claims"], json!(["environment", "pay_equity"]));
    let tomato = product(alice, &farm, tomatoes(20)).await;
    let tomato_v = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(tomato["organic_label"], "ab");
    let egg = product(bruno, &hens, eggs()).await;
    let egg_v = egg["variants"][0]["id"].as_str().unwrap().to_owned();

    let (_, cycle, pickup) = hub_cycle(chloe, &amap.id, Some(2)).await;
    // Alice brings her tomatoes herself. The hub invites Bruno's hen house;
    // it chooses his eggs only once Bruno accepted to take part.
    join_cycle(chloe, &cycle, &farm, alice, &[&tomato_v]).await;
    let (status, c) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/sellers"),
            json!({"seller_id": hens}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(
        c["sellers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == hens.as_str())
            .unwrap()["accepted"],
        false
    );
    let offer_eggs = json!({"variant_ids": [egg_v.clone()]});
    let (status, problem) = chloe
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/cycles/{cycle}/sellers/{hens}/offer"),
            Some(offer_eggs.clone()),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-seller-not-accepted");
    let (status, _) = alice
        .post(
            &format!("/api/v1/market/cycles/{cycle}/sellers/{hens}/accept"),
            json!({}),
        )
        .await;
    assert_eq!(status, 403, "only the hen house's administrators accept");
    // Bruno offering what is not his: refused, and accepting nothing.
    let (status, problem) = bruno
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/cycles/{cycle}/sellers/{hens}/offer"),
            Some(json!({"variant_ids": [tomato_v.clone()]})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-variant-not-theirs");
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    let taking_part = c["sellers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == hens.as_str())
        .unwrap();
    assert_eq!(taking_part["accepted"], false, "{c}");
    let (status, _) = bruno
        .post(
            &format!("/api/v1/market/cycles/{cycle}/sellers/{hens}/accept"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, c) = chloe
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/cycles/{cycle}/sellers/{hens}/offer"),
            Some(offer_eggs.clone()),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    // Fees: Alice's packing per item; the hub's admin percentage, its
    // transport per kg and a fundraising per order without VAT.
    for (by, fee) in [
        (
            alice,
            json!({"seller_id": farm, "name": "Cagettes", "kind": "packing", "calculator": "per_item", "amount": 20}),
        ),
        (
            chloe,
            json!({"name": "Gestion", "kind": "admin", "calculator": "percent", "amount": 500}),
        ),
        (
            chloe,
            json!({"name": "Camionnette", "kind": "transport", "calculator": "per_kg", "amount": 30}),
        ),
        (
            chloe,
            json!({"name": "Caisse de solidarité", "kind": "fundraising", "calculator": "per_order", "amount": 100, "vat_rate": 0}),
        ),
    ] {
        let (status, c) = by
            .post(&format!("/api/v1/market/cycles/{cycle}/fees"), fee)
            .await;
        assert_eq!(status, 200, "{c}");
    }

    // Before the basket, each product shows its price with every fee.
    let (status, offer) = dmitri
        .get(&format!("/api/v1/market/cycles/{cycle}/offer"))
        .await;
    assert_eq!(status, 200, "{offer}");
    let tomato_offer = offer
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["product"]["id"] == tomato["id"])
        .unwrap();
    let unit = &tomato_offer["variants"][0];
    // 4.50 + packing 0.20 + admin 5 % (0.225 → 0.23) + transport 1 kg × 0.30.
    assert_eq!(unit["price_with_fees"], 523, "{unit}");
    assert_eq!(unit["fees"].as_array().unwrap().len(), 3);
    assert_eq!(tomato_offer["seller_name"], "Ferme des Lilas");
    let egg_offer = offer
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["product"]["id"] == egg["id"])
        .unwrap();
    assert_eq!(egg_offer["variants"][0]["vat_rate"], 0, "franchise: no VAT");

    // Dmitri orders 3 kg of tomatoes and 2 boxes of eggs.
    let order = json!({"pickup_id": pickup, "lines": [{"variant_id": tomato_v, "quantity": 3}, {"variant_id": egg_v, "quantity": 2}]});
    let (status, o) = dmitri
        .post(&format!("/api/v1/market/cycles/{cycle}/order"), order)
        .await;
    assert_eq!(status, 200, "{o}");
    // Goods 21.30; fees: packing 0.60, admin 0.68 + 0.39, transport 0.90 +
    // 0.22 (720 g), fundraising 1.00; the platform's 5 % on top, rounded up.
    assert_eq!(o["items"], 2130, "{o}");
    assert_eq!(o["fees"], 379, "{o}");
    assert_eq!(o["total"], 2509, "{o}");
    assert_eq!(o["platform_fee"], 126, "{o}");
    assert_eq!(o["to_pay"], 2635, "{o}");
    let shares: Vec<(String, i64)> = o["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_owned(),
                s["amount"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(
        shares.contains(&("Ferme des Lilas".into(), 1410)),
        "{shares:?}"
    );
    assert!(
        shares.contains(&("Poulailler de Bruno".into(), 780)),
        "{shares:?}"
    );
    assert!(
        shares.contains(&("AMAP des Lilas".into(), 319)),
        "{shares:?}"
    );
    let order_id = o["id"].as_str().unwrap().to_owned();
    // The money is held, not spent yet; the stock is taken.
    let w = wallet(dmitri).await;
    assert_eq!(
        (w["balance"].as_i64(), w["available"].as_i64()),
        (Some(5000), Some(5000 - 2635)),
        "{w}"
    );
    let (_, t) = alice
        .get(&format!(
            "/api/v1/market/products/{}",
            tomato["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(t["variants"][0]["stock"], 17);

    // Ordering again adds to the same order; the price is the one frozen
    // at checkout even when the farm raises it.
    let mut raised = tomatoes(17);
    raised["variants"][0]["id"] = json!(tomato_v);
    raised["variants"][0]["price"] = json!(500);
    let (status, _) = alice
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/market/products/{}", tomato["id"].as_str().unwrap()),
            Some(raised),
        )
        .await;
    assert_eq!(status, 200);
    let again = json!({"pickup_id": pickup, "lines": [{"variant_id": tomato_v, "quantity": 1}]});
    let (status, o) = dmitri
        .post(&format!("/api/v1/market/cycles/{cycle}/order"), again)
        .await;
    assert_eq!(status, 200, "{o}");
    assert_eq!(o["id"], order_id.as_str(), "one order per member and cycle");
    let line = o["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["variant_id"] == tomato_v.as_str())
        .unwrap();
    assert_eq!(
        (line["quantity"].as_i64(), line["unit_price"].as_i64()),
        (Some(4), Some(450))
    );
    let (_, mine) = dmitri.get("/api/v1/me/market/orders").await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    // Back to 3 kg: the extra kilo goes back to the stock.
    let back = json!({"pickup_id": pickup, "lines": [{"variant_id": tomato_v, "quantity": 3}, {"variant_id": egg_v, "quantity": 2}]});
    let (status, o) = dmitri
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/cycles/{cycle}/order"),
            Some(back),
        )
        .await;
    assert_eq!(status, 200, "{o}");
    assert_eq!(o["to_pay"], 2635);
    assert_eq!(wallet(dmitri).await["available"], 5000 - 2635);

    // Émile takes the pickup point's second place; a third buyer finds it full.
    let e_order = json!({"pickup_id": pickup, "lines": [{"variant_id": egg_v, "quantity": 1}]});
    let (status, e) = emile
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            e_order.clone(),
        )
        .await;
    assert_eq!(status, 200, "{e}");
    let (status, problem) = chloe
        .post(&format!("/api/v1/market/cycles/{cycle}/order"), e_order)
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        problem["errors"][0]["code"], "error-pickup-full",
        "{problem}"
    );
    // Three more members take a box of eggs each at a second pickup point.
    let now = now_ms();
    let (status, c) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/pickups"),
            json!({"place": "Marché du samedi", "starts_at": now + 9 * DAY, "ends_at": now + 9 * DAY + 3_600_000}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let saturday = c["pickups"][1]["id"].as_str().unwrap().to_owned();
    for buyer in app.buyers(3, "20").await {
        let body = json!({"pickup_id": saturday, "lines": [{"variant_id": egg_v, "quantity": 1}]});
        let (status, o) = buyer
            .post(&format!("/api/v1/market/cycles/{cycle}/order"), body)
            .await;
        assert_eq!(status, 200, "{o}");
        assert_eq!(o["to_pay"], 548);
    }

    // What to prepare: the hub sees every producer's quantities and the
    // buyers' names; Bruno his eggs, by order number; a buyer nothing.
    let (status, prep) = chloe
        .get(&format!("/api/v1/market/cycles/{cycle}/preparation"))
        .await;
    assert_eq!(status, 200, "{prep}");
    let total: Vec<(String, i64)> = prep["total"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["product_name"].as_str().unwrap().to_owned(),
                q["quantity"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        total,
        [("Tomates rondes".to_owned(), 3), ("Œufs".to_owned(), 6)]
    );
    let labels = prep["pickups"][0]["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 2);
    assert_eq!(prep["pickups"][1]["labels"].as_array().unwrap().len(), 3);
    assert_eq!(prep["pickups"][1]["quantities"][0]["quantity"], 3);
    assert!(
        labels
            .iter()
            .any(|l| l["buyer"] == "Dmitri" && l["lines"].as_array().unwrap().len() == 2),
        "{prep}"
    );
    let (_, prep) = bruno
        .get(&format!("/api/v1/market/cycles/{cycle}/preparation"))
        .await;
    assert_eq!(prep["total"].as_array().unwrap().len(), 1, "{prep}");
    assert_eq!(prep["total"][0]["product_name"], "Œufs");
    assert_eq!(prep["pickups"][0]["labels"][0]["buyer"], Value::Null);
    let (status, _) = dmitri
        .get(&format!("/api/v1/market/cycles/{cycle}/preparation"))
        .await;
    assert_eq!(status, 403);
    let sheet = amap.people[0]
        .browser
        .text(&format!("/market/cycles/{cycle}/preparation.csv"))
        .await;
    assert!(
        sheet.starts_with("pickup,order,buyer,producer,product,unit,size,quantity"),
        "{sheet}"
    );
    assert!(
        sheet.contains(",Dmitri,Ferme des Lilas,Tomates rondes,g,1000,3"),
        "{sheet}"
    );

    // The close takes each order's money and splits it in one batch.
    let (status, c) = chloe
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["state"], "closed");
    let w = wallet(dmitri).await;
    assert_eq!(
        (w["balance"].as_i64(), w["available"].as_i64()),
        (Some(5000 - 2635), Some(5000 - 2635))
    );
    // Each other box of eggs: 3.90 + admin 0.20 + transport 0.11 + 1.00 = 5.21.
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await,
        1410
    );
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&hens)).await,
        780 + 4 * 390
    );
    let hub = kernel::CollectiveId::from(amap.id.as_str());
    assert_eq!(
        balance(app, kernel::money::Owner::Treasury(&hub)).await,
        319 + 4 * 131
    );
    let (_, o) = dmitri
        .get(&format!("/api/v1/market/orders/{order_id}"))
        .await;
    assert_eq!(o["captured"], true);
    // Closed: no more orders, no cancelling.
    let (status, problem) = dmitri
        .post(
            &format!("/api/v1/market/orders/{order_id}/cancel"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "{problem}");
    let late = json!({"pickup_id": pickup, "lines": [{"variant_id": egg_v, "quantity": 1}]});
    let (status, problem) = dmitri
        .post(&format!("/api/v1/market/cycles/{cycle}/order"), late)
        .await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:market-cycle-closed");
    // Each order's split is in the transparency log, by kind of account,
    // with nothing of who bought, where or what.
    let entries = kernel::log::latest(&app.db, 1000).await.unwrap();
    let splits: Vec<Value> = entries
        .iter()
        .map(|e| serde_json::from_str::<Value>(&e.body).unwrap())
        .filter(|v| v["type"] == "market.split")
        .collect();
    assert_eq!(splits.len(), 5);
    let sum = |field: &str| {
        splits
            .iter()
            .map(|v| v[field].as_i64().unwrap())
            .sum::<i64>()
    };
    assert_eq!(
        [
            sum("sellers"),
            sum("hubs"),
            sum("platform"),
            sum("solidarity")
        ],
        [
            1410 + 780 + 4 * 390,
            319 + 4 * 131,
            101 + 4 * 22,
            25 + 4 * 5
        ]
    );
    for e in &entries {
        for secret in [
            cycle.as_str(),
            &order_id,
            &amap.id,
            &farm,
            "Dmitri",
            "Émile",
        ] {
            assert!(!e.body.contains(secret), "{secret} in {}", e.body);
        }
    }
    // Everyone sees where the money went, per cycle of 5 paid orders or more.
    let (status, report) = app.anonymous_api().get("/api/v1/market/transparency").await;
    assert_eq!(status, 200, "{report}");
    let shares = json!({"orders": 5, "paid": 2635 + 4 * 548, "producers": 1410 + 780 + 4 * 390,
        "shops": 319 + 4 * 131, "platform": 101 + 4 * 22, "solidarity": 25 + 4 * 5});
    assert_eq!(report["cycles"][0]["shares"], shares);
    assert_eq!(report["total"], shares);
    let page = reqwest::get(app.url("/market/transparency"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("77,69") && page.contains("37,50") && page.contains("48,27"),
        "{page}"
    );
    let transparency = reqwest::get(app.url("/transparency"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        transparency.contains("href=\"/market/transparency\""),
        "{transparency}"
    );
    // The farm sees what its sales brought in, and sends it to its bank
    // account: it leaves in the instance's next SEPA file.
    let (status, account) = alice
        .get(&format!("/api/v1/market/sellers/{farm}/account"))
        .await;
    assert_eq!(status, 200, "{account}");
    assert_eq!(account["balance"], 1410);
    assert_eq!(account["lines"][0]["code"], "market.order");
    let (status, _) = dmitri
        .get(&format!("/api/v1/market/sellers/{farm}/account"))
        .await;
    assert_eq!(status, 403, "the farm's account is its administrators'");
    let withdrawal = json!({"id": "week-49", "name": "EARL Ferme des Lilas", "iban": "FR76 3000 6000 0112 3456 7890 189", "amount": "14.10", "reason": "Ventes semaine 49"});
    let (status, _) = dmitri
        .post(
            &format!("/api/v1/market/sellers/{farm}/payouts"),
            withdrawal.clone(),
        )
        .await;
    assert_eq!(status, 403);
    let (status, payout) = alice
        .post(
            &format!("/api/v1/market/sellers/{farm}/payouts"),
            withdrawal,
        )
        .await;
    assert_eq!(status, 201, "{payout}");
    assert_eq!(payout["status"], "approved");
    kernel::members::set_admin(&app.db, "chloé@example.org", true)
        .await
        .unwrap();
    let today = jiff::Zoned::now().date().to_string();
    let (status, batch) = chloe
        .post("/api/v1/bank/batches", json!({"execution_date": today}))
        .await;
    assert_eq!(status, 201, "{batch}");
    let file = chloe
        .request(
            reqwest::Method::GET,
            &format!(
                "/api/v1/bank/batches/{}/pain.001.xml",
                batch["id"].as_str().unwrap()
            ),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        file.contains("<Nm>EARL Ferme des Lilas</Nm>")
            && file.contains("<InstdAmt Ccy=\"EUR\">14.10</InstdAmt>"),
        "{file}"
    );
    let (_, payouts) = alice
        .get(&format!("/api/v1/market/sellers/{farm}/payouts"))
        .await;
    assert_eq!(payouts[0]["status"], "batched", "{payouts}");
    // The ledger's invariants hold.
    kernel::money::check(&app.db).await.unwrap();
}

async fn two_hundred_buyers_race_for_the_last_ten_units(app: &TestApp) {
    let hub = app
        .collective("Coop du quartier", "cooperative")
        .people(&["Chloé", "Alice"])
        .build()
        .await;
    let [chloe, alice] = [0, 1].map(|i| &hub.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], Some("FR83404833048")).await;
    let tomato = product(alice, &farm, tomatoes(10)).await;
    let variant = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (_, cycle, pickup) = hub_cycle(chloe, &hub.id, None).await;
    join_cycle(chloe, &cycle, &farm, alice, &[&variant]).await;
    let racers = app.buyers(200, "20").await;
    let mut race = tokio::task::JoinSet::new();
    for api in racers {
        let (cycle, body) = (
            cycle.clone(),
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 1}]}),
        );
        race.spawn(async move {
            let (status, answer) = api
                .post(&format!("/api/v1/market/cycles/{cycle}/order"), body)
                .await;
            let wallet = wallet(&api).await;
            (status, answer, wallet)
        });
    }
    let mut sold = 0;
    while let Some(done) = race.join_next().await {
        let (status, answer, wallet) = done.unwrap();
        match status {
            200 => {
                sold += 1;
                assert_eq!(
                    wallet["available"].as_i64(),
                    Some(2000 - answer["to_pay"].as_i64().unwrap())
                );
            }
            422 => {
                assert_eq!(
                    answer["errors"][0]["code"], "error-out-of-stock",
                    "{answer}"
                );
                // Refused: nothing held.
                assert_eq!(wallet["available"], 2000, "{wallet}");
            }
            other => panic!("{other}: {answer}"),
        }
    }
    assert_eq!(sold, 10, "exactly the ten units are sold");
    let (_, t) = alice
        .get(&format!(
            "/api/v1/market/products/{}",
            tomato["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(t["variants"][0]["stock"], 0);
    let (_, c) = chloe.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    assert_eq!(c["pickups"][0]["orders"], 10);
    kernel::money::check(&app.db).await.unwrap();
}

async fn a_cancelled_order_gives_back_its_stock_and_money(app: &TestApp) {
    let hub = app
        .collective("AMAP", "amap")
        .people(&["Chloé", "Alice", "Dmitri"])
        .wallet(2, "30")
        .build()
        .await;
    let [chloe, alice, dmitri] = [0, 1, 2].map(|i| &hub.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], None).await;
    let tomato = product(alice, &farm, tomatoes(5)).await;
    let variant = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (_, cycle, pickup) = hub_cycle(chloe, &hub.id, Some(1)).await;
    join_cycle(chloe, &cycle, &farm, alice, &[&variant]).await;
    let body = json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 5}]});
    let (status, o) = dmitri
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            body.clone(),
        )
        .await;
    assert_eq!(status, 200, "{o}");
    // Under the franchise: 5 × 4.50 = 22.50, and the 5 % fee: 1.13.
    assert_eq!(
        (o["total"].as_i64(), o["to_pay"].as_i64()),
        (Some(2250), Some(2363))
    );
    assert_eq!(wallet(dmitri).await["available"], 3000 - 2363);
    let (status, c) = dmitri
        .post(
            &format!("/api/v1/market/orders/{}/cancel", o["id"].as_str().unwrap()),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["state"], "cancelled");
    assert_eq!(wallet(dmitri).await["available"], 3000);
    let (_, t) = alice
        .get(&format!(
            "/api/v1/market/products/{}",
            tomato["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(t["variants"][0]["stock"], 5);
    // The pickup point's place is free again, and a new order is a new one.
    let (status, again) = dmitri
        .post(&format!("/api/v1/market/cycles/{cycle}/order"), body)
        .await;
    assert_eq!(status, 200, "{again}");
    assert_ne!(again["id"], o["id"]);
    // A wallet too short for an order is said so, and nothing is taken.
    let (status, problem) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 1}]}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    kernel::money::check(&app.db).await.unwrap();
}

async fn bad_input_is_refused_and_nothing_is_half_saved(app: &TestApp) {
    let hub = app
        .collective("AMAP", "amap")
        .people(&["Chloé", "Alice", "Dmitri"])
        .wallet(2, "30")
        .build()
        .await;
    let [chloe, alice, dmitri] = [0, 1, 2].map(|i| &hub.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], Some("FR83404833048")).await;
    // A VAT number whose key does not match its SIREN.
    let (status, problem) = alice
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/sellers/{farm}"),
            Some(json!({"legal_name": "Ferme", "vat_number": "FR84404833048"})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "vat_number");
    let cases = [
        (json!({"vat_rate": 700}), "vat_rate", "error-vat-rate"),
        (
            json!({"category": "spaceships"}),
            "category",
            "error-product-category",
        ),
        (
            json!({"variants": [{"unit": "g", "size": 1000, "price": -5, "stock_mode": "unlimited"}]}),
            "variants",
            "error-variant-price",
        ),
        (
            json!({"variants": [{"unit": "g", "size": 1000, "price": 2000000000, "stock_mode": "unlimited"}]}),
            "variants",
            "error-variant-price",
        ),
        (
            json!({"variants": [{"unit": "g", "size": 1000, "price": 450, "stock_mode": "count", "stock": -1}]}),
            "variants",
            "error-variant-stock",
        ),
        (
            json!({"variants": [{"unit": "barrel", "size": 1, "price": 450, "stock_mode": "unlimited"}]}),
            "variants",
            "error-variant-unit",
        ),
        (
            json!({"variants": []}),
            "variants",
            "error-product-variants",
        ),
    ];
    for (change, field, code) in cases {
        let mut body = tomatoes(3);
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, problem) = alice
            .post(&format!("/api/v1/market/sellers/{farm}/products"), body)
            .await;
        assert_eq!(status, 422, "{change}: {problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    let (_, products) = alice
        .get(&format!("/api/v1/market/sellers/{farm}/products"))
        .await;
    assert_eq!(products, json!([]), "nothing half-saved");
    let tomato = product(alice, &farm, tomatoes(3)).await;
    let variant = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (_, cycle, pickup) = hub_cycle(chloe, &hub.id, None).await;
    join_cycle(chloe, &cycle, &farm, alice, &[&variant]).await;
    // A pickup point of another cycle; a product of no cycle; absurd
    // quantities; more than the stock; an empty order.
    let (_, other_cycle, other_pickup) = {
        let now = now_ms();
        let (status, c) = chloe
            .post(
                &format!("/api/v1/market/shops/{}/cycles", hub_shop(chloe).await),
                json!({"name": "Semaine 50", "opens_at": now - 1000, "closes_at": now + DAY}),
            )
            .await;
        assert_eq!(status, 201, "{c}");
        let id = c["id"].as_str().unwrap().to_owned();
        let (_, c) = chloe
            .post(
                &format!("/api/v1/market/cycles/{id}/pickups"),
                json!({"place": "Grange", "starts_at": now + 2 * DAY, "ends_at": now + 3 * DAY}),
            )
            .await;
        ((), id, c["pickups"][0]["id"].as_str().unwrap().to_owned())
    };
    let other_product = product(alice, &farm, eggs()).await;
    let other_variant = other_product["variants"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let orders = [
        (
            json!({"pickup_id": other_pickup, "lines": [{"variant_id": variant, "quantity": 1}]}),
            "pickup_id",
            "error-pickup-other-cycle",
        ),
        (
            json!({"pickup_id": pickup, "lines": [{"variant_id": other_variant, "quantity": 1}]}),
            "lines",
            "error-variant-not-in-cycle",
        ),
        (
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": -2}]}),
            "lines",
            "error-quantity",
        ),
        (
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 100000}]}),
            "lines",
            "error-quantity",
        ),
        (
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 4}]}),
            "lines",
            "error-out-of-stock",
        ),
        (
            json!({"pickup_id": pickup, "lines": []}),
            "lines",
            "error-order-empty",
        ),
    ];
    for (body, field, code) in orders {
        let (status, problem) = dmitri
            .post(
                &format!("/api/v1/market/cycles/{cycle}/order"),
                body.clone(),
            )
            .await;
        assert_eq!(status, 422, "{body}: {problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    let _ = other_cycle;
    assert_eq!(wallet(dmitri).await["available"], 3000, "nothing held");
    let (_, t) = alice
        .get(&format!(
            "/api/v1/market/products/{}",
            tomato["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(t["variants"][0]["stock"], 3, "nothing taken");
    // A cycle that closes before it opens; a fee of 80 %.
    let now = now_ms();
    let (status, problem) = chloe
        .post(
            &format!("/api/v1/market/shops/{}/cycles", hub_shop(chloe).await),
            json!({"name": "À l'envers", "opens_at": now, "closes_at": now - DAY}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-cycle-closes");
    let (status, problem) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/fees"),
            json!({"name": "Gourmand", "kind": "admin", "calculator": "percent", "amount": 8000}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-fee-amount");
    // The message says what is wrong, in the member's language.
    let (_, problem) = dmitri
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 4}]}),
        )
        .await;
    assert_eq!(
        problem["errors"][0]["message"],
        "Not enough “Tomates rondes” left in stock for this quantity."
    );
}

async fn hub_shop(api: &Api) -> String {
    let (_, shops) = api.get("/api/v1/market/shops").await;
    shops[0]["id"].as_str().unwrap().to_owned()
}

async fn only_those_who_run_it_change_a_shop_or_see_an_order(app: &TestApp) {
    let hub = app
        .collective("AMAP", "amap")
        .people(&["Chloé", "Alice", "Dmitri", "Ève"])
        .wallet(2, "30")
        .build()
        .await;
    let [chloe, alice, dmitri, eve] = [0, 1, 2, 3].map(|i| &hub.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], None).await;
    // Nobody but the farm's administrators speaks for it.
    let (status, _) = eve
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/sellers/{farm}"),
            Some(json!({"legal_name": "Volée"})),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = eve
        .post(
            &format!("/api/v1/market/sellers/{farm}/products"),
            tomatoes(1),
        )
        .await;
    assert_eq!(status, 403);
    let tomato = product(alice, &farm, tomatoes(5)).await;
    let (status, _) = eve
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/market/products/{}", tomato["id"].as_str().unwrap()),
            Some(tomatoes(99)),
        )
        .await;
    assert_eq!(status, 403);
    // Only the collective's coordinators open its shop and run its cycles.
    let (status, _) = dmitri
        .post(
            "/api/v1/market/shops",
            json!({"name": "Pirate", "collective_id": hub.id}),
        )
        .await;
    assert_eq!(status, 403);
    let variant = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (shop, cycle, pickup) = hub_cycle(chloe, &hub.id, None).await;
    let now = now_ms();
    let (status, _) = dmitri
        .post(
            &format!("/api/v1/market/shops/{shop}/cycles"),
            json!({"name": "Pirate", "opens_at": now, "closes_at": now + DAY}),
        )
        .await;
    assert_eq!(status, 403);
    for path in ["pickups", "fees", "sellers", "close"] {
        let (status, _) = dmitri
            .post(&format!("/api/v1/market/cycles/{cycle}/{path}"), json!({"place": "x", "seller_id": farm, "name": "x", "kind": "admin", "calculator": "percent", "amount": 1, "starts_at": now, "ends_at": now + 1}))
            .await;
        assert!(status == 403 || status == 422, "{path}: {status}");
    }
    join_cycle(chloe, &cycle, &farm, alice, &[&variant]).await;
    // A seller cannot put another seller's products in.
    let (status, _) = eve
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/cycles/{cycle}/sellers/{farm}/offer"),
            Some(json!({"variant_ids": []})),
        )
        .await;
    assert_eq!(status, 403);
    let (_, o) = dmitri
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 1}]}),
        )
        .await;
    let order = o["id"].as_str().unwrap();
    // Another member does not see Dmitri's order, nor cancel it; the shop sees it.
    let (status, _) = eve.get(&format!("/api/v1/market/orders/{order}")).await;
    assert_eq!(status, 404);
    let (status, _) = eve
        .post(&format!("/api/v1/market/orders/{order}/cancel"), json!({}))
        .await;
    assert_eq!(status, 404);
    let (status, _) = chloe.get(&format!("/api/v1/market/orders/{order}")).await;
    assert_eq!(status, 200);
    // Only the shop marks it collected, once the cycle is closed.
    let (status, _) = eve
        .post(
            &format!("/api/v1/market/orders/{order}/collected"),
            json!({}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = chloe
        .post(
            &format!("/api/v1/market/orders/{order}/collected"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409);
}

async fn export_and_erasure_cover_the_orders(app: &TestApp) {
    let hub = app
        .collective("AMAP", "amap")
        .people(&["Chloé", "Alice", "Dmitri"])
        .wallet(2, "30")
        .build()
        .await;
    let [chloe, alice, dmitri] = [0, 1, 2].map(|i| &hub.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], None).await;
    let tomato = product(alice, &farm, tomatoes(5)).await;
    let variant = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (_, cycle, pickup) = hub_cycle(chloe, &hub.id, None).await;
    join_cycle(chloe, &cycle, &farm, alice, &[&variant]).await;
    let (status, _) = dmitri
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 2}]}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, export) = dmitri.get("/api/v1/me/export").await;
    assert_eq!(status, 200);
    assert_eq!(
        export["market"]["orders"][0]["lines"][0]["quantity"], 2,
        "{export}"
    );
    // While an order holds money, the wallet is not empty: erasure waits.
    let (status, problem) = dmitri.erase_account().await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:erase-wallet-not-empty");
    // Cancelled, and the wallet emptied, the member goes; the order stays
    // for the farm's accounts, under the member's pseudonym.
    let order = export["market"]["orders"][0]["id"].as_str().unwrap();
    let (status, _) = dmitri
        .post(&format!("/api/v1/market/orders/{order}/cancel"), json!({}))
        .await;
    assert_eq!(status, 200);
    let (status, body) = dmitri
        .post(
            "/api/v1/me/wallet/payments",
            json!({"id": "all", "to_member": hub.people[0].id, "amount": "30"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = dmitri.erase_account().await;
    assert!((200..300).contains(&status), "{status}: {body}");
    let (status, o) = chloe.get(&format!("/api/v1/market/orders/{order}")).await;
    assert_eq!(status, 200, "{o}");
    assert_eq!(o["state"], "cancelled");
}

async fn import(api: &Api, seller: &str, body: &'static [u8]) -> (u16, Value) {
    let response = api
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/market/sellers/{seller}/catalogue"),
        )
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn import_dfc(api: &Api, seller: &str, body: Vec<u8>) -> (u16, Value) {
    let response = api
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/market/sellers/{seller}/catalogue.dfc"),
        )
        .header("content-type", "application/ld+json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A seller's products without what is its own (ids, the seller's id).
fn catalogue_of(products: &Value) -> Value {
    let mut products = products.clone();
    for p in products.as_array_mut().unwrap() {
        let p = p.as_object_mut().unwrap();
        p.remove("id");
        p.remove("seller_id");
        for v in p["variants"].as_array_mut().unwrap() {
            v.as_object_mut().unwrap().remove("id");
        }
    }
    products
}

async fn a_catalogue_comes_and_goes_as_dfc_all_or_nothing(app: &TestApp) {
    let people = app.people(&["Alice", "Bruno", "Ève"]).await;
    let (alice, bruno, eve) = (&people[0], &people[1], &people[2]);
    let farm = seller(
        &alice.api,
        "Ferme des Lilas",
        SIRETS[0],
        Some("FR83404833048"),
    )
    .await;
    let other = seller(&bruno.api, "Les Jardins de Bruno", SIRETS[1], None).await;
    // What DFC says of a product: its name, description, type, label,
    // VAT; of a variant: its size, price, stock and reference.
    product(
        &alice.api,
        &farm,
        json!({"name": "Tomates rondes", "description": "Cueillies la veille", "category": "vegetables",
               "vat_rate": 550, "organic_label": "ab",
               "variants": [{"unit": "g", "size": 1000, "price": 450, "stock_mode": "count", "stock": 20, "sku": "TOM-1"},
                            {"unit": "g", "size": 500, "price": 240, "stock_mode": "unlimited"}]}),
    )
    .await;
    product(
        &alice.api,
        &farm,
        json!({"name": "Jus de pomme", "category": "drinks", "vat_rate": 550, "organic_label": "demeter",
               "variants": [{"unit": "ml", "size": 750, "price": 395, "stock_mode": "count", "stock": 0}]}),
    )
    .await;
    product(
        &alice.api,
        &farm,
        json!({"name": "Panier en osier", "category": "goods", "vat_rate": 2000,
               "variants": [{"unit": "piece", "size": 1, "price": 3210, "stock_mode": "unlimited", "sku": "P-01"}]}),
    )
    .await;
    let (_, products) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{farm}/products"))
        .await;
    // Anyone reads it, as another platform would: JSON-LD with the 1.16
    // context, ids on this instance.
    let response = app
        .anonymous_api()
        .request(
            reqwest::Method::GET,
            &format!("/api/dfc/enterprises/{farm}/catalog"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/ld+json"
    );
    let exported: Value = response.json().await.unwrap();
    assert_eq!(
        exported["@context"],
        "https://w3id.org/dfc/ontology/context/context_1.16.0.json"
    );
    let graph = exported["@graph"].as_array().unwrap();
    let enterprise = &graph[0];
    assert_eq!(enterprise["@type"], "dfc-b:Enterprise");
    assert_eq!(
        enterprise["@id"].as_str().unwrap(),
        app.url(&format!("/api/dfc/enterprises/{farm}"))
    );
    assert_eq!(enterprise["dfc-b:VATnumber"], "FR83404833048");
    assert_eq!(enterprise["dfc-b:enterpriseID"], SIRETS[0]);
    let offers: Vec<&Value> = graph
        .iter()
        .filter(|n| n["@type"] == "dfc-b:Offer")
        .collect();
    assert_eq!(offers.len(), 4);
    let basket = offers
        .iter()
        .find(|o| o["dfc-b:hasPrice"]["dfc-b:value"] == json!(32.1))
        .unwrap();
    assert_eq!(basket["dfc-b:hasPrice"]["dfc-b:VATrate"], json!(20));
    assert_eq!(basket["dfc-b:hasPrice"]["dfc-b:hasUnit"], "dfc-m:Euro");
    assert!(basket["dfc-b:offeredItem"]["@id"].is_string());
    let (status, _) = app
        .anonymous_api()
        .get("/api/dfc/enterprises/nobody/catalog")
        .await;
    assert_eq!(status, 404);

    // Another seller imports it and has the same catalogue.
    let body = serde_json::to_vec(&exported).unwrap();
    let (status, done) = import_dfc(&bruno.api, &other, body.clone()).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done, json!({"created": 3, "updated": 0}));
    let (_, imported) = bruno
        .api
        .get(&format!("/api/v1/market/sellers/{other}/products"))
        .await;
    assert_eq!(catalogue_of(&imported), catalogue_of(&products));
    // Again: the same products, their variants keeping their ids.
    let (_, again) = import_dfc(&bruno.api, &other, body.clone()).await;
    assert_eq!(again, json!({"created": 0, "updated": 3}));
    let (_, after) = bruno
        .api
        .get(&format!("/api/v1/market/sellers/{other}/products"))
        .await;
    assert_eq!(after, imported);
    // A seller's own export changes nothing in its catalogue, even what
    // DFC says more coarsely (household goods are "inedible", as goods)
    // or not at all (origin, allergens, a variant's weight).
    product(
        &alice.api,
        &farm,
        json!({"name": "Savon au lait d'ânesse", "category": "household", "vat_rate": 2000,
               "origin": "Drôme", "allergens": ["milk"],
               "variants": [{"unit": "piece", "size": 1, "weight_g": 100, "price": 650, "stock_mode": "to_order"}]}),
    )
    .await;
    let (_, own) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{farm}/products"))
        .await;
    let (_, mine) = app
        .anonymous_api()
        .get(&format!("/api/dfc/enterprises/{farm}/catalog"))
        .await;
    let (status, done) = import_dfc(&alice.api, &farm, serde_json::to_vec(&mine).unwrap()).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done, json!({"created": 0, "updated": 4}));
    let (_, unchanged) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{farm}/products"))
        .await;
    assert_eq!(unchanged, own);

    // Only the seller's administrators import, in JSON-LD.
    let (status, problem) = import_dfc(&eve.api, &other, body.clone()).await;
    assert_eq!(status, 403, "{problem}");
    let (status, _) = import_dfc(&alice.api, &other, body.clone()).await;
    assert_eq!(status, 403);
    let response = bruno
        .api
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/market/sellers/{other}/catalogue.dfc"),
        )
        .header("content-type", "text/csv")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);

    // A document off the ontology is refused, each error naming its item
    // (its place among the supplied products), and nothing is written:
    // the tomatoes are right, the juice and the basket are not.
    let mut wrong = exported.clone();
    for node in wrong["@graph"].as_array_mut().unwrap() {
        if node["dfc-b:hasQuantity"]["dfc-b:hasUnit"] == "dfc-m:Piece" {
            node["dfc-b:hasQuantity"]["dfc-b:hasUnit"] = json!("dfc-m:Barrel");
        }
        if node["dfc-b:hasPrice"]["dfc-b:value"] == json!(3.95) {
            node["dfc-b:hasPrice"]["dfc-b:VATrate"] = json!("7");
        }
        if node["dfc-b:hasPrice"]["dfc-b:value"] == json!(32.1) {
            node["dfc-b:hasPrice"]["dfc-b:value"] = json!("-3");
        }
    }
    let response = bruno
        .api
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/market/sellers/{other}/catalogue.dfc"),
        )
        .header("content-type", "application/ld+json")
        .body(serde_json::to_vec(&wrong).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let problem: Value = response.json().await.unwrap();
    let errors: Vec<(i64, &str, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().unwrap(),
                e["field"].as_str().unwrap(),
                e["code"].as_str().unwrap(),
            )
        })
        .collect();
    // Products come by name: the juice (1), the basket (2), then the two
    // tomatoes (3, 4).
    assert_eq!(
        errors,
        [
            (1, "VATrate", "error-vat-rate"),
            (2, "hasQuantity", "error-dfc-unit"),
            (2, "hasPrice", "error-variant-price"),
        ],
        "{problem}"
    );
    assert!(
        problem["errors"][1]["message"]
            .as_str()
            .unwrap()
            .contains("Gram"),
        "{problem}"
    );
    for (body, code) in [
        (&b"{\"@context\": "[..], "error-dfc-json"),
        (
            &br#"{"@context": "https://example.org/context.json", "@graph": []}"#[..],
            "error-dfc-context",
        ),
        (
            &br#"{"@context": "https://www.datafoodconsortium.org", "@graph": [{"@type": "dfc-b:Enterprise", "dfc-b:name": "X"}]}"#[..],
            "error-dfc-empty",
        ),
    ] {
        let (status, problem) = import_dfc(&bruno.api, &other, body.to_vec()).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    let (_, unchanged) = bruno
        .api
        .get(&format!("/api/v1/market/sellers/{other}/products"))
        .await;
    assert_eq!(unchanged, imported, "a wrong item, and nothing is imported");
    // From the seller's page, as a file, in the reader's language.
    let upload = |body: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", bruno.browser.csrf())
            .part(
                "file",
                reqwest::multipart::Part::bytes(body).file_name("catalogue.jsonld"),
            );
        bruno
            .browser
            .client
            .post(app.url(&format!("/market/sellers/{other}/catalogue.dfc")))
            .multipart(form)
            .send()
    };
    let refused = upload(serde_json::to_vec(&wrong).unwrap()).await.unwrap();
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("This DFC file was not imported.")
            && page.contains("Line 2 — Give the quantity in dfc-m:Gram"),
        "{page}"
    );
    let done = upload(body).await.unwrap();
    assert_eq!(done.status(), 303);
    let page = bruno
        .browser
        .text(&format!("/market/sellers/{other}"))
        .await;
    assert_eq!(
        testkit::flash(&page),
        Some("Catalogue imported: 0 products added, 3 updated.")
    );
    assert!(page.contains(&format!("/api/dfc/enterprises/{other}/catalog")));
}

async fn a_catalogue_comes_and_goes_as_csv_all_or_nothing(app: &TestApp) {
    let people = app.people(&["Alice", "Ève"]).await;
    let (alice, eve) = (&people[0], &people[1]);
    let farm = seller(
        &alice.api,
        "Ferme des Lilas",
        SIRETS[0],
        Some("FR83404833048"),
    )
    .await;
    let good: &[u8] = "product,category,vat_rate,organic_label,origin,unit,size,price,stock_mode,stock,allergens\n\
        Tomates rondes,vegetables,5.5,ab,Lyon,kg,1,\"4,50\",count,20,\n\
        Tomates rondes,vegetables,5.5,ab,Lyon,g,500,2.40,unlimited,,\n\
        Brioche,bread,5.5,,,g,500,7.50,count,12,gluten|eggs|milk\n"
        .as_bytes();
    // What is wrong with a file is said, and nothing is imported.
    for (body, code) in [
        (
            &b"product;category;vat_rate;unit;size;price\nTomates;vegetables;5.5;kg;1;4.50\n"[..],
            "error-csv-semicolons",
        ),
        (
            &b"product,category,vat_rate,unit,size,price\nPur\xe9e,grocery,5.5,g,500,3\n"[..],
            "error-csv-encoding",
        ),
        (
            &b"product,category,vat_rate,unit,size\nTomates,vegetables,5.5,kg,1\n"[..],
            "error-csv-missing-column",
        ),
    ] {
        let (status, problem) = import(&alice.api, &farm, body).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    let lines: &[u8] = b"product,category,vat_rate,unit,size,price,stock\n\
        Carottes,vegetables,5.5,kg,1,2.90,10\n\
        Poireaux,vegetables,7,kg,1,3.10,-4\n\
        Radis,vegetables,5.5,piece,1,1.20,\n";
    let (status, problem) = import(&alice.api, &farm, lines).await;
    assert_eq!(status, 422, "{problem}");
    let errors: Vec<(i64, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_i64().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [(3, "error-vat-rate"), (3, "error-variant-stock")],
        "{problem}"
    );
    let (_, products) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{farm}/products"))
        .await;
    assert_eq!(products, json!([]), "a wrong line, and nothing is imported");
    // Only the farm's administrators import.
    let (status, _) = import(&eve.api, &farm, good).await;
    assert_eq!(status, 403);
    let (status, done) = import(&alice.api, &farm, good).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done, json!({"created": 2, "updated": 0}));
    let (_, products) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{farm}/products"))
        .await;
    let brioche = &products[0];
    assert_eq!(brioche["allergens"], json!(["gluten", "eggs", "milk"]));
    let tomatoes = &products[1];
    assert_eq!(tomatoes["variants"].as_array().unwrap().len(), 2);
    assert_eq!(
        (
            tomatoes["variants"][0]["size"].as_i64(),
            tomatoes["variants"][0]["price"].as_i64()
        ),
        (Some(1000), Some(450))
    );
    // The same file again changes nothing but says it updated them.
    let (_, again) = import(&alice.api, &farm, good).await;
    assert_eq!(again, json!({"created": 0, "updated": 2}));
    let (_, after) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{farm}/products"))
        .await;
    assert_eq!(after, products, "variants kept their ids");
    // The export reads back as what was imported.
    let response = alice
        .api
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/market/sellers/{farm}/catalogue"),
        )
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let exported = response.text().await.unwrap();
    assert!(
        exported.starts_with("product,description,category,vat_rate"),
        "{exported}"
    );
    assert!(
        exported.contains("Tomates rondes,,vegetables,5.5,ab,Lyon,,,no,,g,1000,,4.50,count,20,"),
        "{exported}"
    );
    let exported: &'static [u8] = Box::leak(exported.into_bytes().into_boxed_slice());
    let (_, round) = import(&alice.api, &farm, exported).await;
    assert_eq!(round, json!({"created": 0, "updated": 2}));
    let (_, after) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{farm}/products"))
        .await;
    assert_eq!(after, products, "an exported catalogue imports as itself");
    // A file of the required columns alone changes the prices, and keeps
    // what it has no column for: the label, origin, stock and allergens.
    let prices: &[u8] = b"product,category,vat_rate,unit,size,price\n\
        Tomates rondes,vegetables,5.5,kg,1,4.80\n\
        Brioche,bread,5.5,g,500,7.50\n";
    let (_, done) = import(&alice.api, &farm, prices).await;
    assert_eq!(done, json!({"created": 0, "updated": 2}));
    let (_, after) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{farm}/products"))
        .await;
    let (brioche, tomatoes) = (&after[0], &after[1]);
    assert_eq!(brioche["allergens"], json!(["gluten", "eggs", "milk"]));
    assert_eq!(brioche["variants"][0]["stock"], 12, "{brioche}");
    assert_eq!(
        (&tomatoes["organic_label"], &tomatoes["origin"]),
        (&json!("ab"), &json!("Lyon"))
    );
    let kilo = &tomatoes["variants"][0];
    assert_eq!(
        (&kilo["price"], &kilo["stock_mode"], &kilo["stock"]),
        (&json!(480), &json!("count"), &json!(20)),
        "{tomatoes}"
    );
    // From the seller's page, as a file, in the reader's language.
    let upload = |body: &'static [u8]| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", alice.browser.csrf())
            .part(
                "file",
                reqwest::multipart::Part::bytes(body).file_name("catalogue.csv"),
            );
        alice
            .browser
            .client
            .post(app.url(&format!("/market/sellers/{farm}/catalogue")))
            .multipart(form)
            .send()
    };
    let refused = upload(lines).await.unwrap();
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("Line 3 — VAT rate — Choose one of the VAT rates"),
        "{page}"
    );
    let imported = upload(good).await.unwrap();
    assert_eq!(imported.status(), 303);
    let page = alice.browser.text(&format!("/market/sellers/{farm}")).await;
    assert_eq!(
        testkit::flash(&page),
        Some("Catalogue imported: 0 products added, 2 updated.")
    );
}

async fn members_find_products_near_them_by_name_label_and_claim(app: &TestApp) {
    // Two hubs: one in Lyon, one in Mornant (about 20 km south-west).
    let lyon = app
        .collective("AMAP de Lyon", "amap")
        .people(&["Chloé", "Alice"])
        .build()
        .await;
    let mornant = app
        .collective("AMAP de Mornant", "amap")
        .people(&["Bruno", "Dmitri"])
        .build()
        .await;
    let (chloe, alice, bruno, dmitri) = (
        &lyon.people[0].api,
        &lyon.people[1].api,
        &mornant.people[0].api,
        &mornant.people[1].api,
    );
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], Some("FR83404833048")).await;
    let tomato = product(alice, &farm, tomatoes(10)).await;
    let egg = product(
        alice,
        &farm,
        json!({"name": "Œufs fermiers", "category": "eggs", "vat_rate": 550, "essential": true,
        "variants": [{"unit": "piece", "size": 6, "price": 390, "stock_mode": "unlimited"}]}),
    )
    .await;
    let variants = [
        tomato["variants"][0]["id"].as_str().unwrap(),
        egg["variants"][0]["id"].as_str().unwrap(),
    ];
    let now = now_ms();
    for (coordinator, collective, (lat, lon)) in [
        (chloe, &lyon.id, (45.764, 4.8357)),
        (bruno, &mornant.id, (45.6189, 4.6722)),
    ] {
        let (_, shop) = coordinator
            .post("/api/v1/market/shops", json!({"name": "Épicerie", "collective_id": collective, "latitude": lat, "longitude": lon}))
            .await;
        let (_, cycle) = coordinator
            .post(
                &format!(
                    "/api/v1/market/shops/{}/cycles",
                    shop["id"].as_str().unwrap()
                ),
                json!({"name": "Semaine", "opens_at": now - 1000, "closes_at": now + DAY}),
            )
            .await;
        join_cycle(
            coordinator,
            cycle["id"].as_str().unwrap(),
            &farm,
            alice,
            &variants,
        )
        .await;
    }
    let names = |found: &Value| -> Vec<(String, String)> {
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["name"].as_str().unwrap().to_owned(),
                    f["cycle_id"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let (status, all) = dmitri.get("/api/v1/market/products").await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(
        all.as_array().unwrap().len(),
        4,
        "two products in two open cycles"
    );
    let (_, found) = dmitri.get("/api/v1/market/products?q=TOMATE").await;
    assert_eq!(found.as_array().unwrap().len(), 2, "{found}");
    assert!(names(&found).iter().all(|(n, _)| n == "Tomates rondes"));
    let (_, found) = dmitri.get("/api/v1/market/products?organic=true").await;
    assert!(
        names(&found).iter().all(|(n, _)| n == "Tomates rondes"),
        "{found}"
    );
    let (_, found) = dmitri
        .get("/api/v1/market/products?essential=true&category=eggs")
        .await;
    assert!(
        names(&found).iter().all(|(n, _)| n == "Œufs fermiers")
            && found.as_array().unwrap().len() == 2,
        "{found}"
    );
    let (_, found) = dmitri.get("/api/v1/market/products?claim=durability").await;
    assert_eq!(
        found,
        json!([]),
        "the farm claims environment and pay equity only"
    );
    let (_, found) = dmitri
        .get("/api/v1/market/products?claim=environment&q=tomates")
        .await;
    assert_eq!(found.as_array().unwrap().len(), 2);
    // From Mornant's town hall: Mornant's shop first, Lyon's about 20 km away.
    let (_, found) = dmitri
        .get("/api/v1/market/products?q=tomates&lat=45.6185&lon=4.6718")
        .await;
    let km: Vec<f64> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["distance_km"].as_f64().unwrap())
        .collect();
    assert!(km[0] < 1.0 && (15.0..25.0).contains(&km[1]), "{km:?}");
    // The farm, near Lyon, is as far whichever shop sells its tomatoes.
    let produced: Vec<f64> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["producer_km"].as_f64().unwrap())
        .collect();
    assert!(
        produced.len() == 2 && produced[0] == produced[1] && (15.0..25.0).contains(&produced[0]),
        "{produced:?}"
    );
    let (_, found) = dmitri
        .get("/api/v1/market/products?q=tomates&lat=45.6185&lon=4.6718&km=5")
        .await;
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    let (status, problem) = dmitri.get("/api/v1/market/products?lat=45.6").await;
    assert_eq!(status, 422, "{problem}");
    // The market page searches the same way, nearest first from a known place.
    let page = lyon.people[1]
        .browser
        .text("/market?q=tomates&near=45.6185%2C4.6718&km=50")
        .await;
    let near = page
        .find("0.1 km · produced 20 km away</span>")
        .expect("Mornant's shop, 54 m away");
    let far = page
        .find("21 km · produced 20 km away</span>")
        .expect("Lyon's shop, 20.6 km away, with the farm's tomatoes");
    assert!(near < far, "nearest first: {page}");
}

async fn one_order_changed_or_cancelled_at_once_moves_stock_and_money_once(app: &TestApp) {
    let hub = app
        .collective("AMAP", "amap")
        .people(&["Chloé", "Alice", "Dmitri", "Ève"])
        .wallet(2, "50")
        .build()
        .await;
    let [chloe, alice, eve] = [0, 1, 3].map(|i| &hub.people[i].api);
    let dmitri = std::sync::Arc::new(hub.people[2].api.clone());
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], None).await;
    let tomato = product(alice, &farm, tomatoes(10)).await;
    let variant = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (shop, cycle, pickup) = hub_cycle(chloe, &hub.id, None).await;
    join_cycle(chloe, &cycle, &farm, alice, &[&variant]).await;
    let stock = || async {
        let (_, t) = alice
            .get(&format!(
                "/api/v1/market/products/{}",
                tomato["id"].as_str().unwrap()
            ))
            .await;
        t["variants"][0]["stock"].as_i64().unwrap()
    };
    let body = |quantity: i64| json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": quantity}]});
    let (status, o) = dmitri
        .post(&format!("/api/v1/market/cycles/{cycle}/order"), body(2))
        .await;
    assert_eq!(status, 200, "{o}");
    // Ten identical changes at once (a double-clicked form): the order
    // holds 5 and the stock gave 5, once.
    let mut race = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (api, path, b) = (
            dmitri.clone(),
            format!("/api/v1/market/cycles/{cycle}/order"),
            body(5),
        );
        race.spawn(async move { api.call(reqwest::Method::PUT, &path, Some(b)).await.0 });
    }
    while let Some(status) = race.join_next().await {
        assert!(matches!(status.unwrap(), 200 | 409));
    }
    assert_eq!(stock().await, 5);
    let (_, mine) = dmitri
        .get(&format!("/api/v1/market/cycles/{cycle}/order"))
        .await;
    assert_eq!(mine["lines"][0]["quantity"], 5);
    let (_, w) = dmitri.get("/api/v1/me/wallet").await;
    assert_eq!(
        w["available"].as_i64(),
        Some(5000 - mine["to_pay"].as_i64().unwrap()),
        "one hold"
    );
    // Ten cancels at once: one cancels, the stock and the money come back once.
    let order = mine["id"].as_str().unwrap().to_owned();
    let mut race = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (api, path) = (
            dmitri.clone(),
            format!("/api/v1/market/orders/{order}/cancel"),
        );
        race.spawn(async move { api.post(&path, json!({})).await.0 });
    }
    let mut cancelled = 0;
    while let Some(status) = race.join_next().await {
        match status.unwrap() {
            200 => cancelled += 1,
            409 => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(cancelled, 1);
    assert_eq!(stock().await, 10);
    let (_, w) = dmitri.get("/api/v1/me/wallet").await;
    assert_eq!(w["available"], 5000);
    // A fee is taken out by the shop, never by another member; a cycle not
    // open yet cannot be closed now.
    let (_, c) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/fees"),
            json!({"name": "Gestion", "kind": "admin", "calculator": "percent", "amount": 300}),
        )
        .await;
    let fee = c["fees"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = eve
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/market/cycles/{cycle}/fees/{fee}"),
            None,
        )
        .await;
    assert_eq!(status, 403);
    let (status, c) = chloe
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/market/cycles/{cycle}/fees/{fee}"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["fees"], json!([]));
    let now = now_ms();
    let (_, later) = chloe
        .post(
            &format!("/api/v1/market/shops/{shop}/cycles"),
            json!({"name": "Plus tard", "opens_at": now + DAY, "closes_at": now + 2 * DAY}),
        )
        .await;
    let (status, problem) = chloe
        .post(
            &format!(
                "/api/v1/market/cycles/{}/close",
                later["id"].as_str().unwrap()
            ),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "{problem}");
    kernel::money::check(&app.db).await.unwrap();
}

/// At the close each seller invoices each buyer for its goods and fees:
/// French mentions, VAT per rate, the franchise said, an organisation
/// invoiced when the member ordered for it; each invoice a valid Factur-X,
/// read only by its buyer and its seller.
async fn each_seller_invoices_what_it_sold_as_valid_factur_x(app: &TestApp) {
    let amap = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Dmitri", "Émile", "Alice", "Bruno"])
        .wallet(1, "50")
        .wallet(2, "50")
        .build()
        .await;
    let [chloe, dmitri, emile, alice, bruno] = [0, 1, 2, 3, 4].map(|i| &amap.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], Some("FR83404833048")).await;
    // A name with characters the invoice's font has no glyph for (an
    // emoji, Chinese): the archived PDF draws them as "?" instead of
    // failing.
    let hens = seller(bruno, "Poulailler de Bruno 🐔 鸡", SIRETS[1], None).await;
    let tomato = product(alice, &farm, tomatoes(20)).await;
    let tomato_v = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let egg = product(bruno, &hens, eggs()).await;
    let egg_v = egg["variants"][0]["id"].as_str().unwrap().to_owned();
    let (_, cycle, pickup) = hub_cycle(chloe, &amap.id, None).await;
    join_cycle(chloe, &cycle, &farm, alice, &[&tomato_v]).await;
    join_cycle(chloe, &cycle, &hens, bruno, &[&egg_v]).await;
    let (status, c) = alice
        .post(
            &format!("/api/v1/market/cycles/{cycle}/fees"),
            json!({"seller_id": farm, "name": "Cagettes", "kind": "packing", "calculator": "per_item", "amount": 20}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let (status, cafe) = emile
        .post(
            "/api/v1/organisations",
            json!({"name": "Café d'Émile", "kind": "company", "siret": SIRETS[2], "address": "3 place du Marché, 69001 Lyon"}),
        )
        .await;
    assert_eq!(status, 201, "{cafe}");
    let cafe = cafe["id"].as_str().unwrap().to_owned();

    // Dmitri cannot have Émile's café invoiced; Émile can.
    let (status, problem) = dmitri
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "bill_to": cafe, "lines": [{"variant_id": tomato_v, "quantity": 1}]}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-bill-to");
    assert_eq!(wallet(dmitri).await["available"], 5000, "nothing held");
    let (status, dmitri_order) = dmitri
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "lines": [{"variant_id": tomato_v, "quantity": 3}, {"variant_id": egg_v, "quantity": 2}]}),
        )
        .await;
    assert_eq!(status, 200, "{dmitri_order}");
    let (status, emile_order) = emile
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "bill_to": cafe, "lines": [{"variant_id": tomato_v, "quantity": 2}]}),
        )
        .await;
    assert_eq!(status, 200, "{emile_order}");
    assert_eq!(emile_order["bill_to"], cafe.as_str());
    let dmitri_order = dmitri_order["id"].as_str().unwrap().to_owned();
    let emile_order = emile_order["id"].as_str().unwrap().to_owned();
    // No invoice while the money is only held.
    let (status, none) = dmitri
        .get(&format!("/api/v1/market/orders/{dmitri_order}/invoices"))
        .await;
    assert_eq!((status, none), (200, json!([])));

    let (status, c) = chloe
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, 200, "{c}");

    // Dmitri gets one invoice from each producer.
    let (status, list) = dmitri
        .get(&format!("/api/v1/market/orders/{dmitri_order}/invoices"))
        .await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    let of = |seller: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|i| i["seller_id"] == seller)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (farm_invoice, hens_invoice) = (of(&farm), of(&hens));
    // They are the buyer's data too: its export holds them, with their lines.
    let (_, export) = dmitri.get("/api/v1/me/export").await;
    let exported = export["market"]["invoices"].as_array().unwrap();
    assert_eq!(exported.len(), 2, "{export}");
    assert!(
        exported
            .iter()
            .all(|i| !i["lines"].as_array().unwrap().is_empty())
    );
    let (status, inv) = dmitri
        .get(&format!("/api/v1/market/invoices/{farm_invoice}"))
        .await;
    assert_eq!(status, 200, "{inv}");
    assert_eq!(inv["kind"], "invoice");
    assert_eq!(inv["seller_name"], "Ferme des Lilas EARL");
    assert_eq!(inv["seller_siret"], SIRETS[0]);
    assert_eq!(inv["seller_vat"], "FR83404833048");
    assert_eq!(inv["buyer_name"], "Dmitri");
    // 3 kg of tomatoes at 4.50 and 3 crates at 0.20, all at 5.5 %:
    // 14.10 paid, 13.36 without VAT and 0.73 of VAT (13.36 × 5.5 % =
    // 0.7348), and the cent that no amount without VAT reaches.
    let lines = inv["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{inv}");
    assert_eq!(
        (
            &lines[0]["description"],
            &lines[0]["quantity"],
            &lines[0]["paid"]
        ),
        (&json!("Tomates rondes 1 kg"), &json!(3), &json!(1350))
    );
    assert_eq!(
        (&lines[1]["description"], &lines[1]["paid"]),
        (&json!("Cagettes"), &json!(60))
    );
    assert_eq!(inv["paid"], 1410);
    let (wo, vat, with, rounding) = (
        inv["without_vat"].as_i64().unwrap(),
        inv["vat"].as_i64().unwrap(),
        inv["with_vat"].as_i64().unwrap(),
        inv["rounding"].as_i64().unwrap(),
    );
    assert_eq!(wo + vat, with);
    assert_eq!(with + rounding, 1410);
    assert!(rounding.abs() <= 1);
    assert_eq!(
        vat,
        (wo * 550 + 5000) / 10000,
        "VAT = taxable × 5.5 %, rounded"
    );
    assert_eq!(
        lines
            .iter()
            .map(|l| l["net"].as_i64().unwrap())
            .sum::<i64>(),
        wo
    );
    // The hen house is under the franchise: no VAT, and said so.
    let (_, hinv) = dmitri
        .get(&format!("/api/v1/market/invoices/{hens_invoice}"))
        .await;
    assert_eq!(
        (&hinv["seller_vat"], &hinv["vat"], &hinv["paid"]),
        (&json!(null), &json!(0), &json!(780))
    );
    assert_eq!(hinv["number"], 1);

    // The PDFs are valid Factur-X, with the mentions in their data.
    let (status, pdf) = invoice_pdf(dmitri, &farm_invoice).await;
    assert_eq!(status, 200);
    let xml = assert_valid_factur_x(&pdf);
    for mention in [
        "<ram:TypeCode>380</ram:TypeCode>",
        "FR83404833048",
        "<ram:ID schemeID=\"0002\">404833048</ram:ID>",
        "Pénalités de retard",
        "<ram:RateApplicablePercent>5.5</ram:RateApplicablePercent>",
        "<ram:DuePayableAmount>0.00</ram:DuePayableAmount>",
    ] {
        assert!(xml.contains(mention), "{mention} missing: {xml}");
    }
    let (_, pdf) = invoice_pdf(dmitri, &hens_invoice).await;
    let xml = assert_valid_factur_x(&pdf);
    assert!(xml.contains("VATEX-FR-FRANCHISE"), "{xml}");
    assert!(xml.contains("art. 293 B du CGI"), "{xml}");

    // Émile's café is invoiced, as a business, with its SIREN.
    let (_, list) = emile
        .get(&format!("/api/v1/market/orders/{emile_order}/invoices"))
        .await;
    let cafe_invoice = list[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(list[0]["buyer_name"], "Café d'Émile");
    assert_eq!(list[0]["buyer_siret"], SIRETS[2]);
    let (_, pdf) = invoice_pdf(emile, &cafe_invoice).await;
    let xml = assert_valid_factur_x(&pdf);
    assert!(
        xml.contains("<ram:ID schemeID=\"0002\">120027016</ram:ID>"),
        "{xml}"
    );

    // The farm's series: its two invoices, 1 and 2. Only its buyer and its
    // administrators read an invoice.
    let (status, series) = alice
        .get(&format!("/api/v1/market/sellers/{farm}/invoices"))
        .await;
    assert_eq!(status, 200, "{series}");
    let mut numbers: Vec<i64> = series
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_i64().unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, vec![1, 2]);
    let (status, _) = alice
        .get(&format!("/api/v1/market/invoices/{farm_invoice}"))
        .await;
    assert_eq!(status, 200);
    for (api, id) in [
        (emile, &farm_invoice),
        (bruno, &farm_invoice),
        (chloe, &hens_invoice),
    ] {
        let (status, _) = api.get(&format!("/api/v1/market/invoices/{id}")).await;
        assert_eq!(status, 404);
        let (status, _) = invoice_pdf(api, id).await;
        assert_eq!(status, 404);
    }
    let (status, _) = bruno
        .get(&format!("/api/v1/market/sellers/{farm}/invoices"))
        .await;
    assert_eq!(status, 403);
    let (status, _) = emile
        .get(&format!("/api/v1/market/orders/{dmitri_order}/invoices"))
        .await;
    assert_eq!(status, 404);

    // No number is skipped nor used twice, even written by hand.
    let mut tx = app.db.begin().await.unwrap();
    let farm_seller = market::sellers::get(&app.db, &farm).await.unwrap();
    let stored = market::orders::get(
        &app.db,
        &kernel::MemberId::from(amap.people[1].id.as_str()),
        &dmitri_order,
    )
    .await
    .unwrap();
    let amounts = pricing::invoice::totals(&[]);
    let buyer = market::invoices::Buyer {
        name: "x".into(),
        address: String::new(),
        siret: None,
        vat: None,
    };
    for number in [2, 4] {
        let refused = market::invoices::insert_in_series(
            &mut tx,
            &market::invoices::NewInvoice {
                id: &kernel::db::new_id(),
                seller: &farm_seller,
                number,
                corrects: None,
                billed: market::invoices::Billed::Order(&stored.id),
                buyer_id: &stored.buyer_id,
                buyer: &buyer,
                amounts: &amounts,
            },
        )
        .await;
        assert!(
            matches!(
                refused,
                Err(kernel::AppError::Conflict(
                    "market-invoice-number-out-of-series"
                ))
            ),
            "{number}: {refused:?}"
        );
    }
    tx.rollback().await.unwrap();
    kernel::money::check(&app.db).await.unwrap();
}

/// Orders collected at once, each taking its money and issuing its
/// invoice in its own transaction: the farm's series is 1 to N, without a
/// gap or a number twice.
async fn invoices_taken_at_once_keep_their_series_without_gaps(app: &TestApp) {
    let hub = app
        .collective("Coop du quartier", "cooperative")
        .people(&["Chloé", "Alice"])
        .build()
        .await;
    let [chloe, alice] = [0, 1].map(|i| &hub.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], Some("FR83404833048")).await;
    let tomato = product(alice, &farm, tomatoes(100)).await;
    let variant = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (shop, _, _) = hub_cycle(chloe, &hub.id, None).await;
    let (cycle, pickup, _) = next_cycle(chloe, &shop, "collection").await;
    join_cycle(chloe, &cycle, &farm, alice, &[&variant]).await;
    let mut orders = Vec::new();
    for api in app.buyers(24, "20").await {
        let (status, o) = api
            .post(
                &format!("/api/v1/market/cycles/{cycle}/order"),
                json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 1}]}),
            )
            .await;
        assert_eq!(status, 200, "{o}");
        orders.push(o["id"].as_str().unwrap().to_owned());
    }
    let (status, c) = chloe
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, 200, "{c}");
    let mut race = tokio::task::JoinSet::new();
    for order in orders {
        let chloe = chloe.clone();
        race.spawn(async move {
            chloe
                .post(
                    &format!("/api/v1/market/orders/{order}/collected"),
                    json!({}),
                )
                .await
        });
    }
    while let Some(done) = race.join_next().await {
        let (status, o) = done.unwrap();
        assert_eq!(status, 200, "{o}");
    }
    let (_, series) = alice
        .get(&format!("/api/v1/market/sellers/{farm}/invoices"))
        .await;
    let mut numbers: Vec<i64> = series
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_i64().unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=24).collect::<Vec<_>>());
    kernel::money::check(&app.db).await.unwrap();
}

/// At the distribution a volunteer records what was missing from an order:
/// the buyer gets it back at once, with the fees on it and the platform's
/// fee on them, from the farm and the hub that were paid; the farm issues
/// a credit note. What is left over is given to the solidarity stock.
async fn what_was_missing_is_refunded_with_a_credit_note_and_leftovers_are_given(app: &TestApp) {
    let amap = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Dmitri", "Alice"])
        .wallet(1, "50")
        .build()
        .await;
    let [chloe, dmitri, alice] = [0, 1, 2].map(|i| &amap.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], Some("FR83404833048")).await;
    let tomato = product(alice, &farm, tomatoes(20)).await;
    let tomato_v = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (_, cycle, pickup) = hub_cycle(chloe, &amap.id, None).await;
    join_cycle(chloe, &cycle, &farm, alice, &[&tomato_v]).await;
    for (by, fee) in [
        (
            alice,
            json!({"seller_id": farm, "name": "Cagettes", "kind": "packing", "calculator": "per_item", "amount": 20}),
        ),
        (
            chloe,
            json!({"name": "Gestion", "kind": "admin", "calculator": "percent", "amount": 500}),
        ),
    ] {
        let (status, c) = by
            .post(&format!("/api/v1/market/cycles/{cycle}/fees"), fee)
            .await;
        assert_eq!(status, 200, "{c}");
    }
    let (status, o) = dmitri
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "lines": [{"variant_id": tomato_v, "quantity": 3}]}),
        )
        .await;
    assert_eq!(status, 200, "{o}");
    let order = o["id"].as_str().unwrap().to_owned();
    let missing = |n: i64| json!({"lines": [{"variant_id": tomato_v, "quantity": n}]});
    let (status, _) = chloe
        .post(
            &format!("/api/v1/market/orders/{order}/missing"),
            missing(1),
        )
        .await;
    assert_eq!(status, 409, "not before the close");
    let (status, _) = chloe
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, 200);
    // 13.50 of tomatoes, 0.60 of crates, 0.68 of the hub's 5 %; the platform's fee on top.
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await,
        1410
    );
    let hub = kernel::CollectiveId::from(amap.id.as_str());
    assert_eq!(balance(app, kernel::money::Owner::Treasury(&hub)).await, 68);
    let paid = o["to_pay"].as_i64().unwrap();
    assert_eq!(wallet(dmitri).await["balance"].as_i64(), Some(5000 - paid));

    // Only those who run the shop record what was missing.
    let (status, _) = dmitri
        .post(
            &format!("/api/v1/market/orders/{order}/missing"),
            missing(1),
        )
        .await;
    assert_eq!(status, 403);
    let (status, sheet) = chloe
        .get(&format!("/api/v1/market/cycles/{cycle}/distribution"))
        .await;
    assert_eq!(status, 200, "{sheet}");
    assert_eq!(sheet[0]["buyer"], "Dmitri");
    assert_eq!(sheet[0]["lines"][0]["quantity"], 3);

    // One kilo was missing: 4.50, its crate (0.20) and a third of the hub's
    // fee on the line (0.22) come back, with the platform's fee on them.
    let (status, o) = chloe
        .post(
            &format!("/api/v1/market/orders/{order}/missing"),
            missing(1),
        )
        .await;
    assert_eq!(status, 200, "{o}");
    assert_eq!(o["lines"][0]["missing"], 1);
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await,
        1410 - 470
    );
    // What came back from whom is in the transparency log too.
    let latest = kernel::log::latest(&app.db, 50).await.unwrap();
    let refund: Value = latest
        .iter()
        .map(|e| serde_json::from_str::<Value>(&e.body).unwrap())
        .find(|v| v["type"] == "market.refund")
        .expect("the refund's split");
    assert_eq!(
        (&refund["sellers"], &refund["hubs"]),
        (&json!(470), &json!(22))
    );
    assert_eq!(
        balance(app, kernel::money::Owner::Treasury(&hub)).await,
        68 - 22
    );
    let back = wallet(dmitri).await["balance"].as_i64().unwrap() - (5000 - paid);
    assert!(
        back > 492 && back <= 492 + 25,
        "4.92 and the fee on it: {back}"
    );
    let fee_back = |field: &str| refund[field].as_i64().unwrap();
    assert_eq!(fee_back("platform") + fee_back("solidarity"), back - 492);
    assert!(
        fee_back("platform") > 0 && fee_back("solidarity") > 0,
        "{refund}"
    );
    let (_, invoices) = dmitri
        .get(&format!("/api/v1/market/orders/{order}/invoices"))
        .await;
    let note = invoices
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "credit_note")
        .expect("a credit note")
        .clone();
    let invoice = invoices
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "invoice")
        .unwrap()
        .clone();
    assert_eq!(note["corrects"], invoice["id"]);
    assert_eq!((&note["number"], &note["paid"]), (&json!(2), &json!(470)));
    let (_, pdf) = invoice_pdf(dmitri, note["id"].as_str().unwrap()).await;
    let xml = assert_valid_factur_x(&pdf);
    assert!(xml.contains("<ram:TypeCode>381</ram:TypeCode>"), "{xml}");
    assert!(
        xml.contains("<ram:IssuerAssignedID>000001</ram:IssuerAssignedID>"),
        "{xml}"
    );

    // Said again (a second tap), nothing more comes back.
    let once = wallet(dmitri).await["balance"].as_i64();
    let (status, _) = chloe
        .post(
            &format!("/api/v1/market/orders/{order}/missing"),
            missing(1),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(wallet(dmitri).await["balance"].as_i64(), once);
    // No more missing than ordered, nor fewer than already refunded; all
    // three missing gives everything back.
    for n in [4, 0, i64::MAX] {
        let (status, problem) = chloe
            .post(
                &format!("/api/v1/market/orders/{order}/missing"),
                missing(n),
            )
            .await;
        assert_eq!(status, 422, "{n}: {problem}");
        assert_eq!(problem["errors"][0]["code"], "error-missing-quantity");
    }
    let (status, _) = chloe
        .post(
            &format!("/api/v1/market/orders/{order}/missing"),
            missing(3),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        wallet(dmitri).await["balance"],
        5000,
        "all of it back, fee included"
    );
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await,
        0
    );
    assert_eq!(balance(app, kernel::money::Owner::Treasury(&hub)).await, 0);

    // What is left over goes to the solidarity stock.
    let (status, _) = dmitri
        .post(
            &format!("/api/v1/market/cycles/{cycle}/donations"),
            json!({"variant_id": tomato_v, "quantity": 2}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, d) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/donations"),
            json!({"variant_id": tomato_v, "quantity": 2}),
        )
        .await;
    assert_eq!(status, 201, "{d}");
    assert_eq!((&d["quantity"], &d["value"]), (&json!(2), &json!(900)));
    let stock = |app: &TestApp| {
        let v = tomato_v.clone();
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT stock FROM market_variants WHERE id = $1")
                .bind(v)
                .fetch_one(db.pool())
                .await
                .unwrap()
        }
    };
    let left = stock(app).await;
    // Sent twice under one key (a second tap): given once, from the stock.
    let keyed = json!({"variant_id": tomato_v, "quantity": 3, "id": "tap-1"});
    for _ in 0..2 {
        let (status, again) = chloe
            .post(
                &format!("/api/v1/market/cycles/{cycle}/donations"),
                keyed.clone(),
            )
            .await;
        assert_eq!(status, 201, "{again}");
    }
    assert_eq!(stock(app).await, left - 3);
    let (status, reused) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/donations"),
            json!({"variant_id": tomato_v, "quantity": 4, "id": "tap-1"}),
        )
        .await;
    assert_eq!(status, 409, "{reused}");
    // Never more than what is left in stock.
    let (status, beyond) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/donations"),
            json!({"variant_id": tomato_v, "quantity": left - 2}),
        )
        .await;
    assert_eq!(status, 422, "{beyond}");
    assert_eq!(beyond["errors"][0]["code"], "error-donation-beyond-stock");
    assert_eq!(stock(app).await, left - 3);
    let (status, d) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/donations"),
            json!({"variant_id": "nope", "quantity": 2}),
        )
        .await;
    assert_eq!(status, 422, "{d}");
    let (_, list) = dmitri
        .get(&format!("/api/v1/market/cycles/{cycle}/donations"))
        .await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    kernel::money::check(&app.db).await.unwrap();
}

async fn a_replaced_item_refunds_what_it_is_worth_less_from_the_same_producer(app: &TestApp) {
    let amap = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Dmitri", "Alice", "Bruno"])
        .wallet(1, "50")
        .build()
        .await;
    let [chloe, dmitri, alice, bruno] = [0, 1, 2, 3].map(|i| &amap.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], Some("FR83404833048")).await;
    let hens = seller(bruno, "Poulailler de Bruno", SIRETS[1], None).await;
    let variant = |p: &Value| p["variants"][0]["id"].as_str().unwrap().to_owned();
    let tomato = variant(&product(alice, &farm, tomatoes(20)).await);
    let courgette = variant(
        &product(
            alice,
            &farm,
            json!({"name": "Courgettes", "category": "vegetables", "vat_rate": 550, "allergens": [],
                   "variants": [{"unit": "g", "size": 1000, "price": 300, "stock_mode": "count", "stock": 5}]}),
        )
        .await,
    );
    let radish = variant(
        &product(
            alice,
            &farm,
            json!({"name": "Radis", "category": "vegetables", "vat_rate": 550, "allergens": [],
                   "variants": [{"unit": "piece", "size": 1, "price": 150, "stock_mode": "unlimited"}]}),
        )
        .await,
    );
    let basket = variant(
        &product(
            alice,
            &farm,
            json!({"name": "Panier en osier", "category": "household", "vat_rate": 2000, "allergens": [],
                   "variants": [{"unit": "piece", "size": 1, "price": 1200, "stock_mode": "unlimited"}]}),
        )
        .await,
    );
    let egg = variant(&product(bruno, &hens, eggs()).await);
    let (_, cycle, pickup) = hub_cycle(chloe, &amap.id, None).await;
    join_cycle(
        chloe,
        &cycle,
        &farm,
        alice,
        &[&tomato, &courgette, &radish, &basket],
    )
    .await;
    join_cycle(chloe, &cycle, &hens, bruno, &[&egg]).await;
    let (status, o) = dmitri
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "lines": [
                {"variant_id": tomato, "quantity": 3}, {"variant_id": radish, "quantity": 1}]}),
        )
        .await;
    assert_eq!(status, 200, "{o}");
    let order = o["id"].as_str().unwrap().to_owned();
    let url = format!("/api/v1/market/orders/{order}/replacement");
    let replace = |quantity: i64, by: &str, by_quantity: i64| json!({"variant_id": tomato, "quantity": quantity, "by_variant_id": by, "by_quantity": by_quantity});
    let (status, problem) = chloe.post(&url, replace(2, &courgette, 2)).await;
    assert_eq!(status, 409, "not before the close: {problem}");
    let (status, _) = chloe
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, 200);
    let stock = |v: &str| {
        let (v, db) = (v.to_owned(), app.db.clone());
        async move {
            sqlx::query_scalar::<_, i64>("SELECT stock FROM market_variants WHERE id = $1")
                .bind(v)
                .fetch_one(db.pool())
                .await
                .unwrap()
        }
    };
    let farm_paid = balance(app, kernel::money::Owner::Organisation(&farm)).await;
    let paid = wallet(dmitri).await["balance"].as_i64().unwrap();

    // Only those who run the shop say what was replaced.
    let (status, _) = dmitri.post(&url, replace(2, &courgette, 2)).await;
    assert_eq!(status, 403);
    // Refused, each with its reason, and nothing taken or refunded.
    for (body, field, code) in [
        (
            replace(2, &egg, 1),
            "by_variant_id",
            "error-replacement-other-seller",
        ),
        (
            replace(2, &basket, 1),
            "by_variant_id",
            "error-replacement-vat",
        ),
        (
            replace(2, &tomato, 1),
            "by_variant_id",
            "error-replacement-same",
        ),
        (
            replace(4, &courgette, 1),
            "quantity",
            "error-replaced-quantity",
        ),
        (
            replace(0, &courgette, 1),
            "quantity",
            "error-replaced-quantity",
        ),
        (
            replace(2, &courgette, 6),
            "by_quantity",
            "error-replacement-beyond-stock",
        ),
        (replace(2, &courgette, 0), "by_quantity", "error-quantity"),
        (
            json!({"variant_id": egg, "quantity": 1, "by_variant_id": courgette, "by_quantity": 1}),
            "variant_id",
            "error-variant-not-in-order",
        ),
    ] {
        let (status, problem) = chloe.post(&url, body.clone()).await;
        assert_eq!(status, 422, "{body}: {problem}");
        assert_eq!(
            (
                &problem["errors"][0]["field"],
                &problem["errors"][0]["code"]
            ),
            (&json!(field), &json!(code)),
            "{body}"
        );
    }
    assert_eq!(stock(&courgette).await, 5);
    assert_eq!(wallet(dmitri).await["balance"].as_i64(), Some(paid));

    // Two kilos of tomatoes (9.00) were not there: two kilos of courgettes
    // (6.00) went instead, from their stock; 3.00 comes back from the farm,
    // with the platform's fee on it, and the farm issues a credit note.
    let (status, replaced) = chloe.post(&url, replace(2, &courgette, 2)).await;
    assert_eq!(status, 200, "{replaced}");
    let line = replaced["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["variant_id"] == json!(tomato))
        .unwrap()
        .clone();
    assert_eq!(line["replaced"], 2);
    assert_eq!(
        line["replacement"],
        json!({"variant_id": courgette, "name": "Courgettes 1 kg", "quantity": 2, "refunded": 300})
    );
    assert_eq!(stock(&courgette).await, 3);
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await,
        farm_paid - 300
    );
    let back = wallet(dmitri).await["balance"].as_i64().unwrap() - paid;
    assert!(
        back > 300 && back <= 300 + 15,
        "3.00 and the fee on it: {back}"
    );
    let (_, invoices) = dmitri
        .get(&format!("/api/v1/market/orders/{order}/invoices"))
        .await;
    let note = invoices
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "credit_note")
        .expect("a credit note")
        .clone();
    assert_eq!(note["paid"], 300);
    let (_, pdf) = invoice_pdf(dmitri, note["id"].as_str().unwrap()).await;
    let xml = assert_valid_factur_x(&pdf);
    assert!(
        xml.contains("2 × Tomates rondes 1 kg → 2 × Courgettes 1 kg"),
        "{xml}"
    );

    // Sent again (a second tap), nothing more; another replacement of the
    // same line is refused; what is left of the line can still be missing.
    let (status, _) = chloe.post(&url, replace(2, &courgette, 2)).await;
    assert_eq!(status, 200);
    assert_eq!(stock(&courgette).await, 3);
    assert_eq!(wallet(dmitri).await["balance"].as_i64(), Some(paid + back));
    let (status, problem) = chloe.post(&url, replace(1, &courgette, 1)).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:market-line-replaced");
    let missing = format!("/api/v1/market/orders/{order}/missing");
    let (status, problem) = chloe
        .post(
            &missing,
            json!({"lines": [{"variant_id": tomato, "quantity": 2}]}),
        )
        .await;
    assert_eq!(
        status, 422,
        "only one kilo is left to be missing: {problem}"
    );

    // A replacement worth more costs the buyer nothing more, and the farm
    // keeps what it was paid.
    let farm_now = balance(app, kernel::money::Owner::Organisation(&farm)).await;
    let tomatoes_left = stock(&tomato).await;
    let (status, replaced) = chloe
        .post(
            &url,
            json!({"variant_id": radish, "quantity": 1, "by_variant_id": tomato, "by_quantity": 1}),
        )
        .await;
    assert_eq!(status, 200, "{replaced}");
    assert_eq!(stock(&tomato).await, tomatoes_left - 1);
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await,
        farm_now
    );
    assert_eq!(wallet(dmitri).await["balance"].as_i64(), Some(paid + back));
    let (_, invoices) = dmitri
        .get(&format!("/api/v1/market/orders/{order}/invoices"))
        .await;
    assert_eq!(
        invoices
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "credit_note")
            .count(),
        1,
        "no credit note for nothing"
    );
    // The volunteers' sheet says what went instead.
    let (_, sheet) = chloe
        .get(&format!("/api/v1/market/cycles/{cycle}/distribution"))
        .await;
    let lines = sheet[0]["lines"].as_array().unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l["replaced"] == 2 && l["replacement"]["name"] == "Courgettes 1 kg"),
        "{sheet}"
    );
    kernel::money::check(&app.db).await.unwrap();
}

/// Splits the cycle's pickup into 30-minute slots of `capacity` orders.
async fn slots(coordinator: &Api, cycle: &str, pickup: &str, capacity: i64) -> Vec<String> {
    let (status, c) = coordinator
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/cycles/{cycle}/pickups/{pickup}/slots"),
            Some(json!({"minutes": 30, "capacity": capacity})),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let p = c["pickups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == pickup)
        .unwrap()
        .clone();
    p["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn slot_orders(api: &Api, cycle: &str, slot: &str) -> i64 {
    let (_, c) = api.get(&format!("/api/v1/market/cycles/{cycle}")).await;
    c["pickups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["slots"].as_array().unwrap().clone())
        .find(|s| s["id"] == slot)
        .unwrap()["orders"]
        .as_i64()
        .unwrap()
}

async fn time_slots_take_their_capacity_and_free_it(app: &TestApp) {
    let hub = app
        .collective("AMAP", "amap")
        .people(&["Chloé", "Bruno", "Dmitri", "Émile"])
        .wallet(2, "30")
        .wallet(3, "30")
        .build()
        .await;
    let [chloe, bruno, dmitri, emile] = [0, 1, 2, 3].map(|i| &hub.people[i].api);
    let hens = seller(bruno, "Poulailler de Bruno", SIRETS[1], None).await;
    let egg = product(bruno, &hens, eggs()).await;
    let egg_v = egg["variants"][0]["id"].as_str().unwrap().to_owned();
    let (shop, cycle, pickup) = hub_cycle(chloe, &hub.id, None).await;
    join_cycle(chloe, &cycle, &hens, bruno, &[&egg_v]).await;
    // Only those who run the shop split a pickup; bad lengths are refused.
    let path = format!("/api/v1/market/cycles/{cycle}/pickups/{pickup}/slots");
    let (status, _) = dmitri
        .call(reqwest::Method::PUT, &path, Some(json!({"minutes": 30})))
        .await;
    assert_eq!(status, 403);
    for minutes in [-1, 3, 1441] {
        let (status, problem) = chloe
            .call(
                reqwest::Method::PUT,
                &path,
                Some(json!({"minutes": minutes})),
            )
            .await;
        assert_eq!(status, 422, "{minutes}: {problem}");
        assert_eq!(problem["errors"][0]["code"], "error-slot-minutes");
    }
    // The two hours' window: four slots of one order each.
    let ids = slots(chloe, &cycle, &pickup, 1).await;
    assert_eq!(ids.len(), 4);
    let order = format!("/api/v1/market/cycles/{cycle}/order");
    let line = json!([{"variant_id": egg_v, "quantity": 1}]);
    let (status, problem) = dmitri
        .post(&order, json!({"pickup_id": pickup, "lines": line}))
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-slot-required");
    let (status, mine) = dmitri
        .post(
            &order,
            json!({"pickup_id": pickup, "slot_id": ids[0], "lines": line}),
        )
        .await;
    assert_eq!(status, 200, "{mine}");
    assert_eq!(mine["slot_id"], ids[0].as_str());
    // The slot is full: Émile is told to choose another, nothing is held.
    let (status, problem) = emile
        .post(
            &order,
            json!({"pickup_id": pickup, "slot_id": ids[0], "lines": line}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-slot-full");
    assert_eq!(problem["errors"][0]["field"], "slot_id");
    assert_eq!(
        problem["errors"][0]["message"],
        "This time slot is full: choose another one."
    );
    assert_eq!(wallet(emile).await["available"], 3000);
    // Dmitri moves to the second slot: the first is free again.
    let (status, moved) = dmitri
        .call(
            reqwest::Method::PUT,
            &order,
            Some(json!({"pickup_id": pickup, "slot_id": ids[1], "lines": line})),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["id"], mine["id"]);
    assert_eq!(slot_orders(chloe, &cycle, &ids[0]).await, 0);
    assert_eq!(slot_orders(chloe, &cycle, &ids[1]).await, 1);
    let (status, e) = emile
        .post(
            &order,
            json!({"pickup_id": pickup, "slot_id": ids[0], "lines": line}),
        )
        .await;
    assert_eq!(status, 200, "{e}");
    // Staying in one's own full slot is no move: ordering more is fine.
    let (status, more) = dmitri
        .post(
            &order,
            json!({"pickup_id": pickup, "slot_id": ids[1], "lines": line}),
        )
        .await;
    assert_eq!(status, 200, "{more}");
    assert_eq!(more["lines"][0]["quantity"], 2);
    // A slot with orders in it is not split again.
    let (status, problem) = chloe
        .call(reqwest::Method::PUT, &path, Some(json!({"minutes": 60})))
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-slots-taken");
    // A cancelled order frees its place.
    let (status, _) = dmitri
        .post(
            &format!(
                "/api/v1/market/orders/{}/cancel",
                mine["id"].as_str().unwrap()
            ),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(slot_orders(chloe, &cycle, &ids[1]).await, 0);
    // A slot of another pickup point, or of another cycle, is refused.
    let now = now_ms();
    let (status, c) = chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/pickups"),
            json!({"place": "Ferme", "starts_at": now + 9 * DAY, "ends_at": now + 9 * DAY + 3600 * 1000}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let farm_pickup = c["pickups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["place"] == "Ferme")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let farm_slots = slots(chloe, &cycle, &farm_pickup, 5).await;
    assert_eq!(farm_slots.len(), 2);
    let (status, other) = chloe
        .post(
            &format!("/api/v1/market/shops/{shop}/cycles"),
            json!({"name": "Semaine 50", "opens_at": now - 1000, "closes_at": now + 7 * DAY}),
        )
        .await;
    assert_eq!(status, 201, "{other}");
    let other_cycle = other["id"].as_str().unwrap().to_owned();
    let (status, c) = chloe
        .post(
            &format!("/api/v1/market/cycles/{other_cycle}/pickups"),
            json!({"place": "Marché", "starts_at": now + 8 * DAY, "ends_at": now + 8 * DAY + 3600 * 1000}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let other_pickup = c["pickups"][0]["id"].as_str().unwrap().to_owned();
    let other_slots = slots(chloe, &other_cycle, &other_pickup, 5).await;
    for wrong in [&farm_slots[0], &other_slots[0]] {
        let (status, problem) = dmitri
            .post(
                &order,
                json!({"pickup_id": pickup, "slot_id": wrong, "lines": line}),
            )
            .await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["code"], "error-slot-other-pickup");
    }
    assert_eq!(wallet(dmitri).await["available"], 3000);
    kernel::money::check(&app.db).await.unwrap();
}

async fn buyers_racing_for_a_time_slot_get_exactly_its_places(app: &TestApp) {
    let hub = app
        .collective("Coop", "cooperative")
        .people(&["Chloé", "Bruno"])
        .build()
        .await;
    let [chloe, bruno] = [0, 1].map(|i| &hub.people[i].api);
    let hens = seller(bruno, "Poulailler de Bruno", SIRETS[1], None).await;
    let egg = product(bruno, &hens, eggs()).await;
    let egg_v = egg["variants"][0]["id"].as_str().unwrap().to_owned();
    let (_, cycle, pickup) = hub_cycle(chloe, &hub.id, None).await;
    join_cycle(chloe, &cycle, &hens, bruno, &[&egg_v]).await;
    let ids = slots(chloe, &cycle, &pickup, 3).await;
    let mut race = tokio::task::JoinSet::new();
    for api in app.buyers(24, "20").await {
        let body = json!({"pickup_id": pickup, "slot_id": ids[2],
                          "lines": [{"variant_id": egg_v, "quantity": 1}]});
        let path = format!("/api/v1/market/cycles/{cycle}/order");
        race.spawn(async move { api.post(&path, body).await });
    }
    let mut placed = 0;
    while let Some(done) = race.join_next().await {
        let (status, answer) = done.unwrap();
        match status {
            200 => placed += 1,
            422 => assert_eq!(answer["errors"][0]["code"], "error-slot-full", "{answer}"),
            other => panic!("{other}: {answer}"),
        }
    }
    assert_eq!(placed, 3, "exactly the slot's three places");
    assert_eq!(slot_orders(chloe, &cycle, &ids[2]).await, 3);
    kernel::money::check(&app.db).await.unwrap();
}

async fn home_delivery_within_its_zone_pays_its_fee_to_the_shop(app: &TestApp) {
    let hub = app
        .collective("AMAP", "amap")
        .people(&["Chloé", "Bruno", "Dmitri"])
        .wallet(2, "50")
        .build()
        .await;
    let [chloe, bruno, dmitri] = [0, 1, 2].map(|i| &hub.people[i].api);
    let hens = seller(bruno, "Poulailler de Bruno", SIRETS[1], None).await;
    let egg = product(bruno, &hens, eggs()).await;
    let egg_v = egg["variants"][0]["id"].as_str().unwrap().to_owned();
    // The shop is in Lyon (45.75, 4.85).
    let (_, cycle, pickup) = hub_cycle(chloe, &hub.id, None).await;
    join_cycle(chloe, &cycle, &hens, bruno, &[&egg_v]).await;
    let order = format!("/api/v1/market/cycles/{cycle}/order");
    let near = json!({"address": "3 rue des Fleurs, Lyon", "latitude": 45.76, "longitude": 4.86});
    let lines = json!([{"variant_id": egg_v, "quantity": 3}]);
    // Not offered yet.
    let (status, problem) = dmitri
        .post(&order, json!({"delivery": near, "lines": lines}))
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-delivery-not-offered");
    let now = now_ms();
    let terms = json!({"name": "Livraison à domicile", "starts_at": now + 8 * DAY,
                       "ends_at": now + 8 * DAY + 3 * 3600 * 1000, "fee": 500, "max_km": 10, "minimum": 1000});
    let delivery = format!("/api/v1/market/cycles/{cycle}/delivery");
    let (status, _) = dmitri
        .call(reqwest::Method::PUT, &delivery, Some(terms.clone()))
        .await;
    assert_eq!(status, 403, "only those who run the shop");
    let mut bad = terms.clone();
    bad["max_km"] = json!(0);
    let (status, problem) = chloe.call(reqwest::Method::PUT, &delivery, Some(bad)).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-delivery-km");
    let (status, c) = chloe
        .call(reqwest::Method::PUT, &delivery, Some(terms))
        .await;
    assert_eq!(status, 200, "{c}");
    let d = c["pickups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| !p["delivery"].is_null())
        .unwrap()
        .clone();
    assert_eq!(
        d["delivery"],
        json!({"fee": 500, "max_km": 10, "minimum": 1000})
    );
    // Outside the zone: Villefranche-sur-Saône is some 28.5 km away.
    let far = json!({"address": "1 place de la Mairie, Villefranche", "latitude": 45.99, "longitude": 4.72});
    let (status, problem) = dmitri
        .post(&order, json!({"delivery": far, "lines": lines}))
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-delivery-too-far");
    assert_eq!(
        problem["errors"][0]["message"],
        "This address is 28.5 km from the shop; it delivers up to 10 km."
    );
    // The delivery chosen without an address; an order below the minimum.
    let (status, problem) = dmitri
        .post(&order, json!({"pickup_id": d["id"], "lines": lines}))
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-delivery-address");
    let (status, problem) = dmitri
        .post(
            &order,
            json!({"delivery": near, "lines": [{"variant_id": egg_v, "quantity": 2}]}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        problem["errors"][0]["code"],
        "error-delivery-minimum-not-met"
    );
    assert_eq!(wallet(dmitri).await["available"], 5000);
    // Within the zone: 3 eggs (11.70, the hen house under the franchise)
    // and the 5.00 delivery fee, to the shop, and the platform's 5 %.
    let (status, o) = dmitri
        .post(&order, json!({"delivery": near, "lines": lines}))
        .await;
    assert_eq!(status, 200, "{o}");
    assert_eq!(o["pickup_id"], d["id"]);
    assert_eq!(o["delivery_address"], "3 rue des Fleurs, Lyon");
    assert_eq!(o["delivery_km_tenths"], 14);
    assert_eq!(
        (o["items"].as_i64(), o["fees"].as_i64()),
        (Some(1170), Some(500))
    );
    assert_eq!(o["charges"][0]["kind"], "transport");
    assert_eq!(o["charges"][0]["name"], "Livraison à domicile");
    assert_eq!(o["charges"][0]["amount"], 500);
    let (platform_fee, solidarity) = (
        o["platform_fee"].as_i64().unwrap(),
        o["solidarity"].as_i64().unwrap(),
    );
    assert_eq!((platform_fee, o["to_pay"].as_i64()), (84, Some(1754)));
    assert_eq!(wallet(dmitri).await["available"], 5000 - 1754);
    // The address is the member's: in its export.
    let (_, export) = dmitri.get("/api/v1/me/export").await;
    assert_eq!(
        export["market"]["orders"][0]["delivery_address"],
        "3 rue des Fleurs, Lyon"
    );
    // Back to the pickup point: no address, no delivery fee.
    let (status, back) = dmitri
        .call(
            reqwest::Method::PUT,
            &order,
            Some(json!({"pickup_id": pickup, "lines": lines})),
        )
        .await;
    assert_eq!(status, 200, "{back}");
    assert!(back["delivery_address"].is_null());
    assert_eq!(back["fees"], 0);
    let (status, o) = dmitri
        .call(
            reqwest::Method::PUT,
            &order,
            Some(json!({"delivery": near, "lines": lines})),
        )
        .await;
    assert_eq!(status, 200, "{o}");
    // At the close: 11.70 to the hen house, 5.00 to the hub, and the fee
    // split between the platform and the solidarity fund.
    let (status, _) = chloe
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&hens)).await,
        1170
    );
    let treasury = kernel::CollectiveId::from(hub.id.as_str());
    assert_eq!(
        balance(app, kernel::money::Owner::Treasury(&treasury)).await,
        500
    );
    let fees = kernel::money::open_account(&app.db, kernel::money::AccountKind::Fees, "", "EUR")
        .await
        .unwrap()
        .account;
    let fund =
        kernel::money::open_account(&app.db, kernel::money::AccountKind::Solidarity, "", "EUR")
            .await
            .unwrap()
            .account;
    assert_eq!(
        fees.credits_posted as i64 - fees.debits_posted as i64,
        platform_fee - solidarity
    );
    assert_eq!(
        fund.credits_posted as i64 - fund.debits_posted as i64,
        solidarity
    );
    assert!(solidarity > 0 && solidarity < platform_fee, "{solidarity}");
    let w = wallet(dmitri).await;
    assert_eq!(w["balance"], 5000 - 1754);
    kernel::money::check(&app.db).await.unwrap();
    // Erased, the member's address goes; the order stays for the accounts.
    let (status, body) = dmitri
        .post(
            "/api/v1/me/wallet/payments",
            json!({"id": "all", "to_member": hub.people[0].id, "amount": "32.46"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = dmitri.erase_account().await;
    assert!((200..300).contains(&status), "{status}: {body}");
    let (status, o) = chloe
        .get(&format!(
            "/api/v1/market/orders/{}",
            o["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 200, "{o}");
    assert!(o["delivery_address"].is_null(), "{o}");
    assert_eq!(o["delivery_km_tenths"], 14);
}

async fn a_short_wallet_pays_by_card_once_and_only_what_the_order_needs(app: &TestApp) {
    let hub = app
        .collective("AMAP", "amap")
        .people(&["Chloé", "Alice"])
        .build()
        .await;
    let [chloe, alice] = [0, 1].map(|i| &hub.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], None).await;
    let tomato = product(alice, &farm, tomatoes(5)).await;
    let variant = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (_, cycle, pickup) = hub_cycle(chloe, &hub.id, None).await;
    join_cycle(chloe, &cycle, &farm, alice, &[&variant]).await;
    let path = format!("/api/v1/market/cycles/{cycle}/order");
    let order = |quantity: i64, card: Value| json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": quantity}], "card": card});
    let replace = |body: Value| chloe.call(reqwest::Method::PUT, &path, Some(body));
    let balances = || async {
        let w = wallet(chloe).await;
        (
            w["balance"].as_i64().unwrap(),
            w["available"].as_i64().unwrap(),
        )
    };
    // The empty wallet alone does not pay.
    let (status, problem) = chloe.post(&path, order(2, Value::Null)).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-wallet-short");
    // By card: 2 × 4.50 and the 5 % fee, charged into the wallet and held.
    let card = |id: &str| json!({"provider": "demo", "id": id});
    let (status, o) = chloe.post(&path, order(2, card("first"))).await;
    assert_eq!(status, 200, "{o}");
    assert_eq!(o["to_pay"], 945);
    assert_eq!(balances().await, (945, 0));
    // Adding again under the same key is not charged again (and the empty
    // wallet does not pay the addition).
    let (status, problem) = chloe.post(&path, order(2, card("first"))).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-wallet-short");
    assert_eq!(balances().await, (945, 0));
    // The order made the same again charges nothing: it holds it already.
    let (status, same) = replace(order(2, card("again"))).await;
    assert_eq!(status, 200, "{same}");
    assert_eq!(same["id"], o["id"]);
    assert_eq!(balances().await, (945, 0));
    // A bigger order is charged the difference only: 14.18 − 9.45.
    let (status, bigger) = replace(order(3, card("second"))).await;
    assert_eq!(status, 200, "{bigger}");
    assert_eq!(
        (bigger["id"].clone(), bigger["to_pay"].as_i64()),
        (o["id"].clone(), Some(1418))
    );
    assert_eq!(balances().await, (1418, 0));
    // Refused before any charge: beyond the stock, an unknown provider.
    let (status, problem) = replace(order(9, card("third"))).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-out-of-stock");
    let (status, problem) = replace(order(4, json!({"provider": "visa", "id": "fourth"}))).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(balances().await, (1418, 0));
    // A smaller order charges nothing and gives back what it no longer holds.
    let (status, smaller) = replace(order(1, card("fifth"))).await;
    assert_eq!(status, 200, "{smaller}");
    assert_eq!(balances().await, (1418, 1418 - 473));
    kernel::money::check(&app.db).await.unwrap();
}

/// Where the money is taken at collection, an order nobody came for is
/// paid all the same a day after its distribution, once, and its buyer is
/// told; a volunteer can still hand it over late.
async fn an_order_nobody_collects_is_paid_after_its_distribution_once(app: &TestApp) {
    let hub = app
        .collective("Coop du quartier", "cooperative")
        .people(&["Chloé", "Alice"])
        .build()
        .await;
    let [chloe, alice] = [0, 1].map(|i| &hub.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], None).await;
    let tomato = product(alice, &farm, tomatoes(100)).await;
    let variant = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (shop, _, _) = hub_cycle(chloe, &hub.id, None).await;
    let (cycle, pickup, ends_at) = next_cycle(chloe, &shop, "collection").await;
    join_cycle(chloe, &cycle, &farm, alice, &[&variant]).await;
    let buyers = app.buyers(2, "20").await;
    let mut orders = Vec::new();
    for api in &buyers {
        let (status, o) = api
            .post(
                &format!("/api/v1/market/cycles/{cycle}/order"),
                json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 2}]}),
            )
            .await;
        assert_eq!(status, 200, "{o}");
        orders.push(o);
    }
    let (came, absent) = (
        orders[0]["id"].as_str().unwrap(),
        orders[1]["id"].as_str().unwrap(),
    );
    let to_pay = orders[1]["to_pay"].as_i64().unwrap();
    chloe
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    // The settling waits for the end of the distribution and a day's grace.
    let run_at: Vec<i64> =
        sqlx::query_scalar("SELECT run_at FROM jobs WHERE kind = $1 AND payload LIKE $2")
            .bind(market::shops::JOB_UNCOLLECTED)
            .bind(format!("%{cycle}%"))
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert_eq!(run_at, vec![ends_at + market::orders::UNCOLLECTED_GRACE_MS]);
    let (status, _) = chloe
        .post(
            &format!("/api/v1/market/orders/{came}/collected"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    // Run early, it takes nothing.
    market::orders::settle_uncollected(&app.db, &cycle)
        .await
        .unwrap();
    let (_, o) = buyers[1]
        .get(&format!("/api/v1/market/orders/{absent}"))
        .await;
    assert_eq!(
        (o["captured"].as_bool(), o["uncollected_at"].is_null()),
        (Some(false), true)
    );
    // The distribution and its grace are over: the absent buyer's order is
    // paid to the farm and the shop, with its invoice, once.
    sqlx::query("UPDATE market_pickups SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(now_ms() - 3 * DAY)
        .bind(now_ms() - 2 * DAY)
        .bind(&pickup)
        .execute(app.db.writer())
        .await
        .unwrap();
    for _ in 0..2 {
        market::orders::settle_uncollected(&app.db, &cycle)
            .await
            .unwrap();
    }
    let (_, o) = buyers[1]
        .get(&format!("/api/v1/market/orders/{absent}"))
        .await;
    assert_eq!(o["captured"], true, "{o}");
    assert_eq!(o["state"], "placed");
    assert!(o["uncollected_at"].is_i64(), "{o}");
    let w = wallet(&buyers[1]).await;
    assert_eq!(
        (w["balance"].as_i64(), w["pending"].as_i64()),
        (Some(2000 - to_pay), Some(0))
    );
    let (_, series) = alice
        .get(&format!("/api/v1/market/sellers/{farm}/invoices"))
        .await;
    assert_eq!(series.as_array().unwrap().len(), 2, "{series}");
    let told: Vec<String> = sqlx::query_scalar("SELECT kind FROM notifications WHERE link = $1")
        .bind(format!("/market/orders/{absent}"))
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert_eq!(told, vec!["order_uncollected"]);
    // Nothing is left to settle: no job after this one.
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = $1 AND payload LIKE $2")
            .bind(market::shops::JOB_UNCOLLECTED)
            .bind(format!("%{cycle}%"))
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(left, 1);
    // Collected late: handed over, nothing paid twice.
    let (status, o) = chloe
        .post(
            &format!("/api/v1/market/orders/{absent}/collected"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{o}");
    assert_eq!(
        (o["state"].as_str(), o["uncollected_at"].is_null()),
        (Some("collected"), true)
    );
    assert_eq!(wallet(&buyers[1]).await["balance"], 2000 - to_pay);
    let (_, series) = alice
        .get(&format!("/api/v1/market/sellers/{farm}/invoices"))
        .await;
    assert_eq!(series.as_array().unwrap().len(), 2, "{series}");
    kernel::money::check(&app.db).await.unwrap();
}

/// A farm selling alone runs its own shop: its cycle's orders pay the farm
/// both the goods and the shop's fees, and its one invoice per order holds
/// both, in its own series.
async fn a_farm_selling_alone_is_paid_its_goods_and_fees_and_invoices_both(app: &TestApp) {
    let hub = app
        .collective("AMAP", "amap")
        .people(&["Alice", "Dmitri"])
        .wallet(1, "50")
        .build()
        .await;
    let [alice, dmitri] = [0, 1].map(|i| &hub.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], Some("FR83404833048")).await;
    let tomato = product(alice, &farm, tomatoes(10)).await;
    let variant = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (status, shop) = alice
        .post(
            "/api/v1/market/shops",
            json!({"name": "Vente à la ferme", "organisation_id": farm, "address": "Chemin des Lilas",
                   "latitude": 45.6, "longitude": 4.7}),
        )
        .await;
    assert_eq!(status, 201, "{shop}");
    // Dmitri, who does not run the farm, cannot run its shop.
    let (status, _) = dmitri
        .post(
            &format!(
                "/api/v1/market/shops/{}/cycles",
                shop["id"].as_str().unwrap()
            ),
            json!({"name": "Semaine 49", "opens_at": now_ms() - 1000, "closes_at": now_ms() + DAY}),
        )
        .await;
    assert_eq!(status, 403);
    let (cycle, pickup, _) = next_cycle(alice, shop["id"].as_str().unwrap(), "close").await;
    join_cycle(alice, &cycle, &farm, alice, &[&variant]).await;
    let (status, c) = alice
        .post(
            &format!("/api/v1/market/cycles/{cycle}/fees"),
            json!({"name": "Préparation", "kind": "packing", "calculator": "per_order", "amount": 100}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let (status, o) = dmitri
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 2}]}),
        )
        .await;
    assert_eq!(status, 200, "{o}");
    // 2 × 4.50 and 1.00 of packing, all of it to the farm.
    assert_eq!(
        (o["items"].as_i64(), o["fees"].as_i64()),
        (Some(900), Some(100))
    );
    let (status, _) = alice
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await,
        1000
    );
    let (_, series) = alice
        .get(&format!("/api/v1/market/sellers/{farm}/invoices"))
        .await;
    let invoices = series.as_array().unwrap();
    assert_eq!(invoices.len(), 1, "{series}");
    let (status, invoice) = alice
        .get(&format!(
            "/api/v1/market/invoices/{}",
            invoices[0]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 200, "{invoice}");
    assert_eq!(invoice["number"], 1);
    assert_eq!(invoice["with_vat"], 1000, "{invoice}");
    let described: Vec<&str> = invoice["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["description"].as_str().unwrap())
        .collect();
    assert_eq!(described.len(), 2, "{invoice}");
    assert!(described.contains(&"Préparation"), "{invoice}");
    kernel::money::check(&app.db).await.unwrap();
}

async fn a_producer_sees_what_to_bring_to_each_hub(app: &TestApp) {
    let amap = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Dmitri", "Alice", "Bruno"])
        .wallet(1, "50")
        .build()
        .await;
    let canal = app
        .collective("Épicerie du Canal", "cooperative")
        .people(&["Gaëlle", "Hugo"])
        .wallet(1, "50")
        .build()
        .await;
    let [chloe, dmitri, alice, bruno] = [0, 1, 2, 3].map(|i| &amap.people[i].api);
    let (gaelle, hugo) = (&canal.people[0].api, &canal.people[1].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], Some("FR83404833048")).await;
    let hens = seller(bruno, "Poulailler de Bruno", SIRETS[1], None).await;
    let variant = |p: &Value| p["variants"][0]["id"].as_str().unwrap().to_owned();
    let tomato = variant(&product(alice, &farm, tomatoes(20)).await);
    let egg = variant(&product(bruno, &hens, eggs()).await);
    let (_, lilas, lilas_pickup) = hub_cycle(chloe, &amap.id, None).await;
    join_cycle(chloe, &lilas, &farm, alice, &[&tomato]).await;
    join_cycle(chloe, &lilas, &hens, bruno, &[&egg]).await;
    let (_, by_the_canal, canal_pickup) = hub_cycle(gaelle, &canal.id, None).await;
    join_cycle(gaelle, &by_the_canal, &farm, alice, &[&tomato]).await;
    for (buyer, cycle, pickup, lines) in [
        (
            dmitri,
            &lilas,
            &lilas_pickup,
            json!([{"variant_id": tomato, "quantity": 2}, {"variant_id": egg, "quantity": 1}]),
        ),
        (
            hugo,
            &by_the_canal,
            &canal_pickup,
            json!([{"variant_id": tomato, "quantity": 3}]),
        ),
    ] {
        let (status, o) = buyer
            .post(
                &format!("/api/v1/market/cycles/{cycle}/order"),
                json!({"pickup_id": pickup, "lines": lines}),
            )
            .await;
        assert_eq!(status, 200, "{o}");
    }
    let (status, _) = chloe
        .post(&format!("/api/v1/market/cycles/{lilas}/close"), json!({}))
        .await;
    assert_eq!(status, 200);

    // The farm sees what to bring to each hub's pickup point, its own
    // products only, final where the cycle is closed, and all together.
    let url = format!("/api/v1/market/sellers/{farm}/deliveries");
    let (status, d) = alice.get(&url).await;
    assert_eq!(status, 200, "{d}");
    let drops = d["drops"].as_array().unwrap();
    let brought: Vec<(String, bool, Value)> = drops
        .iter()
        .map(|d| {
            (
                d["cycle_id"].as_str().unwrap().to_owned(),
                d["closed"].as_bool().unwrap(),
                d["quantities"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|q| json!([q["product_name"], q["quantity"]]))
                    .collect(),
            )
        })
        .collect();
    let mut expected = vec![
        (lilas.clone(), true, json!([["Tomates rondes", 2]])),
        (by_the_canal.clone(), false, json!([["Tomates rondes", 3]])),
    ];
    let mut got = brought.clone();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got, expected, "{d}");
    assert_eq!(d["total"][0]["quantity"], 5);
    assert_eq!(d["total"].as_array().unwrap().len(), 1, "no eggs: {d}");
    assert!(!d.to_string().contains("Dmitri") && !d.to_string().contains("Hugo"));
    // Only the farm's administrators see it.
    for other in [bruno, chloe, gaelle] {
        let (status, _) = other.get(&url).await;
        assert_eq!(status, 403);
    }
    // A distribution over for more than a day is no longer listed.
    sqlx::query("UPDATE market_pickups SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(now_ms() - 3 * DAY)
        .bind(now_ms() - 2 * DAY)
        .bind(&canal_pickup)
        .execute(app.db.pool())
        .await
        .unwrap();
    let (_, d) = alice.get(&url).await;
    assert_eq!(d["drops"].as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d["total"][0]["quantity"], 2);
    // The page says it in the reader's language.
    let page = amap.people[2]
        .browser
        .text(&format!("/market/sellers/{farm}/deliveries"))
        .await;
    assert!(
        page.contains("What Ferme des Lilas brings") && page.contains("Salle des fêtes"),
        "{page}"
    );
}

async fn buyers_racing_by_card_for_the_last_unit_have_their_card_refunded_when_they_lose(
    app: &TestApp,
) {
    let hub = app
        .collective("AMAP", "amap")
        .people(&["Chloé", "Alice"])
        .build()
        .await;
    let [chloe, alice] = [0, 1].map(|i| &hub.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], None).await;
    let tomato = product(alice, &farm, tomatoes(1)).await;
    let variant = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let (_, cycle, pickup) = hub_cycle(chloe, &hub.id, None).await;
    join_cycle(chloe, &cycle, &farm, alice, &[&variant]).await;
    // Each has 1.00 in the wallet and pays the kilo (4.50 and the fee) by card.
    let racers = app.buyers(12, "1").await;
    let mut race = tokio::task::JoinSet::new();
    for (i, api) in racers.into_iter().enumerate() {
        let (cycle, body) = (
            cycle.clone(),
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 1}],
                   "card": {"provider": "demo", "id": format!("race-{i}")}}),
        );
        race.spawn(async move {
            let (status, answer) = api
                .post(&format!("/api/v1/market/cycles/{cycle}/order"), body)
                .await;
            (status, answer, wallet(&api).await)
        });
    }
    let mut sold = 0;
    while let Some(done) = race.join_next().await {
        let (status, answer, wallet) = done.unwrap();
        let both = (wallet["balance"].as_i64(), wallet["available"].as_i64());
        match status {
            200 => {
                sold += 1;
                // The card paid the order; the wallet's 1.00 is untouched.
                let to_pay = answer["to_pay"].as_i64().unwrap();
                assert_eq!(both, (Some(100 + to_pay), Some(100)), "{wallet}");
            }
            422 => {
                assert_eq!(
                    answer["errors"][0]["code"], "error-out-of-stock",
                    "{answer}"
                );
                // Whatever the card was charged came back to it.
                assert_eq!(both, (Some(100), Some(100)), "{wallet}");
            }
            other => panic!("{other}: {answer}"),
        }
    }
    assert_eq!(sold, 1);
    kernel::money::check(&app.db).await.unwrap();
    // The losers priced the order before the winner held it, so were
    // charged (all eleven, in practice): the refunds went through.
    let refunds: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ledger_transfers WHERE code = 'refund.demo'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert!((1..=11).contains(&refunds), "{refunds}");

    // The refund itself: once per top-up, from the wallet to the card.
    let member = kernel::MemberId::from(hub.people[0].id.as_str());
    let provider = kernel::payments::DemoProvider;
    let amount = kernel::money::Amount::new(500).unwrap();
    kernel::wallet::top_up(&app.db, &provider, &member, "card-1", amount)
        .await
        .unwrap();
    assert_eq!(wallet(chloe).await["balance"], 500);
    let refund = kernel::wallet::refund_top_up(&app.db, &provider, &member, "card-1")
        .await
        .unwrap();
    let again = kernel::wallet::refund_top_up(&app.db, &provider, &member, "card-1")
        .await
        .unwrap();
    assert_eq!(refund.transfer.id, again.transfer.id);
    assert_eq!(wallet(chloe).await["balance"], 0);
    assert!(matches!(
        kernel::wallet::refund_top_up(&app.db, &provider, &member, "no-such-top-up").await,
        Err(kernel::AppError::NotFound)
    ));
    // The provider is asked by a durable job, enqueued once with the debit.
    let job = format!("{}:{}", kernel::wallet::JOB_REFUND, refund.transfer.id);
    let done = |key: String| {
        let db = app.db.clone();
        async move {
            for _ in 0..400 {
                let done: Option<Option<i64>> =
                    sqlx::query_scalar("SELECT done_at FROM jobs WHERE dedupe_key = $1")
                        .bind(&key)
                        .fetch_optional(db.pool())
                        .await
                        .unwrap();
                if let Some(Some(_)) = done {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
            panic!("the job {key} did not run");
        }
    };
    done(job).await;
    assert_eq!(wallet(chloe).await["balance"], 0);
    // A provider that refuses the refund: the wallet gets the money back.
    kernel::jobs::enqueue(
        &app.db,
        kernel::jobs::NewJob {
            dedupe_key: Some("refused-refund".into()),
            ..kernel::jobs::NewJob::now(
                kernel::wallet::JOB_REFUND,
                &json!({"provider": "demo", "member_id": member.as_str(), "refund_id": refund.transfer.id,
                        "charge_id": "not-a-demo-charge", "amount": 500}),
            )
        },
    )
    .await
    .unwrap();
    done("refused-refund".into()).await;
    assert_eq!(wallet(chloe).await["balance"], 500);
    kernel::money::check(&app.db).await.unwrap();
}

/// Open Food Network's coordinator and distributor: the AMAP's shop runs
/// the cycle, the village grocery (another collective) distributes part of
/// it at its own pickup point with its own fee. Each order pays the fee of
/// the hub it is collected at, that hub's runners hand it over, and no one
/// else's.
async fn another_hub_distributes_the_cycle_with_its_own_offer_pickups_and_fees(app: &TestApp) {
    let amap = app
        .collective("AMAP", "amap")
        .people(&["Chloé", "Alice", "Dmitri", "Ève"])
        .wallet(2, "30")
        .build()
        .await;
    let [chloe, alice, dmitri, eve] = [0, 1, 2, 3].map(|i| &amap.people[i].api);
    let grocery = app
        .collective("Épicerie du Bourg", "cooperative")
        .people(&["Bruno", "Gaspard", "Hélène"])
        .wallet(1, "30")
        .build()
        .await;
    let [bruno, gaspard, helene] = [0, 1, 2].map(|i| &grocery.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], None).await;
    let tomato = product(alice, &farm, tomatoes(10)).await;
    let tomato = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let egg = product(alice, &farm, eggs()).await;
    let egg = egg["variants"][0]["id"].as_str().unwrap().to_owned();
    let (shop, cycle, pickup) = hub_cycle(chloe, &amap.id, None).await;
    join_cycle(chloe, &cycle, &farm, alice, &[&tomato, &egg]).await;
    let (status, b) = bruno
        .post(
            "/api/v1/market/shops",
            json!({"name": "Épicerie du Bourg", "collective_id": grocery.id}),
        )
        .await;
    assert_eq!(status, 201, "{b}");
    let b_shop = b["id"].as_str().unwrap().to_owned();
    let hubs = format!("/api/v1/market/cycles/{cycle}/hubs");

    // Only the coordinating shop invites, and only another collective's shop.
    let (status, _) = eve.post(&hubs, json!({"shop_id": b_shop})).await;
    assert_eq!(status, 403);
    let (status, p) = chloe.post(&hubs, json!({"shop_id": shop})).await;
    assert_eq!(status, 422, "{p}");
    assert_eq!(p["errors"][0]["code"], "error-hub-not-a-hub");
    let (status, p) = chloe.post(&hubs, json!({"shop_id": "nope"})).await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (422, Some("error-hub-unknown"))
    );
    let (status, c) = chloe.post(&hubs, json!({"shop_id": b_shop})).await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["hubs"][0]["accepted"], false);

    // Invited is not yet distributing: no pickup point of its own, and the
    // coordinator does not choose its offer for it.
    let now = now_ms();
    let b_pickup = json!({"place": "Épicerie", "starts_at": now + 8 * DAY, "ends_at": now + 8 * DAY + 3_600_000,
                          "hub_id": b_shop});
    let pickups = format!("/api/v1/market/cycles/{cycle}/pickups");
    let (status, p) = bruno.post(&pickups, b_pickup.clone()).await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (422, Some("error-hub-not-in-cycle"))
    );
    let offer = format!("/api/v1/market/cycles/{cycle}/hubs/{b_shop}/offer");
    let (status, p) = chloe
        .call(
            reqwest::Method::PUT,
            &offer,
            Some(json!({"variant_ids": [tomato]})),
        )
        .await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (422, Some("error-hub-not-accepted"))
    );
    let (status, _) = eve
        .call(
            reqwest::Method::PUT,
            &offer,
            Some(json!({"variant_ids": [tomato]})),
        )
        .await;
    assert_eq!(status, 403);
    let (status, p) = bruno
        .call(
            reqwest::Method::PUT,
            &offer,
            Some(json!({"variant_ids": ["not-in-cycle"]})),
        )
        .await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (422, Some("error-variant-not-in-cycle"))
    );
    // The grocery accepts by choosing what it offers: the tomatoes only.
    let (status, c) = bruno
        .call(
            reqwest::Method::PUT,
            &offer,
            Some(json!({"variant_ids": [tomato]})),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["hubs"][0]["accepted"], true);
    assert_eq!(c["hubs"][0]["variant_ids"], json!([tomato]));
    let (status, c) = bruno.post(&pickups, b_pickup).await;
    assert_eq!(status, 200, "{c}");
    let b_pickup = c["pickups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["hub_id"] == b_shop.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Fees: the coordinator's on every order, the grocery's on its own.
    let fees = format!("/api/v1/market/cycles/{cycle}/fees");
    let fee = |name: &str, cents: i64, hub: Option<&str>| json!({"name": name, "kind": "admin", "calculator": "per_item", "amount": cents, "hub_id": hub});
    let (status, _) = bruno.post(&fees, fee("Pirate", 500, None)).await;
    assert_eq!(status, 403);
    let (status, _) = eve.post(&fees, fee("Pirate", 500, Some(&b_shop))).await;
    assert_eq!(status, 403);
    let (status, p) = alice
        .post(
            &fees,
            json!({"seller_id": farm, "hub_id": b_shop, "name": "Deux", "kind": "admin",
                            "calculator": "per_item", "amount": 5}),
        )
        .await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (422, Some("error-fee-one-payee"))
    );
    let (status, c) = chloe.post(&fees, fee("Gestion de l'AMAP", 10, None)).await;
    assert_eq!(status, 200);
    let a_fee = c["fees"][0]["id"].as_str().unwrap().to_owned();
    let (status, c) = bruno
        .post(&fees, fee("Local de l'épicerie", 20, Some(&b_shop)))
        .await;
    assert_eq!(status, 200, "{c}");
    // The grocery runs its own things only: not the AMAP's fee, pickup
    // point or home delivery.
    let (status, _) = bruno
        .call(reqwest::Method::DELETE, &format!("{fees}/{a_fee}"), None)
        .await;
    assert_eq!(status, 403);
    let (status, _) = bruno
        .call(
            reqwest::Method::PUT,
            &format!("{pickups}/{pickup}/slots"),
            Some(json!({"minutes": 30})),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = bruno
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/cycles/{cycle}/delivery"),
            Some(json!({"name": "Livraison", "starts_at": now + 8 * DAY, "ends_at": now + 8 * DAY + 3_600_000,
                        "fee": 100, "max_km": 5})),
        )
        .await;
    assert_eq!(status, 403);

    // Each front shows its own offer, priced with its own fees.
    let (status, at_b) = gaspard
        .get(&format!("/api/v1/market/cycles/{cycle}/offer?hub={b_shop}"))
        .await;
    assert_eq!(status, 200, "{at_b}");
    assert_eq!(at_b.as_array().unwrap().len(), 1, "{at_b}");
    assert_eq!(at_b[0]["variants"][0]["price_with_fees"], 450 + 10 + 20);
    let (_, at_a) = dmitri
        .get(&format!("/api/v1/market/cycles/{cycle}/offer"))
        .await;
    assert_eq!(at_a.as_array().unwrap().len(), 2, "{at_a}");
    let tomatoes_at_a = at_a
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["variants"][0]["variant"]["id"] == tomato.as_str())
        .unwrap();
    assert_eq!(tomatoes_at_a["variants"][0]["price_with_fees"], 450 + 10);
    let (status, _) = gaspard
        .get(&format!("/api/v1/market/cycles/{cycle}/offer?hub=nope"))
        .await;
    assert_eq!(status, 404);

    // An order at the grocery's pickup point buys what it offers, with its fee.
    let order = format!("/api/v1/market/cycles/{cycle}/order");
    let (status, p) = gaspard
        .post(
            &order,
            json!({"pickup_id": b_pickup, "lines": [{"variant_id": egg, "quantity": 1}]}),
        )
        .await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (422, Some("error-variant-not-at-hub"))
    );
    let (status, at_b_order) = gaspard
        .post(
            &order,
            json!({"pickup_id": b_pickup, "lines": [{"variant_id": tomato, "quantity": 2}]}),
        )
        .await;
    assert_eq!(status, 200, "{at_b_order}");
    assert_eq!(at_b_order["total"], 2 * (450 + 10 + 20));
    let hub_charge = at_b_order["charges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["hub_id"] == b_shop.as_str())
        .expect("the grocery's fee");
    assert_eq!(hub_charge["amount"], 40);
    let (status, at_a_order) = dmitri
        .post(
            &order,
            json!({"pickup_id": pickup, "lines": [{"variant_id": tomato, "quantity": 1},
                                                           {"variant_id": egg, "quantity": 1}]}),
        )
        .await;
    assert_eq!(status, 200, "{at_a_order}");
    assert_eq!(at_a_order["total"], 450 + 390 + 2 * 10);
    assert!(
        at_a_order["charges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["hub_id"].is_null()),
        "{at_a_order}"
    );

    // At the close each hub's treasury is paid its own fees.
    let (status, _) = chloe
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, 200);
    let treasury = |id: &str| kernel::CollectiveId::from(id);
    let b_treasury = treasury(&grocery.id);
    let a_treasury = treasury(&amap.id);
    assert_eq!(
        balance(app, kernel::money::Owner::Treasury(&b_treasury)).await,
        40
    );
    assert_eq!(
        balance(app, kernel::money::Owner::Treasury(&a_treasury)).await,
        2 * 10 + 2 * 10
    );
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await,
        3 * 450 + 390
    );
    kernel::money::check(&app.db).await.unwrap();

    // The grocery's coordinator prepares the orders at its pickup point
    // only, with their buyers.
    let (status, prep) = bruno
        .get(&format!("/api/v1/market/cycles/{cycle}/preparation"))
        .await;
    assert_eq!(status, 200, "{prep}");
    assert_eq!(prep["pickups"].as_array().unwrap().len(), 1, "{prep}");
    assert_eq!(
        prep["pickups"][0]["labels"][0]["buyer"], "Gaspard",
        "{prep}"
    );
    assert_eq!(prep["total"][0]["quantity"], 2, "{prep}");
    let (status, _) = eve
        .get(&format!("/api/v1/market/cycles/{cycle}/preparation"))
        .await;
    assert_eq!(status, 403);

    // The grocery's coordinator hands over the orders at its pickup point
    // only; the AMAP's sees them all.
    let b_order = at_b_order["id"].as_str().unwrap();
    let a_order = at_a_order["id"].as_str().unwrap();
    let sheet = format!("/api/v1/market/cycles/{cycle}/distribution");
    let (status, s) = bruno.get(&sheet).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s.as_array().unwrap().len(), 1, "{s}");
    assert_eq!(s[0]["order_id"], b_order);
    let (_, s) = chloe.get(&sheet).await;
    assert_eq!(s.as_array().unwrap().len(), 2, "{s}");
    let (status, _) = bruno.get(&format!("/api/v1/market/orders/{a_order}")).await;
    assert_eq!(status, 404);
    let (status, _) = bruno
        .post(
            &format!("/api/v1/market/orders/{a_order}/collected"),
            json!({}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, o) = bruno
        .post(
            &format!("/api/v1/market/orders/{b_order}/collected"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{o}");
    assert_eq!(o["state"], "collected");
    // A member of the AMAP who did not volunteer sees no sheet.
    let (status, _) = eve.get(&sheet).await;
    assert_eq!(status, 403);

    // A member of the grocery volunteers: she hands over the grocery's
    // orders only, and settles what was missing from them; the refund
    // comes back from the grocery's treasury for its fee.
    let (status, _) = helene
        .post(
            &format!("/api/v1/market/cycles/{cycle}/volunteers"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, s) = helene.get(&sheet).await;
    assert_eq!(s.as_array().unwrap().len(), 1, "{s}");
    let missing = |order: &str| format!("/api/v1/market/orders/{order}/missing");
    let one = json!({"lines": [{"variant_id": tomato, "quantity": 1}]});
    let (status, _) = helene.post(&missing(a_order), one.clone()).await;
    assert_eq!(status, 404);
    let (status, o) = helene.post(&missing(b_order), one).await;
    assert_eq!(status, 200, "{o}");
    assert_eq!(
        balance(app, kernel::money::Owner::Treasury(&b_treasury)).await,
        20
    );
    assert_eq!(
        balance(app, kernel::money::Owner::Treasury(&a_treasury)).await,
        2 * 10 + 10
    );
    assert_eq!(
        balance(app, kernel::money::Owner::Organisation(&farm)).await,
        2 * 450 + 390
    );
    kernel::money::check(&app.db).await.unwrap();
}
