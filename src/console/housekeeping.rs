//! What the console keeps only for a while, forgotten by a background sweep: sign-in counts
//! once their window and lock have passed, and searches a day after they were typed (reads
//! already ignore older ones; the sweep deletes them).

use super::error::ConsoleError;
use super::searches::KEPT_MS;
use super::service::Console;
use super::sign_in::FAILURE_WINDOW_MS;
use crate::store::now_ms;
use std::time::Duration;

impl Console {
    /// One sweep.
    pub async fn forget_expired(&self) -> Result<(), ConsoleError> {
        let now = now_ms();
        let counts = self
            .store
            .login_throttle()
            .purge(now - FAILURE_WINDOW_MS)
            .await?;
        let searches = self.store.searches().purge(now - KEPT_MS).await?;
        if counts > 0 || searches > 0 {
            tracing::info!(
                counts,
                searches,
                "expired sign-in counts and searches forgotten"
            );
        }
        Ok(())
    }

    /// The sweep, every `every`, for as long as the server runs.
    pub async fn forget_expired_forever(self, every: Duration) {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if let Err(error) = self.forget_expired().await {
                let error = anyhow::Error::from(error);
                tracing::error!(
                    error = format!("{error:#}"),
                    "forgetting expired data failed"
                );
            }
        }
    }
}
