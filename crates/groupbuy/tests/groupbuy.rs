//! Group purchases over HTTP, on both databases: proposing one (and the
//! proposals refused), members committing toward its tiers with their
//! money held, changing and withdrawing, one basket across several
//! purchases, the box-filling phase, and the member's data.

mod common;

use common::{DAY, available, deadline_passes, flour, id, ledger_ok};
use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms};

fn oil() -> Value {
    json!({"name": "Huile d'olive", "unit": "l", "pack_size": 6, "vat_rate": 550,
           "tiers": [{"from": 1, "to": 23, "unit_price": 1200}, {"from": 24, "unit_price": 1050}]})
}

fn proposal(products: Vec<Value>) -> Value {
    json!({"title": "Farine et huile du Moulin", "description": "Commande d'hiver",
           "supplier_name": "Moulin de la Vallée", "supplier_contact": "commandes@moulin.example",
           "minimum": 30000, "maximum": 500000, "deadline_at": now_ms() + 7 * DAY,
           "if_short": "extend", "extend_days": 7, "products": products,
           "pickups": [{"commune": "Mornant", "place": "Salle des fêtes", "hours": "samedi 10h–12h"},
                       {"commune": "Soucieu", "place": "Mairie", "hours": ""}]})
}

async fn propose(api: &Api, body: Value) -> Value {
    let (status, p) = api.post("/api/v1/groupbuy/purchases", body).await;
    assert_eq!(status, 201, "{p}");
    p
}

fn product(p: &Value, i: usize) -> String {
    p["products"][i]["id"].as_str().unwrap().to_owned()
}

fn pickup(p: &Value, i: usize) -> String {
    p["pickups"][i]["id"].as_str().unwrap().to_owned()
}

async fn set(api: &Api, purchase: &Value, body: Value) -> (u16, Value) {
    api.call(
        reqwest::Method::PUT,
        &format!("/api/v1/groupbuy/purchases/{}/basket", id(purchase)),
        Some(body),
    )
    .await
}

async fn members_commit_toward_the_tiers_with_their_money_held(app: &TestApp) {
    let people = app
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux"])
        .await;
    for (i, p) in people.iter().enumerate() {
        p.top_up(&format!("fund-{i}"), "500").await;
    }
    let (alice, bruno, chloe) = (&people[0].api, &people[1].api, &people[2].api);
    let p = propose(alice, proposal(vec![flour(), oil()])).await;
    assert_eq!(p["phase"], "open", "{p}");
    assert_eq!(p["products"][0]["unit_price"], 320, "{p}");
    let (flour_id, oil_id) = (product(&p, 0), product(&p, 1));

    // Alice first: 60 kg and 10 more to fill a box, at the first tier.
    let before = available(alice).await;
    let (status, b) = set(
        alice,
        &p,
        json!({"pickup_id": pickup(&p, 0), "lines": [{"product_id": flour_id, "quantity": 60, "tolerance": 10}]}),
    )
    .await;
    assert_eq!(status, 200, "{b}");
    // (60 + 10) kg at 3.20 €, and the 5 % fee on top.
    assert_eq!(b["held"], 70 * 320, "{b}");
    assert_eq!(b["held_fee"], 1120, "{b}");
    assert_eq!(before - available(alice).await, 70 * 320 + 1120);

    // Bruno and Chloé bring the flour past 100 kg: the tier drops.
    let (status, b) = set(
        bruno,
        &p,
        json!({"pickup_id": pickup(&p, 1), "lines": [{"product_id": flour_id, "quantity": 30},
                                                     {"product_id": oil_id, "quantity": 6, "tolerance": 0}]}),
    )
    .await;
    assert_eq!(status, 200, "{b}");
    let (status, b) = set(
        chloe,
        &p,
        json!({"pickup_id": pickup(&p, 0), "lines": [{"product_id": flour_id, "quantity": 20}]}),
    )
    .await;
    assert_eq!(status, 200, "{b}");
    // Held at the tier her commitment reaches: 110 kg, 2.80 €.
    assert_eq!(b["held"], 20 * 280, "{b}");
    assert_eq!(b["saving"], 20 * (400 - 280), "{b}");

    let (_, p) = chloe
        .get(&format!("/api/v1/groupbuy/purchases/{}", id(&p)))
        .await;
    let f = &p["products"][0];
    assert_eq!(f["quantity"], 110, "{f}");
    assert_eq!(f["tolerance"], 10, "{f}");
    assert_eq!(f["unit_price"], 280, "{f}");
    assert_eq!(f["next_price"], 250, "{f}");
    // Four sacks would be ordered now (the tolerances do not fill a
    // fifth): 400 kg more reach 2.50 €.
    assert_eq!(f["ordered"], 100, "{f}");
    assert_eq!(f["to_next_tier"], 400, "{f}");
    assert_eq!(f["full_boxes"], 4, "{f}");
    assert_eq!(f["to_next_box"], 15, "{f}");
    assert_eq!(f["saving_per_unit"], 120, "{f}");
    assert_eq!(p["members"], 3, "{p}");
    // 100 kg at 2.80 € and 6 l at 12 €: the minimum of 300 € is reached.
    assert_eq!(p["committed"], 100 * 280 + 6 * 1200, "{p}");
    assert_eq!(p["to_minimum"], 0, "{p}");

    // The page says the same, in the member's language.
    let page = people[2]
        .browser
        .text(&format!("/groupbuy/{}", id(&p)))
        .await;
    assert!(page.contains("Farine T80"), "{page}");
    assert!(
        page.contains("400 kg"),
        "the next tier's missing quantity: {page}"
    );
    assert!(
        page.contains("aria-current=\"true\""),
        "the current tier: {page}"
    );
    let list = people[1].browser.text("/groupbuy").await;
    assert!(list.contains("Farine et huile du Moulin"), "{list}");
    ledger_ok(app).await;
}

