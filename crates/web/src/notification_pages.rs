//! Notifications behind the bell, how each kind reaches the member, and the
//! skills a member offers: pages and API.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kernel::auth::{CsrfForm, RequestContext, SignedIn};
use kernel::notifications::{self, Delivery, Notification};
use kernel::skills::{self, Skill, SkillsInput};
use kernel::validate::schema::{self, Rule as _};
use kernel::{AppError, AppState, MemberId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::api::ApiJson;
use crate::render::{Done, Empty, FormErrors, Page, after_form, html_status, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list_page))
        .route("/notifications/read", post(read_all))
        .route("/notifications/{id}", get(open))
        .route(
            "/account/notifications",
            get(preferences_page).post(save_preferences),
        )
        .route("/account/skills", post(save_skills))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(mark_read))
        .routes(routes!(preferences, set_preferences))
        .routes(routes!(my_skills, set_skills))
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct ListPage {
    page: Page,
    notifications: Vec<Notification>,
}

async fn list_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
) -> Result<Response, AppError> {
    let notifications =
        notifications::list(&state.db, &ctx.tr, &member.id, &member.time_zone).await?;
    Ok(html_status(
        StatusCode::OK,
        &ListPage {
            page: Page::titled(&ctx, "notifications-title"),
            notifications,
        },
    ))
}

async fn read_all(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    notifications::mark_read(&state.db, &member.id, None).await?;
    Ok(Done::to("/notifications", "flash-all-read").into_response())
}

/// Opens what a notification is about, marking it read.
async fn open(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let link = notifications::mark_read(&state.db, &member.id, Some(&id)).await?;
    Ok(see_other(
        &kernel::validate::local_path(link.as_deref()).unwrap_or_else(|| "/".to_owned()),
    ))
}

/// One kind of notification and how the member receives it.
struct PreferenceRow {
    code: &'static str,
    label: String,
    delivery: Delivery,
}

#[derive(Template)]
#[template(path = "notification_preferences.html")]
struct PreferencesPage {
    page: Page,
    rows: Vec<PreferenceRow>,
    deliveries: &'static [Delivery],
    errors: FormErrors,
}

async fn preferences_view(
    state: &AppState,
    ctx: &RequestContext,
    member_id: &MemberId,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let rows = notifications::preferences(&state.db, &state.notification_kinds(), member_id)
        .await?
        .into_iter()
        .map(|(kind, delivery)| PreferenceRow {
            code: kind.code,
            label: ctx.tr.t(&format!("notification-kind-{}", kind.code)),
            delivery,
        })
        .collect();
    let page = PreferencesPage {
        page: Page::titled(ctx, "notification-preferences-title"),
        rows,
        deliveries: Delivery::ALL,
        errors,
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn preferences_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
) -> Result<Response, AppError> {
    preferences_view(&state, &ctx, &member.id, FormErrors::none()).await
}

/// A kind's choice as a form sends it: `kind_<code>=<delivery>`.
fn choices_of(fields: &[(String, String)]) -> Result<Vec<(String, Delivery)>, AppError> {
    fields
        .iter()
        .filter_map(|(name, value)| name.strip_prefix("kind_").map(|code| (code, value)))
        .map(|(code, value)| {
            Delivery::parse(value)
                .map(|d| (code.to_owned(), d))
                .ok_or(AppError::field("delivery", "error-notification-delivery"))
        })
        .collect()
}

async fn save_preferences(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let saved = match choices_of(&fields) {
        Ok(choices) => {
            notifications::set_preferences(
                &state.db,
                &state.notification_kinds(),
                &member.id,
                &choices,
            )
            .await
        }
        Err(e) => Err(e),
    };
    after_form(
        &ctx,
        saved,
        |_| Done::to(ctx.path.clone(), "flash-saved"),
        |errors| preferences_view(&state, &ctx, &member.id, errors),
    )
    .await
}

async fn save_skills(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let codes: Vec<String> = fields
        .iter()
        .filter_map(|(name, _)| name.strip_prefix("skill_").map(str::to_owned))
        .collect();
    let chosen = skills::parse_all(&codes)?;
    skills::set(&state.db, &member.id, &chosen).await?;
    Ok(Done::to("/account#skills", "flash-saved").into_response())
}

// ---------- API ----------

#[utoipa::path(get, path = "/api/v1/me/notifications", operation_id = "list_notifications", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = [Notification])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<Notification>>, AppError> {
    Ok(Json(
        notifications::list(&state.db, &ctx.tr, &member.id, &member.time_zone).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ReadInput {
    #[serde(default)]
    #[schema(schema_with = read_id)]
    pub id: Option<String>,
}

kernel::described! {
    /// The notification read; none: all of them.
    fn read_id = schema::no_nul_len::<0, 100>().or_null();
}

#[utoipa::path(post, path = "/api/v1/me/notifications/read", operation_id = "read_notifications", tag = "notifications", security(("bearer" = [])), request_body = ReadInput,
    responses((status = 204, description = "Marked read"), (status = 404, description = "No such notification of yours", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn mark_read(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    ApiJson(input): ApiJson<ReadInput>,
) -> Result<Response, AppError> {
    notifications::mark_read(&state.db, &member.id, input.id.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct Preference {
    /// The kind of notification.
    #[schema(max_length = 100)]
    pub kind: String,
    pub delivery: Delivery,
}

#[utoipa::path(get, path = "/api/v1/me/notification-preferences", operation_id = "notification_preferences", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = [Preference])))]
pub(crate) async fn preferences(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<Preference>>, AppError> {
    let prefs = notifications::preferences(&state.db, &state.notification_kinds(), &member.id)
        .await?
        .into_iter()
        .map(|(kind, delivery)| Preference {
            kind: kind.code.to_owned(),
            delivery,
        })
        .collect();
    Ok(Json(prefs))
}

#[derive(Deserialize, ToSchema)]
pub struct PreferencesInput {
    pub preferences: Vec<Preference>,
}

#[utoipa::path(put, path = "/api/v1/me/notification-preferences", operation_id = "set_notification_preferences", tag = "notifications", security(("bearer" = [])), request_body = PreferencesInput,
    responses((status = 200, body = [Preference])))]
pub(crate) async fn set_preferences(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    ApiJson(input): ApiJson<PreferencesInput>,
) -> Result<Json<Vec<Preference>>, AppError> {
    let choices: Vec<(String, Delivery)> = input
        .preferences
        .into_iter()
        .map(|p| (p.kind, p.delivery))
        .collect();
    notifications::set_preferences(&state.db, &state.notification_kinds(), &member.id, &choices)
        .await?;
    preferences(State(state), SignedIn(member)).await
}

#[utoipa::path(get, path = "/api/v1/me/skills", operation_id = "my_skills", tag = "skills", security(("bearer" = [])),
    responses((status = 200, body = [Skill])))]
pub(crate) async fn my_skills(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<Skill>>, AppError> {
    Ok(Json(skills::of_member(&state.db, &member.id).await?))
}

#[utoipa::path(put, path = "/api/v1/me/skills", operation_id = "set_my_skills", tag = "skills", security(("bearer" = [])), request_body = SkillsInput,
    responses((status = 200, body = [Skill])))]
pub(crate) async fn set_skills(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    ApiJson(input): ApiJson<SkillsInput>,
) -> Result<Json<Vec<Skill>>, AppError> {
    let chosen = skills::parse_all(&input.skills)?;
    skills::set(&state.db, &member.id, &chosen).await?;
    Ok(Json(chosen))
}
