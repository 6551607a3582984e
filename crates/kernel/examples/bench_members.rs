//! Signs up `COUNT` members of the demo's AMAP for `bench/run`, each with its
//! own session, and prints one session token per line: the load then rotates
//! over distinct members, as a real instance's does, instead of hammering one
//! member's cached answers.
//! Usage: `bench_members DATABASE_URL COUNT > tokens` (on a running demo).

use kernel::collectives::{self, Role};
use kernel::db::Db;
use kernel::i18n::Lang;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    const USAGE: &str = "usage: bench_members DATABASE_URL COUNT";
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or(USAGE)?;
    let count: usize = args.next().ok_or(USAGE)?.parse()?;
    let db = Db::connect(&url).await?;
    let amap = collectives::get_by_slug(&db, "amap-des-coteaux").await?;
    let coordinator = collectives::members(&db, &amap.id)
        .await?
        .into_iter()
        .find(|m| m.role == Role::Coordinator)
        .ok_or("the demo's AMAP has no coordinator")?;
    let settings = kernel::settings::Settings {
        base_url: url::Url::parse("http://localhost/")?,
        data_dir: std::env::temp_dir(),
        database_url: url.clone(),
        smtp_url: None,
        mail_from: "bench <bench@localhost>".to_owned(),
        job_poll_ms: 1000,
        log_key: None,
        bank: None,
        fees: Default::default(),
        loans: Default::default(),
        trusted_proxies: Vec::new(),
        metrics_token: None,
    };
    let link =
        collectives::create_invitation_link(&db, &settings, &coordinator.member_id, &amap.id)
            .await?;
    let invitation = link.url.rsplit('/').next().ok_or("no token in the link")?;
    let charter = kernel::charter::current(&db).await?;
    for i in 0..count {
        let email = format!("bench-{i}@bench.freeco.coop");
        let name = format!("Membre {i}");
        let id = kernel::members::create_confirmed(
            &db,
            &email,
            "bench-password-2026",
            &name,
            Lang::Fr,
            false,
        )
        .await?;
        kernel::charter::accept(&db, &id, charter.version).await?;
        let member = kernel::members::get(&db, &id).await?;
        collectives::accept_invitation(&db, &member, invitation).await?;
        println!("{}", kernel::sessions::create(&db, &id).await?);
    }
    Ok(())
}
