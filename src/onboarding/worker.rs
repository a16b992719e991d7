//! The process's job worker: the name its leases carry, and the bell that wakes it when work
//! is queued (by a signup, an operator's erasure request, the retention sweep).

use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Clone, Debug)]
pub struct Worker {
    pub(super) name: String,
    bell: Arc<Notify>,
}

impl Default for Worker {
    fn default() -> Self {
        Self {
            name: format!("worker_{}", uuid::Uuid::new_v4().simple()),
            bell: Arc::default(),
        }
    }
}

impl Worker {
    /// Wakes the worker now instead of at its next tick.
    pub fn ring(&self) {
        self.bell.notify_one();
    }

    /// Waits for the bell.
    pub(super) async fn rung(&self) {
        self.bell.notified().await;
    }
}
