//! The JSON API of crowdfunding, under `/api/v1/funding` and the member's
//! own pledges under `/api/v1/me/funding`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kernel::auth::{Active, SignedIn};
use kernel::{AppError, AppState};
use utoipa_axum::{router::OpenApiRouter, routes};
use web::ApiJson;

use crate::backings::{self, BackingInput};
use crate::campaigns::{self, Campaign, CampaignInput, Summary};
use crate::contributions::{self, Offer, OfferInput, Update, UpdateInput};
use crate::loan_backings::{LoanBacking, LoanBackingInput};
use crate::loans::{self, LendInput, LenderStatement, Loan, LoanInput};
use crate::pledges::{self, Backers, Pledge, PledgeInput};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_campaigns, create_campaign))
        .routes(routes!(show_campaign))
        .routes(routes!(show_pledge, set_pledge, withdraw_pledge))
        .routes(routes!(my_pledges))
        .routes(routes!(show_backers))
        .routes(routes!(list_updates, post_update))
        .routes(routes!(offer, withdraw_offer))
        .routes(routes!(list_offers))
        .routes(routes!(cancel_campaign))
        .routes(routes!(propose_backing))
        .routes(routes!(list_loans, propose_loan))
        .routes(routes!(show_loan))
        .routes(routes!(show_sheet))
        .routes(routes!(show_lending, lend, withdraw_lending))
        .routes(routes!(my_loans))
        .routes(routes!(loan_backings, propose_loan_backing))
        .merge(crate::pot_api::api())
        .merge(crate::expense_api::api())
}

#[utoipa::path(get, path = "/api/v1/funding/campaigns", operation_id = "list_campaigns", tag = "funding", security(("bearer" = [])),
    responses((status = 200, body = [Summary], description = "The campaigns taking pledges, soonest deadline first, then the closed ones, latest first")))]
async fn list_campaigns(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
) -> Result<Json<Vec<Summary>>, AppError> {
    Ok(Json(campaigns::list(&state.db).await?))
}

#[utoipa::path(post, path = "/api/v1/funding/campaigns", operation_id = "create_campaign", tag = "funding", security(("bearer" = [])), request_body = CampaignInput,
    responses((status = 201, body = Campaign, description = "Launched, taking pledges until its deadline"),
        (status = 422, description = "A minimum of nothing, an optimum under the minimum, a deadline past or more than 90 days ahead, a reward or an ask out of bounds, a collective the member does not coordinate…", body = web::openapi::ProblemDoc)))]
