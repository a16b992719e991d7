//! The emulator's state, in memory behind one mutex. Everything goes through [`Store::with`], so
//! a later change can persist `State` or swap the backing without touching the handlers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use super::clock::Clock;
use super::delivery::{Delivery, Endpoint};
use super::events::{self, Event};
use super::faults::{FaultState, Faults};
use super::idempotency::IdempotencyEntry;
use super::ids::new_id;
use super::links::OneTimeLink;
use super::model::Inquiry;
use super::persist::Snapshot;
use super::session::Session;

/// Fixed one-minute rate-limit window shared by every API key, like a Persona environment.
#[derive(Debug, Default)]
pub(crate) struct RateWindow {
    pub minute: i64,
    pub used: u32,
}

impl Default for FaultState {
    fn default() -> Self {
        FaultState::new(Faults::default())
    }
}

#[derive(Debug, Default)]
pub(crate) struct State {
    next_seq: u64,
    pub inquiries: HashMap<String, Inquiry>,
    /// reference id -> `act_` id, so inquiries of one user share an account.
    pub accounts: HashMap<String, String>,
    pub sessions: HashMap<String, Session>,
    /// Append-only, in creation order; delivery walks it by index.
    pub events: Vec<Event>,
    pub idempotency: HashMap<(String, String), IdempotencyEntry>,
    pub rate: RateWindow,
    /// Inquiry-creation quota window (`quota-*` headers).
    pub quota: RateWindow,
    /// One-time link code -> link.
    pub links: HashMap<String, OneTimeLink>,
    pub endpoints: Vec<Endpoint>,
    pub deliveries: Vec<Delivery>,
    pub faults: FaultState,
}

impl State {
    pub(crate) fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    pub(crate) fn account_for(&mut self, reference_id: Option<&str>) -> String {
        match reference_id {
            Some(reference) => self
                .accounts
                .entry(reference.to_owned())
                .or_insert_with(|| new_id("act"))
                .clone(),
            None => new_id("act"),
        }
    }

    /// Records `name` for the inquiry as it is now.
    pub(crate) fn record_event(&mut self, name: &str, inquiry_id: &str, now: DateTime<Utc>) {
        self.record_event_with(name, inquiry_id, now, None);
    }

    /// Like `record_event`, with the event's `attributes.context` (e.g. changed tags).
    pub(crate) fn record_event_with(
        &mut self,
        name: &str,
        inquiry_id: &str,
        now: DateTime<Utc>,
        context: Option<serde_json::Value>,
    ) {
        let Some(inquiry) = self.inquiries.get(inquiry_id) else {
            return;
        };
        let created_at = self.event_time(now);
        let id = new_id("evt");
        let body = events::body(&id, name, inquiry, created_at, context);
        self.push_event(id, name, inquiry_id, created_at, body);
    }

    /// Event times strictly increase, so events made in the same millisecond (completed, then
    /// approved) still sort in order.
    pub(crate) fn event_time(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self.events.last() {
            Some(last) if last.created_at >= now => {
                last.created_at + chrono::Duration::milliseconds(1)
            }
            _ => now,
        }
    }

    pub(crate) fn push_event(
        &mut self,
        id: String,
        name: &str,
        object_id: &str,
        created_at: DateTime<Utc>,
        body: String,
    ) {
        self.schedule(&id, name);
        self.events.push(Event {
            id,
            name: name.to_owned(),
            object_id: object_id.to_owned(),
            created_at,
            body,
        });
    }
}

struct Shared {
    state: Mutex<State>,
    /// Bumped by every `with`, so the database writer knows when to write.
    generation: std::sync::atomic::AtomicU64,
    clock: Clock,
    events_added: Notify,
}

#[derive(Clone)]
pub(crate) struct Store {
    shared: Arc<Shared>,
}

/// A handle that does not keep the store alive, for the background delivery task.
pub(crate) struct WeakStore(Weak<Shared>);

impl WeakStore {
    pub(crate) fn upgrade(&self) -> Option<Store> {
        self.0.upgrade().map(|shared| Store { shared })
    }
}

impl Store {
    pub(crate) fn new(faults: Faults) -> Self {
        let state = State {
            faults: FaultState::new(faults),
            ..State::default()
        };
        let shared = Shared {
            state: Mutex::new(state),
            generation: std::sync::atomic::AtomicU64::new(0),
            clock: Clock::default(),
            events_added: Notify::new(),
        };
        Store {
            shared: Arc::new(shared),
        }
    }

    pub(crate) fn clock(&self) -> &Clock {
        &self.shared.clock
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.shared.clock.now()
    }

    /// Runs `f` under the lock and wakes the delivery task when `f` recorded events.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        // A panic while holding the lock cannot leave State half-updated in a way that matters
        // more than losing the emulator, so keep serving rather than propagate the poison.
        let mut state = self
            .shared
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.shared
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        let before = (state.events.len(), state.deliveries.len());
        let result = f(&mut state);
        let added = (state.events.len(), state.deliveries.len()) != before;
        drop(state);
        if added {
            self.shared.events_added.notify_one();
        }
        result
    }

    /// Waits until events or deliveries are added or `timeout` passes.
    pub(crate) async fn wait_for_events(&self, timeout: Duration) {
        let _ = tokio::time::timeout(timeout, self.shared.events_added.notified()).await;
    }

    pub(crate) fn generation(&self) -> u64 {
        self.shared
            .generation
            .load(std::sync::atomic::Ordering::Acquire)
    }

    /// A copy of what `persist.rs` stores; events only from position `events_from` on.
    pub(crate) fn snapshot(&self, events_from: usize) -> Snapshot {
        let offset = self.shared.clock.offset_ms();
        self.with(|state| Snapshot {
            inquiries: state.inquiries.values().cloned().collect(),
            events: state.events.get(events_from..).unwrap_or_default().to_vec(),
            deliveries: state.deliveries.clone(),
            endpoints: state.endpoints.clone(),
            clock_offset_ms: offset,
        })
    }

    /// Loads a stored snapshot into a fresh store.
    pub(crate) fn restore(&self, snapshot: Snapshot) {
        self.shared.clock.set_offset_ms(snapshot.clock_offset_ms);
        self.with(|state| {
            for inquiry in snapshot.inquiries {
                state.next_seq = state.next_seq.max(inquiry.seq);
                if let Some(reference) = &inquiry.reference_id {
                    state
                        .accounts
                        .insert(reference.clone(), inquiry.account_id.clone());
                }
                state.inquiries.insert(inquiry.id.clone(), inquiry);
            }
            state.events = snapshot.events;
            state.deliveries = snapshot.deliveries;
            state.endpoints = snapshot.endpoints;
        });
    }

    pub(crate) fn downgrade(&self) -> WeakStore {
        WeakStore(Arc::downgrade(&self.shared))
    }
}
