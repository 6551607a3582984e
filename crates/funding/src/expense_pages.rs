//! The pages of a collective's expenses: the list with the form that
//! submits one (its receipt uploaded), and an expense with its receipt and
//! what a treasurer or coordinator decides on it.

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path};
use axum::response::Response;
use axum::routing::{get, post};
use kernel::auth::{CsrfForm, MemberOf};
use kernel::collectives::{Collective, Role};
use kernel::decisions::MethodKind;
use kernel::{AppError, AppState};
use web::render::{Done, Fields, FormErrors, Page, after_form, html_status, parse_local};
use web::who::{Acting, Who};

use crate::expenses::{self, Detail, Expense, ExpenseInput, Verdict};
use crate::pots::PotDecisionInput;

type Page_ = Result<Response, AppError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/collectives/{slug}/expenses",
            get(list_page)
                .post(submit)
                .layer(web::uploads::body_limit()),
        )
        .route("/collectives/{slug}/expenses/{id}", get(expense_page))
        .route("/collectives/{slug}/expenses/{id}/receipt", get(receipt))
        .route("/collectives/{slug}/expenses/{id}/approve", post(approve))
        .route("/collectives/{slug}/expenses/{id}/refuse", post(refuse))
        .route("/collectives/{slug}/expenses/{id}/cancel", post(cancel))
        .route(
            "/collectives/{slug}/expenses/{id}/decision",
            post(to_decision),
        )
}

#[derive(Template)]
#[template(path = "funding/expenses.html")]
struct ListPage {
    page: Page,
    collective: Collective,
    expenses: Vec<Expense>,
    /// Whether the instance has a bank account (payouts to banks).
    bank: bool,
    errors: FormErrors,
}

