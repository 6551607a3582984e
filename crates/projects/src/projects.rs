//! Projects: proposed by a member inside a collective (or for the whole
//! instance), validated as that collective decided (by a coordinator or by
//! a collective decision), then run by the members who join them.
//!
//! A project's group is a collective of the kernel with the project's id:
//! its members, coordinators, decisions and treasury come from there.
//! Who may see a project (and join it) is the kernel's rule
//! ([`collectives::may_see`]): the members of its collective, or everyone
//! for a project of the whole instance.

use crate::ProjectId;
use kernel::{CollectiveId, DecisionId, MemberId};
use std::collections::HashMap;

use kernel::collectives::{self, Collective, CollectiveMember, Role};
use kernel::db::{Db, Tx, bind_all, new_id, now_ms, placeholders};
use kernel::decisions::{self, DecisionInput, MethodKind, ModuleEffect};
use kernel::error::Checks;
use kernel::members::Member;
use kernel::notifications::{self, Notice};
use kernel::skills::{self, Skill};
use kernel::validate::schema::{self, Rule as _};
use kernel::{AppError, validate};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::kinds;

/// The job a passed validation decision runs.
pub const JOB_VALIDATE: &str = "project.validate";

kernel::code_enum!(State {
    Proposed => "proposed",
    Validated => "validated",
    Active => "active",
    Completed => "completed",
    Abandoned => "abandoned",
});

impl State {
    /// The states a project's coordinators may move it to from this one
    /// (validation is the collective's, not theirs).
    pub fn next(self) -> &'static [State] {
        match self {
            State::Proposed => &[State::Abandoned],
            State::Validated => &[State::Active, State::Abandoned],
            State::Active => &[State::Completed, State::Abandoned],
            State::Completed | State::Abandoned => &[],
        }
    }
}

kernel::code_enum!(ResourceKind {
    Money => "money",
    Material => "material",
    Place => "place",
});

kernel::code_enum!(Validation {
    Coordinators => "coordinators",
    Decision => "decision",
});

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Resource {
    pub kind: ResourceKind,
    #[schema(schema_with = schema::line::<1, 200>)]
    pub label: String,
    /// For money: the amount in minor units (cents), needed, 1 to
    /// 100000000000; other kinds ignore it.
    #[serde(default)]
    pub amount: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ProjectInput {
    #[serde(default)]
    #[schema(schema_with = project_collective)]
    pub collective_id: Option<CollectiveId>,
    #[schema(schema_with = schema::line::<3, 120>)]
    pub title: String,
    #[serde(default)]
    #[schema(schema_with = project_summary)]
    pub summary: String,
    #[serde(default)]
    #[schema(schema_with = project_objectives)]
    pub objectives: String,
    #[serde(default)]
    #[schema(schema_with = schema::line::<0, 200>)]
    pub place: String,
    #[serde(default)]
    #[schema(schema_with = project_starts_on)]
    pub starts_on: Option<String>,
    #[serde(default)]
    #[schema(schema_with = project_ends_on)]
    pub ends_on: Option<String>,
    /// How many people it needs in all (0: no target).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10000)]
    pub headcount: i64,
    /// Skill codes it looks for.
    #[serde(default)]
    #[schema(value_type = Vec<Skill>)]
    pub skills: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 30)]
    pub resources: Vec<Resource>,
}

