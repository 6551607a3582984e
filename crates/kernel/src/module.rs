//! What a module hands the kernel: its tables, its routes, its jobs, its
//! part of the API description, its translations, and its share of each
//! member's personal data. The binary lists the modules; the kernel and the
//! web layer run whatever is listed, and know nothing else of them.

use crate::ids::MemberId;
use std::future::Future;
use std::pin::Pin;

use axum::Router;
use utoipa_axum::router::OpenApiRouter;

use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::{AppState, jobs};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A module's part in the member's rights over their data: what it adds to
/// the export, and what it removes or pseudonymises at erasure. Erasure runs
/// inside the kernel's transaction, so a member is erased everywhere or
/// nowhere.
pub trait PersonalData: Send + Sync {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        member_id: &'a MemberId,
    ) -> BoxFuture<'a, Result<serde_json::Value, AppError>>;

    fn erase<'a>(
        &'a self,
        tx: &'a mut Tx,
        member_id: &'a MemberId,
    ) -> BoxFuture<'a, Result<(), AppError>>;
}

#[derive(Clone, Copy)]
pub struct Module {
    /// Short and stable: the key of its part of the personal-data export
    /// (not one of the kernel's own parts, see `KERNEL_PARTS`).
    pub name: &'static str,
    /// Its own migrations. Versions must not collide with the kernel's
    /// (`0001`…) nor another module's: each module takes its own thousand.
    pub migrations: fn() -> sqlx::migrate::Migrator,
    /// Its pages, and whatever else is not part of the described API.
    pub routes: fn() -> Router<AppState>,
    /// Its `/api/v1` operations, each route registered together with its
    /// entry in `/api/openapi.json` (`utoipa_axum::routes!`), so that no
    /// route goes undescribed and no description lacks its route.
    pub api: fn() -> OpenApiRouter<AppState>,
    /// Registers the handlers of its durable jobs.
    pub jobs: fn(&mut jobs::Handlers, &AppState),
    /// Its Fluent messages, French then English.
    pub translations: (&'static str, &'static str),
    /// Its entries in the navigation of signed-in members: (path, message).
    pub nav: &'static [(&'static str, &'static str)],
    /// Its pages of a collective, linked from the collective's page:
    /// (path with `{slug}`, message).
    pub collective_links: &'static [(&'static str, &'static str)],
    /// Its public pages of figures, linked from the transparency page:
    /// (path, message).
    pub transparency_links: &'static [(&'static str, &'static str)],
    /// Its kinds of notification, which members choose how to receive.
    pub notification_kinds: &'static [crate::notifications::Kind],
    pub personal_data: &'static dyn PersonalData,
}

/// A part of a member's data given by two functions: how the kernel's own
/// parts plug into the seam.
pub(crate) struct Part {
    pub export:
        for<'a> fn(&'a Db, &'a MemberId) -> BoxFuture<'a, Result<serde_json::Value, AppError>>,
    pub erase: for<'a> fn(&'a mut Tx, &'a MemberId) -> BoxFuture<'a, Result<(), AppError>>,
}

impl PersonalData for Part {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        member_id: &'a MemberId,
    ) -> BoxFuture<'a, Result<serde_json::Value, AppError>> {
        (self.export)(db, member_id)
    }

    fn erase<'a>(
        &'a self,
        tx: &'a mut Tx,
        member_id: &'a MemberId,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        (self.erase)(tx, member_id)
    }
}

/// The kernel's own parts of a member's data that money and decisions add,
/// through the same seam as a module's: (export key, part).
pub(crate) const KERNEL_PARTS: &[(&str, &dyn PersonalData)] = &[
    ("wallet", &crate::wallet::PERSONAL_DATA),
    ("bank", &crate::bank::PERSONAL_DATA),
    ("decisions", &crate::decisions::PERSONAL_DATA),
    (
        "decision_comments",
        &crate::decisions::discussion::PERSONAL_DATA,
    ),
];
