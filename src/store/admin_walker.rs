//! One walker as operators see them: every inquiry and the full event timeline.

use super::{Db, EventRecord, InquiryRecord};
use anyhow::Context;

/// One attempt at one of the walker's background jobs (creating their inquiry, …).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct JobAttemptRecord {
    pub kind: String,
    pub attempt: i64,
    pub started_at: i64,
    pub finished_at: i64,
    pub outcome: String,
    pub error: Option<String>,
}

impl Db {
    /// Newest first.
    pub async fn inquiries_for_walker(
        &self,
        walker_id: &str,
    ) -> anyhow::Result<Vec<InquiryRecord>> {
        sqlx::query_as(
            "SELECT id, walker_id, status, status_rank, status_at, created_at, updated_at \
             FROM inquiries WHERE walker_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(walker_id)
        .fetch_all(&self.pool)
        .await
        .context("listing a walker's inquiries")
    }

    /// Every event about any of the walker's inquiries, newest (by Persona's time) first.
    pub async fn events_for_walker(&self, walker_id: &str) -> anyhow::Result<Vec<EventRecord>> {
        sqlx::query_as(
            "SELECT e.id, e.name, e.inquiry_id, e.status, e.persona_created_at, e.received_at, \
             e.applied, e.disposition, e.deliveries FROM persona_events e JOIN inquiries i ON i.id = e.inquiry_id \
             WHERE i.walker_id = $1 ORDER BY e.persona_created_at DESC, e.received_at DESC \
             LIMIT 1000",
        )
        .bind(walker_id)
        .fetch_all(&self.pool)
        .await
        .context("listing a walker's events")
    }

    /// Newest first.
    pub async fn job_attempts_for_walker(
        &self,
        walker_id: &str,
    ) -> anyhow::Result<Vec<JobAttemptRecord>> {
        sqlx::query_as(
            "SELECT j.kind, a.attempt, a.started_at, a.finished_at, a.outcome, a.error \
             FROM job_attempts a JOIN jobs j ON j.id = a.job_id WHERE j.walker_id = $1 \
             ORDER BY a.started_at DESC, a.attempt DESC LIMIT 200",
        )
        .bind(walker_id)
        .fetch_all(&self.pool)
        .await
        .context("listing a walker's job attempts")
    }

    /// The raw, verified body of one event.
    pub async fn event_body(&self, event_id: &str) -> anyhow::Result<Option<String>> {
        sqlx::query_scalar("SELECT body FROM persona_events WHERE id = $1")
            .bind(event_id)
            .fetch_optional(&self.pool)
            .await
            .context("reading an event's body")
    }
}
