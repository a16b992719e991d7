//! Storing an event on SQLite, inside its batch's write transaction: decide from a read, then
//! write. The batch holds SQLite's one write lock (`BEGIN IMMEDIATE`), so nothing changes the
//! inquiry between the read and the writes; reads in the same process cost microseconds.

use super::new_event::{AnyQuery, NewEvent, EVENT_COLUMNS, EVENT_VALUES};
use super::outcome::{count_redelivery, mark_overtaken, EventOutcome};
use super::status::apply_change;
use crate::domain::status::StatusChange;
use crate::domain::VerificationStatus;
use anyhow::Context;

pub(super) async fn record_event(
    conn: &mut sqlx::AnyConnection,
    event: &NewEvent<'_>,
) -> anyhow::Result<EventOutcome> {
    let planned = plan(conn, event).await?;
    let mut outcome = insert_planned(conn, event, planned).await?;
    if outcome == EventOutcome::Applied {
        let (Some(inquiry_id), Some(change)) = (event.inquiry_id, &event.change) else {
            anyhow::bail!("an applicable event names its inquiry and status");
        };
        if !apply_change(&mut *conn, inquiry_id, change).await? {
            // Cannot happen while the batch holds the write lock; kept as the rule's guard.
            outcome = EventOutcome::Late;
            mark_overtaken(conn, event.id).await?;
        }
    }
    Ok(outcome)
}

/// What the event would do to the inquiry as it stands now.
async fn plan(
    conn: &mut sqlx::AnyConnection,
    event: &NewEvent<'_>,
) -> anyhow::Result<EventOutcome> {
    let (true, Some(inquiry_id), Some(_)) = (event.known_name, event.inquiry_id, &event.change)
    else {
        return Ok(decide(event, None));
    };
    let current: Option<(VerificationStatus, i64)> =
        sqlx::query_as("SELECT status, status_at FROM inquiries WHERE id = $1")
            .bind(inquiry_id)
            .fetch_optional(&mut *conn)
            .await
            .context("reading an event's inquiry")?;
    let current = current.map(|(status, at_ms)| StatusChange { status, at_ms });
    Ok(decide(event, current.as_ref()))
}

/// The ordering decision, given the event's inquiry as stored (`None`: PawPass does not know
/// it). Shared with the batch (`sqlite_batch.rs`).
pub(super) fn decide(event: &NewEvent<'_>, current: Option<&StatusChange>) -> EventOutcome {
    let change = match (event.known_name, event.inquiry_id, &event.change) {
        (false, _, _) => return EventOutcome::UnknownEvent,
        (true, Some(_), Some(change)) => change,
        _ => return EventOutcome::NoStatus,
    };
    match current {
        None => EventOutcome::UnknownInquiry,
        Some(current) if change.supersedes(current) => EventOutcome::Applied,
        Some(current) if current.status == change.status => EventOutcome::Current,
        Some(_) => EventOutcome::Late,
    }
}

/// Inserts the event with its planned outcome, or counts one more delivery of a known one.
async fn insert_planned(
    conn: &mut sqlx::AnyConnection,
    event: &NewEvent<'_>,
    planned: EventOutcome,
) -> anyhow::Result<EventOutcome> {
    let sql = format!(
        "INSERT INTO persona_events ({EVENT_COLUMNS}, applied, disposition) \
         VALUES ({EVENT_VALUES}, $9, $10) ON CONFLICT (id) DO NOTHING"
    );
    let query: AnyQuery<'_> = event
        .bind_values(&sql)
        .bind(i64::from(planned == EventOutcome::Applied))
        .bind(planned.as_str());
    let inserted = query
        .execute(&mut *conn)
        .await
        .context("storing a Persona event")?
        .rows_affected()
        == 1;
    if inserted {
        Ok(planned)
    } else {
        count_redelivery(conn, event.id).await
    }
}