kernel::described! {
    /// The collective it is proposed in (its id); none: the whole instance.
    /// A change of the project keeps it where it was proposed, whatever this
    /// says.
    fn project_collective = schema::no_nul().or_null();
    /// One line saying what it is.
    fn project_summary = schema::line::<0, 200>();
    /// Its objectives (Markdown).
    fn project_objectives = schema::text::<10000>();
    /// A date, `YYYY-MM-DD`; null or blank for none.
    fn project_starts_on = schema::optional_date();
    /// A date, `YYYY-MM-DD`, not before `starts_on`; null or blank for none.
    fn project_ends_on = schema::optional_date();
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Project {
    pub id: ProjectId,
    pub collective_id: Option<CollectiveId>,
    pub collective_name: Option<String>,
    pub title: String,
    pub summary: String,
    pub objectives: String,
    pub place: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub headcount: i64,
    pub state: State,
    pub state_at: i64,
    /// The collective decision asked to validate it.
    pub validation_decision_id: Option<DecisionId>,
    pub proposed_by: MemberId,
    pub proposed_by_name: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub members: i64,
    pub skills: Vec<Skill>,
    pub resources: Vec<Resource>,
    pub tasks: i64,
    pub tasks_done: i64,
}

impl Project {
    /// Its progress, from its tasks: the share done, in percent.
    pub fn progress(&self) -> i64 {
        (self.tasks_done * 100).checked_div(self.tasks).unwrap_or(0)
    }

    /// How many more people it needs.
    pub fn still_needed(&self) -> i64 {
        (self.headcount - self.members).max(0)
    }
}

const COLUMNS: &str = "p.id, p.collective_id, p.title, p.summary, p.objectives, p.place, \
    p.starts_on, p.ends_on, p.headcount, p.state, p.state_at, p.validation_decision_id, \
    p.proposed_by, p.created_at, p.updated_at, \
    (SELECT COUNT(*) FROM tasks t WHERE t.project_id = p.id) AS tasks, \
    (SELECT COUNT(*) FROM tasks t WHERE t.project_id = p.id AND t.status = 'done') AS tasks_done";

/// Projects as stored, completed with what the kernel knows of their
/// groups (members), collectives and proposers.
async fn hydrate(db: &Db, rows: Vec<sqlx::any::AnyRow>) -> Result<Vec<Project>, AppError> {
    let mut ids: Vec<String> = rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    for r in &rows {
        if let Some(collective_id) = r.try_get::<Option<String>, _>("collective_id")? {
            ids.push(collective_id);
        }
    }
    let groups = collectives::get_many(db, &ids).await?;
    let group = |id: &CollectiveId| groups.iter().find(|c| c.id == *id);
    let projects_ids = &ids[..rows.len()];
    // The skills and resources of all of them, in two queries.
    let mut skills: HashMap<ProjectId, Vec<Skill>> = HashMap::new();
    let mut resources: HashMap<ProjectId, Vec<Resource>> = HashMap::new();
    if !rows.is_empty() {
        let within = placeholders(1, projects_ids.len());
        let sql =
            format!("SELECT project_id, skill FROM project_skills WHERE project_id IN ({within})");
        for x in bind_all(sqlx::query(&sql), projects_ids)
            .fetch_all(db.pool())
            .await?
        {
            if let Some(skill) = Skill::parse(x.try_get("skill")?) {
                skills
                    .entry(x.try_get("project_id")?)
                    .or_default()
                    .push(skill);
            }
        }
        let sql = format!(
            "SELECT project_id, kind, label, amount FROM project_resources \
             WHERE project_id IN ({within}) ORDER BY position"
        );
        for x in bind_all(sqlx::query(&sql), projects_ids)
            .fetch_all(db.pool())
            .await?
        {
            resources
                .entry(x.try_get("project_id")?)
                .or_default()
                .push(Resource {
                    kind: ResourceKind::parse(x.try_get("kind")?).unwrap_or(ResourceKind::Material),
                    label: x.try_get("label")?,
                    amount: x.try_get("amount")?,
                });
        }
    }
    let mut projects = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: ProjectId = r.try_get("id")?;
        let collective_id: Option<CollectiveId> = r.try_get("collective_id")?;
        let skills = skills.remove(&id).unwrap_or_default();
        let resources = resources.remove(&id).unwrap_or_default();
        let proposed_by: MemberId = r.try_get("proposed_by")?;
        projects.push(Project {
            members: group(&id).map_or(0, |g| g.member_count),
            collective_name: collective_id
                .as_ref()
                .and_then(group)
                .map(|c| c.name.clone()),
            proposed_by_name: kernel::members::get(db, &proposed_by)
                .await
                .map(|m| m.display_name)
                .unwrap_or_default(),
            proposed_by,
            collective_id,
            title: r.try_get("title")?,
            summary: r.try_get("summary")?,
            objectives: r.try_get("objectives")?,
            place: r.try_get("place")?,
            starts_on: r.try_get("starts_on")?,
            ends_on: r.try_get("ends_on")?,
            headcount: r.try_get("headcount")?,
            state: State::parse(r.try_get("state")?).unwrap_or(State::Proposed),
            state_at: r.try_get("state_at")?,
            validation_decision_id: r.try_get("validation_decision_id")?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
            skills,
            resources,
            tasks: r.try_get("tasks")?,
            tasks_done: r.try_get("tasks_done")?,
            id,
        });
    }
    Ok(projects)
}

