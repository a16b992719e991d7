//! tower-sessions storage in PawPass's own database, so sessions survive restarts and are
//! shared by every instance. (tower-sessions-sqlx-store needs a concrete pool per engine; this
//! store runs on the same Any pool as everything else.) Expired rows are purged in the
//! background; an operator's rows go when their password changes or they are disabled.

use crate::domain::OperatorId;
use crate::store::db::{now_ms, Db, Tx};
use anyhow::Context;
use async_trait::async_trait;
use std::time::Duration;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

#[derive(Clone, Debug)]
pub struct SqlSessionStore {
    db: Db,
}

impl SqlSessionStore {
    pub(in crate::store) fn new(db: Db) -> Self {
        Self { db }
    }

    /// Deletes expired sessions now and then every `every`, for as long as the future runs. A
    /// failed purge is logged and retried at the next tick: the server keeps serving.
    pub async fn purge_expired_forever(self, every: Duration) {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = self.delete_expired().await {
                tracing::warn!(%error, "purging expired sessions failed");
            }
        }
    }
}

/// The JSON an operator's session record holds for its operator: `server::session_keys`'
/// `OPERATOR_ID` and the id, as serde_json writes them. Matching the key too means text an
/// operator typed (a search kept in their session, JSON-escaped) can never match.
fn operator_pattern(operator_id: &str) -> String {
    format!("%\"operator_id\":\"{operator_id}\"%")
}

/// Ends every session of the operator with this username, in the caller's transaction.
pub(in crate::store) async fn end_operator_sessions(
    tx: &mut Tx,
    username: &str,
) -> anyhow::Result<()> {
    let id: Option<OperatorId> = sqlx::query_scalar("SELECT id FROM operators WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut **tx)
        .await
        .context("looking up an operator")?;
    let Some(id) = id else { return Ok(()) };
    sqlx::query("DELETE FROM sessions WHERE data LIKE $1")
        .bind(operator_pattern(id.as_str()))
        .execute(&mut **tx)
        .await
        .context("ending an operator's sessions")?;
    Ok(())
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn expiry_ms(record: &Record) -> i64 {
    (record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64
}

#[async_trait]
impl SessionStore for SqlSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Ids are random 128-bit values; a collision is astronomically unlikely, but a store
        // must never overwrite another person's session, so insert-if-absent and re-roll.
        loop {
            let data = serde_json::to_string(&record).map_err(backend)?;
            let inserted = sqlx::query(
                "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(record.id.to_string())
            .bind(data)
            .bind(expiry_ms(record))
            .execute(self.db.writes())
            .await
            .map_err(backend)?
            .rows_affected();
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(record).map_err(backend)?;
        sqlx::query(
            "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(record.id.to_string())
        .bind(data)
        .bind(expiry_ms(record))
        .execute(self.db.writes())
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let data: Option<String> =
            sqlx::query_scalar("SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(id.to_string())
                .bind(now_ms())
                .fetch_optional(&self.db.pool)
                .await
                .map_err(backend)?;
        data.map(|json| serde_json::from_str(&json).map_err(backend))
            .transpose()
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(self.db.writes())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for SqlSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now_ms())
            .execute(self.db.writes())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_names_the_session_key_for_the_operator() {
        let key = crate::server::session_keys::OPERATOR_ID;
        assert_eq!(
            operator_pattern("op_abc"),
            format!("%\"{key}\":\"op_abc\"%")
        );
    }
}
