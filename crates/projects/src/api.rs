//! The module's JSON API under `/api/v1`: everything its pages do.

use crate::ProjectId;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kernel::auth::{Active, SignedIn};
use kernel::skills::{self, CommissionMember, Skill};
use kernel::validate::schema;
use kernel::{AppError, AppState};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use web::ApiJson;

use crate::agenda::{self, Answer, Event, EventInput, Occurrence};
use crate::forum::{self, Post, PostInput, Thread, ThreadInput};
use crate::mailing::{self, Message, MessageInput, Mode};
use crate::projects::{
    self, Filter, Project, ProjectInput, State as ProjectState, Validation, ValidationRequest,
};
use crate::tasks::{self, Status, Task, TaskFilter, TaskInput};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, update))
        .routes(routes!(join))
        .routes(routes!(leave))
        .routes(routes!(set_state))
        .routes(routes!(validate))
        .routes(routes!(ask_validation))
        .routes(routes!(rules, set_rules))
        .routes(routes!(threads, create_thread))
        .routes(routes!(thread))
        .routes(routes!(reply))
        .routes(routes!(lock))
        .routes(routes!(edit))
        .routes(routes!(hide))
        .routes(routes!(events, create_event))
        .routes(routes!(update_event, cancel_event))
        .routes(routes!(attend))
        .routes(routes!(agenda_between))
        .routes(routes!(calendar_feed))
        .routes(routes!(list_tasks, create_task))
        .routes(routes!(update_task, delete_task))
        .routes(routes!(messages, send_message))
        .routes(routes!(subscribe))
        .routes(routes!(skill_list))
        .routes(routes!(commission))
}

fn created<T: Serialize>(value: T) -> Response {
    (StatusCode::CREATED, Json(value)).into_response()
}

fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

#[utoipa::path(get, path = "/api/v1/projects", operation_id = "list_projects", tag = "projects", security(("bearer" = [])),
    params(("collective_id" = inline(Option<schema::NoNul>), Query, description = "Only those of this collective"), ("state" = Option<ProjectState>, Query), ("mine" = Option<bool>, Query)),
    responses((status = 200, body = [Project])))]
async fn list(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Query(filter): Query<Filter>,
) -> Result<Json<Vec<Project>>, AppError> {
    Ok(Json(projects::list(&state.db, &member.id, &filter).await?))
}

#[utoipa::path(post, path = "/api/v1/projects", operation_id = "create_project", tag = "projects", security(("bearer" = [])), request_body = ProjectInput,
    responses((status = 201, body = Project)))]
async fn create(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<ProjectInput>,
) -> Result<Response, AppError> {
    Ok(created(projects::create(&state.db, &member, &input).await?))
}

#[utoipa::path(get, path = "/api/v1/projects/{id}", operation_id = "show_project", tag = "projects", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Project)))]
async fn show(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<ProjectId>,
) -> Result<Json<Project>, AppError> {
    Ok(Json(projects::get(&state.db, &member.id, &id).await?))
}

#[utoipa::path(patch, path = "/api/v1/projects/{id}", operation_id = "update_project", tag = "projects", security(("bearer" = [])), params(("id" = String, Path)), request_body = ProjectInput,
    responses((status = 200, body = Project)))]
