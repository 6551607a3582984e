//! A whole Freeco instance on a random port, on SQLite or on PostgreSQL,
//! with every module the binary runs and mail delivered into a folder the
//! test reads. Shared by the integration tests of every crate.

pub mod bench;

use std::path::PathBuf;
use std::time::Duration;

use kernel::db::Db;
use kernel::i18n::Lang;
use kernel::module::{BoxFuture, Module, PersonalData};
use kernel::settings::Settings;
use reqwest::cookie::CookieStore;
use url::Url;
use web::runtime::{self, Running};

pub const PASSWORD: &str = "a long enough password";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// PostgreSQL server for the tests; a fresh database is created in it per test.
pub fn postgres_admin_url() -> String {
    std::env::var("FREECO_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub mail_dir: PathBuf,
    database_url: String,
    running: Option<Running>,
    _dir: tempfile::TempDir,
}

/// A fresh database for one test, copied from a template migrated once
/// per schema (`CREATE DATABASE … TEMPLATE`, much quicker than migrating
/// each). `TestApp::stop` drops it; `scripts/test` drops what a failed run
/// left, the template included.
pub async fn fresh_postgres_database() -> String {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let admin = postgres_admin_url();
    let mut conn = sqlx::AnyConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL is configured ({admin}) but unreachable: {e}"));
    let fingerprint = kernel::db::migrations_fingerprint(freeco::MODULES);
    let template = format!("freeco_t_template_{}", &fingerprint[..16]);
    // Statements with names in them, built once each: leaking them keeps
    // sqlx's borrowed query text alive, which a test process can afford.
    let exec = |sql: String| sqlx::query(Box::leak(sql.into_boxed_str()));
    // One test process builds the template; the others wait for it.
    sqlx::query("SELECT pg_advisory_lock(2026120301)")
        .execute(&mut conn)
        .await
        .expect("lock");
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&template)
        .fetch_optional(&mut conn)
        .await
        .expect("look for the template");
    if exists.is_none() {
        let building = format!("{template}_building");
        for sql in [
            format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"),
            format!("CREATE DATABASE {building}"),
        ] {
            exec(sql)
                .execute(&mut conn)
                .await
                .expect("template database");
        }
        let db = Db::connect(&database_url(&admin, &building))
            .await
            .expect("connect to the template");
        db.migrate(freeco::MODULES)
            .await
            .expect("migrate the template");
        db.close().await;
        drop(db);
        // Renaming and copying need nobody connected to it (its change
        // listener may linger a moment).
        for sql in [
            format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{building}'"
            ),
            format!("ALTER DATABASE {building} RENAME TO {template}"),
        ] {
            exec(sql)
                .execute(&mut conn)
                .await
                .expect("name the template");
        }
    }
    sqlx::query("SELECT pg_advisory_unlock(2026120301)")
        .execute(&mut conn)
        .await
        .expect("unlock");
    let name = format!("freeco_t_{}", uuid::Uuid::new_v4().simple());
    exec(format!("CREATE DATABASE {name} TEMPLATE {template}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    database_url(&admin, &name)
}

fn database_url(admin: &str, name: &str) -> String {
    let mut url = Url::parse(admin).expect("postgres URL");
    url.set_path(name);
    url.to_string()
}

/// Drops a test's database once its connections are closed.
async fn drop_postgres_database(url: &str) {
    use sqlx::Connection;
    let Some(name) = Url::parse(url)
        .ok()
        .map(|u| u.path().trim_start_matches('/').to_owned())
    else {
        return;
    };
    if let Ok(mut conn) = sqlx::AnyConnection::connect(&postgres_admin_url()).await {
        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        let _ = sqlx::query(&sql).execute(&mut conn).await;
    }
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_with(backend, |_| {}).await
    }

    /// An instance whose settings `change` adjusts first.
    pub async fn spawn_with(backend: Backend, change: impl FnOnce(&mut Settings)) -> TestApp {
        TestApp::spawn_running(backend, freeco::MODULES, change).await
    }

    /// An instance that also serves [`TEST_MODULE`]'s routes.
    pub async fn spawn_with_test_routes(backend: Backend) -> TestApp {
        let modules: Vec<Module> = freeco::MODULES
            .iter()
            .copied()
            .chain([TEST_MODULE])
            .collect();
        TestApp::spawn_running(backend, Box::leak(modules.into_boxed_slice()), |_| {}).await
    }

    async fn spawn_running(
        backend: Backend,
        modules: &'static [Module],
        change: impl FnOnce(&mut Settings),
    ) -> TestApp {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_env("FREECO_LOG")
                    .unwrap_or_else(|_| "warn".into()),
            )
            .with_test_writer()
            .try_init();
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = match backend {
            Backend::Sqlite => format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("freeco.sqlite3").display()
            ),
            Backend::Postgres => fresh_postgres_database().await,
        };
        let mail_dir = dir.path().join("mail");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let settings = Settings {
            base_url: Url::parse(&format!("http://{addr}")).expect("url"),
            data_dir: dir.path().to_owned(),
            database_url,
            smtp_url: Some(format!("file://{}", mail_dir.display())),
            mail_from: "Freeco <noreply@localhost>".to_owned(),
            job_poll_ms: 50,
            log_key: None,
            bank: Some(test_bank()),
            fees: Default::default(),
            loans: Default::default(),
            // Visitors from other addresses come through this "proxy"
            // (`visitor_from`), as behind a reverse proxy.
            trusted_proxies: vec!["127.0.0.1/32".parse().expect("network")],
            metrics_token: None,
        };
        let mut settings = settings;
        change(&mut settings);
        let settings_url = settings.database_url.clone();
        let db = runtime::prepare(&settings, modules)
            .await
            .expect("prepare database");
        let running = runtime::launch(settings, db.clone(), listener, modules)
            .await
            .expect("launch");
        TestApp {
            base: format!("http://{addr}"),
            database_url: settings_url,
            db,
            mail_dir,
            running: Some(running),
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A visitor with its own cookie jar, speaking `lang`.
    pub async fn visitor(&self, lang: Lang) -> Browser {
        self.visitor_with(lang, reqwest::header::HeaderMap::new())
            .await
    }

    /// A visitor whose requests reach the instance through its trusted
    /// proxy from `address`.
    pub async fn visitor_from(&self, lang: Lang, address: &str) -> Browser {
        let mut headers = reqwest::header::HeaderMap::new();
        let forwarded_for = reqwest::header::HeaderName::from_static("x-forwarded-for");
        headers.insert(forwarded_for, address.parse().expect("header"));
        self.visitor_with(lang, headers).await
    }

    async fn visitor_with(&self, lang: Lang, mut headers: reqwest::header::HeaderMap) -> Browser {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        headers.insert(
            reqwest::header::ACCEPT_LANGUAGE,
            lang.code().parse().expect("header"),
        );
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let browser = Browser {
            client,
            jar,
            base: self.base.clone(),
        };
        browser.get("/").await;
        browser
    }

    /// A confirmed member who accepted the charter, signed in through the login form.
    pub async fn member(&self, email: &str, name: &str) -> (Browser, String) {
        let id =
            kernel::members::create_confirmed(&self.db, email, PASSWORD, name, Lang::En, false)
                .await
                .expect("member");
        let charter = kernel::charter::current(&self.db).await.expect("charter");
        kernel::charter::accept(&self.db, &id, charter.version)
            .await
            .expect("accept");
        let browser = self.visitor(Lang::En).await;
        let response = browser
            .post_form("/login", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(response.status(), 303, "login of {email}");
        // Tests speak HTTP, where ids are text.
        (browser, id.into_string())
    }

    /// A member and a personal API token for it.
    pub async fn api_member(&self, email: &str, name: &str) -> (Api, String) {
        let (_, api, id) = self.member_with_api(email, name).await;
        (api, id)
    }

    /// A member signed in in a browser, with a personal API token too.
    pub async fn member_with_api(&self, email: &str, name: &str) -> (Browser, Api, String) {
        let (browser, id) = self.member(email, name).await;
        let created =
            kernel::tokens::create(&self.db, &kernel::MemberId::from(id.as_str()), "tests")
                .await
                .expect("token");
        let api = Api {
            client: reqwest::Client::new(),
            base: self.base.clone(),
            token: Some(created.secret),
        };
        (browser, api, id)
    }

    /// An API client holding `token`.
    pub fn api_with_token(&self, token: &str) -> Api {
        Api {
            client: reqwest::Client::new(),
            base: self.base.clone(),
            token: Some(token.to_owned()),
        }
    }

    pub fn anonymous_api(&self) -> Api {
        Api {
            client: reqwest::Client::new(),
            base: self.base.clone(),
            token: None,
        }
    }

    /// Waits for a mail to `to` that contains `needle` and returns it whole.
    pub async fn mail_to(&self, to: &str, needle: &str) -> String {
        for _ in 0..200 {
            if let Ok(entries) = std::fs::read_dir(&self.mail_dir) {
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.extension().is_some_and(|e| e == "eml") {
                        let text = std::fs::read_to_string(&path).unwrap_or_default();
                        let unfolded = unfold_quoted_printable(&text);
                        if text.contains(&format!("To: {to}")) && unfolded.contains(needle) {
                            return text;
                        }
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no mail to {to} containing {needle}");
    }

    /// Lets a decision's time run out now, as if its closing time had come
    /// (a decision that acts stays open days): its closing job runs at once.
    pub async fn let_decision_close(&self, decision_id: &str) {
        let now = now_ms();
        sqlx::query("UPDATE decisions SET closes_at = $1 WHERE id = $2")
            .bind(now)
            .bind(decision_id)
            .execute(self.db.writer())
            .await
            .expect("closing time");
        sqlx::query("UPDATE jobs SET run_at = $1 WHERE dedupe_key = $2")
            .bind(now)
            .bind(format!("{}:{decision_id}", kernel::decisions::JOB_CLOSE))
            .execute(self.db.writer())
            .await
            .expect("closing job");
    }

    /// Waits until `count` mails to `to` contain `needle`; returns them all.
    pub async fn mails_to(&self, to: &str, needle: &str, count: usize) -> Vec<String> {
        let mut found = Vec::new();
        for _ in 0..200 {
            found.clear();
            if let Ok(entries) = std::fs::read_dir(&self.mail_dir) {
                for entry in entries.flatten() {
                    let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                    if text.contains(&format!("To: {to}"))
                        && unfold_quoted_printable(&text).contains(needle)
                    {
                        found.push(text);
                    }
                }
            }
            if found.len() >= count {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "{} mails to {to} containing {needle}, not {count}",
            found.len()
        );
    }

    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await;
        }
        if self.db.backend() == kernel::db::Backend::Postgres {
            self.db.close().await;
            drop_postgres_database(&self.database_url).await;
        }
    }
}

/// Undoes the quoted-printable soft line breaks and `=3D` escapes that split links in mails.
fn unfold_quoted_printable(mail: &str) -> String {
    mail.replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
}

/// The link of `path_prefix` inside a mail (quoted-printable soft breaks removed).
pub fn link_in(mail: &str, path_prefix: &str) -> String {
    let text = unfold_quoted_printable(mail);
    let start = text
        .find(path_prefix)
        .unwrap_or_else(|| panic!("no {path_prefix} link in mail:\n{text}"));
    text[start..]
        .split_whitespace()
        .next()
        .expect("link")
        .to_owned()
}

/// The text of the message a page shows once after a form (its flash),
/// if it has one.
pub fn flash(page: &str) -> Option<&str> {
    page.split("<div class=\"flash flash-ok\" role=\"status\">")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
}

pub struct Browser {
    pub client: reqwest::Client,
    jar: std::sync::Arc<reqwest::cookie::Jar>,
    base: String,
}

impl Browser {
    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = Url::parse(&self.base).expect("base");
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|pair| pair.strip_prefix(&format!("{name}=")).map(str::to_owned))
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET")
    }

    pub async fn text(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("body")
    }

    /// A page fetched with one more cookie than this visitor holds, as one
    /// planted by someone else would be.
    pub async fn get_with_cookie(&self, path: &str, planted: &str) -> reqwest::Response {
        let url = Url::parse(&self.base).expect("base");
        let own = self
            .jar
            .cookies(&url)
            .and_then(|h| h.to_str().ok().map(str::to_owned))
            .unwrap_or_default();
        reqwest::Client::new()
            .get(format!("{}{path}", self.base))
            .header("cookie", format!("{own}; {planted}"))
            .send()
            .await
            .expect("GET")
    }

    /// The CSRF token this visitor's pages carry: its session's once signed
    /// in, before that the one in its cookie.
    pub fn csrf(&self) -> String {
        match self.cookie(kernel::sessions::COOKIE) {
            Some(session) => kernel::auth::session_csrf(&session),
            None => self
                .cookie(kernel::auth::CSRF_COOKIE)
                .expect("CSRF cookie set by an earlier page"),
        }
    }

    /// Opens a mailed confirmation link and confirms with `password`, as
    /// the page's form does; returns the form's answer.
    pub async fn confirm(&self, link: &str, password: &str) -> reqwest::Response {
        let page = self.get(link).await;
        assert_eq!(page.status(), 200, "the confirmation page of {link}");
        let url = Url::parse(&format!("http://host{link}")).expect("link");
        let field = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let (token, next) = (field("token"), field("next"));
        self.post_form(
            "/confirm",
            &[("token", &token), ("next", &next), ("password", password)],
        )
        .await
    }

    /// Posts a form with this visitor's CSRF token, as the page's form would.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &csrf));
        self.client
            .post(format!("{}{path}", self.base))
            .form(&all)
            .send()
            .await
            .expect("POST")
    }
}

