//! The wallet over the JSON API: balance, statement, top-up through a
//! payment provider (only the demo one so far), and paying another member.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kernel::auth::{Active, SignedIn};
use kernel::money::StoredTransfer;
use kernel::payments::{DemoProvider, PaymentProvider};
use kernel::wallet::{self, StatementLine, TreasuryView, WalletView};
use kernel::{AppError, AppState, CollectiveId, MemberId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::api::ApiJson;

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(show))
        .routes(routes!(statement))
        .routes(routes!(top_up))
        .routes(routes!(pay))
        .routes(routes!(pay_collective))
        .routes(routes!(treasury))
}

/// A transfer just made (or found again, for a retry with the same id).
#[derive(Serialize, ToSchema)]
pub struct TransferDoc {
    /// Its place in the transparency log: `/api/v1/log/proof/inclusion?index=…`.
    pub log_index: i64,
    /// In minor units (cents).
    pub amount: u64,
    pub currency: String,
    pub code: String,
    pub reference: String,
}

fn created(t: StoredTransfer) -> Response {
    (
        StatusCode::CREATED,
        Json(TransferDoc {
            log_index: t.seq,
            amount: t.transfer.amount,
            currency: t.transfer.currency,
            code: t.transfer.code,
            reference: t.transfer.reference,
        }),
    )
        .into_response()
}

#[utoipa::path(get, path = "/api/v1/me/wallet", tag = "wallet", security(("bearer" = [])),
    responses((status = 200, body = WalletView)))]
pub(crate) async fn show(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<WalletView>, AppError> {
    Ok(Json(wallet::wallet(&state.db, &member.id).await?))
}

#[derive(Deserialize, IntoParams, Default)]
pub struct StatementQuery {
    /// How many lines, newest first (at most 1000).
    pub limit: Option<i64>,
    /// `in` or `out`; both when absent.
    pub direction: Option<String>,
    /// From this day (`YYYY-MM-DD`, the member's time zone), inclusive.
    pub from: Option<String>,
    /// To this day, inclusive.
    pub to: Option<String>,
}

impl StatementQuery {
    pub fn filter(&self) -> Result<wallet::StatementFilter, AppError> {
        let incoming = match self.direction.as_deref() {
            None | Some("") | Some("all") => None,
            Some("in") => Some(true),
            Some("out") => Some(false),
            Some(_) => return Err(AppError::field("direction", "error-direction")),
        };
        Ok(wallet::StatementFilter {
            incoming,
            from: self.from.clone(),
            to: self.to.clone(),
        })
    }
}

#[utoipa::path(get, path = "/api/v1/me/wallet/statement", tag = "wallet", security(("bearer" = [])), params(StatementQuery),
    responses((status = 200, body = [StatementLine])))]
pub(crate) async fn statement(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Query(q): Query<StatementQuery>,
) -> Result<Json<Vec<StatementLine>>, AppError> {
    let filter = q.filter()?;
    let lines = wallet::statement(
        &state.db,
        &member.id,
        &filter,
        &member.time_zone,
        q.limit.unwrap_or(100),
    );
    Ok(Json(lines.await?))
}

#[derive(Deserialize, ToSchema)]
pub struct TopUpInput {
    /// The client's idempotency key (1 to 64 letters, digits, `-` or `_`): a retry with the same key is not charged twice.
    #[schema(min_length = 1, max_length = 64, pattern = "^[A-Za-z0-9_-]+$")]
    pub id: String,
    /// A decimal amount, e.g. `20` or `12.50`.
    pub amount: String,
    /// `demo`: a provider that moves no real money, for the demo and tests.
    pub provider: String,
}

#[utoipa::path(post, path = "/api/v1/me/wallet/topups", tag = "wallet", security(("bearer" = [])), request_body = TopUpInput,
    responses((status = 201, body = TransferDoc), (status = 409, description = "Payment refused by the provider", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn top_up(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<TopUpInput>,
) -> Result<Response, AppError> {
    let provider: &dyn PaymentProvider = match input.provider.as_str() {
        "demo" => &DemoProvider,
        _ => return Err(AppError::field("provider", "error-provider-unknown")),
    };
    let amount = wallet::parse_amount(&input.amount)?;
    let done = wallet::top_up(&state.db, provider, &member.id, &input.id, amount).await?;
    Ok(created(done))
}

#[derive(Deserialize, ToSchema)]
pub struct PaymentInput {
    /// The client's idempotency key (1 to 64 letters, digits, `-` or `_`).
    #[schema(min_length = 1, max_length = 64, pattern = "^[A-Za-z0-9_-]+$")]
    pub id: String,
    /// The member paid.
    pub to_member: MemberId,
    /// A decimal amount, e.g. `5.50`.
    pub amount: String,
    /// Shown to both members (at most 140 characters).
    #[serde(default)]
    #[schema(max_length = 140)]
    pub message: String,
}

#[utoipa::path(post, path = "/api/v1/me/wallet/payments", tag = "wallet", security(("bearer" = [])), request_body = PaymentInput,
    responses((status = 201, body = TransferDoc), (status = 409, description = "Not enough money, or the id was used for another transfer", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn pay(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<PaymentInput>,
) -> Result<Response, AppError> {
    let amount = wallet::parse_amount(&input.amount)?;
    let done = wallet::pay_member(
        &state.db,
        &state.settings.fees,
        &member.id,
        &input.id,
        &input.to_member,
        amount,
        &input.message,
    )
    .await?;
    Ok(created(done))
}

#[derive(Deserialize, ToSchema)]
pub struct CollectivePaymentInput {
    /// The client's idempotency key (1 to 64 letters, digits, `-` or `_`).
    #[schema(min_length = 1, max_length = 64, pattern = "^[A-Za-z0-9_-]+$")]
    pub id: String,
    /// A collective the member belongs to.
    pub collective_id: CollectiveId,
    /// A decimal amount, e.g. `10` or `12.50`.
    pub amount: String,
    /// Shown on the treasury's movements (at most 140 characters).
    #[serde(default)]
    #[schema(max_length = 140)]
    pub message: String,
}

#[utoipa::path(post, path = "/api/v1/me/wallet/collective-payments", tag = "wallet", security(("bearer" = [])), request_body = CollectivePaymentInput,
    responses((status = 201, body = TransferDoc), (status = 409, description = "Not enough money, or the id was used for another transfer", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn pay_collective(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<CollectivePaymentInput>,
) -> Result<Response, AppError> {
    let amount = wallet::parse_amount(&input.amount)?;
    let done = wallet::pay_collective(
        &state.db,
        &state.settings.fees,
        &member.id,
        &input.id,
        &input.collective_id,
        amount,
        &input.message,
    )
    .await?;
    Ok(created(done))
}

#[utoipa::path(get, path = "/api/v1/collectives/{id}/treasury", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = TreasuryView)))]
pub(crate) async fn treasury(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<CollectiveId>,
) -> Result<Json<TreasuryView>, AppError> {
    Ok(Json(wallet::treasury(&state.db, &id, &member.id).await?))
}