async fn update(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<ProjectId>,
    ApiJson(input): ApiJson<ProjectInput>,
) -> Result<Json<Project>, AppError> {
    Ok(Json(
        projects::update(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/join", operation_id = "join_project", tag = "projects", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204, description = "Joined"), (status = 409, description = "The project is over", body = web::openapi::ProblemDoc)))]
async fn join(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<ProjectId>,
) -> Result<Response, AppError> {
    projects::join(&state.db, &member, &id).await?;
    Ok(no_content())
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/leave", operation_id = "leave_project", tag = "projects", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204, description = "Left"), (status = 409, description = "The last coordinator must hand over first", body = web::openapi::ProblemDoc)))]
async fn leave(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<ProjectId>,
) -> Result<Response, AppError> {
    projects::leave(&state.db, &member.id, &id).await?;
    Ok(no_content())
}

#[derive(Deserialize, ToSchema)]
pub struct StateInput {
    pub state: ProjectState,
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/state", operation_id = "set_project_state", tag = "projects", security(("bearer" = [])), params(("id" = String, Path)), request_body = StateInput,
    responses((status = 200, body = Project), (status = 409, description = "Not a next state of this one", body = web::openapi::ProblemDoc)))]
async fn set_state(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<ProjectId>,
    ApiJson(input): ApiJson<StateInput>,
) -> Result<Json<Project>, AppError> {
    Ok(Json(
        projects::set_state(&state.db, &member.id, &id, input.state).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/validate", operation_id = "validate_project", tag = "projects", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Project), (status = 409, description = "Not proposed", body = web::openapi::ProblemDoc)))]
async fn validate(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<ProjectId>,
) -> Result<Json<Project>, AppError> {
    Ok(Json(projects::validate(&state.db, &member, &id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ValidationInput {
    #[serde(flatten)]
    pub request: ValidationRequest,
    #[schema(schema_with = validation_question)]
    pub question: String,
}

kernel::described! {
    /// The question put to the collective.
    fn validation_question = schema::line::<3, 200>();
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/validation-decision", operation_id = "ask_project_validation", tag = "projects", security(("bearer" = [])), params(("id" = String, Path)), request_body = ValidationInput,
    responses((status = 201, body = kernel::decisions::Decision), (status = 409, description = "Not proposed, or a validation vote is under way", body = web::openapi::ProblemDoc)))]
async fn ask_validation(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<ProjectId>,
    ApiJson(input): ApiJson<ValidationInput>,
) -> Result<Response, AppError> {
    Ok(created(
        projects::ask_validation(&state.db, &member, &id, &input.request, input.question).await?,
    ))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct RulesInput {
    pub validation: Validation,
}

#[utoipa::path(get, path = "/api/v1/collectives/{id}/project-rules", operation_id = "project_rules", tag = "projects", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = RulesInput)))]
async fn rules(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<ProjectId>,
) -> Result<Json<RulesInput>, AppError> {
    kernel::collectives::require_member(&state.db, &id, &member.id).await?;
    Ok(Json(RulesInput {
        validation: projects::rule(&state.db, &id).await?,
    }))
}

#[utoipa::path(put, path = "/api/v1/collectives/{id}/project-rules", operation_id = "set_project_rules", tag = "projects", security(("bearer" = [])), params(("id" = String, Path)), request_body = RulesInput,
    responses((status = 200, body = RulesInput)))]
async fn set_rules(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<ProjectId>,
    ApiJson(input): ApiJson<RulesInput>,
) -> Result<Json<RulesInput>, AppError> {
    projects::set_rule(&state.db, &member.id, &id, input.validation).await?;
    Ok(Json(input))
}

#[utoipa::path(get, path = "/api/v1/projects/{id}/threads", operation_id = "list_threads", tag = "forum", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Thread])))]
async fn threads(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<ProjectId>,
) -> Result<Json<Vec<Thread>>, AppError> {
    Ok(Json(forum::threads(&state.db, &member.id, &id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: String,
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/threads", operation_id = "create_thread", tag = "forum", security(("bearer" = [])), params(("id" = String, Path)), request_body = ThreadInput,
    responses((status = 201, body = Created)))]
async fn create_thread(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<ProjectId>,
    ApiJson(input): ApiJson<ThreadInput>,
) -> Result<Response, AppError> {
    let id = forum::create_thread(&state.db, &member, &id, &input).await?;
    Ok(created(Created { id }))
}

#[derive(Serialize, ToSchema)]
pub struct ThreadView {
    pub thread: Thread,
    pub posts: Vec<Post>,
}

/// Reading a thread marks it read for the member: posts flagged `unread`
/// are new to it this once.
#[utoipa::path(get, path = "/api/v1/projects/{id}/threads/{thread}", operation_id = "show_thread", tag = "forum", security(("bearer" = [])), params(("id" = String, Path), ("thread" = String, Path)),
    responses((status = 200, body = ThreadView)))]
async fn thread(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path((id, thread)): Path<(ProjectId, String)>,
) -> Result<Json<ThreadView>, AppError> {
    let (thread, posts) = forum::read_thread(&state.db, &member.id, &id, &thread).await?;
    Ok(Json(ThreadView { thread, posts }))
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/threads/{thread}/posts", operation_id = "reply", tag = "forum", security(("bearer" = [])), params(("id" = String, Path), ("thread" = String, Path)), request_body = PostInput,
    responses((status = 201, body = Created), (status = 409, description = "The thread is locked", body = web::openapi::ProblemDoc)))]
async fn reply(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, thread)): Path<(ProjectId, String)>,
    ApiJson(input): ApiJson<PostInput>,
) -> Result<Response, AppError> {
    let id = forum::reply(&state.db, &member, &id, &thread, &input).await?;
    Ok(created(Created { id }))
}

#[derive(Deserialize, ToSchema)]
pub struct Flag {
    pub on: bool,
}

#[utoipa::path(put, path = "/api/v1/projects/{id}/threads/{thread}/lock", operation_id = "lock_thread", tag = "forum", security(("bearer" = [])), params(("id" = String, Path), ("thread" = String, Path)), request_body = Flag,
    responses((status = 204, description = "Locked or opened")))]
async fn lock(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, thread)): Path<(ProjectId, String)>,
    ApiJson(flag): ApiJson<Flag>,
) -> Result<Response, AppError> {
    forum::set_locked(&state.db, &member.id, &id, &thread, flag.on).await?;
    Ok(no_content())
}

#[utoipa::path(patch, path = "/api/v1/projects/{id}/posts/{post}", operation_id = "edit_post", tag = "forum", security(("bearer" = [])), params(("id" = String, Path), ("post" = String, Path)), request_body = PostInput,
    responses((status = 204, description = "Edited"), (status = 409, description = "Hidden, or its thread is locked", body = web::openapi::ProblemDoc)))]
