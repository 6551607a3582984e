//! For `bench/vote`: generates an election (ballots from a fixed seed),
//! writes it for the reference implementation, and times our tallies.
//!
//! `tally_file write PATH BALLOTS CANDIDATES` writes the election: one byte
//! per candidate per ballot, a rank (1 = first) for a ranked ballot file
//! and a grade (0..6) for a judgment file, both drawn from one seed.
//! `tally_file schulze|judgment PATH CANDIDATES` reads one back and prints
//! `seconds winner`.

use std::time::Instant;

use vote::ranked::{self, Pairwise, Ranking};

const GRADES: u8 = 6;

/// xorshift64*: reproducible ballots without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, path, ballots, candidates] if cmd == "write" => {
            let (n, c): (usize, usize) = (ballots.parse()?, candidates.parse()?);
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
            let mut ranks = Vec::with_capacity(n * c);
            let mut grades = Vec::with_capacity(n * c);
            for _ in 0..n {
                // Voters lean towards lower-numbered candidates, so the
                // election has a structure and a winner.
                let mut keyed: Vec<(u64, usize)> = (0..c)
                    .map(|k| (rng.next() % 1000 + 40 * k as u64, k))
                    .collect();
                keyed.sort_unstable();
                let mut row = vec![0u8; c];
                for (rank, (_, k)) in keyed.iter().enumerate() {
                    row[*k] = rank as u8 + 1;
                }
                ranks.extend_from_slice(&row);
                for k in 0..c {
                    let lean = (rng.next() % 100) as u8;
                    grades.push(((lean + 3 * (c - k) as u8) / 20).min(GRADES - 1));
                }
            }
            std::fs::write(format!("{path}.ranks"), ranks)?;
            std::fs::write(format!("{path}.grades"), grades)?;
        }
        [cmd, path, candidates] if cmd == "schulze" => {
            let c: usize = candidates.parse()?;
            let bytes = std::fs::read(format!("{path}.ranks"))?;
            let ballots: Vec<Ranking> = bytes
                .chunks_exact(c)
                .map(|row| row.iter().map(|r| Some(u32::from(*r))).collect())
                .collect();
            // As for the reference: the ballots are in memory, the count is timed.
            let started = Instant::now();
            let result = ranked::schulze(Pairwise::count(ballots.iter().map(|b| (b, 1)), c));
            let winner = result.winner().map_or("none".into(), |w| w.to_string());
            println!("{:.3} {winner}", started.elapsed().as_secs_f64());
        }
        [cmd, path, candidates] if cmd == "judgment" => {
            let c: usize = candidates.parse()?;
            let bytes = std::fs::read(format!("{path}.grades"))?;
            let ballots: Vec<(Vec<u8>, u128)> =
                bytes.chunks_exact(c).map(|row| (row.to_vec(), 1)).collect();
            let started = Instant::now();
            let result = vote::judgment::tally(&ballots, c, GRADES);
            let winner = result.winner().map_or("none".into(), |w| w.to_string());
            println!("{:.3} {winner}", started.elapsed().as_secs_f64());
        }
        _ => return Err(
            "usage: tally_file write PATH BALLOTS CANDIDATES | schulze|judgment PATH CANDIDATES"
                .into(),
        ),
    }
    Ok(())
}
