//! What every page shares: the layout's data, form errors, time and text formatting.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use kernel::AppError;
use kernel::auth::RequestContext;
use kernel::error::FieldError;
use kernel::flash::Flash;
use kernel::i18n::Tr;
use kernel::members::Member;

/// The layout's data: who is signed in, the translator, the CSRF token.
pub struct Page {
    pub tr: Tr,
    pub title: String,
    pub member: Option<Member>,
    pub csrf: String,
    pub path: String,
    /// Unread notifications, for the bell.
    pub unread: i64,
    /// The modules' navigation entries: (path, message).
    pub nav: Vec<(&'static str, &'static str)>,
    /// What the previous form did, said once (see [`Done`]).
    pub flash: Option<String>,
}

impl Page {
    pub fn new(ctx: &RequestContext, title: String) -> Page {
        Page {
            tr: ctx.tr.clone(),
            title,
            member: ctx.member.clone(),
            csrf: ctx.csrf.clone(),
            path: ctx.path.clone(),
            unread: ctx.unread,
            nav: ctx
                .modules
                .iter()
                .flat_map(|m| m.nav.iter().copied())
                .collect(),
            flash: ctx.flash.as_ref().and_then(|f| f.text(&ctx.tr)),
        }
    }

    pub fn titled(ctx: &RequestContext, key: &str) -> Page {
        Page::new(ctx, ctx.tr.t(key))
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// The label of an enumerated value: the message `{prefix}-{code}`.
    pub fn tl(&self, prefix: &str, code: &str) -> String {
        self.tr.t(&format!("{prefix}-{code}"))
    }

    /// A moment as people read it in this page's language and its
    /// member's zone: "2 déc. 2026, 13:01", "2 Dec 2026, 1:01 pm".
    pub fn time(&self, ms: &i64) -> String {
        kernel::l10n::date_time(self.tr.lang, *ms, self.time_zone())
    }

    /// A calendar date written `2026-12-02`, as people read it: "2 déc.
    /// 2026", "2 Dec 2026".
    pub fn date(&self, iso: &str) -> String {
        kernel::l10n::date(self.tr.lang, iso)
    }

    /// The zone of the page's member (Paris when signed out).
    pub fn time_zone(&self) -> &str {
        self.member
            .as_ref()
            .map_or("Europe/Paris", |m| m.time_zone.as_str())
    }

    /// An amount in minor units, as this page's language writes it: `1 234,50 €` or `€1,234.50`.
    pub fn money(&self, minor: &i64, currency: &str) -> String {
        kernel::l10n::money(self.tr.lang, *minor, currency)
    }

    /// What a ledger code means (`payment.member` → "Payment between
    /// members"); a code no translation names is shown as it is.
    pub fn transfer_label(&self, code: &str) -> String {
        let key = format!("transfer-code-{}", code.replace('.', "-"));
        if self.tr.has(&key) {
            self.tr.t(&key)
        } else {
            code.to_owned()
        }
    }

    /// Who a movement went to or came from ("Paid to Lucas Bernard"), when
    /// it is a member or a collective; empty otherwise (the movement's
    /// label says enough for fees, the solidarity fund and the bank).
    pub fn party(&self, other: &kernel::wallet::Counterpart, amount: &i64) -> String {
        match &other.name {
            Some(name) if *amount < 0 => self.tr.t1("statement-paid-to", "name", name),
            Some(name) => self.tr.t1("statement-paid-by", "name", name),
            None => String::new(),
        }
    }

    /// A percentage given in hundredths of a percent: `2,5 %` or `2.5%`.
    pub fn percent(&self, hundredths: i64) -> String {
        kernel::l10n::percent(self.tr.lang, hundredths)
    }

    /// The password rule, stated before anyone breaks it.
    pub fn password_rule(&self) -> String {
        let min = kernel::validate::PASSWORD_MIN.to_string();
        self.tr.t1("password-rule", "count", &min)
    }

    pub fn needs_charter(&self) -> bool {
        self.member
            .as_ref()
            .is_some_and(|m| !m.has_accepted_charter())
    }
}

/// One tab of a page's tab bar (`nav.tabs`).
pub struct Tab {
    pub href: String,
    pub label: String,
    /// The page shown now: `aria-current="page"`.
    pub current: bool,
}

/// The tabs of a collective's pages, for its members (none for anyone
/// else): its overview, with its treasury and decisions as anchors there,
/// the modules' pages of a collective, and its management for coordinators.
pub fn collective_tabs(
    ctx: &RequestContext,
    collective: &kernel::collectives::Collective,
    role: Option<kernel::collectives::Role>,
) -> Vec<Tab> {
    let Some(role) = role else { return vec![] };
    let home = format!("/collectives/{}", collective.slug);
    let mut tabs = vec![
        (home.clone(), ctx.tr.t("collective-tab-overview")),
        (format!("{home}#treasury"), ctx.tr.t("treasury-title")),
        (format!("{home}#decisions"), ctx.tr.t("decisions-title")),
    ];
    tabs.extend(
        ctx.modules
            .iter()
            .flat_map(|m| m.collective_links)
            .map(|(path, key)| (path.replace("{slug}", &collective.slug), ctx.tr.t(key))),
    );
    if role == kernel::collectives::Role::Coordinator {
        tabs.push((format!("{home}/manage"), ctx.tr.t("collective-manage")));
    }
    tabs.into_iter()
        .map(|(href, label)| Tab {
            current: href == ctx.path,
            href,
            label,
        })
        .collect()
}

/// Every time zone a form may offer (IANA names, sorted), read once from
/// the bundled database.
pub fn time_zones() -> &'static [String] {
    static ZONES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ZONES.get_or_init(|| {
        let mut zones: Vec<String> = jiff::tz::db()
            .available()
            .map(|name| name.to_string())
            .filter(|name| name.contains('/') || name == "UTC")
            .collect();
        zones.sort();
        zones
    })
}

