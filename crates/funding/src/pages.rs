//! The pages of crowdfunding: the list of campaigns, the form that
//! launches one, and a campaign with its progress, chart, rewards, asks,
//! updates and backers, the member's pledge form and its runners' tools.

use askama::Template;
use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kernel::auth::CsrfForm;
use kernel::{AppError, AppState};
use web::render::{
    Confirmed, Done, Fields, FormErrors, Irreversible, Page, after_form, confirm_first,
    html_status, parse_local,
};
use web::who::{Acting, Who};

use kernel::decisions::MethodKind;

use crate::backings::{self, BackingInput};
use crate::campaigns::{self, ASK_KINDS, AskInput, Campaign, CampaignInput, RewardInput, Summary};
use crate::contributions::{self, Offer, OfferInput, Update, UpdateInput};
use crate::pledges::{self, Backers, Pledge, PledgeInput};

type Page_ = Result<Response, AppError>;

pub fn routes() -> Router<AppState> {
    crate::loan_pages::routes()
        .merge(crate::pot_pages::routes())
        .merge(crate::expense_pages::routes())
        .route("/funding", get(list_page))
        .route("/funding/new", get(new_page).post(create))
        .route("/funding/{id}", get(campaign_page))
        .route("/funding/{id}/pledge", post(set_pledge))
        .route("/funding/{id}/withdraw", post(withdraw))
        .route("/funding/{id}/updates", post(post_update))
        .route("/funding/{id}/asks/{ask}/offer", post(offer))
        .route("/funding/{id}/asks/{ask}/withdraw", post(withdraw_offer))
        .route("/funding/{id}/cancel", post(cancel))
        .route("/funding/{id}/backings", post(propose_backing))
}

/// How many rows of rewards and asks the form shows at most.
const MAX_ROWS: usize = 20;

// ---------- the list ----------

#[derive(Template)]
#[template(path = "funding/list.html")]
struct ListPage {
    page: Page,
    campaigns: Vec<Summary>,
    pledges: Vec<Pledge>,
}

impl ListPage {
    fn backed(&self, id: &str) -> bool {
        self.pledges.iter().any(|p| p.campaign_id == id)
    }
    fn progress(&self, c: &Summary) -> i64 {
        campaigns::progress(c.pledged, c.minimum)
    }
}

async fn list_page(who: Who) -> Page_ {
    let db = &who.state.db;
    let view = ListPage {
        page: Page::titled(&who.ctx, "funding-title"),
        campaigns: campaigns::list(db).await?,
        pledges: pledges::of_member(db, &who.member.id).await?,
    };
    Ok(html_status(StatusCode::OK, &view))
}

// ---------- launching ----------

#[derive(Template)]
#[template(path = "funding/new.html")]
struct NewPage {
    page: Page,
    /// The collectives and projects the member coordinates: (id, name).
    collectives: Vec<(String, String)>,
    rewards: usize,
    asks: usize,
    kinds: &'static [&'static str],
    errors: FormErrors,
}

impl NewPage {
    fn value(&self, field: &str) -> String {
        self.errors.value_or(field, "")
    }
    fn row_value(&self, label: &str, i: &usize) -> String {
        self.errors.value_or(&format!("{label}{i}"), "")
    }
    fn kind_selected(&self, i: &usize, kind: &str) -> &'static str {
        self.errors.selected(&format!("kind{i}"), kind, "time")
    }
    fn selected(&self, field: &str, option: &str) -> &'static str {
        self.errors.selected(field, option, "")
    }
    fn mode_checked(&self, mode: &str) -> &'static str {
        match self.errors.value_or("mode", "all_or_nothing") == mode {
            true => " checked",
            false => "",
        }
    }
}

/// The collectives and projects the member coordinates, (id, name): what
/// it may run a campaign for.
async fn coordinated(who: &Who) -> Result<Vec<(String, String)>, AppError> {
    Ok(
        kernel::collectives::memberships_of(&who.state.db, &who.member.id)
            .await?
            .into_iter()
            .filter(|m| m.left_at.is_none() && m.role == kernel::collectives::Role::Coordinator)
            .map(|m| (m.collective_id.to_string(), m.name))
            .collect(),
    )
}

