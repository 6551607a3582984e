//! Citizen and communal loans over HTTP, on both databases, in simulated
//! time: a commune's collective borrows from its residents once its own
//! decision approved the terms; the legal guardrails; the key information
//! sheet; the reflection period; the disbursement; three instalments paid
//! pro rata to the cent, one of them late; and a loan below its minimum.

mod common;

use common::{DAY, available, id, ledger_ok, log_entries, move_money, pass, until};
use kernel::money::Owner;
use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms};

/// 1,000 € sought (300 € at least) at 3 % a year, repaid in three monthly
/// instalments of equal principal.
fn terms(collective: &str) -> Value {
    json!({"collective_id": collective, "title": "Toiture photovoltaïque de l'école",
           "summary": "Des panneaux sur l'école, financés par les habitants",
           "purpose": "Poser 36 kWc de panneaux sur le toit de l'école.",
           "risks": "Si la commune ne peut pas rembourser, les prêteurs peuvent perdre tout ou partie de leur argent.",
           "minimum": 30000, "amount": 100000, "rate_bp": 300, "instalments": 3, "months_between": 1,
           "amortisation": "equal_principal", "lending_until": now_ms() + 10 * DAY,
           "question": "Emprunter 1 000 € aux habitants ?", "method": "consent",
           "closes_at": now_ms() + 4 * DAY})
}

async fn loan(api: &Api, id: &str) -> Value {
    let (status, l) = api.get(&format!("/api/v1/funding/loans/{id}")).await;
    assert_eq!(status, 200, "{l}");
    l
}

/// Proposes the loan, and has the collective approve it: returns the open
/// loan.
async fn approved(app: &TestApp, by: &Api, voters: &[&Api], body: Value) -> Value {
    let (status, decision) = by.post("/api/v1/funding/loans", body).await;
    assert_eq!(status, 201, "{decision}");
    let (_, list) = by.get("/api/v1/funding/loans").await;
    let proposed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["decision_id"] == decision["id"])
        .expect("the loan proposed")
        .clone();
    assert_eq!(proposed["state"], "proposed");
    pass(app, voters, &id(&decision)).await;
    until(
        by,
        &format!("/api/v1/funding/loans/{}", id(&proposed)),
        |l| l["state"] == "open",
    )
    .await
}

/// Lends, as a client does: the key information sheet shown first.
async fn lend(api: &Api, loan: &str, body: Value) -> (u16, Value) {
    let (status, sheet) = api
        .get(&format!("/api/v1/funding/loans/{loan}/sheet"))
        .await;
    assert_eq!(status, 200, "{sheet}");
    lend_unshown(api, loan, body).await
}

async fn lend_unshown(api: &Api, loan: &str, body: Value) -> (u16, Value) {
    api.call(
        reqwest::Method::PUT,
        &format!("/api/v1/funding/loans/{loan}/lending"),
        Some(body),
    )
    .await
}

