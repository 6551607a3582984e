//! `freeco verify`: checks an instance's transparency log without trusting
//! the instance. It checks the checkpoint's signature against the published
//! key, that the log extends what this verifier saw last time (a consistency
//! proof from the size kept in its state file), and that the entries it
//! serves rebuild exactly the signed tree. When they do not, it names the
//! first entry that was changed, removed or reordered.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use kernel::db::Db;
use kernel::log::{self, LogKey};
use serde::{Deserialize, Serialize};
use tlog::tree::Hash;
use tlog::{Checkpoint, MemoryTree, NoteVerifier};

/// A verification that failed: the log is not what it claims (exit code 1),
/// as opposed to being unable to check (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Failed(pub String);

fn failed(message: impl Into<String>) -> anyhow::Error {
    Failed(message.into()).into()
}

/// Where the log comes from: a live instance over HTTP, or a local database.
pub enum Source {
    Http {
        base: String,
        client: reqwest::Client,
    },
    Local {
        db: Db,
        key: Box<LogKey>,
    },
}

#[derive(Deserialize)]
struct KeyDoc {
    verifier_key: String,
}

#[derive(Deserialize)]
struct EntriesDoc {
    entries: Vec<EntryDoc>,
}

#[derive(Deserialize)]
struct EntryDoc {
    index: u64,
    body: String,
}

#[derive(Deserialize)]
struct ProofDoc {
    hashes: Vec<String>,
}

impl Source {
    pub fn http(url: &str) -> Source {
        Source::Http {
            base: url.trim_end_matches('/').to_owned(),
            client: reqwest::Client::new(),
        }
    }

    async fn get(&self, path: &str) -> anyhow::Result<reqwest::Response> {
        let Source::Http { base, client } = self else {
            unreachable!("only called on HTTP sources")
        };
        let url = format!("{base}{path}");
        let response = client
            .get(&url)
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("cannot reach {url}: {e}"))?;
        if !response.status().is_success() {
            anyhow::bail!("{url} answered {}", response.status());
        }
        Ok(response)
    }

    async fn verifier_key(&self) -> anyhow::Result<String> {
        match self {
            Source::Http { .. } => Ok(self
                .get("/api/v1/log/key")
                .await?
                .json::<KeyDoc>()
                .await?
                .verifier_key),
            Source::Local { key, .. } => Ok(key.verifier()),
        }
    }

    async fn checkpoint_note(&self) -> anyhow::Result<String> {
        match self {
            Source::Http { .. } => Ok(self.get("/api/v1/log/checkpoint").await?.text().await?),
            Source::Local { db, key } => {
                Ok(key.sign(&log::checkpoint(db, key).await.map_err(app)?))
            }
        }
    }

    async fn entries(&self, start: u64) -> anyhow::Result<Vec<(u64, String)>> {
        match self {
            Source::Http { .. } => {
                let page: EntriesDoc = self
                    .get(&format!(
                        "/api/v1/log/entries?start={start}&limit={}",
                        log::MAX_PAGE
                    ))
                    .await?
                    .json()
                    .await?;
                Ok(page
                    .entries
                    .into_iter()
                    .map(|e| (e.index, e.body))
                    .collect())
            }
            Source::Local { db, .. } => log::entries(db, start, log::MAX_PAGE).await.map_err(app),
        }
    }

    async fn consistency(&self, old: u64, new: u64) -> anyhow::Result<Vec<Hash>> {
        match self {
            Source::Http { .. } => {
                let proof: ProofDoc = self
                    .get(&format!(
                        "/api/v1/log/proof/consistency?old={old}&new={new}"
                    ))
                    .await?
                    .json()
                    .await?;
                proof
                    .hashes
                    .iter()
                    .map(|h| {
                        B64.decode(h)
                            .ok()
                            .and_then(|b| Hash::try_from(b.as_slice()).ok())
                            .ok_or_else(|| failed("the instance served a malformed proof"))
                    })
                    .collect()
            }
            Source::Local { db, .. } => log::consistency_proof(db, old, new).await.map_err(app),
        }
    }
}

fn app(e: kernel::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// What a verifier remembers of an instance between runs.
#[derive(Serialize, Deserialize)]
struct State {
    verifier_key: String,
    size: u64,
    root: String,
}

fn read_state(path: &Path) -> anyhow::Result<Option<State>> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("{}: not a verifier state file ({e})", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::anyhow!("{}: {e}", path.display())),
    }
}

