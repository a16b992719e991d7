//! Storing an event on PostgreSQL, inside its batch's transaction: decide, store and apply in
//! one statement.
//!
//! Each round trip to the server costs as much as the work itself here; deciding in Rust first
//! took three (read, INSERT, UPDATE) where this takes one. The decision is the same as SQLite's (`sqlite.rs`), written as SQL:
//! the ordering rule is `status::supersedes_sql`, the guard every status write checks.

use super::new_event::{AnyQuery, NewEvent, EVENT_COLUMNS, EVENT_VALUES};
use super::outcome::{count_redelivery, mark_overtaken, EventOutcome};
use super::status::supersedes_sql;
use anyhow::Context;
use sqlx::Row;

pub(super) async fn record_event(
    conn: &mut sqlx::AnyConnection,
    event: &NewEvent<'_>,
) -> anyhow::Result<EventOutcome> {
    // `$9` whether the name is known, `$10` the change's rank. `persona_events` is partitioned
    // by month, so its id alone cannot be unique there: the event is stored only if this
    // statement claims its id in `persona_event_ids` (the event_partitions migration). All
    // parts of the statement see one snapshot; the UPDATE re-checks the rule on the row as it
    // is when it locks it, so a newer change committed meanwhile makes it move nothing
    // (handled below).
    let supersedes = supersedes_sql("$5", "$10");
    let sql = format!(
        "WITH current AS (SELECT status, status_at, status_rank FROM inquiries WHERE id = $3), \
         decided AS (SELECT CASE \
             WHEN NOT $9 THEN 'unknown_event' \
             WHEN $3 IS NULL OR $4 IS NULL THEN 'no_status' \
             WHEN NOT EXISTS (SELECT 1 FROM current) THEN 'unknown_inquiry' \
             WHEN EXISTS (SELECT 1 FROM current WHERE {supersedes}) THEN 'applied' \
             WHEN EXISTS (SELECT 1 FROM current WHERE status = $4) THEN 'current' \
             ELSE 'late' END AS disposition), \
         claimed AS (INSERT INTO persona_event_ids (id, received_at) VALUES ($1, $6) \
             ON CONFLICT (id) DO NOTHING RETURNING id), \
         stored AS (INSERT INTO persona_events ({EVENT_COLUMNS}, applied, disposition) \
             SELECT {EVENT_VALUES}, CASE WHEN disposition = 'applied' THEN 1 ELSE 0 END, \
             disposition FROM decided, claimed RETURNING disposition), \
         moved AS (UPDATE inquiries SET status = $4, status_rank = $10, status_at = $5, \
             updated_at = $6, walker_list_due = NULL \
             WHERE id = $3 AND {supersedes} \
             AND EXISTS (SELECT 1 FROM stored WHERE disposition = 'applied') \
             RETURNING 1) \
         SELECT (SELECT disposition FROM stored), (SELECT COUNT(*) FROM moved)"
    );
    let rank = event.change.as_ref().map_or(0, |c| c.status.rank());
    let query: AnyQuery<'_> = event.bind_values(&sql).bind(event.known_name).bind(rank);
    let row = query
        .fetch_one(&mut *conn)
        .await
        .context("storing a Persona event")?;
    let outcome: Option<EventOutcome> = row.try_get(0).context("reading the disposition")?;
    let moved: i64 = row.try_get(1).context("reading whether the status moved")?;
    let Some(outcome) = outcome else {
        return count_redelivery(conn, event.id).await;
    };
    if outcome == EventOutcome::Applied && moved == 0 {
        // A newer change landed between the statement's snapshot and its UPDATE (the batch
        // locks the inquiries it knows first, so only one created meanwhile can).
        mark_overtaken(conn, event.id).await?;
        return Ok(EventOutcome::Late);
    }
    Ok(outcome)
}