async fn edit(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, post)): Path<(ProjectId, String)>,
    ApiJson(input): ApiJson<PostInput>,
) -> Result<Response, AppError> {
    forum::edit(&state.db, &member, &id, &post, &input).await?;
    Ok(no_content())
}

#[utoipa::path(put, path = "/api/v1/projects/{id}/posts/{post}/hidden", operation_id = "hide_post", tag = "forum", security(("bearer" = [])), params(("id" = String, Path), ("post" = String, Path)), request_body = Flag,
    responses((status = 204, description = "Hidden or shown")))]
async fn hide(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, post)): Path<(ProjectId, String)>,
    ApiJson(flag): ApiJson<Flag>,
) -> Result<Response, AppError> {
    forum::set_hidden(&state.db, &member.id, &id, &post, flag.on).await?;
    Ok(no_content())
}

#[utoipa::path(get, path = "/api/v1/projects/{id}/events", operation_id = "list_events", tag = "agenda", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Event])))]
async fn events(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<ProjectId>,
) -> Result<Json<Vec<Event>>, AppError> {
    Ok(Json(agenda::events(&state.db, &member.id, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/events", operation_id = "create_event", tag = "agenda", security(("bearer" = [])), params(("id" = String, Path)), request_body = EventInput,
    responses((status = 201, body = Event)))]
async fn create_event(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<ProjectId>,
    ApiJson(input): ApiJson<EventInput>,
) -> Result<Response, AppError> {
    Ok(created(
        agenda::create(&state.db, &member, &id, &input).await?,
    ))
}

/// Changes an event. A cancelled event can no longer be changed (409
/// `event-cancelled`): it stays in the feed as calendars last saw it.
#[utoipa::path(patch, path = "/api/v1/projects/{id}/events/{event}", operation_id = "update_event", tag = "agenda", security(("bearer" = [])), params(("id" = String, Path), ("event" = String, Path)), request_body = EventInput,
    responses((status = 200, body = Event), (status = 409, description = "The event is cancelled (`urn:freeco:problem:event-cancelled`)", body = web::openapi::ProblemDoc)))]
async fn update_event(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, event)): Path<(ProjectId, String)>,
    ApiJson(input): ApiJson<EventInput>,
) -> Result<Json<Event>, AppError> {
    Ok(Json(
        agenda::update(&state.db, &member, &id, &event, &input).await?,
    ))
}

/// Cancels an event. It is not deleted: it stays in the list and in the
/// iCalendar feed with `STATUS:CANCELLED`, so calendar apps remove it, and
/// it can no longer be changed or answered. Cancelling it again is a no-op.
#[utoipa::path(delete, path = "/api/v1/projects/{id}/events/{event}", operation_id = "cancel_event", tag = "agenda", security(("bearer" = [])), params(("id" = String, Path), ("event" = String, Path)),
    responses((status = 204, description = "Cancelled (or already cancelled)")))]
