//! Load for `bench/funding`: a campaign with PLEDGES members' pledges (a
//! reward each for one in four) is settled at once, as the job at its
//! deadline does: every pledge's hold captured, the campaign's treasury
//! paid, the fee to the platform and the solidarity fund. Then, in the same
//! run and on the same database, the kernel's raw transfer rate with 16
//! clients (`bench/ledger`'s load). Prints one line: the settlement's
//! seconds, its transfers, its transfers per second and the raw transfers
//! per second.
//! Usage: `funding_load DATABASE_URL PLEDGES SECONDS`.

use std::time::Instant;

use funding::campaigns::{self, CampaignInput, RewardInput};
use funding::pledges::{self, PledgeInput};
use kernel::db::Db;
use kernel::i18n::Lang;
use testkit::bench;

type Boxed = Box<dyn std::error::Error + Send + Sync>;

fn err(e: kernel::AppError) -> Boxed {
    format!("{e:?}").into()
}

#[tokio::main]
async fn main() -> Result<(), Boxed> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, pledge_count, seconds] = args.as_slice() else {
        return Err("usage: funding_load DATABASE_URL PLEDGES SECONDS".into());
    };
    let (pledge_count, seconds): (usize, u64) = (pledge_count.parse()?, seconds.parse()?);
    let db = Db::connect(url).await?;
    db.migrate(&[funding::MODULE]).await?;

    let owner = kernel::members::create_confirmed(
        &db,
        "owner@example.org",
        "a bench password",
        "Owner",
        Lang::Fr,
        false,
    )
    .await
    .map_err(err)?;
    let members = bench::members_with_money(&db, pledge_count)
        .await
        .map_err(err)?;
    let campaign = campaigns::create(
        &db,
        &Default::default(),
        &owner,
        &CampaignInput {
            title: "Bench".into(),
            summary: "A campaign of many pledges".into(),
            description: String::new(),
            collective_id: None,
            minimum: 100,
            optimum: None,
            deadline_at: kernel::db::now_ms() + 24 * 3600 * 1000,
            all_or_nothing: true,
            rewards: vec![RewardInput {
                title: "Merci".into(),
                description: String::new(),
                minimum: 1000,
                stock: None,
            }],
            asks: Vec::new(),
        },
    )
    .await
    .map_err(err)?;
    for (n, chunk) in members.chunks(bench::AT_ONCE).enumerate() {
        let mut pledged = tokio::task::JoinSet::new();
        for (k, member) in chunk.iter().enumerate() {
            let (db, member, id) = (db.clone(), member.clone(), campaign.id.clone());
            let with_reward = (n * bench::AT_ONCE + k).is_multiple_of(4);
            let input = PledgeInput {
                amount: 1000 + (k as i64) * 100,
                reward_id: with_reward.then(|| campaign.rewards[0].id.clone()),
                public: Some(k.is_multiple_of(2)),
                mail_updates: Some(true),
            };
            pledged.spawn(async move { pledges::set(&db, &member, &id, &input).await });
        }
        while let Some(done) = pledged.join_next().await {
            done?.map_err(err)?;
        }
    }

    // The deadline passes; the settlement runs whole.
    sqlx::query("UPDATE funding_campaigns SET deadline_at = $1 WHERE id = $2")
        .bind(kernel::db::now_ms() - 1)
        .bind(&campaign.id)
        .execute(db.pool())
        .await?;
    let before = bench::count_transfers(&db).await?;
    let started = Instant::now();
    funding::settle::settle(&db, &campaign.id)
        .await
        .map_err(err)?;
    let took = started.elapsed().as_secs_f64();
    let transfers = bench::count_transfers(&db).await? - before;
    eprintln!("settled in {took:.2} s: {transfers} transfers");
    let settled = campaigns::get(&db, &campaign.id).await.map_err(err)?;
    if settled.state != "funded" {
        return Err(format!("the campaign is {}", settled.state).into());
    }
    let raw = bench::raw_rate_after(&db, &members, seconds).await?;
    println!(
        "{took:.2} {transfers} {:.0} {raw:.0}",
        transfers as f64 / took
    );
    Ok(())
}
