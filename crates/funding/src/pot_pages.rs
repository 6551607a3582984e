//! The pages of mutual-aid pots: the list, the form that opens one, and a
//! pot with its gift form, its movements, the withdrawal form and what a
//! coordinator decides on each withdrawal.

use askama::Template;
use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kernel::auth::CsrfForm;
use kernel::collectives::Role;
use kernel::decisions::MethodKind;
use kernel::{AppError, AppState, CollectiveId};
use web::render::{Done, Fields, FormErrors, Page, after_form, html_status, parse_local};
use web::who::{Acting, Who};

use crate::pots::{
    self, GiftInput, Movements, Pot, PotDecisionInput, PotInput, Rights, Verdict, WithdrawalInput,
};

type Page_ = Result<Response, AppError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/funding/pots", get(list_page))
        .route("/funding/pots/new", get(new_page).post(open))
        .route("/funding/pots/{id}", get(pot_page))
        .route("/funding/pots/{id}/give", post(give))
        .route("/funding/pots/{id}/withdrawals", post(request))
        .route("/funding/pots/{id}/close", post(close))
        .route("/funding/pots/withdrawals/{id}/pay", post(pay))
        .route("/funding/pots/withdrawals/{id}/refuse", post(refuse))
        .route("/funding/pots/withdrawals/{id}/cancel", post(cancel))
        .route("/funding/pots/withdrawals/{id}/decision", post(to_decision))
}

#[derive(Template)]
#[template(path = "funding/pots.html")]
struct ListPage {
    page: Page,
    pots: Vec<Pot>,
    /// Whether the member coordinates a collective (and may open a pot).
    coordinates: bool,
}

async fn list_page(who: Who) -> Page_ {
    let view = ListPage {
        page: Page::titled(&who.ctx, "pots-title"),
        pots: pots::list(&who.state.db).await?,
        coordinates: !coordinated(&who).await?.is_empty(),
    };
    Ok(html_status(StatusCode::OK, &view))
}

/// The collectives the member coordinates, each with its members:
/// (id, name, [(member id, name)]).
type Coordinated = Vec<(String, String, Vec<(String, String)>)>;

async fn coordinated(who: &Who) -> Result<Coordinated, AppError> {
    let db = &who.state.db;
    let mut found = Vec::new();
    for m in kernel::collectives::memberships_of(db, &who.member.id).await? {
        if m.left_at.is_none() && m.role == Role::Coordinator {
            let members = kernel::collectives::members(db, &m.collective_id)
                .await?
                .into_iter()
                .map(|c| (c.member_id.to_string(), c.display_name))
                .collect();
            found.push((m.collective_id.to_string(), m.name, members));
        }
    }
    Ok(found)
}

#[derive(Template)]
#[template(path = "funding/pot_new.html")]
struct NewPage {
    page: Page,
    collectives: Coordinated,
    errors: FormErrors,
}

impl NewPage {
    fn selected(&self, field: &str, option: &str) -> &'static str {
        self.errors.selected(field, option, "")
    }
}

