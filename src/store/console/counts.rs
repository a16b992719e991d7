//! Walkers per status, from the counts the triggers keep (see the status-counts migration)
//! instead of counting every walker.

use crate::domain::VerificationStatus;
use crate::store::db::Db;
use anyhow::Context;

pub(super) async fn kept_per_status(db: &Db) -> anyhow::Result<Vec<(VerificationStatus, i64)>> {
    sqlx::query_as(
        "SELECT status, CAST(SUM(n) AS BIGINT) FROM walker_status_counts GROUP BY status",
    )
    .fetch_all(&db.pool)
    .await
    .context("reading walkers per status")
}
