//! Notifications: what happened that concerns a member, shown behind the
//! bell and mailed as the member chose for each kind: not at all (`app`),
//! at once (`email`), or gathered into one mail a day (`digest`).
//!
//! A notification is written in the transaction of the change it tells
//! about; its mail is a durable job rendered in the member's language when
//! it runs, so a notification is mailed once even if the job runs twice.

use crate::ids::MemberId;
use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::AppState;
use crate::db::{Conn, Db, Tx, new_id, now_ms};
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::jobs::{self, NewJob};
use crate::mail::{self, Mail};

pub const JOB_SEND: &str = "notifications.send";
pub const JOB_DIGEST: &str = "notifications.digest";

/// Local hour at which the daily digest leaves.
const DIGEST_HOUR: i8 = 18;

code_enum!(Delivery {
    App => "app",
    Email => "email",
    Digest => "digest",
});

/// A kind of notification: its message is `notification-{code}`, and it
/// is delivered as `default` until the member chooses otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub code: &'static str,
    pub default: Delivery,
}

pub const DECISION_OPENED: Kind = Kind {
    code: "decision_opened",
    default: Delivery::Email,
};
pub const DECISION_CLOSING: Kind = Kind {
    code: "decision_closing",
    default: Delivery::Email,
};
pub const DECISION_CLOSED: Kind = Kind {
    code: "decision_closed",
    default: Delivery::Email,
};

/// A budget from the treasury waits for a second treasurer's approval.
pub const DECISION_ALLOCATION: Kind = Kind {
    code: "decision_allocation",
    default: Delivery::Email,
};

/// The kernel's kinds; modules list theirs in [`crate::module::Module`].
pub const KERNEL_KINDS: &[Kind] = &[
    DECISION_OPENED,
    DECISION_CLOSING,
    DECISION_CLOSED,
    DECISION_ALLOCATION,
    crate::decisions::discussion::MENTIONED,
    crate::decisions::discussion::COMMENTED,
];

/// Every kind of notification: the kernel's, then the modules'.
pub fn kinds_of(modules: &[crate::module::Module]) -> Vec<Kind> {
    KERNEL_KINDS
        .iter()
        .chain(modules.iter().flat_map(|m| m.notification_kinds))
        .copied()
        .collect()
}

/// What to tell a member.
pub struct Notice<'a> {
    pub kind: Kind,
    /// The message's arguments: names and titles as they are,
    /// `msg:<key>` for words of our own, said in the reader's language with
    /// the other arguments, or
    /// a moment ([`time_arg`]), said as the reader writes dates, in its zone.
    pub args: Vec<(&'a str, String)>,
    /// Where to look, a local path.
    pub link: String,
    /// A text quoted in the mail (a post, a message), possibly empty.
    pub body: String,
    /// Set by a mailing list: the delivery the member chose for that list
    /// (which then wins over the kind's), and where to unsubscribe.
    pub list: Option<(Delivery, String)>,
}

/// Notifies `member_id`, in the caller's transaction (the change it tells
/// about commits with it) or alone.
pub async fn notify<'c>(
    conn: impl Into<Conn<'c>>,
    member_id: &MemberId,
    notice: &Notice<'_>,
) -> Result<(), AppError> {
    notify_many(conn, std::slice::from_ref(member_id), notice).await
}

