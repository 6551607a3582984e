//! Module 2: crowdfunding. A member, a collective or a project launches a
//! campaign with a minimum and an optimum goal, a deadline, all-or-nothing
//! or keep-what-you-raise, reward tiers with limited stocks and what it
//! asks beside money; members pledge from their wallets, the money held
//! until the deadline, when a durable job pays the campaign (the visible
//! fee on top) or releases every pledge.

mod acting;
mod api;
pub mod backings;
pub mod campaigns;
pub mod contributions;
mod expense_api;
mod expense_pages;
pub mod expenses;
pub mod loan_backings;
mod loan_pages;
pub mod loans;
mod pages;
mod personal;
pub mod pledges;
mod pot_api;
mod pot_pages;
pub mod pots;
pub mod settle;

use kernel::module::Module;

pub const MODULE: Module = Module {
    name: "funding",
    migrations: || sqlx::migrate!("./migrations"),
    routes: pages::routes,
    api: api::api,
    jobs,
    translations: (
        include_str!("../locales/fr/funding.ftl"),
        include_str!("../locales/en/funding.ftl"),
    ),
    nav: &[("/funding", "nav-funding")],
    collective_links: &[("/collectives/{slug}/expenses", "expenses-link")],
    transparency_links: &[],
    notification_kinds: &[
        settle::FUNDED,
        settle::FAILED,
        contributions::UPDATE,
        loans::DISBURSED,
        loans::CANCELLED,
        loans::REPAID,
        loans::LATE,
        pots::ASKED,
        pots::DECIDED,
        expenses::SUBMITTED,
        expenses::DECIDED,
    ],
    personal_data: &personal::FundingData,
};

/// A campaign is settled at its deadline by a durable job; a collective's
/// decision to back one is carried out by another; a loan is opened by its
/// collective's decision, disbursed, and each instalment paid at its date.
fn jobs(handlers: &mut kernel::jobs::Handlers, state: &kernel::AppState) {
    for (job, step) in [
        (loans::JOB_OPEN, LoanStep::Open),
        (loans::JOB_DISBURSE, LoanStep::Disburse),
        (loans::JOB_DUE, LoanStep::Due),
    ] {
        let db = state.db.clone();
        handlers.register(job, move |payload| {
            let db = db.clone();
            async move {
                let p: loans::Payload =
                    serde_json::from_str(&payload).map_err(|e| e.to_string())?;
                match step {
                    LoanStep::Open => loans::open(&db, &p).await,
                    LoanStep::Disburse => loans::disburse(&db, &p.loan_id).await,
                    LoanStep::Due => loans::pay_due(&db, &p.loan_id, p.number.unwrap_or(0)).await,
                }
                .map_err(|e| e.to_string())
            }
        });
    }
    let db = state.db.clone();
    handlers.register(loan_backings::JOB_LEND, move |payload| {
        let db = db.clone();
        async move {
            let p: loan_backings::Payload =
                serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            loan_backings::lend(&db, &p)
                .await
                .map_err(|e| e.to_string())
        }
    });
    let db = state.db.clone();
    handlers.register(backings::JOB_BACK, move |payload| {
        let db = db.clone();
        async move {
            let p: backings::Payload = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            backings::back(&db, &p).await.map_err(|e| e.to_string())
        }
    });
    let (db, bank) = (state.db.clone(), state.settings.bank.clone());
    handlers.register(expenses::JOB_APPROVE, move |payload| {
        let (db, bank) = (db.clone(), bank.clone());
        async move {
            let p: expenses::Payload = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            expenses::approve_by_decision(&db, bank.as_ref(), &p)
                .await
                .map_err(|e| e.to_string())
        }
    });
    let db = state.db.clone();
    handlers.register(pots::JOB_PAY, move |payload| {
        let db = db.clone();
        async move {
            let p: pots::Payload = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            pots::pay_by_decision(&db, &p)
                .await
                .map_err(|e| e.to_string())
        }
    });
    let db = state.db.clone();
    handlers.register(settle::JOB_SETTLE, move |payload| {
        let db = db.clone();
        async move {
            let p: settle::Payload = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            settle::settle(&db, &p.campaign_id)
                .await
                .map_err(|e| e.to_string())
        }
    });
}

#[derive(Clone, Copy)]
enum LoanStep {
    Open,
    Disburse,
    Due,
}