#[derive(Clone)]
pub struct Api {
    pub client: reqwest::Client,
    pub base: String,
    pub token: Option<String>,
}

impl Api {
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let builder = self.client.request(method, format!("{}{path}", self.base));
        match &self.token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    /// An HTML page as this client sees it (signed in with its token, if
    /// any), in English.
    pub async fn page(&self, path: &str) -> String {
        let mut request = self
            .client
            .get(format!("{}{path}", self.base))
            .header("accept-language", "en");
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        request
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body")
    }

    /// Sends JSON and returns the status and the JSON answer (null when empty).
    /// Erases the account through the API with the test password: the
    /// answer's status and body.
    pub async fn erase_account(&self) -> (u16, serde_json::Value) {
        let password = serde_json::json!({ "password": PASSWORD });
        self.call(reqwest::Method::DELETE, "/api/v1/me", Some(password))
            .await
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut builder = self.request(method, path);
        if let Some(body) = body {
            builder = builder.json(&body);
        }
        let response = builder.send().await.expect("request");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        let json = if text.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
        };
        (status, json)
    }

    /// Joins `collective_id` through a shareable link that `coordinator` creates; returns the status.
    pub async fn join_by_link(&self, coordinator: &Api, collective_id: &str) -> u16 {
        let (_, link) = coordinator
            .post(
                &format!("/api/v1/collectives/{collective_id}/invitations"),
                serde_json::json!({}),
            )
            .await;
        let token = link["url"]
            .as_str()
            .expect("invitation url")
            .rsplit('/')
            .next()
            .expect("token");
        self.call(
            reqwest::Method::POST,
            &format!("/api/v1/invitations/{token}/accept"),
            None,
        )
        .await
        .0
    }

    /// The texts of this member's notifications, newest first.
    pub async fn notification_texts(&self) -> Vec<String> {
        let (_, list) = self.get("/api/v1/me/notifications").await;
        list.as_array()
            .expect("a list")
            .iter()
            .map(|n| n["text"].as_str().expect("a text").to_owned())
            .collect()
    }

    /// Waits for the durable job (or an early close) to close a decision;
    /// returns it closed.
    pub async fn closed_decision(&self, decision: &str) -> serde_json::Value {
        for _ in 0..400 {
            let (_, d) = self.get(&format!("/api/v1/decisions/{decision}")).await;
            if !d["result"].is_null() {
                return d;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("decision {decision} did not close");
    }

    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        self.call(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }
}

/// Now, as times are stored: ms since the epoch.
pub fn now_ms() -> i64 {
    kernel::db::now_ms()
}

/// Runs each listed `async fn(TestApp)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                use $crate::{Backend, TestApp};

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let app = TestApp::spawn(Backend::Sqlite).await;
                    super::$name(&app).await;
                    app.stop().await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let app = TestApp::spawn(Backend::Postgres).await;
                    super::$name(&app).await;
                    app.stop().await;
                }
            }
        )+
    };
}

