//! The transparency log over HTTP, for `freeco verify` and any other client:
//! the public key, the signed checkpoint (C2SP signed note, as text), entries
//! as their exact canonical bytes, and inclusion and consistency proofs.
//! For people: the transparency page, with the latest movements and
//! decisions in words, and a page per entry.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use kernel::auth::RequestContext;
use kernel::i18n::Tr;
use kernel::{AppError, AppState, log};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::render::{Page, html};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/transparency", get(transparency_page))
        .route("/transparency/entries/{index}", get(entry_page))
}

/// The entries the page lists: movements of money and decisions. Ballot
/// receipts and counts of charter acceptances have their entry pages too.
const LISTED: [&str; 4] = [
    "ledger.transfer",
    "decision.result",
    "decision.allocation",
    "charter.adopted",
];
/// How many the page lists, at most, looking at so many latest entries.
const LISTED_MAX: usize = 30;
const LOOKED_AT: u64 = 300;

/// An entry as people read it: when, what, for how much. It tells part of
/// what the entry holds, all of it public, and leaves out what only lets
/// owners find their own entries (commitments, nonces, receipts): nothing
/// here names a member or ties two entries to one.
struct Readable {
    index: u64,
    at: i64,
    kind: String,
    detail: String,
    /// A movement's amount, in minor units, and currency.
    amount: Option<(i64, String)>,
}

fn readable(tr: &Tr, entry: &log::Entry) -> Readable {
    let v: Value = serde_json::from_str(&entry.body).unwrap_or_default();
    let kind = v["type"].as_str().unwrap_or_default();
    // Words for a code a module or a later version may bring: the code itself.
    let words = |key: String, code: &str| {
        if tr.has(&key) {
            tr.t(&key)
        } else {
            code.to_owned()
        }
    };
    let text = |field: &str| v[field].as_str().unwrap_or_default();
    let (kind, detail, amount) = match kind {
        "ledger.transfer" => (
            words(format!("log-transfer-{}", text("phase")), text("phase")),
            words(
                format!("transfer-code-{}", text("code").replace('.', "-")),
                text("code"),
            ),
            v["amount"]
                .as_i64()
                .map(|amount| (amount, text("currency").to_owned())),
        ),
        "decision.result" => {
            let method = v["method"]["kind"].as_str().unwrap_or_default();
            let ballots = v["ballots"].as_array().map_or(0, Vec::len).to_string();
            let method = words(format!("method-{method}"), method);
            let detail = tr.format(
                "log-decision-detail",
                &[("method", method.as_str()), ("count", ballots.as_str())],
            );
            (tr.t("log-decision-result"), detail, None)
        }
        "decision.allocation" => {
            let key = if v["approved"] == true {
                "log-allocation-approved"
            } else {
                "log-allocation-refused"
            };
            (tr.t("log-decision-allocation"), tr.t(key), None)
        }
        "charter.adopted" => (
            tr.t("log-charter-adopted"),
            tr.t1("log-charter-version", "version", &v["version"].to_string()),
            None,
        ),
        other => (
            words(format!("log-type-{}", other.replace('.', "-")), other),
            String::new(),
            None,
        ),
    };
    Readable {
        index: entry.index,
        at: entry.created_at,
        kind,
        detail,
        amount,
    }
}

#[derive(Template)]
#[template(path = "transparency.html")]
struct TransparencyPage {
    page: Page,
    checkpoint: tlog::Checkpoint,
    root: String,
    note: String,
    verifier_key: String,
    base_url: String,
    totals: Vec<(kernel::money::AccountKind, String, i64)>,
    /// The latest movements and decisions, newest first.
    latest: Vec<Readable>,
    /// The modules' public pages of figures: (path, message).
    reports: Vec<(&'static str, &'static str)>,
}

/// The public page of the transparency log and of the platform's own funds.
async fn transparency_page(
    State(state): State<AppState>,
    ctx: RequestContext,
) -> Result<Response, AppError> {
    let checkpoint = log::checkpoint(&state.db, &state.log_key).await?;
    let latest = log::latest(&state.db, LOOKED_AT)
        .await?
        .iter()
        .filter(|e| {
            let v: Value = serde_json::from_str(&e.body).unwrap_or_default();
            LISTED.contains(&v["type"].as_str().unwrap_or_default())
        })
        .take(LISTED_MAX)
        .map(|e| readable(&ctx.tr, e))
        .collect();
    Ok(html(&TransparencyPage {
        page: Page::titled(&ctx, "transparency-title"),
        root: B64.encode(checkpoint.root),
        note: state.log_key.sign(&checkpoint),
        verifier_key: state.log_key.verifier(),
        base_url: state
            .settings
            .base_url
            .as_str()
            .trim_end_matches('/')
            .to_owned(),
        totals: kernel::money::platform_totals(&state.db).await?,
        latest,
        reports: state
            .modules
            .iter()
            .flat_map(|m| m.transparency_links.iter().copied())
            .collect(),
        checkpoint,
    }))
}

#[derive(Template)]
#[template(path = "transparency_entry.html")]
struct EntryPage {
    page: Page,
    entry: Readable,
}

/// One entry in words, with its JSON a link away.
async fn entry_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(index): Path<String>,
) -> Result<Response, AppError> {
    let index: u64 = index.parse().map_err(|_| AppError::NotFound)?;
    let entry = readable(&ctx.tr, &log::entry(&state.db, index).await?);
    let title = ctx.tr.t1("log-entry-title", "index", &index.to_string());
    Ok(html(&EntryPage {
        page: Page::new(&ctx, title),
        entry,
    }))
}

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
