//! The project's task board: tasks to do, doing and done, with their
//! assignees (members of the project) and due dates. The project's
//! progress is the share of its tasks done.

use crate::ProjectId;
use kernel::MemberId;
use kernel::collectives::{self, Role};
use kernel::db::{Db, new_id, now_ms};
use kernel::error::Checks;
use kernel::members::Member;
use kernel::notifications::{self, Notice};
use kernel::validate::schema;
use kernel::{AppError, validate};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::{kinds, projects};

kernel::code_enum!(Status {
    Todo => "todo",
    Doing => "doing",
    Done => "done",
});

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Assignee {
    pub member_id: String,
    pub display_name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Task {
    pub id: String,
    pub title: String,
    pub description: String,
    pub status: Status,
    /// A date, `YYYY-MM-DD`.
    pub due_on: Option<String>,
    pub assignees: Vec<Assignee>,
    pub created_by: MemberId,
    pub created_at: i64,
    pub updated_at: i64,
    pub done_at: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TaskInput {
    #[schema(schema_with = schema::line::<2, 200>)]
    pub title: String,
    #[serde(default)]
    #[schema(schema_with = schema::text::<5000>)]
    pub description: String,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    #[schema(schema_with = task_due_on)]
    pub due_on: Option<String>,
    /// Members of the project.
    #[serde(default)]
    pub assignees: Vec<MemberId>,
}

kernel::described! {
    /// A date, `YYYY-MM-DD`; null or blank for none.
    fn task_due_on = schema::optional_date();
}

/// Which tasks to show.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TaskFilter {
    /// Only the viewer's.
    #[serde(default)]
    pub mine: bool,
}

pub async fn list(
    db: &Db,
    viewer: &MemberId,
    project_id: &ProjectId,
    filter: &TaskFilter,
) -> Result<Vec<Task>, AppError> {
    projects::require_sight(db, viewer, project_id).await?;
    let rows = sqlx::query(
        "SELECT id, title, description, status, due_on, created_by, created_at, updated_at, done_at \
         FROM tasks WHERE project_id = $1 \
         AND ($2 = 0 OR id IN (SELECT task_id FROM task_assignees WHERE member_id = $3)) \
         ORDER BY CASE WHEN due_on IS NULL THEN 1 ELSE 0 END, due_on, created_at",
    )
    .bind(project_id)
    .bind(i64::from(filter.mine))
    .bind(viewer)
    .fetch_all(db.pool())
    .await?;
    let assignees = sqlx::query(
        "SELECT a.task_id, a.member_id, m.display_name FROM task_assignees a \
         JOIN tasks t ON t.id = a.task_id JOIN members m ON m.id = a.member_id \
         WHERE t.project_id = $1 ORDER BY m.display_name",
    )
    .bind(project_id)
    .fetch_all(db.pool())
    .await?;
    let assignees = assignees
        .iter()
        .map(|a| {
            Ok((
                a.try_get::<&str, _>("task_id")?,
                Assignee {
                    member_id: a.try_get("member_id")?,
                    display_name: a.try_get("display_name")?,
                },
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(rows
        .iter()
        .map(|r| {
            let id: String = r.try_get("id")?;
            Ok(Task {
                assignees: assignees
                    .iter()
                    .filter(|(task_id, _)| *task_id == id)
                    .map(|(_, assignee)| assignee.clone())
                    .collect(),
                id,
                title: r.try_get("title")?,
                description: r.try_get("description")?,
                status: Status::parse(r.try_get("status")?).unwrap_or(Status::Todo),
                due_on: r.try_get("due_on")?,
                created_by: r.try_get("created_by")?,
                created_at: r.try_get("created_at")?,
                updated_at: r.try_get("updated_at")?,
                done_at: r.try_get("done_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// The tasks assigned to the member and not done, in every project it is
/// still in: (project id, project title, task).
pub async fn assigned_to(
    db: &Db,
    member_id: &MemberId,
) -> Result<Vec<(ProjectId, String, Task)>, AppError> {
    let rows = sqlx::query(
        "SELECT DISTINCT t.project_id, p.title FROM task_assignees a \
         JOIN tasks t ON t.id = a.task_id JOIN projects p ON p.id = t.project_id \
         WHERE a.member_id = $1 AND t.status <> 'done'",
    )
    .bind(member_id)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let project: ProjectId = r.try_get("project_id")?;
        if collectives::role_of(db, &project, member_id)
            .await?
            .is_none()
        {
            continue;
        }
        let title: String = r.try_get("title")?;
        for task in list(db, member_id, &project, &TaskFilter { mine: true }).await? {
            if task.status != Status::Done {
                out.push((project.clone(), title.clone(), task));
            }
        }
    }
    Ok(out)
}

struct Clean {
    title: String,
    description: String,
    due_on: Option<String>,
    assignees: Vec<MemberId>,
}

async fn clean(db: &Db, project_id: &ProjectId, input: &TaskInput) -> Result<Clean, AppError> {
    let mut checks = Checks::new();
    let title = checks.check("title", validate::line(&input.title, 2, 200));
    let description = checks.check("description", validate::text(&input.description, 5000));
    let due_on = match input
        .due_on
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        None => None,
        Some(d) => match d.parse::<jiff::civil::Date>() {
            Ok(date) => Some(date.to_string()),
            Err(_) => {
                checks.add("due_on", "error-date");
                None
            }
        },
    };
    let members = collectives::members(db, project_id).await?;
    let mut assignees: Vec<MemberId> = Vec::new();
    for a in &input.assignees {
        if !members.iter().any(|m| &m.member_id == a) {
            checks.add("assignees", "error-task-assignee");
        } else if !assignees.contains(a) {
            assignees.push(a.clone());
        }
    }
    checks.finish()?;
    Ok(Clean {
        title: title.unwrap_or_default(),
        description: description.unwrap_or_default(),
        due_on,
        assignees,
    })
}

/// Tells new assignees (the actor aside) that the task is theirs.
async fn tell_assignees(
    tx: &mut kernel::db::Tx,
    project: &projects::Project,
    actor: &Member,
    task_id: &str,
    title: &str,
    new: &[MemberId],
) -> Result<(), AppError> {
    for member_id in new.iter().filter(|m| **m != actor.id) {
        let notice = Notice {
            kind: kinds::TASK_ASSIGNED,
            args: vec![
                ("who", notifications::member_arg(&actor.id)),
                ("task", title.to_owned()),
                ("project", project.title.clone()),
            ],
            link: format!("/projects/{}/tasks#t-{task_id}", project.id),
            body: String::new(),
            list: None,
        };
        notifications::notify(&mut *tx, member_id, &notice).await?;
    }
    Ok(())
}

pub async fn create(
    db: &Db,
    actor: &Member,
    project_id: &ProjectId,
    input: &TaskInput,
) -> Result<String, AppError> {
    projects::require_member(db, &actor.id, project_id).await?;
    let clean = clean(db, project_id, input).await?;
    let project = projects::get(db, &actor.id, project_id).await?;
    let status = input.status.unwrap_or(Status::Todo);
    let (id, now) = (new_id(), now_ms());
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO tasks (id, project_id, title, description, status, due_on, created_by, created_at, \
         updated_at, done_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, CASE WHEN $5 = 'done' THEN $8 END)",
    )
    .bind(&id)
    .bind(project_id)
    .bind(&clean.title)
    .bind(&clean.description)
    .bind(status.code())
    .bind(&clean.due_on)
    .bind(&actor.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    for a in &clean.assignees {
        sqlx::query("INSERT INTO task_assignees (task_id, member_id) VALUES ($1, $2)")
            .bind(&id)
            .bind(a)
            .execute(&mut *tx)
            .await?;
    }
    tell_assignees(
        &mut tx,
        &project,
        actor,
        &id,
        &clean.title,
        &clean.assignees,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn current_assignees(db: &Db, task_id: &str) -> Result<Vec<MemberId>, AppError> {
    Ok(
        sqlx::query("SELECT member_id FROM task_assignees WHERE task_id = $1")
            .bind(task_id)
            .fetch_all(db.pool())
            .await?
            .iter()
            .map(|r| r.try_get("member_id"))
            .collect::<Result<_, _>>()?,
    )
}

async fn require_task(
    db: &Db,
    project_id: &ProjectId,
    task_id: &str,
) -> Result<MemberId, AppError> {
    let row = sqlx::query("SELECT created_by FROM tasks WHERE id = $1 AND project_id = $2")
        .bind(task_id)
        .bind(project_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(row.try_get("created_by")?)
}

/// Any member of the project edits a task (its board is shared).
pub async fn update(
    db: &Db,
    actor: &Member,
    project_id: &ProjectId,
    task_id: &str,
    input: &TaskInput,
) -> Result<(), AppError> {
    projects::require_member(db, &actor.id, project_id).await?;
    require_task(db, project_id, task_id).await?;
    let clean = clean(db, project_id, input).await?;
    let project = projects::get(db, &actor.id, project_id).await?;
    let before = current_assignees(db, task_id).await?;
    let added: Vec<MemberId> = clean
        .assignees
        .iter()
        .filter(|a| !before.contains(a))
        .cloned()
        .collect();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE tasks SET title = $1, description = $2, due_on = $3, updated_at = $4, \
         status = COALESCE($5, status), \
         done_at = CASE WHEN COALESCE($5, status) = 'done' THEN COALESCE(done_at, $4) END \
         WHERE id = $6",
    )
    .bind(&clean.title)
    .bind(&clean.description)
    .bind(&clean.due_on)
    .bind(now_ms())
    .bind(input.status.map(Status::code))
    .bind(task_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM task_assignees WHERE task_id = $1")
        .bind(task_id)
        .execute(&mut *tx)
        .await?;
    for a in &clean.assignees {
        sqlx::query("INSERT INTO task_assignees (task_id, member_id) VALUES ($1, $2)")
            .bind(task_id)
            .bind(a)
            .execute(&mut *tx)
            .await?;
    }
    tell_assignees(&mut tx, &project, actor, task_id, &clean.title, &added).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a task on the board.
pub async fn set_status(
    db: &Db,
    actor: &MemberId,
    project_id: &ProjectId,
    task_id: &str,
    status: Status,
) -> Result<(), AppError> {
    projects::require_member(db, actor, project_id).await?;
    require_task(db, project_id, task_id).await?;
    let now = now_ms();
    sqlx::query(
        "UPDATE tasks SET status = $1, updated_at = $2, \
         done_at = CASE WHEN $1 = 'done' THEN COALESCE(done_at, $2) END WHERE id = $3",
    )
    .bind(status.code())
    .bind(now)
    .bind(task_id)
    .execute(db.writer())
    .await?;
    db.changed();
    Ok(())
}

/// Its creator or a coordinator deletes a task.
pub async fn delete(
    db: &Db,
    actor: &MemberId,
    project_id: &ProjectId,
    task_id: &str,
) -> Result<(), AppError> {
    let role = projects::require_member(db, actor, project_id).await?;
    let creator = require_task(db, project_id, task_id).await?;
    if creator != *actor && role != Role::Coordinator {
        return Err(AppError::NotAllowed("task-delete-not-allowed"));
    }
    let mut tx = db.begin().await?;
    for sql in [
        "DELETE FROM task_assignees WHERE task_id = $1",
        "DELETE FROM tasks WHERE id = $1",
    ] {
        sqlx::query(sql).bind(task_id).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
