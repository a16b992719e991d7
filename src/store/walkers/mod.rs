//! Walkers: the people signing up, their erasure, and operators' notes about them.

mod erasure;
mod import;
mod notes;

pub use import::{ImportedEvent, ImportedWalker};
pub use notes::{NoteRecord, Notes};

use super::audit::{Actor, AuditEntry};
use super::db::{now_ms, Db};
use super::jobs::{self, JobRecord, Lease};
use crate::domain::{InquiryId, JobId, JobKind, Language, NewWalker, WalkerId};
use anyhow::Context;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct WalkerRecord {
    pub id: WalkerId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub birthdate: String,
    pub phone: Option<String>,
    /// A [`Language`] code.
    pub language: String,
    pub current_inquiry_id: Option<InquiryId>,
    pub created_at: i64,
    pub updated_at: i64,
    /// When an operator asked for erasure; set until (and after) the job has run.
    pub erasure_requested_at: Option<i64>,
    /// When the personal fields were erased.
    pub erased_at: Option<i64>,
}

impl WalkerRecord {
    /// Whether erasure was asked for (or is done): nobody may write to, mail or sign in as
    /// this walker any more.
    pub fn is_erased_or_going(&self) -> bool {
        self.erasure_requested_at.is_some() || self.erased_at.is_some()
    }

    /// The language their mail and Persona's flow use; a code this build does not know (from a
    /// newer one, rolled back) reads as English.
    pub fn language(&self) -> Language {
        Language::parse(&self.language).unwrap_or_default()
    }
}

const WALKER_COLUMNS: &str = "id, first_name, last_name, email, birthdate, phone, language, \
    current_inquiry_id, created_at, updated_at, erasure_requested_at, erased_at";

#[derive(Clone, Copy, Debug)]
pub struct Walkers<'a> {
    db: &'a Db,
}

impl<'a> Walkers<'a> {
    pub(super) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Stores a new walker together with the job that creates their inquiry, claimed under
    /// `lease` by the request that will run it, in one transaction; or finds the walker who
    /// already has this email (in any letter case), with no job. Safe under concurrent
    /// signups: the unique index decides, not a prior read.
    pub async fn insert_with_job(
        self,
        walker: &NewWalker,
        language: Language,
        new_id: &WalkerId,
        lease: Lease<'_>,
    ) -> anyhow::Result<(WalkerRecord, Option<JobRecord>)> {
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        let inserted: Option<WalkerRecord> = sqlx::query_as(&format!(
            "INSERT INTO walkers (id, first_name, last_name, email, email_normalized, birthdate, \
             phone, language, current_inquiry_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, $9) \
             ON CONFLICT (email_normalized) DO NOTHING RETURNING {WALKER_COLUMNS}"
        ))
        .bind(new_id)
        .bind(walker.first_name.as_str())
        .bind(walker.last_name.as_str())
        .bind(walker.email.as_str())
        .bind(walker.email.normalized())
        .bind(walker.birthdate.to_iso())
        .bind(walker.phone.as_ref().map(|p| p.as_str().to_owned()))
        .bind(language.code())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .context("inserting a walker")?;
        let Some(record) = inserted else {
            tx.commit().await.context("ending a signup")?;
            let existing = self
                .by_email(&walker.email.normalized())
                .await?
                .context("the walker holding this email vanished")?;
            return Ok((existing, None));
        };
        let job = jobs::insert(&mut *tx, JobKind::CreateInquiry, new_id, Some(lease)).await?;
        tx.commit().await.context("committing a signup")?;
        Ok((record, Some(job)))
    }

    /// Records the language the walker switched to. An erased walker keeps nothing to change.
    pub async fn set_language(self, id: &WalkerId, language: Language) -> anyhow::Result<()> {
        let mut tx = self.db.begin_write().await?;
        sqlx::query("UPDATE walkers SET language = $1 WHERE id = $2 AND erased_at IS NULL")
            .bind(language.code())
            .bind(id)
            .execute(&mut *tx)
            .await
            .context("recording a walker's language")?;
        tx.commit().await.context("committing a walker's language")
    }

    pub async fn by_email(self, normalized: &str) -> anyhow::Result<Option<WalkerRecord>> {
        sqlx::query_as(&format!(
            "SELECT {WALKER_COLUMNS} FROM walkers WHERE email_normalized = $1"
        ))
        .bind(normalized)
        .fetch_optional(&self.db.pool)
        .await
        .context("looking up a walker by email")
    }

    pub async fn by_id(self, id: &WalkerId) -> anyhow::Result<Option<WalkerRecord>> {
        sqlx::query_as(&format!(
            "SELECT {WALKER_COLUMNS} FROM walkers WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.db.pool)
        .await
        .context("looking up a walker by id")
    }

    /// Walkers with no approval or decline whose last change (signup, or any status change of
    /// their inquiries) is before `cutoff_ms`, not yet being erased. Measured from the last
    /// change, so someone who signed up long ago but is verifying now is left alone.
    pub async fn unfinished_before(self, cutoff_ms: i64) -> anyhow::Result<Vec<WalkerId>> {
        sqlx::query_scalar(
            "SELECT id FROM walkers WHERE last_change_at < $1 AND decided_at IS NULL \
             AND erasure_requested_at IS NULL AND erased_at IS NULL ORDER BY last_change_at, id",
        )
        .bind(cutoff_ms)
        .fetch_all(&self.db.pool)
        .await
        .context("finding unfinished walkers past retention")
    }

    /// Marks the walker as waiting for erasure and queues the job that does it, once: the
    /// job's id, or `None` if erasure was already requested.
    pub async fn request_erasure(self, walker_id: &WalkerId) -> anyhow::Result<Option<JobId>> {
        erasure::request(self.db, walker_id).await
    }

    /// Removes the walker's personal data from every table PawPass keeps and ends their
    /// sessions, recording `audit` in the same transaction. Idempotent.
    pub async fn erase(
        self,
        walker_id: &WalkerId,
        audit: (Actor<'_>, AuditEntry<'_>),
    ) -> anyhow::Result<()> {
        erasure::erase(self.db, walker_id, audit).await
    }

    /// Writes walkers recorded elsewhere as they are (see [`ImportedWalker`]).
    pub async fn import(self, walkers: &[ImportedWalker]) -> anyhow::Result<()> {
        import::import(self.db, walkers).await
    }
}
