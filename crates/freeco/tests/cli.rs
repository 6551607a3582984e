//! The `freeco` command as an operator runs it: the demo, the admin tasks and
//! start-up with a bad configuration, on SQLite and on PostgreSQL.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;
use sqlx::Connection;

/// Where one test's instance keeps its data.
struct Target {
    data_dir: tempfile::TempDir,
    database_url: Option<String>,
}

impl Target {
    fn sqlite() -> Target {
        Target {
            data_dir: tempfile::tempdir().unwrap(),
            database_url: None,
        }
    }

    /// A fresh database on the PostgreSQL server the tests use; unreachable is a failure.
    async fn postgres() -> Target {
        let admin = std::env::var("FREECO_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        let name = format!("freeco_t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {admin} is unreachable: {e}"));
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .unwrap();
        let base = admin.rsplit_once('/').unwrap().0;
        Target {
            data_dir: tempfile::tempdir().unwrap(),
            database_url: Some(format!("{base}/{name}")),
        }
    }

    fn freeco(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_freeco"));
        for var in [
            "DATABASE_URL",
            "FREECO_CONFIG",
            "FREECO_BASE_URL",
            "FREECO_SMTP_URL",
            "FREECO_MAIL_FROM",
            "FREECO_BIND",
            "FREECO_JOB_POLL_MS",
            "FREECO_ADMIN_PASSWORD",
            "FREECO_BANK_IBAN",
            "FREECO_BANK_BIC",
            "FREECO_BANK_HOLDER",
            "FREECO_FEE_PERCENT",
            "FREECO_FEE_BETWEEN_MEMBERS_PERCENT",
            "FREECO_SOLIDARITY_SHARE_PERCENT",
            "FREECO_LOAN_CAP_INTEREST_EUROS",
            "FREECO_LOAN_CAP_FREE_EUROS",
            "FREECO_LOAN_CAP_PROJECT_EUROS",
            "FREECO_LOAN_MAX_MONTHS",
            "FREECO_LOAN_REFLECTION_DAYS",
        ] {
            command.env_remove(var);
        }
        command
            .args(args)
            .env("FREECO_DATA_DIR", self.data_dir.path())
            .env("FREECO_LOG", "warn");
        if let Some(url) = &self.database_url {
            command.env("DATABASE_URL", url);
        }
        command
    }

    /// The language stored for the member with this address.
    async fn locale_of(&self, email: &str) -> String {
        sqlx::any::install_default_drivers();
        let url = self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}",
                self.data_dir.path().join("freeco.sqlite3").display()
            )
        });
        let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
        sqlx::query_scalar("SELECT locale FROM members WHERE email = $1")
            .bind(email)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = self.freeco(args);
        command.envs(env.iter().copied());
        command.output().unwrap()
    }
}

macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $(mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(&super::Target::sqlite()).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name(&super::Target::postgres().await).await;
            }
        })*
    };
}

on_both_databases!(
    demo_serves_demo_data_prints_the_logins_and_restarts_without_duplicates,
    admin_tasks_create_promote_and_adopt_a_charter,
    a_bad_setting_stops_start_up_with_one_line_naming_it,
    without_smtp_mails_go_to_a_folder_and_their_links_stay_out_of_the_log,
);

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A running `freeco demo`, and what it printed before serving.
struct Demo {
    child: Child,
    url: String,
    banner: Vec<String>,
}

