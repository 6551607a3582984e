//! Counting methods: majority (simple, absolute, qualified) over one
//! choice, approval over a set of choices, and score.

use crate::{BallotError, Weight};

/// Which majority a choice needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Majority {
    /// The most votes wins (a tie elects nobody).
    Simple,
    /// More than half of the votes cast (blank ballots are not cast).
    Absolute,
    /// At least `num / den` of the votes cast, e.g. 2/3.
    Qualified { num: u32, den: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// Weight per option, in the options' order.
    pub totals: Vec<Weight>,
    /// Weight of blank ballots (counted for turnout, not as cast).
    pub blank: Weight,
    /// The options with the highest total (several on a tie; none if no votes).
    pub leaders: Vec<usize>,
    /// The option elected, if the rule is met by exactly one leader.
    pub winner: Option<usize>,
}

fn leaders(totals: &[Weight]) -> Vec<usize> {
    let top = totals.iter().copied().max().unwrap_or(0);
    if top == 0 {
        return Vec::new();
    }
    (0..totals.len()).filter(|&i| totals[i] == top).collect()
}

/// Checks a single-choice ballot (`None` is blank).
pub fn check_choice(choice: Option<usize>, options: usize) -> Result<(), BallotError> {
    match choice {
        Some(c) if c >= options => Err(BallotError::UnknownOption(c)),
        _ => Ok(()),
    }
}

pub fn majority(ballots: &[(Option<usize>, Weight)], options: usize, rule: Majority) -> Count {
    let mut totals = vec![0; options];
    let mut blank = 0;
    for &(choice, weight) in ballots {
        match choice {
            Some(c) if c < options => totals[c] += weight,
            _ => blank += weight,
        }
    }
    let cast: Weight = totals.iter().sum();
    let leaders = leaders(&totals);
    let winner = match leaders.as_slice() {
        [one] => {
            let got = totals[*one];
            let met = match rule {
                Majority::Simple => true,
                Majority::Absolute => got * 2 > cast,
                Majority::Qualified { num, den } => {
                    got * Weight::from(den) >= Weight::from(num) * cast
                }
            };
            met.then_some(*one)
        }
        _ => None,
    };
    Count {
        totals,
        blank,
        leaders,
        winner,
    }
}

/// Checks an approval ballot: distinct, existing options, between `min`
/// and `max` of them.
pub fn check_approval(
    choices: &[usize],
    options: usize,
    min: usize,
    max: usize,
) -> Result<(), BallotError> {
    if let Some(&c) = choices.iter().find(|&&c| c >= options) {
        return Err(BallotError::UnknownOption(c));
    }
    let mut seen = choices.to_vec();
    seen.sort_unstable();
    seen.dedup();
    if seen.len() != choices.len() {
        return Err(BallotError::Duplicate);
    }
    if choices.len() < min || choices.len() > max {
        return Err(BallotError::ChoiceCount { min, max });
    }
    Ok(())
}

pub fn approval(ballots: &[(Vec<usize>, Weight)], options: usize) -> Count {
    let mut totals = vec![0; options];
    let mut blank = 0;
    for (choices, weight) in ballots {
        if choices.is_empty() {
            blank += weight;
        }
        for &c in choices.iter().filter(|&&c| c < options) {
            totals[c] += weight;
        }
    }
    let leaders = leaders(&totals);
    let winner = crate::sole(Some(&leaders));
    Count {
        totals,
        blank,
        leaders,
        winner,
    }
}

/// Checks a score ballot: one score per option, each in `min..=max`.
pub fn check_scores(scores: &[u32], options: usize, min: u32, max: u32) -> Result<(), BallotError> {
    if scores.len() != options {
        return Err(BallotError::WrongLength);
    }
    if scores.iter().any(|s| *s < min || *s > max) {
        return Err(BallotError::ScoreOutOfRange { min, max });
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreResult {
    /// Weighted sum of the scores per option.
    pub totals: Vec<Weight>,
    /// The weight of the ballots counted.
    pub weight: Weight,
    pub leaders: Vec<usize>,
    pub winner: Option<usize>,
}

impl ScoreResult {
    /// An option's average score, in hundredths (rounded down).
    pub fn average_hundredths(&self, option: usize) -> Weight {
        (self.totals[option] * 100)
            .checked_div(self.weight)
            .unwrap_or(0)
    }
}

pub fn score(ballots: &[(Vec<u32>, Weight)], options: usize) -> ScoreResult {
    let mut totals = vec![0; options];
    let mut weight = 0;
    for (scores, w) in ballots {
        weight += w;
        for (i, s) in scores.iter().enumerate().take(options) {
            totals[i] += Weight::from(*s) * w;
        }
    }
    let leaders = leaders(&totals);
    let winner = crate::sole(Some(&leaders));
    ScoreResult {
        totals,
        weight,
        leaders,
        winner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majorities() {
        let b = |c: Option<usize>| (c, 1);
        let votes = [b(Some(0)), b(Some(0)), b(Some(1)), b(None)];
        assert_eq!(majority(&votes, 2, Majority::Simple).winner, Some(0));
        // 2 of 3 cast: an absolute majority, and exactly two thirds.
        assert_eq!(majority(&votes, 2, Majority::Absolute).winner, Some(0));
        let two_thirds = Majority::Qualified { num: 2, den: 3 };
        assert_eq!(majority(&votes, 2, two_thirds).winner, Some(0));
        let three_quarters = Majority::Qualified { num: 3, den: 4 };
        assert_eq!(majority(&votes, 2, three_quarters).winner, None);
        assert_eq!(
            majority(&[b(Some(0)), b(Some(1))], 2, Majority::Simple).winner,
            None
        );
        assert_eq!(check_choice(Some(2), 2), Err(BallotError::UnknownOption(2)));
        assert_eq!(
            check_approval(&[0, 0], 2, 0, 2),
            Err(BallotError::Duplicate)
        );
        assert_eq!(
            check_scores(&[6, 0], 2, 0, 5),
            Err(BallotError::ScoreOutOfRange { min: 0, max: 5 })
        );
    }
}
