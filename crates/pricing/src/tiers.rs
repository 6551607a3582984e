//! Price tiers by total quantity, as a supplier quotes a group purchase:
//! "1–99 kg at 3.20 €, 100–499 kg at 2.80 €, 500 kg and more at 2.50 €".
//! The tiers start at the first unit, follow each other without gap or
//! overlap, the last one has no end, and each is cheaper than the one
//! before.

use serde::{Deserialize, Serialize};

use crate::Cents;

/// From `from` units of total quantity (inclusive) to `to` (inclusive; none
/// for the last tier), each unit costs `unit_price`, VAT included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub from: u64,
    pub to: Option<u64>,
    pub unit_price: Cents,
}

/// Why tiers are refused; `tier` is the index of the one at fault. Each is
/// a message key of the modules' translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TierError {
    #[error("error-tiers-empty")]
    Empty,
    #[error("error-tiers-first")]
    First,
    #[error("error-tiers-gap")]
    Gap { tier: usize },
    #[error("error-tiers-overlap")]
    Overlap { tier: usize },
    #[error("error-tiers-end")]
    End { tier: usize },
    #[error("error-tiers-price")]
    Price { tier: usize },
}

impl TierError {
    /// The message key.
    pub fn key(self) -> &'static str {
        match self {
            TierError::Empty => "error-tiers-empty",
            TierError::First => "error-tiers-first",
            TierError::Gap { .. } => "error-tiers-gap",
            TierError::Overlap { .. } => "error-tiers-overlap",
            TierError::End { .. } => "error-tiers-end",
            TierError::Price { .. } => "error-tiers-price",
        }
    }
}

/// Checked tiers, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tiers(Vec<Tier>);

impl Tiers {
    /// Checks tiers given in order of quantity.
    pub fn new(tiers: Vec<Tier>) -> Result<Tiers, TierError> {
        let first = tiers.first().ok_or(TierError::Empty)?;
        if first.from != 1 {
            return Err(TierError::First);
        }
        for (i, tier) in tiers.iter().enumerate() {
            let last = i + 1 == tiers.len();
            match tier.to {
                Some(to) if last || to < tier.from => return Err(TierError::End { tier: i }),
                None if !last => return Err(TierError::End { tier: i }),
                _ => {}
            }
            if let Some(next) = tiers.get(i + 1) {
                let after = tier.to.unwrap_or(u64::MAX).saturating_add(1);
                if next.from > after {
                    return Err(TierError::Gap { tier: i + 1 });
                }
                if next.from < after {
                    return Err(TierError::Overlap { tier: i + 1 });
                }
                if next.unit_price >= tier.unit_price {
                    return Err(TierError::Price { tier: i + 1 });
                }
            }
        }
        Ok(Tiers(tiers))
    }

    pub fn all(&self) -> &[Tier] {
        &self.0
    }

    /// The tier a total quantity reaches (the first for nothing yet).
    pub fn at(&self, total: u64) -> &Tier {
        self.0
            .iter()
            .rev()
            .find(|t| t.from <= total)
            .unwrap_or(&self.0[0])
    }

    /// The next tier after the one `total` reaches, and how many more units
    /// reach it.
    pub fn next(&self, total: u64) -> Option<(&Tier, u64)> {
        self.0
            .iter()
            .find(|t| t.from > total.max(1))
            .map(|t| (t, t.from - total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tier(from: u64, to: Option<u64>, unit_price: Cents) -> Tier {
        Tier {
            from,
            to,
            unit_price,
        }
    }

    fn flour() -> Tiers {
        Tiers::new(vec![
            tier(1, Some(99), 320),
            tier(100, Some(499), 280),
            tier(500, None, 250),
        ])
        .unwrap()
    }

    #[test]
    fn a_total_reaches_its_tier_and_sees_the_next() {
        let t = flour();
        assert_eq!(t.at(0).unit_price, 320);
        assert_eq!(t.at(99).unit_price, 320);
        assert_eq!(t.at(100).unit_price, 280);
        assert_eq!(t.at(10_000).unit_price, 250);
        assert_eq!(
            t.next(60).map(|(t, more)| (t.unit_price, more)),
            Some((280, 40))
        );
        assert_eq!(t.next(500), None);
    }

    #[test]
    fn gaps_overlaps_open_ends_and_rising_prices_are_refused() {
        let t = |tiers: Vec<Tier>| Tiers::new(tiers).unwrap_err();
        assert_eq!(t(vec![]), TierError::Empty);
        assert_eq!(t(vec![tier(2, None, 100)]), TierError::First);
        assert_eq!(
            t(vec![tier(1, Some(99), 320), tier(101, None, 280)]),
            TierError::Gap { tier: 1 }
        );
        assert_eq!(
            t(vec![tier(1, Some(99), 320), tier(90, None, 280)]),
            TierError::Overlap { tier: 1 }
        );
        assert_eq!(
            t(vec![tier(1, Some(99), 320), tier(100, None, 330)]),
            TierError::Price { tier: 1 }
        );
        assert_eq!(
            t(vec![tier(1, Some(99), 320), tier(100, Some(200), 280)]),
            TierError::End { tier: 1 }
        );
        assert_eq!(
            t(vec![tier(1, None, 320), tier(100, None, 280)]),
            TierError::End { tier: 0 }
        );
        assert_eq!(t(vec![tier(1, Some(0), 320)]), TierError::End { tier: 0 });
        assert_eq!(TierError::Gap { tier: 1 }.key(), "error-tiers-gap");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256)
        ))]

        /// Tiers built end to end with falling prices are accepted; a larger
        /// total never pays more per unit, and the next tier is reached
        /// after exactly the units it names.
        #[test]
        fn more_never_costs_more_per_unit(
            widths in prop::collection::vec(1u64..1_000, 0..6),
            start in 100u64..100_000,
            drops in prop::collection::vec(1u64..50, 6),
            a in 0u64..10_000,
            b in 0u64..10_000,
        ) {
            let mut tiers = Vec::new();
            let (mut from, mut price) = (1, start);
            for (i, w) in widths.iter().enumerate() {
                tiers.push(tier(from, Some(from + w - 1), price));
                from += w;
                price = price.saturating_sub(drops[i]).max(1);
                prop_assume!(price < tiers[i].unit_price);
            }
            tiers.push(tier(from, None, price));
            let t = Tiers::new(tiers).unwrap();
            let (low, high) = (a.min(b), a.max(b));
            prop_assert!(t.at(high).unit_price <= t.at(low).unit_price);
            if let Some((next, more)) = t.next(low) {
                prop_assert_eq!(t.at(low + more), next);
                prop_assert!(t.at(low + more - 1).unit_price > next.unit_price);
            }
        }
    }
}
