//! Persona events: every verified webhook, stored once by Persona's event id.

use super::erasure::{minimal_body, EventHead};
use super::{Db, Engine};
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

/// The columns every first delivery writes, numbered the same in both engines' statements.
pub(super) const EVENT_COLUMNS: &str =
    "id, name, inquiry_id, status, persona_created_at, received_at, body, deliveries";

/// Their values: `$7` is the body as it arrived and `$8` the minimal one, kept instead when the
/// walker's erasure was requested. That is decided inside the INSERT itself: the request is
/// committed before the erasure job starts, so an event either sees it here or is stored before
/// the job strips bodies.
pub(super) const EVENT_VALUES: &str = "$1, $2, $3, $4, $5, $6, \
     CASE WHEN EXISTS (SELECT 1 FROM inquiries i JOIN walkers w ON w.id = i.walker_id \
     WHERE i.id = $3 AND w.erasure_requested_at IS NOT NULL) THEN $8 ELSE $7 END, 1";

pub(super) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl<'a> NewEvent<'a> {
    fn status(&self) -> Option<&str> {
        self.change.as_ref().map(|c| c.status.as_str())
    }

    /// The body kept instead of the real one when the walker's erasure was requested: a late
    /// delivery must not bring back what the erasure removed.
    fn minimal_body(&self) -> String {
        minimal_body(&EventHead {
            id: self.id.to_owned(),
            name: self.name.to_owned(),
            inquiry_id: self.inquiry_id.map(str::to_owned),
            status: self.status().map(str::to_owned),
            persona_created_at: self.persona_created_at_ms,
        })
    }

    /// Binds `$1`..`$8` of [`EVENT_VALUES`].
    pub(super) fn bind_values(&'a self, sql: &'a str) -> AnyQuery<'a> {
        sqlx::query(sql)
            .bind(self.id)
            .bind(self.name)
            .bind(self.inquiry_id)
            .bind(self.status())
            .bind(self.persona_created_at_ms)
            .bind(super::now_ms())
            .bind(self.body)
            .bind(self.minimal_body())
    }
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
    pub(super) fn disposition(self) -> &'static str {
        match self {
            Self::Duplicate | Self::Applied => "applied",
            Self::Late => "late",
            Self::Current => "current",
            Self::UnknownInquiry => "unknown_inquiry",
            Self::UnknownEvent => "unknown_event",
            Self::NoStatus => "no_status",
        }
    }

    /// The outcome a stored `disposition` records for a first delivery.
    pub(super) fn from_disposition(disposition: &str) -> anyhow::Result<Self> {
        Ok(match disposition {
            "applied" => Self::Applied,
            "late" => Self::Late,
            "current" => Self::Current,
            "unknown_inquiry" => Self::UnknownInquiry,
            "unknown_event" => Self::UnknownEvent,
            "no_status" => Self::NoStatus,
            other => anyhow::bail!("unexpected event disposition {other}"),
        })
    }
}

impl Db {
    /// Stores the event once and applies it when it is known and newer than the inquiry's
    /// status (see [`StatusChange::supersedes`]). How depends on the engine: SQLite decides from
    /// a read and then writes (see `event_plan`), PostgreSQL does it all in one statement (see
    /// `event_statement`); both give the same outcomes, which the API tests check on each.
    pub async fn record_event(&self, event: &NewEvent<'_>) -> anyhow::Result<EventOutcome> {
        match self.engine {
            Engine::Sqlite => self.record_event_planned(event).await,
            Engine::Postgres => self.record_event_in_one_statement(event).await,
        }
    }

    /// One more delivery of an event stored before.
    pub(super) async fn count_redelivery(
        conn: &mut sqlx::AnyConnection,
        event_id: &str,
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
        event_id: &str,
    ) -> anyhow::Result<()> {
        sqlx::query("UPDATE persona_events SET applied = 0, disposition = 'late' WHERE id = $1")
            .bind(event_id)
            .execute(&mut *conn)
            .await
            .context("marking an overtaken event late")?;
        Ok(())
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
