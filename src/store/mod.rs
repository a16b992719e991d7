//! The database: one schema on SQLite or PostgreSQL, reached through sqlx's Any driver so every
//! query is written once. Times are unix milliseconds; see the migrations.

mod admin_dashboard;
mod admin_list;
mod admin_login;
mod admin_seed;
mod admin_walker;
mod audit;
mod erasure;
mod event_plan;
mod event_statement;
mod events;
mod inquiries;
mod jobs;
mod notes;
mod operators;
mod retention;
mod seed_walkers;
mod sessions;
mod subject_access;
mod walkers;

pub use admin_dashboard::{DecisionTimes, Funnel, DAY_MS, DECISION_BUCKETS_MS};
pub use admin_list::{ListPage, ListRow};
pub use admin_login::{LoginFailures, LOCK_AFTER_FAILURES};
pub use admin_walker::JobAttemptRecord;
pub use audit::{AuditRecord, NewAuditEntry};
pub use events::{EventOutcome, EventRecord, NewEvent};
pub use inquiries::InquiryRecord;
pub use jobs::{AttemptOutcome, JobRecord, Lease, KIND_CREATE_INQUIRY, KIND_ERASE_WALKER};
pub use notes::NoteRecord;
pub use operators::OperatorRecord;
pub use sessions::SqlSessionStore;
pub use walkers::{WalkerListRow, WalkerRecord};

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// How a transaction that writes begins. SQLite's plain (deferred) `BEGIN` reads first and
    /// upgrades to a writer at its first write; if another connection wrote in between, that
    /// upgrade fails at once with "database is locked" instead of waiting its turn. Anything that
    /// reads inside the transaction before writing (FTS5 loading its configuration the first
    /// time a connection touches the search index, say) then fails a signup under load, as the
    /// signup benchmark showed. `BEGIN IMMEDIATE` takes the write lock up front, queueing under
    /// the busy timeout like any other writer.
    pub(super) fn begin_write_sql(self) -> &'static str {
        match self {
            Self::Sqlite => "BEGIN IMMEDIATE",
            Self::Postgres => "BEGIN",
        }
    }
}

/// The pool plus the engine it talks to (the migrations differ per engine).
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
}

impl Db {
    /// Connects, creating the SQLite file's directory when needed, and applies migrations.
    /// `pool_size` defaults to 8 connections on SQLite (one writer at a time anyway; the rest
    /// read beside it) and 16 on PostgreSQL.
    pub async fn connect(url: &str, pool_size: Option<u32>) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Engine::Postgres
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:");
        };
        if engine == Engine::Sqlite {
            ensure_sqlite_dir(url)?;
        }
        let options = AnyConnectOptions::from_str(url).context("parsing DATABASE_URL")?;
        let pool = AnyPoolOptions::new()
            .max_connections(pool_size.unwrap_or(match engine {
                Engine::Sqlite => 8,
                Engine::Postgres => 16,
            }))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        // WAL lets readers run beside the one writer; the busy timeout makes
                        // writers queue instead of failing under concurrent webhooks.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .context("connecting to the database")?;
        let db = Self { pool, engine };
        db.migrate().await?;
        Ok(db)
    }

    /// A transaction that writes (see [`Engine::begin_write_sql`]).
    pub(super) async fn begin_write(
        &self,
    ) -> anyhow::Result<sqlx::Transaction<'static, sqlx::Any>> {
        self.pool
            .begin_with(self.engine.begin_write_sql())
            .await
            .context("starting a transaction")
    }

    /// One round trip, for health checks.
    pub async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .context("pinging the database")?;
        Ok(())
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        match self.engine {
            Engine::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&self.pool).await,
            Engine::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.pool)
                    .await
            }
        }
        .context("applying database migrations")
    }
}

fn ensure_sqlite_dir(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path.starts_with(':') {
        return Ok(());
    }
    if let Some(dir) = std::path::Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the database directory {}", dir.display()))?;
    }
    Ok(())
}

/// Milliseconds since the Unix epoch, the time unit of every column.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
