//! Persona events: every verified webhook, stored once by Persona's event id.

use super::{now_ms, Db};
use crate::domain::status::StatusChange;
use crate::domain::VerificationStatus;
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
    /// Stores the event once and applies it when it is known and newer than the inquiry's
    /// status. What it will do is decided from a read taken before writing, so the database's
    /// write lock (one writer at a time on SQLite) is held only for the writes themselves; the
    /// decision stays right because an inquiry's stored time only ever moves forward.
    pub async fn record_event(&self, event: &NewEvent<'_>) -> anyhow::Result<EventOutcome> {
        let mut conn = self.pool.acquire().await.context("taking a connection")?;
        let planned = Db::plan(&mut conn, event).await?;
        if planned != EventOutcome::Applied {
            // One statement, no transaction: nothing else changes.
            return Db::insert_event(&mut conn, event, planned).await;
        }
        let mut tx = sqlx::Connection::begin(&mut *conn)
            .await
            .context("starting a transaction")?;
        let mut outcome = Db::insert_event(&mut tx, event, planned).await?;
        if outcome == EventOutcome::Applied {
            let (Some(inquiry_id), Some(change)) = (event.inquiry_id, &event.change) else {
                anyhow::bail!("an applicable event names its inquiry and status");
            };
            if !Db::apply_status_change(&mut *tx, inquiry_id, change).await? {
                // A newer change landed between the read and this write.
                outcome = EventOutcome::Late;
                sqlx::query(
                    "UPDATE persona_events SET applied = 0, disposition = 'late' WHERE id = $1",
                )
                .bind(event.id)
                .execute(&mut *tx)
                .await
                .context("marking an overtaken event late")?;
            }
        }
        tx.commit().await.context("committing a Persona event")?;
        Ok(outcome)
    }

    /// What the event would do to the inquiry as it stands now.
    async fn plan(
        conn: &mut sqlx::AnyConnection,
        event: &NewEvent<'_>,
    ) -> anyhow::Result<EventOutcome> {
        let (inquiry_id, change) = match (event.known_name, event.inquiry_id, &event.change) {
            (false, _, _) => return Ok(EventOutcome::UnknownEvent),
            (true, Some(inquiry_id), Some(change)) => (inquiry_id, change),
            _ => return Ok(EventOutcome::NoStatus),
        };
        let current: Option<(String, i64)> =
            sqlx::query_as("SELECT status, status_at FROM inquiries WHERE id = $1")
                .bind(inquiry_id)
                .fetch_optional(&mut *conn)
                .await
                .context("reading an event's inquiry")?;
        Ok(match current {
            None => EventOutcome::UnknownInquiry,
            Some((status, at_ms)) => {
                let current = StatusChange {
                    status: VerificationStatus::parse(&status),
                    at_ms,
                };
                if change.supersedes(&current) {
                    EventOutcome::Applied
                } else if current.status == change.status {
                    EventOutcome::Current
                } else {
                    EventOutcome::Late
                }
            }
        })
    }

    /// Inserts the event with its planned outcome, or counts one more delivery of a known one.
    async fn insert_event(
        conn: &mut sqlx::AnyConnection,
        event: &NewEvent<'_>,
        planned: EventOutcome,
    ) -> anyhow::Result<EventOutcome> {
        let status = event.change.as_ref().map(|c| c.status.as_str().to_owned());
        // A late delivery about a walker whose erasure was requested keeps only the minimal
        // body, decided in the INSERT itself: the request is committed before the erasure job
        // starts, so an event either sees it here or is stored before the job strips bodies.
        let minimal = super::erasure::minimal_body(&super::erasure::EventHead {
            id: event.id.to_owned(),
            name: event.name.to_owned(),
            inquiry_id: event.inquiry_id.map(str::to_owned),
            status: status.clone(),
            persona_created_at: event.persona_created_at_ms,
        });
        let inserted = sqlx::query(
            "INSERT INTO persona_events (id, name, inquiry_id, status, persona_created_at, \
             received_at, applied, body, disposition, deliveries) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, \
             CASE WHEN EXISTS (SELECT 1 FROM inquiries i JOIN walkers w ON w.id = i.walker_id \
             WHERE i.id = $3 AND w.erasure_requested_at IS NOT NULL) THEN $10 ELSE $8 END, \
             $9, 1) ON CONFLICT (id) DO NOTHING",
        )
        .bind(event.id)
        .bind(event.name)
        .bind(event.inquiry_id)
        .bind(status)
        .bind(event.persona_created_at_ms)
        .bind(now_ms())
        .bind(i64::from(planned == EventOutcome::Applied))
        .bind(event.body)
        .bind(planned.disposition())
        .bind(minimal)
        .execute(&mut *conn)
        .await
        .context("storing a Persona event")?
        .rows_affected()
            == 1;
        if inserted {
            return Ok(planned);
        }
        sqlx::query("UPDATE persona_events SET deliveries = deliveries + 1 WHERE id = $1")
            .bind(event.id)
            .execute(&mut *conn)
            .await
            .context("counting a repeated delivery")?;
        Ok(EventOutcome::Duplicate)
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
