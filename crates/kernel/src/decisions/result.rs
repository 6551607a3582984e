//! A closed decision's result, typed: what `Decision.result` carries, what
//! the `decision.result` log entry holds, and what `freeco verify` recounts.
//!
//! Counts of ballots are strings of decimal digits: with colleges, a
//! ballot's weight is a large integer (the colleges' sizes multiplied
//! together), which JSON numbers could not carry exactly. Option indices,
//! grades and amounts of money are numbers.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the count of a closed decision says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DecisionResult {
    /// Members who could vote at the close.
    pub eligible: i64,
    /// Members who voted.
    pub voters: i64,
    /// Whether enough of them voted; without it, nothing passes.
    pub quorum_met: bool,
    /// Whether colleges weigh the `tally`.
    #[serde(default)]
    pub weighted: bool,
    /// The count that decides: weighted by colleges when `weighted`.
    pub tally: Tally,
    /// When colleges weigh: the count of one person, one vote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<Tally>,
    /// When colleges weigh: each college's own count (for a secret decision,
    /// only colleges with at least `college_results_min` voters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colleges: Option<Vec<CollegeTally>>,
    /// For a secret decision counted by college: the fewest voters a college
    /// needs for its own count to be shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub college_results_min: Option<u32>,
}

/// One college's own count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CollegeTally {
    /// The college's id.
    pub college: String,
    /// How many of its members voted.
    pub ballots: usize,
    pub tally: Tally,
}

/// The count of one method. Each has fields no other has and refuses
/// unknown ones, so exactly one of them describes a given count. Counts of
/// ballots (totals, profiles, pairwise counts) are strings of decimal
/// digits: weighted by colleges, a ballot counts for a very large integer,
/// which a JSON number cannot carry exactly. Option indices, grades and
/// amounts of money are numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Tally {
    /// Consensus: agreement, with at most the allowed share of disagreement
    /// and no block.
    Consensus(ConsensusTally),
    /// Consent: passes without objection.
    Consent(ConsentTally),
    /// Majority: the option with the most votes wins if it reaches the
    /// threshold; for a decision that acts, option 0 is "for".
    Majority(MajorityTally),
    /// Score: the highest total wins.
    Score(ScoreTally),
    /// Approval: the most approved option wins.
    Approval(ApprovalTally),
    /// Majority judgment: the best median grade wins.
    Judgment(JudgmentTally),
    /// Schulze (ranked, Condorcet).
    Schulze(SchulzeTally),
    /// Instant runoff: the weakest option is eliminated each round.
    InstantRunoff(InstantRunoffTally),
    /// Participatory budget: proposals funded by support, within the budget.
    Budget(BudgetTally),
}

/// Consensus: agreement, with at most the allowed share of disagreement
/// and no block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsensusTally {
    pub passed: bool,
    pub agree: String,
    pub abstain: String,
    pub disagree: String,
    pub blocks: String,
}

/// Consent: passes without objection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentTally {
    pub passed: bool,
    pub no_objection: String,
    pub objections: String,
}

/// Majority: the option with the most votes wins if it reaches the
/// threshold; for a decision that acts, option 0 is "for".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MajorityTally {
    /// The winning option, if one reached the threshold alone.
    pub winner: Option<usize>,
    /// Votes per option.
    pub totals: Vec<String>,
    /// Blank votes.
    pub blank: String,
    /// The options with the most votes.
    pub leaders: Vec<usize>,
}

/// Score: the highest total wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreTally {
    pub winner: Option<usize>,
    pub totals: Vec<String>,
    /// Each option's average score, times 100.
    pub average_hundredths: Vec<String>,
    pub leaders: Vec<usize>,
}

/// Approval: the most approved option wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalTally {
    pub winner: Option<usize>,
    pub totals: Vec<String>,
    pub leaders: Vec<usize>,
}

/// Majority judgment: the best median grade wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JudgmentTally {
    pub winner: Option<usize>,
    /// Each option's median grade (0 is the lowest).
    pub majority_grades: Vec<u8>,
    /// Per option, the votes each grade got, lowest grade first.
    pub profiles: Vec<Vec<String>>,
    /// Options from best to worst; tied options share a place.
    pub ranking: Vec<Vec<usize>>,
}

/// Schulze (ranked, Condorcet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchulzeTally {
    pub winner: Option<usize>,
    /// Options from best to worst; tied options share a place.
    pub ranking: Vec<Vec<usize>>,
    /// `pairwise[a][b]`: voters preferring option a to option b.
    pub pairwise: Vec<Vec<String>>,
    /// `strongest[a][b]`: the strength of the strongest path from a to b.
    pub strongest: Vec<Vec<String>>,
}