async fn create_campaign(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<CampaignInput>,
) -> Result<Response, AppError> {
    let c = campaigns::create(&state.db, &state.settings.fees, &member.id, &input).await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

#[utoipa::path(get, path = "/api/v1/funding/campaigns/{id}", operation_id = "show_campaign", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Campaign, description = "With what is pledged, the rewards left and the asks' offers counted"),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc)))]
async fn show_campaign(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Campaign>, AppError> {
    Ok(Json(campaigns::get(&state.db, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/funding/campaigns/{id}/pledge", operation_id = "show_pledge", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Pledge), (status = 404, description = "No such campaign, or no pledge of the member's to it", body = web::openapi::ProblemDoc)))]
async fn show_pledge(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Pledge>, AppError> {
    pledges::pledge(&state.db, &member.id, &id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

#[utoipa::path(put, path = "/api/v1/funding/campaigns/{id}/pledge", operation_id = "set_pledge", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)), request_body = PledgeInput,
    responses((status = 200, body = Pledge, description = "Pledged (or changed): the amount held from the wallet until the deadline, the fee on top"),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc),
        (status = 409, description = "Past the deadline, the reward's stock gone, or the wallet short", body = web::openapi::ProblemDoc),
        (status = 422, description = "An amount of nothing or above 10,000,000 €, below the reward's minimum, or a reward of another campaign", body = web::openapi::ProblemDoc)))]
async fn set_pledge(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PledgeInput>,
) -> Result<Json<Pledge>, AppError> {
    Ok(Json(
        pledges::set(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/funding/campaigns/{id}/pledge", operation_id = "withdraw_pledge", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204, description = "Withdrawn: the money released, the reward back in stock"),
        (status = 404, description = "No such campaign, or no pledge to it", body = web::openapi::ProblemDoc),
        (status = 409, description = "Past the deadline", body = web::openapi::ProblemDoc)))]
async fn withdraw_pledge(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    pledges::withdraw(&state.db, &member.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me/funding/pledges", operation_id = "my_pledges", tag = "funding", security(("bearer" = [])),
    responses((status = 200, body = [Pledge], description = "The member's pledges, the latest first")))]
async fn my_pledges(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<Pledge>>, AppError> {
    Ok(Json(pledges::of_member(&state.db, &member.id).await?))
}

#[utoipa::path(get, path = "/api/v1/funding/campaigns/{id}/backers", operation_id = "show_backers", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Backers, description = "The backers who chose to appear, by name, and how many stay anonymous; no amounts"),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc)))]
async fn show_backers(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Backers>, AppError> {
    campaigns::get(&state.db, &id).await?;
    Ok(Json(pledges::backers(&state.db, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/funding/campaigns/{id}/updates", operation_id = "list_campaign_updates", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Update], description = "The campaign's updates, the latest first"),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc)))]
async fn list_updates(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<Update>>, AppError> {
    campaigns::get(&state.db, &id).await?;
    Ok(Json(contributions::updates(&state.db, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/funding/campaigns/{id}/updates", operation_id = "post_campaign_update", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)), request_body = UpdateInput,
    responses((status = 201, body = Update, description = "Posted, and told to every backer: by mail to those who asked for it"),
        (status = 403, description = "Neither the campaign's owner nor a coordinator of its collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc),
        (status = 422, description = "A title or a text missing or too long", body = web::openapi::ProblemDoc)))]
async fn post_update(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<UpdateInput>,
) -> Result<Response, AppError> {
    let update = contributions::post_update(&state.db, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(update)).into_response())
}

#[utoipa::path(put, path = "/api/v1/funding/campaigns/{id}/asks/{ask_id}/offer", operation_id = "offer_to_ask", tag = "funding", security(("bearer" = [])), params(("id" = String, Path), ("ask_id" = String, Path)), request_body = OfferInput,
    responses((status = 204, description = "Offered (or the word changed)"),
        (status = 404, description = "No such campaign or ask", body = web::openapi::ProblemDoc),
        (status = 409, description = "Past the deadline, or as many offered as needed", body = web::openapi::ProblemDoc),
        (status = 422, description = "A word too long", body = web::openapi::ProblemDoc)))]
async fn offer(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, ask_id)): Path<(String, String)>,
    ApiJson(input): ApiJson<OfferInput>,
) -> Result<StatusCode, AppError> {
    contributions::offer(&state.db, &member.id, &id, &ask_id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/funding/campaigns/{id}/asks/{ask_id}/offer", operation_id = "withdraw_offer", tag = "funding", security(("bearer" = [])), params(("id" = String, Path), ("ask_id" = String, Path)),
    responses((status = 204, description = "Taken back"),
        (status = 404, description = "No such offer of the member's", body = web::openapi::ProblemDoc)))]
async fn withdraw_offer(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, ask_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    contributions::withdraw_offer(&state.db, &member.id, &id, &ask_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/funding/campaigns/{id}/offers", operation_id = "list_campaign_offers", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Offer], description = "Every offer toward the campaign's asks, with each offerer's name and word"),
        (status = 403, description = "Neither the campaign's owner nor a coordinator of its collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc)))]
async fn list_offers(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<Offer>>, AppError> {
    Ok(Json(
        contributions::offers(&state.db, &member.id, &id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/funding/campaigns/{id}/cancel", operation_id = "cancel_campaign", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Campaign, description = "Cancelled: every pledge released, each backer told"),
        (status = 403, description = "Neither the campaign's owner nor a coordinator of its collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc),
        (status = 409, description = "Past its deadline", body = web::openapi::ProblemDoc)))]
async fn cancel_campaign(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Campaign>, AppError> {
    crate::settle::cancel(&state.db, &id, &member.id).await?;
    Ok(Json(campaigns::get(&state.db, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/funding/campaigns/{id}/backings", operation_id = "propose_campaign_backing", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)), request_body = BackingInput,
    responses((status = 201, body = kernel::decisions::Decision, description = "The collective's decision, opened: if it passes, its treasury (or the solidarity fund) backs the campaign"),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc),
        (status = 409, description = "Past the campaign's deadline", body = web::openapi::ProblemDoc),
        (status = 422, description = "Not a treasurer or coordinator of the collective, the solidarity fund asked by another collective than the governing one, an amount out of bounds, a decision closing after the campaign…", body = web::openapi::ProblemDoc)))]
async fn propose_backing(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<BackingInput>,
) -> Result<Response, AppError> {
    let decision = backings::propose(&state.db, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(decision)).into_response())
}

#[utoipa::path(get, path = "/api/v1/funding/loans", operation_id = "list_loans", tag = "funding", security(("bearer" = [])),
    responses((status = 200, body = [Loan], description = "The loans open to lenders, soonest close first, then the others")))]
async fn list_loans(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
) -> Result<Json<Vec<Loan>>, AppError> {
    Ok(Json(loans::list(&state.db).await?))
}

#[utoipa::path(post, path = "/api/v1/funding/loans", operation_id = "propose_loan", tag = "funding", security(("bearer" = [])), request_body = LoanInput,
    responses((status = 201, body = kernel::decisions::Decision, description = "The collective's decision on the terms, opened: the loan opens to lenders if it passes"),
        (status = 422, description = "Not a treasurer or coordinator of the collective; an interest-bearing loan over the instance's longest term (7 years by default); a rate, an amount or a number of instalments out of bounds; a decision closing after lending…", body = web::openapi::ProblemDoc)))]
async fn propose_loan(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<LoanInput>,
) -> Result<Response, AppError> {
    let decision = loans::propose(&state.db, &state.settings.loans, &member.id, &input).await?;
    Ok((StatusCode::CREATED, Json(decision)).into_response())
}

#[utoipa::path(get, path = "/api/v1/funding/loans/{id}", operation_id = "show_loan", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Loan, description = "Its terms, what is lent, and its schedule"),
        (status = 404, description = "No such loan", body = web::openapi::ProblemDoc)))]
async fn show_loan(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Loan>, AppError> {
    Ok(Json(loans::get(&state.db, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/funding/loans/{id}/lending", operation_id = "show_lending", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = LenderStatement, description = "The member's statement: lent, received, owed, its share of each instalment"),
        (status = 404, description = "No such loan, or the member did not lend to it", body = web::openapi::ProblemDoc)))]
async fn show_lending(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<LenderStatement>, AppError> {
    loans::statement(&state.db, &member.id, &id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

#[utoipa::path(put, path = "/api/v1/funding/loans/{id}/lending", operation_id = "lend", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)), request_body = LendInput,
    responses((status = 200, body = LenderStatement, description = "Lent: the money held until the disbursement, withdrawable during the reflection period"),
        (status = 404, description = "No such loan", body = web::openapi::ProblemDoc),
        (status = 409, description = "Lending closed, already lent, or the wallet short", body = web::openapi::ProblemDoc),
        (status = 422, description = "The key information sheet not shown (GET …/sheet) or not said read, less than 10 € or more than the cap per lender, or more than is left to borrow", body = web::openapi::ProblemDoc)))]
async fn lend(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<LendInput>,
) -> Result<Json<LenderStatement>, AppError> {
    Ok(Json(loans::lend(&state.db, &member.id, &id, &input).await?))
}

#[utoipa::path(delete, path = "/api/v1/funding/loans/{id}/lending", operation_id = "withdraw_lending", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204, description = "Withdrawn without a reason: the money released"),
        (status = 404, description = "No such loan, or no lending to it", body = web::openapi::ProblemDoc),
        (status = 409, description = "The reflection period is over", body = web::openapi::ProblemDoc)))]
async fn withdraw_lending(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    loans::withdraw(&state.db, &member.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me/funding/loans", operation_id = "my_loans", tag = "funding", security(("bearer" = [])),
    responses((status = 200, body = [LenderStatement], description = "The member's statement of each loan it lent to, the latest first")))]
async fn my_loans(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<LenderStatement>>, AppError> {
    Ok(Json(loans::statements(&state.db, &member.id).await?))
}

#[utoipa::path(get, path = "/api/v1/funding/loans/{id}/backings", operation_id = "list_loan_backings", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [LoanBacking], description = "What collectives lent by their decisions, and what each was repaid"),
        (status = 404, description = "No such loan", body = web::openapi::ProblemDoc)))]
async fn loan_backings(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<LoanBacking>>, AppError> {
    loans::get(&state.db, &id).await?;
    Ok(Json(crate::loan_backings::of_loan(&state.db, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/funding/loans/{id}/backings", operation_id = "propose_loan_backing", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)), request_body = LoanBackingInput,
    responses((status = 201, body = kernel::decisions::Decision, description = "The lending collective's decision, opened: if it passes, its treasury (or the solidarity fund) lends to the loan"),
        (status = 404, description = "No such loan", body = web::openapi::ProblemDoc),
        (status = 409, description = "The loan no longer takes lenders", body = web::openapi::ProblemDoc),
        (status = 422, description = "Not a treasurer or coordinator of the collective, the borrower itself, the solidarity fund asked by another collective than the governing one, an amount above the loan's, a decision closing after lending…", body = web::openapi::ProblemDoc)))]
async fn propose_loan_backing(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<LoanBackingInput>,
) -> Result<Response, AppError> {
    let decision = crate::loan_backings::propose(&state.db, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(decision)).into_response())
}

/// A loan's key information sheet, as a client shows it before lending.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct KeySheet {
    /// Its terms, purpose and risks.
    loan: Loan,
    /// What 100 € lent brings back in all, in cents.
    repaid_per_hundred: i64,
}

#[utoipa::path(get, path = "/api/v1/funding/loans/{id}/sheet", operation_id = "show_loan_sheet", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = KeySheet, description = "The key information sheet, recorded as shown to the member: lending requires it"),
        (status = 404, description = "No such loan", body = web::openapi::ProblemDoc)))]
async fn show_sheet(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<KeySheet>, AppError> {
    let loan = loans::sheet_shown(&state.db, &member.id, &id).await?;
    Ok(Json(KeySheet {
        repaid_per_hundred: loan.repaid_per_hundred(),
        loan,
    }))
}
