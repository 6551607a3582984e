//! The settlement of group purchases, on both databases: the final tier
//! for everyone and the rest of each hold released, whole boxes first
//! come first served, below the minimum an extension or a cancellation,
//! a restart in the middle, holds kept covering when a tier is lost, and
//! commitments racing the deadline.

mod common;

use common::{DAY, available, deadline_passes, flour, id, ledger_ok};
use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms};

/// A member seller: an organisation `admin` creates, with its profile.
async fn seller(admin: &Api) -> String {
    let (status, org) = admin
        .post(
            "/api/v1/organisations",
            json!({"name": "Moulin de la Vallée", "kind": "company", "siret": "40483304800022",
                   "address": "1 chemin du Moulin, 69440 Mornant"}),
        )
        .await;
    assert_eq!(status, 201, "{org}");
    let id = org["id"].as_str().unwrap().to_owned();
    let (status, s) = admin
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/sellers/{id}"),
            Some(
                json!({"legal_name": "Moulin de la Vallée SARL", "vat_number": "FR83404833048",
                        "description": "Meunerie", "claims": ["environment"]}),
            ),
        )
        .await;
    assert_eq!(status, 200, "{s}");
    id
}

async fn propose(api: &Api, supplier: Option<&str>, minimum: i64, if_short: &str) -> Value {
    let mut body = json!({"title": "Farine d'hiver", "minimum": minimum, "deadline_at": now_ms() + 7 * DAY,
           "if_short": if_short, "extend_days": 7, "products": [flour()],
           "pickups": [{"commune": "Mornant", "place": "Salle des fêtes", "hours": "samedi 10h–12h"}]});
    match supplier {
        Some(s) => body["supplier_id"] = json!(s),
        None => {
            body["supplier_name"] = json!("Moulin de la Vallée");
            body["supplier_contact"] = json!("commandes@moulin.example");
        }
    }
    let (status, p) = api.post("/api/v1/groupbuy/purchases", body).await;
    assert_eq!(status, 201, "{p}");
    p
}

async fn commit(api: &Api, p: &Value, quantity: i64, tolerance: i64) -> (u16, Value) {
    let body = json!({"pickup_id": p["pickups"][0]["id"],
                      "lines": [{"product_id": p["products"][0]["id"], "quantity": quantity, "tolerance": tolerance}]});
    api.call(
        reqwest::Method::PUT,
        &format!("/api/v1/groupbuy/purchases/{}/basket", id(p)),
        Some(body),
    )
    .await
}

/// The numbers of a seller's invoices, as its administrator reads them.
async fn invoice_numbers(admin: &Api, seller: &str) -> Vec<i64> {
    let (status, list) = admin
        .get(&format!("/api/v1/market/sellers/{seller}/invoices"))
        .await;
    assert_eq!(status, 200, "{list}");
    let mut numbers: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_i64().unwrap())
        .collect();
    numbers.sort_unstable();
    numbers
}

async fn organisation_balance(app: &TestApp, org: &str) -> i64 {
    let account = kernel::money::account_of(&app.db, kernel::money::Owner::Organisation(org))
        .await
        .unwrap();
    let a = kernel::money::account(&app.db, &account).await.unwrap();
    a.account.credits_posted as i64 - a.account.debits_posted as i64
}

