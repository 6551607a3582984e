//! The JSON API under `/api/v1`: everything the pages do, for scripts and apps.
//! Authenticate with `Authorization: Bearer fco_…` (a personal token).

use axum::Json;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kernel::auth::{Active, RequestContext, SignedIn};
use kernel::charter::{self, Acceptance, CharterVersion};
use kernel::collectives::{
    self, Collective, CollectiveInput, CollectiveMember, College, CollegeInput, CreatedInvitation,
    Invitation, JoinRequest, Role,
};
use kernel::members::{
    self, EmailChangeInput, Member, PasswordChangeInput, ProfileInput, SignupInput,
};
use kernel::organisations::{self, OrgRole, Organisation, OrganisationInput, OrganisationMember};
use kernel::tokens::{self, ApiToken, CreatedToken, NewTokenInput};
use kernel::validate::schema;
use kernel::{AppError, AppState, CollectiveId, MAX_BODY_BYTES, MemberId};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(signup))
        .routes(routes!(confirm))
        .routes(routes!(forgot))
        .routes(routes!(reset))
        .routes(routes!(login_for_token))
        .routes(routes!(me, update_me, delete_me))
        .routes(routes!(export_me))
        .routes(routes!(change_password))
        .routes(routes!(change_email))
        .routes(routes!(confirm_email))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(current_charter))
        .routes(routes!(my_acceptances, accept_charter))
        .routes(routes!(list_organisations, create_organisation))
        .routes(routes!(get_organisation, update_organisation))
        .routes(routes!(organisation_members))
        .routes(routes!(set_organisation_role))
        .routes(routes!(invite_to_organisation))
        .routes(routes!(set_organisation_listed))
        .routes(routes!(organisation_invitation))
        .routes(routes!(accept_organisation_invitation))
        .routes(routes!(list_collectives, create_collective))
        .routes(routes!(get_collective, update_collective))
        .routes(routes!(collective_members))
        .routes(routes!(update_collective_member))
        .routes(routes!(leave_collective))
        .routes(routes!(join_requests, request_join))
        .routes(routes!(decide_join_request))
        .routes(routes!(list_invitations, invite))
        .routes(routes!(revoke_invitation))
        .routes(routes!(list_colleges, create_college))
        .routes(routes!(update_college, delete_college))
        .routes(routes!(accept_invitation))
}

/// A JSON object body: a wrong content type is a 415 problem, malformed JSON a 400 naming the cause.
/// A number with no fraction is read as an integer, `80.0` as `80` (see
/// [`integral_floats_as_integers`]).
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                let v = v.trim();
                v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
            });
        if !is_json {
            return Err(AppError::NotJson);
        }
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| AppError::BodyTooLarge)?;
        // serde would also read a struct from a JSON array; every body here is an object.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(AppError::InvalidBody("expected a JSON object".to_owned()));
        }
        let mut value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| AppError::InvalidBody(e.to_string()))?;
        // PostgreSQL cannot store or compare text holding NUL: refuse it here,
        // whatever the field, rather than failing in the database.
        if has_nul(&value) {
            return Err(AppError::BadRequest("nul-character"));
        }
        integral_floats_as_integers(&mut value);
        serde_json::from_value(value)
            .map(ApiJson)
            .map_err(|e| AppError::InvalidBody(e.to_string()))
    }
}

