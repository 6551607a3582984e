//! Features through HTTP, against a real server, on SQLite and PostgreSQL.

use testkit as support;
use testkit::on_both_databases;

use kernel::i18n::Lang;
use reqwest::Method;
use serde_json::json;
use support::{TestApp, link_in};

on_both_databases!(
    sign_up_confirm_log_out_and_reset_password,
    sign_up_does_not_tell_whether_an_address_is_registered,
    charter_gates_acting_and_a_new_version_asks_again,
    collective_invitations_requests_roles_and_colleges,
    members_cannot_touch_another_collectives_objects,
    bad_input_is_refused_with_a_readable_4xx,
    form_errors_are_shown_next_to_the_field_in_the_page_language,
    export_and_erasure_keep_what_others_rely_on,
    api_tokens_are_listed_and_revoked,
    organisations_validate_siret_and_roles,
    operations_endpoints_and_security_headers,
    language_follows_the_browser_then_the_choice,
    a_sign_up_from_an_invitation_leads_back_to_it,
    the_transparency_log_proves_its_entries_without_personal_data,
    the_transparency_page_shows_the_signed_log_and_the_platforms_funds,
    a_member_tops_up_pays_another_and_both_see_it,
    the_wallet_page_tops_up_once_and_shows_errors_by_the_field,
    members_fund_their_collectives_treasury_and_see_who_paid,
    a_number_with_no_fraction_is_read_as_an_integer,
    a_collectives_pages_share_tabs_and_only_coordinators_manage,
);

/// A collective's pages share one tab bar, for its members: the overview
/// (where the treasury and the decisions are anchors) and the management
/// page, for coordinators only; the shown page is `aria-current`. Anyone
/// else gets no tabs.
async fn a_collectives_pages_share_tabs_and_only_coordinators_manage(app: &TestApp) {
    let jardin = app
        .collective("Jardin", "association")
        .people(&["Alice", "Bob"])
        .build()
        .await;
    let (alice, bob) = (&jardin.people[0].api, &jardin.people[1].api);
    let home = format!("/collectives/{}", jardin.slug);
    let manage = format!("{home}/manage");
    let tab = |href: &str, current: bool| {
        let current = if current {
            " aria-current=\"page\""
        } else {
            ""
        };
        format!("<a href=\"{href}\"{current}>")
    };
    let page = alice.page(&home).await;
    for (href, current) in [
        (home.clone(), true),
        (format!("{home}#treasury"), false),
        (format!("{home}#decisions"), false),
        (manage.clone(), false),
    ] {
        assert!(page.contains(&tab(&href, current)), "{href}: {page}");
    }
    assert!(
        page.contains("<h2 id=\"treasury\">") && page.contains("<h2 id=\"decisions\">"),
        "the anchors are there: {page}"
    );
    let page = alice.page(&manage).await;
    assert!(
        page.contains(&tab(&home, false)) && page.contains(&tab(&manage, true)),
        "{page}"
    );
    let page = bob.page(&home).await;
    assert!(page.contains(&tab(&home, true)), "{page}");
    assert!(!page.contains(&manage), "a member does not manage: {page}");
    let (outsider, _) = app.api_member("olga@example.org", "Olga").await;
    let page = outsider.page(&home).await;
    assert!(!page.contains("class=\"tabs\""), "{page}");
}

/// JSON Schema counts `80.0` as an integer, so a client checking its body
/// against the API description may send it for an integer field: the API
/// reads it as 80. A fraction is still refused.
async fn a_number_with_no_fraction_is_read_as_an_integer(app: &TestApp) {
    let jardin = app
        .collective("Jardin", "association")
        .people(&["Alice"])
        .build()
        .await;
    let (id, alice) = (&jardin.id, &jardin.people[0].api);
    let rules = format!("/api/v1/collectives/{id}/decision-rules");
    let whole =
        json!({"acting": {"min_hours": 48.0, "min_quorum": 80.0}, "college_results_min": 3.0});
    let (status, body) = alice.call(Method::PUT, &rules, Some(whole)).await;
    assert_eq!(status, 204, "{body}");
    let (_, collective) = alice.get(&format!("/api/v1/collectives/{id}")).await;
    assert_eq!(
        collective["acting_rules"],
        json!({"min_hours": 48, "min_quorum": 80}),
        "{collective}"
    );
    let fraction =
        json!({"acting": {"min_hours": 48, "min_quorum": 80.5}, "college_results_min": 3});
    let (status, problem) = alice.call(Method::PUT, &rules, Some(fraction)).await;
    assert_eq!(status, 400, "{problem}");
}

/// A member pays the collective's treasury; every member sees the balance and
/// who paid what; someone outside the collective can neither pay nor look.
async fn members_fund_their_collectives_treasury_and_see_who_paid(app: &TestApp) {
    let jardin = app
        .collective("Jardin", "association")
        .people(&["Alice", "Bob"])
        .build()
        .await;
    let (id, alice, bob) = (&jardin.id, &jardin.people[0].api, &jardin.people[1].api);
    let (outsider, _) = app.api_member("olga@example.org", "Olga").await;
    alice
        .post(
            "/api/v1/me/wallet/topups",
            json!({"id": "t", "amount": "30", "provider": "demo"}),
        )
        .await;
    outsider
        .post(
            "/api/v1/me/wallet/topups",
            json!({"id": "t", "amount": "30", "provider": "demo"}),
        )
        .await;

    let dues = json!({"id": "dues-2026", "collective_id": id, "amount": "10", "message": "Cotisation 2026"});
    let (status, paid) = alice
        .post("/api/v1/me/wallet/collective-payments", dues.clone())
        .await;
    assert_eq!(status, 201, "{paid}");
    alice
        .post("/api/v1/me/wallet/collective-payments", dues)
        .await;

    let (status, treasury) = bob.get(&format!("/api/v1/collectives/{id}/treasury")).await;
    assert_eq!(status, 200);
    assert_eq!(treasury["balance"], 1000, "paid once");
    assert_eq!(treasury["lines"][0]["by"], "Alice");
    assert_eq!(treasury["lines"][0]["reference"], "Cotisation 2026");
    assert_eq!(
        treasury["lines"][0]["counterpart"],
        json!({"kind": "wallet", "name": "Alice"})
    );
    // Alice's statement names whom she paid; the top-up names no one and
    // shows no provider's id, which stays in the API and the CSV.
    let (_, statement) = alice.get("/api/v1/me/wallet/statement").await;
    let paid_line = statement
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "payment.collective")
        .unwrap();
    assert_eq!(
        paid_line["counterpart"],
        json!({"kind": "treasury", "name": "Jardin"})
    );
    let top_up = statement
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "topup.demo")
        .unwrap();
    assert_eq!(
        top_up["counterpart"],
        json!({"kind": "world", "name": null})
    );
    let charge = top_up["reference"].as_str().unwrap().to_owned();
    assert!(charge.starts_with("demo-"), "{top_up}");
    let wallet_page = jardin.people[0].browser.text("/wallet").await;
    assert!(
        wallet_page.contains("<strong>Paid to Jardin</strong> — Cotisation 2026"),
        "{wallet_page}"
    );
    assert!(!wallet_page.contains(&charge), "no raw id: {wallet_page}");
    assert!(wallet_page.contains("Top-up (demo payment)"));

    let (status, _) = outsider
        .get(&format!("/api/v1/collectives/{id}/treasury"))
        .await;
    assert_eq!(status, 403);
    let (status, _) = outsider
        .post(
            "/api/v1/me/wallet/collective-payments",
            json!({"id": "x", "collective_id": id, "amount": "1"}),
        )
        .await;
    assert_eq!(status, 403);
    // An unknown collective is a wrong field, as an unknown payee is.
    let (status, problem) = outsider
        .post(
            "/api/v1/me/wallet/collective-payments",
            json!({"id": "y", "collective_id": "0193a3f4-0000-7000-8000-000000000000", "amount": "1"}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "collective_id");
    assert_eq!(problem["errors"][0]["code"], "error-collective-unknown");
    let (_, wallet) = outsider.get("/api/v1/me/wallet").await;
    assert_eq!(wallet["balance"], 3000, "nothing moved");

    // The collective's page shows the treasury to members only.
    let page = bob
        .page(&format!("/collectives/{}", jardin.slug.as_str()))
        .await;
    assert!(
        page.contains("Cotisation 2026") && page.contains("€10.00"),
        "{page}"
    );
    assert!(
        page.contains("<strong>Paid by Alice</strong> — Cotisation 2026"),
        "{page}"
    );
    // The monthly chart has a money axis up to a round figure, a legend in
    // words, and its figures in a table beside it.
    assert!(page.contains("class=\"chart-flows\""), "{page}");
    for tick in ["€0.00", "€5.00", "€10.00"] {
        assert!(
            page.contains(&format!("text-anchor=\"end\">{tick}</text>")),
            "{tick}: {page}"
        );
    }
    assert!(page.contains(">Money in</text>") && page.contains(">Money out</text>"));
    assert!(
        page.contains("<td class=\"amount\">€10.00</td><td class=\"amount\">€0.00</td>"),
        "{page}"
    );
    let slug = jardin.slug.as_str();
    let csv = |api: &support::Api| {
        reqwest::Client::new()
            .get(app.url(&format!("/collectives/{slug}/treasury.csv")))
            .bearer_auth(api.token.clone().unwrap())
            .send()
    };
    let bobs = csv(bob).await.unwrap();
    assert_eq!(bobs.status(), 200);
    let text = bobs.text().await.unwrap();
    assert!(text.starts_with(
        "date,by,approved_by,amount,currency,code,reference,log_index,counterpart\r\n"
    ));
    assert!(
        text.contains(",Alice,,10.00,EUR,payment.collective,Cotisation 2026,"),
        "{text}"
    );
    assert!(text.trim_end().ends_with(",Alice"), "{text}");
    assert_eq!(csv(&outsider).await.unwrap().status(), 403);
    kernel::money::check(&app.db).await.unwrap();
}

