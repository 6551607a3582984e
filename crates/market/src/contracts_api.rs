//! The JSON API of AMAP contracts under `/api/v1/market`: contracts,
//! subscriptions with their baskets and instalments, and the volunteers'
//! roster. Merged into the module's API router.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kernel::auth::{Active, SignedIn};
use kernel::{AppError, AppState};
use utoipa_axum::{router::OpenApiRouter, routes};
use web::ApiJson;

use crate::contracts::{
    self, AbsenceInput, Contract, ContractInput, HandedBasket, LinesInput, MemberInput, MoveInput,
    RoleInput, RosterRole, SubscribeInput, Subscriber, Subscription,
};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(shop_contracts, create_contract))
        .routes(routes!(show_contract))
        .routes(routes!(subscribe))
        .routes(routes!(contract_subscribers))
        .routes(routes!(contract_roster))
        .routes(routes!(add_roster_role))
        .routes(routes!(move_distribution))
        .routes(routes!(cancel_distribution))
        .routes(routes!(volunteer, withdraw))
        .routes(routes!(my_subscriptions))
        .routes(routes!(handed_baskets))
        .routes(routes!(show_subscription))
        .routes(routes!(set_basket))
        .routes(routes!(set_co_member))
        .routes(routes!(pause_subscription))
        .routes(routes!(resume_subscription))
        .routes(routes!(end_subscription))
        .routes(routes!(set_absence))
        .routes(routes!(order_basket))
        .routes(routes!(hand_basket))
        .routes(routes!(pay_instalment))
}