async fn cancel_event(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, event)): Path<(ProjectId, String)>,
) -> Result<Response, AppError> {
    agenda::cancel(&state.db, &member.id, &id, &event).await?;
    Ok(no_content())
}

#[derive(Deserialize, ToSchema)]
pub struct AttendanceInput {
    /// The occurrence's start (ms since the epoch).
    pub occurrence_at: i64,
    pub answer: Answer,
}

#[utoipa::path(put, path = "/api/v1/projects/{id}/events/{event}/attendance", operation_id = "attend", tag = "agenda", security(("bearer" = [])), params(("id" = String, Path), ("event" = String, Path)), request_body = AttendanceInput,
    responses((status = 204, description = "Answered"), (status = 409, description = "The event is cancelled", body = web::openapi::ProblemDoc)))]
async fn attend(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, event)): Path<(ProjectId, String)>,
    ApiJson(input): ApiJson<AttendanceInput>,
) -> Result<Response, AppError> {
    agenda::answer(
        &state.db,
        &member.id,
        &id,
        &event,
        input.occurrence_at,
        input.answer,
    )
    .await?;
    Ok(no_content())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Window {
    #[serde(default)]
    #[param(schema_with = window_from)]
    pub from: Option<i64>,
    #[serde(default)]
    #[param(schema_with = window_to)]
    pub to: Option<i64>,
}

kernel::described! {
    /// From (ms since the epoch; default now).
    fn window_from = schema::timestamp_ms();
    /// To (default 90 days later; after `from` and at most a year after it).
    fn window_to = schema::timestamp_ms();
}

pub(crate) const DAY_MS: i64 = 24 * 3600 * 1000;

impl Window {
    pub(crate) fn bounds(&self) -> Result<(i64, i64), AppError> {
        let from = self.from.unwrap_or_else(kernel::db::now_ms);
        let to = self.to.unwrap_or(from.saturating_add(90 * DAY_MS));
        let bad = || AppError::field("to", "error-agenda-window");
        if jiff::Timestamp::from_millisecond(from).is_err()
            || jiff::Timestamp::from_millisecond(to).is_err()
        {
            return Err(bad());
        }
        if to <= from || to - from > 366 * DAY_MS {
            return Err(bad());
        }
        Ok((from, to))
    }
}

#[utoipa::path(get, path = "/api/v1/projects/{id}/agenda", operation_id = "project_agenda", tag = "agenda", security(("bearer" = [])),
    params(("id" = String, Path), Window),
    responses((status = 200, body = [Occurrence])))]
async fn agenda_between(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<ProjectId>,
    Query(window): Query<Window>,
) -> Result<Json<Vec<Occurrence>>, AppError> {
    let (from, to) = window.bounds()?;
    Ok(Json(
        agenda::agenda(&state.db, &member.id, &id, from, to).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Feed {
    /// The secret address of the iCalendar feed: a calendar app subscribes to it.
    pub url: String,
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/calendar-feed", operation_id = "new_calendar_feed", tag = "agenda", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 201, body = Feed)))]
async fn calendar_feed(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<ProjectId>,
) -> Result<Response, AppError> {
    let token = agenda::new_feed(&state.db, &member.id, &id).await?;
    Ok(created(Feed {
        url: state
            .settings
            .link(&format!("/projects/{id}/agenda.ics?key={token}")),
    }))
}

#[utoipa::path(get, path = "/api/v1/projects/{id}/tasks", operation_id = "list_tasks", tag = "tasks", security(("bearer" = [])), params(("id" = String, Path), ("mine" = Option<bool>, Query)),
    responses((status = 200, body = [Task])))]
async fn list_tasks(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<ProjectId>,
    Query(filter): Query<TaskFilter>,
) -> Result<Json<Vec<Task>>, AppError> {
    Ok(Json(
        tasks::list(&state.db, &member.id, &id, &filter).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/tasks", operation_id = "create_task", tag = "tasks", security(("bearer" = [])), params(("id" = String, Path)), request_body = TaskInput,
    responses((status = 201, body = Created)))]
async fn create_task(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<ProjectId>,
    ApiJson(input): ApiJson<TaskInput>,
) -> Result<Response, AppError> {
    let id = tasks::create(&state.db, &member, &id, &input).await?;
    Ok(created(Created { id }))
}

#[derive(Deserialize, ToSchema)]
pub struct TaskChange {
    /// Moves the task only, when nothing else is sent.
    #[serde(default)]
    pub status: Option<Status>,
    /// Changes the whole task.
    #[serde(default)]
    pub task: Option<TaskInput>,
}

#[utoipa::path(patch, path = "/api/v1/projects/{id}/tasks/{task}", operation_id = "update_task", tag = "tasks", security(("bearer" = [])), params(("id" = String, Path), ("task" = String, Path)), request_body = TaskChange,
    responses((status = 204, description = "Changed")))]
async fn update_task(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, task)): Path<(ProjectId, String)>,
    ApiJson(change): ApiJson<TaskChange>,
) -> Result<Response, AppError> {
    match (change.task, change.status) {
        (Some(input), _) => tasks::update(&state.db, &member, &id, &task, &input).await?,
        (None, Some(status)) => {
            tasks::set_status(&state.db, &member.id, &id, &task, status).await?
        }
        (None, None) => return Err(AppError::field("status", "error-required")),
    }
    Ok(no_content())
}

