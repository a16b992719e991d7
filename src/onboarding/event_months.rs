//! Months of events made ahead: on PostgreSQL each UTC month of `persona_events` is a
//! partition of its own (see `store::EventPartitions`), and the server creates this month's and
//! the next ones' at start and then every hour, so a webhook never waits on DDL and the default
//! partition stays empty. Several instances doing it at once is harmless. SQLite has nothing
//! to do.

use super::service::Onboarding;
use crate::store::now_ms;
use std::time::Duration;

/// Months created beyond the current one. Three months leave a whole quarter for a server that
/// is down or failing to create them before an event lands in the default partition.
pub const MONTHS_AHEAD: u32 = 3;

/// How often the server checks the months ahead.
pub const EVERY: Duration = Duration::from_secs(3600);

impl Onboarding {
    /// Creates the partitions of this month and the next [`MONTHS_AHEAD`] that are missing;
    /// returns how many it created.
    pub async fn prepare_event_months(&self) -> anyhow::Result<u32> {
        self.store
            .event_partitions()
            .ensure_ahead(now_ms(), MONTHS_AHEAD)
            .await
    }

    /// [`Self::prepare_event_months`] now and then every `every`.
    pub async fn prepare_event_months_forever(self, every: Duration) {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            match self.prepare_event_months().await {
                Ok(0) => {}
                Ok(created) => tracing::info!(created, "event partitions created ahead"),
                Err(error) => tracing::error!(
                    error = format!("{error:#}"),
                    "creating event partitions ahead failed"
                ),
            }
        }
    }
}
