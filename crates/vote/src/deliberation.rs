//! Consent and consensus: decisions that pass unless someone objects, or
//! unless too many disagree.

use crate::Weight;

/// A consent ballot: a reasoned objection sends the proposal back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    NoObjection,
    Objection,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentResult {
    pub no_objection: Weight,
    pub objections: Weight,
    /// Passed: nobody objected (and someone voted).
    pub passed: bool,
}

pub fn consent(ballots: &[(Consent, Weight)]) -> ConsentResult {
    let weigh = |kind| -> Weight { ballots.iter().filter(|b| b.0 == kind).map(|b| b.1).sum() };
    let (no_objection, objections) = (weigh(Consent::NoObjection), weigh(Consent::Objection));
    let objected = ballots.iter().any(|b| b.0 == Consent::Objection);
    ConsentResult {
        no_objection,
        objections,
        passed: !ballots.is_empty() && !objected,
    }
}

/// A consensus ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    Agree,
    Abstain,
    Disagree,
    Block,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsensusResult {
    pub agree: Weight,
    pub abstain: Weight,
    pub disagree: Weight,
    pub blocks: Weight,
    pub passed: bool,
}

/// Fails on any block, or when the disagreeing weight is more than
/// `max_disagree` (numerator, denominator) of all the weight cast; also
/// fails when nobody agrees.
pub fn consensus(ballots: &[(Stance, Weight)], max_disagree: (u32, u32)) -> ConsensusResult {
    let weigh = |kind| -> Weight { ballots.iter().filter(|b| b.0 == kind).map(|b| b.1).sum() };
    let (agree, abstain, disagree, blocks) = (
        weigh(Stance::Agree),
        weigh(Stance::Abstain),
        weigh(Stance::Disagree),
        weigh(Stance::Block),
    );
    let blocked = ballots.iter().any(|b| b.0 == Stance::Block);
    let cast = agree + abstain + disagree + blocks;
    let (num, den) = (
        Weight::from(max_disagree.0),
        Weight::from(max_disagree.1.max(1)),
    );
    let too_many = disagree * den > num * cast;
    ConsensusResult {
        agree,
        abstain,
        disagree,
        blocks,
        passed: !blocked && !too_many && agree > 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_objection_or_one_block_is_enough() {
        assert!(consent(&[(Consent::NoObjection, 1), (Consent::NoObjection, 1)]).passed);
        assert!(!consent(&[(Consent::NoObjection, 1), (Consent::Objection, 1)]).passed);
        assert!(!consent(&[]).passed);
        let agree = (Stance::Agree, 1);
        assert!(consensus(&[agree, agree, (Stance::Disagree, 1)], (1, 3)).passed);
        assert!(
            !consensus(
                &[agree, (Stance::Disagree, 1), (Stance::Disagree, 1)],
                (1, 3)
            )
            .passed
        );
        assert!(!consensus(&[agree, agree, (Stance::Block, 1)], (1, 3)).passed);
        assert!(!consensus(&[(Stance::Abstain, 1)], (1, 3)).passed);
    }
}
