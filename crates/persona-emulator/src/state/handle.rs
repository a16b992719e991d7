//! The state behind one mutex, beside the emulated clock. Everything goes through
//! [`StateHandle::with`], which also tells the database writer (a change counter) and the
//! webhook worker (a wake-up) that something changed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use super::EmulatorState;
use crate::clock::Clock;
use crate::faults::{FaultState, Faults};
use crate::model::account::Account;
use crate::model::event::Event;
use crate::model::inquiry::Inquiry;
use crate::model::webhook::{Delivery, Endpoint};

/// Everything `database.rs` stores, as plain values.
pub(crate) struct Snapshot {
    pub accounts: Vec<Account>,
    pub inquiries: Vec<Inquiry>,
    pub events: Vec<Event>,
    pub deliveries: Vec<Delivery>,
    pub endpoints: Vec<Endpoint>,
    pub clock_offset_ms: i64,
}

/// The state under its lock, with what changes alongside it.
struct LockedState {
    state: Mutex<EmulatorState>,
    /// Bumped by every `with`, so the database writer knows when to write.
    generation: AtomicU64,
    clock: Clock,
    events_added: Notify,
}

/// A cloneable handle on the one [`EmulatorState`] of an emulator instance.
#[derive(Clone)]
pub(crate) struct StateHandle {
    locked: Arc<LockedState>,
}

/// A handle that does not keep the state alive, for background tasks that should end with it.
pub(crate) struct WeakStateHandle(Weak<LockedState>);

impl WeakStateHandle {
    pub(crate) fn upgrade(&self) -> Option<StateHandle> {
        self.0.upgrade().map(|locked| StateHandle { locked })
    }
}

impl StateHandle {
    pub(crate) fn new(faults: Faults) -> Self {
        let state = EmulatorState {
            faults: FaultState::new(faults),
            ..EmulatorState::default()
        };
        let locked = LockedState {
            state: Mutex::new(state),
            generation: AtomicU64::new(0),
            clock: Clock::default(),
            events_added: Notify::new(),
        };
        StateHandle {
            locked: Arc::new(locked),
        }
    }

    pub(crate) fn clock(&self) -> &Clock {
        &self.locked.clock
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.locked.clock.now()
    }

    /// Runs `f` under the lock and wakes the delivery task when `f` recorded events.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut EmulatorState) -> R) -> R {
        // A panic while holding the lock cannot leave the state half-updated in a way that matters
        // more than losing the emulator, so keep serving rather than propagate the poison.
        let mut state = self
            .locked
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.locked.generation.fetch_add(1, Ordering::AcqRel);
        let before = (state.events.len(), state.deliveries.len());
        let result = f(&mut state);
        let added = (state.events.len(), state.deliveries.len()) != before;
        drop(state);
        if added {
            self.locked.events_added.notify_one();
        }
        result
    }

    /// Waits until events or deliveries are added or `timeout` passes.
    pub(crate) async fn wait_for_events(&self, timeout: Duration) {
        let _ = tokio::time::timeout(timeout, self.locked.events_added.notified()).await;
    }

    pub(crate) fn generation(&self) -> u64 {
        self.locked.generation.load(Ordering::Acquire)
    }

    /// A copy of what `database.rs` stores; events only from position `events_from` on.
    pub(crate) fn snapshot(&self, events_from: usize) -> Snapshot {
        let offset = self.locked.clock.offset_ms();
        self.with(|state| Snapshot {
            accounts: state.accounts.values().cloned().collect(),
            inquiries: state.inquiries.values().cloned().collect(),
            events: state.events.get(events_from..).unwrap_or_default().to_vec(),
            deliveries: state.deliveries.clone(),
            endpoints: state.endpoints.clone(),
            clock_offset_ms: offset,
        })
    }

    /// Loads a stored snapshot into a fresh state.
    pub(crate) fn restore(&self, snapshot: Snapshot) {
        self.locked.clock.set_offset_ms(snapshot.clock_offset_ms);
        self.with(|state| {
            for account in snapshot.accounts {
                state.next_seq = state.next_seq.max(account.seq);
                state.accounts.insert(account.id.clone(), account);
            }
            for inquiry in snapshot.inquiries {
                state.next_seq = state.next_seq.max(inquiry.seq);
                state.inquiries.insert(inquiry.id.clone(), inquiry);
            }
            derive_missing_accounts(state);
            state.events = snapshot.events;
            state.deliveries = snapshot.deliveries;
            state.endpoints = snapshot.endpoints;
        });
    }

    pub(crate) fn downgrade(&self) -> WeakStateHandle {
        WeakStateHandle(Arc::downgrade(&self.locked))
    }
}

/// Databases of emulators before accounts were objects hold only the inquiries' `act_` ids:
/// each becomes an account with its inquiries' reference id, made when its first inquiry was.
fn derive_missing_accounts(state: &mut EmulatorState) {
    let mut inquiries: Vec<&Inquiry> = state.inquiries.values().collect();
    inquiries.sort_by_key(|inquiry| inquiry.seq);
    for inquiry in inquiries {
        let Some(id) = &inquiry.account_id else {
            continue;
        };
        state.accounts.entry(id.clone()).or_insert_with(|| {
            Account::new(
                id.clone(),
                inquiry.seq,
                inquiry.reference_id.clone(),
                inquiry.created_at,
            )
        });
    }
}
