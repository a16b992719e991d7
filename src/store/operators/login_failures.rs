//! Sign-in failures, counted per typed username whether or not such an operator exists. The
//! store keeps the count; the console's sign-in decides what it means.

use crate::store::db::Db;
use anyhow::Context;

/// One username's failures: how many, the last one's time and until when it is locked (0
/// when it is not).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct LoginFailures {
    pub failures: i64,
    pub last_failure_at: i64,
    pub locked_until: i64,
}

#[derive(Clone, Copy, Debug)]
pub struct LoginThrottle<'a> {
    db: &'a Db,
}

impl<'a> LoginThrottle<'a> {
    pub(in crate::store) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    pub async fn get(self, username: &str) -> anyhow::Result<Option<LoginFailures>> {
        sqlx::query_as(
            "SELECT failures, last_failure_at, locked_until FROM login_failures WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.db.pool)
        .await
        .context("reading sign-in failures")
    }

    pub async fn save(self, username: &str, failures: &LoginFailures) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO login_failures (username, failures, last_failure_at, locked_until) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO UPDATE SET \
             failures = excluded.failures, last_failure_at = excluded.last_failure_at, \
             locked_until = excluded.locked_until",
        )
        .bind(username)
        .bind(failures.failures)
        .bind(failures.last_failure_at)
        .bind(failures.locked_until)
        .execute(&self.db.pool)
        .await
        .context("recording a sign-in failure")?;
        Ok(())
    }

    pub async fn clear(self, username: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE username = $1")
            .bind(username)
            .execute(&self.db.pool)
            .await
            .context("clearing sign-in failures")?;
        Ok(())
    }
}
