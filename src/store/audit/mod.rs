//! The audit log: who did what to which walker, why, when, and how it ended. Append-only (the
//! migration refuses UPDATE and DELETE on the table).

mod entry;

pub use entry::{Actor, AuditEntry, AuditRecord};

use super::db::{now_ms, Db};
use crate::domain::WalkerId;
use anyhow::Context;
use rand::distributions::{Alphanumeric, DistString};

#[derive(Clone, Copy, Debug)]
pub struct Audit<'a> {
    db: &'a Db,
}

impl<'a> Audit<'a> {
    pub(super) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Appends `entry` as written by `actor`: the one way into the log.
    pub async fn record(self, actor: Actor<'_>, entry: AuditEntry<'_>) -> anyhow::Result<()> {
        let mut conn = self
            .db
            .writes()
            .acquire()
            .await
            .context("taking a connection for the audit log")?;
        append(&mut conn, actor, entry).await
    }

    /// Newest first.
    pub async fn for_walker(self, walker_id: &WalkerId) -> anyhow::Result<Vec<AuditRecord>> {
        sqlx::query_as(
            "SELECT id, at, operator_username, action, walker_id, inquiry_id, reason, outcome, \
             detail FROM audit_log WHERE walker_id = $1 ORDER BY at DESC, id DESC LIMIT 500",
        )
        .bind(walker_id)
        .fetch_all(&self.db.pool)
        .await
        .context("reading a walker's audit entries")
    }
}

/// Appends `entry` on `conn`: inside a caller's transaction, the record commits with the change
/// it describes, so neither is ever seen without the other.
pub(in crate::store) async fn append(
    conn: &mut sqlx::AnyConnection,
    actor: Actor<'_>,
    entry: AuditEntry<'_>,
) -> anyhow::Result<()> {
    let (operator_id, operator_username) = actor.names();
    let id = format!(
        "aud_{}",
        Alphanumeric.sample_string(&mut rand::thread_rng(), 20)
    );
    sqlx::query(
        "INSERT INTO audit_log (id, at, operator_id, operator_username, action, walker_id, \
         inquiry_id, reason, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(now_ms())
    .bind(operator_id)
    .bind(operator_username)
    .bind(entry.action.as_str())
    .bind(entry.walker_id)
    .bind(entry.inquiry_id)
    .bind(entry.reason)
    .bind(entry.outcome.as_str())
    .bind(entry.detail)
    .execute(conn)
    .await
    .context("appending to the audit log")?;
    Ok(())
}
