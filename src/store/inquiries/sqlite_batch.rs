//! Storing a whole batch of events on SQLite in two statements, instead of three per event.
//!
//! SQLite runs in this process, so a statement costs no network round trip; it costs a hand-off
//! to sqlx's connection thread and back. With the write lock and every page in one thread, the
//! profile of the applying path showed that thread waiting on those hand-offs a third of its
//! time (BENCHMARKS.md, issue 18). The decision is the one `sqlite.rs` makes per event, written
//! over a set, as `postgres_batch.rs` does on PostgreSQL: the events are decided against their
//! inquiries as they stand and stored, then the applied ones move their inquiries, re-checking
//! the ordering rule on each row. That is only the same as storing them one after another when
//! no two events of the batch name the same inquiry or carry the same id: only those come here
//! (see `batch.rs`).

use super::batch_rows;
use super::new_event::IncomingEvent;
use super::outcome::{count_redelivery, mark_overtaken, EventOutcome};
use super::status::supersedes_sql;
use crate::store::db::now_ms;
use anyhow::Context;
use sqlx::Row;
use std::collections::{HashMap, HashSet};

/// Stores the events in `order` (indexes into `events`), answering for each at its index.
pub(super) async fn record_together(
    conn: &mut sqlx::AnyConnection,
    events: &[IncomingEvent],
    order: &[usize],
) -> anyhow::Result<Vec<EventOutcome>> {
    let json = batch_rows::encode(events, order)?;
    let now = now_ms();
    let inserted = sqlx::query(&store_sql())
        .bind(&json)
        .bind(now)
        .fetch_all(&mut *conn)
        .await
        .context("storing a batch of Persona events")?;
    let mut stored = HashMap::with_capacity(inserted.len());
    for row in inserted {
        let id: String = row.try_get(0).context("reading a stored event's id")?;
        let outcome: EventOutcome = row.try_get(1).context("reading the disposition")?;
        stored.insert(id, outcome);
    }
    let applied: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| stored.get(events[i].id.as_str()) == Some(&EventOutcome::Applied))
        .collect();
    let moved: HashSet<String> = if applied.is_empty() {
        HashSet::new()
    } else {
        sqlx::query_scalar(&apply_sql())
            .bind(batch_rows::encode_changes(events, &applied)?)
            .bind(now)
            .fetch_all(&mut *conn)
            .await
            .context("applying a batch of Persona events")?
            .into_iter()
            .collect()
    };
    let mut outcomes = vec![EventOutcome::Duplicate; events.len()];
    for &i in order {
        let event = &events[i];
        outcomes[i] = match stored.get(event.id.as_str()) {
            None => count_redelivery(conn, &event.id).await?,
            // Cannot happen while the batch holds the write lock; kept as the rule's guard.
            Some(EventOutcome::Applied)
                if !event
                    .inquiry_id
                    .as_ref()
                    .is_some_and(|inquiry| moved.contains(inquiry.as_str())) =>
            {
                mark_overtaken(conn, &event.id).await?;
                EventOutcome::Late
            }
            Some(outcome) => *outcome,
        };
    }
    Ok(outcomes)
}

/// The batch's events as rows (`$1`, the JSON of `batch_rows`).
const INPUT: &str = "SELECT e.value ->> 'seq' AS seq, e.value ->> 'id' AS id, \
     e.value ->> 'name' AS name, e.value ->> 'inquiry_id' AS inquiry_id, \
     e.value ->> 'status' AS new_status, e.value ->> 'new_at' AS new_at, \
     e.value ->> 'new_rank' AS new_rank, e.value ->> 'known' AS known, \
     e.value ->> 'body' AS body, e.value ->> 'minimal' AS minimal FROM json_each($1) AS e";

/// `$1` the events, `$2` now. Stores each new event with its decision (the minimal body when
/// the walker's erasure was requested, as `EVENT_VALUES` decides) and returns the id and
/// disposition of each one stored; an id stored before is left alone and not returned.
fn store_sql() -> String {
    let disposition = batch_rows::disposition_sql("e.new_status");
    // `WHERE true`: SQLite's grammar needs it before an upsert's ON CONFLICT.
    format!(
        "INSERT INTO persona_events (id, name, inquiry_id, status, persona_created_at, \
             received_at, body, deliveries, applied, disposition) \
         SELECT id, name, inquiry_id, new_status, new_at, $2, body, 1, \
             disposition = 'applied', disposition \
         FROM (SELECT e.seq, e.id, e.name, e.inquiry_id, e.new_status, e.new_at, \
             CASE WHEN w.erasure_requested_at IS NOT NULL THEN e.minimal ELSE e.body END AS body, \
             {disposition} AS disposition \
             FROM ({INPUT}) AS e \
             LEFT JOIN inquiries i ON i.id = e.inquiry_id \
             LEFT JOIN walkers w ON w.id = i.walker_id \
             ORDER BY e.seq) \
         WHERE true ON CONFLICT (id) DO NOTHING \
         RETURNING id, disposition"
    )
}

/// `$1` the applied events' changes (`batch_rows::encode_changes`), `$2` now. Moves each of
/// their inquiries, re-checking the ordering rule on its row, and marks it for the walker list
/// to copy later (`walker_list.rs`); returns the inquiries moved.
fn apply_sql() -> String {
    let supersedes = supersedes_sql("e.new_at", "e.new_rank");
    format!(
        "UPDATE inquiries SET status = e.new_status, status_rank = e.new_rank, \
             status_at = e.new_at, updated_at = $2, \
             walker_list_due = COALESCE(walker_list_due, $2) \
         FROM (SELECT c.value ->> 'inquiry_id' AS inquiry_id, c.value ->> 'status' AS new_status, \
             c.value ->> 'new_at' AS new_at, c.value ->> 'new_rank' AS new_rank \
             FROM json_each($1) AS c) AS e \
         WHERE inquiries.id = e.inquiry_id AND {supersedes} \
         RETURNING inquiries.id"
    )
}
