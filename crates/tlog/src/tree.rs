//! The Merkle tree of RFC 9162 (§2.1), kept as stored subtree hashes.
//!
//! Every *complete* subtree is stored once, as a [`NodeId`] (its level and its
//! index at that level) with its hash. Appending a leaf stores the leaf and the
//! subtrees it completes, so appends cost O(log n) and never recompute the
//! tree; the root of any size and every proof are folds over O(log n) stored
//! subtrees. Functions named `*_nodes` say which stored hashes an operation
//! needs, so that a caller backed by a database can fetch them in one query
//! and run the operation on a [`HashMap`].

use std::collections::HashMap;

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

/// `SHA-256(0x00 || entry)`.
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(entry);
    h.finalize().into()
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root of the empty tree: `SHA-256()` of nothing.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// A complete subtree: leaves `index * 2^level .. (index + 1) * 2^level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    pub level: u8,
    pub index: u64,
}

impl NodeId {
    pub fn new(level: u8, index: u64) -> NodeId {
        NodeId { level, index }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    #[error("the store lacks subtree {0:?}")]
    MissingNode(NodeId),
    #[error("leaf {index} is outside a tree of {size} leaves")]
    OutOfRange { index: u64, size: u64 },
    #[error("a tree of {old} leaves cannot be consistent with a smaller one of {new}")]
    Shrinking { old: u64, new: u64 },
}

/// Where stored subtree hashes come from.
pub trait HashStore {
    fn hash(&self, id: NodeId) -> Option<Hash>;
}

impl HashStore for HashMap<NodeId, Hash> {
    fn hash(&self, id: NodeId) -> Option<Hash> {
        self.get(&id).copied()
    }
}

fn get(store: &impl HashStore, id: NodeId) -> Result<Hash, TreeError> {
    store.hash(id).ok_or(TreeError::MissingNode(id))
}

/// The complete subtrees that cover leaves `start..end`, left to right, each
/// as large as its alignment allows.
pub fn range_nodes(mut start: u64, end: u64) -> Vec<NodeId> {
    let mut nodes = Vec::new();
    while start < end {
        let mut level = 0u8;
        while level < 63 {
            let size = 1u64 << (level + 1);
            if !start.is_multiple_of(size) || start + size > end {
                break;
            }
            level += 1;
        }
        nodes.push(NodeId::new(level, start >> level));
        start += 1u64 << level;
    }
    nodes
}

/// The hash of leaves `start..end` as RFC 9162 defines it, for the ranges that
/// roots and proofs use (each split at the largest power of two, which the
/// alignment of `range_nodes` follows).
pub fn range_hash(store: &impl HashStore, start: u64, end: u64) -> Result<Hash, TreeError> {
    let nodes = range_nodes(start, end);
    let Some((last, rest)) = nodes.split_last() else {
        return Ok(empty_root());
    };
    let mut hash = get(store, *last)?;
    for node in rest.iter().rev() {
        hash = node_hash(&get(store, *node)?, &hash);
    }
    Ok(hash)
}

/// The root of the first `size` leaves.
pub fn root(store: &impl HashStore, size: u64) -> Result<Hash, TreeError> {
    range_hash(store, 0, size)
}

pub fn root_nodes(size: u64) -> Vec<NodeId> {
    range_nodes(0, size)
}

/// The stored subtrees appending leaf number `size` (0-based) reads: the
/// left siblings of the subtrees it completes.
pub fn append_nodes(size: u64) -> Vec<NodeId> {
    let mut nodes = Vec::new();
    let mut level = 0u8;
    while (size >> level) & 1 == 1 {
        nodes.push(NodeId::new(level, (size >> level) - 1));
        level += 1;
    }
    nodes
}

/// Appends leaf number `size` with hash `leaf`: returns the subtrees to store,
/// the leaf first.
pub fn append(
    store: &impl HashStore,
    size: u64,
    leaf: Hash,
) -> Result<Vec<(NodeId, Hash)>, TreeError> {
    let mut new = vec![(NodeId::new(0, size), leaf)];
    let mut hash = leaf;
    for sibling in append_nodes(size) {
        hash = node_hash(&get(store, sibling)?, &hash);
        new.push((NodeId::new(sibling.level + 1, sibling.index >> 1), hash));
    }
    Ok(new)
}

fn largest_power_of_two_below(n: u64) -> u64 {
    debug_assert!(n > 1);
    1u64 << (63 - (n - 1).leading_zeros())
}

/// The leaf ranges whose hashes form the inclusion proof of leaf `index` in a
/// tree of `size` leaves (RFC 9162 §2.1.3.1), from the leaf upwards.
pub fn inclusion_ranges(index: u64, size: u64) -> Result<Vec<(u64, u64)>, TreeError> {
    if index >= size {
        return Err(TreeError::OutOfRange { index, size });
    }
    let mut ranges = Vec::new();
    let (mut start, mut end, mut m) = (0u64, size, index);
    while end - start > 1 {
        let k = largest_power_of_two_below(end - start);
        if m < k {
            ranges.push((start + k, end));
            end = start + k;
        } else {
            ranges.push((start, start + k));
            start += k;
            m -= k;
        }
    }
    ranges.reverse();
    Ok(ranges)
}

/// The leaf ranges of the consistency proof from `old` to `new` leaves
/// (RFC 9162 §2.1.4.1), in proof order.
pub fn consistency_ranges(old: u64, new: u64) -> Result<Vec<(u64, u64)>, TreeError> {
    if old > new {
        return Err(TreeError::Shrinking { old, new });
    }
    let mut ranges = Vec::new();
    if old == 0 || old == new {
        return Ok(ranges);
    }
    // SUBPROOF(m, D[start..end], b), unrolled; the ranges are collected top-down.
    let (mut start, mut end, mut m, mut whole) = (0u64, new, old, true);
    loop {
        if m == end - start {
            if !whole {
                ranges.push((start, end));
            }
            break;
        }
        let k = largest_power_of_two_below(end - start);
        if m <= k {
            ranges.push((start + k, end));
            end = start + k;
        } else {
            ranges.push((start, start + k));
            start += k;
            m -= k;
            whole = false;
        }
    }
    ranges.reverse();
    Ok(ranges)
}

/// Every stored subtree that the given ranges need.
pub fn nodes_of(ranges: &[(u64, u64)]) -> Vec<NodeId> {
    ranges
        .iter()
        .flat_map(|&(start, end)| range_nodes(start, end))
        .collect()
}

pub fn inclusion_proof(
    store: &impl HashStore,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, TreeError> {
    inclusion_ranges(index, size)?
        .into_iter()
        .map(|(start, end)| range_hash(store, start, end))
        .collect()
}

pub fn consistency_proof(
    store: &impl HashStore,
    old: u64,
    new: u64,
) -> Result<Vec<Hash>, TreeError> {
    consistency_ranges(old, new)?
        .into_iter()
        .map(|(start, end)| range_hash(store, start, end))
        .collect()
}

/// RFC 9162 §2.1.3.2: does `proof` show leaf `leaf` at `index` in the tree of
/// `size` leaves whose root is `root`?
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && r == *root
}

/// RFC 9162 §2.1.4.2: does `proof` show that the tree of `new` leaves with
/// root `new_root` extends the tree of `old` leaves with root `old_root`?
pub fn verify_consistency(
    old: u64,
    new: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> bool {
    if old > new {
        return false;
    }
    if old == new {
        return proof.is_empty() && old_root == new_root;
    }
    if old == 0 {
        return proof.is_empty();
    }
    if proof.is_empty() {
        return false;
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let (mut f, mut s) = (old - 1, new - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    fr == *old_root && sr == *new_root && s == 0
}

/// A whole tree in memory: what `freeco verify` rebuilds from the entries.
#[derive(Debug, Default, Clone)]
pub struct MemoryTree {
    nodes: HashMap<NodeId, Hash>,
    size: u64,
}

impl MemoryTree {
    pub fn new() -> MemoryTree {
        MemoryTree::default()
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn push(&mut self, entry: &[u8]) {
        self.push_hash(leaf_hash(entry));
    }

    pub fn push_hash(&mut self, leaf: Hash) {
        let new = append(&self.nodes, self.size, leaf).expect("a memory tree holds every node");
        self.nodes.extend(new);
        self.size += 1;
    }

    pub fn root(&self) -> Hash {
        self.root_at(self.size)
            .expect("a memory tree holds every node")
    }

    pub fn root_at(&self, size: u64) -> Result<Hash, TreeError> {
        root(&self.nodes, size.min(self.size))
    }

    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, TreeError> {
        inclusion_proof(&self.nodes, index, size.min(self.size))
    }

    pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, TreeError> {
        consistency_proof(&self.nodes, old, new.min(self.size))
    }
}

impl HashStore for MemoryTree {
    fn hash(&self, id: NodeId) -> Option<Hash> {
        self.nodes.get(&id).copied()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// RFC 9162's recursive definition, as written, to check the stored-subtree version.
    fn reference_root(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = largest_power_of_two_below(n as u64) as usize;
                node_hash(&reference_root(&leaves[..k]), &reference_root(&leaves[k..]))
            }
        }
    }

    fn tree_of(n: u64) -> (MemoryTree, Vec<Hash>) {
        let mut tree = MemoryTree::new();
        let mut leaves = Vec::new();
        for i in 0..n {
            let entry = format!("entry {i}");
            leaves.push(leaf_hash(entry.as_bytes()));
            tree.push(entry.as_bytes());
        }
        (tree, leaves)
    }

    #[test]
    fn known_answers() {
        // SHA-256 of the empty string, and RFC 6962's leaf hash of an empty entry.
        assert_eq!(
            hex(&empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&leaf_hash(b"")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
        );
    }

    /// The test vectors of RFC 6962 shared by Certificate Transparency implementations.
    #[test]
    fn certificate_transparency_vectors() {
        let leaves: [&[u8]; 8] = [
            b"",
            b"\x00",
            b"\x10",
            b"\x20\x21",
            b"\x30\x31",
            b"\x40\x41\x42\x43",
            b"\x50\x51\x52\x53\x54\x55\x56\x57",
            b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
        ];
        let roots = [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        let mut tree = MemoryTree::new();
        for (leaf, root) in leaves.iter().zip(roots) {
            tree.push(leaf);
            assert_eq!(hex(&tree.root()), root);
        }
        let proofs: [(u64, [&str; 3]); 2] = [
            (
                0,
                [
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                5,
                [
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
        ];
        for (index, expected) in proofs {
            let proof: Vec<String> = tree
                .inclusion_proof(index, 8)
                .unwrap()
                .iter()
                .map(hex)
                .collect();
            assert_eq!(proof, expected);
        }
    }

    fn hex(h: &Hash) -> String {
        h.iter().map(|b| format!("{b:02x}")).collect()
    }

    proptest! {
        // Each case checks every prefix or every leaf of a tree: few cases suffice.
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48)
        ))]

        #[test]
        fn roots_of_every_prefix_match_the_recursive_definition(n in 0u64..200) {
            let (tree, leaves) = tree_of(n);
            for size in 0..=n {
                prop_assert_eq!(tree.root_at(size).unwrap(), reference_root(&leaves[..size as usize]));
            }
        }

        #[test]
        fn every_leaf_is_proven_in_every_tree_that_holds_it(n in 1u64..120) {
            let (tree, leaves) = tree_of(n);
            for size in 1..=n {
                let root = tree.root_at(size).unwrap();
                for index in 0..size {
                    let proof = tree.inclusion_proof(index, size).unwrap();
                    prop_assert!(verify_inclusion(&leaves[index as usize], index, size, &proof, &root));
                    // The same proof does not prove another leaf or another position.
                    let other = leaf_hash(b"not in the log");
                    prop_assert!(!verify_inclusion(&other, index, size, &proof, &root));
                    if size > 1 {
                        prop_assert!(!verify_inclusion(&leaves[index as usize], (index + 1) % size, size, &proof, &root));
                    }
                }
            }
        }

        #[test]
        fn every_tree_is_consistent_with_each_of_its_prefixes(n in 1u64..100, seed in any::<u64>()) {
            let (tree, _) = tree_of(n);
            let new = seed % n + 1;
            for old in 0..=new {
                let proof = tree.consistency_proof(old, new).unwrap();
                let (old_root, new_root) = (tree.root_at(old).unwrap(), tree.root_at(new).unwrap());
                prop_assert!(verify_consistency(old, new, &old_root, &new_root, &proof));
                // Any altered hash of the proof is caught.
                for i in 0..proof.len() {
                    let mut bad = proof.clone();
                    bad[i][0] ^= 1;
                    prop_assert!(!verify_consistency(old, new, &old_root, &new_root, &bad));
                }
            }
        }

        #[test]
        fn a_rewritten_history_is_not_consistent(n in 2u64..80, changed in any::<u64>(), seed in any::<u64>()) {
            let (tree, _) = tree_of(n);
            let old = seed % (n - 1) + 1;
            let changed = changed % old;
            // The same log, except one entry before `old`.
            let mut forged = MemoryTree::new();
            for i in 0..n {
                let entry = if i == changed { "forged".to_owned() } else { format!("entry {i}") };
                forged.push(entry.as_bytes());
            }
            let proof = forged.consistency_proof(old, n).unwrap();
            prop_assert!(!verify_consistency(old, n, &tree.root_at(old).unwrap(), &forged.root(), &proof));
        }
    }

    #[test]
    fn append_reads_only_what_it_needs() {
        let (tree, _) = tree_of(11);
        // Leaf 11 (0b1011) completes subtrees at levels 1 and 2: it reads leaf 10 and the pair 8..10.
        assert_eq!(
            append_nodes(11),
            vec![NodeId::new(0, 10), NodeId::new(1, 4)]
        );
        let mut only: HashMap<NodeId, Hash> = HashMap::new();
        for id in append_nodes(11) {
            only.insert(id, tree.hash(id).unwrap());
        }
        assert!(append(&only, 11, leaf_hash(b"x")).is_ok());
        assert_eq!(
            append(&HashMap::new(), 11, leaf_hash(b"x")),
            Err(TreeError::MissingNode(NodeId::new(0, 10)))
        );
    }
}
