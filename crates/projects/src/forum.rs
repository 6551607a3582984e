//! The project's forum: threads and replies in Markdown, @mentions that
//! notify, edits shown as such, and moderation by the project's
//! coordinators (a hidden post stays in place, marked; a locked thread
//! takes no more replies). Its members write; whoever may see the project
//! reads.

use crate::ProjectId;
use kernel::MemberId;
use kernel::collectives::{self, Role};
use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::error::Checks;
use kernel::members::Member;
use kernel::notifications::{self, Notice};
use kernel::validate::schema;
use kernel::{AppError, validate};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::{kinds, projects};

const MAX_BODY: usize = 20_000;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Thread {
    pub id: String,
    pub title: String,
    pub author_name: String,
    pub created_at: i64,
    pub last_post_at: i64,
    pub posts: i64,
    /// Posts by others the viewer has not been shown yet (hidden ones aside).
    pub unread: i64,
    pub locked: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Post {
    pub id: String,
    pub author_id: MemberId,
    pub author_name: String,
    /// Empty when hidden by a coordinator (except for coordinators).
    pub body: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub hidden: bool,
    /// Written by another since the viewer last read the thread.
    pub unread: bool,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ThreadInput {
    #[schema(schema_with = schema::line::<3, 200>)]
    pub title: String,
    #[schema(schema_with = schema::body::<MAX_BODY>)]
    pub body: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PostInput {
    #[schema(schema_with = schema::body::<MAX_BODY>)]
    pub body: String,
}

fn body(text: &str) -> Result<String, &'static str> {
    let body = validate::text(text, MAX_BODY)?;
    if body.is_empty() {
        return Err("error-required");
    }
    Ok(body)
}

/// A post just written, as its notifications need it.
struct Posted<'a> {
    thread_id: &'a str,
    title: &'a str,
    post_id: &'a str,
    text: &'a str,
}

/// Tells those mentioned, then those who took part in the thread.
async fn tell(
    tx: &mut Tx,
    project: &projects::Project,
    author: &Member,
    posted: &Posted<'_>,
) -> Result<(), AppError> {
    let Posted {
        thread_id,
        title,
        post_id,
        text,
    } = *posted;
    let members = collectives::members(&mut *tx, &project.id).await?;
    let link = format!("/projects/{}/forum/{thread_id}#p-{post_id}", project.id);
    let mentioned = collectives::mentioned(text, &members);
    let excerpt: String = text.chars().take(500).collect();
    for m in &mentioned {
        if m.member_id == author.id {
            continue;
        }
        let notice = Notice {
            kind: kinds::MENTION,
            args: vec![
                ("who", notifications::member_arg(&author.id)),
                ("thread", title.to_owned()),
                ("project", project.title.clone()),
            ],
            link: link.clone(),
            body: excerpt.clone(),
            list: None,
        };
        notifications::notify(&mut *tx, &m.member_id, &notice).await?;
    }
    let taking_part =
        sqlx::query("SELECT DISTINCT author_id FROM forum_posts WHERE thread_id = $1")
            .bind(thread_id)
            .fetch_all(&mut **tx)
            .await?;
    for r in &taking_part {
        let id: MemberId = r.try_get("author_id")?;
        if id == author.id
            || mentioned.iter().any(|m| m.member_id == id)
            || !members.iter().any(|m| m.member_id == id)
        {
            continue;
        }
        let notice = Notice {
            kind: kinds::FORUM_REPLY,
            args: vec![
                ("who", notifications::member_arg(&author.id)),
                ("thread", title.to_owned()),
                ("project", project.title.clone()),
            ],
            link: link.clone(),
            body: excerpt.clone(),
            list: None,
        };
        notifications::notify(&mut *tx, &id, &notice).await?;
    }
    Ok(())
}

/// A thread as listed, for the viewer bound as `$1`: its number of posts,
/// and of posts by others, not hidden, after what the viewer has read.
const THREAD_COLUMNS: &str = "SELECT t.id, t.title, t.created_at, t.last_post_at, t.locked_at, m.display_name, \
     (SELECT COUNT(*) FROM forum_posts p WHERE p.thread_id = t.id) AS posts, \
     (SELECT COUNT(*) FROM forum_posts p WHERE p.thread_id = t.id AND p.author_id <> $1 \
        AND p.hidden_at IS NULL AND p.created_at > COALESCE((SELECT r.read_up_to FROM forum_reads r \
        WHERE r.thread_id = t.id AND r.member_id = $1), -1)) AS unread \
     FROM forum_threads t JOIN members m ON m.id = t.author_id";

/// How many of the project's threads hold posts new to the member.
pub async fn unread_threads(
    db: &Db,
    member_id: &MemberId,
    project_id: &ProjectId,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM ({THREAD_COLUMNS} WHERE t.project_id = $2) listed WHERE unread > 0"
    ))
    .bind(member_id)
    .bind(project_id)
    .fetch_one(db.pool())
    .await?)
}

