//! The module's pages: the list of projects and the form to propose one; a
//! project's overview, forum, agenda, task board and mailing list; the
//! skill commissions; a collective's projects and how it validates them.

use crate::ProjectId;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use kernel::auth::{Active, CsrfForm, InCollective, InGroup, MemberOf, RequestContext, SignedIn};
use kernel::collectives::{self, CollectiveMember, Role};
use kernel::decisions::MethodKind;
use kernel::members::Member;
use kernel::skills::{self, CommissionMember, Skill};
use kernel::{AppError, AppState, CollectiveId, DecisionId, MemberId};
use serde::Deserialize;
use web::render::{
    Done, Empty, Fields, FormErrors, Page, after_form, amount_field, decimal, html_status,
    local_input, markdown, parse_local,
};
use web::who::{Acting, Who};

use crate::agenda::{self, Answer, EventInput, Occurrence};
use crate::api::DAY_MS;
use crate::forum::{self, Post, PostInput, Thread, ThreadInput};
use crate::mailing::{self, Message, MessageInput, Mode};
use crate::projects::{
    self, Filter, Project, ProjectInput, Resource, ResourceKind, State as ProjectState, Validation,
    ValidationRequest,
};
use crate::tasks::{self, Status, Task, TaskFilter, TaskInput};

type Page_ = Result<Response, AppError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list_page).post(create))
        .route("/projects/new", get(new_page))
        .route("/projects/{id}", get(overview))
        .route("/projects/{id}/edit", get(edit_page).post(update))
        .route("/projects/{id}/join", post(join))
        .route("/projects/{id}/leave", post(leave))
        .route("/projects/{id}/state", post(set_state))
        .route("/projects/{id}/validate", post(validate))
        .route("/projects/{id}/validation", post(ask_validation))
        .route("/projects/{id}/forum", get(forum_page).post(create_thread))
        .route(
            "/projects/{id}/forum/{thread}",
            get(thread_page).post(reply),
        )
        .route("/projects/{id}/forum/{thread}/lock", post(lock))
        .route("/projects/{id}/posts/{post}/edit", post(edit_post))
        .route("/projects/{id}/posts/{post}/hide", post(hide_post))
        .route("/projects/{id}/agenda", get(agenda_page).post(create_event))
        .route("/projects/{id}/agenda.ics", get(feed))
        .route("/projects/{id}/agenda/feed", post(new_feed))
        .route(
            "/projects/{id}/agenda/{event}",
            get(event_page).post(update_event),
        )
        .route("/projects/{id}/agenda/{event}/cancel", post(cancel_event))
        .route("/projects/{id}/agenda/{event}/attend", post(attend))
        .route("/projects/{id}/tasks", get(tasks_page).post(create_task))
        .route(
            "/projects/{id}/tasks/{task}",
            get(task_page).post(update_task),
        )
        .route("/projects/{id}/tasks/{task}/status", post(move_task))
        .route("/projects/{id}/tasks/{task}/delete", post(delete_task))
        .route("/projects/{id}/list", get(list_archive).post(send_message))
        .route("/projects/{id}/list/subscription", post(subscription))
        .route(
            "/projects/unsubscribe/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
        .route("/skills", get(skills_page))
        .route("/skills/{skill}", get(commission_page))
        .route(
            "/collectives/{slug}/projects",
            get(collective_projects).post(set_rules),
        )
}

// ---------- the head of every project page ----------

/// What every page of a project shows at its top.
struct Head {
    project: Project,
    role: Option<Role>,
    /// The tab shown: overview, forum, agenda, tasks, list.
    tab: &'static str,
    /// For a member of the project: its discussions with messages new to it.
    forum_unread: i64,
}

impl Head {
    fn is_member(&self) -> bool {
        self.role.is_some()
    }

    fn is_coordinator(&self) -> bool {
        self.role == Some(Role::Coordinator)
    }
}

async fn head(
    state: &AppState,
    member: &Member,
    place: &InGroup,
    tab: &'static str,
) -> Result<Head, AppError> {
    let id = &place.group.id;
    // The extractor checked who may see it, and found the role.
    let project = projects::load(&state.db, id).await?;
    let role = place.role;
    let forum_unread = match role {
        Some(_) => forum::unread_threads(&state.db, &member.id, id).await?,
        None => 0,
    };
    Ok(Head {
        project,
        role,
        tab,
        forum_unread,
    })
}

// ---------- the list and the proposal form ----------

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    mine: Option<String>,
}

#[derive(Template)]
#[template(path = "projects/projects.html")]
struct ListPage {
    page: Page,
    projects: Vec<Project>,
    states: &'static [ProjectState],
    state: String,
    mine: bool,
    my_tasks: Vec<(ProjectId, String, Task)>,
}

async fn list_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    Query(q): Query<ListQuery>,
) -> Page_ {
    let filter = Filter {
        collective_id: None,
        state: q.state.as_deref().and_then(ProjectState::parse),
        mine: q.mine.is_some(),
    };
    let page = ListPage {
        page: Page::titled(&ctx, "projects-title"),
        projects: projects::list(&state.db, &member.id, &filter).await?,
        states: ProjectState::ALL,
        state: filter
            .state
            .map(|s| s.code().to_owned())
            .unwrap_or_default(),
        mine: filter.mine,
        my_tasks: tasks::assigned_to(&state.db, &member.id).await?,
    };
    Ok(html_status(StatusCode::OK, &page))
}

/// One row of resources in the project form.
struct ResourceRow {
    index: usize,
    kind: String,
    label: String,
    amount: String,
}

#[derive(Template)]
#[template(path = "projects/project_form.html")]
struct FormPage {
    page: Page,
    /// Where the form posts.
    action: String,
    f: Fields,
    /// The collectives the member may propose in (id, name).
    collectives: Vec<(CollectiveId, String)>,
    editing: bool,
    skills: Vec<(Skill, bool)>,
    /// How many skills are ticked (the folded list says it).
    skills_wanted: usize,
    resources: Vec<ResourceRow>,
    kinds: &'static [ResourceKind],
    errors: FormErrors,
}

/// Resource rows the form shows at first; "add a resource" adds one.
const RESOURCE_ROWS: usize = 1;
/// The most resources a project may list (the module's rule).
const MAX_RESOURCES: usize = 30;

