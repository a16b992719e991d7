//! Writing an inquiry's status under the ordering rule, shared by an operator's confirmed
//! action and by both engines' event paths.

use crate::domain::status::StatusChange;
use crate::domain::InquiryId;
use crate::store::db::now_ms;
use anyhow::Context;

/// [`StatusChange::supersedes`] in SQL, over an `inquiries` row, for a change at `at` with
/// `rank` (SQL parameters). Every write of an event's status checks it, so concurrent webhooks
/// for one inquiry cannot race each other backwards.
pub(super) fn supersedes_sql(at: &str, rank: &str) -> String {
    format!("(status_at < {at} OR (status_at = {at} AND status_rank < {rank}))")
}

/// Applies a status change if it supersedes the stored one, checked in the WHERE clause, and
/// copies it to the walker list at once (it clears any mark a batch left; see
/// `walker_list.rs`). Returns whether it applied. `executor` lets an event's transaction do it.
pub(super) async fn apply_change<'c, E>(
    executor: E,
    inquiry_id: &InquiryId,
    change: &StatusChange,
) -> anyhow::Result<bool>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let sql = format!(
        "UPDATE inquiries SET status = $1, status_rank = $2, status_at = $3, updated_at = $4, \
         walker_list_due = NULL WHERE id = $5 AND {}",
        supersedes_sql("$3", "$2")
    );
    let applied = sqlx::query(&sql)
        .bind(change.status.as_str())
        .bind(change.status.rank())
        .bind(change.at_ms)
        .bind(now_ms())
        .bind(inquiry_id)
        .execute(executor)
        .await
        .context("applying a status change")?
        .rows_affected();
    Ok(applied == 1)
}
