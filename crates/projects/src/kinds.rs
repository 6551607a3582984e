//! The module's kinds of notification, with how each arrives until the
//! member chooses otherwise (`notification-<code>` says it).

use kernel::notifications::{Delivery, Kind};

pub const PROJECT_PROPOSED: Kind = Kind {
    code: "project_proposed",
    default: Delivery::Email,
};
pub const PROJECT_JOINED: Kind = Kind {
    code: "project_joined",
    default: Delivery::App,
};
pub const PROJECT_STATE: Kind = Kind {
    code: "project_state",
    default: Delivery::Email,
};
pub const SKILL_NEEDED: Kind = Kind {
    code: "skill_needed",
    default: Delivery::Digest,
};
pub const MENTION: Kind = Kind {
    code: "mention",
    default: Delivery::Email,
};
pub const FORUM_REPLY: Kind = Kind {
    code: "forum_reply",
    default: Delivery::Digest,
};
pub const EVENT_PLANNED: Kind = Kind {
    code: "event_planned",
    default: Delivery::Digest,
};
/// An event someone said it comes to changes its time or place.
pub const EVENT_CHANGED: Kind = Kind {
    code: "event_changed",
    default: Delivery::Email,
};
pub const TASK_ASSIGNED: Kind = Kind {
    code: "task_assigned",
    default: Delivery::Email,
};
/// A mailing-list message: delivered as the member's subscription says.
pub const LIST_MESSAGE: Kind = Kind {
    code: "list_message",
    default: Delivery::Email,
};

/// The kinds members choose for (the list's own delivery is its subscription).
pub const ALL: &[Kind] = &[
    PROJECT_PROPOSED,
    PROJECT_JOINED,
    PROJECT_STATE,
    SKILL_NEEDED,
    MENTION,
    FORUM_REPLY,
    EVENT_PLANNED,
    EVENT_CHANGED,
    TASK_ASSIGNED,
];