pub async fn threads(
    db: &Db,
    viewer: &MemberId,
    project_id: &ProjectId,
) -> Result<Vec<Thread>, AppError> {
    projects::require_sight(db, viewer, project_id).await?;
    let rows = sqlx::query(&format!(
        "{THREAD_COLUMNS} WHERE t.project_id = $2 ORDER BY t.last_post_at DESC LIMIT 200"
    ))
    .bind(viewer)
    .bind(project_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.iter().map(thread_from).collect::<Result<_, _>>()?)
}

fn thread_from(r: &sqlx::any::AnyRow) -> Result<Thread, sqlx::Error> {
    Ok(Thread {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        author_name: r.try_get("display_name")?,
        created_at: r.try_get("created_at")?,
        last_post_at: r.try_get("last_post_at")?,
        posts: r.try_get("posts")?,
        unread: r.try_get("unread")?,
        locked: r.try_get::<Option<i64>, _>("locked_at")?.is_some(),
    })
}

/// A thread of the project, with its posts (hidden ones emptied for all but
/// coordinators).
pub async fn thread(
    db: &Db,
    viewer: &MemberId,
    project_id: &ProjectId,
    thread_id: &str,
) -> Result<(Thread, Vec<Post>), AppError> {
    projects::require_sight(db, viewer, project_id).await?;
    let row = sqlx::query(&format!(
        "{THREAD_COLUMNS} WHERE t.id = $2 AND t.project_id = $3"
    ))
    .bind(viewer)
    .bind(thread_id)
    .bind(project_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    let read_up_to = sqlx::query_scalar::<_, i64>(
        "SELECT read_up_to FROM forum_reads WHERE member_id = $1 AND thread_id = $2",
    )
    .bind(viewer)
    .bind(thread_id)
    .fetch_optional(db.pool())
    .await?
    .unwrap_or(-1);
    let moderator = collectives::role_of(db, project_id, viewer).await? == Some(Role::Coordinator);
    let posts = sqlx::query(
        "SELECT p.id, p.author_id, p.body, p.created_at, p.edited_at, p.hidden_at, m.display_name \
         FROM forum_posts p JOIN members m ON m.id = p.author_id \
         WHERE p.thread_id = $1 ORDER BY p.created_at, p.id",
    )
    .bind(thread_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        let hidden = r.try_get::<Option<i64>, _>("hidden_at")?.is_some();
        let author_id: MemberId = r.try_get("author_id")?;
        let created_at: i64 = r.try_get("created_at")?;
        Ok(Post {
            id: r.try_get("id")?,
            unread: !hidden && author_id != *viewer && created_at > read_up_to,
            author_id,
            author_name: r.try_get("display_name")?,
            body: if hidden && !moderator {
                String::new()
            } else {
                r.try_get("body")?
            },
            created_at,
            edited_at: r.try_get("edited_at")?,
            hidden,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    Ok((thread_from(&row)?, posts))
}

/// The thread as [`thread`] gives it, to a member reading it now: what it
/// had not read is marked `unread` this once, and it has read it from now on.
pub async fn read_thread(
    db: &Db,
    viewer: &MemberId,
    project_id: &ProjectId,
    thread_id: &str,
) -> Result<(Thread, Vec<Post>), AppError> {
    let (thread, posts) = thread(db, viewer, project_id, thread_id).await?;
    if let Some(up_to) = posts.iter().map(|p| p.created_at).max() {
        let mut tx = db.begin().await?;
        has_read(&mut tx, viewer, thread_id, up_to).await?;
        tx.commit().await?;
    }
    Ok((thread, posts))
}

/// The member has read the thread up to the post written at `up_to`; never
/// moving back, as a slower, older request may finish last.
async fn has_read(
    tx: &mut Tx,
    member_id: &MemberId,
    thread_id: &str,
    up_to: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO forum_reads (member_id, thread_id, read_up_to) VALUES ($1, $2, $3) \
         ON CONFLICT (member_id, thread_id) DO UPDATE SET read_up_to = CASE \
         WHEN excluded.read_up_to > forum_reads.read_up_to THEN excluded.read_up_to \
         ELSE forum_reads.read_up_to END",
    )
    .bind(member_id)
    .bind(thread_id)
    .bind(up_to)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A member of the project opens a thread with its first post.
pub async fn create_thread(
    db: &Db,
    author: &Member,
    project_id: &ProjectId,
    input: &ThreadInput,
) -> Result<String, AppError> {
    projects::require_member(db, &author.id, project_id).await?;
    let mut checks = Checks::new();
    let title = checks.check("title", validate::line(&input.title, 3, 200));
    let body = checks.check("body", body(&input.body));
    checks.finish()?;
    let (title, body) = (title.unwrap_or_default(), body.unwrap_or_default());
    let project = projects::get(db, &author.id, project_id).await?;
    let (id, post_id, now) = (new_id(), new_id(), now_ms());
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO forum_threads (id, project_id, title, author_id, created_at, last_post_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(&id)
    .bind(project_id)
    .bind(&title)
    .bind(&author.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    insert_post(&mut tx, &post_id, &id, &author.id, &body, now).await?;
    let posted = Posted {
        thread_id: &id,
        title: &title,
        post_id: &post_id,
        text: &body,
    };
    tell(&mut tx, &project, author, &posted).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_post(
    tx: &mut Tx,
    id: &str,
    thread_id: &str,
    author_id: &MemberId,
    body: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO forum_posts (id, thread_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(thread_id)
    .bind(author_id)
    .bind(body)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    // Whoever writes has read what came before, as the migration assumed too.
    has_read(tx, author_id, thread_id, at).await
}

/// A member replies on the web; a locked thread refuses it.
pub async fn reply(
    db: &Db,
    author: &Member,
    project_id: &ProjectId,
    thread_id: &str,
    input: &PostInput,
) -> Result<String, AppError> {
    projects::require_member(db, &author.id, project_id).await?;
    let body = body(&input.body).map_err(|k| AppError::field("body", k))?;
    let (thread, _) = thread(db, &author.id, project_id, thread_id).await?;
    if thread.locked {
        return Err(AppError::Conflict("forum-locked"));
    }
    let project = projects::get(db, &author.id, project_id).await?;
    let (post_id, now) = (new_id(), now_ms());
    let mut tx = db.begin().await?;
    // The lock is checked again in the write: a lock racing this reply wins.
    let open = sqlx::query(
        "UPDATE forum_threads SET last_post_at = $1 WHERE id = $2 AND locked_at IS NULL",
    )
    .bind(now)
    .bind(thread_id)
    .execute(&mut *tx)
    .await?;
    if open.rows_affected() != 1 {
        return Err(AppError::Conflict("forum-locked"));
    }
    insert_post(&mut tx, &post_id, thread_id, &author.id, &body, now).await?;
    let posted = Posted {
        thread_id,
        title: &thread.title,
        post_id: &post_id,
        text: &body,
    };
    tell(&mut tx, &project, author, &posted).await?;
    tx.commit().await?;
    Ok(post_id)
}

/// The post's thread, if the post belongs to the project.
async fn post_thread(
    db: &Db,
    project_id: &ProjectId,
    post_id: &str,
) -> Result<(String, String), AppError> {
    let row = sqlx::query(
        "SELECT p.thread_id, p.author_id FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id \
         WHERE p.id = $1 AND t.project_id = $2",
    )
    .bind(post_id)
    .bind(project_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((row.try_get("thread_id")?, row.try_get("author_id")?))
}

/// Its author edits a post (shown as edited); not once hidden or locked.
pub async fn edit(
    db: &Db,
    author: &Member,
    project_id: &ProjectId,
    post_id: &str,
    input: &PostInput,
) -> Result<String, AppError> {
    projects::require_member(db, &author.id, project_id).await?;
    let body = body(&input.body).map_err(|k| AppError::field("body", k))?;
    let (thread_id, author_id) = post_thread(db, project_id, post_id).await?;
    if author_id != author.id {
        return Err(AppError::NotAllowed("forum-author-only"));
    }
    let done = sqlx::query(
        "UPDATE forum_posts SET body = $1, edited_at = $2 WHERE id = $3 AND hidden_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM forum_threads t WHERE t.id = $4 AND t.locked_at IS NOT NULL)",
    )
    .bind(&body)
    .bind(now_ms())
    .bind(post_id)
    .bind(&thread_id)
    .execute(db.writer())
    .await?;
    db.changed();
    if done.rows_affected() != 1 {
        return Err(AppError::Conflict("forum-not-editable"));
    }
    Ok(thread_id)
}

/// A coordinator hides a post (or shows it again).
pub async fn set_hidden(
    db: &Db,
    moderator: &MemberId,
    project_id: &ProjectId,
    post_id: &str,
    hidden: bool,
) -> Result<String, AppError> {
    projects::require_coordinator(db, moderator, project_id).await?;
    let (thread_id, _) = post_thread(db, project_id, post_id).await?;
    sqlx::query(
        "UPDATE forum_posts SET hidden_at = CASE WHEN $1 = 1 THEN $2 END, \
         hidden_by = CASE WHEN $1 = 1 THEN $3 END WHERE id = $4",
    )
    .bind(i64::from(hidden))
    .bind(now_ms())
    .bind(moderator)
    .bind(post_id)
    .execute(db.writer())
    .await?;
    db.changed();
    Ok(thread_id)
}

/// A coordinator locks a thread (or opens it again).
pub async fn set_locked(
    db: &Db,
    moderator: &MemberId,
    project_id: &ProjectId,
    thread_id: &str,
    locked: bool,
) -> Result<(), AppError> {
    projects::require_coordinator(db, moderator, project_id).await?;
    let done = sqlx::query(
        "UPDATE forum_threads SET locked_at = CASE WHEN $1 = 1 THEN $2 END, \
         locked_by = CASE WHEN $1 = 1 THEN $3 END WHERE id = $4 AND project_id = $5",
    )
    .bind(i64::from(locked))
    .bind(now_ms())
    .bind(moderator)
    .bind(thread_id)
    .bind(project_id)
    .execute(db.writer())
    .await?;
    db.changed();
    if done.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
