//! Attacks tried against a real server, on SQLite and PostgreSQL: each test
//! is one way in that must stay shut.

use testkit::on_both_databases;

use kernel::i18n::Lang;
use serde_json::json;
use testkit::{TestApp, link_in};

on_both_databases!(
    an_unconfirmed_account_cannot_be_taken_over_by_signing_up_first,
    a_password_reset_ends_every_session_token_and_older_link,
    a_members_only_project_is_hidden_from_outsiders,
    forms_carry_the_sessions_own_token_renewed_at_each_sign_in,
    failing_on_purpose_does_not_lock_the_owner_out,
    forgot_password_does_the_same_work_for_any_address,
    metrics_are_the_machines_own,
    a_treasurer_cannot_pay_itself_through_a_budget_alone,
    the_public_log_links_no_two_movements_to_one_wallet,
);
testkit::on_both_backends!(
    a_panic_is_a_readable_server_error,
    secure_instances_set_host_only_cookies,
    metrics_open_with_their_token
);

/// A project of a collective is seen by its collective's members only:
/// outsiders (anonymous or signed in) cannot read its title through the
/// collectives API, nor file a join request into it.
async fn a_members_only_project_is_hidden_from_outsiders(app: &TestApp) {
    let (alice, _) = app.api_member("alice@example.org", "Alice").await;
    let (outsider, _) = app.api_member("olga@example.org", "Olga").await;
    let (_, collective) = alice
        .post(
            "/api/v1/collectives",
            json!({"name": "Jardin", "kind": "association"}),
        )
        .await;
    let collective = collective["id"].as_str().unwrap().to_owned();
    let (status, project) = alice
        .post(
            "/api/v1/projects",
            json!({"collective_id": collective, "title": "Serre secrète"}),
        )
        .await;
    assert_eq!(status, 201, "{project}");
    let id = project["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/collectives/{id}");
    let (status, seen) = alice.get(&path).await;
    assert_eq!(
        (status, seen["name"].as_str()),
        (200, Some("Serre secrète"))
    );
    for (who, client) in [("anonymous", &app.anonymous_api()), ("outsider", &outsider)] {
        let (status, body) = client.get(&path).await;
        assert_eq!(status, 404, "{who}: {body}");
        assert!(!body.to_string().contains("Serre"), "{who}: {body}");
    }
    let (status, _) = outsider
        .post(
            &format!("{path}/join-requests"),
            json!({"message": "hello"}),
        )
        .await;
    assert_eq!(status, 404, "no request into a project one cannot see");
    let (status, problem) = alice
        .post(
            &format!("/api/v1/collectives/{collective}/join-requests"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "already a member: {problem}");
    // Who may see it joins it directly, and is told so when asking.
    let (bob, _) = app.api_member("bob@example.org", "Bob").await;
    assert_eq!(bob.join_by_link(&alice, &collective).await, 200);
    let (status, problem) = bob.post(&format!("{path}/join-requests"), json!({})).await;
    assert_eq!(status, 409);
    assert_eq!(problem["type"], "urn:freeco:problem:join-project-directly");
    // Its pages likewise: the kernel's InGroup extractor lets in who may see
    // it, refuses the others, and knows no unknown project.
    let (stranger, _) = app.member("paul@example.org", "Paul").await;
    let (bea, bea_api, _) = app.member_with_api("bea@example.org", "Bea").await;
    assert_eq!(bea_api.join_by_link(&alice, &collective).await, 200);
    for tab in ["", "/forum", "/agenda", "/tasks", "/list"] {
        let page = format!("/projects/{id}{tab}");
        assert_eq!(stranger.get(&page).await.status(), 403, "{page}");
        assert_eq!(bea.get(&page).await.status(), 200, "{page}");
    }
    assert_eq!(
        stranger.get("/projects/no-such-project").await.status(),
        404
    );
    // The request body of a join-request decision is its own schema.
    let (_, spec) = app.anonymous_api().get("/api/openapi.json").await;
    let body = &spec["paths"]["/api/v1/collectives/{id}/join-requests/{request_id}"]["post"]["requestBody"]
        ["content"]["application/json"]["schema"]["$ref"];
    assert_eq!(body, "#/components/schemas/JoinRequestDecision");
    let schema = &spec["components"]["schemas"]["JoinRequestDecision"];
    assert!(schema["properties"]["decision"].is_object(), "{schema}");
    assert!(spec["components"]["schemas"]["DecisionInput"]["properties"]["question"].is_object());
}

/// The token a signed-in member's forms carry is its session's: another
/// visitor's token (or its own from before signing in) does not pass, and a
/// new sign-in brings a new one.
async fn forms_carry_the_sessions_own_token_renewed_at_each_sign_in(app: &TestApp) {
    kernel::members::create_confirmed(
        &app.db,
        "carla@example.org",
        testkit::PASSWORD,
        "Carla",
        Lang::En,
        false,
    )
    .await
    .unwrap();
    let sign_in = || async {
        let browser = app.visitor(Lang::En).await;
        let before = browser.csrf();
        let login = browser
            .post_form(
                "/login",
                &[
                    ("email", "carla@example.org"),
                    ("password", testkit::PASSWORD),
                ],
            )
            .await;
        assert_eq!(login.status(), 303);
        (browser, before)
    };
    let (first, anonymous_token) = sign_in().await;
    let first_token = first.csrf();
    assert_ne!(first_token, anonymous_token, "rotated at sign-in");
    let page = first.text("/account").await;
    assert!(
        page.contains(&first_token),
        "the pages carry the session's token"
    );
    let (second, _) = sign_in().await;
    assert_ne!(second.csrf(), first_token, "each session has its own");
    let post_with = |browser: &testkit::Browser, token: String| {
        browser
            .client
            .post(app.url("/lang"))
            .form(&[("lang", "fr"), ("csrf", token.as_str())])
            .send()
    };
    for token in [anonymous_token, second.csrf()] {
        let refused = post_with(&first, token).await.unwrap();
        assert_eq!(refused.status(), 403);
    }
    assert_eq!(post_with(&first, first_token).await.unwrap().status(), 303);
}

/// A stranger failing to sign in on purpose, many times, is refused from its
/// own address; the owner, from another, still signs in.
async fn failing_on_purpose_does_not_lock_the_owner_out(app: &TestApp) {
    kernel::members::create_confirmed(
        &app.db,
        "owen@example.org",
        testkit::PASSWORD,
        "Owen",
        Lang::En,
        false,
    )
    .await
    .unwrap();
    let attacker = app.visitor_from(Lang::En, "203.0.113.66").await;
    async fn attempt(browser: &testkit::Browser, password: &str) -> u16 {
        browser
            .post_form(
                "/login",
                &[("email", "owen@example.org"), ("password", password)],
            )
            .await
            .status()
            .as_u16()
    }
    for _ in 0..10 {
        assert_eq!(attempt(&attacker, "guessing wrong").await, 422);
    }
    // Its own address is refused now, even with the right password.
    assert_eq!(attempt(&attacker, "guessing wrong").await, 429);
    assert_eq!(attempt(&attacker, testkit::PASSWORD).await, 429);
    let owner = app.visitor_from(Lang::En, "198.51.100.7").await;
    assert_eq!(attempt(&owner, testkit::PASSWORD).await, 303);
}

/// "Forgot password" answers alike for a registered address and an unknown
/// one, and does the same work in the request for both: it enqueues one
/// job, which looks the address up later.
async fn forgot_password_does_the_same_work_for_any_address(app: &TestApp) {
    app.member("known@example.org", "Known").await;
    let api = app.anonymous_api();
    let jobs = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM jobs WHERE kind = 'member.reset'")
            .fetch_one(app.db.pool())
            .await
            .unwrap()
    };
    let mut answers = Vec::new();
    for email in ["known@example.org", "unknown@example.org"] {
        let before = jobs().await;
        let answer = api
            .post("/api/v1/auth/password/forgot", json!({"email": email}))
            .await;
        assert_eq!(jobs().await, before + 1, "{email}");
        answers.push(answer);
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0].0, 202);
    // The job sends the link to the member only.
    app.mail_to("known@example.org", "/password/reset?token=")
        .await;
}

