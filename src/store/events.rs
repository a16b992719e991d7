//! Persona events: every verified webhook, stored once by Persona's event id.

use super::{now_ms, Db};
use crate::domain::status::StatusChange;
use anyhow::Context;

/// A verified event as it arrived, with the parts PawPass reads.
#[derive(Clone, Debug)]
pub struct NewEvent<'a> {
    pub id: &'a str,
    pub name: &'a str,
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
}

/// What storing an event did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventOutcome {
    /// Seen before (Persona retried or duplicated it): nothing changed.
    Duplicate,
    /// Stored; it moved the inquiry's status.
    Applied,
    /// Stored; older than what is applied, for an unknown inquiry, or not a status change.
    StoredOnly,
}

impl Db {
    /// Stores the event and, when it is new and supersedes the inquiry's status, applies it, all
    /// in one transaction so an event is never recorded without its effect or the reverse.
    pub async fn record_event(&self, event: &NewEvent<'_>) -> anyhow::Result<EventOutcome> {
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        let inserted = sqlx::query(
            "INSERT INTO persona_events (id, name, inquiry_id, status, persona_created_at, \
             received_at, applied, body) VALUES ($1, $2, $3, $4, $5, $6, 0, $7) \
             ON CONFLICT (id) DO NOTHING",
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
            return Ok(EventOutcome::Duplicate);
        }
        let applied = match (event.inquiry_id, &event.change) {
            (Some(inquiry_id), Some(change)) => {
                Db::apply_status_change(&mut *tx, inquiry_id, change).await?
            }
            _ => false,
        };
        if applied {
            sqlx::query("UPDATE persona_events SET applied = 1 WHERE id = $1")
                .bind(event.id)
                .execute(&mut *tx)
                .await
                .context("marking an event applied")?;
        }
        tx.commit().await.context("committing a Persona event")?;
        Ok(if applied {
            EventOutcome::Applied
        } else {
            EventOutcome::StoredOnly
        })
    }

    pub async fn events_for_inquiry(&self, inquiry_id: &str) -> anyhow::Result<Vec<EventRecord>> {
        sqlx::query_as(
            "SELECT id, name, inquiry_id, status, persona_created_at, received_at, applied \
             FROM persona_events WHERE inquiry_id = $1 ORDER BY persona_created_at, received_at",
        )
        .bind(inquiry_id)
        .fetch_all(&self.pool)
        .await
        .context("listing an inquiry's events")
    }
}
