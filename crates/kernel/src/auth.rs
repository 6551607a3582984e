//! Who is asking, in which language, and whether a form is genuine.
//!
//! The web layer resolves a `RequestContext` once per request (session cookie
//! or bearer token, language, CSRF token) and stores it in the request's
//! extensions; handlers take it through the extractors below.

use std::sync::{Arc, OnceLock};

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum_extra::extract::cookie::CookieJar;
use serde::de::DeserializeOwned;

use crate::crypto::{constant_time_eq, random_token};
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::members::Member;
use crate::{AppState, sessions, tokens};

/// The CSRF cookie of visitors not signed in (served over https, its
/// `__Host-` twin: see [`cookie_name`]).
pub const CSRF_COOKIE: &str = "freeco_csrf";
pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const LANG_COOKIE: &str = "freeco_lang";

#[derive(Clone)]
pub struct RequestContext {
    pub member: Option<Member>,
    pub lang: Lang,
    pub tr: Tr,
    /// The CSRF token forms of this response must carry.
    pub csrf: String,
    /// True when `csrf` is new and must be set as a cookie.
    pub csrf_is_new: bool,
    /// Authenticated by `Authorization: Bearer` rather than a cookie.
    pub via_token: bool,
    /// The request's path is under `/api/`.
    pub is_api: bool,
    pub ip: String,
    /// Path and query of the request, to come back to after a form.
    pub path: String,
    /// The signed-in member's unread notifications (pages only: the bell).
    pub unread: i64,
    /// The modules this instance runs (their navigation entries).
    pub modules: &'static [crate::module::Module],
    /// The message the previous form left for this page.
    pub flash: Option<crate::flash::Flash>,
    /// The fields of the form this request posted (set by [`CsrfForm`]), so
    /// a form shown again with errors keeps what the person typed.
    pub submitted: Arc<OnceLock<Vec<(String, String)>>>,
}

/// A cookie's name as this instance sets it: over https, with the
/// `__Host-` prefix, which browsers accept only from a secure origin, for
/// the whole site and no other domain, so a sibling subdomain or a plain
/// http page cannot plant one.
pub fn cookie_name(settings: &crate::settings::Settings, base: &'static str) -> &'static str {
    match (settings.secure_cookies(), base) {
        (true, sessions::COOKIE) => "__Host-freeco_session",
        (true, CSRF_COOKIE) => "__Host-freeco_csrf",
        (true, crate::flash::COOKIE) => "__Host-freeco_flash",
        _ => base,
    }
}

/// The CSRF token of a signed-in session, derived from the session's
/// secret: it changes at every sign-in, and is worth nothing without the
/// session it belongs to (nor can it be read off the database, which keeps
/// only the session's hash).
pub fn session_csrf(session_token: &str) -> String {
    crate::crypto::sha256_hex(format!("freeco-csrf\n{session_token}").as_bytes())
}

impl RequestContext {
    /// Reads the session or token, language and CSRF token of a request.
    pub async fn resolve(
        state: &AppState,
        parts: &Parts,
        ip: String,
    ) -> Result<RequestContext, AppError> {
        let jar = CookieJar::from_headers(&parts.headers);
        let is_api = parts.uri.path().starts_with("/api/");
        let bearer = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let session = jar
            .get(cookie_name(&state.settings, sessions::COOKIE))
            .map(|c| c.value().to_owned());
        let (member, via_token) = match bearer {
            Some(secret) => match tokens::member(&state.db, secret).await? {
                Some(member) => (Some(member), true),
                None => return Err(AppError::Unauthorized),
            },
            None => match &session {
                Some(token) => (sessions::member(&state.db, token).await?, false),
                None => (None, false),
            },
        };
        let lang = member
            .as_ref()
            .map(|m| m.locale)
            .or_else(|| jar.get(LANG_COOKIE).and_then(|c| Lang::parse(c.value())))
            .or_else(|| {
                parts
                    .headers
                    .get(axum::http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Lang::from_accept_language)
            })
            .unwrap_or(Lang::Fr);
        let unread = match &member {
            Some(m) if !is_api => crate::notifications::unread(&state.db, &m.id).await?,
            _ => 0,
        };
        // A signed-in browser's forms carry its session's token; before
        // signing in (the sign-in and sign-up forms), a random one kept in
        // a cookie, compared with the form's.
        let anonymous = || match jar
            .get(cookie_name(&state.settings, CSRF_COOKIE))
            .map(|c| c.value().to_owned())
        {
            Some(token) if token.len() >= 32 => (token, false),
            _ => (random_token(), true),
        };
        let (csrf, csrf_is_new) = match (&member, via_token, &session) {
            (Some(_), false, Some(token)) => (session_csrf(token), false),
            _ => anonymous(),
        };
        Ok(RequestContext {
            member,
            lang,
            tr: Tr::new(state.i18n.clone(), lang),
            csrf,
            csrf_is_new,
            via_token,
            is_api,
            ip,
            path: parts
                .uri
                .path_and_query()
                .map_or_else(|| "/".to_owned(), |p| p.to_string()),
            unread,
            modules: state.modules,
            flash: jar
                .get(cookie_name(&state.settings, crate::flash::COOKIE))
                .and_then(|c| crate::flash::Flash::decode(c.value())),
            submitted: Arc::default(),
        })
    }

    /// A request sent by a browser with its cookies must prove it comes from
    /// our own page; a bearer token cannot be sent by another site.
    pub fn check_csrf(&self, submitted: Option<&str>) -> Result<(), AppError> {
        if self.via_token {
            return Ok(());
        }
        if self.csrf_is_new {
            return Err(AppError::Csrf);
        }
        match submitted {
            Some(token) if constant_time_eq(token.as_bytes(), self.csrf.as_bytes()) => Ok(()),
            _ => Err(AppError::Csrf),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RequestContext>()
            .cloned()
            .ok_or_else(|| AppError::Internal("request context missing".into()))
    }
}

/// A signed-in member (who may not yet have accepted the charter: it can read).
pub struct SignedIn(pub Member);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ctx = RequestContext::from_request_parts(parts, state).await?;
        ctx.member.map(SignedIn).ok_or(AppError::Unauthorized)
    }
}

