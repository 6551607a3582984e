//! Group commit: concurrent requests that each need a write transaction
//! share one. Every transaction that moves money or casts a vote appends to
//! the transparency log, whose head is one row held until commit, so such
//! transactions commit one at a time, each paying its own commit (a flush
//! to disk) while the others wait. Queued here, the requests waiting when
//! the writer comes free are run by one leader in one transaction: one
//! turn at the head and one flush for all, each request still whole or
//! not at all.
//!
//! Two users: the ledger's own transfers (`money::transfer`, whose group
//! is applied in one set-wise pass) and any module's work through
//! [`Db::together`], each request in a savepoint of its own (a checkout:
//! the order's rows, its stock and its hold).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;

use crate::db::{Backend, Db, Tx};
use crate::error::AppError;

/// What a request is answered.
pub(crate) type Reply<O> = oneshot::Sender<Result<O, AppError>>;

/// Where a queued request's answer comes.
pub(crate) type Answer<O> = oneshot::Receiver<Result<O, AppError>>;

/// A queue of requests and the writer whose holder runs them.
pub(crate) struct Combiner<R, O> {
    waiting: Mutex<Vec<(R, Reply<O>)>>,
    writer: Arc<tokio::sync::Mutex<()>>,
    /// The most requests one transaction takes: bounds its locks and size.
    max: usize,
}

impl<R, O> Combiner<R, O> {
    pub(crate) fn new(max: usize) -> Self {
        Combiner {
            waiting: Mutex::new(Vec::new()),
            writer: Arc::default(),
            max,
        }
    }
}

impl<R: Send + 'static, O: Send + 'static> Combiner<R, O> {
    /// Queues `request` and waits for its answer. Whoever takes the writer
    /// runs all that wait (up to `max`) with `run`, which answers each.
    /// The group runs in a task of its own, holding the writer: a caller
    /// that goes away (a closed connection drops its handler) never cuts a
    /// group short, so no request is left half-answered. A request whose
    /// caller went away before its group began stays queued, and runs with
    /// the next group of this combiner.
    pub(crate) async fn submit<F, Fut>(&self, request: R, run: F) -> Result<O, AppError>
    where
        F: Fn(Vec<(R, Reply<O>)>) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let answer = self.enqueue(request);
        self.serve(answer, run).await
    }

    /// Queues `request`: the first half of [`Combiner::submit`].
    pub(crate) fn enqueue(&self, request: R) -> Answer<O> {
        let (reply, answer) = oneshot::channel();
        self.lock_waiting().push((request, reply));
        answer
    }

    /// Waits for the answer to a queued request, leading groups until it
    /// comes: the second half of [`Combiner::submit`].
    pub(crate) async fn serve<F, Fut>(&self, mut answer: Answer<O>, run: F) -> Result<O, AppError>
    where
        F: Fn(Vec<(R, Reply<O>)>) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        loop {
            let writer = self.writer.clone().lock_owned().await;
            // A leader before us may have run this request already.
            if let Some(answered) = answered(&mut answer) {
                return answered;
            }
            let group: Vec<(R, Reply<O>)> = {
                let mut waiting = self.lock_waiting();
                let take = waiting.len().min(self.max);
                waiting.drain(..take).collect()
            };
            let group = run(group);
            let running = tokio::spawn(async move {
                group.await;
                drop(writer);
            });
            if running.await.is_err() {
                tracing::error!("a group commit's task failed");
            }
            if let Some(answered) = answered(&mut answer) {
                return answered;
            }
        }
    }

    fn lock_waiting(&self) -> MutexGuard<'_, Vec<(R, Reply<O>)>> {
        self.waiting.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The answer if it came; a reply dropped unanswered (the group's task
/// panicked) is an internal error.
fn answered<O>(answer: &mut Answer<O>) -> Option<Result<O, AppError>> {
    match answer.try_recv() {
        Ok(result) => Some(result),
        Err(oneshot::error::TryRecvError::Empty) => None,
        Err(oneshot::error::TryRecvError::Closed) => Some(Err(AppError::Internal(
            "a group commit ended without answering".into(),
        ))),
    }
}

/// A future borrowing the transaction it works in.
pub type TxFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, AppError>> + Send + 'a>>;

/// Work for [`Db::together`]: run in a shared transaction, and again alone
/// if that transaction does not commit.
pub(crate) type Work = Arc<dyn for<'a> Fn(&'a mut Tx) -> TxFuture<'a, ()> + Send + Sync>;

