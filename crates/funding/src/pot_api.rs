//! The JSON API of mutual-aid pots, under `/api/v1/funding/pots` and
//! `/api/v1/funding/pot-withdrawals`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kernel::auth::{Active, SignedIn};
use kernel::{AppError, AppState};
use utoipa_axum::{router::OpenApiRouter, routes};
use web::ApiJson;

use crate::pots::{
    self, GiftInput, Movements, Pot, PotDecisionInput, PotInput, Verdict, Withdrawal,
    WithdrawalInput,
};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_pots, open_pot))
        .routes(routes!(show_pot))
        .routes(routes!(give))
        .routes(routes!(pot_movements))
        .routes(routes!(close_pot))
        .routes(routes!(request_withdrawal))
        .routes(routes!(pay_withdrawal))
        .routes(routes!(refuse_withdrawal))
        .routes(routes!(cancel_withdrawal))
        .routes(routes!(put_withdrawal_to_decision))
}

#[utoipa::path(get, path = "/api/v1/funding/pots", operation_id = "list_pots", tag = "funding", security(("bearer" = [])),
    responses((status = 200, body = [Pot], description = "The open pots, newest first, then the closed ones (whom each helps is on its own page)")))]
async fn list_pots(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
) -> Result<Json<Vec<Pot>>, AppError> {
    Ok(Json(pots::list(&state.db).await?))
}

#[utoipa::path(post, path = "/api/v1/funding/pots", operation_id = "open_pot", tag = "funding", security(("bearer" = [])), request_body = PotInput,
    responses((status = 201, body = Pot, description = "Opened, taking gifts"),
        (status = 422, description = "Not a coordinator of the collective, a beneficiary who is not its member, a title or purpose out of bounds", body = web::openapi::ProblemDoc)))]
async fn open_pot(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<PotInput>,
) -> Result<Response, AppError> {
    let pot = pots::create(&state.db, &member.id, &input).await?;
    Ok((StatusCode::CREATED, Json(pot)).into_response())
}

#[utoipa::path(get, path = "/api/v1/funding/pots/{id}", operation_id = "show_pot", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Pot, description = "With what was given, paid out, and is held for withdrawals; whom it helps for its contributors, its beneficiary and its collective's members"),
        (status = 404, description = "No such pot", body = web::openapi::ProblemDoc)))]
async fn show_pot(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Pot>, AppError> {
    let pot = pots::get(&state.db, &id).await?;
    let rights = pots::rights(&state.db, &member.id, &pot).await?;
    Ok(Json(pot.as_seen(&rights)))
}

#[utoipa::path(post, path = "/api/v1/funding/pots/{id}/gifts", operation_id = "give_to_pot", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)), request_body = GiftInput,
    responses((status = 201, body = Pot, description = "Given from the wallet (the fee between members on top, none by default)"),
        (status = 404, description = "No such pot", body = web::openapi::ProblemDoc),
        (status = 409, description = "The pot is closed, or the wallet does not hold it", body = web::openapi::ProblemDoc),
        (status = 422, description = "An amount out of bounds", body = web::openapi::ProblemDoc)))]
async fn give(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<GiftInput>,
) -> Result<Response, AppError> {
    let pot = pots::give(&state.db, &state.settings.fees, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(pot)).into_response())
}

#[utoipa::path(get, path = "/api/v1/funding/pots/{id}/movements", operation_id = "pot_movements", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Movements, description = "Every gift (named or anonymous, as each giver chose) and every withdrawal, newest first"),
        (status = 403, description = "Neither a contributor, the beneficiary, nor a member of the pot's collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such pot", body = web::openapi::ProblemDoc)))]