/// Runs each `async fn(Backend)` once on SQLite and once on PostgreSQL, for
/// tests that work on the database directly rather than through a server.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() { super::$name($crate::Backend::Sqlite).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() { super::$name($crate::Backend::Postgres).await }
        }
    )+};
}

/// The bank account of test instances.
pub fn test_bank() -> kernel::settings::BankAccount {
    kernel::settings::BankAccount {
        holder: "Freeco test instance".to_owned(),
        iban: sepa::Iban::parse("FR7630006000011234567890189").expect("iban"),
        bic: Some(sepa::Bic::parse("AGRIFRPP882").expect("bic")),
    }
}

/// Every row of every table, as text (what a dump of the database holds),
/// on either backend: for checking that erased data is nowhere.
pub async fn dump(db: &Db) -> String {
    use sqlx::Row;
    let postgres = db.backend() == kernel::db::Backend::Postgres;
    let tables: Vec<String> = if postgres {
        sqlx::query_scalar(
            "SELECT tablename::TEXT FROM pg_tables WHERE schemaname = current_schema()",
        )
    } else {
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    .fetch_all(db.writer())
    .await
    .expect("tables");
    let mut out = String::new();
    for table in tables {
        let sql = if postgres {
            format!("SELECT row_to_json(t)::TEXT AS r FROM \"{table}\" t")
        } else {
            let columns: Vec<String> =
                sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                    .fetch_all(db.writer())
                    .await
                    .expect("columns");
            let quoted: Vec<String> = columns.iter().map(|c| format!("quote(\"{c}\")")).collect();
            format!(
                "SELECT {} AS r FROM \"{table}\"",
                quoted.join(" || ',' || ")
            )
        };
        for row in sqlx::query(&sql)
            .fetch_all(db.writer())
            .await
            .expect("rows")
        {
            out.push_str(&table);
            out.push_str(": ");
            out.push_str(&row.try_get::<String, _>("r").expect("row text"));
            out.push('\n');
        }
    }
    out
}

/// Routes that exist only in tests: handlers that panic, to prove that a
/// panic becomes a readable 500 and never a dropped connection.
pub const TEST_MODULE: Module = Module {
    name: "testkit",
    migrations: || sqlx::migrate::Migrator::DEFAULT,
    routes: || {
        async fn panics() -> &'static str {
            panic!("a test route panics on purpose")
        }
        axum::Router::new()
            .route("/test/panic", axum::routing::get(panics))
            .route("/api/v1/test/panic", axum::routing::get(panics))
    },
    jobs: |_, _| {},
    api: utoipa_axum::router::OpenApiRouter::new,
    translations: ("", ""),
    nav: &[],
    collective_links: &[],
    transparency_links: &[],
    notification_kinds: &[],
    personal_data: &NoPersonalData,
};