fn start_demo(target: &Target) -> Demo {
    let mut child = target
        .freeco(&["demo", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut banner = Vec::new();
    for line in lines.by_ref() {
        let line = line.expect("demo output");
        let done = line.contains("admin@demo.freeco.coop");
        banner.push(line);
        if done {
            break;
        }
    }
    // Keep draining so that the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let url = banner
        .iter()
        .find_map(|l| l.strip_prefix("Freeco is running at "))
        .unwrap_or_else(|| panic!("no URL in {banner:?}"))
        .trim_end_matches('/')
        .to_owned();
    Demo { child, url, banner }
}

/// A failed test must not leave its server running.
impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// SIGTERM, as a service manager stops it: the process ends cleanly.
fn stop(mut demo: Demo) {
    let child = &mut demo.child;
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    for _ in 0..100 {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "freeco stopped with {status}");
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("freeco did not stop within 10 s of SIGTERM");
}

async fn get_json(url: &str, token: Option<&str>) -> Value {
    let mut request = reqwest::Client::new().get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    response.json().await.unwrap()
}

async fn demo_serves_demo_data_prints_the_logins_and_restarts_without_duplicates(target: &Target) {
    let demo = start_demo(target);
    assert!(
        demo.banner
            .iter()
            .any(|l| l.contains("demo-freeco-2026") && l.contains("password")),
        "{:?}",
        demo.banner
    );
    assert!(
        demo.banner
            .iter()
            .any(|l| l.contains("camille@demo.freeco.coop"))
    );

    let collectives = get_json(&format!("{}/api/v1/collectives", demo.url), None).await;
    let collectives = collectives.as_array().unwrap();
    let mut kinds: Vec<&str> = collectives
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["amap", "association", "commune", "cooperative"]);
    let members: i64 = collectives
        .iter()
        .map(|c| c["member_count"].as_i64().unwrap())
        .sum();
    assert!(members >= 30, "{members} memberships");

    // A printed login works, and the member has accepted the charter.
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/tokens", demo.url))
        .json(&serde_json::json!({
            "email": "camille@demo.freeco.coop",
            "password": "demo-freeco-2026",
            "name": "cli test",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let token: Value = response.json().await.unwrap();
    let me = get_json(&format!("{}/api/v1/me", demo.url), token["secret"].as_str()).await;
    assert_eq!(me["accepted_charter"], me["current_charter"]);
    let wallet = get_json(
        &format!("{}/api/v1/me/wallet", demo.url),
        token["secret"].as_str(),
    )
    .await;
    assert_eq!(
        wallet["balance"],
        8_000 - 1_850 - 1_050,
        "demo top-up, payments, and dues with the 5% technical fee on top"
    );
    let organisations = get_json(&format!("{}/api/v1/organisations", demo.url), None).await;
    assert!(organisations.as_array().unwrap().len() >= 6);
    // Projects and decisions: Camille (AMAP) sees the AMAP's oven, waiting
    // on its validation vote, and the repair café of the whole instance.
    let projects = get_json(
        &format!("{}/api/v1/projects", demo.url),
        token["secret"].as_str(),
    )
    .await;
    let titles: Vec<&str> = projects
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Four à pain de l'AMAP") && titles.contains(&"Répar'café mensuel"),
        "{titles:?}"
    );
    let amap = collectives.iter().find(|c| c["kind"] == "amap").unwrap()["id"]
        .as_str()
        .unwrap();
    let decisions = get_json(
        &format!("{}/api/v1/collectives/{amap}/decisions", demo.url),
        token["secret"].as_str(),
    )
    .await;
    assert!(
        decisions
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["result"].is_null() && d["effect"]["kind"] == "module"),
        "{decisions}"
    );
    // The market: the AMAP's shop offers a vegetable basket contract, with
    // two subscribers.
    let shops = get_json(
        &format!("{}/api/v1/market/shops", demo.url),
        token["secret"].as_str(),
    )
    .await;
    let shop = shops
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["collective_id"] == amap)
        .unwrap()["id"]
        .as_str()
        .unwrap();
    let contracts = get_json(
        &format!("{}/api/v1/market/shops/{shop}/contracts", demo.url),
        token["secret"].as_str(),
    )
    .await;
    assert_eq!(contracts[0]["kind"], "fixed", "{contracts}");
    assert_eq!(contracts[0]["subscribed"], 2, "{contracts}");
    assert!(
        demo.banner
            .iter()
            .any(|l| l.contains("Mails are written to")),
        "{:?}",
        demo.banner
    );
    stop(demo);

    // Run again on the same data: nothing is created twice.
    let again = start_demo(target);
    let collectives = get_json(&format!("{}/api/v1/collectives", again.url), None).await;
    assert_eq!(collectives.as_array().unwrap().len(), 4);
    stop(again);
}

fn assert_refused_with_one_line(output: &Output, naming: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line expected, got: {err}");
    assert!(
        err.starts_with("freeco: ") && err.contains(naming),
        "expected a line naming {naming}, got: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

async fn admin_tasks_create_promote_and_adopt_a_charter(target: &Target) {
    let password = [("FREECO_ADMIN_PASSWORD", "a long admin password")];
    let create = [
        "admin",
        "create",
        "--email",
        "Root@Example.org",
        "--name",
        "Root",
    ];
    let output = target.run(&create, &password);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("administrator Root@Example.org created"));
    assert!(
        stdout(&output).contains("accept the charter"),
        "says what remains"
    );
    let help = target.run(&["admin", "create", "--help"], &[]);
    assert!(stdout(&help).contains("--lang") && stdout(&help).contains("accepts the charter"));
    let english = [
        &create[..2],
        &["--email", "en@example.org", "--name", "En", "--lang", "en"],
    ]
    .concat();
    let output = target.run(&english, &password);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(target.locale_of("en@example.org").await, "en");
    assert_eq!(target.locale_of("root@example.org").await, "fr");
    let german = [
        &create[..2],
        &["--email", "de@example.org", "--name", "De", "--lang", "de"],
    ]
    .concat();
    let output = target.run(&german, &password);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--lang"), "{}", stderr(&output));
    // The same address again, a short password, an unknown member: one readable line each.
    assert_refused_with_one_line(
        &target.run(&create, &password),
        "This e-mail address is already used.",
    );
    assert_refused_with_one_line(
        &target.run(
            &["admin", "create", "--email", "x@example.org", "--name", "X"],
            &[("FREECO_ADMIN_PASSWORD", "short")],
        ),
        "password: ",
    );
    assert_refused_with_one_line(
        &target.run(&["admin", "promote", "nobody@example.org"], &[]),
        "nobody@example.org",
    );
    let output = target.run(&["admin", "promote", "root@example.org"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));

    let dir = target.data_dir.path();
    std::fs::write(dir.join("fr.md"), "# Charte v2\n\nNouvelle version.").unwrap();
    std::fs::write(dir.join("en.md"), "# Charter v2\n\nNew version.").unwrap();
    let (fr, en) = (path(&dir.join("fr.md")), path(&dir.join("en.md")));
    let output = target.run(&["admin", "adopt-charter", "--fr", &fr, "--en", &en], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(
        printed.starts_with("charter version 2 adopted (sha256 "),
        "{printed}"
    );
    let missing = path(&dir.join("missing.md"));
    assert_refused_with_one_line(
        &target.run(
            &["admin", "adopt-charter", "--fr", &missing, "--en", &en],
            &[],
        ),
        "missing.md",
    );

    // The adopted version is the one served, with the hash that was printed.
    let demo = start_demo(target);
    let charter = get_json(&format!("{}/api/v1/charter", demo.url), None).await;
    assert_eq!(charter["version"], 2);
    assert!(printed.contains(charter["sha256"].as_str().unwrap()));
    stop(demo);
}

fn path(p: &Path) -> String {
    p.to_str().unwrap().to_owned()
}

async fn a_bad_setting_stops_start_up_with_one_line_naming_it(target: &Target) {
    let serve = ["serve", "--bind", "127.0.0.1:0"];
    for (name, value) in [
        ("FREECO_BASE_URL", "ftp://example.org"),
        ("FREECO_BASE_URL", "not a url"),
        ("DATABASE_URL", "mysql://localhost/freeco"),
        ("FREECO_JOB_POLL_MS", "soon"),
        ("FREECO_MAIL_FROM", "not a mailbox"),
        ("FREECO_SMTP_URL", "smtp://[::1"),
        ("FREECO_LOG_KEY", "too short"),
        ("FREECO_FEE_PERCENT", "120"),
        ("FREECO_FEE_BETWEEN_MEMBERS_PERCENT", "-1"),
        ("FREECO_SOLIDARITY_SHARE_PERCENT", "a fifth"),
        ("FREECO_LOAN_CAP_INTEREST_EUROS", "0"),
        ("FREECO_LOAN_CAP_FREE_EUROS", "lots"),
        ("FREECO_LOAN_CAP_PROJECT_EUROS", "1e6"),
        ("FREECO_LOAN_MAX_MONTHS", "400"),
        ("FREECO_LOAN_REFLECTION_DAYS", "-4"),
    ] {
        assert_refused_with_one_line(&target.run(&serve, &[(name, value)]), name);
    }
    // The instance's bank account: a checked SEPA IBAN, a BIC, and a holder.
    let holder = ("FREECO_BANK_HOLDER", "Coop");
    for (vars, name) in [
        (
            vec![
                ("FREECO_BANK_IBAN", "FR76 3000 6000 0112 3456 7890 188"),
                holder,
            ],
            "FREECO_BANK_IBAN",
        ),
        (
            vec![
                ("FREECO_BANK_IBAN", "FR76 3000 6000 0112 3456 7890 189"),
                ("FREECO_BANK_BIC", "BANK"),
                holder,
            ],
            "FREECO_BANK_BIC",
        ),
        (
            vec![("FREECO_BANK_IBAN", "FR76 3000 6000 0112 3456 7890 189")],
            "FREECO_BANK_HOLDER",
        ),
    ] {
        assert_refused_with_one_line(&target.run(&serve, &vars), name);
    }
    // A database that does not answer.
    assert_refused_with_one_line(
        &target.run(
            &serve,
            &[("DATABASE_URL", "postgres://postgres@127.0.0.1:1/freeco")],
        ),
        "DATABASE_URL",
    );
    // A data folder that cannot be created (SQLite keeps its file there).
    if target.database_url.is_none() {
        let file = target.data_dir.path().join("a-file");
        std::fs::write(&file, "").unwrap();
        assert_refused_with_one_line(
            &target.run(&serve, &[("FREECO_DATA_DIR", &path(&file.join("data")))]),
            "FREECO_DATA_DIR",
        );
    }
    // A configuration file that is missing or has an unknown setting.
    let missing = path(&target.data_dir.path().join("missing.toml"));
    assert_refused_with_one_line(
        &target.run(&["--config", &missing, "migrate"], &[]),
        "FREECO_CONFIG",
    );
    let toml = target.data_dir.path().join("freeco.toml");
    std::fs::write(&toml, "base_url = \"http://localhost\"\nsmtp = \"x\"\n").unwrap();
    assert_refused_with_one_line(
        &target.run(&["--config", &path(&toml), "migrate"], &[]),
        "freeco.toml",
    );
    // An address already in use.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    assert_refused_with_one_line(&target.run(&["serve", "--bind", &addr], &[]), "FREECO_BIND");
    // And a good configuration file is read: `migrate` succeeds with it.
    std::fs::write(&toml, "base_url = \"https://coop.example.org\"\n").unwrap();
    let output = target.run(&["--config", &path(&toml), "migrate"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("migrations applied"));
}

mod shared_log_key {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::nodes_sharing_a_database_share_the_log_key(&super::Target::sqlite()).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::nodes_sharing_a_database_share_the_log_key(&super::Target::postgres().await).await;
    }
}

/// A `freeco serve` on a free port of loopback, with its stderr where
/// given, and the banner it printed (one write, so one read has it all);
/// its `url` is that loopback address.
fn serve_logging_to(target: &Target, env: &[(&str, &str)], stderr: Stdio) -> Demo {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = target
        .freeco(&["serve", "--bind", &format!("127.0.0.1:{port}")])
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    let rest = String::from_utf8_lossy(reader.buffer()).into_owned();
    let banner = std::iter::once(first.trim_end().to_owned())
        .chain(rest.lines().map(str::to_owned))
        .collect();
    Demo {
        child,
        url: format!("http://127.0.0.1:{port}"),
        banner,
    }
}

/// As [`serve_logging_to`], its log on the test's stderr; and the banner's
/// first line.
fn serve(target: &Target, env: &[(&str, &str)]) -> (Demo, String) {
    let node = serve_logging_to(target, env, Stdio::inherit());
    let line = node.banner[0].clone();
    (node, line)
}

/// With no SMTP set, `freeco serve` writes each mail to `mail/` in the data
/// directory and says so; its log names the mail but never holds its body,
/// whose links (here a confirmation) are secrets.
async fn without_smtp_mails_go_to_a_folder_and_their_links_stay_out_of_the_log(target: &Target) {
    let log = target.data_dir.path().join("stderr.log");
    let node = serve_logging_to(
        target,
        &[("FREECO_JOB_POLL_MS", "50")],
        std::fs::File::create(&log).unwrap().into(),
    );
    let folder = target.data_dir.path().join("mail");
    assert!(
        node.banner
            .iter()
            .any(|l| l.contains(&folder.display().to_string())),
        "{:?}",
        node.banner
    );
    let signup = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/signup", node.url))
        .json(&serde_json::json!({"email": "nina@example.org", "password": "a long enough secret", "display_name": "Nina"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signup.status(), 202);
    let mut mail = String::new();
    for _ in 0..200 {
        if let Some(file) = std::fs::read_dir(&folder)
            .ok()
            .and_then(|mut files| files.next())
        {
            mail = std::fs::read_to_string(file.unwrap().path()).unwrap();
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(mail.contains("nina@example.org"), "no mail in {folder:?}");
    // The body may be quoted-printable: `=` is written `=3D`.
    let (at, mark) = ["token=3D", "token="]
        .iter()
        .find_map(|m| mail.find(m).map(|at| (at, m.len())))
        .expect("a confirmation link");
    let token: String = mail[at + mark..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    assert!(token.len() >= 16, "{mail}");
    stop(node);
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(!logged.contains(&token), "the link's token is in the log");
}

/// With FREECO_LOG_KEY, every node signs with the configured key and none
/// writes a key file; two nodes with the same key and address publish the same key.
async fn nodes_sharing_a_database_share_the_log_key(target: &Target) {
    let secret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    let mut keys = Vec::new();
    for _ in 0..2 {
        let env = [
            ("FREECO_LOG_KEY", secret),
            ("FREECO_BASE_URL", "https://coop.example.org"),
        ];
        let (node, line) = serve(target, &env);
        assert!(
            line.starts_with("Freeco is running at https://coop.example.org"),
            "{line}"
        );
        let key = get_json(&format!("{}/api/v1/log/key", node.url), None).await;
        keys.push(key["verifier_key"].as_str().unwrap().to_owned());
        stop(node);
    }
    assert_eq!(keys[0], keys[1]);
    assert!(keys[0].starts_with("coop.example.org/log+"));
    assert!(!target.data_dir.path().join("log-signing.key").exists());
}

mod verify_log {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::verify_catches_changed_removed_reordered_and_rewritten_entries(
            &super::Target::sqlite(),
        )
        .await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::verify_catches_changed_removed_reordered_and_rewritten_entries(
            &super::Target::postgres().await,
        )
        .await;
    }
}

impl Target {
    /// Runs SQL straight on the instance's database, as an operator with shell access could.
    async fn tamper(&self, statements: &[&str]) {
        sqlx::any::install_default_drivers();
        let url = self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}",
                self.data_dir.path().join("freeco.sqlite3").display()
            )
        });
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        for sql in statements {
            let done = sqlx::query(sql).execute(&pool).await.unwrap();
            assert_eq!(done.rows_affected(), 1, "{sql}");
        }
        pool.close().await;
    }
}

async fn verify_catches_changed_removed_reordered_and_rewritten_entries(target: &Target) {
    let demo = start_demo(target);
    let state = target.data_dir.path().join("verifier.json");
    let verify = || {
        Command::new(env!("CARGO_BIN_EXE_freeco"))
            .args(["verify", "--url", &demo.url, "--state", &path(&state)])
            .output()
            .unwrap()
    };
    let ok = |output: Output| {
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    let refused = |output: Output, naming: &str| {
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}{}", stdout(&output));
        assert!(err.contains(naming), "expected {naming:?} in: {err}");
    };
    assert!(ok(verify()).contains("verified"));
    assert!(ok(verify()).contains("extending"));

    // A changed entry (entry 4 is an acceptance of charter version 1).
    target
        .tamper(&["UPDATE log_entries SET body = REPLACE(body, '\"version\":1', '\"version\":2') WHERE idx = 4"])
        .await;
    refused(verify(), "entry 4 does not match");
    target
        .tamper(&["UPDATE log_entries SET body = REPLACE(body, '\"version\":2', '\"version\":1') WHERE idx = 4"])
        .await;
    ok(verify());

    // Two entries swapped.
    target
        .tamper(&[
            "UPDATE log_entries SET idx = -1 WHERE idx = 6",
            "UPDATE log_entries SET idx = 6 WHERE idx = 7",
            "UPDATE log_entries SET idx = 7 WHERE idx = -1",
        ])
        .await;
    refused(verify(), "entry 6 does not match");
    target
        .tamper(&[
            "UPDATE log_entries SET idx = -1 WHERE idx = 7",
            "UPDATE log_entries SET idx = 7 WHERE idx = 6",
            "UPDATE log_entries SET idx = 6 WHERE idx = -1",
        ])
        .await;
    ok(verify());

    // A removed entry.
    target
        .tamper(&["UPDATE log_entries SET idx = 1000000 WHERE idx = 2"])
        .await;
    refused(verify(), "entry 2 is missing");
    target
        .tamper(&["UPDATE log_entries SET idx = 2 WHERE idx = 1000000"])
        .await;
    ok(verify());

    // The same checks on the instance's own database, without HTTP.
    let local_state = path(&target.data_dir.path().join("local-verifier.json"));
    let dir = path(target.data_dir.path());
    let local = target.run(
        &["verify", "--data-dir", &dir, "--state", &local_state],
        &[],
    );
    assert!(ok(local).contains("verified"));

    // History rewritten along with the stored tree (here the largest subtree
    // under the root): the new root no longer extends the one seen before.
    target
        .tamper(&["UPDATE log_nodes SET hash = '0000000000000000000000000000000000000000000000000000000000000000' \
                   WHERE node = (SELECT MAX(node) FROM log_nodes)"])
        .await;
    refused(verify(), "history was rewritten");
    stop(demo);
}

mod verify_decision {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::verify_recounts_a_decision_and_finds_a_receipt(&super::Target::sqlite()).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::verify_recounts_a_decision_and_finds_a_receipt(&super::Target::postgres().await)
            .await;
    }
}

/// `freeco verify --decision` recounts a closed decision from the ballots in
/// the log and finds the voter's receipt; a result that does not follow from
/// its ballots (written into an otherwise valid log) is caught.
async fn verify_recounts_a_decision_and_finds_a_receipt(target: &Target) {
    let demo = start_demo(target);
    let client = reqwest::Client::new();
    let token = |email: &'static str| {
        let request = client
            .post(format!("{}/api/v1/auth/tokens", demo.url))
            .json(
                &serde_json::json!({"email": email, "password": "demo-freeco-2026", "name": "cli"}),
            );
        async move {
            let created: Value = request.send().await.unwrap().json().await.unwrap();
            created["secret"].as_str().unwrap().to_owned()
        }
    };
    let (camille, lucas) = (
        token("camille@demo.freeco.coop").await,
        token("lucas@demo.freeco.coop").await,
    );
    let collectives = get_json(&format!("{}/api/v1/collectives", demo.url), None).await;
    let amap = collectives
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "amap-des-coteaux")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let closes = jiff::Timestamp::now().as_millisecond() + 3000;
    let created = post_json(
        &format!("{}/api/v1/collectives/{amap}/decisions", demo.url),
        &camille,
        serde_json::json!({"question": "Prolonger le contrat ?", "method": {"kind": "schulze"},
            "options": [{"label": "Un an"}, {"label": "Deux ans"}, {"label": "Non"}], "closes_at": closes}),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    let mut receipt = String::new();
    for (who, ranking) in [(&camille, [1, 0, 2]), (&lucas, [0, 1, 2])] {
        let cast = post_json(
            &format!("{}/api/v1/decisions/{id}/ballot", demo.url),
            who,
            serde_json::json!({"ballot": {"ranking": ranking}}),
        )
        .await;
        receipt = cast["receipt"].as_str().unwrap().to_owned();
    }
    for _ in 0..200 {
        let d = get_json(
            &format!("{}/api/v1/decisions/{id}", demo.url),
            Some(&camille),
        )
        .await;
        if !d["result"].is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let state = target.data_dir.path().join("verifier.json");
    let verify = |decision: &str, receipt: &str| {
        Command::new(env!("CARGO_BIN_EXE_freeco"))
            .args([
                "verify",
                "--url",
                &demo.url,
                "--state",
                &path(&state),
                "--decision",
                decision,
                "--receipt",
                receipt,
            ])
            .output()
            .unwrap()
    };
    let ok = verify(&id, &receipt);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        stdout(&ok).contains("your receipt is among them"),
        "{}",
        stdout(&ok)
    );
    let stranger = verify(&id, &"0".repeat(64));
    assert_eq!(stranger.status.code(), Some(1));
    assert!(
        stderr(&stranger).contains("is not among the 2 ballots"),
        "{}",
        stderr(&stranger)
    );

    // An operator appends a result that its ballots do not give: the log
    // itself stays valid, the recount does not.
    let url = target.database_url.clone().unwrap_or_else(|| {
        format!(
            "sqlite://{}",
            target.data_dir.path().join("freeco.sqlite3").display()
        )
    });
    let db = kernel::db::Db::connect(&url).await.unwrap();
    let forged = serde_json::json!({
        "type": "decision.result", "decision": "forged", "method": {"kind": "majority"},
        "options": [{"label": "A"}, {"label": "B"}], "colleges": [],
        "ballots": [{"receipt": "r1", "ballot": {"choice": 1}, "college": null}],
        "result": {"tally": {"winner": 0, "totals": ["1", "0"], "blank": "0", "leaders": [0]}},
    });
    let mut tx = db.begin().await.unwrap();
    kernel::log::append(&mut tx, &forged).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    let caught = verify("forged", "r1");
    assert_eq!(caught.status.code(), Some(1), "{}", stdout(&caught));
    assert!(
        stderr(&caught).contains("does not follow from its 1 published ballots"),
        "{}",
        stderr(&caught)
    );
    stop(demo);
}

async fn post_json(url: &str, token: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    response.json().await.unwrap()
}

mod caches_across_nodes {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::a_token_revoked_on_one_node_is_refused_by_the_other(
            &super::Target::postgres().await,
        )
        .await;
    }
}