async fn bad_proposals_are_refused_and_nothing_is_written(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    let alice = &people[0].api;
    let tiers = |t: Value| {
        let mut f = flour();
        f["tiers"] = t;
        proposal(vec![f])
    };
    let cases = [
        (
            tiers(
                json!([{"from": 1, "to": 99, "unit_price": 320}, {"from": 90, "unit_price": 280}]),
            ),
            "error-tiers-overlap",
        ),
        (
            tiers(
                json!([{"from": 1, "to": 99, "unit_price": 320}, {"from": 120, "unit_price": 280}]),
            ),
            "error-tiers-gap",
        ),
        (
            tiers(
                json!([{"from": 1, "to": 99, "unit_price": 320}, {"from": 100, "unit_price": 330}]),
            ),
            "error-tiers-price",
        ),
        (
            tiers(json!([{"from": 5, "unit_price": 320}])),
            "error-tiers-first",
        ),
        (
            {
                let mut p = proposal(vec![flour()]);
                p["minimum"] = json!(600000);
                p
            },
            "error-groupbuy-maximum",
        ),
        (
            {
                let mut p = proposal(vec![flour()]);
                p["deadline_at"] = json!(now_ms() - 1000);
                p
            },
            "error-groupbuy-deadline",
        ),
        (
            {
                let mut f = flour();
                f["step"] = json!(7);
                proposal(vec![f])
            },
            "error-groupbuy-step",
        ),
        (
            {
                let mut p = proposal(vec![flour()]);
                p["supplier_contact"] = json!("not an email");
                p
            },
            "error-email",
        ),
    ];
    for (body, key) in cases {
        let (status, problem) = alice.post("/api/v1/groupbuy/purchases", body).await;
        assert_eq!(status, 422, "{key}: {problem}");
        assert!(problem.to_string().contains(key), "{key}: {problem}");
    }
    // A collective Alice does not coordinate.
    let (cid, _) = people[1]
        .collective_with("Épicerie", "association", &[])
        .await;
    let mut body = proposal(vec![flour()]);
    body["collective_id"] = json!(cid);
    let (status, problem) = alice.post("/api/v1/groupbuy/purchases", body).await;
    assert_eq!(status, 422, "{problem}");
    assert!(
        problem.to_string().contains("error-groupbuy-collective"),
        "{problem}"
    );
    let (_, list) = alice.get("/api/v1/groupbuy/purchases").await;
    assert_eq!(list, json!([]), "nothing half-saved");
}