/// `/metrics` is read from the machine itself; a visitor from elsewhere
/// (through the proxy) is refused.
async fn metrics_are_the_machines_own(app: &TestApp) {
    let local = reqwest::get(app.url("/metrics")).await.unwrap();
    assert_eq!(local.status(), 200);
    let remote = app.visitor_from(Lang::En, "203.0.113.9").await;
    let refused = remote.get("/metrics").await;
    assert_eq!(refused.status(), 403);
    assert!(
        !refused
            .text()
            .await
            .unwrap()
            .contains("freeco_http_requests_total")
    );
}

/// With a token set, `/metrics` opens to whoever holds it, from anywhere.
async fn metrics_open_with_their_token(backend: testkit::Backend) {
    let app = TestApp::spawn_with(backend, |s| {
        s.metrics_token = Some("a-long-enough-metrics-token".into())
    })
    .await;
    let remote = app.visitor_from(Lang::En, "203.0.113.9").await;
    let with = |token: &str| {
        remote
            .client
            .get(app.url("/metrics"))
            .bearer_auth(token)
            .send()
    };
    assert_eq!(
        with("a-long-enough-metrics-token").await.unwrap().status(),
        200
    );
    assert_eq!(
        with("a-wrong-metrics-token-000").await.unwrap().status(),
        403
    );
    app.stop().await;
}

