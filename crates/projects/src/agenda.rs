//! The project's agenda: events with a place, a start and an end in their
//! own time zone, possibly repeating (RRULE); each member says whether it
//! comes to each occurrence; and a secret iCalendar address per member
//! that calendar apps subscribe to.

use crate::ProjectId;
use jiff::Timestamp;
use kernel::MemberId;
use kernel::collectives::{self, Role};
use kernel::crypto::{random_token, token_hash};
use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::error::Checks;
use kernel::members::Member;
use kernel::notifications::{self, Notice};
use kernel::validate::schema::{self, Rule as _};
use kernel::{AppError, validate};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::rrule::Rule;
use crate::{ics, kinds, projects};

kernel::code_enum!(Answer {
    Yes => "yes",
    Maybe => "maybe",
    No => "no",
});

/// Longest event: a fortnight.
const MAX_LENGTH_MS: i64 = 14 * 24 * 3600 * 1000;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Event {
    pub id: String,
    pub title: String,
    pub description: String,
    pub place: String,
    /// ms since the epoch (UTC).
    pub starts_at: i64,
    pub ends_at: i64,
    /// The zone it is held in (and repeats in).
    pub time_zone: String,
    /// Its recurrence rule (RFC 5545), if it repeats.
    pub rrule: Option<String>,
    pub created_by: MemberId,
    pub created_at: i64,
    pub updated_at: i64,
    pub sequence: i64,
    pub cancelled: bool,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EventInput {
    #[schema(schema_with = schema::line::<2, 200>)]
    pub title: String,
    #[serde(default)]
    #[schema(schema_with = schema::text::<5000>)]
    pub description: String,
    #[serde(default)]
    #[schema(schema_with = schema::line::<0, 200>)]
    pub place: String,
    #[schema(schema_with = event_starts_at)]
    pub starts_at: i64,
    #[schema(schema_with = event_ends_at)]
    pub ends_at: i64,
    #[serde(default)]
    #[schema(schema_with = event_time_zone)]
    pub time_zone: Option<String>,
    #[serde(default)]
    #[schema(schema_with = event_rrule)]
    pub rrule: Option<String>,
}

kernel::described! {
    /// ms since the epoch.
    fn event_starts_at = schema::timestamp_ms();
    /// ms since the epoch, after `starts_at` and at most 14 days later.
    fn event_ends_at = schema::timestamp_ms();
    /// An IANA zone; the member's own when absent.
    fn event_time_zone = schema::no_nul().or_null();
    /// A recurrence rule, e.g. `FREQ=WEEKLY;BYDAY=TU;COUNT=10` (at most 300 bytes).
    fn event_rrule = schema::no_nul_len::<0, 300>().or_null();
}

const COLUMNS: &str = "id, title, description, place, starts_at, ends_at, time_zone, rrule, \
    created_by, created_at, updated_at, sequence, cancelled_at";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Event, sqlx::Error> {
    Ok(Event {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        place: r.try_get("place")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        time_zone: r.try_get("time_zone")?,
        rrule: r.try_get("rrule")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        sequence: r.try_get("sequence")?,
        cancelled: r.try_get::<Option<i64>, _>("cancelled_at")?.is_some(),
    })
}

struct Clean {
    title: String,
    description: String,
    place: String,
    time_zone: String,
    rrule: Option<String>,
}

fn clean(input: &EventInput, default_zone: &str) -> Result<Clean, AppError> {
    let mut checks = Checks::new();
    let title = checks.check("title", validate::line(&input.title, 2, 200));
    let description = checks.check("description", validate::text(&input.description, 5000));
    let place = checks.check("place", validate::line(&input.place, 0, 200));
    let time_zone = checks.check(
        "time_zone",
        validate::time_zone(input.time_zone.as_deref().unwrap_or(default_zone)),
    );
    if Timestamp::from_millisecond(input.starts_at).is_err()
        || Timestamp::from_millisecond(input.ends_at).is_err()
    {
        checks.add("starts_at", "error-datetime");
    } else if input.ends_at <= input.starts_at {
        checks.add("ends_at", "error-event-ends-before");
    } else if input.ends_at - input.starts_at > MAX_LENGTH_MS {
        checks.add("ends_at", "error-event-too-long");
    }
    let rrule = match input
        .rrule
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        None => None,
        Some(text) if text.len() > 300 => {
            checks.add("rrule", "error-rrule");
            None
        }
        Some(text) => match Rule::parse(text) {
            Ok(rule) => Some(rule.to_string()),
            Err(crate::rrule::RuleError::Unsupported(_)) => {
                checks.add("rrule", "error-rrule-unsupported");
                None
            }
            Err(_) => {
                checks.add("rrule", "error-rrule");
                None
            }
        },
    };
    checks.finish()?;
    Ok(Clean {
        title: title.unwrap_or_default(),
        description: description.unwrap_or_default(),
        place: place.unwrap_or_default(),
        time_zone: time_zone.unwrap_or_default(),
        rrule,
    })
}