/// Turns every number with no fraction that fits an `i64` or a `u64` into
/// that integer. JSON Schema counts `80.0` as an integer, so a client that
/// checks its body against the API description may well send it where an
/// integer is expected, and serde would refuse it ("invalid type: floating
/// point"). Fields that take a float read an integer just as well.
fn integral_floats_as_integers(value: &mut serde_json::Value) {
    use serde_json::{Number, Value};
    match value {
        Value::Number(n) => {
            let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0) else {
                return;
            };
            // 2^63 and 2^64, exactly: the first float past each range.
            const I64_END: f64 = 9_223_372_036_854_775_808.0;
            const U64_END: f64 = 18_446_744_073_709_551_616.0;
            if (-I64_END..I64_END).contains(&f) {
                *n = Number::from(f as i64);
            } else if (0.0..U64_END).contains(&f) {
                *n = Number::from(f as u64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(map) => map.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

/// Whether any string (or key) in a JSON value holds a NUL character.
fn has_nul(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(has_nul),
        serde_json::Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
        _ => false,
    }
}

type ApiResult<T> = Result<Json<T>, AppError>;

fn created<T: Serialize>(value: T) -> Response {
    (StatusCode::CREATED, Json(value)).into_response()
}

fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    /// Always true: the answer does not say whether the address is registered.
    pub accepted: bool,
}

#[utoipa::path(post, path = "/api/v1/auth/signup", tag = "account", request_body = SignupInput,
    responses((status = 202, body = Accepted), (status = 422, description = "Invalid input", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn signup(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiJson(input): ApiJson<SignupInput>,
) -> Result<Response, AppError> {
    members::signup(&state.members_ctx(), &input, ctx.lang, &ctx.ip).await?;
    Ok((StatusCode::ACCEPTED, Json(Accepted { accepted: true })).into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct ConfirmInput {
    #[schema(schema_with = confirm_token)]
    pub token: String,
    #[schema(schema_with = confirm_password)]
    pub password: String,
}

kernel::described! {
    /// The token of the link the confirmation mail carries.
    fn confirm_token = schema::no_nul();
    /// The password given at sign-up: the link alone does not confirm.
    fn confirm_password = schema::no_nul();
}

/// Confirms an address with the mailed link's token and the account's
/// password (the latest sign-up's, for an address signed up several times).
#[utoipa::path(post, path = "/api/v1/auth/confirm", tag = "account", request_body = ConfirmInput,
    responses((status = 204, description = "Address confirmed"), (status = 400, description = "The link is invalid or has expired", body = crate::openapi::ProblemDoc), (status = 422, description = "Not this account's password", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn confirm(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<ConfirmInput>,
) -> Result<Response, AppError> {
    members::confirm_email(&state.db, &input.token, &input.password).await?;
    Ok(no_content())
}

#[derive(Deserialize, ToSchema)]
pub struct EmailInput {
    #[schema(schema_with = schema::email)]
    pub email: String,
}

#[utoipa::path(post, path = "/api/v1/auth/password/forgot", tag = "account", request_body = EmailInput,
    responses((status = 202, body = Accepted), (status = 422, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn forgot(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiJson(input): ApiJson<EmailInput>,
) -> Result<Response, AppError> {
    members::request_password_reset(&state.members_ctx(), &input.email, &ctx.ip).await?;
    Ok((StatusCode::ACCEPTED, Json(Accepted { accepted: true })).into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct ResetInput {
    #[schema(schema_with = schema::no_nul)]
    pub token: String,
    #[schema(schema_with = schema::password)]
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/auth/password/reset", tag = "account", request_body = ResetInput,
    responses((status = 204, description = "Password changed; every session and API token of the member ended, and every other reset link"), (status = 400, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn reset(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<ResetInput>,
) -> Result<Response, AppError> {
    members::reset_password(&state.members_ctx(), &input.token, &input.password).await?;
    Ok(no_content())
}

#[derive(Deserialize, ToSchema)]
pub struct CredentialsInput {
    #[schema(schema_with = schema::email)]
    pub email: String,
    #[schema(schema_with = schema::no_nul)]
    pub password: String,
    #[schema(schema_with = token_name)]
    pub name: String,
}

kernel::described! {
    /// A name to recognise the token by.
    fn token_name = schema::line::<1, 80>();
}

/// Exchanges credentials for a new personal API token (rate-limited like sign-in).
#[utoipa::path(post, path = "/api/v1/auth/tokens", tag = "account", request_body = CredentialsInput,
    responses((status = 201, body = CreatedToken), (status = 400, body = crate::openapi::ProblemDoc), (status = 429, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn login_for_token(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiJson(input): ApiJson<CredentialsInput>,
) -> Result<Response, AppError> {
    let member_id =
        members::login(&state.members_ctx(), &input.email, &input.password, &ctx.ip).await?;
    Ok(created(
        tokens::create(&state.db, &member_id, &input.name).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/me", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = Member), (status = 401, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn me(SignedIn(member): SignedIn) -> Json<Member> {
    Json(member)
}

#[utoipa::path(patch, path = "/api/v1/me", tag = "account", security(("bearer" = [])), request_body = ProfileInput,
    responses((status = 200, body = Member), (status = 422, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn update_me(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    ApiJson(input): ApiJson<ProfileInput>,
) -> ApiResult<Member> {
    Ok(Json(
        members::update_profile(&state.db, &member.id, &input).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordInput {
    #[schema(schema_with = schema::no_nul)]
    pub password: String,
}

/// Erases the account's personal data (the password confirms it).
#[utoipa::path(delete, path = "/api/v1/me", tag = "account", security(("bearer" = [])), request_body = PasswordInput,
    responses((status = 204, description = "Erased"), (status = 422, body = crate::openapi::ProblemDoc), (status = 409, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn delete_me(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    ApiJson(input): ApiJson<PasswordInput>,
) -> Result<Response, AppError> {
    members::erase(&state.db, state.modules, &member.id, &input.password).await?;
    Ok(no_content())
}

#[utoipa::path(get, path = "/api/v1/me/export", tag = "account", security(("bearer" = [])),
    responses((status = 200, description = "All personal data", body = Object)))]
pub(crate) async fn export_me(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> ApiResult<serde_json::Value> {
    Ok(Json(
        members::export(&state.db, state.modules, &member.id).await?,
    ))
}

/// Changes the password, the current one given. Every browser session of
/// the member ends but the one sending the request (none, with a bearer
/// token); API tokens stay.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "account", security(("bearer" = [])), request_body = PasswordChangeInput,
    responses((status = 204, description = "Password changed; the member's other sessions ended"), (status = 422, description = "The current password is wrong, or the new one too short", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn change_password(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    jar: axum_extra::extract::CookieJar,
    ApiJson(input): ApiJson<PasswordChangeInput>,
) -> Result<Response, AppError> {
    let session = jar.get(kernel::auth::cookie_name(
        &state.settings,
        kernel::sessions::COOKIE,
    ));
    let keep = session.filter(|_| !ctx.via_token).map(|c| c.value());
    members::change_password(&state.members_ctx(), &member, &input, keep).await?;
    Ok(no_content())
}

/// Asks to change the address, the current password given. Nothing changes
/// until the link mailed to the new address is followed (the web page, or
/// `POST /api/v1/auth/email/confirm` with its token). The answer does not
/// say whether another account uses the address: the mail to it does.
#[utoipa::path(post, path = "/api/v1/me/email", tag = "account", security(("bearer" = [])), request_body = EmailChangeInput,
    responses((status = 202, body = Accepted), (status = 422, description = "Invalid address, the account's own, or a wrong password", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn change_email(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    ApiJson(input): ApiJson<EmailChangeInput>,
) -> Result<Response, AppError> {
    members::request_email_change(&state.members_ctx(), &member, &input).await?;
    Ok((StatusCode::ACCEPTED, Json(Accepted { accepted: true })).into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct EmailConfirmInput {
    /// The token of the link mailed to the new address.
    #[schema(schema_with = schema::no_nul)]
    pub token: String,
}

/// Makes a change of address with the token of the link mailed to the new
/// address; the old address is told.
#[utoipa::path(post, path = "/api/v1/auth/email/confirm", tag = "account", request_body = EmailConfirmInput,
    responses((status = 204, description = "Address changed"), (status = 400, description = "The link is invalid or has expired", body = crate::openapi::ProblemDoc), (status = 409, description = "Another account took the address meanwhile", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn confirm_email(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<EmailConfirmInput>,
) -> Result<Response, AppError> {
    members::confirm_email_change(&state.members_ctx(), &input.token).await?;
    Ok(no_content())
}

#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "account", security(("bearer" = [])), responses((status = 200, body = [ApiToken])))]
pub(crate) async fn list_tokens(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> ApiResult<Vec<ApiToken>> {
    Ok(Json(tokens::list(&state.db, &member.id).await?))
}

#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "account", security(("bearer" = [])), request_body = NewTokenInput,
    responses((status = 201, body = CreatedToken), (status = 422, body = crate::openapi::ProblemDoc), (status = 409, description = "Too many active tokens", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn create_token(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    ApiJson(input): ApiJson<NewTokenInput>,
) -> Result<Response, AppError> {
    Ok(created(
        tokens::create(&state.db, &member.id, &input.name).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "account", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 204, description = "Revoked"), (status = 404, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    tokens::revoke(&state.db, &member.id, &id).await?;
    Ok(no_content())
}

#[utoipa::path(get, path = "/api/v1/charter", tag = "charter", responses((status = 200, body = CharterVersion)))]
pub(crate) async fn current_charter(State(state): State<AppState>) -> ApiResult<CharterVersion> {
    Ok(Json(charter::current(&state.db).await?))
}

#[utoipa::path(get, path = "/api/v1/charter/acceptances", tag = "charter", security(("bearer" = [])), responses((status = 200, body = [Acceptance])))]
pub(crate) async fn my_acceptances(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> ApiResult<Vec<Acceptance>> {
    Ok(Json(charter::acceptances(&state.db, &member.id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct AcceptInput {
    /// The version read; it must be the current one.
    pub version: i64,
}

#[utoipa::path(post, path = "/api/v1/charter/acceptances", tag = "charter", security(("bearer" = [])), request_body = AcceptInput,
    responses((status = 201, body = Acceptance), (status = 409, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn accept_charter(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    ApiJson(input): ApiJson<AcceptInput>,
) -> Result<Response, AppError> {
    Ok(created(
        charter::accept(&state.db, &member.id, input.version).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/organisations", tag = "organisations", responses((status = 200, body = [Organisation])))]
pub(crate) async fn list_organisations(
    State(state): State<AppState>,
) -> ApiResult<Vec<Organisation>> {
    Ok(Json(organisations::list(&state.db).await?))
}

#[utoipa::path(post, path = "/api/v1/organisations", tag = "organisations", security(("bearer" = [])), request_body = OrganisationInput,
    responses((status = 201, body = Organisation), (status = 422, body = crate::openapi::ProblemDoc), (status = 409, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn create_organisation(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> Result<Response, AppError> {
    Ok(created(
        organisations::create(&state.db, &member.id, &input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "organisations", params(("id" = String, Path)),
    responses((status = 200, body = Organisation), (status = 404, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn get_organisation(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Organisation> {
    Ok(Json(organisations::get(&state.db, &id).await?))
}

#[utoipa::path(patch, path = "/api/v1/organisations/{id}", tag = "organisations", security(("bearer" = [])), params(("id" = String, Path)), request_body = OrganisationInput,
    responses((status = 200, body = Organisation), (status = 403, body = crate::openapi::ProblemDoc), (status = 404, body = crate::openapi::ProblemDoc), (status = 409, description = "SIRET already registered", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn update_organisation(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> ApiResult<Organisation> {
    Ok(Json(
        organisations::update(&state.db, &member.id, &id, &input).await?,
    ))
}

/// The people acting for an organisation: all of them for its own people,
/// only those who chose to appear on its public list for everyone else.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/members", tag = "organisations", params(("id" = String, Path)),
    responses((status = 200, body = [OrganisationMember]), (status = 404, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn organisation_members(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(id): Path<String>,
) -> ApiResult<Vec<OrganisationMember>> {
    organisations::get(&state.db, &id).await?;
    let viewer = ctx.member.as_ref().map(|m| &m.id);
    Ok(Json(organisations::members(&state.db, &id, viewer).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct OrganisationInvitationInput {
    #[schema(schema_with = schema::email)]
    pub email: String,
    pub role: OrgRole,
}

/// Invites an address to act for the organisation (administrators only).
/// Whoever holds it is mailed a link and decides; the answer is the same
/// whether the address belongs to a member or not.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/invitations", tag = "organisations", security(("bearer" = [])), params(("id" = String, Path)), request_body = OrganisationInvitationInput,
    responses((status = 202, body = Accepted), (status = 403, body = crate::openapi::ProblemDoc), (status = 422, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn invite_to_organisation(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OrganisationInvitationInput>,
) -> Result<Response, AppError> {
    organisations::invite(
        &state.db,
        &state.mail_ctx(),
        &member,
        &id,
        &input.email,
        input.role,
        ctx.lang,
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(Accepted { accepted: true })).into_response())
}

/// What an invitation link offers.
#[utoipa::path(get, path = "/api/v1/organisation-invitations/{token}", tag = "organisations", params(("token" = String, Path)),
    responses((status = 200, body = organisations::OrganisationInvitation), (status = 400, description = "Invalid, used or expired", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn organisation_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<organisations::OrganisationInvitation> {
    Ok(Json(organisations::invitation(&state.db, &token).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ListedInput {
    /// Appear on the organisation's public list of people.
    #[serde(default)]
    pub listed: bool,
}

/// Accepts an invitation, from the address it was sent to.
#[utoipa::path(post, path = "/api/v1/organisation-invitations/{token}/accept", tag = "organisations", security(("bearer" = [])), params(("token" = String, Path)), request_body = ListedInput,
    responses((status = 200, body = Organisation), (status = 400, description = "Invalid, used, expired, or sent to another address", body = crate::openapi::ProblemDoc), (status = 409, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn accept_organisation_invitation(
    State(state): State<AppState>,
    Active(member): Active,
    Path(token): Path<String>,
    ApiJson(input): ApiJson<ListedInput>,
) -> ApiResult<Organisation> {
    Ok(Json(
        organisations::accept_invitation(&state.db, &member, &token, input.listed).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct OrganisationRoleInput {
    pub role: OrgRole,
}

/// Changes the role of someone acting for the organisation (administrators only).
#[utoipa::path(patch, path = "/api/v1/organisations/{id}/members/{member_id}", tag = "organisations", security(("bearer" = [])), params(("id" = String, Path), ("member_id" = String, Path)), request_body = OrganisationRoleInput,
    responses((status = 204, description = "Changed"), (status = 403, body = crate::openapi::ProblemDoc), (status = 404, body = crate::openapi::ProblemDoc), (status = 409, description = "The last administrator must stay", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn set_organisation_role(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, member_id)): Path<(String, MemberId)>,
    ApiJson(input): ApiJson<OrganisationRoleInput>,
) -> Result<Response, AppError> {
    organisations::set_role(&state.db, &member.id, &id, &member_id, input.role).await?;
    Ok(no_content())
}

/// Whether the member appears on the organisation's public list.
#[utoipa::path(put, path = "/api/v1/organisations/{id}/listed", tag = "organisations", security(("bearer" = [])), params(("id" = String, Path)), request_body = ListedInput,
    responses((status = 204, description = "Set"), (status = 404, description = "Not one of its people", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn set_organisation_listed(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ListedInput>,
) -> Result<Response, AppError> {
    organisations::set_listed(&state.db, &member.id, &id, input.listed).await?;
    Ok(no_content())
}

#[utoipa::path(get, path = "/api/v1/collectives", tag = "collectives", responses((status = 200, body = [Collective])))]
pub(crate) async fn list_collectives(State(state): State<AppState>) -> ApiResult<Vec<Collective>> {
    Ok(Json(collectives::list(&state.db).await?))
}

#[utoipa::path(post, path = "/api/v1/collectives", tag = "collectives", security(("bearer" = [])), request_body = CollectiveInput,
    responses((status = 201, body = Collective), (status = 403, body = crate::openapi::ProblemDoc), (status = 422, body = crate::openapi::ProblemDoc), (status = 409, description = "No free address for this name", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn create_collective(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<CollectiveInput>,
) -> Result<Response, AppError> {
    Ok(created(
        collectives::create(&state.db, &member.id, &input).await?,
    ))
}

/// A collective's public facts. A project's group is found only by who may
/// see its project (404 for everyone else, anonymous visitors included).
#[utoipa::path(get, path = "/api/v1/collectives/{id}", tag = "collectives", params(("id" = String, Path)),
    responses((status = 200, body = Collective), (status = 404, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn get_collective(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(id): Path<CollectiveId>,
) -> ApiResult<Collective> {
    let viewer = ctx.member.as_ref().map(|m| &m.id);
    Ok(Json(
        collectives::get_visible(&state.db, &id, viewer).await?,
    ))
}

#[utoipa::path(patch, path = "/api/v1/collectives/{id}", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path)), request_body = CollectiveInput,
    responses((status = 200, body = Collective), (status = 403, body = crate::openapi::ProblemDoc), (status = 404, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn update_collective(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<CollectiveId>,
    ApiJson(input): ApiJson<CollectiveInput>,
) -> ApiResult<Collective> {
    Ok(Json(
        collectives::update(&state.db, &member.id, &id, &input).await?,
    ))
}

/// Members of a collective: visible to its members only.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/members", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [CollectiveMember]), (status = 403, body = crate::openapi::ProblemDoc), (status = 404, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn collective_members(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<CollectiveId>,
) -> ApiResult<Vec<CollectiveMember>> {
    collectives::require_member(&state.db, &id, &member.id).await?;
    Ok(Json(collectives::members(&state.db, &id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct CollectiveMemberInput {
    pub role: Option<Role>,
    /// A college of this collective; `null` takes the member out of any college.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub college_id: Option<Option<String>>,
}

/// Tells a field sent as `null` (`Some(None)`) from a field left out (`None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[utoipa::path(patch, path = "/api/v1/collectives/{id}/members/{member_id}", tag = "collectives", security(("bearer" = [])),
    params(("id" = String, Path), ("member_id" = String, Path)), request_body = CollectiveMemberInput,
    responses((status = 204, description = "Updated"), (status = 403, body = crate::openapi::ProblemDoc), (status = 404, body = crate::openapi::ProblemDoc), (status = 409, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn update_collective_member(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, member_id)): Path<(CollectiveId, MemberId)>,
    ApiJson(input): ApiJson<CollectiveMemberInput>,
) -> Result<Response, AppError> {
    if let Some(role) = input.role {
        collectives::set_role(&state.db, &member.id, &id, &member_id, role).await?;
    }
    if let Some(college) = &input.college_id {
        collectives::set_college(&state.db, &member.id, &id, &member_id, college.as_deref())
            .await?;
    }
    Ok(no_content())
}

#[utoipa::path(post, path = "/api/v1/collectives/{id}/leave", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204, description = "Left"), (status = 403, body = crate::openapi::ProblemDoc), (status = 409, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn leave_collective(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<CollectiveId>,
) -> Result<Response, AppError> {
    collectives::leave(&state.db, &member.id, &id).await?;
    Ok(no_content())
}

#[utoipa::path(get, path = "/api/v1/collectives/{id}/join-requests", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [JoinRequest]), (status = 403, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn join_requests(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<CollectiveId>,
) -> ApiResult<Vec<JoinRequest>> {
    Ok(Json(
        collectives::pending_requests(&state.db, &member.id, &id).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct JoinInput {
    #[serde(default)]
    #[schema(schema_with = schema::text::<2000>)]
    pub message: String,
}

#[utoipa::path(post, path = "/api/v1/collectives/{id}/join-requests", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path)), request_body = JoinInput,
    responses((status = 201, body = JoinRequest), (status = 409, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn request_join(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<CollectiveId>,
    ApiJson(input): ApiJson<JoinInput>,
) -> Result<Response, AppError> {
    Ok(created(
        collectives::request_join(&state.db, &member.id, &id, &input.message).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JoinAnswer {
    Accept,
    Refuse,
}

/// A coordinator's answer to a join request (not to be confused with a
/// collective decision's `DecisionInput`: OpenAPI schemas share one namespace).
#[derive(Deserialize, ToSchema)]
pub struct JoinRequestDecision {
    pub decision: JoinAnswer,
}

#[utoipa::path(post, path = "/api/v1/collectives/{id}/join-requests/{request_id}", tag = "collectives", security(("bearer" = [])),
    params(("id" = String, Path), ("request_id" = String, Path)), request_body = JoinRequestDecision,
    responses((status = 204, description = "Decided"), (status = 403, body = crate::openapi::ProblemDoc), (status = 404, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn decide_join_request(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, request_id)): Path<(CollectiveId, String)>,
    ApiJson(input): ApiJson<JoinRequestDecision>,
) -> Result<Response, AppError> {
    let accept = matches!(input.decision, JoinAnswer::Accept);
    collectives::decide_request(&state.db, &member.id, &id, &request_id, accept).await?;
    Ok(no_content())
}

#[utoipa::path(get, path = "/api/v1/collectives/{id}/invitations", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Invitation]), (status = 403, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn list_invitations(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<CollectiveId>,
) -> ApiResult<Vec<Invitation>> {
    Ok(Json(
        collectives::invitations(&state.db, &member.id, &id).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct InviteInput {
    #[schema(schema_with = invite_email)]
    pub email: Option<String>,
}

kernel::described! {
    /// Send the invitation to this address; without it (null or blank), a
    /// shareable link is created.
    fn invite_email = schema::optional_email();
}

#[utoipa::path(post, path = "/api/v1/collectives/{id}/invitations", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path)), request_body = InviteInput,
    responses((status = 201, body = CreatedInvitation), (status = 403, body = crate::openapi::ProblemDoc), (status = 422, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn invite(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(id): Path<CollectiveId>,
    ApiJson(input): ApiJson<InviteInput>,
) -> Result<Response, AppError> {
    let created_invitation = match input
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        Some(email) => {
            collectives::invite_by_email(
                &state.db,
                &state.mail_ctx(),
                &member,
                &id,
                email,
                ctx.lang,
            )
            .await?
        }
        None => {
            collectives::create_invitation_link(&state.db, &state.settings, &member.id, &id).await?
        }
    };
    Ok(created(created_invitation))
}

#[utoipa::path(delete, path = "/api/v1/collectives/{id}/invitations/{invitation_id}", tag = "collectives", security(("bearer" = [])),
    params(("id" = String, Path), ("invitation_id" = String, Path)),
    responses((status = 204, description = "Revoked"), (status = 403, body = crate::openapi::ProblemDoc), (status = 404, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn revoke_invitation(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, invitation_id)): Path<(CollectiveId, String)>,
) -> Result<Response, AppError> {
    collectives::revoke_invitation(&state.db, &member.id, &id, &invitation_id).await?;
    Ok(no_content())
}

#[utoipa::path(get, path = "/api/v1/collectives/{id}/colleges", tag = "collectives", params(("id" = String, Path)),
    responses((status = 200, body = [College]), (status = 404, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn list_colleges(
    State(state): State<AppState>,
    Path(id): Path<CollectiveId>,
) -> ApiResult<Vec<College>> {
    collectives::get(&state.db, &id).await?;
    Ok(Json(collectives::colleges(&state.db, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/collectives/{id}/colleges", tag = "collectives", security(("bearer" = [])), params(("id" = String, Path)), request_body = CollegeInput,
    responses((status = 201, body = College), (status = 403, body = crate::openapi::ProblemDoc), (status = 422, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn create_college(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<CollectiveId>,
    ApiJson(input): ApiJson<CollegeInput>,
) -> Result<Response, AppError> {
    Ok(created(
        collectives::create_college(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/collectives/{id}/colleges/{college_id}", tag = "collectives", security(("bearer" = [])),
    params(("id" = String, Path), ("college_id" = String, Path)), request_body = CollegeInput,
    responses((status = 204, description = "Updated"), (status = 403, body = crate::openapi::ProblemDoc), (status = 404, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn update_college(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, college_id)): Path<(CollectiveId, String)>,
    ApiJson(input): ApiJson<CollegeInput>,
) -> Result<Response, AppError> {
    collectives::update_college(&state.db, &member.id, &id, &college_id, &input).await?;
    Ok(no_content())
}

#[utoipa::path(delete, path = "/api/v1/collectives/{id}/colleges/{college_id}", tag = "collectives", security(("bearer" = [])),
    params(("id" = String, Path), ("college_id" = String, Path)),
    responses((status = 204, description = "Deleted"), (status = 403, body = crate::openapi::ProblemDoc), (status = 404, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn delete_college(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, college_id)): Path<(CollectiveId, String)>,
) -> Result<Response, AppError> {
    collectives::delete_college(&state.db, &member.id, &id, &college_id).await?;
    Ok(no_content())
}

#[utoipa::path(post, path = "/api/v1/invitations/{token}/accept", tag = "collectives", security(("bearer" = [])), params(("token" = String, Path)),
    responses((status = 200, body = Collective), (status = 400, body = crate::openapi::ProblemDoc), (status = 409, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn accept_invitation(
    State(state): State<AppState>,
    Active(member): Active,
    Path(token): Path<String>,
) -> ApiResult<Collective> {
    Ok(Json(
        collectives::accept_invitation(&state.db, &member, &token).await?,
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::integral_floats_as_integers;

    #[test]
    fn whole_floats_become_integers_and_others_stay() {
        let mut body = json!({
            "a": 80.0, "b": -3.0, "c": 0.5, "d": [1.0, 2.5, {"e": 1e3}], "f": "2.0",
            "g": 9_223_372_036_854_775_808.0, "h": 1e19, "i": 1e20, "j": -1e19, "k": 7,
        });
        integral_floats_as_integers(&mut body);
        assert_eq!(body["a"], json!(80));
        assert!(body["a"].is_i64());
        assert_eq!(body["b"], json!(-3));
        assert_eq!(body["c"], json!(0.5));
        assert_eq!(body["d"], json!([1, 2.5, {"e": 1000}]));
        assert_eq!(body["f"], json!("2.0"));
        // Past i64, within u64: 2^63 and 10^19.
        assert_eq!(body["g"], json!(9_223_372_036_854_775_808u64));
        assert_eq!(body["h"], json!(10_000_000_000_000_000_000u64));
        // Past both: left as they are, for serde to refuse.
        assert!(body["i"].is_f64() && body["j"].is_f64());
        assert_eq!(body["k"], json!(7));
    }
}
