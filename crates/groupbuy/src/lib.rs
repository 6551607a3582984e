//! Module 3: group buying. Members pool their orders to reach a supplier's
//! price tiers: a group purchase names the supplier, its products with
//! their pack sizes and tiers by total quantity, a minimum to go ahead, a
//! deadline and pickup points; members commit quantities (and how many
//! more they would take to fill a box), each basket holding money from
//! the wallet at the tier reached, and everyone sees, per product, the
//! progress toward the next tier and the next full box.

mod api;
pub mod baskets;
mod pages;
mod personal;
pub mod purchases;

use kernel::module::Module;

pub const MODULE: Module = Module {
    name: "groupbuy",
    migrations: || sqlx::migrate!("./migrations"),
    routes: pages::routes,
    api: api::api,
    jobs: |_, _| {},
    translations: (
        include_str!("../locales/fr/groupbuy.ftl"),
        include_str!("../locales/en/groupbuy.ftl"),
    ),
    nav: &[("/groupbuy", "nav-groupbuy")],
    collective_links: &[],
    transparency_links: &[],
    notification_kinds: &[],
    personal_data: &personal::GroupbuyData,
};