/// `ms` as a local date and time in `tz` for machines and form fields
/// (`2026-12-02 13:01`, in CSV files); pages show [`Page::time`].
pub fn format_time(ms: i64, tz: &str) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .ok()
        .and_then(|ts| {
            jiff::tz::TimeZone::get(tz)
                .ok()
                .map(|zone| ts.to_zoned(zone))
        })
        .map(|z| z.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// What a refused form shows: each error by its field (linked to it for
/// screen readers, the first one focused), a summary at the top, and what
/// the person typed, kept.
#[derive(Default, Clone)]
pub struct FormErrors {
    fields: Vec<FieldError>,
    /// A message about the whole form (already translated).
    pub general: Option<String>,
    /// The status of a refusal that is not about the input (403 for a rule).
    refused: Option<StatusCode>,
    tr: Option<Tr>,
    /// The fields the refused form posted (never a password).
    typed: Vec<(String, String)>,
    /// The path the refused form posted to: which form of a page it was.
    action: String,
}

impl FormErrors {
    pub fn none() -> FormErrors {
        FormErrors::default()
    }

    /// Turns a refusal into errors to show in the form, or gives it back when
    /// it is not about the form (not found, forbidden…).
    pub fn from_error(ctx: &RequestContext, err: AppError) -> Result<FormErrors, AppError> {
        let tr = &ctx.tr;
        let (fields, general, refused) = match err {
            AppError::Validation(fields) => (fields, None, None),
            AppError::BadRequest(key) | AppError::Conflict(key) => (vec![], Some(tr.t(key)), None),
            AppError::NotAllowed(key) => (vec![], Some(tr.t(key)), Some(StatusCode::FORBIDDEN)),
            AppError::TooManyRequests => (
                vec![],
                Some(tr.t("problem-too-many-requests")),
                Some(StatusCode::TOO_MANY_REQUESTS),
            ),
            other => return Err(other),
        };
        Ok(FormErrors {
            fields,
            general,
            refused,
            tr: Some(tr.clone()),
            typed: ctx.submitted.get().cloned().unwrap_or_default(),
            action: ctx.path.split('?').next().unwrap_or_default().to_owned(),
        })
    }

    /// These errors if they are those of the form posting to a path ending
    /// in `action`, none otherwise: a page with several forms shows each its
    /// own errors and typed values.
    pub fn of(&self, action: &str) -> FormErrors {
        if self.action.ends_with(action) {
            self.clone()
        } else {
            FormErrors::none()
        }
    }

    pub fn get(&self, field: &str) -> Option<String> {
        let tr = self.tr.as_ref()?;
        self.fields
            .iter()
            .find(|f| f.field == field)
            .map(|f| f.message(tr))
    }

    pub fn any(&self) -> bool {
        !self.fields.is_empty() || self.general.is_some()
    }

    /// What was typed in `field` ("" when the form was not refused).
    pub fn value(&self, field: &str) -> &str {
        self.typed
            .iter()
            .find(|(name, _)| name == field)
            .map_or("", |(_, value)| value.as_str())
    }

    /// What was typed in `field` if the form was refused, else `shown`
    /// (the value the form starts with).
    pub fn value_or(&self, field: &str, shown: &str) -> String {
        if self.typed.is_empty() {
            shown.to_owned()
        } else {
            self.value(field).to_owned()
        }
    }

    /// ` selected` for the option `option` of a select when the refused
    /// form had chosen it, or, before any refusal, when it is `shown`.
    pub fn selected(&self, field: &str, option: &str, shown: &str) -> &'static str {
        if self.value_or(field, shown) == option {
            " selected"
        } else {
            ""
        }
    }

    /// The attributes of `field`'s input: marked invalid and described by
    /// its error (`err-{field}`), and focused when it is the first error.
    pub fn attrs(&self, field: &str) -> String {
        self.attrs_hinted(field, "")
    }

    /// As [`FormErrors::attrs`], for an input also described by the hint
    /// `hint` (the id of the text stating its rule).
    pub fn attrs_hinted(&self, field: &str, hint: &str) -> String {
        let error = self.fields.iter().position(|f| f.field == field);
        let described: Vec<String> = [hint.to_owned()]
            .into_iter()
            .chain(error.map(|_| format!("err-{field}")))
            .filter(|id| !id.is_empty())
            .collect();
        let mut attrs = String::new();
        if error.is_some() {
            attrs.push_str("aria-invalid=\"true\" ");
        }
        if !described.is_empty() {
            attrs.push_str(&format!("aria-describedby=\"{}\"", described.join(" ")));
        }
        if error == Some(0) {
            attrs.push_str(" autofocus");
        }
        attrs
    }

    /// The summary's lines: the id of each error's message and its text,
    /// named by its field's label.
    pub fn summary(&self) -> Vec<(String, String)> {
        let Some(tr) = &self.tr else {
            return vec![];
        };
        self.fields
            .iter()
            .map(|f| {
                let label = format!("field-{}", f.field);
                let mut text = if tr.has(&label) {
                    format!("{} — {}", tr.t(&label), f.message(tr))
                } else {
                    f.message(tr)
                };
                if let Some(line) = f.line {
                    text = format!("{} — {text}", tr.t1("form-line", "line", &line.to_string()));
                }
                (format!("err-{}", f.field), text)
            })
            .collect()
    }

    /// The HTTP status of a page showing these errors.
    pub fn status(&self) -> StatusCode {
        if let Some(status) = self.refused {
            status
        } else if self.any() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        }
    }
}