/// The wallet page: a top-up redirects back (so reloading does not pay
/// twice, and the form's key makes a resubmission harmless), and a bad
/// amount is shown next to the field in the page's language.
async fn the_wallet_page_tops_up_once_and_shows_errors_by_the_field(app: &TestApp) {
    let (browser, _) = app.member("carla@example.org", "Carla").await;
    let page = browser.text("/wallet").await;
    assert!(
        page.contains("Demo payment: no real money moves"),
        "the demo provider says so"
    );
    let form_id = page
        .split(r#"name="id" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    for _ in 0..2 {
        let response = browser
            .post_form(
                "/wallet/topup",
                &[
                    ("id", form_id.as_str()),
                    ("amount", "12,50"),
                    ("provider", "demo"),
                ],
            )
            .await;
        assert_eq!(response.status(), 303);
    }
    let page = browser.text("/wallet").await;
    assert!(page.contains("€12.50"), "topped up once: {page}");
    assert!(!page.contains("€25.00"));
    let response = browser
        .post_form(
            "/wallet/topup",
            &[("id", "other"), ("amount", "12.345"), ("provider", "demo")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("At most two decimals.")
    );
    browser
        .post_form("/lang", &[("lang", "fr"), ("next", "/wallet")])
        .await;
    let response = browser
        .post_form(
            "/wallet/topup",
            &[("id", "other"), ("amount", "-3"), ("provider", "demo")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Le montant ne peut pas être négatif.")
    );
}

/// Alice tops up her wallet through the demo provider and pays Bob with a
/// message; a retry moves nothing twice; bad amounts, overdrafts and unknown
/// members are refused with readable errors; both statements, the export and
/// the ledger's invariants agree.
async fn a_member_tops_up_pays_another_and_both_see_it(app: &TestApp) {
    // Members pay those they share a collective with.
    let jardin = app
        .collective("Jardin", "association")
        .people(&["Alice", "Bob"])
        .build()
        .await;
    let (alice, bob, bob_id) = (
        &jardin.people[0].api,
        &jardin.people[1].api,
        &jardin.people[1].id,
    );
    let (stranger, stranger_id) = app.api_member("sam@example.org", "Sam").await;
    let (status, wallet) = alice.get("/api/v1/me/wallet").await;
    assert_eq!((status, wallet["balance"].as_i64()), (200, Some(0)));

    let topup = json!({"id": "topup-1", "amount": "20", "provider": "demo"});
    let (status, first) = alice.post("/api/v1/me/wallet/topups", topup.clone()).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["amount"], 2000);
    assert_eq!(first["code"], "topup.demo");
    let (_, again) = alice.post("/api/v1/me/wallet/topups", topup).await;
    assert_eq!(
        again["log_index"], first["log_index"],
        "a retry is not charged twice"
    );
    // The same key for another top-up is refused, nothing charged.
    let (status, problem) = alice
        .post(
            "/api/v1/me/wallet/topups",
            json!({"id": "topup-1", "amount": "200", "provider": "demo"}),
        )
        .await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:transfer-id-reused");
    assert_eq!(alice.get("/api/v1/me/wallet").await.1["balance"], 2000);
    // Nobody shares a collective with Sam: Alice cannot pay him.
    let (status, problem) = alice
        .post(
            "/api/v1/me/wallet/payments",
            json!({"id": "to-sam", "to_member": stranger_id, "amount": "1"}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "to_member");
    assert_eq!(stranger.get("/api/v1/me/wallet").await.1["balance"], 0);

    let pay =
        json!({"id": "lunch", "to_member": bob_id, "amount": "5,50", "message": "Panier du jeudi"});
    let (status, paid) = alice.post("/api/v1/me/wallet/payments", pay.clone()).await;
    assert_eq!(status, 201, "{paid}");
    alice.post("/api/v1/me/wallet/payments", pay).await;
    let (_, wallet) = alice.get("/api/v1/me/wallet").await;
    assert_eq!(wallet["balance"], 1450);
    let (_, statement) = bob.get("/api/v1/me/wallet/statement").await;
    let lines = statement.as_array().unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (lines[0]["amount"].as_i64(), lines[0]["reference"].as_str()),
        (Some(550), Some("Panier du jeudi"))
    );
    let (_, statement) = alice.get("/api/v1/me/wallet/statement").await;
    assert_eq!(statement.as_array().unwrap()[0]["amount"], -550);

    // Refusals: each a 4xx naming the problem, and nothing moves.
    for (body, status, field_or_type) in [
        (
            json!({"id": "x1", "to_member": bob_id, "amount": "-1"}),
            422,
            "amount",
        ),
        (
            json!({"id": "x2", "to_member": bob_id, "amount": "1.234"}),
            422,
            "amount",
        ),
        (
            json!({"id": "x3", "to_member": bob_id, "amount": "beaucoup"}),
            422,
            "amount",
        ),
        (
            json!({"id": "x4", "to_member": "nobody", "amount": "1"}),
            422,
            "to_member",
        ),
        (
            json!({"id": "bad id!", "to_member": bob_id, "amount": "1"}),
            422,
            "id",
        ),
        (
            json!({"id": "x5", "to_member": bob_id, "amount": "100"}),
            409,
            "urn:freeco:problem:transfer-exceeds-limit",
        ),
        (
            json!({"id": "lunch", "to_member": bob_id, "amount": "1"}),
            409,
            "urn:freeco:problem:transfer-id-reused",
        ),
    ] {
        let (got, problem) = alice.post("/api/v1/me/wallet/payments", body.clone()).await;
        assert_eq!(got, status, "{body}: {problem}");
        let named = problem["type"] == field_or_type
            || problem["errors"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e["field"] == field_or_type));
        assert!(named, "{body}: {problem}");
    }
    let (status, _) = alice
        .post(
            "/api/v1/me/wallet/topups",
            json!({"id": "big", "amount": "900", "provider": "demo"}),
        )
        .await;
    assert_eq!(status, 409, "the demo provider refuses more than 500");
    let (_, wallet) = alice.get("/api/v1/me/wallet").await;
    assert_eq!(wallet["balance"], 1450);

    // Filters and the CSV statement.
    let (_, incoming) = alice.get("/api/v1/me/wallet/statement?direction=in").await;
    assert_eq!(incoming.as_array().unwrap().len(), 1);
    assert_eq!(incoming[0]["code"], "topup.demo");
    let (_, outgoing) = alice.get("/api/v1/me/wallet/statement?direction=out").await;
    assert_eq!(outgoing.as_array().unwrap().len(), 1);
    let (_, later) = alice
        .get("/api/v1/me/wallet/statement?from=2999-01-01")
        .await;
    assert!(later.as_array().unwrap().is_empty());
    let (status, problem) = alice
        .get("/api/v1/me/wallet/statement?from=yesterday")
        .await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (422, Some("from"))
    );
    alice
        .post("/api/v1/me/wallet/payments", json!({"id": "formula", "to_member": bob_id, "amount": "1", "message": "=HYPERLINK(\"http://evil\")"}))
        .await;
    let csv = reqwest::Client::new()
        .get(app.url("/wallet/statement.csv?direction=out"))
        .bearer_auth(alice.token.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "date,amount,currency,code,reference,log_index,counterpart"
    );
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(
        rows[1].contains(",-1.00,EUR,payment.member,\"'=HYPERLINK(\"\"http://evil\"\")\","),
        "a formula is defused: {csv}"
    );
    assert!(
        rows[2].contains(",-5.50,EUR,payment.member,Panier du jeudi,"),
        "{csv}"
    );
    assert!(rows[2].ends_with(",Bob"), "whom Alice paid: {csv}");

    // The payment is in the log, and in Bob's export.
    let (_, proof) = app
        .anonymous_api()
        .get(&format!(
            "/api/v1/log/proof/inclusion?index={}&size={}",
            paid["log_index"],
            paid["log_index"].as_i64().unwrap() + 1
        ))
        .await;
    assert!(proof["hashes"].is_array(), "{proof}");
    let (_, export) = bob.get("/api/v1/me/export").await;
    assert_eq!(export["wallet"]["wallet"]["balance"], 650);
    kernel::money::check(&app.db).await.unwrap();
}

