//! The transparency log over HTTP, for `freeco verify` and any other client:
//! the public key, the signed checkpoint (C2SP signed note, as text), entries
//! as their exact canonical bytes, and inclusion and consistency proofs.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use kernel::{AppError, AppState, log};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(key))
        .routes(routes!(checkpoint))
        .routes(routes!(entries))
        .routes(routes!(inclusion))
        .routes(routes!(consistency))
}

#[derive(Serialize, ToSchema)]
pub struct LogKeyDoc {
    /// The log's name, first line of every checkpoint.
    pub origin: String,
    /// The Ed25519 public key as a C2SP verifier key: `name+keyid+base64(0x01 || key)`.
    pub verifier_key: String,
}

#[utoipa::path(get, path = "/api/v1/log/key", tag = "transparency", responses((status = 200, body = LogKeyDoc)))]
pub(crate) async fn key(State(state): State<AppState>) -> Json<LogKeyDoc> {
    Json(LogKeyDoc {
        origin: state.log_key.origin().to_owned(),
        verifier_key: state.log_key.verifier(),
    })
}

#[utoipa::path(get, path = "/api/v1/log/checkpoint", tag = "transparency",
    responses((status = 200, description = "The current checkpoint as a C2SP signed note: origin, size, base64 root, a blank line, the signature", content_type = "text/plain", body = String)))]
pub(crate) async fn checkpoint(State(state): State<AppState>) -> Result<Response, AppError> {
    let checkpoint = log::checkpoint(&state.db, &state.log_key).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        state.log_key.sign(&checkpoint),
    )
        .into_response())
}

#[derive(Deserialize, IntoParams)]
pub struct EntriesQuery {
    /// Index of the first entry.
    #[serde(default)]
    start: u64,
    /// How many entries, at most 10 000.
    limit: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct LogEntryDoc {
    pub index: u64,
    /// The entry's canonical JSON (RFC 8785) exactly as hashed: `SHA-256(0x00 || body)`.
    pub body: String,
}

#[derive(Serialize, ToSchema)]
pub struct LogEntriesDoc {
    pub entries: Vec<LogEntryDoc>,
}

#[utoipa::path(get, path = "/api/v1/log/entries", tag = "transparency", params(EntriesQuery),
    responses((status = 200, body = LogEntriesDoc)))]
pub(crate) async fn entries(
    State(state): State<AppState>,
    Query(q): Query<EntriesQuery>,
) -> Result<Json<LogEntriesDoc>, AppError> {
    // The schema says int64: larger numbers are refused, not clamped.
    let limit = q.limit.unwrap_or(log::MAX_PAGE);
    if i64::try_from(q.start).is_err() || i64::try_from(limit).is_err() {
        return Err(AppError::BadRequest("bad-request"));
    }
    let rows = log::entries(&state.db, q.start, limit).await?;
    Ok(Json(LogEntriesDoc {
        entries: rows
            .into_iter()
            .map(|(index, body)| LogEntryDoc { index, body })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ProofDoc {
    /// The proof's hashes, base64, in RFC 9162 order.
    pub hashes: Vec<String>,
}

fn proof_doc(hashes: Vec<tlog::Hash>) -> Json<ProofDoc> {
    Json(ProofDoc {
        hashes: hashes.iter().map(|h| B64.encode(h)).collect(),
    })
}

#[derive(Deserialize, IntoParams)]
pub struct InclusionQuery {
    index: u64,
    size: u64,
}

#[utoipa::path(get, path = "/api/v1/log/proof/inclusion", tag = "transparency", params(InclusionQuery),
    responses((status = 200, body = ProofDoc)))]
pub(crate) async fn inclusion(
    State(state): State<AppState>,
    Query(q): Query<InclusionQuery>,
) -> Result<Json<ProofDoc>, AppError> {
    Ok(proof_doc(
        log::inclusion_proof(&state.db, q.index, q.size).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct ConsistencyQuery {
    old: u64,
    new: u64,
}

#[utoipa::path(get, path = "/api/v1/log/proof/consistency", tag = "transparency", params(ConsistencyQuery),
    responses((status = 200, body = ProofDoc)))]
pub(crate) async fn consistency(
    State(state): State<AppState>,
    Query(q): Query<ConsistencyQuery>,
) -> Result<Json<ProofDoc>, AppError> {
    Ok(proof_doc(
        log::consistency_proof(&state.db, q.old, q.new).await?,
    ))
}
