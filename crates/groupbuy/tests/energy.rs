//! Energy group purchases over HTTP, on both databases: households register
//! their consumption, the organiser records suppliers' offers ranked as a
//! reverse auction and publishes the winner, each household decides with
//! its saving estimated; bad input refused.

mod common;

use common::DAY;
use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms};

fn campaign() -> Value {
    json!({"title": "Électricité verte ensemble", "energy": "electricity",
           "specification": "100 % renouvelable, prix fixe deux ans, sans frais de résiliation.",
           "registration_until": now_ms() + 7 * DAY, "offers_until": now_ms() + 14 * DAY,
           "reference_name": "Tarif réglementé", "reference_kwh_price": 2516, "reference_subscription": 15000})
}

async fn create(api: &Api) -> Value {
    let (status, c) = api.post("/api/v1/groupbuy/energy", campaign()).await;
    assert_eq!(status, 201, "{c}");
    c
}

fn at(c: &Value, tail: &str) -> String {
    format!(
        "/api/v1/groupbuy/energy/{}{tail}",
        c["id"].as_str().unwrap()
    )
}

/// The campaign's times move, as the clock would.
async fn time_passes(app: &TestApp, c: &Value, registration: i64, offers: i64) {
    sqlx::query(
        "UPDATE groupbuy_energy_campaigns SET registration_until = $1, offers_until = $2 WHERE id = $3",
    )
    .bind(registration)
    .bind(offers)
    .bind(c["id"].as_str().unwrap())
    .execute(app.db.pool())
    .await
    .unwrap();
}

