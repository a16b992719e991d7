//! What storing an event did, as its `disposition` column records it, and the two writes that
//! change an event's record after its first delivery.

use crate::domain::{EventId, UnknownValue};
use crate::store::columns::text_column;
use anyhow::Context;
use std::str::FromStr;

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
    /// The name its `disposition` column records.
    pub fn as_str(self) -> &'static str {
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

impl EventOutcome {
    /// The name operators see in metrics: the column's, with repeated deliveries told apart.
    pub fn metric_label(self) -> &'static str {
        match self {
            Self::Duplicate => "duplicate",
            other => other.as_str(),
        }
    }
}

/// The outcome a stored `disposition` records for a first delivery.
impl FromStr for EventOutcome {
    type Err = UnknownValue;

    fn from_str(disposition: &str) -> Result<Self, Self::Err> {
        Ok(match disposition {
            "applied" => Self::Applied,
            "late" => Self::Late,
            "current" => Self::Current,
            "unknown_inquiry" => Self::UnknownInquiry,
            "unknown_event" => Self::UnknownEvent,
            "no_status" => Self::NoStatus,
            other => return Err(UnknownValue::new("event disposition", other)),
        })
    }
}

text_column!(EventOutcome);

/// One more delivery of an event stored before.
pub(super) async fn count_redelivery(
    conn: &mut sqlx::AnyConnection,
    event_id: &EventId,
) -> anyhow::Result<EventOutcome> {
    sqlx::query("UPDATE persona_events SET deliveries = deliveries + 1 WHERE id = $1")
        .bind(event_id)
        .execute(&mut *conn)
        .await
        .context("counting a repeated delivery")?;
    Ok(EventOutcome::Duplicate)
}

/// An event stored as applied that a newer change overtook before it could move the status.
pub(super) async fn mark_overtaken(
    conn: &mut sqlx::AnyConnection,
    event_id: &EventId,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE persona_events SET applied = 0, disposition = 'late' WHERE id = $1")
        .bind(event_id)
        .execute(&mut *conn)
        .await
        .context("marking an overtaken event late")?;
    Ok(())
}
