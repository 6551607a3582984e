//! A collective's expenses, on both databases: submitted with a receipt (a
//! photo re-encoded, a PDF kept), approved by another treasurer or
//! coordinator and paid from the treasury through a payout, refused with a
//! reason, withdrawn, or approved by the collective's decision; never
//! approved by its submitter, never paid beyond what the treasury holds.

mod common;

use common::{DAY, available, id, ledger_ok, pass, until};
use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms};

/// A one-pixel PNG, as a phone would not send it, but a photo all the same.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
/// "%PDF-1.4 …": a PDF, by its magic bytes.
const PDF: &str = "JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCnRyYWlsZXIKPDwvUm9vdCAxIDAgUj4+CiUlRU9G";

fn expense(title: &str, cents: i64, receipt: &str) -> Value {
    json!({"title": title, "amount": cents, "pay_to": "wallet", "receipt_base64": receipt})
}

async fn submit(api: &Api, collective: &str, body: Value) -> (u16, Value) {
    api.post(
        &format!("/api/v1/funding/collectives/{collective}/expenses"),
        body,
    )
    .await
}

async fn verdict(api: &Api, e: &Value, what: &str) -> (u16, Value) {
    api.post(
        &format!("/api/v1/funding/expenses/{}/{what}", id(e)),
        json!({"reason": "Le justificatif est illisible."}),
    )
    .await
}

async fn treasury(api: &Api, collective: &str) -> i64 {
    let (status, t) = api
        .get(&format!("/api/v1/collectives/{collective}/treasury"))
        .await;
    assert_eq!(status, 200, "{t}");
    t["balance"].as_i64().unwrap()
}