async fn pot_movements(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Movements>, AppError> {
    Ok(Json(pots::movements(&state.db, &member.id, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/funding/pots/{id}/close", operation_id = "close_pot", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Pot, description = "Closed to gifts; what is left may still be withdrawn"),
        (status = 403, description = "Not a coordinator of the pot's collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such pot", body = web::openapi::ProblemDoc)))]
async fn close_pot(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Pot>, AppError> {
    Ok(Json(pots::close(&state.db, &member.id, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/funding/pots/{id}/withdrawals", operation_id = "request_pot_withdrawal", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)), request_body = WithdrawalInput,
    responses((status = 201, body = Withdrawal, description = "Asked: its money held toward the recipient until another coordinator or a decision pays it"),
        (status = 403, description = "Neither the beneficiary nor a coordinator of the pot's collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such pot", body = web::openapi::ProblemDoc),
        (status = 409, description = "More than the pot has available", body = web::openapi::ProblemDoc),
        (status = 422, description = "A recipient other than the beneficiary or outside the collective, an amount or a reason out of bounds", body = web::openapi::ProblemDoc)))]
async fn request_withdrawal(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<WithdrawalInput>,
) -> Result<Response, AppError> {
    let w = pots::request(&state.db, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(w)).into_response())
}

async fn decide(
    state: &AppState,
    member: &kernel::MemberId,
    id: &str,
    verdict: Verdict,
) -> Result<Json<Withdrawal>, AppError> {
    Ok(Json(pots::decide(&state.db, member, id, verdict).await?))
}

#[utoipa::path(post, path = "/api/v1/funding/pot-withdrawals/{id}/pay", operation_id = "pay_pot_withdrawal", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Withdrawal, description = "Paid into the recipient's wallet"),
        (status = 403, description = "Not a coordinator of the pot's collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such withdrawal", body = web::openapi::ProblemDoc),
        (status = 409, description = "Already decided, or asked by the member or paying the member: another coordinator approves it", body = web::openapi::ProblemDoc)))]
async fn pay_withdrawal(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Withdrawal>, AppError> {
    decide(&state, &member.id, &id, Verdict::Pay).await
}

#[utoipa::path(post, path = "/api/v1/funding/pot-withdrawals/{id}/refuse", operation_id = "refuse_pot_withdrawal", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Withdrawal, description = "Refused: its money back in the pot"),
        (status = 403, description = "Not a coordinator of the pot's collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such withdrawal", body = web::openapi::ProblemDoc),
        (status = 409, description = "Already decided", body = web::openapi::ProblemDoc)))]
async fn refuse_withdrawal(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Withdrawal>, AppError> {
    decide(&state, &member.id, &id, Verdict::Refuse).await
}

#[utoipa::path(post, path = "/api/v1/funding/pot-withdrawals/{id}/cancel", operation_id = "cancel_pot_withdrawal", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Withdrawal, description = "Cancelled by the member who asked: its money back in the pot"),
        (status = 403, description = "Asked by someone else", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such withdrawal", body = web::openapi::ProblemDoc),
        (status = 409, description = "Already decided", body = web::openapi::ProblemDoc)))]
async fn cancel_withdrawal(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Withdrawal>, AppError> {
    decide(&state, &member.id, &id, Verdict::Cancel).await
}

#[utoipa::path(post, path = "/api/v1/funding/pot-withdrawals/{id}/decision", operation_id = "put_pot_withdrawal_to_decision", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)), request_body = PotDecisionInput,
    responses((status = 201, body = kernel::decisions::Decision, description = "The collective's decision, opened: the withdrawal is paid if it passes"),
        (status = 403, description = "Not a coordinator of the pot's collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such withdrawal", body = web::openapi::ProblemDoc),
        (status = 409, description = "Already decided, or already put to a decision", body = web::openapi::ProblemDoc),
        (status = 422, description = "A decision closing sooner than the collective's acting time, a question out of bounds…", body = web::openapi::ProblemDoc)))]
async fn put_withdrawal_to_decision(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PotDecisionInput>,
) -> Result<Response, AppError> {
    let decision = pots::put_to_decision(&state.db, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(decision)).into_response())
}
