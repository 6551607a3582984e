//! The double-entry book, in the model of TigerBeetle: accounts hold posted
//! and pending debits and credits; transfers are immutable, idempotent by id,
//! single-phase or two-phase (reserve, then post all or part, or void, or
//! expire); a linked batch applies whole or not at all; limits are account
//! flags. Corrections are reversing transfers.
//!
//! [`Book`] holds what an operation needs in memory. The kernel loads the
//! accounts and transfers a batch touches into one, applies the batch, and
//! writes back what changed, inside one database transaction.

use std::collections::HashMap;

pub type Id = String;

/// How far an account may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// No bound: the outside world, the fee and solidarity accounts.
    None,
    /// Debits (posted and pending) may exceed posted credits by at most this
    /// much: 0 for a wallet (no overdraft), more for a mutual-credit line.
    DebitsWithin(u64),
    /// Credits (posted and pending) may exceed posted debits by at most this much.
    CreditsWithin(u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: Id,
    pub currency: String,
    pub limit: Limit,
    pub debits_pending: u64,
    pub debits_posted: u64,
    pub credits_pending: u64,
    pub credits_posted: u64,
}

impl Account {
    pub fn new(id: &str, currency: &str, limit: Limit) -> Account {
        Account {
            id: id.to_owned(),
            currency: currency.to_owned(),
            limit,
            debits_pending: 0,
            debits_posted: 0,
            credits_pending: 0,
            credits_posted: 0,
        }
    }

    /// Posted credits minus posted debits: what a wallet holds.
    pub fn balance(&self) -> i128 {
        i128::from(self.credits_posted) - i128::from(self.debits_posted)
    }

    /// The balance less what is reserved for pending debits.
    pub fn available(&self) -> i128 {
        self.balance() - i128::from(self.debits_pending)
    }

    pub fn within_limit(&self) -> bool {
        let (dp, dq, cp, cq) = (
            u128::from(self.debits_posted),
            u128::from(self.debits_pending),
            u128::from(self.credits_posted),
            u128::from(self.credits_pending),
        );
        match self.limit {
            Limit::None => true,
            Limit::DebitsWithin(x) => dp + dq <= cp + u128::from(x),
            Limit::CreditsWithin(x) => cp + cq <= dp + u128::from(x),
        }
    }
}

/// What a client asks for. The id is the client's idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTransfer {
    pub id: Id,
    pub kind: Kind,
    /// What the movement is for, e.g. `topup`, `payment`, `fee`, `reversal`.
    pub code: String,
    /// Free reference shown on statements (an order number, a message).
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Moves `amount` at once.
    Post {
        debit: Id,
        credit: Id,
        amount: u64,
        currency: String,
    },
    /// Reserves `amount` until posted or voided, or until `expires_at` (ms).
    Reserve {
        debit: Id,
        credit: Id,
        amount: u64,
        currency: String,
        expires_at: Option<i64>,
    },
    /// Posts a reservation: `amount` of it (all when `None`), the rest is released.
    PostPending { pending_id: Id, amount: Option<u64> },
    /// Releases a reservation.
    VoidPending { pending_id: Id },
}

/// A transfer as recorded: always with both accounts and the amount moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub id: Id,
    pub debit: Id,
    pub credit: Id,
    /// Posted for `Posted` and `PostOf`, reserved for `Pending`, released for `VoidOf`.
    pub amount: u64,
    pub currency: String,
    pub code: String,
    pub reference: String,
    pub phase: Phase,
    /// What was asked, to answer a retry with the same id.
    pub request: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Posted,
    Pending { expires_at: Option<i64> },
    PostOf { pending_id: Id },
    VoidOf { pending_id: Id },
}

/// Where a reservation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PendingState {
    Pending,
    Posted,
    Voided,
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransferError {
    #[error("the amount must be more than zero")]
    ZeroAmount,
    #[error("the amount is too large")]
    TooLarge,
    #[error("a transfer needs two different accounts")]
    SameAccount,
    #[error("unknown account {0}")]
    UnknownAccount(Id),
    #[error("account {0} holds another currency")]
    CurrencyMismatch(Id),
    #[error("account {0} would go beyond its limit")]
    ExceedsLimit(Id),
    #[error("unknown reservation {0}")]
    UnknownPending(Id),
    #[error("reservation {0} was already posted")]
    AlreadyPosted(Id),
    #[error("reservation {0} was already voided")]
    AlreadyVoided(Id),
    #[error("reservation {0} has expired")]
    Expired(Id),
    #[error("more than the reservation holds")]
    ExceedsPending,
    #[error("transfer id {0} was already used for a different transfer")]
    IdReused(Id),
}

