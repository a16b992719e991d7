//! Storing a batch of events in one transaction: one commit (one WAL flush) for every event
//! waiting at that moment, instead of one each.
//!
//! Events are taken in (inquiry, event id) order, so two batches (two instances on one
//! PostgreSQL, or an instance and Persona's retry of the same event at another) meet every row
//! in the same order. On PostgreSQL the batch also locks, before it writes anything and in that
//! order, the inquiries it names and their walkers, and (if it will change the walkers' counts)
//! the status-count rows of one slot (see `20261201000001_batch_count_slot.sql`), so the writes
//! that follow (and the triggers they set off) never wait on another batch halfway: batches
//! cannot deadlock. Locking the walker also makes an erasure request wait for the batch, so an
//! event either sees the request when it is stored or is stored before the erasure strips
//! bodies.
//!
//! While webhooks press (`ListCopy::Later`, the writer's call), a batch whose events all name
//! different inquiries and carry different ids (the usual one, a lone event among them) is
//! stored set-wise: one statement on PostgreSQL (`postgres_batch.rs`), two on SQLite
//! (`sqlite_batch.rs`). It marks the inquiries it moves for the walker list to copy once the
//! writer is free (`walker_list.rs`). Any other batch, and any batch between floods, is stored
//! one event after another (`sqlite.rs`, `postgres.rs`), so a later event sees what an earlier
//! one did, and its statuses reach the walker list in the same transaction.
//!
//! Should the batch fail anyway, it is rolled back and each event is stored in a transaction of
//! its own: one bad event fails alone. (A set-wise batch on PostgreSQL commits with its one
//! statement; should a follow-up after it fail, counting a repeated delivery, its events come
//! back one by one as duplicates of themselves: stored once, their deliveries counted again.)

use super::new_event::IncomingEvent;
use super::outcome::EventOutcome;
use super::{postgres, postgres_batch, sqlite, sqlite_batch};
use crate::store::db::{Db, Engine};
use anyhow::Context;
use std::collections::HashSet;

/// Status-count slots on PostgreSQL (`walker_status_counts.slot`).
const COUNT_SLOTS: u32 = 16;

/// When the statuses a batch applies reach the walker list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ListCopy {
    /// In the batch's own transaction: the batch is stored one event after another.
    InBatch,
    /// Later (`walker_list.rs`): the batch is stored set-wise when its events are independent.
    Later,
}

/// Stores every event, answering for each in the order given.
pub(super) async fn record_batch(
    db: &Db,
    events: &[IncomingEvent],
    list: ListCopy,
) -> Vec<anyhow::Result<EventOutcome>> {
    match record_together(db, events, list).await {
        Ok(outcomes) => outcomes.into_iter().map(Ok).collect(),
        Err(error) if events.len() > 1 => {
            tracing::warn!(
                error = format!("{error:#}"),
                events = events.len(),
                "a webhook batch failed; storing its events one by one"
            );
            let mut outcomes = Vec::with_capacity(events.len());
            for event in events {
                outcomes.push(record_one(db, event).await);
            }
            outcomes
        }
        Err(error) => vec![Err(error)],
    }
}

/// One event in a transaction of its own, its status copied to the walker list in it.
async fn record_one(db: &Db, event: &IncomingEvent) -> anyhow::Result<EventOutcome> {
    let mut outcomes = record_together(db, std::slice::from_ref(event), ListCopy::InBatch).await?;
    outcomes
        .pop()
        .context("a batch of one answers for its event")
}

async fn record_together(
    db: &Db,
    events: &[IncomingEvent],
    list: ListCopy,
) -> anyhow::Result<Vec<EventOutcome>> {
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_key(|&i| (&events[i].inquiry_id, &events[i].id));
    let set_wise = list == ListCopy::Later && independent(events);
    if set_wise && db.engine == Engine::Postgres {
        // One statement, its own transaction, taking its locks itself.
        return postgres_batch::record_together(db.writes(), events, &order).await;
    }
    let mut tx = db.begin_write().await?;
    if db.engine == Engine::Postgres {
        lock_up_front(&mut tx, events, &order).await?;
    }
    let outcomes = if set_wise {
        sqlite_batch::record_together(&mut tx, events, &order).await?
    } else {
        let mut outcomes = vec![EventOutcome::Duplicate; events.len()];
        for &i in &order {
            let event = events[i].as_new();
            outcomes[i] = match db.engine {
                Engine::Sqlite => sqlite::record_event(&mut tx, &event).await?,
                Engine::Postgres => postgres::record_event(&mut tx, &event).await?,
            };
        }
        outcomes
    };
    tx.commit()
        .await
        .context("committing a batch of Persona events")?;
    Ok(outcomes)
}

/// PostgreSQL: the batch's inquiries and their walkers, in inquiry order, then one slot of the
/// status counts, which every count it changes goes to.
async fn lock_up_front(
    tx: &mut crate::store::db::Tx,
    events: &[IncomingEvent],
    order: &[usize],
) -> anyhow::Result<()> {
    let mut inquiries: Vec<&str> = order
        .iter()
        .filter_map(|&i| events[i].inquiry_id.as_ref().map(|id| id.as_str()))
        .collect();
    inquiries.dedup();
    if !inquiries.is_empty() {
        // One statement text whatever the batch's size, so it is prepared once per connection;
        // an array (not `IN (SELECT …)`) so the planner looks the ids up by primary key instead
        // of scanning the table to hash-join them.
        sqlx::query(
            "SELECT 1 FROM inquiries i JOIN walkers w ON w.id = i.walker_id \
             WHERE i.id = ANY (ARRAY(SELECT json_array_elements_text($1::json))) \
             ORDER BY i.id FOR NO KEY UPDATE",
        )
        .bind(serde_json::to_string(&inquiries).context("encoding a batch's inquiries")?)
        .execute(&mut **tx)
        .await
        .context("locking a batch's inquiries")?;
    }
    let slot = i64::from(rand::random::<u32>() % COUNT_SLOTS);
    sqlx::query("SELECT set_config('pawpass.count_slot', $1, true)")
        .bind(slot.to_string())
        .execute(&mut **tx)
        .await
        .context("choosing a batch's count slot")?;
    sqlx::query("SELECT 1 FROM walker_status_counts WHERE slot = $1 ORDER BY status FOR UPDATE")
        .bind(slot)
        .execute(&mut **tx)
        .await
        .context("locking a batch's count slot")?;
    Ok(())
}

/// Whether no two events share an id or an inquiry, so storing them all at once
/// (`postgres_batch.rs`) ends as storing them one after another would: none has to see
/// another's write.
fn independent(events: &[IncomingEvent]) -> bool {
    let mut ids = HashSet::with_capacity(events.len());
    let mut inquiries = HashSet::with_capacity(events.len());
    events.iter().all(|event| {
        ids.insert(event.id.as_str())
            && event
                .inquiry_id
                .as_ref()
                .is_none_or(|inquiry| inquiries.insert(inquiry.as_str()))
    })
}
