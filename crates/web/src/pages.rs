//! The kernel's HTML pages: account, charter, profile, organisations, collectives.
//! Every form posts with a CSRF token; refused input is shown next to its field.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::{Cookie, SameSite};
use kernel::auth::{Active, CsrfForm, InCollective, LANG_COOKIE, RequestContext, SignedIn};
use kernel::charter::{self, CharterVersion};
use kernel::collectives::{
    self, Collective, CollectiveInput, CollectiveKind, CollectiveMember, College, CollegeInput,
    Invitation, JoinRequest, Membership, Role,
};
use kernel::i18n::Lang;
use kernel::members::{self, ProfileInput, SignupInput};
use kernel::organisations::{
    self, OrgKind, OrgRole, Organisation, OrganisationInput, OrganisationMember,
    OrganisationMembership,
};
use kernel::tokens::{self, ApiToken};
use kernel::{AppError, AppState, CollectiveId, DecisionId, MemberId, sessions};
use serde::Deserialize;

use crate::render::{Confirmed, Done, Irreversible, after_form, confirm_first};
use crate::render::{
    Empty, FormErrors, MessagePage, Page, html, html_status, markdown, safe_next, see_other,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/signup", get(signup_page).post(signup))
        .route("/confirm", get(confirm_page).post(confirm))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/password/forgot", get(forgot_page).post(forgot))
        .route("/password/reset", get(reset_page).post(reset))
        .route("/lang", post(set_lang))
        .route("/charter", get(charter_page))
        .route("/wallet", get(wallet_page))
        .route("/wallet/statement.csv", get(wallet_csv))
        .route("/collectives/{slug}/treasury.csv", get(treasury_csv))
        .route("/wallet/topup", post(wallet_top_up))
        .route("/wallet/pay", post(wallet_pay))
        .route("/wallet/pay-collective", post(wallet_pay_collective))
        .route("/charter/accept", post(accept_charter))
        .route("/account", get(account_page).post(update_profile))
        .route("/account/export.json", get(export))
        .route("/account/delete", post(delete_account))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
        .route("/account/password", post(change_password))
        .route("/account/email", post(change_email))
        .route(
            "/account/email/confirm",
            get(email_confirm_page).post(confirm_email),
        )
        .route(
            "/organisations",
            get(organisations_page).post(create_organisation),
        )
        .route(
            "/organisations/{id}",
            get(organisation_page).post(update_organisation),
        )
        .route(
            "/organisations/{id}/invitations",
            post(invite_to_organisation),
        )
        .route(
            "/organisations/{id}/members/{member_id}",
            post(set_organisation_role),
        )
        .route("/organisations/{id}/listed", post(set_organisation_listed))
        .route(
            "/organisations/invitations/{token}",
            get(organisation_invitation_page).post(accept_organisation_invitation),
        )
        .route(
            "/collectives",
            get(collectives_page).post(create_collective),
        )
        .route("/collectives/{slug}", get(collective_page))
        .route("/collectives/{slug}/join", post(request_join))
        .route("/collectives/{slug}/leave", post(leave))
        .route("/collectives/{slug}/manage", get(manage_page))
        .route("/collectives/{slug}/requests/{id}", post(decide_request))
        .route("/collectives/{slug}/invitations", post(invite))
        .route(
            "/collectives/{slug}/invitations/{id}/revoke",
            post(revoke_invitation),
        )
        .route(
            "/collectives/{slug}/members/{member_id}",
            post(update_member),
        )
        .route("/collectives/{slug}/colleges", post(create_college))
        .route("/collectives/{slug}/rules", post(set_rules))
        .route(
            "/collectives/{slug}/decision-rules",
            post(set_decision_rules),
        )
        .route(
            "/collectives/{slug}/colleges/{id}/delete",
            post(delete_college),
        )
        .route(
            "/invitations/{token}",
            get(invitation_page).post(accept_invitation),
        )
}

pub(crate) type Page_ = Result<Response, AppError>;

fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((
        kernel::auth::cookie_name(&state.settings, sessions::COOKIE),
        token,
    ))
    .path("/")
    .http_only(true)
    .secure(state.settings.secure_cookies())
    .same_site(SameSite::Lax)
    .max_age(cookie_days(30))
    .build()
}

/// Removes the session cookie (with the attributes it was set with, which
/// a `__Host-` cookie's removal needs too).
fn session_ended(state: &AppState) -> Cookie<'static> {
    let mut cookie = session_cookie(state, String::new());
    cookie.set_max_age(cookie_days(0));
    cookie
}

fn cookie_days(days: i64) -> cookie::time::Duration {
    cookie::time::Duration::days(days)
}

fn with_cookie(mut response: Response, cookie: Cookie<'_>) -> Response {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn message(
    ctx: &RequestContext,
    title_key: &str,
    text_key: &str,
    link: Option<(&str, &str)>,
) -> Response {
    html(&MessagePage {
        page: Page::titled(ctx, title_key),
        text: ctx.tr.t(text_key),
        lines: vec![],
        link: link.map(|(href, key)| (href.to_owned(), ctx.tr.t(key))),
    })
}

// ---------- home ----------

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Page,
    awaiting_vote: Vec<kernel::decisions::AwaitingVote>,
    memberships: Vec<Membership>,
    /// The member's projects, apart from its collectives.
    projects: Vec<Membership>,
    organisations: Vec<OrganisationMembership>,
    /// What a visitor not signed in is shown.
    public: Option<PublicFacts>,
}

/// What anyone may know of the instance: its collectives, the projects of
/// the whole instance (which every member may see and join), its fee rule
/// and the funds the fees fed.
struct PublicFacts {
    collectives: Vec<Collective>,
    projects: Vec<Collective>,
    fee_rule: String,
    funds: Vec<(kernel::money::AccountKind, String, i64)>,
}

async fn public_facts(state: &AppState, ctx: &RequestContext) -> Result<PublicFacts, AppError> {
    let fees = &state.settings.fees;
    let percent = |bp: u32| kernel::l10n::percent(ctx.lang, i64::from(bp));
    let fee_rule = ctx.tr.format(
        "home-fee-rule",
        &[
            ("technical", percent(fees.technical_bp).as_str()),
            ("between", percent(fees.between_members_bp).as_str()),
            ("solidarity", percent(fees.solidarity_share_bp).as_str()),
        ],
    );
    Ok(PublicFacts {
        collectives: collectives::list(&state.db).await?,
        projects: collectives::project_groups_of(&state.db, None).await?,
        fee_rule,
        funds: kernel::money::platform_totals(&state.db).await?,
    })
}

async fn home(State(state): State<AppState>, ctx: RequestContext) -> Page_ {
    let (awaiting_vote, memberships, organisations) = match &ctx.member {
        Some(m) => (
            kernel::decisions::awaiting_vote(&state.db, &m.id).await?,
            collectives::memberships_of(&state.db, &m.id)
                .await?
                .into_iter()
                .filter(|m| m.left_at.is_none())
                .collect(),
            organisations::list_for_member(&state.db, &m.id).await?,
        ),
        None => (vec![], vec![], vec![]),
    };
    let (projects, memberships) = memberships.into_iter().partition(|m| m.is_project);
    let public = match &ctx.member {
        Some(_) => None,
        None => Some(public_facts(&state, &ctx).await?),
    };
    Ok(html(&HomePage {
        page: Page::titled(&ctx, "home-title"),
        awaiting_vote,
        memberships,
        projects,
        organisations,
        public,
    }))
}