async fn list_view(who: &Who, collective: Collective, errors: FormErrors) -> Page_ {
    let view = ListPage {
        page: Page::new(
            &who.ctx,
            who.ctx
                .tr
                .t1("expenses-title", "collective", &collective.name),
        ),
        expenses: expenses::list(&who.state.db, &who.member.id, &collective.id).await?,
        bank: who.state.settings.bank.is_some(),
        collective,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn list_page(who: Who, MemberOf { collective, .. }: MemberOf) -> Page_ {
    list_view(&who, collective, FormErrors::none()).await
}

/// The expense comes as multipart form data: its fields, its receipt and
/// the CSRF token.
async fn submit(
    Acting(who): Acting,
    MemberOf { collective, .. }: MemberOf,
    mut form: Multipart,
) -> Page_ {
    let upload = web::uploads::read(&who, &mut form).await?;
    let f = Fields(upload.fields);
    let input = || -> Result<ExpenseInput, AppError> {
        Ok(ExpenseInput {
            title: f.get("title").to_owned(),
            amount: web::render::amount_field(f.get("amount"), "amount")? as i64,
            pay_to: f.get("pay_to").to_owned(),
            bank_name: Some(f.get("bank_name").to_owned()),
            iban: Some(f.get("iban").to_owned()),
            bic: Some(f.get("bic").to_owned()),
            receipt_base64: String::new(),
        })
    };
    let done = match input() {
        Ok(input) => {
            let receipt = upload.file.map(|b| b.to_vec()).unwrap_or_default();
            let bank = who.state.settings.bank.as_ref();
            expenses::submit(
                &who.state.db,
                bank,
                &who.member.id,
                &collective.id,
                &input,
                receipt,
            )
            .await
        }
        Err(e) => Err(e),
    };
    let slug = collective.slug.clone();
    after_form(
        &who.ctx,
        done,
        |e| {
            Done::to(
                format!("/collectives/{slug}/expenses/{}", e.expense.id),
                "flash-expense-submitted",
            )
        },
        |errors| list_view(&who, collective.clone(), errors),
    )
    .await
}

#[derive(Template)]
#[template(path = "funding/expense.html")]
struct ExpensePage {
    page: Page,
    collective: Collective,
    detail: Detail,
    /// Sees the receipt: its submitter, or one who moves the money.
    sees_receipt: bool,
    /// Approves, refuses, puts to a decision: one who moves the money and
    /// did not submit it.
    decides: bool,
    /// Withdraws it: its submitter.
    own: bool,
    closes_default: String,
    errors: FormErrors,
}

/// The expense `id` of this collective (another collective's is not
/// found here).
async fn of_collective(who: &Who, collective: &Collective, id: &str) -> Result<Detail, AppError> {
    let detail = expenses::get(&who.state.db, &who.member.id, id).await?;
    if detail.expense.collective_id != collective.id.as_str() {
        return Err(AppError::NotFound);
    }
    Ok(detail)
}

async fn expense_view(
    who: &Who,
    collective: Collective,
    role: Role,
    id: &str,
    errors: FormErrors,
) -> Page_ {
    let detail = of_collective(who, &collective, id).await?;
    let own = detail.expense.submitted_by == who.member.id.as_str();
    let page = Page::new(&who.ctx, detail.expense.title.clone());
    let closes_default = crate::pages::acting_closes_default(who, &page, &collective.id).await?;
    let view = ExpensePage {
        page,
        sees_receipt: own || role.moves_money(),
        decides: !own && role.moves_money() && detail.expense.state == "submitted",
        own,
        closes_default,
        collective,
        detail,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn expense_page(
    who: Who,
    MemberOf { collective, role }: MemberOf,
    Path((_, id)): Path<(String, String)>,
) -> Page_ {
    expense_view(&who, collective, role, &id, FormErrors::none()).await
}

async fn receipt(
    who: Who,
    MemberOf { collective, .. }: MemberOf,
    Path((_, id)): Path<(String, String)>,
) -> Page_ {
    of_collective(&who, &collective, &id).await?;
    let (bytes, kind) = expenses::receipt(&who.state.db, &who.member.id, &id).await?;
    Ok(crate::expense_api::receipt_response(bytes, &kind, &id))
}

async fn conclude(
    who: Who,
    collective: Collective,
    role: Role,
    id: String,
    verdict: Verdict,
    reason: &str,
    flash: &'static str,
) -> Page_ {
    of_collective(&who, &collective, &id).await?;
    let bank = who.state.settings.bank.as_ref();
    let done = expenses::decide(&who.state.db, bank, &who.member.id, &id, verdict, reason).await;
    let at = format!("/collectives/{}/expenses/{id}", collective.slug);
    after_form(
        &who.ctx,
        done,
        |_| Done::to(at, flash),
        |errors| expense_view(&who, collective.clone(), role, &id, errors),
    )
    .await
}

async fn approve(
    Acting(who): Acting,
    MemberOf { collective, role }: MemberOf,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(_fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    conclude(
        who,
        collective,
        role,
        id,
        Verdict::Approve,
        "",
        "flash-expense-approved",
    )
    .await
}

async fn refuse(
    Acting(who): Acting,
    MemberOf { collective, role }: MemberOf,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let reason = f.get("reason").to_owned();
    conclude(
        who,
        collective,
        role,
        id,
        Verdict::Refuse,
        &reason,
        "flash-expense-refused",
    )
    .await
}

async fn cancel(
    Acting(who): Acting,
    MemberOf { collective, role }: MemberOf,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(_fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    conclude(
        who,
        collective,
        role,
        id,
        Verdict::Cancel,
        "",
        "flash-expense-cancelled",
    )
    .await
}

async fn to_decision(
    Acting(who): Acting,
    MemberOf { collective, role }: MemberOf,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    of_collective(&who, &collective, &id).await?;
    let f = Fields(fields);
    let input = || -> Result<PotDecisionInput, AppError> {
        let method = MethodKind::parse(f.get("method")).unwrap_or(MethodKind::Consent);
        Ok(PotDecisionInput {
            question: f.get("question").to_owned(),
            method,
            options: crate::pages::for_and_against(&who, method),
            closes_at: parse_local(f.get("closes_at"), &who.member.time_zone, "closes_at")?,
        })
    };
    let done = match input() {
        Ok(input) => expenses::put_to_decision(&who.state.db, &who.member.id, &id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |d| Done::to(format!("/decisions/{}", d.id), "flash-expense-in-decision"),
        |errors| expense_view(&who, collective.clone(), role, &id, errors),
    )
    .await
}
