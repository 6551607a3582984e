//! Ranked ballots: Condorcet with the Schulze method, and instant-runoff.
//!
//! A ranking gives each option a rank (1 is the most preferred) or none;
//! an unranked option comes after every ranked one. Schulze accepts ties
//! and, unless the decision asks for full rankings, unranked options;
//! instant-runoff needs a strict order.

use crate::{BallotError, Weight};

/// `ranks[option]`: 1 for the first choice, equal numbers for a tie, `None`
/// for an option left out.
pub type Ranking = Vec<Option<u32>>;

/// Checks a ranking for `options` options.
pub fn check(ranking: &Ranking, options: usize, full: bool, ties: bool) -> Result<(), BallotError> {
    if ranking.len() != options {
        return Err(BallotError::WrongLength);
    }
    if full && ranking.iter().any(Option::is_none) {
        return Err(BallotError::IncompleteRanking);
    }
    if !ties {
        let mut ranks: Vec<u32> = ranking.iter().flatten().copied().collect();
        ranks.sort_unstable();
        if ranks.windows(2).any(|w| w[0] == w[1]) {
            return Err(BallotError::Tie);
        }
    }
    Ok(())
}

/// How often (by weight) each option is preferred to each other:
/// `d[i][j]` is the weight of ballots ranking `i` above `j`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairwise(pub Vec<Vec<Weight>>);

impl Pairwise {
    pub fn count<'a>(
        ballots: impl IntoIterator<Item = (&'a Ranking, Weight)>,
        options: usize,
    ) -> Pairwise {
        // One flat matrix, filled without branches: which of two options a
        // ballot prefers is as good as random, so a branch per pair would
        // mostly be mispredicted.
        let mut d = vec![0 as Weight; options * options];
        let mut keys = Vec::with_capacity(options);
        for (ranking, weight) in ballots {
            keys.clear();
            // Unranked options rank after every ranked one.
            keys.extend(ranking.iter().take(options).map(|r| r.unwrap_or(u32::MAX)));
            for (i, &ri) in keys.iter().enumerate() {
                for (j, &rj) in keys.iter().enumerate().skip(i + 1) {
                    d[i * options + j] += weight * Weight::from(ri < rj);
                    d[j * options + i] += weight * Weight::from(rj < ri);
                }
            }
        }
        Pairwise(d.chunks(options.max(1)).map(<[Weight]>::to_vec).collect())
    }

