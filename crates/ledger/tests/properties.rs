//! Random sequences of money movements keep the book's invariants: debits
//! equal credits, no flagged account beyond its limit, pending amounts equal
//! open reservations, each account's totals equal the sum of its transfers.
//! A refused operation changes nothing; a retried one changes nothing either.

use ledger::{Account, Book, Kind, Limit, NewTransfer, PendingState, Phase, TransferError};
use proptest::prelude::*;

const ACCOUNTS: [(&str, &str, Limit); 8] = [
    ("world", "EUR", Limit::None),
    ("wallet-a", "EUR", Limit::DebitsWithin(0)),
    ("wallet-b", "EUR", Limit::DebitsWithin(0)),
    ("wallet-c", "EUR", Limit::DebitsWithin(0)),
    ("treasury", "EUR", Limit::DebitsWithin(0)),
    ("mutual", "EUR", Limit::DebitsWithin(500)),
    ("capped", "EUR", Limit::CreditsWithin(1_000)),
    ("dollars", "USD", Limit::None),
];

#[derive(Debug, Clone)]
enum Op {
    Post {
        from: usize,
        to: usize,
        amount: u64,
    },
    Reserve {
        from: usize,
        to: usize,
        amount: u64,
        ttl: Option<i64>,
    },
    PostPending {
        which: usize,
        amount: Option<u64>,
    },
    Void {
        which: usize,
    },
    Tick {
        ms: i64,
    },
    Retry {
        which: usize,
    },
    ReuseId {
        which: usize,
    },
    Reverse {
        which: usize,
    },
    Linked {
        ops: Vec<(usize, usize, u64)>,
        reserve: bool,
    },
    /// A reservation posted (in part) or voided, then movements, in one
    /// linked batch: what a capture's batch is.
    LinkedSettle {
        which: usize,
        post: Option<Option<u64>>,
        then: Vec<(usize, usize, u64)>,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let account = 0..ACCOUNTS.len();
    let account = move || account.clone();
    prop_oneof![
        4 => (account(), account(), 0u64..1_500).prop_map(|(from, to, amount)| Op::Post { from, to, amount }),
        3 => (account(), account(), 0u64..1_500, prop::option::of(0i64..50))
            .prop_map(|(from, to, amount, ttl)| Op::Reserve { from, to, amount, ttl }),
        2 => (any::<usize>(), prop::option::of(0u64..1_600)).prop_map(|(which, amount)| Op::PostPending { which, amount }),
        1 => any::<usize>().prop_map(|which| Op::Void { which }),
        1 => (0i64..30).prop_map(|ms| Op::Tick { ms }),
        1 => any::<usize>().prop_map(|which| Op::Retry { which }),
        1 => any::<usize>().prop_map(|which| Op::ReuseId { which }),
        1 => any::<usize>().prop_map(|which| Op::Reverse { which }),
        1 => (prop::collection::vec((account(), account(), 0u64..1_000), 1..4), any::<bool>())
            .prop_map(|(ops, reserve)| Op::Linked { ops, reserve }),
        2 => (any::<usize>(), prop::option::of(prop::option::of(0u64..1_600)),
              prop::collection::vec((account(), account(), 0u64..1_000), 0..4))
            .prop_map(|(which, post, then)| Op::LinkedSettle { which, post, then }),
    ]
}

fn book() -> Book {
    let mut book = Book::new();
    for (id, currency, limit) in ACCOUNTS {
        book.put_account(Account::new(id, currency, limit));
    }
    book
}

fn snapshot(book: &Book) -> Vec<Account> {
    let mut accounts: Vec<Account> = book.accounts().cloned().collect();
    accounts.sort_by(|a, b| a.id.cmp(&b.id));
    accounts
}

struct Run {
    book: Book,
    now: i64,
    next: u64,
    requests: Vec<NewTransfer>,
    reservations: Vec<String>,
}

impl Run {
    fn id(&mut self) -> String {
        self.next += 1;
        format!("t{}", self.next)
    }

    fn movement(
        &mut self,
        from: usize,
        to: usize,
        amount: u64,
        reserve: Option<Option<i64>>,
    ) -> NewTransfer {
        let (debit, credit) = (ACCOUNTS[from].0.to_owned(), ACCOUNTS[to].0.to_owned());
        // Mostly the debit account's currency; the dollars account makes mismatches.
        let currency = ACCOUNTS[from].1.to_owned();
        let kind = match reserve {
            None => Kind::Post {
                debit,
                credit,
                amount,
                currency,
            },
            Some(ttl) => Kind::Reserve {
                debit,
                credit,
                amount,
                currency,
                expires_at: ttl.map(|t| self.now + t),
            },
        };
        NewTransfer {
            id: self.id(),
            kind,
            code: "test".into(),
            reference: String::new(),
        }
    }