async fn bad_commitments_are_refused_with_nothing_held(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    people[1].top_up("fund", "500").await;
    let (alice, bruno) = (&people[0].api, &people[1].api);
    let p = propose(alice, proposal(vec![flour(), oil()])).await;
    let other = propose(alice, proposal(vec![oil()])).await;
    let flour_id = product(&p, 0);
    let line = |quantity: i64, tolerance: i64| json!({"pickup_id": pickup(&p, 0), "lines": [{"product_id": flour_id, "quantity": quantity, "tolerance": tolerance}]});
    let before = available(bruno).await;
    for (body, key) in [
        (line(12, 0), "error-groupbuy-quantity"),
        (line(10, 25), "error-groupbuy-tolerance"),
        (line(0, 5), "error-groupbuy-tolerance"),
        (
            json!({"pickup_id": pickup(&other, 0), "lines": [{"product_id": flour_id, "quantity": 10}]}),
            "error-groupbuy-pickup-unknown",
        ),
        (
            json!({"pickup_id": pickup(&p, 0), "lines": [{"product_id": product(&other, 0), "quantity": 6}]}),
            "error-groupbuy-product-unknown",
        ),
        // 2,500 kg at 2.50 € is over the supplier's 5,000 €.
        (line(2500, 0), "error-groupbuy-over-maximum"),
    ] {
        let (status, problem) = set(bruno, &p, body).await;
        assert_eq!(status, 422, "{key}: {problem}");
        assert!(problem.to_string().contains(key), "{key}: {problem}");
    }
    // More than the wallet holds.
    let (status, problem) = set(bruno, &p, line(1500, 0)).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(available(bruno).await, before, "nothing held");
    let (status, _) = bruno
        .get(&format!("/api/v1/groupbuy/purchases/{}/basket", id(&p)))
        .await;
    assert_eq!(status, 404);

    // After the deadline: closed.
    deadline_passes(app, &p).await;
    let (status, problem) = set(bruno, &p, line(10, 0)).await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem.to_string().contains("groupbuy-closed"), "{problem}");
    assert_eq!(available(bruno).await, before, "nothing held");
    ledger_ok(app).await;
}

async fn a_basket_changes_and_is_withdrawn_its_hold_replaced_then_released(app: &TestApp) {
    let people = app.people(&["Alice Martin"]).await;
    people[0].top_up("fund", "500").await;
    let alice = &people[0].api;
    let p = propose(alice, proposal(vec![flour()])).await;
    let before = available(alice).await;
    let body = |quantity: i64| json!({"pickup_id": pickup(&p, 0), "lines": [{"product_id": product(&p, 0), "quantity": quantity}]});
    let (status, _) = set(alice, &p, body(50)).await;
    assert_eq!(status, 200);
    let (status, b) = set(alice, &p, body(20)).await;
    assert_eq!(status, 200, "{b}");
    assert_eq!(
        before - available(alice).await,
        20 * 320 + 320,
        "one hold, replaced"
    );
    // Sent again as it is: nothing moves.
    let (status, _) = set(alice, &p, body(20)).await;
    assert_eq!(status, 200);
    assert_eq!(before - available(alice).await, 20 * 320 + 320);
    let (status, _) = set(alice, &p, json!({"pickup_id": pickup(&p, 0), "lines": []})).await;
    assert_eq!(status, 204);
    assert_eq!(available(alice).await, before, "released");
    let (_, p) = alice
        .get(&format!("/api/v1/groupbuy/purchases/{}", id(&p)))
        .await;
    assert_eq!(p["members"], 0, "{p}");
    assert_eq!(p["products"][0]["quantity"], 0, "{p}");
    ledger_ok(app).await;
}

async fn one_basket_spans_several_purchases_all_or_none(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    people[1].top_up("fund", "500").await;
    let (alice, bruno) = (&people[0].api, &people[1].api);
    let a = propose(alice, proposal(vec![flour()])).await;
    let b = propose(alice, proposal(vec![oil()])).await;
    let before = available(bruno).await;
    let both = |oil_quantity: i64| {
        json!({"baskets": [
            {"purchase_id": id(&a), "pickup_id": pickup(&a, 0), "lines": [{"product_id": product(&a, 0), "quantity": 25}]},
            {"purchase_id": id(&b), "pickup_id": pickup(&b, 1), "lines": [{"product_id": product(&b, 0), "quantity": oil_quantity}]}]})
    };
    // The oil's line is wrong (a tolerance of a whole box): neither is kept.
    let mut wrong = both(6);
    wrong["baskets"][1]["lines"][0]["tolerance"] = json!(6);
    let (status, problem) = bruno
        .call(
            reqwest::Method::PUT,
            "/api/v1/me/groupbuy/baskets",
            Some(wrong),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(available(bruno).await, before);
    let (_, mine) = bruno.get("/api/v1/me/groupbuy/baskets").await;
    assert_eq!(mine, json!([]));

    let (status, mine) = bruno
        .call(
            reqwest::Method::PUT,
            "/api/v1/me/groupbuy/baskets",
            Some(both(6)),
        )
        .await;
    assert_eq!(status, 200, "{mine}");
    assert_eq!(mine.as_array().unwrap().len(), 2, "{mine}");
    let held: i64 = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["held_total"].as_i64().unwrap())
        .sum();
    // 25 kg at 3.20 € and 6 l at 12 €, each with its fee.
    assert_eq!(held, 8000 + 400 + 7200 + 360);
    assert_eq!(before - available(bruno).await, held);
    // Each purchase goes ahead at its own minimum.
    let (_, a) = bruno
        .get(&format!("/api/v1/groupbuy/purchases/{}", id(&a)))
        .await;
    assert_eq!(a["committed"], 8000, "{a}");
    assert_eq!(a["to_minimum"], 22000, "{a}");
    ledger_ok(app).await;
}