/// Served over https, the session and CSRF cookies are `__Host-` cookies:
/// secure, for the whole site, on this host only.
async fn secure_instances_set_host_only_cookies(backend: testkit::Backend) {
    let app = TestApp::spawn_with(backend, |s| {
        s.base_url = "https://coop.example.org/".parse().unwrap()
    })
    .await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client.get(app.url("/login")).send().await.unwrap();
    let cookie = page.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-freeco_csrf="), "{cookie}");
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
    kernel::members::create_confirmed(
        &app.db,
        "hana@example.org",
        testkit::PASSWORD,
        "Hana",
        Lang::En,
        false,
    )
    .await
    .unwrap();
    let csrf = cookie["__Host-freeco_csrf=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let login = client
        .post(app.url("/login"))
        .header("cookie", format!("__Host-freeco_csrf={csrf}"))
        .form(&[
            ("email", "hana@example.org"),
            ("password", testkit::PASSWORD),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
    let session = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.contains("freeco_session"))
        .expect("a session cookie");
    assert!(session.starts_with("__Host-freeco_session="), "{session}");
    assert!(
        session.contains("Secure") && session.contains("HttpOnly"),
        "{session}"
    );
    app.stop().await;
}

/// Mallory signs up with Victor's address and never confirms. When Victor
/// signs up, his password and name replace hers, her link stops working,
/// and his link confirms only with his password: Mallory's never opens the
/// account.
async fn an_unconfirmed_account_cannot_be_taken_over_by_signing_up_first(app: &TestApp) {
    let mallory = app.visitor(Lang::En).await;
    let signup = |name: &'static str, password: &'static str| {
        [
            ("display_name", name),
            ("email", "victor@example.org"),
            ("password", password),
        ]
    };
    let early = mallory
        .post_form("/signup", &signup("Mallory", "mallory's own password"))
        .await;
    assert_eq!(early.status(), 200);
    let victor = app.visitor(Lang::En).await;
    let own = victor
        .post_form("/signup", &signup("Victor", "victor's own password"))
        .await;
    assert_eq!(own.status(), 200);
    let mails = app
        .mails_to("victor@example.org", "/confirm?token=", 2)
        .await;
    let link_of = |name: &str| {
        let mail = mails
            .iter()
            .find(|m| m.contains(&format!("Hello {name}")))
            .unwrap_or_else(|| panic!("the mail of {name}'s sign-up"));
        link_in(mail, "/confirm?token=")
    };
    let (mallorys_link, victors_link) = (link_of("Mallory"), link_of("Victor"));
    // The earlier sign-up's link no longer confirms anything.
    let ended = victor
        .confirm(&mallorys_link, "victor's own password")
        .await;
    assert_eq!(ended.status(), 422);
    assert!(
        ended
            .text()
            .await
            .unwrap()
            .contains("This link is invalid or has expired")
    );
    // The latest link with the earlier password does not either.
    let refused = victor
        .confirm(&victors_link, "mallory's own password")
        .await;
    assert_eq!(refused.status(), 422);
    let confirmed = victor.confirm(&victors_link, "victor's own password").await;
    assert_eq!(confirmed.status(), 303);
    assert!(victor.text("/").await.contains("Victor"));
    let login = |password: &'static str| async move {
        app.visitor(Lang::En)
            .await
            .post_form(
                "/login",
                &[("email", "victor@example.org"), ("password", password)],
            )
            .await
            .status()
    };
    assert_eq!(login("mallory's own password").await, 422);
    assert_eq!(login("victor's own password").await, 303);

    // Through the API, the same: the token alone does not confirm.
    let api = app.anonymous_api();
    let (status, _) = api
        .post(
            "/api/v1/auth/signup",
            json!({"email": "wanda@example.org", "password": "wanda's own password", "display_name": "Wanda"}),
        )
        .await;
    assert_eq!(status, 202);
    let mail = app.mail_to("wanda@example.org", "/confirm?token=").await;
    let token = link_in(&mail, "/confirm?token=")
        .split("token=")
        .nth(1)
        .expect("token")
        .to_owned();
    let (status, problem) = api
        .post(
            "/api/v1/auth/confirm",
            json!({"token": token, "password": "not wanda's password"}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "password");
    let (status, _) = api
        .post(
            "/api/v1/auth/confirm",
            json!({"token": token, "password": "wanda's own password"}),
        )
        .await;
    assert_eq!(status, 204);
}

/// Whoever knew the old password may hold a session or a token made with
/// it: a reset ends them all, and every other reset link, and says so.
async fn a_password_reset_ends_every_session_token_and_older_link(app: &TestApp) {
    let (browser, api, _) = app.member_with_api("rita@example.org", "Rita").await;
    assert_eq!(api.get("/api/v1/me").await.0, 200);
    let visitor = app.visitor(Lang::En).await;
    for _ in 0..2 {
        let asked = visitor
            .post_form("/password/forgot", &[("email", "rita@example.org")])
            .await;
        assert_eq!(asked.status(), 200);
    }
    let mails = app
        .mails_to("rita@example.org", "/password/reset?token=", 2)
        .await;
    let tokens: Vec<String> = mails
        .iter()
        .map(|m| {
            link_in(m, "/password/reset?token=")
                .split("token=")
                .nth(1)
                .expect("token")
                .to_owned()
        })
        .collect();
    let reset = |token: String| {
        let visitor = &visitor;
        async move {
            visitor
                .post_form(
                    "/password/reset",
                    &[("token", &token), ("password", "a brand new password")],
                )
                .await
                .status()
        }
    };
    // Only the latest link works: one of the two is refused, the other
    // changes the password, and after it neither works.
    let first = reset(tokens[0].clone()).await;
    let second = reset(tokens[1].clone()).await;
    let mut outcomes = [first.as_u16(), second.as_u16()];
    outcomes.sort();
    assert_eq!(outcomes, [200, 422], "one link refused, one used");
    for token in &tokens {
        assert_eq!(reset(token.clone()).await, 422, "no link works twice");
    }
    assert_eq!(api.get("/api/v1/me").await.0, 401, "the token was revoked");
    assert!(
        !browser.text("/").await.contains("Rita"),
        "the session was ended"
    );
    let told = app
        .mail_to("rita@example.org", "Your Freeco password was changed")
        .await;
    assert!(told.contains("API token"), "{told}");
}

/// A treasurer opens a budget, votes, and its proposal is the only one
/// funded: the money waits for another treasurer or coordinator, who may
/// refuse it. The rules that make decisions slow are the coordinators', and
/// never below a day and a tenth of the voters.
async fn a_treasurer_cannot_pay_itself_through_a_budget_alone(app: &TestApp) {
    let amap = app
        .collective("AMAP", "amap")
        .people(&["Coordinator", "Treasurer", "Member"])
        .role(1, "treasurer")
        .wallet(0, "100")
        .treasury("90")
        .build()
        .await;
    let c = &amap.id;
    let [coordinator, treasurer, member] = &amap.people[..] else {
        unreachable!()
    };
    let (treasurer_id, member_id) = (&treasurer.id, &member.id);
    let (coordinator, treasurer, member) = (&coordinator.api, &treasurer.api, &member.api);
    // The rules: coordinators only, and never below their floor.
    let rules = format!("/api/v1/collectives/{c}/decision-rules");
    async fn set(
        api: &testkit::Api,
        rules: &str,
        hours: u32,
        quorum: u32,
    ) -> (u16, serde_json::Value) {
        let body =
            json!({"acting": {"min_hours": hours, "min_quorum": quorum}, "college_results_min": 5});
        api.call(reqwest::Method::PUT, rules, Some(body)).await
    }
    assert_eq!(set(member, &rules, 48, 50).await.0, 403);
    let (status, problem) = set(coordinator, &rules, 1, 0).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["min_hours", "min_quorum"]);
    assert_eq!(set(coordinator, &rules, 48, 50).await.0, 204);
    let (_, collective) = member.get(&format!("/api/v1/collectives/{c}")).await;
    assert_eq!(
        collective["acting_rules"],
        json!({"min_hours": 48, "min_quorum": 50})
    );
    // Below the collective's quorum, a budget does not open.
    let budget = |quorum: u32| {
        json!({"question": "Paniers solidaires", "method": {"kind": "budget", "envelope": 5000, "budget": 5000},
        "options": [{"label": "Ma part", "cost": 5000, "recipient": {"kind": "member", "id": treasurer_id}},
                    {"label": "Sa part", "cost": 5000, "recipient": {"kind": "member", "id": member_id}}],
        "allocate": true, "quorum_percent": quorum, "closes_at": testkit::now_ms() + 3 * 24 * 3600 * 1000})
    };
    let (status, problem) = treasurer
        .post(&format!("/api/v1/collectives/{c}/decisions"), budget(25))
        .await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["code"], "error-decision-acting-quorum");
    let (status, d) = treasurer
        .post(&format!("/api/v1/collectives/{c}/decisions"), budget(50))
        .await;
    assert_eq!(status, 201, "{d}");
    let id = d["id"].as_str().unwrap().to_owned();
    assert_eq!(
        d["allocation_approval"],
        serde_json::Value::Null,
        "below the threshold"
    );
    for api in [&treasurer, &member] {
        let (status, r) = api
            .post(
                &format!("/api/v1/decisions/{id}/ballot"),
                json!({"ballot": {"allocation": [5000, 0]}}),
            )
            .await;
        assert_eq!(status, 201, "{r}");
    }
    app.let_decision_close(&id).await;
    let d = treasurer.closed_decision(&id).await;
    assert_eq!(d["result"]["tally"]["funded"], json!([0]), "{d}");
    // All of it would go to its opener: it waits for someone else.
    assert_eq!(d["allocation_approval"], "needed", "{d}");
    assert_eq!(d["effect_outcome"]["awaiting_approval"], true);
    let (_, wallet) = treasurer.get("/api/v1/me/wallet").await;
    assert_eq!(wallet["balance"], 0, "nothing paid yet");
    assert!(
        coordinator
            .notification_texts()
            .await
            .iter()
            .any(|t| t.contains("waits for a second treasurer or coordinator")),
        "the coordinator is told"
    );
    let path = format!("/api/v1/decisions/{id}/allocation");
    let (status, _) = treasurer.post(&path, json!({"approve": true})).await;
    assert_eq!(status, 409);
    let (status, refused) = coordinator.post(&path, json!({"approve": false})).await;
    assert_eq!(status, 200, "{refused}");
    assert_eq!(refused["allocation_approval"], "refused");
    assert_eq!(refused["effect_outcome"]["done"], false);
    let (_, treasury) = member
        .get(&format!("/api/v1/collectives/{c}/treasury"))
        .await;
    assert_eq!(treasury["balance"], 9000, "everything back: {treasury}");
    let (_, wallet) = treasurer.get("/api/v1/me/wallet").await;
    assert_eq!(wallet["balance"], 0);
    kernel::money::check(&app.db).await.unwrap();
}

