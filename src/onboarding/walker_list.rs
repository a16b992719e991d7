//! The job worker's share in keeping the console's walker list caught up with the webhooks.
//! The webhook writer copies owed statuses itself whenever no delivery waits for it (see
//! `Inquiries::copy_marked_to_walkers`); this round covers a flood that never lets it rest, and
//! an instance that stopped before its writer copied.

use super::service::Onboarding;

/// Statuses copied per transaction; a long backlog takes several in turn.
const LIST_BATCH: i64 = 64;

impl Onboarding {
    /// Copies owed statuses to the walker list, a batch at a time. While webhooks arrive in
    /// bursts, only those owed for longer than
    /// [`WEBHOOK_PATIENCE`](super::jobs::WEBHOOK_PATIENCE). A failure is logged and left for
    /// the next round: the marks stay until their statuses are copied.
    pub(super) async fn copy_walker_list(&self) {
        loop {
            let due_by = self.patience_cutoff();
            match self
                .store
                .inquiries()
                .copy_marked_to_walkers(LIST_BATCH, due_by)
                .await
            {
                // A full batch may have left more marks; a short one took them all.
                Ok(copied) if copied == LIST_BATCH.unsigned_abs() => {}
                Ok(_) => return,
                Err(error) => {
                    tracing::error!(
                        error = format!("{error:#}"),
                        "copying statuses to the walker list"
                    );
                    return;
                }
            }
        }
    }
}
