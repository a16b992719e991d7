//! The job worker's share in keeping the console's walker list caught up with the webhooks.
//! The webhook writer copies owed statuses itself whenever no delivery waits for it (see
//! `Inquiries::copy_marked_to_walkers`); this round covers a flood that never lets it rest, and
//! an instance that stopped before its writer copied.

use super::service::Onboarding;

impl Onboarding {
    /// Copies owed statuses to the walker list, a transaction at a time. While webhooks arrive
    /// in bursts, only those owed for longer than
    /// [`WEBHOOK_PATIENCE`](super::jobs::WEBHOOK_PATIENCE). A failure is logged and left for
    /// the next round: the marks stay until their statuses are copied.
    pub(super) async fn copy_walker_list(&self) {
        let inquiries = self.store.inquiries();
        loop {
            match inquiries
                .copy_marked_to_walkers(self.patience_cutoff())
                .await
            {
                Ok(true) => {}
                Ok(false) => return,
                Err(error) => {
                    tracing::error!(error = format!("{error:#}"), "copying to the walker list");
                    return;
                }
            }
        }
    }
}
