//! The instance's fee rule: a small technical fee on payments, part of it
//! going to the solidarity fund, none between members by default. The payer
//! sees the quote before confirming; the recipient gets the full amount.

use serde::Serialize;
use utoipa::ToSchema;

/// Fees in basis points (1/100 of a percent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeRule {
    /// On payments to a collective or a producer (default 5%).
    pub technical_bp: u32,
    /// On payments from one member to another (default 0%).
    pub between_members_bp: u32,
    /// The share of each fee that goes to the solidarity fund (default 20%).
    pub solidarity_share_bp: u32,
}

impl Default for FeeRule {
    fn default() -> Self {
        FeeRule {
            technical_bp: 500,
            between_members_bp: 0,
            solidarity_share_bp: 2000,
        }
    }
}

/// Who is paid, which decides the rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentKind {
    BetweenMembers,
    /// A collective's treasury (and, with the sales modules, a producer).
    Technical,
}

/// What a payment costs, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Quote {
    /// What the recipient gets.
    pub amount: i64,
    /// The whole fee, solidarity share included.
    pub fee: i64,
    /// The part of the fee that goes to the solidarity fund.
    pub solidarity: i64,
    /// What leaves the payer's wallet.
    pub total: i64,
    /// The rate applied, in basis points.
    pub rate_bp: u32,
}

impl FeeRule {
    pub fn rate(&self, kind: PaymentKind) -> u32 {
        match kind {
            PaymentKind::BetweenMembers => self.between_members_bp,
            PaymentKind::Technical => self.technical_bp,
        }
    }

    /// The fee is rounded up to the cent: splitting a payment into smaller
    /// ones never costs less fee than paying it whole (the rounding of one
    /// payment cannot be avoided by many, a cent each), and the fee is
    /// never under the rate, nor more than a cent over it. The solidarity
    /// share is rounded down.
    pub fn quote(&self, kind: PaymentKind, amount: u64) -> Quote {
        let rate = self.rate(kind);
        let fee = (u128::from(amount) * u128::from(rate)).div_ceil(10_000);
        let solidarity = fee * u128::from(self.solidarity_share_bp) / 10_000;
        let clamp = |v: u128| i64::try_from(v).unwrap_or(i64::MAX);
        Quote {
            amount: clamp(u128::from(amount)),
            fee: clamp(fee),
            solidarity: clamp(solidarity),
            total: clamp(u128::from(amount) + fee),
            rate_bp: rate,
        }
    }
}

/// Reads a percentage (`5`, `2.5`, `0.25`) into basis points, 0 to 100%.
pub fn parse_percent(text: &str) -> Option<u32> {
    let (whole, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if whole.is_empty()
        || frac.len() > 2
        || !(whole.chars().chain(frac.chars())).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let frac: u32 = format!("{frac:0<2}").parse().ok()?;
    let bp = whole.checked_mul(100)?.checked_add(frac)?;
    (bp <= 10_000).then_some(bp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn default_rule() {
        let rule = FeeRule::default();
        let q = rule.quote(PaymentKind::Technical, 1000);
        assert_eq!((q.fee, q.solidarity, q.total), (50, 10, 1050));
        let q = rule.quote(PaymentKind::BetweenMembers, 1000);
        assert_eq!((q.fee, q.total), (0, 1000));
        // 5% of 0.01 is 0.0005, of 0.20 exactly 0.01, of 0.21 0.0105: all
        // round up, so no payment is too small to bear its fee.
        assert_eq!(rule.quote(PaymentKind::Technical, 1).fee, 1);
        assert_eq!(rule.quote(PaymentKind::Technical, 20).fee, 1);
        assert_eq!(rule.quote(PaymentKind::Technical, 21).fee, 2);
        assert_eq!(parse_percent("5"), Some(500));
        assert_eq!(parse_percent("2.5"), Some(250));
        assert_eq!(parse_percent("0.25"), Some(25));
        assert_eq!(parse_percent("101"), None);
        assert_eq!(parse_percent("-1"), None);
        assert_eq!(parse_percent("1.234"), None);
    }

    proptest! {
        #[test]
        fn quotes_add_up(amount in 1u64..=ledger::MAX_AMOUNT / 2, technical in 0u32..=10_000, share in 0u32..=10_000) {
            let rule = FeeRule { technical_bp: technical, between_members_bp: 0, solidarity_share_bp: share };
            let q = rule.quote(PaymentKind::Technical, amount);
            prop_assert_eq!(q.total, q.amount + q.fee);
            prop_assert!(q.solidarity <= q.fee);
            // Never under the rate, and over it by less than a cent.
            let exact = i128::from(amount) * i128::from(technical);
            prop_assert!(i128::from(q.fee) * 10_000 >= exact);
            prop_assert!(i128::from(q.fee) * 10_000 < exact + 10_000);
            let typed = format!("{}.{:02}", technical / 100, technical % 100);
            prop_assert_eq!(parse_percent(&typed), Some(technical));
        }

        #[test]
        fn splitting_a_payment_never_lowers_its_fee(a in 1u64..=1_000_000, b in 1u64..=1_000_000, technical in 0u32..=10_000) {
            let rule = FeeRule { technical_bp: technical, between_members_bp: 0, solidarity_share_bp: 0 };
            let fee = |x| rule.quote(PaymentKind::Technical, x).fee;
            prop_assert!(fee(a) + fee(b) >= fee(a + b));
        }
    }
}
