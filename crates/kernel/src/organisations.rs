//! Organisations a person can act for: associations, AMAP, cooperatives,
//! companies, independents, local authorities. A person holds a role in each.

use crate::ids::MemberId;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::db::{Db, is_unique_violation, new_id, now_ms};
use crate::error::{AppError, Checks};
use crate::validate;
use crate::validate::schema::{self, Rule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Association,
    Amap,
    Scop,
    Scic,
    OtherCooperative,
    Company,
    Independent,
    LocalAuthority,
}

impl OrgKind {
    pub const ALL: [OrgKind; 8] = [
        OrgKind::Association,
        OrgKind::Amap,
        OrgKind::Scop,
        OrgKind::Scic,
        OrgKind::OtherCooperative,
        OrgKind::Company,
        OrgKind::Independent,
        OrgKind::LocalAuthority,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgKind::Association => "association",
            OrgKind::Amap => "amap",
            OrgKind::Scop => "scop",
            OrgKind::Scic => "scic",
            OrgKind::OtherCooperative => "other_cooperative",
            OrgKind::Company => "company",
            OrgKind::Independent => "independent",
            OrgKind::LocalAuthority => "local_authority",
        }
    }

    pub fn parse(code: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    Admin,
    Member,
}

impl OrgRole {
    pub fn code(self) -> &'static str {
        match self {
            OrgRole::Admin => "admin",
            OrgRole::Member => "member",
        }
    }

    fn parse(code: &str) -> OrgRole {
        if code == "admin" {
            OrgRole::Admin
        } else {
            OrgRole::Member
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
    pub siret: Option<String>,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub description: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct OrganisationInput {
    #[schema(schema_with = schema::line::<2, 120>)]
    pub name: String,
    pub kind: OrgKind,
    #[serde(default)]
    #[schema(schema_with = organisation_siret)]
    pub siret: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::text::<300>)]
    pub address: String,
    #[serde(default)]
    #[schema(minimum = -90.0, maximum = 90.0)]
    pub latitude: Option<f64>,
    #[serde(default)]
    #[schema(minimum = -180.0, maximum = 180.0)]
    pub longitude: Option<f64>,
    #[serde(default)]
    #[schema(schema_with = schema::text::<5000>)]
    pub description: String,
}

crate::described! {
    /// 14 digits passing the Luhn check (whitespace allowed); empty or null for none.
    fn organisation_siret = schema::siret().or_null();
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationMembership {
    pub organisation: Organisation,
    pub role: OrgRole,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationMember {
    pub member_id: MemberId,
    pub display_name: String,
    pub role: OrgRole,
    /// Whether the person chose to appear on the organisation's public list.
    pub listed: bool,
}

struct Clean {
    name: String,
    siret: Option<String>,
    address: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    description: String,
}

impl Clean {
    /// The position is bound as a flag and two numbers, never as a NULL float:
    /// sqlx 0.8.6's Any driver types a NULL f64 as float4 (launchbadge/sqlx#4284),
    /// and PostgreSQL then refuses the real values bound to the same statement.
    fn has_position(&self) -> i64 {
        i64::from(self.latitude.is_some() && self.longitude.is_some())
    }
}

fn clean(input: &OrganisationInput) -> Result<Clean, AppError> {
    let mut checks = Checks::new();
    let name = checks.check("name", validate::line(&input.name, 2, 120));
    let siret = match input.siret.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(raw) => checks.check("siret", validate::siret(raw)).map(Some),
    };
    let address = checks.check("address", validate::text(&input.address, 300));
    let description = checks.check("description", validate::text(&input.description, 5000));
    let latitude = match input.latitude {
        Some(v) => checks.check("latitude", validate::latitude(v)).map(Some),
        None => Some(None),
    };
    let longitude = match input.longitude {
        Some(v) => checks.check("longitude", validate::longitude(v)).map(Some),
        None => Some(None),
    };
    if input.latitude.is_some() != input.longitude.is_some() {
        checks.add("latitude", "error-position-incomplete");
    }
    checks.finish()?;
    match (name, siret, address, description, latitude, longitude) {
        (
            Some(name),
            Some(siret),
            Some(address),
            Some(description),
            Some(latitude),
            Some(longitude),
        ) => Ok(Clean {
            name,
            siret,
            address,
            latitude,
            longitude,
            description,
        }),
        _ => Err(AppError::Internal("checked input missing".into())),
    }
}

const COLUMNS: &str = "o.id, o.name, o.kind, o.siret, o.address, o.latitude, o.longitude, o.description, o.created_at";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Organisation, sqlx::Error> {
    Ok(Organisation {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        kind: OrgKind::parse(&r.try_get::<String, _>("kind")?).unwrap_or(OrgKind::Association),
        siret: r.try_get("siret")?,
        address: r.try_get("address")?,
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
        description: r.try_get("description")?,
        created_at: r.try_get("created_at")?,
    })
}

fn siret_conflict(e: sqlx::Error) -> AppError {
    if is_unique_violation(&e) {
        AppError::Conflict("siret-taken")
    } else {
        e.into()
    }
}

/// Creates an organisation; its creator becomes its administrator.
pub async fn create(
    db: &Db,
    member_id: &MemberId,
    input: &OrganisationInput,
) -> Result<Organisation, AppError> {
    let c = clean(input)?;
    let id = new_id();
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO organisations (id, name, kind, siret, address, latitude, longitude, description, created_at) \
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $10 = 1 THEN $6 END, CASE WHEN $10 = 1 THEN $7 END, $8, $9)",
    )
    .bind(&id)
    .bind(&c.name)
    .bind(input.kind.code())
    .bind(&c.siret)
    .bind(&c.address)
    .bind(c.latitude.unwrap_or(0.0))
    .bind(c.longitude.unwrap_or(0.0))
    .bind(&c.description)
    .bind(now)
    .bind(c.has_position())
    .execute(&mut *tx)
    .await
    .map_err(siret_conflict)?;
    sqlx::query("INSERT INTO organisation_members (organisation_id, member_id, role, joined_at) VALUES ($1, $2, 'admin', $3)")
        .bind(&id)
        .bind(member_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    get(db, &id).await
}

