//! The pages members live in, through HTTP on SQLite and PostgreSQL: the
//! account's address and password, what visitors see, projects apart from
//! collectives, and the transparency log in words.

use testkit as support;
use testkit::on_both_databases;

use kernel::i18n::Lang;
use reqwest::Method;
use serde_json::json;
use support::{PASSWORD, TestApp, link_in};

on_both_databases!(
    a_member_changes_its_password_and_its_other_sessions_end,
    an_address_changes_only_once_the_link_mailed_to_it_is_followed,
    an_address_taken_by_another_account_is_refused_by_mail_only,
    the_api_changes_the_password_and_the_address,
    visitors_see_the_instance_its_public_collectives_and_its_fees,
    projects_are_listed_as_projects_not_as_collectives,
    the_transparency_page_lists_movements_and_opens_readable_entries,
);

const NEW_PASSWORD: &str = "an even longer password";

/// The status of a sign-in with these credentials (303: signed in).
async fn sign_in(app: &TestApp, email: &str, password: &str) -> u16 {
    let browser = app.visitor(Lang::En).await;
    let response = browser
        .post_form("/login", &[("email", email), ("password", password)])
        .await;
    response.status().as_u16()
}

async fn a_member_changes_its_password_and_its_other_sessions_end(app: &TestApp) {
    let (alice, _) = app.member("alice@example.org", "Alice").await;
    let elsewhere = app.visitor(Lang::En).await;
    let response = elsewhere
        .post_form(
            "/login",
            &[("email", "alice@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 303);
    // The rule is stated before anyone fails it.
    let page = alice.text("/account").await;
    assert!(page.contains("At least 10 characters."), "{page}");

    let wrong = alice
        .post_form(
            "/account/password",
            &[
                ("current_password", "not the password"),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let page = wrong.text().await.unwrap();
    assert!(
        page.contains("This password is not the right one."),
        "{page}"
    );
    let short = alice
        .post_form(
            "/account/password",
            &[("current_password", PASSWORD), ("new_password", "short")],
        )
        .await;
    assert_eq!(short.status(), 422);
    let page = short.text().await.unwrap();
    assert!(page.contains("at least 10 characters"), "{page}");
    assert_eq!(sign_in(app, "alice@example.org", PASSWORD).await, 303);

    let changed = alice
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(changed.status(), 303);
    let account = alice.text("/account").await;
    assert!(
        account.contains("Your password has been changed"),
        "{account}"
    );
    // This session stays; the one opened elsewhere with the old password ends.
    assert!(alice.text("/").await.contains("Hello Alice"));
    assert!(!elsewhere.text("/").await.contains("Hello Alice"));
    let signed_out = elsewhere.get("/account").await;
    assert_eq!(signed_out.status(), 303);
    assert!(
        signed_out.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    assert_eq!(sign_in(app, "alice@example.org", PASSWORD).await, 422);
    assert_eq!(sign_in(app, "alice@example.org", NEW_PASSWORD).await, 303);
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM members WHERE email = 'alice@example.org'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    app.mail_to("alice@example.org", "changed from its account page")
        .await;
}

/// The current address of the member of this API client.
async fn address_of(api: &support::Api) -> String {
    let (_, me) = api.get("/api/v1/me").await;
    me["email"].as_str().unwrap().to_owned()
}

async fn an_address_changes_only_once_the_link_mailed_to_it_is_followed(app: &TestApp) {
    let (alice, api, _) = app.member_with_api("alice@example.org", "Alice").await;
    let alice = &alice;
    let ask = |password: &'static str, email: &'static str| async move {
        let fields = [("email", email), ("current_password", password)];
        alice.post_form("/account/email", &fields).await
    };
    let wrong = ask("not the password", "alice@new.example.org").await;
    assert_eq!(wrong.status(), 422);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("This password is not the right one.")
    );
    let same = ask(PASSWORD, "Alice@Example.org").await;
    assert_eq!(same.status(), 422);
    assert!(
        same.text()
            .await
            .unwrap()
            .contains("This is already your address.")
    );
    let invalid = ask(PASSWORD, "not an address").await;
    assert_eq!(invalid.status(), 422);

    let asked = ask(PASSWORD, "alice@new.example.org").await;
    assert_eq!(asked.status(), 303);
    let page = alice.text("/account").await;
    assert!(
        page.contains("We have sent a link to the new address."),
        "{page}"
    );
    assert!(
        page.contains("A link was sent to alice@new.example.org"),
        "{page}"
    );
    let mail = app
        .mail_to("alice@new.example.org", "/account/email/confirm?token=")
        .await;
    let link = link_in(&mail, "/account/email/confirm?token=");
    // Nothing changed yet, and opening the link changes nothing either.
    let opened = app.visitor(Lang::Fr).await;
    let form = opened.text(&link).await;
    assert!(form.contains("Confirmer ma nouvelle adresse"), "{form}");
    assert_eq!(address_of(&api).await, "alice@example.org");
    assert_eq!(sign_in(app, "alice@new.example.org", PASSWORD).await, 422);
    assert_eq!(sign_in(app, "alice@example.org", PASSWORD).await, 303);
    let export = alice.text("/account/export.json").await;
    let export: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(export["pending_email"]["email"], "alice@new.example.org");

    // Following it, from wherever the mail was read, makes the change.
    let token = link.rsplit('=').next().unwrap();
    let confirmed = opened
        .post_form("/account/email/confirm", &[("token", token)])
        .await;
    assert_eq!(confirmed.status(), 200);
    assert!(confirmed.text().await.unwrap().contains("Adresse changée"));
    assert_eq!(address_of(&api).await, "alice@new.example.org");
    assert_eq!(sign_in(app, "alice@new.example.org", PASSWORD).await, 303);
    assert_eq!(sign_in(app, "alice@example.org", PASSWORD).await, 422);
    app.mail_to("alice@example.org", "was just changed to another one")
        .await;
    // The link works once, and the page says so in its language.
    let again = opened
        .post_form("/account/email/confirm", &[("token", token)])
        .await;
    assert_eq!(again.status(), 422);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("Ce lien est invalide ou a expiré.")
    );
    assert!(!alice.text("/account").await.contains("A link was sent"));

    // A change still waiting is personal data: erasure takes it.
    assert_eq!(ask(PASSWORD, "alice@third.example.org").await.status(), 303);
    let (status, body) = api
        .call(
            Method::DELETE,
            "/api/v1/me",
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM email_tokens WHERE email IS NOT NULL")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
}

/// Asking for another account's address answers as for a free one (as
/// sign-up does); only the mail to that address says why nothing happens.
async fn an_address_taken_by_another_account_is_refused_by_mail_only(app: &TestApp) {
    let (alice, api, _) = app.member_with_api("alice@example.org", "Alice").await;
    app.member("bob@example.org", "Bob").await;
    let free = alice
        .post_form(
            "/account/email",
            &[
                ("email", "alice@free.example.org"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    let taken = alice
        .post_form(
            "/account/email",
            &[("email", "bob@example.org"), ("current_password", PASSWORD)],
        )
        .await;
    assert_eq!(free.status(), taken.status());
    let (free, taken) = (free.text().await.unwrap(), taken.text().await.unwrap());
    assert_eq!(
        free.replace("alice@free.example.org", ""),
        taken.replace("bob@example.org", "")
    );
    let mail = app.mail_to("bob@example.org", "already uses it").await;
    assert!(!mail.contains("/account/email/confirm"), "{mail}");
    assert_eq!(address_of(&api).await, "alice@example.org");
    // The earlier link no longer works: only the latest asking counts.
    let mail = app
        .mail_to("alice@free.example.org", "/account/email/confirm?token=")
        .await;
    let link = link_in(&mail, "/account/email/confirm?token=");
    let token = link.rsplit('=').next().unwrap();
    let (status, _) = app
        .anonymous_api()
        .post("/api/v1/auth/email/confirm", json!({"token": token}))
        .await;
    assert_eq!(status, 400);
    assert_eq!(address_of(&api).await, "alice@example.org");
}

async fn the_api_changes_the_password_and_the_address(app: &TestApp) {
    let (browser, api, _) = app.member_with_api("alice@example.org", "Alice").await;
    let (status, problem) = api
        .post(
            "/api/v1/me/password",
            json!({"current_password": "not the password", "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "current_password");
    assert_eq!(problem["errors"][0]["code"], "error-password-wrong");
    let (status, body) = api
        .post(
            "/api/v1/me/password",
            json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    // Every browser session ended; the token keeps working.
    assert!(!browser.text("/").await.contains("Hello Alice"));
    assert_eq!(address_of(&api).await, "alice@example.org");

    let (status, body) = api
        .post(
            "/api/v1/me/email",
            json!({"email": "alice@new.example.org", "current_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(address_of(&api).await, "alice@example.org");
    let mail = app
        .mail_to("alice@new.example.org", "/account/email/confirm?token=")
        .await;
    let link = link_in(&mail, "/account/email/confirm?token=");
    let token = link.rsplit('=').next().unwrap();
    let (status, body) = app
        .anonymous_api()
        .post("/api/v1/auth/email/confirm", json!({"token": token}))
        .await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(address_of(&api).await, "alice@new.example.org");

    let (_, spec) = app.anonymous_api().get("/api/openapi.json").await;
    for path in [
        "/api/v1/me/password",
        "/api/v1/me/email",
        "/api/v1/auth/email/confirm",
    ] {
        assert!(spec["paths"][path]["post"].is_object(), "{path}");
    }
}

/// Proposes a project through the API; returns its id.
async fn propose(api: &support::Api, body: serde_json::Value) -> String {
    let (status, project) = api.post("/api/v1/projects", body).await;
    assert_eq!(status, 201, "{project}");
    project["id"].as_str().unwrap().to_owned()
}

async fn visitors_see_the_instance_its_public_collectives_and_its_fees(app: &TestApp) {
    let jardin = app
        .collective("Jardin des Lilas", "association")
        .people(&["Alice"])
        .build()
        .await;
    let alice = &jardin.people[0].api;
    propose(alice, json!({"title": "Fête du quartier"})).await;
    propose(
        alice,
        json!({"collective_id": jardin.id, "title": "Serre des Lilas"}),
    )
    .await;

    let visitor = app.visitor(Lang::En).await;
    let home = visitor.text("/").await;
    assert!(home.contains("Organise your local economy"), "{home}");
    assert!(home.contains("Jardin des Lilas"), "{home}");
    assert!(
        home.contains(&format!("href=\"/collectives/{}\"", jardin.slug)),
        "{home}"
    );
    // A project of the whole instance is open to every member; one of a
    // collective is its members' only.
    assert!(home.contains("Fête du quartier"), "{home}");
    assert!(!home.contains("Serre des Lilas"), "{home}");
    assert!(
        home.contains("technical fee of 5% on top, a payment between members 0%. 20% of every fee"),
        "{home}"
    );
    let french = app.visitor(Lang::Fr).await.text("/").await;
    assert!(
        french.contains("frais techniques de 5\u{202f}% en plus"),
        "{french}"
    );

    let page = visitor.text(&format!("/collectives/{}", jardin.slug)).await;
    let join = format!("href=\"/login?next=/collectives/{}\"", jardin.slug);
    assert!(page.contains(&join), "{page}");
    assert!(page.contains("Sign in to join"), "{page}");
    // Signing in there comes back to the collective.
    let login = visitor
        .text(&format!("/login?next=/collectives/{}", jardin.slug))
        .await;
    assert!(login.contains(&format!("value=\"/collectives/{}\"", jardin.slug)));
    kernel::members::create_confirmed(&app.db, "bob@example.org", PASSWORD, "Bob", Lang::En, false)
        .await
        .unwrap();
    let back = visitor
        .post_form(
            "/login",
            &[
                ("email", "bob@example.org"),
                ("password", PASSWORD),
                ("next", &format!("/collectives/{}", jardin.slug)),
            ],
        )
        .await;
    assert_eq!(back.status(), 303);
    assert_eq!(
        back.headers()["location"],
        format!("/collectives/{}", jardin.slug).as_str()
    );
    // Signed in, the page offers to ask, no longer to sign in.
    let page = visitor.text(&format!("/collectives/{}", jardin.slug)).await;
    assert!(!page.contains("Sign in to join"), "{page}");
    assert!(page.contains("Ask to join"), "{page}");
}

async fn projects_are_listed_as_projects_not_as_collectives(app: &TestApp) {
    let jardin = app
        .collective("Jardin des Lilas", "association")
        .people(&["Alice"])
        .build()
        .await;
    let alice = &jardin.people[0];
    let project = propose(
        &alice.api,
        json!({"collective_id": jardin.id, "title": "Serre des Lilas"}),
    )
    .await;

    let home = alice.browser.text("/").await;
    let (collectives, rest) = home
        .split_once("id=\"my-projects\"")
        .expect("a list of projects");
    assert!(collectives.contains("Jardin des Lilas"), "{home}");
    assert!(!collectives.contains("Serre des Lilas"), "{home}");
    let projects = rest.split("id=\"my-orgs\"").next().unwrap();
    assert!(
        projects.contains(&format!("href=\"/projects/{project}\">Serre des Lilas")),
        "{home}"
    );

    let directory = alice.browser.text("/collectives").await;
    assert!(directory.contains("Jardin des Lilas"), "{directory}");
    assert!(!directory.contains("Serre des Lilas"), "{directory}");
    let (_, listed) = alice.api.get("/api/v1/collectives").await;
    assert!(!listed.to_string().contains("Serre des Lilas"), "{listed}");

    // The wallet pays either, each under its own heading.
    let wallet = alice.browser.text("/wallet").await;
    let select = wallet
        .split("name=\"collective_id\"")
        .nth(1)
        .and_then(|s| s.split("</select>").next())
        .expect("the select of collectives");
    let (collectives, projects) = select
        .split_once("label=\"Projects\"")
        .expect("a group of projects");
    assert!(collectives.contains(&format!("value=\"{}\">Jardin des Lilas", jardin.id)));
    assert!(!collectives.contains("Serre des Lilas"), "{select}");
    assert!(
        projects.contains(&format!("value=\"{project}\">Serre des Lilas")),
        "{select}"
    );
}

async fn the_transparency_page_lists_movements_and_opens_readable_entries(app: &TestApp) {
    let (browser, api, id) = app
        .member_with_api("alice@example.org", "Alice Martin")
        .await;
    let (status, body) = api
        .post(
            "/api/v1/me/wallet/topups",
            json!({"id": "t", "amount": "12.34", "provider": "demo"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (_, statement) = api.get("/api/v1/me/wallet/statement").await;
    let index = statement[0]["log_index"].as_u64().expect("log index");

    let visitor = app.visitor(Lang::En).await;
    let page = visitor.text("/transparency").await;
    let (_, latest) = page
        .split_once("Latest movements and decisions")
        .expect("the list");
    let latest = latest.split("</table>").next().unwrap();
    assert!(latest.contains("€12.34"), "{latest}");
    assert!(latest.contains("Top-up (demo payment)"), "{latest}");
    let link = format!("href=\"/transparency/entries/{index}\"");
    assert!(latest.contains(&link), "{latest}");
    // Nothing in it names the member or lets two entries be tied to it.
    let (_, entries) = api
        .get(&format!("/api/v1/log/entries?start={index}&limit=1"))
        .await;
    let body: serde_json::Value =
        serde_json::from_str(entries["entries"][0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["amount"], 1234);
    for private in [
        "Alice",
        id.as_str(),
        body["nonce"].as_str().unwrap(),
        body["credit"].as_str().unwrap(),
    ] {
        assert!(!page.contains(private), "{private} on the page");
    }

    let entry = visitor.get(&format!("/transparency/entries/{index}")).await;
    assert_eq!(entry.status(), 200);
    assert!(
        entry.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let entry = entry.text().await.unwrap();
    assert!(entry.contains(&format!("Log entry #{index}")), "{entry}");
    assert!(entry.contains("€12.34") && entry.contains("Top-up (demo payment)"));
    assert!(
        entry.contains(&format!(
            "href=\"/api/v1/log/entries?start={index}&amp;limit=1\""
        )),
        "{entry}"
    );
    let french = app.visitor(Lang::Fr).await;
    let entry = french.text(&format!("/transparency/entries/{index}")).await;
    assert!(
        entry.contains(&format!("Entrée n° {index} du journal")),
        "{entry}"
    );
    assert!(entry.contains("12,34\u{a0}€"), "{entry}");
    // The wallet's log link opens that page.
    assert!(browser.text("/wallet").await.contains(&link));
    assert_eq!(
        visitor.get("/transparency/entries/999999").await.status(),
        404
    );
    assert_eq!(visitor.get("/transparency/entries/x").await.status(), 404);
}
