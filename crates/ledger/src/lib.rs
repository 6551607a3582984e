//! Freeco's ledger rules, as pure code: amounts in minor units ([`amount`])
//! and the double-entry book ([`book`]). The kernel stores accounts and
//! transfers and runs every money movement through [`Book`].

pub mod amount;
pub mod book;

pub use amount::{AmountError, Currency, Decimal, GROUP_SEPARATORS, MAX_AMOUNT, parse_amount};
pub use book::{
    Account, Applied, Book, Id, Kind, Limit, NewTransfer, PendingState, Phase, Transfer,
    TransferError, expiry_of, reversal_of,
};
