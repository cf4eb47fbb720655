//! Remembering which ids a file has already named, in little memory.
//!
//! A 1 GB export names millions of ids; as `String`s in a `HashSet` they cost
//! about a hundred bytes each and dominated the import's peak memory. A
//! 128-bit digest costs about twenty, and two different ids share one with a
//! probability far below anything a file could hold.

use std::collections::HashSet;

use sha2::{Digest, Sha256};

#[derive(Debug, Default)]
pub(crate) struct IdSet(HashSet<u128>);

impl IdSet {
    pub(crate) fn new() -> Self {
        IdSet(HashSet::new())
    }

    /// True when `id` was not in the set yet.
    pub(crate) fn insert(&mut self, id: &str) -> bool {
        let digest = Sha256::digest(id.as_bytes());
        let mut first = [0u8; 16];
        first.copy_from_slice(&digest[..16]);
        self.0.insert(u128::from_le_bytes(first))
    }
}

#[cfg(test)]
mod tests {
    use super::IdSet;

    #[test]
    fn remembers_ids_exactly() {
        let mut set = IdSet::new();
        assert!(set.insert("a"));
        assert!(set.insert("b"));
        assert!(!set.insert("a"));
        assert!(set.insert("A"), "ids are case-sensitive here; callers normalise");
    }
}
