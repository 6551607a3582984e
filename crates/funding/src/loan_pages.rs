//! The pages of loans: the list, the form that proposes one (the
//! collective then decides), a loan with its schedule, the lending form
//! and the member's own statement, and the key information sheet a lender
//! reads first.

use askama::Template;
use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kernel::auth::CsrfForm;
use kernel::decisions::MethodKind;
use kernel::{AppError, AppState};
use web::render::{Done, Fields, FormErrors, Page, after_form, html_status, parse_local};
use web::who::{Acting, Who};

use crate::loan_backings::{LoanBacking, LoanBackingInput};
use crate::loans::{self, LendInput, LenderStatement, Loan, LoanInput};

type Page_ = Result<Response, AppError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/funding/loans", get(list_page))
        .route("/funding/loans/new", get(new_page).post(propose))
        .route("/funding/loans/{id}", get(loan_page))
        .route("/funding/loans/{id}/sheet", get(sheet_page))
        .route("/funding/loans/{id}/lend", post(lend))
        .route("/funding/loans/{id}/withdraw", post(withdraw))
        .route("/funding/loans/{id}/backings", post(propose_backing))
}

#[derive(Template)]
#[template(path = "funding/loans.html")]
struct ListPage {
    page: Page,
    loans: Vec<Loan>,
    statements: Vec<LenderStatement>,
}

impl ListPage {
    fn lent(&self, id: &str) -> bool {
        self.statements.iter().any(|s| s.loan_id == id)
    }
}

async fn list_page(who: Who) -> Page_ {
    let db = &who.state.db;
    let view = ListPage {
        page: Page::titled(&who.ctx, "loans-title"),
        loans: loans::list(db).await?,
        statements: loans::statements(db, &who.member.id).await?,
    };
    Ok(html_status(StatusCode::OK, &view))
}

#[derive(Template)]
#[template(path = "funding/loan_new.html")]
struct NewPage {
    page: Page,
    /// The collectives whose treasurer or coordinator the member is.
    collectives: Vec<(String, String)>,
    /// The instance's guardrails, as the form states them.
    interest_cap: i64,
    free_cap: i64,
    max_months: u32,
    reflection_days: u32,
    errors: FormErrors,
}

impl NewPage {
    fn value(&self, field: &str, shown: &str) -> String {
        self.errors.value_or(field, shown)
    }
    fn selected(&self, field: &str, option: &str, shown: &str) -> &'static str {
        self.errors.selected(field, option, shown)
    }
}

