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
use utoipa_axum::router::OpenApiRouter;

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
)]
pub struct ApiDoc;

/// The kernel's operations and the modules', each route with its
/// description (see [`kernel::module::Module::api`]).
pub fn api(modules: &[Module]) -> OpenApiRouter<AppState> {
    let mut router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(api::api())
        .merge(transparency::api())
        .merge(wallet::api())
        .merge(bank::api())
        .merge(decisions::api())
        .merge(notification_pages::api());
    for module in modules {
        router = router.merge((module.api)());
    }
    router
}

/// The whole API's description, each operation with the refusals it
/// shares with the others.
pub fn document(modules: &[Module]) -> utoipa::openapi::OpenApi {
    let (_, doc) = api(modules).split_for_parts();
    finish(doc)
}

fn finish(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    ProblemResponses.modify(&mut doc);
    doc
}

/// The API's routes, and the route serving their description, written
/// once when the router is built.
pub fn routes(modules: &[Module]) -> Router<AppState> {
    let (router, doc) = api(modules).split_for_parts();
    let body: Arc<str> = serde_json::to_string(&finish(doc))
        .expect("the API description serialises")
        .into();
    router.route(
        "/api/openapi.json",
        get(move || async move {
            (
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
        }),
    )
}
