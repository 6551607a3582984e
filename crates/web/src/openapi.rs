//! The OpenAPI 3.1 description of `/api/v1`, served at `/api/openapi.json`.

use std::sync::Arc;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use kernel::AppState;
use kernel::decisions::MethodKind;
use kernel::module::Module;
use kernel::validate::schema::no_nul_pattern;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{
    AdditionalProperties, AnyOfBuilder, ArrayBuilder, ArrayItems, Object, ObjectBuilder, Schema,
    SchemaType, Type,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Components, Content, Ref, RefOr, Response};
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
    /// The line of an uploaded file (a CSV catalogue) it was read from.
    pub line: Option<u32>,
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

/// What the request bodies' own attributes cannot say, added once the
/// description is whole: the notification kinds the modules bring, the
/// rules that tie a body's fields together, and that no key or value of a
/// body may hold NUL, the extra keys a body may carry (and the server
/// ignores) included: `ApiJson` refuses NUL anywhere.
struct RequestRules {
    notification_kinds: Vec<&'static str>,
}

/// Any JSON value whose strings and keys hold no NUL character.
const NUL_FREE: &str = "NulFree";

impl Modify for RequestRules {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let bodies = request_body_schemas(openapi);
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        if let Some(kind) = property(components, "Preference", "kind") {
            kind.enum_values = Some(self.notification_kinds.iter().map(|&k| k.into()).collect());
            kind.max_length = None;
        }
        for (name, mut rules) in object_rules() {
            // A module's component is there only when the module runs.
            let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(name) else {
                continue;
            };
            let rule = match rules.len() {
                1 => ("anyOf", rules.remove(0)),
                _ => {
                    let each: Vec<Value> = rules.into_iter().map(|r| json!({"anyOf": r})).collect();
                    ("allOf", Value::from(each))
                }
            };
            // utoipa's model has no `anyOf` beside `properties`; its
            // extensions are written into the object as they are.
            object
                .extensions
                .get_or_insert_with(Default::default)
                .insert(rule.0.to_owned(), rule.1);
        }
        components
            .schemas
            .insert(NUL_FREE.to_owned(), nul_free().into());
        for name in bodies {
            if let Some(RefOr::T(schema)) = components.schemas.get_mut(&name) {
                each_object(schema, &mut |object| {
                    object.property_names = Some(Box::new(no_nul_string()));
                    object.additional_properties.get_or_insert_with(|| {
                        Box::new(AdditionalProperties::RefOr(RefOr::Ref(
                            Ref::from_schema_name(NUL_FREE),
                        )))
                    });
                });
            }
        }
    }
}

fn property<'c>(
    components: &'c mut Components,
    schema: &str,
    name: &str,
) -> Option<&'c mut Object> {
    match components.schemas.get_mut(schema)? {
        RefOr::T(Schema::Object(object)) => match object.properties.get_mut(name)? {
            RefOr::T(Schema::Object(property)) => Some(property),
            _ => None,
        },
        _ => None,
    }
}

/// Rules across fields, by component name: each is an `anyOf` (the model
/// has no `if`/`then`/`not`), several are an `allOf` of them.
fn object_rules() -> Vec<(&'static str, Vec<Value>)> {
    let kinds_but = |these: &[MethodKind]| -> Vec<&'static str> {
        MethodKind::ALL
            .iter()
            .filter(|k| !these.contains(k))
            .map(|k| k.code())
            .collect()
    };
    let kind_in = |kinds: Vec<&'static str>| json!({"properties": {"method": {"properties": {"kind": {"enum": kinds}}}}});
    let codes =
        |kinds: &[MethodKind]| -> Vec<&'static str> { kinds.iter().map(|k| k.code()).collect() };
    let (consent, consensus, majority) = (
        MethodKind::Consent,
        MethodKind::Consensus,
        MethodKind::Majority,
    );
    let (score, judgment, budget) = (MethodKind::Score, MethodKind::Judgment, MethodKind::Budget);
    let scale = |min: u32, max: u32| json!({"properties": {"method": {"properties": {"scale": {"type": ["integer", "null"], "minimum": min, "maximum": max}}}}});
    let ids = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
    vec![
        // Both coordinates or neither (`error-position-incomplete`).
        (
            "OrganisationInput",
            vec![json!([
                {"required": ["latitude", "longitude"],
                 "properties": {"latitude": {"type": "number"}, "longitude": {"type": "number"}}},
                {"properties": {"latitude": {"type": "null"}, "longitude": {"type": "null"}}},
            ])],
        ),
        // A new status, or the whole task.
        (
            "TaskChange",
            vec![json!([
                {"required": ["status"], "properties": {"status": ids("Status")}},
                {"required": ["task"], "properties": {"task": ids("TaskInput")}},
            ])],
        ),
        // A member, or else a bank account.
        (
            "TreasuryPayoutInput",
            vec![json!([
                {"required": ["to_member"], "properties": {"to_member": ids("MemberId")}},
                {"required": ["name", "iban"], "properties": {"to_member": {"type": "null"}}},
            ])],
        ),
        // Money needs its amount (`error-project-resource-amount`).
        (
            "Resource",
            vec![json!([
                {"properties": {"kind": {"enum": ["material", "place"]}}},
                {"required": ["amount"],
                 "properties": {"kind": {"enum": ["money"]},
                                "amount": {"type": "integer", "minimum": 1, "maximum": 100_000_000_000i64}}},
            ])],
        ),
        // A majority needs its options, "for" first.
        (
            "ValidationRequest",
            vec![json!([
                {"properties": {"method": {"enum": codes(&[consent, consensus])}}},
                {"required": ["options"],
                 "properties": {"method": {"enum": codes(&[majority])}, "options": {"minItems": 2}}},
            ])],
        ),
        // What each method needs (`decisions::check_input`).
        (
            "DecisionInput",
            vec![
                // Options to choose from, but for consent and consensus.
                json!([kind_in(codes(&[consent, consensus])), {"properties": {"options": {"minItems": 2}}}]),
                // The score's highest score, the judgment's number of grades.
                json!([kind_in(kinds_but(&[score])), scale(1, 100)]),
                json!([kind_in(kinds_but(&[judgment])), scale(2, 10)]),
                // A budget: its envelope, its total, and each proposal's cost.
                json!([
                    kind_in(kinds_but(&[budget])),
                    {"properties": {
                        "method": {"required": ["envelope", "budget"], "properties": {
                            "envelope": {"type": "integer", "minimum": 1},
                            "budget": {"type": "integer", "minimum": 1}}},
                        "options": {"items": {"required": ["cost"], "properties": {
                            "cost": {"type": "integer", "minimum": 1}}}}}},
                ]),
                // Money moves from a budget, to each proposal's recipient.
                json!([
                    {"properties": {"allocate": {"enum": [false]}}},
                    {"properties": {
                        "method": {"properties": {"kind": {"enum": codes(&[budget])}}},
                        "options": {"items": {"required": ["recipient"], "properties": {
                            "recipient": ids("Recipient")}}}}},
                ]),
                // A charter is adopted by a yes or no.
                json!([
                    {"properties": {"adopt_charter": {"type": "null"}}},
                    kind_in(codes(&[consent, consensus, majority])),
                ]),
            ],
        ),
    ]
}