async fn new_view(who: &Who, fields: Option<&Fields>, errors: FormErrors) -> Page_ {
    let (rewards, asks) = match fields {
        Some(f) => (
            f.rows("reward", ("rewards", "reward"), (1, MAX_ROWS)),
            f.rows("ask", ("asks", "ask"), (1, MAX_ROWS)),
        ),
        None => (1, 1),
    };
    let view = NewPage {
        page: Page::titled(&who.ctx, "funding-new-title"),
        collectives: coordinated(who).await?,
        rewards,
        asks,
        kinds: ASK_KINDS,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn new_page(who: Who) -> Page_ {
    new_view(&who, None, FormErrors::none()).await
}

/// A whole number typed in a field; empty is none, anything else not a
/// whole number is refused as the row's error.
fn whole(text: &str) -> Result<Option<i64>, ()> {
    match text.trim() {
        "" => Ok(None),
        text => text.parse().map(Some).map_err(|_| ()),
    }
}

fn row_error(field: &'static str, key: &'static str, line: usize) -> AppError {
    AppError::Validation(vec![
        kernel::error::FieldError::new(field, key).at_line(line as u32),
    ])
}

/// The launch form's fields as an input; rows left empty are skipped.
fn campaign_input(f: &Fields, tz: &str) -> Result<CampaignInput, AppError> {
    let mut rewards = Vec::new();
    for i in 0..f.rows("reward", ("rewards", "reward"), (1, MAX_ROWS)) {
        let get = |label: &str| f.get(&format!("{label}{i}")).trim().to_owned();
        if get("reward").is_empty() && get("reward_minimum").is_empty() {
            continue;
        }
        let line = rewards.len() + 1;
        let error = || row_error("rewards", "error-funding-reward", line);
        rewards.push(RewardInput {
            title: get("reward"),
            description: get("reward_description"),
            minimum: web::render::amount_field(&get("reward_minimum"), "rewards")
                .map_err(|_| error())? as i64,
            stock: whole(&get("stock")).map_err(|_| error())?,
        });
    }
    let mut asks = Vec::new();
    for i in 0..f.rows("ask", ("asks", "ask"), (1, MAX_ROWS)) {
        let get = |label: &str| f.get(&format!("{label}{i}")).trim().to_owned();
        if get("ask").is_empty() {
            continue;
        }
        let line = asks.len() + 1;
        asks.push(AskInput {
            kind: get("kind"),
            title: get("ask"),
            description: get("ask_description"),
            needed: whole(&get("needed"))
                .map_err(|_| row_error("asks", "error-funding-ask", line))?
                .unwrap_or(1),
        });
    }
    let optimum = match web::render::amount_field(f.get("optimum"), "optimum")? {
        0 => None,
        minor => Some(minor as i64),
    };
    Ok(CampaignInput {
        title: f.get("title").to_owned(),
        summary: f.get("summary").to_owned(),
        description: f.get("description").to_owned(),
        collective_id: Some(f.get("collective_id").to_owned()),
        minimum: web::render::amount_field(f.get("minimum"), "minimum")? as i64,
        optimum,
        deadline_at: parse_local(f.get("deadline_at"), tz, "deadline_at")?,
        all_or_nothing: f.get("mode") != "keep",
        rewards,
        asks,
    })
}

async fn create(Acting(who): Acting, CsrfForm(fields): CsrfForm<Vec<(String, String)>>) -> Page_ {
    let f = Fields(fields);
    let tz = who.member.time_zone.clone();
    // "Add a reward" or "Add an ask": the form again, one row more.
    if !f.get("redisplay").is_empty() {
        return new_view(&who, Some(&f), FormErrors::none()).await;
    }
    let db = &who.state.db;
    let done = match campaign_input(&f, &tz) {
        Ok(input) => campaigns::create(db, &who.state.settings.fees, &who.member.id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |c| Done::to(format!("/funding/{}", c.id), "flash-funding-created"),
        |errors| new_view(&who, Some(&f), errors),
    )
    .await
}

// ---------- one campaign ----------

#[derive(Template)]
#[template(path = "funding/campaign.html")]
struct CampaignPage {
    page: Page,
    campaign: Campaign,
    pledge: Option<Pledge>,
    backers: Backers,
    updates: Vec<Update>,
    /// The asks the viewer offered toward.
    my_offers: Vec<String>,
    /// The viewer runs it: its updates, the offers' words, cancelling.
    runs: bool,
    offers: Vec<Offer>,
    /// The collectives whose money the viewer may propose to put in:
    /// (id, name, whether it governs the instance and so may spend the
    /// solidarity fund).
    backable: Vec<(String, String, bool)>,
    chart: String,
    errors: FormErrors,
}

impl CampaignPage {
    fn amount(&self) -> String {
        let shown = self.pledge.as_ref().map_or(String::new(), |p| {
            web::render::decimal(&self.page.tr, p.amount as u64)
        });
        self.errors.of("/pledge").value_or("amount", &shown)
    }
    fn reward_checked(&self, id: &str) -> &'static str {
        let shown = self
            .pledge
            .as_ref()
            .and_then(|p| p.reward_id.clone())
            .unwrap_or_default();
        match self.errors.of("/pledge").value_or("reward_id", &shown) == id {
            true => " checked",
            false => "",
        }
    }
    /// A choice of the pledge form: as typed, else as pledged, else
    /// anonymous and mailed.
    fn choice(&self, field: &str) -> &'static str {
        let pledged = match (&self.pledge, field) {
            (Some(p), "public") => p.public,
            (Some(p), _) => p.mail_updates,
            (None, "public") => false,
            (None, _) => true,
        };
        match self
            .errors
            .of("/pledge")
            .value_or(field, if pledged { "on" } else { "" })
        {
            on if !on.is_empty() => " checked",
            _ => "",
        }
    }
    /// Whether the viewer's pledge holds this reward: its radio stays
    /// enabled, sold out or not.
    fn holds(&self, reward: &str) -> bool {
        self.pledge
            .as_ref()
            .is_some_and(|p| p.reward_id.as_deref() == Some(reward))
    }
    fn offered(&self, ask: &str) -> bool {
        self.my_offers.iter().any(|a| a == ask)
    }
    fn offers_to(&self, ask: &str) -> Vec<&Offer> {
        self.offers.iter().filter(|o| o.ask_id == ask).collect()
    }
    /// The fee's rate as people read it: "5 %".
    fn fee_rate(&self) -> String {
        self.page.percent(self.campaign.fee_rate_bp)
    }
    fn governs(&self) -> bool {
        self.backable.iter().any(|(_, _, governs)| *governs)
    }
    fn backing_value(&self, field: &str, shown: &str) -> String {
        self.errors.of("/backings").value_or(field, shown)
    }
    fn backing_selected(&self, field: &str, option: &str, shown: &str) -> &'static str {
        self.errors.of("/backings").selected(field, option, shown)
    }
}