pub async fn events(
    db: &Db,
    viewer: &MemberId,
    project_id: &ProjectId,
) -> Result<Vec<Event>, AppError> {
    projects::require_sight(db, viewer, project_id).await?;
    all_events(db, project_id).await
}

async fn all_events(db: &Db, project_id: &ProjectId) -> Result<Vec<Event>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM events WHERE project_id = $1 ORDER BY starts_at");
    Ok(sqlx::query(&sql)
        .bind(project_id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_, _>>()?)
}

async fn event(db: &Db, project_id: &ProjectId, event_id: &str) -> Result<Event, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM events WHERE id = $1 AND project_id = $2");
    sqlx::query(&sql)
        .bind(event_id)
        .bind(project_id)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()?
        .ok_or(AppError::NotFound)
}

/// A member of the project plans an event; the other members hear of it.
pub async fn create(
    db: &Db,
    actor: &Member,
    project_id: &ProjectId,
    input: &EventInput,
) -> Result<Event, AppError> {
    projects::require_member(db, &actor.id, project_id).await?;
    let clean = clean(input, &actor.time_zone)?;
    let project = projects::get(db, &actor.id, project_id).await?;
    let members = collectives::members(db, project_id).await?;
    let (id, now) = (new_id(), now_ms());
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO events (id, project_id, title, description, place, starts_at, ends_at, time_zone, \
         rrule, created_by, created_at, updated_at, sequence) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 0)",
    )
    .bind(&id)
    .bind(project_id)
    .bind(&clean.title)
    .bind(&clean.description)
    .bind(&clean.place)
    .bind(input.starts_at)
    .bind(input.ends_at)
    .bind(&clean.time_zone)
    .bind(&clean.rrule)
    .bind(&actor.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let when = notifications::time_arg(input.starts_at);
    for m in members.iter().filter(|m| m.member_id != actor.id) {
        let notice = Notice {
            kind: kinds::EVENT_PLANNED,
            args: vec![
                ("event", clean.title.clone()),
                ("when", when.clone()),
                ("project", project.title.clone()),
            ],
            link: format!("/projects/{project_id}/agenda#e-{id}"),
            body: clean.description.clone(),
            list: None,
        };
        notifications::notify(&mut tx, &m.member_id, &notice).await?;
    }
    tx.commit().await?;
    event(db, project_id, &id).await
}

/// Its planner or a coordinator changes or cancels an event.
async fn require_planner(
    db: &Db,
    actor: &MemberId,
    project_id: &ProjectId,
    event_id: &str,
) -> Result<Event, AppError> {
    let role = projects::require_member(db, actor, project_id).await?;
    let e = event(db, project_id, event_id).await?;
    if e.created_by != *actor && role != Role::Coordinator {
        return Err(AppError::NotAllowed("event-planner-only"));
    }
    Ok(e)
}

pub async fn update(
    db: &Db,
    actor: &Member,
    project_id: &ProjectId,
    event_id: &str,
    input: &EventInput,
) -> Result<Event, AppError> {
    let before = require_planner(db, &actor.id, project_id, event_id).await?;
    if before.cancelled {
        return Err(AppError::Conflict("event-cancelled"));
    }
    let clean = clean(input, &actor.time_zone)?;
    let after = Event {
        title: clean.title,
        description: clean.description,
        place: clean.place,
        starts_at: input.starts_at,
        ends_at: input.ends_at,
        time_zone: clean.time_zone,
        rrule: clean.rrule,
        ..before.clone()
    };
    let mut tx = db.begin().await?;
    // A cancel committed since the read above wins: a cancelled event stays
    // as calendars last saw it.
    let changed = sqlx::query(
        "UPDATE events SET title = $1, description = $2, place = $3, starts_at = $4, ends_at = $5, \
         time_zone = $6, rrule = $7, updated_at = $8, sequence = sequence + 1 \
         WHERE id = $9 AND cancelled_at IS NULL",
    )
    .bind(&after.title)
    .bind(&after.description)
    .bind(&after.place)
    .bind(after.starts_at)
    .bind(after.ends_at)
    .bind(&after.time_zone)
    .bind(&after.rrule)
    .bind(now_ms())
    .bind(event_id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict("event-cancelled"));
    }
    if (&before.place, before.ends_at) != (&after.place, after.ends_at)
        || !same_schedule(&before, &after)
    {
        tell_who_comes(db, &mut tx, &actor.id, project_id, &after).await?;
    }
    carry_answers(&mut tx, &before, &after).await?;
    tx.commit().await?;
    event(db, project_id, event_id).await
}

