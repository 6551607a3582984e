//! Short-lived read caches for what nearly every request asks: who holds this
//! session or token, which collectives and organisations they belong to, the
//! bell's count and what awaits their vote.
//!
//! Each committed change in this process bumps one counter ([`Changes`]); an
//! entry loaded before the last bump is never served. Entries also expire
//! after [`MAX_AGE`]. Other processes sharing the same PostgreSQL database
//! bump it too, through `LISTEN/NOTIFY` (see `db`). The counter is read *before* loading, so a change committed
//! while an entry loads makes that entry stale at once.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::AppError;

pub const MAX_AGE: Duration = Duration::from_secs(2);

/// Counts committed changes; cloned handles share the count.
#[derive(Clone, Default)]
pub struct Changes(Arc<AtomicU64>);

impl Changes {
    pub fn bump(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }

    fn current(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }
}

struct Entry<V> {
    value: V,
    generation: u64,
    loaded: Instant,
}

pub struct Cache<V> {
    changes: Changes,
    entries: Mutex<HashMap<String, Entry<V>>>,
    capacity: usize,
}

impl<V: Clone> Cache<V> {
    pub fn new(changes: Changes, capacity: usize) -> Cache<V> {
        Cache {
            changes,
            entries: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// The value for `key`, from the cache when still fresh, else from `load`.
    /// `None` (nothing found) is not cached.
    pub async fn get_or_load<F, Fut>(&self, key: &str, load: F) -> Result<Option<V>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<V>, AppError>>,
    {
        let generation = self.changes.current();
        if let Some(value) = self.fresh(key, generation) {
            return Ok(Some(value));
        }
        let value = load().await?;
        if let Some(value) = &value {
            let mut entries = self.lock();
            if entries.len() >= self.capacity {
                // A simple bound: start again rather than track recency.
                entries.clear();
            }
            entries.insert(
                key.to_owned(),
                Entry {
                    value: value.clone(),
                    generation,
                    loaded: Instant::now(),
                },
            );
        }
        Ok(value)
    }

    fn fresh(&self, key: &str, generation: u64) -> Option<V> {
        let entries = self.lock();
        let entry = entries.get(key)?;
        (entry.generation == generation && entry.loaded.elapsed() < MAX_AGE)
            .then(|| entry.value.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry<V>>> {
        // A panic while holding the lock cannot leave the map inconsistent.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The kernel's caches, one set per database.
pub(crate) struct ReadCaches {
    /// Session token hash → member and session expiry.
    pub sessions: Cache<(crate::members::Member, i64)>,
    /// API token hash → member, token id and when it was last recorded as used.
    pub tokens: Cache<(
        crate::members::Member,
        String,
        Arc<std::sync::atomic::AtomicI64>,
    )>,
    /// Member id → collective memberships.
    pub memberships: Cache<Vec<crate::collectives::Membership>>,
    /// Member id → organisations acted for.
    pub organisations: Cache<Vec<crate::organisations::OrganisationMembership>>,
    /// Member id → unread notifications (the bell on every page).
    pub unread: Cache<i64>,
    /// Member id → open decisions awaiting its vote (the home page).
    pub awaiting_vote: Cache<Vec<crate::decisions::AwaitingVote>>,
}

impl ReadCaches {
    pub fn new(changes: &Changes) -> ReadCaches {
        const CAPACITY: usize = 10_000;
        ReadCaches {
            sessions: Cache::new(changes.clone(), CAPACITY),
            tokens: Cache::new(changes.clone(), CAPACITY),
            memberships: Cache::new(changes.clone(), CAPACITY),
            organisations: Cache::new(changes.clone(), CAPACITY),
            unread: Cache::new(changes.clone(), CAPACITY),
            awaiting_vote: Cache::new(changes.clone(), CAPACITY),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn load(value: u32) -> Result<Option<u32>, AppError> {
        Ok(Some(value))
    }

    #[tokio::test]
    async fn a_change_makes_every_entry_stale() {
        let changes = Changes::default();
        let cache = Cache::new(changes.clone(), 10);
        assert_eq!(cache.get_or_load("a", || load(1)).await.unwrap(), Some(1));
        assert_eq!(cache.get_or_load("a", || load(2)).await.unwrap(), Some(1));
        changes.bump();
        assert_eq!(cache.get_or_load("a", || load(3)).await.unwrap(), Some(3));
    }

    #[tokio::test]
    async fn a_change_during_a_load_is_not_hidden() {
        let changes = Changes::default();
        let cache = Cache::new(changes.clone(), 10);
        let during = changes.clone();
        let loaded = cache
            .get_or_load("a", || async move {
                during.bump();
                Ok(Some(1))
            })
            .await
            .unwrap();
        assert_eq!(loaded, Some(1));
        assert_eq!(cache.get_or_load("a", || load(2)).await.unwrap(), Some(2));
    }

    #[tokio::test]
    async fn nothing_found_is_not_remembered_and_size_is_bounded() {
        let cache = Cache::new(Changes::default(), 2);
        let none = cache
            .get_or_load("x", || async { Ok(None::<u32>) })
            .await
            .unwrap();
        assert_eq!(none, None);
        assert_eq!(cache.get_or_load("x", || load(5)).await.unwrap(), Some(5));
        cache.get_or_load("y", || load(6)).await.unwrap();
        cache.get_or_load("z", || load(7)).await.unwrap();
        assert!(cache.lock().len() <= 2);
    }
}
