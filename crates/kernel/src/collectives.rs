//! Collectives (cooperatives, AMAP, commune groups, project groups) with
//! their members, roles, colleges, join requests and invitations.
//!
//! Every function that touches an object of a collective takes the
//! collective's id and filters on it, so an id from another collective is
//! simply "not found"; every change checks the actor's role first.

use crate::ids::{CollectiveId, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::crypto::{random_token, token_hash};
use crate::db::{Conn, Db, Tx, bind_all, is_unique_violation, new_id, now_ms, placeholders};
use crate::error::{AppError, Checks};
use crate::i18n::{I18n, Lang};
use crate::mail::{self, Mail};
use crate::members::Member;
use crate::settings::Settings;
use crate::validate;
use crate::validate::schema;

const INVITATION_TTL_MS: i64 = 14 * 24 * 3600 * 1000;

code_enum!(CollectiveKind {
    Cooperative => "cooperative",
    Amap => "amap",
    Commune => "commune",
    Association => "association",
    ProjectGroup => "project_group",
});

code_enum!(Role {
    Member => "member",
    Coordinator => "coordinator",
    Treasurer => "treasurer",
});

impl Role {
    /// Treasurers and coordinators: who may propose to move the
    /// collective's money (a budget, a backing, a loan).
    pub fn moves_money(self) -> bool {
        matches!(self, Role::Treasurer | Role::Coordinator)
    }
}

code_enum!(DecisionOpeners {
    Members => "members",
    Coordinators => "coordinators",
});

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Collective {
    pub id: CollectiveId,
    pub slug: String,
    pub name: String,
    pub kind: CollectiveKind,
    pub description: String,
    pub created_at: i64,
    pub member_count: i64,
    /// The group of a project (see the projects module): open to join, not
    /// in the directory.
    pub is_project: bool,
    /// A project group's collective (none: the whole instance).
    pub parent_id: Option<CollectiveId>,
    /// Who may open a decision here.
    pub decision_openers: DecisionOpeners,
    /// What a decision that acts here needs (see [`ActingRules`]).
    pub acting_rules: ActingRules,
    /// Results per college of a secret decision are shown only for
    /// colleges with at least this many voters.
    pub college_results_min: u32,
}

/// What a decision that acts (moves money, adopts a charter, validates a
/// project) needs in a collective, so that nobody rushes it through: it
/// stays open at least `min_hours`, with a quorum of at least
/// `min_quorum` percent. Coordinators set both, never below
/// [`ActingRules::FLOOR`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActingRules {
    #[schema(minimum = 24, maximum = 720)]
    pub min_hours: u32,
    #[schema(minimum = 10, maximum = 100)]
    pub min_quorum: u32,
}

impl ActingRules {
    /// The least any collective may ask: a day, and a tenth of its voters.
    pub const FLOOR: ActingRules = ActingRules {
        min_hours: 24,
        min_quorum: 10,
    };
    pub const MAX_HOURS: u32 = 720;
}

impl Collective {
    /// Where its page is: a project group is shown as its project.
    pub fn page_path(&self) -> String {
        page_path(self.is_project, &self.id, &self.slug)
    }
}

impl Membership {
    /// Where its collective's page is (its project's, for a project group).
    pub fn page_path(&self) -> String {
        page_path(self.is_project, &self.collective_id, &self.slug)
    }
}

