//! Our Schulze and majority-judgment winners next to an independent
//! implementation (numpy, bench/vote-reference/reference.py) on a few
//! hundred generated elections: small ones, with ties and near-ties, where
//! the two would part if either got an edge case wrong. The test command
//! installs the reference's numpy into target/py.

use vote::judgment;
use vote::ranked::{self, Pairwise, Ranking};

/// xorshift64*: reproducible elections without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Election {
    candidates: usize,
    /// Per ballot, each candidate's rank (1 first), a strict order.
    ranks: Vec<Vec<u8>>,
    /// Per ballot, each candidate's grade (0..6).
    grades: Vec<Vec<u8>>,
}

fn generate(rng: &mut Rng) -> Election {
    let candidates = 2 + rng.below(5) as usize;
    let voters = 1 + rng.below(40) as usize;
    // A few voter types, each repeated: ties and cycles turn up often.
    let types: Vec<(Vec<u8>, Vec<u8>)> = (0..1 + rng.below(4))
        .map(|_| {
            let mut keyed: Vec<(u64, usize)> = (0..candidates).map(|k| (rng.next(), k)).collect();
            keyed.sort_unstable();
            let mut ranks = vec![0u8; candidates];
            for (rank, (_, k)) in keyed.iter().enumerate() {
                ranks[*k] = rank as u8 + 1;
            }
            let grades = (0..candidates).map(|_| rng.below(6) as u8).collect();
            (ranks, grades)
        })
        .collect();
    let mut election = Election {
        candidates,
        ranks: Vec::new(),
        grades: Vec::new(),
    };
    for _ in 0..voters {
        let (r, g) = &types[rng.below(types.len() as u64) as usize];
        election.ranks.push(r.clone());
        election.grades.push(g.clone());
    }
    election
}

fn ours(e: &Election) -> (Option<usize>, Option<usize>) {
    let ballots: Vec<Ranking> = e
        .ranks
        .iter()
        .map(|row| row.iter().map(|r| Some(u32::from(*r))).collect())
        .collect();
    let pairwise = Pairwise::count(ballots.iter().map(|b| (b, 1)), e.candidates);
    let schulze = ranked::schulze(pairwise).winner();
    let graded: Vec<(Vec<u8>, u128)> = e.grades.iter().map(|g| (g.clone(), 1)).collect();
    let judgment = judgment::tally(&graded, e.candidates, 6).winner();
    (schulze, judgment)
}

#[test]
fn winners_agree_with_an_independent_implementation() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = root.join("target/py/bin/python");
    let dir = std::env::temp_dir().join(format!("freeco-vote-reference-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let elections: Vec<Election> = (0..400).map(|_| generate(&mut rng)).collect();
    for (i, e) in elections.iter().enumerate() {
        let base = dir.join(format!("{i:04}"));
        std::fs::write(base.with_extension("candidates"), e.candidates.to_string()).unwrap();
        std::fs::write(base.with_extension("ranks"), e.ranks.concat()).unwrap();
        std::fs::write(base.with_extension("grades"), e.grades.concat()).unwrap();
    }
    let out = std::process::Command::new(&python)
        .arg(root.join("bench/vote-reference/reference.py"))
        .arg("many")
        .arg(&dir)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{} is missing ({e}): run ./scripts/test, which installs it",
                python.display()
            )
        });
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), elections.len());
    let said = |w: Option<usize>| w.map_or("none".to_owned(), |w| w.to_string());
    let mut decided = (0, 0);
    for (line, e) in lines.iter().zip(&elections) {
        let parts: Vec<&str> = line.split(' ').collect();
        let (schulze, judgment) = ours(e);
        assert_eq!(
            parts[1],
            said(schulze),
            "Schulze, election {}: ranks {:?}",
            parts[0],
            e.ranks
        );
        assert_eq!(
            parts[2],
            said(judgment),
            "majority judgment, election {}: grades {:?}",
            parts[0],
            e.grades
        );
        decided.0 += usize::from(schulze.is_some());
        decided.1 += usize::from(judgment.is_some());
    }
    // Enough elections of each kind: decided ones and ties.
    assert!(decided.0 > 100 && decided.0 < 400, "{decided:?}");
    assert!(decided.1 > 100 && decided.1 < 400, "{decided:?}");
}
