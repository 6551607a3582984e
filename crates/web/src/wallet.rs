//! The wallet over the JSON API: balance, statement, top-up through a
//! payment provider (only the demo one so far), and paying another member.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kernel::auth::{Active, SignedIn};
use kernel::money::StoredTransfer;
use kernel::payments::{DemoProvider, PaymentProvider};
use kernel::validate::schema;
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
    #[param(schema_with = statement_direction)]
    pub direction: Option<String>,
    #[param(schema_with = statement_from)]
    pub from: Option<String>,
    #[param(schema_with = statement_to)]
    pub to: Option<String>,
}

kernel::described! {
    /// `in` or `out`; both when absent, empty or `all`.
    fn statement_direction = schema::codes(&["", "all", "in", "out"]);
    /// From this day (`YYYY-MM-DD`, the member's time zone), inclusive;
    /// absent or empty for no bound.
    fn statement_from = schema::date_or_empty();
    /// To this day, inclusive; absent or empty for no bound.
    fn statement_to = schema::date_or_empty();
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
    #[schema(schema_with = top_up_id)]
    pub id: String,
    #[schema(schema_with = top_up_amount)]
    pub amount: String,
    /// `demo`: a provider that moves no real money, for the demo and tests.
    #[schema(value_type = TopUpProvider)]
    pub provider: String,
}

// The providers `top_up` knows, for the API description; the field stays
// a string so that another value gets its message.

/// A payment provider.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
enum TopUpProvider {
    Demo,
}

kernel::described! {
    /// The client's idempotency key (1 to 64 letters, digits, `-` or `_`): a retry with the same key is not charged twice.
    fn top_up_id = schema::idempotency_key();
    /// A decimal amount, e.g. `20` or `12.50`.
    fn top_up_amount = schema::amount();
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
    #[schema(schema_with = crate::bank::idempotency_key)]
    pub id: String,
    /// The member paid.
    pub to_member: MemberId,
    #[schema(schema_with = payment_amount)]
    pub amount: String,
    #[serde(default)]
    #[schema(schema_with = payment_message)]
    pub message: String,
}

kernel::described! {
    /// A decimal amount, e.g. `5.50`.
    fn payment_amount = schema::amount();
    /// Shown to both members (at most 140 characters).
    fn payment_message = schema::line::<0, 140>();
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
    #[schema(schema_with = crate::bank::idempotency_key)]
    pub id: String,
    /// A collective the member belongs to.
    pub collective_id: CollectiveId,
    #[schema(schema_with = collective_payment_amount)]
    pub amount: String,
    #[serde(default)]
    #[schema(schema_with = collective_payment_message)]
    pub message: String,
}

kernel::described! {
    /// A decimal amount, e.g. `10` or `12.50`.
    fn collective_payment_amount = schema::amount();
    /// Shown on the treasury's movements (at most 140 characters).
    fn collective_payment_message = schema::line::<0, 140>();
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
