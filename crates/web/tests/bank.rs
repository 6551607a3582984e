//! Money in by bank transfer, money out in SEPA files, treasury payments
//! within the collective's rules, and the fee rule, through the HTTP API on
//! SQLite and PostgreSQL.

use testkit as support;
use testkit::on_both_databases;

use serde_json::{Value, json};
use support::{Api, TestApp};

on_both_databases!(
    bank_transfers_are_matched_by_reference_and_the_rest_is_listed,
    bad_statements_are_refused_whole,
    payouts_leave_in_a_valid_sepa_file_and_post_when_sent,
    treasurers_pay_within_the_collectives_rules,
    the_fee_is_quoted_then_split_between_platform_and_solidarity,
    the_pages_show_the_fee_before_paying_and_run_the_bank_desk,
    the_bank_desk_and_the_wallet_speak_the_readers_language,
);

const INSTANCE_IBAN: &str = "FR7630006000011234567890189";

async fn treasurer(app: &TestApp) -> Api {
    let (api, _) = app.api_member("treasurer@example.org", "Tess").await;
    kernel::members::set_admin(&app.db, "treasurer@example.org", true)
        .await
        .expect("admin");
    api
}

/// A camt.053.001.02 statement of `iban`; entries are (credit, cents,
/// remittance, end-to-end id); the closing balance is computed unless given.
fn statement(
    iban: &str,
    id: &str,
    entries: &[(bool, i64, &str, &str)],
    closing: Option<i64>,
) -> String {
    let money = |c: i64| format!("{}.{:02}", c.abs() / 100, c.abs() % 100);
    let total: i64 = entries.iter().map(|e| if e.0 { e.1 } else { -e.1 }).sum();
    let closing = closing.unwrap_or(10_000 + total);
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>{id}</MsgId><CreDtTm>2026-11-30T18:00:00</CreDtTm></GrpHdr>
<Stmt><Id>{id}</Id><Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{}</Amt><CdtDbtInd>{}</CdtDbtInd><Dt><Dt>2026-11-30</Dt></Dt></Bal>
"#,
        money(closing),
        if closing >= 0 { "CRDT" } else { "DBIT" }
    );
    for (credit, cents, remittance, e2e) in entries {
        let party = if *credit { "Dbtr" } else { "Cdtr" };
        xml += &format!(
            "<Ntry><Amt Ccy=\"EUR\">{}</Amt><CdtDbtInd>{}</CdtDbtInd><Sts>BOOK</Sts>\
             <BookgDt><Dt>2026-11-12</Dt></BookgDt><AcctSvcrRef>REF{cents}</AcctSvcrRef><NtryDtls><TxDtls>\
             <Refs><EndToEndId>{e2e}</EndToEndId></Refs><RltdPties><{party}><Nm>Jeanne Martin</Nm></{party}></RltdPties>\
             <RmtInf><Ustrd>{remittance}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n",
            money(*cents),
            if *credit { "CRDT" } else { "DBIT" }
        );
    }
    xml + "</Stmt></BkToCstmrStmt></Document>"
}

