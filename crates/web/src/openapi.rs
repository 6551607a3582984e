//! The OpenAPI 3.1 description of `/api/v1`, served at `/api/openapi.json`.

use axum::routing::get;
use axum::{Json, Router};
use kernel::AppState;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::api;

/// An RFC 9457 problem: `type` is stable (`urn:freeco:problem:<code>`), `title` is translated.
#[derive(Serialize, ToSchema)]
pub struct ProblemDoc {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: Option<String>,
    pub instance: String,
    /// For invalid input: one entry per refused field.
    pub errors: Option<Vec<FieldProblemDoc>>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldProblemDoc {
    pub field: String,
    pub code: String,
    pub message: String,
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Freeco API", description = "The cooperative platform's API. Errors are RFC 9457 problem+json."),
    modifiers(&BearerAuth),
    paths(
        api::signup, api::confirm, api::forgot, api::reset, api::login_for_token, api::me, api::update_me,
        api::delete_me, api::export_me, api::list_tokens, api::create_token, api::revoke_token,
        api::current_charter, api::my_acceptances, api::accept_charter, api::list_organisations,
        api::create_organisation, api::get_organisation, api::update_organisation, api::organisation_members,
        api::set_organisation_member, api::list_collectives, api::create_collective, api::get_collective,
        api::update_collective, api::collective_members, api::update_collective_member, api::leave_collective,
        api::join_requests, api::request_join, api::decide_join_request, api::list_invitations, api::invite,
        api::revoke_invitation, api::list_colleges, api::create_college, api::update_college,
        api::delete_college, api::accept_invitation,
    )
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/api/openapi.json",
        get(|| async { Json(ApiDoc::openapi()) }),
    )
}