async fn the_box_filling_phase_only_takes_raises_that_fill_open_boxes(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    for (i, p) in people.iter().enumerate() {
        p.top_up(&format!("fund-{i}"), "500").await;
    }
    let (alice, bruno) = (&people[0].api, &people[1].api);
    let mut body = proposal(vec![flour()]);
    body["fill_until"] = json!(now_ms() + 9 * DAY);
    let p = propose(alice, body).await;
    let flour_id = product(&p, 0);
    let line = |quantity: i64, tolerance: i64| json!({"pickup_id": pickup(&p, 0), "lines": [{"product_id": flour_id, "quantity": quantity, "tolerance": tolerance}]});
    // 40 kg: one box of 25 full, 10 more fill the second.
    assert_eq!(set(alice, &p, line(40, 5)).await.0, 200);
    deadline_passes(app, &p).await;
    let (_, view) = alice
        .get(&format!("/api/v1/groupbuy/purchases/{}", id(&p)))
        .await;
    assert_eq!(view["phase"], "filling", "{view}");
    let (status, problem) = set(alice, &p, line(35, 5)).await;
    assert_eq!(status, 422, "{problem}");
    assert!(
        problem.to_string().contains("error-groupbuy-filling-raise"),
        "{problem}"
    );
    let (status, problem) = set(bruno, &p, line(15, 0)).await;
    assert_eq!(status, 422, "{problem}");
    assert!(
        problem.to_string().contains("error-groupbuy-box-full"),
        "{problem}"
    );
    let (status, b) = set(bruno, &p, line(10, 0)).await;
    assert_eq!(status, 200, "{b}");
    let (_, view) = alice
        .get(&format!("/api/v1/groupbuy/purchases/{}", id(&p)))
        .await;
    assert_eq!(view["products"][0]["full_boxes"], 2, "{view}");
    assert_eq!(view["products"][0]["to_next_box"], 0, "{view}");
    // Withdrawing is lowering: refused now.
    let (status, _) = set(bruno, &p, json!({"pickup_id": pickup(&p, 0), "lines": []})).await;
    assert_eq!(status, 422);
    ledger_ok(app).await;
}