    /// Applies one request, checking that a refusal leaves the book untouched.
    fn apply(&mut self, request: NewTransfer) -> Result<(), TransferError> {
        let before = snapshot(&self.book);
        let history = self.book.history().count();
        match self.book.apply(&request, self.now) {
            Ok(applied) => {
                if !applied.replayed {
                    if matches!(applied.transfer.phase, Phase::Pending { .. }) {
                        self.reservations.push(applied.transfer.id.clone());
                    }
                    self.requests.push(request);
                }
                Ok(())
            }
            Err(e) => {
                assert_eq!(
                    snapshot(&self.book),
                    before,
                    "a refused transfer changed the book: {e}"
                );
                assert_eq!(self.book.history().count(), history);
                Err(e)
            }
        }
    }

    fn step(&mut self, op: Op) {
        match op {
            Op::Post { from, to, amount } => {
                let request = self.movement(from, to, amount, None);
                let _ = self.apply(request);
            }
            Op::Reserve {
                from,
                to,
                amount,
                ttl,
            } => {
                let request = self.movement(from, to, amount, Some(ttl));
                let _ = self.apply(request);
            }
            Op::PostPending { .. } | Op::Void { .. } if self.reservations.is_empty() => {}
            Op::PostPending { which, amount } => {
                let pending_id = self.reservations[which % self.reservations.len()].clone();
                let request = NewTransfer {
                    id: self.id(),
                    kind: Kind::PostPending { pending_id, amount },
                    code: "post".into(),
                    reference: String::new(),
                };
                let _ = self.apply(request);
            }
            Op::Void { which } => {
                let pending_id = self.reservations[which % self.reservations.len()].clone();
                let request = NewTransfer {
                    id: self.id(),
                    kind: Kind::VoidPending { pending_id },
                    code: "void".into(),
                    reference: String::new(),
                };
                let _ = self.apply(request);
            }
            Op::Tick { ms } => {
                self.now += ms;
                for pending_id in self.book.expired_at(self.now) {
                    let expiry = ledger::expiry_of(&pending_id);
                    self.apply(expiry.clone())
                        .expect("an expired reservation can always be voided");
                    assert_eq!(
                        self.book.pending_state(&pending_id),
                        Some(PendingState::Expired)
                    );
                    // The expiry job may run twice: the second time changes nothing.
                    let again = self.book.apply(&expiry, self.now).unwrap();
                    assert!(again.replayed);
                }
            }
            Op::Retry { which } if !self.requests.is_empty() => {
                let request = self.requests[which % self.requests.len()].clone();
                let first = self.book.transfer(&request.id).cloned();
                let before = snapshot(&self.book);
                let again = self.book.apply(&request, self.now).unwrap();
                assert!(again.replayed);
                assert_eq!(Some(again.transfer), first);
                assert_eq!(snapshot(&self.book), before);
            }
            Op::ReuseId { which } if !self.requests.is_empty() => {
                let mut request = self.requests[which % self.requests.len()].clone();
                request.reference.push_str(" (changed)");
                let id = request.id.clone();
                assert_eq!(self.apply(request), Err(TransferError::IdReused(id)));
            }
            Op::Reverse { which } if !self.requests.is_empty() => {
                let original = self.requests[which % self.requests.len()].id.clone();
                let original = self.book.transfer(&original).unwrap().clone();
                let id = self.id();
                if let Some(reversal) = ledger::reversal_of(&original, &id, "") {
                    // A reversal can be refused by a limit (the money was spent), never half-applied.
                    let _ = self.apply(reversal);
                }
            }
            Op::Retry { .. } | Op::ReuseId { .. } | Op::Reverse { .. } => {}
            Op::LinkedSettle { .. } if self.reservations.is_empty() => {}
            Op::LinkedSettle { which, post, then } => {
                let pending_id = self.reservations[which % self.reservations.len()].clone();
                let state = self.book.pending_state(&pending_id);
                let mut batch = vec![NewTransfer {
                    id: self.id(),
                    kind: match post {
                        Some(amount) => Kind::PostPending {
                            pending_id: pending_id.clone(),
                            amount,
                        },
                        None => Kind::VoidPending {
                            pending_id: pending_id.clone(),
                        },
                    },
                    code: "settle".into(),
                    reference: String::new(),
                }];
                for (from, to, amount) in then {
                    batch.push(self.movement(from, to, amount, None));
                }
                let before = snapshot(&self.book);
                let history = self.book.history().count();
                match self.book.apply_linked(&batch, self.now) {
                    Ok(_) => self.requests.extend(batch),
                    Err(_) => {
                        assert_eq!(
                            snapshot(&self.book),
                            before,
                            "a refused batch changed the book"
                        );
                        assert_eq!(
                            self.book.pending_state(&pending_id),
                            state,
                            "a refused batch settled its reservation"
                        );
                        assert_eq!(self.book.history().count(), history);
                        for request in &batch {
                            assert!(self.book.transfer(&request.id).is_none());
                        }
                    }
                }
            }
            Op::Linked { ops, reserve } => {
                let batch: Vec<NewTransfer> = ops
                    .into_iter()
                    .map(|(from, to, amount)| {
                        self.movement(from, to, amount, reserve.then_some(None))
                    })
                    .collect();
                let before = snapshot(&self.book);
                match self.book.apply_linked(&batch, self.now) {
                    Ok(applied) => {
                        assert_eq!(applied.len(), batch.len());
                        for (transfer, request) in applied.into_iter().zip(batch) {
                            if reserve {
                                self.reservations.push(transfer.transfer.id.clone());
                            }
                            self.requests.push(request);
                        }
                    }
                    Err((index, _)) => {
                        assert!(index < batch.len());
                        assert_eq!(
                            snapshot(&self.book),
                            before,
                            "a refused batch changed the book"
                        );
                        for request in &batch {
                            assert!(
                                self.book.transfer(&request.id).is_none(),
                                "part of a refused batch stayed"
                            );
                        }
                    }
                }
            }
        }
        if let Err(broken) = self.book.check() {
            panic!("invariant broken: {broken}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(200)
    ))]

