//! The JSON API of a collective's expenses, under
//! `/api/v1/funding/collectives/{id}/expenses` and
//! `/api/v1/funding/expenses/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use kernel::auth::{Active, SignedIn};
use kernel::{AppError, AppState, CollectiveId};
use utoipa_axum::{router::OpenApiRouter, routes};
use web::ApiJson;

use crate::expenses::{self, Detail, Expense, ExpenseInput, RefusalInput, Verdict};
use crate::pots::PotDecisionInput;

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_expenses, submit_expense))
        .routes(routes!(show_expense))
        .routes(routes!(expense_receipt))
        .routes(routes!(approve_expense))
        .routes(routes!(refuse_expense))
        .routes(routes!(cancel_expense))
        .routes(routes!(put_expense_to_decision))
}

#[utoipa::path(get, path = "/api/v1/funding/collectives/{id}/expenses", operation_id = "list_expenses", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Expense], description = "The collective's expenses, newest first"),
        (status = 403, description = "Not a member of the collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such collective", body = web::openapi::ProblemDoc)))]
async fn list_expenses(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<Expense>>, AppError> {
    let collective = CollectiveId::from(id);
    kernel::collectives::get(&state.db, &collective).await?;
    Ok(Json(
        expenses::list(&state.db, &member.id, &collective).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/funding/collectives/{id}/expenses", operation_id = "submit_expense", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)), request_body = ExpenseInput,
    responses((status = 201, body = Detail, description = "Submitted, awaiting another treasurer's or coordinator's approval"),
        (status = 403, description = "Not a member of the collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such collective", body = web::openapi::ProblemDoc),
        (status = 422, description = "A receipt missing, unreadable or neither a photo nor a PDF; an amount out of bounds; a bank account that does not check, or none configured on this instance", body = web::openapi::ProblemDoc)))]
async fn submit_expense(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ExpenseInput>,
) -> Result<Response, AppError> {
    let collective = CollectiveId::from(id);
    kernel::collectives::get(&state.db, &collective).await?;
    let receipt = base64::engine::general_purpose::STANDARD
        .decode(input.receipt_base64.trim())
        .map_err(|_| AppError::field("receipt", "error-receipt-base64"))?;
    let bank = state.settings.bank.as_ref();
    let e = expenses::submit(&state.db, bank, &member.id, &collective, &input, receipt).await?;
    Ok((StatusCode::CREATED, Json(e)).into_response())
}

#[utoipa::path(get, path = "/api/v1/funding/expenses/{id}", operation_id = "show_expense", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Detail, description = "The expense; its bank details for its submitter and those who move the collective's money"),
        (status = 404, description = "No such expense in a collective of the member's", body = web::openapi::ProblemDoc)))]
async fn show_expense(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Detail>, AppError> {
    Ok(Json(expenses::get(&state.db, &member.id, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/funding/expenses/{id}/receipt", operation_id = "expense_receipt", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream", description = "The receipt: a JPEG or a PDF, as its Content-Type says"),
        (status = 403, description = "Neither its submitter nor a treasurer or coordinator of the collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such expense in a collective of the member's", body = web::openapi::ProblemDoc)))]
async fn expense_receipt(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (bytes, kind) = expenses::receipt(&state.db, &member.id, &id).await?;
    Ok(receipt_response(bytes, &kind, &id))
}

/// A receipt as a response: a photo shown, a PDF downloaded (never
/// rendered in the platform's origin), neither cached by shared caches.
pub fn receipt_response(bytes: Vec<u8>, kind: &str, id: &str) -> Response {
    let disposition = match kind {
        "application/pdf" => format!("attachment; filename=\"receipt-{id}.pdf\""),
        _ => format!("inline; filename=\"receipt-{id}.jpg\""),
    };
    (
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

async fn decide(
    state: &AppState,
    member: &kernel::MemberId,
    id: &str,
    verdict: Verdict,
    reason: &str,
) -> Result<Json<Detail>, AppError> {
    let bank = state.settings.bank.as_ref();
    Ok(Json(
        expenses::decide(&state.db, bank, member, id, verdict, reason).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/funding/expenses/{id}/approve", operation_id = "approve_expense", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Detail, description = "Approved: paid from the treasury into the submitter's wallet at once, or to its bank account with the next SEPA batch"),
        (status = 403, description = "Neither a treasurer nor a coordinator of the collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such expense in a collective of the member's", body = web::openapi::ProblemDoc),
        (status = 409, description = "One's own expense, one already decided, or a treasury short of it", body = web::openapi::ProblemDoc)))]
async fn approve_expense(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Detail>, AppError> {
    decide(&state, &member.id, &id, Verdict::Approve, "").await
}

#[utoipa::path(post, path = "/api/v1/funding/expenses/{id}/refuse", operation_id = "refuse_expense", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)), request_body = RefusalInput,
    responses((status = 200, body = Detail, description = "Refused, with the reason given"),
        (status = 403, description = "Neither a treasurer nor a coordinator of the collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such expense in a collective of the member's", body = web::openapi::ProblemDoc),
        (status = 409, description = "Already decided", body = web::openapi::ProblemDoc)))]
async fn refuse_expense(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RefusalInput>,
) -> Result<Json<Detail>, AppError> {
    decide(&state, &member.id, &id, Verdict::Refuse, &input.reason).await
}

#[utoipa::path(post, path = "/api/v1/funding/expenses/{id}/cancel", operation_id = "cancel_expense", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Detail, description = "Withdrawn by its submitter"),
        (status = 403, description = "Submitted by someone else", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such expense in a collective of the member's", body = web::openapi::ProblemDoc),
        (status = 409, description = "Already decided", body = web::openapi::ProblemDoc)))]
async fn cancel_expense(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Detail>, AppError> {
    decide(&state, &member.id, &id, Verdict::Cancel, "").await
}

#[utoipa::path(post, path = "/api/v1/funding/expenses/{id}/decision", operation_id = "put_expense_to_decision", tag = "funding", security(("bearer" = [])), params(("id" = String, Path)), request_body = PotDecisionInput,
    responses((status = 201, body = kernel::decisions::Decision, description = "The collective's decision, opened: the expense is approved and paid if it passes"),
        (status = 403, description = "Neither a treasurer nor a coordinator of the collective", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such expense in a collective of the member's", body = web::openapi::ProblemDoc),
        (status = 409, description = "Already decided, or already put to a decision", body = web::openapi::ProblemDoc),
        (status = 422, description = "A decision closing sooner than the collective's acting time, a question out of bounds…", body = web::openapi::ProblemDoc)))]
async fn put_expense_to_decision(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PotDecisionInput>,
) -> Result<Response, AppError> {
    let decision = expenses::put_to_decision(&state.db, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(decision)).into_response())
}
