//! Module 1: projects. Any member proposes one, inside a collective or for
//! the whole instance; members join it; it runs its forum, agenda, task
//! board and mailing list, and its decisions are the kernel's.

use kernel::db::{Db, Tx};
use kernel::module::{BoxFuture, Module, PersonalData};
use kernel::{AppError, AppState};

pub const MODULE: Module = Module {
    name: "projects",
    migrations: || sqlx::migrate!("./migrations"),
    routes,
    jobs: |_, _| {},
    openapi: || utoipa::openapi::OpenApiBuilder::new().build(),
    translations: (
        include_str!("../../../locales/fr/projects.ftl"),
        include_str!("../../../locales/en/projects.ftl"),
    ),
    nav: &[("/projects", "nav-projects")],
    notification_kinds: &[],
    personal_data: &ProjectsData,
};

fn routes() -> axum::Router<AppState> {
    axum::Router::new()
}

struct ProjectsData;

impl PersonalData for ProjectsData {
    fn export<'a>(
        &'a self,
        _db: &'a Db,
        _member_id: &'a str,
    ) -> BoxFuture<'a, Result<serde_json::Value, AppError>> {
        Box::pin(async { Ok(serde_json::json!({})) })
    }

    fn erase<'a>(
        &'a self,
        _tx: &'a mut Tx,
        _member_id: &'a str,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(async { Ok(()) })
    }
}
