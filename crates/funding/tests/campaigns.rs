//! Crowdfunding campaigns over HTTP, on both databases: launching one (and
//! the launches refused), pledges held and changed and withdrawn, reward
//! stocks never oversold (300 backers racing for the last 5), the
//! settlement at the deadline (funded, failed, keep-what-you-raise,
//! cancelled, a restart in the middle), updates and offers, the pages'
//! forms, and the member's data.

mod common;

use common::{
    DAY, available, deadline_passes, id, launch, ledger_ok, log_entries, oven, pledge, reward,
};
use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms};

async fn campaign(api: &Api, c: &Value) -> Value {
    let (status, view) = api
        .get(&format!("/api/v1/funding/campaigns/{}", id(c)))
        .await;
    assert_eq!(status, 200, "{view}");
    view
}

async fn treasury(api: &Api, collective: &str) -> i64 {
    let (status, t) = api
        .get(&format!("/api/v1/collectives/{collective}/treasury"))
        .await;
    assert_eq!(status, 200, "{t}");
    t["balance"].as_i64().unwrap()
}

async fn settle(app: &TestApp, c: &Value) {
    funding::settle::settle(&app.db, &id(c)).await.unwrap();
}

async fn a_funded_campaign_pays_its_collective_to_the_cent(app: &TestApp) {
    let fournil = app
        .collective("Fournil coopératif", "cooperative")
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux"])
        .wallet(1, "500")
        .wallet(2, "500")
        .build()
        .await;
    // The demo provider takes 500 € at a time.
    for person in &fournil.people[1..] {
        person.top_up("more", "300").await;
    }
    let [alice, bruno, chloe] = [0, 1, 2].map(|i| &fournil.people[i].api);
    let mut body = oven(true, 5);
    body["collective_id"] = json!(fournil.id);
    let c = launch(alice, body).await;
    assert_eq!(c["beneficiary"], "Fournil coopératif", "{c}");
    assert_eq!(c["phase"], "open");

    // Bruno: 600 € for the baking course; the 5 % fee held on top.
    let start = available(bruno).await;
    let (status, p) = pledge(
        bruno,
        &c,
        json!({"amount": 60000, "reward_id": reward(&c, 2), "public": true}),
    )
    .await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(
        (p["amount"].as_i64(), p["fee"].as_i64()),
        (Some(60000), Some(3000))
    );
    assert_eq!(start - available(bruno).await, 63000);
    // Chloé: 500 €, anonymous.
    let (status, p) = pledge(chloe, &c, json!({"amount": 50000, "public": false})).await;
    assert_eq!(status, 200, "{p}");

    let view = campaign(alice, &c).await;
    assert_eq!(view["pledged"], 110000, "{view}");
    assert_eq!(view["backers"], 2);
    assert_eq!(view["rewards"][2]["taken"], 1);
    assert_eq!(view["rewards"][2]["left"], 4);
    let (_, backers) = alice
        .get(&format!("/api/v1/funding/campaigns/{}/backers", id(&c)))
        .await;
    assert_eq!(backers["named"], json!(["Bruno Petit"]), "{backers}");
    assert_eq!(backers["anonymous"], 1);

    // The deadline passes; the job settles it.
    deadline_passes(app, &c).await;
    let before = treasury(alice, &fournil.id).await;
    settle(app, &c).await;
    let view = campaign(alice, &c).await;
    assert_eq!(view["state"], "funded", "{view}");
    assert_eq!(
        view["breakdown"],
        json!({"raised": 110000, "backed": 0, "platform": 4400, "solidarity": 1100})
    );
    assert_eq!(treasury(alice, &fournil.id).await - before, 110000);
    assert_eq!(start - available(bruno).await, 63000, "paid once");
    let (_, mine) = bruno
        .get(&format!("/api/v1/funding/campaigns/{}/pledge", id(&c)))
        .await;
    assert_eq!(mine["outcome"], "captured", "{mine}");
    assert!(
        bruno
            .notification_texts()
            .await
            .iter()
            .any(|t| t.contains("Un four pour le fournil")),
        "the backer is told"
    );
    // Totals only in the public log.
    let funded = log_entries(alice, "funding.funded").await;
    assert_eq!(funded.len(), 1);
    assert_eq!(funded[0]["raised"], 110000, "{}", funded[0]);
    assert_eq!(funded[0]["backers"], 2);
    let mut keys: Vec<&str> = funded[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "backed",
            "backers",
            "platform",
            "raised",
            "solidarity",
            "type"
        ],
        "no backer named"
    );
    // Settling again moves nothing.
    settle(app, &c).await;
    assert_eq!(treasury(alice, &fournil.id).await - before, 110000);
    assert_eq!(log_entries(alice, "funding.funded").await.len(), 1);
    // Closed: no more pledges.
    let (status, problem) = pledge(chloe, &c, json!({"amount": 1000})).await;
    assert_eq!(status, 409, "{problem}");
    ledger_ok(app).await;
}

