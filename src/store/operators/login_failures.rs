//! Sign-in throttling: failures are counted per typed username, whether or not such an
//! operator exists.

use crate::store::db::{now_ms, Db};
use anyhow::Context;

/// Failures within this window count towards a lock; older ones are forgotten.
pub const FAILURE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// This many failures in the window lock the username…
pub const LOCK_AFTER_FAILURES: i64 = 5;
/// …for this long.
pub const LOCK_MS: i64 = 15 * 60 * 1000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoginFailures {
    pub failures: i64,
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

    /// Recent failures for this username (zero when the window has passed).
    pub async fn failures(self, username: &str) -> anyhow::Result<LoginFailures> {
        let row: Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT failures, last_failure_at, locked_until FROM login_failures WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.db.pool)
        .await
        .context("reading sign-in failures")?;
        let now = now_ms();
        Ok(match row {
            Some((failures, last, locked_until))
                if now - last < FAILURE_WINDOW_MS || locked_until > now =>
            {
                LoginFailures {
                    failures,
                    locked_until,
                }
            }
            _ => LoginFailures::default(),
        })
    }

    /// Counts one more failure and locks the username when there have been too many.
    pub async fn record_failure(self, username: &str) -> anyhow::Result<LoginFailures> {
        let now = now_ms();
        let failures = self.failures(username).await?.failures + 1;
        let locked_until = if failures >= LOCK_AFTER_FAILURES {
            now + LOCK_MS
        } else {
            0
        };
        sqlx::query(
            "INSERT INTO login_failures (username, failures, last_failure_at, locked_until) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO UPDATE SET \
             failures = excluded.failures, last_failure_at = excluded.last_failure_at, \
             locked_until = excluded.locked_until",
        )
        .bind(username)
        .bind(failures)
        .bind(now)
        .bind(locked_until)
        .execute(&self.db.pool)
        .await
        .context("recording a sign-in failure")?;
        Ok(LoginFailures {
            failures,
            locked_until,
        })
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
