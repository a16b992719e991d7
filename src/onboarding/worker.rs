//! The process's job worker: the name its leases carry, the bell that wakes it when work
//! is queued (by a signup, an operator's erasure request, the retention sweep), and the
//! heartbeat readiness checks read.

use crate::store::now_ms;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

#[derive(Clone, Debug)]
pub struct Worker {
    pub(super) name: String,
    /// How long a job this worker claims is its alone.
    pub(super) lease: Duration,
    bell: Arc<Notify>,
    /// When the worker last came round its loop (ms); 0 before it first runs.
    beat: Arc<AtomicI64>,
}

impl Worker {
    pub fn new(lease: Duration) -> Self {
        Self {
            name: format!("worker_{}", uuid::Uuid::new_v4().simple()),
            lease,
            bell: Arc::default(),
            beat: Arc::default(),
        }
    }

    /// The worker is going round its loop.
    pub(super) fn beat(&self) {
        self.beat.store(now_ms(), Ordering::Relaxed);
    }

    /// Whether the worker came round its loop within `within`.
    pub fn alive_within(&self, within: Duration) -> bool {
        let last = self.beat.load(Ordering::Relaxed);
        last > 0 && now_ms() - last <= within.as_millis() as i64
    }

    /// Wakes the worker now instead of at its next tick.
    pub fn ring(&self) {
        self.bell.notify_one();
    }

    /// Waits for the bell.
    pub(super) async fn rung(&self) {
        self.bell.notified().await;
    }
}
