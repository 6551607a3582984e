//! Module 4: direct sales. Producers (kernel organisations with a seller
//! profile) keep catalogues; shops (a seller alone, or a hub run by a
//! collective) sell them in order cycles with pickup points and the fees
//! each participant adds; members order and pay from their wallets, the
//! money held until the close and then split between producers, the shop,
//! the platform's fee and the solidarity fund, every euro's path shown.

mod api;
pub mod browse;
mod caps;
pub mod catalogue;
pub mod catalogue_csv;
pub mod contracts;
mod contracts_api;
mod contracts_pages;
pub mod dfc;
pub mod distribution;
pub mod facturx;
pub mod invoice_pdf;
pub mod invoices;
pub mod offer;
pub mod orders;
mod pages;
pub mod pdf;
mod personal;
pub mod photos;
pub mod preparation;
pub mod regular;
mod regular_api;
mod regular_pages;
pub mod reminders;
pub mod report;
pub mod reports;
pub mod sellers;
pub mod shops;

use kernel::AppState;
use kernel::module::Module;

pub const MODULE: Module = Module {
    name: "market",
    migrations: || sqlx::migrate!("./migrations"),
    routes: pages::routes,
    api: api::api,
    jobs,
    translations: (
        include_str!("../locales/fr/market.ftl"),
        include_str!("../locales/en/market.ftl"),
    ),
    nav: &[("/market", "nav-market")],
    collective_links: &[],
    transparency_links: &[("/market/transparency", "market-transparency-link")],
    notification_kinds: &[
        contracts::INSTALMENT_SHORT,
        contracts::CONTRACT_PLACE,
        reminders::ORDER_REMINDER,
        reminders::CYCLE_CLOSING,
        contracts::DISTRIBUTION_MOVED,
        contracts::DISTRIBUTION_CANCELLED,
        regular::REGULAR_PLACED,
        orders::ORDER_UNCOLLECTED,
        regular::REGULAR_NOT_PLACED,
    ],
    personal_data: &personal::MarketData,
};

/// A cycle closes at its closing time; its members are reminded before,
/// and when it opens, the shop's regular orders are placed in it.
fn jobs(handlers: &mut kernel::jobs::Handlers, state: &AppState) {
    #[derive(serde::Deserialize)]
    struct OfCycle {
        cycle_id: String,
    }
    let db = state.db.clone();
    handlers.register(shops::JOB_OPEN, move |payload| {
        let db = db.clone();
        async move {
            let p: OfCycle = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            regular::open(&db, &p.cycle_id)
                .await
                .map_err(|e| e.to_string())
        }
    });
    let db = state.db.clone();
    handlers.register(shops::JOB_CLOSE, move |payload| {
        let db = db.clone();
        async move {
            let p: OfCycle = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            orders::close(&db, &p.cycle_id)
                .await
                .map_err(|e| e.to_string())
        }
    });
    let db = state.db.clone();
    handlers.register(shops::JOB_REMIND, move |payload| {
        let db = db.clone();
        async move {
            let p: OfCycle = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            reminders::remind(&db, &p.cycle_id)
                .await
                .map_err(|e| e.to_string())
        }
    });
    let db = state.db.clone();
    handlers.register(shops::JOB_UNCOLLECTED, move |payload| {
        let db = db.clone();
        async move {
            let p: OfCycle = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            orders::settle_uncollected(&db, &p.cycle_id)
                .await
                .map_err(|e| e.to_string())
        }
    });
    contract_jobs(handlers, state);
}

/// AMAP contracts: an instalment's money is held on its due date; a
/// distribution's baskets are paid to the producer once it is over.
fn contract_jobs(handlers: &mut kernel::jobs::Handlers, state: &AppState) {
    #[derive(serde::Deserialize)]
    struct Due {
        subscription_id: String,
        number: i64,
    }
    #[derive(serde::Deserialize)]
    struct Deliver {
        distribution_id: String,
    }
    let db = state.db.clone();
    handlers.register(contracts::JOB_INSTALMENT, move |payload| {
        let db = db.clone();
        async move {
            let p: Due = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            contracts::instalment_due(&db, &p.subscription_id, p.number)
                .await
                .map_err(|e| e.to_string())
        }
    });
    let db = state.db.clone();
    handlers.register(contracts::JOB_DELIVER, move |payload| {
        let db = db.clone();
        async move {
            let p: Deliver = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            contracts::deliver(&db, &p.distribution_id)
                .await
                .map_err(|e| e.to_string())
        }
    });
}
