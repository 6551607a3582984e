//! Projects through HTTP, on SQLite and PostgreSQL: proposing, validating
//! (by a coordinator or by a collective decision), joining; the forum, the
//! agenda with its iCalendar feed (read by Python's icalendar), the task
//! board, the mailing list, skill commissions; who may see and do what;
//! and the member's data.

use serde_json::{Value, json};
use testkit::{Api, TestApp};
use testkit::{now_ms, on_both_databases};

on_both_databases!(
    a_project_is_proposed_validated_joined_and_run,
    a_collective_validates_its_projects_by_decision,
    the_forum_discusses_mentions_and_moderates,
    the_agenda_repeats_takes_answers_and_feeds_calendars,
    an_event_beyond_the_agenda_window_is_said_linked_and_paged_to,
    the_task_board_tracks_who_does_what,
    the_mailing_list_reaches_members_as_they_chose,
    skill_commissions_hear_of_projects_that_need_them,
    members_cannot_reach_another_collectives_projects,
    export_and_erasure_cover_the_projects,
    an_erased_member_is_nowhere_in_the_database,
    the_module_pages_speak_the_readers_language,
    the_project_form_asks_only_what_is_needed,
);

type Member = testkit::Person;

async fn people(app: &TestApp, names: &[&str]) -> Vec<Member> {
    app.people(names).await
}

/// A collective that `members[0]` coordinates and the others joined.
async fn collective(name: &str, members: &[&Member]) -> (String, String) {
    members[0]
        .collective_with(name, "association", &members[1..])
        .await
}

async fn propose(api: &Api, body: Value) -> String {
    let (status, p) = api.post("/api/v1/projects", body).await;
    assert_eq!(status, 201, "{p}");
    p["id"].as_str().unwrap().to_owned()
}

