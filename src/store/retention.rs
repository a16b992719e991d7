//! What the retention policy names: walkers who never got a decision and have shown no activity
//! since a cutoff, and raw event bodies of decided inquiries older than another.

use super::Db;
use anyhow::Context;

/// Stripped bodies carry this marker (see `erasure::minimal_body`), so they are not redone.
const STRIPPED: &str = "%\"stripped\":true%";

impl Db {
    /// Walkers with no approval or decline whose last change (signup, or any status change of
    /// their inquiries) is before `cutoff_ms`, not yet being erased. Measured from the last
    /// change, so someone who signed up long ago but is verifying now is left alone.
    pub async fn unfinished_walkers_before(&self, cutoff_ms: i64) -> anyhow::Result<Vec<String>> {
        sqlx::query_scalar(
            "SELECT id FROM walkers WHERE last_change_at < $1 AND decided_at IS NULL \
             AND erasure_requested_at IS NULL AND erased_at IS NULL ORDER BY last_change_at, id",
        )
        .bind(cutoff_ms)
        .fetch_all(&self.pool)
        .await
        .context("finding unfinished walkers past retention")
    }

    /// Events received before `cutoff_ms` about approved or declined inquiries whose raw body
    /// is still whole.
    pub async fn decided_event_bodies_before(&self, cutoff_ms: i64) -> anyhow::Result<Vec<String>> {
        sqlx::query_scalar(
            "SELECT e.id FROM persona_events e JOIN inquiries i ON i.id = e.inquiry_id \
             WHERE e.received_at < $1 AND i.status IN ('approved', 'declined') \
             AND e.body NOT LIKE $2 ORDER BY e.received_at, e.id",
        )
        .bind(cutoff_ms)
        .bind(STRIPPED)
        .fetch_all(&self.pool)
        .await
        .context("finding event bodies past retention")
    }
}