/// [`notify`] for many members at once (a settlement tells thousands): a
/// statement per thousand members for their preferences, one for the
/// notices and one for the mails, instead of three each.
pub async fn notify_many<'c>(
    conn: impl Into<Conn<'c>>,
    members: &[MemberId],
    notice: &Notice<'_>,
) -> Result<(), AppError> {
    let mut conn = conn.into();
    let args: serde_json::Map<String, serde_json::Value> = notice
        .args
        .iter()
        .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String(v.clone())))
        .collect();
    let args = serde_json::Value::Object(args).to_string();
    let now = now_ms();
    for chunk in members.chunks(crate::db::ROWS_PER_STATEMENT) {
        let delivery_of = match &notice.list {
            // A mailing list's delivery, as the member chose it for that list.
            Some((delivery, _)) => {
                HashMap::from_iter(chunk.iter().map(|m| (m.to_string(), *delivery)))
            }
            None => chosen(&mut conn, chunk, notice.kind.code).await?,
        };
        let notices: Vec<(&MemberId, String, Delivery)> = chunk
            .iter()
            .map(|m| {
                let delivery = delivery_of.get(m.as_str()).copied();
                (m, new_id(), delivery.unwrap_or(notice.kind.default))
            })
            .collect();
        let sql = format!(
            "INSERT INTO notifications (id, member_id, kind, args, link, body, delivery, unsubscribe, created_at) \
             VALUES {}",
            crate::db::value_rows(1, notices.len(), 9)
        );
        let mut insert = sqlx::query(&sql);
        for (member, id, delivery) in &notices {
            insert = insert
                .bind(id.as_str())
                .bind(*member)
                .bind(notice.kind.code)
                .bind(args.as_str())
                .bind(notice.link.as_str())
                .bind(notice.body.as_str())
                .bind(delivery.code())
                .bind(notice.list.as_ref().map(|(_, u)| u.as_str()))
                .bind(now);
        }
        conn.execute(insert).await?;
        let payloads: Vec<serde_json::Value> = notices
            .iter()
            .filter(|(_, _, d)| *d == Delivery::Email)
            .map(|(_, id, _)| serde_json::json!({"notification_id": id}))
            .collect();
        let mails: Vec<NewJob<'_, serde_json::Value>> = payloads
            .iter()
            .map(|payload| NewJob::now(JOB_SEND, payload))
            .collect();
        jobs::enqueue_many(&mut conn, &mails).await?;
        for (member, _, _) in notices.iter().filter(|(_, _, d)| *d == Delivery::Digest) {
            schedule_digest(&mut conn, member, now).await?;
        }
    }
    Ok(())
}

/// The deliveries the members chose for notices of `kind` (those who chose
/// none are not in it).
async fn chosen(
    conn: &mut Conn<'_>,
    members: &[MemberId],
    kind: &str,
) -> Result<HashMap<String, Delivery>, AppError> {
    let sql = format!(
        "SELECT member_id, delivery FROM notification_prefs WHERE kind = $1 AND member_id IN ({})",
        crate::db::placeholders(2, members.len())
    );
    let rows = conn
        .fetch_all(crate::db::bind_all(sqlx::query(&sql).bind(kind), members))
        .await?;
    let mut chosen = HashMap::new();
    for r in &rows {
        let delivery: String = r.try_get("delivery")?;
        if let Some(delivery) = Delivery::parse(&delivery) {
            chosen.insert(r.try_get("member_id")?, delivery);
        }
    }
    Ok(chosen)
}

/// The digest job that will carry the member's notices of the day.
async fn schedule_digest(
    conn: &mut Conn<'_>,
    member_id: &MemberId,
    now: i64,
) -> Result<(), AppError> {
    let tz: String = conn
        .fetch_one(sqlx::query("SELECT time_zone FROM members WHERE id = $1").bind(member_id))
        .await?
        .try_get("time_zone")?;
    let (day, at) = next_digest(now, &tz);
    jobs::enqueue(
        conn.reborrow(),
        NewJob {
            run_at: at,
            dedupe_key: Some(format!("{JOB_DIGEST}:{member_id}:{day}")),
            ..NewJob::now(JOB_DIGEST, &serde_json::json!({"member_id": member_id}))
        },
    )
    .await
}