/// The project, without asking who may see it: for callers that did
/// (`get`, or the kernel's `InGroup` extractor).
pub async fn load(db: &Db, id: &ProjectId) -> Result<Project, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM projects p WHERE p.id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    hydrate(db, vec![row])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// A project's group, for the rules of who sees and who acts.
pub async fn group(db: &Db, id: &ProjectId) -> Result<Collective, AppError> {
    let group = collectives::get(db, id).await?;
    if !group.is_project {
        return Err(AppError::NotFound);
    }
    Ok(group)
}

/// A project, for whoever may see it.
pub async fn get(db: &Db, viewer: &MemberId, id: &ProjectId) -> Result<Project, AppError> {
    require_sight(db, viewer, id).await?;
    load(db, id).await
}

/// Who may see the project: 403 for the others (404 if it does not exist).
pub async fn require_sight(
    db: &Db,
    viewer: &MemberId,
    id: &ProjectId,
) -> Result<Collective, AppError> {
    let group = group(db, id).await?;
    if collectives::may_see(db, &group, viewer).await? {
        Ok(group)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The project's members act in it (post, plan, take tasks): their role.
pub async fn require_member(db: &Db, actor: &MemberId, id: &ProjectId) -> Result<Role, AppError> {
    require_sight(db, actor, id).await?;
    collectives::role_of(db, id, actor)
        .await?
        .ok_or(AppError::NotAllowed("project-members-only"))
}

/// Its coordinators run it (edit, moderate, write to the list).
pub async fn require_coordinator(
    db: &Db,
    actor: &MemberId,
    id: &ProjectId,
) -> Result<(), AppError> {
    match require_member(db, actor, id).await? {
        Role::Coordinator => Ok(()),
        _ => Err(AppError::NotAllowed("project-coordinators-only")),
    }
}

/// Which projects to list.
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
pub struct Filter {
    /// Only those of this collective.
    #[serde(default)]
    pub collective_id: Option<CollectiveId>,
    /// Only those in this state.
    #[serde(default)]
    pub state: Option<State>,
    /// Only those the viewer is a member of.
    #[serde(default)]
    pub mine: bool,
}

/// The projects the viewer may see, newest first.
pub async fn list(db: &Db, viewer: &MemberId, filter: &Filter) -> Result<Vec<Project>, AppError> {
    let memberships: Vec<CollectiveId> = collectives::memberships_of(db, viewer)
        .await?
        .into_iter()
        .filter(|m| m.left_at.is_none())
        .map(|m| m.collective_id)
        .collect();
    // Placeholders $3… are the viewer's collectives and projects.
    let within = if memberships.is_empty() {
        "''".to_owned()
    } else {
        placeholders(3, memberships.len())
    };
    let seen = if filter.mine {
        format!("p.id IN ({within})")
    } else {
        format!("(p.collective_id IS NULL OR p.collective_id IN ({within}) OR p.id IN ({within}))")
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM projects p WHERE {seen} \
         AND ($1 = '' OR p.collective_id = $1) AND ($2 = '' OR p.state = $2) \
         ORDER BY p.created_at DESC LIMIT 200"
    );
    let query = sqlx::query(&sql)
        .bind(
            filter
                .collective_id
                .as_ref()
                .map_or("", CollectiveId::as_str),
        )
        .bind(filter.state.map(State::code).unwrap_or(""));
    let rows = bind_all(query, &memberships).fetch_all(db.pool()).await?;
    hydrate(db, rows).await
}

/// A date as the forms and the API give it: `YYYY-MM-DD`, or nothing.
fn date(text: Option<&str>) -> Result<Option<String>, &'static str> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => t
            .parse::<jiff::civil::Date>()
            .map(|d| Some(d.to_string()))
            .map_err(|_| "error-date"),
    }
}

