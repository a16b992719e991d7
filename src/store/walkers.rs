//! Walkers: the people signing up.

use super::{now_ms, Db, JobRecord, Lease, KIND_CREATE_INQUIRY};
use crate::domain::NewWalker;
use anyhow::Context;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct WalkerRecord {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub birthdate: String,
    pub phone: Option<String>,
    pub current_inquiry_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// When an operator asked for erasure; set until (and after) the job has run.
    pub erasure_requested_at: Option<i64>,
    /// When the personal fields were erased.
    pub erased_at: Option<i64>,
}

/// One line of the operators' list: a walker and their current inquiry, if any.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct WalkerListRow {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub inquiry_id: Option<String>,
    pub status: Option<String>,
    pub created_at: i64,
    pub changed_at: i64,
}

const WALKER_COLUMNS: &str = "id, first_name, last_name, email, birthdate, phone, \
    current_inquiry_id, created_at, updated_at, erasure_requested_at, erased_at";

impl Db {
    /// Stores a new walker together with the job that creates their inquiry, claimed under
    /// `lease` by the request that will run it, in one transaction; or finds the walker who
    /// already has this email (in any letter case), with no job. Safe under concurrent
    /// signups: the unique index decides, not a prior read.
    pub async fn insert_walker_with_job(
        &self,
        walker: &NewWalker,
        new_id: &str,
        lease: Lease<'_>,
    ) -> anyhow::Result<(WalkerRecord, Option<JobRecord>)> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let inserted: Option<WalkerRecord> = sqlx::query_as(&format!(
            "INSERT INTO walkers (id, first_name, last_name, email, email_normalized, birthdate, \
             phone, current_inquiry_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $8) \
             ON CONFLICT (email_normalized) DO NOTHING RETURNING {WALKER_COLUMNS}"
        ))
        .bind(new_id)
        .bind(walker.first_name.as_str())
        .bind(walker.last_name.as_str())
        .bind(walker.email.as_str())
        .bind(walker.email.normalized())
        .bind(walker.birthdate.to_iso())
        .bind(walker.phone.as_ref().map(|p| p.as_str().to_owned()))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .context("inserting a walker")?;
        let Some(record) = inserted else {
            tx.commit().await.context("ending a signup")?;
            let existing = self
                .walker_by_email(&walker.email.normalized())
                .await?
                .context("the walker holding this email vanished")?;
            return Ok((existing, None));
        };
        let job = Db::enqueue_claimed_job(&mut *tx, KIND_CREATE_INQUIRY, new_id, lease).await?;
        tx.commit().await.context("committing a signup")?;
        Ok((record, Some(job)))
    }

    pub async fn walker_by_email(&self, normalized: &str) -> anyhow::Result<Option<WalkerRecord>> {
        sqlx::query_as(&format!(
            "SELECT {WALKER_COLUMNS} FROM walkers WHERE email_normalized = $1"
        ))
        .bind(normalized)
        .fetch_optional(&self.pool)
        .await
        .context("looking up a walker by email")
    }

    pub async fn walker_by_id(&self, id: &str) -> anyhow::Result<Option<WalkerRecord>> {
        sqlx::query_as(&format!(
            "SELECT {WALKER_COLUMNS} FROM walkers WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .context("looking up a walker by id")
    }

    /// Newest first, for the operators' list.
    pub async fn list_walkers(&self, limit: i64) -> anyhow::Result<Vec<WalkerListRow>> {
        sqlx::query_as(
            "SELECT w.id, w.first_name, w.last_name, w.email, i.id AS inquiry_id, i.status, \
             w.created_at, CASE WHEN i.updated_at IS NULL OR i.updated_at < w.updated_at \
             THEN w.updated_at ELSE i.updated_at END AS changed_at \
             FROM walkers w LEFT JOIN inquiries i ON i.id = w.current_inquiry_id \
             ORDER BY w.created_at DESC, w.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .context("listing walkers")
    }
}