/// The most pieces of work one transaction of [`Db::together`] takes. Each
/// that writes is a subtransaction on PostgreSQL, which keeps 64 of them
/// per transaction in shared memory before every snapshot of the cluster
/// has to look further: well below that. Larger groups were also slower
/// in `bench/market` (64: about half the checkouts per second of 32): a
/// group's work updates the same hot rows (the log's head, stock) again
/// and again, each time one more version to step over until it commits,
/// and while one large group runs, the next has less work queued.
const TOGETHER_MAX: usize = 32;

/// The groups of [`Db::together`], one per key while calls of that key are
/// under way.
#[derive(Default)]
pub(crate) struct Groups(Mutex<HashMap<String, Arc<Combiner<Work, ()>>>>);

impl Groups {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<Combiner<Work, ()>>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// How long a piece of work in a group waits for a lock that another
/// transaction holds, on PostgreSQL, before it gives way (rolled back to
/// its savepoint, to run again alone). The group holds the locks of the
/// work before it, the transparency log's head among them, which the other
/// transaction may be waiting for: the group gives way rather than wait
/// for the deadlock detector while the head stays taken.
const GIVE_WAY_AFTER: &str = "100ms";

impl Db {
    /// Runs `work` in a transaction shared with concurrent callers' work
    /// of the same `key` (group commit), in a savepoint of its own, and
    /// commits: what it returns is committed; what it refuses wrote
    /// nothing. Work that fails with [`AppError::Internal`] (a database
    /// error, a lock it gave way on) runs again alone in a transaction of
    /// its own, as all of a group's work does when the group's transaction
    /// fails: `work` may run more than once, and at most one run is
    /// committed. Should the commit's outcome be unknown (the connection
    /// lost while committing), nothing is run again and each caller is
    /// told so.
    ///
    /// Once called, the work is done even if the caller goes away.
    ///
    /// For a hot path of many small writes that each append to the log,
    /// where a transaction per request spends most of its time waiting
    /// for the log's head. The key keeps unrelated work apart: a group
    /// holds the locks of all its work until it commits, so work that
    /// takes other locks first (the checkouts of one order cycle, which
    /// its close waits for) is grouped by what it locks.
    pub async fn together<T, F>(&self, key: &str, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: for<'a> Fn(&'a mut Tx) -> TxFuture<'a, T> + Send + Sync + 'static,
    {
        let made: Arc<Mutex<Option<T>>> = Arc::default();
        let slot = made.clone();
        let work: Work = Arc::new(move |tx: &mut Tx| {
            let run = work(tx);
            let slot = slot.clone();
            Box::pin(async move {
                let value = run.await?;
                *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(value);
                Ok(())
            })
        });
        // Queued now, in the order of the calls; then served in a task of
        // its own, so that the work is done, and the group's map tidied,
        // whether or not the caller waits for it.
        let group = self
            .together_groups()
            .lock()
            .entry(key.to_owned())
            .or_insert_with(|| Arc::new(Combiner::new(TOGETHER_MAX)))
            .clone();
        let answer = group.enqueue(work);
        let (db, key) = (self.clone(), key.to_owned());
        let done = tokio::spawn(async move {
            let runner = db.clone();
            let done = group
                .serve(answer, move |work| run_together(runner.clone(), work))
                .await;
            // Clones are made and dropped under the map's lock: the last
            // call of a key takes its group away.
            let mut groups = db.together_groups().lock();
            drop(group);
            if groups.get(&key).is_some_and(|g| Arc::strong_count(g) == 1) {
                groups.remove(&key);
            }
            done
        });
        done.await
            .map_err(|e| AppError::Internal(format!("work done together: {e}")))??;
        let value = made.lock().unwrap_or_else(|e| e.into_inner()).take();
        value.ok_or_else(|| AppError::Internal("work done together gave nothing".into()))
    }
}

/// Runs a group's work in one transaction, each in a savepoint, and
/// answers each once the transaction committed; then runs alone the work
/// that failed on the database. If the transaction fails, every piece of
/// work runs alone instead: what was refused in the group may have been
/// refused because of work that is now undone.
async fn run_together(db: Db, group: Vec<(Work, Reply<()>)>) {
    let works = group.iter().map(|(work, _)| work.clone()).collect();
    let outcomes = match together_in_one(db.clone(), works).await {
        Ok(outcomes) => outcomes,
        Err(Failed::Unknown(e)) => {
            tracing::error!(error = ?e, "a group's commit has an unknown outcome");
            for (_, reply) in group {
                let _ = reply.send(Err(AppError::Internal(
                    "the commit's outcome is unknown".into(),
                )));
            }
            return;
        }
        Err(Failed::RolledBack(e)) => {
            tracing::warn!(error = ?e, "a group's transaction failed: its work runs alone");
            group.iter().map(|_| None).collect()
        }
    };
    let mut again = Vec::new();
    for ((work, reply), outcome) in group.into_iter().zip(outcomes) {
        match outcome {
            Some(result) => {
                let _ = reply.send(result);
            }
            None => again.push((work, reply)),
        }
    }
    for (work, reply) in again {
        // In a task of its own: a panic there answers this work alone.
        let result = tokio::spawn(alone(db.clone(), work))
            .await
            .unwrap_or_else(|e| Err(AppError::Internal(format!("work run alone: {e}"))));
        let _ = reply.send(result);
    }
}

/// A piece of work's outcome in its group: `None` for work that runs
/// again alone.
type Outcome = Option<Result<(), AppError>>;

/// Why a group's transaction did not commit.
enum Failed {
    /// Rolled back: nothing of it was written.
    RolledBack(AppError),
    /// The commit was sent and its answer lost.
    Unknown(sqlx::Error),
}

/// Each piece of work's outcome in the committed group transaction; `None`
/// for work that failed with an internal error and runs again alone.
///
/// Owned and boxed as `Send`: the compiler cannot prove it of a future
/// that borrows across the calls of higher-ranked closures
/// (rust-lang/rust#102211).
fn together_in_one(
    db: Db,
    works: Vec<Work>,
) -> Pin<Box<dyn Future<Output = Result<Vec<Outcome>, Failed>> + Send>> {
    Box::pin(async move {
        let mut tx = db.begin().await.map_err(Failed::RolledBack)?;
        let outcomes = match each_in_its_savepoint(&mut tx, works).await {
            Ok(outcomes) => outcomes,
            Err(e) => {
                let _ = tx.rollback().await;
                return Err(Failed::RolledBack(e.into()));
            }
        };
        match tx.commit().await {
            Ok(()) => Ok(outcomes),
            // The server answered: it rolled back.
            Err(e @ sqlx::Error::Database(_)) => Err(Failed::RolledBack(e.into())),
            Err(e) => Err(Failed::Unknown(e)),
        }
    })
}

async fn each_in_its_savepoint(tx: &mut Tx, works: Vec<Work>) -> Result<Vec<Outcome>, sqlx::Error> {
    let mut outcomes = Vec::with_capacity(works.len());
    for (i, work) in works.into_iter().enumerate() {
        if i == 1 && tx.backend() == Backend::Postgres {
            tx.execute_raw(&format!("SET LOCAL lock_timeout = '{GIVE_WAY_AFTER}'"))
                .await?;
        }
        tx.execute_raw("SAVEPOINT together").await?;
        match work(tx).await {
            Ok(()) => {
                tx.execute_raw("RELEASE SAVEPOINT together").await?;
                outcomes.push(Some(Ok(())));
            }
            Err(e) => {
                tx.execute_raw("ROLLBACK TO SAVEPOINT together").await?;
                tx.execute_raw("RELEASE SAVEPOINT together").await?;
                outcomes.push(match e {
                    AppError::Internal(_) => None,
                    refused => Some(Err(refused)),
                });
            }
        }
    }
    Ok(outcomes)
}

/// One piece of work in its own transaction.
fn alone(db: Db, work: Work) -> TxFuture<'static, ()> {
    Box::pin(async move {
        let mut tx = db.begin().await?;
        match work(&mut tx).await {
            Ok(()) => Ok(tx.commit().await?),
            Err(e) => {
                tx.rollback().await?;
                Err(e)
            }
        }
    })
}
