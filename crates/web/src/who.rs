//! Who asks a module's page, and with what: the state, the request's
//! context and the signed-in member. Pages take [`Who`]; those that act
//! take [`Acting`], the same for a member who accepted the charter (the
//! condition to act).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use kernel::auth::{Active, RequestContext, SignedIn};
use kernel::members::Member;
use kernel::{AppError, AppState};

pub struct Who {
    pub state: AppState,
    pub ctx: RequestContext,
    pub member: Member,
}

impl FromRequestParts<AppState> for Who {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Who, AppError> {
        let ctx = RequestContext::from_request_parts(parts, state).await?;
        let SignedIn(member) = SignedIn::from_request_parts(parts, state).await?;
        Ok(Who {
            state: state.clone(),
            ctx,
            member,
        })
    }
}

pub struct Acting(pub Who);

impl FromRequestParts<AppState> for Acting {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Acting, AppError> {
        Active::from_request_parts(parts, state).await?;
        Who::from_request_parts(parts, state).await.map(Acting)
    }
}