/// Where a collective's page is: a project group is shown as its project.
pub fn page_path(is_project: bool, id: &CollectiveId, slug: &str) -> String {
    if is_project {
        format!("/projects/{id}")
    } else {
        format!("/collectives/{slug}")
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CollectiveInput {
    #[schema(schema_with = schema::line::<2, 120>)]
    pub name: String,
    pub kind: CollectiveKind,
    #[serde(default)]
    #[schema(schema_with = schema::text::<5000>)]
    pub description: String,
    /// Who may open a decision (unchanged when absent; members at creation).
    #[serde(default)]
    pub decision_openers: Option<DecisionOpeners>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CollectiveMember {
    pub member_id: MemberId,
    pub display_name: String,
    pub role: Role,
    pub college_id: Option<String>,
    pub college_name: Option<String>,
    pub joined_at: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Membership {
    pub collective_id: CollectiveId,
    pub slug: String,
    pub name: String,
    pub role: Role,
    pub college_name: Option<String>,
    pub joined_at: i64,
    /// Set once the member has left.
    pub left_at: Option<i64>,
    /// A project's group rather than a collective of the directory.
    pub is_project: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct College {
    pub id: String,
    pub name: String,
    /// Weight of this college's result in a weighted decision.
    pub weight: i64,
    pub member_count: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CollegeInput {
    #[schema(schema_with = schema::line::<2, 80>)]
    pub name: String,
    #[schema(minimum = 1, maximum = 1000)]
    pub weight: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JoinRequest {
    pub id: String,
    pub collective_id: CollectiveId,
    pub member_id: MemberId,
    pub display_name: String,
    pub message: String,
    pub status: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Invitation {
    pub id: String,
    /// Set for an invitation sent to one address; absent for a shareable link.
    pub email: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub uses: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedInvitation {
    pub invitation: Invitation,
    /// The link to share (or that was sent); its secret is not stored.
    pub url: String,
    /// The link's secret alone (its last part), for a client that accepts
    /// through the API: `POST /api/v1/invitations/{token}/accept`.
    pub token: String,
}

const COLUMNS: &str = "c.id, c.slug, c.name, c.kind, c.description, c.created_at, \
    c.is_project, c.parent_id, c.decision_openers, c.acting_min_hours, c.acting_min_quorum, \
    c.college_results_min, \
    (SELECT COUNT(*) FROM collective_members cm WHERE cm.collective_id = c.id AND cm.left_at IS NULL) AS member_count";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Collective, sqlx::Error> {
    Ok(Collective {
        id: r.try_get("id")?,
        slug: r.try_get("slug")?,
        name: r.try_get("name")?,
        kind: CollectiveKind::parse(&r.try_get::<String, _>("kind")?)
            .unwrap_or(CollectiveKind::Association),
        description: r.try_get("description")?,
        created_at: r.try_get("created_at")?,
        member_count: r.try_get("member_count")?,
        is_project: r.try_get::<i64, _>("is_project")? != 0,
        parent_id: r.try_get("parent_id")?,
        decision_openers: DecisionOpeners::parse(r.try_get("decision_openers")?)
            .unwrap_or(DecisionOpeners::Members),
        acting_rules: ActingRules {
            min_hours: u32::try_from(r.try_get::<i64, _>("acting_min_hours")?).unwrap_or(72),
            min_quorum: u32::try_from(r.try_get::<i64, _>("acting_min_quorum")?).unwrap_or(25),
        },
        college_results_min: u32::try_from(r.try_get::<i64, _>("college_results_min")?)
            .unwrap_or(5),
    })
}

fn role_from(r: &sqlx::any::AnyRow) -> Result<Role, sqlx::Error> {
    Ok(Role::parse(&r.try_get::<String, _>("role")?).unwrap_or(Role::Member))
}

fn clean(input: &CollectiveInput) -> Result<(String, String), AppError> {
    let mut checks = Checks::new();
    let name = checks.check("name", validate::line(&input.name, 2, 120));
    let description = checks.check("description", validate::text(&input.description, 5000));
    checks.finish()?;
    Ok((name.unwrap_or_default(), description.unwrap_or_default()))
}

/// Creates a collective; its creator becomes its first coordinator.
pub async fn create(
    db: &Db,
    creator: &MemberId,
    input: &CollectiveInput,
) -> Result<Collective, AppError> {
    let (name, description) = clean(input)?;
    let base = validate::slugify(&name);
    let id = CollectiveId::generate();
    let now = now_ms();
    for attempt in 1..=50 {
        let slug = if attempt == 1 {
            base.clone()
        } else {
            format!("{base}-{attempt}")
        };
        let mut tx = db.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO collectives (id, slug, name, kind, description, created_at, decision_openers) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(&slug)
        .bind(&name)
        .bind(input.kind.code())
        .bind(&description)
        .bind(now)
        .bind(
            input
                .decision_openers
                .unwrap_or(DecisionOpeners::Members)
                .code(),
        )
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {
                add_member(&mut tx, &id, creator, Role::Coordinator).await?;
                tx.commit().await?;
                return get(db, &id).await;
            }
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict("slug-taken"))
}

pub async fn update(
    db: &Db,
    actor: &MemberId,
    id: &CollectiveId,
    input: &CollectiveInput,
) -> Result<Collective, AppError> {
    require_coordinator(db, id, actor).await?;
    let (name, description) = clean(input)?;
    sqlx::query(
        "UPDATE collectives SET name = $1, kind = $2, description = $3, \
         decision_openers = COALESCE($4, decision_openers) WHERE id = $5",
    )
    .bind(name)
    .bind(input.kind.code())
    .bind(description)
    .bind(input.decision_openers.map(DecisionOpeners::code))
    .bind(id)
    .execute(db.writer())
    .await?;
    db.changed();
    get(db, id).await
}

/// Who may open decisions in the collective (coordinators decide).
pub async fn set_decision_openers(
    db: &Db,
    actor: &MemberId,
    id: &CollectiveId,
    openers: DecisionOpeners,
) -> Result<(), AppError> {
    require_coordinator(db, id, actor).await?;
    sqlx::query("UPDATE collectives SET decision_openers = $1 WHERE id = $2")
        .bind(openers.code())
        .bind(id)
        .execute(db.writer())
        .await?;
    db.changed();
    Ok(())
}

/// What decisions that act need here, and from how many voters a secret
/// decision's college is counted apart (coordinators decide).
pub async fn set_decision_rules(
    db: &Db,
    actor: &MemberId,
    id: &CollectiveId,
    acting: ActingRules,
    college_results_min: u32,
) -> Result<(), AppError> {
    require_coordinator(db, id, actor).await?;
    let mut checks = Checks::new();
    if !(ActingRules::FLOOR.min_hours..=ActingRules::MAX_HOURS).contains(&acting.min_hours) {
        checks.add("min_hours", "error-acting-min-hours");
    }
    if !(ActingRules::FLOOR.min_quorum..=100).contains(&acting.min_quorum) {
        checks.add("min_quorum", "error-acting-min-quorum");
    }
    if !(3..=100).contains(&college_results_min) {
        checks.add("college_results_min", "error-college-results-min");
    }
    checks.finish()?;
    sqlx::query(
        "UPDATE collectives SET acting_min_hours = $1, acting_min_quorum = $2, \
         college_results_min = $3 WHERE id = $4",
    )
    .bind(i64::from(acting.min_hours))
    .bind(i64::from(acting.min_quorum))
    .bind(i64::from(college_results_min))
    .bind(id)
    .execute(db.writer())
    .await?;
    db.changed();
    Ok(())
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, id: &CollectiveId) -> Result<Collective, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM collectives c WHERE c.id = $1");
    Ok(from_row(
        &conn.into().fetch_one(sqlx::query(&sql).bind(id)).await?,
    )?)
}

pub async fn get_by_slug(db: &Db, slug: &str) -> Result<Collective, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM collectives c WHERE c.slug = $1");
    Ok(from_row(
        &sqlx::query(&sql).bind(slug).fetch_one(db.pool()).await?,
    )?)
}

/// The directory of collectives: public facts only (no member list).
/// Projects' groups are listed by their module, not here.
pub async fn list(db: &Db) -> Result<Vec<Collective>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM collectives c WHERE c.is_project = 0 ORDER BY c.name");
    let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}

/// The member's active role in the collective, if it is a member.
pub async fn role_of(
    db: &Db,
    collective_id: &CollectiveId,
    member_id: &MemberId,
) -> Result<Option<Role>, AppError> {
    let row = sqlx::query(
        "SELECT role FROM collective_members WHERE collective_id = $1 AND member_id = $2 AND left_at IS NULL",
    )
    .bind(collective_id)
    .bind(member_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.as_ref().map(role_from).transpose()?)
}

/// Members only: an outsider gets 403 for a collective that exists, 404 otherwise.
pub async fn require_member(
    db: &Db,
    collective_id: &CollectiveId,
    member_id: &MemberId,
) -> Result<Role, AppError> {
    get(db, collective_id).await?;
    role_of(db, collective_id, member_id)
        .await?
        .ok_or(AppError::Forbidden)
}

pub async fn require_coordinator(
    db: &Db,
    collective_id: &CollectiveId,
    member_id: &MemberId,
) -> Result<(), AppError> {
    match require_member(db, collective_id, member_id).await? {
        Role::Coordinator => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// The collective a member acts on behalf of when it proposes something
/// (a group purchase, a campaign): none when `collective_id` is empty,
/// else one it coordinates (a project's group too), refused as the field
/// `collective_id` with the caller's message `key`.
pub async fn acting_for(
    db: &Db,
    member: &MemberId,
    collective_id: Option<&str>,
    key: &'static str,
) -> Result<Option<CollectiveId>, AppError> {
    let Some(id) = collective_id.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let id = CollectiveId::from(id.to_owned());
    require_coordinator(db, &id, member)
        .await
        .map_err(|e| match e {
            AppError::NotFound | AppError::Forbidden => AppError::field("collective_id", key),
            other => other,
        })?;
    Ok(Some(id))
}

/// Whether `member` runs what `runner_id` proposed, on behalf of
/// `collective_id` if any: for a collective, whoever coordinates it now
/// (its proposer too, while it does); else its proposer alone.
pub async fn runs(
    db: &Db,
    runner_id: &str,
    collective_id: Option<&str>,
    member: &MemberId,
) -> Result<bool, AppError> {
    Ok(match collective_id {
        Some(c) => matches!(
            role_of(db, &CollectiveId::from(c.to_owned()), member).await?,
            Some(Role::Coordinator)
        ),
        None => runner_id == member.as_str(),
    })
}

/// Creates the group of a project inside the caller's transaction: its
/// creator coordinates it. `parent_id` is the collective it belongs to
/// (none: the whole instance). Its id is also its slug.
pub async fn create_project_group(
    tx: &mut Tx,
    creator: &MemberId,
    name: &str,
    parent_id: Option<&CollectiveId>,
) -> Result<CollectiveId, AppError> {
    let id = CollectiveId::generate();
    sqlx::query(
        "INSERT INTO collectives (id, slug, name, kind, description, created_at, parent_id, is_project) \
         VALUES ($1, $1, $2, $3, '', $4, $5, 1)",
    )
    .bind(&id)
    .bind(name)
    .bind(CollectiveKind::ProjectGroup.code())
    .bind(now_ms())
    .bind(parent_id)
    .execute(&mut **tx)
    .await?;
    add_member(tx, &id, creator, Role::Coordinator).await?;
    Ok(id)
}

/// The groups of the projects of a collective (or of the whole instance).
pub async fn project_groups_of(
    db: &Db,
    parent_id: Option<&CollectiveId>,
) -> Result<Vec<Collective>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM collectives c WHERE c.is_project = 1 \
         AND COALESCE(c.parent_id, '') = $1 ORDER BY c.name"
    );
    let rows = sqlx::query(&sql)
        .bind(parent_id.map_or("", CollectiveId::as_str))
        .fetch_all(db.pool())
        .await?;
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}

/// Renames a project's group (its project's title changed).
pub async fn rename_project_group(
    tx: &mut Tx,
    id: &CollectiveId,
    name: &str,
) -> Result<(), AppError> {
    sqlx::query("UPDATE collectives SET name = $1 WHERE id = $2 AND is_project = 1")
        .bind(name)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Who may see a project's group, and so join it: the members of its
/// collective, or every member for a project of the whole instance. Its
/// own members always may. Other collectives show their public facts only.
pub async fn may_see(
    db: &Db,
    collective: &Collective,
    member_id: &MemberId,
) -> Result<bool, AppError> {
    if !collective.is_project || role_of(db, &collective.id, member_id).await?.is_some() {
        return Ok(true);
    }
    match &collective.parent_id {
        None => Ok(true),
        Some(parent) => Ok(role_of(db, parent, member_id).await?.is_some()),
    }
}

/// A collective's public facts for `viewer` (none: an anonymous visitor).
/// A project's group is shown only to who may see its project: to the
/// others it does not exist, its title included.
pub async fn get_visible(
    db: &Db,
    id: &CollectiveId,
    viewer: Option<&MemberId>,
) -> Result<Collective, AppError> {
    let collective = get(db, id).await?;
    if collective.is_project {
        match viewer {
            Some(member) if may_see(db, &collective, member).await? => {}
            _ => return Err(AppError::NotFound),
        }
    }
    Ok(collective)
}

/// Joins a project's group inside the caller's transaction, as anyone who
/// may see it can, without asking (the caller checked [`may_see`]).
pub async fn join_project_group(
    tx: &mut Tx,
    collective: &Collective,
    member_id: &MemberId,
) -> Result<(), AppError> {
    if !collective.is_project {
        return Err(AppError::Conflict("join-needs-request"));
    }
    add_member(tx, &collective.id, member_id, Role::Member).await
}

/// Several collectives at once (unknown ids are left out).
pub async fn get_many(db: &Db, ids: &[String]) -> Result<Vec<Collective>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM collectives c WHERE c.id IN ({})",
        placeholders(1, ids.len())
    );
    let query = bind_all(sqlx::query(&sql), ids);
    Ok(query
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_, _>>()?)
}

/// Adds (or brings back) a member inside a transaction.
async fn add_member(
    tx: &mut Tx,
    collective_id: &CollectiveId,
    member_id: &MemberId,
    role: Role,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO collective_members (collective_id, member_id, role, joined_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (collective_id, member_id) DO UPDATE SET left_at = NULL, role = excluded.role, \
         joined_at = excluded.joined_at, college_id = NULL \
         WHERE collective_members.left_at IS NOT NULL",
    )
    .bind(collective_id)
    .bind(member_id)
    .bind(role.code())
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    // A member who joins by any path no longer waits on a request.
    sqlx::query(
        "UPDATE join_requests SET status = 'accepted', decided_at = $1 \
         WHERE collective_id = $2 AND member_id = $3 AND status = 'pending'",
    )
    .bind(now_ms())
    .bind(collective_id)
    .bind(member_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn members<'c>(
    conn: impl Into<Conn<'c>>,
    collective_id: &CollectiveId,
) -> Result<Vec<CollectiveMember>, AppError> {
    let rows = conn
        .into()
        .fetch_all(
            sqlx::query(
                "SELECT cm.member_id, m.display_name, cm.role, cm.college_id, cg.name AS college_name, cm.joined_at \
                 FROM collective_members cm JOIN members m ON m.id = cm.member_id \
                 LEFT JOIN colleges cg ON cg.id = cm.college_id \
                 WHERE cm.collective_id = $1 AND cm.left_at IS NULL ORDER BY m.display_name",
            )
            .bind(collective_id),
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(CollectiveMember {
                member_id: r.try_get("member_id")?,
                display_name: r.try_get("display_name")?,
                role: role_from(r)?,
                college_id: r.try_get("college_id")?,
                college_name: r.try_get("college_name")?,
                joined_at: r.try_get("joined_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// Every membership of the member, past ones included (shown on each page
/// the member opens, so cached briefly; see `cache`).
pub async fn memberships_of(db: &Db, member_id: &MemberId) -> Result<Vec<Membership>, AppError> {
    let found = db
        .caches()
        .memberships
        .get_or_load(member_id, || async {
            load_memberships(db, member_id).await.map(Some)
        })
        .await?;
    Ok(found.unwrap_or_default())
}

async fn load_memberships(db: &Db, member_id: &MemberId) -> Result<Vec<Membership>, AppError> {
    let rows = sqlx::query(
        "SELECT c.id, c.slug, c.name, c.is_project, cm.role, cg.name AS college_name, cm.joined_at, cm.left_at \
         FROM collective_members cm JOIN collectives c ON c.id = cm.collective_id \
         LEFT JOIN colleges cg ON cg.id = cm.college_id \
         WHERE cm.member_id = $1 ORDER BY c.name",
    )
    .bind(member_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(Membership {
                collective_id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                name: r.try_get("name")?,
                role: role_from(r)?,
                college_name: r.try_get("college_name")?,
                joined_at: r.try_get("joined_at")?,
                left_at: r.try_get("left_at")?,
                is_project: r.try_get::<i64, _>("is_project")? != 0,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

const REQUEST_COLUMNS: &str =
    "jr.id, jr.collective_id, jr.member_id, m.display_name, jr.message, jr.status, jr.created_at";

fn request_from_row(r: &sqlx::any::AnyRow) -> Result<JoinRequest, sqlx::Error> {
    Ok(JoinRequest {
        id: r.try_get("id")?,
        collective_id: r.try_get("collective_id")?,
        member_id: r.try_get("member_id")?,
        display_name: r.try_get("display_name")?,
        message: r.try_get("message")?,
        status: r.try_get("status")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn request_join(
    db: &Db,
    member_id: &MemberId,
    collective_id: &CollectiveId,
    message: &str,
) -> Result<JoinRequest, AppError> {
    let message = validate::text(message, 2000).map_err(|k| AppError::field("message", k))?;
    // Who may see a project joins it without asking; nobody else may ask.
    if get_visible(db, collective_id, Some(member_id))
        .await?
        .is_project
    {
        return Err(AppError::Conflict("join-project-directly"));
    }
    if role_of(db, collective_id, member_id).await?.is_some() {
        return Err(AppError::Conflict("already-member"));
    }
    let pending = sqlx::query(
        "SELECT id FROM join_requests WHERE collective_id = $1 AND member_id = $2 AND status = 'pending'",
    )
    .bind(collective_id)
    .bind(member_id)
    .fetch_optional(db.pool())
    .await?;
    if pending.is_some() {
        return Err(AppError::Conflict("request-pending"));
    }
    let id = new_id();
    sqlx::query(
        "INSERT INTO join_requests (id, collective_id, member_id, message, status, created_at) \
         VALUES ($1, $2, $3, $4, 'pending', $5)",
    )
    .bind(&id)
    .bind(collective_id)
    .bind(member_id)
    .bind(&message)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    db.changed();
    let sql = format!(
        "SELECT {REQUEST_COLUMNS} FROM join_requests jr JOIN members m ON m.id = jr.member_id WHERE jr.id = $1"
    );
    Ok(request_from_row(
        &sqlx::query(&sql).bind(&id).fetch_one(db.pool()).await?,
    )?)
}

pub async fn pending_requests(
    db: &Db,
    actor: &MemberId,
    collective_id: &CollectiveId,
) -> Result<Vec<JoinRequest>, AppError> {
    require_coordinator(db, collective_id, actor).await?;
    let sql = format!(
        "SELECT {REQUEST_COLUMNS} FROM join_requests jr JOIN members m ON m.id = jr.member_id \
         WHERE jr.collective_id = $1 AND jr.status = 'pending' ORDER BY jr.created_at"
    );
    let rows = sqlx::query(&sql)
        .bind(collective_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .iter()
        .map(request_from_row)
        .collect::<Result<_, _>>()?)
}

pub async fn join_requests_of(db: &Db, member_id: &MemberId) -> Result<Vec<JoinRequest>, AppError> {
    let sql = format!(
        "SELECT {REQUEST_COLUMNS} FROM join_requests jr JOIN members m ON m.id = jr.member_id \
         WHERE jr.member_id = $1 ORDER BY jr.created_at"
    );
    let rows = sqlx::query(&sql)
        .bind(member_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .iter()
        .map(request_from_row)
        .collect::<Result<_, _>>()?)
}

/// Accepts or refuses a pending request of this collective.
pub async fn decide_request(
    db: &Db,
    actor: &MemberId,
    collective_id: &CollectiveId,
    request_id: &str,
    accept: bool,
) -> Result<(), AppError> {
    require_coordinator(db, collective_id, actor).await?;
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "UPDATE join_requests SET status = $1, decided_at = $2, decided_by = $3 \
         WHERE id = $4 AND collective_id = $5 AND status = 'pending' RETURNING member_id",
    )
    .bind(if accept { "accepted" } else { "refused" })
    .bind(now_ms())
    .bind(actor)
    .bind(request_id)
    .bind(collective_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if accept {
        add_member(
            &mut tx,
            collective_id,
            &row.try_get::<MemberId, _>("member_id")?,
            Role::Member,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What invitations need to send mail in the invitee's language.
pub struct MailCtx<'a> {
    pub i18n: &'a I18n,
    pub settings: &'a Settings,
}

async fn insert_invitation(
    tx: &mut Tx,
    collective_id: &CollectiveId,
    actor: &MemberId,
    email: Option<&str>,
) -> Result<(Invitation, String), AppError> {
    let token = random_token();
    let now = now_ms();
    let invitation = Invitation {
        id: new_id(),
        email: email.map(str::to_owned),
        created_at: now,
        expires_at: now + INVITATION_TTL_MS,
        uses: 0,
    };
    sqlx::query(
        "INSERT INTO invitations (id, collective_id, token_hash, email, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&invitation.id)
    .bind(collective_id)
    .bind(token_hash(&token))
    .bind(&invitation.email)
    .bind(actor)
    .bind(invitation.created_at)
    .bind(invitation.expires_at)
    .execute(&mut **tx)
    .await?;
    Ok((invitation, token))
}

/// Sends an invitation to one address, in the language of its member if it has one.
pub async fn invite_by_email(
    db: &Db,
    ctx: &MailCtx<'_>,
    actor: &Member,
    collective_id: &CollectiveId,
    email: &str,
    lang: Lang,
) -> Result<CreatedInvitation, AppError> {
    require_coordinator(db, collective_id, &actor.id).await?;
    let email = validate::email(email).map_err(|k| AppError::field("email", k))?;
    crate::rate_limit::hit(
        db,
        &format!("mail:{}", token_hash(&email)),
        crate::rate_limit::PER_ACCOUNT,
    )
    .await?;
    let collective = get(db, collective_id).await?;
    let invitee_lang = crate::members::find_by_email(db, &email)
        .await?
        .map_or(lang, |m| m.locale);
    let mut tx = db.begin().await?;
    let (invitation, token) =
        insert_invitation(&mut tx, collective_id, &actor.id, Some(&email)).await?;
    let url = ctx.settings.link(&format!("/invitations/{token}"));
    let args = [
        ("inviter", actor.display_name.as_str()),
        ("collective", collective.name.as_str()),
    ];
    let mut body = ctx.i18n.format(invitee_lang, "mail-invitation-body", &args);
    body.push_str(&format!("\n\n{url}\n\n"));
    body.push_str(&ctx.i18n.format(invitee_lang, "mail-signature", &[]));
    mail::enqueue(
        &mut tx,
        &Mail {
            to: email,
            subject: ctx
                .i18n
                .format(invitee_lang, "mail-invitation-subject", &args),
            body,
            list_unsubscribe: None,
            attachments: Vec::new(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedInvitation {
        invitation,
        url,
        token,
    })
}

/// Creates a shareable link that anyone holding it can use until it expires or is revoked.
pub async fn create_invitation_link(
    db: &Db,
    settings: &Settings,
    actor: &MemberId,
    collective_id: &CollectiveId,
) -> Result<CreatedInvitation, AppError> {
    require_coordinator(db, collective_id, actor).await?;
    let mut tx = db.begin().await?;
    let (invitation, token) = insert_invitation(&mut tx, collective_id, actor, None).await?;
    tx.commit().await?;
    Ok(CreatedInvitation {
        invitation,
        url: settings.link(&format!("/invitations/{token}")),
        token,
    })
}

pub async fn invitations(
    db: &Db,
    actor: &MemberId,
    collective_id: &CollectiveId,
) -> Result<Vec<Invitation>, AppError> {
    require_coordinator(db, collective_id, actor).await?;
    let rows = sqlx::query(
        "SELECT id, email, created_at, expires_at, uses FROM invitations \
         WHERE collective_id = $1 AND revoked_at IS NULL AND expires_at > $2 \
         AND (email IS NULL OR uses = 0) ORDER BY created_at DESC",
    )
    .bind(collective_id)
    .bind(now_ms())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(Invitation {
                id: r.try_get("id")?,
                email: r.try_get("email")?,
                created_at: r.try_get("created_at")?,
                expires_at: r.try_get("expires_at")?,
                uses: r.try_get("uses")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

pub async fn revoke_invitation(
    db: &Db,
    actor: &MemberId,
    collective_id: &CollectiveId,
    invitation_id: &str,
) -> Result<(), AppError> {
    require_coordinator(db, collective_id, actor).await?;
    let done = sqlx::query("UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND collective_id = $3 AND revoked_at IS NULL")
        .bind(now_ms())
        .bind(invitation_id)
        .bind(collective_id)
        .execute(db.writer())
        .await?;
    db.changed();
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The collective a still-valid invitation token leads to.
pub async fn invitation_target(db: &Db, token: &str) -> Result<Collective, AppError> {
    let row = sqlx::query(
        "SELECT collective_id FROM invitations WHERE token_hash = $1 AND revoked_at IS NULL \
         AND expires_at > $2 AND (email IS NULL OR uses = 0)",
    )
    .bind(token_hash(token))
    .bind(now_ms())
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::BadRequest("invitation-invalid"))?;
    get(db, &row.try_get::<CollectiveId, _>("collective_id")?).await
}

/// Joins through an invitation. One sent to an address is for that address only, and once.
pub async fn accept_invitation(
    db: &Db,
    member: &Member,
    token: &str,
) -> Result<Collective, AppError> {
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "UPDATE invitations SET uses = uses + 1 WHERE token_hash = $1 AND revoked_at IS NULL \
         AND expires_at > $2 AND (email IS NULL OR uses = 0) RETURNING collective_id, email",
    )
    .bind(token_hash(token))
    .bind(now_ms())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::BadRequest("invitation-invalid"))?;
    let collective_id: CollectiveId = row.try_get("collective_id")?;
    if let Some(email) = row.try_get::<Option<String>, _>("email")?
        && member.email.as_deref() != Some(email.as_str())
    {
        return Err(AppError::BadRequest("invitation-other-address"));
    }
    let already: Option<String> = sqlx::query_scalar(
        "SELECT role FROM collective_members WHERE collective_id = $1 AND member_id = $2 AND left_at IS NULL",
    )
    .bind(&collective_id)
    .bind(&member.id)
    .fetch_optional(&mut *tx)
    .await?;
    if already.is_some() {
        return Err(AppError::Conflict("already-member"));
    }
    add_member(&mut tx, &collective_id, &member.id, Role::Member).await?;
    tx.commit().await?;
    get(db, &collective_id).await
}

/// Fails when the change would leave active members without any coordinator.
async fn ensure_a_coordinator_remains(
    tx: &mut Tx,
    collective_id: &CollectiveId,
) -> Result<(), AppError> {
    let row = sqlx::query(
        "SELECT \
           (SELECT COUNT(*) FROM collective_members WHERE collective_id = $1 AND left_at IS NULL) AS members, \
           (SELECT COUNT(*) FROM collective_members WHERE collective_id = $1 AND left_at IS NULL AND role = 'coordinator') AS coordinators",
    )
    .bind(collective_id)
    .fetch_one(&mut **tx)
    .await?;
    if row.try_get::<i64, _>("members")? > 0 && row.try_get::<i64, _>("coordinators")? == 0 {
        return Err(AppError::Conflict("last-coordinator"));
    }
    Ok(())
}

pub async fn set_role(
    db: &Db,
    actor: &MemberId,
    collective_id: &CollectiveId,
    member_id: &MemberId,
    role: Role,
) -> Result<(), AppError> {
    require_coordinator(db, collective_id, actor).await?;
    let mut tx = db.begin().await?;
    let done = sqlx::query("UPDATE collective_members SET role = $1 WHERE collective_id = $2 AND member_id = $3 AND left_at IS NULL")
        .bind(role.code())
        .bind(collective_id)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    ensure_a_coordinator_remains(&mut tx, collective_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Places a member in a college of this collective, or in none.
pub async fn set_college(
    db: &Db,
    actor: &MemberId,
    collective_id: &CollectiveId,
    member_id: &MemberId,
    college_id: Option<&str>,
) -> Result<(), AppError> {
    require_coordinator(db, collective_id, actor).await?;
    if let Some(college_id) = college_id {
        let found = sqlx::query("SELECT id FROM colleges WHERE id = $1 AND collective_id = $2")
            .bind(college_id)
            .bind(collective_id)
            .fetch_optional(db.pool())
            .await?;
        if found.is_none() {
            return Err(AppError::field("college_id", "error-college-unknown"));
        }
    }
    let done = sqlx::query("UPDATE collective_members SET college_id = $1 WHERE collective_id = $2 AND member_id = $3 AND left_at IS NULL")
        .bind(college_id)
        .bind(collective_id)
        .bind(member_id)
        .execute(db.writer())
        .await?;
    db.changed();
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn colleges(db: &Db, collective_id: &CollectiveId) -> Result<Vec<College>, AppError> {
    let rows = sqlx::query(
        "SELECT cg.id, cg.name, cg.weight, \
           (SELECT COUNT(*) FROM collective_members cm WHERE cm.college_id = cg.id AND cm.left_at IS NULL) AS member_count \
         FROM colleges cg WHERE cg.collective_id = $1 ORDER BY cg.name",
    )
    .bind(collective_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(College {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                weight: r.try_get("weight")?,
                member_count: r.try_get("member_count")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

fn clean_college(input: &CollegeInput) -> Result<String, AppError> {
    let mut checks = Checks::new();
    let name = checks.check("name", validate::line(&input.name, 2, 80));
    if !(1..=1000).contains(&input.weight) {
        checks.add("weight", "error-weight-range");
    }
    checks.finish()?;
    Ok(name.unwrap_or_default())
}

pub async fn create_college(
    db: &Db,
    actor: &MemberId,
    collective_id: &CollectiveId,
    input: &CollegeInput,
) -> Result<College, AppError> {
    require_coordinator(db, collective_id, actor).await?;
    let name = clean_college(input)?;
    let id = new_id();
    sqlx::query("INSERT INTO colleges (id, collective_id, name, weight, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&id)
        .bind(collective_id)
        .bind(&name)
        .bind(input.weight)
        .bind(now_ms())
        .execute(db.writer())
        .await
        .map_err(|e| if is_unique_violation(&e) { AppError::field("name", "error-college-name-taken") } else { e.into() })?;
    db.changed();
    Ok(College {
        id,
        name,
        weight: input.weight,
        member_count: 0,
    })
}

pub async fn update_college(
    db: &Db,
    actor: &MemberId,
    collective_id: &CollectiveId,
    college_id: &str,
    input: &CollegeInput,
) -> Result<(), AppError> {
    require_coordinator(db, collective_id, actor).await?;
    let name = clean_college(input)?;
    let done = sqlx::query(
        "UPDATE colleges SET name = $1, weight = $2 WHERE id = $3 AND collective_id = $4",
    )
    .bind(name)
    .bind(input.weight)
    .bind(college_id)
    .bind(collective_id)
    .execute(db.writer())
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            AppError::field("name", "error-college-name-taken")
        } else {
            e.into()
        }
    })?;
    db.changed();
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn delete_college(
    db: &Db,
    actor: &MemberId,
    collective_id: &CollectiveId,
    college_id: &str,
) -> Result<(), AppError> {
    require_coordinator(db, collective_id, actor).await?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE collective_members SET college_id = NULL WHERE collective_id = $1 AND college_id = $2")
        .bind(collective_id)
        .bind(college_id)
        .execute(&mut *tx)
        .await?;
    let done = sqlx::query("DELETE FROM colleges WHERE id = $1 AND collective_id = $2")
        .bind(college_id)
        .bind(collective_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Leaves a collective. The last coordinator must hand over first.
pub async fn leave(
    db: &Db,
    member_id: &MemberId,
    collective_id: &CollectiveId,
) -> Result<(), AppError> {
    require_member(db, collective_id, member_id).await?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE collective_members SET left_at = $1 WHERE collective_id = $2 AND member_id = $3 AND left_at IS NULL")
        .bind(now_ms())
        .bind(collective_id)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
    ensure_a_coordinator_remains(&mut tx, collective_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Refuses to erase an account that is the last coordinator of a collective with other members.
pub async fn check_can_go(db: &Db, member_id: &MemberId) -> Result<(), AppError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM collective_members mine WHERE mine.member_id = $1 AND mine.left_at IS NULL \
         AND mine.role = 'coordinator' \
         AND NOT EXISTS (SELECT 1 FROM collective_members o WHERE o.collective_id = mine.collective_id \
                         AND o.member_id <> $1 AND o.left_at IS NULL AND o.role = 'coordinator') \
         AND EXISTS (SELECT 1 FROM collective_members o WHERE o.collective_id = mine.collective_id \
                     AND o.member_id <> $1 AND o.left_at IS NULL)",
    )
    .bind(member_id)
    .fetch_one(db.pool())
    .await?;
    if row.try_get::<i64, _>("n")? > 0 {
        return Err(AppError::Conflict("last-coordinator"));
    }
    Ok(())
}

/// The members a text mentions: `@` followed by a member's name (the
/// longest name that matches, case aside).
pub fn mentioned<'m>(text: &str, members: &'m [CollectiveMember]) -> Vec<&'m CollectiveMember> {
    let lower = text.to_lowercase();
    let mut by_length: Vec<&CollectiveMember> = members.iter().collect();
    by_length.sort_by_key(|m| std::cmp::Reverse(m.display_name.chars().count()));
    let mut found: Vec<&CollectiveMember> = Vec::new();
    for (at, _) in lower.match_indices('@') {
        let after = &lower[at + 1..];
        if let Some(m) = by_length.iter().find(|m| {
            let name = m.display_name.to_lowercase();
            after.starts_with(&name)
                && after[name.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        }) && !found.iter().any(|f| f.member_id == m.member_id)
        {
            found.push(m);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, name: &str) -> CollectiveMember {
        CollectiveMember {
            member_id: id.into(),
            display_name: name.into(),
            role: Role::Member,
            college_id: None,
            college_name: None,
            joined_at: 0,
        }
    }

    #[test]
    fn mentions_find_the_longest_name_once() {
        let members = [
            member("a", "Ana"),
            member("b", "Ana Lopez"),
            member("c", "Bob"),
        ];
        let found = mentioned(
            "Merci @ana lopez, et @Bob ! @Bob encore; @Anatole non",
            &members,
        );
        let ids: Vec<&str> = found.iter().map(|m| m.member_id.as_str()).collect();
        assert_eq!(ids, ["b", "c"]);
        assert!(mentioned("mail@example.org", &members).is_empty());
    }
}
