//! The JSON API of group buying, under `/api/v1/groupbuy` and the
//! member's own baskets under `/api/v1/me/groupbuy`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kernel::auth::{Active, SignedIn};
use kernel::{AppError, AppState};
use utoipa_axum::{router::OpenApiRouter, routes};
use web::ApiJson;

use crate::baskets::{self, Basket, BasketInput, BasketsInput};
use crate::energy::{self, Campaign, CampaignInput, Household, HouseholdInput, OfferInput};
use crate::orders::{self, SupplierOrder};
use crate::purchases::{self, Purchase, PurchaseInput, Summary};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_purchases, create_purchase))
        .routes(routes!(show_purchase))
        .routes(routes!(show_basket, set_basket))
        .routes(routes!(my_baskets, set_my_baskets))
        .routes(routes!(show_order))
        .routes(routes!(cancel_purchase))
        .routes(routes!(list_energy_campaigns, create_energy_campaign))
        .routes(routes!(show_energy_campaign))
        .routes(routes!(show_my_household, register_household))
        .routes(routes!(add_energy_offer))
        .routes(routes!(publish_energy_offer))
        .routes(routes!(decide_energy_offer))
}

#[utoipa::path(get, path = "/api/v1/groupbuy/purchases", operation_id = "list_group_purchases", tag = "groupbuy", security(("bearer" = [])),
    responses((status = 200, body = [Summary], description = "The group purchases taking commitments, soonest deadline first, then the closed ones")))]
async fn list_purchases(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
) -> Result<Json<Vec<Summary>>, AppError> {
    Ok(Json(purchases::list(&state.db).await?))
}

#[utoipa::path(post, path = "/api/v1/groupbuy/purchases", operation_id = "create_group_purchase", tag = "groupbuy", security(("bearer" = [])), request_body = PurchaseInput,
    responses((status = 201, body = Purchase, description = "Proposed, open to commitments until its deadline"),
        (status = 422, description = "Tiers that overlap, leave gaps or whose price rises; a minimum above the maximum; a deadline past; a collective the member does not coordinate…", body = web::openapi::ProblemDoc)))]
async fn create_purchase(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<PurchaseInput>,
) -> Result<Response, AppError> {
    let p = purchases::create(&state.db, &state.settings.fees, &member.id, &input).await?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

#[utoipa::path(get, path = "/api/v1/groupbuy/purchases/{id}", operation_id = "show_group_purchase", tag = "groupbuy", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Purchase, description = "With, per product, the tier reached, what the next one needs and the boxes filled"),
        (status = 404, description = "No such group purchase", body = web::openapi::ProblemDoc)))]