async fn below_its_minimum_an_all_or_nothing_campaign_releases_every_pledge(app: &TestApp) {
    let people = app
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux"])
        .await;
    for (i, p) in people.iter().enumerate() {
        p.top_up(&format!("fund-{i}"), "500").await;
    }
    let (alice, bruno, chloe) = (&people[0].api, &people[1].api, &people[2].api);
    let c = launch(alice, oven(true, 5)).await;
    assert_eq!(c["beneficiary"], "Alice Martin");
    let start = available(bruno).await;
    assert_eq!(pledge(bruno, &c, json!({"amount": 20000})).await.0, 200);
    assert_eq!(pledge(chloe, &c, json!({"amount": 10000})).await.0, 200);
    deadline_passes(app, &c).await;
    settle(app, &c).await;
    let view = campaign(alice, &c).await;
    assert_eq!(view["state"], "failed", "{view}");
    assert!(view["breakdown"].is_null());
    assert_eq!(
        available(bruno).await,
        start,
        "released whole, fee included"
    );
    assert_eq!(available(chloe).await, start);
    let failed = log_entries(alice, "funding.failed").await;
    assert_eq!(failed[0]["released"], 30000, "{failed:?}");
    ledger_ok(app).await;
}

async fn keep_what_you_raise_pays_even_below_the_minimum(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    people[1].top_up("fund", "500").await;
    let (alice, bruno) = (&people[0].api, &people[1].api);
    let c = launch(alice, oven(false, 5)).await;
    let owner_before = available(alice).await;
    assert_eq!(pledge(bruno, &c, json!({"amount": 30000})).await.0, 200);
    deadline_passes(app, &c).await;
    settle(app, &c).await;
    let view = campaign(alice, &c).await;
    assert_eq!(view["state"], "funded", "{view}");
    assert_eq!(view["breakdown"]["raised"], 30000);
    // No collective: the owner's wallet is paid.
    assert_eq!(available(alice).await - owner_before, 30000);
    ledger_ok(app).await;
}

async fn a_pledge_changes_and_is_withdrawn_its_hold_replaced_then_released(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    people[1].top_up("fund", "500").await;
    let (alice, bruno) = (&people[0].api, &people[1].api);
    let c = launch(alice, oven(true, 5)).await;
    let start = available(bruno).await;
    let (status, p) = pledge(
        bruno,
        &c,
        json!({"amount": 2000, "reward_id": reward(&c, 0), "public": true}),
    )
    .await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(start - available(bruno).await, 2100);
    // The amount alone changed: the reward and the choices stay.
    let (status, p) = pledge(bruno, &c, json!({"amount": 2500})).await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["reward_title"], "Un pain", "{p}");
    assert_eq!(p["public"], true, "{p}");
    assert_eq!(start - available(bruno).await, 2625);
    // Raised to 60 €, for the batch of ten loaves: the hold replaced, the
    // first reward back in stock.
    let (status, p) = pledge(
        bruno,
        &c,
        json!({"amount": 6000, "reward_id": reward(&c, 1), "mail_updates": false}),
    )
    .await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["reward_title"], "Une fournée");
    assert_eq!(p["mail_updates"], false);
    assert_eq!(p["public"], true, "kept");
    assert_eq!(start - available(bruno).await, 6300);
    let view = campaign(alice, &c).await;
    assert_eq!(
        (
            view["rewards"][0]["taken"].as_i64(),
            view["rewards"][1]["taken"].as_i64()
        ),
        (Some(0), Some(1))
    );
    assert_eq!(view["pledged"], 6000);
    // Withdrawn: all of it released, the reward back.
    let at = format!("/api/v1/funding/campaigns/{}/pledge", id(&c));
    let (status, _) = bruno.call(reqwest::Method::DELETE, &at, None).await;
    assert_eq!(status, 204);
    assert_eq!(available(bruno).await, start);
    let view = campaign(alice, &c).await;
    assert_eq!(view["rewards"][1]["taken"], 0);
    assert_eq!(
        (view["pledged"].as_i64(), view["backers"].as_i64()),
        (Some(0), Some(0))
    );
    assert_eq!(bruno.call(reqwest::Method::DELETE, &at, None).await.0, 404);
    // And pledged again: a hold of its own.
    assert_eq!(pledge(bruno, &c, json!({"amount": 1500})).await.0, 200);
    assert_eq!(start - available(bruno).await, 1575);
    ledger_ok(app).await;
}

