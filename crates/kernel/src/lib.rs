//! Freeco's kernel: what every module stands on. Members and their accounts,
//! the charter, organisations, collectives with roles and colleges, storage,
//! durable jobs, translation, and the request-level pieces (errors,
//! authorisation extractors, CSRF) that every handler uses.

/// An enum stored and sent as a short code (`"wallet"`), with the list of
/// its values. Modules use it too (`kernel::code_enum!`), with `Serialize`,
/// `Deserialize` and `ToSchema` in scope.
#[macro_export]
macro_rules! code_enum {
    ($name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

pub mod auth;
pub mod bank;
pub mod cache;
pub mod charter;
pub mod collectives;
pub mod crypto;
pub mod db;
pub mod decisions;
pub mod error;
pub mod fees;
pub mod flash;
pub mod group;
pub mod i18n;
pub mod ids;
pub mod jobs;
pub mod l10n;
pub mod log;
pub mod mail;
pub mod members;
pub mod module;
pub mod money;
pub mod notifications;
pub mod organisations;
pub mod payments;
pub mod rate_limit;
pub mod sessions;
pub mod settings;
pub mod skills;
pub mod tokens;
pub mod validate;
pub mod wallet;

use std::ops::Deref;
use std::sync::Arc;

pub use error::AppError;
pub use ids::{AccountId, CollectiveId, DecisionId, MemberId};

/// Largest request body accepted anywhere (forms and JSON). The largest body
/// the API documents, a charter draft of two texts of
/// [`charter::MAX_TEXT_CHARS`], must fit even when a client writes every
/// character as an escape (`\uD83C\uDF31`, 12 bytes, in JSON; `%F0%9F%8C%B1`
/// in a form): 2.4 MB.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

pub struct StateInner {
    pub db: db::Db,
    pub i18n: Arc<i18n::I18n>,
    pub settings: settings::Settings,
    pub log_key: log::LogKey,
    /// The modules this instance runs.
    pub modules: &'static [module::Module],
}

/// Shared by every handler; cheap to clone. Holds no per-user state, so any
/// number of app nodes can serve the same database.
#[derive(Clone)]
pub struct AppState(Arc<StateInner>);

impl AppState {
    pub fn new(
        db: db::Db,
        settings: settings::Settings,
        log_key: log::LogKey,
        modules: &'static [module::Module],
    ) -> AppState {
        let translations: Vec<(&str, &str)> = modules.iter().map(|m| m.translations).collect();
        AppState(Arc::new(StateInner {
            db,
            i18n: Arc::new(i18n::I18n::with(&translations)),
            settings,
            log_key,
            modules,
        }))
    }

    pub fn members_ctx(&self) -> members::Ctx<'_> {
        members::Ctx {
            db: &self.db,
            i18n: &self.i18n,
            settings: &self.settings,
        }
    }

    /// Every kind of notification, the kernel's and the modules'.
    pub fn notification_kinds(&self) -> Vec<notifications::Kind> {
        notifications::kinds_of(self.modules)
    }

    pub fn mail_ctx(&self) -> collectives::MailCtx<'_> {
        collectives::MailCtx {
            i18n: &self.i18n,
            settings: &self.settings,
        }
    }
}

impl Deref for AppState {
    type Target = StateInner;

    fn deref(&self) -> &StateInner {
        &self.0
    }
}