async fn form_view(
    who: &Who,
    action: String,
    title_key: &str,
    f: Fields,
    editing: bool,
    errors: FormErrors,
) -> Page_ {
    let Who { state, ctx, member } = who;
    let collectives = collectives::memberships_of(&state.db, &member.id)
        .await?
        .into_iter()
        .filter(|m| m.left_at.is_none() && !m.is_project)
        .map(|m| (m.collective_id, m.name))
        .collect();
    let page = FormPage {
        page: Page::titled(ctx, title_key),
        action,
        collectives,
        editing,
        skills_wanted: Skill::ALL
            .iter()
            .filter(|s| f.has(&format!("skill_{}", s.code())))
            .count(),
        skills: Skill::ALL
            .iter()
            .map(|s| (*s, f.has(&format!("skill_{}", s.code()))))
            .collect(),
        resources: (0..f.rows(
            "resource_label_",
            ("resource_rows", "add_resource"),
            (RESOURCE_ROWS, MAX_RESOURCES),
        ))
            .map(|i| ResourceRow {
                index: i,
                kind: f.get(&format!("resource_kind_{i}")).to_owned(),
                label: f.get(&format!("resource_label_{i}")).to_owned(),
                amount: f.get(&format!("resource_amount_{i}")).to_owned(),
            })
            .collect(),
        kinds: ResourceKind::ALL,
        f,
        errors,
    };
    Ok(html_status(page.errors.status(), &page))
}

#[derive(Deserialize)]
struct NewQuery {
    #[serde(default)]
    collective: Option<String>,
}

async fn new_page(Acting(who): Acting, Query(q): Query<NewQuery>) -> Page_ {
    let f = Fields(vec![(
        "collective_id".into(),
        q.collective.unwrap_or_default(),
    )]);
    form_view(
        &who,
        "/projects".into(),
        "project-new-title",
        f,
        false,
        FormErrors::none(),
    )
    .await
}

/// The project a submitted form describes.
fn input_of(f: &Fields) -> Result<ProjectInput, AppError> {
    let mut resources = Vec::new();
    for i in 0..MAX_RESOURCES {
        let label = f.get(&format!("resource_label_{i}")).trim();
        if label.is_empty() {
            continue;
        }
        let kind = ResourceKind::parse(f.get(&format!("resource_kind_{i}")))
            .unwrap_or(ResourceKind::Material);
        let amount = match kind {
            ResourceKind::Money => {
                Some(amount_field(f.get(&format!("resource_amount_{i}")), "resources")? as i64)
            }
            _ => None,
        };
        resources.push(Resource {
            kind,
            label: label.to_owned(),
            amount,
        });
    }
    let headcount = match f.get("headcount").trim() {
        "" => 0,
        n => n
            .parse()
            .map_err(|_| AppError::field("headcount", "error-project-headcount"))?,
    };
    Ok(ProjectInput {
        collective_id: Some(f.get("collective_id"))
            .filter(|c| !c.is_empty())
            .map(CollectiveId::from),
        title: f.get("title").to_owned(),
        summary: f.get("summary").to_owned(),
        objectives: f.get("objectives").to_owned(),
        place: f.get("place").to_owned(),
        starts_on: Some(f.get("starts_on").to_owned()),
        ends_on: Some(f.get("ends_on").to_owned()),
        headcount,
        skills: Skill::ALL
            .iter()
            .filter(|s| f.has(&format!("skill_{}", s.code())))
            .map(|s| s.code().to_owned())
            .collect(),
        resources,
    })
}

async fn create(Acting(who): Acting, CsrfForm(fields): CsrfForm<Vec<(String, String)>>) -> Page_ {
    let Who { state, ctx, member } = &who;
    let f = Fields(fields);
    // "Add a resource": the form again, as typed, with one more row.
    if f.has("redisplay") {
        let (action, title) = ("/projects".into(), "project-new-title");
        return form_view(&who, action, title, f, false, FormErrors::none()).await;
    }
    let created = match input_of(&f) {
        Ok(input) => projects::create(&state.db, member, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        ctx,
        created,
        |p| Done::to(format!("/projects/{}", p.id), "flash-project-created"),
        |errors| {
            form_view(
                &who,
                "/projects".into(),
                "project-new-title",
                f,
                false,
                errors,
            )
        },
    )
    .await
}

/// A project as its form shows it.
fn fields_of(tr: &kernel::i18n::Tr, p: &Project) -> Fields {
    let mut f = vec![
        (
            "collective_id".to_owned(),
            p.collective_id
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_default(),
        ),
        ("title".into(), p.title.clone()),
        ("summary".into(), p.summary.clone()),
        ("objectives".into(), p.objectives.clone()),
        ("place".into(), p.place.clone()),
        ("starts_on".into(), p.starts_on.clone().unwrap_or_default()),
        ("ends_on".into(), p.ends_on.clone().unwrap_or_default()),
        ("headcount".into(), p.headcount.to_string()),
    ];
    for s in &p.skills {
        f.push((format!("skill_{}", s.code()), "on".into()));
    }
    for (i, r) in p.resources.iter().enumerate() {
        f.push((format!("resource_kind_{i}"), r.kind.code().into()));
        f.push((format!("resource_label_{i}"), r.label.clone()));
        if let Some(a) = r.amount {
            f.push((format!("resource_amount_{i}"), decimal(tr, a as u64)));
        }
    }
    Fields(f)
}

async fn edit_page(Acting(who): Acting, place: InGroup) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, member, .. } = &who;
    projects::require_coordinator(&state.db, &member.id, &id).await?;
    let project = projects::load(&state.db, &id).await?;
    form_view(
        &who,
        format!("/projects/{id}/edit"),
        "project-edit-title",
        fields_of(&who.ctx.tr, &project),
        true,
        FormErrors::none(),
    )
    .await
}

async fn update(
    Acting(who): Acting,
    place: InGroup,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, ctx, member } = &who;
    let f = Fields(fields);
    if f.has("redisplay") {
        let (action, title) = (format!("/projects/{id}/edit"), "project-edit-title");
        return form_view(&who, action, title, f, true, FormErrors::none()).await;
    }
    let updated = match input_of(&f) {
        Ok(input) => projects::update(&state.db, &member.id, &id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        ctx,
        updated,
        |_| Done::to(format!("/projects/{id}"), "flash-saved"),
        |errors| {
            form_view(
                &who,
                format!("/projects/{id}/edit"),
                "project-edit-title",
                f,
                true,
                errors,
            )
        },
    )
    .await
}

