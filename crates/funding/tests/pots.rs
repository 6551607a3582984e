//! Mutual-aid pots, on both databases: gifts from wallets, withdrawals
//! asked by the beneficiary or a coordinator, paid by another coordinator
//! (never the one who asked, nor the one paid) or by the collective's
//! decision, refused or cancelled back into the pot, and every movement
//! shown to the contributors and no one else outside the collective.

mod common;

use common::{DAY, available, id, ledger_ok, pass, until};
use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms};

async fn pot(api: &Api, pot: &Value) -> Value {
    let (status, view) = api.get(&format!("/api/v1/funding/pots/{}", id(pot))).await;
    assert_eq!(status, 200, "{view}");
    view
}

async fn give(api: &Api, pot: &Value, cents: i64, named: bool) -> (u16, Value) {
    api.post(
        &format!("/api/v1/funding/pots/{}/gifts", id(pot)),
        json!({"amount": cents, "named": named}),
    )
    .await
}

async fn ask(api: &Api, pot: &Value, body: Value) -> (u16, Value) {
    api.post(
        &format!("/api/v1/funding/pots/{}/withdrawals", id(pot)),
        body,
    )
    .await
}

async fn verdict(api: &Api, withdrawal: &Value, what: &str) -> (u16, Value) {
    api.post(
        &format!("/api/v1/funding/pot-withdrawals/{}/{what}", id(withdrawal)),
        json!({}),
    )
    .await
}