struct NoPersonalData;

impl PersonalData for NoPersonalData {
    fn export<'a>(
        &'a self,
        _: &'a Db,
        _: &'a kernel::MemberId,
    ) -> BoxFuture<'a, Result<serde_json::Value, kernel::AppError>> {
        Box::pin(async { Ok(serde_json::Value::Null) })
    }

    fn erase<'a>(
        &'a self,
        _: &'a mut kernel::db::Tx,
        _: &'a kernel::MemberId,
    ) -> BoxFuture<'a, Result<(), kernel::AppError>> {
        Box::pin(async { Ok(()) })
    }
}

/// A member of a test: signed in in a browser, and holding an API token.
pub struct Person {
    pub browser: Browser,
    pub api: Api,
    pub id: String,
}

impl TestApp {
    /// `count` members (`buyer0@example.org`…) who accepted the charter,
    /// each with an API token and `euros` in its wallet (through the demo
    /// provider), made quickly: for races of many members.
    pub async fn buyers(&self, count: usize, euros: &str) -> Vec<Api> {
        let charter = kernel::charter::current(&self.db).await.expect("charter");
        let mut made = Vec::new();
        for i in 0..count {
            let id = kernel::members::create_confirmed(
                &self.db,
                &format!("buyer{i}@example.org"),
                "a long enough password",
                &format!("Buyer {i}"),
                Lang::En,
                false,
            )
            .await
            .expect("member");
            kernel::charter::accept(&self.db, &id, charter.version)
                .await
                .expect("charter accepted");
            let token = kernel::tokens::create(&self.db, &id, "tests")
                .await
                .expect("token");
            made.push(self.api_with_token(&token.secret));
        }
        for (i, api) in made.iter().enumerate() {
            let (status, body) = api
                .post(
                    "/api/v1/me/wallet/topups",
                    serde_json::json!({"id": format!("t{i}"), "amount": euros, "provider": "demo"}),
                )
                .await;
            assert_eq!(status, 201, "{body}");
        }
        made
    }

