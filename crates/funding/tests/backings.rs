//! Collectives backing campaigns by their decisions, on both databases:
//! matchfunding out of a treasury (each pledge doubled up to a cap, the
//! match counting toward the goals and paid with the pledges), and the
//! solidarity fund, spent only by the governing collective and never
//! beyond what it holds.

mod common;

use common::{
    DAY, available, deadline_passes, id, launch, ledger_ok, log_entries, move_money, oven, pass,
    pledge, until,
};
use serde_json::{Value, json};
use testkit::{Api, TestApp, now_ms};

async fn campaign(api: &Api, c: &Value) -> Value {
    let (status, view) = api
        .get(&format!("/api/v1/funding/campaigns/{}", id(c)))
        .await;
    assert_eq!(status, 200, "{view}");
    view
}

async fn treasury(api: &Api, collective: &str) -> i64 {
    let (status, t) = api
        .get(&format!("/api/v1/collectives/{collective}/treasury"))
        .await;
    assert_eq!(status, 200, "{t}");
    t["balance"].as_i64().unwrap()
}

/// A small campaign: 60 € at least, all or nothing.
fn small() -> Value {
    let mut body = oven(true, 5);
    body["minimum"] = json!(6000);
    body["optimum"] = json!(10000);
    body["rewards"] = json!([]);
    body["asks"] = json!([]);
    body
}

/// Proposes the backing and has the collective pass it; returns the
/// campaign once the backing's job ran.
async fn decided(app: &TestApp, by: &Api, voters: &[&Api], c: &Value, body: Value) -> Value {
    let (status, decision) = by
        .post(
            &format!("/api/v1/funding/campaigns/{}/backings", id(c)),
            body,
        )
        .await;
    assert_eq!(status, 201, "{decision}");
    let count = campaign(by, c).await["backings"].as_array().unwrap().len();
    pass(app, voters, &id(&decision)).await;
    until(by, &format!("/api/v1/funding/campaigns/{}", id(c)), |v| {
        v["backings"].as_array().is_some_and(|b| b.len() > count)
    })
    .await
}

fn backing(
    collective: &str,
    source: &str,
    kind: &str,
    amount: i64,
    per_pledge: Option<i64>,
) -> Value {
    json!({"collective_id": collective, "source": source, "kind": kind, "amount": amount,
           "per_pledge": per_pledge, "question": "Soutenir la campagne ?", "method": "consent",
           "closes_at": now_ms() + 4 * DAY})
}

async fn a_collective_matches_pledges_by_its_decision_and_pays_what_it_matched(app: &TestApp) {
    let coop = app
        .collective("Coop des Tilleuls", "cooperative")
        .people(&["Alice Martin", "Bruno Petit"])
        .wallet(0, "200")
        .treasury("100")
        .build()
        .await;
    let [alice, bruno] = [0, 1].map(|i| &coop.people[i].api);
    let people = app
        .people(&["Chloé Roux", "Dmitri Ivanov", "Emile Blanc"])
        .await;
    for (i, p) in people[1..].iter().enumerate() {
        p.top_up(&format!("fund-{i}"), "100").await;
    }
    let (chloe, dmitri, emile) = (&people[0].api, &people[1].api, &people[2].api);
    let c = launch(chloe, small()).await;
    let matching = backing(&coop.id, "treasury", "match", 4000, Some(1500));
    // Only a treasurer or a coordinator proposes to spend the treasury.
    let at = format!("/api/v1/funding/campaigns/{}/backings", id(&c));
    let (status, problem) = bruno.post(&at, matching.clone()).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "collective_id");
    // Nor by one person in a minute: the collective's acting time holds.
    let mut rushed = matching.clone();
    rushed["closes_at"] = json!(now_ms() + 60_000);
    let (status, problem) = alice.post(&at, rushed).await;
    assert_eq!(status, 422, "{problem}");
    assert!(
        problem
            .to_string()
            .contains("error-decision-acting-too-short"),
        "{problem}"
    );
    // Nor closing after the campaign.
    let mut late = matching.clone();
    late["closes_at"] = json!(now_ms() + 30 * DAY);
    let (status, problem) = alice.post(&at, late).await;
    assert_eq!(status, 422, "{problem}");
    assert!(
        problem.to_string().contains("error-funding-backing-closes"),
        "{problem}"
    );

    let view = decided(app, alice, &[alice, bruno], &c, matching).await;
    assert_eq!(view["backings"][0]["state"], "held", "{view}");
    assert_eq!(view["backings"][0]["counted"], 0, "nothing pledged yet");
    // 30 € matched up to 15 €, 10 € matched whole: 40 € pledged and 25 €
    // matched reach the 60 € minimum the pledges alone miss.
    assert_eq!(pledge(dmitri, &c, json!({"amount": 3000})).await.0, 200);
    assert_eq!(pledge(emile, &c, json!({"amount": 1000})).await.0, 200);
    let view = campaign(chloe, &c).await;
    assert_eq!(
        (view["pledged"].as_i64(), view["backed"].as_i64()),
        (Some(4000), Some(2500)),
        "{view}"
    );
    let owner_before = available(chloe).await;
    let treasury_before = treasury(alice, &coop.id).await;
    deadline_passes(app, &c).await;
    funding::settle::settle(&app.db, &id(&c)).await.unwrap();
    let view = campaign(chloe, &c).await;
    assert_eq!(view["state"], "funded", "{view}");
    // The fee on the pledges (200) and on the treasury's match (125), a
    // fifth of each to the solidarity fund.
    assert_eq!(
        view["breakdown"],
        json!({"raised": 4000, "backed": 2500, "platform": 260, "solidarity": 65})
    );
    assert_eq!(view["backings"][0]["state"], "paid");
    assert_eq!(available(chloe).await - owner_before, 6500);
    // The treasury paid what it matched and its fee; the rest came back.
    assert_eq!(treasury_before - treasury(alice, &coop.id).await, 2625);
    assert_eq!(
        log_entries(chloe, "funding.funded").await[0]["backed"],
        2500
    );
    ledger_ok(app).await;
}