fn same_schedule(before: &Event, after: &Event) -> bool {
    (before.starts_at, &before.time_zone, &before.rrule)
        == (after.starts_at, &after.time_zone, &after.rrule)
}

/// Those who said they come (or may come) to an occurrence hear of the
/// event's new time and place: its next occurrence, or its first.
async fn tell_who_comes(
    db: &Db,
    tx: &mut Tx,
    actor: &MemberId,
    project_id: &ProjectId,
    e: &Event,
) -> Result<(), AppError> {
    let project = projects::get(db, actor, project_id).await?;
    let coming = sqlx::query(
        "SELECT DISTINCT member_id FROM event_attendance \
         WHERE event_id = $1 AND answer IN ('yes', 'maybe') AND member_id <> $2",
    )
    .bind(&e.id)
    .bind(actor)
    .fetch_all(&mut **tx)
    .await?;
    let next = starts(e, now_ms(), i64::MAX, 1);
    let when = notifications::time_arg(next.first().copied().unwrap_or(e.starts_at));
    let at = if e.place.is_empty() {
        String::new()
    } else {
        format!(", {}", e.place)
    };
    let notice = Notice {
        kind: kinds::EVENT_CHANGED,
        args: vec![
            ("event", e.title.clone()),
            ("when", when),
            ("at", at),
            ("project", project.title),
        ],
        link: format!("/projects/{project_id}/agenda#e-{}", e.id),
        body: e.description.clone(),
        list: None,
    };
    for r in coming {
        notifications::notify(&mut *tx, &r.try_get::<MemberId, _>("member_id")?, &notice).await?;
    }
    Ok(())
}