async fn new_view(who: &Who, errors: FormErrors) -> Page_ {
    let view = NewPage {
        page: Page::titled(&who.ctx, "pots-new-title"),
        collectives: coordinated(who).await?,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn new_page(who: Who) -> Page_ {
    new_view(&who, FormErrors::none()).await
}

async fn open(Acting(who): Acting, CsrfForm(fields): CsrfForm<Vec<(String, String)>>) -> Page_ {
    let f = Fields(fields);
    let input = PotInput {
        collective_id: f.get("collective_id").to_owned(),
        title: f.get("title").to_owned(),
        purpose: f.get("purpose").to_owned(),
        beneficiary_id: Some(f.get("beneficiary_id").to_owned()),
    };
    let done = pots::create(&who.state.db, &who.member.id, &input).await;
    after_form(
        &who.ctx,
        done,
        |p| Done::to(format!("/funding/pots/{}", p.id), "flash-pot-opened"),
        |errors| new_view(&who, errors),
    )
    .await
}

#[derive(Template)]
#[template(path = "funding/pot.html")]
struct PotPage {
    page: Page,
    pot: Pot,
    rights: Rights,
    /// Every movement, for those who see them.
    movements: Option<Movements>,
    /// Who a withdrawal may pay when the pot helps no one member: the
    /// collective's members, (id, name).
    recipients: Vec<(String, String)>,
    member_id: String,
    /// A decision's default closing time, the collective's acting time
    /// from now, as the form's field shows it.
    closes_default: String,
    errors: FormErrors,
}

impl PotPage {
    fn value(&self, action: &str, field: &str, shown: &str) -> String {
        self.errors.of(action).value_or(field, shown)
    }
}

async fn pot_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let pot = pots::get(db, id).await?;
    let rights = pots::rights(db, &who.member.id, &pot).await?;
    let movements = match rights.sees_movements {
        true => Some(pots::movements(db, &who.member.id, id).await?),
        false => None,
    };
    let collective = CollectiveId::from(pot.collective_id.clone());
    let recipients = match (rights.asks, &pot.beneficiary_id) {
        (true, None) => kernel::collectives::members(db, &collective)
            .await?
            .into_iter()
            .map(|m| (m.member_id.to_string(), m.display_name))
            .collect(),
        _ => Vec::new(),
    };
    let acting = kernel::collectives::get(db, &collective)
        .await?
        .acting_rules;
    let page = Page::new(&who.ctx, pot.title.clone());
    let closes_default = web::render::local_input(
        &page,
        kernel::db::now_ms() + i64::from(acting.min_hours) * 3_600_000 + 600_000,
    );
    let view = PotPage {
        page,
        pot: pot.as_seen(&rights),
        rights,
        movements,
        recipients,
        member_id: who.member.id.to_string(),
        closes_default,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn pot_page(who: Who, Path(id): Path<String>) -> Page_ {
    pot_view(&who, &id, FormErrors::none()).await
}

async fn give(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let done = match web::render::amount_field(f.get("amount"), "amount") {
        Ok(amount) => {
            let input = GiftInput {
                amount: amount as i64,
                named: !f.get("named").is_empty(),
            };
            let fees = &who.state.settings.fees;
            pots::give(&who.state.db, fees, &who.member.id, &id, &input).await
        }
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/funding/pots/{id}"), "flash-pot-given"),
        |errors| pot_view(&who, &id, errors),
    )
    .await
}

async fn request(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let done = match web::render::amount_field(f.get("amount"), "amount") {
        Ok(amount) => {
            let input = WithdrawalInput {
                amount: amount as i64,
                reason: f.get("reason").to_owned(),
                to_member_id: Some(f.get("to_member_id").to_owned()),
            };
            pots::request(&who.state.db, &who.member.id, &id, &input).await
        }
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/funding/pots/{id}"), "flash-pot-requested"),
        |errors| pot_view(&who, &id, errors),
    )
    .await
}

async fn close(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let done = pots::close(&who.state.db, &who.member.id, &id).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/funding/pots/{id}"), "flash-pot-closed"),
        |errors| pot_view(&who, &id, errors),
    )
    .await
}

/// A coordinator's verdict on a withdrawal, or the requester's
/// cancellation; back to its pot.
async fn conclude(who: Who, id: String, verdict: Verdict, flash: &'static str) -> Page_ {
    let db = &who.state.db;
    let (pot_id, _) = pots::withdrawal(db, &id).await?;
    let done = pots::decide(db, &who.member.id, &id, verdict).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/funding/pots/{pot_id}#withdrawals"), flash),
        |errors| pot_view(&who, &pot_id, errors),
    )
    .await
}

async fn pay(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    conclude(who, id, Verdict::Pay, "flash-pot-paid").await
}

async fn refuse(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    conclude(who, id, Verdict::Refuse, "flash-pot-refused").await
}

async fn cancel(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    conclude(who, id, Verdict::Cancel, "flash-pot-cancelled").await
}

async fn to_decision(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let db = &who.state.db;
    let (pot_id, _) = pots::withdrawal(db, &id).await?;
    let input = || -> Result<PotDecisionInput, AppError> {
        let method = MethodKind::parse(f.get("method")).unwrap_or(MethodKind::Consent);
        Ok(PotDecisionInput {
            question: f.get("question").to_owned(),
            method,
            options: crate::pages::for_and_against(&who, method),
            closes_at: parse_local(f.get("closes_at"), &who.member.time_zone, "closes_at")?,
        })
    };
    let done = match input() {
        Ok(input) => pots::put_to_decision(db, &who.member.id, &id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |d| Done::to(format!("/decisions/{}", d.id), "flash-pot-in-decision"),
        |errors| pot_view(&who, &pot_id, errors),
    )
    .await
}
