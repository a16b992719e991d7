//! Sign-in attempts, counted per typed username and client address whether or not such an
//! operator exists, plus one count per username for every address together (client
//! [`EVERY_CLIENT`]). The store counts atomically; the console's sign-in decides what the
//! counts mean.

use crate::store::db::Db;
use anyhow::Context;

/// The `client` of a username's count over every address.
pub const EVERY_CLIENT: &str = "*";

/// One count: how many, the last one's time and until when it locks (0 when it does not).
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

    /// Adds one to the count of `(username, client)` at `now` and returns it, in one statement,
    /// so concurrent attempts each see their own number. A count starts again from 1 once its
    /// lock has run out, or when nothing was counted since `window_starts` and no lock holds.
    pub async fn count(
        self,
        username: &str,
        client: &str,
        now: i64,
        window_starts: i64,
    ) -> anyhow::Result<LoginFailures> {
        sqlx::query_as(
            "INSERT INTO login_failures (username, client, failures, last_failure_at, locked_until) \
             VALUES ($1, $2, 1, $3, 0) ON CONFLICT (username, client) DO UPDATE SET \
             failures = CASE WHEN login_failures.locked_until <= $3 \
                 AND (login_failures.locked_until > 0 OR login_failures.last_failure_at <= $4) \
                 THEN 1 ELSE login_failures.failures + 1 END, \
             last_failure_at = $3, \
             locked_until = CASE WHEN login_failures.locked_until <= $3 THEN 0 \
                 ELSE login_failures.locked_until END \
             RETURNING failures, last_failure_at, locked_until",
        )
        .bind(username)
        .bind(client)
        .bind(now)
        .bind(window_starts)
        .fetch_one(self.db.writes())
        .await
        .context("counting a sign-in attempt")
    }

    pub async fn get(self, username: &str, client: &str) -> anyhow::Result<Option<LoginFailures>> {
        sqlx::query_as(
            "SELECT failures, last_failure_at, locked_until FROM login_failures \
             WHERE username = $1 AND client = $2",
        )
        .bind(username)
        .bind(client)
        .fetch_optional(&self.db.pool)
        .await
        .context("reading sign-in failures")
    }

    /// Locks `(username, client)` until `until`.
    pub async fn lock(self, username: &str, client: &str, until: i64) -> anyhow::Result<()> {
        sqlx::query(
            "UPDATE login_failures SET locked_until = $3 WHERE username = $1 AND client = $2",
        )
        .bind(username)
        .bind(client)
        .bind(until)
        .execute(self.db.writes())
        .await
        .context("locking sign-ins from a client")?;
        Ok(())
    }

    pub async fn clear(self, username: &str, client: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE username = $1 AND client = $2")
            .bind(username)
            .bind(client)
            .execute(self.db.writes())
            .await
            .context("clearing sign-in failures")?;
        Ok(())
    }

    /// Forgets counts that stopped mattering before `cutoff` (nothing counted since, no lock
    /// left), so guesses from many addresses do not pile up rows; returns how many.
    pub async fn purge(self, cutoff: i64) -> anyhow::Result<u64> {
        let purged = sqlx::query(
            "DELETE FROM login_failures WHERE last_failure_at < $1 AND locked_until < $1",
        )
        .bind(cutoff)
        .execute(self.db.writes())
        .await
        .context("purging old sign-in failures")?
        .rows_affected();
        Ok(purged)
    }
}