/// The collectives whose treasurer or coordinator the member is: (id,
/// name, whether it is the instance's governing collective).
/// A majority's two options, "for" first, in the member's language; none
/// for consent or consensus.
pub(crate) fn for_and_against(who: &Who, method: MethodKind) -> Vec<String> {
    match method {
        MethodKind::Majority => vec![
            who.ctx.tr.t("funding-backing-for"),
            who.ctx.tr.t("funding-backing-against"),
        ],
        _ => Vec::new(),
    }
}

/// When a decision that acts closes at the soonest, as a form's field
/// shows it: the collective's acting time from now, and ten minutes to
/// fill the form.
pub(crate) async fn acting_closes_default(
    who: &Who,
    page: &Page,
    collective: &kernel::CollectiveId,
) -> Result<String, AppError> {
    let rules = kernel::collectives::get(&who.state.db, collective)
        .await?
        .acting_rules;
    Ok(web::render::local_input(
        page,
        kernel::db::now_ms() + i64::from(rules.min_hours) * 3_600_000 + 600_000,
    ))
}

pub(crate) async fn backable(who: &Who) -> Result<Vec<(String, String, bool)>, AppError> {
    let db = &who.state.db;
    let governing =
        kernel::settings::instance_setting(db, kernel::decisions::GOVERNING_COLLECTIVE).await?;
    Ok(kernel::collectives::memberships_of(db, &who.member.id)
        .await?
        .into_iter()
        .filter(|m| m.left_at.is_none() && m.role.moves_money())
        .map(|m| {
            let id = m.collective_id.to_string();
            let governs = governing.as_deref() == Some(id.as_str());
            (id, m.name, governs)
        })
        .collect())
}