async fn a_pot_helps_a_member_through_withdrawals_another_coordinator_approves(app: &TestApp) {
    let group = app
        .collective("Entraide du quartier", "association")
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux", "Dmitri Ivanov"])
        .role(1, "coordinator")
        .wallet(3, "100")
        .build()
        .await;
    let [alice, bruno, chloe, dmitri] = [0, 1, 2, 3].map(|i| &group.people[i].api);
    let chloe_id = group.people[2].id.clone();
    let outsiders = app.people(&["Emile Blanc", "Fanny Morel"]).await;
    outsiders[0].top_up("emile", "50").await;
    let (emile, fanny) = (&outsiders[0].api, &outsiders[1].api);
    let body = json!({"collective_id": group.id, "title": "Coup de main pour Chloé",
                      "purpose": "Chloé a perdu son emploi : aidons-la à passer l'hiver.",
                      "beneficiary_id": chloe_id});
    // Only a coordinator opens a pot, and for one of the collective's members.
    let (status, problem) = dmitri.post("/api/v1/funding/pots", body.clone()).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "collective_id");
    let mut stranger = body.clone();
    stranger["beneficiary_id"] = json!(outsiders[0].id);
    let (status, problem) = alice.post("/api/v1/funding/pots", stranger).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "beneficiary_id");
    let (status, p) = alice.post("/api/v1/funding/pots", body).await;
    assert_eq!(status, 201, "{p}");
    assert_eq!(p["beneficiary_name"], "Chloé Roux");

    // Gifts, from members and from outside the collective; nothing for
    // nothing, nor more than the wallet holds.
    for bad in [0, -500, 2_000_000_000] {
        let (status, problem) = give(dmitri, &p, bad, true).await;
        assert!(status == 422 || status == 400, "{bad}: {problem}");
    }
    let (status, problem) = give(dmitri, &p, 10_001, true).await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem.to_string().contains("funding-pot-wallet-short"));
    assert_eq!(pot(dmitri, &p).await["given"], 0, "nothing written");
    assert_eq!(give(dmitri, &p, 4000, true).await.0, 201);
    assert_eq!(give(emile, &p, 2500, false).await.0, 201);
    // A gift between members bears no fee by default: exactly what was given.
    assert_eq!(available(dmitri).await, 6000);
    assert_eq!(available(emile).await, 2500);
    let view = pot(fanny, &p).await;
    assert_eq!(
        (&view["given"], &view["available"], &view["contributors"]),
        (&json!(6500), &json!(6500), &json!(2))
    );
    assert_eq!(view["beneficiary_name"], Value::Null, "Fanny gave nothing");

    // The beneficiary asks; only it or a coordinator may.
    let (status, _) = ask(dmitri, &p, json!({"amount": 1000, "reason": "Pour moi"})).await;
    assert_eq!(status, 403);
    let (status, problem) = ask(
        chloe,
        &p,
        json!({"amount": 1000, "reason": "Loyer", "to_member_id": group.people[3].id}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "to_member_id");
    let (status, rent) = ask(
        chloe,
        &p,
        json!({"amount": 5000, "reason": "Loyer de décembre"}),
    )
    .await;
    assert_eq!(status, 201, "{rent}");
    assert_eq!(rent["state"], "requested");
    // The coordinators who may pay it are told; others are not.
    let told = |texts: Vec<String>| texts.iter().any(|t| t.contains("awaits your approval"));
    assert!(told(bruno.notification_texts().await));
    assert!(told(alice.notification_texts().await));
    assert!(!told(dmitri.notification_texts().await));
    // What is asked is set aside: a second ask cannot take it again.
    let (status, problem) = ask(chloe, &p, json!({"amount": 1600, "reason": "Chauffage"})).await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem.to_string().contains("funding-pot-short"));
    assert_eq!(pot(chloe, &p).await["available"], 1500);

    // The beneficiary cannot pay itself; a coordinator pays.
    assert_eq!(verdict(chloe, &rent, "pay").await.0, 403);
    let before = available(chloe).await;
    let (status, paid) = verdict(alice, &rent, "pay").await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["state"], "paid");
    assert_eq!(paid["decided_by_name"], "Alice Martin");
    assert_eq!(available(chloe).await, before + 5000);
    assert_eq!(verdict(bruno, &rent, "refuse").await.0, 409, "decided once");
    assert!(
        chloe
            .notification_texts()
            .await
            .iter()
            .any(|t| t.contains("\"Coup de main pour Chloé\": paid")),
        "the one paid is told"
    );

    // A coordinator's own ask waits for another coordinator.
    let (status, heating) = ask(alice, &p, json!({"amount": 1000, "reason": "Chauffage"})).await;
    assert_eq!(status, 201, "{heating}");
    assert_eq!(
        heating["to_name"], "Chloé Roux",
        "a pot for a member pays that member"
    );
    let (status, problem) = verdict(alice, &heating, "pay").await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem.to_string().contains("funding-pot-self-approval"));
    assert_eq!(verdict(bruno, &heating, "refuse").await.0, 200);
    let (status, bus) = ask(chloe, &p, json!({"amount": 1500, "reason": "Pass de bus"})).await;
    assert_eq!(status, 201, "{bus}");
    assert_eq!(
        verdict(alice, &bus, "cancel").await.0,
        403,
        "only the asker cancels"
    );
    assert_eq!(verdict(chloe, &bus, "cancel").await.1["state"], "cancelled");
    let view = pot(chloe, &p).await;
    assert_eq!(
        (&view["paid_out"], &view["pending"], &view["available"]),
        (&json!(5000), &json!(0), &json!(1500))
    );
    assert_eq!(available(chloe).await, before + 5000);

    // Every movement, for the contributors and the collective; a giver's
    // name only if it chose so (and always to itself).
    let at = format!("/api/v1/funding/pots/{}/movements", id(&p));
    let (status, problem) = fanny.get(&at).await;
    assert_eq!(status, 403, "{problem}");
    let (status, seen) = emile.get(&at).await;
    assert_eq!(status, 200, "{seen}");
    let states: Vec<&str> = seen["withdrawals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["cancelled", "refused", "paid"]);
    // Whom the pot helps is for those who see its movements.
    let (_, outside) = fanny.get(&format!("/api/v1/funding/pots/{}", id(&p))).await;
    assert_eq!(outside["beneficiary_name"], Value::Null, "{outside}");
    assert_eq!(pot(emile, &p).await["beneficiary_name"], "Chloé Roux");
    let givers: Vec<(Value, Value)> = seen["gifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["member_name"].clone(), g["amount"].clone()))
        .collect();
    assert_eq!(
        givers,
        [
            (json!("Emile Blanc"), json!(2500)),
            (json!("Dmitri Ivanov"), json!(4000))
        ]
    );
    let (_, seen) = chloe.get(&at).await;
    assert_eq!(
        seen["gifts"][0]["member_name"],
        Value::Null,
        "Emile stays anonymous"
    );
    let page = dmitri.page(&format!("/funding/pots/{}", id(&p))).await;
    assert!(
        page.contains("Loyer de décembre") && page.contains("anonymous"),
        "{page}"
    );
    let page = fanny.page(&format!("/funding/pots/{}", id(&p))).await;
    assert!(!page.contains("Loyer de décembre"), "{page}");
    assert!(
        page.contains("Its movements are shown to its contributors"),
        "{page}"
    );

    // Two coordinators putting one withdrawal to a decision at once open
    // one decision.
    let (_, fuel) = ask(chloe, &p, json!({"amount": 500, "reason": "Fioul"})).await;
    let decide = format!("/api/v1/funding/pot-withdrawals/{}/decision", id(&fuel));
    let body = json!({"question": "Verser le fioul ?", "method": "consent",
                      "closes_at": now_ms() + 4 * DAY});
    let (a, b) = tokio::join!(alice.post(&decide, body.clone()), bruno.post(&decide, body));
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "{a:?} {b:?}");
    assert_eq!(
        verdict(chloe, &fuel, "cancel").await.1["state"],
        "cancelled"
    );

    // Closed to gifts; what is left may still be withdrawn.
    let close = format!("/api/v1/funding/pots/{}/close", id(&p));
    assert_eq!(dmitri.post(&close, json!({})).await.0, 403);
    assert_eq!(bruno.post(&close, json!({})).await.1["state"], "closed");
    assert_eq!(give(dmitri, &p, 100, true).await.0, 409);
    let (status, last) = ask(chloe, &p, json!({"amount": 1500, "reason": "Le reste"})).await;
    assert_eq!(status, 201, "{last}");
    assert_eq!(verdict(bruno, &last, "pay").await.1["state"], "paid");
    assert_eq!(pot(chloe, &p).await["available"], 0);
    ledger_ok(app).await;
}