async fn the_solidarity_fund_is_spent_by_the_governing_collective_within_what_it_holds(
    app: &TestApp,
) {
    let governing = app
        .collective("Freeco du Pays mornantais", "association")
        .people(&["Alice Martin", "Bruno Petit"])
        .build()
        .await;
    let other = app
        .collective("AMAP du Coteau", "amap")
        .people(&["Chloé Roux"])
        .build()
        .await;
    kernel::settings::set_instance_setting(
        &app.db,
        kernel::decisions::GOVERNING_COLLECTIVE,
        &governing.id,
    )
    .await
    .unwrap();
    let [alice, bruno] = [0, 1].map(|i| &governing.people[i].api);
    let chloe = &other.people[0].api;
    let c = launch(chloe, small()).await;
    let at = format!("/api/v1/funding/campaigns/{}/backings", id(&c));
    // Another collective does not spend the fund.
    let (status, problem) = chloe
        .post(
            &at,
            backing(&other.id, "solidarity", "contribution", 1000, None),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "source");
    move_money(
        app,
        kernel::money::Owner::World,
        kernel::money::Owner::Solidarity,
        2000,
        "test-fund",
    )
    .await;
    // 30 € asked of a fund of 20 €: the decision passes, nothing is held.
    let view = decided(
        app,
        alice,
        &[alice, bruno],
        &c,
        backing(&governing.id, "solidarity", "contribution", 3000, None),
    )
    .await;
    assert_eq!(view["backings"][0]["state"], "short", "{view}");
    assert_eq!(view["backed"], 0);
    // 15 € is there: held, and counted toward the goals, without fee.
    let view = decided(
        app,
        alice,
        &[alice, bruno],
        &c,
        backing(&governing.id, "solidarity", "contribution", 1500, None),
    )
    .await;
    let held: Vec<&Value> = view["backings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["state"] == "held")
        .collect();
    assert_eq!(held.len(), 1, "{view}");
    assert_eq!(view["backed"], 1500);
    // Below its minimum at the deadline: the fund gets it all back.
    deadline_passes(app, &c).await;
    funding::settle::settle(&app.db, &id(&c)).await.unwrap();
    let view = campaign(chloe, &c).await;
    assert_eq!(view["state"], "failed", "{view}");
    assert!(
        view["backings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["state"] != "held")
    );
    let fund = kernel::money::account_of(&app.db, kernel::money::Owner::Solidarity)
        .await
        .unwrap();
    let fund = kernel::money::account(&app.db, &fund)
        .await
        .unwrap()
        .account;
    assert_eq!(
        (
            fund.credits_posted - fund.debits_posted,
            fund.debits_pending
        ),
        (2000, 0)
    );
    ledger_ok(app).await;
}

testkit::on_both_databases!(
    a_collective_matches_pledges_by_its_decision_and_pays_what_it_matched,
    the_solidarity_fund_is_spent_by_the_governing_collective_within_what_it_holds,
);
