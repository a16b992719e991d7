//! A verified event on its way into `persona_events`: the values every first delivery writes,
//! numbered the same in both engines' statements.

use super::bodies::{minimal_body, EventHead};
use crate::domain::status::StatusChange;
use crate::domain::{EventId, InquiryId};
use crate::store::db::now_ms;

/// A verified event as it arrived, with the parts PawPass reads.
#[derive(Clone, Debug)]
pub(super) struct NewEvent<'a> {
    pub id: &'a EventId,
    pub name: &'a str,
    /// Whether PawPass knows this event name; unknown ones are kept, never applied.
    pub known_name: bool,
    pub inquiry_id: Option<&'a InquiryId>,
    pub change: Option<StatusChange>,
    pub persona_created_at_ms: i64,
    pub body: &'a str,
}

/// The columns every first delivery writes.
pub(super) const EVENT_COLUMNS: &str =
    "id, name, inquiry_id, status, persona_created_at, received_at, body, deliveries";

/// Their values: `$7` is the body as it arrived and `$8` the minimal one, kept instead when the
/// walker's erasure was requested. That is decided inside the INSERT itself: the request is
/// committed before the erasure job starts, so an event either sees it here or is stored before
/// the job strips bodies.
pub(super) const EVENT_VALUES: &str = "$1, $2, $3, $4, $5, $6, \
     CASE WHEN EXISTS (SELECT 1 FROM inquiries i JOIN walkers w ON w.id = i.walker_id \
     WHERE i.id = $3 AND w.erasure_requested_at IS NOT NULL) THEN $8 ELSE $7 END, 1";

/// A verified event owned whole, for the batch writer (see `writer.rs`), which stores it after
/// the request that brought it has handed it over.
#[derive(Clone, Debug)]
pub struct IncomingEvent {
    pub id: EventId,
    pub name: String,
    pub known_name: bool,
    pub inquiry_id: Option<InquiryId>,
    pub change: Option<StatusChange>,
    pub persona_created_at_ms: i64,
    pub body: String,
}

impl IncomingEvent {
    pub(super) fn as_new(&self) -> NewEvent<'_> {
        NewEvent {
            id: &self.id,
            name: &self.name,
            known_name: self.known_name,
            inquiry_id: self.inquiry_id.as_ref(),
            change: self.change.clone(),
            persona_created_at_ms: self.persona_created_at_ms,
            body: &self.body,
        }
    }
}

pub(super) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl<'a> NewEvent<'a> {
    fn status(&self) -> Option<&str> {
        self.change.as_ref().map(|c| c.status.as_str())
    }

    /// The body kept instead of the real one when the walker's erasure was requested: a late
    /// delivery must not bring back what the erasure removed.
    pub(super) fn minimal_body(&self) -> String {
        minimal_body(&EventHead {
            id: self.id.to_string(),
            name: self.name.to_owned(),
            inquiry_id: self.inquiry_id.map(InquiryId::to_string),
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
            .bind(now_ms())
            .bind(self.body)
            .bind(self.minimal_body())
    }
}