/// Two `freeco serve` processes on one PostgreSQL database: each caches who
/// holds a token, and a revocation on one reaches the other's cache through
/// LISTEN/NOTIFY, well before the cache's own 30 seconds run out.
async fn a_token_revoked_on_one_node_is_refused_by_the_other(target: &Target) {
    let password = [("FREECO_ADMIN_PASSWORD", "a long admin password")];
    let create = ["admin", "create", "--email", "a@example.org", "--name", "A"];
    let output = target.run(&create, &password);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut nodes = Vec::new();
    for _ in 0..2 {
        let (node, line) = serve(target, &[]);
        assert!(line.starts_with("Freeco is running at"), "{line}");
        nodes.push(node);
    }
    let client = reqwest::Client::new();
    let created: Value = client
        .post(format!("{}/api/v1/auth/tokens", nodes[0].url))
        .json(&serde_json::json!({"email": "a@example.org", "password": "a long admin password", "name": "script"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let secret = created["secret"].as_str().unwrap();
    let me = |node: &Demo| {
        client
            .get(format!("{}/api/v1/me", node.url))
            .bearer_auth(secret)
            .send()
    };
    for _ in 0..2 {
        assert_eq!(me(&nodes[1]).await.unwrap().status(), 200, "cached now");
    }
    let revoked = client
        .delete(format!(
            "{}/api/v1/me/tokens/{}",
            nodes[0].url,
            created["token"]["id"].as_str().unwrap()
        ))
        .bearer_auth(secret)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    let asked = std::time::Instant::now();
    let mut status = 200;
    while asked.elapsed() < Duration::from_millis(1500) {
        status = me(&nodes[1]).await.unwrap().status().as_u16();
        if status == 401 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(status, 401, "the other node still serves its cached token");
    for node in nodes {
        stop(node);
    }
}