/// Instant runoff: the weakest option is eliminated each round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstantRunoffTally {
    pub winner: Option<usize>,
    pub rounds: Vec<RunoffRound>,
}

/// Participatory budget: proposals funded by support, within the budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetTally {
    /// Funded proposals, in the order they were funded.
    pub funded: Vec<usize>,
    /// What they cost together, in minor units.
    pub spent: u64,
    /// What voters gave each proposal, in minor units.
    pub support: Vec<String>,
}

/// One round of an instant runoff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunoffRound {
    /// Votes per option still in the race (0 for those out).
    pub totals: Vec<String>,
    /// Ballots that rank no option still in the race.
    pub exhausted: String,
    /// The option eliminated after this round.
    pub eliminated: Option<usize>,
}

impl Tally {
    /// The option that won, for the methods that name one.
    pub fn winner(&self) -> Option<usize> {
        match self {
            Tally::Majority(t) => t.winner,
            Tally::Score(t) => t.winner,
            Tally::Approval(t) => t.winner,
            Tally::Judgment(t) => t.winner,
            Tally::Schulze(t) => t.winner,
            Tally::InstantRunoff(t) => t.winner,
            Tally::Consensus(_) | Tally::Consent(_) | Tally::Budget(_) => None,
        }
    }

    /// The options tied for first place, when several are (Schulze and
    /// majority judgment rank the options; the others name one winner).
    pub fn tied(&self) -> &[usize] {
        let ranking = match self {
            Tally::Schulze(t) => &t.ranking,
            Tally::Judgment(t) => &t.ranking,
            _ => return &[],
        };
        match ranking.first() {
            Some(first) if first.len() > 1 => first,
            _ => &[],
        }
    }

    /// Whether consent or consensus passed (`None` for the other methods).
    pub fn passed(&self) -> Option<bool> {
        match self {
            Tally::Consensus(t) => Some(t.passed),
            Tally::Consent(t) => Some(t.passed),
            _ => None,
        }
    }

    /// The funded proposals of a budget (empty for the other methods).
    pub fn funded(&self) -> &[usize] {
        match self {
            Tally::Budget(t) => &t.funded,
            _ => &[],
        }
    }
}

/// What [`super::count`] finds: the deciding tally and, with colleges, the
/// raw one and each college's.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub tally: Tally,
    pub raw: Option<Tally>,
    pub colleges: Option<Vec<CollegeTally>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// How many of the methods' shapes read `v`: the schema's `oneOf` needs one.
    fn shapes_reading(v: &Value) -> usize {
        fn reads<T: serde::de::DeserializeOwned>(v: &Value) -> usize {
            usize::from(serde_json::from_value::<T>(v.clone()).is_ok())
        }
        reads::<ConsensusTally>(v)
            + reads::<ConsentTally>(v)
            + reads::<MajorityTally>(v)
            + reads::<ScoreTally>(v)
            + reads::<ApprovalTally>(v)
            + reads::<JudgmentTally>(v)
            + reads::<SchulzeTally>(v)
            + reads::<InstantRunoffTally>(v)
            + reads::<BudgetTally>(v)
    }

    #[test]
    fn each_count_reads_as_its_own_method_only() {
        let counts = [
            json!({"passed": true, "agree": "2", "abstain": "0", "disagree": "1", "blocks": "0"}),
            json!({"passed": false, "no_objection": "2", "objections": "1"}),
            json!({"winner": 0, "totals": ["2", "1"], "blank": "0", "leaders": [0]}),
            json!({"winner": null, "totals": ["2", "2"], "average_hundredths": ["300", "300"], "leaders": [0, 1]}),
            json!({"winner": 1, "totals": ["1", "2"], "leaders": [1]}),
            json!({"winner": 1, "majority_grades": [2, 4], "profiles": [["1", "2"], ["0", "3"]], "ranking": [[1], [0]]}),
            json!({"winner": 0, "ranking": [[0], [1]], "pairwise": [["0", "2"], ["1", "0"]], "strongest": [["0", "2"], ["0", "0"]]}),
            json!({"winner": 1, "rounds": [{"totals": ["1", "2"], "exhausted": "0", "eliminated": null}]}),
            json!({"funded": [0], "spent": 20000, "support": ["30000", "10000"]}),
        ];
        for count in &counts {
            assert_eq!(shapes_reading(count), 1, "{count}");
            let tally: Tally = serde_json::from_value(count.clone()).unwrap();
            assert_eq!(
                serde_json::to_value(&tally).unwrap(),
                *count,
                "read back as written"
            );
        }
    }
}
