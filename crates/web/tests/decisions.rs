//! Collective decisions through the HTTP API, on SQLite and PostgreSQL:
//! every method, receipts, secret ballots, colleges, the close by the
//! durable job, and refused ballots.

use testkit as support;
use testkit::{now_ms, on_both_databases};

use serde_json::{Value, json};
use support::{Api, TestApp};

on_both_databases!(
    small_colleges_do_not_narrow_down_secret_ballots,
    scales_are_bounded_and_a_blank_runoff_ballot_is_a_blank_vote,
    every_method_counts_at_the_close_and_publishes_its_ballots,
    secret_ballots_keep_voters_apart_and_change_with_their_key,
    colleges_count_with_their_weights,
    bad_ballots_and_bad_decisions_are_refused,
    a_vote_at_the_close_is_either_counted_or_refused,
    an_absolute_majority_counts_only_the_votes_cast,
    the_longest_charter_draft_the_api_documents_fits_in_a_request,
    who_has_not_voted_is_reminded_the_day_before_the_close,
);

/// A collective of `n` members (the first one coordinates it).
async fn collective(app: &TestApp, n: usize) -> (String, Vec<Api>, Vec<String>) {
    let names: Vec<String> = (0..n).map(|i| format!("M{i} Member")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let people = app.people(&names).await;
    let others: Vec<&testkit::Person> = people[1..].iter().collect();
    let (id, _) = people[0]
        .collective_with("Coop", "cooperative", &others)
        .await;
    let ids = people.iter().map(|p| p.id.clone()).collect();
    (id, people.into_iter().map(|p| p.api).collect(), ids)
}

async fn open(api: &Api, collective: &str, body: Value) -> String {
    let (status, d) = api
        .post(&format!("/api/v1/collectives/{collective}/decisions"), body)
        .await;
    assert_eq!(status, 201, "{d}");
    d["id"].as_str().unwrap().to_owned()
}

async fn vote(api: &Api, decision: &str, ballot: Value) -> (u16, Value) {
    api.post(
        &format!("/api/v1/decisions/{decision}/ballot"),
        json!({"ballot": ballot, "reason": "parce que"}),
    )
    .await
}

fn options(labels: &[&str]) -> Value {
    Value::Array(labels.iter().map(|l| json!({"label": l})).collect())
}

async fn every_method_counts_at_the_close_and_publishes_its_ballots(app: &TestApp) {
    let (c, m, _) = collective(app, 3).await;
    let closes = now_ms() + 5000;
    let consent = open(&m[0], &c, json!({"question": "Valider le projet ?", "method": {"kind": "consent"}, "options": [], "closes_at": closes})).await;
    let majority = open(&m[0], &c, json!({"question": "Changer les statuts ?", "method": {"kind": "majority", "threshold": [2, 3]}, "options": options(&["Pour", "Contre"]), "closes_at": closes, "quorum_percent": 50})).await;
    let schulze = open(&m[0], &c, json!({"question": "Quel nom ?", "method": {"kind": "schulze", "full_ranking": true}, "options": options(&["A", "B", "C"]), "closes_at": closes})).await;
    let judgment = open(&m[0], &c, json!({"question": "Quel local ?", "method": {"kind": "judgment", "scale": 6}, "options": options(&["Gare", "Halle"]), "closes_at": closes})).await;
    let budget = open(&m[0], &c, json!({"question": "Budget 2027", "method": {"kind": "budget", "envelope": 100, "budget": 1000}, "options": [{"label": "Four", "cost": 700}, {"label": "Vélo", "cost": 400}, {"label": "Bancs", "cost": 200}], "closes_at": closes})).await;
    let runoff = open(&m[0], &c, json!({"question": "Qui coordonne ?", "method": {"kind": "instant_runoff"}, "options": options(&["Ana", "Ben", "Chloé"]), "closes_at": closes})).await;
    let consensus = open(&m[0], &c, json!({"question": "Fermer le lundi ?", "method": {"kind": "consensus", "max_disagree": [1, 2]}, "options": [], "closes_at": closes})).await;
    let blocked = open(&m[0], &c, json!({"question": "Vendre le local ?", "method": {"kind": "consensus"}, "options": [], "closes_at": closes})).await;

    // Consent: an objection needs its reason.
    let (status, problem) = m[1]
        .post(
            &format!("/api/v1/decisions/{consent}/ballot"),
            json!({"ballot": {"consent": "objection"}}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-objection-needs-reason");
    for api in &m {
        assert_eq!(
            vote(api, &consent, json!({"consent": "no_objection"}))
                .await
                .0,
            201
        );
    }
    // Majority: 2 of 3 for; the third changes its mind before the close.
    let (status, first) = vote(&m[0], &majority, json!({"choice": 0})).await;
    assert_eq!(status, 201);
    assert_eq!(first["receipt"].as_str().unwrap().len(), 64);
    vote(&m[1], &majority, json!({"choice": 1})).await;
    vote(&m[1], &majority, json!({"choice": 0})).await;
    vote(&m[2], &majority, json!({"choice": 1})).await;
    // Schulze: A > C > B twice, B > A > C once: A wins.
    for (api, order) in m.iter().zip([[0, 2, 1], [0, 2, 1], [1, 0, 2]]) {
        assert_eq!(vote(api, &schulze, json!({"ranking": order})).await.0, 201);
    }
    // Majority judgment: Halle's median is higher.
    for (api, grades) in m.iter().zip([[2, 4], [3, 4], [1, 5]]) {
        assert_eq!(vote(api, &judgment, json!({"scores": grades})).await.0, 201);
    }
    // Budget: the oven gets the most support, then the benches fit, the bike does not.
    for (api, alloc) in m.iter().zip([[60, 10, 30], [50, 20, 30], [40, 30, 30]]) {
        assert_eq!(
            vote(api, &budget, json!({"allocation": alloc})).await.0,
            201
        );
    }
    // Instant-runoff: Chloé is out first, her ballot goes to Ben.
    for (api, order) in m.iter().zip([vec![0, 1], vec![1, 0], vec![2, 1]]) {
        assert_eq!(vote(api, &runoff, json!({"ranking": order})).await.0, 201);
    }
    // Consensus: one disagree in three is within a half; one block fails it.
    let (status, problem) = vote(&m[0], &consensus, json!({"stance": "maybe"})).await;
    assert_eq!(status, 422, "{problem}");
    for (api, stance) in m.iter().zip(["agree", "agree", "disagree"]) {
        assert_eq!(
            vote(api, &consensus, json!({"stance": stance})).await.0,
            201
        );
    }
    for (api, stance) in m.iter().zip(["agree", "abstain", "block"]) {
        assert_eq!(vote(api, &blocked, json!({"stance": stance})).await.0, 201);
    }
    let (status, _) = m[0]
        .get(&format!("/api/v1/decisions/{majority}/ballots"))
        .await;
    assert_eq!(status, 409, "ballots are published at the close only");

    let d = m[0].closed_decision(&consent).await;
    assert_eq!(d["result"]["tally"]["passed"], true);
    let d = m[0].closed_decision(&majority).await;
    assert_eq!(d["result"]["tally"]["winner"], 0, "{d}");
    assert_eq!(d["result"]["tally"]["totals"], json!(["2", "1"]));
    assert_eq!(d["result"]["quorum_met"], true);
    assert_eq!(d["voters"], 3);
    let d = m[0].closed_decision(&schulze).await;
    assert_eq!(d["result"]["tally"]["winner"], 0, "{d}");
    assert_eq!(d["result"]["tally"]["pairwise"][0][1], "2");
    let d = m[0].closed_decision(&judgment).await;
    assert_eq!(d["result"]["tally"]["winner"], 1, "{d}");
    assert_eq!(d["result"]["tally"]["majority_grades"], json!([2, 4]));
    let d = m[0].closed_decision(&budget).await;
    assert_eq!(d["result"]["tally"]["funded"], json!([0, 2]), "{d}");
    let d = m[0].closed_decision(&runoff).await;
    assert_eq!(d["result"]["tally"]["winner"], 1, "{d}");
    let d = m[0].closed_decision(&consensus).await;
    assert_eq!(d["result"]["tally"]["passed"], true, "{d}");
    assert_eq!(d["result"]["tally"]["disagree"], "1");
    let d = m[0].closed_decision(&blocked).await;
    assert_eq!(d["result"]["tally"]["passed"], false, "{d}");
    assert_eq!(d["result"]["tally"]["blocks"], "1");

    // After the close: no more votes; the ballots are published with their
    // voters (public ballots) and each receipt; the result is in the log.
    let (status, problem) = vote(&m[2], &majority, json!({"choice": 0})).await;
    assert_eq!(status, 409);
    assert_eq!(problem["type"], "urn:freeco:problem:decision-closed");
    let (status, published) = m[2]
        .get(&format!("/api/v1/decisions/{majority}/ballots"))
        .await;
    assert_eq!(status, 200);
    let published = published.as_array().unwrap();
    assert_eq!(
        published.len(),
        3,
        "one ballot each, the changed one replaced"
    );
    assert!(published.iter().any(|b| b["receipt"] == first["receipt"]));
    assert!(published.iter().all(|b| b["member_id"].is_string()));
    let d = m[0].closed_decision(&majority).await;
    let index = d["result_log_index"].as_i64().unwrap();
    let (_, entries) = m[0]
        .get(&format!("/api/v1/log/entries?start={index}&limit=1"))
        .await;
    let body: Value =
        serde_json::from_str(entries["entries"][0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["type"], "decision.result");
    assert_eq!(body["ballots"].as_array().unwrap().len(), 3);

    // The collective's page lists the decisions with their outcome.
    let (_, coll) = m[0].get(&format!("/api/v1/collectives/{c}")).await;
    let page = m[0]
        .page(&format!("/collectives/{}", coll["slug"].as_str().unwrap()))
        .await;
    for said in [
        "Changer les statuts ?",
        "Chosen: Pour.",
        "Passed.",
        "Funded: Four, Bancs.",
        "Ranked (Schulze)",
    ] {
        assert!(page.contains(said), "{said} in {page}");
    }

    // A member's export carries its public ballots.
    let (_, export) = m[1].get("/api/v1/me/export").await;
    let voted = export["decisions"].as_array().unwrap();
    assert_eq!(voted.len(), 8, "{export}");
    assert!(
        voted
            .iter()
            .any(|v| v["ballot"] == json!({"choice": 0}) && v["reason"] == "parce que")
    );
}

/// Secret ballots: the stored data names no voter beside its ballot; a
/// second ballot needs the first one's key; the receipts are published
/// with the ballots, without voters.
async fn secret_ballots_keep_voters_apart_and_change_with_their_key(app: &TestApp) {
    let (c, m, ids) = collective(app, 3).await;
    let d = open(&m[0], &c, json!({"question": "Élire la trésorière", "method": {"kind": "approval"}, "options": options(&["Inès", "Jules"]), "secret": true, "closes_at": now_ms() + 4000})).await;
    let (status, receipt) = vote(&m[0], &d, json!({"choices": [0]})).await;
    assert_eq!(status, 201);
    let (status, problem) = vote(&m[0], &d, json!({"choices": [1]})).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:decision-already-voted");
    let (status, _) = m[0]
        .post(
            &format!("/api/v1/decisions/{d}/ballot"),
            json!({"ballot": {"choices": [1]}, "replaces": "not-my-key"}),
        )
        .await;
    assert_eq!(status, 409);
    let (status, changed) = m[0]
        .post(
            &format!("/api/v1/decisions/{d}/ballot"),
            json!({"ballot": {"choices": [0, 1]}, "replaces": receipt["key"]}),
        )
        .await;
    assert_eq!(status, 201, "{changed}");
    vote(&m[1], &d, json!({"choices": [1]})).await;
    vote(&m[2], &d, json!({"choices": [1]})).await;

    // What the database holds: ballots without member, time or reason.
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT member_id, cast_at, reason FROM decision_ballots WHERE decision_id = $1",
    )
    .bind(&d)
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert_eq!(rows.len(), 3);
    for r in &rows {
        assert_eq!(r.try_get::<Option<String>, _>("member_id").unwrap(), None);
        assert_eq!(r.try_get::<i64, _>("cast_at").unwrap(), 0);
        assert_eq!(r.try_get::<String, _>("reason").unwrap(), "");
    }
    let voted: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM decision_voters WHERE decision_id = $1 AND voted_at = 0",
    )
    .bind(&d)
    .fetch_one(app.db.pool())
    .await
    .unwrap()
    .try_get("n")
    .unwrap();
    assert_eq!(voted, 3, "who voted, with no time to match");
    let counted: i64 = sqlx::query(
        "SELECT CAST(SUM(votes) AS BIGINT) AS n FROM decision_turnout WHERE decision_id = $1",
    )
    .bind(&d)
    .fetch_one(app.db.pool())
    .await
    .unwrap()
    .try_get("n")
    .unwrap();
    assert_eq!(
        counted, 3,
        "turnout counted by the hour, the change not twice"
    );

    let result = m[0].closed_decision(&d).await;
    assert_eq!(result["result"]["tally"]["winner"], 1, "{result}");
    let (_, published) = m[1].get(&format!("/api/v1/decisions/{d}/ballots")).await;
    let published = published.as_array().unwrap();
    assert!(published.iter().any(|b| b["receipt"] == changed["receipt"]));
    assert!(
        !published.iter().any(|b| b["receipt"] == receipt["receipt"]),
        "the replaced ballot is gone"
    );
    assert!(published.iter().all(|b| b.get("member_id").is_none()));
    let page = m[1].page(&format!("/decisions/{d}")).await;
    assert!(
        page.contains("<svg class=\"chart-turnout\""),
        "secret: turnout by the hour"
    );
    // The export says the member voted, and cannot say how.
    let (_, export) = m[0].get("/api/v1/me/export").await;
    assert_eq!(export["decisions"][0]["secret"], true);
    assert!(export["decisions"][0]["ballot"].is_null(), "{export}");
    assert!(
        !published
            .iter()
            .any(|b| ids.iter().any(|id| b.to_string().contains(id.as_str())))
    );
}

/// A SCIC: 2 employees weigh 60%, 4 partners 40%; the employees' choice
/// wins though fewer people made it. A college-only decision refuses others.
async fn colleges_count_with_their_weights(app: &TestApp) {
    let (c, m, ids) = collective(app, 6).await;
    let mut colleges = Vec::new();
    for (name, weight) in [("Salariés", 60), ("Partenaires", 40)] {
        let (status, college) = m[0]
            .post(
                &format!("/api/v1/collectives/{c}/colleges"),
                json!({"name": name, "weight": weight}),
            )
            .await;
        assert_eq!(status, 201, "{college}");
        colleges.push(college["id"].as_str().unwrap().to_owned());
    }
    for (i, id) in ids.iter().enumerate() {
        let college = if i < 2 { &colleges[0] } else { &colleges[1] };
        let (status, _) = m[0]
            .call(
                reqwest::Method::PATCH,
                &format!("/api/v1/collectives/{c}/members/{id}"),
                Some(json!({"college_id": college})),
            )
            .await;
        assert_eq!(status, 204);
    }
    let closes = now_ms() + 4000;
    let weighted = open(&m[0], &c, json!({"question": "Embaucher ?", "method": {"kind": "majority"}, "options": options(&["Oui", "Non"]), "weighted": true, "closes_at": closes})).await;
    let employees = open(&m[0], &c, json!({"question": "Horaires", "method": {"kind": "majority"}, "options": options(&["Tôt", "Tard"]), "college_id": colleges[0], "closes_at": closes})).await;
    for (i, api) in m.iter().enumerate() {
        vote(api, &weighted, json!({"choice": if i < 2 { 0 } else { 1 }})).await;
    }
    let (status, problem) = vote(&m[3], &employees, json!({"choice": 0})).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:decision-not-eligible");
    assert_eq!(vote(&m[1], &employees, json!({"choice": 1})).await.0, 201);

    let d = m[0].closed_decision(&weighted).await;
    assert_eq!(d["result"]["tally"]["winner"], 0, "60% outweighs 40%: {d}");
    let totals = &d["result"]["tally"]["totals"];
    let (yes, no): (u128, u128) = (
        totals[0].as_str().unwrap().parse().unwrap(),
        totals[1].as_str().unwrap().parse().unwrap(),
    );
    assert_eq!(
        yes * 40,
        no * 60,
        "each college counts with its weight: {totals}"
    );
    let d = m[0].closed_decision(&employees).await;
    assert_eq!(d["result"]["eligible"], 2);
}

async fn bad_ballots_and_bad_decisions_are_refused(app: &TestApp) {
    let (c, m, _) = collective(app, 2).await;
    let (outsider, _) = app.api_member("out@example.org", "Outsider").await;
    let now = now_ms();
    let (status, problem) = m[0]
        .post(&format!("/api/v1/collectives/{c}/decisions"), json!({"question": "Quand ?", "method": {"kind": "majority"}, "options": options(&["A", "B"]), "opens_at": now + 10_000, "closes_at": now + 5_000}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        problem["errors"][0]["code"],
        "error-decision-close-before-open"
    );
    let (status, _) = m[0]
        .post(&format!("/api/v1/collectives/{c}/decisions"), json!({"question": "Un seul ?", "method": {"kind": "majority"}, "options": options(&["A"]), "closes_at": now + 5_000}))
        .await;
    assert_eq!(status, 422, "two options at least");
    let (status, _) = outsider
        .post(&format!("/api/v1/collectives/{c}/decisions"), json!({"question": "Intrus", "method": {"kind": "consent"}, "options": [], "closes_at": now + 5_000}))
        .await;
    assert_eq!(status, 403);

    let ranked = open(&m[0], &c, json!({"question": "Classer", "method": {"kind": "schulze", "full_ranking": true}, "options": options(&["A", "B", "C"]), "closes_at": now + 60_000})).await;
    let scored = open(&m[0], &c, json!({"question": "Noter", "method": {"kind": "score", "scale": 5}, "options": options(&["A", "B"]), "closes_at": now + 60_000})).await;
    let later = open(&m[0], &c, json!({"question": "Plus tard", "method": {"kind": "majority"}, "options": options(&["A", "B"]), "opens_at": now + 30_000, "closes_at": now + 60_000})).await;
    for (decision, ballot, code) in [
        (
            &ranked,
            json!({"ranking": [0, 1]}),
            "error-ballot-incomplete-ranking",
        ),
        (
            &ranked,
            json!({"ranking": [0, 0, 1]}),
            "error-ballot-duplicate",
        ),
        (
            &ranked,
            json!({"ranking": [0, 1, 7]}),
            "error-ballot-unknown-option",
        ),
        (&ranked, json!({"choice": 1}), "error-ballot-missing"),
        (
            &scored,
            json!({"scores": [3, 6]}),
            "error-ballot-score-range",
        ),
        (&scored, json!({"scores": [3]}), "error-ballot-length"),
    ] {
        let (status, problem) = vote(&m[1], decision, ballot).await;
        assert_eq!(status, 422, "{code}: {problem}");
        assert_eq!(problem["errors"][0]["code"], code);
    }
    let (status, problem) = vote(&m[1], &later, json!({"choice": 0})).await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (409, Some("urn:freeco:problem:decision-not-open"))
    );
    let (status, _) = vote(&outsider, &ranked, json!({"ranking": [0, 1, 2]})).await;
    assert_eq!(status, 403);
    let (_, d) = m[0].get(&format!("/api/v1/decisions/{ranked}")).await;
    assert_eq!(d["voters"], 0, "nothing was written");
}

/// Members keep changing their votes through the close: each one's last
/// accepted ballot is the one counted, and every later one is refused.
async fn a_vote_at_the_close_is_either_counted_or_refused(app: &TestApp) {
    let (c, m, _) = collective(app, 3).await;
    let d = open(&m[0], &c, json!({"question": "Vite", "method": {"kind": "majority"}, "options": options(&["A", "B"]), "closes_at": now_ms() + 1500})).await;
    let mut voters = Vec::new();
    for api in m {
        let d = d.clone();
        voters.push(tokio::spawn(async move {
            let mut last = None;
            for n in 0.. {
                let (status, receipt) = vote(&api, &d, json!({"choice": n % 2})).await;
                match status {
                    201 => last = Some(receipt["receipt"].as_str().unwrap().to_owned()),
                    409 => break,
                    other => panic!("unexpected {other}: {receipt}"),
                }
            }
            (api, last.expect("voted before the close"))
        }));
    }
    let mut accepted = Vec::new();
    let mut apis = Vec::new();
    for v in voters {
        let (api, last) = v.await.unwrap();
        accepted.push(last);
        apis.push(api);
    }
    apis[0].closed_decision(&d).await;
    let (_, published) = apis[0].get(&format!("/api/v1/decisions/{d}/ballots")).await;
    let mut counted: Vec<String> = published
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["receipt"].as_str().unwrap().to_owned())
        .collect();
    counted.sort();
    accepted.sort();
    assert_eq!(counted, accepted);
}

/// An absolute majority needs more than half of the votes cast: the most
/// votes is not enough, and blank ballots are not cast.
async fn an_absolute_majority_counts_only_the_votes_cast(app: &TestApp) {
    let (c, m, _) = collective(app, 4).await;
    let closes = now_ms() + 4000;
    let absolute = json!({"kind": "majority", "threshold": [1, 2]});
    let short = open(&m[0], &c, json!({"question": "Quel jour ?", "method": absolute, "options": options(&["Lundi", "Mardi", "Jeudi"]), "closes_at": closes})).await;
    let met = open(&m[0], &c, json!({"question": "Quelle heure ?", "method": absolute, "options": options(&["Midi", "Soir", "Matin"]), "closes_at": closes})).await;
    for (api, choice) in m.iter().zip([json!(0), json!(0), json!(1), json!(2)]) {
        assert_eq!(vote(api, &short, json!({"choice": choice})).await.0, 201);
    }
    for (api, choice) in m.iter().zip([json!(0), json!(0), json!(1), json!(null)]) {
        assert_eq!(vote(api, &met, json!({"choice": choice})).await.0, 201);
    }
    let d = m[0].closed_decision(&short).await;
    assert_eq!(d["result"]["tally"]["leaders"], json!([0]), "{d}");
    assert_eq!(
        d["result"]["tally"]["winner"],
        Value::Null,
        "2 of 4 is not more than half"
    );
    let d = m[0].closed_decision(&met).await;
    assert_eq!(
        d["result"]["tally"]["winner"], 0,
        "2 of 3 cast, the blank aside: {d}"
    );
    assert_eq!(d["result"]["tally"]["blank"], "1");
}

/// The largest body the API documents, a charter draft at its longest, fits
/// in one request even with every character escaped (12 bytes each); one
/// character more is refused by name, not as a body too large.
async fn the_longest_charter_draft_the_api_documents_fits_in_a_request(app: &TestApp) {
    let (c, m, _) = collective(app, 1).await;
    kernel::settings::set_instance_setting(&app.db, kernel::decisions::GOVERNING_COLLECTIVE, &c)
        .await
        .unwrap();
    let (_, spec) = m[0].get("/api/openapi.json").await;
    let draft = &spec["components"]["schemas"]["CharterDraft"]["properties"];
    let longest = draft["body_fr"]["maxLength"].as_u64().unwrap() as usize;
    assert_eq!(draft["body_en"]["maxLength"], longest);
    assert_eq!(longest, kernel::charter::MAX_TEXT_CHARS, "as documented");
    let send = |chars: usize| {
        let text = "\\uD83C\\uDF31".repeat(chars);
        let body = format!(
            r#"{{"question":"Charte v2 ?","method":{{"kind":"consent"}},"options":[],"quorum_percent":25,"closes_at":{},"adopt_charter":{{"body_fr":"{text}","body_en":"{text}"}}}}"#,
            now_ms() + 4 * 24 * 3_600_000
        );
        m[0].request(
            reqwest::Method::POST,
            &format!("/api/v1/collectives/{c}/decisions"),
        )
        .header("content-type", "application/json")
        .body(body)
        .send()
    };
    let response = send(longest).await.unwrap();
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let response = send(longest + 1).await.unwrap();
    assert_eq!(response.status(), 422);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "adopt_charter", "{problem}");
    let (_, list) = m[0]
        .get(&format!("/api/v1/collectives/{c}/decisions"))
        .await;
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(1),
        "nothing written for the refused one"
    );
}