fn write_state(path: &Path, state: &State) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(state)?)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// The default state file for a source: one per instance, under the user's state directory.
pub fn default_state_path(name: &str) -> PathBuf {
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(|| PathBuf::from("."));
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    base.join("freeco").join(format!("verify-{safe}.json"))
}

/// A decision to recount from the log, and optionally a voter's receipt to find.
pub struct DecisionCheck {
    pub id: String,
    pub receipt: Option<String>,
}

/// Runs every check; returns the line to print when all pass.
pub async fn verify(
    source: &Source,
    state_path: &Path,
    decision: Option<&DecisionCheck>,
) -> anyhow::Result<String> {
    let previous = read_state(state_path)?;
    let vkey = source.verifier_key().await?;
    if let Some(previous) = &previous
        && previous.verifier_key != vkey
    {
        return Err(failed(format!(
            "the instance now signs with another key ({vkey}) than the one seen before ({}); \
             if the operator announced a new key, remove {} to trust it",
            previous.verifier_key,
            state_path.display()
        )));
    }
    let verifier = NoteVerifier::parse(&vkey).map_err(|e| failed(format!("published key: {e}")))?;
    let note = source.checkpoint_note().await?;
    let text = verifier
        .open(&note)
        .map_err(|e| failed(format!("the checkpoint's signature does not check: {e}")))?;
    let checkpoint = Checkpoint::parse(text).map_err(|e| failed(e.to_string()))?;
    if checkpoint.origin != verifier.name() {
        return Err(failed(format!(
            "the checkpoint names log {} but the key is {}'s",
            checkpoint.origin,
            verifier.name()
        )));
    }

    // The log may only grow: what was seen before must be a prefix of it.
    let mut extends = String::new();
    if let Some(previous) = &previous {
        let old_root = decode_root(&previous.root)?;
        if checkpoint.size < previous.size {
            return Err(failed(format!(
                "the log shrank from {} entries (seen before) to {}",
                previous.size, checkpoint.size
            )));
        }
        let proof = source.consistency(previous.size, checkpoint.size).await?;
        if !tlog::verify_consistency(
            previous.size,
            checkpoint.size,
            &old_root,
            &checkpoint.root,
            &proof,
        ) {
            return Err(failed(format!(
                "the log of {} entries does not extend the one of {} entries seen before: its history was rewritten",
                checkpoint.size, previous.size
            )));
        }
        extends = format!(", extending the {} entries seen before", previous.size);
    }

    // Rebuild the tree from the entries themselves.
    let mut tree = MemoryTree::new();
    let mut result_entry: Option<(u64, String)> = None;
    while tree.size() < checkpoint.size {
        let page = source.entries(tree.size()).await?;
        if page.is_empty() {
            return Err(failed(format!("entry {} is missing", tree.size())));
        }
        for (index, body) in page {
            if tree.size() >= checkpoint.size {
                break;
            }
            if index != tree.size() {
                return Err(failed(format!("entry {} is missing", tree.size())));
            }
            let canonical = serde_json::from_str(&body)
                .ok()
                .and_then(|value| tlog::to_canonical(&value).ok());
            if canonical.as_deref() != Some(body.as_str()) {
                return Err(failed(format!("entry {index} is not canonical JSON")));
            }
            if let Some(d) = decision
                && body.contains("\"decision.result\"")
                && body.contains(&format!("\"decision\":\"{}\"", d.id))
            {
                result_entry = Some((index, body.clone()));
            }
            tree.push(body.as_bytes());
        }
    }
    if tree.root() != checkpoint.root {
        let bad = first_bad_entry(source, &tree, &checkpoint).await?;
        return Err(failed(format!(
            "entry {bad} does not match the signed log: it was changed, removed or reordered"
        )));
    }

    write_state(
        state_path,
        &State {
            verifier_key: vkey,
            size: checkpoint.size,
            root: B64.encode(checkpoint.root),
        },
    )?;
    let mut report = format!(
        "log {} verified: {} entries, root {}{extends}",
        checkpoint.origin,
        checkpoint.size,
        B64.encode(checkpoint.root)
    );
    if let Some(d) = decision {
        let (index, body) = result_entry.ok_or_else(|| {
            failed(format!(
                "the log holds no result for decision {} (is it closed?)",
                d.id
            ))
        })?;
        report.push('\n');
        report.push_str(&recount(d, index, &body)?);
    }
    Ok(report)
}

