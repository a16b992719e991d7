//! The one connection every store shares: a pool on SQLite or PostgreSQL through sqlx's Any
//! driver, so every query is written once, and the engine it talks to (the migrations and a few
//! statements differ per engine). Times are unix milliseconds; see the migrations.

use super::pool_settings::{pool_options, Role};
use anyhow::Context;
use sqlx::any::AnyConnectOptions;
use sqlx::AnyPool;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Engine {
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

/// The pools plus the engine they talk to. Only the store module sees them.
#[derive(Clone, Debug)]
pub(super) struct Db {
    /// Reads; on PostgreSQL writes too (the same pool as `writes`).
    pub(super) pool: AnyPool,
    /// Where writes go. On SQLite one connection, which every writer of this process queues for
    /// in turn. SQLite lets one connection write at a time: writers spread over the pool met its
    /// busy handler instead, which sleeps 1 to 100 ms before trying again while the lock may
    /// have been free long before. And SQLite drops a connection's whole page cache when another
    /// connection has written, so only with one writer does the writer's cache stay warm.
    writes: AnyPool,
    pub(super) engine: Engine,
}

pub(super) type Tx = sqlx::Transaction<'static, sqlx::Any>;

impl Db {
    /// Connects, creating the SQLite file's directory when needed, and applies migrations.
    /// `pool_size` (the readers' pool) defaults to 8 connections on SQLite, beside its one write
    /// connection, and 16 on PostgreSQL, shared by reads and writes.
    pub(super) async fn connect(url: &str, pool_size: Option<u32>) -> anyhow::Result<Self> {
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
        let reads = pool_options(engine, Role::Read)
            .max_connections(pool_size.unwrap_or(match engine {
                Engine::Sqlite => 8,
                Engine::Postgres => 16,
            }))
            .connect_with(options.clone())
            .await
            .context("connecting to the database")?;
        let writes = match engine {
            Engine::Sqlite => pool_options(engine, Role::Write)
                .max_connections(1)
                .connect_with(options)
                .await
                .context("opening the database's write connection")?,
            Engine::Postgres => reads.clone(),
        };
        let db = Self {
            pool: reads,
            writes,
            engine,
        };
        db.migrate().await?;
        Ok(db)
    }

    /// Where a write that is not inside a transaction goes (see [`Db::writes`]).
    pub(super) fn writes(&self) -> &AnyPool {
        &self.writes
    }

    /// A transaction that writes (see [`Engine::begin_write_sql`]).
    pub(super) async fn begin_write(&self) -> anyhow::Result<Tx> {
        self.writes
            .begin_with(self.engine.begin_write_sql())
            .await
            .context("starting a transaction")
    }

    /// Makes concurrent write transactions about one walker take turns, so a check followed
    /// by a write inside them cannot be raced: PostgreSQL locks the walker's row (SQLite's
    /// write transactions already take turns).
    pub(super) async fn lock_walker(
        &self,
        tx: &mut Tx,
        walker_id: &crate::domain::WalkerId,
    ) -> anyhow::Result<()> {
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT 1 FROM walkers WHERE id = $1 FOR UPDATE")
                .bind(walker_id)
                .execute(&mut **tx)
                .await
                .context("locking a walker's row")?;
        }
        Ok(())
    }

    /// One round trip, for health checks.
    pub(super) async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .context("pinging the database")?;
        Ok(())
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        // sqlx holds a session-level advisory lock while it migrates. Behind PgBouncer in
        // transaction pooling the lock and its release can land on two server connections and
        // the lock leaks, so an instance whose migrations are all applied (by `pawpass
        // migrate`, run against PostgreSQL itself) takes no lock at all.
        if self.engine == Engine::Postgres && self.all_migrations_applied().await {
            return Ok(());
        }
        self.run_migrations().await
    }

    /// Applies pending migrations under sqlx's lock and checks the applied ones' checksums.
    pub(super) async fn run_migrations(&self) -> anyhow::Result<()> {
        self.migrator()
            .run(&self.writes)
            .await
            .context("applying database migrations")
    }

    /// Whether every migration this build carries is recorded as applied; `false` when that
    /// cannot be read (a new database has no migrations table yet).
    async fn all_migrations_applied(&self) -> bool {
        matches!(self.pending_migrations().await, Ok(0))
    }

    /// Migrations this build carries that the database has not applied (another instance of
    /// an older build may have migrated it, or a migration failed halfway).
    pub(super) async fn pending_migrations(&self) -> anyhow::Result<usize> {
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await
                .context("reading the applied migrations")?;
        Ok(self
            .migrator()
            .iter()
            .filter(|m| !applied.contains(&m.version))
            .count())
    }

    /// The migrations this build carries for its engine.
    pub(super) fn migrator(&self) -> sqlx::migrate::Migrator {
        migrator(self.engine)
    }
}

/// The migrations compiled into this build (`build.rs` rebuilds it when one is added).
fn migrator(engine: Engine) -> sqlx::migrate::Migrator {
    match engine {
        Engine::Sqlite => sqlx::migrate!("./migrations/sqlite"),
        Engine::Postgres => sqlx::migrate!("./migrations/postgres"),
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

#[cfg(test)]
mod tests {
    use super::{migrator, Engine};

    /// `sqlx::migrate!` reads the directory when the crate compiles, and cargo does not watch
    /// it: without `build.rs`, a migration added after a build was left out of the next
    /// incremental one, which then ran without it and said nothing.
    #[test]
    fn the_build_carries_every_migration_in_the_directory() {
        for (engine, dir) in [
            (Engine::Sqlite, "migrations/sqlite"),
            (Engine::Postgres, "migrations/postgres"),
        ] {
            let mut on_disk: Vec<i64> = std::fs::read_dir(dir)
                .expect("the migrations directory")
                .map(|entry| {
                    let name = entry.expect("a directory entry").file_name();
                    let name = name.to_string_lossy().into_owned();
                    let version = name.split('_').next().unwrap_or_default();
                    version
                        .parse()
                        .expect("a migration named <version>_<name>.sql")
                })
                .collect();
            on_disk.sort_unstable();
            let built: Vec<i64> = migrator(engine).iter().map(|m| m.version).collect();
            assert_eq!(
                built, on_disk,
                "{dir}: the build is older than its migrations"
            );
        }
    }
}
