//! Storing an event on SQLite: decide from a read, then write.
//!
//! SQLite has one writer at a time, and reads beside it are cheap (same process, WAL), so the
//! decision is taken outside the write lock and the lock is held only for the writes. The
//! decision stays right because an inquiry's stored time only ever moves forward, and the
//! UPDATE that applies a change checks the rule again.

use super::new_event::{AnyQuery, NewEvent, EVENT_COLUMNS, EVENT_VALUES};
use super::outcome::{count_redelivery, mark_overtaken, EventOutcome};
use super::status::apply_change;
use crate::domain::status::StatusChange;
use crate::domain::VerificationStatus;
use crate::store::db::Db;
use anyhow::Context;

pub(super) async fn record_event(db: &Db, event: &NewEvent<'_>) -> anyhow::Result<EventOutcome> {
    let mut conn = db.pool.acquire().await.context("taking a connection")?;
    let planned = plan(&mut conn, event).await?;
    if planned != EventOutcome::Applied {
        // One statement, no transaction: nothing else changes.
        return insert_planned(&mut conn, event, planned).await;
    }
    let mut tx = sqlx::Connection::begin_with(&mut *conn, db.engine.begin_write_sql())
        .await
        .context("starting a transaction")?;
    let mut outcome = insert_planned(&mut tx, event, planned).await?;
    if outcome == EventOutcome::Applied {
        let (Some(inquiry_id), Some(change)) = (event.inquiry_id, &event.change) else {
            anyhow::bail!("an applicable event names its inquiry and status");
        };
        if !apply_change(&mut *tx, inquiry_id, change).await? {
            // A newer change landed between the read and this write.
            outcome = EventOutcome::Late;
            mark_overtaken(&mut tx, event.id).await?;
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