// ---------- the overview ----------

#[derive(Template)]
#[template(path = "projects/project.html")]
struct OverviewPage {
    page: Page,
    head: Head,
    objectives_html: String,
    members: Vec<CollectiveMember>,
    missing_skills: Vec<Skill>,
    next_states: &'static [ProjectState],
    /// How it is validated, and whether the viewer may.
    validation: Validation,
    may_validate: bool,
    validation_decision: Option<kernel::decisions::Decision>,
    validation_outcome: Option<String>,
    /// The collective's decision refused it: amend and ask again.
    validation_failed: bool,
    decisions: Vec<(DecisionId, String, String)>,
    default_close: String,
    errors: FormErrors,
}

async fn overview_view(who: &Who, place: &InGroup, errors: FormErrors) -> Page_ {
    let id = &place.group.id;
    let Who { state, ctx, member } = who;
    let head = head(state, member, place, "overview").await?;
    let team = projects::team(&state.db, &head.project).await?;
    let (validation, may_validate) =
        projects::how_validated(&state.db, member, &head.project).await?;
    let page = Page::new(ctx, head.project.title.clone());
    let validation_decision = match &head.project.validation_decision_id {
        Some(d) => kernel::decisions::get(&state.db, &member.id, d).await.ok(),
        None => None,
    };
    let validation_outcome = validation_decision
        .as_ref()
        .and_then(|d| outcome_of(&page, d));
    // While its vote is under way, nobody can ask again.
    let may_validate = may_validate
        && validation_decision
            .as_ref()
            .is_none_or(|d| d.result.is_some());
    let validation_failed = validation_decision.as_ref().is_some_and(|d| {
        d.result
            .as_ref()
            .is_some_and(|r| !kernel::decisions::passed(&d.method, r))
    });
    let decisions = if head.is_member() {
        kernel::decisions::list(&state.db, &member.id, id)
            .await?
            .into_iter()
            .map(|d| {
                let said = outcome_of(&page, &d).unwrap_or_else(|| {
                    page.tr
                        .t1("decisions-open-until", "date", &page.time(&d.closes_at))
                });
                (d.id, d.question, said)
            })
            .collect()
    } else {
        Vec::new()
    };
    let view = OverviewPage {
        objectives_html: markdown(&head.project.objectives),
        members: team.members,
        missing_skills: team.missing_skills,
        next_states: head.project.state.next(),
        validation,
        may_validate,
        validation_decision,
        validation_outcome,
        validation_failed,
        decisions,
        default_close: local_input(&page, kernel::db::now_ms() + 7 * DAY_MS),
        errors,
        page,
        head,
    };
    Ok(html_status(view.errors.status(), &view))
}

/// A closed decision's outcome in words: passed or not.
fn outcome_of(page: &Page, d: &kernel::decisions::Decision) -> Option<String> {
    let result = d.result.as_ref()?;
    Some(page.t(if kernel::decisions::passed(&d.method, result) {
        "decision-passed"
    } else {
        "decision-not-passed"
    }))
}

async fn overview(who: Who, place: InGroup) -> Page_ {
    overview_view(&who, &place, FormErrors::none()).await
}

/// Runs an action of the overview, then back to it saying `key`; a
/// refusal is shown on it.
async fn on_overview(
    who: &Who,
    (place, key): (&InGroup, &'static str),
    done: Result<(), AppError>,
) -> Page_ {
    let id = &place.group.id;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/projects/{id}"), key),
        |errors| overview_view(who, place, errors),
    )
    .await
}

async fn join(Acting(who): Acting, place: InGroup, CsrfForm(_): CsrfForm<Empty>) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, member, .. } = &who;
    let done = projects::join(&state.db, member, &id).await;
    on_overview(&who, (&place, "flash-joined"), done).await
}

async fn leave(who: Who, place: InGroup, CsrfForm(_): CsrfForm<Empty>) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, member, .. } = &who;
    let done = projects::leave(&state.db, &member.id, &id).await;
    on_overview(&who, (&place, "flash-left"), done).await
}

#[derive(Deserialize)]
struct StateForm {
    state: String,
}

async fn set_state(
    Acting(who): Acting,
    place: InGroup,
    CsrfForm(form): CsrfForm<StateForm>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, member, .. } = &who;
    let done = match ProjectState::parse(&form.state) {
        Some(s) => projects::set_state(&state.db, &member.id, &id, s)
            .await
            .map(|_| ()),
        None => Err(AppError::field("state", "error-required")),
    };
    on_overview(&who, (&place, "flash-saved"), done).await
}

async fn validate(Acting(who): Acting, place: InGroup, CsrfForm(_): CsrfForm<Empty>) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, member, .. } = &who;
    let done = projects::validate(&state.db, member, &id).await.map(|_| ());
    on_overview(&who, (&place, "flash-project-validated"), done).await
}

async fn ask_validation(
    Acting(who): Acting,
    place: InGroup,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, ctx, member } = &who;
    let f = Fields(fields);
    let asked = async {
        let method = MethodKind::parse(f.get("method"))
            .filter(|m| m.says_yes_or_no())
            .ok_or(AppError::field("method", "error-decision-effect-method"))?;
        let closes_at = parse_local(f.get("closes_at"), &member.time_zone, "closes_at")?;
        let project = projects::load(&state.db, &id).await?;
        let request = ValidationRequest {
            method,
            closes_at,
            options: if method == MethodKind::Majority {
                vec![
                    ctx.tr.t("decision-option-for"),
                    ctx.tr.t("decision-option-against"),
                ]
            } else {
                Vec::new()
            },
        };
        let question = ctx
            .tr
            .t1("project-validation-question", "project", &project.title);
        projects::ask_validation(&state.db, member, &id, &request, question).await
    }
    .await;
    after_form(
        ctx,
        asked,
        |d| Done::to(format!("/decisions/{}", d.id), "flash-decision-opened"),
        |errors| overview_view(&who, &place, errors),
    )
    .await
}

