//! The JSON API of regular orders: the member's own, under
//! `/api/v1/me/market/regular-orders` and `/api/v1/market/regular-orders`.
//! Merged into the module's API router.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kernel::auth::{Active, SignedIn};
use kernel::{AppError, AppState};
use utoipa_axum::{router::OpenApiRouter, routes};
use web::ApiJson;

use crate::regular::{self, RegularInput, RegularOrder};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_regular_orders))
        .routes(routes!(create_regular_order))
        .routes(routes!(show_regular_order, update_regular_order))
        .routes(routes!(pause_regular_order))
        .routes(routes!(resume_regular_order))
        .routes(routes!(skip_regular_order))
        .routes(routes!(end_regular_order))
}

#[utoipa::path(get, path = "/api/v1/me/market/regular-orders", operation_id = "my_regular_orders", tag = "market", security(("bearer" = [])),
    responses((status = 200, body = [RegularOrder], description = "The member's regular orders, the running ones first, each with what happened in each cycle")))]
async fn my_regular_orders(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<RegularOrder>>, AppError> {
    Ok(Json(regular::of_member(&state.db, &member.id).await?))
}

#[utoipa::path(post, path = "/api/v1/market/shops/{id}/regular-orders", operation_id = "create_regular_order", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = RegularInput,
    responses((status = 201, body = RegularOrder, description = "Made, active: placed in each cycle of the shop that opens from its first day"),
        (status = 404, description = "No such shop", body = web::openapi::ProblemDoc),
        (status = 422, description = "A quantity out of bounds, a product the shop does not sell, the last day before the first…", body = web::openapi::ProblemDoc)))]
async fn create_regular_order(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RegularInput>,
) -> Result<Response, AppError> {
    let r = regular::create(&state.db, &state.settings.fees, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

#[utoipa::path(get, path = "/api/v1/market/regular-orders/{id}", operation_id = "show_regular_order", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = RegularOrder), (status = 404, description = "No such regular order of the member's", body = web::openapi::ProblemDoc)))]
async fn show_regular_order(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<RegularOrder>, AppError> {
    Ok(Json(regular::get(&state.db, &member.id, &id).await?))
}

#[utoipa::path(put, path = "/api/v1/market/regular-orders/{id}", operation_id = "update_regular_order", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = RegularInput,
    responses((status = 200, body = RegularOrder, description = "Its products, place and days changed, for the cycles that open from now"),
        (status = 404, description = "No such regular order of the member's", body = web::openapi::ProblemDoc),
        (status = 409, description = "Ended", body = web::openapi::ProblemDoc),
        (status = 422, description = "A quantity out of bounds, a product the shop does not sell, the last day before the first…", body = web::openapi::ProblemDoc)))]
async fn update_regular_order(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RegularInput>,
) -> Result<Json<RegularOrder>, AppError> {
    Ok(Json(
        regular::update(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/regular-orders/{id}/pause", operation_id = "pause_regular_order", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = RegularOrder, description = "Paused: no cycle places it until it resumes"),
        (status = 404, description = "No such regular order of the member's", body = web::openapi::ProblemDoc),
        (status = 409, description = "Not active", body = web::openapi::ProblemDoc)))]
async fn pause_regular_order(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<RegularOrder>, AppError> {
    Ok(Json(regular::pause(&state.db, &member.id, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/market/regular-orders/{id}/resume", operation_id = "resume_regular_order", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = RegularOrder, description = "Active again, from the next cycle that opens"),
        (status = 404, description = "No such regular order of the member's", body = web::openapi::ProblemDoc),
        (status = 409, description = "Not paused", body = web::openapi::ProblemDoc)))]
async fn resume_regular_order(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<RegularOrder>, AppError> {
    Ok(Json(regular::resume(&state.db, &member.id, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/market/regular-orders/{id}/skip", operation_id = "skip_regular_order", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = RegularOrder, description = "The next cycle it would be placed in is skipped, that one only"),
        (status = 404, description = "No such regular order of the member's", body = web::openapi::ProblemDoc),
        (status = 409, description = "Ended", body = web::openapi::ProblemDoc)))]
async fn skip_regular_order(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<RegularOrder>, AppError> {
    Ok(Json(regular::skip(&state.db, &member.id, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/market/regular-orders/{id}/end", operation_id = "end_regular_order", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = RegularOrder, description = "Ended for good; an order already placed stays, to change or cancel as any order"),
        (status = 404, description = "No such regular order of the member's", body = web::openapi::ProblemDoc),
        (status = 409, description = "Already ended", body = web::openapi::ProblemDoc)))]
async fn end_regular_order(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<RegularOrder>, AppError> {
    Ok(Json(regular::end(&state.db, &member.id, &id).await?))
}
