//! The single-use links in walkers' mail. A token is 32 random bytes the walker holds; PawPass
//! keeps only its SHA-256, so reading the database (or a backup) opens nobody's verification.

use crate::domain::WalkerId;
use crate::store::db::{now_ms, Db};
use anyhow::Context;

/// A token is live while unused, unexpired, and its walker is not being erased.
const LIVE: &str = "used_at IS NULL AND expires_at > $2 AND walker_id IN \
     (SELECT id FROM walkers WHERE erasure_requested_at IS NULL AND erased_at IS NULL)";

#[derive(Clone, Copy, Debug)]
pub struct ContinueTokens<'a> {
    db: &'a Db,
}

impl<'a> ContinueTokens<'a> {
    pub(in crate::store) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Stores a new token's hash for the walker, valid until `expires_at` (ms).
    pub async fn issue(
        self,
        hash: &str,
        walker_id: &WalkerId,
        expires_at: i64,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO continue_tokens (hash, walker_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(hash)
        .bind(walker_id)
        .bind(now_ms())
        .bind(expires_at)
        .execute(self.db.writes())
        .await
        .context("storing a link's token")?;
        Ok(())
    }

    /// The walker a live token belongs to, without using it up (the page that asks "continue?").
    pub async fn peek(self, hash: &str) -> anyhow::Result<Option<WalkerId>> {
        sqlx::query_scalar(&format!(
            "SELECT walker_id FROM continue_tokens WHERE hash = $1 AND {LIVE}"
        ))
        .bind(hash)
        .bind(now_ms())
        .fetch_optional(&self.db.pool)
        .await
        .context("reading a link's token")
    }

    /// Uses a live token up and returns its walker: one statement, so two clicks at once
    /// cannot both succeed.
    pub async fn redeem(self, hash: &str) -> anyhow::Result<Option<WalkerId>> {
        sqlx::query_scalar(&format!(
            "UPDATE continue_tokens SET used_at = $2 WHERE hash = $1 AND {LIVE} \
             RETURNING walker_id"
        ))
        .bind(hash)
        .bind(now_ms())
        .fetch_optional(self.db.writes())
        .await
        .context("using a link's token")
    }
}
