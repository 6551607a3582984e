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

/// A bound for what no change announces: another node's change missed while
/// this one's listening connection was down, or a scheduled decision
/// opening. Every committed change (here, or on another node through
/// `LISTEN/NOTIFY`) makes entries stale at once, whatever their age.
pub const MAX_AGE: Duration = Duration::from_secs(30);

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
    /// One lock per key being loaded: after a change, the many requests of
    /// one member wait for a single load instead of all querying at once.
    loading: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    capacity: usize,
}

impl<V: Clone> Cache<V> {
    pub fn new(changes: Changes, capacity: usize) -> Cache<V> {
        Cache {
            changes,
            entries: Mutex::new(HashMap::new()),
            loading: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// The value for `key`, from the cache when still fresh, else from `load`.
    /// `None` (nothing found) is not cached.
    pub async fn get_or_load<F, Fut>(
        &self,
        key: impl AsRef<str>,
        load: F,
    ) -> Result<Option<V>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<V>, AppError>>,
    {
        let key = key.as_ref();
        if let Some(value) = self.fresh(key, self.changes.current()) {
            return Ok(Some(value));
        }
        let turn = {
            let mut loading = self.loading.lock().unwrap_or_else(|e| e.into_inner());
            loading.entry(key.to_owned()).or_default().clone()
        };
        let held = turn.lock().await;
        // Whoever held the turn before may have loaded it meanwhile.
        let generation = self.changes.current();
        let value = match self.fresh(key, generation) {
            Some(value) => Ok(Some(value)),
            None => {
                let loaded = load().await;
                if let Ok(Some(v)) = &loaded {
                    self.insert(key, v.clone(), generation);
                }
                loaded
            }
        };
        drop(held);
        {
            let mut loading = self.loading.lock().unwrap_or_else(|e| e.into_inner());
            // The last one waiting for this key takes its lock away.
            if Arc::strong_count(&turn) <= 2 {
                loading.remove(key);
            }
        }
        value
    }

    fn insert(&self, key: &str, value: V, generation: u64) {
        let mut entries = self.lock();
        if entries.len() >= self.capacity {
            // A simple bound: start again rather than track recency.
            entries.clear();
        }
        entries.insert(
            key.to_owned(),
            Entry {
                value,
                generation,
                loaded: Instant::now(),
            },
        );
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
    async fn requests_missing_together_wait_for_one_load() {
        let cache = Cache::new(Changes::default(), 10);
        let loads = std::sync::atomic::AtomicU32::new(0);
        let get = || {
            cache.get_or_load("a", || async {
                loads.fetch_add(1, Ordering::SeqCst);
                tokio::task::yield_now().await;
                Ok(Some(7))
            })
        };
        let all = tokio::join!(get(), get(), get(), get(), get());
        for got in [all.0, all.1, all.2, all.3, all.4] {
            assert_eq!(got.unwrap(), Some(7));
        }
        assert_eq!(loads.load(Ordering::SeqCst), 1);
        assert!(
            cache.loading.lock().unwrap().is_empty(),
            "no lock left behind"
        );
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
