//! Pages for money through the bank: a member's withdrawals, a collective's
//! treasury payments, and the instance treasurer's desk (statement import,
//! matching, SEPA batches). The rules live in `kernel::bank`.

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::routing::{get, post};
use kernel::auth::{Active, CsrfForm, InCollective, RequestContext, SignedIn};
use kernel::bank::{self, BankLine, Destination, ImportReport, Payout, PayoutBatch, PayoutRequest};
use kernel::{AppError, AppState, MemberId};
use serde::Deserialize;

use crate::pages::{Page_, wallet_view};
use crate::render::Empty;
use crate::render::{Confirmed, Done, Irreversible, after_form, confirm_first};
use crate::render::{FormErrors, Page, html_status};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/wallet/withdraw", post(withdraw))
        .route("/wallet/payouts/{id}/cancel", post(cancel))
        .route("/bank", get(desk))
        .route(
            "/bank/statements",
            post(import).layer(axum::extract::DefaultBodyLimit::max(
                crate::bank::STATEMENT_MAX_BYTES + 64 * 1024,
            )),
        )
        .route("/bank/lines/{id}/match", post(match_line))
        .route("/bank/lines/{id}/set-aside", post(set_aside))
        .route("/bank/batches", post(create_batch))
        .route("/bank/batches/{id}/sent", post(mark_sent))
        .route("/collectives/{slug}/payouts", post(treasury_payout))
        .route("/collectives/{slug}/payouts/{id}/{decision}", post(decide))
        .route("/collectives/{slug}/payout-rule", post(payout_rule))
}

#[derive(Deserialize)]
struct WithdrawForm {
    id: String,
    name: String,
    iban: String,
    #[serde(default)]
    bic: String,
    amount: String,
    reason: String,
}

async fn withdraw(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    CsrfForm(form): CsrfForm<WithdrawForm>,
) -> Page_ {
    let bank = state.settings.bank.as_ref();
    let done = match kernel::wallet::parse_amount(&form.amount) {
        Ok(amount) => {
            let request = PayoutRequest {
                client_id: &form.id,
                destination: Destination::Bank {
                    name: &form.name,
                    iban: &form.iban,
                    bic: &form.bic,
                },
                amount,
                reason: &form.reason,
            };
            bank::request_wallet_payout(&state.db, bank, &member.id, &request).await
        }
        Err(e) => Err(e),
    };
    on_withdrawals(&state, &ctx, (&member, "flash-withdrawal-requested"), done).await
}