async fn another_treasurer_approves_an_expense_and_the_treasury_pays_it(app: &TestApp) {
    let amap = app
        .collective("AMAP des Tilleuls", "amap")
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux", "Dmitri Ivanov"])
        .role(1, "treasurer")
        .wallet(0, "200")
        .treasury("150")
        .build()
        .await;
    let [alice, bruno, chloe, dmitri] = [0, 1, 2, 3].map(|i| &amap.people[i].api);
    let outsider = &app.people(&["Emile Blanc"]).await[0].api;
    let funds = treasury(alice, &amap.id).await;

    // Refused, and nothing written: no receipt, not a receipt, bad base64,
    // no amount, an IBAN that does not check, someone outside.
    let bad = [
        (expense("Cagettes", 4250, ""), "receipt"),
        (expense("Cagettes", 4250, "aGVsbG8gd29ybGQ="), "receipt"),
        (expense("Cagettes", 4250, "***"), "receipt"),
        (expense("Cagettes", 0, PNG), "amount"),
        (
            json!({"title": "Cagettes", "amount": 4250, "pay_to": "bank", "bank_name": "Menuiserie Roux",
                   "iban": "FR76 3000 6000 0112 3456 7890 180", "receipt_base64": PNG}),
            "iban",
        ),
    ];
    for (body, field) in bad {
        let (status, problem) = submit(chloe, &amap.id, body).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    let (status, _) = submit(outsider, &amap.id, expense("Cagettes", 4250, PNG)).await;
    assert_eq!(status, 403);
    let list = format!("/api/v1/funding/collectives/{}/expenses", amap.id);
    assert_eq!(alice.get(&list).await.1, json!([]), "nothing written");
    assert_eq!(outsider.get(&list).await.0, 403);

    let (status, crates) = submit(
        chloe,
        &amap.id,
        expense("Cagettes pour la distribution", 4250, PNG),
    )
    .await;
    assert_eq!(status, 201, "{crates}");
    assert_eq!(crates["state"], "submitted");
    assert_eq!(
        crates["receipt_type"], "image/jpeg",
        "a photo is re-encoded"
    );
    // Those who may approve it are told.
    let told = |texts: Vec<String>| {
        texts
            .iter()
            .any(|t| t.contains("awaits approval in AMAP des Tilleuls"))
    };
    assert!(told(bruno.notification_texts().await));
    assert!(!told(dmitri.notification_texts().await));
    // The receipt: for its submitter and those who move the money.
    let receipt = format!("/api/v1/funding/expenses/{}/receipt", id(&crates));
    let file = |api: &Api| api.request(reqwest::Method::GET, &receipt).send();
    let seen = file(bruno).await.unwrap();
    assert_eq!(seen.status(), 200);
    assert_eq!(seen.headers()["content-type"], "image/jpeg");
    assert_eq!(&seen.bytes().await.unwrap()[..3], b"\xff\xd8\xff");
    assert_eq!(file(chloe).await.unwrap().status(), 200);
    assert_eq!(file(dmitri).await.unwrap().status(), 403);
    assert_eq!(file(outsider).await.unwrap().status(), 404);
    let shown = format!("/api/v1/funding/expenses/{}", id(&crates));
    assert_eq!(outsider.get(&shown).await.0, 404);

    // Only a treasurer or coordinator decides, and never on its own.
    assert_eq!(verdict(dmitri, &crates, "approve").await.0, 403);
    assert_eq!(verdict(chloe, &crates, "approve").await.0, 409);
    let before = available(chloe).await;
    let (status, paid) = verdict(bruno, &crates, "approve").await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["state"], "paid", "to a wallet, paid at once");
    assert_eq!(paid["decided_by_name"], "Bruno Petit");
    assert_eq!(available(chloe).await, before + 4250);
    assert_eq!(treasury(alice, &amap.id).await, funds - 4250);
    assert_eq!(
        verdict(alice, &crates, "refuse").await.0,
        409,
        "decided once"
    );
    // Paid through the treasury's payouts, as every payment out of it.
    let (_, payouts) = alice
        .get(&format!("/api/v1/collectives/{}/payouts", amap.id))
        .await;
    assert_eq!(payouts[0]["amount"], 4250, "{payouts}");
    assert_eq!(payouts[0]["status"], "paid");
    assert_eq!(payouts[0]["approved_by"], "Bruno Petit");
    assert_eq!(payouts[0]["requested_by"], "Chloé Roux");

    // A treasurer's own expense: another one decides; refused with a reason.
    let (_, own) = submit(bruno, &amap.id, expense("Essence", 2000, PDF)).await;
    assert_eq!(own["receipt_type"], "application/pdf");
    let (status, problem) = verdict(bruno, &own, "approve").await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem
            .to_string()
            .contains("funding-expense-self-approval")
    );
    let (status, refused) = verdict(alice, &own, "refuse").await;
    assert_eq!(status, 200, "{refused}");
    assert_eq!(refused["state"], "refused");
    assert_eq!(refused["refusal"], "Le justificatif est illisible.");
    let told = |texts: Vec<String>, what: &str| texts.iter().any(|t| t.contains(what));
    assert!(told(
        bruno.notification_texts().await,
        "Your expense \"Essence\": refused"
    ));
    assert!(told(
        chloe.notification_texts().await,
        "Your expense \"Cagettes pour la distribution\": paid"
    ));
    assert_eq!(verdict(bruno, &own, "cancel").await.0, 409);

    // More than the treasury holds: refused, and it stays submitted.
    let (_, big) = submit(chloe, &amap.id, expense("Chambre froide", 90_000, PNG)).await;
    let (status, problem) = verdict(bruno, &big, "approve").await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem
            .to_string()
            .contains("funding-expense-treasury-short")
    );
    assert_eq!(
        chloe
            .get(&format!("/api/v1/funding/expenses/{}", id(&big)))
            .await
            .1["state"],
        "submitted"
    );
    assert_eq!(treasury(alice, &amap.id).await, funds - 4250);
    // Nor by the collective's decision: it stays submitted, free to be
    // put to a decision again once the treasury holds it.
    let decide = format!("/api/v1/funding/expenses/{}/decision", id(&big));
    let body = json!({"question": "Payer la chambre froide ?", "method": "consent",
                      "closes_at": now_ms() + 4 * DAY});
    let (status, decision) = bruno.post(&decide, body.clone()).await;
    assert_eq!(status, 201, "{decision}");
    assert_eq!(
        alice.post(&decide, body.clone()).await.0,
        409,
        "one at a time"
    );
    pass(app, &[alice, bruno, chloe, dmitri], &id(&decision)).await;
    until(
        chloe,
        &format!("/api/v1/funding/expenses/{}", id(&big)),
        |e| e["decision_id"].is_null(),
    )
    .await;
    assert_eq!(treasury(alice, &amap.id).await, funds - 4250);
    assert_eq!(alice.post(&decide, body).await.0, 201, "put again");
    // Another collective's page does not show it.
    let other = app
        .collective("Jardin partagé", "association")
        .people(&["Fanny Morel"])
        .build()
        .await;
    let foreign = other.people[0]
        .api
        .request(
            reqwest::Method::GET,
            &format!("/collectives/{}/expenses/{}", other.slug, id(&big)),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 404);
    assert_eq!(
        verdict(alice, &big, "cancel").await.0,
        403,
        "only its submitter withdraws it"
    );
    assert_eq!(verdict(chloe, &big, "cancel").await.1["state"], "cancelled");
    let states: Vec<Value> = alice
        .get(&list)
        .await
        .1
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["state"].clone())
        .collect();
    assert_eq!(
        states,
        [json!("cancelled"), json!("refused"), json!("paid")]
    );
    ledger_ok(app).await;
}

