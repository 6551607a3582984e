//! The modules the `freeco` binary runs, in one list that the binary and
//! the integration tests share.

use kernel::module::Module;

pub const MODULES: &[Module] = &[projects::MODULE];
