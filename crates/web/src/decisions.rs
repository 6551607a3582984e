//! Collective decisions over the JSON API: open one, vote (with a receipt),
//! read the result and the published ballots once closed.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kernel::auth::{Active, SignedIn};
use kernel::decisions::discussion::{self, Comment, CommentEdit, CommentInput};
use kernel::decisions::{
    self, AwaitingVote, BallotInput, Decision, DecisionInput, PublishedBallot, Receipt, Standing,
};
use kernel::validate::schema::{self, Rule as _};
use kernel::{AppError, AppState, CollectiveId, DecisionId};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::api::ApiJson;

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show))
        .routes(routes!(cast))
        .routes(routes!(ballots))
        .routes(routes!(standing))
        .routes(routes!(close_early))
        .routes(routes!(decide_allocation))
        .routes(routes!(set_rules))
        .routes(routes!(awaiting))
        .routes(routes!(comments, comment))
        .routes(routes!(edit_comment))
        .routes(routes!(hide_comment))
}

/// The open decisions the member may vote on and has not, the soonest to
/// close first.
#[utoipa::path(get, path = "/api/v1/me/decisions/awaiting", operation_id = "decisions_awaiting_my_vote", tag = "decisions", security(("bearer" = [])),
    responses((status = 200, body = [AwaitingVote])))]