    /// Confirmed members who accepted the charter, each signed in and with
    /// an API token; a name's first word, lowercased, makes its address
    /// (`Oliver Smith` is `oliver@example.org`).
    pub async fn people(&self, names: &[&str]) -> Vec<Person> {
        let mut out = Vec::new();
        for name in names {
            let first = name.split_whitespace().next().unwrap_or(name);
            let email = format!("{}@example.org", first.to_lowercase());
            let (browser, api, id) = self.member_with_api(&email, name).await;
            out.push(Person { browser, api, id });
        }
        out
    }
}

/// A collective set up for a test: its people joined it (the first one
/// coordinates it), with their roles and the money asked for.
pub struct Collective {
    pub id: String,
    pub slug: String,
    pub people: Vec<Person>,
}

/// Builds a [`Collective`]: `app.collective("AMAP", "amap").people(&[…])
/// .role(1, "treasurer").wallet(0, "100").treasury("90").build().await`.
pub struct CollectiveBuilder<'a> {
    app: &'a TestApp,
    name: String,
    kind: String,
    names: Vec<String>,
    roles: Vec<(usize, &'static str)>,
    wallets: Vec<(usize, String)>,
    treasury: Option<String>,
}

impl TestApp {
    pub fn collective(&self, name: &str, kind: &str) -> CollectiveBuilder<'_> {
        CollectiveBuilder {
            app: self,
            name: name.to_owned(),
            kind: kind.to_owned(),
            names: Vec::new(),
            roles: Vec::new(),
            wallets: Vec::new(),
            treasury: None,
        }
    }
}