pub fn html<T: Template>(template: &T) -> Response {
    html_status(StatusCode::OK, template)
}

pub fn html_status<T: Template>(status: StatusCode, template: &T) -> Response {
    match template.render() {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(e) => AppError::Internal(format!("template: {e}")).into_response(),
    }
}

/// A page with a title, a text, optional lines and a link onward.
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub page: Page,
    pub text: String,
    pub lines: Vec<String>,
    pub link: Option<(String, String)>,
}

/// Markdown as HTML, safe to show whoever wrote it: raw HTML is escaped,
/// a link keeps only a web, mail or local address (a `javascript:` link
/// becomes its text), and an image becomes a link to it (pages load no
/// outside image, and the CSP would refuse it anyway).
pub fn markdown(source: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd, html};
    fn safe(url: &str) -> bool {
        let lower = url.trim().to_ascii_lowercase();
        match lower.split_once(':') {
            // No scheme (or a colon after a path or query): a local address.
            None => true,
            Some((scheme, _)) if scheme.contains(['/', '?', '#']) => true,
            Some((scheme, _)) => matches!(scheme, "http" | "https" | "mailto"),
        }
    }
    let mut dropped: Vec<bool> = Vec::new();
    let events = Parser::new(source).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let keep = safe(&dest_url);
            dropped.push(!keep);
            keep.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
            let was_dropped = dropped.pop().unwrap_or(false);
            (!was_dropped).then_some(Event::End(TagEnd::Link))
        }
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// A local path to go back to after a form; anything else becomes "/".
pub fn safe_next(next: Option<&str>) -> String {
    kernel::validate::local_path(next).unwrap_or_else(|| "/".to_owned())
}