async fn households_register_suppliers_bid_and_each_decides(app: &TestApp) {
    let people = app
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux"])
        .await;
    let (alice, bruno, chloe) = (&people[0].api, &people[1].api, &people[2].api);
    let c = create(alice).await;
    assert_eq!(c["phase"], "registering", "{c}");
    for (api, kwh) in [(bruno, 3000), (chloe, 6000)] {
        let (status, h) = api
            .call(
                reqwest::Method::PUT,
                &at(&c, "/household"),
                Some(json!({"yearly_kwh": kwh, "meter": "base", "commune": "Mornant"})),
            )
            .await;
        assert_eq!(status, 200, "{h}");
    }
    // Two offers: the green cooperative's is the cheaper for these homes.
    for offer in [
        json!({"supplier_name": "Grand Fournisseur", "kwh_price": 2300, "subscription": 20000}),
        json!({"supplier_name": "Enercoop", "green": true, "kwh_price": 2200, "subscription": 16000}),
    ] {
        let (status, body) = alice.post(&at(&c, "/offers"), offer).await;
        assert_eq!(status, 201, "{body}");
    }
    // Members do not see the offers while the auction runs; the organiser does.
    let (_, seen) = bruno.get(&at(&c, "")).await;
    assert_eq!(seen["offers"], json!([]), "{seen}");
    let (_, seen) = alice.get(&at(&c, "")).await;
    assert_eq!(seen["offers"][0]["supplier_name"], "Enercoop", "{seen}");
    // 9,000 kWh at 0.22 € and two subscriptions of 160 €.
    assert_eq!(seen["offers"][0]["yearly_cost"], 198_000 + 32_000, "{seen}");
    assert_eq!(seen["offers"][0]["rank"], 1);
    let winner = seen["offers"][0]["id"].as_str().unwrap().to_owned();

    // Not before the offers close; by the organiser only.
    let publish = json!({"offer_id": winner});
    assert_eq!(alice.post(&at(&c, "/winner"), publish.clone()).await.0, 409);
    time_passes(app, &c, now_ms() - 2000, now_ms() - 1000).await;
    assert_eq!(bruno.post(&at(&c, "/winner"), publish.clone()).await.0, 403);
    let (status, published) = alice.post(&at(&c, "/winner"), publish.clone()).await;
    assert_eq!(status, 200, "{published}");
    assert_eq!(published["phase"], "choosing");
    assert_eq!(alice.post(&at(&c, "/winner"), publish).await.0, 409, "once");

    // Each household sees its own saving, and decides.
    let (_, h) = chloe.get(&at(&c, "/household")).await;
    // 6,000 kWh: 1,509.60 € + 150 € at the reference, 1,320 € + 160 € now.
    assert_eq!(h["reference_cost"], 150_960 + 15_000, "{h}");
    assert_eq!(h["winner_cost"], 132_000 + 16_000, "{h}");
    assert_eq!(h["saving"], 165_960 - 148_000, "{h}");
    let (status, h) = chloe
        .call(
            reqwest::Method::PUT,
            &at(&c, "/decision"),
            Some(json!({"subscribe": true})),
        )
        .await;
    assert_eq!(status, 200, "{h}");
    assert_eq!(h["decision"], "subscribed");
    let (status, _) = bruno
        .call(
            reqwest::Method::PUT,
            &at(&c, "/decision"),
            Some(json!({"subscribe": false})),
        )
        .await;
    assert_eq!(status, 200);
    // Alice did not register: nothing to decide.
    let (status, _) = alice
        .call(
            reqwest::Method::PUT,
            &at(&c, "/decision"),
            Some(json!({"subscribe": true})),
        )
        .await;
    assert_eq!(status, 409);

    // The organiser passes the subscribers to the supplier; nobody else can.
    let path = format!(
        "/groupbuy/energy/{}/subscribers.csv",
        c["id"].as_str().unwrap()
    );
    let csv = people[0].browser.text(&path).await;
    assert!(
        csv.contains("Chloé Roux,chloé@example.org,Mornant,6000,base"),
        "{csv}"
    );
    assert!(!csv.contains("Bruno"), "{csv}");
    assert_eq!(people[1].browser.get(&path).await.status(), 403);
    let page = people[2]
        .browser
        .text(&format!("/groupbuy/energy/{}", c["id"].as_str().unwrap()))
        .await;
    assert!(page.contains("Enercoop"), "{page}");

    // The member's export lists its household; its erasure removes it.
    let (_, export) = chloe.get("/api/v1/me/export").await;
    assert_eq!(
        export["groupbuy"]["energy_households"][0]["yearly_kwh"], 6000,
        "{export}"
    );
    let (status, body) = chloe.erase_account().await;
    assert!((200..300).contains(&status), "{status}: {body}");
    let (left,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM groupbuy_energy_households WHERE member_id = $1")
            .bind(&people[2].id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(left, 0);
}

async fn bad_campaigns_households_and_offers_are_refused(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    let (alice, bruno) = (&people[0].api, &people[1].api);
    for (change, key) in [
        (json!({"energy": "nuclear"}), "error-energy-kind"),
        (
            json!({"registration_until": now_ms() - 1000}),
            "error-energy-registration",
        ),
        (
            json!({"offers_until": now_ms() + DAY}),
            "error-energy-offers-until",
        ),
        (json!({"reference_kwh_price": 0}), "error-energy-kwh-price"),
        (json!({"specification": "  "}), "error-required"),
    ] {
        let mut body = campaign();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, problem) = alice.post("/api/v1/groupbuy/energy", body).await;
        assert_eq!(status, 422, "{key}: {problem}");
        assert!(problem.to_string().contains(key), "{key}: {problem}");
    }
    let (_, list) = alice.get("/api/v1/groupbuy/energy").await;
    assert_eq!(list, json!([]), "nothing half-saved");
    let c = create(alice).await;
    for (household, key) in [
        (
            json!({"yearly_kwh": 0, "meter": "base", "commune": "Mornant"}),
            "error-energy-kwh",
        ),
        (
            json!({"yearly_kwh": 3000, "meter": "gas", "commune": "Mornant"}),
            "error-energy-meter",
        ),
    ] {
        let (status, problem) = bruno
            .call(reqwest::Method::PUT, &at(&c, "/household"), Some(household))
            .await;
        assert_eq!(status, 422, "{key}: {problem}");
        assert!(problem.to_string().contains(key), "{key}: {problem}");
    }
    // Only the organiser records offers, and prices must make sense.
    let offer = json!({"supplier_name": "Enercoop", "kwh_price": 2200, "subscription": 16000});
    assert_eq!(bruno.post(&at(&c, "/offers"), offer).await.0, 403);
    let (status, problem) = alice
        .post(
            &at(&c, "/offers"),
            json!({"supplier_name": "Enercoop", "kwh_price": 0, "subscription": 1}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    // After the registration closes, a household cannot register.
    time_passes(app, &c, now_ms() - 1000, now_ms() + DAY).await;
    let (status, problem) = bruno
        .call(
            reqwest::Method::PUT,
            &at(&c, "/household"),
            Some(json!({"yearly_kwh": 3000, "meter": "base", "commune": "Mornant"})),
        )
        .await;
    assert_eq!(status, 409, "{problem}");
}

async fn a_campaign_runs_through_its_pages(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    let (alice, bruno) = (&people[0].browser, &people[1].browser);
    let local = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let (reg, offers) = (local(now_ms() + 7 * DAY), local(now_ms() + 10 * DAY));
    let done = alice
        .post_form(
            "/groupbuy/energy",
            &[
                ("title", "Gaz ensemble"),
                ("energy", "gas"),
                ("specification", "Prix fixe un an."),
                ("registration_until", reg.as_str()),
                ("offers_until", offers.as_str()),
                ("reference_name", "Prix repère"),
                ("reference_kwh_price", "0,1210"),
                ("reference_subscription", "250"),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    let page = done.headers()["location"].to_str().unwrap().to_owned();
    let done = bruno
        .post_form(
            &format!("{page}/household"),
            &[
                ("yearly_kwh", "12000"),
                ("meter", "gas"),
                ("commune", "Soucieu"),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    let done = alice
        .post_form(
            &format!("{page}/offers"),
            &[
                ("supplier_name", "Gaz Coop"),
                ("kwh_price", "0,1100"),
                ("subscription", "240"),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    let refused = alice
        .post_form(
            &format!("{page}/offers"),
            &[
                ("supplier_name", "Gaz Coop"),
                ("kwh_price", "0,12345"),
                ("subscription", "240"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let text = alice.text(&page).await;
    assert!(text.contains("Gaz Coop"), "{text}");
    assert!(text.contains("0,1100") || text.contains("0.1100"), "{text}");
}

testkit::on_both_databases!(
    households_register_suppliers_bid_and_each_decides,
    bad_campaigns_households_and_offers_are_refused,
    a_campaign_runs_through_its_pages,
);
