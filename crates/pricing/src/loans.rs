//! Loans' repayment schedules, exact in cents: a principal lent at a fixed
//! annual rate (or none), repaid in `count` instalments every
//! `months_between` months, either in equal instalments (an annuity: the
//! same total each time, its interest part shrinking) or in equal
//! principal (the same share of principal each time, plus the interest on
//! what is still owed). Interest on each instalment is the rate on what is
//! still owed for its period, rounded half up to the cent. The principal
//! parts always sum to the principal exactly: the rounding of every
//! instalment before it is caught up on the last one.
//!
//! And how repayments are shared among lenders by what each lent: an
//! instalment's interest pro rata ([`pro_rata`], largest remainders), its
//! principal so that each lender gets back exactly what it lent over the
//! schedule ([`principal_shares`]).

use serde::{Deserialize, Serialize};

/// How a loan is repaid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Amortisation {
    /// The same total at each instalment (the last one catches the cents).
    EqualInstalments,
    /// The same principal at each instalment, interest on top.
    EqualPrincipal,
}

/// What is lent and how it is repaid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    /// In cents, more than 0.
    pub principal: u64,
    /// The annual interest rate in basis points (0: interest-free).
    pub rate_bp: u32,
    /// How many instalments, at least 1.
    pub count: u32,
    /// Months between two instalments (1 monthly, 3 quarterly, 12 yearly).
    pub months_between: u32,
    pub kind: Amortisation,
}

/// One instalment of a schedule, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instalment {
    /// From 1.
    pub number: u32,
    pub principal: u64,
    pub interest: u64,
    /// `principal + interest`: what the borrower pays.
    pub total: u64,
    /// What is still owed after it.
    pub remaining: u64,
}

/// Why terms have no schedule. Each is a message key of the modules'
/// translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LoanError {
    #[error("error-loan-principal")]
    Principal,
    #[error("error-loan-rate")]
    Rate,
    #[error("error-loan-count")]
    Count,
    #[error("error-loan-period")]
    Period,
}

/// The largest principal, in cents (the ledger's largest amount is far
/// above): 100 million euros.
pub const MAX_PRINCIPAL: u64 = 10_000_000_000;
/// The largest annual rate: 20 %, above any legal usury rate.
pub const MAX_RATE_BP: u32 = 2_000;
/// At most one instalment a month for 30 years.
pub const MAX_COUNT: u32 = 360;

/// The interest on `owed` for `months` at `rate_bp` a year, rounded half up.
fn interest(owed: u64, rate_bp: u32, months: u32) -> u64 {
    let numerator = u128::from(owed) * u128::from(rate_bp) * u128::from(months);
    let denominator: u128 = 12 * 10_000;
    ((numerator * 2 + denominator) / (2 * denominator)) as u64
}

/// The schedule of `terms`, instalment by instalment.
pub fn schedule(terms: &Terms) -> Result<Vec<Instalment>, LoanError> {
    if terms.principal == 0 || terms.principal > MAX_PRINCIPAL {
        return Err(LoanError::Principal);
    }
    if terms.rate_bp > MAX_RATE_BP {
        return Err(LoanError::Rate);
    }
    if terms.count == 0 || terms.count > MAX_COUNT {
        return Err(LoanError::Count);
    }
    if !(1..=12).contains(&terms.months_between) {
        return Err(LoanError::Period);
    }
    let n = u64::from(terms.count);
    let equal_principal = terms.principal / n;
    let annuity = annuity(terms);
    let mut owed = terms.principal;
    let mut out = Vec::with_capacity(terms.count as usize);
    for number in 1..=terms.count {
        let interest = interest(owed, terms.rate_bp, terms.months_between);
        let principal = if number == terms.count {
            owed
        } else {
            match terms.kind {
                Amortisation::EqualPrincipal => equal_principal,
                Amortisation::EqualInstalments => annuity.saturating_sub(interest),
            }
            .min(owed)
        };
        owed -= principal;
        out.push(Instalment {
            number,
            principal,
            interest,
            total: principal + interest,
            remaining: owed,
        });
    }
    Ok(out)
}

/// The equal total of an annuity, rounded to the nearest cent:
/// `P·r / (1 − (1 + r)^−n)` for the period's rate `r`, or `P / n` without
/// interest. Computed in floating point: its rounding only moves cents
/// between instalments, and the last one takes what is left, so the
/// schedule stays exact.
fn annuity(terms: &Terms) -> u64 {
    let n = f64::from(terms.count);
    let p = terms.principal as f64;
    if terms.rate_bp == 0 {
        return (p / n).round() as u64;
    }
    let r = f64::from(terms.rate_bp) * f64::from(terms.months_between) / 120_000.0;
    (p * r / (1.0 - (1.0 + r).powf(-n))).round() as u64
}

