//! Sales reports through HTTP, on SQLite and PostgreSQL: a hub's two
//! closed cycles (one order cancelled, one still held in an open cycle)
//! add up per cycle, producer, product, pickup point, fee and member; the
//! CSV files and the chart say the same; a producer sees its own sales and
//! nobody's name; another shop's coordinator and the hub's members are
//! refused; a wrong period is refused in the reader's language.

mod common;

use common::*;
use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms, on_both_databases};

on_both_databases!(a_hub_and_its_producers_read_their_sales,);

/// A new open cycle of `shop` with a pickup point at `place`.
async fn cycle(chloe: &Api, shop: &str, name: &str, place: &str) -> (String, String) {
    let now = now_ms();
    let (status, c) = chloe
        .post(
            &format!("/api/v1/market/shops/{shop}/cycles"),
            json!({"name": name, "opens_at": now - 1000, "closes_at": now + 7 * DAY}),
        )
        .await;
    assert_eq!(status, 201, "{c}");
    let id = c["id"].as_str().unwrap().to_owned();
    let (status, c) = chloe
        .post(
            &format!("/api/v1/market/cycles/{id}/pickups"),
            json!({"place": place, "starts_at": now + 8 * DAY, "ends_at": now + 8 * DAY + 3_600_000}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let pickup = c["pickups"][0]["id"].as_str().unwrap().to_owned();
    (id, pickup)
}

async fn order(buyer: &Api, cycle: &str, pickup: &str, lines: &[(&str, i64)]) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(v, q)| json!({"variant_id": v, "quantity": q}))
        .collect();
    let (status, o) = buyer
        .post(
            &format!("/api/v1/market/cycles/{cycle}/order"),
            json!({"pickup_id": pickup, "lines": lines}),
        )
        .await;
    assert_eq!(status, 200, "{o}");
    o
}