/// The log names a transfer's sides by commitments: no account id, no value
/// seen twice, and only the wallet's owner (a treasurer, for a treasury),
/// holding its proof key, finds exactly its own entries.
async fn the_public_log_links_no_two_movements_to_one_wallet(app: &TestApp) {
    let amap = app
        .collective("AMAP", "amap")
        .people(&["Alice", "Bob"])
        .build()
        .await;
    let (c, alice_id, bob_id) = (&amap.id, &amap.people[0].id, &amap.people[1].id);
    let (alice, bob) = (&amap.people[0].api, &amap.people[1].api);
    for (id, amount) in [("t1", "50"), ("t2", "20")] {
        let body = json!({"id": id, "amount": amount, "provider": "demo"});
        assert_eq!(alice.post("/api/v1/me/wallet/topups", body).await.0, 201);
    }
    for id in ["p1", "p2"] {
        let body = json!({"id": id, "to_member": bob_id, "amount": "5", "message": "légumes"});
        assert_eq!(alice.post("/api/v1/me/wallet/payments", body).await.0, 201);
    }
    let body = json!({"id": "dues", "collective_id": c, "amount": "10", "message": "cotisation"});
    assert_eq!(
        alice
            .post("/api/v1/me/wallet/collective-payments", body)
            .await
            .0,
        201
    );

    let (_, log) = alice.get("/api/v1/log/entries").await;
    let transfers: Vec<(u64, serde_json::Value)> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["index"].as_u64().unwrap(),
                serde_json::from_str(e["body"].as_str().unwrap()).unwrap(),
            )
        })
        .filter(|(_, body): &(u64, serde_json::Value)| body["type"] == "ledger.transfer")
        .collect();
    assert!(
        transfers.len() >= 7,
        "two top-ups, two payments, a payment with its fee: {log}"
    );
    let (_, alice_wallet) = alice.get("/api/v1/me/wallet").await;
    let (_, bob_wallet) = bob.get("/api/v1/me/wallet").await;
    let text = log.to_string();
    for id in [&alice_id, &bob_id, &c] {
        assert!(!text.contains(id.as_str()));
    }
    for wallet in [&alice_wallet, &bob_wallet] {
        assert!(!text.contains(wallet["account_id"].as_str().unwrap()));
    }
    let mut seen = std::collections::HashSet::new();
    for (_, body) in &transfers {
        assert!(seen.insert(body["debit"].to_string()) && seen.insert(body["credit"].to_string()));
    }
    // With its key, each finds what its statement lists, and nothing else.
    let mine = |key: &str, side: &str| -> std::collections::BTreeSet<u64> {
        transfers
            .iter()
            .filter(|(_, b)| {
                kernel::money::commitment(key, side, b["nonce"].as_str().unwrap()) == b[side]
            })
            .map(|(index, _)| *index)
            .collect()
    };
    for (api, wallet) in [(&alice, &alice_wallet), (&bob, &bob_wallet)] {
        let key = wallet["proof_key"].as_str().unwrap();
        let (_, lines) = api.get("/api/v1/me/wallet/statement").await;
        let listed = |outgoing: bool| -> std::collections::BTreeSet<u64> {
            lines
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| (l["amount"].as_i64().unwrap() < 0) == outgoing)
                .map(|l| l["log_index"].as_u64().unwrap())
                .collect()
        };
        assert_eq!(mine(key, "debit"), listed(true), "{lines}");
        assert_eq!(mine(key, "credit"), listed(false), "{lines}");
        assert!(!listed(false).is_empty());
    }
    // The treasury's key is for its treasurers only.
    let treasury = format!("/api/v1/collectives/{c}/treasury");
    let (_, seen_by_member) = bob.get(&treasury).await;
    assert!(seen_by_member["proof_key"].is_null(), "{seen_by_member}");
    let (status, _) = alice
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/collectives/{c}/members/{bob_id}"),
            Some(json!({"role": "treasurer"})),
        )
        .await;
    assert_eq!(status, 204);
    let (_, seen_by_treasurer) = bob.get(&treasury).await;
    let key = seen_by_treasurer["proof_key"].as_str().unwrap();
    let lines: std::collections::BTreeSet<u64> = seen_by_treasurer["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["log_index"].as_u64().unwrap())
        .collect();
    assert_eq!(mine(key, "credit"), lines);
    assert_eq!(lines.len(), 1);
}

/// A handler that panics answers 500 in the page's language (a page, or a
/// problem on the API), and the server goes on serving.
async fn a_panic_is_a_readable_server_error(backend: testkit::Backend) {
    let app = TestApp::spawn_with_test_routes(backend).await;
    let visitor = app.visitor(Lang::Fr).await;
    let response = visitor.get("/test/panic").await;
    assert_eq!(response.status(), 500);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("<html") && page.contains("lang=\"fr\""),
        "{page}"
    );
    assert!(
        !page.contains("on purpose"),
        "the panic's text is logged, not shown: {page}"
    );
    let (status, problem) = app.anonymous_api().get("/api/v1/test/panic").await;
    assert_eq!(status, 500);
    assert_eq!(problem["status"], 500, "{problem}");
    assert!(problem["title"].is_string());
    assert_eq!(app.anonymous_api().get("/api/v1/log/key").await.0, 200);
    app.stop().await;
}