impl CollectiveBuilder<'_> {
    /// Its people (see [`TestApp::people`]); the first one creates and
    /// coordinates it, the others join through an invitation link.
    pub fn people(mut self, names: &[&str]) -> Self {
        self.names = names.iter().map(|n| (*n).to_owned()).collect();
        self
    }

    /// Gives `people[person]` a role (`treasurer`, `coordinator`).
    pub fn role(mut self, person: usize, role: &'static str) -> Self {
        self.roles.push((person, role));
        self
    }

    /// Tops `people[person]`'s wallet up by `euros`.
    pub fn wallet(mut self, person: usize, euros: &str) -> Self {
        self.wallets.push((person, euros.to_owned()));
        self
    }

    /// The coordinator pays `euros` into the treasury from its wallet (which
    /// must hold it and the fee: see [`CollectiveBuilder::wallet`]).
    pub fn treasury(mut self, euros: &str) -> Self {
        self.treasury = Some(euros.to_owned());
        self
    }

    pub async fn build(self) -> Collective {
        let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        let people = self.app.people(&names).await;
        let (first, others) = people.split_first().expect("a collective needs people");
        let others: Vec<&Person> = others.iter().collect();
        let (id, slug) = first.collective_with(&self.name, &self.kind, &others).await;
        for (person, role) in &self.roles {
            first.set_role(&id, &people[*person].id, role).await;
        }
        for (n, (person, euros)) in self.wallets.iter().enumerate() {
            people[*person].top_up(&format!("wallet-{n}"), euros).await;
        }
        if let Some(euros) = &self.treasury {
            let (status, body) = first
                .api
                .post(
                    "/api/v1/me/wallet/collective-payments",
                    serde_json::json!({"id": "treasury", "collective_id": id, "amount": euros, "message": "Fonds"}),
                )
                .await;
            assert_eq!(status, 201, "{body}");
        }
        Collective { id, slug, people }
    }
}

impl Person {
    /// Creates a collective of `kind` that this person coordinates and
    /// `others` join through an invitation link; gives its id and slug.
    pub async fn collective_with(
        &self,
        name: &str,
        kind: &str,
        others: &[&Person],
    ) -> (String, String) {
        let (status, c) = self
            .api
            .post(
                "/api/v1/collectives",
                serde_json::json!({"name": name, "kind": kind}),
            )
            .await;
        assert_eq!(status, 201, "{c}");
        let id = c["id"].as_str().expect("collective id").to_owned();
        for other in others {
            assert_eq!(other.api.join_by_link(&self.api, &id).await, 200);
        }
        (id, c["slug"].as_str().expect("slug").to_owned())
    }

    /// As this collective's coordinator, gives `member_id` the `role`.
    pub async fn set_role(&self, collective_id: &str, member_id: &str, role: &str) {
        let (status, body) = self
            .api
            .call(
                reqwest::Method::PATCH,
                &format!("/api/v1/collectives/{collective_id}/members/{member_id}"),
                Some(serde_json::json!({"role": role})),
            )
            .await;
        assert_eq!(status, 204, "{body}");
    }

    /// Tops this person's wallet up by `euros` through the demo provider.
    pub async fn top_up(&self, key: &str, euros: &str) {
        let (status, body) = self
            .api
            .post(
                "/api/v1/me/wallet/topups",
                serde_json::json!({"id": key, "amount": euros, "provider": "demo"}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
}
