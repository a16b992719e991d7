//! Operators: the people who review walkers in the admin console.

use super::{now_ms, Db};
use anyhow::Context;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OperatorRecord {
    pub id: String,
    pub username: String,
    pub password_hash: String,
    pub disabled: i64,
}

impl Db {
    /// Adds an operator, or replaces the password of an existing one with that username.
    pub async fn upsert_operator(
        &self,
        id: &str,
        username: &str,
        password_hash: &str,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO operators (id, username, password_hash, disabled, created_at) \
             VALUES ($1, $2, $3, 0, $4) \
             ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash",
        )
        .bind(id)
        .bind(username)
        .bind(password_hash)
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .context("storing an operator")?;
        Ok(())
    }

    pub async fn operator_by_username(
        &self,
        username: &str,
    ) -> anyhow::Result<Option<OperatorRecord>> {
        sqlx::query_as(
            "SELECT id, username, password_hash, disabled FROM operators WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await
        .context("looking up an operator")
    }

    pub async fn operator_by_id(&self, id: &str) -> anyhow::Result<Option<OperatorRecord>> {
        sqlx::query_as("SELECT id, username, password_hash, disabled FROM operators WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .context("looking up an operator")
    }
}