/// The result of one transfer: `replayed` when its id had already been
/// applied with the same request, which then changes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub transfer: Transfer,
    pub replayed: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Book {
    accounts: HashMap<Id, Account>,
    transfers: HashMap<Id, Transfer>,
    pending: HashMap<Id, PendingState>,
    /// Transfers in the order they were applied (for statements and checks).
    history: Vec<Id>,
}

/// What a linked batch changed, as it was before it.
struct Undo {
    history: usize,
    accounts: Vec<Account>,
    pending: Vec<(Id, Option<PendingState>)>,
}

impl Book {
    pub fn new() -> Book {
        Book::default()
    }

    /// Adds an account, or replaces the copy of one loaded from storage.
    pub fn put_account(&mut self, account: Account) {
        self.accounts.insert(account.id.clone(), account);
    }

    /// Adds a transfer loaded from storage (in the order it was applied), with
    /// its reservation's state.
    pub fn put_transfer(&mut self, transfer: Transfer, pending: Option<PendingState>) {
        if let Some(state) = pending {
            self.pending.insert(transfer.id.clone(), state);
        }
        if !self.transfers.contains_key(&transfer.id) {
            self.history.push(transfer.id.clone());
        }
        self.transfers.insert(transfer.id.clone(), transfer);
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.get(id)
    }

    pub fn accounts(&self) -> impl Iterator<Item = &Account> {
        self.accounts.values()
    }

    pub fn transfer(&self, id: &str) -> Option<&Transfer> {
        self.transfers.get(id)
    }

    pub fn pending_state(&self, id: &str) -> Option<PendingState> {
        self.pending.get(id).copied()
    }

    /// Transfers applied to this book, oldest first.
    pub fn history(&self) -> impl Iterator<Item = &Transfer> {
        self.history.iter().filter_map(|id| self.transfers.get(id))
    }

    /// Applies a batch whole or not at all: the first error names its index,
    /// and the book is then as it was.
    pub fn apply_linked(
        &mut self,
        batch: &[NewTransfer],
        now: i64,
    ) -> Result<Vec<Applied>, (usize, TransferError)> {
        // What the batch may change is remembered as it goes and put back
        // on an error: a copy of the whole book per batch made a pass of
        // many batches (a settlement of thousands of holds) quadratic.
        let mut before = Undo {
            history: self.history.len(),
            accounts: Vec::new(),
            pending: Vec::new(),
        };
        let mut done = Vec::with_capacity(batch.len());
        for (i, transfer) in batch.iter().enumerate() {
            self.remember(transfer, &mut before);
            match self.apply(transfer, now) {
                Ok(applied) => done.push(applied),
                Err(e) => {
                    self.undo(before);
                    return Err((i, e));
                }
            }
        }
        Ok(done)
    }

    /// Remembers, before `new` is applied, the accounts and the reservation
    /// state it may change (each only as it was before the batch).
    fn remember(&self, new: &NewTransfer, before: &mut Undo) {
        let (accounts, pending) = match &new.kind {
            Kind::Post { debit, credit, .. } => ([debit, credit], None),
            Kind::Reserve { debit, credit, .. } => ([debit, credit], Some(&new.id)),
            Kind::PostPending { pending_id, .. } | Kind::VoidPending { pending_id } => {
                match self.transfers.get(pending_id) {
                    Some(t) => ([&t.debit, &t.credit], Some(pending_id)),
                    None => return,
                }
            }
        };
        for id in accounts {
            if let Some(account) = self.accounts.get(id)
                && !before.accounts.iter().any(|a| &a.id == id)
            {
                before.accounts.push(account.clone());
            }
        }
        if let Some(id) = pending
            && !before.pending.iter().any(|(p, _)| p == id)
        {
            before
                .pending
                .push((id.clone(), self.pending.get(id).copied()));
        }
    }

    fn undo(&mut self, before: Undo) {
        for id in self.history.drain(before.history..) {
            self.transfers.remove(&id);
        }
        for account in before.accounts {
            self.put_account(account);
        }
        for (id, state) in before.pending {
            match state {
                Some(state) => self.pending.insert(id, state),
                None => self.pending.remove(&id),
            };
        }
    }

