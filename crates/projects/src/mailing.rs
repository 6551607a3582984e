//! The project's mailing list: its coordinators write to every member by
//! e-mail (each message at once, or in the daily digest, as each member
//! chose, or not at all); the messages stay readable on the project's page.
//! Every mail carries a one-click unsubscribe link that needs no sign-in.

use crate::ProjectId;
use kernel::MemberId;
use kernel::collectives;
use kernel::crypto::random_token;
use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::error::Checks;
use kernel::members::Member;
use kernel::notifications::{self, Delivery, Notice};
use kernel::validate::schema;
use kernel::{AppError, validate};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::{kinds, projects};

kernel::code_enum!(Mode {
    Each => "each",
    Digest => "digest",
    Off => "off",
});

/// Subscribes a member who joins (a member coming back keeps its choice).
pub async fn subscribe(
    tx: &mut Tx,
    project_id: &ProjectId,
    member_id: &MemberId,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO list_subscriptions (project_id, member_id, mode, token) VALUES ($1, $2, 'each', $3) \
         ON CONFLICT (project_id, member_id) DO NOTHING",
    )
    .bind(project_id)
    .bind(member_id)
    .bind(random_token())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn mode(db: &Db, project_id: &ProjectId, member_id: &MemberId) -> Result<Mode, AppError> {
    let row =
        sqlx::query("SELECT mode FROM list_subscriptions WHERE project_id = $1 AND member_id = $2")
            .bind(project_id)
            .bind(member_id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row
        .map(|r| r.try_get::<String, _>("mode"))
        .transpose()?
        .and_then(|mode| Mode::parse(&mode))
        .unwrap_or(Mode::Each))
}

/// A member of the project chooses how the list reaches it.
pub async fn set_mode(
    db: &Db,
    member_id: &MemberId,
    project_id: &ProjectId,
    mode: Mode,
) -> Result<(), AppError> {
    projects::require_member(db, member_id, project_id).await?;
    let mut tx = db.begin().await?;
    subscribe(&mut tx, project_id, member_id).await?;
    sqlx::query("UPDATE list_subscriptions SET mode = $1 WHERE project_id = $2 AND member_id = $3")
        .bind(mode.code())
        .bind(project_id)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The project a mail's unsubscribe token is for (its title), if any.
pub async fn list_of_token(db: &Db, token: &str) -> Result<(String, String), AppError> {
    let row = sqlx::query(
        "SELECT s.project_id, p.title FROM list_subscriptions s JOIN projects p ON p.id = s.project_id \
         WHERE s.token = $1",
    )
    .bind(token)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((row.try_get("project_id")?, row.try_get("title")?))
}

/// Unsubscribes whoever holds the token (from a mail's link).
pub async fn unsubscribe(db: &Db, token: &str) -> Result<String, AppError> {
    let (_, title) = list_of_token(db, token).await?;
    sqlx::query("UPDATE list_subscriptions SET mode = 'off' WHERE token = $1")
        .bind(token)
        .execute(db.writer())
        .await?;
    db.changed();
    Ok(title)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MessageInput {
    #[schema(schema_with = schema::line::<1, 200>)]
    pub subject: String,
    #[schema(schema_with = schema::body::<20000>)]
    pub body: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Message {
    pub id: String,
    pub author_name: String,
    pub subject: String,
    pub body: String,
    pub sent_at: i64,
    /// How many members it was sent to.
    pub recipients: i64,
}

/// A coordinator writes to the list: every member subscribed receives it.
pub async fn send(
    db: &Db,
    author: &Member,
    project_id: &ProjectId,
    input: &MessageInput,
) -> Result<Message, AppError> {
    projects::require_coordinator(db, &author.id, project_id).await?;
    let mut checks = Checks::new();
    let subject = checks.check("subject", validate::line(&input.subject, 1, 200));
    let body = checks.check("body", validate::text(&input.body, 20_000));
    if body.as_deref().is_some_and(str::is_empty) {
        checks.add("body", "error-required");
    }
    checks.finish()?;
    let (subject, body) = (subject.unwrap_or_default(), body.unwrap_or_default());
    let project = projects::get(db, &author.id, project_id).await?;
    let members = collectives::members(db, project_id).await?;
    let subscriptions =
        sqlx::query("SELECT member_id, mode, token FROM list_subscriptions WHERE project_id = $1")
            .bind(project_id)
            .fetch_all(db.pool())
            .await?;
    let subscriptions = subscriptions
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<&str, _>("member_id")?,
                r.try_get::<&str, _>("mode")?,
                r.try_get::<&str, _>("token")?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let id = new_id();
    let now = now_ms();
    let mut tx = db.begin().await?;
    let mut sent = 0;
    for m in &members {
        let subscription = subscriptions
            .iter()
            .find(|(member_id, _, _)| **member_id == m.member_id);
        let Some((_, mode, token)) = subscription else {
            continue;
        };
        let delivery = match Mode::parse(mode) {
            Some(Mode::Each) => Delivery::Email,
            Some(Mode::Digest) => Delivery::Digest,
            _ => continue,
        };
        let notice = Notice {
            kind: kinds::LIST_MESSAGE,
            args: vec![
                ("project", project.title.clone()),
                ("subject", subject.clone()),
            ],
            link: format!("/projects/{project_id}/list#m-{id}"),
            body: body.clone(),
            list: Some((delivery, format!("/projects/unsubscribe/{token}"))),
        };
        notifications::notify(&mut tx, &m.member_id, &notice).await?;
        sent += 1;
    }
    sqlx::query(
        "INSERT INTO list_messages (id, project_id, author_id, subject, body, sent_at, recipients) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(project_id)
    .bind(&author.id)
    .bind(&subject)
    .bind(&body)
    .bind(now)
    .bind(sent)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Message {
        id,
        author_name: author.display_name.clone(),
        subject,
        body,
        sent_at: now,
        recipients: sent,
    })
}

/// The list's archive, newest first, for whoever may see the project.
pub async fn archive(
    db: &Db,
    viewer: &MemberId,
    project_id: &ProjectId,
) -> Result<Vec<Message>, AppError> {
    projects::require_sight(db, viewer, project_id).await?;
    let rows = sqlx::query(
        "SELECT l.id, l.subject, l.body, l.sent_at, l.recipients, m.display_name FROM list_messages l \
         JOIN members m ON m.id = l.author_id WHERE l.project_id = $1 ORDER BY l.sent_at DESC LIMIT 200",
    )
    .bind(project_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(Message {
                id: r.try_get("id")?,
                author_name: r.try_get("display_name")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                sent_at: r.try_get("sent_at")?,
                recipients: r.try_get("recipients")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}
