//! Operators: the people who review walkers in the admin console, their sign-in failures, the
//! searches they typed, and the browser sessions (walkers' and operators') kept for
//! tower-sessions.

mod login_failures;
mod searches;
mod sessions;

pub use login_failures::{LoginFailures, LoginThrottle, EVERY_CLIENT};
pub(super) use searches::forget_mentions;
pub use searches::Searches;
pub use sessions::SqlSessionStore;

use super::columns::Flag;
use super::db::{now_ms, Db};
use crate::domain::{Access, OperatorId};
use anyhow::Context;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OperatorRecord {
    pub id: OperatorId,
    pub username: String,
    pub password_hash: String,
    #[sqlx(try_from = "Flag")]
    pub disabled: bool,
}

const OPERATOR_COLUMNS: &str = "id, username, password_hash, disabled";

#[derive(Clone, Copy, Debug)]
pub struct Operators<'a> {
    db: &'a Db,
}

impl<'a> Operators<'a> {
    pub(super) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Adds an operator, or replaces the password of an existing one with that username (and
    /// then ends their sessions, as [`Self::set_password`] does).
    pub async fn upsert(
        self,
        id: &OperatorId,
        username: &str,
        password_hash: &str,
    ) -> anyhow::Result<()> {
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "INSERT INTO operators (id, username, password_hash, disabled, created_at) \
             VALUES ($1, $2, $3, 0, $4) \
             ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash",
        )
        .bind(id)
        .bind(username)
        .bind(password_hash)
        .bind(now_ms())
        .execute(&mut *tx)
        .await
        .context("storing an operator")?;
        sessions::end_operator_sessions(&mut tx, username).await?;
        tx.commit().await.context("committing an operator")?;
        Ok(())
    }

    pub async fn by_username(self, username: &str) -> anyhow::Result<Option<OperatorRecord>> {
        sqlx::query_as(&format!(
            "SELECT {OPERATOR_COLUMNS} FROM operators WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.db.pool)
        .await
        .context("looking up an operator")
    }

    pub async fn by_id(self, id: &OperatorId) -> anyhow::Result<Option<OperatorRecord>> {
        sqlx::query_as(&format!(
            "SELECT {OPERATOR_COLUMNS} FROM operators WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.db.pool)
        .await
        .context("looking up an operator")
    }

    /// Disables or re-enables an operator; false when there is no such username. Disabling
    /// ends their sessions.
    pub async fn set_access(self, username: &str, access: Access) -> anyhow::Result<bool> {
        let mut tx = self.db.begin_write().await?;
        let changed = sqlx::query("UPDATE operators SET disabled = $1 WHERE username = $2")
            .bind(i64::from(access == Access::Disabled))
            .bind(username)
            .execute(&mut *tx)
            .await
            .context("disabling an operator")?
            .rows_affected();
        if access == Access::Disabled {
            sessions::end_operator_sessions(&mut tx, username).await?;
        }
        tx.commit()
            .await
            .context("committing an operator's access")?;
        Ok(changed == 1)
    }

    /// Replaces an existing operator's password hash and ends their sessions: whoever signed in
    /// with the old password (perhaps the reason for the change) is out. False when there is no
    /// such username.
    pub async fn set_password(self, username: &str, hash: &str) -> anyhow::Result<bool> {
        let mut tx = self.db.begin_write().await?;
        let changed = sqlx::query("UPDATE operators SET password_hash = $1 WHERE username = $2")
            .bind(hash)
            .bind(username)
            .execute(&mut *tx)
            .await
            .context("changing an operator's password")?
            .rows_affected();
        sessions::end_operator_sessions(&mut tx, username).await?;
        tx.commit()
            .await
            .context("committing an operator's password")?;
        Ok(changed == 1)
    }
}
