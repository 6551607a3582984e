//! What the projects module holds about a member, for the export and the
//! erasure of the member's data. Projects, threads, tasks, events and list
//! messages stay (others rely on them) under the member's pseudonym; what
//! the member wrote in the forum is emptied, and its answers, assignments,
//! subscriptions, calendar addresses and how far it read each thread go.

use kernel::AppError;
use kernel::MemberId;
use kernel::db::{Db, Tx};
use kernel::module::{BoxFuture, PersonalData};
use sqlx::Row;

pub struct ProjectsData;

async fn rows(
    db: &Db,
    sql: &str,
    member_id: &MemberId,
) -> Result<Vec<serde_json::Value>, AppError> {
    let rows = sqlx::query(sql)
        .bind(member_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let mut object = serde_json::Map::new();
            for (i, column) in sqlx::Row::columns(r).iter().enumerate() {
                let name = sqlx::Column::name(column).to_owned();
                let value = r
                    .try_get::<Option<i64>, _>(i)
                    .map(|v| serde_json::json!(v))
                    .or_else(|_| {
                        r.try_get::<Option<String>, _>(i)
                            .map(|v| serde_json::json!(v))
                    })
                    .unwrap_or(serde_json::Value::Null);
                object.insert(name, value);
            }
            serde_json::Value::Object(object)
        })
        .collect())
}

async fn export(db: &Db, member_id: &MemberId) -> Result<serde_json::Value, AppError> {
    Ok(serde_json::json!({
        "proposed": rows(db, "SELECT id, title, state, created_at FROM projects WHERE proposed_by = $1 ORDER BY created_at", member_id).await?,
        "forum_posts": rows(db, "SELECT t.project_id, t.title AS thread, p.body, p.created_at, p.edited_at FROM forum_posts p \
            JOIN forum_threads t ON t.id = p.thread_id WHERE p.author_id = $1 ORDER BY p.created_at", member_id).await?,
        "tasks_assigned": rows(db, "SELECT t.project_id, t.title, t.status, t.due_on FROM task_assignees a \
            JOIN tasks t ON t.id = a.task_id WHERE a.member_id = $1", member_id).await?,
        "events_planned": rows(db, "SELECT project_id, title, starts_at, ends_at, rrule FROM events WHERE created_by = $1", member_id).await?,
        "attendance": rows(db, "SELECT e.project_id, e.title, a.occurrence_at, a.answer, a.answered_at FROM event_attendance a \
            JOIN events e ON e.id = a.event_id WHERE a.member_id = $1", member_id).await?,
        "list_messages_sent": rows(db, "SELECT project_id, subject, body, sent_at FROM list_messages WHERE author_id = $1", member_id).await?,
        "list_subscriptions": rows(db, "SELECT project_id, mode FROM list_subscriptions WHERE member_id = $1", member_id).await?,
        "calendar_feeds": rows(db, "SELECT project_id, created_at FROM calendar_feeds WHERE member_id = $1", member_id).await?,
        "forum_reads": rows(db, "SELECT t.project_id, t.title AS thread, r.read_up_to FROM forum_reads r \
            JOIN forum_threads t ON t.id = r.thread_id WHERE r.member_id = $1", member_id).await?,
    }))
}

async fn erase(tx: &mut Tx, member_id: &MemberId) -> Result<(), AppError> {
    for sql in [
        "UPDATE forum_posts SET body = '', hidden_at = COALESCE(hidden_at, 0) WHERE author_id = $1",
        "DELETE FROM event_attendance WHERE member_id = $1",
        "DELETE FROM task_assignees WHERE member_id = $1",
        "DELETE FROM list_subscriptions WHERE member_id = $1",
        "DELETE FROM calendar_feeds WHERE member_id = $1",
        "DELETE FROM forum_reads WHERE member_id = $1",
    ] {
        sqlx::query(sql).bind(member_id).execute(&mut **tx).await?;
    }
    Ok(())
}

impl PersonalData for ProjectsData {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        member_id: &'a MemberId,
    ) -> BoxFuture<'a, Result<serde_json::Value, AppError>> {
        Box::pin(export(db, member_id))
    }

    fn erase<'a>(
        &'a self,
        tx: &'a mut Tx,
        member_id: &'a MemberId,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(erase(tx, member_id))
    }
}
