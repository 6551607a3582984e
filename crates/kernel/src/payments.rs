//! Money coming in from outside by card or similar: a payment provider
//! charges the member, and the wallet is credited. Only a demo provider exists
//! for now; it is labelled as such wherever it shows.

use std::future::Future;
use std::pin::Pin;

/// What to charge.
#[derive(Debug, Clone)]
pub struct Charge {
    /// In minor units of `currency`.
    pub amount: u64,
    pub currency: String,
    /// Our reference, so the provider's records can be matched with ours.
    pub reference: String,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum PaymentError {
    #[error("the payment was refused: {0}")]
    Refused(String),
}

pub type ChargeResult<'a> = Pin<Box<dyn Future<Output = Result<String, PaymentError>> + Send + 'a>>;

pub trait PaymentProvider: Send + Sync {
    /// Short code, used in transfer codes (`topup.<code>`).
    fn code(&self) -> &'static str;
    /// True for a provider that moves no real money.
    fn is_demo(&self) -> bool;
    /// Charges the payer; returns the provider's id of the charge.
    fn charge<'a>(&'a self, charge: &'a Charge) -> ChargeResult<'a>;
    /// Gives back `amount` (at most what was charged) of the charge
    /// `charge_id` to the payer's card, once per `key` however often it is
    /// asked (a retry after a crash or a timeout); returns the provider's id
    /// of the refund. A refusal is final.
    fn refund<'a>(&'a self, charge_id: &'a str, amount: u64, key: &'a str) -> ChargeResult<'a>;
}

/// The provider whose code is `code`, as recorded in transfer codes
/// (`topup.<code>`).
pub fn by_code(code: &str) -> Option<&'static dyn PaymentProvider> {
    match code {
        "demo" => Some(&DemoProvider),
        _ => None,
    }
}

/// Accepts every charge up to 500.00 without moving any real money: what
/// the demo and the tests use. Never configure it on a real instance.
pub struct DemoProvider;

/// The most the demo provider accepts at once, in cents.
pub const DEMO_LIMIT: u64 = 50_000;

impl PaymentProvider for DemoProvider {
    fn code(&self) -> &'static str {
        "demo"
    }

    fn is_demo(&self) -> bool {
        true
    }

    fn charge<'a>(&'a self, charge: &'a Charge) -> ChargeResult<'a> {
        Box::pin(async move {
            if charge.amount > DEMO_LIMIT {
                return Err(PaymentError::Refused(
                    "the demo provider accepts at most 500.00".into(),
                ));
            }
            Ok(format!("demo-{}", uuid::Uuid::new_v4()))
        })
    }

    fn refund<'a>(&'a self, charge_id: &'a str, amount: u64, _key: &'a str) -> ChargeResult<'a> {
        // Nothing moves: asked again under the same key, it answers alike.
        Box::pin(async move {
            if !charge_id.starts_with("demo-") || amount > DEMO_LIMIT {
                return Err(PaymentError::Refused(
                    "not a charge of the demo provider".into(),
                ));
            }
            Ok(format!("demo-refund-{}", uuid::Uuid::new_v4()))
        })
    }
}