async fn the_final_tier_is_charged_to_everyone_and_the_rest_released(app: &TestApp) {
    let people = app
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux"])
        .await;
    for (i, p) in people.iter().enumerate() {
        p.top_up(&format!("fund-{i}"), "500").await;
    }
    // Chloé runs the mill, and buys from it too.
    let mill = seller(&people[2].api).await;
    let p = propose(&people[0].api, Some(&mill), 30000, "cancel").await;
    let start = available(&people[0].api).await;
    // 110 kg asked, 15 more to fill a box: five sacks of 25 kg ordered.
    for (person, (q, t)) in people.iter().zip([(60, 10), (30, 5), (20, 0)]) {
        let (status, b) = commit(&person.api, &p, q, t).await;
        assert_eq!(status, 200, "{b}");
    }
    deadline_passes(app, &p).await;
    groupbuy::settle::settle(&app.db, &id(&p)).await.unwrap();

    let (_, view) = people[0]
        .api
        .get(&format!("/api/v1/groupbuy/purchases/{}", id(&p)))
        .await;
    assert_eq!(view["state"], "settled", "{view}");
    assert_eq!(view["products"][0]["final_ordered"], 125, "{view}");
    assert_eq!(view["products"][0]["final_price"], 280, "{view}");
    // Where the money went, on the page and in the API: 5 % of each
    // basket's goods, rounded up, a fifth of it to solidarity.
    let b = &view["breakdown"];
    assert_eq!(b["supplier"], 125 * 280, "{b}");
    assert_eq!(
        b["platform"].as_i64().unwrap() + b["solidarity"].as_i64().unwrap(),
        980 + 490 + 280,
        "{b}"
    );
    assert_eq!(b["saving"], 125 * 120, "{b}");
    // First come, first served, then the tolerances in the same order.
    for (n, (person, (allocated, goods))) in people
        .iter()
        .zip([(70, 70 * 280), (35, 35 * 280), (20, 20 * 280)])
        .enumerate()
    {
        let (_, b) = person
            .api
            .get(&format!("/api/v1/groupbuy/purchases/{}/basket", id(&p)))
            .await;
        assert_eq!(b["lines"][0]["allocated"], allocated, "{b}");
        assert_eq!(b["charged"], goods, "{b}");
        // The fee, 5 % rounded up to the cent.
        let fee: i64 = (goods * 5 + 99) / 100;
        assert_eq!(b["charged_fee"], fee, "{b}");
        assert_eq!(
            b["released"].as_i64().unwrap(),
            b["held_total"].as_i64().unwrap() - goods - fee,
            "{b}"
        );
        assert_eq!(start - available(&person.api).await, goods + fee);
        // The mill invoices each member its goods in its own series (the
        // fee is the platform's, not the mill's to invoice).
        let invoice = b["invoice_id"].as_str().expect("an invoice").to_owned();
        let (status, i) = person
            .api
            .get(&format!("/api/v1/market/invoices/{invoice}"))
            .await;
        assert_eq!(status, 200, "{i}");
        assert_eq!(i["seller_id"], mill.as_str(), "{i}");
        assert_eq!(i["group_purchase_id"], id(&p), "{i}");
        assert_eq!(i["with_vat"], goods, "{i}");
        assert_eq!(i["lines"][0]["description"], "Farine T80 (kg)", "{i}");
        assert_eq!(i["lines"][0]["quantity"], allocated, "{i}");
        assert_eq!(i["lines"][0]["vat_rate"], 550, "{i}");
        // Alice and Bruno (Chloé administers the mill: she reads its series).
        let (status, _) = people[if n == 0 { 1 } else { 0 }]
            .api
            .get(&format!("/api/v1/market/invoices/{invoice}"))
            .await;
        assert_eq!(status, 404, "a member reads no one else's invoice");
        let pdf = person
            .browser
            .get(&format!("/market/invoices/{invoice}/pdf"))
            .await;
        assert_eq!(pdf.status(), 200);
    }
    assert_eq!(organisation_balance(app, &mill).await, 125 * 280);
    assert_eq!(invoice_numbers(&people[2].api, &mill).await, [1, 2, 3]);
    // The breakdown, in the public log: totals only.
    let (_, entries) = people[0].api.get("/api/v1/log/entries?start=0").await;
    let settled = entries["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| serde_json::from_str::<Value>(e["body"].as_str()?).ok())
        .find(|b| b["type"] == "groupbuy.settled")
        .expect("a groupbuy.settled entry");
    assert_eq!(settled["supplier"], 125 * 280, "{settled}");
    assert_eq!(settled["saving"], 125 * (400 - 280), "{settled}");
    // Settling again moves nothing.
    groupbuy::settle::settle(&app.db, &id(&p)).await.unwrap();
    assert_eq!(organisation_balance(app, &mill).await, 125 * 280);
    assert_eq!(invoice_numbers(&people[2].api, &mill).await, [1, 2, 3]);
    ledger_ok(app).await;
    let page = people[2]
        .browser
        .text(&format!("/groupbuy/{}", id(&p)))
        .await;
    assert!(page.contains("125"), "{page}");

    // The order: the organiser sees who collects what; the mill's
    // administrator sees the quantities only; another member nothing.
    let at = format!("/api/v1/groupbuy/purchases/{}/order", id(&p));
    let (status, order) = people[0].api.get(&at).await;
    assert_eq!(status, 200, "{order}");
    assert_eq!(order["amount"], 125 * 280, "{order}");
    assert_eq!(order["pickups"][0]["lines"][0]["quantity"], 125, "{order}");
    let names: Vec<&str> = order["pickups"][0]["collectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Alice Martin", "Bruno Petit", "Chloé Roux"]);
    let (status, order) = people[2].api.get(&at).await;
    assert_eq!(status, 200, "{order}");
    assert_eq!(order["pickups"][0]["collectors"], json!([]), "{order}");
    assert_eq!(people[1].api.get(&at).await.0, 403);
    let csv = people[0]
        .browser
        .text(&format!("/groupbuy/{}/order.csv", id(&p)))
        .await;
    assert!(
        csv.contains("Mornant,Salle des fêtes,Farine T80,kg,125,2.80,350.00"),
        "{csv}"
    );
    let pdf = people[0]
        .browser
        .get(&format!("/groupbuy/{}/order.pdf", id(&p)))
        .await;
    assert_eq!(pdf.status(), 200);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    let page = people[0]
        .browser
        .text(&format!("/groupbuy/{}/order", id(&p)))
        .await;
    assert!(page.contains("Bruno Petit"), "{page}");
    // Mailed to the mill's administrator, the PDF and the CSV attached.
    let mail = app.mail_to("chloé@example.org", "order.pdf").await;
    assert!(mail.contains("order.csv"), "{mail}");
}