async fn close(chloe: &Api, cycle: &str) {
    let (status, c) = chloe
        .post(&format!("/api/v1/market/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, 200, "{c}");
}

fn figures(sales: &Value) -> [i64; 5] {
    ["orders", "quantity", "goods", "fees", "amount"].map(|k| sales[k].as_i64().unwrap())
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap()
}

async fn a_hub_and_its_producers_read_their_sales(app: &TestApp) {
    let amap = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Dmitri", "Émile", "Alice", "Bruno", "Fanny"])
        .wallet(1, "50")
        .wallet(2, "50")
        .wallet(5, "50")
        .build()
        .await;
    let [chloe, dmitri, emile, alice, bruno, fanny] =
        [0, 1, 2, 3, 4, 5].map(|i| &amap.people[i].api);
    let farm = seller(alice, "Ferme des Lilas", SIRETS[0], Some("FR83404833048")).await;
    let hens = seller(bruno, "Poulailler de Bruno", SIRETS[1], None).await;
    let tomato = product(alice, &farm, tomatoes(50)).await;
    let tomato_v = tomato["variants"][0]["id"].as_str().unwrap().to_owned();
    let egg = product(bruno, &hens, eggs()).await;
    let egg_v = egg["variants"][0]["id"].as_str().unwrap().to_owned();

    // Week 49: both producers, the farm's packing fee, the hub's admin
    // percentage and a fundraising per order, two pickup points.
    let (shop, c1, salle) = hub_cycle(chloe, &amap.id, None).await;
    join_cycle(chloe, &c1, &farm, alice, &[&tomato_v]).await;
    join_cycle(chloe, &c1, &hens, bruno, &[&egg_v]).await;
    for (by, fee) in [
        (
            alice,
            json!({"seller_id": farm, "name": "Cagettes", "kind": "packing", "calculator": "per_item", "amount": 20}),
        ),
        (
            chloe,
            json!({"name": "Gestion", "kind": "admin", "calculator": "percent", "amount": 500}),
        ),
        (
            chloe,
            json!({"name": "Caisse", "kind": "fundraising", "calculator": "per_order", "amount": 100, "vat_rate": 0}),
        ),
    ] {
        let (status, c) = by
            .post(&format!("/api/v1/market/cycles/{c1}/fees"), fee)
            .await;
        assert_eq!(status, 200, "{c}");
    }
    let (status, c) = chloe
        .post(
            &format!("/api/v1/market/cycles/{c1}/pickups"),
            json!({"place": "Marché du samedi", "starts_at": now_ms() + 9 * DAY, "ends_at": now_ms() + 9 * DAY + 3_600_000}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let samedi = c["pickups"][1]["id"].as_str().unwrap().to_owned();
    // Dmitri: 3 kg of tomatoes and 2 boxes of eggs. Goods 13.50 + 7.80;
    // fees: packing 0.60, admin 0.68 + 0.39, fundraising 1.00.
    let d1 = order(dmitri, &c1, &salle, &[(&tomato_v, 3), (&egg_v, 2)]).await;
    assert_eq!((int(&d1["items"]), int(&d1["fees"])), (2130, 267), "{d1}");
    // Émile: a box of eggs on Saturday. 3.90, admin 0.20, fundraising 1.00.
    let e1 = order(emile, &c1, &samedi, &[(&egg_v, 1)]).await;
    assert_eq!((int(&e1["items"]), int(&e1["fees"])), (390, 120), "{e1}");
    // Fanny orders and cancels: she counts nowhere.
    let f1 = order(fanny, &c1, &samedi, &[(&tomato_v, 2)]).await;
    let (status, _) = fanny
        .post(
            &format!(
                "/api/v1/market/orders/{}/cancel",
                f1["id"].as_str().unwrap()
            ),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    close(chloe, &c1).await;

    // Week 50: the farm alone, no fee; the same hall under the same name.
    let (c2, salle2) = cycle(chloe, &shop, "Semaine 50", "Salle des fêtes").await;
    join_cycle(chloe, &c2, &farm, alice, &[&tomato_v]).await;
    let e2 = order(emile, &c2, &salle2, &[(&tomato_v, 1)]).await;
    assert_eq!((int(&e2["items"]), int(&e2["fees"])), (450, 0), "{e2}");
    close(chloe, &c2).await;

    // Week 51 is open: Dmitri's order there is held, not paid.
    let (c3, salle3) = cycle(chloe, &shop, "Semaine 51", "Salle des fêtes").await;
    join_cycle(chloe, &c3, &farm, alice, &[&tomato_v]).await;
    order(dmitri, &c3, &salle3, &[(&tomato_v, 5)]).await;

    // The hub's report.
    let (status, r) = chloe
        .get(&format!("/api/v1/market/shops/{shop}/report"))
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["scope"], "shop");
    let cycles = r["cycles"].as_array().unwrap();
    assert_eq!(cycles.len(), 2, "{r}");
    assert_eq!(
        (cycles[0]["name"].as_str(), figures(&cycles[0]["sales"])),
        (Some("Semaine 49"), [2, 6, 2520, 387, 2907])
    );
    assert_eq!(
        (cycles[1]["name"].as_str(), figures(&cycles[1]["sales"])),
        (Some("Semaine 50"), [1, 1, 450, 0, 450])
    );
    assert_eq!(figures(&r["total"]), [3, 7, 2970, 387, 3357]);
    // What the members paid: totals and the platform's fee on top.
    let paid = [&d1, &e1, &e2].map(|o| int(&o["to_pay"]));
    assert_eq!(paid, [2397 + 120, 510 + 26, 450 + 23]);
    assert_eq!(int(&cycles[0]["shares"]["paid"]), paid[0] + paid[1]);
    assert_eq!(int(&cycles[1]["shares"]["paid"]), paid[2]);
    let shares = &r["shares"];
    assert_eq!(int(&shares["paid"]), paid.iter().sum::<i64>());
    // Producers: goods and their own fees; the shop: its fees.
    assert_eq!(int(&shares["producers"]), 1800 + 60 + 1170);
    assert_eq!(int(&shares["shops"]), 127 + 200);
    let solidarity: i64 = [&d1, &e1, &e2].map(|o| int(&o["solidarity"])).iter().sum();
    let platform: i64 = [&d1, &e1, &e2]
        .map(|o| int(&o["platform_fee"]))
        .iter()
        .sum();
    assert_eq!(platform, 120 + 26 + 23);
    assert_eq!(int(&shares["solidarity"]), solidarity);
    assert_eq!(int(&shares["platform"]), platform - solidarity);

    assert_eq!(
        rows_of(&r, "producers", "name"),
        [
            ("Ferme des Lilas".to_owned(), [2, 4, 1800, 60, 1860]),
            ("Poulailler de Bruno".to_owned(), [2, 3, 1170, 0, 1170]),
        ]
    );
    assert_eq!(
        rows_of(&r, "products", "product_name"),
        [
            ("Tomates rondes".to_owned(), [2, 4, 1800, 0, 1800]),
            ("Œufs".to_owned(), [2, 3, 1170, 0, 1170]),
        ]
    );
    assert_eq!(r["products"][1]["seller_name"], "Poulailler de Bruno");
    assert_eq!(
        rows_of(&r, "pickups", "place"),
        [
            ("Marché du samedi".to_owned(), [1, 1, 390, 120, 510]),
            ("Salle des fêtes".to_owned(), [2, 6, 2580, 267, 2847]),
        ]
    );
    assert_eq!(r["pickups"][1]["cycles"], 2);
    let fees: Vec<(String, String, Option<String>, i64, i64)> = r["fees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_owned(),
                f["kind"].as_str().unwrap().to_owned(),
                f["seller_name"].as_str().map(str::to_owned),
                int(&f["orders"]),
                int(&f["amount"]),
            )
        })
        .collect();
    assert_eq!(
        fees,
        [
            (
                "Caisse".into(),
                "fundraising".into(),
                Some("Épicerie de l'AMAP".into()),
                2,
                200
            ),
            (
                "Gestion".into(),
                "admin".into(),
                Some("Épicerie de l'AMAP".into()),
                2,
                68 + 39 + 20
            ),
            (
                "Cagettes".into(),
                "packing".into(),
                Some("Ferme des Lilas".into()),
                1,
                60
            ),
            ("".into(), "platform".into(), None, 3, platform - solidarity),
            ("".into(), "solidarity".into(), None, 3, solidarity),
        ]
    );
    let members: Vec<(String, i64, i64, i64)> = r["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap().to_owned(),
                int(&m["orders"]),
                int(&m["total"]),
                int(&m["paid"]),
            )
        })
        .collect();
    assert_eq!(
        members,
        [
            ("Dmitri".into(), 1, 2397, paid[0]),
            ("Émile".into(), 2, 510 + 450, paid[1] + paid[2]),
        ]
    );
    // The closed cycles to choose from, newest first; the open one is not.
    let closed: Vec<&str> = r["closed_cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(closed, [c2.as_str(), c1.as_str()]);

    // One cycle, or a period.
    let (status, one) = chloe
        .get(&format!("/api/v1/market/shops/{shop}/report?cycle={c2}"))
        .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(figures(&one["total"]), [1, 1, 450, 0, 450]);
    assert_eq!(one["members"].as_array().unwrap().len(), 1);
    assert_eq!(one["members"][0]["paid"], paid[2]);
    let (today, yesterday, tomorrow) = (day(0), day(-1), day(1));
    let (status, all) = chloe
        .get(&format!(
            "/api/v1/market/shops/{shop}/report?from={today}&to={today}"
        ))
        .await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(figures(&all["total"]), [3, 7, 2970, 387, 3357]);
    let (status, none) = chloe
        .get(&format!(
            "/api/v1/market/shops/{shop}/report?from=&to={yesterday}"
        ))
        .await;
    assert_eq!(status, 200, "{none}");
    assert_eq!(figures(&none["total"]), [0, 0, 0, 0, 0]);
    assert_eq!(none["members"], json!([]));

    // Wrong periods are refused, saying why.
    for (query, field, code) in [
        (
            format!("from={tomorrow}&to={today}"),
            "to",
            "error-report-period",
        ),
        ("from=2026-02-30".to_owned(), "from", "error-date"),
        ("to=soon".to_owned(), "to", "error-date"),
        (format!("cycle={c3}"), "cycle", "error-report-cycle"),
    ] {
        let (status, problem) = chloe
            .get(&format!("/api/v1/market/shops/{shop}/report?{query}"))
            .await;
        assert_eq!(status, 422, "{query}: {problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{query}: {problem}");
    }

    // The page: the chart has one column per closed cycle, and the tables
    // give the same figures.
    let browser = &amap.people[0].browser;
    let shop_page = browser.text(&format!("/market/shops/{shop}")).await;
    assert!(
        shop_page.contains(&format!("/market/shops/{shop}/reports")),
        "the shop's page links its reports"
    );
    let page = browser.text(&format!("/market/shops/{shop}/reports")).await;
    let svg = page
        .split("<svg class=\"chart-sales\"")
        .nth(1)
        .and_then(|s| s.split("</svg>").next())
        .expect("a chart");
    assert!(
        svg.contains("role=\"img\"") && svg.contains("<title>"),
        "{svg}"
    );
    assert_eq!(svg.matches("<rect class=\"bar\"").count(), 2, "{svg}");
    assert!(svg.contains("Semaine 50") && svg.contains("€4.50"), "{svg}");
    for figure in [
        "€33.57", "€29.07", "€18.60", "€11.70", "€28.47", "€1.27", "Dmitri", "Émile",
    ] {
        assert!(page.contains(figure), "{figure}");
    }
    assert!(!page.contains("Fanny"), "a cancelled order counts nowhere");
    assert!(page.matches("class=\"table-scroll\"").count() >= 6);

    // Each table as CSV, for the same period.
    let response = browser
        .get(&format!("/market/shops/{shop}/reports/products.csv"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"sales-products.csv\""
    );
    assert_eq!(
        response.text().await.unwrap(),
        "producer,product,unit,size,orders,quantity,goods\n\
         Ferme des Lilas,Tomates rondes,g,1000,2,4,18.00\n\
         Poulailler de Bruno,Œufs,piece,6,2,3,11.70\n"
    );
    let sheet = browser
        .text(&format!("/market/shops/{shop}/reports/members.csv"))
        .await;
    assert_eq!(
        sheet,
        format!(
            "member,orders,total,paid\nDmitri,1,23.97,{}.{:02}\nÉmile,2,9.60,{}.{:02}\n",
            paid[0] / 100,
            paid[0] % 100,
            (paid[1] + paid[2]) / 100,
            (paid[1] + paid[2]) % 100
        )
    );
    let sheet = browser
        .text(&format!(
            "/market/shops/{shop}/reports/pickups.csv?cycle={c2}"
        ))
        .await;
    assert_eq!(
        sheet,
        "pickup,cycles,orders,quantity,goods,fees,amount\nSalle des fêtes,1,1,1,4.50,0.00,4.50\n"
    );
    let sheet = browser
        .text(&format!("/market/shops/{shop}/reports/fees.csv"))
        .await;
    assert!(
        sheet.starts_with(
            "fee,kind,to,orders,amount\nCaisse,fundraising,Épicerie de l'AMAP,2,2.00\n"
        ) && sheet.contains("Cagettes,packing,Ferme des Lilas,1,0.60\n"),
        "{sheet}"
    );
    let sheet = browser
        .text(&format!("/market/shops/{shop}/reports/cycles.csv"))
        .await;
    assert!(
        sheet.starts_with(
            "shop,cycle,closed_at,orders,quantity,goods,fees,amount,paid,platform_fee,solidarity\n"
        ) && sheet.contains(",2,6,25.20,3.87,29.07,"),
        "{sheet}"
    );
    assert_eq!(
        browser
            .get(&format!("/market/shops/{shop}/reports/secrets.csv"))
            .await
            .status(),
        404
    );

    // Bruno's hen house: its own eggs, nobody's name, no other producer.
    let (status, b) = bruno
        .get(&format!("/api/v1/market/sellers/{hens}/report"))
        .await;
    assert_eq!(status, 200, "{b}");
    assert_eq!(b["scope"], "seller");
    assert_eq!(figures(&b["total"]), [2, 3, 1170, 0, 1170]);
    assert_eq!(b["cycles"].as_array().unwrap().len(), 1);
    assert_eq!(b["products"].as_array().unwrap().len(), 1);
    assert_eq!(
        rows_of(&b, "pickups", "place"),
        [
            ("Marché du samedi".to_owned(), [1, 1, 390, 0, 390]),
            ("Salle des fêtes".to_owned(), [1, 2, 780, 0, 780]),
        ]
    );
    assert_eq!(b["fees"], json!([]));
    assert_eq!(
        (&b["members"], &b["producers"], &b["shares"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    let text = b.to_string();
    for other in ["Dmitri", "Émile", "Tomates", "Ferme des Lilas", "Gestion"] {
        assert!(!text.contains(other), "{other} in {text}");
    }
    // The farm: both cycles, its packing fee.
    let (_, f) = alice
        .get(&format!("/api/v1/market/sellers/{farm}/report"))
        .await;
    assert_eq!(figures(&f["total"]), [2, 4, 1800, 60, 1860]);
    assert_eq!(f["fees"][0]["name"], "Cagettes");
    assert_eq!(f["fees"].as_array().unwrap().len(), 1);
    let bruno_browser = &amap.people[4].browser;
    let seller_page = bruno_browser.text(&format!("/market/sellers/{hens}")).await;
    assert!(seller_page.contains(&format!("/market/sellers/{hens}/reports")));
    let page = bruno_browser
        .text(&format!("/market/sellers/{hens}/reports"))
        .await;
    assert_eq!(page.matches("<rect class=\"bar\"").count(), 1);
    assert!(page.contains("€11.70"));
    for other in ["Dmitri", "Émile", "Tomates", "Gestion", "members.csv"] {
        assert!(!page.contains(other), "{other} on the producer's page");
    }
    assert_eq!(
        bruno_browser
            .get(&format!("/market/sellers/{hens}/reports/members.csv"))
            .await
            .status(),
        404
    );

    // Refused: another shop's coordinator, the hub's members and producers.
    let coop = app
        .collective("Coop du quartier", "cooperative")
        .people(&["Gaspard"])
        .build()
        .await;
    let gaspard = &coop.people[0].api;
    let (status, other) = gaspard
        .post(
            "/api/v1/market/shops",
            json!({"name": "Coop", "collective_id": coop.id}),
        )
        .await;
    assert_eq!(status, 201, "{other}");
    let (status, own) = gaspard
        .get(&format!(
            "/api/v1/market/shops/{}/report",
            other["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!((status, &own["cycles"]), (200, &json!([])));
    for (who, path) in [
        (gaspard, format!("/api/v1/market/shops/{shop}/report")),
        (bruno, format!("/api/v1/market/shops/{shop}/report")),
        (dmitri, format!("/api/v1/market/shops/{shop}/report")),
        (gaspard, format!("/api/v1/market/sellers/{hens}/report")),
        (alice, format!("/api/v1/market/sellers/{hens}/report")),
    ] {
        let (status, _) = who.get(&path).await;
        assert_eq!(status, 403, "{path}");
    }
    let (status, _) = chloe.get("/api/v1/market/shops/nope/report").await;
    assert_eq!(status, 404);
    let gaspard_browser = &coop.people[0].browser;
    for path in [
        format!("/market/shops/{shop}/reports"),
        format!("/market/shops/{shop}/reports/members.csv"),
        format!("/market/sellers/{hens}/reports"),
    ] {
        assert_eq!(gaspard_browser.get(&path).await.status(), 403, "{path}");
    }
    let dmitri_shop = amap.people[1]
        .browser
        .text(&format!("/market/shops/{shop}"))
        .await;
    assert!(!dmitri_shop.contains("/reports"), "members see no link");

    // A wrong period on the page: said in the reader's language, in the form.
    let response = browser
        .post_form("/lang", &[("lang", "fr"), ("next", "/market")])
        .await;
    assert_eq!(response.status(), 303);
    let response = browser
        .get(&format!(
            "/market/shops/{shop}/reports?from={tomorrow}&to={today}"
        ))
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("La date de fin précède la date de début.")
            && page.contains(&format!("value=\"{tomorrow}\"")),
        "{page}"
    );
    let page = browser.text(&format!("/market/shops/{shop}/reports")).await;
    assert!(page.contains("33,57"), "French figures");
}

fn rows_of(r: &Value, table: &str, key: &str) -> Vec<(String, [i64; 5])> {
    r[table]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[key].as_str().unwrap().to_owned(), figures(&p["sales"])))
        .collect()
}