fn no_nul_string() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(no_nul_pattern()))
        .build()
        .into()
}

fn nul_free() -> Schema {
    let itself = || RefOr::Ref(Ref::from_schema_name(NUL_FREE));
    AnyOfBuilder::new()
        .description(Some(
            "Any JSON value whose strings and keys hold no NUL character.",
        ))
        .item(ObjectBuilder::new().schema_type(SchemaType::Array(vec![
            Type::Null,
            Type::Boolean,
            Type::Number,
        ])))
        .item(no_nul_string())
        .item(ArrayBuilder::new().items(ArrayItems::RefOrSchema(Box::new(itself()))))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property_names(Some(no_nul_string()))
                .additional_properties(Some(AdditionalProperties::RefOr(itself()))),
        )
        .build()
        .into()
}

/// The components that request bodies name, and those they name in turn.
fn request_body_schemas(openapi: &utoipa::openapi::OpenApi) -> Vec<String> {
    let mut found = Vec::new();
    for item in openapi.paths.paths.values() {
        let ops = [&item.get, &item.post, &item.put, &item.patch, &item.delete];
        for body in ops
            .into_iter()
            .flatten()
            .filter_map(|op| op.request_body.as_ref())
        {
            for content in body.content.values() {
                if let Some(schema) = &content.schema {
                    names_in(schema, &mut found);
                }
            }
        }
    }
    let schemas = openapi.components.as_ref().map(|c| &c.schemas);
    let mut i = 0;
    while let Some(name) = found.get(i).cloned() {
        if let Some(schema) = schemas.and_then(|s| s.get(&name)) {
            names_in(schema, &mut found);
        }
        i += 1;
    }
    found
}

/// Adds the components `schema` refers to, once each.
fn names_in(schema: &RefOr<Schema>, found: &mut Vec<String>) {
    let schema = match schema {
        RefOr::Ref(reference) => {
            let name = reference.ref_location.strip_prefix("#/components/schemas/");
            if let Some(name) = name.filter(|name| !found.iter().any(|f| f == name)) {
                found.push(name.to_owned());
            }
            return;
        }
        RefOr::T(schema) => schema,
    };
    match schema {
        Schema::Object(object) => {
            object.properties.values().for_each(|p| names_in(p, found));
            if let Some(AdditionalProperties::RefOr(more)) = object.additional_properties.as_deref()
            {
                names_in(more, found);
            }
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &array.items {
                names_in(items, found);
            }
        }
        Schema::OneOf(one_of) => one_of.items.iter().for_each(|i| names_in(i, found)),
        Schema::AllOf(all_of) => all_of.items.iter().for_each(|i| names_in(i, found)),
        Schema::AnyOf(any_of) => any_of.items.iter().for_each(|i| names_in(i, found)),
        _ => {}
    }
}

/// Calls `f` on each object schema in `schema`: itself, or the objects it
/// is made of (a tagged enum's variants, a flattened struct's parts).
fn each_object(schema: &mut Schema, f: &mut impl FnMut(&mut Object)) {
    let items = match schema {
        Schema::Object(object) => {
            if object.schema_type == SchemaType::Type(Type::Object) {
                f(object);
            }
            return;
        }
        Schema::OneOf(one_of) => &mut one_of.items,
        Schema::AllOf(all_of) => &mut all_of.items,
        Schema::AnyOf(any_of) => &mut any_of.items,
        _ => return,
    };
    for item in items {
        if let RefOr::T(schema) = item {
            each_object(schema, f);
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
    finish(doc, modules)
}

fn finish(mut doc: utoipa::openapi::OpenApi, modules: &[Module]) -> utoipa::openapi::OpenApi {
    ProblemResponses.modify(&mut doc);
    let notification_kinds = kernel::notifications::kinds_of(modules)
        .iter()
        .map(|kind| kind.code)
        .collect();
    RequestRules { notification_kinds }.modify(&mut doc);
    doc
}

/// The API's routes, and the route serving their description, written
/// once when the router is built.
pub fn routes(modules: &[Module]) -> Router<AppState> {
    let (router, doc) = api(modules).split_for_parts();
    let body: Arc<str> = serde_json::to_string(&finish(doc, modules))
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
