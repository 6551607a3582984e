//! The market's pages, on SQLite and PostgreSQL: a producer fills in its
//! seller profile and catalogue through the forms, a coordinator opens a
//! shop and runs a cycle (producers, products, pickup point, fees), a
//! member orders from the shop front and sees where each euro goes, and a
//! refused form says why in the reader's language and keeps what was typed.

mod common;

use common::location;
use serde_json::json;
use testkit::{TestApp, flash, on_both_databases};

on_both_databases!(
    a_producer_and_a_hub_set_up_a_cycle_through_the_forms,
    a_member_orders_from_the_shop_front_and_sees_every_share,
    refused_forms_say_why_in_the_readers_language,
    an_order_for_an_organisation_is_invoiced_to_it_and_its_pdf_opens,
    a_volunteer_hands_orders_over_from_the_distribution_page,
    buyers_choose_a_time_slot_or_home_delivery_from_the_shop_front,
    an_empty_wallet_pays_by_card_from_the_shop_front,
    a_member_volunteers_and_hands_orders_over_without_running_the_shop,
    another_hub_distributes_the_cycle_through_the_forms,
);

const SIRET: &str = "40483304800022";

/// A time `days` from now as a `datetime-local` field takes it, in the
/// members' zone (Paris).
fn local(days: i64, hour: i8) -> String {
    let date = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .date()
        .checked_add(jiff::Span::new().days(days))
        .unwrap();
    format!("{date}T{hour:02}:00")
}

