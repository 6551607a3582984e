//! Module 3: group buying. Members pool their orders to reach a supplier's
//! price tiers: a group purchase names the supplier, its products with
//! their pack sizes and tiers by total quantity, a minimum to go ahead, a
//! deadline and pickup points; members commit quantities (and how many
//! more they would take to fill a box), each basket holding money from
//! the wallet at the tier reached, and everyone sees, per product, the
//! progress toward the next tier and the next full box.

pub mod allocation;
mod api;
pub mod baskets;
pub mod energy;
pub mod orders;
mod pages;
mod personal;
pub mod purchases;
pub mod settle;

use kernel::module::Module;

pub const MODULE: Module = Module {
    name: "groupbuy",
    migrations: || sqlx::migrate!("./migrations"),
    routes: pages::routes,
    api: api::api,
    jobs,
    translations: (
        include_str!("../locales/fr/groupbuy.ftl"),
        include_str!("../locales/en/groupbuy.ftl"),
    ),
    nav: &[("/groupbuy", "nav-groupbuy")],
    collective_links: &[],
    transparency_links: &[],
    notification_kinds: &[settle::SETTLED, settle::CANCELLED, settle::EXTENDED],
    personal_data: &personal::GroupbuyData,
};

/// A purchase is settled at its end, by a durable job; another mails the
/// supplier its order once it is.
fn jobs(handlers: &mut kernel::jobs::Handlers, state: &kernel::AppState) {
    let db = state.db.clone();
    handlers.register(settle::JOB_SETTLE, move |payload| {
        let db = db.clone();
        async move {
            let p: settle::Payload = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            settle::settle(&db, &p.purchase_id)
                .await
                .map_err(|e| e.to_string())
        }
    });
    let app = state.clone();
    handlers.register(orders::JOB_MAIL, move |payload| {
        let app = app.clone();
        async move {
            let p: settle::Payload = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            orders::mail_supplier(&app, &p.purchase_id)
                .await
                .map_err(|e| e.to_string())
        }
    });
}