#[utoipa::path(delete, path = "/api/v1/projects/{id}/tasks/{task}", operation_id = "delete_task", tag = "tasks", security(("bearer" = [])), params(("id" = String, Path), ("task" = String, Path)),
    responses((status = 204, description = "Deleted")))]
async fn delete_task(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, task)): Path<(ProjectId, String)>,
) -> Result<Response, AppError> {
    tasks::delete(&state.db, &member.id, &id, &task).await?;
    Ok(no_content())
}

#[utoipa::path(get, path = "/api/v1/projects/{id}/messages", operation_id = "list_messages", tag = "mailing list", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Message])))]
async fn messages(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<ProjectId>,
) -> Result<Json<Vec<Message>>, AppError> {
    Ok(Json(mailing::archive(&state.db, &member.id, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/messages", operation_id = "send_message", tag = "mailing list", security(("bearer" = [])), params(("id" = String, Path)), request_body = MessageInput,
    responses((status = 201, body = Message)))]
async fn send_message(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<ProjectId>,
    ApiJson(input): ApiJson<MessageInput>,
) -> Result<Response, AppError> {
    Ok(created(
        mailing::send(&state.db, &member, &id, &input).await?,
    ))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SubscriptionInput {
    pub mode: Mode,
}

#[utoipa::path(put, path = "/api/v1/projects/{id}/subscription", operation_id = "set_subscription", tag = "mailing list", security(("bearer" = [])), params(("id" = String, Path)), request_body = SubscriptionInput,
    responses((status = 200, body = SubscriptionInput)))]
async fn subscribe(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<ProjectId>,
    ApiJson(input): ApiJson<SubscriptionInput>,
) -> Result<Json<SubscriptionInput>, AppError> {
    mailing::set_mode(&state.db, &member.id, &id, input.mode).await?;
    Ok(Json(input))
}

#[derive(Serialize, ToSchema)]
pub struct SkillCount {
    pub skill: Skill,
    pub members: i64,
}

#[utoipa::path(get, path = "/api/v1/skills", operation_id = "list_skills", tag = "skills", security(("bearer" = [])),
    responses((status = 200, body = [SkillCount])))]
async fn skill_list(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
) -> Result<Json<Vec<SkillCount>>, AppError> {
    Ok(Json(
        skills::counts(&state.db)
            .await?
            .into_iter()
            .map(|(skill, members)| SkillCount { skill, members })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Commission {
    pub skill: Skill,
    pub members: Vec<CommissionMember>,
    /// The projects (that the reader may see) looking for this skill.
    pub projects: Vec<Project>,
}

#[utoipa::path(get, path = "/api/v1/skills/{skill}", operation_id = "skill_commission", tag = "skills", security(("bearer" = [])), params(("skill" = String, Path)),
    responses((status = 200, body = Commission)))]
async fn commission(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(skill): Path<String>,
) -> Result<Json<Commission>, AppError> {
    let skill = Skill::parse(&skill).ok_or(AppError::NotFound)?;
    Ok(Json(Commission {
        skill,
        members: skills::commission(&state.db, skill).await?,
        projects: projects::needing(&state.db, &member.id, skill).await?,
    }))
}