/// A redirect that is not the end of a form (a page moved, a language
/// chosen): 303 See Other.
pub fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

/// The end of a form that did what it was asked: go and look at the page
/// `to` (303 See Other), which says once what was done.
#[must_use]
pub struct Done {
    to: String,
    flash: Flash,
}

impl Done {
    /// The form is done: go to `to`, which shows the message `key` (a
    /// `flash-…` message of the translation files).
    pub fn to(to: impl Into<String>, key: &'static str) -> Done {
        Done {
            to: to.into(),
            flash: Flash::new(key),
        }
    }

    /// An argument of the message.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Done {
        self.flash = self.flash.with(name, value);
        self
    }
}

impl IntoResponse for Done {
    fn into_response(self) -> Response {
        let mut response = Redirect::to(&self.to).into_response();
        // The request's middleware turns it into the cookie the next page reads.
        response.extensions_mut().insert(self.flash);
        response
    }
}

/// The end of every form's handler: once its action is `done`, go where
/// `next` says (a [`Done`], with its message); refused, show the form
/// `again` with each error by its field and what was typed. A refusal that
/// is not about the form (not found, forbidden…) is answered as such.
pub async fn after_form<T, Again>(
    ctx: &RequestContext,
    done: Result<T, AppError>,
    next: impl FnOnce(T) -> Done,
    again: impl FnOnce(FormErrors) -> Again,
) -> Result<Response, AppError>
where
    Again: std::future::Future<Output = Result<Response, AppError>>,
{
    match done {
        Ok(value) => Ok(next(value).into_response()),
        Err(err) => again(FormErrors::from_error(ctx, err)?).await,
    }
}

/// The form of an action that cannot be undone: posted without
/// `confirmed=yes`, it shows what it will do and asks again (see
/// [`confirm_first`]); no script needed.
#[derive(serde::Deserialize)]
pub struct Confirmed {
    #[serde(default)]
    confirmed: String,
}

/// The page asking to confirm an action that cannot be undone.
#[derive(Template)]
#[template(path = "confirm_action.html")]
struct ConfirmActionPage {
    page: Page,
    text: String,
    /// Where the confirmation posts: the action's own path.
    action: String,
    /// The button's message key.
    confirm: &'static str,
    back: String,
}

/// What an irreversible action says before it is done: a title and a text
/// (message keys), its button, and the page to go back to.
pub struct Irreversible<'a> {
    pub title: &'static str,
    pub text: String,
    pub confirm: &'static str,
    pub back: &'a str,
}

/// `None` once the form was confirmed; before, the page that asks.
pub fn confirm_first(
    ctx: &RequestContext,
    form: &Confirmed,
    what: Irreversible<'_>,
) -> Option<Response> {
    (form.confirmed != "yes").then(|| {
        html(&ConfirmActionPage {
            page: Page::titled(ctx, what.title),
            text: what.text,
            action: ctx.path.clone(),
            confirm: what.confirm,
            back: what.back.to_owned(),
        })
    })
}

