//! Storing a whole batch of events on SQLite in four statements, instead of three (and the
//! triggers they set off) per event: each statement is a round trip between the writer's task
//! and SQLite's connection thread, and those hand-offs, not SQLite's work, were most of an
//! event's time.
//!
//! The decision is `sqlite.rs`'s (`decide`), over the inquiries read in one query: the batch
//! holds SQLite's one write lock, so they cannot change before the writes. The events go in as
//! one JSON array, read with `json_each`. Only batches where no two events name the same
//! inquiry or carry the same id come here (see `batch.rs`): a later one would have to see the
//! earlier one's write.

use super::new_event::{IncomingEvent, NewEvent, EVENT_COLUMNS};
use super::outcome::{mark_overtaken, EventOutcome};
use super::sqlite::decide;
use super::status::supersedes_sql;
use crate::domain::status::StatusChange;
use crate::domain::VerificationStatus;
use crate::store::db::now_ms;
use anyhow::Context;
use std::collections::{HashMap, HashSet};

/// Stores the events in `order` (indexes into `events`), answering for each at its index.
pub(super) async fn record_together(
    conn: &mut sqlx::AnyConnection,
    events: &[IncomingEvent],
    order: &[usize],
) -> anyhow::Result<Vec<EventOutcome>> {
    let news: Vec<NewEvent<'_>> = events.iter().map(IncomingEvent::as_new).collect();
    let current = read_inquiries(conn, &news).await?;
    let mut outcomes: Vec<EventOutcome> = news
        .iter()
        .map(|event| {
            decide(
                event,
                event.inquiry_id.and_then(|id| current.get(id.as_str())),
            )
        })
        .collect();
    let inserted = insert_events(conn, &news, order, &outcomes).await?;
    let repeated: Vec<&str> = order
        .iter()
        .map(|&i| news[i].id.as_str())
        .filter(|id| !inserted.contains(*id))
        .collect();
    if !repeated.is_empty() {
        sqlx::query(
            "UPDATE persona_events SET deliveries = deliveries + 1 \
             WHERE id IN (SELECT value FROM json_each($1))",
        )
        .bind(serde_json::to_string(&repeated).context("encoding repeated event ids")?)
        .execute(&mut *conn)
        .await
        .context("counting repeated deliveries")?;
    }
    for (outcome, event) in outcomes.iter_mut().zip(&news) {
        if !inserted.contains(event.id.as_str()) {
            *outcome = EventOutcome::Duplicate;
        }
    }
    let moved = apply_changes(conn, &news, order, &outcomes).await?;
    for (outcome, event) in outcomes.iter_mut().zip(&news) {
        let inquiry = event.inquiry_id.map(|id| id.as_str());
        if *outcome == EventOutcome::Applied && !inquiry.is_some_and(|id| moved.contains(id)) {
            // Cannot happen while the batch holds the write lock; kept as the rule's guard.
            mark_overtaken(conn, event.id).await?;
            *outcome = EventOutcome::Late;
        }
    }
    Ok(outcomes)
}

/// The stored status of every inquiry the batch's status events name.
async fn read_inquiries(
    conn: &mut sqlx::AnyConnection,
    news: &[NewEvent<'_>],
) -> anyhow::Result<HashMap<String, StatusChange>> {
    let named: Vec<&str> = news
        .iter()
        .filter(|e| e.known_name && e.change.is_some())
        .filter_map(|e| e.inquiry_id.map(|id| id.as_str()))
        .collect();
    if named.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(String, VerificationStatus, i64)> = sqlx::query_as(
        "SELECT id, status, status_at FROM inquiries \
         WHERE id IN (SELECT value FROM json_each($1))",
    )
    .bind(serde_json::to_string(&named).context("encoding inquiry ids")?)
    .fetch_all(&mut *conn)
    .await
    .context("reading a batch's inquiries")?;
    Ok(rows
        .into_iter()
        .map(|(id, status, at_ms)| (id, StatusChange { status, at_ms }))
        .collect())
}

/// Inserts every event with its planned outcome; returns the ids that were new.
async fn insert_events(
    conn: &mut sqlx::AnyConnection,
    news: &[NewEvent<'_>],
    order: &[usize],
    outcomes: &[EventOutcome],
) -> anyhow::Result<HashSet<String>> {
    let rows: Vec<serde_json::Value> = order
        .iter()
        .map(|&i| {
            let (event, planned) = (&news[i], outcomes[i]);
            serde_json::json!([
                event.id.as_str(),
                event.name,
                event.inquiry_id.map(|id| id.as_str()),
                event.change.as_ref().map(|c| c.status.as_str()),
                event.persona_created_at_ms,
                event.body,
                event.minimal_body(),
                i64::from(planned == EventOutcome::Applied),
                planned.as_str(),
            ])
        })
        .collect();
    // The body kept is decided here as in `EVENT_VALUES`: the minimal one once the walker's
    // erasure was requested. `WHERE true` lets SQLite parse the ON CONFLICT after a SELECT.
    let sql = format!(
        "INSERT INTO persona_events ({EVENT_COLUMNS}, applied, disposition) \
         SELECT e.value ->> 0, e.value ->> 1, e.value ->> 2, e.value ->> 3, e.value ->> 4, $2, \
         CASE WHEN EXISTS (SELECT 1 FROM inquiries i JOIN walkers w ON w.id = i.walker_id \
             WHERE i.id = e.value ->> 2 AND w.erasure_requested_at IS NOT NULL) \
         THEN e.value ->> 6 ELSE e.value ->> 5 END, 1, e.value ->> 7, e.value ->> 8 \
         FROM json_each($1) e WHERE true ORDER BY e.key \
         ON CONFLICT (id) DO NOTHING RETURNING id"
    );
    let inserted: Vec<String> = sqlx::query_scalar(&sql)
        .bind(serde_json::to_string(&rows).context("encoding a batch of Persona events")?)
        .bind(now_ms())
        .fetch_all(&mut *conn)
        .await
        .context("storing a batch of Persona events")?;
    Ok(inserted.into_iter().collect())
}

/// Moves every inquiry an applied event names, under the ordering rule; returns those moved.
async fn apply_changes(
    conn: &mut sqlx::AnyConnection,
    news: &[NewEvent<'_>],
    order: &[usize],
    outcomes: &[EventOutcome],
) -> anyhow::Result<HashSet<String>> {
    let changes: Vec<serde_json::Value> = order
        .iter()
        .filter(|&&i| outcomes[i] == EventOutcome::Applied)
        .filter_map(|&i| {
            let event = &news[i];
            let (inquiry_id, change) = (event.inquiry_id?, event.change.as_ref()?);
            Some(serde_json::json!([
                inquiry_id.as_str(),
                change.status.as_str(),
                change.status.rank(),
                change.at_ms,
            ]))
        })
        .collect();
    if changes.is_empty() {
        return Ok(HashSet::new());
    }
    let sql = format!(
        "UPDATE inquiries SET status = c.value ->> 1, status_rank = c.value ->> 2, \
         status_at = c.value ->> 3, updated_at = $2 \
         FROM json_each($1) c WHERE inquiries.id = c.value ->> 0 AND {} \
         RETURNING inquiries.id",
        supersedes_sql("(c.value ->> 3)", "(c.value ->> 2)")
    );
    let moved: Vec<String> = sqlx::query_scalar(&sql)
        .bind(serde_json::to_string(&changes).context("encoding a batch's status changes")?)
        .bind(now_ms())
        .fetch_all(&mut *conn)
        .await
        .context("applying a batch's status changes")?;
    Ok(moved.into_iter().collect())
}