async fn bad_launches_and_pledges_are_refused_and_nothing_is_written(app: &TestApp) {
    let people = app
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux"])
        .await;
    people[1].top_up("fund", "50").await;
    let (alice, bruno, chloe) = (&people[0].api, &people[1].api, &people[2].api);
    let other = app
        .collective("Autre collectif", "association")
        .people(&["Dmitri Ivanov"])
        .build()
        .await;
    let refused = |mut body: Value, change: Value| {
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    for (change, field) in [
        (json!({"minimum": 0}), "minimum"),
        (json!({"minimum": -5}), "minimum"),
        (json!({"optimum": 50000}), "optimum"),
        (json!({"deadline_at": now_ms() - DAY}), "deadline_at"),
        (json!({"deadline_at": now_ms() + 120 * DAY}), "deadline_at"),
        (json!({"title": "  "}), "title"),
        (
            json!({"rewards": [{"title": "Rien", "minimum": 0}]}),
            "rewards",
        ),
        (
            json!({"rewards": [{"title": "Trop", "minimum": 100, "stock": 0}]}),
            "rewards",
        ),
        (
            json!({"asks": [{"kind": "money", "title": "Autre", "needed": 1}]}),
            "asks",
        ),
        (
            json!({"asks": [{"kind": "time", "title": "Aide", "needed": 0}]}),
            "asks",
        ),
        (json!({"collective_id": other.id}), "collective_id"),
    ] {
        let body = refused(oven(true, 5), change.clone());
        let (status, problem) = alice.post("/api/v1/funding/campaigns", body).await;
        assert_eq!(status, 422, "{change}: {problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{change}: {problem}");
    }
    let (_, list) = alice.get("/api/v1/funding/campaigns").await;
    assert_eq!(list.as_array().unwrap().len(), 0, "nothing launched");

    let c = launch(alice, oven(true, 1)).await;
    let elsewhere = launch(chloe, oven(true, 1)).await;
    let start = available(bruno).await;
    for (body, status, code) in [
        (json!({"amount": 0}), 422, "error-funding-amount"),
        (json!({"amount": -100}), 422, "error-funding-amount"),
        (
            json!({"amount": 2_000_000_000i64}),
            422,
            "error-funding-amount",
        ),
        (
            json!({"amount": 500, "reward_id": reward(&c, 1)}),
            422,
            "error-funding-below-reward",
        ),
        (
            json!({"amount": 5000, "reward_id": reward(&elsewhere, 1)}),
            422,
            "error-funding-reward-unknown",
        ),
        // 60 € and its fee: more than the wallet has.
        (json!({"amount": 6000}), 409, ""),
    ] {
        let (got, problem) = pledge(bruno, &c, body.clone()).await;
        assert_eq!(got, status, "{body}: {problem}");
        if !code.is_empty() {
            assert!(problem.to_string().contains(code), "{body}: {problem}");
        }
        assert_eq!(available(bruno).await, start, "nothing held for {body}");
    }
    // A reward taken by a pledge the wallet cannot cover goes back.
    let (status, problem) = pledge(
        bruno,
        &c,
        json!({"amount": 5000, "reward_id": reward(&c, 1)}),
    )
    .await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(campaign(bruno, &c).await["rewards"][1]["taken"], 0);
    assert_eq!(available(bruno).await, start);
    // The last course taken by Chloé: none left for Bruno.
    people[2].top_up("fund", "200").await;
    assert_eq!(
        pledge(
            chloe,
            &c,
            json!({"amount": 10000, "reward_id": reward(&c, 2)})
        )
        .await
        .0,
        200
    );
    people[1].top_up("fund-2", "200").await;
    let start = available(bruno).await;
    let (status, problem) = pledge(
        bruno,
        &c,
        json!({"amount": 10000, "reward_id": reward(&c, 2)}),
    )
    .await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem.to_string().contains("funding-reward-gone"),
        "{problem}"
    );
    assert_eq!(available(bruno).await, start);
    // After the deadline.
    deadline_passes(app, &c).await;
    let (status, problem) = pledge(bruno, &c, json!({"amount": 1000})).await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem.to_string().contains("funding-closed"), "{problem}");
    let at = format!("/api/v1/funding/campaigns/{}/pledge", id(&c));
    assert_eq!(
        chloe.call(reqwest::Method::DELETE, &at, None).await.0,
        409,
        "withdrawn too late"
    );
    assert_eq!(available(bruno).await, start);
    ledger_ok(app).await;
}

