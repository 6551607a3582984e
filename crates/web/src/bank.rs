//! Money in and out through the bank over the JSON API: a member's transfer
//! reference and withdrawals, a collective's treasury payments, and the
//! instance treasurer's desk (statement import, matching, SEPA batches).

use axum::Json;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kernel::auth::{Active, SignedIn};
use kernel::bank::{
    self, BankLine, Destination, ImportReport, Payout, PayoutBatch, PayoutRequest,
    TransferInstructions,
};
use kernel::fees::{PaymentKind, Quote};
use kernel::validate::schema;
use kernel::{AppError, AppState, CollectiveId, MemberId};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::api::ApiJson;

/// A month of a small cooperative's account fits many times over.
pub const STATEMENT_MAX_BYTES: usize = 4 * 1024 * 1024;

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(instructions))
        .routes(routes!(my_payouts, withdraw))
        .routes(routes!(cancel))
        .routes(routes!(collective_payouts, treasury_payout))
        .routes(routes!(approve))
        .routes(routes!(refuse))
        .routes(routes!(quote))
        .routes(routes!(import))
        .routes(routes!(lines))
        .routes(routes!(match_line))
        .routes(routes!(set_aside))
        .routes(routes!(waiting))
        .routes(routes!(batches, create_batch))
        .routes(routes!(batch_file))
        .routes(routes!(mark_sent))
}