    /// The option that beats every other one head to head, if any.
    pub fn condorcet_winner(&self) -> Option<usize> {
        let d = &self.0;
        (0..d.len()).find(|&i| (0..d.len()).all(|j| i == j || d[i][j] > d[j][i]))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchulzeResult {
    pub pairwise: Pairwise,
    /// `p[i][j]`: the strength of the strongest path from `i` to `j`.
    pub strongest: Vec<Vec<Weight>>,
    /// Options from best to worst; options in one group are tied.
    pub ranking: Vec<Vec<usize>>,
}

impl SchulzeResult {
    /// The winner, when exactly one option is not beaten.
    pub fn winner(&self) -> Option<usize> {
        crate::sole(self.ranking.first().map(Vec::as_slice))
    }
}

/// Schulze's method over a pairwise count: strongest paths (widest paths,
/// with a link's strength the winning side's weight), then `i` ranks above
/// `j` when `p[i][j] > p[j][i]`.
pub fn schulze(pairwise: Pairwise) -> SchulzeResult {
    let d = &pairwise.0;
    let n = d.len();
    let mut p = vec![vec![0 as Weight; n]; n];
    for i in 0..n {
        for j in 0..n {
            if i != j && d[i][j] > d[j][i] {
                p[i][j] = d[i][j];
            }
        }
    }
    for k in 0..n {
        for i in 0..n {
            if i == k {
                continue;
            }
            for j in 0..n {
                if j != i && j != k {
                    p[i][j] = p[i][j].max(p[i][k].min(p[k][j]));
                }
            }
        }
    }
    // "i beats j" (p[i][j] > p[j][i]) is transitive (Schulze, 2011) but two
    // options can tie without tying with a third: rank by layers, each the
    // options no remaining one beats. The first layer is the winners.
    let beaten_by = |j: usize, i: usize| p[j][i] > p[i][j];
    let mut remaining: Vec<usize> = (0..n).collect();
    let mut ranking: Vec<Vec<usize>> = Vec::new();
    while !remaining.is_empty() {
        let mut layer: Vec<usize> = remaining
            .iter()
            .copied()
            .filter(|&i| !remaining.iter().any(|&j| beaten_by(j, i)))
            .collect();
        if layer.is_empty() {
            // Cannot happen (the relation has no cycle); keep the rest tied.
            layer = remaining.clone();
        }
        remaining.retain(|i| !layer.contains(i));
        ranking.push(layer);
    }
    SchulzeResult {
        pairwise,
        strongest: p,
        ranking,
    }
}

/// One round of instant-runoff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// Weight per option still in the race (0 for options out).
    pub totals: Vec<Weight>,
    /// Weight of ballots with no option left.
    pub exhausted: Weight,
    /// The option eliminated after this round, if the count goes on.
    pub eliminated: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunoffResult {
    pub rounds: Vec<Round>,
    pub winner: Option<usize>,
}

/// Instant-runoff: each ballot counts for its most preferred option still in
/// the race; an option with more than half of the ballots still counting
/// wins; otherwise the option with the least is eliminated. A tie for last
/// is broken by the earlier rounds' counts (the lower one goes), then by
/// the options' order (the later one goes).
pub fn instant_runoff(ballots: &[(Ranking, Weight)], options: usize) -> RunoffResult {
    // Each ballot as its options in order of preference.
    let orders: Vec<(Vec<usize>, Weight)> = ballots
        .iter()
        .map(|(ranking, w)| {
            let mut ranked: Vec<(u32, usize)> = ranking
                .iter()
                .enumerate()
                .filter_map(|(o, r)| r.map(|r| (r, o)))
                .filter(|(_, o)| *o < options)
                .collect();
            ranked.sort_unstable();
            (ranked.into_iter().map(|(_, o)| o).collect(), *w)
        })
        .collect();
    let mut active = vec![true; options];
    let mut rounds: Vec<Round> = Vec::new();
    loop {
        let mut totals = vec![0 as Weight; options];
        let mut exhausted = 0;
        for (order, w) in &orders {
            match order.iter().find(|o| active[**o]) {
                Some(&o) => totals[o] += w,
                None => exhausted += w,
            }
        }
        let counting: Weight = totals.iter().sum();
        let remaining: Vec<usize> = (0..options).filter(|&o| active[o]).collect();
        let leader = remaining.iter().copied().max_by_key(|&o| totals[o]);
        let winner = match (leader, remaining.len()) {
            (Some(o), _) if totals[o] * 2 > counting => Some(o),
            (Some(o), 1) if counting > 0 => Some(o),
            _ => None,
        };
        if winner.is_some() || remaining.len() <= 1 || counting == 0 {
            rounds.push(Round {
                totals,
                exhausted,
                eliminated: None,
            });
            return RunoffResult { rounds, winner };
        }
        // The lowest goes; ties broken by earlier rounds, latest round first.
        let history = |o: usize| -> Vec<Weight> {
            std::iter::once(totals[o])
                .chain(rounds.iter().rev().map(|r| r.totals[o]))
                .collect()
        };
        let out = remaining
            .iter()
            .copied()
            .min_by(|&a, &b| history(a).cmp(&history(b)).then(b.cmp(&a)))
            .expect("two options or more remain");
        active[out] = false;
        rounds.push(Round {
            totals,
            exhausted,
            eliminated: Some(out),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranking(order: &[usize], options: usize) -> Ranking {
        let mut r = vec![None; options];
        for (rank, o) in order.iter().enumerate() {
            r[*o] = Some(rank as u32 + 1);
        }
        r
    }

    /// Wikipedia's Schulze example: 45 voters, 5 candidates; E wins, and
    /// the full order is E > A > C > B > D.
    #[test]
    fn the_textbook_schulze_election() {
        let (a, b, c, d, e) = (0, 1, 2, 3, 4);
        let groups = [
            (5, vec![a, c, b, e, d]),
            (5, vec![a, d, e, c, b]),
            (8, vec![b, e, d, a, c]),
            (3, vec![c, a, b, e, d]),
            (7, vec![c, a, e, b, d]),
            (2, vec![c, b, a, d, e]),
            (7, vec![d, c, e, b, a]),
            (8, vec![e, b, a, d, c]),
        ];
        let ballots: Vec<(Ranking, Weight)> = groups
            .iter()
            .map(|(n, order)| (ranking(order, 5), *n))
            .collect();
        let pairwise = Pairwise::count(ballots.iter().map(|(r, w)| (r, *w)), 5);
        assert_eq!(pairwise.0[a][b], 20);
        assert_eq!(pairwise.0[b][a], 25);
        assert_eq!(pairwise.condorcet_winner(), None);
        let result = schulze(pairwise);
        assert_eq!(result.strongest[a][b], 28);
        assert_eq!(result.strongest[e][d], 31);
        assert_eq!(
            result.ranking,
            vec![vec![e], vec![a], vec![c], vec![b], vec![d]]
        );
    }

    /// 11 voters 4 > 0 > 1 > 2 > 5 > 3 and 11 voters 5 > 4 > 1 > 2 > 3 > 0:
    /// 4 beats 0 to 3, but ties with 5, whom nobody beats. Both win, so
    /// there is no single winner (found by the cross-check against the
    /// numpy reference: counting wins named 4 alone).
    #[test]
    fn options_nobody_beats_share_the_first_place() {
        let a = ranking(&[4, 0, 1, 2, 5, 3], 6);
        let b = ranking(&[5, 4, 1, 2, 3, 0], 6);
        let ballots = [(a, 11), (b, 11)];
        let pairwise = Pairwise::count(ballots.iter().map(|(r, w)| (r, *w)), 6);
        let result = schulze(pairwise);
        assert_eq!(result.ranking[0], vec![4, 5]);
        assert_eq!(result.winner(), None);
    }

    #[test]
    fn instant_runoff_transfers_votes() {
        // 4 A>B, 3 B>A, 2 C>B: C goes, its votes go to B, which wins 5 to 4.
        let ballots = vec![
            (ranking(&[0, 1], 3), 4),
            (ranking(&[1, 0], 3), 3),
            (ranking(&[2, 1], 3), 2),
        ];
        let result = instant_runoff(&ballots, 3);
        assert_eq!(result.rounds[0].eliminated, Some(2));
        assert_eq!(result.winner, Some(1));
        assert_eq!(
            check(&ranking(&[0], 3), 3, true, false),
            Err(BallotError::IncompleteRanking)
        );
        assert_eq!(
            check(&vec![Some(1), Some(1), None], 3, false, false),
            Err(BallotError::Tie)
        );
    }
}