    #[test]
    fn random_sequences_keep_the_books_invariants(ops in prop::collection::vec(op(), 1..80)) {
        let mut run = Run { book: book(), now: 0, next: 0, requests: Vec::new(), reservations: Vec::new() };
        for op in ops {
            run.step(op);
        }
        // No transfer lost or doubled: ids in the history are unique and all accepted requests are there.
        let ids: Vec<&str> = run.book.history().map(|t| t.id.as_str()).collect();
        let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
        prop_assert_eq!(unique.len(), ids.len());
        for request in &run.requests {
            prop_assert!(unique.contains(request.id.as_str()));
        }
    }
}

#[test]
fn a_wallet_cannot_be_overdrawn_but_a_credit_line_can_be_used() {
    let mut run = Run {
        book: book(),
        now: 0,
        next: 0,
        requests: Vec::new(),
        reservations: Vec::new(),
    };
    let spend = run.movement(1, 2, 1, None);
    assert_eq!(
        run.apply(spend),
        Err(TransferError::ExceedsLimit("wallet-a".into()))
    );
    let topup = run.movement(0, 1, 1_000, None);
    run.apply(topup).unwrap();
    let reserve = run.movement(1, 2, 800, Some(None));
    run.apply(reserve).unwrap();
    assert_eq!(run.book.account("wallet-a").unwrap().available(), 200);
    // The reservation counts against the limit.
    let spend = run.movement(1, 2, 201, None);
    assert_eq!(
        run.apply(spend),
        Err(TransferError::ExceedsLimit("wallet-a".into()))
    );
    // Posting part of it releases the rest.
    let pending_id = run.reservations[0].clone();
    let post = NewTransfer {
        id: "p".into(),
        kind: Kind::PostPending {
            pending_id: pending_id.clone(),
            amount: Some(300),
        },
        code: "post".into(),
        reference: String::new(),
    };
    run.apply(post).unwrap();
    let wallet = run.book.account("wallet-a").unwrap();
    assert_eq!((wallet.balance(), wallet.debits_pending), (700, 0));
    let void = NewTransfer {
        id: "v".into(),
        kind: Kind::VoidPending {
            pending_id: pending_id.clone(),
        },
        code: "void".into(),
        reference: String::new(),
    };
    assert_eq!(
        run.apply(void),
        Err(TransferError::AlreadyPosted(pending_id))
    );
    // A mutual-credit line may go 500 below zero, not more.
    let ok = run.movement(5, 0, 500, None);
    run.apply(ok).unwrap();
    let beyond = run.movement(5, 0, 1, None);
    assert_eq!(
        run.apply(beyond),
        Err(TransferError::ExceedsLimit("mutual".into()))
    );
    // Another currency, the same account twice, nothing, or too much: refused.
    let dollars = run.movement(7, 0, 5, None);
    assert_eq!(
        run.apply(dollars),
        Err(TransferError::CurrencyMismatch("world".into()))
    );
    let same = run.movement(0, 0, 5, None);
    assert_eq!(run.apply(same), Err(TransferError::SameAccount));
    let zero = run.movement(0, 1, 0, None);
    assert_eq!(run.apply(zero), Err(TransferError::ZeroAmount));
    let huge = run.movement(0, 1, ledger::MAX_AMOUNT + 1, None);
    assert_eq!(run.apply(huge), Err(TransferError::TooLarge));
    run.book.check().unwrap();
}

#[test]
fn an_expired_reservation_cannot_be_posted() {
    let mut run = Run {
        book: book(),
        now: 0,
        next: 0,
        requests: Vec::new(),
        reservations: Vec::new(),
    };
    let reserve = run.movement(0, 1, 100, Some(Some(10)));
    run.apply(reserve).unwrap();
    let pending_id = run.reservations[0].clone();
    run.now = 10;
    let post = NewTransfer {
        id: "late".into(),
        kind: Kind::PostPending {
            pending_id: pending_id.clone(),
            amount: None,
        },
        code: "post".into(),
        reference: String::new(),
    };
    assert_eq!(
        run.apply(post),
        Err(TransferError::Expired(pending_id.clone()))
    );
    assert_eq!(run.book.expired_at(10), vec![pending_id.clone()]);
    run.apply(ledger::expiry_of(&pending_id)).unwrap();
    assert_eq!(run.book.account("wallet-a").unwrap().credits_pending, 0);
    assert!(run.book.expired_at(10).is_empty());
}