/// The body of a form that carries nothing but its CSRF token.
#[derive(serde::Deserialize)]
pub struct Empty {}

/// The fields of a submitted form, in order (a form whose fields depend on
/// its object, such as one per option of a decision, cannot be one struct).
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The value of a field, "" when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Whether a field was sent with a value (a ticked checkbox).
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }

    /// How many rows of a repeated group (`{label}{i}` fields) a form
    /// shows again: as many as it showed (its `rows` field, else `rows.0`),
    /// enough for every row typed, one more when its "add" button
    /// (`redisplay={add}`) was pressed, and at most `rows.1`.
    pub fn rows(
        &self,
        label: &str,
        (rows, add): (&str, &str),
        (first, max): (usize, usize),
    ) -> usize {
        let typed = (0..max)
            .rev()
            .find(|i| !self.get(&format!("{label}{i}")).trim().is_empty())
            .map_or(0, |i| i + 1);
        let shown = self.get(rows).parse().unwrap_or(first);
        let more = usize::from(self.get("redisplay") == add);
        (shown.max(typed) + more).clamp(1, max)
    }
}

/// Minor units as a form field shows the amount in the page's language
/// ("12,50", "12.50"), which [`amount_field`] reads back.
pub fn decimal(tr: &Tr, minor: u64) -> String {
    kernel::l10n::amount_input(tr.lang, minor)
}

/// An amount typed in a form, in minor units, with either decimal
/// separator ("150,00", "150.00"); empty is nothing. A refusal names
/// `field`.
pub fn amount_field(text: &str, field: &'static str) -> Result<u64, AppError> {
    let text = text.trim();
    if text.is_empty() || text == "0" {
        return Ok(0);
    }
    kernel::wallet::parse_amount(text)
        .map(|a| a.minor())
        .map_err(|e| match e {
            AppError::Validation(mut f) if !f.is_empty() => AppError::field(field, f.remove(0).key),
            other => other,
        })
}

/// A time as a `datetime-local` input shows it, in the page member's zone.
pub fn local_input(page: &Page, ms: i64) -> String {
    format_time(ms, page.time_zone()).replace(' ', "T")
}

/// A `datetime-local` value read in `tz`, as ms since the epoch; a
/// refusal names `field`.
pub fn parse_local(text: &str, tz: &str, field: &'static str) -> Result<i64, AppError> {
    let bad = || AppError::field(field, "error-datetime");
    let civil = jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M", text.trim())
        .or_else(|_| jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M:%S", text.trim()))
        .map_err(|_| bad())?;
    let zone = jiff::tz::TimeZone::get(tz).map_err(|_| bad())?;
    civil
        .to_zoned(zone)
        .map(|z| z.timestamp().as_millisecond())
        .map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::{amount_field, markdown};

    #[test]
    fn typed_amounts_take_either_decimal_separator() {
        for typed in ["150,00", "150.00", "150", " 150,0 "] {
            assert_eq!(amount_field(typed, "amount").ok(), Some(15_000), "{typed}");
        }
        assert_eq!(
            amount_field("1\u{202f}234,50", "amount").ok(),
            Some(123_450)
        );
        assert!(amount_field("150,001", "amount").is_err());
    }

    #[test]
    fn markdown_keeps_no_script_and_no_outside_image() {
        let html = markdown(
            "**ok** <script>alert(1)</script> [x](javascript:alert(1)) [y](https://a.org) \
             [z](/projects) ![pic](https://a.org/p.png) [w](JaVaScRiPt:alert(2))",
        );
        assert!(html.contains("<strong>ok</strong>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(html.contains("<a href=\"https://a.org\">y</a>"), "{html}");
        assert!(html.contains("<a href=\"/projects\">z</a>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("<a href=\"https://a.org/p.png\">pic</a>"),
            "{html}"
        );
    }
}