/// Moves the members' answers with their occurrences when an event is
/// rescheduled: an occurrence keeps its place in the series, the same
/// number of days after the first one, at the new time. Answers to
/// occurrences the new schedule no longer has are dropped, as they answer
/// nothing that will happen.
async fn carry_answers(tx: &mut Tx, before: &Event, after: &Event) -> Result<(), AppError> {
    if same_schedule(before, after) {
        return Ok(());
    }
    let rows = sqlx::query(
        "SELECT occurrence_at, member_id, answer, answered_at FROM event_attendance \
         WHERE event_id = $1 ORDER BY answered_at",
    )
    .bind(&before.id)
    .fetch_all(&mut **tx)
    .await?;
    // Later answers win when two old occurrences land on one new one.
    let mut moved = std::collections::BTreeMap::new();
    let mut place = std::collections::HashMap::new();
    for r in &rows {
        let old: i64 = r.try_get("occurrence_at")?;
        let new = *place
            .entry(old)
            .or_insert_with(|| moved_occurrence(before, after, old));
        if let Some(at) = new {
            let member: String = r.try_get("member_id")?;
            moved.insert(
                (at, member),
                (
                    r.try_get::<String, _>("answer")?,
                    r.try_get::<i64, _>("answered_at")?,
                ),
            );
        }
    }
    sqlx::query("DELETE FROM event_attendance WHERE event_id = $1")
        .bind(&before.id)
        .execute(&mut **tx)
        .await?;
    for ((at, member), (answer, answered_at)) in moved {
        sqlx::query(
            "INSERT INTO event_attendance (event_id, occurrence_at, member_id, answer, answered_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&before.id)
        .bind(at)
        .bind(member)
        .bind(answer)
        .bind(answered_at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Where the occurrence of `before` starting at `at` is in `after`: the
/// occurrence on the day as far from the new first day as it was from the
/// old one, if the new schedule has one that day.
fn moved_occurrence(before: &Event, after: &Event, at: i64) -> Option<i64> {
    let zone = |e: &Event| jiff::tz::TimeZone::get(&e.time_zone).ok();
    let day = |ms, e| {
        Some(
            Timestamp::from_millisecond(ms)
                .ok()?
                .to_zoned(zone(e)?)
                .date(),
        )
    };
    let midnight =
        |d: jiff::civil::Date| Some(d.to_zoned(zone(after)?).ok()?.timestamp().as_millisecond());
    let offset = day(before.starts_at, before)?
        .until(day(at, before)?)
        .ok()?;
    let target = day(after.starts_at, after)?.checked_add(offset).ok()?;
    let (from, to) = (midnight(target)?, midnight(target.tomorrow().ok()?)?);
    starts(after, from, to, 1).first().copied()
}

/// Cancels an event: it stays in the feed, marked cancelled, so calendar
/// apps remove it, and can no longer be changed or answered. Cancelling it
/// again changes nothing.
pub async fn cancel(
    db: &Db,
    actor: &MemberId,
    project_id: &ProjectId,
    event_id: &str,
) -> Result<(), AppError> {
    require_planner(db, actor, project_id, event_id).await?;
    let now = now_ms();
    sqlx::query(
        "UPDATE events SET cancelled_at = $1, updated_at = $1, sequence = sequence + 1 \
         WHERE id = $2 AND cancelled_at IS NULL",
    )
    .bind(now)
    .bind(event_id)
    .execute(db.writer())
    .await?;
    db.changed();
    Ok(())
}

/// The starts of an event's occurrences in `[from, to)`.
pub fn starts(e: &Event, from: i64, to: i64, limit: usize) -> Vec<i64> {
    let (Ok(from), Ok(to), Ok(first)) = (
        Timestamp::from_millisecond(from),
        Timestamp::from_millisecond(to),
        Timestamp::from_millisecond(e.starts_at),
    ) else {
        return Vec::new();
    };
    let zone = jiff::tz::TimeZone::get(&e.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let first = first.to_zoned(zone);
    match e.rrule.as_deref().map(Rule::parse) {
        Some(Ok(rule)) => rule
            .occurrences(&first, from, to, limit)
            .iter()
            .map(|z| z.timestamp().as_millisecond())
            .collect(),
        _ => {
            let at = e.starts_at;
            if at >= from.as_millisecond() && at < to.as_millisecond() {
                vec![at]
            } else {
                Vec::new()
            }
        }
    }
}

/// One occurrence as the agenda shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Occurrence {
    pub event_id: String,
    pub title: String,
    pub place: String,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub repeats: bool,
    /// Who planned it (who may change it, with the coordinators).
    pub planned_by: MemberId,
    pub yes: i64,
    pub maybe: i64,
    pub no: i64,
    /// The viewer's answer.
    pub mine: Option<Answer>,
    /// Who said yes.
    pub coming: Vec<String>,
}

/// The occurrences in `[from, to)`, soonest first, with who comes.
pub async fn agenda(
    db: &Db,
    viewer: &MemberId,
    project_id: &ProjectId,
    from: i64,
    to: i64,
) -> Result<Vec<Occurrence>, AppError> {
    projects::require_sight(db, viewer, project_id).await?;
    let answers = sqlx::query(
        "SELECT a.event_id, a.occurrence_at, a.member_id, a.answer, m.display_name \
         FROM event_attendance a JOIN events e ON e.id = a.event_id JOIN members m ON m.id = a.member_id \
         WHERE e.project_id = $1 AND a.occurrence_at >= $2 AND a.occurrence_at < $3",
    )
    .bind(project_id)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    struct Attendance<'a> {
        event_id: &'a str,
        occurrence_at: i64,
        member_id: &'a str,
        answer: &'a str,
        display_name: String,
    }
    let answers = answers
        .iter()
        .map(|a| {
            Ok(Attendance {
                event_id: a.try_get("event_id")?,
                occurrence_at: a.try_get("occurrence_at")?,
                member_id: a.try_get("member_id")?,
                answer: a.try_get("answer")?,
                display_name: a.try_get("display_name")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut out = Vec::new();
    for e in all_events(db, project_id)
        .await?
        .into_iter()
        .filter(|e| !e.cancelled)
    {
        for at in starts(&e, from, to, 500) {
            let here: Vec<&Attendance> = answers
                .iter()
                .filter(|a| a.event_id == e.id && a.occurrence_at == at)
                .collect();
            let count =
                |answer: Answer| here.iter().filter(|a| a.answer == answer.code()).count() as i64;
            out.push(Occurrence {
                event_id: e.id.clone(),
                title: e.title.clone(),
                place: e.place.clone(),
                description: e.description.clone(),
                starts_at: at,
                ends_at: at + (e.ends_at - e.starts_at),
                time_zone: e.time_zone.clone(),
                repeats: e.rrule.is_some(),
                planned_by: e.created_by.clone(),
                yes: count(Answer::Yes),
                maybe: count(Answer::Maybe),
                no: count(Answer::No),
                mine: here
                    .iter()
                    .find(|a| a.member_id == viewer)
                    .and_then(|a| Answer::parse(a.answer)),
                coming: here
                    .iter()
                    .filter(|a| a.answer == "yes")
                    .map(|a| a.display_name.clone())
                    .collect(),
            });
        }
    }
    out.sort_by_key(|o| o.starts_at);
    Ok(out)
}

/// A member says whether it comes to one occurrence (which must be one).
pub async fn answer(
    db: &Db,
    actor: &MemberId,
    project_id: &ProjectId,
    event_id: &str,
    occurrence_at: i64,
    answer: Answer,
) -> Result<(), AppError> {
    projects::require_member(db, actor, project_id).await?;
    let e = event(db, project_id, event_id).await?;
    if e.cancelled {
        return Err(AppError::Conflict("event-cancelled"));
    }
    if !starts(&e, occurrence_at, occurrence_at.saturating_add(1), 1).contains(&occurrence_at) {
        return Err(AppError::field("occurrence_at", "error-event-occurrence"));
    }
    sqlx::query(
        "INSERT INTO event_attendance (event_id, occurrence_at, member_id, answer, answered_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id, occurrence_at, member_id) \
         DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at",
    )
    .bind(event_id)
    .bind(occurrence_at)
    .bind(actor)
    .bind(answer.code())
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    db.changed();
    Ok(())
}

/// A new secret feed address for the member (the old one stops working).
pub async fn new_feed(
    db: &Db,
    member: &MemberId,
    project_id: &ProjectId,
) -> Result<String, AppError> {
    projects::require_sight(db, member, project_id).await?;
    let token = random_token();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM calendar_feeds WHERE project_id = $1 AND member_id = $2")
        .bind(project_id)
        .bind(member)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO calendar_feeds (token_hash, project_id, member_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(project_id)
    .bind(member)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The feed behind a secret address: the project's events as iCalendar,
/// while its holder may still see the project.
pub async fn feed(
    db: &Db,
    base_url: &str,
    project_id: &ProjectId,
    token: &str,
) -> Result<String, AppError> {
    let row = sqlx::query(
        "SELECT member_id FROM calendar_feeds WHERE token_hash = $1 AND project_id = $2",
    )
    .bind(token_hash(token))
    .bind(project_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    let holder: MemberId = row.try_get("member_id")?;
    let project = projects::get(db, &holder, project_id)
        .await
        .map_err(|_| AppError::NotFound)?;
    let events = all_events(db, project_id).await?;
    let host = base_url
        .trim_end_matches('/')
        .rsplit("//")
        .next()
        .unwrap_or("freeco");
    let mut cal = ics::Calendar::new(&project.title);
    let mut zones: Vec<&str> = events.iter().map(|e| e.time_zone.as_str()).collect();
    zones.sort_unstable();
    zones.dedup();
    let first = events
        .iter()
        .map(|e| e.starts_at)
        .min()
        .unwrap_or_else(now_ms);
    let span_from = Timestamp::from_millisecond(first - 366 * 24 * 3600 * 1000)
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let span_to = Timestamp::from_millisecond(now_ms().max(first) + 3 * 366 * 24 * 3600 * 1000)
        .unwrap_or(Timestamp::MAX);
    for zone in zones {
        cal.time_zone(zone, span_from, span_to);
    }
    let url = format!(
        "{}/projects/{project_id}/agenda",
        base_url.trim_end_matches('/')
    );
    for e in &events {
        let uid = format!("{}@{host}", e.id);
        cal.event(&ics::Event {
            uid: &uid,
            title: &e.title,
            description: &e.description,
            place: &e.place,
            url: &url,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            time_zone: &e.time_zone,
            rrule: e.rrule.as_deref(),
            created_at: e.created_at,
            updated_at: e.updated_at,
            sequence: e.sequence,
            cancelled: e.cancelled,
        });
    }
    Ok(cal.finish())
}
