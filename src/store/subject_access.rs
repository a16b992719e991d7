//! What a subject access export needs beyond the walker's page: the stored event bodies.

use super::Db;
use anyhow::Context;

impl Db {
    /// `(event id, raw body)` for every event about the walker's inquiries, oldest first.
    pub async fn event_bodies_for_walker(
        &self,
        walker_id: &str,
    ) -> anyhow::Result<Vec<(String, String)>> {
        sqlx::query_as(
            "SELECT e.id, e.body FROM persona_events e JOIN inquiries i ON i.id = e.inquiry_id \
             WHERE i.walker_id = $1 ORDER BY e.persona_created_at, e.received_at",
        )
        .bind(walker_id)
        .fetch_all(&self.pool)
        .await
        .context("reading a walker's event bodies")
    }
}