// ---------- the forum ----------

#[derive(Template)]
#[template(path = "projects/forum.html")]
struct ForumPage {
    page: Page,
    head: Head,
    threads: Vec<Thread>,
    f: Fields,
    errors: FormErrors,
}

async fn forum_view(who: &Who, place: &InGroup, f: Fields, errors: FormErrors) -> Page_ {
    let id = &place.group.id;
    let Who { state, ctx, member } = who;
    let head = head(state, member, place, "forum").await?;
    let view = ForumPage {
        page: Page::new(ctx, head.project.title.clone()),
        threads: forum::threads(&state.db, &member.id, id).await?,
        head,
        f,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn forum_page(who: Who, place: InGroup) -> Page_ {
    forum_view(&who, &place, Fields(vec![]), FormErrors::none()).await
}

async fn create_thread(
    Acting(who): Acting,
    place: InGroup,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, ctx, member } = &who;
    let f = Fields(fields);
    let input = ThreadInput {
        title: f.get("title").to_owned(),
        body: f.get("body").to_owned(),
    };
    let done = forum::create_thread(&state.db, member, &id, &input).await;
    after_form(
        ctx,
        done,
        |thread| {
            Done::to(
                format!("/projects/{id}/forum/{thread}"),
                "flash-thread-created",
            )
        },
        |errors| forum_view(&who, &place, f, errors),
    )
    .await
}

/// A post as the thread page shows it.
struct PostView {
    post: Post,
    html: String,
    mine: bool,
    /// Where "new since your last visit" begins.
    first_unread: bool,
}

#[derive(Template)]
#[template(path = "projects/thread.html")]
struct ThreadPage {
    page: Page,
    head: Head,
    thread: Thread,
    posts: Vec<PostView>,
    /// The post being edited, and the text typed.
    editing: Option<String>,
    body: String,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
struct ThreadQuery {
    #[serde(default)]
    edit: Option<String>,
}

async fn thread_view(
    who: &Who,
    place: &InGroup,
    thread_id: &str,
    editing: Option<String>,
    body: String,
    errors: FormErrors,
) -> Page_ {
    let id = &place.group.id;
    let Who { state, ctx, member } = who;
    // Read first, so that the forum tab no longer counts this thread.
    let (thread, posts) = forum::read_thread(&state.db, &member.id, id, thread_id).await?;
    let head = head(state, member, place, "forum").await?;
    let body = match (&editing, body.is_empty()) {
        (Some(post), true) => posts
            .iter()
            .find(|p| &p.id == post && p.author_id == member.id)
            .map(|p| p.body.clone())
            .unwrap_or_default(),
        _ => body,
    };
    let first_unread = posts.iter().position(|p| p.unread);
    let view = ThreadPage {
        page: Page::new(ctx, thread.title.clone()),
        posts: posts
            .into_iter()
            .enumerate()
            .map(|(i, p)| PostView {
                html: markdown(&p.body),
                mine: p.author_id == member.id,
                first_unread: Some(i) == first_unread,
                post: p,
            })
            .collect(),
        head,
        thread,
        editing,
        body,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn thread_page(
    who: Who,
    place: InGroup,
    Path((_, thread)): Path<(String, String)>,
    Query(q): Query<ThreadQuery>,
) -> Page_ {
    thread_view(
        &who,
        &place,
        &thread,
        q.edit,
        String::new(),
        FormErrors::none(),
    )
    .await
}

#[derive(Deserialize)]
struct BodyForm {
    #[serde(default)]
    body: String,
}

async fn reply(
    Acting(who): Acting,
    place: InGroup,
    Path((_, thread)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<BodyForm>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, ctx, member } = &who;
    let input = PostInput {
        body: form.body.clone(),
    };
    after_form(
        ctx,
        forum::reply(&state.db, member, &id, &thread, &input).await,
        |post| {
            Done::to(
                format!("/projects/{id}/forum/{thread}#p-{post}"),
                "flash-posted",
            )
        },
        |errors| thread_view(&who, &place, &thread, None, form.body, errors),
    )
    .await
}

#[derive(Deserialize)]
struct EditForm {
    #[serde(default)]
    body: String,
    thread: String,
}

async fn edit_post(
    Acting(who): Acting,
    place: InGroup,
    Path((_, post)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<EditForm>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, ctx, member } = &who;
    let input = PostInput {
        body: form.body.clone(),
    };
    after_form(
        ctx,
        forum::edit(&state.db, member, &id, &post, &input).await,
        |thread| {
            Done::to(
                format!("/projects/{id}/forum/{thread}#p-{post}"),
                "flash-saved",
            )
        },
        |errors| {
            thread_view(
                &who,
                &place,
                &form.thread,
                Some(post.clone()),
                form.body,
                errors,
            )
        },
    )
    .await
}

#[derive(Deserialize)]
struct FlagForm {
    on: String,
}

async fn hide_post(
    State(state): State<AppState>,
    Active(member): Active,
    place: InGroup,
    Path((_, post)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<FlagForm>,
) -> Page_ {
    let id = place.group.id.clone();
    let thread = forum::set_hidden(&state.db, &member.id, &id, &post, form.on == "1").await?;
    let said = if form.on == "1" {
        "flash-post-hidden"
    } else {
        "flash-post-shown"
    };
    Ok(Done::to(format!("/projects/{id}/forum/{thread}#p-{post}"), said).into_response())
}

async fn lock(
    State(state): State<AppState>,
    Active(member): Active,
    place: InGroup,
    Path((_, thread)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<FlagForm>,
) -> Page_ {
    let id = place.group.id.clone();
    forum::set_locked(&state.db, &member.id, &id, &thread, form.on == "1").await?;
    let said = if form.on == "1" {
        "flash-thread-locked"
    } else {
        "flash-thread-unlocked"
    };
    Ok(Done::to(format!("/projects/{id}/forum/{thread}"), said).into_response())
}

// ---------- the agenda ----------

/// The repetitions the event form offers, turned into a rule.
fn rule_of(f: &Fields, starts_at: i64, tz: &str) -> Result<Option<String>, AppError> {
    let custom = f.get("rrule").trim();
    if !custom.is_empty() {
        return Ok(Some(custom.to_owned()));
    }
    let start = jiff::Timestamp::from_millisecond(starts_at)
        .ok()
        .zip(jiff::tz::TimeZone::get(tz).ok())
        .map(|(t, z)| t.to_zoned(z));
    let Some(start) = start else {
        return Ok(None);
    };
    let day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        [start.weekday().to_monday_zero_offset() as usize];
    let mut rule = match f.get("repeat") {
        "daily" => "FREQ=DAILY".to_owned(),
        "weekly" => format!("FREQ=WEEKLY;BYDAY={day}"),
        "monthly_day" => format!("FREQ=MONTHLY;BYMONTHDAY={}", start.day()),
        "monthly_weekday" => {
            let nth = (start.day() - 1) / 7 + 1;
            let nth = if nth >= 5 { -1 } else { nth };
            format!("FREQ=MONTHLY;BYDAY={nth}{day}")
        }
        "yearly" => "FREQ=YEARLY".to_owned(),
        _ => return Ok(None),
    };
    match f.get("interval").trim().parse::<u32>() {
        Ok(i) if i > 1 => rule.push_str(&format!(";INTERVAL={i}")),
        _ => {}
    }
    let count = f.get("count").trim();
    let until = f.get("until").trim();
    if !count.is_empty() {
        rule.push_str(&format!(";COUNT={count}"));
    } else if !until.is_empty() {
        let date = until
            .parse::<jiff::civil::Date>()
            .map_err(|_| AppError::field("until", "error-date"))?;
        rule.push_str(&format!(";UNTIL={}", date.strftime("%Y%m%d")));
    }
    Ok(Some(rule))
}

/// The event a submitted form describes, its times read in its zone.
fn event_of(f: &Fields, member: &Member) -> Result<EventInput, AppError> {
    let zone = match f.get("time_zone").trim() {
        "" => member.time_zone.clone(),
        z => z.to_owned(),
    };
    let zone_ok = jiff::tz::TimeZone::get(&zone).is_ok();
    let read_in = if zone_ok {
        zone.as_str()
    } else {
        member.time_zone.as_str()
    };
    let starts_at = parse_local(f.get("starts_at"), read_in, "starts_at")?;
    let ends_at = parse_local(f.get("ends_at"), read_in, "ends_at")?;
    let rrule = rule_of(f, starts_at, read_in)?;
    Ok(EventInput {
        title: f.get("title").to_owned(),
        description: f.get("description").to_owned(),
        place: f.get("place").to_owned(),
        starts_at,
        ends_at,
        time_zone: Some(zone),
        rrule,
    })
}

#[derive(Template)]
#[template(path = "projects/agenda.html")]
struct AgendaPage {
    page: Page,
    head: Head,
    /// Each occurrence with who answered what, in words, and whether the
    /// viewer may change its event.
    occurrences: Vec<(Occurrence, String, bool)>,
    answers: &'static [Answer],
    f: Fields,
    feed_url: Option<String>,
    /// Editing this event (its form), else planning a new one.
    editing: Option<String>,
    errors: FormErrors,
    window: Window,
    /// The window's dates, when it is not the one from now.
    window_title: Option<String>,
    /// The zones an event may be held in.
    zones: &'static [String],
}

/// The stretch of time the agenda shows: [`AGENDA_DAYS`] days from `from`
/// (a date in the viewer's zone), or from now.
#[derive(Deserialize, Default)]
struct AgendaQuery {
    #[serde(default)]
    from: Option<String>,
}

/// How many days the agenda shows at once.
const AGENDA_DAYS: i64 = 90;

/// The agenda's window as the page shows it, with the dates of the windows
/// before and after.
struct Window {
    start: i64,
    end: i64,
    /// Whether it is another window than the one starting now.
    paged: bool,
    earlier: String,
    later: String,
}

impl Window {
    /// `from` (a `YYYY-MM-DD` date in `tz`), or now; an unreadable date is
    /// refused.
    fn of(from: Option<&str>, tz: &str) -> Result<Window, AppError> {
        let Some(date) = from.map(str::trim).filter(|d| !d.is_empty()) else {
            return Ok(Window::from_now(tz));
        };
        let start = date
            .parse::<jiff::civil::Date>()
            .ok()
            .and_then(|d| d.to_zoned(zone(tz)).ok())
            .map(|z| z.timestamp().as_millisecond())
            .ok_or(AppError::field("from", "error-date"))?;
        Ok(Window::starting(start, true, tz))
    }

    /// The window shown first: from a little before now.
    fn from_now(tz: &str) -> Window {
        Window::starting(kernel::db::now_ms() - 3 * 3600 * 1000, false, tz)
    }

    fn starting(start: i64, paged: bool, tz: &str) -> Window {
        let span = AGENDA_DAYS * DAY_MS;
        Window {
            start,
            end: start + span,
            paged,
            earlier: date_in(start - span, tz),
            later: date_in(start + span, tz),
        }
    }
}

fn zone(tz: &str) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// The date (`YYYY-MM-DD`) of `ms` in `tz`.
fn date_in(ms: i64, tz: &str) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned(zone(tz)).date().to_string())
        .unwrap_or_default()
}

/// Where the agenda shows the occurrence of `event` starting at
/// `starts_at`: in the window shown first, or in the one from its day.
fn agenda_place_of(id: &ProjectId, (event, starts_at): (&str, i64), tz: &str) -> String {
    let anchor = format!("#o-{event}-{starts_at}");
    let first = Window::from_now(tz);
    if (first.start..first.end).contains(&starts_at) {
        format!("/projects/{id}/agenda{anchor}")
    } else {
        format!(
            "/projects/{id}/agenda?from={}{anchor}",
            date_in(starts_at, tz)
        )
    }
}

async fn agenda_view(
    who: &Who,
    (place, window): (&InGroup, Window),
    f: Fields,
    feed_url: Option<String>,
    editing: Option<String>,
    errors: FormErrors,
) -> Page_ {
    let id = &place.group.id;
    let Who { state, ctx, member } = who;
    let head = head(state, member, place, "agenda").await?;
    let now = kernel::db::now_ms();
    let page = Page::new(ctx, head.project.title.clone());
    let f = if f.0.is_empty() {
        Fields(vec![
            ("starts_at".into(), local_input(&page, now + DAY_MS)),
            (
                "ends_at".into(),
                local_input(&page, now + DAY_MS + 2 * 3600 * 1000),
            ),
            ("time_zone".into(), member.time_zone.clone()),
        ])
    } else {
        f
    };
    let occurrences = agenda::agenda(&state.db, &member.id, id, window.start, window.end)
        .await?
        .into_iter()
        .map(|o| {
            let counts = page.tr.format(
                "agenda-answers",
                &[
                    ("yes", &o.yes.to_string()),
                    ("maybe", &o.maybe.to_string()),
                    ("no", &o.no.to_string()),
                ],
            );
            let may_change = o.planned_by == member.id || head.is_coordinator();
            (o, counts, may_change)
        })
        .collect();
    let window_title = window.paged.then(|| {
        let (from, to) = (page.time(&window.start), page.time(&(window.end - 1)));
        ctx.tr
            .format("agenda-window", &[("from", &from), ("to", &to)])
    });
    let view = AgendaPage {
        occurrences,
        answers: Answer::ALL,
        page,
        head,
        f,
        feed_url,
        editing,
        errors,
        window_title,
        window,
        zones: web::render::time_zones(),
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn agenda_page(who: Who, place: InGroup, Query(q): Query<AgendaQuery>) -> Page_ {
    let window = Window::of(q.from.as_deref(), &who.member.time_zone)?;
    agenda_view(
        &who,
        (&place, window),
        Fields(vec![]),
        None,
        None,
        FormErrors::none(),
    )
    .await
}

async fn create_event(
    Acting(who): Acting,
    place: InGroup,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, ctx, member } = &who;
    let f = Fields(fields);
    let created = match event_of(&f, member) {
        Ok(input) => agenda::create(&state.db, member, &id, &input).await,
        Err(e) => Err(e),
    };
    let tz = &member.time_zone;
    after_form(
        ctx,
        created,
        // Where it is, said and linked, even beyond the window shown first.
        |event| {
            let when = kernel::l10n::date_time(ctx.lang, event.starts_at, tz);
            let place = agenda_place_of(&id, (&event.id, event.starts_at), tz);
            Done::to(place, "flash-event-created").with("date", when)
        },
        |errors| agenda_view(&who, (&place, Window::from_now(tz)), f, None, None, errors),
    )
    .await
}

/// An event as its form shows it (times in its own zone).
fn fields_of_event(e: &agenda::Event) -> Fields {
    let local = |ms: i64| web::render::format_time(ms, &e.time_zone).replace(' ', "T");
    Fields(vec![
        ("title".into(), e.title.clone()),
        ("description".into(), e.description.clone()),
        ("place".into(), e.place.clone()),
        ("starts_at".into(), local(e.starts_at)),
        ("ends_at".into(), local(e.ends_at)),
        ("time_zone".into(), e.time_zone.clone()),
        ("rrule".into(), e.rrule.clone().unwrap_or_default()),
    ])
}

async fn event_page(
    Acting(who): Acting,
    place: InGroup,
    Path((_, event)): Path<(String, String)>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, member, .. } = &who;
    let e = agenda::events(&state.db, &member.id, &id)
        .await?
        .into_iter()
        .find(|e| e.id == event)
        .ok_or(AppError::NotFound)?;
    agenda_view(
        &who,
        (&place, Window::from_now(&member.time_zone)),
        fields_of_event(&e),
        None,
        Some(event),
        FormErrors::none(),
    )
    .await
}

async fn update_event(
    Acting(who): Acting,
    place: InGroup,
    Path((_, event)): Path<(String, String)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, ctx, member } = &who;
    let f = Fields(fields);
    let updated = match event_of(&f, member) {
        Ok(input) => agenda::update(&state.db, member, &id, &event, &input).await,
        Err(e) => Err(e),
    };
    let tz = &member.time_zone;
    after_form(
        ctx,
        updated,
        |changed| {
            let place = agenda_place_of(&id, (&changed.id, changed.starts_at), tz);
            Done::to(place, "flash-saved")
        },
        |errors| {
            let window = Window::from_now(tz);
            agenda_view(&who, (&place, window), f, None, Some(event), errors)
        },
    )
    .await
}

async fn cancel_event(
    State(state): State<AppState>,
    Active(member): Active,
    place: InGroup,
    Path((_, event)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Page_ {
    let id = place.group.id.clone();
    agenda::cancel(&state.db, &member.id, &id, &event).await?;
    Ok(Done::to(format!("/projects/{id}/agenda"), "flash-event-cancelled").into_response())
}

#[derive(Deserialize)]
struct AttendForm {
    occurrence_at: i64,
    answer: String,
}

async fn attend(
    Acting(who): Acting,
    place: InGroup,
    Path((_, event)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<AttendForm>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, ctx, member } = &who;
    let done = match Answer::parse(&form.answer) {
        Some(a) => agenda::answer(&state.db, &member.id, &id, &event, form.occurrence_at, a).await,
        None => Err(AppError::field("answer", "error-required")),
    };
    after_form(
        ctx,
        done,
        |_| {
            let place = agenda_place_of(&id, (&event, form.occurrence_at), &member.time_zone);
            Done::to(place, "flash-answer-saved")
        },
        |errors| {
            let window = Window::from_now(&member.time_zone);
            agenda_view(&who, (&place, window), Fields(vec![]), None, None, errors)
        },
    )
    .await
}

async fn new_feed(who: Who, place: InGroup, CsrfForm(_): CsrfForm<Empty>) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, member, .. } = &who;
    let token = agenda::new_feed(&state.db, &member.id, &id).await?;
    let url = state
        .settings
        .link(&format!("/projects/{id}/agenda.ics?key={token}"));
    agenda_view(
        &who,
        (&place, Window::from_now(&member.time_zone)),
        Fields(vec![]),
        Some(url),
        None,
        FormErrors::none(),
    )
    .await
}

#[derive(Deserialize)]
struct FeedQuery {
    #[serde(default)]
    key: String,
}

/// The iCalendar feed: its secret address is its only key.
/// Read by calendar apps, signed out: the secret key is the only pass.
async fn feed(
    State(state): State<AppState>,
    Path(id): Path<ProjectId>,
    Query(q): Query<FeedQuery>,
) -> Page_ {
    let body = agenda::feed(&state.db, state.settings.base_url.as_str(), &id, &q.key).await?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=300"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline; filename=\"agenda.ics\""),
    );
    Ok(response)
}

// ---------- the task board ----------

#[derive(Deserialize, Default)]
struct BoardQuery {
    #[serde(default)]
    mine: Option<String>,
}

#[derive(Template)]
#[template(path = "projects/tasks.html")]
struct TasksPage {
    page: Page,
    head: Head,
    columns: Vec<(Status, Vec<Task>)>,
    statuses: &'static [Status],
    members: Vec<CollectiveMember>,
    /// The members ticked in the form.
    assigned: Vec<MemberId>,
    mine: bool,
    f: Fields,
    /// Editing this task (its form), else adding one.
    editing: Option<String>,
    errors: FormErrors,
}

async fn tasks_view(
    who: &Who,
    place: &InGroup,
    mine: bool,
    f: Fields,
    editing: Option<String>,
    errors: FormErrors,
) -> Page_ {
    let id = &place.group.id;
    let Who { state, ctx, member } = who;
    let head = head(state, member, place, "tasks").await?;
    let all = tasks::list(&state.db, &member.id, id, &TaskFilter { mine }).await?;
    let columns = Status::ALL
        .iter()
        .map(|s| (*s, all.iter().filter(|t| t.status == *s).cloned().collect()))
        .collect();
    let view = TasksPage {
        page: Page::new(ctx, head.project.title.clone()),
        members: collectives::members(&state.db, id).await?,
        assigned: f
            .0
            .iter()
            .filter_map(|(k, _)| k.strip_prefix("assignee_").map(MemberId::from))
            .collect(),
        head,
        columns,
        statuses: Status::ALL,
        mine,
        f,
        editing,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn tasks_page(who: Who, place: InGroup, Query(q): Query<BoardQuery>) -> Page_ {
    tasks_view(
        &who,
        &place,
        q.mine.is_some(),
        Fields(vec![]),
        None,
        FormErrors::none(),
    )
    .await
}

fn task_of(f: &Fields) -> TaskInput {
    TaskInput {
        title: f.get("title").to_owned(),
        description: f.get("description").to_owned(),
        status: Status::parse(f.get("status")),
        due_on: Some(f.get("due_on").to_owned()),
        assignees: f
            .0
            .iter()
            .filter_map(|(k, _)| k.strip_prefix("assignee_").map(MemberId::from))
            .collect(),
    }
}

async fn create_task(
    Acting(who): Acting,
    place: InGroup,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, ctx, member } = &who;
    let f = Fields(fields);
    let done = tasks::create(&state.db, member, &id, &task_of(&f)).await;
    after_form(
        ctx,
        done,
        |task| {
            Done::to(
                format!("/projects/{id}/tasks#t-{task}"),
                "flash-task-created",
            )
        },
        |errors| tasks_view(&who, &place, false, f, None, errors),
    )
    .await
}

async fn task_page(
    Acting(who): Acting,
    place: InGroup,
    Path((_, task)): Path<(String, String)>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, member, .. } = &who;
    let t = tasks::list(&state.db, &member.id, &id, &TaskFilter::default())
        .await?
        .into_iter()
        .find(|t| t.id == task)
        .ok_or(AppError::NotFound)?;
    let mut f = vec![
        ("title".to_owned(), t.title.clone()),
        ("description".into(), t.description.clone()),
        ("status".into(), t.status.code().into()),
        ("due_on".into(), t.due_on.clone().unwrap_or_default()),
    ];
    for a in &t.assignees {
        f.push((format!("assignee_{}", a.member_id), "on".into()));
    }
    tasks_view(
        &who,
        &place,
        false,
        Fields(f),
        Some(task),
        FormErrors::none(),
    )
    .await
}

async fn update_task(
    Acting(who): Acting,
    place: InGroup,
    Path((_, task)): Path<(String, String)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, ctx, member } = &who;
    let f = Fields(fields);
    let done = tasks::update(&state.db, member, &id, &task, &task_of(&f)).await;
    let next = format!("/projects/{id}/tasks#t-{task}");
    after_form(
        ctx,
        done,
        |_| Done::to(next, "flash-saved"),
        |errors| tasks_view(&who, &place, false, f, Some(task), errors),
    )
    .await
}