async fn a_producer_and_a_hub_set_up_a_cycle_through_the_forms(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice"])
        .build()
        .await;
    let (chloe, alice) = (&hub.people[0], &hub.people[1]);
    let (status, org) = alice
        .api
        .post(
            "/api/v1/organisations",
            json!({"name": "Ferme des Lilas", "kind": "company", "siret": SIRET}),
        )
        .await;
    assert_eq!(status, 201, "{org}");
    let org = org["id"].as_str().unwrap();
    // The market offers Alice to make her farm a seller.
    let market = alice.browser.text("/market").await;
    assert!(
        market.contains(&format!("/market/sellers/{org}/profile")),
        "{market}"
    );
    let response = alice
        .browser
        .post_form(
            &format!("/market/sellers/{org}/profile"),
            &[
                ("legal_name", "EARL Ferme des Lilas"),
                ("vat_number", "FR 83 404 833 048"),
                ("description", "Maraîchage bio"),
                ("claim_environment", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("/market/sellers/{org}"));
    let page = alice.browser.text(&location(&response)).await;
    assert_eq!(flash(&page), Some("The seller profile is saved."));
    assert!(
        page.contains("FR83404833048") && page.contains("Environmental impact"),
        "{page}"
    );
    // A product with two sizes: "add a variant" shows one more row, as typed.
    let path = format!("/market/sellers/{org}/products");
    let form = alice.browser.text(&path).await;
    assert!(
        form.contains("name=\"v_size_0\"") && !form.contains("name=\"v_size_1\""),
        "{form}"
    );
    let mut fields = vec![
        ("name", "Tomates rondes"),
        ("category", "vegetables"),
        ("vat_rate", "550"),
        ("organic_label", "ab"),
        ("origin", "Lyon"),
        ("allergen_celery", ""),
        ("v_unit_0", "g"),
        ("v_size_0", "1000"),
        ("v_price_0", "4,50"),
        ("v_stock_mode_0", "count"),
        ("v_stock_0", "20"),
        ("variant_rows", "1"),
    ];
    let mut again = fields.clone();
    again.push(("redisplay", "add_variant"));
    let form = alice
        .browser
        .post_form(&path, &again)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        form.contains("name=\"v_size_1\"") && form.contains("value=\"Tomates rondes\""),
        "{form}"
    );
    fields.extend([
        ("v_unit_1", "g"),
        ("v_size_1", "500"),
        ("v_price_1", "2,40"),
        ("v_stock_mode_1", "unlimited"),
        ("variant_rows", "2"),
    ]);
    let response = alice.browser.post_form(&path, &fields).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let page = alice.browser.text(&format!("/market/sellers/{org}")).await;
    assert!(
        page.contains("Tomates rondes") && page.contains("1 kg") && page.contains("500 g"),
        "{page}"
    );
    assert!(
        page.contains("€4.50") && page.contains("20 left") && page.contains("no limit"),
        "{page}"
    );
    let (_, products) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{org}/products"))
        .await;
    let variants: Vec<String> = products[0]["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(products[0]["variants"][0]["price"], 450);

    // Chloé opens the AMAP's shop and a cycle.
    let new = chloe.browser.text("/market/shops").await;
    assert!(new.contains(&format!("value=\"c:{}\"", hub.id)), "{new}");
    let response = chloe
        .browser
        .post_form(
            "/market/shops",
            &[
                ("owner", &format!("c:{}", hub.id)),
                ("name", "Épicerie de l'AMAP"),
                ("address", "Place du marché"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let shop_path = location(&response);
    let shop = chloe.browser.text(&shop_path).await;
    assert_eq!(flash(&shop), Some("The shop is open."));
    let response = chloe
        .browser
        .post_form(
            &shop_path,
            &[
                ("name", "Semaine 49"),
                ("opens_at", &local(-1, 8)),
                ("closes_at", &local(7, 20)),
                ("capture", "close"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let manage = location(&response);
    assert!(manage.ends_with("/manage"), "{manage}");
    let cycle = manage
        .trim_start_matches("/market/cycles/")
        .trim_end_matches("/manage")
        .to_owned();
    let page = chloe.browser.text(&manage).await;
    assert!(
        page.contains("Ferme des Lilas"),
        "the farm can be added: {page}"
    );
    let response = chloe
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}/sellers"),
            &[("seller_id", org)],
        )
        .await;
    assert_eq!(response.status(), 303);
    // The farm is invited: Alice sees it on the market and accepts.
    let market = alice.browser.text("/market").await;
    assert!(
        market.contains("Ferme des Lilas is invited to take part"),
        "{market}"
    );
    let page = alice.browser.text(&manage).await;
    assert!(page.contains("Take part"), "{page}");
    let response = chloe
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}/offer"),
            &[("seller_id", org), (&format!("v_{}", variants[0]), "on")],
        )
        .await;
    assert_eq!(response.status(), 422, "not before the farm accepts");
    let response = alice
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}/accept"),
            &[("seller_id", org)],
        )
        .await;
    assert_eq!(response.status(), 303);
    // The hub picks the 1 kg tomatoes only.
    let response = chloe
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}/offer"),
            &[("seller_id", org), (&format!("v_{}", variants[0]), "on")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = chloe
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}/pickups"),
            &[
                ("place", "Salle des fêtes"),
                ("starts_at", &local(8, 17)),
                ("ends_at", &local(8, 19)),
                ("capacity", "30"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = chloe
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}/fees"),
            &[
                ("seller_id", ""),
                ("name", "Gestion"),
                ("kind", "admin"),
                ("calculator", "percent"),
                ("amount", "5"),
                ("vat_rate", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = chloe.browser.text(&manage).await;
    assert_eq!(flash(&page), Some("The fee is added."));
    assert!(
        page.contains("Salle des fêtes")
            && page.contains("30 places")
            && page.contains("Gestion")
            && page.contains("5%"),
        "{page}"
    );
    let (_, c) = chloe
        .api
        .get(&format!("/api/v1/market/cycles/{cycle}"))
        .await;
    assert_eq!(c["variant_ids"], json!([variants[0]]));
    assert_eq!(c["fees"][0]["amount"], 500);
    // Alice, a producer of the cycle, sees what her farm brings; a member
    // who neither runs the shop nor sells in it does not.
    assert_eq!(alice.browser.get(&manage).await.status(), 200);
    let outsider = &app.people(&["Ève"]).await[0];
    assert_eq!(outsider.browser.get(&manage).await.status(), 403);
    // Closing asks first, then closes.
    let close = format!("/market/cycles/{cycle}/close");
    let ask = chloe.browser.post_form(&close, &[]).await;
    assert_eq!(ask.status(), 200);
    assert!(ask.text().await.unwrap().contains("cannot be undone"));
    let (_, c) = chloe
        .api
        .get(&format!("/api/v1/market/cycles/{cycle}"))
        .await;
    assert_eq!(c["state"], "open");
    let response = chloe
        .browser
        .post_form(&close, &[("confirmed", "yes")])
        .await;
    assert_eq!(response.status(), 303);
    let (_, c) = chloe
        .api
        .get(&format!("/api/v1/market/cycles/{cycle}"))
        .await;
    assert_eq!(c["state"], "closed");
}

/// A hub with an open cycle offering the farm's 1 kg tomatoes at 4.50 €
/// (stock 20) with a 5 % admin fee, and its pickup point: (cycle, pickup,
/// variant).
async fn open_cycle(app: &TestApp, hub: &testkit::Collective) -> (String, String, String) {
    let (chloe, alice) = (&hub.people[0].api, &hub.people[1].api);
    let (_, org) = alice
        .post(
            "/api/v1/organisations",
            json!({"name": "Ferme des Lilas", "kind": "company", "siret": SIRET}),
        )
        .await;
    let org = org["id"].as_str().unwrap().to_owned();
    let (status, _) = alice
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/sellers/{org}"),
            Some(json!({"legal_name": "EARL Ferme des Lilas", "vat_number": "FR83404833048"})),
        )
        .await;
    assert_eq!(status, 200);
    let (_, p) = alice
        .post(&format!("/api/v1/market/sellers/{org}/products"), json!({"name": "Tomates rondes", "category": "vegetables", "vat_rate": 550,
            "variants": [{"unit": "g", "size": 1000, "price": 450, "stock_mode": "count", "stock": 20}]}))
        .await;
    let variant = p["variants"][0]["id"].as_str().unwrap().to_owned();
    let (_, shop) = chloe
        .post(
            "/api/v1/market/shops",
            json!({"name": "Épicerie de l'AMAP", "collective_id": hub.id}),
        )
        .await;
    let now = testkit::now_ms();
    let (_, c) = chloe
        .post(
            &format!(
                "/api/v1/market/shops/{}/cycles",
                shop["id"].as_str().unwrap()
            ),
            json!({"name": "Semaine 49", "opens_at": now - 1000, "closes_at": now + 86_400_000}),
        )
        .await;
    let cycle = c["id"].as_str().unwrap().to_owned();
    chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/sellers"),
            json!({"seller_id": org}),
        )
        .await;
    alice
        .post(
            &format!("/api/v1/market/cycles/{cycle}/sellers/{org}/accept"),
            json!({}),
        )
        .await;
    chloe
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/cycles/{cycle}/sellers/{org}/offer"),
            Some(json!({"variant_ids": [variant]})),
        )
        .await;
    chloe
        .post(
            &format!("/api/v1/market/cycles/{cycle}/fees"),
            json!({"name": "Gestion", "kind": "admin", "calculator": "percent", "amount": 500}),
        )
        .await;
    let (_, c) = chloe
        .post(&format!("/api/v1/market/cycles/{cycle}/pickups"), json!({"place": "Salle des fêtes", "starts_at": now + 2 * 86_400_000, "ends_at": now + 2 * 86_400_000 + 7_200_000}))
        .await;
    let _ = app;
    (
        cycle,
        c["pickups"][0]["id"].as_str().unwrap().to_owned(),
        variant,
    )
}

async fn a_member_orders_from_the_shop_front_and_sees_every_share(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri"])
        .wallet(2, "30")
        .build()
        .await;
    let dmitri = &hub.people[2];
    let (cycle, pickup, variant) = open_cycle(app, &hub).await;
    let front = dmitri
        .browser
        .text(&format!("/market/cycles/{cycle}"))
        .await;
    // The price with fees, and its breakdown, before ordering.
    assert!(
        front.contains("Tomates rondes") && front.contains("€4.73"),
        "{front}"
    );
    assert!(
        front.contains("Where the money goes")
            && front.contains("Gestion (admin)")
            && front.contains("€0.23"),
        "{front}"
    );
    assert!(front.contains("Your wallet can spend €30.00"), "{front}");
    let quantity = format!("q_{variant}");
    let response = dmitri
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[(&quantity, "2"), ("pickup_id", &pickup)],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let order_path = location(&response);
    let page = dmitri.browser.text(&order_path).await;
    // 9.00 + 0.45 of fee; the platform's 5 % on top: 0.48, of which 0.09 to solidarity.
    assert_eq!(
        flash(&page),
        Some("Your order is placed: €9.93 held in your wallet until the close.")
    );
    assert!(
        page.contains("Ferme des Lilas") && page.contains("€9.00"),
        "{page}"
    );
    assert!(
        page.contains("AMAP des Lilas") && page.contains("€0.45"),
        "{page}"
    );
    assert!(page.contains("Platform&#39;s technical fee"), "{page}");
    assert!(
        page.contains("€0.39") && page.contains("€0.09") && page.contains("€9.93"),
        "{page}"
    );
    // The shop front shows the order and its quantity; ordering again
    // changes the same order.
    let front = dmitri
        .browser
        .text(&format!("/market/cycles/{cycle}"))
        .await;
    assert!(
        front.contains("Your order in this cycle: €9.93") && front.contains("value=\"2\""),
        "{front}"
    );
    assert!(front.contains("Update my order"), "{front}");
    let response = dmitri
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[(&quantity, "3"), ("pickup_id", &pickup)],
        )
        .await;
    assert_eq!(location(&response), order_path);
    let page = dmitri.browser.text(&order_path).await;
    assert!(
        flash(&page).is_some_and(|f| f.starts_with("Your order is changed:")),
        "{page}"
    );
    // Cancelling asks first.
    assert!(
        page.contains("<summary>Cancel my order</summary>")
            && page.contains("Yes, cancel my order"),
        "{page}"
    );
    let (_, mine) = dmitri.api.get("/api/v1/me/market/orders").await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["lines"][0]["quantity"], 3);
    let market = dmitri.browser.text("/market").await;
    assert!(
        market.contains("Semaine 49") && market.contains(&order_path),
        "{market}"
    );
    // Cancelled from its page: the money is back.
    let response = dmitri
        .browser
        .post_form(&format!("{order_path}/cancel"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let front = dmitri.browser.text(&location(&response)).await;
    assert_eq!(
        flash(&front),
        Some("Your order is cancelled: its money is back in your wallet.")
    );
    assert!(front.contains("Your wallet can spend €30.00"), "{front}");
    // Its page says it is cancelled, not where to collect it or what to pay.
    let page = dmitri.browser.text(&order_path).await;
    assert!(page.contains("This order is cancelled"), "{page}");
    assert!(
        !page.contains("To collect at") && !page.contains("Where the money goes"),
        "{page}"
    );
    // Someone else's order is not found.
    let stranger = &app.people(&["Ève"]).await[0];
    assert_eq!(stranger.browser.get(&order_path).await.status(), 404);
}

async fn refused_forms_say_why_in_the_readers_language(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri"])
        .wallet(2, "5")
        .build()
        .await;
    let dmitri = &hub.people[2];
    let (cycle, pickup, variant) = open_cycle(app, &hub).await;
    let response = dmitri
        .browser
        .post_form("/lang", &[("lang", "fr"), ("next", "/market")])
        .await;
    assert_eq!(response.status(), 303);
    let quantity = format!("q_{variant}");
    // More than the stock: said next to the products, the quantity kept.
    let response = dmitri
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[(&quantity, "25"), ("pickup_id", &pickup)],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Il ne reste pas assez de « Tomates rondes » en stock pour cette quantité."),
        "{page}"
    );
    assert!(page.contains("value=\"25\""), "{page}");
    // A wallet too short: said, with the way to top it up.
    let response = dmitri
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[(&quantity, "2"), ("pickup_id", &pickup)],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("rechargez-le, ou payez par carte") && page.contains("href=\"/wallet\""),
        "{page}"
    );
    // No pickup point chosen; a quantity that is not a number.
    let response = dmitri
        .browser
        .post_form(&format!("/market/cycles/{cycle}"), &[(&quantity, "1")])
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Choisissez l’un des points de retrait de ce cycle.")
    );
    let response = dmitri
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[(&quantity, "deux"), ("pickup_id", &pickup)],
        )
        .await;
    assert_eq!(response.status(), 422);
    let (_, w) = dmitri.api.get("/api/v1/me/wallet").await;
    assert_eq!(w["available"], 500, "nothing held");
    // A product form with a wrong VAT number and a negative price.
    let alice = &hub.people[1];
    let (_, sellers) = alice.api.get("/api/v1/market/sellers").await;
    let org = sellers[0]["id"].as_str().unwrap();
    alice
        .browser
        .post_form("/lang", &[("lang", "fr"), ("next", "/market")])
        .await;
    let response = alice
        .browser
        .post_form(
            &format!("/market/sellers/{org}/profile"),
            &[("legal_name", "EARL"), ("vat_number", "FR00404833048")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("sa clé correspondant au SIREN") && page.contains("value=\"FR00404833048\""),
        "{page}"
    );
    let response = alice
        .browser
        .post_form(
            &format!("/market/sellers/{org}/products"),
            &[
                ("name", "Poireaux"),
                ("category", "vegetables"),
                ("vat_rate", "550"),
                ("v_unit_0", "g"),
                ("v_size_0", "1000"),
                ("v_price_0", "-3"),
                ("v_stock_mode_0", "unlimited"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Un prix est supérieur à 0") && page.contains("value=\"Poireaux\""),
        "{page}"
    );
    let (_, products) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{org}/products"))
        .await;
    assert_eq!(products.as_array().unwrap().len(), 1, "nothing saved");
}

/// A member orders for its organisation from the shop front; once the
/// cycle is closed its order page links each invoice, whose PDF opens; the
/// farm lists its series.
async fn an_order_for_an_organisation_is_invoiced_to_it_and_its_pdf_opens(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri"])
        .wallet(2, "30")
        .build()
        .await;
    let (chloe, alice, dmitri) = (&hub.people[0], &hub.people[1], &hub.people[2]);
    let (cycle, pickup, variant) = open_cycle(app, &hub).await;
    let (status, cafe) = dmitri
        .api
        .post(
            "/api/v1/organisations",
            json!({"name": "Café de Dmitri", "kind": "company", "siret": "35629981000016"}),
        )
        .await;
    assert_eq!(status, 201, "{cafe}");
    let cafe = cafe["id"].as_str().unwrap().to_owned();
    let front = dmitri
        .browser
        .text(&format!("/market/cycles/{cycle}"))
        .await;
    assert!(
        front.contains("Invoice to") && front.contains("Café de Dmitri"),
        "{front}"
    );
    let response = dmitri
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[
                (&format!("q_{variant}"), "2"),
                ("pickup_id", &pickup),
                ("bill_to", &cafe),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let order_path = location(&response);
    let front = dmitri
        .browser
        .text(&format!("/market/cycles/{cycle}"))
        .await;
    assert!(
        front.contains(&format!("<option value=\"{cafe}\" selected>")),
        "{front}"
    );
    assert!(!dmitri.browser.text(&order_path).await.contains("/pdf"));
    let (status, _) = chloe
        .api
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, 200);
    let page = dmitri.browser.text(&order_path).await;
    assert!(page.contains("Invoice no. 000001"), "{page}");
    let link = page
        .split("href=\"")
        .find(|s| s.starts_with("/market/invoices/"))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let response = dmitri.browser.get(&link).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert!(response.bytes().await.unwrap().starts_with(b"%PDF-"));
    // Another member of the hub does not open it.
    assert_eq!(chloe.browser.get(&link).await.status(), 404);
    // The farm's administrator finds it in its series.
    let (_, sellers) = alice.api.get("/api/v1/market/sellers").await;
    let farm = sellers[0]["id"].as_str().unwrap();
    let series = alice
        .browser
        .text(&format!("/market/sellers/{farm}/invoices"))
        .await;
    assert!(
        series.contains("Invoice no. 000001") && series.contains("Café de Dmitri"),
        "{series}"
    );
    assert_eq!(
        dmitri
            .browser
            .get(&format!("/market/sellers/{farm}/invoices"))
            .await
            .status(),
        403
    );
}

/// The text of a PDF's pages, read by an independent reader (pypdf).
fn pdf_text(pdf: &[u8]) -> String {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/py/bin/python");
    let file = std::env::temp_dir().join(format!("freeco-{}.pdf", kernel::db::new_id()));
    std::fs::write(&file, pdf).expect("write");
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import sys, pypdf; print('\\n'.join(p.extract_text() for p in pypdf.PdfReader(sys.argv[1]).pages))",
        ])
        .arg(&file)
        .output()
        .expect("target/py is missing: run ./scripts/test, which installs it");
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// After the close a volunteer prints the pick list and labels, then on
/// the distribution page records what was missing (refunded at once),
/// checks the order off and gives the leftovers to solidarity, which the
/// transparency page counts.
async fn a_volunteer_hands_orders_over_from_the_distribution_page(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri"])
        .wallet(2, "30")
        .build()
        .await;
    let (chloe, dmitri) = (&hub.people[0], &hub.people[2]);
    let (cycle, pickup, variant) = open_cycle(app, &hub).await;
    let (status, order) = dmitri
        .api
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 2}]}),
        )
        .await;
    assert_eq!(status, 200, "{order}");
    let (number, order) = (
        order["number"].as_str().unwrap().to_owned(),
        order["id"].as_str().unwrap().to_owned(),
    );
    let page_path = format!("/market/cycles/{cycle}/distribution");
    let page = chloe.browser.text(&page_path).await;
    assert!(
        page.contains("the distribution starts at its close"),
        "{page}"
    );
    assert_eq!(dmitri.browser.get(&page_path).await.status(), 403);
    let (status, _) = chloe
        .api
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, 200);

    // The pick list and the labels, printed.
    let response = chloe
        .browser
        .get(&format!("/market/cycles/{cycle}/preparation.pdf"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let text = pdf_text(&response.bytes().await.unwrap());
    for needed in [
        "In all",
        "Salle des fêtes",
        "Tomates rondes",
        &number,
        "Dmitri",
        "2 × Tomates rondes 1 kg",
    ] {
        assert!(text.contains(needed), "{needed} not in: {text}");
    }

    let page = chloe.browser.text(&page_path).await;
    assert!(
        page.contains("Handed over: 0 of 1 order")
            && page.contains("Dmitri")
            && page.contains(&number),
        "{page}"
    );
    let wallet = |api: &testkit::Api| {
        let api = api.clone();
        async move {
            api.get("/api/v1/me/wallet").await.1["balance"]
                .as_i64()
                .unwrap()
        }
    };
    let before = wallet(&dmitri.api).await;
    let response = chloe
        .browser
        .post_form(
            &format!("/market/orders/{order}/missing"),
            &[(&format!("m_{variant}"), "1")],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    assert_eq!(location(&response), format!("{page_path}#o-{order}"));
    let page = chloe.browser.text(&page_path).await;
    assert_eq!(
        flash(&page),
        Some("What was missing is refunded; the producer&#39;s credit note is issued.")
    );
    assert!(page.contains("1 missing"), "{page}");
    // 4.50, 5 % of it for the hub (0.22 of the line's 0.45) and the platform's fee on them.
    let back = wallet(&dmitri.api).await - before;
    assert!((472..=500).contains(&back), "{back}");
    // More missing than ordered is refused, in the page's language.
    let response = chloe
        .browser
        .post_form(
            &format!("/market/orders/{order}/missing"),
            &[(&format!("m_{variant}"), "5")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("No more can be missing than was ordered")
    );
    // What was handed over instead is said on the same card; a product
    // cannot replace itself, which the page says in its language.
    assert!(page.contains("Something replaced?"), "{page}");
    let response = chloe
        .browser
        .post_form(
            &format!("/market/orders/{order}/replacement"),
            &[
                ("variant_id", variant.as_str()),
                ("quantity", "1"),
                ("by_variant_id", variant.as_str()),
                ("by_quantity", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("A product cannot replace itself.")
    );
    let response = chloe
        .browser
        .post_form(&format!("/market/orders/{order}/collected"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let page = chloe.browser.text(&page_path).await;
    assert!(page.contains("Handed over: 1 of 1 order"), "{page}");

    // The leftovers go to solidarity; the transparency page counts them.
    let response = chloe
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}/donations"),
            &[("variant_id", &variant), ("quantity", "trois")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let response = chloe
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}/donations"),
            &[("variant_id", &variant), ("quantity", "3")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = chloe.browser.text(&page_path).await;
    assert!(page.contains("3 × Tomates rondes"), "{page}");
    let transparency = dmitri.browser.text("/market/transparency").await;
    assert!(
        transparency.contains("3 items, worth €13.50"),
        "{transparency}"
    );
    kernel::money::check(&app.db).await.unwrap();
}

async fn buyers_choose_a_time_slot_or_home_delivery_from_the_shop_front(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri", "Émile"])
        .wallet(1, "30")
        .wallet(2, "30")
        .wallet(3, "30")
        .build()
        .await;
    let [chloe, alice, dmitri, emile] = [0, 1, 2, 3].map(|i| &hub.people[i]);
    let (cycle, pickup, variant) = open_cycle(app, &hub).await;
    let quantity = format!("q_{variant}");
    // The coordinator splits the two hours into slots of one order.
    let manage = format!("/market/cycles/{cycle}/manage");
    let response = chloe
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}/pickups/{pickup}/slots"),
            &[("minutes", "60"), ("capacity", "1")],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let page = chloe.browser.text(&manage).await;
    assert_eq!(flash(&page), Some("The time slots are set."));
    // Delivery needs the shop's position to count its zone from.
    let delivery = [
        ("name", "Home delivery"),
        ("starts_at", &local(2, 17)),
        ("ends_at", &local(2, 19)),
        ("fee", "4.50"),
        ("max_km", "5"),
        ("minimum", ""),
        ("capacity", ""),
    ];
    let response = chloe
        .browser
        .post_form(&format!("/market/cycles/{cycle}/delivery"), &delivery)
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("give the shop a position first"), "{page}");
    sqlx::query("UPDATE market_shops SET latitude = 45.75, longitude = 4.85")
        .execute(app.db.writer())
        .await
        .unwrap();
    let response = chloe
        .browser
        .post_form(&format!("/market/cycles/{cycle}/delivery"), &delivery)
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    // Its form then shows its terms, to change one without retyping all.
    let page = chloe.browser.text(&manage).await;
    for (id, value) in [
        ("d-fee", "4.50".to_owned()),
        ("d-km", "5".to_owned()),
        ("d-starts", local(2, 17)),
    ] {
        let input = page
            .split(&format!("id=\"{id}\""))
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .unwrap_or_else(|| panic!("no {id}: {page}"));
        assert!(
            input.contains(&format!("value=\"{value}\"")),
            "{id}: {input}"
        );
    }
    let (_, c) = chloe
        .api
        .get(&format!("/api/v1/market/cycles/{cycle}"))
        .await;
    let slots: Vec<String> = c["pickups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == pickup.as_str())
        .unwrap()["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(slots.len(), 2);
    // The front shows each slot's places; Dmitri takes the first.
    let front = dmitri
        .browser
        .text(&format!("/market/cycles/{cycle}"))
        .await;
    assert!(front.contains("1 place left"), "{front}");
    assert!(
        front.contains("€4.50 per order, up to 5 km from the shop"),
        "{front}"
    );
    let response = dmitri
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[(&quantity, "1"), ("pickup_id", &pickup)],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Choose a time slot."),
        "slot required"
    );
    let response = dmitri
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[
                (&quantity, "1"),
                ("pickup_id", &pickup),
                ("slot_id", &slots[0]),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let order = dmitri.browser.text(&location(&response)).await;
    assert!(order.contains("Slot "), "{order}");
    // Émile reads French: the full slot is marked and refused, kept as typed.
    emile
        .browser
        .post_form("/lang", &[("lang", "fr"), ("next", "/market")])
        .await;
    let front = emile.browser.text(&format!("/market/cycles/{cycle}")).await;
    let full = format!("value=\"{}\" disabled", slots[0]);
    assert!(
        front.contains(&full) && front.contains("complet"),
        "{front}"
    );
    let response = emile
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[
                (&quantity, "1"),
                ("pickup_id", &pickup),
                ("slot_id", &slots[0]),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Ce créneau est complet : choisissez-en un autre."),
        "{page}"
    );
    // Alice has it delivered, placed by her commune (the shop's own place).
    let response = alice
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[
                (&quantity, "1"),
                ("pickup_id", "delivery"),
                ("delivery_address", "3 rue des Fleurs"),
                ("delivery_near", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("choose its commune")
    );
    let response = alice
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[
                (&quantity, "1"),
                ("pickup_id", "delivery"),
                ("delivery_address", "3 rue des Fleurs"),
                ("delivery_near", "45.75,4.85"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let order = alice.browser.text(&location(&response)).await;
    assert!(
        order.contains("Delivered to 3 rue des Fleurs") && order.contains("€4.50"),
        "{order}"
    );
    // The preparation and the distribution list the slot and the address.
    let sheet = chloe
        .browser
        .text(&format!("/market/cycles/{cycle}/preparation"))
        .await;
    assert!(
        sheet.contains("Slot ")
            && sheet.contains("3 rue des Fleurs")
            && sheet.contains("Deliveries"),
        "{sheet}"
    );
    let csv = chloe
        .browser
        .text(&format!("/market/cycles/{cycle}/preparation.csv"))
        .await;
    assert!(csv.contains(",3 rue des Fleurs"), "{csv}");
    let distribution = chloe
        .browser
        .text(&format!("/market/cycles/{cycle}/distribution"))
        .await;
    assert!(
        distribution.contains("class=\"slot-heading\"")
            && distribution.contains("Delivered to 3 rue des Fleurs"),
        "{distribution}"
    );
    let pdf = chloe
        .browser
        .get(&format!("/market/cycles/{cycle}/preparation.pdf"))
        .await;
    assert_eq!(pdf.status(), 200);
}

async fn an_empty_wallet_pays_by_card_from_the_shop_front(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri"])
        .build()
        .await;
    let dmitri = &hub.people[2];
    let (cycle, pickup, variant) = open_cycle(app, &hub).await;
    let path = format!("/market/cycles/{cycle}");
    let front = dmitri.browser.text(&path).await;
    assert!(
        front.contains("From my wallet") && front.contains("By card"),
        "{front}"
    );
    let key = front
        .split("name=\"payment_id\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let quantity = format!("q_{variant}");
    // From the empty wallet: refused, and the card is offered.
    let response = dmitri
        .browser
        .post_form(
            &path,
            &[
                (&quantity, "2"),
                ("pickup_id", &pickup),
                ("payment", "wallet"),
                ("payment_id", &key),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("top it up, or pay by card"), "{page}");
    // By card: charged, credited and held; the same form posted twice is charged once.
    let form = [
        (quantity.as_str(), "2"),
        ("pickup_id", pickup.as_str()),
        ("payment", "demo"),
        ("payment_id", key.as_str()),
    ];
    for said in ["placed", "changed"] {
        let response = dmitri.browser.post_form(&path, &form).await;
        assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
        let page = dmitri.browser.text(&location(&response)).await;
        assert_eq!(
            flash(&page),
            Some(
                format!("Your order is {said}: €9.93 held in your wallet until the close.")
                    .as_str()
            )
        );
    }
    let (_, w) = dmitri.api.get("/api/v1/me/wallet").await;
    assert_eq!(
        (w["balance"].as_i64(), w["available"].as_i64()),
        (Some(993), Some(0))
    );
    let statement = dmitri.browser.text("/wallet").await;
    assert!(statement.contains("Top-up (demo payment)"), "{statement}");
    // In French, the choice reads in French.
    dmitri
        .browser
        .post_form("/lang", &[("lang", "fr"), ("next", "/market")])
        .await;
    let front = dmitri.browser.text(&path).await;
    assert!(front.contains("Par carte"), "{front}");
}

async fn a_member_volunteers_and_hands_orders_over_without_running_the_shop(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri", "Émile"])
        .wallet(2, "30")
        .build()
        .await;
    let (chloe, dmitri, emile) = (&hub.people[0], &hub.people[2], &hub.people[3]);
    let (cycle, pickup, variant) = open_cycle(app, &hub).await;
    let (status, order) = dmitri
        .api
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "lines": [{"variant_id": variant, "quantity": 2}]}),
        )
        .await;
    assert_eq!(status, 200, "{order}");
    let order = order["id"].as_str().unwrap().to_owned();
    let (shop_front, sheet) = (
        format!("/market/cycles/{cycle}"),
        format!("/market/cycles/{cycle}/distribution"),
    );
    let volunteers = format!("/api/v1/market/cycles/{cycle}/volunteers");

    // Émile, a member of the AMAP who does not run it, is offered to
    // volunteer; until then the distribution is not his to see.
    let page = emile.browser.text(&shop_front).await;
    assert!(
        page.contains("Volunteers at the distribution")
            && page.contains("Nobody has volunteered yet."),
        "{page}"
    );
    assert_eq!(emile.browser.get(&sheet).await.status(), 403);
    // Ève does not belong to the AMAP: no offer, no sign-up.
    let outsider = &app.people(&["Ève"]).await[0];
    assert!(
        !outsider
            .browser
            .text(&shop_front)
            .await
            .contains("Volunteers at the distribution")
    );
    let (status, _) = outsider.api.post(&volunteers, json!({})).await;
    assert_eq!(status, 403);

    let response = emile
        .browser
        .post_form(&format!("{shop_front}/volunteers"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let page = emile.browser.text(&shop_front).await;
    assert_eq!(
        flash(&page),
        Some("Thank you: you are a volunteer at this distribution.")
    );
    assert!(page.contains(&format!("href=\"{sheet}\"")), "{page}");
    // Dmitri, a member who bought in the cycle, sees who volunteers, and
    // volunteers too.
    let (status, list) = dmitri.api.get(&volunteers).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list[0]["name"], "Émile");
    let (status, list) = dmitri.api.post(&volunteers, json!({})).await;
    assert_eq!((status, list.as_array().map(Vec::len)), (200, Some(2)));
    let (status, _) = chloe
        .api
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, 200);

    // A volunteer never settles its own order: Dmitri cannot refund himself.
    let (status, _) = dmitri
        .api
        .post(
            &format!("/api/v1/market/orders/{order}/missing"),
            json!({"lines": [{"variant_id": variant, "quantity": 2}]}),
        )
        .await;
    assert_eq!(status, 403);
    assert!(
        !dmitri
            .browser
            .text(&sheet)
            .await
            .contains("Something missing?")
    );
    // Émile hands the order over from the distribution page, but runs nothing else.
    let page = emile.browser.text(&sheet).await;
    assert!(
        page.contains("Dmitri") && page.contains("Something missing?"),
        "{page}"
    );
    let response = emile
        .browser
        .post_form(&format!("/market/orders/{order}/collected"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let (status, o) = emile
        .api
        .get(&format!("/api/v1/market/orders/{order}"))
        .await;
    assert_eq!((status, &o["state"]), (200, &json!("collected")));
    assert_eq!(
        emile
            .browser
            .get(&format!("/market/cycles/{cycle}/manage"))
            .await
            .status(),
        403
    );
    let (_, export) = emile.api.get("/api/v1/me/export").await;
    assert_eq!(
        export["market"]["distributions_volunteered"][0]["cycle_id"],
        json!(cycle),
        "{export}"
    );

    // Only he or those who run the shop take him off; then the sheet is closed to him.
    let (status, _) = outsider
        .api
        .call(
            reqwest::Method::DELETE,
            &format!("{volunteers}/{}", emile.id),
            None,
        )
        .await;
    assert_eq!(status, 403);
    let response = chloe
        .browser
        .post_form(&format!("{shop_front}/volunteers/{}/remove", emile.id), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(emile.browser.get(&sheet).await.status(), 403);
    let (_, list) = dmitri.api.get(&volunteers).await;
    assert_eq!(list[0]["name"], "Dmitri", "{list}");
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    // Taken off, he cannot sign himself up again.
    let (status, problem) = emile.api.post(&volunteers, json!({})).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(
        problem["type"],
        "urn:freeco:problem:market-volunteer-removed"
    );
    // Erased, nothing of his volunteering is left.
    let (status, body) = emile.api.erase_account().await;
    assert!((200..300).contains(&status), "{status}: {body}");
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM market_cycle_volunteers WHERE member_id = $1")
            .bind(&emile.id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(left, 0);
}

/// A coordinator invites another collective's shop to distribute its
/// cycle; the grocery's coordinator accepts by choosing its offer, adds its
/// pickup point and fee on its own page, and its members order from its
/// own front.
async fn another_hub_distributes_the_cycle_through_the_forms(app: &TestApp) {
    let amap = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice", "Dmitri"])
        .build()
        .await;
    let (chloe, dmitri) = (&amap.people[0], &amap.people[2]);
    let (cycle, _, variant) = open_cycle(app, &amap).await;
    let grocery = app
        .collective("Épicerie du Bourg", "cooperative")
        .people(&["Bruno", "Gaspard"])
        .wallet(1, "30")
        .build()
        .await;
    let (bruno, gaspard) = (&grocery.people[0], &grocery.people[1]);
    let (status, b) = bruno
        .api
        .post(
            "/api/v1/market/shops",
            json!({"name": "Épicerie du Bourg", "collective_id": grocery.id}),
        )
        .await;
    assert_eq!(status, 201, "{b}");
    let b_shop = b["id"].as_str().unwrap().to_owned();

    // The coordinator invites the grocery from the cycle's page.
    let manage = chloe
        .browser
        .text(&format!("/market/cycles/{cycle}/manage"))
        .await;
    assert!(
        manage.contains("Distributing hubs") && manage.contains("Épicerie du Bourg"),
        "{manage}"
    );
    let response = chloe
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}/hubs"),
            &[("shop_id", &b_shop)],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let manage = chloe.browser.text(&location(&response)).await;
    assert_eq!(
        flash(&manage),
        Some("The hub is invited to distribute the cycle.")
    );
    assert!(
        manage.contains("invited, waiting for the hub to accept"),
        "{manage}"
    );

    // The grocery's coordinator finds the invitation and its page; nobody
    // else runs that page.
    let hub_page = format!("/market/cycles/{cycle}/hubs/{b_shop}");
    let market = bruno.browser.text("/market").await;
    assert!(
        market.contains("Cycles inviting your hubs to distribute") && market.contains(&hub_page),
        "{market}"
    );
    assert_eq!(dmitri.browser.get(&hub_page).await.status(), 403);
    assert_eq!(gaspard.browser.get(&hub_page).await.status(), 403);
    let page = bruno.browser.text(&hub_page).await;
    assert!(page.contains("Tomates rondes"), "{page}");
    let offered = format!("v_{variant}");
    let response = bruno
        .browser
        .post_form(&format!("{hub_page}/offer"), &[(&offered, "1")])
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    assert_eq!(location(&response), hub_page);
    let page = bruno.browser.text(&hub_page).await;
    assert_eq!(flash(&page), Some("The hub&#39;s offer is saved."));
    // The grocery's coordinator takes off the volunteers the grocery
    // brought, not a member of the AMAP (who is in both).
    assert_eq!(dmitri.api.join_by_link(&bruno.api, &grocery.id).await, 200);
    let volunteers = format!("/api/v1/market/cycles/{cycle}/volunteers");
    for who in [dmitri, gaspard] {
        let (status, list) = who.api.post(&volunteers, json!({})).await;
        assert_eq!(status, 200, "{list}");
    }
    let take_off = |who: &str| {
        let path = format!("{volunteers}/{who}");
        async move { bruno.api.call(reqwest::Method::DELETE, &path, None).await.0 }
    };
    assert_eq!(take_off(&dmitri.id).await, 403);
    assert_eq!(take_off(&gaspard.id).await, 200);
    let pickups = format!("/market/cycles/{cycle}/pickups");
    let response = bruno
        .browser
        .post_form(
            &pickups,
            &[
                ("hub_id", &b_shop),
                ("place", "Épicerie"),
                ("starts_at", &local(2, 17)),
                ("ends_at", &local(2, 19)),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    assert_eq!(location(&response), hub_page);
    // A refused fee is said on the hub's own page, in the reader's words.
    let fees = format!("/market/cycles/{cycle}/fees");
    let fee = |amount: &'static str| {
        [
            ("hub_id", b_shop.clone()),
            ("name", "Local de l'épicerie".to_owned()),
            ("kind", "admin".to_owned()),
            ("calculator", "per_item".to_owned()),
            ("amount", amount.to_owned()),
        ]
    };
    let form = fee("5000");
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = bruno.browser.post_form(&fees, &fields).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("A fee is at most 1,000 €") && page.contains("Local de l&#39;épicerie"),
        "{page}"
    );
    let form = fee("0.20");
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = bruno.browser.post_form(&fees, &fields).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    assert_eq!(location(&response), hub_page);

    // The AMAP's front points to the grocery's; the grocery's front offers
    // its pickup point, priced with its fee (4.50 + 5 % + 0.20).
    let front = dmitri
        .browser
        .text(&format!("/market/cycles/{cycle}"))
        .await;
    assert!(
        front.contains("Also ordered at:") && front.contains(&format!("?hub={b_shop}")),
        "{front}"
    );
    assert!(!front.contains("Épicerie —"), "{front}");
    let at_b = format!("/market/cycles/{cycle}?hub={b_shop}");
    // The market lists the grocery's front under the cycle.
    let market = gaspard.browser.text("/market").await;
    assert!(market.contains(&at_b), "{market}");
    let front = gaspard.browser.text(&at_b).await;
    assert!(
        front.contains("distributing for Épicerie de l&#39;AMAP") && front.contains("€4.93"),
        "{front}"
    );
    assert!(!front.contains("Salle des fêtes"), "{front}");
    let (_, c) = gaspard
        .api
        .get(&format!("/api/v1/market/cycles/{cycle}"))
        .await;
    let b_pickup = c["pickups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["hub_id"] == b_shop.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let quantity = format!("q_{variant}");
    let response = gaspard
        .browser
        .post_form(
            &format!("/market/cycles/{cycle}"),
            &[("hub", &b_shop), (&quantity, "1"), ("pickup_id", &b_pickup)],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let order = gaspard.browser.text(&location(&response)).await;
    assert!(
        order.contains("Épicerie du Bourg") && order.contains("€0.20"),
        "{order}"
    );
    // Back on the cycle, the member sees its hub's front, and may go to the
    // coordinating shop's.
    let front = gaspard
        .browser
        .text(&format!("/market/cycles/{cycle}"))
        .await;
    assert!(front.contains("distributing for"), "{front}");
    let front = gaspard
        .browser
        .text(&format!("/market/cycles/{cycle}?hub="))
        .await;
    assert!(
        !front.contains("distributing for") && front.contains("Salle des fêtes"),
        "{front}"
    );
}