pub async fn get(db: &Db, id: &str) -> Result<Organisation, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM organisations o WHERE o.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_one(db.pool()).await?;
    Ok(from_row(&row)?)
}

pub async fn list(db: &Db) -> Result<Vec<Organisation>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM organisations o ORDER BY o.name");
    let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}

pub async fn role_of(
    db: &Db,
    organisation_id: &str,
    member_id: &MemberId,
) -> Result<Option<OrgRole>, AppError> {
    let row = sqlx::query(
        "SELECT role FROM organisation_members WHERE organisation_id = $1 AND member_id = $2",
    )
    .bind(organisation_id)
    .bind(member_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row
        .map(|r| r.try_get::<String, _>("role"))
        .transpose()?
        .map(|role| OrgRole::parse(&role)))
}

async fn require_admin(
    db: &Db,
    organisation_id: &str,
    member_id: &MemberId,
) -> Result<(), AppError> {
    get(db, organisation_id).await?;
    match role_of(db, organisation_id, member_id).await? {
        Some(OrgRole::Admin) => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

pub async fn update(
    db: &Db,
    actor: &MemberId,
    id: &str,
    input: &OrganisationInput,
) -> Result<Organisation, AppError> {
    require_admin(db, id, actor).await?;
    let c = clean(input)?;
    sqlx::query(
        "UPDATE organisations SET name = $1, kind = $2, siret = $3, address = $4, \
         latitude = CASE WHEN $9 = 1 THEN $5 END, longitude = CASE WHEN $9 = 1 THEN $6 END, \
         description = $7 WHERE id = $8",
    )
    .bind(&c.name)
    .bind(input.kind.code())
    .bind(&c.siret)
    .bind(&c.address)
    .bind(c.latitude.unwrap_or(0.0))
    .bind(c.longitude.unwrap_or(0.0))
    .bind(&c.description)
    .bind(id)
    .bind(c.has_position())
    .execute(db.writer())
    .await
    .map_err(siret_conflict)?;
    db.changed();
    get(db, id).await
}

/// The organisations the member acts for (cached briefly; see `cache`).
pub async fn list_for_member(
    db: &Db,
    member_id: &MemberId,
) -> Result<Vec<OrganisationMembership>, AppError> {
    let found = db
        .caches()
        .organisations
        .get_or_load(member_id, || async {
            load_for_member(db, member_id).await.map(Some)
        })
        .await?;
    Ok(found.unwrap_or_default())
}

async fn load_for_member(
    db: &Db,
    member_id: &MemberId,
) -> Result<Vec<OrganisationMembership>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS}, om.role FROM organisations o \
         JOIN organisation_members om ON om.organisation_id = o.id \
         WHERE om.member_id = $1 ORDER BY o.name"
    );
    let rows = sqlx::query(&sql)
        .bind(member_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(OrganisationMembership {
                organisation: from_row(r)?,
                role: OrgRole::parse(&r.try_get::<String, _>("role")?),
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// The people acting for an organisation, as `viewer` may see them: its own
/// people see each other; everyone else sees only those who chose to
/// appear on its public list.
pub async fn members(
    db: &Db,
    organisation_id: &str,
    viewer: Option<&MemberId>,
) -> Result<Vec<OrganisationMember>, AppError> {
    let insider = match viewer {
        Some(v) => role_of(db, organisation_id, v).await?.is_some(),
        None => false,
    };
    let rows = sqlx::query(
        "SELECT om.member_id, m.display_name, om.role, om.listed FROM organisation_members om \
         JOIN members m ON m.id = om.member_id WHERE om.organisation_id = $1 \
         AND ($2 = 1 OR om.listed = 1) ORDER BY m.display_name",
    )
    .bind(organisation_id)
    .bind(i64::from(insider))
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(OrganisationMember {
                member_id: r.try_get("member_id")?,
                display_name: r.try_get("display_name")?,
                role: OrgRole::parse(&r.try_get::<String, _>("role")?),
                listed: r.try_get::<i64, _>("listed")? != 0,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

const INVITATION_TTL_MS: i64 = 14 * 24 * 3600 * 1000;

/// An administrator invites an address to act for the organisation with
/// `role`. Whoever holds the address is mailed a link and decides; the
/// administrator's answer is the same whether the address is a member's or
/// not, so the form tells nobody who is registered.
pub async fn invite(
    db: &Db,
    ctx: &crate::collectives::MailCtx<'_>,
    actor: &crate::members::Member,
    organisation_id: &str,
    email: &str,
    role: OrgRole,
    lang: crate::i18n::Lang,
) -> Result<(), AppError> {
    require_admin(db, organisation_id, &actor.id).await?;
    let email = validate::email(email).map_err(|k| AppError::field("email", k))?;
    crate::rate_limit::hit(
        db,
        &format!("mail:{}", crate::crypto::token_hash(&email)),
        crate::rate_limit::PER_ACCOUNT,
    )
    .await?;
    let organisation = get(db, organisation_id).await?;
    let invitee_lang = crate::members::find_by_email(db, &email)
        .await?
        .map_or(lang, |m| m.locale);
    let token = crate::crypto::random_token();
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO organisation_invitations (id, organisation_id, token_hash, email, role, \
         invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(organisation_id)
    .bind(crate::crypto::token_hash(&token))
    .bind(&email)
    .bind(role.code())
    .bind(&actor.id)
    .bind(now)
    .bind(now + INVITATION_TTL_MS)
    .execute(&mut *tx)
    .await?;
    let url = ctx
        .settings
        .link(&format!("/organisations/invitations/{token}"));
    let role_name = ctx
        .i18n
        .format(invitee_lang, &format!("org-role-{}", role.code()), &[]);
    let args = [
        ("inviter", actor.display_name.as_str()),
        ("organisation", organisation.name.as_str()),
        ("role", role_name.as_str()),
    ];
    let mut body = ctx
        .i18n
        .format(invitee_lang, "mail-org-invitation-body", &args);
    body.push_str(&format!("\n\n{url}\n\n"));
    body.push_str(&ctx.i18n.format(invitee_lang, "mail-signature", &[]));
    crate::mail::enqueue(
        &mut tx,
        &crate::mail::Mail {
            to: email,
            subject: ctx
                .i18n
                .format(invitee_lang, "mail-org-invitation-subject", &args),
            body,
            list_unsubscribe: None,
            attachments: Vec::new(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What an invitation link offers: the organisation and the role.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationInvitation {
    pub organisation: Organisation,
    pub role: OrgRole,
}

const OPEN_INVITATION: &str = "token_hash = $1 AND accepted_at IS NULL AND expires_at > $2";

pub async fn invitation(db: &Db, token: &str) -> Result<OrganisationInvitation, AppError> {
    let sql = format!(
        "SELECT organisation_id, role FROM organisation_invitations WHERE {OPEN_INVITATION}"
    );
    let row = sqlx::query(&sql)
        .bind(crate::crypto::token_hash(token))
        .bind(now_ms())
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::BadRequest("invitation-invalid"))?;
    Ok(OrganisationInvitation {
        organisation: get(db, row.try_get("organisation_id")?).await?,
        role: OrgRole::parse(row.try_get("role")?),
    })
}

/// The invited person says yes, from the address the invitation was sent
/// to, and chooses whether to appear on the organisation's public list.
pub async fn accept_invitation(
    db: &Db,
    member: &crate::members::Member,
    token: &str,
    listed: bool,
) -> Result<Organisation, AppError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let sql = format!(
        "UPDATE organisation_invitations SET accepted_at = $2 WHERE {OPEN_INVITATION} \
         RETURNING organisation_id, role, email"
    );
    let row = sqlx::query(&sql)
        .bind(crate::crypto::token_hash(token))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::BadRequest("invitation-invalid"))?;
    if member.email.as_deref() != Some(row.try_get::<&str, _>("email")?) {
        return Err(AppError::BadRequest("invitation-other-address"));
    }
    let organisation_id: String = row.try_get("organisation_id")?;
    let joined = sqlx::query(
        "INSERT INTO organisation_members (organisation_id, member_id, role, joined_at, listed) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organisation_id, member_id) DO NOTHING",
    )
    .bind(&organisation_id)
    .bind(&member.id)
    .bind(row.try_get::<&str, _>("role")?)
    .bind(now)
    .bind(i64::from(listed))
    .execute(&mut *tx)
    .await?;
    if joined.rows_affected() != 1 {
        return Err(AppError::Conflict("already-org-member"));
    }
    tx.commit().await?;
    get(db, &organisation_id).await
}

/// An administrator changes the role of someone already acting for the
/// organisation (one administrator at least remains).
pub async fn set_role(
    db: &Db,
    actor: &MemberId,
    organisation_id: &str,
    member_id: &MemberId,
    role: OrgRole,
) -> Result<(), AppError> {
    require_admin(db, organisation_id, actor).await?;
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE organisation_members SET role = $1 WHERE organisation_id = $2 AND member_id = $3",
    )
    .bind(role.code())
    .bind(organisation_id)
    .bind(member_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    ensure_an_admin_remains(&mut tx, organisation_id).await?;
    tx.commit().await?;
    Ok(())
}

/// A person chooses whether it appears on the organisation's public list.
pub async fn set_listed(
    db: &Db,
    member_id: &MemberId,
    organisation_id: &str,
    listed: bool,
) -> Result<(), AppError> {
    let done = sqlx::query(
        "UPDATE organisation_members SET listed = $1 WHERE organisation_id = $2 AND member_id = $3",
    )
    .bind(i64::from(listed))
    .bind(organisation_id)
    .bind(member_id)
    .execute(db.writer())
    .await?;
    db.changed();
    if done.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn remove_member(
    db: &Db,
    actor: &MemberId,
    organisation_id: &str,
    member_id: &MemberId,
) -> Result<(), AppError> {
    if actor != member_id {
        require_admin(db, organisation_id, actor).await?;
    }
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "DELETE FROM organisation_members WHERE organisation_id = $1 AND member_id = $2",
    )
    .bind(organisation_id)
    .bind(member_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    ensure_an_admin_remains(&mut tx, organisation_id).await?;
    tx.commit().await?;
    Ok(())
}

async fn ensure_an_admin_remains(
    tx: &mut crate::db::Tx,
    organisation_id: &str,
) -> Result<(), AppError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM organisation_members WHERE organisation_id = $1 AND role = 'admin'")
        .bind(organisation_id)
        .fetch_one(&mut **tx)
        .await?;
    if row.try_get::<i64, _>("n")? == 0 {
        return Err(AppError::Conflict("last-admin"));
    }
    Ok(())
}