#[derive(Deserialize)]
struct MoveForm {
    status: String,
    #[serde(default)]
    mine: Option<String>,
}

async fn move_task(
    State(state): State<AppState>,
    Active(member): Active,
    place: InGroup,
    Path((_, task)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> Page_ {
    let id = place.group.id.clone();
    let status = Status::parse(&form.status).ok_or(AppError::field("status", "error-required"))?;
    tasks::set_status(&state.db, &member.id, &id, &task, status).await?;
    let mine = if form.mine.is_some() { "?mine=1" } else { "" };
    Ok(Done::to(
        format!("/projects/{id}/tasks{mine}#t-{task}"),
        "flash-task-moved",
    )
    .into_response())
}

async fn delete_task(
    State(state): State<AppState>,
    Active(member): Active,
    place: InGroup,
    Path((_, task)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Page_ {
    let id = place.group.id.clone();
    tasks::delete(&state.db, &member.id, &id, &task).await?;
    Ok(Done::to(format!("/projects/{id}/tasks"), "flash-task-deleted").into_response())
}

// ---------- the mailing list ----------

#[derive(Template)]
#[template(path = "projects/list.html")]
struct ListArchivePage {
    page: Page,
    head: Head,
    messages: Vec<(Message, String)>,
    mode: Mode,
    modes: &'static [Mode],
    subject: String,
    body: String,
    sent: Option<i64>,
    errors: FormErrors,
}

async fn list_view(
    who: &Who,
    place: &InGroup,
    subject: String,
    body: String,
    sent: Option<i64>,
    errors: FormErrors,
) -> Page_ {
    let id = &place.group.id;
    let Who { state, ctx, member } = who;
    let head = head(state, member, place, "list").await?;
    let view = ListArchivePage {
        page: Page::new(ctx, head.project.title.clone()),
        messages: mailing::archive(&state.db, &member.id, id)
            .await?
            .into_iter()
            .map(|m| {
                let html = markdown(&m.body);
                (m, html)
            })
            .collect(),
        mode: mailing::mode(&state.db, id, &member.id).await?,
        modes: Mode::ALL,
        head,
        subject,
        body,
        sent,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn list_archive(who: Who, place: InGroup) -> Page_ {
    list_view(
        &who,
        &place,
        String::new(),
        String::new(),
        None,
        FormErrors::none(),
    )
    .await
}

#[derive(Deserialize)]
struct MessageForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
}

async fn send_message(
    Acting(who): Acting,
    place: InGroup,
    CsrfForm(form): CsrfForm<MessageForm>,
) -> Page_ {
    let id = place.group.id.clone();
    let Who { state, ctx, member } = &who;
    let input = MessageInput {
        subject: form.subject.clone(),
        body: form.body.clone(),
    };
    match mailing::send(&state.db, member, &id, &input).await {
        Ok(m) => {
            list_view(
                &who,
                &place,
                String::new(),
                String::new(),
                Some(m.recipients),
                FormErrors::none(),
            )
            .await
        }
        Err(err) => {
            let errors = FormErrors::from_error(ctx, err)?;
            list_view(&who, &place, form.subject, form.body, None, errors).await
        }
    }
}

#[derive(Deserialize)]
struct ModeForm {
    mode: String,
}

async fn subscription(
    State(state): State<AppState>,
    Active(member): Active,
    place: InGroup,
    CsrfForm(form): CsrfForm<ModeForm>,
) -> Page_ {
    let id = place.group.id.clone();
    let mode = Mode::parse(&form.mode).ok_or(AppError::field("mode", "error-required"))?;
    mailing::set_mode(&state.db, &member.id, &id, mode).await?;
    Ok(Done::to(format!("/projects/{id}/list"), "flash-saved").into_response())
}

#[derive(Template)]
#[template(path = "projects/unsubscribe.html")]
struct UnsubscribePage {
    page: Page,
    token: String,
    done: bool,
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(token): Path<String>,
) -> Page_ {
    let (_, title) = mailing::list_of_token(&state.db, &token).await?;
    let view = UnsubscribePage {
        page: Page::new(&ctx, ctx.tr.t1("list-unsubscribe-title", "project", &title)),
        token,
        done: false,
    };
    Ok(html_status(StatusCode::OK, &view))
}

/// Unsubscribes: from the page's button, or in one click from the mail
/// client (RFC 8058). The token in the address is the only key, so no
/// sign-in and no CSRF token are asked.
async fn unsubscribe(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(token): Path<String>,
) -> Page_ {
    let title = mailing::unsubscribe(&state.db, &token).await?;
    let view = UnsubscribePage {
        page: Page::new(&ctx, ctx.tr.t1("list-unsubscribe-title", "project", &title)),
        token,
        done: true,
    };
    Ok(html_status(StatusCode::OK, &view))
}

// ---------- skill commissions ----------

#[derive(Template)]
#[template(path = "projects/skills.html")]
struct SkillsPage {
    page: Page,
    counts: Vec<(Skill, i64, usize)>,
}

async fn skills_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
) -> Page_ {
    let visible = projects::list(&state.db, &member.id, &Filter::default()).await?;
    let counts = skills::counts(&state.db)
        .await?
        .into_iter()
        .map(|(skill, members)| {
            let needing = visible
                .iter()
                .filter(|p| {
                    p.skills.contains(&skill)
                        && !matches!(p.state, ProjectState::Completed | ProjectState::Abandoned)
                })
                .count();
            (skill, members, needing)
        })
        .collect();
    let view = SkillsPage {
        page: Page::titled(&ctx, "skills-title"),
        counts,
    };
    Ok(html_status(StatusCode::OK, &view))
}

#[derive(Template)]
#[template(path = "projects/commission.html")]
struct CommissionPage {
    page: Page,
    members: Vec<CommissionMember>,
    projects: Vec<Project>,
    offered: bool,
}

async fn commission_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    Path(skill): Path<String>,
) -> Page_ {
    let skill = Skill::parse(&skill).ok_or(AppError::NotFound)?;
    let members = skills::commission(&state.db, skill).await?;
    let view = CommissionPage {
        page: Page::new(
            &ctx,
            ctx.tr.t1(
                "commission-title",
                "skill",
                &ctx.tr.t(&format!("skill-{}", skill.code())),
            ),
        ),
        offered: members.iter().any(|m| m.member_id == member.id),
        projects: projects::needing(&state.db, &member.id, skill).await?,
        members,
    };
    Ok(html_status(StatusCode::OK, &view))
}

// ---------- a collective's projects ----------

#[derive(Template)]
#[template(path = "projects/collective_projects.html")]
struct CollectiveProjectsPage {
    page: Page,
    tabs: Vec<web::render::Tab>,
    collective: kernel::collectives::Collective,
    projects: Vec<Project>,
    validation: Validation,
    rules: &'static [Validation],
    coordinator: bool,
}

async fn collective_projects(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    MemberOf { collective, role }: MemberOf,
) -> Page_ {
    let filter = Filter {
        collective_id: Some(collective.id.clone()),
        ..Filter::default()
    };
    let view = CollectiveProjectsPage {
        page: Page::new(
            &ctx,
            ctx.tr
                .t1("collective-projects-title", "collective", &collective.name),
        ),
        tabs: web::render::collective_tabs(&ctx, &collective, Some(role)),
        projects: projects::list(&state.db, &member.id, &filter).await?,
        validation: projects::rule(&state.db, &collective.id).await?,
        rules: Validation::ALL,
        coordinator: role == Role::Coordinator,
        collective,
    };
    Ok(html_status(StatusCode::OK, &view))
}

#[derive(Deserialize)]
struct RulesForm {
    validation: String,
}

async fn set_rules(
    State(state): State<AppState>,
    Active(member): Active,
    InCollective { collective, .. }: InCollective,
    CsrfForm(form): CsrfForm<RulesForm>,
) -> Page_ {
    let slug = collective.slug.clone();
    let rule = Validation::parse(&form.validation)
        .ok_or(AppError::field("validation", "error-required"))?;
    projects::set_rule(&state.db, &member.id, &collective.id, rule).await?;
    Ok(Done::to(format!("/collectives/{slug}/projects"), "flash-saved").into_response())
}
