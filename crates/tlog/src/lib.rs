//! Freeco's transparency log, as pure functions: the RFC 9162 Merkle tree
//! with inclusion and consistency proofs over stored subtree hashes
//! ([`tree`]), checkpoints signed as C2SP notes ([`note`]), and the canonical
//! JSON of entries ([`canonical`]). Storage and HTTP live in the kernel and
//! the web crate; `freeco verify` uses this crate to check a live instance.

pub mod canonical;
pub mod note;
pub mod tree;

pub use canonical::to_canonical;
pub use note::{Checkpoint, NoteError, NoteSigner, NoteVerifier};
pub use tree::{
    Hash, HashStore, MemoryTree, NodeId, TreeError, leaf_hash, node_hash, verify_consistency,
    verify_inclusion,
};