async fn below_the_minimum_a_purchase_is_extended_once_then_cancelled(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    people[1].top_up("fund", "500").await;
    let p = propose(&people[0].api, None, 30000, "extend").await;
    let bruno = &people[1].api;
    let before = available(bruno).await;
    assert_eq!(commit(bruno, &p, 30, 0).await.0, 200);
    deadline_passes(app, &p).await;
    groupbuy::settle::settle(&app.db, &id(&p)).await.unwrap();
    let (_, view) = bruno
        .get(&format!("/api/v1/groupbuy/purchases/{}", id(&p)))
        .await;
    assert_eq!(view["state"], "open", "{view}");
    assert_eq!(view["extended"], true, "{view}");
    assert_eq!(view["phase"], "open", "a new deadline: {view}");
    assert!(
        view["deadline_at"].as_i64().unwrap() > now_ms() + 6 * DAY,
        "{view}"
    );
    assert!(available(bruno).await < before, "the hold is kept");
    let texts = people[1].api.notification_texts().await;
    assert!(
        texts.iter().any(|t| t.contains("Farine d'hiver")),
        "{texts:?}"
    );

    deadline_passes(app, &p).await;
    groupbuy::settle::settle(&app.db, &id(&p)).await.unwrap();
    let (_, view) = bruno
        .get(&format!("/api/v1/groupbuy/purchases/{}", id(&p)))
        .await;
    assert_eq!(view["state"], "cancelled", "{view}");
    assert_eq!(available(bruno).await, before, "released");
    let (_, b) = bruno
        .get(&format!("/api/v1/groupbuy/purchases/{}/basket", id(&p)))
        .await;
    assert_eq!(b["charged"], 0, "{b}");
    ledger_ok(app).await;
}

