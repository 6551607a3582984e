//! Freeco's HTTP layer: the HTML shell and the kernel's pages, the JSON API
//! under `/api/v1`, its OpenAPI description, and operations endpoints.
//! Modules plug their own routers into [`app`].

mod api;
mod bank;
pub mod charts;
/// Text escaped for XML, as the charts and the market's documents write it.
pub use charts::esc as xml_escape;
mod decision_pages;
mod decisions;
mod errors;
mod money_pages;
mod notification_pages;
mod ops;
mod pages;
pub mod render;
pub mod runtime;
mod transparency;
pub mod uploads;
mod wallet;
pub mod who;

pub mod openapi;

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, SameSite};
use kernel::auth::{CSRF_COOKIE, RequestContext};
use kernel::flash::Flash;
use kernel::{AppError, AppState, MAX_BODY_BYTES};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use api::ApiJson;
pub use bank::WithdrawalInput;
pub use ops::install_metrics_recorder;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The whole application: kernel pages and API plus the routes of the
/// state's modules.
pub fn app(state: AppState) -> Router {
    let mut router = Router::new()
        .merge(pages::routes())
        .merge(transparency::routes())
        .merge(decision_pages::routes())
        .merge(notification_pages::routes())
        .merge(money_pages::routes())
        .merge(ops::routes())
        .merge(openapi::routes(state.modules));
    for module in state.modules {
        router = router.merge((module.routes)());
    }
    let security = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    };
    router
        .fallback(|| async { AppError::NotFound })
        // Inside the request context, which renders the 500 in the page's language.
        .layer(CatchPanicLayer::custom(
            |panic: Box<dyn std::any::Any + Send>| {
                let said = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                axum::response::IntoResponse::into_response(AppError::Internal(format!(
                    "a handler panicked: {said}"
                )))
            },
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            request_context,
        ))
        // Outside the request context: its bearer token is no member's.
        .route("/metrics", axum::routing::get(ops::prometheus))
        .layer(middleware::from_fn(ops::track_metrics))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(security("content-security-policy", CSP))
        .layer(security("x-content-type-options", "nosniff"))
        .layer(security("x-frame-options", "DENY"))
        .layer(security("referrer-policy", "same-origin"))
        .layer(security("cross-origin-opener-policy", "same-origin"))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req
                .headers()
                .get(REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("request", id, method = %req.method(), path = %req.uri().path())
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// Resolves who is asking and in which language, then renders any error the
/// handler returned in that language, as HTML or problem+json.
async fn request_context(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let ip = client_ip(peer, req.headers(), &state.settings.trusted_proxies)
        .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    let (mut parts, body) = req.into_parts();
    let ctx = match RequestContext::resolve(&state, &parts, ip).await {
        Ok(ctx) => ctx,
        Err(err) => {
            let fallback = errors::fallback_context(&state, &parts);
            return errors::render(&fallback, &parts, err);
        }
    };
    // PostgreSQL cannot store or compare text holding NUL: an id or a query
    // carrying one is refused here rather than failing in the database.
    if parts.uri.to_string().contains("%00") {
        return errors::render(&ctx, &parts, AppError::BadRequest("nul-character"));
    }
    // Browsers send cookies with API calls too: those must carry the CSRF header.
    if ctx.is_api && !ctx.via_token && ctx.member.is_some() && !parts.method.is_safe() {
        let header = parts
            .headers
            .get(kernel::auth::CSRF_HEADER)
            .and_then(|v| v.to_str().ok());
        if let Err(err) = ctx.check_csrf(header) {
            return errors::render(&ctx, &parts, err);
        }
    }
    parts.extensions.insert(ctx.clone());
    let req = Request::from_parts(parts, body);
    let (path, method) = (req.uri().path().to_owned(), req.method().clone());
    let mut response = next.run(req).await;
    if let Some(err) = errors::take_error(&mut response) {
        response = errors::render_for(&ctx, &path, &method, err);
    } else if response.status().is_client_error() || response.status().is_server_error() {
        response = errors::render_bare_status(&ctx, &path, &method, response);
    }
    let cookie = |base: &'static str, value: String| {
        Cookie::build((kernel::auth::cookie_name(&state.settings, base), value))
            .path("/")
            .http_only(true)
            .secure(state.settings.secure_cookies())
            .same_site(SameSite::Lax)
    };
    let mut cookies = Vec::new();
    if ctx.csrf_is_new && !ctx.is_api {
        cookies.push(cookie(CSRF_COOKIE, ctx.csrf.clone()).build());
    }
    // A form's message rides to the next page in a cookie, which that page,
    // once shown, clears.
    if let Some(flash) = response.extensions().get::<Flash>() {
        cookies.push(cookie(kernel::flash::COOKIE, flash.encode()).build());
    } else if ctx.flash.is_some() && is_page(&response) {
        let gone = cookie(kernel::flash::COOKIE, String::new());
        cookies.push(gone.max_age(cookie::time::Duration::ZERO).build());
    }
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// A page shown to a person (not a redirect, an asset or an API answer).
fn is_page(response: &Response) -> bool {
    !response.status().is_redirection()
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html"))
}

/// The client's address: the peer's, or, when the peer is one of our
/// trusted proxies, the nearest address in `X-Forwarded-For` that is not
/// one of them (each proxy appends the address it was reached from, so what
/// lies further left may be anything the client wrote).
pub(crate) fn client_ip(
    peer: Option<IpAddr>,
    headers: &axum::http::HeaderMap,
    trusted: &[ipnet::IpNet],
) -> Option<IpAddr> {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer?;
    if !is_trusted(&client) {
        return Some(client);
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in forwarded.iter().rev() {
        let Some(ip) = hop
            .parse::<IpAddr>()
            .ok()
            .or_else(|| hop.parse::<SocketAddr>().ok().map(|a| a.ip()))
        else {
            // Not an address: whoever wrote it is the one the last proxy saw.
            break;
        };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    Some(client)
}

/// Serves until `shutdown` resolves, finishing requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// How long a graceful shutdown waits for requests in flight.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(values: &[&str]) -> axum::http::HeaderMap {
        let mut headers = axum::http::HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", v.parse().unwrap());
        }
        headers
    }

    #[test]
    fn the_client_is_the_first_address_no_trusted_proxy_vouches_for() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let spoofed = forwarded(&["6.6.6.6, 203.0.113.7", "10.0.0.2"]);
        // Without a trusted peer, the header is ignored.
        assert_eq!(
            client_ip(Some(ip("198.51.100.1")), &spoofed, &trusted),
            Some(ip("198.51.100.1"))
        );
        // Behind two of our proxies, the client is what the outer one saw,
        // not what the client wrote further left.
        assert_eq!(
            client_ip(Some(ip("10.0.0.1")), &spoofed, &trusted),
            Some(ip("203.0.113.7"))
        );
        // No header: the proxy itself.
        assert_eq!(
            client_ip(Some(ip("10.0.0.1")), &forwarded(&[]), &trusted),
            Some(ip("10.0.0.1"))
        );
        // Garbage stops the walk at the hop that appended it.
        assert_eq!(
            client_ip(
                Some(ip("10.0.0.1")),
                &forwarded(&["nonsense, 10.0.0.3"]),
                &trusted
            ),
            Some(ip("10.0.0.3"))
        );
        assert_eq!(
            client_ip(
                Some(ip("10.0.0.1")),
                &forwarded(&["[2001:db8::1]:443"]),
                &trusted
            ),
            Some(ip("2001:db8::1"))
        );
        assert_eq!(client_ip(None, &spoofed, &trusted), None);
    }
}
