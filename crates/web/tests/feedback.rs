//! What a page tells a person after a form: a message once the action is
//! done, a confirmation before what cannot be undone, and, when refused,
//! the form again with what was typed and each error linked to its field.
//! On SQLite and PostgreSQL.

use testkit::{flash, on_both_databases};

on_both_databases!(
    every_action_says_once_that_it_worked,
    what_cannot_be_undone_is_asked_first,
    a_refused_form_keeps_what_was_typed_and_points_at_the_error,
);

async fn every_action_says_once_that_it_worked(app: &testkit::TestApp) {
    let c = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Alice Martin", "Bob Durand"])
        .build()
        .await;
    let alice = &c.people[0].browser;

    // A top-up: the wallet says it, with the amount, once.
    let topped = alice
        .post_form(
            "/wallet/topup",
            &[("id", "t1"), ("amount", "20"), ("provider", "demo")],
        )
        .await;
    assert_eq!(topped.status(), 303);
    assert_eq!(
        topped.headers()["location"],
        "/wallet",
        "back to the wallet"
    );
    let wallet = alice.text("/wallet").await;
    let said = flash(&wallet).expect("a message on the wallet");
    assert!(said.contains("added to your wallet."), "{said}");
    assert!(said.contains("20"), "the amount: {said}");
    assert_eq!(flash(&alice.text("/wallet").await), None, "said once");

    // A payment to a member, confirmed.
    let paid = alice
        .post_form(
            "/wallet/pay",
            &[
                ("id", "p1"),
                ("to_member", &c.people[1].id),
                ("amount", "5"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(paid.status(), 303);
    let said = alice.text("/wallet").await;
    assert!(
        flash(&said).is_some_and(|s| s.starts_with("Your payment of")),
        "{said}"
    );

    // The charter accepted, a role saved: each its own sentence.
    let path = format!("/collectives/{}/members/{}", c.slug, c.people[1].id);
    let saved = alice
        .post_form(&path, &[("role", "treasurer"), ("college_id", "")])
        .await;
    assert_eq!(saved.status(), 303);
    let manage = alice.text(&format!("/collectives/{}/manage", c.slug)).await;
    assert_eq!(flash(&manage), Some("The role is saved."));

    // In French for a member who reads French.
    let fr = alice
        .post_form("/lang", &[("lang", "fr"), ("next", "/notifications")])
        .await;
    assert_eq!(fr.status(), 303);
    let read = alice.post_form("/notifications/read", &[]).await;
    assert_eq!(read.status(), 303);
    let page = alice.text("/notifications").await;
    assert_eq!(
        flash(&page),
        Some("Toutes les notifications sont marquées comme lues.")
    );

    // A message is only ever one of ours: a planted cookie naming anything
    // else shows nothing.
    let planted = alice
        .get_with_cookie("/wallet", "freeco_flash=m=hello+world")
        .await;
    assert_eq!(flash(&planted.text().await.unwrap()), None);
}

async fn what_cannot_be_undone_is_asked_first(app: &testkit::TestApp) {
    let c = app
        .collective("Jardin partagé", "association")
        .people(&["Alice Martin", "Bob Durand"])
        .build()
        .await;
    let (alice, bob) = (&c.people[0], &c.people[1]);

    // Leaving: a page asks, naming the collective; nothing changes yet.
    let leave = format!("/collectives/{}/leave", c.slug);
    let asked = bob.browser.post_form(&leave, &[]).await;
    assert_eq!(asked.status(), 200);
    let asked = asked.text().await.unwrap();
    assert!(asked.contains("Leave this collective?"), "{asked}");
    assert!(
        asked.contains("You will no longer be a member of Jardin partagé."),
        "{asked}"
    );
    assert!(
        asked.contains(&format!("href=\"/collectives/{}\"", c.slug)),
        "a way back: {asked}"
    );
    let (_, members) = alice
        .api
        .get(&format!("/api/v1/collectives/{}/members", c.id))
        .await;
    assert_eq!(members.as_array().map(Vec::len), Some(2), "{members}");
    let left = bob.browser.post_form(&leave, &[("confirmed", "yes")]).await;
    assert_eq!(left.status(), 303);
    let page = bob.browser.text(&format!("/collectives/{}", c.slug)).await;
    assert_eq!(flash(&page), Some("You have left."));

    // Deleting a college: asked first, by its name.
    let (status, college) = alice
        .api
        .post(
            &format!("/api/v1/collectives/{}/colleges", c.id),
            serde_json::json!({"name": "Producteurs", "weight": 1}),
        )
        .await;
    assert_eq!(status, 201, "{college}");
    let delete = format!(
        "/collectives/{}/colleges/{}/delete",
        c.slug,
        college["id"].as_str().unwrap()
    );
    let asked = alice.browser.post_form(&delete, &[]).await;
    assert_eq!(asked.status(), 200);
    assert!(
        asked
            .text()
            .await
            .unwrap()
            .contains("The college Producteurs will be deleted")
    );
    let manage = format!("/collectives/{}/manage", c.slug);
    assert!(alice.browser.text(&manage).await.contains("Producteurs"));
    let deleted = alice
        .browser
        .post_form(&delete, &[("confirmed", "yes")])
        .await;
    assert_eq!(deleted.status(), 303);
    let page = alice.browser.text(&manage).await;
    assert_eq!(flash(&page), Some("The college is deleted."));
    assert!(!page.contains("Producteurs"), "{page}");
}

async fn a_refused_form_keeps_what_was_typed_and_points_at_the_error(app: &testkit::TestApp) {
    let people = app.people(&["Alice Martin"]).await;
    let alice = &people[0].browser;
    let refused = alice
        .post_form(
            "/wallet/withdraw",
            &[
                ("id", "w1"),
                ("name", "Alice Martin"),
                ("iban", "FR76 1234"),
                ("amount", "douze"),
                ("reason", "Vacances d'été"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    // What was typed is still there, in its own form only.
    assert!(page.contains("value=\"FR76 1234\""), "{page}");
    assert!(page.contains("value=\"Vacances d&#39;été\""), "{page}");
    assert!(page.contains("value=\"douze\""), "{page}");
    assert_eq!(
        page.matches("value=\"douze\"").count(),
        1,
        "not in the other forms' amount fields"
    );
    // A summary at the top links to each error, which is linked to its
    // field; the first one is focused.
    let summary = page
        .split("class=\"error-summary\" role=\"alert\"")
        .nth(1)
        .expect("a summary");
    assert!(summary.contains("href=\"#err-"), "{summary}");
    let first = summary
        .split("href=\"#")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    let field = first.strip_prefix("err-").unwrap();
    let described = format!("aria-describedby=\"{first}\"");
    let at = page.find(&described).expect("the field names its error");
    let tag_start = page[..at].rfind('<').unwrap();
    let tag = &page[tag_start..at + page[at..].find('>').unwrap()];
    assert!(tag.contains(&format!("name=\"{field}\"")), "{tag}");
    assert!(tag.contains("aria-invalid=\"true\""), "{tag}");
    assert!(tag.contains(" autofocus"), "{tag}");
    assert!(page.contains(&format!("id=\"{first}\"")), "{page}");
    assert_eq!(page.matches(" autofocus").count(), 1, "one focus");

    // A password is never sent back.
    let visitor = app.visitor(kernel::i18n::Lang::En).await;
    visitor.get("/signup").await;
    let refused = visitor
        .post_form(
            "/signup",
            &[
                ("display_name", "Zoé"),
                ("email", "not an address"),
                ("password", "secret-typed-here"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("value=\"not an address\""), "{page}");
    assert!(!page.contains("secret-typed-here"), "{page}");
    // The rule is said before anyone breaks it.
    let form = visitor.text("/signup").await;
    assert!(form.contains("At least 10 characters."), "{form}");
    assert!(
        form.contains("aria-describedby=\"password-rule\""),
        "{form}"
    );

    // A choice in a list is kept too: the payee chosen stays chosen.
    let c = app
        .collective("Jardin", "association")
        .people(&["Carla Noir", "Dan Vert", "Eve Blanc"])
        .build()
        .await;
    let eve = &c.people[2].id;
    let refused = c.people[0]
        .browser
        .post_form(
            "/wallet/pay",
            &[("id", "p1"), ("to_member", eve), ("amount", "-3")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains(&format!(
            "<option value=\"{eve}\" selected>Eve Blanc</option>"
        )),
        "{page}"
    );
    assert_eq!(page.matches(" selected>").count(), 1, "{page}");
    // On the account page, each form keeps its own values: a refused
    // address change leaves the profile as it is saved.
    let refused = c.people[0]
        .browser
        .post_form(
            "/account/email",
            &[
                ("email", "carla@other.example.org"),
                ("current_password", "wrong one"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("value=\"carla@other.example.org\""), "{page}");
    assert!(
        page.contains("value=\"Carla Noir\""),
        "the profile keeps its name: {page}"
    );
    assert!(
        page.contains("<option selected>Europe/Paris</option>"),
        "{page}"
    );
}
