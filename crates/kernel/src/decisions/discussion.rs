//! A decision's discussion, beside it as Loomio's: the members of its
//! collective comment in Markdown, open or closed, and reply to a comment
//! (two levels: a reply to a reply answers the same first comment). An
//! author edits its own comment, shown as edited; a coordinator hides one,
//! which stays in place, marked. Those mentioned by `@name` are told at
//! once; the decision's opener and those who took part, as they chose.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::collectives::{self, Role};
use crate::db::{Conn, Db, Tx, new_id, now_ms};
use crate::error::AppError;
use crate::ids::{DecisionId, MemberId};
use crate::notifications::{self, Delivery, Kind, Notice};
use crate::validate::{self, schema};

/// The longest comment, in characters.
pub const MAX_BODY: usize = 10_000;

/// Someone mentioned the member in a decision's discussion.
pub const MENTIONED: Kind = Kind {
    code: "decision_mention",
    default: Delivery::Email,
};

/// Someone commented on a decision the member opened or discusses.
pub const COMMENTED: Kind = Kind {
    code: "decision_comment",
    default: Delivery::Digest,
};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Comment {
    pub id: String,
    pub author_id: MemberId,
    /// A pseudonym once the author is erased.
    pub author_name: String,
    /// The first comment this one answers.
    pub reply_to: Option<String>,
    /// Markdown; empty when hidden (except for the collective's coordinators
    /// while the author's data exists).
    pub body: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub hidden: bool,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CommentInput {
    #[schema(schema_with = schema::body::<MAX_BODY>)]
    pub body: String,
    /// The comment answered, of the same decision.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = "uuid")]
    pub reply_to: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CommentEdit {
    #[schema(schema_with = schema::body::<MAX_BODY>)]
    pub body: String,
}

fn body(text: &str) -> Result<String, AppError> {
    let body = validate::text(text, MAX_BODY).map_err(|key| AppError::field("body", key))?;
    if body.is_empty() {
        return Err(AppError::field("body", "error-required"));
    }
    Ok(body)
}

const COLUMNS: &str = "SELECT c.id, c.decision_id, c.author_id, m.display_name, c.reply_to, c.body, \
     c.created_at, c.edited_at, c.hidden_at FROM decision_comments c \
     JOIN members m ON m.id = c.author_id";

fn from_row(r: &sqlx::any::AnyRow, sees_hidden: bool) -> Result<Comment, sqlx::Error> {
    let hidden = r.try_get::<Option<i64>, _>("hidden_at")?.is_some();
    Ok(Comment {
        id: r.try_get("id")?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("display_name")?,
        reply_to: r.try_get("reply_to")?,
        body: if hidden && !sees_hidden {
            String::new()
        } else {
            r.try_get("body")?
        },
        created_at: r.try_get("created_at")?,
        edited_at: r.try_get("edited_at")?,
        hidden,
    })
}

/// The discussion of a decision, oldest first, for the members of its
/// collective: each first comment followed by its replies.
pub async fn comments(
    db: &Db,
    viewer: &MemberId,
    decision_id: &DecisionId,
) -> Result<Vec<Comment>, AppError> {
    let decision = super::get(db, viewer, decision_id).await?;
    let role = collectives::role_of(db, &decision.collective_id, viewer).await?;
    of_decision(db, decision_id, role == Some(Role::Coordinator)).await
}

/// The discussion of a decision whose viewer the caller has checked (as
/// the decision's page has, with its role): hidden comments keep their
/// text for a coordinator only.
pub async fn of_decision(
    db: &Db,
    decision_id: &DecisionId,
    coordinator: bool,
) -> Result<Vec<Comment>, AppError> {
    let rows = sqlx::query(&format!(
        "{COLUMNS} WHERE c.decision_id = $1 ORDER BY COALESCE(\
         (SELECT r.created_at FROM decision_comments r WHERE r.id = c.reply_to), c.created_at), \
         COALESCE(c.reply_to, c.id), c.reply_to IS NOT NULL, c.created_at, c.id LIMIT 2000"
    ))
    .bind(decision_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| from_row(r, coordinator))
        .collect::<Result<_, sqlx::Error>>()?)
}

/// A comment whoever it is, with its decision.
async fn one<'c>(conn: impl Into<Conn<'c>>, id: &str) -> Result<(Comment, DecisionId), AppError> {
    let row = conn
        .into()
        .fetch_optional(sqlx::query(&format!("{COLUMNS} WHERE c.id = $1")).bind(id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((from_row(&row, true)?, row.try_get("decision_id")?))
}

/// The decision a comment belongs to, for who may see it.
pub async fn decision_of(
    db: &Db,
    viewer: &MemberId,
    comment_id: &str,
) -> Result<DecisionId, AppError> {
    let (_, decision_id) = one(db, comment_id).await?;
    super::get(db, viewer, &decision_id).await?;
    Ok(decision_id)
}

/// Adds `author`'s comment to the decision's discussion, and tells those
/// it concerns in the same transaction.
pub async fn comment(
    db: &Db,
    author: &MemberId,
    decision_id: &DecisionId,
    input: &CommentInput,
) -> Result<Comment, AppError> {
    let decision = super::get(db, author, decision_id).await?;
    let text = body(&input.body)?;
    let mut tx = db.begin().await?;
    // A reply answers a first comment of this decision.
    let reply_to = match input.reply_to.as_deref().filter(|r| !r.is_empty()) {
        None => None,
        Some(answered) => {
            let found = sqlx::query(
                "SELECT COALESCE(reply_to, id) AS root FROM decision_comments \
                 WHERE id = $1 AND decision_id = $2",
            )
            .bind(answered)
            .bind(decision_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::field("reply_to", "error-comment-elsewhere"))?;
            Some(found.try_get::<String, _>("root")?)
        }
    };
    let id = new_id();
    sqlx::query(
        "INSERT INTO decision_comments (id, decision_id, author_id, reply_to, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(decision_id)
    .bind(author)
    .bind(&reply_to)
    .bind(&text)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tell(&mut tx, &decision, author, (&id, &text)).await?;
    let (comment, _) = one(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(comment)
}

/// Where a comment is, as its notifications link to it.
fn link(decision_id: &DecisionId, comment_id: &str) -> String {
    format!("/decisions/{decision_id}#c-{comment_id}")
}

/// Tells those mentioned, then the opener and those who took part.
async fn tell(
    tx: &mut Tx,
    decision: &super::Decision,
    author: &MemberId,
    (id, text): (&str, &str),
) -> Result<(), AppError> {
    let members = collectives::members(&mut *tx, &decision.collective_id).await?;
    let mentioned: Vec<MemberId> = collectives::mentioned(text, &members)
        .into_iter()
        .map(|m| m.member_id.clone())
        .filter(|m| m != author)
        .collect();
    let notice = |kind| Notice {
        kind,
        args: vec![
            ("who", notifications::member_arg(author)),
            ("question", decision.question.clone()),
        ],
        link: link(&decision.id, id),
        body: text.chars().take(500).collect(),
        list: None,
    };
    for m in &mentioned {
        notifications::notify(&mut *tx, m, &notice(MENTIONED)).await?;
    }
    let taking_part: Vec<MemberId> = sqlx::query_scalar(
        "SELECT DISTINCT author_id FROM decision_comments WHERE decision_id = $1",
    )
    .bind(&decision.id)
    .fetch_all(&mut **tx)
    .await?;
    let mut told: Vec<&MemberId> = mentioned.iter().chain([author]).collect();
    for m in taking_part.iter().chain([&decision.created_by]) {
        if told.contains(&m) || !members.iter().any(|cm| cm.member_id == *m) {
            continue;
        }
        notifications::notify(&mut *tx, m, &notice(COMMENTED)).await?;
        told.push(m);
    }
    Ok(())
}

/// Changes the text of `author`'s own comment, unless a coordinator hid it.
pub async fn edit(
    db: &Db,
    author: &MemberId,
    comment_id: &str,
    input: &CommentEdit,
) -> Result<Comment, AppError> {
    let text = body(&input.body)?;
    let (comment, decision_id) = one(db, comment_id).await?;
    // Who may not see the decision learns nothing of its comments.
    super::get(db, author, &decision_id).await?;
    if comment.author_id != *author {
        return Err(AppError::NotAllowed("comment-not-yours"));
    }
    if comment.hidden {
        return Err(AppError::Conflict("comment-hidden"));
    }
    let mut tx = db.begin().await?;
    // A coordinator may hide it meanwhile: the hiding wins.
    let changed = sqlx::query(
        "UPDATE decision_comments SET body = $1, edited_at = $2 \
         WHERE id = $3 AND hidden_at IS NULL",
    )
    .bind(&text)
    .bind(now_ms())
    .bind(comment_id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::Conflict("comment-hidden"));
    }
    let (comment, _) = one(&mut tx, comment_id).await?;
    tx.commit().await?;
    Ok(comment)
}

/// Hides a comment (or shows it again), for a coordinator of the collective.
/// Returns the decision it belongs to.
pub async fn hide(
    db: &Db,
    coordinator: &MemberId,
    comment_id: &str,
    hidden: bool,
) -> Result<DecisionId, AppError> {
    let (_, decision_id) = one(db, comment_id).await?;
    let decision = super::get(db, coordinator, &decision_id).await?;
    if collectives::role_of(db, &decision.collective_id, coordinator).await?
        != Some(Role::Coordinator)
    {
        return Err(AppError::NotAllowed("comment-hide-who"));
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE decision_comments SET hidden_at = $1 WHERE id = $2 AND body <> ''")
        .bind(hidden.then(now_ms))
        .bind(comment_id)
        .execute(&mut *tx)
        .await?;
    if hidden {
        // Its text quoted in notifications not yet read or mailed goes too.
        sqlx::query("UPDATE notifications SET body = '' WHERE link = $1")
            .bind(link(&decision_id, comment_id))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(decision_id)
}

/// The member's comments, for the personal-data export.
pub async fn export(db: &Db, member_id: &MemberId) -> Result<serde_json::Value, AppError> {
    let rows = sqlx::query(
        "SELECT c.decision_id, d.question, c.reply_to, c.body, c.created_at, c.edited_at \
         FROM decision_comments c JOIN decisions d ON d.id = c.decision_id \
         WHERE c.author_id = $1 ORDER BY c.created_at",
    )
    .bind(member_id)
    .fetch_all(db.pool())
    .await?;
    let comments: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            Ok(serde_json::json!({
                "decision": r.try_get::<String, _>("decision_id")?,
                "question": r.try_get::<String, _>("question")?,
                "reply_to": r.try_get::<Option<String>, _>("reply_to")?,
                "body": r.try_get::<String, _>("body")?,
                "created_at": r.try_get::<i64, _>("created_at")?,
                "edited_at": r.try_get::<Option<i64>, _>("edited_at")?,
            }))
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(serde_json::json!(comments))
}

pub(crate) const PERSONAL_DATA: crate::module::Part = crate::module::Part {
    export: |db, member_id| Box::pin(export(db, member_id)),
    erase: |tx, member_id| Box::pin(erase(tx, member_id)),
};

/// Erasure empties what the member wrote, and its quotes in notifications;
/// the comment stays in place (replies answer it), hidden, under the
/// member's pseudonym.
pub async fn erase(tx: &mut Tx, member_id: &MemberId) -> Result<(), AppError> {
    // The member's words quoted in others' notifications go too.
    sqlx::query(
        "UPDATE notifications SET body = '' WHERE link IN \
         (SELECT '/decisions/' || decision_id || '#c-' || id FROM decision_comments WHERE author_id = $1)",
    )
    .bind(member_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE decision_comments SET body = '', hidden_at = COALESCE(hidden_at, $2) \
         WHERE author_id = $1",
    )
    .bind(member_id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