// ---------- sign-up, confirmation, sign-in ----------

#[derive(Template)]
#[template(path = "signup.html")]
struct SignupPage {
    page: Page,
    email: String,
    display_name: String,
    next: String,
    errors: FormErrors,
}

async fn signup_page(ctx: RequestContext, Query(q): Query<NextQuery>) -> Response {
    html(&SignupPage {
        page: Page::titled(&ctx, "signup-title"),
        email: String::new(),
        display_name: String::new(),
        next: safe_next(q.next.as_deref()),
        errors: FormErrors::none(),
    })
}

async fn signup(
    State(state): State<AppState>,
    ctx: RequestContext,
    CsrfForm(form): CsrfForm<SignupInput>,
) -> Page_ {
    match members::signup(&state.members_ctx(), &form, ctx.lang, &ctx.ip).await {
        Ok(()) => Ok(message(&ctx, "signup-done-title", "signup-done-text", None)),
        Err(err) => {
            let errors = FormErrors::from_error(&ctx, err)?;
            let page = SignupPage {
                page: Page::titled(&ctx, "signup-title"),
                email: form.email,
                display_name: form.display_name,
                next: safe_next(form.next.as_deref()),
                errors,
            };
            Ok(html_status(page.errors.status(), &page))
        }
    }
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    page: Page,
    token: String,
    next: String,
    errors: FormErrors,
}

/// The mailed link opens a form: the address is confirmed with the
/// account's password, not by the link alone.
async fn confirm_page(ctx: RequestContext, Query(q): Query<TokenQuery>) -> Response {
    html(&ConfirmPage {
        page: Page::titled(&ctx, "confirm-title"),
        token: q.token.unwrap_or_default(),
        next: safe_next(q.next.as_deref()),
        errors: FormErrors::none(),
    })
}

#[derive(Deserialize)]
struct ConfirmForm {
    token: String,
    password: String,
    next: Option<String>,
}

