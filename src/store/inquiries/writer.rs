//! Group commit for Persona's webhooks: a writer takes every event waiting at that moment and
//! stores them in one transaction (`batch.rs`), answering each request once its batch is
//! committed. With dozens of deliveries in flight, one commit serves them all, where one
//! transaction each made them queue for SQLite's write lock or PostgreSQL's WAL flush.
//!
//! SQLite has one writer per instance (it has one write lock anyway). PostgreSQL has a few,
//! which take turns at the queue: while one waits on the server (a few round trips and a WAL
//! flush per batch), another's batch is taken and sent, and batches lock their rows in one
//! order, so they never deadlock (see `batch.rs`).

use super::batch::record_batch;
use super::new_event::IncomingEvent;
use super::outcome::EventOutcome;
use crate::store::db::{Db, Engine};
use anyhow::Context;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Mutex};

/// The most events one transaction takes; more wait for the next one.
const MAX_BATCH: usize = 256;

/// Events waiting for the writer. When it is full, requests wait to hand theirs over, so an
/// overloaded instance slows its senders (Persona retries what it does not get answered)
/// instead of queueing without bound.
const QUEUE: usize = 1024;

/// Writers per instance on PostgreSQL.
const POSTGRES_WRITERS: usize = 4;

type Answer = oneshot::Sender<anyhow::Result<EventOutcome>>;

/// Hands events to this instance's writer. Cheap to clone.
#[derive(Clone, Debug)]
pub struct EventWriter {
    queue: mpsc::Sender<(IncomingEvent, Answer)>,
}

impl EventWriter {
    /// Starts the writers on the current tokio runtime. They stop when every handle is dropped.
    pub(in crate::store) fn spawn(db: Db) -> Self {
        let (queue, waiting) = mpsc::channel(QUEUE);
        let waiting = Arc::new(Mutex::new(waiting));
        let writers = match db.engine {
            Engine::Sqlite => 1,
            Engine::Postgres => POSTGRES_WRITERS,
        };
        for _ in 0..writers {
            tokio::spawn(write_forever(db.clone(), waiting.clone()));
        }
        Self { queue }
    }

    /// Events handed over and not yet taken by a writer: above zero while webhooks arrive
    /// faster than they are committed, which is when other writes should make way.
    pub fn waiting(&self) -> usize {
        self.queue.max_capacity() - self.queue.capacity()
    }

    /// Stores the event (once, by its id) and applies it if it is newer than what its inquiry
    /// shows; returns when it is committed. The writer finishes an event it has taken even if
    /// this future is dropped, so a caller that gives up early leaves nothing half done.
    pub async fn record(&self, event: IncomingEvent) -> anyhow::Result<EventOutcome> {
        let (answer, answered) = oneshot::channel();
        self.queue
            .send((event, answer))
            .await
            .ok()
            .context("the webhook writer has stopped")?;
        answered
            .await
            .context("the webhook writer stopped before answering")?
    }
}

type Waiting = Arc<Mutex<mpsc::Receiver<(IncomingEvent, Answer)>>>;

async fn write_forever(db: Db, waiting: Waiting) {
    let mut taken = Vec::with_capacity(MAX_BATCH);
    loop {
        // `recv_many` waits for one and takes every other one already waiting, up to the limit;
        // the queue is let go before the batch is stored, so another writer can take the next.
        let received = waiting.lock().await.recv_many(&mut taken, MAX_BATCH).await;
        if received == 0 {
            return; // every handle is gone
        }
        let (events, answers): (Vec<_>, Vec<_>) = taken.drain(..).unzip();
        metrics::histogram!("pawpass_webhook_batch_size").record(events.len() as f64);
        let outcomes = record_batch(&db, &events).await;
        for (answer, outcome) in answers.into_iter().zip(outcomes) {
            // The request may have stopped waiting (its deadline passed): the event is stored
            // all the same, and Persona's retry will be counted as a duplicate.
            let _ = answer.send(outcome);
        }
    }
}