async fn a_purchase_is_proposed_and_committed_to_through_the_forms(app: &TestApp) {
    let people = app.people(&["Alice Martin", "Bruno Petit"]).await;
    people[1].top_up("fund", "500").await;
    let (alice, bruno) = (&people[0].browser, &people[1].browser);
    let deadline = jiff::Timestamp::from_millisecond(now_ms() + 3 * DAY)
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let mut fields = vec![
        ("title", "Pommes de terre"),
        ("supplier_name", "Ferme du Plateau"),
        ("supplier_contact", "ferme@plateau.example"),
        ("minimum", "50"),
        ("deadline_at", deadline.as_str()),
        ("if_short", "cancel"),
        ("name0", "Pommes de terre"),
        ("unit0", "kg"),
        ("pack0", "10"),
        ("step0", "1"),
        ("vat0", "550"),
        ("retail0", "2,00"),
        ("commune0", "Mornant"),
        ("place0", "Salle des fêtes"),
    ];
    // Tiers whose price rises: refused, what was typed kept.
    let mut wrong = fields.clone();
    wrong.push(("tiers0", "1-49: 1,50\n50+: 1,80"));
    let refused = alice.post_form("/groupbuy/new", &wrong).await;
    assert_eq!(refused.status(), 422);
    let text = refused.text().await.unwrap();
    assert!(
        text.contains("cheaper than the one before") || text.contains("moins cher"),
        "{text}"
    );
    assert!(
        text.contains("Ferme du Plateau"),
        "typed values kept: {text}"
    );

    fields.push(("tiers0", "1-49: 1,50\n50+: 1,20"));
    let done = alice.post_form("/groupbuy/new", &fields).await;
    assert_eq!(done.status(), 303);
    let at = done.headers()["location"].to_str().unwrap().to_owned();
    let id = at.trim_start_matches("/groupbuy/").to_owned();
    let (_, p) = people[1]
        .api
        .get(&format!("/api/v1/groupbuy/purchases/{id}"))
        .await;
    assert_eq!(p["products"][0]["tiers"][1]["unit_price"], 120, "{p}");
    let flour_id = product(&p, 0);

    let q = format!("q_{flour_id}");
    let t = format!("t_{flour_id}");
    let pick = pickup(&p, 0);
    let done = bruno
        .post_form(
            &format!("/groupbuy/{id}/basket"),
            &[
                (q.as_str(), "30"),
                (t.as_str(), "5"),
                ("pickup_id", pick.as_str()),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    let page = bruno.text(&format!("/groupbuy/{id}")).await;
    assert!(
        testkit::flash(&page)
            .is_some_and(|f| f.contains("Basket saved") || f.contains("Panier enregistré")),
        "{page}"
    );
    assert!(page.contains("value=\"30\""), "{page}");
    // 35 kg at 1.50 € held, and the fee.
    assert!(page.contains("55,13") || page.contains("55.13"), "{page}");

    // A quantity off the step is refused on the page, in its language.
    let refused = bruno
        .post_form(
            &format!("/groupbuy/{id}/basket"),
            &[(q.as_str(), "abc"), ("pickup_id", pick.as_str())],
        )
        .await;
    assert_eq!(refused.status(), 422);

    // The baskets page withdraws by emptying.
    let done = bruno
        .post_form(
            "/groupbuy/baskets",
            &[
                ("shown", id.as_str()),
                (q.as_str(), ""),
                (t.as_str(), ""),
                (format!("pickup_{id}").as_str(), pick.as_str()),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    let (_, mine) = people[1].api.get("/api/v1/me/groupbuy/baskets").await;
    assert_eq!(mine, json!([]));
}

async fn an_organiser_paid_through_its_wallet_stays_until_the_purchase_ends(app: &TestApp) {
    let people = app.people(&["Alice Martin"]).await;
    // An outside supplier, no collective: the organiser's wallet is paid.
    let p = propose(&people[0].api, proposal(vec![flour()])).await;
    let (status, problem) = people[0].api.erase_account().await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem.to_string().contains("groupbuy-organiser-stays"),
        "{problem}"
    );
    sqlx::query("UPDATE groupbuy_purchases SET state = 'cancelled' WHERE id = $1")
        .bind(id(&p))
        .execute(app.db.pool())
        .await
        .unwrap();
    let (status, body) = people[0].api.erase_account().await;
    assert!((200..300).contains(&status), "{status}: {body}");
}

async fn the_export_lists_the_members_baskets(app: &TestApp) {
    let people = app.people(&["Alice Martin"]).await;
    people[0].top_up("fund", "500").await;
    let alice = &people[0].api;
    let p = propose(alice, proposal(vec![flour()])).await;
    let body = json!({"pickup_id": pickup(&p, 0), "lines": [{"product_id": product(&p, 0), "quantity": 25}]});
    assert_eq!(set(alice, &p, body).await.0, 200);
    let (status, export) = alice.get("/api/v1/me/export").await;
    assert_eq!(status, 200, "{export}");
    let text = export.to_string();
    assert!(text.contains("purchases_proposed"), "{text}");
    assert_eq!(
        export["groupbuy"]["baskets"][0]["lines"][0]["quantity"], 25,
        "{export}"
    );
}

testkit::on_both_databases!(
    members_commit_toward_the_tiers_with_their_money_held,
    bad_proposals_are_refused_and_nothing_is_written,
    bad_commitments_are_refused_with_nothing_held,
    a_basket_changes_and_is_withdrawn_its_hold_replaced_then_released,
    one_basket_spans_several_purchases_all_or_none,
    the_box_filling_phase_only_takes_raises_that_fill_open_boxes,
    a_purchase_is_proposed_and_committed_to_through_the_forms,
    the_export_lists_the_members_baskets,
    an_organiser_paid_through_its_wallet_stays_until_the_purchase_ends,
);