/// A checked input: trimmed texts, known skills, sound dates and resources.
struct Clean {
    title: String,
    summary: String,
    objectives: String,
    place: String,
    starts_on: Option<String>,
    ends_on: Option<String>,
    skills: Vec<Skill>,
    resources: Vec<Resource>,
}

fn clean(input: &ProjectInput) -> Result<Clean, AppError> {
    let mut checks = Checks::new();
    let title = checks.check("title", validate::line(&input.title, 3, 120));
    let summary = checks.check("summary", validate::line(&input.summary, 0, 200));
    let objectives = checks.check("objectives", validate::text(&input.objectives, 10_000));
    let place = checks.check("place", validate::line(&input.place, 0, 200));
    let starts_on = checks.check("starts_on", date(input.starts_on.as_deref()));
    let ends_on = checks.check("ends_on", date(input.ends_on.as_deref()));
    if let (Some(Some(s)), Some(Some(e))) = (&starts_on, &ends_on)
        && e < s
    {
        checks.add("ends_on", "error-project-ends-before");
    }
    if !(0..=10_000).contains(&input.headcount) {
        checks.add("headcount", "error-project-headcount");
    }
    let skills = match skills::parse_all(&input.skills) {
        Ok(s) => Some(s),
        Err(_) => {
            checks.add("skills", "error-skill-unknown");
            None
        }
    };
    if input.resources.len() > 30 {
        checks.add("resources", "error-project-resources");
    }
    let mut resources = Vec::new();
    for r in &input.resources {
        match validate::line(&r.label, 1, 200) {
            Ok(label) => {
                let amount = match r.kind {
                    ResourceKind::Money => match r.amount {
                        Some(a) if a > 0 && a <= 100_000_000_000 => Some(a),
                        _ => {
                            checks.add("resources", "error-project-resource-amount");
                            None
                        }
                    },
                    _ => None,
                };
                resources.push(Resource {
                    kind: r.kind,
                    label,
                    amount,
                });
            }
            Err(_) => checks.add("resources", "error-project-resources"),
        }
    }
    checks.finish()?;
    Ok(Clean {
        title: title.unwrap_or_default(),
        summary: summary.unwrap_or_default(),
        objectives: objectives.unwrap_or_default(),
        place: place.unwrap_or_default(),
        starts_on: starts_on.flatten(),
        ends_on: ends_on.flatten(),
        skills: skills.unwrap_or_default(),
        resources,
    })
}