/// A day before the close, each member who may vote and has not is told;
/// who voted is not, and a decision open for less than a day sends none.
async fn who_has_not_voted_is_reminded_the_day_before_the_close(app: &TestApp) {
    let (c, m, _) = collective(app, 3).await;
    let reminder =
        "The decision \"Repeindre la salle ?\" (Coop) closes in a day and you have not voted yet.";
    let closes = now_ms() + kernel::decisions::REMIND_BEFORE_MS + 1500;
    let d = open(&m[0], &c, json!({"question": "Repeindre la salle ?", "method": {"kind": "consent"}, "options": [], "closes_at": closes})).await;
    let (status, _) = vote(&m[1], &d, json!({"consent": "no_objection"})).await;
    assert_eq!(status, 201);
    let mut told = false;
    for _ in 0..200 {
        if m[2]
            .notification_texts()
            .await
            .iter()
            .any(|t| t == reminder)
        {
            told = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(told, "{:?}", m[2].notification_texts().await);
    assert!(
        m[0].notification_texts()
            .await
            .iter()
            .any(|t| t == reminder),
        "the opener has not voted either"
    );
    assert!(
        !m[1]
            .notification_texts()
            .await
            .iter()
            .any(|t| t.contains("closes in a day")),
        "Bruno voted"
    );

    let short = open(&m[0], &c, json!({"question": "Pizza ce soir ?", "method": {"kind": "consent"}, "options": [], "closes_at": now_ms() + 3_600_000})).await;
    let reminders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE dedupe_key = $1")
        .bind(format!("{}:{short}", kernel::decisions::JOB_REMIND))
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(reminders, 0, "open for an hour: no reminder");
}

/// A college's label on a secret ballot could say who cast it: ballots of a
/// decision not counted by college carry none; one counted by college opens
/// only when every college is big enough; and a college's own result is
/// published only when enough of it voted (and the page says so).
async fn small_colleges_do_not_narrow_down_secret_ballots(app: &TestApp) {
    let (c, m, ids) = collective(app, 8).await;
    let mut colleges = Vec::new();
    for (name, weight) in [("Producteurs", 50), ("Mangeurs", 50)] {
        let (_, college) = m[0]
            .post(
                &format!("/api/v1/collectives/{c}/colleges"),
                json!({"name": name, "weight": weight}),
            )
            .await;
        colleges.push(college["id"].as_str().unwrap().to_owned());
    }
    // Five producers, three eaters.
    for (i, id) in ids.iter().enumerate() {
        let college = if i < 5 { &colleges[0] } else { &colleges[1] };
        m[0].call(
            reqwest::Method::PATCH,
            &format!("/api/v1/collectives/{c}/members/{id}"),
            Some(json!({"college_id": college})),
        )
        .await;
    }
    let closes = now_ms() + 60_000;
    let plain = open(&m[0], &c, json!({"question": "Secret, sans collèges", "method": {"kind": "majority"}, "options": options(&["Oui", "Non"]), "secret": true, "closes_at": closes})).await;
    vote(&m[7], &plain, json!({"choice": 0})).await;
    let labelled: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM decision_ballots WHERE decision_id = $1 AND college_id IS NOT NULL",
    )
    .bind(&plain)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(labelled, 0, "no college stored when colleges do not weigh");
    // Three eaters are fewer than the five a college needs by default.
    let weighted = json!({"question": "Secret, par collège", "method": {"kind": "majority"}, "options": options(&["Oui", "Non"]), "secret": true, "weighted": true, "closes_at": closes});
    let (status, problem) = m[0]
        .post(
            &format!("/api/v1/collectives/{c}/decisions"),
            weighted.clone(),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        problem["errors"][0]["code"],
        "error-decision-secret-small-college"
    );
    let rules = json!({"acting": {"min_hours": 72, "min_quorum": 25}, "college_results_min": 3});
    let (status, _) = m[0]
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/collectives/{c}/decision-rules"),
            Some(rules),
        )
        .await;
    assert_eq!(status, 204);
    let d = open(&m[0], &c, weighted).await;
    // Four producers vote, and two eaters: below three, the eaters' own
    // result is not shown.
    for i in [0, 1, 2, 3, 5, 6] {
        assert_eq!(vote(&m[i], &d, json!({"choice": i % 2})).await.0, 201);
    }
    kernel::decisions::close(&app.db, &d.as_str().into())
        .await
        .unwrap();
    let (_, closed) = m[0].get(&format!("/api/v1/decisions/{d}")).await;
    let shown: Vec<&str> = closed["result"]["colleges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["college"].as_str().unwrap())
        .collect();
    assert_eq!(shown, [colleges[0].as_str()], "{closed}");
    assert_eq!(closed["result"]["college_results_min"], 3);
    let page = m[0].page(&format!("/decisions/{d}")).await;
    assert!(
        page.contains("only when at least 3 of its members voted"),
        "{page}"
    );
    // The log holds the same, and recounts to it.
    let index = closed["result_log_index"].as_u64().unwrap();
    let (_, entries) = m[0]
        .get(&format!("/api/v1/log/entries?start={index}&limit=1"))
        .await;
    let entry: Value = serde_json::from_str(entries["entries"][0]["body"].as_str().unwrap_or("{}"))
        .unwrap_or_default();
    assert_eq!(entry["college_results_min"], 3, "{entries}");
}

/// A scale outside what the method counts is refused, never clamped; an
/// empty instant-runoff ranking is a blank vote (it counts towards turnout,
/// for no option), while a ranking naming an option twice is refused.
async fn scales_are_bounded_and_a_blank_runoff_ballot_is_a_blank_vote(app: &TestApp) {
    let (c, m, _) = collective(app, 4).await;
    let closes = now_ms() + 60_000;
    for (kind, scale, status) in [
        ("judgment", 11, 422),
        ("judgment", 1, 422),
        ("score", 0, 422),
        ("score", 101, 422),
        ("judgment", 10, 201),
        ("score", 100, 201),
    ] {
        let (got, body) = m[0]
            .post(
                &format!("/api/v1/collectives/{c}/decisions"),
                json!({"question": "Quelle échelle ?", "method": {"kind": kind, "scale": scale}, "options": options(&["A", "B"]), "closes_at": closes}),
            )
            .await;
        assert_eq!(got, status, "{kind} on {scale}: {body}");
        if status == 422 {
            assert_eq!(body["errors"][0]["code"], "error-decision-scale", "{body}");
        }
    }
    let runoff = open(&m[0], &c, json!({"question": "Qui coordonne ?", "method": {"kind": "instant_runoff"}, "options": options(&["Ana", "Ben", "Chloé"]), "closes_at": closes})).await;
    assert_eq!(
        vote(&m[3], &runoff, json!({"ranking": [0, 0]})).await.0,
        422
    );
    for (api, order) in m.iter().zip([vec![0, 1], vec![1, 0], vec![1], vec![]]) {
        assert_eq!(vote(api, &runoff, json!({"ranking": order})).await.0, 201);
    }
    let (status, d) = m[0]
        .post(&format!("/api/v1/decisions/{runoff}/close"), json!({}))
        .await;
    assert_eq!(status, 200, "everyone voted, the blank ballot too: {d}");
    assert_eq!(
        d["result"]["voters"], 4,
        "the blank ballot counts as a vote: {d}"
    );
    assert_eq!(d["result"]["tally"]["winner"], 1, "and for no option: {d}");
}