/// Time passes: lending closed and every reflection period over.
async fn lending_closes(app: &TestApp, loan: &str) {
    let past = now_ms() - 10 * DAY;
    sqlx::query("UPDATE funding_loans SET lending_until = $1 WHERE id = $2")
        .bind(past)
        .bind(loan)
        .execute(app.db.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE funding_lendings SET withdrawable_until = $1 WHERE loan_id = $2")
        .bind(past)
        .bind(loan)
        .execute(app.db.pool())
        .await
        .unwrap();
}

/// Time passes: instalment `number` falls due.
async fn falls_due(app: &TestApp, loan: &str, number: i64) {
    sqlx::query("UPDATE funding_instalments SET due_at = $1 WHERE loan_id = $2 AND number = $3")
        .bind(now_ms() - 1000)
        .bind(loan)
        .bind(number)
        .execute(app.db.pool())
        .await
        .unwrap();
    funding::loans::pay_due(&app.db, loan, number)
        .await
        .unwrap();
}

async fn treasury(api: &Api, collective: &str) -> i64 {
    let (status, t) = api
        .get(&format!("/api/v1/collectives/{collective}/treasury"))
        .await;
    assert_eq!(status, 200, "{t}");
    t["balance"].as_i64().unwrap()
}

async fn a_commune_borrows_from_its_residents_and_repays_pro_rata(app: &TestApp) {
    let commune = app
        .collective("Mornant en transition", "commune")
        .people(&["Alice Martin", "Bruno Petit"])
        .build()
        .await;
    let [alice, bruno] = [0, 1].map(|i| &commune.people[i].api);
    let people = app.people(&["Chloé Roux", "Dmitri Ivanov"]).await;
    people[0].top_up("fund", "400").await;
    people[1].top_up("fund", "400").await;
    let (chloe, dmitri) = (&people[0].api, &people[1].api);

    // Only a treasurer or a coordinator proposes to borrow.
    let (status, problem) = bruno
        .post("/api/v1/funding/loans", terms(&commune.id))
        .await;
    assert_eq!(status, 422, "{problem}");
    // At interest, 7 years at most: 100 months is refused.
    let mut long = terms(&commune.id);
    long["instalments"] = json!(100);
    let (status, problem) = alice.post("/api/v1/funding/loans", long).await;
    assert_eq!(status, 422, "{problem}");
    assert!(
        problem.to_string().contains("error-loan-too-long"),
        "{problem}"
    );
    let (_, list) = alice.get("/api/v1/funding/loans").await;
    assert_eq!(list.as_array().unwrap().len(), 0, "nothing proposed");

    let l = approved(app, alice, &[alice, bruno], terms(&commune.id)).await;
    let loan_id = id(&l);
    assert_eq!(l["cap_per_lender"], 200000, "2,000 € at interest");
    assert_eq!(l["reflection_days"], 4);
    // The schedule for the most borrowed, before anyone lends.
    assert_eq!(l["schedule"].as_array().unwrap().len(), 3);

    // Chloé lends once the sheet was shown to her and she said she read
    // it, within the cap.
    let (status, problem) = lend_unshown(
        chloe,
        &loan_id,
        json!({"amount": 30000, "read_sheet": true}),
    )
    .await;
    assert_eq!(status, 422, "not shown yet: {problem}");
    assert_eq!(problem["errors"][0]["field"], "read_sheet");
    let (status, sheet) = chloe
        .get(&format!("/api/v1/funding/loans/{loan_id}/sheet"))
        .await;
    assert_eq!(status, 200, "{sheet}");
    assert!(
        sheet["repaid_per_hundred"].as_i64().unwrap() > 10000,
        "{sheet}"
    );
    let (status, problem) = lend(
        chloe,
        &loan_id,
        json!({"amount": 30000, "read_sheet": false}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "read_sheet");
    let (status, problem) = lend(
        chloe,
        &loan_id,
        json!({"amount": 200001, "read_sheet": true}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert!(problem.to_string().contains("error-loan-cap"), "{problem}");
    let start = available(chloe).await;
    let (status, s) = lend(
        chloe,
        &loan_id,
        json!({"amount": 30000, "read_sheet": true}),
    )
    .await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(start - available(chloe).await, 30000, "held, no fee");
    // Her share, before the disbursement, of what is lent so far.
    let principal: i64 = s["instalments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["principal"].as_i64().unwrap())
        .sum();
    assert_eq!(principal, 30000, "{s}");
    assert_eq!(
        lend(chloe, &loan_id, json!({"amount": 1000, "read_sheet": true}))
            .await
            .0,
        409
    );
    // Dmitri lends, thinks again and withdraws without a reason, then lends.
    let at = format!("/api/v1/funding/loans/{loan_id}/lending");
    assert_eq!(
        lend(
            dmitri,
            &loan_id,
            json!({"amount": 20000, "read_sheet": true})
        )
        .await
        .0,
        200
    );
    assert_eq!(dmitri.call(reqwest::Method::DELETE, &at, None).await.0, 204);
    assert_eq!(available(dmitri).await, 40000);
    assert_eq!(
        lend(
            dmitri,
            &loan_id,
            json!({"amount": 10000, "read_sheet": true})
        )
        .await
        .0,
        200
    );

    // Lending closes and every reflection period is over: no withdrawing,
    // and the money goes to the commune's treasury.
    lending_closes(app, &loan_id).await;
    let (status, problem) = dmitri.call(reqwest::Method::DELETE, &at, None).await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem.to_string().contains("funding-loan-reflection-over"));
    let before = treasury(alice, &commune.id).await;
    funding::loans::disburse(&app.db, &loan_id).await.unwrap();
    funding::loans::disburse(&app.db, &loan_id).await.unwrap();
    assert_eq!(
        treasury(alice, &commune.id).await - before,
        40000,
        "disbursed once"
    );
    let l = loan(alice, &loan_id).await;
    assert_eq!(l["state"], "repaying", "{l}");
    // 400 € at 3 %: 133.33 €, 133.33 €, 133.34 €; a month's interest on
    // what is owed, to the cent.
    let schedule: Vec<(i64, i64)> = l["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["principal"].as_i64().unwrap(),
                i["interest"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(schedule, [(13333, 100), (13333, 67), (13334, 33)]);
    assert!(
        l["schedule"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["due_at"].is_i64())
    );

    // The commune's own money pays the interest.
    move_money(
        app,
        Owner::World,
        Owner::Treasury(&commune.id.clone().into()),
        1000,
        "fund-commune",
    )
    .await;
    falls_due(app, &loan_id, 1).await;
    falls_due(app, &loan_id, 1).await;
    falls_due(app, &loan_id, 2).await;
    // The treasury is emptied before the third: late, told, tried again.
    let left = treasury(alice, &commune.id).await;
    move_money(
        app,
        Owner::Treasury(&commune.id.clone().into()),
        Owner::World,
        left as u64,
        "drain",
    )
    .await;
    falls_due(app, &loan_id, 3).await;
    let l = loan(alice, &loan_id).await;
    assert!(l["schedule"][2]["late_at"].is_i64(), "{l}");
    assert!(l["schedule"][2]["paid_at"].is_null());
    assert!(
        chloe
            .notification_texts()
            .await
            .iter()
            .any(|t| t.contains("is late")),
        "the lender is told"
    );
    assert!(
        alice
            .notification_texts()
            .await
            .iter()
            .any(|t| t.contains("is late")),
        "and the commune's coordinator"
    );
    assert_eq!(log_entries(alice, "funding.loan_late").await.len(), 1);
    // Tried again while still short: flagged, told and logged once.
    falls_due(app, &loan_id, 3).await;
    assert_eq!(log_entries(alice, "funding.loan_late").await.len(), 1);
    let told = chloe.notification_texts().await;
    assert_eq!(told.iter().filter(|t| t.contains("is late")).count(), 1);
    move_money(
        app,
        Owner::World,
        Owner::Treasury(&commune.id.clone().into()),
        20000,
        "refill",
    )
    .await;
    falls_due(app, &loan_id, 3).await;
    let l = loan(alice, &loan_id).await;
    assert_eq!(l["state"], "repaid", "{l}");

    // Each lender got its share of each instalment, to the cent: three
    // quarters and a quarter.
    let (_, c) = chloe.get(&at).await;
    let (_, d) = dmitri.get(&at).await;
    assert_eq!(
        (
            c["received_principal"].as_i64(),
            d["received_principal"].as_i64()
        ),
        (Some(30000), Some(10000))
    );
    assert_eq!(
        c["received_interest"].as_i64().unwrap() + d["received_interest"].as_i64().unwrap(),
        200
    );
    assert_eq!(
        (c["owed_principal"].as_i64(), d["owed_principal"].as_i64()),
        (Some(0), Some(0))
    );
    assert_eq!(
        available(chloe).await,
        40000 + c["received_interest"].as_i64().unwrap()
    );
    let (_, mine) = chloe.get("/api/v1/me/funding/loans").await;
    assert_eq!(mine[0]["loan_id"], loan_id.as_str());
    // The log: the disbursement and three instalments, no lender named.
    let disbursed = log_entries(alice, "funding.loan_disbursed").await;
    assert_eq!(disbursed[0]["principal"], 40000);
    assert_eq!(disbursed[0]["lenders"], 2);
    assert_eq!(log_entries(alice, "funding.loan_instalment").await.len(), 3);
    ledger_ok(app).await;
}

async fn below_its_minimum_an_interest_free_loan_releases_every_lending(app: &TestApp) {
    let coop = app
        .collective("SCIC Énergies citoyennes", "cooperative")
        .people(&["Alice Martin", "Bruno Petit"])
        .build()
        .await;
    let [alice, bruno] = [0, 1].map(|i| &coop.people[i].api);
    let people = app.people(&["Chloé Roux"]).await;
    for i in 0..6 {
        people[0].top_up(&format!("fund-{i}"), "500").await;
    }
    let chloe = &people[0].api;
    let mut body = terms(&coop.id);
    body["rate_bp"] = json!(0);
    body["minimum"] = json!(400000);
    body["amount"] = json!(800000);
    // Interest-free: 5,000 € per lender, and no seven-year limit.
    body["instalments"] = json!(120);
    let l = approved(app, alice, &[alice, bruno], body).await;
    assert_eq!(l["cap_per_lender"], 500000, "{l}");
    let loan_id = id(&l);
    let start = available(chloe).await;
    assert_eq!(
        lend(
            chloe,
            &loan_id,
            json!({"amount": 250000, "read_sheet": true})
        )
        .await
        .0,
        200
    );
    lending_closes(app, &loan_id).await;
    funding::loans::disburse(&app.db, &loan_id).await.unwrap();
    let l = loan(alice, &loan_id).await;
    assert_eq!(l["state"], "cancelled", "{l}");
    assert_eq!(available(chloe).await, start, "released whole");
    assert_eq!(
        log_entries(alice, "funding.loan_cancelled").await[0]["released"],
        250000
    );
    ledger_ok(app).await;
}

async fn a_lender_stays_while_a_loan_owes_it(app: &TestApp) {
    let commune = app
        .collective("Mornant en transition", "commune")
        .people(&["Alice Martin", "Bruno Petit"])
        .build()
        .await;
    let [alice, bruno] = [0, 1].map(|i| &commune.people[i].api);
    let people = app.people(&["Chloé Roux"]).await;
    people[0].top_up("fund", "400").await;
    let chloe = &people[0].api;
    let l = approved(app, alice, &[alice, bruno], terms(&commune.id)).await;
    assert_eq!(
        lend(chloe, &id(&l), json!({"amount": 40000, "read_sheet": true}))
            .await
            .0,
        200
    );
    lending_closes(app, &id(&l)).await;
    funding::loans::disburse(&app.db, &id(&l)).await.unwrap();
    let (_, export) = chloe.get("/api/v1/me/export").await;
    assert_eq!(
        export["funding"]["loans_lent"][0]["lent"], 40000,
        "{export}"
    );
    let (status, problem) = chloe.erase_account().await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem.to_string().contains("funding-lender-stays"),
        "{problem}"
    );
}

async fn a_loan_is_proposed_read_and_lent_to_through_the_pages(app: &TestApp) {
    let commune = app
        .collective("Mornant en transition", "commune")
        .people(&["Alice Martin", "Bruno Petit"])
        .build()
        .await;
    let people = app.people(&["Chloé Roux"]).await;
    people[0].top_up("fund", "100").await;
    let alice = &commune.people[0];
    let chloe = &people[0];
    let local = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let (lending_until, closes) = (local(now_ms() + 20 * DAY), local(now_ms() + 4 * DAY));
    let form = [
        ("collective_id", commune.id.as_str()),
        ("title", "Toiture solaire"),
        ("summary", "Des panneaux sur l'école"),
        ("purpose", "Poser des panneaux."),
        ("risks", "Perte possible."),
        ("amount", "1000"),
        ("minimum", "300"),
        ("rate", "2,5"),
        ("instalments", "12"),
        ("months_between", "1"),
        ("amortisation", "equal_instalments"),
        ("lending_until", lending_until.as_str()),
        ("question", "Emprunter ?"),
        ("method", "consent"),
        ("closes_at", closes.as_str()),
    ];
    // 100 months at interest: refused, the form shown again as typed.
    let mut long = form.to_vec();
    long[8] = ("instalments", "100");
    let page = alice.browser.post_form("/funding/loans/new", &long).await;
    assert_eq!(page.status(), 422);
    let text = page.text().await.unwrap();
    assert!(text.contains("Toiture solaire"), "typed values kept");
    assert!(text.contains("runs at most as long"), "the reason said");
    let done = alice.browser.post_form("/funding/loans/new", &form).await;
    assert_eq!(done.status(), 303);
    let decision = done.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/decisions/")
        .to_owned();
    pass(app, &[&alice.api, &commune.people[1].api], &decision).await;
    let (_, list) = chloe.api.get("/api/v1/funding/loans").await;
    let loan_id = id(&list[0]);
    until(
        &chloe.api,
        &format!("/api/v1/funding/loans/{loan_id}"),
        |l| l["state"] == "open",
    )
    .await;
    assert_eq!(list[0]["rate_bp"], 250);

    let sheet = chloe
        .browser
        .text(&format!("/funding/loans/{loan_id}/sheet"))
        .await;
    assert!(sheet.contains("Key information sheet"), "{sheet}");
    assert!(
        sheet.contains("responsible for its own legal status"),
        "{sheet}"
    );
    assert!(sheet.contains("Perte possible."));
    // Lending without having read the sheet is refused, with the reason.
    let at = format!("/funding/loans/{loan_id}/lend");
    let page = chloe.browser.post_form(&at, &[("amount", "50")]).await;
    assert_eq!(page.status(), 422);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Read the key information sheet")
    );
    let done = chloe
        .browser
        .post_form(&at, &[("amount", "50"), ("read_sheet", "on")])
        .await;
    assert_eq!(done.status(), 303);
    assert_eq!(available(&chloe.api).await, 5000);
    let page = chloe
        .browser
        .text(&format!("/funding/loans/{loan_id}"))
        .await;
    assert!(page.contains("My share of each instalment"), "{page}");
    let done = chloe
        .browser
        .post_form(&format!("/funding/loans/{loan_id}/withdraw"), &[])
        .await;
    assert_eq!(done.status(), 303);
    assert_eq!(available(&chloe.api).await, 10000);
}

/// A cooperative lends to a commune's loan by its own decision, at most
/// what is left to borrow, beside a resident; both are repaid pro rata,
/// the cooperative into its treasury.
async fn a_cooperative_lends_to_a_communes_loan_by_its_decision(app: &TestApp) {
    let commune = app
        .collective("Mornant en transition", "commune")
        .people(&["Alice Martin", "Bruno Petit"])
        .build()
        .await;
    let [alice, bruno] = [0, 1].map(|i| &commune.people[i].api);
    let coop = app
        .collective("Coop des Tilleuls", "cooperative")
        .people(&["Chloé Roux", "Dmitri Ivanov"])
        .wallet(0, "400")
        .wallet(0, "300")
        .treasury("600")
        .build()
        .await;
    let [chloe, dmitri] = [0, 1].map(|i| &coop.people[i].api);
    let emile = &app.people(&["Emile Blanc"]).await[0];
    emile.top_up("fund", "400").await;
    emile.top_up("fund-2", "400").await;
    let l = approved(app, alice, &[alice, bruno], terms(&commune.id)).await;
    let loan_id = id(&l);
    assert_eq!(
        lend(
            &emile.api,
            &loan_id,
            json!({"amount": 60000, "read_sheet": true})
        )
        .await
        .0,
        200
    );

    let at = format!("/api/v1/funding/loans/{loan_id}/backings");
    let body = |collective: &str| {
        json!({"collective_id": collective, "source": "treasury", "amount": 50000,
               "question": "Prêter à la commune ?", "method": "consent",
               "closes_at": now_ms() + 4 * DAY})
    };
    // Only who moves a collective's money proposes, never to its own loan,
    // nor closing after lending.
    let (status, problem) = dmitri.post(&at, body(&coop.id)).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "collective_id");
    let (status, problem) = alice.post(&at, body(&commune.id)).await;
    assert_eq!(status, 422, "{problem}");
    assert!(
        problem.to_string().contains("error-loan-backing-own"),
        "{problem}"
    );
    let mut late = body(&coop.id);
    late["closes_at"] = json!(now_ms() + 20 * DAY);
    assert_eq!(chloe.post(&at, late).await.0, 422);
    let (status, decision) = chloe.post(&at, body(&coop.id)).await;
    assert_eq!(status, 201, "{decision}");
    let start = treasury(chloe, &coop.id).await;
    pass(app, &[chloe, dmitri], &id(&decision)).await;
    let backings = until(chloe, &at, |b| b[0]["state"] == "held").await;
    // 500 € offered, 400 € left to borrow: 400 € held.
    assert_eq!(
        (&backings[0]["offered"], &backings[0]["amount"]),
        (&json!(50000), &json!(40000))
    );
    let l = loan(alice, &loan_id).await;
    assert_eq!((&l["lent"], &l["lenders"]), (&json!(100000), &json!(2)));
    let (status, problem) = chloe.post(&at, body(&coop.id)).await;
    assert_eq!(status, 422, "{problem}");
    assert!(
        problem.to_string().contains("error-loan-backing-twice"),
        "{problem}"
    );
    let (status, problem) =
        lend(bruno, &loan_id, json!({"amount": 1000, "read_sheet": true})).await;
    assert_eq!(status, 422, "nothing left to borrow: {problem}");

    lending_closes(app, &loan_id).await;
    funding::loans::disburse(&app.db, &loan_id).await.unwrap();
    assert_eq!(treasury(alice, &commune.id).await, 100000);
    move_money(
        app,
        Owner::World,
        Owner::Treasury(&commune.id.clone().into()),
        1000,
        "fund-commune",
    )
    .await;
    for number in 1..=3 {
        falls_due(app, &loan_id, number).await;
    }
    let l = loan(alice, &loan_id).await;
    assert_eq!(l["state"], "repaid", "{l}");
    let interest: i64 = l["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["interest"].as_i64().unwrap())
        .sum();
    let (_, backings) = chloe.get(&at).await;
    let b = &backings[0];
    assert_eq!(
        (&b["state"], &b["received_principal"]),
        (&json!("lent"), &json!(40000))
    );
    let coop_interest = b["received_interest"].as_i64().unwrap();
    let (_, s) = emile
        .api
        .get(&format!("/api/v1/funding/loans/{loan_id}/lending"))
        .await;
    assert_eq!(s["received_principal"], 60000, "{s}");
    assert_eq!(
        coop_interest + s["received_interest"].as_i64().unwrap(),
        interest,
        "the interest shared to the cent"
    );
    assert!(coop_interest < s["received_interest"].as_i64().unwrap());
    assert_eq!(treasury(chloe, &coop.id).await, start + coop_interest);
    ledger_ok(app).await;
}

testkit::on_both_databases!(
    a_cooperative_lends_to_a_communes_loan_by_its_decision,
    a_loan_is_proposed_read_and_lent_to_through_the_pages,
    a_commune_borrows_from_its_residents_and_repays_pro_rata,
    below_its_minimum_an_interest_free_loan_releases_every_lending,
    a_lender_stays_while_a_loan_owes_it,
);

/// An instance elsewhere sets its own guardrails: they hold for the loans
/// proposed there.
async fn an_instance_sets_its_own_loan_rules(backend: testkit::Backend) {
    let app = TestApp::spawn_with(backend, |s| {
        s.loans.interest_cap = 50_000;
        s.loans.interest_max_months = 12;
        s.loans.reflection_days = 7;
    })
    .await;
    let commune = app
        .collective("Mornant en transition", "commune")
        .people(&["Alice Martin", "Bruno Petit"])
        .build()
        .await;
    let [alice, bruno] = [0, 1].map(|i| &commune.people[i].api);
    let mut long = terms(&commune.id);
    long["instalments"] = json!(13);
    let (status, problem) = alice.post("/api/v1/funding/loans", long).await;
    assert_eq!(status, 422, "{problem}");
    assert!(problem.to_string().contains("error-loan-too-long"));
    let l = approved(&app, alice, &[alice, bruno], terms(&commune.id)).await;
    assert_eq!(
        (l["cap_per_lender"].as_i64(), l["reflection_days"].as_i64()),
        (Some(50_000), Some(7))
    );
    app.stop().await;
}

mod own_rules {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::an_instance_sets_its_own_loan_rules(testkit::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::an_instance_sets_its_own_loan_rules(testkit::Backend::Postgres).await;
    }
}
