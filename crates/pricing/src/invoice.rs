//! An invoice's amounts from what the buyer paid. Shops show prices with
//! VAT; an invoice (and EN 16931) states each line without VAT and works
//! out the VAT per rate from the sum of those lines: `VAT = taxable ×
//! rate`, rounded to the cent (rule BR-CO-17). For each rate, the taxable
//! amount is chosen so that taxable + VAT gives back what was paid; when no
//! whole number of cents does (at 20 %, one total in five or so cannot be
//! reached), the cent left over is the invoice's rounding amount (BT-114),
//! so that what is due is still exactly what was paid. The taxable amount
//! is then shared between the rate's lines in proportion to what each
//! paid, the cents left by the division going to the largest remainders.

use std::collections::BTreeMap;

use crate::{Cents, VatRate, div_round};

/// One line of an invoice: what was paid for it, VAT included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paid {
    pub amount: Cents,
    pub vat: VatRate,
}

/// The VAT of one rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateTotal {
    pub vat: VatRate,
    /// The sum of the rate's lines without VAT.
    pub taxable: Cents,
    /// `taxable × rate`, rounded half up.
    pub tax: Cents,
}

/// An invoice's amounts, in cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// Each line without VAT, in the order given.
    pub net: Vec<Cents>,
    /// Per rate, lowest first.
    pub rates: Vec<RateTotal>,
    /// Lines without VAT, summed.
    pub without_vat: Cents,
    pub vat: Cents,
    /// `without_vat + vat`.
    pub with_vat: Cents,
    /// What was paid less `with_vat`: at most a cent either way per rate.
    pub rounding: i64,
    /// What was paid: `with_vat + rounding`.
    pub paid: Cents,
}

/// The VAT on a taxable amount.
pub fn tax_on(taxable: Cents, vat: VatRate) -> Cents {
    div_round(u128::from(taxable) * u128::from(vat.hundredths()), 10_000) as Cents
}

/// The taxable amount that gives back `paid` with its VAT, or the nearest.
fn taxable_of(paid: Cents, vat: VatRate) -> Cents {
    let guess = paid - vat.inside(paid);
    [guess, guess.saturating_sub(1), guess + 1]
        .into_iter()
        .filter(|t| *t <= paid)
        .find(|t| t + tax_on(*t, vat) == paid)
        .unwrap_or(guess)
}

/// Shares `total` between parts in proportion to `weights` (whose sum is
/// not zero), largest remainders first, ties to the earliest part.
fn share(total: Cents, weights: &[Cents]) -> Vec<Cents> {
    let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    let mut parts: Vec<Cents> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = u128::from(total) * u128::from(*w);
        parts.push((exact / sum) as Cents);
        remainders.push((exact % sum, i));
    }
    let left = total - parts.iter().sum::<Cents>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.into_iter().take(left as usize) {
        parts[i] += 1;
    }
    parts
}

/// An invoice's amounts from its lines as paid.
pub fn totals(lines: &[Paid]) -> Totals {
    let mut by_rate: BTreeMap<VatRate, Vec<usize>> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        by_rate.entry(line.vat).or_default().push(i);
    }
    let mut net = vec![0; lines.len()];
    let mut rates = Vec::with_capacity(by_rate.len());
    for (vat, members) in by_rate {
        let weights: Vec<Cents> = members.iter().map(|i| lines[*i].amount).collect();
        let paid: Cents = weights.iter().sum();
        let taxable = taxable_of(paid, vat);
        if paid > 0 {
            for (i, part) in members.iter().zip(share(taxable, &weights)) {
                net[*i] = part;
            }
        }
        rates.push(RateTotal {
            vat,
            taxable,
            tax: tax_on(taxable, vat),
        });
    }
    let without_vat = rates.iter().map(|r| r.taxable).sum();
    let vat = rates.iter().map(|r| r.tax).sum();
    let with_vat = without_vat + vat;
    let paid: Cents = lines.iter().map(|l| l.amount).sum();
    Totals {
        net,
        rates,
        without_vat,
        vat,
        with_vat,
        rounding: paid as i64 - with_vat as i64,
        paid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rate(h: u16) -> VatRate {
        VatRate::new(h).unwrap()
    }

    #[test]
    fn a_basket_at_two_rates_is_stated_without_vat() {
        // 3 × 2.40 € of vegetables at 5.5 %, a 1.20 € packing fee at 20 %.
        let t = totals(&[
            Paid {
                amount: 720,
                vat: rate(550),
            },
            Paid {
                amount: 120,
                vat: rate(2000),
            },
        ]);
        assert_eq!(t.net, vec![682, 100]);
        assert_eq!(t.rates[0].tax, 38);
        assert_eq!(t.rates[1].tax, 20);
        assert_eq!(
            (t.without_vat, t.vat, t.with_vat, t.rounding),
            (782, 58, 840, 0)
        );
    }

    #[test]
    fn a_total_no_taxable_amount_reaches_leaves_a_cent_of_rounding() {
        // At 20 %: 2 cents taxable → 2 with VAT, 3 → 4: 3 is out of reach.
        let t = totals(&[Paid {
            amount: 3,
            vat: rate(2000),
        }]);
        assert_eq!(t.with_vat + t.rounding as u64, 3);
        assert_eq!(t.rounding.abs(), 1);
    }

    proptest! {
        #[test]
        fn the_amounts_add_up_to_what_was_paid(
            lines in prop::collection::vec(
                (0u64..2_000_000, prop::sample::select(VatRate::FRENCH.to_vec())),
                1..30,
            )
        ) {
            let lines: Vec<Paid> = lines
                .into_iter()
                .map(|(amount, h)| Paid { amount, vat: rate(h) })
                .collect();
            let t = totals(&lines);
            prop_assert_eq!(t.paid, lines.iter().map(|l| l.amount).sum::<u64>());
            prop_assert_eq!(t.with_vat as i64 + t.rounding, t.paid as i64);
            prop_assert!(t.rounding.unsigned_abs() <= t.rates.len() as u64);
            prop_assert_eq!(t.net.iter().sum::<u64>(), t.without_vat);
            for r in &t.rates {
                prop_assert_eq!(r.tax, tax_on(r.taxable, r.vat));
                let nets: u64 = lines
                    .iter()
                    .zip(&t.net)
                    .filter(|(l, _)| l.vat == r.vat)
                    .map(|(_, n)| *n)
                    .sum();
                prop_assert_eq!(nets, r.taxable);
            }
            for (line, net) in lines.iter().zip(&t.net) {
                prop_assert!(*net <= line.amount);
            }
        }
    }
}
