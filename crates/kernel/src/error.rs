//! The one error type of request handlers.
//!
//! A handler returns `AppError`; its `IntoResponse` only sets the status and
//! attaches the error as a response extension. The web layer, which knows the
//! request's language and whether it is an API call, then renders it as an
//! HTML page or as RFC 9457 problem+json. So handlers never format errors.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A validation message attached to one input field. `key` names a Fluent
/// message; `line` is the line of an uploaded file (a CSV catalogue) the
/// field was read from.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
    pub line: Option<u32>,
    /// The message's variables, where it says figures of the refusal
    /// ("12.3 km away, the limit is 10").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    pub fn new(field: &'static str, key: &'static str) -> FieldError {
        FieldError {
            field,
            key,
            line: None,
            args: Vec::new(),
        }
    }

    /// The same error, its message given a variable.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> FieldError {
        self.args.push((name, value.into()));
        self
    }

    /// Its message in the reader's language.
    pub fn message(&self, tr: &crate::i18n::Tr) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        tr.format(self.key, &args)
    }

    /// The same error, read from line `line` of a file.
    pub fn at_line(self, line: u32) -> FieldError {
        FieldError {
            line: Some(line),
            ..self
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Forbidden for a reason worth telling (the key names the Fluent
    /// message and the problem type), e.g. only coordinators may do this.
    #[error("not allowed: {0}")]
    NotAllowed(&'static str),
    #[error("sign-in required")]
    Unauthorized,
    #[error("the current charter must be accepted first")]
    CharterNotAccepted,
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// A request that is well-formed but refused; the key names the Fluent message and the problem type.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// A body that cannot be read (malformed JSON, wrong type); the detail says why.
    #[error("invalid body: {0}")]
    InvalidBody(String),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A body over `MAX_BODY_BYTES`.
    #[error("body too large")]
    BodyTooLarge,
    /// A body that is not JSON where JSON is expected.
    #[error("unsupported content type")]
    NotJson,
    #[error("missing or wrong CSRF token")]
    Csrf,
    #[error("too many requests")]
    TooManyRequests,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn field(field: &'static str, key: &'static str) -> AppError {
        AppError::Validation(vec![FieldError::new(field, key)])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden
            | AppError::NotAllowed(_)
            | AppError::CharterNotAccepted
            | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) | AppError::InvalidBody(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable machine code: the last segment of the problem `type` URI.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not-found",
            AppError::Forbidden => "forbidden",
            AppError::Unauthorized => "unauthorized",
            AppError::CharterNotAccepted => "charter-not-accepted",
            AppError::Validation(_) => "validation",
            AppError::BadRequest(key) | AppError::Conflict(key) | AppError::NotAllowed(key) => key,
            AppError::InvalidBody(_) => "body-invalid",
            AppError::BodyTooLarge => "body-too-large",
            AppError::NotJson => "content-type-json",
            AppError::Csrf => "csrf-invalid",
            AppError::TooManyRequests => "too-many-requests",
            AppError::Internal(_) => "internal",
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Validation(errors) => errors,
            _ => &[],
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// Carried from a handler's response to the web layer's error renderer.
#[derive(Clone)]
pub struct RenderableError(pub Arc<AppError>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let mut response = self.status().into_response();
        response
            .extensions_mut()
            .insert(RenderableError(Arc::new(self)));
        response
    }
}

/// Collects field errors so a form reports all of them at once.
#[derive(Default, Debug)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &'static str, key: &'static str) {
        self.0.push(FieldError::new(field, key));
    }

    /// Records the error of `result` (if any) under `field`, returning the value.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, &'static str>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(key) => {
                self.add(field, key);
                None
            }
        }
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}