/// Splits `amount` among shares in proportion to their weights (what each
/// lender lent), each part rounded down and the cents left given one each
/// to the largest remainders (the first of equal ones): the parts sum to
/// `amount` exactly, and none is more than a cent from its exact share.
/// All weights 0: all to nobody (every part 0), unless `amount` is 0 too.
pub fn pro_rata(amount: u64, weights: &[u64]) -> Vec<u64> {
    let total: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    if total == 0 {
        return vec![0; weights.len()];
    }
    let mut parts: Vec<u64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = u128::from(amount) * u128::from(*w);
        parts.push((exact / total) as u64);
        remainders.push((exact % total, i));
    }
    let given: u64 = parts.iter().sum();
    let mut left = amount - given;
    // Largest remainder first; among equals, the earlier share.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
}

/// How each instalment's principal is shared among lenders by what each
/// lent (`weights`, summing to the principals' total): row k splits
/// instalment k. Each row sums to its instalment's principal; each lender's
/// column sums to what it lent; and after each instalment every lender has
/// its largest-remainder share of all the principal repaid so far, or a
/// cent more (a share never shrinks, so none gives a cent back). Splitting
/// each instalment alone would let the cents drift: a lender could get a
/// cent more or less than it lent.
pub fn principal_shares(principals: &[u64], weights: &[u64]) -> Vec<Vec<u64>> {
    let mut received = vec![0u64; weights.len()];
    let mut through = 0u64;
    let mut rows = Vec::with_capacity(principals.len());
    for &principal in principals {
        through += principal;
        let target = pro_rata(through, weights);
        let mut parts: Vec<u64> = target
            .iter()
            .zip(&received)
            .map(|(t, r)| t.saturating_sub(*r))
            .collect();
        // A share that would shrink (the largest remainders moved) keeps
        // what it has: the cents it would give back come off the largest
        // parts (the first of equals) instead.
        let mut excess = parts.iter().sum::<u64>().saturating_sub(principal);
        while excess > 0 {
            let Some(largest) =
                (0..parts.len()).max_by(|&a, &b| parts[a].cmp(&parts[b]).then(b.cmp(&a)))
            else {
                break;
            };
            parts[largest] -= 1;
            excess -= 1;
        }
        for (r, part) in received.iter_mut().zip(&parts) {
            *r += part;
        }
        rows.push(parts);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn terms(principal: u64, rate_bp: u32, count: u32, kind: Amortisation) -> Terms {
        Terms {
            principal,
            rate_bp,
            count,
            months_between: 1,
            kind,
        }
    }

    #[test]
    fn an_interest_free_loan_splits_its_principal_the_rest_on_the_last() {
        let s = schedule(&terms(100_000, 0, 3, Amortisation::EqualPrincipal)).unwrap();
        let totals: Vec<u64> = s.iter().map(|i| i.total).collect();
        assert_eq!(totals, vec![33_333, 33_333, 33_334]);
        assert!(s.iter().all(|i| i.interest == 0));
        assert_eq!(s[2].remaining, 0);
    }

    #[test]
    fn an_annuity_matches_the_textbook_figures() {
        // 10,000 € at 3 % a year over 12 months: 846.94 € a month, as any
        // loan calculator says; each month's interest rounded to the cent
        // leaves the last one 3 cents lighter, 163.25 € of interest in all.
        let s = schedule(&terms(1_000_000, 300, 12, Amortisation::EqualInstalments)).unwrap();
        assert!(s[..11].iter().all(|i| i.total == 84_694), "{s:?}");
        assert_eq!(s[11].total, 84_691);
        assert_eq!(s[0].interest, 2_500);
        let interest: u64 = s.iter().map(|i| i.interest).sum();
        assert_eq!(interest, 16_325, "{s:?}");
        assert_eq!(s.iter().map(|i| i.principal).sum::<u64>(), 1_000_000);
    }

    #[test]
    fn equal_principal_pays_less_interest_each_time() {
        let s = schedule(&terms(1_200_000, 400, 12, Amortisation::EqualPrincipal)).unwrap();
        assert!(s.iter().all(|i| i.principal == 100_000));
        assert_eq!(s[0].interest, 4_000);
        assert!(s.windows(2).all(|w| w[1].interest < w[0].interest));
    }

    #[test]
    fn terms_out_of_bounds_have_no_schedule() {
        let ok = terms(1000, 100, 3, Amortisation::EqualInstalments);
        assert_eq!(
            schedule(&Terms { principal: 0, ..ok }),
            Err(LoanError::Principal)
        );
        assert_eq!(
            schedule(&Terms {
                rate_bp: 2001,
                ..ok
            }),
            Err(LoanError::Rate)
        );
        assert_eq!(schedule(&Terms { count: 0, ..ok }), Err(LoanError::Count));
        assert_eq!(
            schedule(&Terms {
                months_between: 13,
                ..ok
            }),
            Err(LoanError::Period)
        );
    }

    #[test]
    fn lenders_get_back_to_the_cent_what_they_lent() {
        // 400 € lent 300 and 100, repaid 133.33, 133.33, 133.34: split
        // alone, each instalment would give the first lender 100.00.
        let rows = principal_shares(&[13333, 13333, 13334], &[30000, 10000]);
        let firsts: u64 = rows.iter().map(|r| r[0]).sum();
        let seconds: u64 = rows.iter().map(|r| r[1]).sum();
        assert_eq!((firsts, seconds), (30000, 10000));
        assert!(
            rows.iter()
                .zip([13333, 13333, 13334])
                .all(|(r, p)| r[0] + r[1] == p)
        );
    }

    #[test]
    fn pro_rata_gives_the_cents_left_to_the_largest_remainders() {
        assert_eq!(pro_rata(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(pro_rata(1000, &[200_000, 50_000, 0]), vec![800, 200, 0]);
        assert_eq!(pro_rata(5, &[0, 0]), vec![0, 0]);
    }

    fn any_terms() -> impl Strategy<Value = Terms> {
        (
            1..=MAX_PRINCIPAL,
            0..=MAX_RATE_BP,
            1..=MAX_COUNT,
            prop_oneof![Just(1u32), Just(3), Just(6), Just(12)],
            prop_oneof![
                Just(Amortisation::EqualInstalments),
                Just(Amortisation::EqualPrincipal)
            ],
        )
            .prop_map(|(principal, rate_bp, count, months_between, kind)| Terms {
                principal,
                rate_bp,
                count,
                months_between,
                kind,
            })
    }

    proptest! {
        #[test]
        fn every_schedule_repays_the_principal_to_the_cent(t in any_terms()) {
            let s = schedule(&t).unwrap();
            prop_assert_eq!(s.len(), t.count as usize);
            prop_assert_eq!(s.iter().map(|i| i.principal).sum::<u64>(), t.principal);
            prop_assert_eq!(s.last().unwrap().remaining, 0);
            let mut owed = t.principal;
            for i in &s {
                prop_assert_eq!(i.total, i.principal + i.interest);
                // The interest is the rate on what was owed, to the cent.
                prop_assert_eq!(i.interest, interest(owed, t.rate_bp, t.months_between));
                owed -= i.principal;
                prop_assert_eq!(i.remaining, owed);
            }
            if t.rate_bp == 0 {
                prop_assert!(s.iter().all(|i| i.interest == 0));
            }
        }

        #[test]
        fn the_rounding_falls_on_the_last_instalment(t in any_terms()) {
            let s = schedule(&t).unwrap();
            let before_last = &s[..s.len() - 1];
            match t.kind {
                Amortisation::EqualPrincipal => {
                    let share = t.principal / u64::from(t.count);
                    prop_assert!(before_last.iter().all(|i| i.principal == share));
                    let last = s.last().unwrap().principal;
                    prop_assert!(last >= share && last - share < u64::from(t.count));
                }
                Amortisation::EqualInstalments => {
                    // The same total each time while the principal lasts.
                    let first = s[0].total;
                    prop_assert!(before_last.iter().all(|i| i.total == first || i.remaining == 0));
                }
            }
        }

        #[test]
        fn every_lender_gets_back_exactly_what_it_lent(
            t in any_terms(),
            lent in proptest::collection::vec(1u64..500_000, 1..40),
        ) {
            let principal: u64 = lent.iter().sum();
            let s = schedule(&Terms { principal, ..t }).unwrap();
            let principals: Vec<u64> = s.iter().map(|i| i.principal).collect();
            let rows = principal_shares(&principals, &lent);
            let mut received = vec![0u64; lent.len()];
            let mut through = 0u64;
            for (row, p) in rows.iter().zip(&principals) {
                prop_assert_eq!(row.iter().sum::<u64>(), *p);
                through += p;
                for (r, part) in received.iter_mut().zip(row) {
                    *r += part;
                }
                // Within a cent of each lender's exact share so far.
                for (r, w) in received.iter().zip(&lent) {
                    let exact = u128::from(through) * u128::from(*w);
                    let floor = (exact / u128::from(principal)) as u64;
                    prop_assert!(*r + 1 >= floor && *r <= floor + 1, "{} vs {}", r, floor);
                }
            }
            prop_assert_eq!(received, lent);
        }

        #[test]
        fn pro_rata_parts_sum_to_the_amount_each_within_a_cent(
            amount in 0u64..10_000_000_000,
            weights in proptest::collection::vec(0u64..100_000_000, 1..50),
        ) {
            let parts = pro_rata(amount, &weights);
            let total: u128 = weights.iter().map(|w| u128::from(*w)).sum();
            prop_assume!(total > 0);
            prop_assert_eq!(parts.iter().sum::<u64>(), amount);
            for (part, w) in parts.iter().zip(&weights) {
                let exact = u128::from(amount) * u128::from(*w);
                let floor = (exact / total) as u64;
                prop_assert!(*part == floor || *part == floor + 1);
            }
        }
    }
}
