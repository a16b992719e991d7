//! Persona events: every verified webhook, stored once by Persona's event id.

use super::{now_ms, Db};
use crate::domain::status::StatusChange;
use anyhow::Context;

/// A verified event as it arrived, with the parts PawPass reads.
#[derive(Clone, Debug)]
pub struct NewEvent<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Whether PawPass knows this event name; unknown ones are kept, never applied.
    pub known_name: bool,
    pub inquiry_id: Option<&'a str>,
    pub change: Option<StatusChange>,
    pub persona_created_at_ms: i64,
    pub body: &'a str,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EventRecord {
    pub id: String,
    pub name: String,
    pub inquiry_id: Option<String>,
    pub status: Option<String>,
    pub persona_created_at: i64,
    pub received_at: i64,
    pub applied: i64,
    pub disposition: String,
    pub deliveries: i64,
}

/// What storing an event did, as recorded in its `disposition`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventOutcome {
    /// Seen before (Persona retried or duplicated it): only its delivery count changed.
    Duplicate,
    /// Stored and it moved the inquiry's status.
    Applied,
    /// Stored; older than what the inquiry already shows.
    Late,
    /// Stored; the inquiry already shows this status (PawPass learned it first from Persona's
    /// API answer, or from an event stamped the same moment).
    Current,
    /// Stored; about an inquiry PawPass does not have.
    UnknownInquiry,
    /// Stored; an event name PawPass does not know.
    UnknownEvent,
    /// Stored; not about an inquiry's status (sessions, verifications…).
    NoStatus,
}

impl EventOutcome {
    fn disposition(self) -> &'static str {
        match self {
            Self::Duplicate | Self::Applied => "applied",
            Self::Late => "late",
            Self::Current => "current",
            Self::UnknownInquiry => "unknown_inquiry",
            Self::UnknownEvent => "unknown_event",
            Self::NoStatus => "no_status",
        }
    }
}

impl Db {
    /// Stores the event and, when it is new, known and newer than the inquiry's status, applies
    /// it, all in one transaction: an event is never recorded without its effect or the reverse.
    pub async fn record_event(&self, event: &NewEvent<'_>) -> anyhow::Result<EventOutcome> {
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        let inserted = sqlx::query(
            "INSERT INTO persona_events (id, name, inquiry_id, status, persona_created_at, \
             received_at, applied, body, disposition, deliveries) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, 'pending', 1) ON CONFLICT (id) DO NOTHING",
        )
        .bind(event.id)
        .bind(event.name)
        .bind(event.inquiry_id)
        .bind(event.change.as_ref().map(|c| c.status.as_str().to_owned()))
        .bind(event.persona_created_at_ms)
        .bind(now_ms())
        .bind(event.body)
        .execute(&mut *tx)
        .await
        .context("storing a Persona event")?
        .rows_affected()
            == 1;
        if !inserted {
            sqlx::query("UPDATE persona_events SET deliveries = deliveries + 1 WHERE id = $1")
                .bind(event.id)
                .execute(&mut *tx)
                .await
                .context("counting a repeated delivery")?;
            tx.commit()
                .await
                .context("committing a repeated delivery")?;
            return Ok(EventOutcome::Duplicate);
        }
        let outcome = match (event.known_name, event.inquiry_id, &event.change) {
            (false, _, _) => EventOutcome::UnknownEvent,
            (true, Some(inquiry_id), Some(change)) => {
                if Db::apply_status_change(&mut *tx, inquiry_id, change).await? {
                    EventOutcome::Applied
                } else {
                    let current: Option<String> =
                        sqlx::query_scalar("SELECT status FROM inquiries WHERE id = $1")
                            .bind(inquiry_id)
                            .fetch_optional(&mut *tx)
                            .await
                            .context("looking up an event's inquiry")?;
                    match current {
                        None => EventOutcome::UnknownInquiry,
                        Some(status) if status == change.status.as_str() => EventOutcome::Current,
                        Some(_) => EventOutcome::Late,
                    }
                }
            }
            _ => EventOutcome::NoStatus,
        };
        sqlx::query("UPDATE persona_events SET applied = $1, disposition = $2 WHERE id = $3")
            .bind(i64::from(outcome == EventOutcome::Applied))
            .bind(outcome.disposition())
            .bind(event.id)
            .execute(&mut *tx)
            .await
            .context("recording what an event did")?;
        tx.commit().await.context("committing a Persona event")?;
        Ok(outcome)
    }

    pub async fn events_for_inquiry(&self, inquiry_id: &str) -> anyhow::Result<Vec<EventRecord>> {
        sqlx::query_as(
            "SELECT id, name, inquiry_id, status, persona_created_at, received_at, applied, \
             disposition, deliveries FROM persona_events WHERE inquiry_id = $1 \
             ORDER BY persona_created_at, received_at",
        )
        .bind(inquiry_id)
        .fetch_all(&self.pool)
        .await
        .context("listing an inquiry's events")
    }
}
