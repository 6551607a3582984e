//! Participatory budgets: each member spreads an envelope over costed
//! proposals; proposals are funded in order of support while the budget
//! lasts, a proposal that no longer fits being passed over for the next.

use crate::{BallotError, Weight};

/// Checks an allocation: one amount per proposal, in all at most `envelope`.
pub fn check(allocation: &[u64], proposals: usize, envelope: u64) -> Result<(), BallotError> {
    if allocation.len() != proposals {
        return Err(BallotError::WrongLength);
    }
    let total = allocation
        .iter()
        .try_fold(0u64, |sum, a| sum.checked_add(*a));
    match total {
        Some(t) if t <= envelope => Ok(()),
        _ => Err(BallotError::OverEnvelope(envelope)),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetResult {
    /// Weighted support per proposal.
    pub support: Vec<Weight>,
    /// Funded proposals, in the order they were funded.
    pub funded: Vec<usize>,
    /// What the funded proposals cost together.
    pub spent: u64,
}

/// Funds proposals (with their `costs`) from `budget`, most supported
/// first; on equal support the cheaper first, then the earlier one.
/// Proposals nobody supported are not funded.
pub fn tally(ballots: &[(Vec<u64>, Weight)], costs: &[u64], budget: u64) -> BudgetResult {
    let mut support = vec![0 as Weight; costs.len()];
    for (allocation, weight) in ballots {
        for (i, a) in allocation.iter().enumerate().take(costs.len()) {
            support[i] += Weight::from(*a) * weight;
        }
    }
    let mut order: Vec<usize> = (0..costs.len()).filter(|&i| support[i] > 0).collect();
    order.sort_by(|&a, &b| {
        support[b]
            .cmp(&support[a])
            .then(costs[a].cmp(&costs[b]))
            .then(a.cmp(&b))
    });
    let mut funded = Vec::new();
    let mut spent = 0u64;
    for i in order {
        if let Some(total) = spent.checked_add(costs[i]).filter(|t| *t <= budget) {
            spent = total;
            funded.push(i);
        }
    }
    BudgetResult {
        support,
        funded,
        spent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn funds_by_support_and_skips_what_no_longer_fits() {
        // Budget 100: B (most support, 70) then A (60) no longer fits, C (20) does.
        let costs = [60, 70, 20];
        let ballots = vec![
            (vec![10, 30, 0], 1),
            (vec![20, 10, 10], 1),
            (vec![0, 5, 5], 1),
        ];
        let result = tally(&ballots, &costs, 100);
        assert_eq!(result.support, vec![30, 45, 15]);
        assert_eq!(result.funded, vec![1, 2]);
        assert_eq!(result.spent, 90);
        assert_eq!(
            check(&[60, 50], 2, 100),
            Err(BallotError::OverEnvelope(100))
        );
        assert_eq!(check(&[60], 2, 100), Err(BallotError::WrongLength));
    }
}