async fn a_supplier_is_paid_by_bank_once_the_collective_decides(app: &TestApp) {
    let coop = app
        .collective("Épicerie coopérative", "cooperative")
        .people(&["Alice Martin", "Bruno Petit", "Chloé Roux"])
        .wallet(0, "200")
        .treasury("150")
        .build()
        .await;
    let [alice, bruno, chloe] = [0, 1, 2].map(|i| &coop.people[i].api);
    let funds = treasury(alice, &coop.id).await;
    // Through the page's form: its fields, the receipt as a file.
    let png = base64_decode(PNG);
    let post = |fields: &[(&str, &str)], receipt: Option<Vec<u8>>| {
        let mut form = reqwest::multipart::Form::new().text("csrf", coop.people[0].browser.csrf());
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        if let Some(bytes) = receipt {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name("facture.png"),
            );
        }
        coop.people[0]
            .browser
            .client
            .post(app.url(&format!("/collectives/{}/expenses", coop.slug)))
            .multipart(form)
            .send()
    };
    let fields = [
        ("title", "Étagères de la réserve"),
        ("amount", "120,00"),
        ("pay_to", "bank"),
        ("bank_name", "Menuiserie Roux"),
        ("iban", "FR76 3000 6000 0112 3456 7890 189"),
        ("bic", ""),
    ];
    let refused = post(&fields, None).await.unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Attach the receipt"));
    let done = post(&fields, Some(png)).await.unwrap();
    assert_eq!(done.status(), 303);
    let (_, all) = bruno
        .get(&format!("/api/v1/funding/collectives/{}/expenses", coop.id))
        .await;
    let shelves = all[0].clone();
    assert_eq!(shelves["pay_to"], "bank");
    // Members see the expense, not the supplier's account nor the receipt.
    let (_, seen) = bruno
        .get(&format!("/api/v1/funding/expenses/{}", id(&shelves)))
        .await;
    assert_eq!(seen["iban"], Value::Null, "{seen}");
    let page = bruno
        .page(&format!(
            "/collectives/{}/expenses/{}",
            coop.slug,
            id(&shelves)
        ))
        .await;
    assert!(page.contains("Étagères de la réserve"), "{page}");
    assert!(
        page.contains("The receipt is shown to its submitter"),
        "{page}"
    );
    assert!(!page.contains("FR76"), "{page}");

    // The only coordinator submitted it: the collective decides, not in a
    // minute, and members cannot approve it.
    assert_eq!(verdict(alice, &shelves, "approve").await.0, 409);
    assert_eq!(verdict(bruno, &shelves, "approve").await.0, 403);
    let decide = format!("/api/v1/funding/expenses/{}/decision", id(&shelves));
    let body = json!({"question": "Payer les étagères ?", "method": "consent",
                      "closes_at": now_ms() + 4 * DAY});
    let mut rushed = body.clone();
    rushed["closes_at"] = json!(now_ms() + 60_000);
    assert_eq!(alice.post(&decide, rushed).await.0, 422);
    assert_eq!(bruno.post(&decide, body.clone()).await.0, 403);
    let (status, decision) = alice.post(&decide, body.clone()).await;
    assert_eq!(status, 201, "{decision}");
    assert_eq!(alice.post(&decide, body).await.0, 409, "put once");
    pass(app, &[alice, bruno, chloe], &id(&decision)).await;
    let approved = until(
        alice,
        &format!("/api/v1/funding/expenses/{}", id(&shelves)),
        |e| e["state"] == "approved",
    )
    .await;
    assert_eq!(approved["decision_id"], decision["id"]);
    assert_eq!(approved["decided_by_name"], Value::Null);
    assert_eq!(approved["iban"], "FR76 3000 6000 0112 3456 7890 189");
    // The money is held out of the treasury for the next SEPA batch.
    let collective = kernel::CollectiveId::from(coop.id.clone());
    let account = kernel::money::account_of(&app.db, kernel::money::Owner::Treasury(&collective))
        .await
        .unwrap();
    let account = kernel::money::account(&app.db, &account)
        .await
        .unwrap()
        .account;
    assert_eq!(
        (
            account.credits_posted - account.debits_posted,
            account.debits_pending
        ),
        (funds as u64, 12_000)
    );
    let (_, payouts) = alice
        .get(&format!("/api/v1/collectives/{}/payouts", coop.id))
        .await;
    assert_eq!(
        (
            &payouts[0]["status"],
            &payouts[0]["creditor_name"],
            &payouts[0]["amount"]
        ),
        (
            &json!("approved"),
            &json!("Menuiserie Roux"),
            &json!(12_000)
        ),
        "{payouts}"
    );
    // The instance's treasurer sends the batch: the expense is paid.
    let (desk, _) = app.api_member("desk@example.org", "Tess").await;
    kernel::members::set_admin(&app.db, "desk@example.org", true)
        .await
        .unwrap();
    let today = jiff::Zoned::now().date().to_string();
    let (_, batch) = desk
        .post("/api/v1/bank/batches", json!({"execution_date": today}))
        .await;
    let sent = format!("/api/v1/bank/batches/{}/sent", id(&batch));
    assert_eq!(desk.post(&sent, json!({})).await.0, 200);
    let (_, paid) = chloe
        .get(&format!("/api/v1/funding/expenses/{}", id(&shelves)))
        .await;
    assert_eq!(paid["state"], "paid");
    ledger_ok(app).await;
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

testkit::on_both_databases!(
    another_treasurer_approves_an_expense_and_the_treasury_pays_it,
    a_supplier_is_paid_by_bank_once_the_collective_decides,
);
