//! Storing a whole batch of events on PostgreSQL in one statement, in a transaction of its own:
//! one round trip where a transaction around it took four (BEGIN, the locks, the batch, COMMIT)
//! and its writer sat idle through each.
//!
//! The decision is the one `postgres.rs` makes per event, written over a set: the events come
//! as one JSON array (sqlx's Any driver binds no arrays); their inquiries and walkers are locked
//! in inquiry order and read as they stand once locked (a lock that waited returns the row's
//! newest version, an erasure requested meanwhile included); the events are decided against
//! them, have their ids claimed and are stored; the applied ones move their inquiries. That is
//! only the same as storing them one after another when no two events of the batch name the
//! same inquiry or carry the same id (a later one would have to see the earlier one's write):
//! only those come here (see `batch.rs`).

use super::batch_rows;
use super::new_event::IncomingEvent;
use super::outcome::{count_redelivery, mark_overtaken, EventOutcome};
use super::status::supersedes_sql;
use crate::store::db::now_ms;
use anyhow::Context;
use sqlx::Row;

/// Stores the events in `order` (indexes into `events`), answering for each at its index.
pub(super) async fn record_together(
    pool: &sqlx::AnyPool,
    events: &[IncomingEvent],
    order: &[usize],
) -> anyhow::Result<Vec<EventOutcome>> {
    let mut outcomes = vec![EventOutcome::Duplicate; events.len()];
    let json = batch_rows::encode(events, order)?;
    let mut conn = pool
        .acquire()
        .await
        .context("taking a connection for a batch of Persona events")?;
    let found = sqlx::query(&batch_sql())
        .bind(json)
        .bind(now_ms())
        .fetch_all(&mut *conn)
        .await
        .context("storing a batch of Persona events")?;
    // One row per event, or the batch fails (and its events are stored one by one) rather
    // than answer for an event it did not store.
    anyhow::ensure!(
        found.len() == order.len(),
        "a batch of {} Persona events answered for {}",
        order.len(),
        found.len()
    );
    for row in found {
        let ord: i64 = row.try_get(0).context("reading an event's place")?;
        let stored: Option<EventOutcome> = row.try_get(1).context("reading the disposition")?;
        let moved: bool = row.try_get(2).context("reading whether the status moved")?;
        let i = usize::try_from(ord).context("an event's place")?;
        let event = events.get(i).context("an event's place in its batch")?;
        outcomes[i] = match stored {
            // Its id was claimed before: by the time the claim returned, that claim had
            // committed, so the count finds the stored event.
            None => count_redelivery(&mut conn, &event.id).await?,
            // The decision read the inquiry locked, so nothing should overtake its UPDATE;
            // should something, the event must not stay recorded as applied.
            Some(EventOutcome::Applied) if !moved => {
                mark_overtaken(&mut conn, &event.id).await?;
                EventOutcome::Late
            }
            Some(outcome) => outcome,
        };
    }
    Ok(outcomes)
}

/// `$1` the events (JSON), `$2` now. Returns each event's place, its disposition (NULL: its id
/// was stored before) and whether it moved its inquiry. A moved inquiry is marked for the
/// walker list to copy later (`walker_list.rs`).
fn batch_sql() -> String {
    // `status_at` and `status_rank` are the inquiry's only: the new change's are `new_at` and
    // `new_rank`, so the shared rule reads the right columns in both places. Every lock comes
    // before every claim: the claims are sorted (by `seq`, the batch's inquiry order), and a
    // sort reads all of `decided`, so all of `locked`, before it yields a row. Two batches thus
    // lock, then claim, in one order, and cannot deadlock (see `batch.rs`). The ids are looked
    // up as an array (not `IN (SELECT …)`), so the planner reads them by primary key instead
    // of scanning the table to hash-join them.
    let disposition = batch_rows::disposition_sql("e.status");
    let supersedes = supersedes_sql("d.new_at", "d.new_rank");
    format!(
        "WITH input AS (SELECT * FROM json_to_recordset($1::json) AS e(ord BIGINT, seq BIGINT, \
             id TEXT, name TEXT, inquiry_id TEXT, status TEXT, new_at BIGINT, new_rank BIGINT, \
             known BOOLEAN, body TEXT, minimal TEXT)), \
         locked AS (SELECT i.id, i.status, i.status_at, i.status_rank, \
             w.erasure_requested_at IS NOT NULL AS erasing \
             FROM inquiries i JOIN walkers w ON w.id = i.walker_id \
             WHERE i.id = ANY (ARRAY(SELECT inquiry_id FROM input)) \
             ORDER BY i.id FOR NO KEY UPDATE OF i, w), \
         decided AS (SELECT e.ord, e.seq, e.id, e.name, e.inquiry_id, e.status, e.new_at, \
             e.new_rank, \
             CASE WHEN i.erasing THEN e.minimal ELSE e.body END AS body, \
             {disposition} AS disposition \
             FROM input e LEFT JOIN locked i ON i.id = e.inquiry_id), \
         claimed AS (INSERT INTO persona_event_ids (id, received_at) \
             SELECT id, $2 FROM decided ORDER BY seq \
             ON CONFLICT (id) DO NOTHING RETURNING id), \
         stored AS (INSERT INTO persona_events (id, name, inquiry_id, status, \
             persona_created_at, received_at, body, deliveries, applied, disposition) \
             SELECT d.id, d.name, d.inquiry_id, d.status, d.new_at, $2, d.body, 1, \
             CASE WHEN d.disposition = 'applied' THEN 1 ELSE 0 END, d.disposition \
             FROM decided d JOIN claimed c ON c.id = d.id ORDER BY d.seq \
             RETURNING id, disposition), \
         moved AS (UPDATE inquiries SET status = d.status, status_rank = d.new_rank, \
             status_at = d.new_at, updated_at = $2, \
             walker_list_due = COALESCE(inquiries.walker_list_due, $2) \
             FROM decided d JOIN stored s ON s.id = d.id \
             WHERE s.disposition = 'applied' AND inquiries.id = d.inquiry_id AND {supersedes} \
             RETURNING inquiries.id) \
         SELECT d.ord, s.disposition, \
             EXISTS (SELECT 1 FROM moved m WHERE m.id = d.inquiry_id) \
         FROM decided d LEFT JOIN stored s ON s.id = d.id ORDER BY d.seq"
    )
}
