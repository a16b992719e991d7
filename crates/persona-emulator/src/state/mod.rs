//! The emulator's state: every account, inquiry, session, event, webhook delivery and counter in
//! one plain struct, [`EmulatorState`]. `handle.rs` keeps it behind a lock beside the clock,
//! `deliveries.rs` queues events for webhook endpoints, `database.rs` mirrors it into a file.

pub(crate) mod database;
pub(crate) mod deliveries;
pub(crate) mod handle;

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::faults::FaultState;
use crate::ids::new_id;
use crate::model::account::Account;
use crate::model::event::Event;
use crate::model::idempotency::IdempotencyEntry;
use crate::model::inquiry::Inquiry;
use crate::model::session::{OneTimeLink, Session};
use crate::model::webhook::{Delivery, Endpoint};
use crate::wire::account as account_wire;
use crate::wire::event as event_body;
use crate::wire::session as session_wire;

/// Fixed one-minute rate-limit window shared by every API key, like a Persona environment.
#[derive(Debug, Default)]
pub(crate) struct RateWindow {
    pub minute: i64,
    pub used: u32,
}

#[derive(Debug, Default)]
pub(crate) struct EmulatorState {
    next_seq: u64,
    pub inquiries: HashMap<String, Inquiry>,
    /// `act_` id -> account; inquiries of one reference id share one (`lifecycle/accounts.rs`).
    pub accounts: HashMap<String, Account>,
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

impl EmulatorState {
    pub(crate) fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
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
        let body = event_body::inquiry_event(&id, name, inquiry, created_at, context);
        let related = self.related(inquiry);
        self.push_event(id, name, inquiry_id, created_at, body, related);
    }

    /// Records `name` (`account.redacted`) for the account as it is now.
    pub(crate) fn record_account_event(
        &mut self,
        name: &str,
        account_id: &str,
        now: DateTime<Utc>,
    ) {
        let Some(account) = self.accounts.get(account_id) else {
            return;
        };
        let created_at = self.event_time(now);
        let id = new_id("evt");
        let body =
            event_body::envelope(&id, name, account_wire::resource(account), created_at, None);
        self.push_event(id, name, account_id, created_at, body, Vec::new());
    }

    /// Records `name` (`inquiry-session.started`, …) for the session as it is now.
    pub(crate) fn record_session_event(
        &mut self,
        name: &str,
        session_id: &str,
        now: DateTime<Utc>,
    ) {
        let Some(session) = self.sessions.get(session_id) else {
            return;
        };
        let created_at = self.event_time(now);
        let id = new_id("evt");
        let body =
            event_body::envelope(&id, name, session_wire::resource(session), created_at, None);
        self.push_event(id, name, session_id, created_at, body, Vec::new());
    }

    /// What an inquiry document includes by default before API version 2025-10-27 (CONTRACT 5):
    /// its account and its sessions, as they are now.
    pub(crate) fn related(&self, inquiry: &Inquiry) -> Vec<serde_json::Value> {
        let account = inquiry
            .account_id
            .as_ref()
            .and_then(|id| self.accounts.get(id))
            .map(|account| serde_json::to_value(account_wire::resource(account)));
        let sessions = inquiry
            .session_ids
            .iter()
            .filter_map(|id| self.sessions.get(id))
            .map(|session| serde_json::to_value(session_wire::resource(session)));
        // Plain structs always serialize; a failure would only drop the object.
        account.into_iter().chain(sessions).flatten().collect()
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
        related: Vec<serde_json::Value>,
    ) {
        self.schedule(&id, name);
        self.events.push(Event {
            id,
            name: name.to_owned(),
            object_id: object_id.to_owned(),
            created_at,
            body,
            related,
        });
    }
}
