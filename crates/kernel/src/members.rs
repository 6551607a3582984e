//! Members and their accounts: sign-up with e-mail confirmation, sign-in,
//! password reset, profile, export and erasure.
//!
//! Answers never reveal whether an e-mail is registered: sign-up and reset
//! always say "check your mailbox", and the mail itself tells the owner of the
//! address what happened.

use crate::ids::MemberId;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::crypto::{self, random_token, token_hash};
use crate::db::{Db, Tx, now_ms};
use crate::error::{AppError, Checks};
use crate::i18n::{I18n, Lang};
use crate::mail::{self, Mail};
use crate::rate_limit::{self, FAILURES_PER_ACCOUNT, FAILURES_PER_CLIENT, PER_ACCOUNT, PER_IP};
use crate::settings::Settings;
use crate::validate;
use crate::validate::schema::{self, Rule};

const CONFIRM_TTL_MS: i64 = 48 * 3600 * 1000;
const RESET_TTL_MS: i64 = 3600 * 1000;
const EMAIL_CHANGE_TTL_MS: i64 = 48 * 3600 * 1000;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Member {
    pub id: MemberId,
    /// Absent once the account is erased.
    pub email: Option<String>,
    pub display_name: String,
    pub bio: String,
    pub locale: Lang,
    pub time_zone: String,
    pub is_admin: bool,
    pub created_at: i64,
    /// The charter version in force.
    pub current_charter: i64,
    /// The latest charter version this member accepted.
    pub accepted_charter: Option<i64>,
}

impl Member {
    pub fn has_accepted_charter(&self) -> bool {
        self.accepted_charter == Some(self.current_charter)
    }
}

/// Columns of `Member`, for a query whose `members` table is aliased `m`.
pub const MEMBER_COLUMNS: &str = "m.id, m.email, m.display_name, m.bio, m.locale, m.time_zone, \
    m.is_admin, m.created_at, \
    (SELECT MAX(version) FROM charter_versions) AS current_charter, \
    (SELECT MAX(a.version) FROM charter_acceptances a WHERE a.member_id = m.id) AS accepted_charter";

pub fn member_from_row(row: &sqlx::any::AnyRow) -> Result<Member, sqlx::Error> {
    let locale: String = row.try_get("locale")?;
    Ok(Member {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        bio: row.try_get("bio")?,
        locale: Lang::parse(&locale).unwrap_or(Lang::Fr),
        time_zone: row.try_get("time_zone")?,
        is_admin: row.try_get::<i64, _>("is_admin")? != 0,
        created_at: row.try_get("created_at")?,
        current_charter: row
            .try_get::<Option<i64>, _>("current_charter")?
            .unwrap_or(0),
        accepted_charter: row.try_get("accepted_charter")?,
    })
}

pub async fn get(db: &Db, id: &MemberId) -> Result<Member, AppError> {
    let sql = format!("SELECT {MEMBER_COLUMNS} FROM members m WHERE m.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_one(db.pool()).await?;
    Ok(member_from_row(&row)?)
}

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<Member>, AppError> {
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} FROM members m WHERE m.email = $1 AND m.erased_at IS NULL"
    );
    let row = sqlx::query(&sql)
        .bind(email.trim().to_lowercase())
        .fetch_optional(db.pool())
        .await?;
    Ok(row.as_ref().map(member_from_row).transpose()?)
}

/// What the account flows need besides the database.
pub struct Ctx<'a> {
    pub db: &'a Db,
    pub i18n: &'a I18n,
    pub settings: &'a Settings,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignupInput {
    #[schema(schema_with = schema::email)]
    pub email: String,
    #[schema(schema_with = schema::password)]
    pub password: String,
    #[schema(schema_with = schema::line::<1, 80>)]
    pub display_name: String,
    #[serde(default)]
    #[schema(schema_with = signup_next)]
    pub next: Option<String>,
}

crate::described! {
    /// A page of this site to open once the address is confirmed and the
    /// charter accepted (e.g. the invitation that brought the person here).
    fn signup_next = schema::no_nul().or_null();
}

fn confirm_link(settings: &Settings, token: &str, next: Option<&str>) -> String {
    match validate::local_path(next) {
        Some(next) if next != "/" => settings.link(&format!(
            "/confirm?token={token}&next={}",
            validate::urlencode(&next)
        )),
        _ => settings.link(&format!("/confirm?token={token}")),
    }
}

