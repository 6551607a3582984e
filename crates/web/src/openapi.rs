//! The OpenAPI 3.1 description of `/api/v1`, served at `/api/openapi.json`.

use std::sync::Arc;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use kernel::AppState;
use kernel::module::Module;
use serde::Serialize;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::{api, bank, decisions, notification_pages, transparency, wallet};

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

/// Every error answer is `application/problem+json`. Rather than repeat the
/// refusals every operation shares on each handler, they are added here from
/// what the operation takes: a body can be malformed (400), too large (413),
/// of the wrong type (415) or invalid (422); a token can be missing (401) or
/// lack the rights (403, which includes a charter not yet accepted); an id can
/// be unknown (404); any request can be rate-limited (429), and any request
/// that sends an unknown or revoked token is refused (401), public or not.
struct ProblemResponses;

const PROBLEM_JSON: &str = "application/problem+json";

fn shared_refusals(op: &Operation) -> Vec<(u16, &'static str)> {
    let mut refusals = vec![
        (
            401,
            "Not signed in, or an unknown or revoked token was sent",
        ),
        (429, "Too many requests"),
        (500, "Internal error"),
    ];
    let has = |place: ParameterIn| {
        op.parameters
            .iter()
            .flatten()
            .any(|p| p.parameter_in == place)
    };
    if op.request_body.is_some() {
        refusals.extend([
            (400, "Malformed request body"),
            (413, "Request body too large"),
            (415, "Unsupported content type"),
            (422, "Invalid input"),
        ]);
    }
    if has(ParameterIn::Query) {
        refusals.extend([(400, "Malformed query"), (422, "Invalid query value")]);
    }
    if op.security.is_some() {
        refusals.push((
            403,
            "Not allowed, or the current charter is not accepted yet",
        ));
    }
    if has(ParameterIn::Path) {
        refusals.push((404, "Not found"));
    }
    refusals
}

impl Modify for ProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let problem = || Content::new(Some(Ref::from_schema_name("ProblemDoc")));
        for item in openapi.paths.paths.values_mut() {
            let ops = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for op in ops.into_iter().flatten() {
                for (status, description) in shared_refusals(op) {
                    op.responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| RefOr::T(Response::new(description)));
                }
                for (status, response) in op.responses.responses.iter_mut() {
                    if let (RefOr::T(response), true) = (response, status.as_str() >= "400") {
                        response.content.clear();
                        response.content.insert(PROBLEM_JSON.to_owned(), problem());
                    }
                }
            }
        }
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
        api::set_organisation_role, api::invite_to_organisation, api::organisation_invitation, api::accept_organisation_invitation, api::set_organisation_listed, api::list_collectives, api::create_collective, api::get_collective,
        api::update_collective, api::collective_members, api::update_collective_member, api::leave_collective,
        api::join_requests, api::request_join, api::decide_join_request, api::list_invitations, api::invite,
        api::revoke_invitation, api::list_colleges, api::create_college, api::update_college,
        api::delete_college, api::accept_invitation, transparency::key, transparency::checkpoint,
        transparency::entries, transparency::inclusion, transparency::consistency, wallet::show,
        wallet::statement, wallet::top_up, wallet::pay, wallet::pay_collective, wallet::treasury,
        bank::instructions, bank::withdraw, bank::my_payouts, bank::cancel, bank::treasury_payout,
        bank::collective_payouts, bank::approve, bank::refuse, bank::quote, bank::import, bank::lines,
        bank::match_line, bank::set_aside, bank::waiting, bank::batches, bank::create_batch,
        bank::batch_file, bank::mark_sent, decisions::create, decisions::list, decisions::show,
        decisions::cast, decisions::ballots, decisions::standing, decisions::close_early, decisions::awaiting, decisions::decide_allocation, decisions::set_rules, notification_pages::list, notification_pages::mark_read,
        notification_pages::preferences, notification_pages::set_preferences, notification_pages::my_skills,
        notification_pages::set_skills,
    )
)]
pub struct ApiDoc;

/// The whole API: the kernel's operations and the modules', each with the
/// refusals it shares with the others.
pub fn document(modules: &[Module]) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for module in modules {
        doc.merge((module.openapi)());
    }
    ProblemResponses.modify(&mut doc);
    doc
}

/// Serves the document, written once when the router is built.
pub fn routes(modules: &[Module]) -> Router<AppState> {
    let body: Arc<str> = serde_json::to_string(&document(modules))
        .expect("the API description serialises")
        .into();
    Router::new().route(
        "/api/openapi.json",
        get(move || async move {
            (
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
        }),
    )
}
