//! Properties of the tallies over generated elections.

use proptest::prelude::*;
use vote::Weight;
use vote::budget;
use vote::judgment;
use vote::plurality::{self, Majority};
use vote::ranked::{self, Pairwise, Ranking};

/// Full strict rankings of `n` options, as ranks.
fn rankings(n: usize, voters: usize) -> impl Strategy<Value = Vec<Ranking>> {
    prop::collection::vec(
        Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
        1..voters,
    )
    .prop_map(move |orders| {
        orders
            .into_iter()
            .map(|order| {
                let mut r = vec![None; order.len()];
                for (rank, o) in order.iter().enumerate() {
                    r[*o] = Some(rank as u32 + 1);
                }
                r
            })
            .collect()
    })
}

fn pairwise(ballots: &[Ranking], n: usize) -> Pairwise {
    Pairwise::count(ballots.iter().map(|r| (r, 1)), n)
}

/// The Smith set: the options that reach every other one through
/// "beats or ties" links.
fn smith_set(d: &[Vec<Weight>]) -> Vec<usize> {
    let n = d.len();
    let mut reach: Vec<Vec<bool>> = (0..n)
        .map(|i| (0..n).map(|j| i == j || d[i][j] >= d[j][i]).collect())
        .collect();
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                if reach[i][k] && reach[k][j] {
                    reach[i][j] = true;
                }
            }
        }
    }
    (0..n).filter(|&i| (0..n).all(|j| reach[i][j])).collect()
}

/// The majority value by its definition: sort, take the lower median,
/// remove it, again.
fn majority_value(mut grades: Vec<u8>) -> Vec<u8> {
    grades.sort_unstable();
    let mut value = Vec::new();
    while !grades.is_empty() {
        let m = (grades.len() - 1) / 2;
        value.push(grades.remove(m));
    }
    value
}

proptest! {
    #[test]
    fn schulze_elects_the_condorcet_winner(ballots in rankings(5, 40)) {
        let count = pairwise(&ballots, 5);
        if let Some(winner) = count.condorcet_winner() {
            prop_assert_eq!(ranked::schulze(count).winner(), Some(winner));
        }
    }

    /// Independence of Smith-dominated alternatives: dropping an option
    /// outside the Smith set does not change who wins.
    #[test]
    fn dropping_an_option_outside_the_smith_set_keeps_the_winners(ballots in rankings(5, 30)) {
        let count = pairwise(&ballots, 5);
        let smith = smith_set(&count.0);
        let before = ranked::schulze(count).ranking[0].clone();
        for out in (0..5).filter(|o| !smith.contains(o)) {
            let kept: Vec<usize> = (0..5).filter(|&o| o != out).collect();
            let fewer: Vec<Ranking> = ballots.iter().map(|r| kept.iter().map(|&o| r[o]).collect()).collect();
            let after: Vec<usize> = ranked::schulze(pairwise(&fewer, 4)).ranking[0].iter().map(|&i| kept[i]).collect();
            prop_assert_eq!(&after, &before);
        }
    }

    /// A ballot of weight k counts as k identical ballots, in every method.
    #[test]
    fn a_weight_is_that_many_ballots(ballots in rankings(4, 12), k in 1u128..5) {
        let weighted = Pairwise::count(ballots.iter().map(|r| (r, k)), 4);
        let copies: Vec<Ranking> = ballots.iter().flat_map(|r| std::iter::repeat_n(r.clone(), k as usize)).collect();
        prop_assert_eq!(&weighted, &pairwise(&copies, 4));
        let irv_weighted: Vec<(Ranking, Weight)> = ballots.iter().map(|r| (r.clone(), k)).collect();
        let irv_copies: Vec<(Ranking, Weight)> = copies.iter().map(|r| (r.clone(), 1)).collect();
        prop_assert_eq!(ranked::instant_runoff(&irv_weighted, 4).winner, ranked::instant_runoff(&irv_copies, 4).winner);
    }

    /// An option first on more than half of the ballots wins instant-runoff
    /// at once, and the simple and absolute majorities.
    #[test]
    fn a_majority_of_first_choices_wins(ballots in rankings(4, 30)) {
        let firsts: Vec<(Option<usize>, Weight)> = ballots
            .iter()
            .map(|r| (r.iter().position(|x| *x == Some(1)), 1))
            .collect();
        let count = plurality::majority(&firsts, 4, Majority::Absolute);
        let weighted: Vec<(Ranking, Weight)> = ballots.iter().map(|r| (r.clone(), 1)).collect();
        let runoff = ranked::instant_runoff(&weighted, 4);
        if let Some(w) = count.winner {
            prop_assert_eq!(runoff.winner, Some(w));
            prop_assert_eq!(runoff.rounds.len(), 1);
            prop_assert_eq!(plurality::majority(&firsts, 4, Majority::Simple).winner, Some(w));
        }
        prop_assert!(runoff.winner.is_some());
    }

    /// The majority grade is the lower median, and options rank by their
    /// majority values, as the definition computes them vote by vote.
    #[test]
    fn majority_judgment_follows_its_definition(grades in prop::collection::vec(prop::collection::vec(0u8..6, 3), 1..25)) {
        let ballots: Vec<(Vec<u8>, Weight)> = grades.iter().map(|g| (g.clone(), 1)).collect();
        let result = judgment::tally(&ballots, 3, 6);
        let values: Vec<Vec<u8>> = (0..3).map(|o| majority_value(grades.iter().map(|g| g[o]).collect())).collect();
        for (grade, value) in result.majority_grades.iter().zip(&values) {
            prop_assert_eq!(*grade, value[0]);
        }
        for pair in result.ranking.windows(2) {
            prop_assert!(values[pair[0][0]] > values[pair[1][0]]);
        }
        for group in &result.ranking {
            for o in group {
                prop_assert_eq!(&values[*o], &values[group[0]]);
            }
        }
    }

    /// Funded proposals fit the budget; a supported proposal left out did
    /// not fit when its turn came.
    #[test]
    fn budgets_fund_within_the_budget(
        costs in prop::collection::vec(1u64..100, 1..8),
        allocations in prop::collection::vec(prop::collection::vec(0u64..20, 8), 1..10),
        budget in 0u64..300,
    ) {
        let n = costs.len();
        let ballots: Vec<(Vec<u64>, Weight)> = allocations.iter().map(|a| (a[..n].to_vec(), 1)).collect();
        let result = budget::tally(&ballots, &costs, budget);
        prop_assert!(result.spent <= budget);
        prop_assert_eq!(result.spent, result.funded.iter().map(|&i| costs[i]).sum::<u64>());
        for i in (0..n).filter(|i| result.support[*i] > 0 && !result.funded.contains(i)) {
            let before: u64 = result
                .funded
                .iter()
                .filter(|&&f| result.support[f] > result.support[i] || (result.support[f] == result.support[i] && (costs[f], f) < (costs[i], i)))
                .map(|&f| costs[f])
                .sum();
            prop_assert!(before + costs[i] > budget);
        }
    }
}