/// The day (as `YYYY-MM-DD`) and time of the next digest after `now`.
fn next_digest(now: i64, tz: &str) -> (String, i64) {
    let zone = jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC);
    let Ok(local) = jiff::Timestamp::from_millisecond(now).map(|t| t.to_zoned(zone)) else {
        return (String::new(), now);
    };
    let today = local.date();
    let day = if local.hour() < DIGEST_HOUR {
        today
    } else {
        today.tomorrow().unwrap_or(today)
    };
    let at = day
        .at(DIGEST_HOUR, 0, 0, 0)
        .to_zoned(local.time_zone().clone())
        .map_or(now, |z| z.timestamp().as_millisecond());
    (day.to_string(), at)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Notification {
    pub id: String,
    pub kind: String,
    /// The notification in the reader's language.
    pub text: String,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// An argument naming a member: stored as its id and said by the member's
/// name when shown, so that erasing the member leaves no name behind in
/// others' notifications (they then show its pseudonym).
pub fn member_arg(member_id: &MemberId) -> String {
    format!("member:{member_id}")
}

/// An argument that is a moment (ms since the epoch): stored as a number,
/// shown in the reader's language and time zone.
pub fn time_arg(ms: i64) -> String {
    format!("time:{ms}")
}

/// The names of the members the notifications' arguments refer to.
async fn member_names<'c, 'a>(
    conn: impl Into<Conn<'c>>,
    args: impl IntoIterator<Item = &'a str>,
) -> Result<HashMap<String, String>, AppError> {
    let ids: BTreeSet<String> = args
        .into_iter()
        .filter_map(|a| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(a).ok())
        .flat_map(|a| a.into_values())
        .filter_map(|v| v.as_str()?.strip_prefix("member:").map(str::to_owned))
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT id, display_name FROM members WHERE id IN ({})",
        crate::db::placeholders(1, ids.len())
    );
    let mut conn: Conn = conn.into();
    let rows = conn
        .fetch_all(crate::db::bind_all(sqlx::query(&sql), &ids))
        .await?;
    Ok(rows
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("display_name")?)))
        .collect::<Result<_, sqlx::Error>>()?)
}

/// A notification's text for a reader of language `tr` in the zone `tz`.
/// A `msg:<key>` argument is said with the other arguments, so that our
/// own words may name them ("Chosen: { $option }.").
fn text_of(tr: &Tr, tz: &str, kind: &str, args: &str, names: &HashMap<String, String>) -> String {
    let args: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(args).unwrap_or_default();
    let words: Vec<(&str, &str)> = args
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or("")))
        .collect();
    let plain: Vec<(&str, String)> = words
        .iter()
        .filter(|(_, v)| !v.starts_with("msg:"))
        .map(|(k, v)| {
            let said = if let Some(id) = v.strip_prefix("member:") {
                names.get(id).cloned().unwrap_or_default()
            } else if let Some(ms) = v.strip_prefix("time:").and_then(|ms| ms.parse().ok()) {
                crate::l10n::date_time(tr.lang, ms, tz)
            } else {
                (*v).to_owned()
            };
            (*k, said)
        })
        .collect();
    let pairs: Vec<(&str, &str)> = plain.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let ours: Vec<(&str, String)> = words
        .iter()
        .filter_map(|(k, v)| Some((*k, tr.format(v.strip_prefix("msg:")?, &pairs))))
        .collect();
    let pairs: Vec<(&str, &str)> = pairs
        .into_iter()
        .chain(ours.iter().map(|(k, v)| (*k, v.as_str())))
        .collect();
    tr.format(&format!("notification-{kind}"), &pairs)
}