#[utoipa::path(get, path = "/api/v1/me/wallet/bank-transfer", tag = "bank", security(("bearer" = [])),
    responses((status = 200, body = TransferInstructions), (status = 409, description = "This instance has no bank account", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn instructions(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<TransferInstructions>, AppError> {
    let bank = state.settings.bank.as_ref();
    Ok(Json(bank::instructions(&state.db, bank, &member.id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct WithdrawalInput {
    #[schema(schema_with = idempotency_key)]
    pub id: String,
    #[schema(schema_with = holder_name)]
    pub name: String,
    #[schema(schema_with = sepa_iban)]
    pub iban: String,
    #[serde(default)]
    #[schema(schema_with = optional_bic)]
    pub bic: String,
    #[schema(schema_with = withdrawal_amount)]
    pub amount: String,
    #[schema(schema_with = bank_reason)]
    pub reason: String,
}

impl WithdrawalInput {
    /// The payout it asks for, to a bank account: from a wallet, or from an
    /// organisation's account.
    pub fn request(&self) -> Result<PayoutRequest<'_>, AppError> {
        Ok(PayoutRequest {
            client_id: &self.id,
            destination: Destination::Bank {
                name: &self.name,
                iban: &self.iban,
                bic: &self.bic,
            },
            amount: kernel::wallet::parse_amount(&self.amount)?,
            reason: &self.reason,
        })
    }
}

kernel::described! {
    /// The client's idempotency key (1 to 64 letters, digits, `-` or `_`).
    pub(crate) fn idempotency_key = schema::idempotency_key();
    /// The account holder's name.
    fn holder_name = schema::line::<2, 70>();
    /// An IBAN of the SEPA area.
    fn sepa_iban = schema::iban();
    /// Optional: blank for none.
    fn optional_bic = schema::bic();
    /// A decimal amount, e.g. `50`.
    fn withdrawal_amount = schema::amount();
    /// What the bank shows (2 to 140 characters).
    fn bank_reason = schema::line::<2, 140>();
}

fn created(p: Payout) -> Response {
    (StatusCode::CREATED, Json(p)).into_response()
}

#[utoipa::path(post, path = "/api/v1/me/payouts", tag = "bank", security(("bearer" = [])), request_body = WithdrawalInput,
    responses((status = 201, body = Payout), (status = 409, description = "Not enough money, or no bank account on this instance", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<WithdrawalInput>,
) -> Result<Response, AppError> {
    let request = input.request()?;
    let bank = state.settings.bank.as_ref();
    Ok(created(
        bank::request_wallet_payout(&state.db, bank, &member.id, &request).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/me/payouts", tag = "bank", security(("bearer" = [])),
    responses((status = 200, body = [Payout])))]
pub(crate) async fn my_payouts(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<Payout>>, AppError> {
    Ok(Json(bank::payouts_of(&state.db, &member.id).await?))
}

#[utoipa::path(post, path = "/api/v1/me/payouts/{id}/cancel", tag = "bank", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Payout), (status = 409, description = "Already sent or decided", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn cancel(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Payout>, AppError> {
    Ok(Json(bank::cancel_payout(&state.db, &member.id, &id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct TreasuryPayoutInput {
    #[schema(schema_with = idempotency_key)]
    pub id: String,
    /// A member of the collective, paid into its wallet; or else a bank account below.
    pub to_member: Option<MemberId>,
    #[serde(default)]
    #[schema(schema_with = schema::line::<2, 70>)]
    pub name: String,
    #[serde(default)]
    #[schema(schema_with = schema::iban)]
    pub iban: String,
    #[serde(default)]
    #[schema(schema_with = schema::bic)]
    pub bic: String,
    #[schema(schema_with = schema::amount)]
    pub amount: String,
    #[schema(schema_with = schema::line::<2, 140>)]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/collectives/{id}/payouts", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path)), request_body = TreasuryPayoutInput,
    responses((status = 201, body = Payout), (status = 409, description = "Not enough money in the treasury", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn treasury_payout(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<CollectiveId>,
    ApiJson(input): ApiJson<TreasuryPayoutInput>,
) -> Result<Response, AppError> {
    let destination = match input.to_member.as_ref() {
        Some(to) => Destination::Member(to),
        None => Destination::Bank {
            name: &input.name,
            iban: &input.iban,
            bic: &input.bic,
        },
    };
    let request = PayoutRequest {
        client_id: &input.id,
        destination,
        amount: kernel::wallet::parse_amount(&input.amount)?,
        reason: &input.reason,
    };
    let bank = state.settings.bank.as_ref();
    let payout = bank::request_treasury_payout(&state.db, bank, &member.id, &id, &request);
    Ok(created(payout.await?))
}

#[utoipa::path(get, path = "/api/v1/collectives/{id}/payouts", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Payout])))]
pub(crate) async fn collective_payouts(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<CollectiveId>,
) -> Result<Json<Vec<Payout>>, AppError> {
    Ok(Json(
        bank::payouts_of_collective(&state.db, &member.id, &id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/collectives/{id}/payouts/{payout}/approve", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path), ("payout" = String, Path)),
    responses((status = 200, body = Payout), (status = 409, description = "Already decided, or asked by the same person", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn approve(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, payout)): Path<(CollectiveId, String)>,
) -> Result<Json<Payout>, AppError> {
    let decided = bank::decide_payout(&state.db, &member.id, &id, &payout, true);
    Ok(Json(decided.await?))
}

#[utoipa::path(post, path = "/api/v1/collectives/{id}/payouts/{payout}/refuse", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path), ("payout" = String, Path)),
    responses((status = 200, body = Payout), (status = 409, description = "Already decided", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn refuse(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, payout)): Path<(CollectiveId, String)>,
) -> Result<Json<Payout>, AppError> {
    let decided = bank::decide_payout(&state.db, &member.id, &id, &payout, false);
    Ok(Json(decided.await?))
}

#[derive(Deserialize, IntoParams)]
pub struct QuoteQuery {
    /// `between_members` or `collective`.
    #[param(value_type = QuoteKind, inline)]
    pub kind: String,
    /// A decimal amount, e.g. `10`.
    #[param(value_type = schema::Amount, inline)]
    pub amount: String,
}

// The kinds `payment_kind` takes, for the API description; the field
// stays a string so that another value gets its message.

/// A kind of payment a fee is quoted for.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
enum QuoteKind {
    BetweenMembers,
    Collective,
}

#[utoipa::path(get, path = "/api/v1/fees/quote", tag = "wallet", params(QuoteQuery),
    responses((status = 200, body = Quote)))]
pub(crate) async fn quote(
    State(state): State<AppState>,
    Query(q): Query<QuoteQuery>,
) -> Result<Json<Quote>, AppError> {
    let kind = payment_kind(&q.kind)?;
    let amount = kernel::wallet::parse_amount(&q.amount)?;
    Ok(Json(state.settings.fees.quote(kind, amount.minor())))
}

pub(crate) fn payment_kind(text: &str) -> Result<PaymentKind, AppError> {
    match text {
        "between_members" => Ok(PaymentKind::BetweenMembers),
        "collective" => Ok(PaymentKind::Technical),
        _ => Err(AppError::field("kind", "error-payment-kind")),
    }
}

/// A camt.053 statement sent as XML.
pub struct StatementXml(pub String);

impl<S: Send + Sync> FromRequest<S> for StatementXml {
    type Rejection = AppError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let is_xml = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| matches!(v.trim(), "application/xml" | "text/xml"));
        if !is_xml {
            return Err(AppError::BadRequest("content-type-xml"));
        }
        let bytes = axum::body::to_bytes(req.into_body(), STATEMENT_MAX_BYTES)
            .await
            .map_err(|_| AppError::BodyTooLarge)?;
        String::from_utf8(bytes.to_vec())
            .map(StatementXml)
            .map_err(|_| AppError::field("statement", "error-camt-not-xml"))
    }
}

#[utoipa::path(post, path = "/api/v1/bank/statements", tag = "bank", security(("bearer" = [])),
    request_body(content = String, content_type = "application/xml", description = "A camt.053 statement of the instance's account"),
    responses((status = 201, body = ImportReport)))]
pub(crate) async fn import(
    State(state): State<AppState>,
    Active(member): Active,
    StatementXml(xml): StatementXml,
) -> Result<Response, AppError> {
    let bank = state.settings.bank.as_ref();
    let report = bank::import_statement(&state.db, bank, &member, &xml).await?;
    Ok((StatusCode::CREATED, Json(report)).into_response())
}

#[derive(Deserialize, IntoParams)]
pub struct LinesQuery {
    /// Only the lines still to decide.
    pub unmatched: Option<bool>,
}

#[utoipa::path(get, path = "/api/v1/bank/lines", tag = "bank", security(("bearer" = [])), params(LinesQuery),
    responses((status = 200, body = [BankLine])))]
pub(crate) async fn lines(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Query(q): Query<LinesQuery>,
) -> Result<Json<Vec<BankLine>>, AppError> {
    let only = q.unmatched.unwrap_or(false);
    Ok(Json(bank::lines(&state.db, &member, only).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct MatchInput {
    #[schema(schema_with = match_member)]
    pub member: String,
}

kernel::described! {
    /// The member's transfer reference (RF…) or e-mail address.
    fn match_member = schema::no_nul_len::<1, 254>();
}

#[utoipa::path(post, path = "/api/v1/bank/lines/{id}/match", tag = "bank", security(("bearer" = [])), params(("id" = String, Path)), request_body = MatchInput,
    responses((status = 204, description = "The member's wallet is credited"), (status = 409, description = "The line was already decided", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn match_line(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MatchInput>,
) -> Result<StatusCode, AppError> {
    bank::match_line(&state.db, &member, &id, &input.member).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct SetAsideInput {
    #[schema(schema_with = set_aside_note)]
    pub note: String,
}

kernel::described! {
    /// Why (refunded to the sender, a bank fee…), 2 to 200 characters.
    fn set_aside_note = schema::line::<2, 200>();
}

#[utoipa::path(post, path = "/api/v1/bank/lines/{id}/set-aside", tag = "bank", security(("bearer" = [])), params(("id" = String, Path)), request_body = SetAsideInput,
    responses((status = 204, description = "Set aside"), (status = 409, description = "The line was already decided", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn set_aside(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SetAsideInput>,
) -> Result<StatusCode, AppError> {
    bank::set_aside(&state.db, &member, &id, &input.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/bank/payouts", tag = "bank", security(("bearer" = [])),
    responses((status = 200, body = [Payout])))]
pub(crate) async fn waiting(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<Payout>>, AppError> {
    Ok(Json(bank::waiting_payouts(&state.db, &member).await?))
}

#[utoipa::path(get, path = "/api/v1/bank/batches", tag = "bank", security(("bearer" = [])),
    responses((status = 200, body = [PayoutBatch])))]
pub(crate) async fn batches(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<PayoutBatch>>, AppError> {
    Ok(Json(bank::batches(&state.db, &member).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct BatchInput {
    /// When the bank should execute it (`YYYY-MM-DD`, today or later).
    #[schema(format = Date, max_length = 10)]
    pub execution_date: String,
}

#[utoipa::path(post, path = "/api/v1/bank/batches", tag = "bank", security(("bearer" = [])), request_body = BatchInput,
    responses((status = 201, body = PayoutBatch), (status = 409, description = "No approved payout waits", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn create_batch(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<BatchInput>,
) -> Result<Response, AppError> {
    let bank = state.settings.bank.as_ref();
    let batch = bank::create_batch(&state.db, bank, &member, &input.execution_date).await?;
    Ok((StatusCode::CREATED, Json(batch)).into_response())
}

/// The batch's pain.001.001.03 file, as the bank takes it.
pub(crate) async fn batch_response(
    state: &AppState,
    member: &kernel::members::Member,
    id: &str,
) -> Result<Response, AppError> {
    let bank = state.settings.bank.as_ref();
    let xml = bank::batch_file(&state.db, bank, member, id).await?;
    let disposition = format!("attachment; filename=\"freeco-{id}.pain.001.xml\"");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/xml; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        xml,
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/bank/batches/{id}/pain.001.xml", tag = "bank", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, description = "A pain.001.001.03 file", content_type = "application/xml", body = String)))]
pub(crate) async fn batch_file(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    batch_response(&state, &member, &id).await
}

#[utoipa::path(post, path = "/api/v1/bank/batches/{id}/sent", tag = "bank", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = PayoutBatch), (status = 409, description = "Already marked as sent", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn mark_sent(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<PayoutBatch>, AppError> {
    Ok(Json(bank::mark_sent(&state.db, &member, &id).await?))
}