    /// Applies one transfer; on error nothing changes.
    pub fn apply(&mut self, new: &NewTransfer, now: i64) -> Result<Applied, TransferError> {
        if let Some(existing) = self.transfers.get(&new.id) {
            return if existing.request == new.kind
                && existing.code == new.code
                && existing.reference == new.reference
            {
                Ok(Applied {
                    transfer: existing.clone(),
                    replayed: true,
                })
            } else {
                Err(TransferError::IdReused(new.id.clone()))
            };
        }
        let transfer = match &new.kind {
            Kind::Post {
                debit,
                credit,
                amount,
                currency,
            } => self.move_money(new, debit, credit, *amount, currency, Phase::Posted)?,
            Kind::Reserve {
                debit,
                credit,
                amount,
                currency,
                expires_at,
            } => self.move_money(
                new,
                debit,
                credit,
                *amount,
                currency,
                Phase::Pending {
                    expires_at: *expires_at,
                },
            )?,
            Kind::PostPending { pending_id, amount } => {
                self.settle(new, pending_id, Some(*amount), now)?
            }
            Kind::VoidPending { pending_id } => self.settle(new, pending_id, None, now)?,
        };
        self.history.push(transfer.id.clone());
        self.transfers.insert(transfer.id.clone(), transfer.clone());
        Ok(Applied {
            transfer,
            replayed: false,
        })
    }

    fn checked_pair(
        &self,
        debit: &str,
        credit: &str,
        currency: &str,
    ) -> Result<(Account, Account), TransferError> {
        if debit == credit {
            return Err(TransferError::SameAccount);
        }
        let get = |id: &str| {
            let account = self
                .accounts
                .get(id)
                .ok_or_else(|| TransferError::UnknownAccount(id.to_owned()))?;
            if account.currency != currency {
                return Err(TransferError::CurrencyMismatch(id.to_owned()));
            }
            Ok(account.clone())
        };
        Ok((get(debit)?, get(credit)?))
    }

    fn move_money(
        &mut self,
        new: &NewTransfer,
        debit: &str,
        credit: &str,
        amount: u64,
        currency: &str,
        phase: Phase,
    ) -> Result<Transfer, TransferError> {
        if amount == 0 {
            return Err(TransferError::ZeroAmount);
        }
        if amount > crate::MAX_AMOUNT {
            return Err(TransferError::TooLarge);
        }
        let (mut from, mut to) = self.checked_pair(debit, credit, currency)?;
        let pending = matches!(phase, Phase::Pending { .. });
        let (from_field, to_field) = if pending {
            (&mut from.debits_pending, &mut to.credits_pending)
        } else {
            (&mut from.debits_posted, &mut to.credits_posted)
        };
        *from_field = add(*from_field, amount)?;
        *to_field = add(*to_field, amount)?;
        for account in [&from, &to] {
            if !account.within_limit() {
                return Err(TransferError::ExceedsLimit(account.id.clone()));
            }
        }
        if pending {
            self.pending.insert(new.id.clone(), PendingState::Pending);
        }
        self.put_account(from);
        self.put_account(to);
        Ok(Transfer {
            id: new.id.clone(),
            debit: debit.to_owned(),
            credit: credit.to_owned(),
            amount,
            currency: currency.to_owned(),
            code: new.code.clone(),
            reference: new.reference.clone(),
            phase,
            request: new.kind.clone(),
        })
    }

    /// Posts (`post` is `Some`) or voids a reservation.
    fn settle(
        &mut self,
        new: &NewTransfer,
        pending_id: &str,
        post: Option<Option<u64>>,
        now: i64,
    ) -> Result<Transfer, TransferError> {
        let reserved = self
            .transfers
            .get(pending_id)
            .filter(|t| matches!(t.phase, Phase::Pending { .. }))
            .cloned()
            .ok_or_else(|| TransferError::UnknownPending(pending_id.to_owned()))?;
        match self.pending.get(pending_id) {
            Some(PendingState::Pending) => {}
            Some(PendingState::Posted) => {
                return Err(TransferError::AlreadyPosted(pending_id.to_owned()));
            }
            Some(PendingState::Voided) => {
                return Err(TransferError::AlreadyVoided(pending_id.to_owned()));
            }
            Some(PendingState::Expired) | None => {
                return Err(TransferError::Expired(pending_id.to_owned()));
            }
        }
        let expired =
            matches!(reserved.phase, Phase::Pending { expires_at: Some(at) } if now >= at);
        if post.is_some() && expired {
            return Err(TransferError::Expired(pending_id.to_owned()));
        }
        let posted = match post {
            Some(Some(0)) => return Err(TransferError::ZeroAmount),
            Some(Some(amount)) if amount > reserved.amount => {
                return Err(TransferError::ExceedsPending);
            }
            Some(Some(amount)) => amount,
            Some(None) => reserved.amount,
            None => 0,
        };
        let (mut from, mut to) =
            self.checked_pair(&reserved.debit, &reserved.credit, &reserved.currency)?;
        // The whole reservation is released; the posted part moves.
        from.debits_pending -= reserved.amount;
        to.credits_pending -= reserved.amount;
        from.debits_posted = add(from.debits_posted, posted)?;
        to.credits_posted = add(to.credits_posted, posted)?;
        self.put_account(from);
        self.put_account(to);
        let (phase, amount, state) = match post {
            Some(_) => (
                Phase::PostOf {
                    pending_id: pending_id.to_owned(),
                },
                posted,
                PendingState::Posted,
            ),
            None => (
                Phase::VoidOf {
                    pending_id: pending_id.to_owned(),
                },
                reserved.amount,
                if expired {
                    PendingState::Expired
                } else {
                    PendingState::Voided
                },
            ),
        };
        self.pending.insert(pending_id.to_owned(), state);
        Ok(Transfer {
            id: new.id.clone(),
            debit: reserved.debit,
            credit: reserved.credit,
            amount,
            currency: reserved.currency,
            code: new.code.clone(),
            reference: new.reference.clone(),
            phase,
            request: new.kind.clone(),
        })
    }

