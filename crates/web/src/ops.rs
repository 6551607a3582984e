//! Operations: liveness, readiness, Prometheus metrics, static assets.

use std::sync::OnceLock;
use std::time::Instant;

use axum::Router;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kernel::AppState;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

static PROMETHEUS: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process-wide metrics recorder (once; later calls reuse it).
pub fn install_metrics_recorder() {
    PROMETHEUS.get_or_init(|| {
        let recorder = PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        // Fails only if another recorder is installed, in which case ours just stays unused.
        let _ = metrics::set_global_recorder(recorder);
        handle
    });
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/static/style.css", get(style))
        .route("/favicon.ico", get(favicon))
        .route("/static/verify.js", get(verify_script))
        .route("/static/decision-form.js", get(decision_form_script))
        .route("/static/copy.js", get(copy_script))
        .route("/static/favicon.svg", get(favicon))
}

async fn readyz(State(state): State<AppState>) -> Response {
    if state.db.ping().await {
        "ready".into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "database unreachable",
        )
            .into_response()
    }
}

/// The metrics say how the instance is used (routes, volumes, failures):
/// they are served to the machine itself, and to whoever holds
/// `FREECO_METRICS_TOKEN`. A request relayed by a proxy (one that says so
/// with `X-Forwarded-For` or `Forwarded`) is not the machine's own.
///
/// It is mounted outside the request context (a metrics token is no member's
/// bearer token), so it answers a refusal itself.
pub(crate) async fn prometheus(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let relayed =
        headers.contains_key("x-forwarded-for") || headers.contains_key(header::FORWARDED);
    let local = !relayed && peer.ip().is_loopback();
    let with_token = match (
        &state.settings.metrics_token,
        headers.get(header::AUTHORIZATION),
    ) {
        (Some(token), Some(given)) => given
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|v| {
                kernel::crypto::constant_time_eq(v.trim().as_bytes(), token.as_bytes())
            }),
        _ => false,
    };
    if !local && !with_token {
        let lang = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(kernel::i18n::Lang::from_accept_language)
            .unwrap_or(kernel::i18n::Lang::Fr);
        let text = state.i18n.format(lang, "metrics-private", &[]);
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            text,
        )
            .into_response();
    }
    let body = PROMETHEUS
        .get()
        .map(PrometheusHandle::render)
        .unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

async fn style() -> Response {
    asset("text/css", include_str!("../static/style.css"))
}

/// The in-browser check of a transfer's log entry (wallet page).
async fn verify_script() -> Response {
    asset("text/javascript", include_str!("../static/verify.js"))
}

/// The new-decision form's redisplay on choosing a method.
async fn decision_form_script() -> Response {
    asset(
        "text/javascript",
        include_str!("../static/decision-form.js"),
    )
}

/// The copy buttons (a ballot's receipt).
async fn copy_script() -> Response {
    asset("text/javascript", include_str!("../static/copy.js"))
}

/// Browsers ask for /favicon.ico whatever the page says; both names serve the SVG.
async fn favicon() -> Response {
    asset("image/svg+xml", include_str!("../static/favicon.svg"))
}

/// Counts requests and their durations by route template (not raw path, to bound cardinality).
pub async fn track_metrics(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().to_string();
    let start = Instant::now();
    let response = next.run(req).await;
    let labels = [
        ("method", method),
        ("route", route),
        ("status", response.status().as_u16().to_string()),
    ];
    metrics::counter!("freeco_http_requests_total", &labels).increment(1);
    metrics::histogram!("freeco_http_request_duration_seconds", &labels)
        .record(start.elapsed().as_secs_f64());
    response
}