/// Recounts a decision from its logged ballots and compares with its
/// logged result; finds the voter's receipt among the counted ballots.
fn recount(d: &DecisionCheck, index: u64, body: &str) -> anyhow::Result<String> {
    #[derive(serde::Deserialize)]
    struct Logged {
        method: kernel::decisions::Method,
        options: Vec<LoggedOption>,
        colleges: Vec<(String, u32)>,
        /// For a secret decision: colleges with fewer voters have no own result.
        #[serde(default)]
        college_results_min: Option<u32>,
        ballots: Vec<LoggedBallot>,
        result: serde_json::Value,
    }
    /// What counting needs of an option (the log names no member recipient).
    #[derive(serde::Deserialize)]
    struct LoggedOption {
        label: String,
        #[serde(default)]
        cost: Option<u64>,
    }
    #[derive(serde::Deserialize)]
    struct LoggedBallot {
        receipt: String,
        ballot: serde_json::Value,
        college: Option<String>,
    }
    let logged: Logged = serde_json::from_str(body).map_err(|e| {
        failed(format!(
            "entry {index}, the result of decision {}, is unreadable: {e}",
            d.id
        ))
    })?;
    let ballots: Vec<kernel::decisions::PublishedBallot> = logged
        .ballots
        .into_iter()
        .map(|b| kernel::decisions::PublishedBallot {
            receipt: b.receipt,
            ballot: b.ballot,
            college_id: b.college,
            member_id: None,
            voter_name: None,
            reason: String::new(),
        })
        .collect();
    let options: Vec<kernel::decisions::DecisionOption> = logged
        .options
        .into_iter()
        .map(|o| kernel::decisions::DecisionOption {
            label: o.label,
            cost: o.cost,
            recipient: None,
        })
        .collect();
    let counted = kernel::decisions::count(
        &logged.method,
        &options,
        &ballots,
        &logged.colleges,
        logged.college_results_min,
    );
    let recounted = serde_json::json!({
        "tally": counted.tally,
        "raw": counted.raw,
        "colleges": counted.colleges,
    });
    // Every part of the count the log holds must follow from the ballots:
    // the deciding tally and, with colleges, the raw and per-college ones
    // (results logged before those existed hold the tally only).
    for part in ["tally", "raw", "colleges"] {
        let published = &logged.result[part];
        if (part == "tally" || !published.is_null()) && recounted[part] != *published {
            return Err(failed(format!(
                "entry {index}: the result of decision {} does not follow from its {} published ballots \
                 ({part} recounted: {}; published: {published})",
                d.id,
                ballots.len(),
                recounted[part],
            )));
        }
    }
    if let Some(receipt) = &d.receipt
        && !ballots.iter().any(|b| &b.receipt == receipt)
    {
        return Err(failed(format!(
            "receipt {receipt} is not among the {} ballots counted for decision {}",
            ballots.len(),
            d.id
        )));
    }
    let found = if d.receipt.is_some() {
        "; your receipt is among them"
    } else {
        ""
    };
    Ok(format!(
        "decision {} verified: its result (log entry {index}) follows from its {} published ballots{found}",
        d.id,
        ballots.len()
    ))
}

fn decode_root(text: &str) -> anyhow::Result<Hash> {
    B64.decode(text)
        .ok()
        .and_then(|b| Hash::try_from(b.as_slice()).ok())
        .ok_or_else(|| anyhow::anyhow!("the state file's root is not a base64 SHA-256 hash"))
}

/// The rebuilt tree and the signed one differ: the entries `0..j` agree with
/// the signed tree exactly when a consistency proof from `j` verifies, which
/// holds up to the first bad entry and never after it. Binary search on `j`.
async fn first_bad_entry(
    source: &Source,
    tree: &MemoryTree,
    signed: &Checkpoint,
) -> anyhow::Result<u64> {
    let (mut good, mut bad) = (0u64, signed.size);
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        let proof = source.consistency(mid, signed.size).await?;
        let local = tree.root_at(mid).map_err(|e| anyhow::anyhow!("{e}"))?;
        if tlog::verify_consistency(mid, signed.size, &local, &signed.root, &proof) {
            good = mid;
        } else {
            bad = mid;
        }
    }
    Ok(good)
}
