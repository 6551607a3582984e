//! Majority judgment (Balinski and Laraki): every voter grades every
//! option; an option's majority grade is its lower median grade, and ties
//! are broken by the majority value — the sequence of medians obtained by
//! removing the median grade one vote at a time — compared in order.
//!
//! Grades are `0..grades`, 0 the worst (e.g. "to reject"). Counting works on
//! each option's merit profile (the weight per grade), so a million ballots
//! cost one pass, and the tie-break steps over runs of equal medians instead
//! of single votes.

use std::cmp::Ordering;

use crate::{BallotError, Weight};

/// Checks a ballot: one grade per option, each below `grades`.
pub fn check(ballot: &[u8], options: usize, grades: u8) -> Result<(), BallotError> {
    if ballot.len() != options {
        return Err(BallotError::WrongLength);
    }
    if ballot.iter().any(|g| *g >= grades) {
        return Err(BallotError::ScoreOutOfRange {
            min: 0,
            max: u32::from(grades) - 1,
        });
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgmentResult {
    /// Per option, the weight given to each grade (its merit profile).
    pub profiles: Vec<Vec<Weight>>,
    /// Per option, its majority grade.
    pub majority_grades: Vec<u8>,
    /// Options from best to worst; options in the same group are tied all the way.
    pub ranking: Vec<Vec<usize>>,
}

impl JudgmentResult {
    pub fn winner(&self) -> Option<usize> {
        crate::sole(self.ranking.first().map(Vec::as_slice))
    }
}

/// The lower median of a profile: the lowest grade at or below which lies
/// at least half of the weight.
pub fn median(profile: &[Weight]) -> u8 {
    let total: Weight = profile.iter().sum();
    let mut below = 0;
    for (grade, w) in profile.iter().enumerate() {
        below += w;
        if below * 2 >= total && below > 0 {
            return grade as u8;
        }
    }
    0
}

/// The median of `profile` and for how many removals in a row it stays so.
fn median_run(profile: &[Weight]) -> (usize, Weight) {
    let total: Weight = profile.iter().sum();
    let m = median(profile) as usize;
    let below: Weight = profile[..m].iter().sum();
    let at = profile[m];
    // Removing k votes of grade m keeps m the median while
    // 2(below + at - k) >= total - k and 2 below < total - k.
    let run = (2 * (below + at) - total).min(total - 2 * below - 1) + 1;
    (m, run)
}

/// Compares two options' majority values; both profiles hold the same
/// total weight (every ballot grades every option).
pub fn compare(a: &[Weight], b: &[Weight]) -> Ordering {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    loop {
        let total_a: Weight = a.iter().sum();
        let total_b: Weight = b.iter().sum();
        if total_a == 0 || total_b == 0 {
            return total_a.cmp(&total_b);
        }
        let (ma, ra) = median_run(&a);
        let (mb, rb) = median_run(&b);
        if ma != mb {
            return ma.cmp(&mb);
        }
        let step = ra.min(rb);
        a[ma] -= step;
        b[mb] -= step;
    }
}

pub fn tally(ballots: &[(Vec<u8>, Weight)], options: usize, grades: u8) -> JudgmentResult {
    let mut profiles = vec![vec![0 as Weight; usize::from(grades)]; options];
    for (ballot, weight) in ballots {
        for (option, grade) in ballot.iter().enumerate().take(options) {
            if let Some(slot) = profiles[option].get_mut(usize::from(*grade)) {
                *slot += weight;
            }
        }
    }
    let majority_grades = profiles.iter().map(|p| median(p)).collect();
    let mut order: Vec<usize> = (0..options).collect();
    order.sort_by(|&x, &y| compare(&profiles[y], &profiles[x]).then(x.cmp(&y)));
    let mut ranking: Vec<Vec<usize>> = Vec::new();
    for option in order {
        match ranking.last_mut() {
            Some(group) if compare(&profiles[group[0]], &profiles[option]) == Ordering::Equal => {
                group.push(option)
            }
            _ => ranking.push(vec![option]),
        }
    }
    JudgmentResult {
        profiles,
        majority_grades,
        ranking,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_the_tie_break() {
        // Grades of 4 voters: lower median.
        assert_eq!(median(&[1, 1, 1, 1]), 1);
        assert_eq!(median(&[0, 2, 0, 3]), 3);
        // Both have median 2; A has more above it than B has below.
        let a = [0, 1, 2, 2];
        let b = [2, 0, 3, 0];
        assert_eq!(compare(&a, &b), Ordering::Greater);
        assert_eq!(compare(&a, &a), Ordering::Equal);
        assert_eq!(
            check(&[0, 6], 2, 6),
            Err(BallotError::ScoreOutOfRange { min: 0, max: 5 })
        );
    }
}