/// A member who accepted the current charter: the condition to act.
pub struct Active(pub Member);

impl<S: Send + Sync> FromRequestParts<S> for Active {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let SignedIn(member) = SignedIn::from_request_parts(parts, state).await?;
        if member.has_accepted_charter() {
            Ok(Active(member))
        } else {
            Err(AppError::CharterNotAccepted)
        }
    }
}

/// The collective a page names by its path's `{slug}`, with the role in it
/// of the member asking (`None`: signed out, or not a member). Pages of a
/// collective, the kernel's and the modules', take this rather than look the
/// slug up themselves; what a role allows is still checked by the kernel
/// function each calls. Unknown slug: 404.
pub struct InCollective {
    pub collective: crate::collectives::Collective,
    pub role: Option<crate::collectives::Role>,
}

impl FromRequestParts<AppState> for InCollective {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let params = axum::extract::RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let slug = params
            .iter()
            .find(|(name, _)| *name == "slug")
            .map(|(_, value)| value.to_owned())
            .ok_or(AppError::NotFound)?;
        let collective = crate::collectives::get_by_slug(&state.db, &slug).await?;
        let ctx = RequestContext::from_request_parts(parts, state).await?;
        let role = match &ctx.member {
            // The member's memberships are cached: no query on most pages.
            Some(member) => role_in(state, member, &collective).await?,
            None => None,
        };
        Ok(InCollective { collective, role })
    }
}

/// A group's page named by its path's `{id}`: a project's, whose id is its
/// group's (see the projects module). The group, if the signed-in member
/// may see it (403 for the others; unknown id: 404), with the member's role
/// in it (`None`: not a member). Module pages of a group take this rather
/// than look the group up and check who may see it themselves.
pub struct InGroup {
    pub group: crate::collectives::Collective,
    pub role: Option<crate::collectives::Role>,
}

impl FromRequestParts<AppState> for InGroup {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedIn(member) = SignedIn::from_request_parts(parts, state).await?;
        let params = axum::extract::RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let id = params
            .iter()
            .find(|(name, _)| *name == "id")
            .map(|(_, value)| crate::CollectiveId::from(value))
            .ok_or(AppError::NotFound)?;
        let group = crate::collectives::get(&state.db, &id).await?;
        if !crate::collectives::may_see(&state.db, &group, &member.id).await? {
            return Err(AppError::Forbidden);
        }
        let role = role_in(state, &member, &group).await?;
        Ok(InGroup { group, role })
    }
}

/// The member's current role in `collective`, from its cached memberships.
async fn role_in(
    state: &AppState,
    member: &Member,
    collective: &crate::collectives::Collective,
) -> Result<Option<crate::collectives::Role>, AppError> {
    Ok(crate::collectives::memberships_of(&state.db, &member.id)
        .await?
        .into_iter()
        .find(|m| m.collective_id == collective.id && m.left_at.is_none())
        .map(|m| m.role))
}

/// As [`InCollective`], for its members only: 403 for anyone else.
pub struct MemberOf {
    pub collective: crate::collectives::Collective,
    pub role: crate::collectives::Role,
}

impl FromRequestParts<AppState> for MemberOf {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        SignedIn::from_request_parts(parts, state).await?;
        let InCollective { collective, role } =
            InCollective::from_request_parts(parts, state).await?;
        let role = role.ok_or(AppError::Forbidden)?;
        Ok(MemberOf { collective, role })
    }
}

/// An `application/x-www-form-urlencoded` body whose `csrf` field matches the
/// visitor's CSRF cookie. Malformed bodies are a 400 with a readable message.
pub struct CsrfForm<T>(pub T);

#[derive(serde::Deserialize)]
struct CsrfOnly {
    csrf: Option<String>,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let ctx = RequestContext::from_request_parts(&mut parts, state).await?;
        let is_form = parts
            .headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest("content-type-form"));
        }
        let bytes = axum::body::to_bytes(body, crate::MAX_BODY_BYTES)
            .await
            .map_err(|_| AppError::BodyTooLarge)?;
        // PostgreSQL cannot store or compare text holding NUL (`%00` in a form).
        if bytes.windows(3).any(|w| w == b"%00") {
            return Err(AppError::BadRequest("nul-character"));
        }
        let CsrfOnly { csrf } = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadRequest("form-malformed"))?;
        ctx.check_csrf(csrf.as_deref())?;
        if let Ok(fields) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes) {
            let kept = fields
                .into_iter()
                .filter(|(name, _)| name != CSRF_FIELD && !name.contains("password"))
                .collect();
            let _ = ctx.submitted.set(kept);
        }
        let value = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadRequest("form-malformed"))?;
        Ok(CsrfForm(value))
    }
}