async fn campaign_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let campaign = campaigns::get(db, id).await?;
    let runs = campaigns::runs(db, &campaign, &who.member.id).await?;
    let offers = match runs {
        true => contributions::offers(db, &who.member.id, id).await?,
        false => Vec::new(),
    };
    let page = Page::new(&who.ctx, campaign.title.clone());
    let mut goals = vec![(page.t("funding-minimum"), campaign.minimum)];
    if let Some(optimum) = campaign.optimum {
        goals.push((page.t("funding-optimum"), optimum));
    }
    let goals: Vec<(&str, i64)> = goals.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    let chart = match campaign.backers >= pledges::CHART_FROM_BACKERS {
        true => web::charts::growth(
            &page.t("funding-chart"),
            &pledges::timeline(db, id).await?,
            (campaign.created_at, campaign.deadline_at),
            &goals,
            |v| page.money(&v, kernel::wallet::CURRENCY),
            |t| page.time(&t),
        ),
        false => String::new(),
    };
    let view = CampaignPage {
        page,
        pledge: pledges::pledge(db, &who.member.id, id).await?,
        backers: pledges::backers(db, id).await?,
        updates: contributions::updates(db, id).await?,
        my_offers: contributions::my_offers(db, &who.member.id, id).await?,
        runs,
        offers,
        backable: backable(who).await?,
        chart,
        campaign,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn campaign_page(who: Who, Path(id): Path<String>) -> Page_ {
    campaign_view(&who, &id, FormErrors::none()).await
}

async fn set_pledge(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let db = &who.state.db;
    let done = match web::render::amount_field(f.get("amount"), "amount") {
        Ok(amount) => {
            let input = PledgeInput {
                amount: amount as i64,
                reward_id: Some(f.get("reward_id").to_owned()),
                public: Some(!f.get("public").is_empty()),
                mail_updates: Some(!f.get("mail_updates").is_empty()),
            };
            pledges::set(db, &who.member.id, &id, &input).await
        }
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/funding/{id}"), "flash-funding-pledged"),
        |errors| campaign_view(&who, &id, errors),
    )
    .await
}

async fn withdraw(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let done = pledges::withdraw(&who.state.db, &who.member.id, &id).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/funding/{id}"), "flash-funding-withdrawn"),
        |errors| campaign_view(&who, &id, errors),
    )
    .await
}

async fn post_update(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = UpdateInput {
        title: f.get("title").to_owned(),
        body: f.get("body").to_owned(),
    };
    let done = contributions::post_update(&who.state.db, &who.member.id, &id, &input).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/funding/{id}"), "flash-funding-update-posted"),
        |errors| campaign_view(&who, &id, errors),
    )
    .await
}

async fn offer(
    Acting(who): Acting,
    Path((id, ask)): Path<(String, String)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = OfferInput {
        note: f.get("note").to_owned(),
    };
    let done = contributions::offer(&who.state.db, &who.member.id, &id, &ask, &input).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/funding/{id}#asks"), "flash-funding-offered"),
        |errors| campaign_view(&who, &id, errors),
    )
    .await
}

async fn withdraw_offer(
    Acting(who): Acting,
    Path((id, ask)): Path<(String, String)>,
    CsrfForm(_fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let done = contributions::withdraw_offer(&who.state.db, &who.member.id, &id, &ask).await;
    after_form(
        &who.ctx,
        done,
        |_| {
            Done::to(
                format!("/funding/{id}#asks"),
                "flash-funding-offer-withdrawn",
            )
        },
        |errors| campaign_view(&who, &id, errors),
    )
    .await
}

/// A runner cancels the campaign, once it has said what that does.
async fn cancel(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Confirmed>,
) -> Page_ {
    let db = &who.state.db;
    let campaign = campaigns::get(db, &id).await?;
    let back = format!("/funding/{id}");
    if let Some(ask) = confirm_first(
        &who.ctx,
        &form,
        Irreversible {
            title: "funding-cancel-title",
            text: who
                .ctx
                .tr
                .t1("funding-cancel-text", "name", &campaign.title),
            confirm: "funding-cancel",
            back: &back,
        },
    ) {
        return Ok(ask);
    }
    let done = crate::settle::cancel(db, &id, &who.member.id).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(back.clone(), "flash-funding-cancelled"),
        |errors| campaign_view(&who, &id, errors),
    )
    .await
}

/// A treasurer or coordinator proposes that its collective back the
/// campaign: the collective's decision is opened, and shown.
async fn propose_backing(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let tz = who.member.time_zone.clone();
    let db = &who.state.db;
    let input = || -> Result<BackingInput, AppError> {
        let method = MethodKind::parse(f.get("method")).unwrap_or(MethodKind::Consent);
        let per_pledge = match web::render::amount_field(f.get("per_pledge"), "per_pledge")? {
            0 => None,
            minor => Some(minor as i64),
        };
        Ok(BackingInput {
            collective_id: f.get("collective_id").to_owned(),
            source: f.get("source").to_owned(),
            kind: f.get("kind").to_owned(),
            amount: web::render::amount_field(f.get("amount"), "amount")? as i64,
            per_pledge,
            question: f.get("question").to_owned(),
            method,
            options: for_and_against(&who, method),
            closes_at: parse_local(f.get("closes_at"), &tz, "closes_at")?,
        })
    };
    let done = match input() {
        Ok(input) => backings::propose(db, &who.member.id, &id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |d| {
            Done::to(
                format!("/decisions/{}", d.id),
                "flash-funding-backing-proposed",
            )
        },
        |errors| campaign_view(&who, &id, errors),
    )
    .await
}