async fn a_lone_coordinator_puts_a_withdrawal_to_the_collectives_decision(app: &TestApp) {
    let group = app
        .collective("Comité des fêtes", "association")
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux"])
        .wallet(1, "100")
        .build()
        .await;
    let [alice, bruno, chloe] = [0, 1, 2].map(|i| &group.people[i].api);
    let alice_id = group.people[0].id.clone();
    // Opened through the form, for an event: no beneficiary.
    let form = [
        ("collective_id", group.id.as_str()),
        ("title", "Fête de quartier"),
        ("purpose", "Les boissons et la sono de la fête du 21 juin."),
        ("beneficiary_id", ""),
    ];
    let done = group.people[0]
        .browser
        .post_form("/funding/pots/new", &form)
        .await;
    assert_eq!(done.status(), 303);
    let (_, all) = bruno.get("/api/v1/funding/pots").await;
    let p = all[0].clone();
    assert_eq!(p["title"], "Fête de quartier");
    // Bruno gives through the page's form, in French decimals.
    let at = format!("/funding/pots/{}/give", id(&p));
    let refused = group.people[1]
        .browser
        .post_form(&at, &[("amount", "abc")])
        .await;
    assert_eq!(refused.status(), 422);
    let done = group.people[1]
        .browser
        .post_form(&at, &[("amount", "30,00"), ("named", "on")])
        .await;
    assert_eq!(done.status(), 303);
    assert_eq!(available(bruno).await, 7000);

    // An event's pot pays a member of the collective, by default the asker.
    let (status, problem) = ask(
        alice,
        &p,
        json!({"amount": 500, "reason": "Sono", "to_member_id": "nobody"}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    let (status, drinks) = ask(alice, &p, json!({"amount": 2000, "reason": "Boissons"})).await;
    assert_eq!(status, 201, "{drinks}");
    assert_eq!(drinks["to_member_id"], json!(alice_id));
    // The only coordinator asked: it cannot pay itself, members cannot pay.
    assert_eq!(verdict(alice, &drinks, "pay").await.0, 409);
    assert_eq!(verdict(bruno, &drinks, "pay").await.0, 403);
    // The collective decides, not in a minute by one person.
    let decide = format!("/api/v1/funding/pot-withdrawals/{}/decision", id(&drinks));
    let body = json!({"question": "Payer les boissons ?", "method": "consent",
                      "closes_at": now_ms() + 4 * DAY});
    let mut rushed = body.clone();
    rushed["closes_at"] = json!(now_ms() + 60_000);
    let (status, problem) = alice.post(&decide, rushed).await;
    assert_eq!(status, 422, "{problem}");
    assert!(
        problem
            .to_string()
            .contains("error-decision-acting-too-short")
    );
    assert_eq!(bruno.post(&decide, body.clone()).await.0, 403);
    let (status, decision) = alice.post(&decide, body.clone()).await;
    assert_eq!(status, 201, "{decision}");
    assert_eq!(alice.post(&decide, body).await.0, 409, "put once");
    let before = available(alice).await;
    pass(app, &[alice, bruno, chloe], &id(&decision)).await;
    let moves = until(
        bruno,
        &format!("/api/v1/funding/pots/{}/movements", id(&p)),
        |m| m["withdrawals"][0]["state"] == "paid",
    )
    .await;
    assert_eq!(moves["withdrawals"][0]["decision_id"], decision["id"]);
    assert_eq!(moves["withdrawals"][0]["decided_by_name"], Value::Null);
    assert_eq!(available(alice).await, before + 2000);
    assert_eq!(pot(chloe, &p).await["available"], 1000);
    ledger_ok(app).await;
}

testkit::on_both_databases!(
    a_pot_helps_a_member_through_withdrawals_another_coordinator_approves,
    a_lone_coordinator_puts_a_withdrawal_to_the_collectives_decision,
);
