//! Renders every error in the request's language: problem+json (RFC 9457)
//! under `/api/`, an HTML page elsewhere. Handlers only return `AppError`.

use std::sync::Arc;

use askama::Template;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use kernel::auth::RequestContext;
use kernel::error::RenderableError;
use kernel::i18n::{Lang, Tr};
use kernel::{AppError, AppState};
use serde::Serialize;

use crate::render::{MessagePage, Page};

pub fn take_error(response: &mut Response) -> Option<Arc<AppError>> {
    response
        .extensions_mut()
        .remove::<RenderableError>()
        .map(|e| e.0)
}

pub fn render(ctx: &RequestContext, parts: &Parts, err: AppError) -> Response {
    if let AppError::Internal(detail) = &err {
        tracing::error!(%detail, "internal error before the handler");
    }
    render_for(ctx, parts.uri.path(), &parts.method, Arc::new(err))
}

/// A context for rendering an error when the request's own could not be resolved.
pub fn fallback_context(state: &AppState, parts: &Parts) -> RequestContext {
    let lang = parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or(Lang::Fr);
    RequestContext {
        member: None,
        lang,
        tr: Tr::new(state.i18n.clone(), lang),
        csrf: String::new(),
        csrf_is_new: false,
        via_token: false,
        is_api: parts.uri.path().starts_with("/api/"),
        ip: String::new(),
        path: parts.uri.path().to_owned(),
        unread: 0,
        modules: state.modules,
        flash: None,
        submitted: Default::default(),
    }
}

#[derive(Serialize)]
struct FieldProblem {
    field: &'static str,
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
}

#[derive(Serialize)]
struct Problem {
    #[serde(rename = "type")]
    kind: String,
    title: String,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    instance: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<FieldProblem>,
}

/// The stable `type` of a problem with this code.
pub fn problem_type(code: &str) -> String {
    format!("urn:freeco:problem:{code}")
}

fn title(tr: &Tr, code: &str) -> String {
    let key = format!("problem-{code}");
    if tr.has(&key) {
        tr.t(&key)
    } else {
        tr.t("problem-generic")
    }
}

pub fn render_for(
    ctx: &RequestContext,
    path: &str,
    method: &Method,
    err: Arc<AppError>,
) -> Response {
    let status = err.status();
    if ctx.is_api {
        return problem(ctx, path, status, err.code(), &err);
    }
    match *err {
        AppError::Unauthorized => {
            let next = if *method == Method::GET { path } else { "/" };
            Redirect::to(&format!(
                "/login?next={}",
                kernel::validate::urlencode(next)
            ))
            .into_response()
        }
        AppError::CharterNotAccepted => Redirect::to("/charter").into_response(),
        _ => {
            let mut lines: Vec<String> = err
                .field_errors()
                .iter()
                .map(|f| {
                    format!(
                        "{} — {}",
                        ctx.tr.t(&format!("field-{}", f.field)),
                        f.message(&ctx.tr)
                    )
                })
                .collect();
            if let AppError::InvalidBody(detail) = &*err {
                lines.push(detail.clone());
            }
            error_page(ctx, status, err.code(), lines)
        }
    }
}

fn problem(
    ctx: &RequestContext,
    path: &str,
    status: StatusCode,
    code: &str,
    err: &AppError,
) -> Response {
    let detail = match err {
        AppError::InvalidBody(detail) => Some(detail.clone()),
        AppError::BadRequest(_)
        | AppError::Conflict(_)
        | AppError::NotAllowed(_)
        | AppError::BodyTooLarge
        | AppError::NotJson
            if ctx.tr.has(code) =>
        {
            Some(ctx.tr.t(code))
        }
        _ => None,
    };
    let body = Problem {
        kind: problem_type(code),
        title: title(&ctx.tr, code),
        status: status.as_u16(),
        detail,
        instance: path.to_owned(),
        errors: err
            .field_errors()
            .iter()
            .map(|f| FieldProblem {
                field: f.field,
                code: f.key,
                message: f.message(&ctx.tr),
                line: f.line,
            })
            .collect(),
    };
    let json = serde_json::to_vec(&body).unwrap_or_default();
    (
        status,
        [
            (header::CONTENT_TYPE, "application/problem+json"),
            (header::CONTENT_LANGUAGE, ctx.lang.code()),
        ],
        json,
    )
        .into_response()
}

fn error_page(
    ctx: &RequestContext,
    status: StatusCode,
    code: &str,
    lines: Vec<String>,
) -> Response {
    let message_key = format!("error-page-{code}");
    // A refusal's own message (a conflict, a rule) says more than a generic page.
    let text = if ctx.tr.has(&message_key) {
        ctx.tr.t(&message_key)
    } else if ctx.tr.has(code) {
        ctx.tr.t(code)
    } else {
        String::new()
    };
    let page = MessagePage {
        page: Page::new(ctx, title(&ctx.tr, code)),
        text,
        lines,
        link: Some(("/".to_owned(), ctx.tr.t("nav-home"))),
    };
    match page.render() {
        Ok(html) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot render error page");
            status.into_response()
        }
    }
}

/// Errors produced outside our handlers (unknown route, wrong method, body
/// too large, axum's own rejections) get the same treatment as ours.
pub fn render_bare_status(
    ctx: &RequestContext,
    path: &str,
    method: &Method,
    response: Response,
) -> Response {
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("text/html") || content_type.starts_with("application/problem+json")
    {
        return response;
    }
    let err = match response.status() {
        StatusCode::NOT_FOUND => AppError::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => AppError::BadRequest("method-not-allowed"),
        StatusCode::PAYLOAD_TOO_LARGE => AppError::BodyTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::NotJson,
        StatusCode::UNAUTHORIZED => AppError::Unauthorized,
        StatusCode::FORBIDDEN => AppError::Forbidden,
        s if s.is_server_error() => AppError::Internal(format!("bare {s} response")),
        _ => AppError::BadRequest("bad-request"),
    };
    let status = response.status();
    let mut rendered = render_for(ctx, path, method, Arc::new(err));
    if !rendered.status().is_redirection() {
        *rendered.status_mut() = status;
    }
    rendered
}