/// The member's latest notifications, newest first, with times in `time_zone`.
pub async fn list(
    db: &Db,
    tr: &Tr,
    member_id: &MemberId,
    time_zone: &str,
) -> Result<Vec<Notification>, AppError> {
    let rows = sqlx::query(
        "SELECT id, kind, args, link, created_at, read_at FROM notifications \
         WHERE member_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100",
    )
    .bind(member_id)
    .fetch_all(db.pool())
    .await?;
    let args = rows
        .iter()
        .map(|r| r.try_get::<&str, _>("args"))
        .collect::<Result<Vec<_>, _>>()?;
    let names = member_names(db, args).await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(Notification {
                id: r.try_get("id")?,
                text: text_of(
                    tr,
                    time_zone,
                    r.try_get("kind")?,
                    r.try_get("args")?,
                    &names,
                ),
                kind: r.try_get("kind")?,
                link: r.try_get("link")?,
                created_at: r.try_get("created_at")?,
                read_at: r.try_get("read_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// How many notifications the member has not read: the bell's number.
pub async fn unread(db: &Db, member_id: &MemberId) -> Result<i64, AppError> {
    let n = db
        .caches()
        .unread
        .get_or_load(member_id, || async {
            let row = sqlx::query(
                "SELECT COUNT(*) AS n FROM notifications WHERE member_id = $1 AND read_at IS NULL",
            )
            .bind(member_id)
            .fetch_one(db.pool())
            .await?;
            Ok(Some(row.try_get::<i64, _>("n")?))
        })
        .await?;
    Ok(n.unwrap_or(0))
}

/// Marks one notification read (`Some(id)`, which must be the member's)
/// or all of them; returns the link of the one read.
pub async fn mark_read(
    db: &Db,
    member_id: &MemberId,
    id: Option<&str>,
) -> Result<Option<String>, AppError> {
    let now = now_ms();
    let link = match id {
        Some(id) => {
            let row =
                sqlx::query("SELECT link FROM notifications WHERE id = $1 AND member_id = $2")
                    .bind(id)
                    .bind(member_id)
                    .fetch_optional(db.pool())
                    .await?
                    .ok_or(AppError::NotFound)?;
            sqlx::query("UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(db.writer())
                .await?;
            Some(row.try_get("link")?)
        }
        None => {
            sqlx::query(
                "UPDATE notifications SET read_at = $1 WHERE member_id = $2 AND read_at IS NULL",
            )
            .bind(now)
            .bind(member_id)
            .execute(db.writer())
            .await?;
            None
        }
    };
    db.changed();
    Ok(link)
}

/// The member's delivery for each kind, defaults included.
pub async fn preferences(
    db: &Db,
    kinds: &[Kind],
    member_id: &MemberId,
) -> Result<Vec<(Kind, Delivery)>, AppError> {
    let rows = sqlx::query("SELECT kind, delivery FROM notification_prefs WHERE member_id = $1")
        .bind(member_id)
        .fetch_all(db.pool())
        .await?;
    let chosen = rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<&str, _>("kind")?,
                r.try_get::<&str, _>("delivery")?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(kinds
        .iter()
        .map(|kind| {
            let chosen = chosen
                .iter()
                .find(|(code, _)| *code == kind.code)
                .and_then(|(_, delivery)| Delivery::parse(delivery));
            (*kind, chosen.unwrap_or(kind.default))
        })
        .collect())
}

/// Sets the member's delivery for the given kinds; an unknown kind is refused.
pub async fn set_preferences(
    db: &Db,
    kinds: &[Kind],
    member_id: &MemberId,
    choices: &[(String, Delivery)],
) -> Result<(), AppError> {
    if choices
        .iter()
        .any(|(code, _)| !kinds.iter().any(|k| k.code == code))
    {
        return Err(AppError::field("kind", "error-notification-kind"));
    }
    let mut tx = db.begin().await?;
    for (code, delivery) in choices {
        sqlx::query(
            "INSERT INTO notification_prefs (member_id, kind, delivery) VALUES ($1, $2, $3) \
             ON CONFLICT (member_id, kind) DO UPDATE SET delivery = excluded.delivery",
        )
        .bind(member_id)
        .bind(code)
        .bind(delivery.code())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A stored notification as a mail needs it.
struct Pending {
    id: String,
    kind: String,
    args: String,
    link: String,
    body: String,
    unsubscribe: Option<String>,
}

struct Recipient {
    email: String,
    lang: Lang,
    time_zone: String,
    name: String,
}

async fn recipient(tx: &mut Tx, member_id: &MemberId) -> Result<Option<Recipient>, AppError> {
    let row = sqlx::query(
        "SELECT email, locale, time_zone, display_name FROM members WHERE id = $1 AND erased_at IS NULL \
         AND email_confirmed_at IS NOT NULL",
    )
    .bind(member_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let Some(email) = r.try_get::<Option<String>, _>("email")? else {
        return Ok(None);
    };
    Ok(Some(Recipient {
        email,
        lang: Lang::parse(r.try_get("locale")?).unwrap_or(Lang::Fr),
        time_zone: r.try_get("time_zone")?,
        name: r.try_get("display_name")?,
    }))
}

fn pending_from(r: &sqlx::any::AnyRow) -> Result<Pending, sqlx::Error> {
    Ok(Pending {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        args: r.try_get("args")?,
        link: r.try_get("link")?,
        body: r.try_get("body")?,
        unsubscribe: r.try_get("unsubscribe")?,
    })
}

/// One notification as a part of a mail: what happened, the quoted text, the link.
fn mail_part(
    state: &AppState,
    tr: &Tr,
    to: &Recipient,
    n: &Pending,
    names: &HashMap<String, String>,
) -> String {
    let mut part = text_of(tr, &to.time_zone, &n.kind, &n.args, names);
    if !n.body.trim().is_empty() {
        part.push_str("\n\n");
        part.push_str(n.body.trim());
    }
    part.push_str(&format!("\n\n{}", state.settings.link(&n.link)));
    if let Some(unsubscribe) = &n.unsubscribe {
        part.push_str(&format!(
            "\n{} {}",
            tr.t("mail-list-unsubscribe"),
            state.settings.link(unsubscribe)
        ));
    }
    part
}

fn mail_of(state: &AppState, to: &Recipient, subject: String, parts: &[String]) -> Mail {
    let tr = Tr::new(state.i18n.clone(), to.lang);
    let mut body = tr.t1("mail-greeting", "name", &to.name);
    body.push_str("\n\n");
    body.push_str(&parts.join("\n\n----\n\n"));
    body.push_str(&format!(
        "\n\n{} {}\n\n{}",
        tr.t("mail-notification-settings"),
        state.settings.link("/account/notifications"),
        tr.t("mail-signature")
    ));
    Mail {
        to: to.email.clone(),
        subject,
        body,
        list_unsubscribe: None,
        attachments: Vec::new(),
    }
}

/// Mails one notification, once.
async fn send(state: &AppState, notification_id: &str) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let Some(row) = sqlx::query(
        "SELECT id, member_id, kind, args, link, body, unsubscribe FROM notifications \
         WHERE id = $1 AND mailed_at IS NULL",
    )
    .bind(notification_id)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(());
    };
    let n = pending_from(&row)?;
    if let Some(to) = recipient(&mut tx, &row.try_get::<MemberId, _>("member_id")?).await? {
        let tr = Tr::new(state.i18n.clone(), to.lang);
        let names = member_names(&mut tx, [n.args.as_str()]).await?;
        let subject = text_of(&tr, &to.time_zone, &n.kind, &n.args, &names);
        let part = mail_part(state, &tr, &to, &n, &names);
        let mut mail = mail_of(state, &to, subject, &[part]);
        mail.list_unsubscribe = n.unsubscribe.as_ref().map(|u| state.settings.link(u));
        mail::enqueue(&mut tx, &mail).await?;
    }
    mark_mailed(&mut tx, &[n.id]).await?;
    tx.commit().await?;
    Ok(())
}

/// Mails the day's digest of a member: what waits for it and was not read.
async fn digest(state: &AppState, member_id: &MemberId) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let rows = sqlx::query(
        "SELECT id, kind, args, link, body, unsubscribe FROM notifications \
         WHERE member_id = $1 AND delivery = 'digest' AND mailed_at IS NULL \
         ORDER BY created_at, id LIMIT 200",
    )
    .bind(member_id)
    .fetch_all(&mut *tx)
    .await?;
    let waiting: Vec<Pending> = rows.iter().map(pending_from).collect::<Result<_, _>>()?;
    if waiting.is_empty() {
        return Ok(());
    }
    if let Some(to) = recipient(&mut tx, member_id).await? {
        let tr = Tr::new(state.i18n.clone(), to.lang);
        let names = member_names(&mut tx, waiting.iter().map(|n| n.args.as_str())).await?;
        let parts: Vec<String> = waiting
            .iter()
            .map(|n| mail_part(state, &tr, &to, n, &names))
            .collect();
        let subject = tr.t1("mail-digest-subject", "count", &parts.len().to_string());
        mail::enqueue(&mut tx, &mail_of(state, &to, subject, &parts)).await?;
    }
    mark_mailed(
        &mut tx,
        &waiting.into_iter().map(|n| n.id).collect::<Vec<_>>(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn mark_mailed(tx: &mut Tx, ids: &[String]) -> Result<(), AppError> {
    let now = now_ms();
    for id in ids {
        sqlx::query("UPDATE notifications SET mailed_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The member's notifications, for the personal-data export.
pub async fn export(db: &Db, member_id: &MemberId) -> Result<serde_json::Value, AppError> {
    let rows = sqlx::query(
        "SELECT kind, args, link, created_at, read_at FROM notifications WHERE member_id = $1 \
         ORDER BY created_at",
    )
    .bind(member_id)
    .fetch_all(db.pool())
    .await?;
    let prefs = sqlx::query("SELECT kind, delivery FROM notification_prefs WHERE member_id = $1")
        .bind(member_id)
        .fetch_all(db.pool())
        .await?;
    let notifications = rows
        .iter()
        .map(|r| {
            Ok(serde_json::json!({
                "kind": r.try_get::<String, _>("kind")?,
                "args": serde_json::from_str::<serde_json::Value>(r.try_get("args")?).unwrap_or_default(),
                "link": r.try_get::<String, _>("link")?,
                "created_at": r.try_get::<i64, _>("created_at")?,
                "read_at": r.try_get::<Option<i64>, _>("read_at")?,
            }))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let preferences = prefs
        .iter()
        .map(|r| {
            Ok(serde_json::json!({
                "kind": r.try_get::<String, _>("kind")?,
                "delivery": r.try_get::<String, _>("delivery")?,
            }))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(serde_json::json!({
        "notifications": notifications,
        "preferences": preferences,
    }))
}

#[derive(Deserialize)]
struct SendPayload {
    notification_id: String,
}

#[derive(Deserialize)]
struct DigestPayload {
    member_id: MemberId,
}

pub fn register(handlers: &mut jobs::Handlers, state: &AppState) {
    let for_send = state.clone();
    handlers.register(JOB_SEND, move |payload| {
        let state = for_send.clone();
        async move {
            let p: SendPayload = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            send(&state, &p.notification_id)
                .await
                .map_err(|e| e.to_string())
        }
    });
    let for_digest = state.clone();
    handlers.register(JOB_DIGEST, move |payload| {
        let state = for_digest.clone();
        async move {
            let p: DigestPayload = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            digest(&state, &p.member_id)
                .await
                .map_err(|e| e.to_string())
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_leaves_at_six_in_the_members_evening() {
        // 2026-12-01 10:00 in Paris (09:00 UTC): today at 18:00 Paris.
        let morning = jiff::Timestamp::from_second(1_796_115_600).unwrap();
        let (day, at) = next_digest(morning.as_millisecond(), "Europe/Paris");
        assert_eq!(day, "2026-12-01");
        assert_eq!(at - morning.as_millisecond(), 8 * 3600 * 1000);
        // At 19:00 Paris: tomorrow.
        let evening = morning.as_millisecond() + 9 * 3600 * 1000;
        assert_eq!(next_digest(evening, "Europe/Paris").0, "2026-12-02");
    }
}