async fn import(api: &Api, xml: &str) -> (u16, Value) {
    let response = api
        .request(reqwest::Method::POST, "/api/v1/bank/statements")
        .header("content-type", "application/xml")
        .body(xml.to_owned())
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn balance(api: &Api) -> i64 {
    api.get("/api/v1/me/wallet").await.1["balance"]
        .as_i64()
        .expect("balance")
}

async fn bank_rows(app: &TestApp) -> i64 {
    use sqlx::Row;
    sqlx::query(
        "SELECT (SELECT COUNT(*) FROM bank_lines) + (SELECT COUNT(*) FROM bank_statements) AS n",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("count")
    .try_get("n")
    .unwrap()
}

/// Alice writes her reference in her transfer (however spaced); the import
/// credits her wallet. A line without a known reference, or with two
/// members' references, is listed for the treasurer, who credits it by
/// e-mail or sets it aside; a line is decided once.
async fn bank_transfers_are_matched_by_reference_and_the_rest_is_listed(app: &TestApp) {
    let (alice, _) = app.api_member("alice@example.org", "Alice").await;
    let (bob, _) = app.api_member("bob@example.org", "Bob").await;
    let desk = treasurer(app).await;
    let (status, how) = alice.get("/api/v1/me/wallet/bank-transfer").await;
    assert_eq!(status, 200, "{how}");
    assert_eq!(how["iban"], "FR76 3000 6000 0112 3456 7890 189");
    let alice_ref = how["reference"].as_str().unwrap().to_owned();
    assert!(sepa::reference::is_valid(&alice_ref), "{alice_ref}");
    let (_, again) = alice.get("/api/v1/me/wallet/bank-transfer").await;
    assert_eq!(
        again["reference"],
        alice_ref.as_str(),
        "one reference per member"
    );
    let bob_ref = bob.get("/api/v1/me/wallet/bank-transfer").await.1["reference"]
        .as_str()
        .unwrap()
        .to_owned();

    let spaced = format!("Virement {}", alice_ref.to_lowercase());
    let both = format!("{alice_ref} {bob_ref}");
    let xml = statement(
        INSTANCE_IBAN,
        "2026-11",
        &[
            (true, 2500, &spaced, "NOTPROVIDED"),
            (true, 1200, "pour le panier de Bob", "NOTPROVIDED"),
            (true, 800, &both, "NOTPROVIDED"),
            (false, 300, "frais de tenue de compte", "NOTPROVIDED"),
        ],
        None,
    );
    let (status, _) = import(&alice, &xml).await;
    assert_eq!(status, 403, "only the instance's treasurer imports");
    let (status, report) = import(&desk, &xml).await;
    assert_eq!(status, 201, "{report}");
    assert_eq!(report["matched"], 1);
    let unmatched = report["unmatched"].as_array().unwrap();
    assert_eq!(unmatched.len(), 3, "never guessed: {report}");
    assert_eq!(unmatched[0]["counterparty"], "Jeanne Martin");
    assert_eq!(balance(&alice).await, 2500);
    assert_eq!(balance(&bob).await, 0, "two references: not guessed");

    let (status, problem) = import(&desk, &xml).await;
    assert_eq!(status, 422, "the same statement twice: {problem}");
    assert_eq!(balance(&alice).await, 2500);

    let (_, open) = desk.get("/api/v1/bank/lines?unmatched=true").await;
    let open = open.as_array().unwrap().clone();
    assert_eq!(open.len(), 3);
    let line = |cents: i64| {
        open.iter().find(|l| l["amount"] == cents).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let path = format!("/api/v1/bank/lines/{}/match", line(1200));
    let (status, _) = desk
        .post(&path, json!({"member": "nobody@example.org"}))
        .await;
    assert_eq!(status, 422);
    let (status, _) = alice
        .post(&path, json!({"member": "bob@example.org"}))
        .await;
    assert_eq!(status, 403);
    let (status, body) = desk.post(&path, json!({"member": "BOB@example.org"})).await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(balance(&bob).await, 1200);
    let (status, _) = desk
        .post(&path, json!({"member": "alice@example.org"}))
        .await;
    assert_eq!(status, 409, "decided once");
    assert_eq!(balance(&alice).await, 2500);

    let fee_line = format!("/api/v1/bank/lines/{}/match", line(300));
    let (status, _) = desk.post(&fee_line, json!({"member": alice_ref})).await;
    assert_eq!(status, 409, "money out credits no wallet");
    let aside = format!("/api/v1/bank/lines/{}/set-aside", line(800));
    let (status, _) = desk
        .post(&aside, json!({"note": "Refunded: two references"}))
        .await;
    assert_eq!(status, 204);
    let (_, all) = desk.get("/api/v1/bank/lines").await;
    let set_aside = all
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["amount"] == 800)
        .unwrap();
    assert_eq!(set_aside["status"], "set_aside");
    assert_eq!(set_aside["decided_by"], "Tess");
    assert_eq!(set_aside["note"], "Refunded: two references");

    // The member's export carries its bank data.
    let (_, export) = bob.get("/api/v1/me/export").await;
    assert_eq!(
        export["bank"]["bank_transfers_in"][0]["amount"], 1200,
        "{export}"
    );

    // Erasing the account waits until the money has left the wallet; then
    // the reference goes, and a later transfer with it is left for the desk.
    let (status, problem) = bob.erase_account().await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:erase-wallet-not-empty");
    let w = json!({"id": "all", "name": "Bob", "iban": "DE89370400440532013000", "amount": "12", "reason": "Closing"});
    assert_eq!(bob.post("/api/v1/me/payouts", w).await.0, 201);
    let today = jiff::Zoned::now().date().to_string();
    let (_, batch) = desk
        .post("/api/v1/bank/batches", json!({"execution_date": today}))
        .await;
    let sent = format!(
        "/api/v1/bank/batches/{}/sent",
        batch["id"].as_str().unwrap()
    );
    assert_eq!(desk.post(&sent, json!({})).await.0, 200);
    let (status, _) = bob.erase_account().await;
    assert_eq!(status, 204);
    let late = statement(
        INSTANCE_IBAN,
        "2026-12",
        &[(true, 500, &bob_ref, "NOTPROVIDED")],
        None,
    );
    let (status, report) = import(&desk, &late).await;
    assert_eq!(
        (status, report["matched"].as_i64()),
        (201, Some(0)),
        "{report}"
    );
}

/// Malformed files, files that do not add up, another account's statement,
/// another currency: refused with a message, nothing written.
async fn bad_statements_are_refused_whole(app: &TestApp) {
    let (alice, _) = app.api_member("alice@example.org", "Alice").await;
    let desk = treasurer(app).await;
    let reference = alice.get("/api/v1/me/wallet/bank-transfer").await.1["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let good = [(true, 2500, reference.as_str(), "NOTPROVIDED")];
    let other_iban = sepa::Iban::from_bban("DE", "370400440532013000").unwrap();
    let cases = [
        (
            "<Document><unclosed></Document>".to_owned(),
            "error-camt-not-xml",
        ),
        (
            statement(INSTANCE_IBAN, "S1", &good, Some(10_000 + 2499)),
            "error-camt-does-not-add-up",
        ),
        (
            statement(other_iban.as_str(), "S1", &good, None),
            "error-camt-other-account",
        ),
        (
            statement(INSTANCE_IBAN, "S1", &good, None)
                .replace("Ccy=\"EUR\">25.00", "Ccy=\"USD\">25.00"),
            "error-camt-currency",
        ),
        (
            statement(INSTANCE_IBAN, "S1", &good, None).replace("25.00", "25.001"),
            "error-camt-amount",
        ),
    ];
    for (xml, code) in cases {
        let (status, problem) = import(&desk, &xml).await;
        assert_eq!(status, 422, "{code}: {problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
        assert!(!problem["errors"][0]["message"].as_str().unwrap().is_empty());
        assert_eq!(balance(&alice).await, 0, "{code}: nothing credited");
        assert_eq!(bank_rows(app).await, 0, "{code}: nothing written");
    }
    let response = desk
        .request(reqwest::Method::POST, "/api/v1/bank/statements")
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

/// Validates `xml` against the pain.001.001.03 schema with an independent
/// validator (Python's xmlschema, with the schema sepaxml ships).
fn assert_valid_pain001(xml: &str) {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/py/bin/python");
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), xml).expect("write");
    let script = "import sys, os, sepaxml, xmlschema; \
        xsd = os.path.join(os.path.dirname(sepaxml.__file__), 'schemas', 'pain.001.001.03.xsd'); \
        xmlschema.XMLSchema(xsd).validate(sys.argv[1])";
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(file.path())
        .output()
        .expect("target/py is missing: run ./scripts/test, which installs it");
    assert!(
        out.status.success(),
        "not valid pain.001.001.03: {}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A member withdraws to its bank account (the money is held at once); the
/// treasurer gathers approved payouts in a batch, downloads a pain.001 file
/// valid against its schema, and marking it sent posts the transfers.
async fn payouts_leave_in_a_valid_sepa_file_and_post_when_sent(app: &TestApp) {
    let (alice, _) = app.api_member("alice@example.org", "Alice").await;
    let desk = treasurer(app).await;
    alice
        .post(
            "/api/v1/me/wallet/topups",
            json!({"id": "t", "amount": "100", "provider": "demo"}),
        )
        .await;
    let withdrawal = |iban: &str, amount: &str| json!({"id": "w1", "name": "Alice Dupré", "iban": iban, "bic": "", "amount": amount, "reason": "Retrait novembre"});
    let (status, problem) = alice
        .post(
            "/api/v1/me/payouts",
            withdrawal("FR76 3000 6000 0112 3456 7890 188", "40"),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["code"], "error-iban-checksum");
    let (status, _) = alice
        .post(
            "/api/v1/me/payouts",
            withdrawal("BR1800360305000010009795493C1", "40"),
        )
        .await;
    assert_eq!(status, 422, "outside SEPA");
    let (status, _) = alice
        .post(
            "/api/v1/me/payouts",
            withdrawal("DE89 3704 0044 0532 0130 00", "400"),
        )
        .await;
    assert_eq!(status, 409, "not enough money");
    let (status, payout) = alice
        .post(
            "/api/v1/me/payouts",
            withdrawal("de89 3704 0044 0532 0130 00", "40"),
        )
        .await;
    assert_eq!(status, 201, "{payout}");
    assert_eq!(payout["status"], "approved");
    let (_, retry) = alice
        .post(
            "/api/v1/me/payouts",
            withdrawal("de89 3704 0044 0532 0130 00", "40"),
        )
        .await;
    assert_eq!(retry["id"], payout["id"], "a retry is the same payout");
    let (status, problem) = alice
        .post(
            "/api/v1/me/payouts",
            withdrawal("de89 3704 0044 0532 0130 00", "50"),
        )
        .await;
    assert_eq!(status, 409, "the same key for another payout: {problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:transfer-id-reused");
    let (_, wallet) = alice.get("/api/v1/me/wallet").await;
    assert_eq!(
        (wallet["balance"].as_i64(), wallet["available"].as_i64()),
        (Some(10_000), Some(6_000))
    );

    let (status, _) = alice
        .post(
            "/api/v1/bank/batches",
            json!({"execution_date": "2026-12-01"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = desk
        .post(
            "/api/v1/bank/batches",
            json!({"execution_date": "2020-01-01"}),
        )
        .await;
    assert_eq!(status, 422, "not in the past");
    let today = jiff::Zoned::now().date().to_string();
    let (status, batch) = desk
        .post("/api/v1/bank/batches", json!({"execution_date": today}))
        .await;
    assert_eq!(status, 201, "{batch}");
    assert_eq!(
        (batch["count"].as_i64(), batch["total"].as_i64()),
        (Some(1), Some(4000))
    );
    let (status, _) = desk
        .post("/api/v1/bank/batches", json!({"execution_date": today}))
        .await;
    assert_eq!(status, 409, "nothing left to pay");
    let (status, _) = alice
        .post(
            &format!(
                "/api/v1/me/payouts/{}/cancel",
                payout["id"].as_str().unwrap()
            ),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "in a batch: too late to cancel");

    let id = batch["id"].as_str().unwrap();
    let file = desk
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/bank/batches/{id}/pain.001.xml"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    let xml = file.text().await.unwrap();
    assert_valid_pain001(&xml);
    assert!(xml.contains("<IBAN>DE89370400440532013000</IBAN>"));
    assert!(xml.contains("<Nm>Alice Dupre</Nm>"), "SEPA characters only");
    assert!(xml.contains("<InstdAmt Ccy=\"EUR\">40.00</InstdAmt>"));
    // The payout's end-to-end id, which the bank's statement gives back.
    let end_to_end = xml
        .split("<EndToEndId>")
        .nth(1)
        .and_then(|rest| rest.split("</EndToEndId>").next())
        .unwrap()
        .to_owned();
    assert!(end_to_end.len() <= 35, "{end_to_end}");

    let (status, sent) = desk
        .post(&format!("/api/v1/bank/batches/{id}/sent"), json!({}))
        .await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["sent_by"], "Tess");
    let (status, _) = desk
        .post(&format!("/api/v1/bank/batches/{id}/sent"), json!({}))
        .await;
    assert_eq!(status, 409);
    let (_, wallet) = alice.get("/api/v1/me/wallet").await;
    assert_eq!(
        (wallet["balance"].as_i64(), wallet["pending"].as_i64()),
        (Some(6_000), Some(0))
    );
    let (_, mine) = alice.get("/api/v1/me/payouts").await;
    assert_eq!(mine[0]["status"], "sent");
    // The statement names the posting like the withdrawal it completes.
    let (_, lines) = alice.get("/api/v1/me/wallet/statement").await;
    assert_eq!(
        (
            lines[0]["phase"].as_str(),
            lines[0]["code"].as_str(),
            lines[0]["reference"].as_str()
        ),
        (
            Some("post_of"),
            Some("payout.bank"),
            Some("Retrait novembre")
        ),
        "{lines}"
    );

    // The bank's next statement shows the money leaving, under the
    // end-to-end id the file gave it: matched to the payout.
    let out = [(false, 4000, "Retrait novembre", end_to_end.as_str())];
    let (status, report) = import(&desk, &statement(INSTANCE_IBAN, "2026-12", &out, None)).await;
    assert_eq!(status, 201, "{report}");
    assert_eq!(report["matched"], 1, "{report}");
}

/// A collective's treasurer pays from the treasury: up to the threshold at
/// once, above it only once someone else approves; the page of payments
/// says who asked and who approved. Members who are not treasurers cannot.
async fn treasurers_pay_within_the_collectives_rules(app: &TestApp) {
    let jardin = app
        .collective("Jardin", "association")
        .people(&["Alice", "Bob", "Carol"])
        .role(1, "treasurer")
        .wallet(0, "400")
        .treasury("300")
        .build()
        .await;
    let id = &jardin.id;
    let [alice, bob, carol] = &jardin.people[..] else {
        unreachable!()
    };
    let (alice_browser, carol_id) = (&alice.browser, &carol.id);
    let (alice, bob, carol) = (&alice.api, &bob.api, &carol.api);

    let path = format!("/api/v1/collectives/{id}/payouts");
    let supplier = |client: &str, amount: &str| json!({"id": client, "name": "Graines Bio SARL", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP882", "amount": amount, "reason": "Semences"});
    let (status, _) = carol.post(&path, supplier("c1", "10")).await;
    assert_eq!(status, 403, "only treasurers pay");
    let (status, small) = bob.post(&path, supplier("s1", "50")).await;
    assert_eq!(status, 201, "{small}");
    assert_eq!(small["status"], "approved");
    let (status, big) = bob.post(&path, supplier("s2", "180")).await;
    assert_eq!(status, 201);
    assert_eq!(big["status"], "awaiting_approval", "above 150.00");
    let (status, wages) = bob
        .post(
            &path,
            json!({"id": "m1", "to_member": carol_id, "amount": "20", "reason": "Remboursement"}),
        )
        .await;
    assert_eq!(status, 201, "{wages}");
    assert_eq!(wages["status"], "paid");
    assert_eq!(balance(carol).await, 2000);
    let (status, _) = bob.post(&path, supplier("s3", "100")).await;
    assert_eq!(status, 409, "the treasury holds 300 - 50 - 180 - 20 = 50");

    let big_id = big["id"].as_str().unwrap();
    let approve = format!("{path}/{big_id}/approve");
    let (status, problem) = bob.post(&approve, json!({})).await;
    assert_eq!(status, 409, "not one's own: {problem}");
    let (status, _) = carol.post(&approve, json!({})).await;
    assert_eq!(status, 403, "a plain member cannot approve");
    let (status, approved) = alice.post(&approve, json!({})).await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["approved_by"], "Alice");
    assert_eq!(approved["requested_by"], "Bob");
    let (status, _) = alice
        .post(&format!("{path}/{big_id}/refuse"), json!({}))
        .await;
    assert_eq!(status, 409, "decided once");

    let (_, listed) = carol.get(&path).await;
    assert_eq!(
        listed.as_array().unwrap().len(),
        3,
        "members see every payment; the refused one left nothing"
    );
    let (status, _) = app
        .api_member("olga@example.org", "Olga")
        .await
        .0
        .get(&path)
        .await;
    assert_eq!(status, 403);
    let (_, treasury) = carol
        .get(&format!("/api/v1/collectives/{id}/treasury"))
        .await;
    assert_eq!(
        treasury["balance"],
        30_000 - 2_000,
        "bank payments leave when sent"
    );
    // Each payment shows once, with its reason, who asked and who approved;
    // what is only held is marked so, and the rest adds up to the balance.
    let lines = treasury["lines"].as_array().unwrap();
    let posted: i64 = lines
        .iter()
        .filter(|l| l["pending"] == false)
        .map(|l| l["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(posted, 28_000, "{treasury}");
    assert_eq!(
        lines.len(),
        4,
        "the gift, two held bank payments, one paid: {treasury}"
    );
    let paid = lines
        .iter()
        .find(|l| l["reference"] == "Remboursement")
        .unwrap();
    assert_eq!(
        (
            paid["by"].as_str(),
            paid["approved_by"].as_str(),
            paid["pending"].as_bool()
        ),
        (Some("Bob"), Some("Bob"), Some(false))
    );
    let held = lines.iter().find(|l| l["amount"] == -18_000).unwrap();
    assert_eq!(
        (
            held["by"].as_str(),
            held["approved_by"].as_str(),
            held["pending"].as_bool()
        ),
        (Some("Bob"), Some("Alice"), Some(true))
    );

    // A coordinator changes the rule on the collective's page, which shows
    // the rule in force; a bad amount changes nothing.
    let page_path = format!("/collectives/{}", jardin.slug);
    let rule = |amount: &'static str| {
        let browser = &alice_browser;
        let path = format!("{page_path}/payout-rule");
        async move {
            browser
                .post_form(&path, &[("second_approval_above", amount)])
                .await
                .status()
        }
    };
    let shown = |amount: &'static str| {
        let (browser, path) = (&alice_browser, &page_path);
        async move {
            browser
                .text(path)
                .await
                .contains(&format!("value=\"{amount}\""))
        }
    };
    assert!(shown("150.00").await);
    assert_eq!(rule("beaucoup").await, 422);
    assert!(shown("150.00").await, "unchanged");
    assert_eq!(rule("20").await, 303);
    assert!(shown("20.00").await);
    let (status, above) = bob.post(&path, supplier("s4", "30")).await;
    assert_eq!(status, 201, "{above}");
    assert_eq!(above["status"], "awaiting_approval", "above 20.00 now");
}

/// The quote says what a payment costs before it is made; paying a
/// collective takes the technical fee on top, split between the platform's
/// fee account and the solidarity fund; paying a member costs nothing.
async fn the_fee_is_quoted_then_split_between_platform_and_solidarity(app: &TestApp) {
    let amap = app
        .collective("AMAP", "amap")
        .people(&["Alice", "Bob"])
        .build()
        .await;
    let (id, bob_id) = (&amap.id, &amap.people[1].id);
    let (alice, bob) = (&amap.people[0].api, &amap.people[1].api);
    let (status, quote) = app
        .anonymous_api()
        .get("/api/v1/fees/quote?kind=collective&amount=10")
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        quote,
        json!({"amount": 1000, "fee": 50, "solidarity": 10, "total": 1050, "rate_bp": 500})
    );
    let (_, free) = app
        .anonymous_api()
        .get("/api/v1/fees/quote?kind=between_members&amount=10")
        .await;
    assert_eq!(free["fee"], 0);
    let (status, _) = app
        .anonymous_api()
        .get("/api/v1/fees/quote?kind=gift&amount=10")
        .await;
    assert_eq!(status, 422);

    alice
        .post(
            "/api/v1/me/wallet/topups",
            json!({"id": "t", "amount": "20", "provider": "demo"}),
        )
        .await;
    alice
        .post(
            "/api/v1/me/wallet/collective-payments",
            json!({"id": "p", "collective_id": id, "amount": "10", "message": "Panier"}),
        )
        .await;
    alice
        .post(
            "/api/v1/me/wallet/payments",
            json!({"id": "q", "to_member": bob_id, "amount": "5"}),
        )
        .await;
    assert_eq!(balance(alice).await, 2000 - 1050 - 500);
    assert_eq!(balance(bob).await, 500);
    let (status, _) = alice
        .post(
            "/api/v1/me/wallet/collective-payments",
            json!({"id": "p2", "collective_id": id, "amount": "4.50", "message": "Trop"}),
        )
        .await;
    assert_eq!(status, 409, "4.50 + 0.23 is more than the 4.50 left");
    assert_eq!(balance(alice).await, 450, "nothing half-paid");

    let page = app.anonymous_api().page("/transparency").await;
    assert!(
        page.contains("0.40") && page.contains("0.10"),
        "fees and solidarity totals shown: {page}"
    );
}

/// Through the pages, as a member and a treasurer use them: the wallet shows
/// the member's reference; paying a collective first shows the fee and
/// moves nothing until confirmed; the desk imports an uploaded statement,
/// lists what is left, makes the SEPA file and marks it sent; a treasurer
/// pays from the collective's page.
async fn the_pages_show_the_fee_before_paying_and_run_the_bank_desk(app: &TestApp) {
    let (alice, alice_id) = app.member("alice@example.org", "Alice").await;
    let alice_api = Api {
        client: reqwest::Client::new(),
        base: app.url(""),
        token: Some(
            kernel::tokens::create(&app.db, &alice_id.as_str().into(), "t")
                .await
                .unwrap()
                .secret,
        ),
    };
    let (_, collective) = alice_api
        .post(
            "/api/v1/collectives",
            json!({"name": "Fournil", "kind": "cooperative"}),
        )
        .await;
    let collective_id = collective["id"].as_str().unwrap().to_owned();
    let slug = collective["slug"].as_str().unwrap().to_owned();
    alice_api
        .post(
            "/api/v1/me/wallet/topups",
            json!({"id": "t", "amount": "50", "provider": "demo"}),
        )
        .await;

    let page = alice.text("/wallet").await;
    let reference = alice_api.get("/api/v1/me/wallet/bank-transfer").await.1["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(page.contains(&reference) && page.contains("FR76 3000 6000 0112 3456 7890 189"));
    assert!(
        page.contains("5%"),
        "the collective fee is said before: {page}"
    );

    let form = [
        ("id", "pay-1"),
        ("collective_id", collective_id.as_str()),
        ("amount", "20"),
        ("message", "Farine"),
    ];
    let confirm = alice.post_form("/wallet/pay-collective", &form).await;
    assert_eq!(confirm.status(), 200);
    let confirm = confirm.text().await.unwrap();
    assert!(confirm.contains("Confirm the payment") && confirm.contains("Fournil"));
    assert!(
        confirm.contains("€1.00") && confirm.contains("€21.00"),
        "fee and total: {confirm}"
    );
    assert_eq!(
        balance(&alice_api).await,
        5000,
        "nothing moves before confirming"
    );
    let mut confirmed = form.to_vec();
    confirmed.push(("confirmed", "yes"));
    let done = alice.post_form("/wallet/pay-collective", &confirmed).await;
    assert_eq!(done.status(), 303);
    assert_eq!(balance(&alice_api).await, 5000 - 2100);
    let bad = alice
        .post_form(
            "/wallet/pay-collective",
            &[
                ("id", "pay-2"),
                ("collective_id", &collective_id),
                ("amount", "-3"),
            ],
        )
        .await;
    assert_eq!(
        bad.status(),
        422,
        "a bad amount is shown on the wallet, not confirmed"
    );

    // Alice withdraws through the wallet page; a typo in the IBAN is shown by the field.
    let typo = alice
        .post_form(
            "/wallet/withdraw",
            &[
                ("id", "w"),
                ("name", "Alice"),
                ("iban", "FR7630006000011234567890188"),
                ("amount", "10"),
                ("reason", "Retrait"),
            ],
        )
        .await;
    assert_eq!(typo.status(), 422);
    assert!(
        typo.text()
            .await
            .unwrap()
            .contains("check digits do not match")
    );
    let ok = alice
        .post_form(
            "/wallet/withdraw",
            &[
                ("id", "w"),
                ("name", "Alice"),
                ("iban", "FR7630006000011234567890189"),
                ("amount", "10"),
                ("reason", "Retrait"),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);

    // Alice is the coordinator; as treasurer she pays a supplier from the collective's page.
    sqlx::query("UPDATE collective_members SET role = 'treasurer' WHERE member_id = $1")
        .bind(&alice_id)
        .execute(app.db.pool())
        .await
        .unwrap();
    app.db.changed();
    let paid = alice
        .post_form(
            &format!("/collectives/{slug}/payouts"),
            &[
                ("id", "s"),
                ("to_member", ""),
                ("name", "Moulin Bio"),
                ("iban", "DE89370400440532013000"),
                ("bic", ""),
                ("amount", "12"),
                ("reason", "Farine de seigle"),
            ],
        )
        .await;
    assert_eq!(paid.status(), 303);
    let page = alice.text(&format!("/collectives/{slug}")).await;
    assert!(
        page.contains("Moulin Bio") && page.contains("Farine de seigle"),
        "{page}"
    );

    // The instance's treasurer runs the desk.
    let (desk, _) = app.member("treasurer@example.org", "Tess").await;
    assert_eq!(desk.get("/bank").await.status(), 403);
    kernel::members::set_admin(&app.db, "treasurer@example.org", true)
        .await
        .unwrap();
    app.db.changed();
    let page = desk.text("/bank").await;
    assert!(
        page.contains("Moulin Bio") && page.contains("Alice"),
        "waiting payouts: {page}"
    );
    let xml = statement(
        INSTANCE_IBAN,
        "P-1",
        &[
            (true, 1500, &format!("merci {reference}"), "NOTPROVIDED"),
            (true, 700, "sans reference", "NOTPROVIDED"),
        ],
        None,
    );
    let upload = |xml: String| {
        let csrf = desk.csrf();
        let form = reqwest::multipart::Form::new().text("csrf", csrf).part(
            "statement",
            reqwest::multipart::Part::bytes(xml.into_bytes()).file_name("releve.xml"),
        );
        desk.client
            .post(app.url("/bank/statements"))
            .multipart(form)
            .send()
    };
    let refused = upload(xml.replace("15.00", "15.01")).await.unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("do not add up"));
    let imported = upload(xml.clone()).await.unwrap();
    assert_eq!(imported.status(), 200);
    let page = imported.text().await.unwrap();
    assert!(
        page.contains("1 line matched") && page.contains("sans reference"),
        "{page}"
    );
    assert_eq!(balance(&alice_api).await, 5000 - 2100 + 1500);

    let made = desk
        .post_form(
            "/bank/batches",
            &[("execution_date", &jiff::Zoned::now().date().to_string())],
        )
        .await;
    assert_eq!(made.status(), 303);
    let page = desk.text("/bank").await;
    let batch_id = page
        .split("/bank/batches/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_owned();
    let file = desk
        .get(&format!("/api/v1/bank/batches/{batch_id}/pain.001.xml"))
        .await;
    assert_eq!(file.status(), 200);
    assert_valid_pain001(&file.text().await.unwrap());
    // Marking it sent cannot be undone: the desk asks first, without a script.
    let sent_path = format!("/bank/batches/{batch_id}/sent");
    let asked = desk.post_form(&sent_path, &[]).await;
    assert_eq!(asked.status(), 200);
    let asked = asked.text().await.unwrap();
    assert!(asked.contains("Mark this batch as sent?"), "{asked}");
    assert!(
        asked.contains("name=\"confirmed\" value=\"yes\""),
        "{asked}"
    );
    assert!(!desk.text("/bank").await.contains("Sent, marked by Tess"));
    let sent = desk.post_form(&sent_path, &[("confirmed", "yes")]).await;
    assert_eq!(sent.status(), 303);
    let desk_page = desk.text("/bank").await;
    assert!(desk_page.contains("Sent, marked by Tess"));
    assert!(
        desk_page.contains("The batch is marked as sent to the bank."),
        "{desk_page}"
    );
    assert_eq!(balance(&alice_api).await, 5000 - 2100 + 1500 - 1000);
}

/// Makes the member `id` read pages in `lang`.
async fn speaks(app: &TestApp, id: &str, name: &str, lang: kernel::i18n::Lang) {
    let input = kernel::members::ProfileInput {
        display_name: name.to_owned(),
        bio: String::new(),
        locale: lang,
        time_zone: "Europe/Paris".to_owned(),
    };
    kernel::members::update_profile(&app.db, &id.into(), &input)
        .await
        .expect("profile");
    app.db.changed();
}

/// The desk counts the lines it matched and those left, at 0, 1 and 2, in
/// the treasurer's language; the wallet line a transfer credits says when
/// the bank booked it in its reader's language (the ledger keeps the date).
async fn the_bank_desk_and_the_wallet_speak_the_readers_language(app: &TestApp) {
    use kernel::i18n::Lang;
    let (alice, alice_id) = app.member("alice@example.org", "Alice").await;
    let (desk, desk_id) = app.member("treasurer@example.org", "Tess").await;
    kernel::members::set_admin(&app.db, "treasurer@example.org", true)
        .await
        .unwrap();
    app.db.changed();
    let reference = kernel::bank::instructions(
        &app.db,
        Some(&support::test_bank()),
        &alice_id.as_str().into(),
    )
    .await
    .unwrap()
    .reference;
    let upload = |xml: String| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", desk.csrf())
            .part(
                "statement",
                reqwest::multipart::Part::bytes(xml.into_bytes()).file_name("releve.xml"),
            );
        desk.client
            .post(app.url("/bank/statements"))
            .multipart(form)
            .send()
    };
    let paid = format!("merci {reference}");
    // (lines matched, lines left): what each statement brings.
    let statements = [
        (
            0,
            2,
            vec![(true, 101, "inconnu", "A"), (true, 102, "inconnu", "B")],
        ),
        (
            1,
            1,
            vec![
                (true, 1500, paid.as_str(), "C"),
                (true, 103, "inconnu", "D"),
            ],
        ),
        (
            2,
            0,
            vec![
                (true, 200, paid.as_str(), "E"),
                (true, 300, paid.as_str(), "F"),
            ],
        ),
    ];
    let said = |lang: Lang, matched: usize, left: usize| match lang {
        Lang::Fr => (
            [
                "0 ligne rapprochée.",
                "1 ligne rapprochée.",
                "2 lignes rapprochées.",
            ][matched],
            [
                "Aucune ligne ne reste à décider.",
                "1 ligne reste à décider.",
                "2 lignes restent à décider.",
            ][left],
        ),
        Lang::En => (
            ["0 lines matched.", "1 line matched.", "2 lines matched."][matched],
            [
                "No line left for you to decide.",
                "1 line left for you to decide.",
                "2 lines left for you to decide.",
            ][left],
        ),
    };
    for (n, (matched, left, entries)) in statements.iter().enumerate() {
        for lang in Lang::ALL {
            speaks(app, desk_id.as_str(), "Tess", lang).await;
            let xml = statement(
                INSTANCE_IBAN,
                &format!("S-{n}-{}", lang.code()),
                entries,
                None,
            );
            let imported = upload(xml).await.unwrap();
            assert_eq!(imported.status(), 200);
            let page = imported.text().await.unwrap();
            let (done, rest) = said(lang, *matched, *left);
            assert!(
                page.contains(done) && page.contains(rest),
                "{done} {rest}: {page}"
            );
        }
    }

    // Alice's wallet tells of each transfer in her language; the ledger
    // and the API keep the day as the bank wrote it.
    let page = alice.text("/wallet").await;
    assert!(
        page.contains("Bank transfer — booked by the bank on 12 Nov 2026"),
        "{page}"
    );
    speaks(app, alice_id.as_str(), "Alice", Lang::Fr).await;
    let page = alice.text("/wallet").await;
    assert!(
        page.contains("Virement bancaire — reçu par la banque le 12 nov. 2026"),
        "{page}"
    );
    assert!(!page.contains("bank transfer of"), "{page}");
    let lines = kernel::wallet::statement(
        &app.db,
        &alice_id.as_str().into(),
        &Default::default(),
        "Europe/Paris",
        10,
    )
    .await
    .unwrap();
    assert!(
        lines
            .iter()
            .all(|l| l.code == "topup.bank" && l.reference == "2026-11-12"),
        "{:?}",
        lines.iter().map(|l| &l.reference).collect::<Vec<_>>()
    );
    // The desk's own lines are dated in its reader's language too.
    speaks(app, desk_id.as_str(), "Tess", Lang::Fr).await;
    assert!(desk.text("/bank").await.contains("<td>12 nov. 2026</td>"));
}
