//! Typed ids, so that a member's id cannot be passed where a collective's
//! is expected: swapped arguments do not compile. Each is the UUIDv7 text
//! stored in the database, read and written as that text (JSON, SQL, URLs).
//!
//! ```
//! # use kernel::{db::Db, CollectiveId, MemberId};
//! # async fn leave(db: &Db, member: &MemberId, collective: &CollectiveId) {
//! kernel::collectives::leave(db, member, collective).await.ok();
//! # }
//! ```
//!
//! ```compile_fail
//! # use kernel::{db::Db, CollectiveId, MemberId};
//! # async fn leave(db: &Db, member: &MemberId, collective: &CollectiveId) {
//! kernel::collectives::leave(db, collective, member).await.ok();
//! # }
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, sqlx::Type, ToSchema)]
        #[serde(transparent)]
        #[sqlx(transparent)]
        #[schema(value_type = String, format = Uuid)]
        pub struct $name(String);

        impl $name {
            /// A new id, ordered by creation time.
            pub fn generate() -> $name {
                $name(crate::db::new_id())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// Ids arrive as text from paths, forms and other rows; only the
        /// type says which kind of id a text is.
        impl From<String> for $name {
            fn from(id: String) -> $name {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> $name {
                $name(id.to_owned())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }
    };
}

typed_id!(
    /// A member (a person's account).
    MemberId
);
typed_id!(
    /// A collective, or a project's group (which is a collective).
    CollectiveId
);
typed_id!(
    /// A ledger account: a wallet, a treasury, an escrow, a platform account.
    AccountId
);
typed_id!(
    /// A collective decision.
    DecisionId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_and_write_as_their_text() {
        let id = MemberId::generate();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{id}\""));
        assert_eq!(serde_json::from_str::<MemberId>(&json).unwrap(), id);
        assert_eq!(id, id.as_str());
    }
}