pub(crate) async fn awaiting(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<AwaitingVote>>, AppError> {
    Ok(Json(decisions::awaiting_vote(&state.db, &member.id).await?))
}

#[utoipa::path(post, path = "/api/v1/collectives/{id}/decisions", operation_id = "create_decision", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)), request_body = DecisionInput,
    responses((status = 201, body = Decision)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<CollectiveId>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<Response, AppError> {
    let decision = decisions::create(&state.db, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(decision)).into_response())
}

#[utoipa::path(get, path = "/api/v1/collectives/{id}/decisions", operation_id = "list_decisions", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Decision])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<CollectiveId>,
) -> Result<Json<Vec<Decision>>, AppError> {
    Ok(Json(decisions::list(&state.db, &member.id, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/decisions/{id}", operation_id = "show_decision", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Decision)))]
pub(crate) async fn show(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<DecisionId>,
) -> Result<Json<Decision>, AppError> {
    Ok(Json(decisions::get(&state.db, &member.id, &id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct CastInput {
    pub ballot: BallotInput,
    #[serde(default)]
    #[schema(schema_with = cast_reason)]
    pub reason: String,
    #[serde(default)]
    #[schema(schema_with = cast_replaces)]
    pub replaces: Option<String>,
}

kernel::described! {
    /// Why (public ballots only; an objection needs one).
    fn cast_reason = schema::text::<2000>();
    /// To change a secret ballot: the key returned when it was cast.
    fn cast_replaces = schema::no_nul_len::<0, 100>().or_null();
}

#[utoipa::path(post, path = "/api/v1/decisions/{id}/ballot", operation_id = "cast_ballot", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)), request_body = CastInput,
    responses((status = 201, body = Receipt), (status = 409, description = "Closed, not open yet, not eligible, or already voted (secret ballot without its key)", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn cast(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<DecisionId>,
    ApiJson(input): ApiJson<CastInput>,
) -> Result<Response, AppError> {
    let receipt = decisions::cast(
        &state.db,
        &member.id,
        &id,
        &input.ballot,
        &input.reason,
        input.replaces.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(receipt)).into_response())
}

#[utoipa::path(get, path = "/api/v1/decisions/{id}/ballots", operation_id = "published_ballots", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [PublishedBallot]), (status = 409, description = "Still open", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn ballots(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<DecisionId>,
) -> Result<Json<Vec<PublishedBallot>>, AppError> {
    Ok(Json(
        decisions::published(&state.db, &member.id, &id).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/decisions/{id}/standing", operation_id = "my_standing", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Standing)))]
pub(crate) async fn standing(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<DecisionId>,
) -> Result<Json<Standing>, AppError> {
    let decision = decisions::get(&state.db, &member.id, &id).await?;
    Ok(Json(
        decisions::standing(&state.db, &member.id, &decision).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/decisions/{id}/close", operation_id = "close_decision_early", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Decision),
        (status = 403, description = "Not a member of the decision's collective, or neither the decision's opener nor a coordinator of its collective, who alone close early (`decision-close-early-who`)", body = crate::openapi::ProblemDoc),
        (status = 404, description = "No such decision", body = crate::openapi::ProblemDoc),
        (status = 409, description = "Already closed (`decision-closed`), or not every eligible member has voted (`decision-close-early-not-everyone`)", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn close_early(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<DecisionId>,
) -> Result<Json<Decision>, AppError> {
    decisions::close_early(&state.db, &member.id, &id).await?;
    Ok(Json(decisions::get(&state.db, &member.id, &id).await?))
}

/// The decision's discussion, oldest first, each first comment followed by
/// its replies. A hidden comment's body is empty except for coordinators.
#[utoipa::path(get, path = "/api/v1/decisions/{id}/comments", operation_id = "decision_comments", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Comment]), (status = 403, description = "Not a member of the decision's collective", body = crate::openapi::ProblemDoc), (status = 404, description = "No such decision", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn comments(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<DecisionId>,
) -> Result<Json<Vec<Comment>>, AppError> {
    Ok(Json(
        discussion::comments(&state.db, &member.id, &id).await?,
    ))
}

/// Comments on the decision, or replies to a comment of it (`reply_to`);
/// those mentioned by `@name` and those taking part are notified.
#[utoipa::path(post, path = "/api/v1/decisions/{id}/comments", operation_id = "comment_on_decision", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)), request_body = CommentInput,
    responses((status = 201, body = Comment), (status = 403, description = "Not a member of the decision's collective", body = crate::openapi::ProblemDoc), (status = 404, description = "No such decision", body = crate::openapi::ProblemDoc), (status = 422, description = "An empty body, or a `reply_to` that is not a comment of this decision", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn comment(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<DecisionId>,
    ApiJson(input): ApiJson<CommentInput>,
) -> Result<Response, AppError> {
    let comment = discussion::comment(&state.db, &member.id, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(comment)).into_response())
}

/// Changes the text of one's own comment (shown as edited).
#[utoipa::path(patch, path = "/api/v1/decision-comments/{id}", operation_id = "edit_decision_comment", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)), request_body = CommentEdit,
    responses((status = 200, body = Comment), (status = 403, description = "Another member's comment (`comment-not-yours`), or not a member of the collective", body = crate::openapi::ProblemDoc), (status = 404, description = "No such comment", body = crate::openapi::ProblemDoc), (status = 409, description = "Hidden by a coordinator (`comment-hidden`)", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn edit_comment(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CommentEdit>,
) -> Result<Json<Comment>, AppError> {
    Ok(Json(
        discussion::edit(&state.db, &member.id, &id, &input).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct CommentVisibility {
    /// true to hide the comment, false to show it again.
    pub hidden: bool,
}

/// Hides a comment of the collective's decisions, or shows it again
/// (coordinators only). A hidden comment stays in place, marked.
#[utoipa::path(post, path = "/api/v1/decision-comments/{id}/hide", operation_id = "hide_decision_comment", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)), request_body = CommentVisibility,
    responses((status = 204, description = "Done"), (status = 403, description = "Not a coordinator of the decision's collective (`comment-hide-who`)", body = crate::openapi::ProblemDoc), (status = 404, description = "No such comment", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn hide_comment(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CommentVisibility>,
) -> Result<StatusCode, AppError> {
    discussion::hide(&state.db, &member.id, &id, input.hidden).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct AllocationAnswer {
    /// true to let the budget be paid, false to give it back to the treasury.
    pub approve: bool,
}

/// A budget paid from the treasury above the collective's second-approval
/// threshold, or whose funded proposals would all go to its opener, waits
/// for a treasurer or coordinator other than the opener: before the close,
/// the close then pays or releases it; after the close, this does.
#[utoipa::path(post, path = "/api/v1/decisions/{id}/allocation", operation_id = "decide_decision_allocation", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)), request_body = AllocationAnswer,
    responses((status = 200, body = Decision), (status = 403, description = "Not a treasurer or coordinator of the collective", body = crate::openapi::ProblemDoc), (status = 409, description = "No approval waits, or the opener itself", body = crate::openapi::ProblemDoc)))]
pub(crate) async fn decide_allocation(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<DecisionId>,
    ApiJson(input): ApiJson<AllocationAnswer>,
) -> Result<Json<Decision>, AppError> {
    Ok(Json(
        decisions::decide_allocation(&state.db, &member.id, &id, input.approve).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionRulesInput {
    pub acting: kernel::collectives::ActingRules,
    /// A secret decision's results per college are shown for colleges of
    /// at least this many voters.
    #[schema(minimum = 3, maximum = 100)]
    pub college_results_min: u32,
}

/// What decisions that act need in the collective (coordinators only):
/// how long they stay open at least (24 hours or more), and their least
/// quorum (10 % or more).
#[utoipa::path(put, path = "/api/v1/collectives/{id}/decision-rules", operation_id = "set_decision_rules", tag = "decisions", security(("bearer" = [])), params(("id" = String, Path)), request_body = DecisionRulesInput,
    responses((status = 204, description = "Set"), (status = 403, body = crate::openapi::ProblemDoc), (status = 422, body = crate::openapi::ProblemDoc)))]
pub(crate) async fn set_rules(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<CollectiveId>,
    ApiJson(input): ApiJson<DecisionRulesInput>,
) -> Result<Response, AppError> {
    kernel::collectives::set_decision_rules(
        &state.db,
        &member.id,
        &id,
        input.acting,
        input.college_results_min,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
