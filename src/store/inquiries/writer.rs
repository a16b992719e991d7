//! Group commit for Persona's webhooks: a writer takes every event waiting at that moment and
//! stores them in one transaction (`batch.rs`), answering each request once its batch is
//! committed. With dozens of deliveries in flight, one commit serves them all, where one
//! transaction each made them queue for SQLite's write lock or PostgreSQL's WAL flush.
//!
//! SQLite has one writer per instance (it has one write lock anyway). PostgreSQL has two, which
//! take turns at the queue: while one's batch is on the server, the other gathers the next and
//! sends it once it is worth a transaction (`OVERLAP_BATCH`) or the first is done, so the server
//! works on one batch while PawPass answers the last. Batches lock their rows in one order, so
//! they never deadlock (see `batch.rs`).
//!
//! While webhooks press, a batch leaves its statuses for the walker list to copy; the writers
//! copy them once webhooks pause (`walker_list.rs`).

use super::batch::{record_batch, ListCopy};
use super::new_event::IncomingEvent;
use super::outcome::EventOutcome;
use super::Inquiries;
use crate::store::db::{now_ms, Db, Engine};
use anyhow::Context;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Mutex, Notify};

/// The most events one transaction takes; more wait for the next one.
const MAX_BATCH: usize = 256;

/// Events waiting for the writer. When it is full, requests wait to hand theirs over, so an
/// overloaded instance slows its senders (Persona retries what it does not get answered)
/// instead of queueing without bound.
const QUEUE: usize = 1024;

/// Writers per instance on PostgreSQL. Four, each taking what waited the moment it was free,
/// made every other batch a lone event (BENCHMARKS.md, issue 18).
const POSTGRES_WRITERS: usize = 2;

/// How many events must wait before a writer stores them beside another writer's batch. At 64
/// deliveries in flight, 8 and 32 did worse than 16 (BENCHMARKS.md).
const OVERLAP_BATCH: usize = 16;

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
            arrived: Notify::new(),
            finished: Notify::new(),
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
        self.shared.pressed()
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
        self.shared.arrived.notify_one();
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
    /// Whether a batch was taken under pressure since the walker list last caught up:
    /// it may have left statuses to copy (`walker_list.rs`).
    list_owed: AtomicBool,
    /// When a batch of more than one event was last taken (ms).
    pressed_at: AtomicI64,
    /// An event was queued: a writer waiting for a batch worth its transaction looks again.
    arrived: Notify,
    /// A writer finished its batch: one waiting beside it looks again.
    finished: Notify,
}

impl Shared {
    /// See `EventWriter::pressed`.
    fn pressed(&self) -> bool {
        self.events_wait() || now_ms() - self.pressed_at.load(Ordering::SeqCst) < PRESSED_FOR_MS
    }

    /// No writer is storing a batch and no event waits.
    fn idle(&self) -> bool {
        self.busy.load(Ordering::SeqCst) == 0 && !self.events_wait()
    }

    /// Events wait in the queue for a writer.
    fn events_wait(&self) -> bool {
        self.queue
            .upgrade()
            .is_some_and(|queue| queue.capacity() < queue.max_capacity())
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
            // Beside a writer already storing a batch, wait for a batch worth a transaction
            // of its own, or for that writer to finish: taking each event as it arrived made
            // every other batch a lone event, which costs a transaction as much as a full one.
            while shared.busy.load(Ordering::SeqCst) > 0 && queue.len() < OVERLAP_BATCH {
                tokio::select! {
                    () = shared.arrived.notified() => {}
                    () = shared.finished.notified() => {}
                }
            }
            let received = if shared.list_owed.load(Ordering::SeqCst) {
                tokio::time::timeout(LIST_QUIET, queue.recv_many(&mut taken, MAX_BATCH))
                    .await
                    .ok()
            } else {
                Some(queue.recv_many(&mut taken, MAX_BATCH).await)
            };
            // Counted busy only with a batch in hand: a writer leaving because the queue closed
            // must not hold the other one in the wait above for ever (and its pool open).
            if received.is_some_and(|taken| taken > 0) {
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
        // While webhooks press, even a lone event leaves its status for the walker list to copy
        // later: one of several writers often finds a single event waiting mid-flood, and
        // copying it at once cost a transaction as long as a whole batch's.
        if events.len() > 1 {
            shared.pressed_at.store(now_ms(), Ordering::SeqCst);
        }
        let list = if shared.pressed() {
            shared.list_owed.store(true, Ordering::SeqCst);
            ListCopy::Later
        } else {
            ListCopy::InBatch
        };
        let outcomes = record_batch(&db, &events, list).await;
        shared.busy.fetch_sub(1, Ordering::SeqCst);
        shared.finished.notify_one();
        for (answer, outcome) in answers.into_iter().zip(outcomes) {
            // The request may have stopped waiting (its deadline passed): the event is stored
            // all the same, and Persona's retry will be counted as a duplicate.
            let _ = answer.send(outcome);
        }
    }
}
