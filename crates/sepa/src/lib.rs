//! Freeco's bank files, pure: IBAN and BIC checks, structured creditor
//! references (RF), camt.053 statements read in, pain.001 credit transfer
//! batches written out. The kernel stores what they decide.

pub mod camt;
pub mod iban;
pub mod pain;
pub mod reference;

pub use iban::{Bic, Iban, IbanError};
