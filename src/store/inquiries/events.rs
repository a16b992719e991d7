//! Persona events: every verified webhook, stored once by Persona's event id.

use super::bodies::strip_one;
use super::outcome::EventOutcome;
use crate::domain::{EventId, InquiryId, VerificationStatus, WalkerId};
use crate::store::columns::Flag;
use crate::store::db::Db;
use anyhow::Context;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EventRecord {
    pub id: EventId,
    pub name: String,
    pub inquiry_id: Option<InquiryId>,
    pub status: Option<VerificationStatus>,
    pub persona_created_at: i64,
    pub received_at: i64,
    /// Whether it moved the inquiry's status.
    #[sqlx(try_from = "Flag")]
    pub applied: bool,
    /// What storing its first delivery did (seeded events say `Applied` without moving
    /// anything: see `applied`).
    pub disposition: EventOutcome,
    pub deliveries: i64,
}

const EVENT_RECORD_COLUMNS: &str = "e.id, e.name, e.inquiry_id, e.status, e.persona_created_at, \
     e.received_at, e.applied, e.disposition, e.deliveries";

/// Stripped bodies carry this marker (see `bodies::minimal_body`), so they are not redone.
const STRIPPED: &str = "%\"stripped\":true%";

/// The stored webhooks.
#[derive(Clone, Copy, Debug)]
pub struct Events<'a> {
    db: &'a Db,
}

impl<'a> Events<'a> {
    pub(in crate::store) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Oldest first (by Persona's time).
    pub async fn for_inquiry(self, inquiry_id: &InquiryId) -> anyhow::Result<Vec<EventRecord>> {
        sqlx::query_as(&format!(
            "SELECT {EVENT_RECORD_COLUMNS} FROM persona_events e WHERE e.inquiry_id = $1 \
             ORDER BY e.persona_created_at, e.received_at"
        ))
        .bind(inquiry_id)
        .fetch_all(&self.db.pool)
        .await
        .context("listing an inquiry's events")
    }

    /// Every event about any of the walker's inquiries, newest (by Persona's time) first.
    pub async fn for_walker(self, walker_id: &WalkerId) -> anyhow::Result<Vec<EventRecord>> {
        sqlx::query_as(&format!(
            "SELECT {EVENT_RECORD_COLUMNS} FROM persona_events e \
             JOIN inquiries i ON i.id = e.inquiry_id WHERE i.walker_id = $1 \
             ORDER BY e.persona_created_at DESC, e.received_at DESC LIMIT 1000"
        ))
        .bind(walker_id)
        .fetch_all(&self.db.pool)
        .await
        .context("listing a walker's events")
    }

    /// The raw body of one event, with its inquiry and that inquiry's walker (when known).
    pub async fn body_and_walker(
        self,
        event_id: &EventId,
    ) -> anyhow::Result<Option<(String, Option<InquiryId>, Option<WalkerId>)>> {
        sqlx::query_as(
            "SELECT e.body, e.inquiry_id, i.walker_id FROM persona_events e \
             LEFT JOIN inquiries i ON i.id = e.inquiry_id WHERE e.id = $1",
        )
        .bind(event_id)
        .fetch_optional(&self.db.pool)
        .await
        .context("reading an event's body")
    }

    /// The raw, verified body of one event.
    pub async fn body(self, event_id: &EventId) -> anyhow::Result<Option<String>> {
        sqlx::query_scalar("SELECT body FROM persona_events WHERE id = $1")
            .bind(event_id)
            .fetch_optional(&self.db.pool)
            .await
            .context("reading an event's body")
    }

    /// `(event id, raw body)` for every event about the walker's inquiries, oldest first.
    pub async fn bodies_for_walker(
        self,
        walker_id: &WalkerId,
    ) -> anyhow::Result<Vec<(EventId, String)>> {
        sqlx::query_as(
            "SELECT e.id, e.body FROM persona_events e JOIN inquiries i ON i.id = e.inquiry_id \
             WHERE i.walker_id = $1 ORDER BY e.persona_created_at, e.received_at",
        )
        .bind(walker_id)
        .fetch_all(&self.db.pool)
        .await
        .context("reading a walker's event bodies")
    }

    /// Events received before `cutoff_ms` about approved or declined inquiries whose raw body
    /// is still whole.
    pub async fn decided_bodies_before(self, cutoff_ms: i64) -> anyhow::Result<Vec<EventId>> {
        sqlx::query_scalar(
            "SELECT e.id FROM persona_events e JOIN inquiries i ON i.id = e.inquiry_id \
             WHERE e.received_at < $1 AND i.status IN ('approved', 'declined') \
             AND e.body NOT LIKE $2 ORDER BY e.received_at, e.id",
        )
        .bind(cutoff_ms)
        .bind(STRIPPED)
        .fetch_all(&self.db.pool)
        .await
        .context("finding event bodies past retention")
    }

    /// Replaces one event's body with its minimal form (id, name, inquiry, status, time).
    pub async fn strip_body(self, event_id: &EventId) -> anyhow::Result<()> {
        strip_one(self.db, event_id).await.map(|_| ())
    }
}