async fn three_hundred_backers_race_for_the_last_five_rewards(app: &TestApp) {
    let (alice, _) = app.api_member("alice@example.org", "Alice Martin").await;
    let c = launch(&alice, oven(true, 5)).await;
    let course = reward(&c, 2);
    let racers = app.buyers(300, "150").await;
    let mut race = tokio::task::JoinSet::new();
    for api in racers {
        let (c, course) = (c.clone(), course.clone());
        race.spawn(async move {
            let (status, answer) =
                pledge(&api, &c, json!({"amount": 10000, "reward_id": course})).await;
            (status, answer, available(&api).await)
        });
    }
    let mut won = 0;
    while let Some(done) = race.join_next().await {
        let (status, answer, available) = done.unwrap();
        match status {
            200 => {
                won += 1;
                assert_eq!(available, 15000 - 10500, "{answer}");
            }
            409 => {
                assert!(
                    answer.to_string().contains("funding-reward-gone"),
                    "{answer}"
                );
                assert_eq!(available, 15000, "refused: nothing held");
            }
            other => panic!("{other}: {answer}"),
        }
    }
    assert_eq!(won, 5, "exactly the five courses are taken");
    let view = campaign(&alice, &c).await;
    assert_eq!(view["rewards"][2]["taken"], 5, "{view}");
    assert_eq!(view["rewards"][2]["left"], 0);
    assert_eq!(view["backers"], 5);
    let page = alice.page(&format!("/funding/{}", id(&c))).await;
    assert!(
        page.contains("chart-growth"),
        "the chart, from five backers"
    );
    ledger_ok(app).await;
}