#[utoipa::path(get, path = "/api/v1/market/shops/{id}/contracts", operation_id = "shop_contracts", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Contract], description = "The shop's season contracts, without their products and distributions")))]
async fn shop_contracts(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<Contract>>, AppError> {
    crate::shops::shop(&state.db, &id).await?;
    Ok(Json(contracts::of_shop(&state.db, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/market/shops/{id}/contracts", operation_id = "create_contract", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = ContractInput,
    responses((status = 201, body = Contract, description = "The contract with its distributions; its prices frozen for the season"),
        (status = 403, description = "Does not run the shop", body = web::openapi::ProblemDoc),
        (status = 422, description = "A field breaks its rule", body = web::openapi::ProblemDoc)))]
async fn create_contract(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ContractInput>,
) -> Result<Response, AppError> {
    let c = contracts::create(&state.db, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

#[utoipa::path(get, path = "/api/v1/market/contracts/{id}", operation_id = "show_contract", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Contract), (status = 404, description = "No such contract", body = web::openapi::ProblemDoc)))]
async fn show_contract(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Contract>, AppError> {
    Ok(Json(contracts::get(&state.db, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/market/contracts/{id}/subscriptions", operation_id = "subscribe_contract", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = SubscribeInput,
    responses((status = 201, body = Subscription, description = "Subscribed, the first instalment held from the wallet; or on the waiting list when the contract is full"),
        (status = 409, description = "Already subscribed, or the season is over", body = web::openapi::ProblemDoc),
        (status = 422, description = "Quantities out of bounds, a plan not offered, a short wallet…", body = web::openapi::ProblemDoc)))]
async fn subscribe(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SubscribeInput>,
) -> Result<Response, AppError> {
    let s = contracts::subscribe(&state.db, &state.settings.fees, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(s)).into_response())
}

#[utoipa::path(get, path = "/api/v1/market/contracts/{id}/subscribers", operation_id = "contract_subscribers", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Subscriber], description = "Subscribers, then the waiting list in its order"),
        (status = 403, description = "Does not run the shop", body = web::openapi::ProblemDoc)))]
async fn contract_subscribers(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<Subscriber>>, AppError> {
    Ok(Json(
        contracts::subscribers(&state.db, &member.id, &id).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/contracts/{id}/roster", operation_id = "contract_roster", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [RosterRole], description = "Each distribution's roles; the volunteers' names for the contract's subscribers and runners only")))]
async fn contract_roster(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<RosterRole>>, AppError> {
    let contract = contracts::get(&state.db, &id).await?;
    Ok(Json(
        contracts::roster_for(&state.db, &contract, &member.id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/contracts/{id}/distributions/{distribution}/roles", operation_id = "add_roster_role", tag = "market", security(("bearer" = [])),
    params(("id" = String, Path), ("distribution" = String, Path)), request_body = RoleInput,
    responses((status = 200, body = [RosterRole]), (status = 403, description = "Does not run the shop", body = web::openapi::ProblemDoc),
        (status = 409, description = "The distribution is over", body = web::openapi::ProblemDoc)))]
async fn add_roster_role(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, distribution)): Path<(String, String)>,
    ApiJson(input): ApiJson<RoleInput>,
) -> Result<Json<Vec<RosterRole>>, AppError> {
    Ok(Json(
        contracts::add_role(&state.db, &member.id, &id, &distribution, &input).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/market/contracts/{id}/distributions/{distribution}", operation_id = "move_distribution", tag = "market", security(("bearer" = [])),
    params(("id" = String, Path), ("distribution" = String, Path)), request_body = MoveInput,
    responses((status = 200, body = Contract, description = "Moved within the season; its members told, its baskets kept (paid once, after it)"),
        (status = 403, description = "Does not run the shop", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such contract or distribution", body = web::openapi::ProblemDoc),
        (status = 409, description = "The distribution is over, paid or cancelled", body = web::openapi::ProblemDoc),
        (status = 422, description = "A day in the past, outside the season or taken by another distribution; hours out of order", body = web::openapi::ProblemDoc)))]
async fn move_distribution(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, distribution)): Path<(String, String)>,
    ApiJson(input): ApiJson<MoveInput>,
) -> Result<Json<Contract>, AppError> {
    Ok(Json(
        contracts::move_distribution(&state.db, &member.id, &id, &distribution, &input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/contracts/{id}/distributions/{distribution}/cancel", operation_id = "cancel_distribution", tag = "market", security(("bearer" = [])),
    params(("id" = String, Path), ("distribution" = String, Path)),
    responses((status = 200, body = Contract, description = "Cancelled: its baskets cancelled, what was held for them released, nothing billed; its members told"),
        (status = 403, description = "Does not run the shop", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such contract or distribution", body = web::openapi::ProblemDoc),
        (status = 409, description = "The distribution is over, paid or already cancelled", body = web::openapi::ProblemDoc)))]
async fn cancel_distribution(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, distribution)): Path<(String, String)>,
) -> Result<Json<Contract>, AppError> {
    Ok(Json(
        contracts::cancel_distribution(&state.db, &member.id, &id, &distribution).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/market/contracts/{id}/roles/{role}/volunteers/me", operation_id = "roster_volunteer", tag = "market", security(("bearer" = [])),
    params(("id" = String, Path), ("role" = String, Path)),
    responses((status = 200, body = [RosterRole]), (status = 403, description = "Neither a subscriber nor one who runs the shop", body = web::openapi::ProblemDoc),
        (status = 409, description = "The role has its volunteers, or the distribution is over", body = web::openapi::ProblemDoc)))]
async fn volunteer(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, role)): Path<(String, String)>,
) -> Result<Json<Vec<RosterRole>>, AppError> {
    Ok(Json(
        contracts::volunteer(&state.db, &member.id, &id, &role, true).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/market/contracts/{id}/roles/{role}/volunteers/me", operation_id = "roster_withdraw", tag = "market", security(("bearer" = [])),
    params(("id" = String, Path), ("role" = String, Path)),
    responses((status = 200, body = [RosterRole]), (status = 409, description = "The distribution is over", body = web::openapi::ProblemDoc)))]
async fn withdraw(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, role)): Path<(String, String)>,
) -> Result<Json<Vec<RosterRole>>, AppError> {
    Ok(Json(
        contracts::volunteer(&state.db, &member.id, &id, &role, false).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/subscriptions", operation_id = "my_subscriptions", tag = "market", security(("bearer" = [])),
    responses((status = 200, body = [Subscription], description = "The subscriptions the member holds or shares")))]
async fn my_subscriptions(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<Subscription>>, AppError> {
    Ok(Json(contracts::of_member(&state.db, &member.id).await?))
}

#[utoipa::path(get, path = "/api/v1/market/subscriptions/handed-to-me", operation_id = "handed_baskets", tag = "market", security(("bearer" = [])),
    responses((status = 200, body = [HandedBasket], description = "Baskets other members handed to this one, still to collect")))]
async fn handed_baskets(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<HandedBasket>>, AppError> {
    Ok(Json(
        contracts::handed_to(&state.db, &member.id, contracts::Handed::ToCome).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/subscriptions/{id}", operation_id = "show_subscription", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Subscription, description = "Its distributions and payments"),
        (status = 404, description = "Neither its subscriber, its co-holder nor one who runs the shop", body = web::openapi::ProblemDoc)))]
async fn show_subscription(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Subscription>, AppError> {
    Ok(Json(
        contracts::get_subscription(&state.db, &member.id, &id).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/market/subscriptions/{id}/basket", operation_id = "set_basket", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = LinesInput,
    responses((status = 200, body = Subscription, description = "Every distribution whose deadline has not passed takes this basket; its money held anew"),
        (status = 422, description = "Quantities out of bounds, a short wallet…", body = web::openapi::ProblemDoc)))]
async fn set_basket(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<LinesInput>,
) -> Result<Json<Subscription>, AppError> {
    Ok(Json(
        contracts::set_quantities(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/market/subscriptions/{id}/co-member", operation_id = "set_co_member", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = MemberInput,
    responses((status = 200, body = Subscription), (status = 422, description = "The subscriber itself, or no such member", body = web::openapi::ProblemDoc)))]
async fn set_co_member(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MemberInput>,
) -> Result<Json<Subscription>, AppError> {
    Ok(Json(
        contracts::set_co_member(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/subscriptions/{id}/pause", operation_id = "pause_subscription", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Subscription, description = "Paused: the baskets still open are neither delivered nor billed"),
        (status = 409, description = "Not active", body = web::openapi::ProblemDoc)))]
async fn pause_subscription(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Subscription>, AppError> {
    Ok(Json(contracts::pause(&state.db, &member.id, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/market/subscriptions/{id}/resume", operation_id = "resume_subscription", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Subscription), (status = 409, description = "Not paused", body = web::openapi::ProblemDoc),
        (status = 422, description = "A short wallet", body = web::openapi::ProblemDoc)))]
async fn resume_subscription(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Subscription>, AppError> {
    Ok(Json(contracts::resume(&state.db, &member.id, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/market/subscriptions/{id}/end", operation_id = "end_subscription", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Subscription, description = "Ended: what is not delivered is not billed; the place goes to the first waiting"),
        (status = 409, description = "Already ended", body = web::openapi::ProblemDoc)))]
async fn end_subscription(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Subscription>, AppError> {
    Ok(Json(contracts::end(&state.db, &member.id, &id).await?))
}

#[utoipa::path(put, path = "/api/v1/market/subscriptions/{id}/baskets/{distribution}/absence", operation_id = "set_absence", tag = "market", security(("bearer" = [])),
    params(("id" = String, Path), ("distribution" = String, Path)), request_body = AbsenceInput,
    responses((status = 200, body = Subscription, description = "Absent: not billed, its money released"),
        (status = 409, description = "After the deadline, or no absence left", body = web::openapi::ProblemDoc)))]
async fn set_absence(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, distribution)): Path<(String, String)>,
    ApiJson(input): ApiJson<AbsenceInput>,
) -> Result<Json<Subscription>, AppError> {
    Ok(Json(
        contracts::set_absence(&state.db, &member.id, &id, &distribution, input.absent).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/market/subscriptions/{id}/baskets/{distribution}/order", operation_id = "order_basket", tag = "market", security(("bearer" = [])),
    params(("id" = String, Path), ("distribution" = String, Path)), request_body = LinesInput,
    responses((status = 200, body = Subscription, description = "A variable contract's order for this distribution, its money held"),
        (status = 409, description = "After the deadline", body = web::openapi::ProblemDoc),
        (status = 422, description = "Quantities out of bounds, a short wallet…", body = web::openapi::ProblemDoc)))]
async fn order_basket(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, distribution)): Path<(String, String)>,
    ApiJson(input): ApiJson<LinesInput>,
) -> Result<Json<Subscription>, AppError> {
    Ok(Json(
        contracts::order(&state.db, &member.id, &id, &distribution, &input).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/market/subscriptions/{id}/baskets/{distribution}/handed-to", operation_id = "hand_basket", tag = "market", security(("bearer" = [])),
    params(("id" = String, Path), ("distribution" = String, Path)), request_body = MemberInput,
    responses((status = 200, body = Subscription, description = "Another member collects this basket (none: the subscriber again)"),
        (status = 409, description = "The distribution has started", body = web::openapi::ProblemDoc),
        (status = 422, description = "The subscriber itself, or no such member", body = web::openapi::ProblemDoc)))]
async fn hand_basket(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, distribution)): Path<(String, String)>,
    ApiJson(input): ApiJson<MemberInput>,
) -> Result<Json<Subscription>, AppError> {
    Ok(Json(
        contracts::hand_over(&state.db, &member.id, &id, &distribution, &input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/subscriptions/{id}/instalments/{number}/pay", operation_id = "pay_instalment", tag = "market", security(("bearer" = [])),
    params(("id" = String, Path), ("number" = String, Path, description = "The instalment's number, from 1")),
    responses((status = 200, body = Subscription, description = "The instalment's money held now (a short one, or one not due yet)"),
        (status = 404, description = "No such subscription of the member's, or no such instalment", body = web::openapi::ProblemDoc),
        (status = 409, description = "Already held or cancelled", body = web::openapi::ProblemDoc),
        (status = 422, description = "A short wallet", body = web::openapi::ProblemDoc)))]
async fn pay_instalment(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, number)): Path<(String, String)>,
) -> Result<Json<Subscription>, AppError> {
    // Any text may come in the path; a number that is not one names no
    // instalment.
    let number: i64 = number.parse().map_err(|_| AppError::NotFound)?;
    Ok(Json(
        contracts::pay_instalment(&state.db, &member.id, &id, number).await?,
    ))
}