async fn new_view(who: &Who, errors: FormErrors) -> Page_ {
    let rules = &who.state.settings.loans;
    let collectives = crate::pages::backable(who)
        .await?
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect();
    let view = NewPage {
        page: Page::titled(&who.ctx, "loans-new-title"),
        collectives,
        interest_cap: rules.interest_cap as i64,
        free_cap: rules.free_cap as i64,
        max_months: rules.interest_max_months,
        reflection_days: rules.reflection_days,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn new_page(who: Who) -> Page_ {
    new_view(&who, FormErrors::none()).await
}

/// A whole number typed in a field, or what fails its check.
fn whole(text: &str) -> i64 {
    text.trim().parse().unwrap_or(-1)
}

async fn propose(Acting(who): Acting, CsrfForm(fields): CsrfForm<Vec<(String, String)>>) -> Page_ {
    let f = Fields(fields);
    let tz = who.member.time_zone.clone();
    let input = || -> Result<LoanInput, AppError> {
        let method = MethodKind::parse(f.get("method")).unwrap_or(MethodKind::Consent);
        let rate = match f.get("rate").trim() {
            "" => 0,
            // "2,5" as French writes it, or "2.5".
            text => kernel::fees::parse_percent(&text.replace(',', "."))
                .map(i64::from)
                .ok_or_else(|| AppError::field("rate_bp", "error-loan-rate"))?,
        };
        Ok(LoanInput {
            collective_id: f.get("collective_id").to_owned(),
            title: f.get("title").to_owned(),
            summary: f.get("summary").to_owned(),
            purpose: f.get("purpose").to_owned(),
            risks: f.get("risks").to_owned(),
            minimum: web::render::amount_field(f.get("minimum"), "minimum")? as i64,
            amount: web::render::amount_field(f.get("amount"), "amount")? as i64,
            rate_bp: rate,
            instalments: whole(f.get("instalments")),
            months_between: whole(f.get("months_between")),
            amortisation: f.get("amortisation").to_owned(),
            lending_until: parse_local(f.get("lending_until"), &tz, "lending_until")?,
            question: f.get("question").to_owned(),
            method,
            options: crate::pages::for_and_against(&who, method),
            closes_at: parse_local(f.get("closes_at"), &tz, "closes_at")?,
        })
    };
    let done = match input() {
        Ok(input) => {
            loans::propose(
                &who.state.db,
                &who.state.settings.loans,
                &who.member.id,
                &input,
            )
            .await
        }
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |d| Done::to(format!("/decisions/{}", d.id), "flash-loan-proposed"),
        |errors| new_view(&who, errors),
    )
    .await
}

#[derive(Template)]
#[template(path = "funding/loan.html")]
struct LoanPage {
    page: Page,
    loan: Loan,
    statement: Option<LenderStatement>,
    /// What collectives lent by their decisions.
    backings: Vec<LoanBacking>,
    /// The collectives whose money the member moves, the borrower aside:
    /// (id, name, governs the instance).
    lenders: Vec<(String, String, bool)>,
    closes_default: String,
    errors: FormErrors,
}

impl LoanPage {
    fn backing_value(&self, field: &str, shown: &str) -> String {
        self.errors.of("/backings").value_or(field, shown)
    }
    fn governs(&self) -> bool {
        self.lenders.iter().any(|(_, _, governs)| *governs)
    }
    fn rate(&self) -> String {
        self.page.percent(self.loan.rate_bp)
    }
    fn withdrawable(&self) -> bool {
        self.statement
            .as_ref()
            .is_some_and(|s| kernel::db::now_ms() <= s.withdrawable_until)
            && self.loan.state == "open"
    }
}

async fn loan_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let loan = loans::get(db, id).await?;
    let page = Page::new(&who.ctx, loan.title.clone());
    let lenders: Vec<(String, String, bool)> = crate::pages::backable(who)
        .await?
        .into_iter()
        .filter(|(c, _, _)| *c != loan.collective_id)
        .collect();
    let closes_default = match lenders.first() {
        Some((c, _, _)) => {
            let collective = kernel::CollectiveId::from(c.clone());
            crate::pages::acting_closes_default(who, &page, &collective).await?
        }
        None => String::new(),
    };
    let view = LoanPage {
        page,
        statement: loans::statement(db, &who.member.id, id).await?,
        backings: crate::loan_backings::of_loan(db, id).await?,
        lenders,
        closes_default,
        loan,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn loan_page(who: Who, Path(id): Path<String>) -> Page_ {
    loan_view(&who, &id, FormErrors::none()).await
}

#[derive(Template)]
#[template(path = "funding/loan_sheet.html")]
struct SheetPage {
    page: Page,
    loan: Loan,
}

impl SheetPage {
    fn rate(&self) -> String {
        self.page.percent(self.loan.rate_bp)
    }
}

/// The key information sheet: who borrows, for what, on which terms, what
/// 100 € lent brings back, the risks, the caps and the reflection period.
async fn sheet_page(who: Who, Path(id): Path<String>) -> Page_ {
    let loan = loans::sheet_shown(&who.state.db, &who.member.id, &id).await?;
    let view = SheetPage {
        page: Page::new(
            &who.ctx,
            who.ctx.tr.t1("loans-sheet-title", "name", &loan.title),
        ),
        loan,
    };
    Ok(html_status(StatusCode::OK, &view))
}

async fn lend(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let done = match web::render::amount_field(f.get("amount"), "amount") {
        Ok(amount) => {
            let input = LendInput {
                amount: amount as i64,
                read_sheet: !f.get("read_sheet").is_empty(),
            };
            loans::lend(&who.state.db, &who.member.id, &id, &input).await
        }
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/funding/loans/{id}"), "flash-loan-lent"),
        |errors| loan_view(&who, &id, errors),
    )
    .await
}

async fn withdraw(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let done = loans::withdraw(&who.state.db, &who.member.id, &id).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/funding/loans/{id}"), "flash-loan-withdrawn"),
        |errors| loan_view(&who, &id, errors),
    )
    .await
}

async fn propose_backing(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let tz = who.member.time_zone.clone();
    let input = || -> Result<LoanBackingInput, AppError> {
        let method = MethodKind::parse(f.get("method")).unwrap_or(MethodKind::Consent);
        Ok(LoanBackingInput {
            collective_id: f.get("collective_id").to_owned(),
            source: f.get("source").to_owned(),
            amount: web::render::amount_field(f.get("amount"), "amount")? as i64,
            question: f.get("question").to_owned(),
            method,
            options: crate::pages::for_and_against(&who, method),
            closes_at: parse_local(f.get("closes_at"), &tz, "closes_at")?,
        })
    };
    let done = match input() {
        Ok(input) => {
            crate::loan_backings::propose(&who.state.db, &who.member.id, &id, &input).await
        }
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |d| {
            Done::to(
                format!("/decisions/{}", d.id),
                "flash-loan-backing-proposed",
            )
        },
        |errors| loan_view(&who, &id, errors),
    )
    .await
}
