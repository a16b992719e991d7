//! Operators' notes about a walker.

use crate::domain::WalkerId;
use crate::store::db::{now_ms, Db};
use anyhow::Context;
use rand::distributions::{Alphanumeric, DistString};

/// What a note says once its walker has been erased (notes may quote personal data).
pub const ERASED_NOTE: &str = "(removed when the walker's data was erased)";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NoteRecord {
    pub id: String,
    pub operator_username: String,
    pub body: String,
    pub created_at: i64,
}

#[derive(Clone, Copy, Debug)]
pub struct Notes<'a> {
    db: &'a Db,
}

impl<'a> Notes<'a> {
    pub(in crate::store) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    pub async fn add(
        self,
        walker_id: &WalkerId,
        operator_username: &str,
        body: &str,
    ) -> anyhow::Result<()> {
        let id = format!(
            "note_{}",
            Alphanumeric.sample_string(&mut rand::thread_rng(), 20)
        );
        sqlx::query(
            "INSERT INTO notes (id, walker_id, operator_username, body, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(walker_id)
        .bind(operator_username)
        .bind(body)
        .bind(now_ms())
        .execute(self.db.writes())
        .await
        .context("adding a note")?;
        Ok(())
    }

    /// Newest first.
    pub async fn for_walker(self, walker_id: &WalkerId) -> anyhow::Result<Vec<NoteRecord>> {
        sqlx::query_as(
            "SELECT id, operator_username, body, created_at FROM notes WHERE walker_id = $1 \
             ORDER BY created_at DESC, id DESC",
        )
        .bind(walker_id)
        .fetch_all(&self.db.pool)
        .await
        .context("reading a walker's notes")
    }
}
