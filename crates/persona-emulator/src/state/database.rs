//! Optional SQLite storage (`EmulatorOptions::database_path`): inquiries, events, webhook
//! endpoints, deliveries (with their attempts) and the clock offset survive a restart, so
//! pending deliveries resume. A background task writes changes every 100 ms; sessions, one-time
//! links and idempotency entries stay in memory.

use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::Row;

use super::handle::{Snapshot, StateHandle};
use crate::model::event::Event;

const SCHEMA: [&str; 5] = [
    "CREATE TABLE IF NOT EXISTS emulator_inquiries (id TEXT PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS emulator_events (position INTEGER PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS emulator_deliveries (position INTEGER PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS emulator_endpoints (position INTEGER PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS emulator_settings (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
];
const FLUSH_EVERY: Duration = Duration::from_millis(100);

pub(crate) struct Database {
    pool: SqlitePool,
    /// Events are append-only: only those from this position on are new.
    saved_events: AtomicUsize,
    saved_generation: AtomicU64,
    writing: tokio::sync::Mutex<()>,
}

fn decode<T: DeserializeOwned>(rows: Vec<sqlx::sqlite::SqliteRow>) -> anyhow::Result<Vec<T>> {
    rows.iter()
        .map(|row| {
            let body: String = row.try_get("body")?;
            serde_json::from_str(&body).context("decoding a stored emulator row")
        })
        .collect()
}

fn encode<T: Serialize>(value: &T) -> anyhow::Result<String> {
    serde_json::to_string(value).context("encoding an emulator row")
}

impl Database {
    pub(crate) async fn open(path: &Path) -> anyhow::Result<(Database, Snapshot)> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .with_context(|| format!("opening emulator database {}", path.display()))?;
        for statement in SCHEMA {
            sqlx::query(statement).execute(&pool).await?;
        }
        let select = |table: &str| format!("SELECT body FROM {table} ORDER BY 1");
        let inquiries = decode(
            sqlx::query("SELECT body FROM emulator_inquiries")
                .fetch_all(&pool)
                .await?,
        )?;
        let events: Vec<Event> = decode(
            sqlx::query(&select("emulator_events"))
                .fetch_all(&pool)
                .await?,
        )?;
        let deliveries = decode(
            sqlx::query(&select("emulator_deliveries"))
                .fetch_all(&pool)
                .await?,
        )?;
        let endpoints = decode(
            sqlx::query(&select("emulator_endpoints"))
                .fetch_all(&pool)
                .await?,
        )?;
        let clock_offset_ms =
            sqlx::query("SELECT value FROM emulator_settings WHERE key = 'clock_offset_ms'")
                .fetch_optional(&pool)
                .await?
                .map(|row| row.try_get::<i64, _>("value"))
                .transpose()?
                .unwrap_or(0);
        let database = Database {
            pool,
            saved_events: AtomicUsize::new(events.len()),
            saved_generation: AtomicU64::new(0),
            writing: tokio::sync::Mutex::new(()),
        };
        let snapshot = Snapshot {
            inquiries,
            events,
            deliveries,
            endpoints,
            clock_offset_ms,
        };
        Ok((database, snapshot))
    }

    /// Writes the state if it changed since the last write.
    pub(crate) async fn flush(&self, state: &StateHandle) -> anyhow::Result<()> {
        let _writing = self.writing.lock().await;
        let generation = state.generation();
        if generation == self.saved_generation.load(Ordering::Acquire) {
            return Ok(());
        }
        let from = self.saved_events.load(Ordering::Acquire);
        let snapshot = state.snapshot(from);
        let mut tx = self.pool.begin().await?;
        for inquiry in &snapshot.inquiries {
            sqlx::query("INSERT OR REPLACE INTO emulator_inquiries (id, body) VALUES (?, ?)")
                .bind(&inquiry.id)
                .bind(encode(inquiry)?)
                .execute(&mut *tx)
                .await?;
        }
        for (offset, event) in snapshot.events.iter().enumerate() {
            sqlx::query("INSERT OR REPLACE INTO emulator_events (position, body) VALUES (?, ?)")
                .bind((from + offset) as i64)
                .bind(encode(event)?)
                .execute(&mut *tx)
                .await?;
        }
        for (table, rows) in [
            (
                "emulator_deliveries",
                snapshot
                    .deliveries
                    .iter()
                    .map(encode)
                    .collect::<anyhow::Result<Vec<_>>>()?,
            ),
            (
                "emulator_endpoints",
                snapshot
                    .endpoints
                    .iter()
                    .map(encode)
                    .collect::<anyhow::Result<Vec<_>>>()?,
            ),
        ] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
            for (position, body) in rows.iter().enumerate() {
                sqlx::query(&format!(
                    "INSERT INTO {table} (position, body) VALUES (?, ?)"
                ))
                .bind(position as i64)
                .bind(body)
                .execute(&mut *tx)
                .await?;
            }
        }
        sqlx::query(
            "INSERT OR REPLACE INTO emulator_settings (key, value) VALUES ('clock_offset_ms', ?)",
        )
        .bind(snapshot.clock_offset_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.saved_events
            .store(from + snapshot.events.len(), Ordering::Release);
        self.saved_generation.store(generation, Ordering::Release);
        Ok(())
    }
}

/// Flushes every 100 ms until the state is dropped.
pub(crate) fn spawn_flusher(state: &StateHandle, database: Arc<Database>) {
    let state = state.downgrade();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(FLUSH_EVERY).await;
            let Some(state) = state.upgrade() else { break };
            if let Err(err) = database.flush(&state).await {
                tracing::error!(%err, "emulator: could not write its database");
            }
        }
    });
}