/// Confirms the address and signs the person in; the charter comes next,
/// then the page that brought them here (an invitation, say).
async fn confirm(
    State(state): State<AppState>,
    ctx: RequestContext,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Page_ {
    let member_id = match members::confirm_email(&state.db, &form.token, &form.password).await {
        Ok(id) => id,
        Err(err) => {
            let page = ConfirmPage {
                page: Page::titled(&ctx, "confirm-title"),
                token: form.token,
                next: safe_next(form.next.as_deref()),
                errors: FormErrors::from_error(&ctx, err)?,
            };
            return Ok(html_status(page.errors.status(), &page));
        }
    };
    let token = sessions::create(&state.db, &member_id).await?;
    let next = safe_next(form.next.as_deref());
    let accepted = members::get(&state.db, &member_id)
        .await?
        .has_accepted_charter();
    let target = match (accepted, next.as_str()) {
        (true, _) => next,
        (false, "/") => "/charter".to_owned(),
        (false, _) => format!("/charter?next={}", kernel::validate::urlencode(&next)),
    };
    Ok(with_cookie(
        Done::to(target, "flash-address-confirmed").into_response(),
        session_cookie(&state, token),
    ))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    email: String,
    next: String,
    errors: FormErrors,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_page(ctx: RequestContext, Query(q): Query<NextQuery>) -> Response {
    html(&LoginPage {
        page: Page::titled(&ctx, "login-title"),
        email: String::new(),
        next: safe_next(q.next.as_deref()),
        errors: FormErrors::none(),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    ctx: RequestContext,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Page_ {
    match members::login(&state.members_ctx(), &form.email, &form.password, &ctx.ip).await {
        Ok(member_id) => {
            let token = sessions::create(&state.db, &member_id).await?;
            Ok(with_cookie(
                see_other(&safe_next(form.next.as_deref())),
                session_cookie(&state, token),
            ))
        }
        Err(err) => {
            let errors = FormErrors::from_error(&ctx, err)?;
            let page = LoginPage {
                page: Page::titled(&ctx, "login-title"),
                email: form.email,
                next: safe_next(form.next.as_deref()),
                errors,
            };
            Ok(html_status(page.errors.status(), &page))
        }
    }
}

async fn logout(
    State(state): State<AppState>,
    jar: axum_extra::extract::CookieJar,
    CsrfForm(_): CsrfForm<Empty>,
) -> Page_ {
    if let Some(cookie) = jar.get(kernel::auth::cookie_name(&state.settings, sessions::COOKIE)) {
        sessions::delete(&state.db, cookie.value()).await?;
    }
    Ok(with_cookie(
        Done::to("/", "flash-signed-out").into_response(),
        session_ended(&state),
    ))
}

#[derive(Template)]
#[template(path = "forgot.html")]
struct ForgotPage {
    page: Page,
    errors: FormErrors,
}

async fn forgot_page(ctx: RequestContext) -> Response {
    html(&ForgotPage {
        page: Page::titled(&ctx, "forgot-title"),
        errors: FormErrors::none(),
    })
}

#[derive(Deserialize)]
struct EmailForm {
    email: String,
}

async fn forgot(
    State(state): State<AppState>,
    ctx: RequestContext,
    CsrfForm(form): CsrfForm<EmailForm>,
) -> Page_ {
    match members::request_password_reset(&state.members_ctx(), &form.email, &ctx.ip).await {
        Ok(()) => Ok(message(&ctx, "forgot-done-title", "forgot-done-text", None)),
        Err(err) => {
            let page = ForgotPage {
                page: Page::titled(&ctx, "forgot-title"),
                errors: FormErrors::from_error(&ctx, err)?,
            };
            Ok(html_status(page.errors.status(), &page))
        }
    }
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    page: Page,
    token: String,
    errors: FormErrors,
}

async fn reset_page(ctx: RequestContext, Query(q): Query<TokenQuery>) -> Response {
    html(&ResetPage {
        page: Page::titled(&ctx, "reset-title"),
        token: q.token.unwrap_or_default(),
        errors: FormErrors::none(),
    })
}

#[derive(Deserialize)]
struct ResetForm {
    token: String,
    password: String,
}

async fn reset(
    State(state): State<AppState>,
    ctx: RequestContext,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Page_ {
    match members::reset_password(&state.members_ctx(), &form.token, &form.password).await {
        Ok(_) => Ok(message(
            &ctx,
            "reset-done-title",
            "reset-done-text",
            Some(("/login", "nav-login")),
        )),
        Err(err) => {
            let page = ResetPage {
                page: Page::titled(&ctx, "reset-title"),
                token: form.token,
                errors: FormErrors::from_error(&ctx, err)?,
            };
            Ok(html_status(page.errors.status(), &page))
        }
    }
}

#[derive(Deserialize)]
struct LangForm {
    lang: String,
    next: Option<String>,
}

/// Switches the language for this browser and, when signed in, for the member.
async fn set_lang(
    State(state): State<AppState>,
    ctx: RequestContext,
    CsrfForm(form): CsrfForm<LangForm>,
) -> Page_ {
    let lang = Lang::parse(&form.lang).ok_or(AppError::field("lang", "error-lang-unknown"))?;
    if let Some(member) = &ctx.member {
        members::set_locale(&state.db, &member.id, lang).await?;
    }
    let cookie = Cookie::build((LANG_COOKIE, lang.code()))
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(cookie_days(365))
        .build();
    Ok(with_cookie(
        see_other(&safe_next(form.next.as_deref())),
        cookie,
    ))
}

// ---------- charter ----------

#[derive(Template)]
#[template(path = "charter.html")]
struct CharterPage {
    page: Page,
    charter: CharterVersion,
    body_html: String,
    accepted_at: Option<i64>,
    next: String,
}

async fn charter_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    Query(q): Query<NextQuery>,
) -> Page_ {
    let charter = charter::current(&state.db).await?;
    let accepted_at = match &ctx.member {
        Some(m) => charter::acceptances(&state.db, &m.id)
            .await?
            .into_iter()
            .find(|a| a.version == charter.version)
            .map(|a| a.accepted_at),
        None => None,
    };
    let body_html = markdown(charter.body(ctx.lang));
    Ok(html(&CharterPage {
        page: Page::titled(&ctx, "charter-title"),
        charter,
        body_html,
        accepted_at,
        next: safe_next(q.next.as_deref()),
    }))
}

#[derive(Template)]
#[template(path = "wallet.html")]
struct WalletPage {
    page: Page,
    wallet: kernel::wallet::WalletView,
    lines: Vec<kernel::wallet::StatementLine>,
    payees: Vec<kernel::wallet::Payee>,
    /// The member's collectives and, apart, its projects, to pay.
    collectives: Vec<Membership>,
    projects: Vec<Membership>,
    /// A fresh idempotency key: resubmitting the same form moves money once.
    form_id: String,
    errors: FormErrors,
    /// The statement's filter, as the query string carried it.
    direction: String,
    from: String,
    to: String,
    /// The same filter, for the CSV link.
    csv_query: String,
    /// How to top up by bank transfer, when the instance has an account.
    bank: Option<kernel::bank::TransferInstructions>,
    /// The member's withdrawals to its bank account.
    payouts: Vec<kernel::bank::Payout>,
    /// The fees on payments to a collective and between members, in
    /// hundredths of a percent.
    collective_fee: i64,
    member_fee: i64,
}

impl WalletPage {
    /// What a line not settled yet says: money held out of the wallet (or
    /// freed back into it), or held toward it (or that did not come).
    fn unsettled(&self, phase: &str, amount: &i64) -> &'static str {
        match (phase, *amount < 0) {
            ("pending", true) => "wallet-held",
            ("pending", false) => "wallet-incoming",
            (_, true) => "wallet-released",
            (_, false) => "wallet-cancelled",
        }
    }
}

/// A bank top-up's reference is the day the bank booked it (`2026-11-30`;
/// older ones read "bank transfer of 2026-11-30"), said in the reader's
/// language.
fn booked_on(tr: &kernel::i18n::Tr, reference: &str) -> String {
    let day = reference.trim_start_matches("bank transfer of ");
    tr.t1(
        "transfer-bank-booked-on",
        "date",
        &kernel::l10n::date(tr.lang, day),
    )
}

pub(crate) async fn wallet_view(
    state: &AppState,
    ctx: &RequestContext,
    member: &members::Member,
    q: &crate::wallet::StatementQuery,
    errors: FormErrors,
) -> Page_ {
    let member_id = &member.id;
    let filter = q.filter()?;
    let lines = kernel::wallet::statement(&state.db, member_id, &filter, &member.time_zone, 200)
        .await?
        .into_iter()
        .map(|mut line| {
            if line.code == "topup.bank" {
                line.reference = booked_on(&ctx.tr, &line.reference);
            } else if line.code.starts_with("topup.") {
                // A card provider's charge id means nothing to the member;
                // the CSV and the API keep it.
                line.reference.clear();
            }
            line
        })
        .collect();
    let (projects, collectives) = kernel::wallet::payable_collectives(&state.db, member_id)
        .await?
        .into_iter()
        .partition(|m| m.is_project);
    let page = WalletPage {
        page: Page::titled(ctx, "wallet-title"),
        wallet: kernel::wallet::wallet(&state.db, member_id).await?,
        lines,
        payees: kernel::wallet::payees(&state.db, member_id).await?,
        collectives,
        projects,
        form_id: kernel::db::new_id(),
        errors,
        direction: q.direction.clone().unwrap_or_default(),
        from: q.from.clone().unwrap_or_default(),
        to: q.to.clone().unwrap_or_default(),
        csv_query: format!(
            "direction={}&from={}&to={}",
            kernel::validate::urlencode(q.direction.as_deref().unwrap_or("")),
            kernel::validate::urlencode(q.from.as_deref().unwrap_or("")),
            kernel::validate::urlencode(q.to.as_deref().unwrap_or(""))
        ),
        bank: match state.settings.bank.as_ref() {
            Some(bank) => Some(kernel::bank::instructions(&state.db, Some(bank), member_id).await?),
            None => None,
        },
        payouts: kernel::bank::payouts_of(&state.db, member_id).await?,
        collective_fee: state.settings.fees.technical_bp.into(),
        member_fee: state.settings.fees.between_members_bp.into(),
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn wallet_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    Query(q): Query<crate::wallet::StatementQuery>,
) -> Page_ {
    wallet_view(&state, &ctx, &member, &q, FormErrors::none()).await
}

/// A collective's treasury as a CSV file, for its members.
async fn treasury_csv(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    InCollective { collective, .. }: InCollective,
) -> Page_ {
    let slug = collective.slug.clone();
    let view = kernel::wallet::treasury(&state.db, &collective.id, &member.id).await?;
    let csv = kernel::wallet::treasury_csv(&view, |ms| {
        crate::render::format_time(ms, &member.time_zone)
    });
    Ok(csv_download(csv, &format!("{slug}-treasury.csv")))
}

fn csv_download(csv: String, filename: &str) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        csv,
    )
        .into_response()
}

/// The filtered statement as a CSV file, for a spreadsheet or an accountant.
async fn wallet_csv(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Query(q): Query<crate::wallet::StatementQuery>,
) -> Page_ {
    let filter = q.filter()?;
    let lines =
        kernel::wallet::statement(&state.db, &member.id, &filter, &member.time_zone, 1000).await?;
    let csv = kernel::wallet::to_csv(&lines, |ms| {
        crate::render::format_time(ms, &member.time_zone)
    });
    Ok(csv_download(csv, "freeco-wallet.csv"))
}

#[derive(Deserialize)]
struct TopUpForm {
    id: String,
    amount: String,
    provider: String,
}

async fn wallet_top_up(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    CsrfForm(form): CsrfForm<TopUpForm>,
) -> Page_ {
    let provider: &dyn kernel::payments::PaymentProvider = match form.provider.as_str() {
        "demo" => &kernel::payments::DemoProvider,
        _ => return Err(AppError::field("provider", "error-provider-unknown")),
    };
    let topped = match kernel::wallet::parse_amount(&form.amount) {
        Ok(amount) => {
            kernel::wallet::top_up(&state.db, provider, &member.id, &form.id, amount).await
        }
        Err(e) => Err(e),
    };
    let no_filter = Default::default();
    after_form(
        &ctx,
        topped,
        |_| Done::to("/wallet", "flash-topped-up").with("amount", typed_money(&ctx, &form.amount)),
        |errors| wallet_view(&state, &ctx, &member, &no_filter, errors),
    )
    .await
}

#[derive(Deserialize)]
struct PayForm {
    id: String,
    to_member: MemberId,
    amount: String,
    #[serde(default)]
    message: String,
    /// Absent on the first post, which shows the fee to confirm.
    #[serde(default)]
    confirmed: String,
}

/// What a payment will cost, shown before the member confirms it.
#[derive(Template)]
#[template(path = "payment_confirm.html")]
struct PaymentConfirmPage {
    page: Page,
    action: &'static str,
    recipient: String,
    quote: kernel::fees::Quote,
    rate: String,
    currency: &'static str,
    message: String,
    /// The form's fields, posted again with the confirmation.
    hidden: Vec<(&'static str, String)>,
}

/// A payment form posted without its confirmation yet.
struct PaymentToConfirm {
    kind: kernel::fees::PaymentKind,
    action: &'static str,
    /// The payee's name, if the payee is one the member may pay.
    recipient: Option<String>,
    amount: String,
    message: String,
    /// The form's fields, posted again with the confirmation.
    hidden: Vec<(&'static str, String)>,
}

/// The confirmation page with the fee, or the wallet with the form's error.
async fn confirm_payment(
    state: &AppState,
    ctx: &RequestContext,
    member: &members::Member,
    form: PaymentToConfirm,
) -> Page_ {
    let checked = kernel::wallet::parse_amount(&form.amount).and_then(|amount| {
        form.recipient
            .clone()
            .ok_or_else(|| AppError::field("to_member", "error-member-unknown"))
            .map(|recipient| (amount, recipient))
    });
    match checked {
        Ok((amount, recipient)) => {
            let quote = state.settings.fees.quote(form.kind, amount.minor());
            Ok(html(&PaymentConfirmPage {
                page: Page::titled(ctx, "payment-confirm-title"),
                action: form.action,
                recipient,
                rate: kernel::l10n::percent(ctx.tr.lang, quote.rate_bp.into()),
                quote,
                currency: kernel::wallet::CURRENCY,
                message: form.message,
                hidden: form.hidden,
            }))
        }
        Err(err) => {
            let errors = FormErrors::from_error(ctx, err)?;
            wallet_view(state, ctx, member, &Default::default(), errors).await
        }
    }
}

async fn wallet_pay(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    CsrfForm(form): CsrfForm<PayForm>,
) -> Page_ {
    if form.confirmed != "yes" {
        let recipient = kernel::wallet::payees(&state.db, &member.id)
            .await?
            .into_iter()
            .find(|p| p.id == form.to_member)
            .map(|p| p.display_name);
        let pending = PaymentToConfirm {
            kind: kernel::fees::PaymentKind::BetweenMembers,
            action: "/wallet/pay",
            recipient,
            amount: form.amount.clone(),
            message: form.message.clone(),
            hidden: vec![
                ("id", form.id),
                ("amount", form.amount),
                ("to_member", form.to_member.into_string()),
                ("message", form.message),
            ],
        };
        return confirm_payment(&state, &ctx, &member, pending).await;
    }
    let (fees, id, to) = (&state.settings.fees, &form.id, &form.to_member);
    pay_then_back(&state, &ctx, &member, &form.amount, |amount| {
        kernel::wallet::pay_member(&state.db, fees, &member.id, id, to, amount, &form.message)
    })
    .await
}

/// A confirmed payment: made, then back to the wallet; or the wallet again
/// with the error by the payment's form.
async fn pay_then_back<T, Paying>(
    state: &AppState,
    ctx: &RequestContext,
    member: &members::Member,
    amount: &str,
    pay: impl FnOnce(kernel::money::Amount) -> Paying,
) -> Page_
where
    Paying: std::future::Future<Output = Result<T, AppError>>,
{
    let paid = match kernel::wallet::parse_amount(amount) {
        Ok(amount) => pay(amount).await,
        Err(e) => Err(e),
    };
    let no_filter = Default::default();
    after_form(
        ctx,
        paid,
        |_| Done::to("/wallet", "flash-paid").with("amount", typed_money(ctx, amount)),
        |errors| wallet_view(state, ctx, member, &no_filter, errors),
    )
    .await
}

/// An amount as typed in a form, as the page's language writes it.
pub(crate) fn typed_money(ctx: &RequestContext, typed: &str) -> String {
    kernel::wallet::parse_amount(typed)
        .map(|a| kernel::l10n::money(ctx.lang, a.minor() as i64, kernel::wallet::CURRENCY))
        .unwrap_or_default()
}

#[derive(Deserialize)]
struct PayCollectiveForm {
    id: String,
    collective_id: CollectiveId,
    amount: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    confirmed: String,
}

async fn wallet_pay_collective(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    CsrfForm(form): CsrfForm<PayCollectiveForm>,
) -> Page_ {
    if form.confirmed != "yes" {
        let recipient = kernel::wallet::payable_collectives(&state.db, &member.id)
            .await?
            .into_iter()
            .find(|m| m.collective_id == form.collective_id)
            .map(|m| m.name);
        let pending = PaymentToConfirm {
            kind: kernel::fees::PaymentKind::Technical,
            action: "/wallet/pay-collective",
            recipient,
            amount: form.amount.clone(),
            message: form.message.clone(),
            hidden: vec![
                ("id", form.id),
                ("amount", form.amount),
                ("collective_id", form.collective_id.into_string()),
                ("message", form.message),
            ],
        };
        return confirm_payment(&state, &ctx, &member, pending).await;
    }
    let (fees, id, to) = (&state.settings.fees, &form.id, &form.collective_id);
    pay_then_back(&state, &ctx, &member, &form.amount, |amount| {
        kernel::wallet::pay_collective(&state.db, fees, &member.id, id, to, amount, &form.message)
    })
    .await
}

#[derive(Deserialize)]
struct AcceptForm {
    version: i64,
    next: Option<String>,
}

async fn accept_charter(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> Page_ {
    charter::accept(&state.db, &member.id, form.version).await?;
    Ok(Done::to(safe_next(form.next.as_deref()), "flash-charter-accepted").into_response())
}

// ---------- account ----------

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: Page,
    profile: members::Member,
    tokens: Vec<ApiToken>,
    new_secret: Option<String>,
    errors: FormErrors,
    langs: [Lang; 2],
    /// Every skill, and whether the member offers it.
    skills: Vec<(kernel::skills::Skill, bool)>,
    /// The change of address waiting for its link, in words.
    pending_email: Option<String>,
    zones: &'static [String],
}

async fn account_view(
    state: &AppState,
    ctx: &RequestContext,
    member: members::Member,
    new_secret: Option<String>,
    errors: FormErrors,
) -> Page_ {
    let tokens = tokens::list(&state.db, &member.id).await?;
    let mine = kernel::skills::of_member(&state.db, &member.id).await?;
    let page = Page::titled(ctx, "account-title");
    let page = AccountPage {
        skills: kernel::skills::Skill::ALL
            .iter()
            .map(|s| (*s, mine.contains(s)))
            .collect(),
        pending_email: members::pending_email(&state.db, &member.id).await?.map(
            |(email, until)| {
                ctx.tr.format(
                    "account-email-pending",
                    &[
                        ("email", email.as_str()),
                        ("until", page.time(&until).as_str()),
                    ],
                )
            },
        ),
        page,
        profile: member,
        tokens,
        new_secret,
        errors,
        langs: Lang::ALL,
        zones: crate::render::time_zones(),
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn account_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
) -> Page_ {
    account_view(&state, &ctx, member, None, FormErrors::none()).await
}

async fn update_profile(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    CsrfForm(form): CsrfForm<ProfileInput>,
) -> Page_ {
    match members::update_profile(&state.db, &member.id, &form).await {
        Ok(_) => {
            let cookie = Cookie::build((LANG_COOKIE, form.locale.code()))
                .path("/")
                .same_site(SameSite::Lax)
                .max_age(cookie_days(365))
                .build();
            Ok(with_cookie(
                Done::to("/account", "flash-saved").into_response(),
                cookie,
            ))
        }
        Err(err) => {
            account_view(
                &state,
                &ctx,
                member,
                None,
                FormErrors::from_error(&ctx, err)?,
            )
            .await
        }
    }
}

async fn export(State(state): State<AppState>, SignedIn(member): SignedIn) -> Page_ {
    let data = members::export(&state.db, state.modules, &member.id).await?;
    let body = serde_json::to_vec_pretty(&data).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"freeco-personal-data.json\"",
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
struct PasswordForm {
    password: String,
}

async fn delete_account(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Page_ {
    match members::erase(&state.db, state.modules, &member.id, &form.password).await {
        Ok(()) => {
            let gone = session_ended(&state);
            Ok(with_cookie(
                message(
                    &ctx,
                    "account-deleted-title",
                    "account-deleted-text",
                    Some(("/", "nav-home")),
                ),
                gone,
            ))
        }
        Err(err) => {
            account_view(
                &state,
                &ctx,
                member,
                None,
                FormErrors::from_error(&ctx, err)?,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
struct NameForm {
    name: String,
}

async fn create_token(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    CsrfForm(form): CsrfForm<NameForm>,
) -> Page_ {
    match tokens::create(&state.db, &member.id, &form.name).await {
        Ok(created) => {
            account_view(
                &state,
                &ctx,
                member,
                Some(created.secret),
                FormErrors::none(),
            )
            .await
        }
        Err(err) => {
            account_view(
                &state,
                &ctx,
                member,
                None,
                FormErrors::from_error(&ctx, err)?,
            )
            .await
        }
    }
}

async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Page_ {
    tokens::revoke(&state.db, &member.id, &id).await?;
    Ok(Done::to("/account", "flash-token-revoked").into_response())
}

/// A new password, the current one given: this session stays, the
/// member's other sessions end.
async fn change_password(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    jar: axum_extra::extract::CookieJar,
    CsrfForm(form): CsrfForm<members::PasswordChangeInput>,
) -> Page_ {
    let session = jar.get(kernel::auth::cookie_name(&state.settings, sessions::COOKIE));
    let keep = session.map(|c| c.value());
    let changed = members::change_password(&state.members_ctx(), &member, &form, keep).await;
    after_form(
        &ctx,
        changed,
        |_| Done::to("/account", "flash-password-changed"),
        |errors| account_view(&state, &ctx, member.clone(), None, errors),
    )
    .await
}

/// A new address, the current password given: a link goes there, and the
/// address changes once it is followed.
async fn change_email(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    CsrfForm(form): CsrfForm<members::EmailChangeInput>,
) -> Page_ {
    let asked = members::request_email_change(&state.members_ctx(), &member, &form).await;
    after_form(
        &ctx,
        asked,
        |_| Done::to("/account", "flash-email-change-sent"),
        |errors| account_view(&state, &ctx, member.clone(), None, errors),
    )
    .await
}

#[derive(Template)]
#[template(path = "email_confirm.html")]
struct EmailConfirmPage {
    page: Page,
    token: String,
    errors: FormErrors,
}

/// The mailed link opens a form, so that a mail scanner fetching the link
/// changes nothing.
async fn email_confirm_page(ctx: RequestContext, Query(q): Query<TokenQuery>) -> Response {
    html(&EmailConfirmPage {
        page: Page::titled(&ctx, "email-confirm-title"),
        token: q.token.unwrap_or_default(),
        errors: FormErrors::none(),
    })
}

#[derive(Deserialize)]
struct TokenForm {
    token: String,
}

async fn confirm_email(
    State(state): State<AppState>,
    ctx: RequestContext,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Page_ {
    match members::confirm_email_change(&state.members_ctx(), &form.token).await {
        Ok(_) => Ok(message(
            &ctx,
            "email-changed-title",
            "email-changed-text",
            Some(("/account", "account-title")),
        )),
        Err(err) => {
            let page = EmailConfirmPage {
                page: Page::titled(&ctx, "email-confirm-title"),
                token: form.token,
                errors: FormErrors::from_error(&ctx, err)?,
            };
            Ok(html_status(page.errors.status(), &page))
        }
    }
}

// ---------- organisations ----------

#[derive(Template)]
#[template(path = "organisations.html")]
struct OrganisationsPage {
    page: Page,
    organisations: Vec<Organisation>,
    form: OrgForm,
    errors: FormErrors,
    kinds: [OrgKind; 8],
}

/// The organisation form as typed: numbers stay text so a bad one is shown back.
#[derive(Deserialize, Default, Clone)]
struct OrgForm {
    name: String,
    kind: String,
    #[serde(default)]
    siret: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
    #[serde(default)]
    description: String,
}

impl OrgForm {
    fn from_org(o: &Organisation) -> OrgForm {
        OrgForm {
            name: o.name.clone(),
            kind: o.kind.code().to_owned(),
            siret: o.siret.clone().unwrap_or_default(),
            address: o.address.clone(),
            latitude: o.latitude.map(|v| v.to_string()).unwrap_or_default(),
            longitude: o.longitude.map(|v| v.to_string()).unwrap_or_default(),
            description: o.description.clone(),
        }
    }

    fn input(&self) -> Result<OrganisationInput, AppError> {
        let mut checks = kernel::error::Checks::new();
        let kind = OrgKind::parse(&self.kind);
        if kind.is_none() {
            checks.add("kind", "error-required");
        }
        let mut number = |field: &'static str, raw: &str| -> Option<f64> {
            let raw = raw.trim().replace(',', ".");
            if raw.is_empty() {
                return None;
            }
            raw.parse::<f64>()
                .map_err(|_| checks.add(field, "error-number-invalid"))
                .ok()
        };
        let latitude = number("latitude", &self.latitude);
        let longitude = number("longitude", &self.longitude);
        checks.finish()?;
        Ok(OrganisationInput {
            name: self.name.clone(),
            kind: kind.unwrap_or(OrgKind::Association),
            siret: Some(self.siret.clone()),
            address: self.address.clone(),
            latitude,
            longitude,
            description: self.description.clone(),
        })
    }
}

async fn organisations_view(
    state: &AppState,
    ctx: &RequestContext,
    form: OrgForm,
    errors: FormErrors,
) -> Page_ {
    let page = OrganisationsPage {
        page: Page::titled(ctx, "organisations-title"),
        organisations: organisations::list(&state.db).await?,
        form,
        errors,
        kinds: OrgKind::ALL,
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn organisations_page(State(state): State<AppState>, ctx: RequestContext) -> Page_ {
    organisations_view(&state, &ctx, OrgForm::default(), FormErrors::none()).await
}

async fn create_organisation(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    CsrfForm(form): CsrfForm<OrgForm>,
) -> Page_ {
    let created = match form.input() {
        Ok(input) => organisations::create(&state.db, &member.id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &ctx,
        created,
        |org| {
            Done::to(
                format!("/organisations/{}", org.id),
                "flash-organisation-created",
            )
        },
        |errors| organisations_view(&state, &ctx, form, errors),
    )
    .await
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage {
    page: Page,
    organisation: Organisation,
    members: Vec<OrganisationMember>,
    is_admin: bool,
    /// Whether the viewer is listed, when it acts for the organisation.
    my_listing: Option<bool>,
    form: OrgForm,
    errors: FormErrors,
    kinds: [OrgKind; 8],
}

async fn organisation_view(
    state: &AppState,
    ctx: &RequestContext,
    id: &str,
    form: Option<OrgForm>,
    errors: FormErrors,
) -> Page_ {
    let organisation = organisations::get(&state.db, id).await?;
    let viewer = ctx.member.as_ref().map(|m| &m.id);
    let role = match viewer {
        Some(m) => organisations::role_of(&state.db, id, m).await?,
        None => None,
    };
    let members = organisations::members(&state.db, id, viewer).await?;
    let page = OrganisationPage {
        page: Page::new(ctx, organisation.name.clone()),
        my_listing: members
            .iter()
            .find(|m| Some(&m.member_id) == viewer)
            .map(|m| m.listed),
        members,
        is_admin: role == Some(OrgRole::Admin),
        form: form.unwrap_or_else(|| OrgForm::from_org(&organisation)),
        organisation,
        errors,
        kinds: OrgKind::ALL,
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn organisation_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(id): Path<String>,
) -> Page_ {
    organisation_view(&state, &ctx, &id, None, FormErrors::none()).await
}

async fn update_organisation(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<OrgForm>,
) -> Page_ {
    let updated = match form.input() {
        Ok(input) => organisations::update(&state.db, &member.id, &id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &ctx,
        updated,
        |_| Done::to(format!("/organisations/{id}"), "flash-saved"),
        |errors| organisation_view(&state, &ctx, &id, Some(form), errors),
    )
    .await
}

#[derive(Deserialize)]
struct OrgInviteForm {
    email: String,
    role: OrgRole,
}

/// An administrator invites an address; the page then says the same
/// whether the address is a member's or not.
async fn invite_to_organisation(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<OrgInviteForm>,
) -> Page_ {
    let sent = organisations::invite(
        &state.db,
        &state.mail_ctx(),
        &member,
        &id,
        &form.email,
        form.role,
        ctx.lang,
    )
    .await;
    after_form(
        &ctx,
        sent,
        |_| Done::to(format!("/organisations/{id}"), "flash-invitation-sent"),
        |errors| organisation_view(&state, &ctx, &id, None, errors),
    )
    .await
}

#[derive(Deserialize)]
struct OrgRoleForm {
    role: OrgRole,
}

async fn set_organisation_role(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path((id, member_id)): Path<(String, MemberId)>,
    CsrfForm(form): CsrfForm<OrgRoleForm>,
) -> Page_ {
    let done = organisations::set_role(&state.db, &member.id, &id, &member_id, form.role).await;
    after_form(
        &ctx,
        done,
        |_| Done::to(format!("/organisations/{id}"), "flash-role-saved"),
        |errors| organisation_view(&state, &ctx, &id, None, errors),
    )
    .await
}

#[derive(Deserialize)]
struct ListedForm {
    #[serde(default)]
    listed: Option<String>,
}

async fn set_organisation_listed(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ListedForm>,
) -> Page_ {
    organisations::set_listed(&state.db, &member.id, &id, form.listed.is_some()).await?;
    Ok(Done::to(format!("/organisations/{id}"), "flash-saved").into_response())
}

#[derive(Template)]
#[template(path = "organisation_invitation.html")]
struct OrganisationInvitationPage {
    page: Page,
    invitation: organisations::OrganisationInvitation,
    /// What it offers, in words.
    text: String,
    token: String,
    errors: FormErrors,
}

impl OrganisationInvitationPage {
    fn new(
        ctx: &RequestContext,
        invitation: organisations::OrganisationInvitation,
        token: String,
        errors: FormErrors,
    ) -> OrganisationInvitationPage {
        let role = ctx.tr.t(&format!("org-role-{}", invitation.role.code()));
        let text = ctx.tr.format(
            "org-invitation-text",
            &[
                ("organisation", invitation.organisation.name.as_str()),
                ("role", role.as_str()),
            ],
        );
        OrganisationInvitationPage {
            page: Page::new(ctx, invitation.organisation.name.clone()),
            invitation,
            text,
            token,
            errors,
        }
    }
}

async fn organisation_invitation_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(token): Path<String>,
) -> Page_ {
    let invitation = organisations::invitation(&state.db, &token).await?;
    Ok(html(&OrganisationInvitationPage::new(
        &ctx,
        invitation,
        token,
        FormErrors::none(),
    )))
}

async fn accept_organisation_invitation(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<ListedForm>,
) -> Page_ {
    let invitation = organisations::invitation(&state.db, &token).await?;
    match organisations::accept_invitation(&state.db, &member, &token, form.listed.is_some()).await
    {
        Ok(org) => {
            Ok(Done::to(format!("/organisations/{}", org.id), "flash-joined").into_response())
        }
        Err(err) => {
            let errors = FormErrors::from_error(&ctx, err)?;
            let page = OrganisationInvitationPage::new(&ctx, invitation, token, errors);
            Ok(html_status(page.errors.status(), &page))
        }
    }
}

// ---------- collectives ----------

#[derive(Template)]
#[template(path = "collectives.html")]
struct CollectivesPage {
    page: Page,
    collectives: Vec<Collective>,
    name: String,
    description: String,
    errors: FormErrors,
    kinds: &'static [CollectiveKind],
}

async fn collectives_view(
    state: &AppState,
    ctx: &RequestContext,
    name: String,
    description: String,
    errors: FormErrors,
) -> Page_ {
    let page = CollectivesPage {
        page: Page::titled(ctx, "collectives-title"),
        collectives: collectives::list(&state.db).await?,
        name,
        description,
        errors,
        kinds: CollectiveKind::ALL,
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn collectives_page(State(state): State<AppState>, ctx: RequestContext) -> Page_ {
    collectives_view(
        &state,
        &ctx,
        String::new(),
        String::new(),
        FormErrors::none(),
    )
    .await
}

async fn create_collective(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    CsrfForm(form): CsrfForm<CollectiveInput>,
) -> Page_ {
    let done = collectives::create(&state.db, &member.id, &form).await;
    after_form(
        &ctx,
        done,
        |c| {
            Done::to(
                format!("/collectives/{}", c.slug),
                "flash-collective-created",
            )
        },
        |errors| collectives_view(&state, &ctx, form.name, form.description, errors),
    )
    .await
}

#[derive(Template)]
#[template(path = "collective.html")]
struct CollectivePage {
    page: Page,
    collective: Collective,
    role: Option<Role>,
    members: Vec<CollectiveMember>,
    colleges: Vec<College>,
    pending_request: bool,
    /// For members only.
    treasury: Option<kernel::wallet::TreasuryView>,
    /// Money in and out per month.
    chart: TreasuryChart,
    /// Payments from the treasury, for members.
    payouts: Vec<kernel::bank::Payout>,
    /// Above this, a treasury payment needs a second person.
    second_approval_above: i64,
    /// The collective's decisions, for members.
    decisions: Vec<DecisionRow>,
    new_decision: String,
    tabs: Vec<crate::render::Tab>,
    form_id: String,
    errors: FormErrors,
}

/// A decision as the collective's page lists it.
pub(crate) struct DecisionRow {
    pub id: DecisionId,
    pub question: String,
    pub method: &'static str,
    pub closes_at: i64,
    pub voters: i64,
    /// The outcome in words, once closed.
    pub outcome: Option<String>,
    /// Open, and the viewer may vote and has not.
    pub awaits_my_vote: bool,
}

impl DecisionRow {
    pub fn new(page: &Page, d: kernel::decisions::Decision, awaits_my_vote: bool) -> DecisionRow {
        DecisionRow {
            awaits_my_vote,
            outcome: crate::decision_pages::outcome(page, &d),
            id: d.id,
            question: d.question,
            method: d.method.kind.code(),
            closes_at: d.closes_at,
            voters: d.voters,
        }
    }
}

/// The treasury's last twelve months of money in and out: the chart, and
/// the same figures as text for the table beside it.
fn treasury_chart(page: &Page, t: &kernel::wallet::TreasuryView, tz: &str) -> TreasuryChart {
    let all = kernel::wallet::monthly(t, tz);
    let months: Vec<crate::charts::MonthFlow> = all[all.len().saturating_sub(12)..]
        .iter()
        .map(|(month, incoming, outgoing)| crate::charts::MonthFlow {
            month: kernel::l10n::month(page.tr.lang, month),
            incoming: *incoming,
            outgoing: *outgoing,
        })
        .collect();
    let money = |minor: i64| page.money(&minor, &t.currency);
    TreasuryChart {
        svg: if months.is_empty() {
            String::new()
        } else {
            crate::charts::in_and_out(
                &page.t("treasury-chart"),
                (
                    &page.t("wallet-direction-in"),
                    &page.t("wallet-direction-out"),
                ),
                &months,
                money,
            )
        },
        figures: months
            .iter()
            .map(|m| (m.month.clone(), money(m.incoming), money(m.outgoing)))
            .collect(),
    }
}

/// The treasury chart as SVG, and its figures per month (month, in, out).
#[derive(Default)]
struct TreasuryChart {
    svg: String,
    figures: Vec<(String, String, String)>,
}

pub(crate) async fn collective_view(
    state: &AppState,
    ctx: &RequestContext,
    InCollective { collective, role }: InCollective,
    errors: FormErrors,
) -> Page_ {
    let pending_request = match &ctx.member {
        Some(m) => collectives::join_requests_of(&state.db, &m.id)
            .await?
            .iter()
            .any(|r| r.collective_id == collective.id && r.status == "pending"),
        None => false,
    };
    // The member list is for members only.
    let members = if role.is_some() {
        collectives::members(&state.db, &collective.id).await?
    } else {
        vec![]
    };
    // So is the treasury.
    let treasury = match (&ctx.member, role) {
        (Some(m), Some(_)) => {
            Some(kernel::wallet::treasury(&state.db, &collective.id, &m.id).await?)
        }
        _ => None,
    };
    let page = Page::new(ctx, collective.name.clone());
    let tz = ctx
        .member
        .as_ref()
        .map_or("Europe/Paris", |m| m.time_zone.as_str());
    let chart = match &treasury {
        Some(t) => treasury_chart(&page, t, tz),
        None => TreasuryChart::default(),
    };
    let payouts = match (&ctx.member, role) {
        (Some(m), Some(_)) => {
            kernel::bank::payouts_of_collective(&state.db, &m.id, &collective.id).await?
        }
        _ => vec![],
    };
    let decisions = match (&ctx.member, role) {
        (Some(m), Some(_)) => {
            let awaiting: std::collections::HashSet<DecisionId> =
                kernel::decisions::awaiting_vote(&state.db, &m.id)
                    .await?
                    .into_iter()
                    .map(|a| a.id)
                    .collect();
            kernel::decisions::list(&state.db, &m.id, &collective.id)
                .await?
                .into_iter()
                .map(|d| {
                    let awaits = awaiting.contains(&d.id);
                    DecisionRow::new(&page, d, awaits)
                })
                .collect()
        }
        _ => vec![],
    };
    let page = CollectivePage {
        page,
        payouts,
        decisions,
        new_decision: format!("/collectives/{}/decisions/new", collective.slug),
        tabs: crate::render::collective_tabs(ctx, &collective, role),
        second_approval_above: kernel::bank::second_approval_above(&state.db, &collective.id)
            .await?,
        form_id: kernel::db::new_id(),
        colleges: collectives::colleges(&state.db, &collective.id).await?,
        collective,
        role,
        members,
        pending_request,
        treasury,
        chart,
        errors,
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn collective_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    place: InCollective,
) -> Page_ {
    // A project's group is shown as its project.
    if place.collective.is_project {
        return Ok(see_other(&place.collective.page_path()));
    }
    collective_view(&state, &ctx, place, FormErrors::none()).await
}

#[derive(Deserialize)]
struct JoinForm {
    #[serde(default)]
    message: String,
}

async fn request_join(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    place: InCollective,
    CsrfForm(form): CsrfForm<JoinForm>,
) -> Page_ {
    let c = &place.collective.id;
    let done = collectives::request_join(&state.db, &member.id, c, &form.message).await;
    on_collective_page(&state, &ctx, place, ("", "flash-join-requested"), done).await
}

/// The end of a form of a collective's page: back to it (at `anchor`)
/// saying `key` once done, or the page again with the errors.
pub(crate) async fn on_collective_page<T>(
    state: &AppState,
    ctx: &RequestContext,
    place: InCollective,
    (anchor, key): (&str, &'static str),
    done: Result<T, AppError>,
) -> Page_ {
    let next = format!("/collectives/{}{anchor}", place.collective.slug);
    after_form(
        ctx,
        done,
        |_| Done::to(next, key),
        |errors| collective_view(state, ctx, place, errors),
    )
    .await
}

async fn leave(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    place: InCollective,
    CsrfForm(form): CsrfForm<Confirmed>,
) -> Page_ {
    let back = place.collective.page_path();
    let asking = Irreversible {
        title: "confirm-leave-title",
        text: ctx
            .tr
            .t1("confirm-leave-text", "name", &place.collective.name),
        confirm: "collective-leave",
        back: &back,
    };
    if let Some(page) = confirm_first(&ctx, &form, asking) {
        return Ok(page);
    }
    let done = collectives::leave(&state.db, &member.id, &place.collective.id).await;
    on_collective_page(&state, &ctx, place, ("", "flash-left"), done).await
}

#[derive(Template)]
#[template(path = "manage.html")]
struct ManagePage {
    page: Page,
    tabs: Vec<crate::render::Tab>,
    collective: Collective,
    members: Vec<CollectiveMember>,
    colleges: Vec<College>,
    requests: Vec<JoinRequest>,
    invitations: Vec<Invitation>,
    new_link: Option<String>,
    errors: FormErrors,
    roles: &'static [Role],
    openers: &'static [collectives::DecisionOpeners],
}

async fn manage_view(
    state: &AppState,
    ctx: &RequestContext,
    member_id: &MemberId,
    collective: Collective,
    new_link: Option<String>,
    errors: FormErrors,
) -> Page_ {
    let requests = collectives::pending_requests(&state.db, member_id, &collective.id).await?;
    let page = ManagePage {
        page: Page::new(ctx, collective.name.clone()),
        // Only coordinators get here: the kernel refuses anyone else.
        tabs: crate::render::collective_tabs(ctx, &collective, Some(Role::Coordinator)),
        members: collectives::members(&state.db, &collective.id).await?,
        colleges: collectives::colleges(&state.db, &collective.id).await?,
        invitations: collectives::invitations(&state.db, member_id, &collective.id).await?,
        requests,
        collective,
        new_link,
        errors,
        roles: Role::ALL,
        openers: collectives::DecisionOpeners::ALL,
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn manage_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    InCollective { collective, .. }: InCollective,
) -> Page_ {
    manage_view(
        &state,
        &ctx,
        &member.id,
        collective,
        None,
        FormErrors::none(),
    )
    .await
}

#[derive(Deserialize)]
struct DecisionForm {
    decision: String,
}

async fn decide_request(
    State(state): State<AppState>,
    Active(member): Active,
    InCollective { collective, .. }: InCollective,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Page_ {
    let slug = collective.slug.clone();
    let accept = match form.decision.as_str() {
        "accept" => true,
        "refuse" => false,
        _ => return Err(AppError::field("decision", "error-required")),
    };
    collectives::decide_request(&state.db, &member.id, &collective.id, &id, accept).await?;
    let said = if accept {
        "flash-request-accepted"
    } else {
        "flash-request-refused"
    };
    Ok(Done::to(format!("/collectives/{slug}/manage"), said).into_response())
}

#[derive(Deserialize)]
struct InviteForm {
    #[serde(default)]
    email: String,
}

/// With an address: sends an invitation there. Without: creates a shareable link.
async fn invite(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    InCollective { collective, .. }: InCollective,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Page_ {
    let result = if form.email.trim().is_empty() {
        collectives::create_invitation_link(&state.db, &state.settings, &member.id, &collective.id)
            .await
            .map(|c| Some(c.url))
    } else {
        collectives::invite_by_email(
            &state.db,
            &state.mail_ctx(),
            &member,
            &collective.id,
            &form.email,
            ctx.lang,
        )
        .await
        .map(|_| None)
    };
    // A mail sent: back to the page, which says so; a new link: the page
    // again, showing it; refused: the page again with the error.
    let (link, errors) = match result {
        Ok(None) => {
            let manage = format!("/collectives/{}/manage", collective.slug);
            return Ok(Done::to(manage, "flash-invitation-sent").into_response());
        }
        Ok(link) => (link, FormErrors::none()),
        Err(err) => (None, FormErrors::from_error(&ctx, err)?),
    };
    manage_view(&state, &ctx, &member.id, collective, link, errors).await
}

async fn revoke_invitation(
    State(state): State<AppState>,
    Active(member): Active,
    InCollective { collective, .. }: InCollective,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Page_ {
    let slug = collective.slug.clone();
    collectives::revoke_invitation(&state.db, &member.id, &collective.id, &id).await?;
    Ok(Done::to(
        format!("/collectives/{slug}/manage"),
        "flash-invitation-revoked",
    )
    .into_response())
}

#[derive(Deserialize)]
struct MemberForm {
    role: Role,
    #[serde(default)]
    college_id: String,
}

async fn update_member(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    InCollective { collective, .. }: InCollective,
    Path((_, member_id)): Path<(String, MemberId)>,
    CsrfForm(form): CsrfForm<MemberForm>,
) -> Page_ {
    let college = Some(form.college_id.as_str()).filter(|c| !c.is_empty());
    let c = &collective.id;
    let done = async {
        collectives::set_role(&state.db, &member.id, c, &member_id, form.role).await?;
        collectives::set_college(&state.db, &member.id, c, &member_id, college).await
    }
    .await;
    let saved = (collective, "flash-role-saved");
    manage_after_form(&state, &ctx, &member, saved, done).await
}

/// The end of a form of the management page: back to it saying `key` once
/// done, or the page again with the errors.
async fn manage_after_form<T>(
    state: &AppState,
    ctx: &RequestContext,
    member: &kernel::members::Member,
    (collective, key): (Collective, &'static str),
    done: Result<T, AppError>,
) -> Page_ {
    let next = format!("/collectives/{}/manage", collective.slug);
    after_form(
        ctx,
        done,
        |_| Done::to(next, key),
        |errors| manage_view(state, ctx, &member.id, collective, None, errors),
    )
    .await
}

#[derive(Deserialize)]
struct RulesForm {
    decision_openers: collectives::DecisionOpeners,
}

async fn set_rules(
    State(state): State<AppState>,
    Active(member): Active,
    InCollective { collective, .. }: InCollective,
    CsrfForm(form): CsrfForm<RulesForm>,
) -> Page_ {
    let slug = collective.slug.clone();
    collectives::set_decision_openers(&state.db, &member.id, &collective.id, form.decision_openers)
        .await?;
    Ok(Done::to(format!("/collectives/{slug}/manage"), "flash-saved").into_response())
}

#[derive(Deserialize)]
struct DecisionRulesForm {
    min_hours: String,
    min_quorum: String,
    college_results_min: String,
}

async fn set_decision_rules(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    InCollective { collective, .. }: InCollective,
    CsrfForm(form): CsrfForm<DecisionRulesForm>,
) -> Page_ {
    // A number that is no number is out of range, and said so by its field.
    let number = |text: &str| text.trim().parse::<u32>().unwrap_or(0);
    let acting = collectives::ActingRules {
        min_hours: number(&form.min_hours),
        min_quorum: number(&form.min_quorum),
    };
    let colleges = number(&form.college_results_min);
    let done =
        collectives::set_decision_rules(&state.db, &member.id, &collective.id, acting, colleges)
            .await;
    let saved = (collective, "flash-saved");
    manage_after_form(&state, &ctx, &member, saved, done).await
}

async fn create_college(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    InCollective { collective, .. }: InCollective,
    CsrfForm(form): CsrfForm<CollegeInput>,
) -> Page_ {
    let done = collectives::create_college(&state.db, &member.id, &collective.id, &form).await;
    let created = (collective, "flash-college-created");
    manage_after_form(&state, &ctx, &member, created, done).await
}

async fn delete_college(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    InCollective { collective, .. }: InCollective,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<Confirmed>,
) -> Page_ {
    let slug = collective.slug.clone();
    let college = collectives::colleges(&state.db, &collective.id)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(AppError::NotFound)?;
    let back = format!("/collectives/{slug}/manage");
    let asking = Irreversible {
        title: "confirm-delete-college-title",
        text: ctx
            .tr
            .t1("confirm-delete-college-text", "name", &college.name),
        confirm: "delete",
        back: &back,
    };
    if let Some(page) = confirm_first(&ctx, &form, asking) {
        return Ok(page);
    }
    collectives::delete_college(&state.db, &member.id, &collective.id, &id).await?;
    Ok(Done::to(
        format!("/collectives/{slug}/manage"),
        "flash-college-deleted",
    )
    .into_response())
}

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    page: Page,
    collective: Collective,
    token: String,
}

async fn invitation_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(token): Path<String>,
) -> Page_ {
    let collective = collectives::invitation_target(&state.db, &token).await?;
    Ok(html(&InvitationPage {
        page: Page::new(&ctx, collective.name.clone()),
        collective,
        token,
    }))
}

async fn accept_invitation(
    State(state): State<AppState>,
    Active(member): Active,
    Path(token): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Page_ {
    let collective = collectives::accept_invitation(&state.db, &member, &token).await?;
    Ok(Done::to(format!("/collectives/{}", collective.slug), "flash-joined").into_response())
}
