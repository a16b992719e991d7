//! Inquiries and the Persona events about them: a walker's Persona inquiries, the status
//! PawPass has applied to each, and every verified webhook, stored once.

mod batch;
mod batch_rows;
mod bodies;
mod events;
mod new_event;
mod outcome;
mod postgres;
mod postgres_batch;
mod sqlite;
mod sqlite_batch;
mod status;
mod walker_list;
mod writer;

pub(super) use bodies::strip_for_walker;
pub use events::{EventRecord, Events};
pub use new_event::IncomingEvent;
pub use outcome::EventOutcome;
pub use writer::EventWriter;

use super::db::{now_ms, Db};
use crate::domain::status::StatusChange;
use crate::domain::{AccountId, InquiryId, VerificationStatus, WalkerId};
use anyhow::Context;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct InquiryRecord {
    pub id: InquiryId,
    pub walker_id: WalkerId,
    pub status: VerificationStatus,
    pub status_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The Persona account the inquiry was made under, when Persona named one.
    pub account_id: Option<AccountId>,
}

const INQUIRY_COLUMNS: &str =
    "id, walker_id, status, status_at, created_at, updated_at, account_id";

/// Walkers' inquiries at Persona, as PawPass last applied them.
#[derive(Clone, Copy, Debug)]
pub struct Inquiries<'a> {
    db: &'a Db,
}

impl<'a> Inquiries<'a> {
    pub(super) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Records a newly created inquiry and makes it the walker's current one, in one transaction.
    /// Recording the same inquiry twice (a retried create that Persona answered from its
    /// idempotency cache) changes nothing.
    pub async fn attach(
        self,
        walker_id: &WalkerId,
        inquiry_id: &InquiryId,
        account_id: Option<&AccountId>,
        change: &StatusChange,
    ) -> anyhow::Result<()> {
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "INSERT INTO inquiries (id, walker_id, status, status_rank, status_at, created_at, \
             updated_at, account_id) VALUES ($1, $2, $3, $4, $5, $6, $6, $7) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(inquiry_id)
        .bind(walker_id)
        .bind(change.status.as_str())
        .bind(change.status.rank())
        .bind(change.at_ms)
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .context("inserting an inquiry")?;
        sqlx::query("UPDATE walkers SET current_inquiry_id = $1, updated_at = $2 WHERE id = $3")
            .bind(inquiry_id)
            .bind(now)
            .bind(walker_id)
            .execute(&mut *tx)
            .await
            .context("setting the walker's current inquiry")?;
        tx.commit().await.context("committing the new inquiry")
    }

    pub async fn by_id(self, id: &InquiryId) -> anyhow::Result<Option<InquiryRecord>> {
        sqlx::query_as(&format!(
            "SELECT {INQUIRY_COLUMNS} FROM inquiries WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.db.pool)
        .await
        .context("looking up an inquiry")
    }

    /// Newest first.
    pub async fn for_walker(self, walker_id: &WalkerId) -> anyhow::Result<Vec<InquiryRecord>> {
        sqlx::query_as(&format!(
            "SELECT {INQUIRY_COLUMNS} FROM inquiries WHERE walker_id = $1 \
             ORDER BY created_at DESC, id DESC"
        ))
        .bind(walker_id)
        .fetch_all(&self.db.pool)
        .await
        .context("listing a walker's inquiries")
    }

    /// Applies a status change if it supersedes the stored one (see
    /// [`StatusChange::supersedes`]). Returns whether it applied.
    pub async fn apply_change(
        self,
        inquiry_id: &InquiryId,
        change: &StatusChange,
    ) -> anyhow::Result<bool> {
        status::apply_change(self.db.writes(), inquiry_id, change).await
    }

    /// Applies the status Persona reported when read at `read_at` (ms). It replaces ours unless
    /// we applied something after the read began (an event that overtook the read); the stored
    /// time never moves backwards, so older events stay refused.
    pub async fn apply_snapshot(
        self,
        inquiry_id: &InquiryId,
        status: &VerificationStatus,
        updated_at: i64,
        read_at: i64,
    ) -> anyhow::Result<bool> {
        let applied = sqlx::query(
            "UPDATE inquiries SET status = $1, status_rank = $2, \
             status_at = CASE WHEN status_at > $3 THEN status_at ELSE $3 END, \
             updated_at = $4, checked_at = $4, walker_list_due = NULL \
             WHERE id = $5 AND status <> $1 AND status_at <= $6",
        )
        .bind(status.as_str())
        .bind(status.rank())
        .bind(updated_at)
        .bind(now_ms())
        .bind(inquiry_id)
        .bind(read_at)
        .execute(self.db.writes())
        .await
        .context("applying a status read from Persona")?
        .rows_affected()
            == 1;
        if !applied {
            sqlx::query("UPDATE inquiries SET checked_at = $1 WHERE id = $2")
                .bind(now_ms())
                .bind(inquiry_id)
                .execute(self.db.writes())
                .await
                .context("noting a reconciliation")?;
        }
        Ok(applied)
    }

    /// Inquiries that may still change and that nobody has heard about since `before` (ms):
    /// reconciliation asks Persona about them. It reads the whole table (a sweep runs a few
    /// times an hour), so that applying a status moves no index entry (see the migration
    /// `20261206000002_status_updates_off_the_indexes.sql`).
    pub async fn stale(self, before: i64, limit: i64) -> anyhow::Result<Vec<InquiryId>> {
        sqlx::query_scalar(
            "SELECT id FROM inquiries WHERE status IN ('created', 'pending', 'completed', \
             'needs_review') AND updated_at < $1 AND (checked_at IS NULL OR checked_at < $1) \
             ORDER BY updated_at LIMIT $2",
        )
        .bind(before)
        .bind(limit)
        .fetch_all(&self.db.pool)
        .await
        .context("listing inquiries to reconcile")
    }
}
