//! A batch of events as one JSON array, the form both engines' set-wise statements read it in
//! (`postgres_batch.rs`, `sqlite_batch.rs`): sqlx's Any driver binds no arrays.

use super::new_event::IncomingEvent;
use super::status::supersedes_sql;
use anyhow::Context;
use serde::Serialize;

/// One event as the statements read it.
#[derive(Serialize)]
struct EventRow<'a> {
    /// Its index in the batch as given, and its place in the order it is stored in.
    ord: usize,
    seq: usize,
    id: &'a str,
    name: &'a str,
    inquiry_id: Option<&'a str>,
    status: Option<&'a str>,
    new_at: i64,
    new_rank: i64,
    known: bool,
    body: &'a str,
    /// Kept instead of `body` when the walker's erasure was requested (see `EVENT_VALUES`).
    minimal: String,
}

/// The events in `order` (indexes into `events`), as a JSON array of [`EventRow`]s.
pub(super) fn encode(events: &[IncomingEvent], order: &[usize]) -> anyhow::Result<String> {
    let rows: Vec<EventRow<'_>> = order
        .iter()
        .enumerate()
        .map(|(seq, &i)| {
            let event = &events[i];
            EventRow {
                ord: i,
                seq,
                id: event.id.as_str(),
                name: &event.name,
                inquiry_id: event.inquiry_id.as_ref().map(|id| id.as_str()),
                status: event.change.as_ref().map(|c| c.status.as_str()),
                new_at: event.persona_created_at_ms,
                new_rank: event.change.as_ref().map_or(0, |c| c.status.rank()),
                known: event.known_name,
                body: &event.body,
                minimal: event.as_new().minimal_body(),
            }
        })
        .collect();
    serde_json::to_string(&rows).context("encoding a batch of Persona events")
}

/// One applied event's change to its inquiry: what the apply statement reads, without the
/// bodies it would otherwise parse a second time.
#[derive(Serialize)]
struct ChangeRow<'a> {
    inquiry_id: &'a str,
    status: &'a str,
    new_at: i64,
    new_rank: i64,
}

/// The status changes of `applied` (indexes into `events`), as a JSON array of [`ChangeRow`]s.
/// Events that change no inquiry's status are left out.
pub(super) fn encode_changes(
    events: &[IncomingEvent],
    applied: &[usize],
) -> anyhow::Result<String> {
    let rows: Vec<ChangeRow<'_>> = applied
        .iter()
        .filter_map(|&i| {
            let event = &events[i];
            let change = event.change.as_ref()?;
            Some(ChangeRow {
                inquiry_id: event.inquiry_id.as_ref()?.as_str(),
                status: change.status.as_str(),
                new_at: event.persona_created_at_ms,
                new_rank: change.status.rank(),
            })
        })
        .collect();
    serde_json::to_string(&rows).context("encoding a batch's status changes")
}

/// What storing an event row `e` (an [`EventRow`]) does to its inquiry row `i` (all NULL when
/// PawPass does not have it), as `sqlite.rs` decides it for one event. `new_status` is the
/// column holding the status the event reports. `status_at` and `status_rank` are the
/// inquiry's only, so the ordering rule reads the right columns.
pub(super) fn disposition_sql(new_status: &str) -> String {
    let supersedes = supersedes_sql("e.new_at", "e.new_rank");
    format!(
        "CASE WHEN NOT e.known THEN 'unknown_event' \
             WHEN e.inquiry_id IS NULL OR {new_status} IS NULL THEN 'no_status' \
             WHEN i.id IS NULL THEN 'unknown_inquiry' \
             WHEN {supersedes} THEN 'applied' \
             WHEN i.status = {new_status} THEN 'current' \
             ELSE 'late' END"
    )
}