async fn the_organiser_cancels_and_every_hold_is_released(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    people[1].top_up("fund", "500").await;
    let p = propose(&people[0].api, None, 30000, "cancel").await;
    let bruno = &people[1].api;
    let before = available(bruno).await;
    assert_eq!(commit(bruno, &p, 30, 0).await.0, 200);
    let at = format!("/api/v1/groupbuy/purchases/{}/cancel", id(&p));
    assert_eq!(bruno.post(&at, json!({})).await.0, 403, "a member does not");
    // On the page, the organiser is asked first.
    let asked = people[0]
        .browser
        .post_form(&format!("/groupbuy/{}/cancel", id(&p)), &[])
        .await;
    assert_eq!(asked.status(), 200);
    let done = people[0]
        .browser
        .post_form(
            &format!("/groupbuy/{}/cancel", id(&p)),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(done.status(), 303);
    let (_, view) = bruno
        .get(&format!("/api/v1/groupbuy/purchases/{}", id(&p)))
        .await;
    assert_eq!(view["state"], "cancelled", "{view}");
    assert_eq!(available(bruno).await, before, "released");
    assert_eq!(people[0].api.post(&at, json!({})).await.0, 409);
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
    let mill = seller(&people[0].api).await;
    let p = propose(&people[0].api, Some(&mill), 10000, "cancel").await;
    let start = available(&people[0].api).await;
    for person in &people {
        assert_eq!(commit(&person.api, &p, 25, 0).await.0, 200);
    }
    // Alice withdraws and commits again, the same: a hold of its own.
    let alice = &people[0].api;
    let withdrawn = json!({"pickup_id": p["pickups"][0]["id"], "lines": []});
    let (status, _) = alice
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/groupbuy/purchases/{}/basket", id(&p)),
            Some(withdrawn),
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(available(alice).await, start);
    assert_eq!(commit(alice, &p, 25, 0).await.0, 200);
    deadline_passes(app, &p).await;
    // Two baskets, then the job stops.
    groupbuy::settle::settle_some(&app.db, &id(&p), Some(2))
        .await
        .unwrap();
    let (_, view) = people[0]
        .api
        .get(&format!("/api/v1/groupbuy/purchases/{}", id(&p)))
        .await;
    assert_eq!(view["state"], "settling", "{view}");
    // It runs again, whole, and once more.
    groupbuy::settle::settle(&app.db, &id(&p)).await.unwrap();
    groupbuy::settle::settle(&app.db, &id(&p)).await.unwrap();
    // 125 kg at 2.80 €: each paid 25 kg once, with its fee.
    for person in &people {
        assert_eq!(start - available(&person.api).await, 25 * 280 + 350);
    }
    assert_eq!(organisation_balance(app, &mill).await, 125 * 280);
    ledger_ok(app).await;
}

async fn a_lowered_commitment_keeps_the_others_holds_covering_the_higher_price(app: &TestApp) {
    let people = app
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux"])
        .await;
    people[0].top_up("fund-a", "500").await;
    people[1].top_up("fund-b", "500").await;
    // Chloé holds just what her 40 kg cost at 2.80 €, with the fee.
    people[2].top_up("fund-c", "117.60").await;
    let p = propose(&people[0].api, None, 10000, "cancel").await;
    let (alice, bruno, chloe) = (&people[0].api, &people[1].api, &people[2].api);
    assert_eq!(commit(alice, &p, 60, 0).await.0, 200);
    assert_eq!(commit(bruno, &p, 40, 0).await.0, 200);
    let bruno_before = available(bruno).await;
    // Alice lowers to 45 kg: 85 kg, three sacks, back to 3.20 €. Bruno's
    // hold is raised to cover his 40 kg at 3.20 €.
    assert_eq!(commit(alice, &p, 45, 0).await.0, 200);
    assert_eq!(bruno_before - available(bruno).await, 40 * 40 + 80);
    let (_, b) = bruno
        .get(&format!("/api/v1/groupbuy/purchases/{}/basket", id(&p)))
        .await;
    assert_eq!(b["held"], 40 * 320, "{b}");

    // Back to 100 kg with Chloé; lowering again would need more than her
    // wallet holds: refused, nothing moved.
    assert_eq!(commit(alice, &p, 60, 0).await.0, 200);
    let (status, b) = commit(chloe, &p, 40, 0).await;
    assert_eq!(status, 200, "{b}");
    let alice_before = available(alice).await;
    let (status, problem) = commit(alice, &p, 10, 0).await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem.to_string().contains("groupbuy-raises-others"),
        "{problem}"
    );
    assert_eq!(available(alice).await, alice_before);
    ledger_ok(app).await;
}

