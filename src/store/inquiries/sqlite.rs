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
    let (inquiry_id, change) = match (event.known_name, event.inquiry_id, &event.change) {
        (false, _, _) => return Ok(EventOutcome::UnknownEvent),
        (true, Some(inquiry_id), Some(change)) => (inquiry_id, change),
        _ => return Ok(EventOutcome::NoStatus),
    };
    let current: Option<(VerificationStatus, i64)> =
        sqlx::query_as("SELECT status, status_at FROM inquiries WHERE id = $1")
            .bind(inquiry_id)
            .fetch_optional(&mut *conn)
            .await
            .context("reading an event's inquiry")?;
    Ok(match current {
        None => EventOutcome::UnknownInquiry,
        Some((status, at_ms)) => {
            let current = StatusChange { status, at_ms };
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
