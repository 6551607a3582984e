//! What members read in their own language, on SQLite and PostgreSQL:
//! dates in their time zone, amounts, percentages and counts as French and
//! English write them (CLDR's `fr` and `en-GB` on a 12-hour clock).

use kernel::i18n::Lang;
use serde_json::json;
use testkit::{Person, TestApp, on_both_databases};

on_both_databases!(
    dates_amounts_and_percentages_read_as_the_members_language_writes_them,
    counts_choose_their_plural_at_zero_one_and_two,
);

/// 2030-12-02 13:01 in Paris.
const DEC_2_2030_13_01_PARIS: i64 = 1_922_443_260_000;

/// Makes `person` read pages in `lang` and `time_zone`.
async fn speaks(app: &TestApp, person: &Person, name: &str, lang: Lang, time_zone: &str) {
    let input = kernel::members::ProfileInput {
        display_name: name.to_owned(),
        bio: String::new(),
        locale: lang,
        time_zone: time_zone.to_owned(),
    };
    kernel::members::update_profile(&app.db, &person.id.as_str().into(), &input)
        .await
        .expect("profile");
    app.db.changed();
}

async fn dates_amounts_and_percentages_read_as_the_members_language_writes_them(app: &TestApp) {
    let jardin = app
        .collective("Jardin", "association")
        .people(&["Alice Martin", "Bob Smith"])
        .wallet(0, "500")
        .wallet(0, "500")
        .wallet(0, "234.5")
        .build()
        .await;
    let (alice, bob) = (&jardin.people[0], &jardin.people[1]);
    speaks(app, alice, "Alice Martin", Lang::Fr, "Europe/Paris").await;
    speaks(app, bob, "Bob Smith", Lang::En, "America/New_York").await;

    // A date: CLDR's medium date and short time, in each reader's zone.
    let (status, decision) = alice
        .api
        .post(
            &format!("/api/v1/collectives/{}/decisions", jardin.id),
            json!({"question": "Planter des courges ?", "method": {"kind": "majority"},
                   "options": [{"label": "Oui"}, {"label": "Non"}],
                   "closes_at": DEC_2_2030_13_01_PARIS}),
        )
        .await;
    assert_eq!(status, 201, "{decision}");
    let path = format!("/decisions/{}", decision["id"].as_str().unwrap());
    let page = alice.browser.text(&path).await;
    assert!(page.contains("2 déc. 2030, 13:01"), "{page}");
    let page = bob.browser.text(&path).await;
    assert!(page.contains("2 Dec 2030, 7:01\u{202f}am"), "{page}");

    // Amounts: the symbol where each language puts it, and its separators.
    let page = alice.browser.text("/wallet").await;
    assert!(page.contains("1\u{202f}234,50\u{a0}€"), "{page}");
    // Percentages: a narrow no-break space in French, none in English.
    assert!(page.contains("5\u{202f}%"), "the collective fee: {page}");
    // Either separator is read in a typed amount, whatever the language.
    for (key, typed) in [("t-comma", "2,25"), ("t-point", "3.25")] {
        let response = bob
            .browser
            .post_form(
                "/wallet/topup",
                &[("id", key), ("amount", typed), ("provider", "demo")],
            )
            .await;
        assert_eq!(response.status(), 303, "{typed}");
    }
    let page = bob.browser.text("/wallet").await;
    assert!(
        page.contains("€5.50") && page.contains("€2.25") && page.contains("€3.25"),
        "{page}"
    );
    assert!(page.contains("5%") && !page.contains("5 %"), "{page}");

    // A field holding an amount shows it as typed in the page's language.
    let path = format!("/collectives/{}", jardin.slug);
    let page = alice.browser.text(&path).await;
    assert!(page.contains("value=\"150,00\""), "{page}");
    assert!(page.contains("150,00\u{a0}€"), "{page}");
    speaks(app, alice, "Alice Martin", Lang::En, "Europe/Paris").await;
    let page = alice.browser.text(&path).await;
    assert!(page.contains("value=\"150.00\""), "{page}");
    assert!(page.contains("€150.00"), "{page}");
    let response = alice
        .browser
        .post_form(
            &format!("{path}/payout-rule"),
            &[("second_approval_above", "200,50")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(alice.browser.text(&path).await.contains("value=\"200.50\""));
}

/// Counts shown on real pages, at 0, 1 and 2, in both languages (French's
/// "one" is 0 and 1): an invitation link's uses, the bell's unread count.
async fn counts_choose_their_plural_at_zero_one_and_two(app: &TestApp) {
    let people = app
        .people(&["Alice Martin", "Bob Smith", "Chloé Petit", "Dan Brown"])
        .await;
    let (alice, bob) = (&people[0], &people[1]);
    let (id, slug) = alice.collective_with("Fournil", "cooperative", &[]).await;
    let (status, link) = alice
        .api
        .post(&format!("/api/v1/collectives/{id}/invitations"), json!({}))
        .await;
    assert_eq!(status, 201, "{link}");
    let token = link["url"].as_str().unwrap().rsplit('/').next().unwrap();
    let manage = format!("/collectives/{slug}/manage");
    let seen = |lang: Lang, n: usize| {
        let (fr, en) = [
            ("jamais utilisé", "never used"),
            ("utilisé 1 fois", "used once"),
            ("utilisé 2 fois", "used 2 times"),
        ][n];
        match lang {
            Lang::Fr => fr,
            Lang::En => en,
        }
    };
    for n in 0..3 {
        if n > 0 {
            let (status, body) = people[n + 1]
                .api
                .call(
                    reqwest::Method::POST,
                    &format!("/api/v1/invitations/{token}/accept"),
                    None,
                )
                .await;
            assert_eq!(status, 200, "{body}");
        }
        for lang in Lang::ALL {
            speaks(app, alice, "Alice Martin", lang, "Europe/Paris").await;
            let page = alice.browser.text(&manage).await;
            assert!(page.contains(seen(lang, n)), "{n} in {page}");
        }
    }

    // Bob's bell, as each decision Alice opens tells him of it.
    assert_eq!(bob.api.join_by_link(&alice.api, &id).await, 200);
    let bell = [
        ["Notifications : 0 non lue", "Notifications: 0 unread"],
        ["Notifications : 1 non lue", "Notifications: 1 unread"],
        ["Notifications : 2 non lues", "Notifications: 2 unread"],
    ];
    for (n, said) in bell.iter().enumerate() {
        if n > 0 {
            let (status, body) = alice
                .api
                .post(
                    &format!("/api/v1/collectives/{id}/decisions"),
                    json!({"question": format!("Question {n} ?"), "method": {"kind": "majority"},
                           "options": [{"label": "Oui"}, {"label": "Non"}],
                           "closes_at": DEC_2_2030_13_01_PARIS}),
                )
                .await;
            assert_eq!(status, 201, "{body}");
        }
        for (lang, said) in Lang::ALL.into_iter().zip(said) {
            speaks(app, bob, "Bob Smith", lang, "Europe/Paris").await;
            let page = bob.browser.text("/").await;
            assert!(page.contains(said), "{said} in {page}");
        }
    }
}