async fn a_project_is_proposed_validated_joined_and_run(app: &TestApp) {
    let m = people(app, &["Alice", "Bruno", "Chloe", "Dmitri"]).await;
    let (c, slug) = collective("Jardin des Lilas", &[&m[0], &m[1], &m[2]]).await;
    // Bruno proposes a project from the form: title, objectives, resources,
    // headcount, skills, place and dates.
    let form = m[1]
        .browser
        .text(&format!("/projects/new?collective={c}"))
        .await;
    assert!(form.contains("name=\"skill_agriculture\""), "{form}");
    let response = m[1]
        .browser
        .post_form(
            "/projects",
            &[
                ("collective_id", &c),
                ("title", "Serre partagée"),
                ("summary", "Une serre pour les semis de printemps"),
                ("objectives", "Construire une **serre** de 20 m²."),
                ("place", "Parcelle nord"),
                ("starts_on", "2027-02-01"),
                ("ends_on", "2027-06-30"),
                ("headcount", "4"),
                ("skill_carpentry", "on"),
                ("skill_agriculture", "on"),
                ("resource_kind_0", "money"),
                ("resource_label_0", "Bâche et arceaux"),
                ("resource_amount_0", "350"),
                ("resource_kind_1", "place"),
                ("resource_label_1", "Un coin abrité du vent"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let id = location.trim_start_matches("/projects/").to_owned();
    let (_, p) = m[1].api.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(p["state"], "proposed");
    assert_eq!(p["headcount"], 4);
    assert_eq!(p["members"], 1);
    assert_eq!(p["resources"][0]["amount"], 35000);
    assert_eq!(p["skills"], json!(["agriculture", "carpentry"]));
    // The collective's coordinator hears of it.
    assert!(
        m[0].api
            .notification_texts()
            .await
            .iter()
            .any(|n| n.contains("Bruno proposes the project \"Serre partagée\""))
    );
    let page = m[1].browser.text(&location).await;
    for said in [
        "Serre partagée",
        "<strong>serre</strong>",
        "3 more people needed",
        "€350.00",
        "nobody in the project yet",
    ] {
        assert!(page.contains(said), "{said} in {page}");
    }

    // Bad input is refused by field, nothing written.
    let (status, problem) = m[1].api.post("/api/v1/projects", json!({"collective_id": c, "title": "X", "starts_on": "2027-13-01", "ends_on": "2027-01-01", "skills": ["juggling"], "headcount": -1})).await;
    assert_eq!(status, 422, "{problem}");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in ["title", "starts_on", "headcount", "skills"] {
        assert!(fields.contains(&f), "{f} in {problem}");
    }
    let (status, problem) = m[1]
        .api
        .post(
            "/api/v1/projects",
            json!({"collective_id": "0190a1b2-0000-7000-8000-000000000000", "title": "Ailleurs"}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "error-collective-unknown");
    let (_, all) = m[1].api.get("/api/v1/projects").await;
    assert_eq!(all.as_array().unwrap().len(), 1);

    // Someone outside the collective sees nothing of it.
    let (status, _) = m[3].api.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(status, 403);
    assert_eq!(m[3].browser.get(&location).await.status(), 403);
    let (status, problem) = m[3]
        .api
        .post(&format!("/api/v1/projects/{id}/join"), json!({}))
        .await;
    assert_eq!(status, 403, "{problem}");

    // Only the proposer's collective's coordinator validates; not Bruno.
    let (status, problem) = m[1]
        .api
        .post(&format!("/api/v1/projects/{id}/validate"), json!({}))
        .await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(
        problem["type"],
        "urn:freeco:problem:project-validators-only"
    );
    let response = m[0]
        .browser
        .post_form(&format!("/projects/{id}/validate"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let (_, p) = m[1].api.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(p["state"], "validated");
    assert!(
        m[1].api
            .notification_texts()
            .await
            .iter()
            .any(|n| n.contains("\"Serre partagée\" is now: Validated"))
    );

    // Chloé joins; the project shows her and counts her.
    let response = m[2]
        .browser
        .post_form(&format!("/projects/{id}/join"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let page = m[2].browser.text(&location).await;
    assert!(page.contains("Chloe"), "{page}");
    assert!(page.contains("2 more people needed"));
    assert!(
        m[1].api
            .notification_texts()
            .await
            .iter()
            .any(|n| n.contains("Chloe joined"))
    );
    // Only coordinators move it on; a state out of order is refused.
    let (status, _) = m[2]
        .api
        .post(
            &format!("/api/v1/projects/{id}/state"),
            json!({"state": "active"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, problem) = m[1]
        .api
        .post(
            &format!("/api/v1/projects/{id}/state"),
            json!({"state": "completed"}),
        )
        .await;
    assert_eq!(status, 409, "{problem}");
    let response = m[1]
        .browser
        .post_form(&format!("/projects/{id}/state"), &[("state", "active")])
        .await;
    assert_eq!(response.status(), 303);
    // Bruno edits it: one more skill wanted.
    let (status, p) = m[1].api.call(reqwest::Method::PATCH, &format!("/api/v1/projects/{id}"), Some(json!({"collective_id": c, "title": "Serre partagée des Lilas", "headcount": 3, "skills": ["carpentry", "agriculture", "fundraising"]}))).await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["title"], "Serre partagée des Lilas");
    let (_, g) = m[1].api.get(&format!("/api/v1/collectives/{id}")).await;
    assert_eq!(
        g["name"], "Serre partagée des Lilas",
        "the group follows its project"
    );
    // The last coordinator cannot leave while others remain; Chloé can.
    let (status, _) = m[1]
        .api
        .post(&format!("/api/v1/projects/{id}/leave"), json!({}))
        .await;
    assert_eq!(status, 409);
    assert_eq!(
        m[2].api
            .post(&format!("/api/v1/projects/{id}/leave"), json!({}))
            .await
            .0,
        204
    );
    let response = m[1]
        .browser
        .post_form(&format!("/projects/{id}/state"), &[("state", "completed")])
        .await;
    assert_eq!(response.status(), 303);
    let (status, problem) = m[2]
        .api
        .post(&format!("/api/v1/projects/{id}/join"), json!({}))
        .await;
    assert_eq!(status, 409, "{problem}");

    // The collective's page of projects lists it; the directory of
    // collectives does not list project groups.
    let page = m[0]
        .browser
        .text(&format!("/collectives/{slug}/projects"))
        .await;
    assert!(page.contains("Serre partagée des Lilas"), "{page}");
    let (_, directory) = m[0].api.get("/api/v1/collectives").await;
    assert!(
        directory
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["is_project"] == false),
        "{directory}"
    );

    // A project of the whole instance: everyone sees it; an administrator validates it.
    let open = propose(
        &m[3].api,
        json!({"title": "Répar'café mensuel", "summary": "Réparer ensemble"}),
    )
    .await;
    let (status, _) = m[0].api.get(&format!("/api/v1/projects/{open}")).await;
    assert_eq!(status, 200);
    let (status, _) = m[0]
        .api
        .post(&format!("/api/v1/projects/{open}/validate"), json!({}))
        .await;
    assert_eq!(status, 403);
    kernel::members::set_admin(&app.db, "alice@example.org", true)
        .await
        .unwrap();
    let (status, p) = m[0]
        .api
        .post(&format!("/api/v1/projects/{open}/validate"), json!({}))
        .await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["state"], "validated");
    let page = m[2].browser.text("/projects").await;
    assert!(page.contains("Répar&#39;café mensuel"), "{page}");

    // A member who has not accepted the charter reads, but proposes nothing.
    let reader = kernel::members::create_confirmed(
        &app.db,
        "reader@example.org",
        testkit::PASSWORD,
        "Reader",
        kernel::i18n::Lang::En,
        false,
    )
    .await
    .unwrap();
    let reader = Api {
        client: reqwest::Client::new(),
        base: app.base.clone(),
        token: Some(
            kernel::tokens::create(&app.db, &reader, "t")
                .await
                .unwrap()
                .secret,
        ),
    };
    assert_eq!(reader.get("/api/v1/projects").await.0, 200);
    let (status, problem) = reader
        .post(
            "/api/v1/projects",
            json!({"title": "Sans charte", "objectives": "Rien."}),
        )
        .await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:charter-not-accepted");
}

async fn a_collective_validates_its_projects_by_decision(app: &TestApp) {
    let m = people(app, &["Alice", "Bruno", "Chloe"]).await;
    let (c, slug) = collective("AMAP du Coteau", &[&m[0], &m[1], &m[2]]).await;
    // Only a coordinator sets the rule.
    let response = m[1]
        .browser
        .post_form(
            &format!("/collectives/{slug}/projects"),
            &[("validation", "decision")],
        )
        .await;
    assert_eq!(response.status(), 403);
    let response = m[0]
        .browser
        .post_form(
            &format!("/collectives/{slug}/projects"),
            &[("validation", "decision")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let id = propose(
        &m[1].api,
        json!({"collective_id": c, "title": "Four à pain", "objectives": "Un four collectif."}),
    )
    .await;
    // A coordinator cannot shortcut the vote.
    let (status, problem) = m[0]
        .api
        .post(&format!("/api/v1/projects/{id}/validate"), json!({}))
        .await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:project-needs-decision");
    // Validating acts: a vote of a few seconds is refused (it would let one
    // member validate its own project alone).
    let (status, problem) = m[1]
        .api
        .post(
            &format!("/api/v1/projects/{id}/validation-decision"),
            json!({"method": "consent", "closes_at": now_ms() + 4000, "question": "Valider ?"}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        problem["errors"][0]["code"],
        "error-decision-acting-too-short"
    );
    // Bruno puts it to the vote by consent from the project's page, for
    // four days (the collective's least is three).
    let closes = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(96))
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let response = m[1]
        .browser
        .post_form(
            &format!("/projects/{id}/validation"),
            &[("method", "consent"), ("closes_at", &closes)],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let decision = response.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/decisions/")
        .to_owned();
    let (_, d) = m[0].api.get(&format!("/api/v1/decisions/{decision}")).await;
    assert_eq!(
        d["collective_id"], c,
        "the collective decides, not the project"
    );
    assert_eq!(d["question"], "Validate the project \"Four à pain\"?");
    assert_eq!(d["quorum_percent"], 25, "the collective's least quorum");
    // A second vote while one is under way is refused.
    let (status, problem) = m[2]
        .api
        .post(
            &format!("/api/v1/projects/{id}/validation-decision"),
            json!({"method": "consent", "closes_at": now_ms() + 60000, "question": "Encore ?"}),
        )
        .await;
    assert_eq!(status, 409, "{problem}");
    let page = m[2].browser.text(&format!("/projects/{id}")).await;
    assert!(
        !page.contains(&format!("action=\"/projects/{id}/validation\"")),
        "no form to ask again while the vote runs: {page}"
    );
    // Chloé objects: the project stays proposed, to be amended.
    sqlx::query("UPDATE decisions SET closes_at = $1 WHERE id = $2")
        .bind(now_ms() + 1500)
        .bind(&decision)
        .execute(app.db.writer())
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET run_at = $1 WHERE dedupe_key = $2")
        .bind(now_ms() + 1500)
        .bind(format!("decision.close:{decision}"))
        .execute(app.db.writer())
        .await
        .unwrap();
    for (member, ballot) in [
        (&m[0], json!({"consent": "no_objection"})),
        (&m[2], json!({"consent": "objection"})),
    ] {
        let (status, r) = member
            .api
            .post(
                &format!("/api/v1/decisions/{decision}/ballot"),
                json!({"ballot": ballot, "reason": "Pas de lieu prévu"}),
            )
            .await;
        assert_eq!(status, 201, "{r}");
    }
    m[0].api.closed_decision(&decision).await;
    let (_, p) = m[1].api.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(p["state"], "proposed");
    let page = m[1].browser.text(&format!("/projects/{id}")).await;
    assert!(page.contains("Amend the project and ask again."), "{page}");
    assert!(page.contains(&format!("action=\"/projects/{id}/validation\"")));
    // Asked again, by a majority this time: it passes, and the project is validated.
    let four_days = now_ms() + 4 * 24 * 3600 * 1000;
    let (status, d) = m[1].api.post(&format!("/api/v1/projects/{id}/validation-decision"), json!({"method": "majority", "options": ["Pour", "Contre"], "closes_at": four_days, "question": "Valider le four (lieu trouvé) ?"})).await;
    assert_eq!(status, 201, "{d}");
    let again = d["id"].as_str().unwrap().to_owned();
    for member in &m {
        member
            .api
            .post(
                &format!("/api/v1/decisions/{again}/ballot"),
                json!({"ballot": {"choice": 0}}),
            )
            .await;
    }
    // Everyone voted: its opener may close it now.
    let (status, _) = m[1]
        .api
        .post(&format!("/api/v1/decisions/{again}/close"), json!({}))
        .await;
    assert_eq!(status, 200);
    m[0].api.closed_decision(&again).await;
    for _ in 0..200 {
        let (_, p) = m[1].api.get(&format!("/api/v1/projects/{id}")).await;
        if p["state"] == "validated" {
            let (_, d) = m[1].api.get(&format!("/api/v1/decisions/{again}")).await;
            assert_eq!(d["effect_outcome"]["done"], true, "{d}");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the passed decision did not validate the project");
}

async fn the_forum_discusses_mentions_and_moderates(app: &TestApp) {
    let m = people(app, &["Alice", "Bruno", "Chloe Martin", "Dmitri"]).await;
    let (c, _) = collective("Quartier Gare", &[&m[0], &m[1], &m[2], &m[3]]).await;
    let id = propose(
        &m[0].api,
        json!({"collective_id": c, "title": "Fête de quartier"}),
    )
    .await;
    for member in &m[1..3] {
        assert_eq!(
            member
                .api
                .post(&format!("/api/v1/projects/{id}/join"), json!({}))
                .await
                .0,
            204
        );
    }
    // Bruno opens a thread from the page; Markdown is shown, HTML is not run.
    let response = m[1]
        .browser
        .post_form(
            &format!("/projects/{id}/forum"),
            &[
                ("title", "Qui apporte quoi ?"),
                (
                    "body",
                    "Je prends les **tables**. <script>alert(1)</script> [x](javascript:alert(1))",
                ),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let thread_path = response.headers()["location"].to_str().unwrap().to_owned();
    let thread = thread_path.rsplit('/').next().unwrap().to_owned();
    let page = m[2].browser.text(&thread_path).await;
    assert!(page.contains("<strong>tables</strong>"), "{page}");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("javascript:"), "{page}");
    // Chloé replies, mentioning Alice: Alice is told, and so is Bruno (he took part).
    let response = m[2]
        .browser
        .post_form(&thread_path, &[("body", "Merci ! @alice, tu as la sono ?")])
        .await;
    assert_eq!(response.status(), 303);
    assert!(m[0].api.notification_texts().await.iter().any(|n| n == "Chloe Martin mentions you in \"Qui apporte quoi ?\" (Fête de quartier)."));
    assert!(
        m[1].api
            .notification_texts()
            .await
            .iter()
            .any(|n| n.contains("Chloe Martin replied in \"Qui apporte quoi ?\""))
    );
    app.mail_to("alice@example.org", "tu as la sono").await;
    // What is new to whom: Bruno has not seen Chloé's reply, Alice nothing yet.
    let forum = m[1].browser.text(&format!("/projects/{id}/forum")).await;
    assert!(forum.contains("one new message"), "{forum}");
    assert!(
        forum.contains(r#"aria-hidden="true">1</span><span class="sr-only">(one discussion with new messages)</span>"#),
        "the forum tab counts it: {forum}"
    );
    let (_, listed) = m[0]
        .api
        .get(&format!("/api/v1/projects/{id}/threads"))
        .await;
    assert_eq!(listed[0]["unread"], 2, "{listed}");
    // Alice answers without opening the thread: what came before is read.
    let (status, _) = m[0]
        .api
        .post(
            &format!("/api/v1/projects/{id}/threads/{thread}/posts"),
            json!({"body": "Oui, je l'apporte."}),
        )
        .await;
    assert_eq!(status, 201);
    let (_, listed) = m[0]
        .api
        .get(&format!("/api/v1/projects/{id}/threads"))
        .await;
    assert_eq!(listed[0]["unread"], 0, "{listed}");
    let page = m[1].browser.text(&thread_path).await;
    let new_since = page.find("New since your last visit").expect("marked");
    assert!(
        page.find("Je prends les").unwrap() < new_since
            && new_since < page.find("tu as la sono").unwrap(),
        "the mark comes before Chloé's reply: {page}"
    );
    let forum = m[1].browser.text(&format!("/projects/{id}/forum")).await;
    assert!(!forum.contains("new message"), "read now: {forum}");
    let page = m[1].browser.text(&thread_path).await;
    assert!(!page.contains("New since your last visit"), "{page}");
    // Dmitri, in the collective but not the project, reads but cannot write.
    assert_eq!(m[3].browser.get(&thread_path).await.status(), 200);
    let (status, problem) = m[3]
        .api
        .post(
            &format!("/api/v1/projects/{id}/threads/{thread}/posts"),
            json!({"body": "moi aussi"}),
        )
        .await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(
        problem["detail"],
        "Only the project's members can do this: join it first."
    );
    // An empty reply is refused on the page, readably.
    let response = m[2]
        .browser
        .post_form(&thread_path, &[("body", "   ")])
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("This field is required.")
    );
    // Chloé edits her message: shown as edited. Bruno cannot edit it.
    let (_, view) = m[2]
        .api
        .get(&format!("/api/v1/projects/{id}/threads/{thread}"))
        .await;
    let post = view["posts"][1]["id"].as_str().unwrap().to_owned();
    let (status, _) = m[1]
        .api
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/projects/{id}/posts/{post}"),
            Some(json!({"body": "piraté"})),
        )
        .await;
    assert_eq!(status, 403);
    let response = m[2]
        .browser
        .post_form(
            &format!("/projects/{id}/posts/{post}/edit"),
            &[
                ("thread", &thread),
                ("body", "Merci ! @Alice, tu as la sono et les rallonges ?"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = m[0].browser.text(&thread_path).await;
    assert!(page.contains("rallonges"), "{page}");
    assert!(page.contains("edited"), "{page}");
    // Alice (coordinator) hides a message, then locks the thread.
    assert_eq!(
        m[1].browser
            .post_form(&format!("/projects/{id}/posts/{post}/hide"), &[("on", "1")])
            .await
            .status(),
        403
    );
    assert_eq!(
        m[0].browser
            .post_form(&format!("/projects/{id}/posts/{post}/hide"), &[("on", "1")])
            .await
            .status(),
        303
    );
    let page = m[1].browser.text(&thread_path).await;
    assert!(page.contains("This message was hidden by a coordinator."));
    assert!(!page.contains("rallonges"), "hidden from members: {page}");
    assert!(
        m[0].browser.text(&thread_path).await.contains("rallonges"),
        "coordinators still read it"
    );
    assert_eq!(
        m[0].browser
            .post_form(
                &format!("/projects/{id}/forum/{thread}/lock"),
                &[("on", "1")]
            )
            .await
            .status(),
        303
    );
    let (status, problem) = m[1]
        .api
        .post(
            &format!("/api/v1/projects/{id}/threads/{thread}/posts"),
            json!({"body": "encore"}),
        )
        .await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["type"], "urn:freeco:problem:forum-locked");
    let (_, threads) = m[1]
        .api
        .get(&format!("/api/v1/projects/{id}/threads"))
        .await;
    assert_eq!(threads[0]["locked"], true);
    assert_eq!(threads[0]["posts"], 3);
}

async fn the_agenda_repeats_takes_answers_and_feeds_calendars(app: &TestApp) {
    let m = people(app, &["Alice", "Bruno", "Chloe"]).await;
    let (c, _) = collective("Atelier vélo", &[&m[0], &m[1], &m[2]]).await;
    let id = propose(
        &m[0].api,
        json!({"collective_id": c, "title": "Atelier du mardi"}),
    )
    .await;
    m[1].api
        .post(&format!("/api/v1/projects/{id}/join"), json!({}))
        .await;
    // A weekly workshop on Tuesdays at 18:30 Paris time, ten times, across
    // the change to winter time; planned from the page's form.
    let first = "2026-10-13T18:30";
    let response = m[0]
        .browser
        .post_form(
            &format!("/projects/{id}/agenda"),
            &[
                ("title", "Atelier réparation"),
                ("place", "Local, 3 rue des Lilas"),
                ("description", "Apportez vos vélos; on répare, ensemble."),
                ("starts_at", first),
                ("ends_at", "2026-10-13T21:00"),
                ("time_zone", "Europe/Paris"),
                ("repeat", "weekly"),
                ("count", "10"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    // A one-off in another zone, and a monthly one on the last Friday, by rule.
    let (status, one) = m[1].api.post(&format!("/api/v1/projects/{id}/events"), json!({"title": "Visio avec Montréal", "starts_at": 1_800_000_000_000i64, "ends_at": 1_800_003_600_000i64, "time_zone": "America/Montreal"})).await;
    assert_eq!(status, 201, "{one}");
    // The last Friday of November 2026, 18:00 in Paris.
    let (status, monthly) = m[1].api.post(&format!("/api/v1/projects/{id}/events"), json!({"title": "Bilan du mois", "starts_at": 1_795_798_800_000i64, "ends_at": 1_795_802_400_000i64, "time_zone": "Europe/Paris", "rrule": "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T230000Z"})).await;
    assert_eq!(status, 201, "{monthly}");
    // Bad input: a rule we do not repeat, a malformed one, an end before the start.
    for (body, field, code) in [
        (
            json!({"title": "X y", "starts_at": 1_800_000_000_000i64, "ends_at": 1_800_003_600_000i64, "rrule": "FREQ=WEEKLY;BYSETPOS=1"}),
            "rrule",
            "error-rrule-unsupported",
        ),
        (
            json!({"title": "X y", "starts_at": 1_800_000_000_000i64, "ends_at": 1_800_003_600_000i64, "rrule": "FREQ=SOMETIMES"}),
            "rrule",
            "error-rrule",
        ),
        (
            json!({"title": "X y", "starts_at": 1_800_000_000_000i64, "ends_at": 1_799_000_000_000i64}),
            "ends_at",
            "error-event-ends-before",
        ),
        (
            json!({"title": "X y", "starts_at": 1_800_000_000_000i64, "ends_at": 1_800_003_600_000i64, "time_zone": "Mars/Olympus"}),
            "time_zone",
            "error-time-zone-invalid",
        ),
    ] {
        let (status, problem) = m[0]
            .api
            .post(&format!("/api/v1/projects/{id}/events"), body)
            .await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    let (_, events) = m[0].api.get(&format!("/api/v1/projects/{id}/events")).await;
    assert_eq!(events.as_array().unwrap().len(), 3);
    let weekly = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "Atelier réparation")
        .unwrap()
        .clone();
    assert_eq!(weekly["rrule"], "FREQ=WEEKLY;COUNT=10;BYDAY=TU");
    let weekly_id = weekly["id"].as_str().unwrap().to_owned();

    // The agenda's occurrences keep 18:30 in Paris across the change of time.
    let from = 1_790_812_800_000i64; // 1 October 2026
    let (_, agenda) = m[1]
        .api
        .get(&format!(
            "/api/v1/projects/{id}/agenda?from={from}&to={}",
            from + 200 * 24 * 3600 * 1000
        ))
        .await;
    let ours: Vec<i64> = agenda
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["event_id"] == weekly_id.as_str())
        .map(|o| o["starts_at"].as_i64().unwrap())
        .collect();
    assert_eq!(ours.len(), 10, "{agenda}");
    let local: Vec<String> = ours
        .iter()
        .map(|ms| {
            jiff::Timestamp::from_millisecond(*ms)
                .unwrap()
                .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
                .strftime("%H:%M")
                .to_string()
        })
        .collect();
    assert!(local.iter().all(|t| t == "18:30"), "{local:?}");
    // Members answer per occurrence; a time that is no occurrence is refused.
    let second = ours[1];
    assert_eq!(
        m[1].api
            .call(
                reqwest::Method::PUT,
                &format!("/api/v1/projects/{id}/events/{weekly_id}/attendance"),
                Some(json!({"occurrence_at": second, "answer": "yes"}))
            )
            .await
            .0,
        204
    );
    let response = m[0]
        .browser
        .post_form(
            &format!("/projects/{id}/agenda/{weekly_id}/attend"),
            &[("occurrence_at", &second.to_string()), ("answer", "maybe")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (status, problem) = m[1]
        .api
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/projects/{id}/events/{weekly_id}/attendance"),
            Some(json!({"occurrence_at": second + 60000, "answer": "yes"})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let (status, _) = m[2]
        .api
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/projects/{id}/events/{weekly_id}/attendance"),
            Some(json!({"occurrence_at": second, "answer": "yes"})),
        )
        .await;
    assert_eq!(status, 403, "Chloé is not in the project");
    let (_, agenda) = m[1]
        .api
        .get(&format!(
            "/api/v1/projects/{id}/agenda?from={from}&to={}",
            from + 200 * 24 * 3600 * 1000
        ))
        .await;
    let that = agenda
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["starts_at"] == second)
        .unwrap();
    assert_eq!(
        (that["yes"].as_i64(), that["maybe"].as_i64()),
        (Some(1), Some(1)),
        "{that}"
    );
    assert_eq!(that["mine"], "yes");

    // The feed: a secret address per member, that a real parser reads.
    let response = m[1]
        .browser
        .post_form(&format!("/projects/{id}/agenda/feed"), &[])
        .await;
    let page = response.text().await.unwrap();
    let start =
        page.find("<code id=\"feed-url\">").expect("feed url") + "<code id=\"feed-url\">".len();
    let url = page[start..page[start..].find('<').unwrap() + start].replace("&amp;", "&");
    let feed = reqwest::get(&url).await.unwrap();
    assert_eq!(feed.status(), 200);
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let ics = feed.text().await.unwrap();
    assert!(ics.lines().all(|l| l.len() <= 75), "folded lines");
    // A cancelled event stays, marked, so calendars drop it.
    let one_id = one["id"].as_str().unwrap().to_owned();
    assert_eq!(
        m[1].api
            .call(
                reqwest::Method::DELETE,
                &format!("/api/v1/projects/{id}/events/{one_id}"),
                None
            )
            .await
            .0,
        204
    );
    // Cancelled is final: no change, no answer; cancelling again is a no-op.
    let (status, refused) = m[1]
        .api
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/projects/{id}/events/{one_id}"),
            Some(json!({"title": "Visio, finalement", "starts_at": 1_800_000_000_000i64, "ends_at": 1_800_003_600_000i64, "time_zone": "America/Montreal"})),
        )
        .await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["type"], "urn:freeco:problem:event-cancelled");
    let (status, _) = m[1]
        .api
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/projects/{id}/events/{one_id}/attendance"),
            Some(json!({"occurrence_at": 1_800_000_000_000i64, "answer": "yes"})),
        )
        .await;
    assert_eq!(status, 409);
    let (status, _) = m[1]
        .api
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/projects/{id}/events/{one_id}"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let ics = reqwest::get(&url).await.unwrap().text().await.unwrap();
    let parsed = python_reads(&ics, from, from + 200 * 24 * 3600 * 1000);
    // Python's icalendar and recurring_ical_events find the same occurrences we do.
    let theirs: Vec<i64> = parsed["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["summary"] == "Atelier réparation")
        .map(|o| o["start"].as_i64().unwrap())
        .collect();
    assert_eq!(theirs, ours, "{parsed}");
    let monthly_ours: Vec<i64> = agenda
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["title"] == "Bilan du mois")
        .map(|o| o["starts_at"].as_i64().unwrap())
        .collect();
    let monthly_theirs: Vec<i64> = parsed["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["summary"] == "Bilan du mois")
        .map(|o| o["start"].as_i64().unwrap())
        .collect();
    assert!(!monthly_ours.is_empty());
    assert_eq!(monthly_theirs, monthly_ours, "{parsed}");
    let statuses = &parsed["statuses"];
    assert_eq!(statuses["Visio avec Montréal"], "CANCELLED", "{parsed}");
    assert_eq!(statuses["Atelier réparation"], "CONFIRMED");
    assert_eq!(
        parsed["location"]["Atelier réparation"], "Local, 3 rue des Lilas",
        "escaped and read back"
    );
    assert_eq!(
        parsed["timezones"],
        json!(["America/Montreal", "Europe/Paris"])
    );
    // Only its planner or a coordinator is offered to change an event.
    let tomorrow = now_ms() + 24 * 3600 * 1000;
    let (status, soon) = m[1]
        .api
        .post(
            &format!("/api/v1/projects/{id}/events"),
            json!({"title": "Inventaire", "starts_at": tomorrow, "ends_at": tomorrow + 3_600_000}),
        )
        .await;
    assert_eq!(status, 201, "{soon}");
    let (status, coordinators) = m[0]
        .api
        .post(
            &format!("/api/v1/projects/{id}/events"),
            json!({"title": "Rangement", "starts_at": tomorrow, "ends_at": tomorrow + 3_600_000}),
        )
        .await;
    assert_eq!(status, 201, "{coordinators}");
    let change = |e: &Value| {
        format!(
            "/projects/{id}/agenda/{}#event-form",
            e["id"].as_str().unwrap()
        )
    };
    let page = m[1].browser.text(&format!("/projects/{id}/agenda")).await;
    assert!(
        page.contains("Rangement") && page.contains(&change(&soon)),
        "{page}"
    );
    assert!(!page.contains(&change(&coordinators)), "{page}");
    let page = m[0].browser.text(&format!("/projects/{id}/agenda")).await;
    assert!(page.contains(&change(&soon)) && page.contains(&change(&coordinators)));

    // Moved half an hour later, the series keeps its answers; cut down to
    // its first occurrence, the answers to the second answer nothing.
    let reschedule = |starts: i64, rrule: &str| json!({"title": "Atelier réparation", "place": "Local, 3 rue des Lilas", "starts_at": starts, "ends_at": starts + 9_000_000, "time_zone": "Europe/Paris", "rrule": rrule});
    let answered = |agenda: Value| -> Vec<(i64, Value, Value, Value)> {
        agenda
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["event_id"] == weekly_id.as_str())
            .filter(|o| o["yes"] != 0 || o["maybe"] != 0)
            .map(|o| {
                (
                    o["starts_at"].as_i64().unwrap(),
                    o["yes"].clone(),
                    o["maybe"].clone(),
                    o["mine"].clone(),
                )
            })
            .collect()
    };
    let agenda_path = format!(
        "/api/v1/projects/{id}/agenda?from={from}&to={}",
        from + 200 * 24 * 3600 * 1000
    );
    let half_hour = 1_800_000;
    let (status, moved) = m[0]
        .api
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/projects/{id}/events/{weekly_id}"),
            Some(reschedule(
                ours[0] + half_hour,
                "FREQ=WEEKLY;COUNT=10;BYDAY=TU",
            )),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(
        answered(m[1].api.get(&agenda_path).await.1),
        [(second + half_hour, json!(1), json!(1), json!("yes"))]
    );
    // Who said it comes hears of it; who moved it does not.
    assert!(
        m[1].api
            .notification_texts()
            .await
            .iter()
            .any(|n| n.starts_with("\"Atelier réparation\" has changed")
                && n.ends_with(", Local, 3 rue des Lilas.")),
        "{:?}",
        m[1].api.notification_texts().await
    );
    assert!(
        !m[0]
            .api
            .notification_texts()
            .await
            .iter()
            .any(|n| n.contains("has changed"))
    );
    let (status, _) = m[0]
        .api
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/projects/{id}/events/{weekly_id}"),
            Some(reschedule(ours[0], "FREQ=WEEKLY;COUNT=1")),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(answered(m[1].api.get(&agenda_path).await.1), []);
    use sqlx::Row;
    let kept: i64 = sqlx::query("SELECT COUNT(*) AS n FROM event_attendance WHERE event_id = $1")
        .bind(&weekly_id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(kept, 0, "no answer left to an occurrence that is gone");

    // A new address ends the old; a member who leaves loses the feed; a wrong key gets nothing.
    let response = m[1]
        .api
        .post(&format!("/api/v1/projects/{id}/calendar-feed"), json!({}))
        .await;
    assert_eq!(response.0, 201);
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 404);
    let url2 = response.1["url"].as_str().unwrap().to_owned();
    assert_eq!(reqwest::get(&url2).await.unwrap().status(), 200);
    let wrong = reqwest::get(format!("{}/projects/{id}/agenda.ics?key=nope", app.base))
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);
    // Leaving the project keeps the project in sight (it is Bruno's
    // collective's); leaving the collective too ends the feed.
    assert_eq!(
        m[1].api
            .post(&format!("/api/v1/projects/{id}/leave"), json!({}))
            .await
            .0,
        204
    );
    assert_eq!(reqwest::get(&url2).await.unwrap().status(), 200);
    assert_eq!(
        m[1].api
            .post(&format!("/api/v1/collectives/{c}/leave"), json!({}))
            .await
            .0,
        204
    );
    assert_eq!(reqwest::get(&url2).await.unwrap().status(), 404);
}

/// The feed as Python's icalendar reads it, with its occurrences in
/// `[from, to)` expanded by recurring_ical_events (ms since the epoch).
fn python_reads(ics: &str, from: i64, to: i64) -> Value {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/py/bin/python");
    let file = std::env::temp_dir().join(format!("freeco-feed-{}-{from}.ics", std::process::id()));
    std::fs::write(&file, ics).unwrap();
    let script = r#"
import sys, json, datetime, icalendar, recurring_ical_events
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
start = datetime.datetime.fromtimestamp(int(sys.argv[2]) / 1000, datetime.timezone.utc)
end = datetime.datetime.fromtimestamp(int(sys.argv[3]) / 1000, datetime.timezone.utc)
occurrences = [{"summary": str(e.get("SUMMARY")), "start": int(e.decoded("DTSTART").timestamp() * 1000)}
               for e in recurring_ical_events.of(cal).between(start, end) if str(e.get("STATUS")) != "CANCELLED"]
occurrences.sort(key=lambda o: o["start"])
events = cal.walk("VEVENT")
print(json.dumps({
    "occurrences": occurrences,
    "statuses": {str(e.get("SUMMARY")): str(e.get("STATUS")) for e in events},
    "location": {str(e.get("SUMMARY")): str(e.get("LOCATION")) for e in events if e.get("LOCATION")},
    "timezones": sorted(str(t.get("TZID")) for t in cal.walk("VTIMEZONE")),
}))
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&file)
        .arg(from.to_string())
        .arg(to.to_string())
        .output()
        .expect("target/py is missing: run ./scripts/test, which installs it");
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "{}\n{ics}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn the_task_board_tracks_who_does_what(app: &TestApp) {
    let m = people(app, &["Alice", "Bruno", "Chloe"]).await;
    let (c, _) = collective("Épicerie", &[&m[0], &m[1], &m[2]]).await;
    let id = propose(
        &m[0].api,
        json!({"collective_id": c, "title": "Inventaire"}),
    )
    .await;
    m[1].api
        .post(&format!("/api/v1/projects/{id}/join"), json!({}))
        .await;
    // Tasks from the board's form, one given to Bruno.
    let response = m[0]
        .browser
        .post_form(
            &format!("/projects/{id}/tasks"),
            &[
                ("title", "Compter le vrac"),
                ("due_on", "2027-01-15"),
                (&format!("assignee_{}", m[1].id), "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(
        m[1].api
            .notification_texts()
            .await
            .iter()
            .any(|n| n == "Alice gives you the task \"Compter le vrac\" (Inventaire).")
    );
    let (status, t2) = m[1]
        .api
        .post(
            &format!("/api/v1/projects/{id}/tasks"),
            json!({"title": "Étiqueter", "assignees": [m[0].id]}),
        )
        .await;
    assert_eq!(status, 201);
    m[1].api
        .post(
            &format!("/api/v1/projects/{id}/tasks"),
            json!({"title": "Ranger la réserve"}),
        )
        .await;
    // Bad input: an assignee outside the project, a bad date, no title.
    let (status, problem) = m[0]
        .api
        .post(
            &format!("/api/v1/projects/{id}/tasks"),
            json!({"title": "", "due_on": "demain", "assignees": [m[2].id]}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let codes: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"error-task-assignee") && codes.contains(&"error-date"),
        "{problem}"
    );
    // Moves on the board; progress follows.
    let (_, tasks) = m[0].api.get(&format!("/api/v1/projects/{id}/tasks")).await;
    let vrac = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "Compter le vrac")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = m[1]
        .browser
        .post_form(
            &format!("/projects/{id}/tasks/{vrac}/status"),
            &[("status", "done")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, p) = m[0].api.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(
        (p["tasks"].as_i64(), p["tasks_done"].as_i64()),
        (Some(3), Some(1))
    );
    let page = m[0].browser.text(&format!("/projects/{id}")).await;
    assert!(page.contains("33%"), "{page}");
    // "My tasks": on the board and across projects.
    let (_, mine) = m[0]
        .api
        .get(&format!("/api/v1/projects/{id}/tasks?mine=true"))
        .await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["title"], "Étiqueter");
    let board = m[0]
        .browser
        .text(&format!("/projects/{id}/tasks?mine=1"))
        .await;
    assert!(
        board.contains("Étiqueter") && !board.contains("Ranger la réserve"),
        "{board}"
    );
    let list = m[0].browser.text("/projects").await;
    assert!(list.contains("Étiqueter"), "{list}");
    // Editing: anyone in the project; deleting: its creator or a coordinator.
    let t2 = t2["id"].as_str().unwrap().to_owned();
    let (status, _) = m[0].api.call(reqwest::Method::PATCH, &format!("/api/v1/projects/{id}/tasks/{t2}"), Some(json!({"task": {"title": "Étiqueter les bocaux", "status": "doing", "assignees": [m[0].id, m[1].id]}}))).await;
    assert_eq!(status, 204);
    let (status, problem) = m[2]
        .api
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/projects/{id}/tasks/{t2}"),
            Some(json!({"status": "done"})),
        )
        .await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(
        m[0].api
            .call(
                reqwest::Method::DELETE,
                &format!("/api/v1/projects/{id}/tasks/{t2}"),
                None
            )
            .await
            .0,
        204,
        "a coordinator deletes"
    );
    let (status, _) = m[0]
        .api
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/projects/{id}/tasks/{t2}"),
            None,
        )
        .await;
    assert_eq!(status, 404);
}

async fn the_mailing_list_reaches_members_as_they_chose(app: &TestApp) {
    let m = people(app, &["Alice", "Bruno", "Chloe", "Dmitri"]).await;
    let (c, _) = collective("Coopérative", &[&m[0], &m[1], &m[2], &m[3]]).await;
    let id = propose(
        &m[0].api,
        json!({"collective_id": c, "title": "Chantier participatif"}),
    )
    .await;
    for member in &m[1..] {
        member
            .api
            .post(&format!("/api/v1/projects/{id}/join"), json!({}))
            .await;
    }
    // Chloé wants a digest, Dmitri no mail at all.
    assert_eq!(
        m[2].browser
            .post_form(
                &format!("/projects/{id}/list/subscription"),
                &[("mode", "digest")]
            )
            .await
            .status(),
        303
    );
    assert_eq!(
        m[3].api
            .call(
                reqwest::Method::PUT,
                &format!("/api/v1/projects/{id}/subscription"),
                Some(json!({"mode": "off"}))
            )
            .await
            .0,
        200
    );
    // Only a coordinator writes to the list.
    let (status, _) = m[1]
        .api
        .post(
            &format!("/api/v1/projects/{id}/messages"),
            json!({"subject": "Hello", "body": "hi"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, problem) = m[0]
        .api
        .post(
            &format!("/api/v1/projects/{id}/messages"),
            json!({"subject": "", "body": ""}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let response = m[0]
        .browser
        .post_form(
            &format!("/projects/{id}/list"),
            &[
                ("subject", "Samedi 9 h"),
                ("body", "On commence **samedi à 9 h**. Gants fournis."),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Sent to 3 members.")
    );
    // Bruno gets it at once, with a one-click unsubscribe header.
    let mail = app.mail_to("bruno@example.org", "Gants fournis").await;
    assert!(
        mail.contains("[Chantier participatif] Samedi 9 h"),
        "{mail}"
    );
    assert!(
        mail.contains("List-Unsubscribe: <")
            && mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{mail}"
    );
    let unsubscribe = {
        let text = mail
            .replace("=\r\n", "")
            .replace("=\n", "")
            .replace("=3D", "=");
        let at = text
            .find("Unsubscribe from this list: ")
            .expect("unsubscribe line")
            + "Unsubscribe from this list: ".len();
        text[at..].split_whitespace().next().unwrap().to_owned()
    };
    // Chloé's comes in the evening's digest.
    sqlx::query("UPDATE jobs SET run_at = 0 WHERE kind = 'notifications.digest'")
        .execute(app.db.writer())
        .await
        .unwrap();
    let digest = app.mail_to("chloe@example.org", "news today").await;
    assert!(digest.contains("Gants fournis"), "{digest}");
    // The archive is on the project's page.
    let page = m[3].browser.text(&format!("/projects/{id}/list")).await;
    assert!(page.contains("<strong>samedi à 9 h</strong>"), "{page}");
    // Unsubscribing from the mail's link needs no sign-in; so does RFC 8058's one click.
    let anonymous = reqwest::Client::new();
    let page = anonymous.get(&unsubscribe).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let done = anonymous
        .post(&unsubscribe)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    assert_eq!(
        anonymous
            .get(format!("{}/projects/unsubscribe/not-a-token", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let (_, sent) = m[0]
        .api
        .post(
            &format!("/api/v1/projects/{id}/messages"),
            json!({"subject": "Dimanche", "body": "Suite dimanche."}),
        )
        .await;
    assert_eq!(
        sent["recipients"], 2,
        "Alice herself and Chloé's digest: {sent}"
    );
}

async fn skill_commissions_hear_of_projects_that_need_them(app: &TestApp) {
    let m = people(app, &["Alice", "Bruno", "Chloe", "Dmitri"]).await;
    let (c, _) = collective("Ressourcerie", &[&m[0], &m[1], &m[2]]).await;
    // Bruno and Dmitri are accountants; Dmitri is not in the collective.
    assert_eq!(
        m[1].browser
            .post_form(
                "/account/skills",
                &[("skill_accounting", "on"), ("skill_repair", "on")]
            )
            .await
            .status(),
        303
    );
    let (status, _) = m[3]
        .api
        .call(
            reqwest::Method::PUT,
            "/api/v1/me/skills",
            Some(json!({"skills": ["accounting"]})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, problem) = m[3]
        .api
        .call(
            reqwest::Method::PUT,
            "/api/v1/me/skills",
            Some(json!({"skills": ["juggling"]})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let id = propose(
        &m[0].api,
        json!({"collective_id": c, "title": "Bilan annuel", "skills": ["accounting", "law"]}),
    )
    .await;
    // The commission hears of it: Bruno, not Dmitri who cannot see the project.
    let told = |n: &Vec<String>| {
        n.iter()
            .any(|t| t == "The project \"Bilan annuel\" looks for Accounting.")
    };
    assert!(told(&m[1].api.notification_texts().await));
    assert!(!told(&m[3].api.notification_texts().await));
    // The commission's page lists its members and the projects needing it.
    let page = m[2].browser.text("/skills/accounting").await;
    assert!(
        page.contains("Bruno") && page.contains("Dmitri") && page.contains("Bilan annuel"),
        "{page}"
    );
    let (_, commission) = m[3].api.get("/api/v1/skills/accounting").await;
    assert_eq!(
        commission["projects"],
        json!([]),
        "Dmitri cannot see the project: {commission}"
    );
    assert_eq!(m[2].browser.get("/skills/juggling").await.status(), 404);
    let page = m[2].browser.text("/skills").await;
    assert!(page.contains("href=\"/skills/accounting\""), "{page}");
    // Missing skills shrink as members with them join.
    let page = m[0].browser.text(&format!("/projects/{id}")).await;
    assert_eq!(
        page.matches("nobody in the project yet").count(),
        2,
        "{page}"
    );
    m[1].api
        .post(&format!("/api/v1/projects/{id}/join"), json!({}))
        .await;
    let page = m[0].browser.text(&format!("/projects/{id}")).await;
    assert_eq!(
        page.matches("nobody in the project yet").count(),
        1,
        "{page}"
    );
}

async fn members_cannot_reach_another_collectives_projects(app: &TestApp) {
    let m = people(app, &["Alice", "Bruno", "Eve"]).await;
    let (a, _) = collective("Collectif A", &[&m[0], &m[1]]).await;
    let (b, _) = collective("Collectif B", &[&m[2]]).await;
    let ours = propose(
        &m[0].api,
        json!({"collective_id": a, "title": "Projet de A"}),
    )
    .await;
    let theirs = propose(
        &m[2].api,
        json!({"collective_id": b, "title": "Projet de B"}),
    )
    .await;
    // Objects of A's project.
    let (_, thread) = m[0]
        .api
        .post(
            &format!("/api/v1/projects/{ours}/threads"),
            json!({"title": "Sujet", "body": "Texte"}),
        )
        .await;
    let thread = thread["id"].as_str().unwrap().to_owned();
    let (_, task) = m[0]
        .api
        .post(
            &format!("/api/v1/projects/{ours}/tasks"),
            json!({"title": "Tâche"}),
        )
        .await;
    let task = task["id"].as_str().unwrap().to_owned();
    let (_, event) = m[0].api.post(&format!("/api/v1/projects/{ours}/events"), json!({"title": "Réunion", "starts_at": 1_800_000_000_000i64, "ends_at": 1_800_003_600_000i64})).await;
    let event = event["id"].as_str().unwrap().to_owned();
    // Eve (collective B only) is refused everything of A's project.
    for path in [
        format!("/api/v1/projects/{ours}"),
        format!("/api/v1/projects/{ours}/threads"),
        format!("/api/v1/projects/{ours}/threads/{thread}"),
        format!("/api/v1/projects/{ours}/tasks"),
        format!("/api/v1/projects/{ours}/events"),
        format!("/api/v1/projects/{ours}/agenda"),
        format!("/api/v1/projects/{ours}/messages"),
        format!("/api/v1/collectives/{a}/project-rules"),
    ] {
        assert_eq!(m[2].api.get(&path).await.0, 403, "{path}");
    }
    for path in [
        format!("/projects/{ours}"),
        format!("/projects/{ours}/forum"),
        format!("/projects/{ours}/forum/{thread}"),
        format!("/projects/{ours}/agenda"),
        format!("/projects/{ours}/tasks"),
        format!("/projects/{ours}/list"),
    ] {
        assert_eq!(m[2].browser.get(&path).await.status(), 403, "{path}");
    }
    for (method, path, body) in [
        (
            reqwest::Method::POST,
            format!("/api/v1/projects/{ours}/join"),
            json!({}),
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/projects/{ours}/threads"),
            json!({"title": "Sujet", "body": "x"}),
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/projects/{ours}/tasks"),
            json!({"title": "xx"}),
        ),
        (
            reqwest::Method::PATCH,
            format!("/api/v1/projects/{ours}/tasks/{task}"),
            json!({"status": "done"}),
        ),
        (
            reqwest::Method::PUT,
            format!("/api/v1/projects/{ours}/events/{event}/attendance"),
            json!({"occurrence_at": 1_800_000_000_000i64, "answer": "yes"}),
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/projects/{ours}/calendar-feed"),
            json!({}),
        ),
        (
            reqwest::Method::PUT,
            format!("/api/v1/collectives/{a}/project-rules"),
            json!({"validation": "decision"}),
        ),
    ] {
        assert_eq!(
            m[2].api.call(method.clone(), &path, Some(body)).await.0,
            403,
            "{method} {path}"
        );
    }
    // Ids of A's objects under B's project are unknown there.
    for (method, path, body) in [
        (
            reqwest::Method::GET,
            format!("/api/v1/projects/{theirs}/threads/{thread}"),
            None,
        ),
        (
            reqwest::Method::PATCH,
            format!("/api/v1/projects/{theirs}/tasks/{task}"),
            Some(json!({"status": "done"})),
        ),
        (
            reqwest::Method::PATCH,
            format!("/api/v1/projects/{theirs}/events/{event}"),
            Some(json!({"title": "Piraté", "starts_at": 1, "ends_at": 2})),
        ),
        (
            reqwest::Method::DELETE,
            format!("/api/v1/projects/{theirs}/events/{event}"),
            None,
        ),
    ] {
        assert_eq!(
            m[2].api.call(method.clone(), &path, body).await.0,
            404,
            "{method} {path}"
        );
    }
    // A project's id is not a collective of the directory, and a made-up id is not found.
    assert_eq!(
        m[0].api
            .get("/api/v1/projects/0190a1b2-0000-7000-8000-000000000000")
            .await
            .0,
        404
    );
    assert_eq!(
        m[0].api.get(&format!("/api/v1/projects/{a}")).await.0,
        404,
        "a collective is no project"
    );
    // Bruno (in A) may, Eve still may not, B's page of projects.
    assert_eq!(
        m[1].browser
            .get(&format!("/projects/{ours}"))
            .await
            .status(),
        200
    );
}

async fn export_and_erasure_cover_the_projects(app: &TestApp) {
    let m = people(app, &["Alice", "Bruno"]).await;
    let (c, _) = collective("Collectif", &[&m[0], &m[1]]).await;
    let id = propose(
        &m[0].api,
        json!({"collective_id": c, "title": "Projet commun"}),
    )
    .await;
    m[1].api
        .post(&format!("/api/v1/projects/{id}/join"), json!({}))
        .await;
    let (_, thread) = m[1]
        .api
        .post(
            &format!("/api/v1/projects/{id}/threads"),
            json!({"title": "Idées", "body": "Mon idée personnelle"}),
        )
        .await;
    let thread = thread["id"].as_str().unwrap().to_owned();
    let (_, task) = m[0]
        .api
        .post(
            &format!("/api/v1/projects/{id}/tasks"),
            json!({"title": "Tâche de Bruno", "assignees": [m[1].id]}),
        )
        .await;
    assert!(task["id"].is_string());
    let (_, event) = m[0].api.post(&format!("/api/v1/projects/{id}/events"), json!({"title": "Réunion", "starts_at": 1_800_000_000_000i64, "ends_at": 1_800_003_600_000i64})).await;
    let event = event["id"].as_str().unwrap().to_owned();
    m[1].api
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/projects/{id}/events/{event}/attendance"),
            Some(json!({"occurrence_at": 1_800_000_000_000i64, "answer": "yes"})),
        )
        .await;
    m[0].api
        .post(
            &format!("/api/v1/projects/{id}/threads/{thread}/posts"),
            json!({"body": "Bonne idée"}),
        )
        .await;
    m[1].api
        .get(&format!("/api/v1/projects/{id}/threads/{thread}"))
        .await;
    let (_, export) = m[1].api.get("/api/v1/me/export").await;
    let projects = &export["projects"];
    assert_eq!(
        projects["forum_posts"][0]["body"], "Mon idée personnelle",
        "{export}"
    );
    assert_eq!(projects["forum_reads"][0]["thread"], "Idées", "{export}");
    assert_eq!(projects["tasks_assigned"][0]["title"], "Tâche de Bruno");
    assert_eq!(projects["attendance"][0]["answer"], "yes");
    assert_eq!(projects["list_subscriptions"][0]["mode"], "each");
    // Erasure empties what Bruno wrote and removes his answers, keeps the thread.
    let (status, _) = m[1].api.erase_account().await;
    assert_eq!(status, 204);
    let (_, view) = m[0]
        .api
        .get(&format!("/api/v1/projects/{id}/threads/{thread}"))
        .await;
    assert_eq!(view["thread"]["title"], "Idées");
    assert!(!view.to_string().contains("Mon idée personnelle"), "{view}");
    let (_, tasks) = m[0].api.get(&format!("/api/v1/projects/{id}/tasks")).await;
    assert_eq!(tasks[0]["assignees"], json!([]));
    let (_, agenda) = m[0]
        .api
        .get(&format!(
            "/api/v1/projects/{id}/agenda?from=1799990000000&to=1800090000000"
        ))
        .await;
    assert_eq!(agenda[0]["yes"], 0, "{agenda}");
    let reads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM forum_reads WHERE member_id = $1")
        .bind(&m[1].id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(reads, 0, "how far Bruno read is erased");
}

/// After erasure, a dump of the whole database holds neither the address nor
/// the name: not in the mails sent to it, not in others' notifications, not
/// in invitations to it (ARCHITECTURE.md lists what may remain, and why).
async fn an_erased_member_is_nowhere_in_the_database(app: &TestApp) {
    let m = people(app, &["Alice", "Oliver Smith"]).await;
    let (c, _) = collective("Collectif", &[&m[0], &m[1]]).await;
    let id = propose(
        &m[0].api,
        json!({"collective_id": c, "title": "Projet commun"}),
    )
    .await;
    m[1].api
        .post(&format!("/api/v1/projects/{id}/join"), json!({}))
        .await;
    let (status, _) = m[1]
        .api
        .post(
            &format!("/api/v1/projects/{id}/threads"),
            json!({"title": "Idées", "body": "Une idée"}),
        )
        .await;
    assert_eq!(status, 201);
    let (_, org) = m[0]
        .api
        .post(
            "/api/v1/organisations",
            json!({"name": "Ruche", "kind": "independent", "siret": "120 027 016 00019"}),
        )
        .await;
    let org = org["id"].as_str().unwrap().to_owned();
    let (status, _) = m[0]
        .api
        .post(
            &format!("/api/v1/organisations/{org}/invitations"),
            json!({"email": "oliver@example.org", "role": "member"}),
        )
        .await;
    assert_eq!(status, 202);
    let (status, _) = app
        .anonymous_api()
        .post(
            "/api/v1/auth/password/forgot",
            json!({"email": "oliver@example.org"}),
        )
        .await;
    assert!(status < 300);
    app.mails_to("oliver@example.org", "", 2).await;
    // Alice's notice names Oliver while he is a member.
    let (_, notices) = m[0].api.get("/api/v1/me/notifications").await;
    assert!(notices.to_string().contains("Oliver Smith"), "{notices}");

    let (status, _) = m[1].api.erase_account().await;
    assert_eq!(status, 204);
    // The job runner may still be finishing: wait until nothing is pending.
    for _ in 0..100 {
        if kernel::jobs::pending_count(&app.db).await.unwrap() == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let dump = testkit::dump(&app.db).await;
    assert!(dump.contains("Projet commun"), "the dump reads every table");
    for needle in ["oliver@example.org", "Oliver Smith", "Oliver"] {
        let lines: Vec<&str> = dump.lines().filter(|l| l.contains(needle)).collect();
        assert!(lines.is_empty(), "{needle} is still in: {lines:#?}");
    }
    let (_, notices) = m[0].api.get("/api/v1/me/notifications").await;
    assert!(
        notices.to_string().contains('#'),
        "shown by pseudonym: {notices}"
    );
    if app.db.backend() == kernel::db::Backend::Sqlite {
        // Nor in the file's free pages or its write-ahead log.
        let file: String =
            sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
                .fetch_one(app.db.writer())
                .await
                .unwrap();
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(app.db.writer())
            .await
            .unwrap();
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("oliver@example.org") && !text.contains("Oliver Smith"));
    }
}

/// An event planned months ahead is not lost: the page it goes to says
/// when, and shows it in the agenda's window of its day; the agenda pages
/// by three months; the event form offers zones to choose from.
async fn an_event_beyond_the_agenda_window_is_said_linked_and_paged_to(app: &TestApp) {
    let m = people(app, &["Alice"]).await;
    let (c, _) = collective("Atelier vélo", &[&m[0]]).await;
    let id = propose(
        &m[0].api,
        json!({"collective_id": c, "title": "Fête de la réparation"}),
    )
    .await;
    let agenda = format!("/projects/{id}/agenda");
    let form = m[0].browser.text(&agenda).await;
    assert!(
        form.contains("<select id=\"e-tz\" name=\"time_zone\""),
        "a list of zones: {form}"
    );
    assert!(
        form.contains("<option selected>Europe/Paris</option>"),
        "{form}"
    );
    assert!(form.contains("<option>America/Montreal</option>"), "{form}");

    // Ten months from now, far beyond the three months shown first.
    let day = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .date()
        .checked_add(jiff::Span::new().days(300))
        .unwrap();
    let response = m[0]
        .browser
        .post_form(
            &agenda,
            &[
                ("title", "Grande fête de la réparation"),
                ("starts_at", &format!("{day}T14:00")),
                ("ends_at", &format!("{day}T18:00")),
                ("time_zone", "Europe/Paris"),
                ("repeat", "none"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{agenda}?from={day}#o-")),
        "{location}"
    );
    let there = m[0].browser.text(location.split('#').next().unwrap()).await;
    assert!(there.contains("Grande fête de la réparation"), "{there}");
    assert!(
        there.contains("The event is in the agenda, on "),
        "said where it went: {there}"
    );
    // Not in the first three months; three pages later, it is.
    let first = m[0].browser.text(&agenda).await;
    assert!(!first.contains("Grande fête de la réparation"));
    assert!(first.contains("Three months later"), "{first}");
    let mut page = first;
    let mut found = false;
    for _ in 0..4 {
        let later = page
            .split("rel=\"next\"")
            .next()
            .and_then(|before| before.rsplit("href=\"").next())
            .and_then(|href| href.split('"').next())
            .expect("a link to the next months")
            .replace("&#x3d;", "=")
            .to_owned();
        let later = later.split('#').next().unwrap().to_owned();
        page = m[0].browser.text(&format!("{agenda}{later}")).await;
        if page.contains("Grande fête de la réparation") {
            found = true;
            break;
        }
    }
    assert!(found, "paging forward reaches the event");
    assert!(page.contains("Back to today"), "{page}");
    // A date that is no date is refused, said by its field.
    let bad = m[0].browser.get(&format!("{agenda}?from=someday")).await;
    assert_eq!(bad.status(), 422);
}

/// Makes `person` read pages in `lang` and `time_zone`.
async fn speaks(app: &TestApp, person: &Member, name: &str, lang: &str, time_zone: &str) {
    let input = kernel::members::ProfileInput {
        display_name: name.to_owned(),
        bio: String::new(),
        locale: kernel::i18n::Lang::parse(lang).unwrap(),
        time_zone: time_zone.to_owned(),
    };
    kernel::members::update_profile(&app.db, &person.id.as_str().into(), &input)
        .await
        .expect("profile");
    app.db.changed();
}

/// A project's dates, amounts and labels, and the time of an event in a
/// notification, as each reader's language writes them, in its zone.
async fn the_module_pages_speak_the_readers_language(app: &TestApp) {
    let m = people(app, &["Alice", "Bruno", "Chloe"]).await;
    let (c, _) = collective("Jardin des Lilas", &[&m[0], &m[1], &m[2]]).await;
    speaks(app, &m[0], "Alice", "fr", "Europe/Paris").await;
    speaks(app, &m[1], "Bruno", "en", "America/Montreal").await;
    speaks(app, &m[2], "Chloe", "fr", "Europe/Paris").await;
    // Alice types the amount the French way.
    let response = m[0]
        .browser
        .post_form(
            "/projects",
            &[
                ("collective_id", &c),
                ("title", "Serre partagée"),
                ("starts_on", "2027-02-01"),
                ("headcount", "2"),
                ("resource_kind_0", "money"),
                ("resource_label_0", "Bois"),
                ("resource_amount_0", "1 200,50"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let id = response.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/projects/")
        .to_owned();
    let path = format!("/projects/{id}");
    let page = m[0].browser.text(&path).await;
    for said in [
        "1 févr. 2027",
        "Argent : Bois — 1\u{202f}200,50\u{a0}€",
        "2 souhaités",
    ] {
        assert!(page.contains(said), "{said} in {page}");
    }
    let form = m[0].browser.text(&format!("{path}/edit")).await;
    assert!(form.contains("value=\"1200,50\""), "{form}");
    for n in [1, 2] {
        m[n].api
            .post(&format!("/api/v1/projects/{id}/join"), json!({}))
            .await;
    }
    let page = m[1].browser.text(&path).await;
    for said in [
        "1 Feb 2027",
        "Money: Bois — €1,200.50",
        "2 wanted",
        "3 members",
    ] {
        assert!(page.contains(said), "{said} in {page}");
    }

    // An event on 15 January 2027 at 9:00 in Paris, 3:00 in Montreal.
    let (status, event) = m[0]
        .api
        .post(
            &format!("/api/v1/projects/{id}/events"),
            json!({"title": "Chantier", "starts_at": 1_800_000_000_000i64,
                   "ends_at": 1_800_003_600_000i64, "time_zone": "Europe/Paris"}),
        )
        .await;
    assert_eq!(status, 201, "{event}");
    let told = |texts: Vec<String>, said: &str| {
        assert!(
            texts.iter().any(|t| t.contains(said)),
            "{said} in {texts:?}"
        );
    };
    told(
        m[1].api.notification_texts().await,
        "\"Chantier\" on 15 Jan 2027, 3:00\u{202f}am (Serre partagée).",
    );
    told(
        m[2].api.notification_texts().await,
        "« Chantier » le 15 janv. 2027, 09:00 (Serre partagée).",
    );
}

/// The project form starts with one resource row and folded skills; "add a
/// resource" adds a row and keeps what was typed, without a script.
async fn the_project_form_asks_only_what_is_needed(app: &TestApp) {
    let m = people(app, &["Alice"]).await;
    let form = m[0].browser.text("/projects/new").await;
    assert!(form.contains("name=\"resource_label_0\""), "{form}");
    assert!(
        !form.contains("name=\"resource_label_1\""),
        "one row at first"
    );
    assert!(
        form.contains("<details class=\"skills\">"),
        "skills folded: {form}"
    );
    let more = m[0]
        .browser
        .post_form(
            "/projects",
            &[
                ("title", "Serre partagée"),
                ("resource_kind_0", "money"),
                ("resource_label_0", "Bois"),
                ("resource_amount_0", "120"),
                ("skill_carpentry", "on"),
                ("resource_rows", "1"),
                ("redisplay", "add_resource"),
            ],
        )
        .await;
    assert_eq!(more.status(), 200);
    let page = more.text().await.unwrap();
    assert!(
        page.contains("name=\"resource_label_1\""),
        "a second row: {page}"
    );
    assert!(!page.contains("name=\"resource_label_2\""), "{page}");
    assert!(page.contains("value=\"Bois\""), "kept: {page}");
    assert!(page.contains("value=\"Serre partagée\""), "kept");
    assert!(
        page.contains("<details class=\"skills\" open>"),
        "a chosen skill shows: {page}"
    );
    let (_, list) = m[0].api.get("/api/v1/projects").await;
    assert_eq!(list, json!([]), "nothing proposed by adding a row");
}
