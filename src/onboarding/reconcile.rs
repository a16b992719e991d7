//! Reconciliation: webhooks can be lost, so a sweep asks Persona about inquiries that could
//! still change and have been quiet for a while, and applies what it says (including expiry).

use super::error::OnboardingError;
use super::service::Onboarding;
use crate::store::now_ms;
use std::time::Duration;

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReconcileReport {
    pub checked: usize,
    pub changed: usize,
    pub failed: usize,
}

/// Inquiries asked about per sweep; the rest wait for the next one.
const BATCH: i64 = 200;

impl Onboarding {
    /// One sweep over inquiries quiet for longer than `quiet_for`.
    pub async fn reconcile_once(&self, quiet_for: Duration) -> anyhow::Result<ReconcileReport> {
        let cutoff = now_ms() - quiet_for.as_millis() as i64;
        let mut report = ReconcileReport::default();
        for inquiry_id in self.store.inquiries().stale(cutoff, BATCH).await? {
            report.checked += 1;
            let before = self
                .store
                .inquiries()
                .by_id(&inquiry_id)
                .await?
                .map(|i| i.status);
            match self.refresh_inquiry(&inquiry_id).await {
                Ok(status) => {
                    if before.as_ref() != Some(&status) {
                        report.changed += 1;
                        tracing::info!(%inquiry_id, %status, "reconciled a missed change");
                    }
                }
                Err(OnboardingError::Internal(error)) => return Err(error),
                Err(error) => {
                    report.failed += 1;
                    tracing::warn!(%inquiry_id, %error, "could not reconcile an inquiry");
                }
            }
        }
        Ok(report)
    }

    /// The background sweep: every `every`, inquiries quiet for `quiet_for`.
    pub async fn reconcile_forever(self, every: Duration, quiet_for: Duration) {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            match self.reconcile_once(quiet_for).await {
                Ok(report) if report.checked > 0 => tracing::info!(?report, "reconciliation"),
                Ok(_) => {}
                Err(error) => {
                    tracing::error!(error = format!("{error:#}"), "reconciliation failed")
                }
            }
        }
    }
}