async fn write_needs(tx: &mut Tx, id: &ProjectId, clean: &Clean) -> Result<(), AppError> {
    for sql in [
        "DELETE FROM project_skills WHERE project_id = $1",
        "DELETE FROM project_resources WHERE project_id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut **tx).await?;
    }
    for skill in &clean.skills {
        sqlx::query("INSERT INTO project_skills (project_id, skill) VALUES ($1, $2)")
            .bind(id)
            .bind(skill.code())
            .execute(&mut **tx)
            .await?;
    }
    for (position, r) in clean.resources.iter().enumerate() {
        sqlx::query(
            "INSERT INTO project_resources (id, project_id, kind, label, amount, position) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(id)
        .bind(r.kind.code())
        .bind(&r.label)
        .bind(r.amount)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Who may see a project of `parent` (none: the whole instance).
async fn may_see_in(
    db: &Db,
    parent: Option<&CollectiveId>,
    member_id: &MemberId,
) -> Result<bool, AppError> {
    match parent {
        None => Ok(true),
        Some(c) => Ok(collectives::role_of(db, c, member_id).await?.is_some()),
    }
}

/// The members of each skill's commission who may see a project of
/// `parent`, the actor left out: who to tell that the project needs it.
async fn commissions(
    db: &Db,
    parent: Option<&CollectiveId>,
    actor: &MemberId,
    skills: &[Skill],
) -> Result<Vec<(MemberId, Skill)>, AppError> {
    let mut told = Vec::new();
    for skill in skills {
        for m in skills::commission(db, *skill).await? {
            if m.member_id != *actor && may_see_in(db, parent, &m.member_id).await? {
                told.push((m.member_id, *skill));
            }
        }
    }
    Ok(told)
}

async fn tell_commissions(
    tx: &mut Tx,
    project_id: &ProjectId,
    title: &str,
    told: &[(MemberId, Skill)],
) -> Result<(), AppError> {
    for (member_id, skill) in told {
        let notice = Notice {
            kind: kinds::SKILL_NEEDED,
            args: vec![
                ("project", title.to_owned()),
                ("skill", format!("msg:skill-{}", skill.code())),
            ],
            link: format!("/projects/{project_id}"),
            body: String::new(),
            list: None,
        };
        notifications::notify(&mut *tx, member_id, &notice).await?;
    }
    Ok(())
}

/// Who validates a project: the coordinators of its collective, or the
/// instance's administrators for a project of the whole instance.
async fn validators(
    db: &Db,
    collective_id: Option<&CollectiveId>,
) -> Result<Vec<MemberId>, AppError> {
    match collective_id {
        Some(c) => Ok(collectives::members(db, c)
            .await?
            .into_iter()
            .filter(|m| m.role == Role::Coordinator)
            .map(|m| m.member_id)
            .collect()),
        None => kernel::members::admin_ids(db).await,
    }
}

/// Proposes a project. Its proposer coordinates it; the commissions of its
/// skills and those who validate it hear of it.
pub async fn create(db: &Db, proposer: &Member, input: &ProjectInput) -> Result<Project, AppError> {
    if let Some(c) = &input.collective_id {
        let collective = collectives::get(db, c).await.map_err(|e| match e {
            AppError::NotFound => AppError::field("collective_id", "error-collective-unknown"),
            other => other,
        })?;
        if collective.is_project {
            return Err(AppError::field("collective_id", "error-project-in-project"));
        }
        collectives::require_member(db, c, &proposer.id).await?;
    }
    let clean = clean(input)?;
    let parent = input.collective_id.as_ref();
    let told = commissions(db, parent, &proposer.id, &clean.skills).await?;
    let validators = validators(db, parent).await?;
    let now = now_ms();
    let mut tx = db.begin().await?;
    let id = collectives::create_project_group(&mut tx, &proposer.id, &clean.title, parent).await?;
    sqlx::query(
        "INSERT INTO projects (id, collective_id, title, summary, objectives, place, starts_on, \
         ends_on, headcount, state, state_at, proposed_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'proposed', $10, $11, $10, $10)",
    )
    .bind(&id)
    .bind(parent)
    .bind(&clean.title)
    .bind(&clean.summary)
    .bind(&clean.objectives)
    .bind(&clean.place)
    .bind(&clean.starts_on)
    .bind(&clean.ends_on)
    .bind(input.headcount)
    .bind(now)
    .bind(&proposer.id)
    .execute(&mut *tx)
    .await?;
    write_needs(&mut tx, &id, &clean).await?;
    crate::mailing::subscribe(&mut tx, &id, &proposer.id).await?;
    tell_commissions(&mut tx, &id, &clean.title, &told).await?;
    let notice = Notice {
        kind: kinds::PROJECT_PROPOSED,
        args: vec![
            ("project", clean.title.clone()),
            ("who", notifications::member_arg(&proposer.id)),
        ],
        link: format!("/projects/{id}"),
        body: clean.summary.clone(),
        list: None,
    };
    for validator in validators.iter().filter(|v| **v != proposer.id) {
        notifications::notify(&mut tx, validator, &notice).await?;
    }
    tx.commit().await?;
    load(db, &id).await
}

/// Its coordinators change what the project is and needs; the commissions
/// of newly needed skills hear of it.
pub async fn update(
    db: &Db,
    actor: &MemberId,
    id: &ProjectId,
    input: &ProjectInput,
) -> Result<Project, AppError> {
    require_coordinator(db, actor, id).await?;
    let before = load(db, id).await?;
    let clean = clean(input)?;
    let added: Vec<Skill> = clean
        .skills
        .iter()
        .filter(|s| !before.skills.contains(s))
        .copied()
        .collect();
    let told = commissions(db, before.collective_id.as_ref(), actor, &added).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE projects SET title = $1, summary = $2, objectives = $3, place = $4, starts_on = $5, \
         ends_on = $6, headcount = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(&clean.title)
    .bind(&clean.summary)
    .bind(&clean.objectives)
    .bind(&clean.place)
    .bind(&clean.starts_on)
    .bind(&clean.ends_on)
    .bind(input.headcount)
    .bind(now_ms())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    write_needs(&mut tx, id, &clean).await?;
    collectives::rename_project_group(&mut tx, id, &clean.title).await?;
    tell_commissions(&mut tx, id, &clean.title, &told).await?;
    tx.commit().await?;
    load(db, id).await
}

/// Joins a project the member may see; it then receives the mailing list.
pub async fn join(db: &Db, member: &Member, id: &ProjectId) -> Result<(), AppError> {
    let group = require_sight(db, &member.id, id).await?;
    let project = load(db, id).await?;
    if matches!(project.state, State::Completed | State::Abandoned) {
        return Err(AppError::Conflict("project-closed"));
    }
    let mut tx = db.begin().await?;
    collectives::join_project_group(&mut tx, &group, &member.id).await?;
    crate::mailing::subscribe(&mut tx, id, &member.id).await?;
    let notice = Notice {
        kind: kinds::PROJECT_JOINED,
        args: vec![
            ("project", project.title.clone()),
            ("who", notifications::member_arg(&member.id)),
        ],
        link: format!("/projects/{id}"),
        body: String::new(),
        list: None,
    };
    for coordinator in collectives::members(db, id)
        .await?
        .into_iter()
        .filter(|m| m.role == Role::Coordinator && m.member_id != member.id)
    {
        notifications::notify(&mut tx, &coordinator.member_id, &notice).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Leaves a project (its last coordinator must hand over first).
pub async fn leave(db: &Db, member_id: &MemberId, id: &ProjectId) -> Result<(), AppError> {
    group(db, id).await?;
    collectives::leave(db, member_id, id).await
}

async fn set_state_in(tx: &mut Tx, id: &ProjectId, state: State) -> Result<(), AppError> {
    sqlx::query("UPDATE projects SET state = $1, state_at = $2 WHERE id = $3")
        .bind(state.code())
        .bind(now_ms())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Tells the project's members its new state.
async fn tell_members(
    db: &Db,
    tx: &mut Tx,
    project: &Project,
    state: State,
    actor: Option<&MemberId>,
) -> Result<(), AppError> {
    let notice = Notice {
        kind: kinds::PROJECT_STATE,
        args: vec![
            ("project", project.title.clone()),
            ("state", format!("msg:project-state-{}", state.code())),
        ],
        link: format!("/projects/{}", project.id),
        body: String::new(),
        list: None,
    };
    for m in collectives::members(db, &project.id).await? {
        if Some(&m.member_id) != actor {
            notifications::notify(&mut *tx, &m.member_id, &notice).await?;
        }
    }
    Ok(())
}

/// Its coordinators start, complete or abandon the project.
pub async fn set_state(
    db: &Db,
    actor: &MemberId,
    id: &ProjectId,
    state: State,
) -> Result<Project, AppError> {
    require_coordinator(db, actor, id).await?;
    let project = load(db, id).await?;
    if !project.state.next().contains(&state) {
        return Err(AppError::Conflict("project-state-not-allowed"));
    }
    let mut tx = db.begin().await?;
    set_state_in(&mut tx, id, state).await?;
    tell_members(db, &mut tx, &project, state, Some(actor)).await?;
    tx.commit().await?;
    load(db, id).await
}

/// How a collective validates its projects (by a coordinator unless it chose otherwise).
pub async fn rule(db: &Db, collective_id: &CollectiveId) -> Result<Validation, AppError> {
    let row = sqlx::query("SELECT validation FROM project_rules WHERE collective_id = $1")
        .bind(collective_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row
        .map(|r| r.try_get::<String, _>("validation"))
        .transpose()?
        .and_then(|validation| Validation::parse(&validation))
        .unwrap_or(Validation::Coordinators))
}

pub async fn set_rule(
    db: &Db,
    actor: &MemberId,
    collective_id: &CollectiveId,
    validation: Validation,
) -> Result<(), AppError> {
    collectives::require_coordinator(db, collective_id, actor).await?;
    if collectives::get(db, collective_id).await?.is_project {
        return Err(AppError::NotFound);
    }
    sqlx::query(
        "INSERT INTO project_rules (collective_id, validation) VALUES ($1, $2) \
         ON CONFLICT (collective_id) DO UPDATE SET validation = excluded.validation",
    )
    .bind(collective_id)
    .bind(validation.code())
    .execute(db.writer())
    .await?;
    db.changed();
    Ok(())
}

/// How this project gets validated, and whether `viewer` may do it.
pub async fn how_validated(
    db: &Db,
    viewer: &Member,
    project: &Project,
) -> Result<(Validation, bool), AppError> {
    match &project.collective_id {
        None => Ok((Validation::Coordinators, viewer.is_admin)),
        Some(c) => {
            let rule = rule(db, c).await?;
            let role = collectives::role_of(db, c, &viewer.id).await?;
            let may = match rule {
                Validation::Coordinators => role == Some(Role::Coordinator),
                Validation::Decision => role.is_some(),
            };
            Ok((rule, may))
        }
    }
}

/// A coordinator of the project's collective (an administrator for a
/// project of the whole instance) validates it, where no decision is needed.
pub async fn validate(db: &Db, actor: &Member, id: &ProjectId) -> Result<Project, AppError> {
    let project = get(db, &actor.id, id).await?;
    let (rule, may) = how_validated(db, actor, &project).await?;
    if rule == Validation::Decision {
        return Err(AppError::NotAllowed("project-needs-decision"));
    }
    if !may {
        return Err(AppError::NotAllowed("project-validators-only"));
    }
    if project.state != State::Proposed {
        return Err(AppError::Conflict("project-not-proposed"));
    }
    let mut tx = db.begin().await?;
    set_state_in(&mut tx, id, State::Validated).await?;
    tell_members(db, &mut tx, &project, State::Validated, None).await?;
    tx.commit().await?;
    load(db, id).await
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ValidationRequest {
    /// consent, consensus or majority (for and against).
    #[schema(value_type = ValidationMethod)]
    pub method: MethodKind,
    #[schema(schema_with = validation_closes_at)]
    pub closes_at: i64,
    #[serde(default)]
    #[schema(schema_with = validation_options)]
    pub options: Vec<String>,
}

// For the API description: the methods that say yes or no
// (`MethodKind::says_yes_or_no`), which a validation decision may use.

/// How a validation decision is taken.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
enum ValidationMethod {
    Consent,
    Consensus,
    Majority,
}

kernel::described! {
    /// When the vote closes (ms since the epoch).
    fn validation_closes_at = schema::timestamp_ms();
    /// For a majority: its options, "for" first (2 to 50).
    fn validation_options = schema::array_of(schema::line::<1, 200>(), 50);
}

/// Asks the project's collective to validate it by a decision: any of its
/// members may, for a project still proposed (again after a refusal, once
/// amended). The decision validates the project when it passes.
pub async fn ask_validation(
    db: &Db,
    actor: &Member,
    id: &ProjectId,
    request: &ValidationRequest,
    question: String,
) -> Result<decisions::Decision, AppError> {
    let project = get(db, &actor.id, id).await?;
    let collective = project
        .collective_id
        .clone()
        .ok_or(AppError::Conflict("project-instance-wide"))?;
    let (rule, may) = how_validated(db, actor, &project).await?;
    if rule != Validation::Decision || !may {
        return Err(AppError::NotAllowed("project-validation-by-decision-only"));
    }
    if project.state != State::Proposed {
        return Err(AppError::Conflict("project-not-proposed"));
    }
    if let Some(pending) = &project.validation_decision_id
        && !decisions::get(db, &actor.id, pending).await?.is_closed()
    {
        return Err(AppError::Conflict("project-validation-pending"));
    }
    // A validation acts: it needs the collective's least quorum (and stays
    // open its least time, which the kernel checks).
    let rules = collectives::get(db, &collective).await?.acting_rules;
    let input = DecisionInput::acting(
        question,
        format!("{}\n\n{}", project.summary, project.objectives)
            .trim()
            .to_owned(),
        request.method,
        &request.options,
        rules.min_quorum,
        request.closes_at,
    );
    let effect = ModuleEffect {
        job: JOB_VALIDATE,
        payload: serde_json::json!({"project_id": id}),
        message: "effect-project-validate",
        args: vec![("project".to_owned(), project.title.clone())],
    };
    let decision =
        decisions::create_with_effect(db, &actor.id, &collective, &input, effect).await?;
    sqlx::query("UPDATE projects SET validation_decision_id = $1 WHERE id = $2")
        .bind(&decision.id)
        .bind(id)
        .execute(db.writer())
        .await?;
    db.changed();
    Ok(decision)
}

/// Run when a validation decision passed: the project is validated if it
/// still waits on that decision (the job may run twice).
pub async fn validated_by_decision(
    db: &Db,
    project_id: &ProjectId,
    decision_id: &DecisionId,
) -> Result<(), AppError> {
    let project = load(db, project_id).await?;
    if project.state != State::Proposed
        || project.validation_decision_id.as_ref() != Some(decision_id)
    {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE projects SET state = 'validated', state_at = $1 WHERE id = $2 AND state = 'proposed'",
    )
    .bind(now_ms())
    .bind(project_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        tell_members(db, &mut tx, &project, State::Validated, None).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The people of a project and what it still lacks.
pub struct Team {
    pub members: Vec<CollectiveMember>,
    /// Skills wanted that no member offers yet.
    pub missing_skills: Vec<Skill>,
}

pub async fn team(db: &Db, project: &Project) -> Result<Team, AppError> {
    let offered = skills::offered_in(db, &project.id).await?;
    Ok(Team {
        members: collectives::members(db, &project.id).await?,
        missing_skills: project
            .skills
            .iter()
            .filter(|s| !offered.contains(s))
            .copied()
            .collect(),
    })
}

/// The projects that need a skill and that the viewer may see.
pub async fn needing(db: &Db, viewer: &MemberId, skill: Skill) -> Result<Vec<Project>, AppError> {
    let all = list(db, viewer, &Filter::default()).await?;
    Ok(all
        .into_iter()
        .filter(|p| {
            p.skills.contains(&skill) && !matches!(p.state, State::Completed | State::Abandoned)
        })
        .collect())
}
