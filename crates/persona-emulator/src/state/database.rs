//! Optional SQLite storage (`EmulatorOptions::database_path`): accounts, inquiries, events,
//! webhook endpoints, deliveries (with their attempts) and the clock offset survive a restart,
//! so pending deliveries resume. A background task writes changes every 100 ms; sessions, one-time
//! links and idempotency entries stay in memory. SQLite is blocking, so every database call runs
//! on tokio's blocking pool.

use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::Context;
use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::handle::{Snapshot, StateHandle};
use crate::model::template::KYC_FIELDS;

const SCHEMA: [&str; 6] = [
    "CREATE TABLE IF NOT EXISTS emulator_accounts (id TEXT PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS emulator_inquiries (id TEXT PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS emulator_events (position INTEGER PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS emulator_deliveries (position INTEGER PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS emulator_endpoints (position INTEGER PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS emulator_settings (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
];
/// Deliveries and endpoints change in place, so each write replaces these tables whole.
const REWRITTEN_TABLES: [&str; 2] = ["emulator_deliveries", "emulator_endpoints"];
const FLUSH_EVERY: Duration = Duration::from_millis(100);

pub(crate) struct Database {
    /// One connection: writes are serialised anyway, and holding its lock for a whole flush
    /// keeps two flushes from interleaving.
    connection: Mutex<Connection>,
    /// Events are append-only: only those from this position on are new.
    saved_events: AtomicUsize,
    saved_generation: AtomicU64,
}

fn read_bodies<T: DeserializeOwned>(connection: &Connection, sql: &str) -> anyhow::Result<Vec<T>> {
    let mut statement = connection
        .prepare(sql)
        .with_context(|| format!("preparing {sql}"))?;
    let bodies = statement
        .query_map([], |row| row.get::<_, String>(0))
        .with_context(|| format!("running {sql}"))?;
    bodies
        .map(|body| {
            let body = body.context("reading a stored emulator row")?;
            serde_json::from_str(&body).context("decoding a stored emulator row")
        })
        .collect()
}

/// Emulators before the template's own field keys stored event bodies with kebab-case field
/// names (`"name-first":{"type":…}`); current-version bodies carry the template keys. A body is
/// the exact bytes webhooks sign, compact JSON the emulator wrote, so the members are renamed in
/// place, keeping every other byte (a quote inside a string value is escaped, so values cannot
/// match). Inquiry rows are renamed as they are decoded (`FieldValue`).
fn with_template_field_keys(body: String) -> String {
    KYC_FIELDS
        .iter()
        .filter(|def| def.name.contains('_'))
        .fold(body, |body, def| {
            let old = format!("\"{}\":{{\"type\":", def.name.replace('_', "-"));
            if body.contains(&old) {
                body.replace(&old, &format!("\"{}\":{{\"type\":", def.name))
            } else {
                body
            }
        })
}

fn encode<T: Serialize>(value: &T) -> anyhow::Result<String> {
    serde_json::to_string(value).context("encoding an emulator row")
}

impl Database {
    /// Opens (or creates) the file and reads back what it holds.
    pub(crate) async fn open(path: &Path) -> anyhow::Result<(Database, Snapshot)> {
        let path = path.to_owned();
        tokio::task::spawn_blocking(move || Self::open_blocking(&path))
            .await
            .context("the database opener stopped")?
    }

    fn open_blocking(path: &Path) -> anyhow::Result<(Database, Snapshot)> {
        let connection = Connection::open(path)
            .with_context(|| format!("opening emulator database {}", path.display()))?;
        for statement in SCHEMA {
            connection
                .execute(statement, [])
                .context("creating the emulator tables")?;
        }
        let ordered = |table: &str| format!("SELECT body FROM {table} ORDER BY position");
        let mut snapshot = Snapshot {
            // Older files have an empty accounts table; `restore` derives them from inquiries.
            accounts: read_bodies(&connection, "SELECT body FROM emulator_accounts")?,
            inquiries: read_bodies(&connection, "SELECT body FROM emulator_inquiries")?,
            events: read_bodies(&connection, &ordered("emulator_events"))?,
            deliveries: read_bodies(&connection, &ordered("emulator_deliveries"))?,
            endpoints: read_bodies(&connection, &ordered("emulator_endpoints"))?,
            clock_offset_ms: connection
                .query_row(
                    "SELECT value FROM emulator_settings WHERE key = 'clock_offset_ms'",
                    [],
                    |row| row.get(0),
                )
                .optional()
                .context("reading the clock offset")?
                .unwrap_or(0),
        };
        for event in &mut snapshot.events {
            event.body = with_template_field_keys(std::mem::take(&mut event.body));
        }
        let database = Database {
            connection: Mutex::new(connection),
            saved_events: AtomicUsize::new(snapshot.events.len()),
            saved_generation: AtomicU64::new(0),
        };
        Ok((database, snapshot))
    }

    /// Writes the state if it changed since the last write.
    pub(crate) async fn flush(self: &Arc<Self>, state: &StateHandle) -> anyhow::Result<()> {
        let (database, state) = (self.clone(), state.clone());
        tokio::task::spawn_blocking(move || database.flush_blocking(&state))
            .await
            .context("the database writer stopped")?
    }

    fn flush_blocking(&self, state: &StateHandle) -> anyhow::Result<()> {
        // A panic mid-write rolled its transaction back, so the connection is still usable.
        let mut connection = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let generation = state.generation();
        if generation == self.saved_generation.load(Ordering::Acquire) {
            return Ok(());
        }
        let from = self.saved_events.load(Ordering::Acquire);
        let snapshot = state.snapshot(from);
        let tx = connection.transaction().context("starting a write")?;
        for account in &snapshot.accounts {
            tx.execute(
                "INSERT OR REPLACE INTO emulator_accounts (id, body) VALUES (?1, ?2)",
                params![account.id, encode(account)?],
            )
            .context("writing an account")?;
        }
        for inquiry in &snapshot.inquiries {
            tx.execute(
                "INSERT OR REPLACE INTO emulator_inquiries (id, body) VALUES (?1, ?2)",
                params![inquiry.id, encode(inquiry)?],
            )
            .context("writing an inquiry")?;
        }
        for (offset, event) in snapshot.events.iter().enumerate() {
            tx.execute(
                "INSERT OR REPLACE INTO emulator_events (position, body) VALUES (?1, ?2)",
                params![(from + offset) as i64, encode(event)?],
            )
            .context("writing an event")?;
        }
        let rewritten = [
            snapshot
                .deliveries
                .iter()
                .map(encode)
                .collect::<anyhow::Result<Vec<_>>>()?,
            snapshot
                .endpoints
                .iter()
                .map(encode)
                .collect::<anyhow::Result<Vec<_>>>()?,
        ];
        for (table, rows) in REWRITTEN_TABLES.iter().zip(rewritten) {
            tx.execute(&format!("DELETE FROM {table}"), [])
                .with_context(|| format!("clearing {table}"))?;
            for (position, body) in rows.iter().enumerate() {
                tx.execute(
                    &format!("INSERT INTO {table} (position, body) VALUES (?1, ?2)"),
                    params![position as i64, body],
                )
                .with_context(|| format!("writing {table}"))?;
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO emulator_settings (key, value) VALUES ('clock_offset_ms', ?1)",
            params![snapshot.clock_offset_ms],
        )
        .context("writing the clock offset")?;
        tx.commit().context("committing a write")?;
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
                tracing::error!(
                    err = format!("{err:#}"),
                    "emulator: could not write its database"
                );
            }
        }
    });
}