async fn show_purchase(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Purchase>, AppError> {
    Ok(Json(purchases::get(&state.db, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/groupbuy/purchases/{id}/basket", operation_id = "show_group_basket", tag = "groupbuy", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Basket), (status = 404, description = "No such group purchase, or no basket of the member's in it", body = web::openapi::ProblemDoc)))]
async fn show_basket(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Basket>, AppError> {
    baskets::basket(&state.db, &member.id, &id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

#[utoipa::path(put, path = "/api/v1/groupbuy/purchases/{id}/basket", operation_id = "set_group_basket", tag = "groupbuy", security(("bearer" = [])), params(("id" = String, Path)), request_body = BasketInput,
    responses((status = 200, body = Basket, description = "Committed: the money held at the tiers reached, the fee on top"),
        (status = 204, description = "Withdrawn (no line): the money released"),
        (status = 404, description = "No such group purchase", body = web::openapi::ProblemDoc),
        (status = 409, description = "Closed to commitments, or the wallet is short", body = web::openapi::ProblemDoc),
        (status = 422, description = "A quantity off the product's step, a tolerance of a box or more, a pickup point of another purchase, more than the supplier's maximum…", body = web::openapi::ProblemDoc)))]
async fn set_basket(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<BasketInput>,
) -> Result<Response, AppError> {
    Ok(
        match baskets::set(&state.db, &member.id, &id, &input).await? {
            Some(basket) => Json(basket).into_response(),
            None => StatusCode::NO_CONTENT.into_response(),
        },
    )
}

#[utoipa::path(get, path = "/api/v1/me/groupbuy/baskets", operation_id = "my_group_baskets", tag = "groupbuy", security(("bearer" = [])),
    responses((status = 200, body = [Basket], description = "The member's baskets in every group purchase, the latest deadline first")))]
async fn my_baskets(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<Basket>>, AppError> {
    Ok(Json(baskets::of_member(&state.db, &member.id).await?))
}

#[utoipa::path(put, path = "/api/v1/me/groupbuy/baskets", operation_id = "set_my_group_baskets", tag = "groupbuy", security(("bearer" = [])), request_body = BasketsInput,
    responses((status = 200, body = [Basket], description = "Every basket set at once, each purchase with its own hold, or none of them"),
        (status = 404, description = "One of the purchases does not exist", body = web::openapi::ProblemDoc),
        (status = 409, description = "One is closed to commitments, or the wallet is short for them all", body = web::openapi::ProblemDoc),
        (status = 422, description = "A purchase named twice, or a basket refused as above", body = web::openapi::ProblemDoc)))]
async fn set_my_baskets(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<BasketsInput>,
) -> Result<Json<Vec<Basket>>, AppError> {
    Ok(Json(
        baskets::set_many(&state.db, &member.id, &input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/groupbuy/purchases/{id}/order", operation_id = "show_group_order", tag = "groupbuy", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = SupplierOrder, description = "A settled purchase's order: per pickup point, the quantities to deliver; for its organiser, who collects what"),
        (status = 403, description = "Neither its organiser, a coordinator of its collective, nor an administrator of its supplier", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such group purchase", body = web::openapi::ProblemDoc),
        (status = 409, description = "Not settled yet", body = web::openapi::ProblemDoc)))]
async fn show_order(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<SupplierOrder>, AppError> {
    let purchase = purchases::get(&state.db, &id).await?;
    let reader = orders::reader(&state.db, &purchase, &member.id).await?;
    Ok(Json(
        orders::of_purchase(&state.db, &purchase, reader).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/groupbuy/purchases/{id}/cancel", operation_id = "cancel_group_purchase", tag = "groupbuy", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Purchase, description = "Cancelled: every hold released, each member told"),
        (status = 403, description = "Neither its organiser nor a coordinator of its collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such group purchase", body = web::openapi::ProblemDoc),
        (status = 409, description = "Settled or cancelled already", body = web::openapi::ProblemDoc)))]
async fn cancel_purchase(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Purchase>, AppError> {
    crate::settle::cancel(&state.db, &id, &member.id).await?;
    Ok(Json(purchases::get(&state.db, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/groupbuy/energy", operation_id = "list_energy_campaigns", tag = "groupbuy", security(("bearer" = [])),
    responses((status = 200, body = [Campaign], description = "The energy group purchases, the latest first")))]
async fn list_energy_campaigns(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<Campaign>>, AppError> {
    Ok(Json(energy::list(&state.db, &member.id).await?))
}

#[utoipa::path(post, path = "/api/v1/groupbuy/energy", operation_id = "create_energy_campaign", tag = "groupbuy", security(("bearer" = [])), request_body = CampaignInput,
    responses((status = 201, body = Campaign, description = "Households may now register their consumption"),
        (status = 422, description = "Dates out of order or past, a price out of bounds, a collective the member does not coordinate…", body = web::openapi::ProblemDoc)))]
async fn create_energy_campaign(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<CampaignInput>,
) -> Result<Response, AppError> {
    let c = energy::create(&state.db, &member.id, &input).await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

#[utoipa::path(get, path = "/api/v1/groupbuy/energy/{id}", operation_id = "show_energy_campaign", tag = "groupbuy", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Campaign, description = "With its offers ranked (to its organiser always, to members once the offers are closed) and the winner once published"),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc)))]
async fn show_energy_campaign(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Campaign>, AppError> {
    Ok(Json(energy::get(&state.db, &id, &member.id).await?))
}

#[utoipa::path(get, path = "/api/v1/groupbuy/energy/{id}/household", operation_id = "show_my_household", tag = "groupbuy", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Household, description = "The member's registration, with its saving estimated once the winner is published"),
        (status = 404, description = "No such campaign, or the member did not register", body = web::openapi::ProblemDoc)))]
async fn show_my_household(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Household>, AppError> {
    let campaign = energy::get(&state.db, &id, &member.id).await?;
    energy::household(&state.db, &campaign, &member.id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

#[utoipa::path(put, path = "/api/v1/groupbuy/energy/{id}/household", operation_id = "register_household", tag = "groupbuy", security(("bearer" = [])), params(("id" = String, Path)), request_body = HouseholdInput,
    responses((status = 200, body = Household, description = "Registered, without commitment"),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc),
        (status = 409, description = "The registration is closed", body = web::openapi::ProblemDoc),
        (status = 422, description = "A consumption out of bounds, a meter of another energy…", body = web::openapi::ProblemDoc)))]
async fn register_household(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<HouseholdInput>,
) -> Result<Json<Household>, AppError> {
    Ok(Json(
        energy::register(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/groupbuy/energy/{id}/offers", operation_id = "add_energy_offer", tag = "groupbuy", security(("bearer" = [])), params(("id" = String, Path)), request_body = OfferInput,
    responses((status = 201, body = Campaign, description = "Recorded and ranked"),
        (status = 403, description = "Not the campaign's organiser", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc),
        (status = 409, description = "The offers are closed", body = web::openapi::ProblemDoc),
        (status = 422, description = "A price out of bounds", body = web::openapi::ProblemDoc)))]
async fn add_energy_offer(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OfferInput>,
) -> Result<Response, AppError> {
    let c = energy::add_offer(&state.db, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

/// The offer to publish as the winner.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct WinnerInput {
    #[schema(schema_with = kernel::validate::schema::no_nul)]
    pub offer_id: String,
}

#[utoipa::path(post, path = "/api/v1/groupbuy/energy/{id}/winner", operation_id = "publish_energy_offer", tag = "groupbuy", security(("bearer" = [])), params(("id" = String, Path)), request_body = WinnerInput,
    responses((status = 200, body = Campaign, description = "Published: each household may now decide"),
        (status = 403, description = "Not the campaign's organiser", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc),
        (status = 409, description = "The offers are not closed, or a winner is published already", body = web::openapi::ProblemDoc),
        (status = 422, description = "Not one of the campaign's offers", body = web::openapi::ProblemDoc)))]
async fn publish_energy_offer(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<WinnerInput>,
) -> Result<Json<Campaign>, AppError> {
    Ok(Json(
        energy::publish(&state.db, &member.id, &id, &input.offer_id).await?,
    ))
}

/// A household's choice.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[schema(as = EnergyDecisionInput)]
pub struct DecisionInput {
    /// True: subscribe to the winning offer (its details go to the supplier).
    pub subscribe: bool,
}

#[utoipa::path(put, path = "/api/v1/groupbuy/energy/{id}/decision", operation_id = "decide_energy_offer", tag = "groupbuy", security(("bearer" = [])), params(("id" = String, Path)), request_body = DecisionInput,
    responses((status = 200, body = Household, description = "The household's choice, with its estimated saving"),
        (status = 404, description = "No such campaign", body = web::openapi::ProblemDoc),
        (status = 409, description = "No winner published yet, or the member did not register", body = web::openapi::ProblemDoc)))]
async fn decide_energy_offer(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<Json<Household>, AppError> {
    Ok(Json(
        energy::decide(&state.db, &member.id, &id, input.subscribe).await?,
    ))
}