/// A new single-use link's token (only its hash is stored), with the
/// address it changes the account to, for a change of address.
async fn new_email_token(
    tx: &mut Tx,
    member_id: &MemberId,
    purpose: &str,
    ttl_ms: i64,
    email: Option<&str>,
) -> Result<String, AppError> {
    let token = random_token();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO email_tokens (token_hash, member_id, purpose, created_at, expires_at, email) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash(&token))
    .bind(member_id)
    .bind(purpose)
    .bind(now)
    .bind(now + ttl_ms)
    .bind(email)
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// Consumes a single-use e-mail token, returning its member.
async fn use_email_token(tx: &mut Tx, token: &str, purpose: &str) -> Result<MemberId, AppError> {
    let now = now_ms();
    let row = sqlx::query(
        "UPDATE email_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
         AND used_at IS NULL AND expires_at > $1 RETURNING member_id",
    )
    .bind(now)
    .bind(token_hash(token.trim()))
    .bind(purpose)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| r.try_get("member_id"))
        .transpose()?
        .ok_or(AppError::BadRequest("token-invalid"))
}

fn mail_text(
    ctx: &Ctx<'_>,
    lang: Lang,
    name: &str,
    kind: &str,
    link: Option<&str>,
) -> (String, String) {
    let subject = ctx.i18n.format(lang, &format!("mail-{kind}-subject"), &[]);
    let mut body = ctx.i18n.format(lang, "mail-greeting", &[("name", name)]);
    body.push_str("\n\n");
    body.push_str(&ctx.i18n.format(lang, &format!("mail-{kind}-body"), &[]));
    if let Some(link) = link {
        body.push_str("\n\n");
        body.push_str(link);
    }
    body.push_str("\n\n");
    body.push_str(&ctx.i18n.format(lang, "mail-signature", &[]));
    (subject, body)
}

async fn send(
    ctx: &Ctx<'_>,
    tx: &mut Tx,
    to: &str,
    lang: Lang,
    name: &str,
    kind: &str,
    link: Option<&str>,
) -> Result<(), AppError> {
    let (subject, body) = mail_text(ctx, lang, name, kind, link);
    mail::enqueue(
        &mut *tx,
        &Mail {
            to: to.to_owned(),
            subject,
            body,
            list_unsubscribe: None,
            attachments: Vec::new(),
        },
    )
    .await
}

/// Limits the mails any one address can be sent, so the forms cannot be used to flood it.
async fn limit_mails_to(db: &Db, email: &str) -> Result<(), AppError> {
    rate_limit::hit(db, &format!("mail:{}", token_hash(email)), PER_ACCOUNT).await
}