/// Anyone, signed in or not, sees the log's signed state, how to check it,
/// and what the platform holds in fees and solidarity, in their language.
async fn the_transparency_page_shows_the_signed_log_and_the_platforms_funds(app: &TestApp) {
    use kernel::money::{self, AccountKind};
    let french = app.visitor(Lang::Fr).await;
    let page = french.text("/transparency").await;
    let (_, key) = app.anonymous_api().get("/api/v1/log/key").await;
    assert!(
        page.contains(key["verifier_key"].as_str().unwrap()),
        "{page}"
    );
    assert!(page.contains(&format!("freeco verify --url {}", app.base)));
    assert!(page.contains("Aucun frais"), "{page}");
    let note = reqwest::get(app.url("/api/v1/log/checkpoint"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let size_line = note.lines().nth(1).unwrap();
    assert!(
        page.contains(&format!("<dd>{size_line}</dd>")),
        "the page shows the served checkpoint's size"
    );

    let world = money::open_account(&app.db, AccountKind::World, "", "EUR")
        .await
        .unwrap()
        .account
        .id;
    let fees = money::open_account(&app.db, AccountKind::Fees, "", "EUR")
        .await
        .unwrap()
        .account
        .id;
    let solidarity = money::open_account(&app.db, AccountKind::Solidarity, "", "EUR")
        .await
        .unwrap()
        .account
        .id;
    let post = |id: &str, credit: &str, amount: u64| ledger::NewTransfer {
        id: id.into(),
        kind: ledger::Kind::Post {
            debit: world.clone(),
            credit: credit.into(),
            amount,
            currency: "EUR".into(),
        },
        code: "fee".into(),
        reference: String::new(),
    };
    money::transfer(
        &app.db,
        &[
            post("fee-1", &fees, 123_456),
            post("sol-1", &solidarity, 250),
        ],
    )
    .await
    .unwrap();
    let page = french.text("/transparency").await;
    assert!(
        page.contains("1\u{202f}234,56\u{a0}€") && page.contains("2,50\u{a0}€"),
        "{page}"
    );
    assert!(page.contains("Fonds de solidarité"));
    let page = app.visitor(Lang::En).await.text("/transparency").await;
    assert!(
        page.contains("€1,234.56") && page.contains("Technical fees collected"),
        "{page}"
    );
}

/// The log records the charter's adoption and each acceptance as a count,
/// never who accepted; its signed checkpoint, inclusion and consistency
/// proofs check with the pure `tlog` crate, as any client would.
async fn the_transparency_log_proves_its_entries_without_personal_data(app: &TestApp) {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD as B64;
    let client = reqwest::Client::new();
    let text = |path: &'static str| {
        let client = client.clone();
        let url = app.url(path);
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let anonymous = app.anonymous_api();
    let (_, key) = anonymous.get("/api/v1/log/key").await;
    let verifier = tlog::NoteVerifier::parse(key["verifier_key"].as_str().unwrap()).unwrap();
    let first = tlog::Checkpoint::parse(
        verifier
            .open(&text("/api/v1/log/checkpoint").await)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first.origin, key["origin"].as_str().unwrap());

    let (_, member_id) = app.member("zoe@example.org", "Zoé Secret").await;
    let second = tlog::Checkpoint::parse(
        verifier
            .open(&text("/api/v1/log/checkpoint").await)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(second.size, first.size + 1, "one acceptance, one entry");

    let (status, page) = anonymous.get("/api/v1/log/entries?start=0").await;
    assert_eq!(status, 200);
    let entries = page["entries"].as_array().unwrap();
    assert_eq!(entries.len() as u64, second.size);
    let last = entries.last().unwrap()["body"].as_str().unwrap();
    let event: serde_json::Value = serde_json::from_str(last).unwrap();
    assert_eq!(event["type"], "charter.accepted");
    for entry in entries {
        let body = entry["body"].as_str().unwrap();
        assert!(
            !body.contains("zoe") && !body.contains("Zo") && !body.contains(&member_id),
            "{body}"
        );
    }
    let decode = |proof: &serde_json::Value| -> Vec<tlog::Hash> {
        proof["hashes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| B64.decode(h.as_str().unwrap()).unwrap().try_into().unwrap())
            .collect()
    };
    for (index, entry) in entries.iter().enumerate() {
        let leaf = tlog::leaf_hash(entry["body"].as_str().unwrap().as_bytes());
        let (status, proof) = anonymous
            .get(&format!(
                "/api/v1/log/proof/inclusion?index={index}&size={}",
                second.size
            ))
            .await;
        assert_eq!(status, 200);
        assert!(tlog::verify_inclusion(
            &leaf,
            index as u64,
            second.size,
            &decode(&proof),
            &second.root
        ));
    }
    let (_, proof) = anonymous
        .get(&format!(
            "/api/v1/log/proof/consistency?old={}&new={}",
            first.size, second.size
        ))
        .await;
    assert!(tlog::verify_consistency(
        first.size,
        second.size,
        &first.root,
        &second.root,
        &decode(&proof)
    ));

    // Questions about sizes the log has not reached, or that make no sense, are 400s.
    for path in [
        format!(
            "/api/v1/log/proof/inclusion?index=0&size={}",
            second.size + 1
        ),
        format!(
            "/api/v1/log/proof/inclusion?index={}&size={}",
            second.size, second.size
        ),
        format!(
            "/api/v1/log/proof/consistency?old={}&new={}",
            second.size, first.size
        ),
        "/api/v1/log/proof/inclusion?index=-1&size=1".to_owned(),
    ] {
        let (status, problem) = anonymous.get(&path).await;
        assert_eq!(status, 400, "{path}: {problem}");
    }
}

/// Someone invited signs up from the invitation: the confirmation link, then
/// the charter, bring them back to it. Only local paths are followed.
async fn a_sign_up_from_an_invitation_leads_back_to_it(app: &TestApp) {
    let next = "/invitations/some-token";
    let visitor = app.visitor(Lang::En).await;
    assert!(
        visitor
            .text(&format!("/signup?next={next}"))
            .await
            .contains(r#"name="next" value="/invitations/some-token""#)
    );
    let response = visitor
        .post_form(
            "/signup",
            &[
                ("display_name", "Nora"),
                ("email", "nora@example.org"),
                ("password", "correct horse battery"),
                ("next", next),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let mail = app.mail_to("nora@example.org", "/confirm?token=").await;
    let confirm = link_in(&mail, "/confirm?token=");
    assert!(
        confirm.ends_with("&next=%2Finvitations%2Fsome-token"),
        "{confirm}"
    );
    let response = visitor.confirm(&confirm, "correct horse battery").await;
    assert_eq!(
        response.headers()["location"],
        "/charter?next=%2Finvitations%2Fsome-token"
    );
    let charter = visitor
        .text("/charter?next=%2Finvitations%2Fsome-token")
        .await;
    assert!(charter.contains(r#"name="next" value="/invitations/some-token""#));
    let version = charter
        .split(r#"name="version" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("charter version field")
        .to_owned();
    let accepted = visitor
        .post_form(
            "/charter/accept",
            &[("version", version.as_str()), ("next", next)],
        )
        .await;
    assert_eq!(accepted.status(), 303);
    assert_eq!(accepted.headers()["location"], next);

    // Another host, as a link or as a form field, is never followed.
    let visitor = app.visitor(Lang::En).await;
    visitor
        .post_form(
            "/signup",
            &[
                ("display_name", "Mallory"),
                ("email", "mallory@example.org"),
                ("password", "correct horse battery"),
                ("next", "//evil.example/phish"),
            ],
        )
        .await;
    let mail = app.mail_to("mallory@example.org", "/confirm?token=").await;
    let confirm = link_in(&mail, "/confirm?token=");
    assert!(!confirm.contains("next="), "{confirm}");
    let response = visitor.confirm(&confirm, "correct horse battery").await;
    assert_eq!(response.headers()["location"], "/charter");
    let accepted = visitor
        .post_form(
            "/charter/accept",
            &[
                ("version", version.as_str()),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(accepted.headers()["location"], "/");
}

async fn sign_up_confirm_log_out_and_reset_password(app: &TestApp) {
    let visitor = app.visitor(Lang::Fr).await;
    let response = visitor
        .post_form(
            "/signup",
            &[
                ("display_name", "Alice"),
                ("email", "Alice@Example.org"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Consultez votre messagerie")
    );

    let mail = app.mail_to("alice@example.org", "/confirm?token=").await;
    assert!(mail.contains("Confirmez votre compte Freeco"), "{mail}");
    let confirm = link_in(&mail, "/confirm?token=");
    // Before confirmation, the password alone does not open the account.
    let early = visitor
        .post_form(
            "/login",
            &[
                ("email", "alice@example.org"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert_eq!(early.status(), 422);

    // The link opens a form: the address is confirmed with the password.
    let page = visitor.text(&confirm).await;
    assert!(page.contains("Confirmer mon adresse"), "{page}");
    let wrong = visitor.confirm(&confirm, "not the password").await;
    assert_eq!(wrong.status(), 422);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("mot de passe de la dernière inscription")
    );
    let response = visitor.confirm(&confirm, "correct horse battery").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/charter");
    let session = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("freeco_session="))
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    assert!(visitor.text("/").await.contains("Bonjour Alice"));
    // A confirmation link works once.
    assert_eq!(
        visitor
            .confirm(&confirm, "correct horse battery")
            .await
            .status(),
        422
    );

    assert_eq!(visitor.post_form("/logout", &[]).await.status(), 303);
    assert!(!visitor.text("/").await.contains("Bonjour Alice"));
    let wrong = visitor
        .post_form(
            "/login",
            &[
                ("email", "alice@example.org"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("Adresse e-mail ou mot de passe incorrect")
    );

    assert_eq!(
        visitor
            .post_form("/password/forgot", &[("email", "alice@example.org")])
            .await
            .status(),
        200
    );
    let reset_mail = app
        .mail_to("alice@example.org", "/password/reset?token=")
        .await;
    let reset = link_in(&reset_mail, "/password/reset?token=");
    let token = reset.split("token=").nth(1).unwrap();
    let done = visitor
        .post_form(
            "/password/reset",
            &[("token", token), ("password", "a brand new password")],
        )
        .await;
    assert_eq!(done.status(), 200);
    assert_eq!(
        visitor
            .post_form(
                "/login",
                &[
                    ("email", "alice@example.org"),
                    ("password", "correct horse battery")
                ]
            )
            .await
            .status(),
        422
    );
    let ok = visitor
        .post_form(
            "/login",
            &[
                ("email", "alice@example.org"),
                ("password", "a brand new password"),
                ("next", "/account"),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/account");
}

async fn sign_up_does_not_tell_whether_an_address_is_registered(app: &TestApp) {
    app.member("taken@example.org", "Taken").await;
    let api = app.anonymous_api();
    let (known, known_body) = api.post("/api/v1/auth/signup", json!({"email": "taken@example.org", "password": "whatever password", "display_name": "X"})).await;
    let (unknown, unknown_body) = api.post("/api/v1/auth/signup", json!({"email": "new@example.org", "password": "whatever password", "display_name": "Y"})).await;
    assert_eq!((known, unknown), (202, 202));
    assert_eq!(known_body, unknown_body);
    // The owner of the address learns what happened.
    assert!(
        app.mail_to("taken@example.org", "/password/forgot")
            .await
            .contains("/password/forgot")
    );
    let (s1, _) = api
        .post(
            "/api/v1/auth/password/forgot",
            json!({"email": "taken@example.org"}),
        )
        .await;
    let (s2, _) = api
        .post(
            "/api/v1/auth/password/forgot",
            json!({"email": "nobody@example.org"}),
        )
        .await;
    assert_eq!((s1, s2), (202, 202));
    let (status, problem) = api
        .post(
            "/api/v1/auth/tokens",
            json!({"email": "nobody@example.org", "password": "whatever password", "name": "x"}),
        )
        .await;
    let (status2, problem2) = api
        .post(
            "/api/v1/auth/tokens",
            json!({"email": "taken@example.org", "password": "wrong password!!", "name": "x"}),
        )
        .await;
    assert_eq!((status, status2), (400, 400));
    assert_eq!(problem["type"], problem2["type"]);
}

async fn charter_gates_acting_and_a_new_version_asks_again(app: &TestApp) {
    let id = kernel::members::create_confirmed(
        &app.db,
        "reader@example.org",
        support::PASSWORD,
        "Reader",
        Lang::En,
        false,
    )
    .await
    .unwrap();
    let token = kernel::tokens::create(&app.db, &id.as_str().into(), "t")
        .await
        .unwrap()
        .secret;
    let api = support::Api {
        client: reqwest::Client::new(),
        base: app.base.clone(),
        token: Some(token),
    };
    // Signed in but not accepted: can read, cannot act.
    assert_eq!(api.get("/api/v1/collectives").await.0, 200);
    let (status, problem) = api
        .post(
            "/api/v1/collectives",
            json!({"name": "Nope", "kind": "amap"}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(problem["type"], "urn:freeco:problem:charter-not-accepted");

    let (_, charter) = api.get("/api/v1/charter").await;
    let (status, acceptance) = api
        .post(
            "/api/v1/charter/acceptances",
            json!({"version": charter["version"]}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(acceptance["sha256"], charter["sha256"]);
    assert!(acceptance["accepted_at"].as_i64().unwrap() > 0);
    assert_eq!(
        api.post(
            "/api/v1/collectives",
            json!({"name": "Yes", "kind": "amap"})
        )
        .await
        .0,
        201
    );

    let v2 = kernel::charter::adopt(&app.db, "Nouvelle charte", "New charter")
        .await
        .unwrap();
    assert_eq!(v2.version, charter["version"].as_i64().unwrap() + 1);
    assert_eq!(
        api.post(
            "/api/v1/collectives",
            json!({"name": "Again", "kind": "amap"})
        )
        .await
        .0,
        403
    );
    // Accepting an outdated version is refused: one accepts what one has read.
    assert_eq!(
        api.post(
            "/api/v1/charter/acceptances",
            json!({"version": charter["version"]})
        )
        .await
        .0,
        409
    );
    assert_eq!(
        api.post(
            "/api/v1/charter/acceptances",
            json!({"version": v2.version})
        )
        .await
        .0,
        201
    );
    assert_eq!(
        api.post(
            "/api/v1/collectives",
            json!({"name": "Again", "kind": "amap"})
        )
        .await
        .0,
        201
    );
    let (_, all) = api.get("/api/v1/charter/acceptances").await;
    assert_eq!(all.as_array().unwrap().len(), 2);

    // In the browser, the same member is sent to the charter before acting.
    let (browser, _) = app.member("web@example.org", "Web").await;
    kernel::charter::adopt(&app.db, "Troisième", "Third")
        .await
        .unwrap();
    let response = browser
        .post_form("/collectives", &[("name", "Blocked"), ("kind", "amap")])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/charter");
}

async fn collective_invitations_requests_roles_and_colleges(app: &TestApp) {
    let (alice, _) = app.api_member("alice@example.org", "Alice").await;
    let (bob, bob_id) = app.api_member("bob@example.org", "Bob").await;
    let (carol, carol_id) = app.api_member("carol@example.org", "Carol").await;
    let (dan, _) = app.api_member("dan@example.org", "Dan").await;

    let (status, collective) = alice
        .post(
            "/api/v1/collectives",
            json!({"name": "AMAP des Pâquerettes", "kind": "amap", "description": "Paniers"}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(collective["slug"], "amap-des-paquerettes");
    let cid = collective["id"].as_str().unwrap();

    // Invitation by e-mail: the mail carries a link for that address only.
    let (status, _) = alice
        .post(
            &format!("/api/v1/collectives/{cid}/invitations"),
            json!({"email": "bob@example.org"}),
        )
        .await;
    assert_eq!(status, 201);
    let mail = app.mail_to("bob@example.org", "/invitations/").await;
    let link = link_in(&mail, "/invitations/");
    let token = link.trim_start_matches("/invitations/");
    assert_eq!(
        carol
            .call(
                Method::POST,
                &format!("/api/v1/invitations/{token}/accept"),
                None
            )
            .await
            .0,
        400
    );
    let (status, joined) = bob
        .call(
            Method::POST,
            &format!("/api/v1/invitations/{token}/accept"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{joined}");
    assert_eq!(
        bob.call(
            Method::POST,
            &format!("/api/v1/invitations/{token}/accept"),
            None
        )
        .await
        .0,
        400
    );

    // Shareable link, then revoked.
    let (_, created) = alice
        .post(&format!("/api/v1/collectives/{cid}/invitations"), json!({}))
        .await;
    let link_token = created["url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        created["token"],
        link_token.as_str(),
        "the token comes alone too"
    );
    let (_, invitations) = alice
        .get(&format!("/api/v1/collectives/{cid}/invitations"))
        .await;
    assert_eq!(
        invitations.as_array().unwrap().len(),
        1,
        "the used e-mail invitation is gone: {invitations}"
    );
    let invitation_id = created["invitation"]["id"].as_str().unwrap();
    assert_eq!(
        alice
            .call(
                Method::DELETE,
                &format!("/api/v1/collectives/{cid}/invitations/{invitation_id}"),
                None
            )
            .await
            .0,
        204
    );
    assert_eq!(
        dan.call(
            Method::POST,
            &format!("/api/v1/invitations/{link_token}/accept"),
            None
        )
        .await
        .0,
        400
    );

    // Request to join: refused, then asked again and accepted.
    let (status, request) = carol
        .post(
            &format!("/api/v1/collectives/{cid}/join-requests"),
            json!({"message": "Bonjour"}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(
        carol
            .post(
                &format!("/api/v1/collectives/{cid}/join-requests"),
                json!({})
            )
            .await
            .0,
        409
    );
    let rid = request["id"].as_str().unwrap();
    assert_eq!(
        bob.post(
            &format!("/api/v1/collectives/{cid}/join-requests/{rid}"),
            json!({"decision": "accept"})
        )
        .await
        .0,
        403
    );
    assert_eq!(
        alice
            .post(
                &format!("/api/v1/collectives/{cid}/join-requests/{rid}"),
                json!({"decision": "refuse"})
            )
            .await
            .0,
        204
    );
    assert_eq!(
        carol
            .get(&format!("/api/v1/collectives/{cid}/members"))
            .await
            .0,
        403
    );
    let (_, request) = carol
        .post(
            &format!("/api/v1/collectives/{cid}/join-requests"),
            json!({}),
        )
        .await;
    let rid = request["id"].as_str().unwrap();
    assert_eq!(
        alice
            .post(
                &format!("/api/v1/collectives/{cid}/join-requests/{rid}"),
                json!({"decision": "accept"})
            )
            .await
            .0,
        204
    );
    let (_, members) = carol
        .get(&format!("/api/v1/collectives/{cid}/members"))
        .await;
    assert_eq!(members.as_array().unwrap().len(), 3);

    // Colleges with weights, members placed in them, roles given.
    let (status, producers) = alice
        .post(
            &format!("/api/v1/collectives/{cid}/colleges"),
            json!({"name": "Producteurs", "weight": 40}),
        )
        .await;
    assert_eq!(status, 201);
    let (_, eaters) = alice
        .post(
            &format!("/api/v1/collectives/{cid}/colleges"),
            json!({"name": "Mangeurs", "weight": 60}),
        )
        .await;
    assert_eq!(
        alice
            .post(
                &format!("/api/v1/collectives/{cid}/colleges"),
                json!({"name": "Mangeurs", "weight": 1})
            )
            .await
            .0,
        422
    );
    let patch = |member: &str, body: serde_json::Value| {
        let path = format!("/api/v1/collectives/{cid}/members/{member}");
        let alice = &alice;
        async move { alice.call(Method::PATCH, &path, Some(body)).await.0 }
    };
    assert_eq!(
        patch(
            &bob_id,
            json!({"role": "treasurer", "college_id": producers["id"]})
        )
        .await,
        204
    );
    assert_eq!(
        patch(&carol_id, json!({"college_id": eaters["id"]})).await,
        204
    );
    let (_, colleges) = bob
        .get(&format!("/api/v1/collectives/{cid}/colleges"))
        .await;
    let counts: Vec<(String, i64, i64)> = colleges
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["weight"].as_i64().unwrap(),
                c["member_count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        vec![("Mangeurs".into(), 60, 1), ("Producteurs".into(), 40, 1)]
    );
    let (_, members) = bob.get(&format!("/api/v1/collectives/{cid}/members")).await;
    let bob_entry = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["member_id"] == bob_id.as_str())
        .unwrap();
    assert_eq!(
        (
            bob_entry["role"].as_str(),
            bob_entry["college_name"].as_str()
        ),
        (Some("treasurer"), Some("Producteurs"))
    );

    // The last coordinator cannot leave while others remain; a member can.
    assert_eq!(
        alice
            .call(
                Method::POST,
                &format!("/api/v1/collectives/{cid}/leave"),
                None
            )
            .await
            .0,
        409
    );
    assert_eq!(
        carol
            .call(
                Method::POST,
                &format!("/api/v1/collectives/{cid}/leave"),
                None
            )
            .await
            .0,
        204
    );
    assert_eq!(
        carol
            .get(&format!("/api/v1/collectives/{cid}/members"))
            .await
            .0,
        403
    );
    let (_, memberships) = carol.get("/api/v1/me/export").await;
    assert!(
        memberships["collective_memberships"][0]["left_at"]
            .as_i64()
            .is_some()
    );
}

/// Every role of collective A, against every object of collective B: 403 or 404, never success.
async fn members_cannot_touch_another_collectives_objects(app: &TestApp) {
    let (owner_b, _) = app.api_member("owner-b@example.org", "Owner B").await;
    let (_, b) = owner_b
        .post(
            "/api/v1/collectives",
            json!({"name": "Collective B", "kind": "cooperative"}),
        )
        .await;
    let b = b["id"].as_str().unwrap().to_owned();
    let (_, college_b) = owner_b
        .post(
            &format!("/api/v1/collectives/{b}/colleges"),
            json!({"name": "Workers", "weight": 1}),
        )
        .await;
    let (_, invitation_b) = owner_b
        .post(&format!("/api/v1/collectives/{b}/invitations"), json!({}))
        .await;
    let (outsider_for_request, outsider_id) = app.api_member("asker@example.org", "Asker").await;
    let (_, request_b) = outsider_for_request
        .post(&format!("/api/v1/collectives/{b}/join-requests"), json!({}))
        .await;

    let (coordinator_a, _) = app.api_member("coord-a@example.org", "Coord A").await;
    let (_, a) = coordinator_a
        .post(
            "/api/v1/collectives",
            json!({"name": "Collective A", "kind": "amap"}),
        )
        .await;
    let a = a["id"].as_str().unwrap().to_owned();
    let (_, college_a) = coordinator_a
        .post(
            &format!("/api/v1/collectives/{a}/colleges"),
            json!({"name": "Eaters", "weight": 1}),
        )
        .await;
    let mut actors = vec![("coordinator", coordinator_a)];
    for (role, email) in [
        ("member", "member-a@example.org"),
        ("treasurer", "treasurer-a@example.org"),
    ] {
        let (api, id) = app.api_member(email, role).await;
        assert_eq!(api.join_by_link(&actors[0].1, &a).await, 200);
        let path = format!("/api/v1/collectives/{a}/members/{id}");
        assert_eq!(
            actors[0]
                .1
                .call(Method::PATCH, &path, Some(json!({"role": role})))
                .await
                .0,
            204
        );
        actors.push((role, api));
    }

    let (rid, cg, inv) = (
        request_b["id"].as_str().unwrap(),
        college_b["id"].as_str().unwrap(),
        invitation_b["invitation"]["id"].as_str().unwrap(),
    );
    let cga = college_a["id"].as_str().unwrap();
    let attempts: Vec<(Method, String, Option<serde_json::Value>)> = vec![
        (
            Method::GET,
            format!("/api/v1/collectives/{b}/members"),
            None,
        ),
        (
            Method::PATCH,
            format!("/api/v1/collectives/{b}"),
            Some(json!({"name": "Taken over", "kind": "amap"})),
        ),
        (
            Method::GET,
            format!("/api/v1/collectives/{b}/join-requests"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/collectives/{b}/join-requests/{rid}"),
            Some(json!({"decision": "accept"})),
        ),
        (
            Method::POST,
            format!("/api/v1/collectives/{a}/join-requests/{rid}"),
            Some(json!({"decision": "accept"})),
        ),
        (
            Method::GET,
            format!("/api/v1/collectives/{b}/invitations"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/collectives/{b}/invitations"),
            Some(json!({})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/collectives/{b}/invitations/{inv}"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/v1/collectives/{a}/invitations/{inv}"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/collectives/{b}/colleges"),
            Some(json!({"name": "Mine", "weight": 1})),
        ),
        (
            Method::PUT,
            format!("/api/v1/collectives/{b}/colleges/{cg}"),
            Some(json!({"name": "Mine", "weight": 1})),
        ),
        (
            Method::PUT,
            format!("/api/v1/collectives/{a}/colleges/{cg}"),
            Some(json!({"name": "Mine", "weight": 1})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/collectives/{b}/colleges/{cg}"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/v1/collectives/{a}/colleges/{cg}"),
            None,
        ),
        (
            Method::PATCH,
            format!("/api/v1/collectives/{b}/members/{outsider_id}"),
            Some(json!({"role": "coordinator"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/collectives/{a}/members/{outsider_id}"),
            Some(json!({"role": "coordinator"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/collectives/{b}/members/{outsider_id}"),
            Some(json!({"college_id": cga})),
        ),
        (Method::POST, format!("/api/v1/collectives/{b}/leave"), None),
    ];
    for (role, api) in &actors {
        for (method, path, body) in &attempts {
            let (status, answer) = api.call(method.clone(), path, body.clone()).await;
            assert!(
                status == 403 || status == 404,
                "{role} {method} {path} gave {status}: {answer}"
            );
            assert!(
                answer["type"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with("urn:freeco:problem:"),
                "{answer}"
            );
        }
    }
    // Nothing changed in B.
    let (_, members) = owner_b
        .get(&format!("/api/v1/collectives/{b}/members"))
        .await;
    assert_eq!(members.as_array().unwrap().len(), 1);
    let (_, requests) = owner_b
        .get(&format!("/api/v1/collectives/{b}/join-requests"))
        .await;
    assert_eq!(requests.as_array().unwrap().len(), 1);
    // Nor can the HTML pages be used to reach B's management.
    let (browser, _) = app.member("web-a@example.org", "Web A").await;
    let (_, b_info) = owner_b.get(&format!("/api/v1/collectives/{b}")).await;
    let slug = b_info["slug"].as_str().unwrap();
    assert_eq!(
        browser
            .get(&format!("/collectives/{slug}/manage"))
            .await
            .status(),
        403
    );
    assert_eq!(
        browser
            .post_form(
                &format!("/collectives/{slug}/requests/{rid}"),
                &[("decision", "accept")]
            )
            .await
            .status(),
        403
    );
}

async fn bad_input_is_refused_with_a_readable_4xx(app: &TestApp) {
    let (api, _) = app.api_member("eve@example.org", "Eve").await;
    let url = app.url("/api/v1/collectives");
    let token = api.token.clone().unwrap();
    let send = |body: Vec<u8>, content_type: &'static str| {
        let request = api
            .client
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let content_type = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            (
                status,
                content_type,
                response.json::<serde_json::Value>().await.unwrap(),
            )
        }
    };
    let (status, content_type, problem) = send(b"{not json".to_vec(), "application/json").await;
    assert_eq!(
        (status, content_type.as_str()),
        (400, "application/problem+json")
    );
    assert_eq!(problem["type"], "urn:freeco:problem:body-invalid");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("key must be a string"),
        "{problem}"
    );
    // serde alone would read a struct from an array: refused like any non-object.
    let (status, _, problem) = send(br#"["x", "cooperative"]"#.to_vec(), "application/json").await;
    assert_eq!(status, 400);
    assert_eq!(problem["detail"], "expected a JSON object");
    // PostgreSQL cannot hold NUL: refused up front in a body, a form or a URL.
    let (status, _, problem) = send(
        br#"{"email": "a@b.c\u0000", "kind": "cooperative"}"#.to_vec(),
        "application/json",
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:nul-character");
    let response = api
        .client
        .get(app.url("/api/v1/collectives/abc%00def"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let (browser, _) = app.member("nul@example.org", "Nul").await;
    let response = browser
        .post_form("/collectives", &[("name", "a\u{0}b"), ("kind", "amap")])
        .await;
    assert_eq!(response.status(), 400);
    let (status, _, problem) = send(b"name=x".to_vec(), "text/plain").await;
    assert_eq!(status, 415);
    assert_eq!(problem["type"], "urn:freeco:problem:content-type-json");
    // The server refuses an oversized body without reading it all: a 4xx, or the
    // connection closed right after that answer, never a 5xx.
    let oversized = reqwest::Client::new()
        .post(&url)
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(vec![b' '; 2 * 1024 * 1024])
        .send()
        .await;
    if let Ok(response) = oversized {
        assert!(
            response.status().is_client_error(),
            "oversized body gave {}",
            response.status()
        );
    }
    let (status, _, problem) = send(
        br#"{"name": "x", "kind": "castle"}"#.to_vec(),
        "application/json",
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    let (status, _, problem) = send(
        serde_json::to_vec(
            &json!({"name": "a\u{7}b", "kind": "amap", "description": "x".repeat(6000)}),
        )
        .unwrap(),
        "application/json",
    )
    .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["name", "description"]);

    assert_eq!(
        api.get("/api/v1/collectives/00000000-0000-0000-0000-000000000000")
            .await
            .0,
        404
    );
    assert_eq!(api.get("/api/v1/organisations/%27%20OR%201=1").await.0, 404);
    assert_eq!(api.call(Method::PUT, "/api/v1/me", None).await.0, 405);
    let (status, problem) = app.anonymous_api().get("/api/v1/me").await;
    assert_eq!(status, 401);
    assert_eq!(problem["status"], 401);
    let bad_token = support::Api {
        client: reqwest::Client::new(),
        base: app.base.clone(),
        token: Some("fco_forged".into()),
    };
    assert_eq!(bad_token.get("/api/v1/me").await.0, 401);

    // Nothing was half-written by any of the refusals.
    let (_, all) = api.get("/api/v1/collectives").await;
    assert_eq!(all.as_array().unwrap().len(), 0);

    // A form without its CSRF token is refused, and nothing is created.
    let (browser, _) = app.member("frank@example.org", "Frank").await;
    let forged = browser
        .client
        .post(app.url("/collectives"))
        .form(&[("name", "Forged"), ("kind", "amap")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let wrong = browser
        .client
        .post(app.url("/collectives"))
        .form(&[
            ("name", "Forged"),
            ("kind", "amap"),
            ("csrf", "0000000000000000000000000000000000000000000"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    assert_eq!(
        api.get("/api/v1/collectives")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // A cookie-authenticated API write needs the CSRF header too.
    let cookie_write = browser
        .client
        .post(app.url("/api/v1/collectives"))
        .json(&json!({"name": "Via cookie", "kind": "amap"}))
        .send()
        .await
        .unwrap();
    assert_eq!(cookie_write.status(), 403);
    // Unknown pages are a translated 404 page, not a bare status.
    let missing = browser.get("/no/such/page").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("does not exist"));
}

async fn form_errors_are_shown_next_to_the_field_in_the_page_language(app: &TestApp) {
    for (lang, expected) in [
        (
            Lang::Fr,
            "Choisissez un mot de passe d'au moins 10 caractères",
        ),
        (Lang::En, "Choose a password of at least 10 characters"),
    ] {
        let visitor = app.visitor(lang).await;
        let response = visitor
            .post_form(
                "/signup",
                &[
                    ("display_name", "Zoé"),
                    ("email", "zoe@example.org"),
                    ("password", "short"),
                ],
            )
            .await;
        assert_eq!(response.status(), 422);
        let page = response.text().await.unwrap();
        let error = page
            .split("id=\"err-password\">")
            .nth(1)
            .expect("error next to the password field");
        assert!(
            error.starts_with(&expected.replace('\'', "&#39;")) || error.starts_with(expected),
            "{lang:?}: {error}"
        );
        assert!(page.contains("value=\"Zoé\""), "typed values are kept");
    }
    let (browser, _) = app.member("siret@example.org", "Siret").await;
    let response = browser
        .post_form(
            "/organisations",
            &[
                ("name", "Ferme"),
                ("kind", "company"),
                ("siret", "12002701600018"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("id=\"err-siret\">This SIRET number is not valid")
    );
}

async fn export_and_erasure_keep_what_others_rely_on(app: &TestApp) {
    let (coordinator, _) = app.api_member("coord@example.org", "Coordinator").await;
    let (leaver, leaver_id) = app.api_member("leaver@example.org", "Léa Leaver").await;
    let (_, collective) = coordinator
        .post(
            "/api/v1/collectives",
            json!({"name": "Jardin", "kind": "association"}),
        )
        .await;
    let cid = collective["id"].as_str().unwrap();
    assert_eq!(leaver.join_by_link(&coordinator, cid).await, 200);
    leaver
        .post(
            "/api/v1/organisations",
            json!({"name": "Ruche de Léa", "kind": "independent", "siret": "120 027 016 00019"}),
        )
        .await;

    let (status, export) = leaver.get("/api/v1/me/export").await;
    assert_eq!(status, 200);
    assert_eq!(export["member"]["email"], "leaver@example.org");
    assert_eq!(export["collective_memberships"][0]["name"], "Jardin");
    assert_eq!(
        export["organisations"][0]["organisation"]["siret"],
        "12002701600019"
    );
    assert_eq!(export["charter_acceptances"].as_array().unwrap().len(), 1);
    assert_eq!(export["api_tokens"].as_array().unwrap().len(), 1);
    // A failed sign-in is counted under a hash of the address.
    let (status, _) = app
        .anonymous_api()
        .post(
            "/api/v1/auth/tokens",
            json!({"email": "leaver@example.org", "password": "not the password", "name": "x"}),
        )
        .await;
    assert_eq!(status, 400);
    let hashed = kernel::crypto::token_hash("leaver@example.org");
    let counted = |db: kernel::db::Db, hashed: String| async move {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM rate_limits WHERE bucket LIKE $1")
            .bind(format!("%{hashed}%"))
            .fetch_one(db.pool())
            .await
            .unwrap()
    };
    assert!(counted(app.db.clone(), hashed.clone()).await > 0);

    assert_eq!(
        leaver
            .call(
                Method::DELETE,
                "/api/v1/me",
                Some(json!({"password": "wrong one!!"}))
            )
            .await
            .0,
        422
    );
    assert_eq!(leaver.erase_account().await.0, 204);
    // The token died with the account; the address can sign up again, and
    // no count names it any more.
    assert_eq!(leaver.get("/api/v1/me").await.0, 401);
    assert_eq!(counted(app.db.clone(), hashed).await, 0);
    let member = kernel::members::get(&app.db, &leaver_id.as_str().into())
        .await
        .unwrap();
    assert_eq!(member.email, None);
    assert!(member.display_name.starts_with('#') && !member.display_name.contains("Léa"));
    assert!(
        kernel::members::find_by_email(&app.db, "leaver@example.org")
            .await
            .unwrap()
            .is_none()
    );
    // The coordinator still sees the past membership, under the pseudonym.
    let (_, history) = coordinator.get("/api/v1/collectives").await;
    assert_eq!(history[0]["member_count"], 1);
    let past = kernel::collectives::memberships_of(&app.db, &leaver_id.as_str().into())
        .await
        .unwrap();
    assert!(past[0].left_at.is_some());

    // The only coordinator of a collective with members must hand over first.
    let (other, _) = app.api_member("other@example.org", "Other").await;
    assert_eq!(other.join_by_link(&coordinator, cid).await, 200);
    let (status, problem) = coordinator.erase_account().await;
    assert_eq!(status, 409);
    assert_eq!(problem["type"], "urn:freeco:problem:last-coordinator");
}

async fn api_tokens_are_listed_and_revoked(app: &TestApp) {
    app.member("tok@example.org", "Tok").await;
    let anonymous = app.anonymous_api();
    let (status, created) = anonymous.post("/api/v1/auth/tokens", json!({"email": "tok@example.org", "password": support::PASSWORD, "name": "backup script"})).await;
    assert_eq!(status, 201);
    let secret = created["secret"].as_str().unwrap().to_owned();
    let api = support::Api {
        client: reqwest::Client::new(),
        base: app.base.clone(),
        token: Some(secret.clone()),
    };
    let (_, me) = api.get("/api/v1/me").await;
    assert_eq!(me["email"], "tok@example.org");
    let (_, second) = api
        .post("/api/v1/me/tokens", json!({"name": "phone"}))
        .await;
    let (_, list) = api.get("/api/v1/me/tokens").await;
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["phone", "backup script"]);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|t| t.get("secret").is_none()
                && secret.starts_with(t["prefix"].as_str().unwrap())
                || t["name"] == "phone")
    );
    let second_id = second["token"]["id"].as_str().unwrap();
    assert_eq!(
        api.call(
            Method::DELETE,
            &format!("/api/v1/me/tokens/{second_id}"),
            None
        )
        .await
        .0,
        204
    );
    let phone = support::Api {
        client: reqwest::Client::new(),
        base: app.base.clone(),
        token: second["secret"].as_str().map(str::to_owned),
    };
    assert_eq!(phone.get("/api/v1/me").await.0, 401);
    // Another member's token id is simply unknown.
    let (other, _) = app.api_member("other-tok@example.org", "Other").await;
    let first_id = created["token"]["id"].as_str().unwrap();
    assert_eq!(
        other
            .call(
                Method::DELETE,
                &format!("/api/v1/me/tokens/{first_id}"),
                None
            )
            .await
            .0,
        404
    );
    assert_eq!(api.get("/api/v1/me").await.0, 200);
}

async fn organisations_validate_siret_and_roles(app: &TestApp) {
    let (owner, _) = app.api_member("owner@example.org", "Owner").await;
    let (colleague, _) = app.api_member("colleague@example.org", "Colleague").await;
    let (status, problem) = owner
        .post(
            "/api/v1/organisations",
            json!({"name": "Bad", "kind": "scop", "siret": "12345678901234", "latitude": 95.0}),
        )
        .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["siret", "latitude", "latitude"]);
    let (status, org) = owner.post("/api/v1/organisations", json!({"name": "Fournil", "kind": "scic", "siret": "12002701600019", "latitude": 45.62, "longitude": 4.67, "address": "14 rue des Tanneurs"})).await;
    assert_eq!(status, 201);
    assert_eq!(
        owner
            .post(
                "/api/v1/organisations",
                json!({"name": "Copy", "kind": "scop", "siret": "12002701600019"})
            )
            .await
            .0,
        409
    );
    let id = org["id"].as_str().unwrap();
    let edit = json!({"name": "Fournil coopératif", "kind": "scic"});
    assert_eq!(
        colleague
            .call(
                Method::PATCH,
                &format!("/api/v1/organisations/{id}"),
                Some(edit.clone())
            )
            .await
            .0,
        403
    );
    // Nobody is added without saying yes: the colleague is invited, and
    // the answer is the same as for an address nobody uses.
    let invitations = format!("/api/v1/organisations/{id}/invitations");
    let invite = |email: &str| owner.post(&invitations, json!({"email": email, "role": "member"}));
    let known = invite("colleague@example.org").await;
    let unknown = invite("nobody-yet@example.org").await;
    assert_eq!(known, unknown);
    assert_eq!(known.0, 202);
    let (_, people) = owner
        .get(&format!("/api/v1/organisations/{id}/members"))
        .await;
    assert_eq!(people.as_array().unwrap().len(), 1, "not before accepting");
    let mail = app
        .mail_to("colleague@example.org", "/organisations/invitations/")
        .await;
    let token = link_in(&mail, "/organisations/invitations/")
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let (_, offer) = colleague
        .get(&format!("/api/v1/organisation-invitations/{token}"))
        .await;
    assert_eq!(
        (offer["organisation"]["id"].as_str(), offer["role"].as_str()),
        (Some(id), Some("member"))
    );
    // Only the address it was sent to may accept it.
    let (status, _) = owner
        .post(
            &format!("/api/v1/organisation-invitations/{token}/accept"),
            json!({}),
        )
        .await;
    assert_eq!(status, 400);
    let (status, joined) = colleague
        .post(
            &format!("/api/v1/organisation-invitations/{token}/accept"),
            json!({"listed": false}),
        )
        .await;
    assert_eq!(status, 200, "{joined}");
    let (status, _) = colleague
        .post(
            &format!("/api/v1/organisation-invitations/{token}/accept"),
            json!({}),
        )
        .await;
    assert_eq!(status, 400, "used once");
    // The public list shows only who chose to appear on it.
    let public = || async {
        let (_, people) = app
            .anonymous_api()
            .get(&format!("/api/v1/organisations/{id}/members"))
            .await;
        people
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["display_name"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(public().await.is_empty());
    let (status, _) = colleague
        .call(
            Method::PUT,
            &format!("/api/v1/organisations/{id}/listed"),
            Some(json!({"listed": true})),
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(public().await, ["Colleague"]);
    let colleague_id = people_id(&owner, id, "Colleague").await;
    assert_eq!(
        colleague
            .call(
                Method::PATCH,
                &format!("/api/v1/organisations/{id}"),
                Some(edit.clone())
            )
            .await
            .0,
        403
    );
    assert_eq!(
        owner
            .call(
                Method::PATCH,
                &format!("/api/v1/organisations/{id}/members/{colleague_id}"),
                Some(json!({"role": "admin"}))
            )
            .await
            .0,
        204
    );
    let (status, updated) = colleague
        .call(
            Method::PATCH,
            &format!("/api/v1/organisations/{id}"),
            Some(edit),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(updated["name"], "Fournil coopératif");
    assert_eq!(updated["latitude"], serde_json::Value::Null);
    // A position set after none was, then removed, many times: PostgreSQL
    // reuses each connection's statement for both, NULL floats and real ones.
    let url = format!("/api/v1/organisations/{id}");
    for round in 0..20 {
        let longitude = f64::from(round) / 10.0;
        let placed = json!({"name": "Fournil coopératif", "kind": "scic", "latitude": 0.0, "longitude": longitude});
        let (status, updated) = colleague.call(Method::PATCH, &url, Some(placed)).await;
        assert_eq!(status, 200, "{updated}");
        assert_eq!(updated["longitude"].as_f64(), Some(longitude));
        let unplaced = json!({"name": "Fournil coopératif", "kind": "scic"});
        let (status, updated) = colleague.call(Method::PATCH, &url, Some(unplaced)).await;
        assert_eq!(status, 200, "{updated}");
        assert_eq!(updated["latitude"], serde_json::Value::Null);
    }
    let (_, people) = owner
        .get(&format!("/api/v1/organisations/{id}/members"))
        .await;
    assert_eq!(people.as_array().unwrap().len(), 2);
    // The colleague acts for several organisations, with a role in each.
    colleague
        .post(
            "/api/v1/organisations",
            json!({"name": "Atelier", "kind": "independent"}),
        )
        .await;
    let (_, export) = colleague.get("/api/v1/me/export").await;
    assert_eq!(export["organisations"].as_array().unwrap().len(), 2);
}

/// The member id of the person named `name` among an organisation's people.
async fn people_id(api: &support::Api, organisation: &str, name: &str) -> String {
    let (_, people) = api
        .get(&format!("/api/v1/organisations/{organisation}/members"))
        .await;
    people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["display_name"] == name)
        .and_then(|p| p["member_id"].as_str())
        .expect("among the people")
        .to_owned()
}

async fn operations_endpoints_and_security_headers(app: &TestApp) {
    let client = reqwest::Client::new();
    assert_eq!(
        client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ok"
    );
    assert_eq!(
        client
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let page = client.get(app.url("/login")).send().await.unwrap();
    let headers = page.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'")
            && csp.contains("frame-ancestors 'none'")
            && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(uuid::Uuid::parse_str(headers["x-request-id"].to_str().unwrap()).is_ok());
    let metrics = client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("freeco_http_requests_total"), "{metrics}");
    let spec: serde_json::Value = client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(spec["paths"]["/api/v1/collectives/{id}/colleges"].is_object());
}

async fn language_follows_the_browser_then_the_choice(app: &TestApp) {
    let english = app.visitor(Lang::En).await;
    assert!(english.text("/login").await.contains("<html lang=\"en\">"));
    let french = app.visitor(Lang::Fr).await;
    assert!(french.text("/login").await.contains("Se connecter"));
    let switched = french
        .post_form("/lang", &[("lang", "en"), ("next", "/charter")])
        .await;
    assert_eq!(switched.status(), 303);
    assert_eq!(switched.headers()["location"], "/charter");
    assert!(
        french
            .text("/charter")
            .await
            .contains("The ethical charter")
    );
    // An outside address is never a redirect target.
    let outside = french
        .post_form("/lang", &[("lang", "fr"), ("next", "//evil.example/")])
        .await;
    assert_eq!(outside.headers()["location"], "/");
    // A member's choice follows it to any browser, and to its mails and API errors.
    let (browser, id) = app.member("polyglot@example.org", "Polyglot").await;
    browser.post_form("/lang", &[("lang", "fr")]).await;
    assert_eq!(
        kernel::members::get(&app.db, &id.as_str().into())
            .await
            .unwrap()
            .locale,
        Lang::Fr
    );
    let token = kernel::tokens::create(&app.db, &id.as_str().into(), "t")
        .await
        .unwrap()
        .secret;
    let api = support::Api {
        client: reqwest::Client::new(),
        base: app.base.clone(),
        token: Some(token),
    };
    let (_, problem) = api.get("/api/v1/collectives/unknown").await;
    assert_eq!(problem["title"], "Introuvable");
}
