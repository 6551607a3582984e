//! Decisions as members live them in the browser, on SQLite and PostgreSQL:
//! opening one from the form, the ballot form of each method, receipts,
//! result pages with their charts, decisions that act when they pass, who
//! may open one, and the notifications they send.

use serde_json::{Value, json};
use testkit::{Api, TestApp};
use testkit::{flash, now_ms, on_both_databases};

on_both_databases!(
    the_form_opens_a_decision_and_refuses_bad_input_readably,
    every_method_has_its_ballot_form_and_its_result_page,
    weighted_results_show_the_raw_and_each_colleges_count,
    a_passed_decision_adopts_the_charter_or_pays_the_funded_proposals,
    coordinators_may_keep_decisions_to_themselves,
    voters_are_notified_as_they_chose,
    a_decision_closes_early_once_everyone_voted,
    an_objection_sends_the_proposal_back_for_amendment,
    what_waits_for_the_members_vote_is_shown,
    the_form_asks_only_what_the_chosen_method_needs,
    a_schulze_tie_is_named_on_the_page_and_in_the_result_mail,
    a_receipt_is_explained_once_copied_and_downloaded,
    members_discuss_a_decision_beside_it,
);

type Member = testkit::Person;

/// A collective of `n` members (the first coordinates it): its id and slug.
async fn collective(app: &TestApp, n: usize) -> (String, String, Vec<Member>) {
    let names: Vec<String> = (0..n).map(|i| format!("P{i} Person")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let members = app.people(&names).await;
    let others: Vec<&Member> = members[1..].iter().collect();
    let (id, slug) = members[0]
        .collective_with("Coop des Lilas", "cooperative", &others)
        .await;
    (id, slug, members)
}

async fn open(api: &Api, collective: &str, body: Value) -> String {
    let (status, d) = api
        .post(&format!("/api/v1/collectives/{collective}/decisions"), body)
        .await;
    assert_eq!(status, 201, "{d}");
    d["id"].as_str().unwrap().to_owned()
}

fn options(labels: &[&str]) -> Value {
    Value::Array(labels.iter().map(|l| json!({"label": l})).collect())
}

/// Votes through the decision page's form; returns the status and the page.
async fn vote(m: &Member, decision: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let response = m
        .browser
        .post_form(&format!("/decisions/{decision}"), fields)
        .await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The receipt a page shows after voting.
fn receipt_in(page: &str) -> String {
    let start = page
        .find("class=\"receipt-value\">")
        .unwrap_or_else(|| panic!("no receipt in {page}"))
        + "class=\"receipt-value\">".len();
    page[start..start + 64].to_owned()
}

async fn the_form_opens_a_decision_and_refuses_bad_input_readably(app: &TestApp) {
    let (_, slug, m) = collective(app, 2).await;
    let form = m[0]
        .browser
        .text(&format!("/collectives/{slug}/decisions/new"))
        .await;
    assert!(form.contains("name=\"closes_at\""), "{form}");
    assert!(form.contains("Participatory budget"));

    // Nothing usable: each refusal is said next to its field, nothing is written.
    let response = m[0]
        .browser
        .post_form(
            &format!("/collectives/{slug}/decisions/new"),
            &[
                ("question", "?"),
                ("method", "majority"),
                ("option_0", "Seule"),
                ("closes_at", "demain"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Give a date and a time."), "{page}");
    assert!(page.contains("value=\"Seule\""), "what was typed is kept");
    let response = m[0]
        .browser
        .post_form(
            &format!("/collectives/{slug}/decisions/new"),
            &[
                ("question", "?"),
                ("method", "majority"),
                ("option_0", "Seule"),
                ("closes_at", "2020-01-01T10:00"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("A decision needs 2 to 50 options"), "{page}");
    assert!(page.contains("The closing time must come after the opening."));
    let (_, list) = m[0]
        .api
        .get(&format!(
            "/api/v1/collectives/{}/decisions",
            m_collective(app, &slug).await
        ))
        .await;
    assert_eq!(list, json!([]));

    // A good one: a 2/3 majority, secret, with a quorum, closing next week.
    let closes = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(24 * 7))
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let response = m[0]
        .browser
        .post_form(
            &format!("/collectives/{slug}/decisions/new"),
            &[
                ("question", "Adopter le règlement intérieur ?"),
                ("context", "Le texte est **en annexe**."),
                ("method", "majority"),
                ("threshold", "two_thirds"),
                ("option_0", "Pour"),
                ("option_1", "Contre"),
                ("secret", "on"),
                ("quorum_percent", "50"),
                ("closes_at", &closes),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let id = location.trim_start_matches("/decisions/").to_owned();
    let (_, d) = m[0].api.get(&format!("/api/v1/decisions/{id}")).await;
    assert_eq!(d["method"]["threshold"], json!([2, 3]));
    assert_eq!(d["secret"], true);
    assert_eq!(d["quorum_percent"], 50);
    assert_eq!(d["options"].as_array().unwrap().len(), 2);
    let page = m[1].browser.text(&location).await;
    assert!(page.contains("<strong>en annexe</strong>"), "{page}");
    assert!(page.contains("Majority (2/3)"));
    assert!(page.contains("Secret: nobody can link a ballot to its voter"));
    assert!(page.contains("nobody has voted yet"), "{page}");
    // An outsider sees nothing of it.
    let (outsider, _) = app.member("out@example.org", "Outsider").await;
    assert_eq!(outsider.get(&location).await.status(), 403);
}

async fn m_collective(app: &TestApp, slug: &str) -> String {
    kernel::collectives::get_by_slug(&app.db, slug)
        .await
        .unwrap()
        .id
        .into_string()
}

async fn every_method_has_its_ballot_form_and_its_result_page(app: &TestApp) {
    let (c, _, m) = collective(app, 3).await;
    let closes = now_ms() + 6000;
    let base = |question: &str, method: Value, opts: Value| json!({"question": question, "method": method, "options": opts, "closes_at": closes});
    let consent = open(
        &m[0].api,
        &c,
        base(
            "Valider le projet de four ?",
            json!({"kind": "consent"}),
            json!([]),
        ),
    )
    .await;
    let majority = open(
        &m[0].api,
        &c,
        base(
            "Date de l'assemblée ?",
            json!({"kind": "majority"}),
            options(&["Mars", "Avril"]),
        ),
    )
    .await;
    let approval = open(
        &m[0].api,
        &c,
        base(
            "Quels ateliers ?",
            json!({"kind": "approval"}),
            options(&["Vélo", "Couture", "Cuisine"]),
        ),
    )
    .await;
    let score = open(
        &m[0].api,
        &c,
        base(
            "Noter les devis",
            json!({"kind": "score", "scale": 5}),
            options(&["Devis A", "Devis B"]),
        ),
    )
    .await;
    let judgment = open(
        &m[0].api,
        &c,
        base(
            "Quel local ?",
            json!({"kind": "judgment", "scale": 6}),
            options(&["Gare", "Halle"]),
        ),
    )
    .await;
    let schulze = open(
        &m[0].api,
        &c,
        base(
            "Quel nom ?",
            json!({"kind": "schulze"}),
            options(&["Alpha", "Bravo", "Charlie"]),
        ),
    )
    .await;
    let runoff = open(
        &m[0].api,
        &c,
        base(
            "Qui coordonne ?",
            json!({"kind": "instant_runoff"}),
            options(&["Ana", "Ben", "Chloé"]),
        ),
    )
    .await;
    let budget = open(&m[0].api, &c, json!({"question": "Budget 2027", "method": {"kind": "budget", "envelope": 10000, "budget": 90000}, "options": [{"label": "Four", "cost": 70000}, {"label": "Bancs", "cost": 20000}], "closes_at": closes})).await;
    let consensus = open(
        &m[0].api,
        &c,
        base("Vendre le local ?", json!({"kind": "consensus"}), json!([])),
    )
    .await;

    // Each page shows its own form.
    for (id, field) in [
        (&consent, "name=\"consent\""),
        (&majority, "name=\"choice\""),
        (&approval, "name=\"approve_2\""),
        (&score, "name=\"score_1\""),
        (&judgment, "name=\"grade_1\""),
        (&schulze, "name=\"rank_2\""),
        (&runoff, "name=\"rank_2\""),
        (&budget, "name=\"amount_1\""),
        (&consensus, "name=\"stance\" value=\"block\""),
    ] {
        let page = m[1].browser.text(&format!("/decisions/{id}")).await;
        assert!(page.contains(field), "{field} in {page}");
    }

    // Refusals come back on the page, in words, and count nothing.
    let (status, page) = vote(&m[1], &consent, &[("consent", "objection")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("An objection needs its reason"), "{page}");
    let (status, page) = vote(&m[1], &schulze, &[("rank_0", "1"), ("rank_1", "1")]).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Two options cannot share a rank here."),
        "{page}"
    );
    let (status, page) = vote(&m[1], &score, &[("score_0", "9"), ("score_1", "1")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("A score or grade is out of range."), "{page}");
    let (status, page) = vote(&m[1], &budget, &[("amount_0", "80"), ("amount_1", "30")]).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Your allocations exceed your envelope."),
        "{page}"
    );
    assert!(page.contains("value=\"80\""), "the typed amounts are kept");
    let (status, page) = vote(&m[1], &judgment, &[("grade_0", "3")]).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("The ballot must give a value for each option."),
        "{page}"
    );
    let (_, standing) = m[1]
        .api
        .get(&format!("/api/v1/decisions/{consent}/standing"))
        .await;
    assert_eq!(standing["voted"], false);

    // Good ballots: each answer shows the receipt and the key once.
    /// Each member's form fields for one decision.
    type Ballots<'a> = [Vec<(&'a str, &'a str)>; 3];
    let ballots: [(&String, Ballots); 9] = [
        (
            &consent,
            [
                vec![("consent", "no_objection")],
                vec![("consent", "no_objection"), ("reason", "Bonne idée")],
                vec![("consent", "no_objection")],
            ],
        ),
        (
            &majority,
            [
                vec![("choice", "1")],
                vec![("choice", "1")],
                vec![("choice", "0")],
            ],
        ),
        (
            &approval,
            [
                vec![("approve_0", "on"), ("approve_1", "on")],
                vec![("approve_0", "on")],
                vec![("approve_2", "on")],
            ],
        ),
        (
            &score,
            [
                vec![("score_0", "4"), ("score_1", "2")],
                vec![("score_0", "5"), ("score_1", "3")],
                vec![("score_0", "1"), ("score_1", "4")],
            ],
        ),
        (
            &judgment,
            [
                vec![("grade_0", "2"), ("grade_1", "4")],
                vec![("grade_0", "3"), ("grade_1", "4")],
                vec![("grade_0", "1"), ("grade_1", "5")],
            ],
        ),
        (
            &schulze,
            [
                vec![("rank_0", "1"), ("rank_1", "3"), ("rank_2", "2")],
                vec![("rank_0", "1"), ("rank_2", "2")],
                vec![("rank_1", "1"), ("rank_0", "2"), ("rank_2", "3")],
            ],
        ),
        (
            &runoff,
            [
                vec![("rank_0", "1"), ("rank_1", "2")],
                vec![("rank_1", "1"), ("rank_0", "2")],
                vec![("rank_2", "1"), ("rank_1", "2")],
            ],
        ),
        (
            &budget,
            [
                vec![("amount_0", "60"), ("amount_1", "40")],
                vec![("amount_0", "100")],
                vec![("amount_1", "25.50")],
            ],
        ),
        (
            &consensus,
            [
                vec![("stance", "agree")],
                vec![("stance", "block"), ("reason", "Nous en avons besoin")],
                vec![("stance", "abstain")],
            ],
        ),
    ];
    let mut receipts = Vec::new();
    for (id, per_member) in &ballots {
        for (member, fields) in m.iter().zip(per_member) {
            let (status, page) = vote(member, id, fields).await;
            assert_eq!(status, 200, "{page}");
            assert!(page.contains("Your vote is recorded"), "{page}");
            assert!(page.contains("class=\"key-value\""));
            receipts.push(((*id).clone(), receipt_in(&page)));
        }
    }
    // A voter changes its mind before the close; the form shows its vote.
    let (status, _) = vote(&m[2], &majority, &[("choice", "1")]).await;
    assert_eq!(status, 200);
    let page = m[2].browser.text(&format!("/decisions/{majority}")).await;
    assert!(page.contains("Change your vote"));
    assert!(page.contains("value=\"1\" checked"), "{page}");
    receipts.retain(|(id, _)| id != &majority);

    for (id, _) in &ballots {
        m[0].api.closed_decision(id).await;
    }
    // The result pages: the outcome, the chart, how to check.
    let expect: [(&String, &[&str]); 9] = [
        (
            &consent,
            &[
                "Passed.",
                "No objection",
                "<svg class=\"chart-bars\"",
                "Bonne idée",
            ],
        ),
        (&majority, &["Chosen: Avril.", "Blank vote"]),
        (&approval, &["Chosen: Vélo.", "Couture"]),
        (&score, &["Chosen: Devis A.", "3.33 / 5"]),
        (
            &judgment,
            &[
                "Chosen: Halle.",
                "<svg class=\"chart-profiles\"",
                "Very good",
                "Halle: Very good",
            ],
        ),
        (
            &schulze,
            &[
                "Chosen: Alpha.",
                "class=\"pairwise\"",
                "class=\"heat-",
                " wins",
                "Alpha &#62; Charlie &#62; Bravo",
            ],
        ),
        (&runoff, &["Chosen: Ben.", "Chloé is eliminated."]),
        (
            &budget,
            &["Funded: Four, Bancs.", "Four (€700.00)", "Bancs (€200.00)"],
        ),
        (
            &consensus,
            &[
                "Not passed.",
                "Block",
                "<svg class=\"chart-bars\"",
                "Nous en avons besoin",
            ],
        ),
    ];
    for (id, said) in expect {
        let page = m[1].browser.text(&format!("/decisions/{id}")).await;
        for s in said {
            assert!(page.contains(s), "{s} in {page}");
        }
        assert!(page.contains("3 of 3 voters took part (100%)."), "{page}");
        assert!(page.contains(&format!("--decision {id}")));
        assert!(
            page.contains("<svg class=\"chart-turnout\""),
            "public: turnout over time"
        );
        assert!(
            !page.contains("class=\"ballot\""),
            "no ballot form once closed"
        );
    }
    // In French, a label and its value are punctuated the French way.
    m[1].browser
        .post_form("/lang", &[("lang", "fr"), ("next", "/")])
        .await;
    let page = m[1].browser.text(&format!("/decisions/{judgment}")).await;
    assert!(page.contains("Halle : Très bien"), "{page}");
    let page = m[1].browser.text(&format!("/decisions/{runoff}")).await;
    assert!(page.contains("Tour 1 : "), "{page}");
    // Every receipt shown to a voter is among the published ballots.
    for (id, receipt) in &receipts {
        let (_, published) = m[0]
            .api
            .get(&format!("/api/v1/decisions/{id}/ballots"))
            .await;
        assert!(
            published
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b["receipt"] == receipt.as_str()),
            "{receipt} among {published}"
        );
    }
    // A vote after the close is refused with its reason.
    let (status, page) = vote(
        &m[0],
        &consent,
        &[("consent", "objection"), ("reason", "trop tard")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("This decision is closed"), "{page}");
    // The collective's page links to each decision with its outcome.
    let (_, coll) = m[0].api.get(&format!("/api/v1/collectives/{c}")).await;
    let page = m[0]
        .browser
        .text(&format!("/collectives/{}", coll["slug"].as_str().unwrap()))
        .await;
    assert!(
        page.contains(&format!("href=\"/decisions/{schulze}\"")),
        "{page}"
    );
    assert!(page.contains("Chosen: Alpha."));
}

async fn weighted_results_show_the_raw_and_each_colleges_count(app: &TestApp) {
    let (c, _, m) = collective(app, 4).await;
    // Workers weigh 60 (one of them), users 40 (three of them).
    let (_, workers) = m[0]
        .api
        .post(
            &format!("/api/v1/collectives/{c}/colleges"),
            json!({"name": "Salariés", "weight": 60}),
        )
        .await;
    let (_, users) = m[0]
        .api
        .post(
            &format!("/api/v1/collectives/{c}/colleges"),
            json!({"name": "Usagers", "weight": 40}),
        )
        .await;
    for (i, college) in [(0, &workers), (1, &users), (2, &users), (3, &users)] {
        let (status, _) = m[0]
            .api
            .call(
                reqwest::Method::PATCH,
                &format!("/api/v1/collectives/{c}/members/{}", m[i].id),
                Some(json!({"role": if i == 0 { "coordinator" } else { "member" }, "college_id": college["id"]})),
            )
            .await;
        assert_eq!(status, 204);
    }
    let d = open(&m[0].api, &c, json!({"question": "Ouvrir le samedi ?", "method": {"kind": "majority"}, "options": options(&["Oui", "Non"]), "weighted": true, "closes_at": now_ms() + 3000})).await;
    vote(&m[0], &d, &[("choice", "0")]).await;
    for member in &m[1..] {
        vote(member, &d, &[("choice", "1")]).await;
    }
    let result = m[0].api.closed_decision(&d).await;
    assert_eq!(
        result["result"]["tally"]["winner"], 0,
        "60 % of the weight: {result}"
    );
    assert_eq!(result["result"]["raw"]["winner"], 1, "three people of four");
    let page = m[1].browser.text(&format!("/decisions/{d}")).await;
    for said in [
        "Chosen: Oui.",
        "Weighted result (each college with its weight): this one decides",
        "Raw result (one person, one vote)",
        "College Salariés (one ballot)",
        "College Usagers (3 ballots)",
        "60%",
    ] {
        assert!(page.contains(said), "{said} in {page}");
    }
}

async fn a_passed_decision_adopts_the_charter_or_pays_the_funded_proposals(app: &TestApp) {
    let (c, slug, m) = collective(app, 3).await;
    // Only the governing collective may put a charter to the vote.
    let charter = json!({"body_fr": "# Charte v2\n\nNous partageons.", "body_en": "# Charter v2\n\nWe share."});
    // It acts: it stays open the collective's least time (three days by
    // default), with its least quorum; it may close early once all voted.
    let days = |n: i64| now_ms() + n * 24 * 3600 * 1000;
    let body = json!({"question": "Adopter la charte v2 ?", "method": {"kind": "consent"}, "options": [], "adopt_charter": charter, "quorum_percent": 25, "closes_at": days(4)});
    let (status, problem) = m[0]
        .api
        .post(&format!("/api/v1/collectives/{c}/decisions"), body.clone())
        .await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(
        problem["type"],
        "urn:freeco:problem:decision-charter-not-governing"
    );
    kernel::settings::set_instance_setting(&app.db, kernel::decisions::GOVERNING_COLLECTIVE, &c)
        .await
        .unwrap();
    let (status, problem) = m[1]
        .api
        .post(&format!("/api/v1/collectives/{c}/decisions"), body.clone())
        .await;
    assert_eq!(status, 403, "a plain member: {problem}");
    let form = m[0]
        .browser
        .text(&format!("/collectives/{slug}/decisions/new"))
        .await;
    assert!(
        form.contains("name=\"adopt_charter\""),
        "the governing collective's form offers it"
    );
    // Nine seconds and one vote of seven adopt nothing any more.
    let rushed = json!({"question": "Adopter la charte v2 ?", "method": {"kind": "consent"}, "options": [], "adopt_charter": charter, "closes_at": now_ms() + 9000});
    let (status, problem) = m[0]
        .api
        .post(&format!("/api/v1/collectives/{c}/decisions"), rushed)
        .await;
    assert_eq!(status, 422, "{problem}");
    let codes: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "error-decision-acting-too-short",
            "error-decision-acting-quorum"
        ]
    );
    let charter_decision = open(&m[0].api, &c, body).await;
    vote(&m[0], &charter_decision, &[("consent", "no_objection")]).await;
    let (status, problem) = m[0]
        .api
        .post(
            &format!("/api/v1/decisions/{charter_decision}/close"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "not everyone voted: {problem}");
    for member in &m[1..] {
        vote(member, &charter_decision, &[("consent", "no_objection")]).await;
    }
    let (status, _) = m[0]
        .api
        .post(
            &format!("/api/v1/decisions/{charter_decision}/close"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let d = m[0].api.closed_decision(&charter_decision).await;
    assert_eq!(d["effect_outcome"]["done"], true, "{d}");
    let (_, current) = m[0].api.get("/api/v1/charter").await;
    assert_eq!(current["version"], 2);
    assert!(current["body_en"].as_str().unwrap().contains("We share."));
    let page = m[0]
        .browser
        .text(&format!("/decisions/{charter_decision}"))
        .await;
    assert!(page.contains("Charter version 2 was adopted"), "{page}");
    // Members must accept it again before acting.
    let (status, _) = m[1].api.post(&format!("/api/v1/collectives/{c}/decisions"), json!({"question": "Encore ?", "method": {"kind": "consent"}, "options": [], "closes_at": now_ms() + 60000})).await;
    assert_eq!(status, 403);
    for member in &m {
        let (status, accepted) = member
            .api
            .post("/api/v1/charter/acceptances", json!({"version": 2}))
            .await;
        assert!((200..300).contains(&status), "{accepted}");
    }

    // A budget that moves money holds it from the treasury at once...
    let (status, top) = m[0]
        .api
        .post(
            "/api/v1/me/wallet/topups",
            json!({"id": "t1", "amount": "500.00", "provider": "demo"}),
        )
        .await;
    assert_eq!(status, 201, "{top}");
    let (status, paid) = m[0]
        .api
        .post(
            "/api/v1/me/wallet/collective-payments",
            json!({"id": "c1", "collective_id": c, "amount": "400.00", "message": "fonds"}),
        )
        .await;
    assert_eq!(status, 201, "{paid}");
    let too_much = json!({"question": "Budget", "method": {"kind": "budget", "envelope": 10000, "budget": 50000}, "options": [{"label": "A", "cost": 100, "recipient": {"kind": "member", "id": m[1].id}}, {"label": "B", "cost": 100, "recipient": {"kind": "member", "id": m[2].id}}], "allocate": true, "quorum_percent": 25, "closes_at": days(4)});
    let (status, problem) = m[0]
        .api
        .post(&format!("/api/v1/collectives/{c}/decisions"), too_much)
        .await;
    assert_eq!(status, 422, "more than the treasury holds: {problem}");
    assert_eq!(
        problem["errors"][0]["code"],
        "error-decision-budget-treasury"
    );
    let (status, problem) = m[1].api.post(&format!("/api/v1/collectives/{c}/decisions"), json!({"question": "Budget", "method": {"kind": "budget", "envelope": 100, "budget": 100}, "options": [{"label": "A", "cost": 100, "recipient": {"kind": "member", "id": m[1].id}}, {"label": "B", "cost": 100, "recipient": {"kind": "member", "id": m[2].id}}], "allocate": true, "quorum_percent": 25, "closes_at": days(4)})).await;
    assert_eq!(
        status, 403,
        "a plain member cannot commit the treasury: {problem}"
    );
    let (_, outsider_api, outsider) = app.member_with_api("x@example.org", "Not a member").await;
    drop(outsider_api);
    let (status, problem) = m[0].api.post(&format!("/api/v1/collectives/{c}/decisions"), json!({"question": "Budget", "method": {"kind": "budget", "envelope": 100, "budget": 100}, "options": [{"label": "A", "cost": 100, "recipient": {"kind": "member", "id": outsider}}, {"label": "B", "cost": 100, "recipient": {"kind": "member", "id": m[2].id}}], "allocate": true, "quorum_percent": 25, "closes_at": days(4)})).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-decision-recipient");
    // Its opener cannot be all it pays.
    let (status, problem) = m[0].api.post(&format!("/api/v1/collectives/{c}/decisions"), json!({"question": "Budget", "method": {"kind": "budget", "envelope": 100, "budget": 200}, "options": [{"label": "A", "cost": 100, "recipient": {"kind": "member", "id": m[0].id}}, {"label": "B", "cost": 100, "recipient": {"kind": "member", "id": m[0].id}}], "allocate": true, "quorum_percent": 25, "closes_at": days(4)})).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-decision-allocate-self");
    // 300 EUR is above the collective's 150 EUR threshold: paying it will
    // wait for a second treasurer or coordinator.
    let budget = open(&m[0].api, &c, json!({"question": "Budget des ateliers", "method": {"kind": "budget", "envelope": 10000, "budget": 30000}, "options": [{"label": "Atelier vélo", "cost": 20000, "recipient": {"kind": "member", "id": m[1].id}}, {"label": "Atelier couture", "cost": 15000, "recipient": {"kind": "member", "id": m[2].id}}], "allocate": true, "quorum_percent": 25, "closes_at": days(4)})).await;
    let (_, treasury) = m[0]
        .api
        .get(&format!("/api/v1/collectives/{c}/treasury"))
        .await;
    assert_eq!(treasury["balance"], 40000, "{treasury}");
    let (_, held) = kernel_treasury_available(app, &c).await;
    assert_eq!(held, 10000, "300 EUR held of 400");
    for (member, amounts) in m.iter().zip([["80", "20"], ["70", "30"], ["50", "50"]]) {
        let (status, page) = vote(
            member,
            &budget,
            &[("amount_0", amounts[0]), ("amount_1", amounts[1])],
        )
        .await;
        assert_eq!(status, 200, "{page}");
    }
    let (status, _) = m[0]
        .api
        .post(&format!("/api/v1/decisions/{budget}/close"), json!({}))
        .await;
    assert_eq!(status, 200);
    let d = m[0].api.closed_decision(&budget).await;
    assert_eq!(
        d["result"]["tally"]["funded"],
        json!([0]),
        "the second no longer fits: {d}"
    );
    assert_eq!(d["effect_outcome"]["awaiting_approval"], true, "{d}");
    assert_eq!(d["allocation_approval"], "needed");
    assert_eq!(
        kernel_treasury_available(app, &c).await.1,
        10000,
        "still held, not paid"
    );
    // Neither its opener nor a plain member approves; another treasurer does.
    let approve = json!({"approve": true});
    let path = format!("/api/v1/decisions/{budget}/allocation");
    let (status, problem) = m[0].api.post(&path, approve.clone()).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(
        problem["type"],
        "urn:freeco:problem:decision-allocation-self-approval"
    );
    let (status, _) = m[2].api.post(&path, approve.clone()).await;
    assert_eq!(status, 403);
    let (status, _) = m[0]
        .api
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/collectives/{c}/members/{}", m[2].id),
            Some(json!({"role": "treasurer"})),
        )
        .await;
    assert_eq!(status, 204);
    let page = m[2].browser.text(&format!("/decisions/{budget}")).await;
    assert!(page.contains("Approve the payment"), "{page}");
    let response = m[2]
        .browser
        .post_form(
            &format!("/decisions/{budget}/allocation"),
            &[("approve", "yes")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, d) = m[0].api.get(&format!("/api/v1/decisions/{budget}")).await;
    assert_eq!(d["allocation_approval"], "approved");
    assert_eq!(d["effect_outcome"]["done"], true, "{d}");
    let (status, _) = m[2].api.post(&path, approve).await;
    assert_eq!(status, 409, "decided once");
    // ...and pays the funded proposal at the close, releasing the rest.
    let (_, wallet) = m[1].api.get("/api/v1/me/wallet").await;
    assert_eq!(wallet["balance"], 20000, "{wallet}");
    let (_, wallet) = m[2].api.get("/api/v1/me/wallet").await;
    assert_eq!(wallet["balance"], 0);
    // The public log says a member was paid, never which one.
    let (_, log) = m[0].api.get("/api/v1/log/entries").await;
    let log = log.to_string();
    assert!(log.contains("decision.result") && log.contains("Atelier vélo"));
    for member in &m {
        assert!(!log.contains(&member.id), "the log names {}", member.id);
    }
    let (_, treasury) = m[0]
        .api
        .get(&format!("/api/v1/collectives/{c}/treasury"))
        .await;
    assert_eq!(treasury["balance"], 20000);
    assert_eq!(
        kernel_treasury_available(app, &c).await.1,
        20000,
        "nothing held any more"
    );
    let page = m[0].browser.text(&format!("/decisions/{budget}")).await;
    assert!(
        page.contains("€200.00 went from the treasury to the funded proposals."),
        "{page}"
    );
    kernel::money::check(&app.db)
        .await
        .expect("the books balance");

    // A budget that does not pass (quorum missed) releases everything.
    let missed = open(&m[0].api, &c, json!({"question": "Budget bis", "method": {"kind": "budget", "envelope": 10000, "budget": 10000}, "options": [{"label": "Bancs", "cost": 5000, "recipient": {"kind": "member", "id": m[1].id}}, {"label": "Four", "cost": 5000, "recipient": {"kind": "member", "id": m[2].id}}], "allocate": true, "quorum_percent": 100, "closes_at": days(4)})).await;
    assert_eq!(kernel_treasury_available(app, &c).await.1, 10000);
    vote(&m[0], &missed, &[("amount_0", "100")]).await;
    app.let_decision_close(&missed).await;
    let d = m[0].api.closed_decision(&missed).await;
    assert_eq!(d["result"]["quorum_met"], false);
    assert_eq!(d["effect_outcome"]["done"], false);
    assert_eq!(kernel_treasury_available(app, &c).await.1, 20000);
    kernel::money::check(&app.db)
        .await
        .expect("the books balance");
}

/// A collective treasury's balance and what of it is not held.
async fn kernel_treasury_available(app: &TestApp, collective: &str) -> (i64, i64) {
    let account = kernel::money::open_account(
        &app.db,
        kernel::money::AccountKind::Treasury,
        collective,
        "EUR",
    )
    .await
    .unwrap()
    .account;
    (account.balance() as i64, account.available() as i64)
}

async fn coordinators_may_keep_decisions_to_themselves(app: &TestApp) {
    let (c, slug, m) = collective(app, 2).await;
    let body = json!({"question": "Repeindre ?", "method": {"kind": "consent"}, "options": [], "closes_at": now_ms() + 60000});
    assert_eq!(
        m[1].api
            .post(&format!("/api/v1/collectives/{c}/decisions"), body.clone())
            .await
            .0,
        201
    );
    // Only a coordinator changes the rule.
    let response = m[1]
        .browser
        .post_form(
            &format!("/collectives/{slug}/rules"),
            &[("decision_openers", "coordinators")],
        )
        .await;
    assert_eq!(response.status(), 403);
    let response = m[0]
        .browser
        .post_form(
            &format!("/collectives/{slug}/rules"),
            &[("decision_openers", "coordinators")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (status, problem) = m[1]
        .api
        .post(&format!("/api/v1/collectives/{c}/decisions"), body.clone())
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        problem["type"],
        "urn:freeco:problem:decision-coordinators-only"
    );
    assert_eq!(
        problem["detail"],
        "In this collective only coordinators open decisions."
    );
    let response = m[1]
        .browser
        .post_form(
            &format!("/collectives/{slug}/decisions/new"),
            &[
                ("question", "Repeindre ?"),
                ("method", "consent"),
                ("closes_at", "2030-01-01T10:00"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("only coordinators open decisions")
    );
    assert_eq!(
        m[0].api
            .post(&format!("/api/v1/collectives/{c}/decisions"), body)
            .await
            .0,
        201
    );
}

async fn voters_are_notified_as_they_chose(app: &TestApp) {
    let (c, _, m) = collective(app, 3).await;
    // Person 2 wants decisions in a daily digest rather than at once.
    let response = m[2]
        .browser
        .post_form(
            "/account/notifications",
            &[
                ("kind_decision_opened", "digest"),
                ("kind_decision_closed", "app"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (status, problem) = m[2]
        .api
        .call(
            reqwest::Method::PUT,
            "/api/v1/me/notification-preferences",
            Some(json!({"preferences": [{"kind": "nope", "delivery": "email"}]})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let d = open(&m[0].api, &c, json!({"question": "Changer de fournisseur de pain ?", "method": {"kind": "consent"}, "options": [], "closes_at": now_ms() + 4000})).await;
    // Person 1 hears at once, by mail and behind the bell; not the opener.
    let mail = app
        .mail_to("p1@example.org", "Changer de fournisseur de pain ?")
        .await;
    assert!(mail.contains(&format!("/decisions/{d}")), "{mail}");
    let page = m[1].browser.text("/").await;
    assert!(page.contains("<span class=\"count\">1</span>"), "{page}");
    let (_, list) = m[1].api.get("/api/v1/me/notifications").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        list[0]["text"],
        "A decision is open in Coop des Lilas: Changer de fournisseur de pain ?"
    );
    let (_, opener) = m[0].api.get("/api/v1/me/notifications").await;
    assert_eq!(opener, json!([]));
    // Opening it marks it read and leads to the decision.
    let response = m[1]
        .browser
        .get(&format!(
            "/notifications/{}",
            list[0]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(response.headers()["location"], format!("/decisions/{d}"));
    assert!(!m[1].browser.text("/").await.contains("class=\"count\""));
    // Another member's notification is not found.
    let response = m[2]
        .browser
        .get(&format!(
            "/notifications/{}",
            list[0]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(response.status(), 404);
    // Person 2's digest waits for the evening; it holds the decision.
    let (_, prefs) = m[2].api.get("/api/v1/me/notification-preferences").await;
    assert!(
        prefs
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["kind"] == "decision_opened" && p["delivery"] == "digest"),
        "{prefs}"
    );
    let digest: i64 = sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'notifications.digest' AND done_at IS NULL",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(digest, 1);
    sqlx::query("UPDATE jobs SET run_at = 0 WHERE kind = 'notifications.digest'")
        .execute(app.db.writer())
        .await
        .unwrap();
    let mail = app.mail_to("p2@example.org", "news today").await;
    assert!(mail.contains("Changer de fournisseur de pain ?"), "{mail}");
    // The close tells the voters.
    for member in &m[..2] {
        vote(member, &d, &[("consent", "no_objection")]).await;
    }
    m[0].api.closed_decision(&d).await;
    app.mail_to("p0@example.org", "is closed. Passed.").await;
    let (_, list) = m[2].api.get("/api/v1/me/notifications").await;
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "person 2 did not vote: {list}"
    );
    // Everything is in the personal-data export.
    let (_, export) = m[1].api.get("/api/v1/me/export").await;
    assert_eq!(
        export["notifications"]["notifications"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "{export}"
    );
}

async fn a_decision_closes_early_once_everyone_voted(app: &TestApp) {
    let (c, _, m) = collective(app, 3).await;
    let d = open(&m[1].api, &c, json!({"question": "Acheter une remorque ?", "method": {"kind": "consent"}, "options": [], "closes_at": now_ms() + 7 * 24 * 3600 * 1000})).await;
    for member in &m[..2] {
        vote(member, &d, &[("consent", "no_objection")]).await;
    }
    // Not before everyone voted; and only its opener or a coordinator,
    // who is told when it will be possible.
    let (_, open_d) = m[0].api.get(&format!("/api/v1/decisions/{d}")).await;
    let closes = kernel::l10n::date_time(
        kernel::i18n::Lang::En,
        open_d["closes_at"].as_i64().unwrap(),
        "Europe/Paris",
    );
    let page = m[1].browser.text(&format!("/decisions/{d}")).await;
    assert!(
        !page.contains("Close the vote now"),
        "one voter still to vote: {page}"
    );
    assert!(
        page.contains(&format!(
            "You can close it early once all 3 voters have voted (2 so far); otherwise it closes on {closes}."
        )),
        "{page}"
    );
    let coordinator = m[0].browser.text(&format!("/decisions/{d}")).await;
    assert!(coordinator.contains("once all 3 voters have voted"));
    let voter = m[2].browser.text(&format!("/decisions/{d}")).await;
    assert!(!voter.contains("You can close it early"), "{voter}");
    let response = m[1]
        .browser
        .post_form(&format!("/decisions/{d}/close"), &[("confirmed", "yes")])
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Not every voter has voted yet")
    );
    vote(&m[2], &d, &[("consent", "no_objection")]).await;
    let (status, problem) = m[2]
        .api
        .post(&format!("/api/v1/decisions/{d}/close"), json!({}))
        .await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(
        problem["type"],
        "urn:freeco:problem:decision-close-early-who"
    );
    let page = m[1].browser.text(&format!("/decisions/{d}")).await;
    assert!(page.contains("Close the vote now"), "{page}");
    assert!(!page.contains("You can close it early"), "{page}");
    // Closing cannot be undone: the page asks first, and nothing closes.
    let close = format!("/decisions/{d}/close");
    let asked = m[1].browser.post_form(&close, &[]).await;
    assert_eq!(asked.status(), 200);
    let asked = asked.text().await.unwrap();
    assert!(asked.contains("Close this vote now?"), "{asked}");
    let (_, open) = m[0].api.get(&format!("/api/v1/decisions/{d}")).await;
    assert!(open["result"].is_null(), "{open}");
    let response = m[1]
        .browser
        .post_form(&close, &[("confirmed", "yes")])
        .await;
    assert_eq!(response.status(), 303);
    let page = m[1].browser.text(&format!("/decisions/{d}")).await;
    assert!(
        page.contains("The vote is closed; here is its result."),
        "{page}"
    );
    let (_, closed) = m[0].api.get(&format!("/api/v1/decisions/{d}")).await;
    assert_eq!(closed["result"]["tally"]["passed"], true, "{closed}");
    assert!(closed["closes_at"].as_i64().unwrap() <= now_ms());
    let (status, _) = m[0]
        .api
        .post(&format!("/api/v1/decisions/{d}/close"), json!({}))
        .await;
    assert_eq!(status, 409, "closed once");
    // The durable job, when it comes, finds it closed and changes nothing.
    kernel::decisions::close(&app.db, &kernel::DecisionId::from(d.as_str()))
        .await
        .unwrap();
    let (_, again) = m[0].api.get(&format!("/api/v1/decisions/{d}")).await;
    assert_eq!(again["result_log_index"], closed["result_log_index"]);
}

async fn an_objection_sends_the_proposal_back_for_amendment(app: &TestApp) {
    let (c, slug, m) = collective(app, 2).await;
    let d = open(&m[0].api, &c, json!({"question": "Fermer le local le lundi ?", "context": "Pour économiser le chauffage.", "method": {"kind": "consent"}, "options": [], "quorum_percent": 50, "closes_at": now_ms() + 60_000})).await;
    vote(&m[0], &d, &[("consent", "no_objection")]).await;
    let (status, page) = vote(
        &m[1],
        &d,
        &[
            ("consent", "objection"),
            ("reason", "Le lundi est le seul jour des bénévoles"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    m[0].browser
        .post_form(&format!("/decisions/{d}/close"), &[("confirmed", "yes")])
        .await;
    let page = m[1].browser.text(&format!("/decisions/{d}")).await;
    assert!(page.contains("Not passed."), "{page}");
    assert!(
        page.contains("Le lundi est le seul jour des bénévoles"),
        "the objection and its reason are shown"
    );
    let link = format!("/collectives/{slug}/decisions/new?from={d}");
    assert!(
        page.contains(&link.replace('&', "&amp;")) || page.contains(&link),
        "{page}"
    );
    // The form comes back filled with the proposal, to amend.
    let form = m[1].browser.text(&link).await;
    assert!(
        form.contains("value=\"Fermer le local le lundi ?\""),
        "{form}"
    );
    assert!(form.contains("Pour économiser le chauffage."), "{form}");
    assert!(form.contains("value=\"50\""), "the quorum is kept: {form}");
    // Someone outside the collective cannot use it to read the decision.
    let (outsider, _) = app.member("x@example.org", "Outsider").await;
    assert_eq!(outsider.get(&link).await.status(), 403);
}

/// A member's home page (and the API) lists the open decisions it may vote
/// on and has not, and its collective's list marks them: not one that opens
/// later, not once voted, none to an outsider.
async fn what_waits_for_the_members_vote_is_shown(app: &TestApp) {
    let (c, slug, m) = collective(app, 2).await;
    let now = now_ms();
    open(&m[0].api, &c, json!({"question": "Changer de local ?", "method": {"kind": "consent"}, "options": [], "closes_at": now + 86_400_000})).await;
    let open_now = open(&m[0].api, &c, json!({"question": "Acheter un four ?", "method": {"kind": "consent"}, "options": [], "closes_at": now + 3_600_000})).await;
    open(&m[0].api, &c, json!({"question": "Fête de printemps ?", "method": {"kind": "consent"}, "options": [], "opens_at": now + 3_600_000, "closes_at": now + 7_200_000})).await;
    let home = m[1].browser.text("/").await;
    assert!(home.contains("Waiting for your vote"), "{home}");
    let (soonest, later) = (
        home.find("Acheter un four ?").expect("listed"),
        home.find("Changer de local ?").expect("listed"),
    );
    assert!(soonest < later, "the soonest to close first: {home}");
    assert!(
        home.contains(&format!("href=\"/collectives/{slug}\">Coop des Lilas</a>")),
        "{home}"
    );
    assert!(!home.contains("Fête de printemps"), "not open yet: {home}");
    let (_, awaiting) = m[1].api.get("/api/v1/me/decisions/awaiting").await;
    assert_eq!(
        awaiting[0]["id"],
        open_now.as_str(),
        "the API lists them too: {awaiting}"
    );
    assert_eq!(awaiting.as_array().map(Vec::len), Some(2));
    assert_eq!(awaiting[1]["place_path"], format!("/collectives/{slug}"));
    let (status, _) = vote(&m[1], &open_now, &[("consent", "no_objection")]).await;
    assert_eq!(status, 200);
    let home = m[1].browser.text("/").await;
    assert!(!home.contains("Acheter un four ?"), "voted: {home}");
    // The collective's list says the same, decision by decision.
    let page = m[1].browser.text(&format!("/collectives/{slug}")).await;
    let row = |question: &str| {
        let start = page
            .find(question)
            .unwrap_or_else(|| panic!("{question} in {page}"));
        page[start..start + page[start..].find("</tr>").unwrap()].to_owned()
    };
    assert!(
        row("Changer de local ?").contains("your vote is awaited"),
        "{page}"
    );
    assert!(
        !row("Acheter un four ?").contains("your vote is awaited"),
        "voted: {page}"
    );
    assert!(
        !row("Fête de printemps ?").contains("your vote is awaited"),
        "not open: {page}"
    );
    assert!(home.contains("Changer de local ?"), "{home}");
    let (outsider, _) = app.member("out@example.org", "Outsider").await;
    let home = outsider.text("/").await;
    assert!(!home.contains("Waiting for your vote"), "{home}");
}

/// The new-decision form shows the chosen method's settings only, and as
/// many option rows as needed: "add an option" adds one, without a script.
async fn the_form_asks_only_what_the_chosen_method_needs(app: &TestApp) {
    let (_, slug, m) = collective(app, 1).await;
    let new = format!("/collectives/{slug}/decisions/new");
    let form = m[0].browser.text(&new).await;
    // Consent, the default: a proposal, no options, no other method's settings.
    for absent in [
        "name=\"option_0\"",
        "name=\"envelope\"",
        "name=\"threshold\"",
        "name=\"scale\"",
    ] {
        assert!(!form.contains(absent), "{absent}");
    }
    let budget = m[0]
        .browser
        .post_form(
            &new,
            &[
                ("question", "Que financer cette année ?"),
                ("method", "budget"),
                ("option_0", "Un four à pain"),
                ("rows", "3"),
                ("redisplay", "method"),
            ],
        )
        .await;
    assert_eq!(budget.status(), 200);
    let page = budget.text().await.unwrap();
    assert!(page.contains("name=\"envelope\""), "{page}");
    assert!(page.contains("name=\"cost_2\""), "{page}");
    assert!(!page.contains("name=\"option_3\""), "three rows");
    assert!(!page.contains("name=\"threshold\""), "{page}");
    assert!(
        page.contains("value=\"Que financer cette année ?\""),
        "kept"
    );
    assert!(page.contains("value=\"Un four à pain\""), "kept");
    let more = m[0]
        .browser
        .post_form(
            &new,
            &[
                ("method", "majority"),
                ("rows", "3"),
                ("redisplay", "add_option"),
            ],
        )
        .await;
    let page = more.text().await.unwrap();
    assert!(page.contains("name=\"option_3\""), "a fourth row: {page}");
    assert!(!page.contains("name=\"option_4\""), "{page}");
    assert!(page.contains("name=\"threshold\""), "{page}");
    assert!(
        !page.contains("name=\"cost_0\""),
        "costs are a budget's: {page}"
    );
    // Nothing was opened by redisplaying.
    let (_, list) = m[0]
        .api
        .get(&format!(
            "/api/v1/collectives/{}/decisions",
            m_collective(app, &slug).await
        ))
        .await;
    assert_eq!(list, json!([]));
}

async fn a_schulze_tie_is_named_on_the_page_and_in_the_result_mail(app: &TestApp) {
    let (c, _, m) = collective(app, 2).await;
    m[1].browser
        .post_form("/lang", &[("lang", "fr"), ("next", "/")])
        .await;
    let d = open(&m[0].api, &c, json!({"question": "Quel nom ?", "method": {"kind": "schulze"}, "options": options(&["Alpha", "Bravo", "Charlie"]), "closes_at": now_ms() + 7 * 24 * 3600 * 1000})).await;
    // Alpha and Bravo each beat the other once; both beat Charlie twice.
    vote(
        &m[0],
        &d,
        &[("rank_0", "1"), ("rank_1", "2"), ("rank_2", "3")],
    )
    .await;
    vote(
        &m[1],
        &d,
        &[("rank_1", "1"), ("rank_0", "2"), ("rank_2", "3")],
    )
    .await;
    let closed = m[0]
        .browser
        .post_form(&format!("/decisions/{d}/close"), &[("confirmed", "yes")])
        .await;
    assert_eq!(closed.status(), 303);
    let page = m[0].browser.text(&format!("/decisions/{d}")).await;
    assert!(
        page.contains("Tied for first place: Alpha, Bravo."),
        "{page}"
    );
    assert!(!page.contains("No option won."));
    // The key says what is marked, and only the two wins over Charlie are.
    assert!(
        page.contains(
            "A cell in bold with an outline is a win: the row&#39;s option beats the column&#39;s."
        ),
        "{page}"
    );
    assert_eq!(page.matches(" wins\"").count(), 2, "{page}");
    // The result mail states it, in each voter's language.
    app.mail_to(
        "p0@example.org",
        "is closed. Tied for first place: Alpha, Bravo.",
    )
    .await;
    let mail = app.mail_to("p1@example.org", "est close.").await;
    assert!(
        mail.replace("=\r\n", "").contains("Alpha, Bravo."),
        "{mail}"
    );
    let bell = m[1].browser.text("/notifications").await;
    assert!(
        bell.contains("La décision « Quel nom ? » est close. À égalité en tête : Alpha, Bravo."),
        "{bell}"
    );
}

async fn a_receipt_is_explained_once_copied_and_downloaded(app: &TestApp) {
    let (c, _, m) = collective(app, 2).await;
    let outsider = app.people(&["Oscar Outsider"]).await;
    let d = open(&m[0].api, &c, json!({"question": "Acheter un four ?", "method": {"kind": "consent"}, "options": [], "secret": true, "closes_at": now_ms() + 7 * 24 * 3600 * 1000})).await;
    let (status, page) = vote(&m[1], &d, &[("consent", "no_objection")]).await;
    assert_eq!(status, 200);
    let receipt = receipt_in(&page);
    assert!(
        page.contains("This receipt lets you check, once the vote is closed, that your ballot was counted as you cast it, without showing anyone how you voted."),
        "{page}"
    );
    assert!(page.contains("data-copy=\"fresh-receipt\""), "{page}");
    assert!(page.contains("<script src=\"/static/copy.js\" defer></script>"));
    let file = format!("/decisions/{d}/receipt.txt?r={receipt}");
    assert!(page.contains(&format!("href=\"{file}\"")), "{page}");
    let script = m[1].browser.get("/static/copy.js").await;
    assert_eq!(script.status(), 200);
    assert!(script.text().await.unwrap().contains("clipboard"));
    // The file holds the decision, the receipt and how to check it.
    let response = m[1].browser.get(&file).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
    assert_eq!(
        response.headers()["content-disposition"],
        format!("attachment; filename=\"receipt-{d}.txt\"")
    );
    let text = response.text().await.unwrap();
    for expected in [
        "Receipt of your ballot".to_owned(),
        "Question: Acheter un four ?".to_owned(),
        format!("Decision id: {d}"),
        format!("Receipt: {receipt}"),
        format!("--decision {d} --receipt {receipt}"),
    ] {
        assert!(text.contains(&expected), "{expected} in {text}");
    }
    // Nobody outside the collective gets it, nor anything but a receipt.
    let refused = outsider[0].browser.get(&file).await;
    assert!(
        [403, 404].contains(&refused.status().as_u16()),
        "{}",
        refused.status()
    );
    let bad = m[1]
        .browser
        .get(&format!("/decisions/{d}/receipt.txt?r=nope"))
        .await;
    assert_eq!(bad.status(), 404);
    // Shown once: a later visit says the vote is in, without the receipt block.
    let later = m[1].browser.text(&format!("/decisions/{d}")).await;
    assert!(later.contains("You have voted"), "{later}");
    assert!(!later.contains("Your vote is recorded"), "{later}");
    assert!(!later.contains("receipt.txt"), "{later}");
}

async fn members_discuss_a_decision_beside_it(app: &TestApp) {
    let (c, _, m) = collective(app, 3).await;
    let d = open(&m[1].api, &c, json!({"question": "Acheter une remorque ?", "method": {"kind": "consent"}, "options": [], "closes_at": now_ms() + 7 * 24 * 3600 * 1000})).await;
    let path = format!("/decisions/{d}");
    let page = m[2].browser.text(&path).await;
    assert!(page.contains("No comment yet."), "{page}");
    assert!(page.contains("(no comment)"), "{page}");

    // A comment in Markdown, mentioning the coordinator; the page says it
    // is posted and leads to it.
    let comments = format!("{path}/comments");
    let posted = m[2]
        .browser
        .post_form(
            &comments,
            &[(
                "body",
                "Pourquoi pas une **remorque** d'occasion ? @P0 Person",
            )],
        )
        .await;
    assert_eq!(posted.status(), 303);
    let location = posted.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(&format!("{path}#c-")), "{location}");
    let page = m[2].browser.text(&path).await;
    assert_eq!(flash(&page), Some("Your comment is posted."));
    assert!(page.contains("<strong>remorque</strong>"), "{page}");
    assert!(page.contains("(one comment)"), "{page}");
    let page = m[0].browser.text(&path).await;
    assert!(page.contains(&format!(
        "id=\"{}\"",
        &location[location.find('#').unwrap() + 1..]
    )));

    // A reply through the API; a reply to a reply answers the same comment.
    let (status, list) = m[1].api.get(&format!("/api/v1{comments}")).await;
    assert_eq!(status, 200, "{list}");
    let first = list[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(list[0]["author_name"], "P2 Person");
    let api_comments = format!("/api/v1{comments}");
    let (status, reply) = m[1]
        .api
        .post(
            &api_comments,
            json!({"body": "Bonne idée, j'en connais une.", "reply_to": first}),
        )
        .await;
    assert_eq!(status, 201, "{reply}");
    let (status, deeper) = m[2]
        .api
        .post(
            &api_comments,
            json!({"body": "Merci !", "reply_to": reply["id"]}),
        )
        .await;
    assert_eq!(status, 201, "{deeper}");
    assert_eq!(deeper["reply_to"], first.as_str());
    let page = m[0].browser.text(&path).await;
    assert!(page.contains("(3 comments)"), "{page}");
    assert_eq!(page.matches("class=\"comment reply\"").count(), 2, "{page}");

    // Who is told: the one mentioned at once, the opener and those taking
    // part as they chose (a digest by default).
    let (_, told) = m[0].api.get("/api/v1/me/notifications").await;
    assert!(
        told.as_array().unwrap().iter().any(|n| n["text"]
            == "P2 Person mentions you in the discussion of \"Acheter une remorque ?\"."),
        "{told}"
    );
    app.mail_to("p0@example.org", "mentions you").await;
    let (_, opener) = m[1].api.get("/api/v1/me/notifications").await;
    assert!(
        opener
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["text"] == "P2 Person commented on \"Acheter une remorque ?\"."),
        "{opener}"
    );
    let (_, author) = m[2].api.get("/api/v1/me/notifications").await;
    assert!(
        author
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["text"] == "P1 Person commented on \"Acheter une remorque ?\"."),
        "{author}"
    );

    // Bad input: an empty comment is refused on the page, in its language;
    // a reply to another decision's comment, on the API.
    let refused = m[2].browser.post_form(&comments, &[("body", "   ")]).await;
    assert_eq!(refused.status(), 422);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("id=\"err-body\""), "{refused}");
    let other = open(&m[1].api, &c, json!({"question": "Autre ?", "method": {"kind": "consent"}, "options": [], "closes_at": now_ms() + 7 * 24 * 3600 * 1000})).await;
    let (status, problem) = m[2]
        .api
        .post(
            &format!("/api/v1/decisions/{other}/comments"),
            json!({"body": "Ici ?", "reply_to": first}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "reply_to", "{problem}");
    let (_, other_list) = m[2]
        .api
        .get(&format!("/api/v1/decisions/{other}/comments"))
        .await;
    assert_eq!(other_list, json!([]), "nothing written");

    // Outsiders neither read nor write.
    let outsider = &app.people(&["Zoé Outsider"]).await[0];
    assert_eq!(outsider.api.get(&api_comments).await.0, 403);
    assert_eq!(
        outsider
            .api
            .post(&api_comments, json!({"body": "Coucou"}))
            .await
            .0,
        403
    );

    // Only its author edits a comment, shown as edited.
    let edit = format!("/api/v1/decision-comments/{first}");
    let (status, problem) = m[1]
        .api
        .call(reqwest::Method::PATCH, &edit, Some(json!({"body": "Non"})))
        .await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:comment-not-yours");
    let edited = m[2]
        .browser
        .post_form(
            &format!("/decisions/comments/{first}/edit"),
            &[("body", "Pourquoi pas une remorque **d'occasion** ?")],
        )
        .await;
    assert_eq!(edited.status(), 303);
    let page = m[2].browser.text(&path).await;
    assert_eq!(flash(&page), Some("Your comment is changed."));
    assert!(
        page.contains("<strong>d&#39;occasion</strong>")
            || page.contains("<strong>d'occasion</strong>"),
        "{page}"
    );
    assert!(page.contains("· edited "), "{page}");

    // A coordinator hides a comment: it stays in place, marked, its text
    // gone for the others, and its author can no longer change it.
    let hide = format!("/decisions/comments/{first}/hide");
    assert_eq!(
        m[1].browser
            .post_form(&hide, &[("hidden", "yes")])
            .await
            .status(),
        403,
        "only coordinators"
    );
    assert_eq!(
        m[0].browser
            .post_form(&hide, &[("hidden", "yes")])
            .await
            .status(),
        303
    );
    let page = m[1].browser.text(&path).await;
    assert!(page.contains("Hidden by a coordinator."), "{page}");
    // Its text quoted in the notifications it caused is gone too.
    let quoted: Vec<String> = sqlx::query_scalar("SELECT body FROM notifications WHERE link = $1")
        .bind(format!("{path}#c-{first}"))
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert!(
        !quoted.is_empty() && quoted.iter().all(String::is_empty),
        "{quoted:?}"
    );
    assert!(
        !page.contains("d'occasion") && !page.contains("d&#39;occasion"),
        "{page}"
    );
    let (_, listed) = m[1].api.get(&api_comments).await;
    assert_eq!(listed[0]["hidden"], true);
    assert_eq!(listed[0]["body"], "");
    let (status, _) = m[2]
        .api
        .call(
            reqwest::Method::PATCH,
            &edit,
            Some(json!({"body": "Encore"})),
        )
        .await;
    assert_eq!(status, 409);

    // The member's comments are in its export; erasure empties them and
    // leaves the replies in place.
    let (_, export) = m[1].api.get("/api/v1/me/export").await;
    assert_eq!(
        export["decision_comments"][0]["body"], "Bonne idée, j'en connais une.",
        "{export}"
    );
    let (status, _) = m[1].api.erase_account().await;
    assert_eq!(status, 204);
    let (_, listed) = m[0].api.get(&api_comments).await;
    assert_eq!(listed.as_array().unwrap().len(), 3, "{listed}");
    assert_eq!(listed[1]["body"], "", "{listed}");
    assert_eq!(listed[1]["hidden"], true);
    assert_eq!(listed[2]["body"], "Merci !");
}
