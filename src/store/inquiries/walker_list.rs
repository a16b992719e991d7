//! The walker list's columns after a batch of webhooks.
//!
//! The console lists, filters, sorts and counts walkers on columns of `walkers` that triggers
//! copy from each walker's current inquiry (`20261126000003_admin.sql`). Copying one applied
//! status moves four to six entries of the list's indexes and two kept counts: on SQLite over
//! half of the webhook writer's time per applied event (issue 18). So a batch of webhooks (more
//! than one delivery waiting at once) only marks the inquiries it moves,
//! `inquiries.walker_list_due`, and their statuses are copied here, later and once however
//! often an inquiry moved meanwhile:
//! - by the webhook writer, as soon as no delivery waits for it (`writer.rs`);
//! - by the job worker, for marks older than half a minute, whatever the load, so a flood that
//!   never ends cannot keep the console behind for longer.
//!
//! Every other update of a status (a lone webhook, reconciliation, an operator's decision)
//! clears the mark and is copied at once, by the same trigger, as before. What a walker and
//! Persona see never waits on this: the walker's own status is read from the inquiry, and
//! every event is stored with its decision before PawPass answers.

use super::Inquiries;
use crate::store::db::Engine;
use anyhow::Context;

/// Statuses copied per transaction. On SQLite an event that arrives meanwhile waits for the one
/// write connection, so it stays short (a few milliseconds); a backlog takes several in turn.
const COPIES: i64 = 64;

impl Inquiries<'_> {
    /// Copies the status of a transaction's worth of marked inquiries, oldest mark first and
    /// none marked after `due_by` (ms), to their walkers, and clears their marks: the trigger
    /// that copies a status fires when its mark is cleared. Returns whether more may be owed (a
    /// full batch was copied). On PostgreSQL, rows another transaction holds (a batch moving
    /// them again) are left for the next call.
    pub async fn copy_marked_to_walkers(self, due_by: i64) -> anyhow::Result<bool> {
        let sql = match self.db.engine {
            Engine::Sqlite => {
                "UPDATE inquiries SET walker_list_due = NULL WHERE id IN (SELECT id FROM inquiries \
                 WHERE walker_list_due <= $2 ORDER BY walker_list_due LIMIT $1)"
            }
            // The walker is locked with its inquiry, as a batch locks them (`batch.rs`), so the
            // trigger's update of the walker does not wait on a batch that holds it.
            Engine::Postgres => {
                "WITH marked AS (SELECT i.id FROM inquiries i JOIN walkers w ON w.id = i.walker_id \
                     WHERE i.walker_list_due <= $2 ORDER BY i.walker_list_due LIMIT $1 \
                     FOR NO KEY UPDATE OF i, w SKIP LOCKED) \
                 UPDATE inquiries SET walker_list_due = NULL FROM marked \
                 WHERE inquiries.id = marked.id"
            }
        };
        let copied = sqlx::query(sql)
            .bind(COPIES)
            .bind(due_by)
            .execute(self.db.writes())
            .await
            .context("copying marked inquiries to the walker list")?
            .rows_affected();
        metrics::counter!("pawpass_walker_list_copied_total").increment(copied);
        Ok(copied == COPIES.unsigned_abs())
    }
}
