//! Group commit for Persona's webhooks: a writer takes every event waiting at that moment and
//! stores them in one transaction (`batch.rs`), answering each request once its batch is
//! committed. With dozens of deliveries in flight, one commit serves them all, where one
//! transaction each made them queue for SQLite's write lock or PostgreSQL's WAL flush.
//!
//! SQLite has one writer per instance (it has one write lock anyway). PostgreSQL has a few,
//! which take turns at the queue: while one waits on the server (a few round trips and a WAL
//! flush per batch), another's batch is taken and sent, and batches lock their rows in one
//! order, so they never deadlock (see `batch.rs`).
//!
//! A batch of more than one event leaves its statuses for the walker list to copy; the writers
//! copy them once webhooks pause (`walker_list.rs`).

use super::batch::record_batch;
use super::new_event::IncomingEvent;
use super::outcome::EventOutcome;
use super::Inquiries;
use crate::store::db::{now_ms, Db, Engine};
use anyhow::Context;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
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

/// How long no webhook may arrive before the writers copy what the walker list is owed. Under
/// a flood there is no such pause, so the copies wait for its end (or the job worker's patience,
/// `WEBHOOK_PATIENCE`); between ordinary deliveries there always is.
const LIST_QUIET: std::time::Duration = std::time::Duration::from_millis(20);

/// How long after its last batch of more than one event the writer counts as pressed.
const PRESSED_FOR_MS: i64 = 1_000;

type Answer = oneshot::Sender<anyhow::Result<EventOutcome>>;

/// Hands events to this instance's writer. Cheap to clone.
#[derive(Clone, Debug)]
pub struct EventWriter {
    queue: mpsc::Sender<(IncomingEvent, Answer)>,
    shared: Arc<Shared>,
}

impl EventWriter {
    /// Starts the writers on the current tokio runtime. They stop when every handle is dropped.
    pub(in crate::store) fn spawn(db: Db) -> Self {
        let (queue, waiting) = mpsc::channel(QUEUE);
        let shared = Arc::new(Shared {
            waiting: Mutex::new(waiting),
            queue: queue.downgrade(),
            busy: AtomicUsize::new(0),
            list_owed: AtomicBool::new(false),
            pressed_at: AtomicI64::new(0),
        });
        let writers = match db.engine {
            Engine::Sqlite => 1,
            Engine::Postgres => POSTGRES_WRITERS,
        };
        for _ in 0..writers {
            tokio::spawn(write_forever(db.clone(), shared.clone()));
        }
        Self { queue, shared }
    }

    /// Whether webhooks are arriving faster than one commit at a time: events wait now, or a
    /// batch of more than one was taken within the last second. That is when work that can
    /// wait should make way for them (see `Onboarding::patience_cutoff`).
    pub fn pressed(&self) -> bool {
        self.queue.capacity() < self.queue.max_capacity()
            || now_ms() - self.shared.pressed_at.load(Ordering::SeqCst) < PRESSED_FOR_MS
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

/// What an instance's writers share.
#[derive(Debug)]
struct Shared {
    waiting: Mutex<mpsc::Receiver<(IncomingEvent, Answer)>>,
    /// The queue's other end, to see whether events wait without keeping it open.
    queue: mpsc::WeakSender<(IncomingEvent, Answer)>,
    /// Writers storing a batch right now.
    busy: AtomicUsize,
    /// Whether a batch of more than one event was taken since the walker list last caught up:
    /// it may have left statuses to copy (`walker_list.rs`).
    list_owed: AtomicBool,
    /// When a batch of more than one event was last taken (ms).
    pressed_at: AtomicI64,
}

impl Shared {
    /// No writer is storing a batch and no event waits.
    fn idle(&self) -> bool {
        self.busy.load(Ordering::SeqCst) == 0
            && self
                .queue
                .upgrade()
                .is_none_or(|queue| queue.capacity() == queue.max_capacity())
    }
}

async fn write_forever(db: Db, shared: Arc<Shared>) {
    let mut taken = Vec::with_capacity(MAX_BATCH);
    loop {
        // `recv_many` waits for one and takes every other one already waiting, up to the limit;
        // the queue is let go before the batch is stored, so another writer can take the next.
        // While the walker list is owed, the wait ends after `LIST_QUIET` without an event.
        let received = {
            let mut queue = shared.waiting.lock().await;
            let received = if shared.list_owed.load(Ordering::SeqCst) {
                tokio::time::timeout(LIST_QUIET, queue.recv_many(&mut taken, MAX_BATCH))
                    .await
                    .ok()
            } else {
                Some(queue.recv_many(&mut taken, MAX_BATCH).await)
            };
            if received.is_some() {
                shared.busy.fetch_add(1, Ordering::SeqCst);
            }
            received
        };
        let Some(received) = received else {
            // Quiet: a transaction's worth at a time, as long as no writer stores a batch and no
            // event waits. A failure is left to the job worker, which copies on its own round.
            while shared.idle() && shared.list_owed.swap(false, Ordering::SeqCst) {
                let more = match Inquiries::new(&db).copy_marked_to_walkers(i64::MAX).await {
                    Ok(more) => more,
                    Err(error) => {
                        tracing::warn!(error = format!("{error:#}"), "copying to the walker list");
                        false
                    }
                };
                if more {
                    shared.list_owed.store(true, Ordering::SeqCst);
                }
            }
            continue;
        };
        if received == 0 {
            return; // every handle is gone
        }
        let (events, answers): (Vec<_>, Vec<_>) = taken.drain(..).unzip();
        metrics::histogram!("pawpass_webhook_batch_size").record(events.len() as f64);
        // Only a batch of more than one event is stored set-wise, marking its inquiries.
        if events.len() > 1 {
            shared.pressed_at.store(now_ms(), Ordering::SeqCst);
            shared.list_owed.store(true, Ordering::SeqCst);
        }
        let outcomes = record_batch(&db, &events).await;
        shared.busy.fetch_sub(1, Ordering::SeqCst);
        for (answer, outcome) in answers.into_iter().zip(outcomes) {
            // The request may have stopped waiting (its deadline passed): the event is stored
            // all the same, and Persona's retry will be counted as a duplicate.
            let _ = answer.send(outcome);
        }
    }
}
