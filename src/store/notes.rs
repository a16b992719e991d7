//! Operators' notes about a walker.

use super::{now_ms, Db};
use anyhow::Context;
use rand::distributions::{Alphanumeric, DistString};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NoteRecord {
    pub id: String,
    pub operator_username: String,
    pub body: String,
    pub created_at: i64,
}

impl Db {
    pub async fn add_note(
        &self,
        walker_id: &str,
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
        .execute(&self.pool)
        .await
        .context("adding a note")?;
        Ok(())
    }

    /// Newest first.
    pub async fn notes_for_walker(&self, walker_id: &str) -> anyhow::Result<Vec<NoteRecord>> {
        sqlx::query_as(
            "SELECT id, operator_username, body, created_at FROM notes WHERE walker_id = $1 \
             ORDER BY created_at DESC, id DESC",
        )
        .bind(walker_id)
        .fetch_all(&self.pool)
        .await
        .context("reading a walker's notes")
    }
}
