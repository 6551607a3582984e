//! Freeco's tallies, pure: each method checks its ballots and counts them.
//! The kernel stores ballots and decisions; this crate only decides.
//!
//! Every tally takes weighted ballots. One person, one vote is weight 1 for
//! everyone; in a collective with colleges (a SCIC), [`college_weights`]
//! gives each ballot its college's weight divided by the college's number
//! of voters, as whole numbers, so that each college counts with its weight
//! whatever its size and no rounding ever decides a result.

pub mod budget;
pub mod deliberation;
pub mod judgment;
pub mod plurality;
pub mod ranked;

/// A ballot's weight in a tally.
pub type Weight = u128;

/// What is wrong with a ballot, so the voter can be told.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BallotError {
    #[error("option {0} does not exist")]
    UnknownOption(usize),
    #[error("an option appears twice")]
    Duplicate,
    #[error("this method needs every option ranked")]
    IncompleteRanking,
    #[error("this method does not allow ties")]
    Tie,
    #[error("a score must be between {min} and {max}")]
    ScoreOutOfRange { min: u32, max: u32 },
    #[error("a ballot must give a value to each option")]
    WrongLength,
    #[error("the allocations exceed the envelope of {0}")]
    OverEnvelope(u64),
    #[error("choose between {min} and {max} options")]
    ChoiceCount { min: usize, max: usize },
}

/// The one option at the head of a ranking (or of a list of leaders), if
/// it is alone there.
pub(crate) fn sole(first: Option<&[usize]>) -> Option<usize> {
    match first {
        Some([one]) => Some(*one),
        _ => None,
    }
}

/// Per-ballot weights for colleges given as (weight, number of voters):
/// each ballot of college `c` weighs `weight_c × L / voters_c`, with `L` the
/// least common multiple of the voters' counts. `None` if the numbers are
/// too large to be exact (far beyond any real collective).
pub fn college_weights(colleges: &[(u32, u64)]) -> Option<Vec<Weight>> {
    fn gcd(a: u128, b: u128) -> u128 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let mut lcm: u128 = 1;
    for &(_, voters) in colleges {
        if voters == 0 {
            continue;
        }
        let v = u128::from(voters);
        lcm = (lcm / gcd(lcm, v)).checked_mul(v)?;
    }
    colleges
        .iter()
        .map(|&(weight, voters)| {
            if voters == 0 {
                Some(0)
            } else {
                (lcm / u128::from(voters)).checked_mul(u128::from(weight))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colleges_count_with_their_weight_whatever_their_size() {
        // 65% for 4 employees, 35% for 30 outside partners.
        let w = college_weights(&[(65, 4), (35, 30)]).unwrap();
        assert_eq!(w[0] * 4 * 35, w[1] * 30 * 65);
        assert_eq!(college_weights(&[(1, 0), (1, 3)]).unwrap()[0], 0);
    }
}