pub async fn signup(
    ctx: &Ctx<'_>,
    input: &SignupInput,
    lang: Lang,
    ip: &str,
) -> Result<(), AppError> {
    let mut checks = Checks::new();
    let email = checks.check("email", validate::email(&input.email));
    let password = checks.check("password", validate::password(&input.password));
    let name = checks.check("display_name", validate::display_name(&input.display_name));
    checks.finish()?;
    let (Some(email), Some(password), Some(name)) = (email, password, name) else {
        return Err(AppError::Internal("checked input missing".into()));
    };
    rate_limit::hit(ctx.db, &format!("signup-ip:{ip}"), PER_IP).await?;
    limit_mails_to(ctx.db, &email).await?;
    let hash = crypto::hash_password(&password).await?;

    let mut tx = ctx.db.begin().await?;
    let existing = sqlx::query(
        "SELECT id, display_name, locale, email_confirmed_at FROM members \
         WHERE email = $1 AND erased_at IS NULL",
    )
    .bind(&email)
    .fetch_optional(&mut *tx)
    .await?;
    match existing {
        Some(row) => {
            let id: MemberId = row.try_get("id")?;
            if row
                .try_get::<Option<i64>, _>("email_confirmed_at")?
                .is_some()
            {
                let known_name: String = row.try_get("display_name")?;
                let locale = Lang::parse(&row.try_get::<String, _>("locale")?).unwrap_or(lang);
                let link = ctx.settings.link("/password/forgot");
                send(
                    ctx,
                    &mut tx,
                    &email,
                    locale,
                    &known_name,
                    "account-exists",
                    Some(&link),
                )
                .await?;
            } else {
                // An unconfirmed account belongs to nobody yet: the latest
                // sign-up's password and name replace whatever an earlier one
                // set (perhaps someone else's, to hijack the account once the
                // owner confirms), and its links no longer work.
                sqlx::query(
                    "UPDATE members SET password_hash = $1, display_name = $2, locale = $3 \
                     WHERE id = $4 AND email_confirmed_at IS NULL",
                )
                .bind(&hash)
                .bind(&name)
                .bind(lang.code())
                .bind(&id)
                .execute(&mut *tx)
                .await?;
                end_email_tokens(&mut tx, &id, "confirm").await?;
                let token = new_email_token(&mut tx, &id, "confirm", CONFIRM_TTL_MS, None).await?;
                let link = confirm_link(ctx.settings, &token, input.next.as_deref());
                send(ctx, &mut tx, &email, lang, &name, "confirm", Some(&link)).await?;
            }
        }
        None => {
            let id = MemberId::generate();
            sqlx::query(
                "INSERT INTO members (id, email, password_hash, display_name, locale, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&id)
            .bind(&email)
            .bind(&hash)
            .bind(&name)
            .bind(lang.code())
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
            let token = new_email_token(&mut tx, &id, "confirm", CONFIRM_TTL_MS, None).await?;
            let link = confirm_link(ctx.settings, &token, input.next.as_deref());
            send(ctx, &mut tx, &email, lang, &name, "confirm", Some(&link)).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Ends every unused link of `purpose` sent to the member (and forgets the
/// address a change of address asked for).
async fn end_email_tokens(
    tx: &mut Tx,
    member_id: &MemberId,
    purpose: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE email_tokens SET used_at = $1, email = NULL \
         WHERE member_id = $2 AND purpose = $3 AND used_at IS NULL",
    )
    .bind(now_ms())
    .bind(member_id)
    .bind(purpose)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Confirms the address a token was sent to, returning the member. The
/// link alone is not enough: whoever opens it types the account's password
/// too, so a link sent by someone else's sign-up with this address (whose
/// mail the owner also receives) cannot confirm an account the owner does
/// not hold the password of.
pub async fn confirm_email(db: &Db, token: &str, password: &str) -> Result<MemberId, AppError> {
    let found = sqlx::query(
        "SELECT t.member_id, m.password_hash FROM email_tokens t JOIN members m ON m.id = t.member_id \
         WHERE t.token_hash = $1 AND t.purpose = 'confirm' AND t.used_at IS NULL \
         AND t.expires_at > $2 AND m.erased_at IS NULL",
    )
    .bind(token_hash(token.trim()))
    .bind(now_ms())
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::BadRequest("token-invalid"))?;
    let stored: Option<String> = found.try_get("password_hash")?;
    let verified = match &stored {
        Some(h) => crypto::verify_password(password, h).await,
        None => false,
    };
    let Some(stored) = stored.filter(|_| verified) else {
        return Err(AppError::field("password", "error-confirm-password"));
    };
    let mut tx = db.begin().await?;
    let member_id = use_email_token(&mut tx, token, "confirm").await?;
    // The password checked above must still be the account's.
    let confirmed = sqlx::query(
        "UPDATE members SET email_confirmed_at = COALESCE(email_confirmed_at, $1) \
         WHERE id = $2 AND password_hash = $3",
    )
    .bind(now_ms())
    .bind(&member_id)
    .bind(&stored)
    .execute(&mut *tx)
    .await?;
    if confirmed.rows_affected() != 1 {
        return Err(AppError::field("password", "error-confirm-password"));
    }
    tx.commit().await?;
    Ok(member_id)
}

/// Checks credentials, returning the member id. Rate-limited per address and per account;
/// the error is the same for an unknown e-mail and a wrong password.
pub async fn login(
    ctx: &Ctx<'_>,
    email: &str,
    password: &str,
    ip: &str,
) -> Result<MemberId, AppError> {
    let email = email.trim().to_lowercase();
    rate_limit::hit(ctx.db, &format!("login-ip:{ip}"), PER_IP).await?;
    // Failures are counted per account and client address, where they
    // refuse, and per account, where they only slow down: a stranger
    // failing on purpose cannot lock the owner out.
    let account = format!("login-failed:{}", token_hash(&email));
    let from_here = format!("{account}:{ip}");
    rate_limit::check(ctx.db, &from_here, FAILURES_PER_CLIENT).await?;
    let failures = rate_limit::count(ctx.db, &account, FAILURES_PER_ACCOUNT).await?;
    tokio::time::sleep(rate_limit::slowdown(failures, FAILURES_PER_ACCOUNT)).await;
    let row = sqlx::query(
        "SELECT id, password_hash, display_name, locale, email_confirmed_at FROM members \
         WHERE email = $1 AND erased_at IS NULL",
    )
    .bind(&email)
    .fetch_optional(ctx.db.pool())
    .await?;
    let stored: Option<String> = row
        .as_ref()
        .map(|r| r.try_get::<Option<String>, _>("password_hash"))
        .transpose()?
        .flatten();
    let password_ok =
        crypto::verify_password(password, stored.as_deref().unwrap_or(crypto::dummy_hash())).await;
    let Some(row) = row.filter(|_| password_ok && stored.is_some()) else {
        rate_limit::record(ctx.db, &from_here, FAILURES_PER_CLIENT).await?;
        rate_limit::record(ctx.db, &account, FAILURES_PER_ACCOUNT).await?;
        return Err(AppError::BadRequest("login-failed"));
    };
    let id: MemberId = row.try_get("id")?;
    if row
        .try_get::<Option<i64>, _>("email_confirmed_at")?
        .is_none()
    {
        // Only someone holding the password gets here: send a fresh link.
        limit_mails_to(ctx.db, &email).await?;
        let name: String = row.try_get("display_name")?;
        let lang = Lang::parse(&row.try_get::<String, _>("locale")?).unwrap_or(Lang::Fr);
        let mut tx = ctx.db.begin().await?;
        let token = new_email_token(&mut tx, &id, "confirm", CONFIRM_TTL_MS, None).await?;
        let link = confirm_link(ctx.settings, &token, None);
        send(ctx, &mut tx, &email, lang, &name, "confirm", Some(&link)).await?;
        tx.commit().await?;
        return Err(AppError::BadRequest("email-not-confirmed"));
    }
    Ok(id)
}

/// The durable job that mails a reset link, if the address is a member's.
pub const JOB_RESET: &str = "member.reset";

#[derive(Serialize, Deserialize)]
struct ResetPayload {
    email: String,
}

/// Asks for a reset link. The request does the same work whether the
/// address is registered or not (it enqueues a job, which looks the address
/// up later), so neither the answer nor its time tells which.
pub async fn request_password_reset(ctx: &Ctx<'_>, email: &str, ip: &str) -> Result<(), AppError> {
    let email = validate::email(email).map_err(|k| AppError::field("email", k))?;
    rate_limit::hit(ctx.db, &format!("reset-ip:{ip}"), PER_IP).await?;
    limit_mails_to(ctx.db, &email).await?;
    let mut tx = ctx.db.begin().await?;
    crate::jobs::enqueue(
        &mut tx,
        crate::jobs::NewJob::now(JOB_RESET, &ResetPayload { email }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Mails a reset link to the member with this address, if there is one.
async fn send_reset_link(ctx: &Ctx<'_>, email: &str) -> Result<(), AppError> {
    let Some(member) = find_by_email(ctx.db, email).await? else {
        return Ok(());
    };
    let mut tx = ctx.db.begin().await?;
    // Only the latest link works.
    end_email_tokens(&mut tx, &member.id, "reset").await?;
    let token = new_email_token(&mut tx, &member.id, "reset", RESET_TTL_MS, None).await?;
    let link = ctx.settings.link(&format!("/password/reset?token={token}"));
    send(
        ctx,
        &mut tx,
        email,
        member.locale,
        &member.display_name,
        "reset",
        Some(&link),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub fn register(handlers: &mut crate::jobs::Handlers, state: &crate::AppState) {
    let state = state.clone();
    handlers.register(JOB_RESET, move |payload| {
        let state = state.clone();
        async move {
            let p: ResetPayload = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            send_reset_link(&state.members_ctx(), &p.email)
                .await
                .map_err(|e| e.to_string())
        }
    });
}

/// Sets a new password from a reset link. Whoever knew the old password may
/// have signed in or made a token with it: every session and API token of
/// the member ends, every other reset link with them (and a change of
/// address asked for with the old password), and a mail tells the owner so.
pub async fn reset_password(
    ctx: &Ctx<'_>,
    token: &str,
    new_password: &str,
) -> Result<MemberId, AppError> {
    let password = validate::password(new_password).map_err(|k| AppError::field("password", k))?;
    let hash = crypto::hash_password(&password).await?;
    let db = ctx.db;
    let mut tx = db.begin().await?;
    let member_id = use_email_token(&mut tx, token, "reset").await?;
    sqlx::query(
        "UPDATE members SET password_hash = $1, email_confirmed_at = COALESCE(email_confirmed_at, $2) \
         WHERE id = $3",
    )
    .bind(&hash)
    .bind(now_ms())
    .bind(&member_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE member_id = $1")
        .bind(&member_id)
        .execute(&mut *tx)
        .await?;
    crate::tokens::revoke_all(&mut tx, &member_id).await?;
    end_email_tokens(&mut tx, &member_id, "reset").await?;
    end_email_tokens(&mut tx, &member_id, "email").await?;
    let owner = sqlx::query("SELECT email, display_name, locale FROM members WHERE id = $1")
        .bind(&member_id)
        .fetch_one(&mut *tx)
        .await?;
    if let Some(email) = owner.try_get::<Option<String>, _>("email")? {
        let lang = Lang::parse(&owner.try_get::<String, _>("locale")?).unwrap_or(Lang::Fr);
        let name: String = owner.try_get("display_name")?;
        let link = ctx.settings.link("/password/forgot");
        send(
            ctx,
            &mut tx,
            &email,
            lang,
            &name,
            "password-changed",
            Some(&link),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(member_id)
}

/// Checks the current password of a signed-in member asking to change its
/// credentials. Failures are counted per member, so a stolen session cannot
/// be used to guess the password.
async fn check_password(db: &Db, member_id: &MemberId, password: &str) -> Result<(), AppError> {
    let bucket = format!("password-check:{member_id}");
    rate_limit::check(db, &bucket, FAILURES_PER_ACCOUNT).await?;
    let row = sqlx::query("SELECT password_hash FROM members WHERE id = $1")
        .bind(member_id)
        .fetch_one(db.pool())
        .await?;
    let hash: Option<String> = row.try_get("password_hash")?;
    if let Some(h) = hash
        && crypto::verify_password(password, &h).await
    {
        return Ok(());
    }
    rate_limit::record(db, &bucket, FAILURES_PER_ACCOUNT).await?;
    Err(AppError::field("current_password", "error-password-wrong"))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChangeInput {
    #[schema(schema_with = schema::no_nul)]
    pub current_password: String,
    #[schema(schema_with = schema::password)]
    pub new_password: String,
}

/// Changes a signed-in member's password, the current one given. Whoever
/// signed in with the old one is signed out: every session of the member
/// ends but `keep` (the token of the session asking, if it is one), and so
/// does a change of address asked for with the old password. API tokens
/// stay (the account page lists them). A mail tells the owner.
pub async fn change_password(
    ctx: &Ctx<'_>,
    member: &Member,
    input: &PasswordChangeInput,
    keep: Option<&str>,
) -> Result<(), AppError> {
    let new =
        validate::password(&input.new_password).map_err(|k| AppError::field("new_password", k))?;
    check_password(ctx.db, &member.id, &input.current_password).await?;
    let hash = crypto::hash_password(&new).await?;
    let mut tx = ctx.db.begin().await?;
    sqlx::query("UPDATE members SET password_hash = $1 WHERE id = $2")
        .bind(&hash)
        .bind(&member.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE member_id = $1 AND token_hash <> $2")
        .bind(&member.id)
        .bind(keep.map(token_hash).unwrap_or_default())
        .execute(&mut *tx)
        .await?;
    end_email_tokens(&mut tx, &member.id, "email").await?;
    if let Some(email) = &member.email {
        let link = ctx.settings.link("/password/forgot");
        send(
            ctx,
            &mut tx,
            email,
            member.locale,
            &member.display_name,
            "password-updated",
            Some(&link),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EmailChangeInput {
    /// The new address; the account keeps its address until the link
    /// mailed there is followed.
    #[schema(schema_with = schema::email)]
    pub email: String,
    #[schema(schema_with = schema::no_nul)]
    pub current_password: String,
}

/// Asks to change a signed-in member's address, its password given.
/// Nothing changes yet: a link goes to the new address, and following it
/// makes the change ([`confirm_email_change`]). As with sign-up, the answer
/// and the pending change look the same whether the address is free or
/// already another account's: only the mail to it says so, to whoever
/// holds that mailbox, and carries no link.
pub async fn request_email_change(
    ctx: &Ctx<'_>,
    member: &Member,
    input: &EmailChangeInput,
) -> Result<(), AppError> {
    let email = validate::email(&input.email).map_err(|k| AppError::field("email", k))?;
    if member.email.as_deref() == Some(email.as_str()) {
        return Err(AppError::field("email", "error-email-same"));
    }
    check_password(ctx.db, &member.id, &input.current_password).await?;
    rate_limit::hit(ctx.db, &format!("email-change:{}", member.id), PER_ACCOUNT).await?;
    limit_mails_to(ctx.db, &email).await?;
    let mut tx = ctx.db.begin().await?;
    // Only the latest link works.
    end_email_tokens(&mut tx, &member.id, "email").await?;
    let token = new_email_token(
        &mut tx,
        &member.id,
        "email",
        EMAIL_CHANGE_TTL_MS,
        Some(&email),
    )
    .await?;
    let taken = sqlx::query("SELECT id FROM members WHERE email = $1 AND erased_at IS NULL")
        .bind(&email)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    let (kind, link) = if taken {
        ("email-taken", None)
    } else {
        let link = ctx
            .settings
            .link(&format!("/account/email/confirm?token={token}"));
        ("email-change", Some(link))
    };
    let (lang, name) = (member.locale, &member.display_name);
    send(ctx, &mut tx, &email, lang, name, kind, link.as_deref()).await?;
    tx.commit().await?;
    Ok(())
}

/// The address a change waits to confirm, and until when the link works.
pub async fn pending_email(
    db: &Db,
    member_id: &MemberId,
) -> Result<Option<(String, i64)>, AppError> {
    let row = sqlx::query(
        "SELECT email, expires_at FROM email_tokens WHERE member_id = $1 AND purpose = 'email' \
         AND used_at IS NULL AND expires_at > $2 ORDER BY created_at DESC LIMIT 1",
    )
    .bind(member_id)
    .bind(now_ms())
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let email: Option<String> = row.try_get("email")?;
    let expires_at: i64 = row.try_get("expires_at")?;
    Ok(email.map(|e| (e, expires_at)))
}

/// Makes the change of address a mailed link asks for: the account's
/// address becomes the one the link was sent to, and the old address is
/// told. Whoever follows the link holds the new mailbox, so an address
/// another account took meanwhile is refused in plain words.
pub async fn confirm_email_change(ctx: &Ctx<'_>, token: &str) -> Result<MemberId, AppError> {
    let now = now_ms();
    let mut tx = ctx.db.begin().await?;
    let found = sqlx::query(
        "UPDATE email_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = 'email' \
         AND used_at IS NULL AND expires_at > $1 AND email IS NOT NULL \
         RETURNING member_id, email",
    )
    .bind(now)
    .bind(token_hash(token.trim()))
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::BadRequest("token-invalid"))?;
    let member_id: MemberId = found.try_get("member_id")?;
    let email: String = found.try_get("email")?;
    sqlx::query("UPDATE email_tokens SET email = NULL WHERE token_hash = $1")
        .bind(token_hash(token.trim()))
        .execute(&mut *tx)
        .await?;
    let old = sqlx::query("SELECT email, display_name, locale FROM members WHERE id = $1")
        .bind(&member_id)
        .fetch_one(&mut *tx)
        .await?;
    let changed = sqlx::query("UPDATE members SET email = $1 WHERE id = $2")
        .bind(&email)
        .bind(&member_id)
        .execute(&mut *tx)
        .await;
    match changed {
        Ok(_) => {}
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(AppError::Conflict("email-taken"));
        }
        Err(e) => return Err(e.into()),
    }
    if let Some(old_email) = old.try_get::<Option<String>, _>("email")? {
        let lang = Lang::parse(&old.try_get::<String, _>("locale")?).unwrap_or(Lang::Fr);
        let name: String = old.try_get("display_name")?;
        send(ctx, &mut tx, &old_email, lang, &name, "email-changed", None).await?;
    }
    tx.commit().await?;
    Ok(member_id)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ProfileInput {
    #[schema(schema_with = schema::line::<1, 80>)]
    pub display_name: String,
    #[serde(default)]
    #[schema(schema_with = schema::text::<2000>)]
    pub bio: String,
    pub locale: Lang,
    #[schema(schema_with = profile_time_zone)]
    pub time_zone: String,
}

crate::described! {
    /// An IANA time zone such as `Europe/Paris`.
    fn profile_time_zone = schema::non_blank::<100>().example("Europe/Paris");
}

pub async fn update_profile(
    db: &Db,
    member_id: &MemberId,
    input: &ProfileInput,
) -> Result<Member, AppError> {
    let mut checks = Checks::new();
    let name = checks.check("display_name", validate::display_name(&input.display_name));
    let bio = checks.check("bio", validate::text(&input.bio, 2000));
    let tz = checks.check("time_zone", validate::time_zone(&input.time_zone));
    checks.finish()?;
    sqlx::query(
        "UPDATE members SET display_name = $1, bio = $2, locale = $3, time_zone = $4 WHERE id = $5",
    )
    .bind(name)
    .bind(bio)
    .bind(input.locale.code())
    .bind(tz)
    .bind(member_id)
    .execute(db.writer())
    .await?;
    db.changed();
    get(db, member_id).await
}

pub async fn set_locale(db: &Db, member_id: &MemberId, lang: Lang) -> Result<(), AppError> {
    sqlx::query("UPDATE members SET locale = $1 WHERE id = $2")
        .bind(lang.code())
        .bind(member_id)
        .execute(db.writer())
        .await?;
    db.changed();
    Ok(())
}

/// Everything Freeco holds about a member, as one JSON document (GDPR art.
/// 15 and 20): the kernel's part, then each module's under its name.
pub async fn export(
    db: &Db,
    modules: &[crate::module::Module],
    member_id: &MemberId,
) -> Result<serde_json::Value, AppError> {
    let member = get(db, member_id).await?;
    let acceptances = crate::charter::acceptances(db, member_id).await?;
    let organisations = crate::organisations::list_for_member(db, member_id).await?;
    let collectives = crate::collectives::memberships_of(db, member_id).await?;
    let requests = crate::collectives::join_requests_of(db, member_id).await?;
    let tokens = crate::tokens::list(db, member_id).await?;
    let skills = crate::skills::of_member(db, member_id).await?;
    let notifications = crate::notifications::export(db, member_id).await?;
    let pending_email = pending_email(db, member_id)
        .await?
        .map(|(email, expires_at)| serde_json::json!({"email": email, "expires_at": expires_at}));
    let mut document = serde_json::json!({
        "format": "freeco-personal-data/1",
        "exported_at": now_ms(),
        "member": member,
        "pending_email": pending_email,
        "charter_acceptances": acceptances,
        "organisations": organisations,
        "collective_memberships": collectives,
        "join_requests": requests,
        "api_tokens": tokens,
        "skills": skills,
        "notifications": notifications,
    });
    // Money and decisions, then each module, through the same seam.
    let parts = crate::module::KERNEL_PARTS
        .iter()
        .copied()
        .chain(modules.iter().map(|m| (m.name, m.personal_data)));
    for (name, part) in parts {
        document[name] = part.export(db, member_id).await?;
    }
    Ok(document)
}

/// Erases a member's personal data, the modules' included, in one
/// transaction. The row stays under a pseudonym so what others rely on
/// (past memberships, decisions taken) keeps its author.
pub async fn erase(
    db: &Db,
    modules: &[crate::module::Module],
    member_id: &MemberId,
    password: &str,
) -> Result<(), AppError> {
    let row =
        sqlx::query("SELECT email, password_hash FROM members WHERE id = $1 AND erased_at IS NULL")
            .bind(member_id)
            .fetch_one(db.pool())
            .await?;
    let hash: Option<String> = row.try_get("password_hash")?;
    let email: Option<String> = row.try_get("email")?;
    let verified = match &hash {
        Some(h) => crypto::verify_password(password, h).await,
        None => false,
    };
    if !verified {
        return Err(AppError::field("password", "error-password-wrong"));
    }
    crate::collectives::check_can_go(db, member_id).await?;
    // Money is not personal data to erase: it must leave the wallet first.
    let money = sqlx::query(
        "SELECT credits_posted - debits_posted + credits_pending AS held FROM ledger_accounts \
         WHERE kind = 'wallet' AND owner_id = $1",
    )
    .bind(member_id)
    .fetch_optional(db.pool())
    .await?;
    if money
        .map(|r| r.try_get::<i64, _>("held"))
        .transpose()?
        .is_some_and(|held| held != 0)
    {
        return Err(AppError::Conflict("erase-wallet-not-empty"));
    }
    let pseudonym = format!(
        "#{}",
        &crate::crypto::sha256_hex(member_id.as_str().as_bytes())[..8]
    );
    let now = now_ms();
    let mut tx = db.begin().await?;
    let parts = crate::module::KERNEL_PARTS
        .iter()
        .map(|(_, part)| *part)
        .chain(modules.iter().map(|m| m.personal_data));
    for part in parts {
        part.erase(&mut tx, member_id).await?;
    }
    for sql in [
        "DELETE FROM sessions WHERE member_id = $1",
        "DELETE FROM api_tokens WHERE member_id = $1",
        "DELETE FROM email_tokens WHERE member_id = $1",
        "DELETE FROM organisation_members WHERE member_id = $1",
        "DELETE FROM join_requests WHERE member_id = $1 AND status = 'pending'",
        "DELETE FROM member_skills WHERE member_id = $1",
        "DELETE FROM notification_prefs WHERE member_id = $1",
        "DELETE FROM notifications WHERE member_id = $1",
    ] {
        sqlx::query(sql).bind(member_id).execute(&mut *tx).await?;
    }
    if let Some(email) = &email {
        // What still waits to be mailed to the address, or names it: pending
        // mails and their errors, invitations sent to it.
        let quoted = serde_json::to_string(email).unwrap_or_default();
        let pattern = format!("%{}%", like_escape(quoted.trim_matches('"')));
        for sql in [
            "DELETE FROM jobs WHERE done_at IS NULL AND (payload LIKE $1 ESCAPE '\\' OR last_error LIKE $1 ESCAPE '\\')",
            "UPDATE jobs SET last_error = NULL WHERE last_error LIKE $1 ESCAPE '\\'",
        ] {
            sqlx::query(sql).bind(&pattern).execute(&mut *tx).await?;
        }
        for sql in [
            "DELETE FROM invitations WHERE email = $1",
            "DELETE FROM organisation_invitations WHERE email = $1",
        ] {
            sqlx::query(sql).bind(email).execute(&mut *tx).await?;
        }
        // Rate-limit counts named by a hash of the address.
        let hashed = token_hash(email);
        sqlx::query("DELETE FROM rate_limits WHERE bucket IN ($1, $2) OR bucket LIKE $3")
            .bind(format!("mail:{hashed}"))
            .bind(format!("login-failed:{hashed}"))
            .bind(format!("login-failed:{hashed}:%"))
            .execute(&mut *tx)
            .await?;
    }
    // And those named by the member's id.
    sqlx::query("DELETE FROM rate_limits WHERE bucket IN ($1, $2)")
        .bind(format!("password-check:{member_id}"))
        .bind(format!("email-change:{member_id}"))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE collective_members SET left_at = $1 WHERE member_id = $2 AND left_at IS NULL",
    )
    .bind(now)
    .bind(member_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE members SET email = NULL, password_hash = NULL, display_name = $1, bio = '', \
         erased_at = $2 WHERE id = $3",
    )
    .bind(pseudonym)
    .bind(now)
    .bind(member_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `text` for a LIKE pattern with `\\` as its escape: its own `%` and `_`
/// match only themselves.
fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Creates a confirmed member directly (administrator command and demo data).
pub async fn create_confirmed(
    db: &Db,
    email: &str,
    password: &str,
    display_name: &str,
    lang: Lang,
    is_admin: bool,
) -> Result<MemberId, AppError> {
    let mut checks = Checks::new();
    let email = checks.check("email", validate::email(email));
    let password = checks.check("password", validate::password(password));
    let name = checks.check("display_name", validate::display_name(display_name));
    checks.finish()?;
    let hash = crypto::hash_password(&password.unwrap_or_default()).await?;
    let id = MemberId::generate();
    let now = now_ms();
    let inserted = sqlx::query(
        "INSERT INTO members (id, email, email_confirmed_at, password_hash, display_name, locale, \
         is_admin, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $3)",
    )
    .bind(&id)
    .bind(email)
    .bind(now)
    .bind(hash)
    .bind(name)
    .bind(lang.code())
    .bind(i64::from(is_admin))
    .execute(db.writer())
    .await;
    match inserted {
        Ok(_) => Ok(id),
        Err(e) if crate::db::is_unique_violation(&e) => Err(AppError::Conflict("email-taken")),
        Err(e) => Err(e.into()),
    }
}

/// The instance's administrators (who moderate what belongs to no collective).
pub async fn admin_ids(db: &Db) -> Result<Vec<MemberId>, AppError> {
    let rows = sqlx::query("SELECT id FROM members WHERE is_admin = 1 AND erased_at IS NULL")
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?)
}

pub async fn set_admin(db: &Db, email: &str, is_admin: bool) -> Result<(), AppError> {
    let done =
        sqlx::query("UPDATE members SET is_admin = $1 WHERE email = $2 AND erased_at IS NULL")
            .bind(i64::from(is_admin))
            .bind(email.trim().to_lowercase())
            .execute(db.writer())
            .await?;
    db.changed();
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