/// Back to the wallet's withdrawals saying `key`, or the wallet with the
/// refusal shown.
async fn on_withdrawals(
    state: &AppState,
    ctx: &RequestContext,
    (member, key): (&kernel::members::Member, &'static str),
    done: Result<Payout, AppError>,
) -> Page_ {
    let no_filter = Default::default();
    after_form(
        ctx,
        done,
        |_| Done::to("/wallet#withdraw", key),
        |errors| wallet_view(state, ctx, member, &no_filter, errors),
    )
    .await
}

async fn cancel(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Page_ {
    let done = bank::cancel_payout(&state.db, &member.id, &id).await;
    on_withdrawals(&state, &ctx, (&member, "flash-withdrawal-cancelled"), done).await
}

// ---------- the treasurer's desk ----------

#[derive(Template)]
#[template(path = "bank.html")]
struct DeskPage {
    page: Page,
    configured: bool,
    report: Option<ImportReport>,
    lines: Vec<BankLine>,
    waiting: Vec<Payout>,
    batches: Vec<PayoutBatch>,
    today: String,
    errors: FormErrors,
}

async fn desk_view(
    state: &AppState,
    ctx: &RequestContext,
    member: &kernel::members::Member,
    report: Option<ImportReport>,
    errors: FormErrors,
) -> Page_ {
    let page = DeskPage {
        page: Page::titled(ctx, "bank-title"),
        configured: state.settings.bank.is_some(),
        report,
        lines: bank::lines(&state.db, member, true).await?,
        waiting: bank::waiting_payouts(&state.db, member).await?,
        batches: bank::batches(&state.db, member).await?,
        today: jiff::Zoned::now().date().to_string(),
        errors,
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn desk(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
) -> Page_ {
    desk_view(&state, &ctx, &member, None, FormErrors::none()).await
}

/// Runs a desk action, then back to the desk saying `key`; a refusal is
/// shown on the desk, next to its field.
async fn on_desk(
    state: &AppState,
    ctx: &RequestContext,
    (member, key): (&kernel::members::Member, &'static str),
    done: Result<(), AppError>,
) -> Page_ {
    after_form(
        ctx,
        done,
        |_| Done::to("/bank", key),
        |errors| desk_view(state, ctx, member, None, errors),
    )
    .await
}

/// The statement file comes as multipart form data, with the CSRF token.
async fn import(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    mut form: Multipart,
) -> Page_ {
    let malformed = |_| AppError::BadRequest("form-malformed");
    let (mut csrf, mut xml) = (None, None);
    while let Some(field) = form.next_field().await.map_err(malformed)? {
        match field.name() {
            Some("csrf") => csrf = Some(field.text().await.map_err(malformed)?),
            Some("statement") => {
                let bytes = field.bytes().await.map_err(|_| AppError::BodyTooLarge)?;
                xml = Some(
                    String::from_utf8(bytes.to_vec())
                        .map_err(|_| AppError::field("statement", "error-camt-not-xml")),
                );
            }
            _ => {}
        }
    }
    ctx.check_csrf(csrf.as_deref())?;
    let imported = match xml {
        Some(Ok(xml)) => {
            let bank = state.settings.bank.as_ref();
            bank::import_statement(&state.db, bank, &member, &xml).await
        }
        Some(Err(e)) => Err(e),
        None => Err(AppError::field("statement", "error-required")),
    };
    // Both ways, the desk again: with the import's report, or the errors.
    let (report, errors) = match imported {
        Ok(report) => (Some(report), FormErrors::none()),
        Err(err) => (None, FormErrors::from_error(&ctx, err)?),
    };
    desk_view(&state, &ctx, &member, report, errors).await
}

#[derive(Deserialize)]
struct MatchForm {
    member: String,
}

async fn match_line(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<MatchForm>,
) -> Page_ {
    let done = bank::match_line(&state.db, &member, &id, &form.member).await;
    on_desk(&state, &ctx, (&member, "flash-line-matched"), done).await
}

#[derive(Deserialize)]
struct SetAsideForm {
    note: String,
}

async fn set_aside(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<SetAsideForm>,
) -> Page_ {
    let done = bank::set_aside(&state.db, &member, &id, &form.note).await;
    on_desk(&state, &ctx, (&member, "flash-line-set-aside"), done).await
}

#[derive(Deserialize)]
struct BatchForm {
    execution_date: String,
}

async fn create_batch(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    CsrfForm(form): CsrfForm<BatchForm>,
) -> Page_ {
    let bank = state.settings.bank.as_ref();
    let done = bank::create_batch(&state.db, bank, &member, &form.execution_date).await;
    on_desk(
        &state,
        &ctx,
        (&member, "flash-batch-created"),
        done.map(|_| ()),
    )
    .await
}

async fn mark_sent(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Confirmed>,
) -> Page_ {
    let asking = Irreversible {
        title: "confirm-batch-sent-title",
        text: ctx.tr.t("confirm-batch-sent-text"),
        confirm: "bank-mark-sent",
        back: "/bank",
    };
    if let Some(page) = confirm_first(&ctx, &form, asking) {
        return Ok(page);
    }
    let done = bank::mark_sent(&state.db, &member, &id).await;
    on_desk(
        &state,
        &ctx,
        (&member, "flash-batch-sent"),
        done.map(|_| ()),
    )
    .await
}

// ---------- a collective's treasury payments ----------

#[derive(Deserialize)]
struct TreasuryPayoutForm {
    id: String,
    /// A member's id, or empty to pay the bank account below.
    #[serde(default)]
    to_member: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    iban: String,
    #[serde(default)]
    bic: String,
    amount: String,
    reason: String,
}

async fn treasury_payout(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    place: InCollective,
    CsrfForm(form): CsrfForm<TreasuryPayoutForm>,
) -> Page_ {
    let collective = &place.collective;
    let to_member = MemberId::from(form.to_member.as_str());
    let destination = match form.to_member.as_str() {
        "" => Destination::Bank {
            name: &form.name,
            iban: &form.iban,
            bic: &form.bic,
        },
        _ => Destination::Member(&to_member),
    };
    let bank = state.settings.bank.as_ref();
    let done = match kernel::wallet::parse_amount(&form.amount) {
        Ok(amount) => {
            let request = PayoutRequest {
                client_id: &form.id,
                destination,
                amount,
                reason: &form.reason,
            };
            bank::request_treasury_payout(&state.db, bank, &member.id, &collective.id, &request)
                .await
        }
        Err(e) => Err(e),
    };
    let said = ("#payments", "flash-payout-requested");
    crate::pages::on_collective_page(&state, &ctx, place, said, done).await
}

async fn decide(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    place: InCollective,
    Path((_, id, decision)): Path<(String, String, String)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Page_ {
    let approve = match decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => return Err(AppError::NotFound),
    };
    let c = &place.collective.id;
    let done = bank::decide_payout(&state.db, &member.id, c, &id, approve).await;
    let said = if approve {
        "flash-payout-approved"
    } else {
        "flash-payout-refused"
    };
    crate::pages::on_collective_page(&state, &ctx, place, ("#payments", said), done).await
}

#[derive(Deserialize)]
struct RuleForm {
    second_approval_above: String,
}

async fn payout_rule(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    place: InCollective,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> Page_ {
    let done = bank::set_second_approval_above(
        &state.db,
        &member.id,
        &place.collective.id,
        &form.second_approval_above,
    )
    .await;
    let said = ("#payments", "flash-saved");
    crate::pages::on_collective_page(&state, &ctx, place, said, done).await
}