async fn commitments_racing_the_deadline_are_each_counted_or_refused(app: &TestApp) {
    let people = app.people(&["Alice Martin"]).await;
    let mill = seller(&people[0].api).await;
    let racers = app.buyers(RACERS, "50").await;
    // The deadline comes while the racers commit.
    let deadline = now_ms() + 700;
    let body = json!({"title": "Farine d'hiver", "minimum": 0, "deadline_at": deadline,
           "if_short": "cancel", "products": [flour()], "supplier_id": mill,
           "pickups": [{"commune": "Mornant", "place": "Salle des fêtes"}]});
    let (status, p) = people[0].api.post("/api/v1/groupbuy/purchases", body).await;
    assert_eq!(status, 201, "{p}");
    let mut race = tokio::task::JoinSet::new();
    for api in racers {
        let p = p.clone();
        race.spawn(async move {
            let (status, answer) = commit(&api, &p, 5, 0).await;
            (status, answer, api)
        });
    }
    // The settlement starts as soon as the deadline passes, racing the
    // last commitments.
    let (db, purchase) = (app.db.clone(), id(&p));
    let settlement = tokio::spawn(async move {
        let wait = (deadline - now_ms()).max(0) as u64;
        tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
        loop {
            groupbuy::settle::settle(&db, &purchase).await.unwrap();
            let (state,): (String,) =
                sqlx::query_as("SELECT state FROM groupbuy_purchases WHERE id = $1")
                    .bind(&purchase)
                    .fetch_one(db.pool())
                    .await
                    .unwrap();
            if state != "open" {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    });
    let mut counted = Vec::new();
    while let Some(done) = race.join_next().await {
        let (status, answer, api) = done.unwrap();
        match status {
            200 => counted.push(api),
            409 => assert!(answer.to_string().contains("groupbuy-closed"), "{answer}"),
            other => panic!("{other}: {answer}"),
        }
    }
    settlement.await.unwrap();
    // Every commitment counted is settled; none refused left a basket.
    let (settled,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM groupbuy_baskets WHERE purchase_id = $1 AND settled_at IS NOT NULL",
    )
    .bind(id(&p))
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let (baskets,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM groupbuy_baskets WHERE purchase_id = $1")
            .bind(id(&p))
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(baskets, counted.len() as i64);
    assert_eq!(settled, baskets);
    // Whole sacks only: the 5 kg that do not fill one are released.
    let ordered = counted.len() as i64 * 5 / 25 * 25;
    assert_eq!(organisation_balance(app, &mill).await % 25, 0);
    let price = if ordered >= 500 {
        250
    } else if ordered >= 100 {
        280
    } else {
        320
    };
    assert_eq!(organisation_balance(app, &mill).await, ordered * price);
    ledger_ok(app).await;
}

/// How many members race the deadline.
const RACERS: usize = 500;

testkit::on_both_databases!(
    the_final_tier_is_charged_to_everyone_and_the_rest_released,
    below_the_minimum_a_purchase_is_extended_once_then_cancelled,
    a_restart_in_the_middle_of_the_settlement_neither_doubles_nor_loses,
    the_organiser_cancels_and_every_hold_is_released,
    a_lowered_commitment_keeps_the_others_holds_covering_the_higher_price,
    commitments_racing_the_deadline_are_each_counted_or_refused,
);