async fn a_restart_in_the_middle_of_the_settlement_neither_doubles_nor_loses(app: &TestApp) {
    let names = [
        "Alice Martin",
        "Bruno Petit",
        "Chloé Roux",
        "Dmitri Ivanov",
        "Emile Blanc",
    ];
    let people = app.people(&names).await;
    for (i, p) in people.iter().enumerate() {
        p.top_up(&format!("fund-{i}"), "500").await;
    }
    let alice = &people[0].api;
    let c = launch(alice, oven(true, 5)).await;
    let start = available(&people[1].api).await;
    for person in &people[1..] {
        assert_eq!(
            pledge(&person.api, &c, json!({"amount": 30000})).await.0,
            200
        );
    }
    let owner_before = available(alice).await;
    deadline_passes(app, &c).await;
    // Two pledges, then the job stops.
    funding::settle::settle_some(&app.db, &id(&c), Some(2))
        .await
        .unwrap();
    assert_eq!(campaign(alice, &c).await["state"], "settling");
    let outcomes: Vec<(Option<String>,)> =
        sqlx::query_as("SELECT outcome FROM funding_pledges WHERE campaign_id = $1")
            .bind(id(&c))
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let captured = outcomes
        .iter()
        .filter(|o| o.0.as_deref() == Some("captured"))
        .count();
    assert_eq!((captured, outcomes.len()), (2, 4), "two settled, two held");
    // It runs again, whole, and once more.
    settle(app, &c).await;
    settle(app, &c).await;
    for person in &people[1..] {
        assert_eq!(start - available(&person.api).await, 31500, "paid once");
    }
    assert_eq!(available(alice).await - owner_before, 4 * 30000);
    let view = campaign(alice, &c).await;
    assert_eq!(view["state"], "funded");
    assert_eq!(view["breakdown"]["raised"], 120000);
    ledger_ok(app).await;
}

async fn its_runners_cancel_and_every_pledge_is_released(app: &TestApp) {
    let fournil = app
        .collective("Fournil coopératif", "cooperative")
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux"])
        .role(2, "coordinator")
        .wallet(1, "500")
        .build()
        .await;
    let [alice, bruno, chloe] = [0, 1, 2].map(|i| &fournil.people[i].api);
    let mut body = oven(true, 5);
    body["collective_id"] = json!(fournil.id);
    let c = launch(alice, body).await;
    let start = available(bruno).await;
    let course = json!({"amount": 20000, "reward_id": reward(&c, 2)});
    assert_eq!(pledge(bruno, &c, course).await.0, 200);
    let at = format!("/api/v1/funding/campaigns/{}/cancel", id(&c));
    assert_eq!(bruno.post(&at, json!({})).await.0, 403, "a backer does not");
    // Alice launched it but no longer coordinates the collective.
    fournil.people[2]
        .set_role(&fournil.id, &fournil.people[0].id, "member")
        .await;
    assert_eq!(
        alice.post(&at, json!({})).await.0,
        403,
        "nor a former coordinator"
    );
    let (status, view) = chloe.post(&at, json!({})).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["phase"], "closed");
    assert_eq!(pledge(bruno, &c, json!({"amount": 1000})).await.0, 409);
    // The settlement job, run at once, releases every pledge.
    for _ in 0..200 {
        if campaign(chloe, &c).await["state"] == "failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(campaign(chloe, &c).await["state"], "failed");
    assert_eq!(available(bruno).await, start);
    assert_eq!(chloe.post(&at, json!({})).await.0, 409);
    ledger_ok(app).await;
}