    /// Reservations whose time is up at `now`: the expiry job voids each with
    /// [`expiry_of`].
    pub fn expired_at(&self, now: i64) -> Vec<Id> {
        let mut ids: Vec<Id> = self
            .pending
            .iter()
            .filter(|(_, state)| **state == PendingState::Pending)
            .filter(|(id, _)| {
                matches!(
                    self.transfers.get(*id).map(|t| &t.phase),
                    Some(Phase::Pending { expires_at: Some(at) }) if now >= *at
                )
            })
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids
    }

    /// Checks the book's invariants; `Err` says which one broke.
    pub fn check(&self) -> Result<(), String> {
        let sum = |f: fn(&Account) -> u64| -> u128 {
            self.accounts.values().map(|a| u128::from(f(a))).sum()
        };
        if sum(|a| a.debits_posted) != sum(|a| a.credits_posted) {
            return Err("posted debits and credits differ".into());
        }
        if sum(|a| a.debits_pending) != sum(|a| a.credits_pending) {
            return Err("pending debits and credits differ".into());
        }
        for account in self.accounts.values() {
            if !account.within_limit() {
                return Err(format!("{} is beyond its limit", account.id));
            }
        }
        // Every account's totals are the sum of its transfers.
        let mut expected: HashMap<&str, [u64; 4]> = HashMap::new();
        for t in self.history() {
            let (posted, pending) = match &t.phase {
                Phase::Posted | Phase::PostOf { .. } => (t.amount, 0),
                Phase::Pending { .. }
                    if self.pending.get(&t.id) == Some(&PendingState::Pending) =>
                {
                    (0, t.amount)
                }
                _ => (0, 0),
            };
            let d = expected.entry(&t.debit).or_default();
            d[0] += posted;
            d[1] += pending;
            let c = expected.entry(&t.credit).or_default();
            c[2] += posted;
            c[3] += pending;
        }
        for account in self.accounts.values() {
            let want = expected
                .get(account.id.as_str())
                .copied()
                .unwrap_or_default();
            let have = [
                account.debits_posted,
                account.debits_pending,
                account.credits_posted,
                account.credits_pending,
            ];
            if want != have {
                return Err(format!(
                    "{}: totals {have:?}, transfers say {want:?}",
                    account.id
                ));
            }
        }
        Ok(())
    }
}

fn add(a: u64, b: u64) -> Result<u64, TransferError> {
    a.checked_add(b)
        .filter(|v| *v <= crate::MAX_AMOUNT)
        .ok_or(TransferError::TooLarge)
}

/// The transfer that voids an expired reservation; its id is derived from the
/// reservation's, so running the expiry twice is harmless.
pub fn expiry_of(pending_id: &str) -> NewTransfer {
    NewTransfer {
        id: format!("expiry:{pending_id}"),
        kind: Kind::VoidPending {
            pending_id: pending_id.to_owned(),
        },
        code: "expiry".to_owned(),
        reference: String::new(),
    }
}

/// The correction of a posted transfer: the same amount back, never an edit.
pub fn reversal_of(original: &Transfer, id: &str, reference: &str) -> Option<NewTransfer> {
    matches!(original.phase, Phase::Posted | Phase::PostOf { .. }).then(|| NewTransfer {
        id: id.to_owned(),
        kind: Kind::Post {
            debit: original.credit.clone(),
            credit: original.debit.clone(),
            amount: original.amount,
            currency: original.currency.clone(),
        },
        code: "reversal".to_owned(),
        reference: if reference.is_empty() {
            original.id.clone()
        } else {
            reference.to_owned()
        },
    })
}
