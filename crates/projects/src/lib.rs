//! Module 1: projects. Any member proposes one, inside a collective or for
//! the whole instance; the collective validates it (by a coordinator or by
//! a decision); members join it and run it with its forum, agenda, task
//! board and mailing list. Its members, roles, decisions and treasury are
//! the kernel's, through the project's group.

pub mod agenda;
mod api;
pub mod forum;
pub mod ics;
pub mod kinds;
pub mod mailing;
mod pages;
mod personal;
pub mod projects;
pub mod rrule;
pub mod tasks;

use kernel::AppState;
use kernel::module::Module;

/// A project is a kernel collective (its group, see ARCHITECTURE.md): its
/// id is that group's id, so it goes wherever the kernel takes a
/// collective's.
pub type ProjectId = kernel::CollectiveId;

pub const MODULE: Module = Module {
    name: "projects",
    migrations: || sqlx::migrate!("./migrations"),
    routes: pages::routes,
    api: api::api,
    jobs,
    translations: (
        include_str!("../locales/fr/projects.ftl"),
        include_str!("../locales/en/projects.ftl"),
    ),
    nav: &[("/projects", "nav-projects")],
    collective_links: &[("/collectives/{slug}/projects", "collective-projects-link")],
    transparency_links: &[],
    notification_kinds: kinds::ALL,
    personal_data: &personal::ProjectsData,
};

/// A validation decision that passed validates its project.
fn jobs(handlers: &mut kernel::jobs::Handlers, state: &AppState) {
    #[derive(serde::Deserialize)]
    struct Validate {
        project_id: ProjectId,
        decision_id: kernel::DecisionId,
    }
    let db = state.db.clone();
    handlers.register(projects::JOB_VALIDATE, move |payload| {
        let db = db.clone();
        async move {
            let p: Validate = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            projects::validated_by_decision(&db, &p.project_id, &p.decision_id)
                .await
                .map_err(|e| e.to_string())
        }
    });
}