async fn updates_reach_backers_as_each_chose_and_offers_reach_the_runners(app: &TestApp) {
    let people = app
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux"])
        .await;
    for (i, p) in people.iter().enumerate() {
        p.top_up(&format!("fund-{i}"), "100").await;
    }
    let (alice, bruno, chloe) = (&people[0].api, &people[1].api, &people[2].api);
    let mut body = oven(true, 5);
    body["asks"] = json!([{"kind": "lend", "title": "Une remorque", "needed": 1}]);
    let c = launch(alice, body).await;
    assert_eq!(pledge(bruno, &c, json!({"amount": 1000})).await.0, 200);
    assert_eq!(
        pledge(chloe, &c, json!({"amount": 1000, "mail_updates": false}))
            .await
            .0,
        200
    );
    let at = format!("/api/v1/funding/campaigns/{}/updates", id(&c));
    let update = json!({"title": "Le maçon est trouvé", "body": "Les travaux commencent en mars."});
    assert_eq!(
        bruno.post(&at, update.clone()).await.0,
        403,
        "backers do not post"
    );
    let (status, problem) = alice
        .post(&at, json!({"title": "Vide", "body": "  "}))
        .await;
    assert_eq!(status, 422, "{problem}");
    let (status, posted) = alice.post(&at, update).await;
    assert_eq!(status, 201, "{posted}");
    // Bruno asked for mails; Chloé sees it on the site only.
    app.mail_to("bruno@example.org", "travaux commencent en mars")
        .await;
    assert!(
        chloe
            .notification_texts()
            .await
            .iter()
            .any(|t| t.contains("Le maçon est trouvé"))
    );
    // Each notice is delivered as its backer chose: no mail for Chloé.
    let deliveries: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.email, n.delivery FROM notifications n JOIN members m ON m.id = n.member_id \
         WHERE n.kind = 'funding_update' ORDER BY m.email",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert_eq!(
        deliveries,
        [
            ("bruno@example.org".to_owned(), "email".to_owned()),
            ("chloé@example.org".to_owned(), "app".to_owned())
        ]
    );
    let (_, feed) = chloe.get(&at).await;
    assert_eq!(feed[0]["title"], "Le maçon est trouvé", "{feed}");

    // Chloé lends a trailer; only one is needed.
    let ask = c["asks"][0]["id"].as_str().unwrap();
    let offer_at = format!("/api/v1/funding/campaigns/{}/asks/{ask}/offer", id(&c));
    let (status, _) = chloe
        .call(
            reqwest::Method::PUT,
            &offer_at,
            Some(json!({"note": "Remorque 750 kg, le samedi"})),
        )
        .await;
    assert_eq!(status, 204);
    let (status, problem) = bruno
        .call(
            reqwest::Method::PUT,
            &offer_at,
            Some(json!({"note": "Moi aussi"})),
        )
        .await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem.to_string().contains("funding-ask-filled"));
    assert_eq!(campaign(bruno, &c).await["asks"][0]["offered"], 1);
    let offers_at = format!("/api/v1/funding/campaigns/{}/offers", id(&c));
    assert_eq!(
        bruno.get(&offers_at).await.0,
        403,
        "only the runners read the words"
    );
    let (status, offers) = alice.get(&offers_at).await;
    assert_eq!(status, 200, "{offers}");
    assert_eq!(offers[0]["member_name"], "Chloé Roux");
    assert_eq!(offers[0]["note"], "Remorque 750 kg, le samedi");
    // An ask of another campaign is not this one's.
    let elsewhere = launch(bruno, oven(true, 5)).await;
    let foreign = format!(
        "/api/v1/funding/campaigns/{}/asks/{}/offer",
        id(&c),
        elsewhere["asks"][0]["id"].as_str().unwrap()
    );
    assert_eq!(
        bruno
            .call(reqwest::Method::PUT, &foreign, Some(json!({})))
            .await
            .0,
        404
    );
    // Taken back: the place is free again.
    assert_eq!(
        chloe.call(reqwest::Method::DELETE, &offer_at, None).await.0,
        204
    );
    assert_eq!(
        bruno
            .call(reqwest::Method::PUT, &offer_at, Some(json!({})))
            .await
            .0,
        204
    );
}

async fn a_campaign_is_launched_and_backed_through_the_forms(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    people[1].top_up("fund", "100").await;
    let (alice, bruno) = (&people[0].browser, &people[1].browser);
    let deadline = jiff::Timestamp::from_millisecond(now_ms() + 10 * DAY)
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let form = [
        ("title", "Une épicerie coopérative"),
        ("summary", "Ouvrir l'épicerie du village"),
        ("description", ""),
        ("collective_id", ""),
        ("minimum", "2000,00"),
        ("optimum", ""),
        ("deadline_at", deadline.as_str()),
        ("mode", "keep"),
        ("rewards", "1"),
        ("reward0", "Un panier"),
        ("reward_description0", ""),
        ("reward_minimum0", "20"),
        ("stock0", "10"),
        ("asks", "1"),
        ("kind0", "skills"),
        ("ask0", "Une comptable"),
        ("ask_description0", ""),
        ("needed0", "1"),
    ];
    // A minimum of nothing is refused, the form shown again as typed.
    let mut wrong = form.to_vec();
    wrong[4] = ("minimum", "0");
    let page = alice.post_form("/funding/new", &wrong).await;
    assert_eq!(page.status(), 422);
    let text = page.text().await.unwrap();
    assert!(
        text.contains("Une épicerie coopérative"),
        "typed values kept"
    );
    let done = alice.post_form("/funding/new", &form).await;
    assert_eq!(done.status(), 303);
    let to = done.headers()["location"].to_str().unwrap().to_owned();
    let page = bruno.text(&to).await;
    assert!(page.contains("Une épicerie coopérative"), "{page}");
    assert!(
        !page.contains("chart-growth"),
        "no chart below five backers"
    );
    let (_, list) = people[0].api.get("/api/v1/funding/campaigns").await;
    let c = &list[0];
    assert_eq!(c["minimum"], 200000, "{list}");
    let view = campaign(&people[0].api, c).await;
    assert!(!view["all_or_nothing"].as_bool().unwrap());
    assert_eq!(view["asks"][0]["kind"], "skills");
    let basket = reward(&view, 0);

    // Bruno pledges 25 € for the basket, anonymous.
    let done = bruno
        .post_form(
            &format!("{to}/pledge"),
            &[
                ("amount", "25,00"),
                ("reward_id", basket.as_str()),
                ("mail_updates", "on"),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    let (_, p) = people[1]
        .api
        .get(&format!("/api/v1/funding/campaigns/{}/pledge", id(c)))
        .await;
    assert_eq!(
        (p["amount"].as_i64(), p["public"].as_bool()),
        (Some(2500), Some(false)),
        "{p}"
    );
    let page = bruno.text(&to).await;
    assert!(page.contains("1 anonymous backer"), "{page}");
    // Below the reward's minimum: the page says why.
    let page = bruno
        .post_form(
            &format!("{to}/pledge"),
            &[("amount", "5"), ("reward_id", basket.as_str())],
        )
        .await;
    assert_eq!(page.status(), 422);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("below the minimum of the reward")
    );
    // Withdrawn through its form.
    let done = bruno.post_form(&format!("{to}/withdraw"), &[]).await;
    assert_eq!(done.status(), 303);
    assert_eq!(available(&people[1].api).await, 10000);
}

async fn the_export_lists_the_pledges_and_an_owner_paid_to_its_wallet_stays(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    people[1].top_up("fund", "100").await;
    let (alice, bruno) = (&people[0].api, &people[1].api);
    let c = launch(alice, oven(true, 5)).await;
    assert_eq!(pledge(bruno, &c, json!({"amount": 1000})).await.0, 200);
    let (status, export) = bruno.get("/api/v1/me/export").await;
    assert_eq!(status, 200, "{export}");
    assert_eq!(export["funding"]["pledges"][0]["amount"], 1000, "{export}");
    let (_, export) = alice.get("/api/v1/me/export").await;
    assert_eq!(export["funding"]["campaigns_launched"][0], id(&c).as_str());
    // The campaign pays Alice's wallet: she stays until it is settled.
    let (status, problem) = alice.erase_account().await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem.to_string().contains("funding-owner-stays"),
        "{problem}"
    );
    // Not funded: every pledge released, nothing left in Alice's wallet.
    deadline_passes(app, &c).await;
    settle(app, &c).await;
    let (status, body) = alice.erase_account().await;
    assert!((200..300).contains(&status), "{status}: {body}");
    let view = campaign(bruno, &c).await;
    assert_eq!(view["state"], "failed");
    assert_ne!(view["owner_name"], "Alice Martin", "{view}");
}

testkit::on_both_databases!(
    a_funded_campaign_pays_its_collective_to_the_cent,
    below_its_minimum_an_all_or_nothing_campaign_releases_every_pledge,
    keep_what_you_raise_pays_even_below_the_minimum,
    a_pledge_changes_and_is_withdrawn_its_hold_replaced_then_released,
    bad_launches_and_pledges_are_refused_and_nothing_is_written,
    three_hundred_backers_race_for_the_last_five_rewards,
    a_restart_in_the_middle_of_the_settlement_neither_doubles_nor_loses,
    its_runners_cancel_and_every_pledge_is_released,
    updates_reach_backers_as_each_chose_and_offers_reach_the_runners,
    a_campaign_is_launched_and_backed_through_the_forms,
    the_export_lists_the_pledges_and_an_owner_paid_to_its_wallet_stays,
);
