//! How each pooled connection is set up. The settings differ by engine and, on SQLite, between
//! the readers' pool and the one write connection (`db.rs`).

use super::db::Engine;
use sqlx::any::AnyPoolOptions;
use sqlx::Executor;

/// Which of [`super::db::Db`]'s pools a connection belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Read,
    Write,
}

/// Every connection's settings. On SQLite: WAL lets readers run beside the one writer; the busy
/// timeout makes a writer of another process (a `pawpass` command) queue instead of failing.
/// The write connection keeps a larger page cache (every write's pages pass through it), its
/// statement journals in memory, and checkpoints less often.
pub(super) fn pool_options(engine: Engine, role: Role) -> AnyPoolOptions {
    AnyPoolOptions::new().after_connect(move |conn, _| {
        Box::pin(async move {
            if engine == Engine::Sqlite {
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA busy_timeout = 5000").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                conn.execute("PRAGMA synchronous = NORMAL").await?;
                if role == Role::Write {
                    conn.execute(WRITER_CACHE).await?;
                    conn.execute(WRITER_CHECKPOINT).await?;
                    conn.execute(WRITER_STATEMENT_JOURNAL).await?;
                }
            }
            Ok(())
        })
    })
}

/// The write connection's page cache, in KiB (negative: a size, not a page count).
const WRITER_CACHE: &str = "PRAGMA cache_size = -65536";

/// Statement journals in memory. A statement that may fail halfway inside a transaction (one
/// whose triggers write, an upsert) keeps the original of every page it changes, to undo just
/// that statement; past 64 KiB SQLite spills them to a temporary file, and an applied event's
/// status update (inquiry, walker row and list indexes, count, mail, job) passes that: the
/// profile showed a quarter of the writer's SQLite time in those writes (BENCHMARKS.md).
const WRITER_STATEMENT_JOURNAL: &str = "PRAGMA temp_store = MEMORY";

/// How many pages the WAL may hold before the write connection copies them into the database
/// (SQLite's default is 1 000, 4 MB). The same index and count pages are written by commit after
/// commit; a checkpoint copies each page once however often it was written since the last one,
/// so a longer interval copies far fewer pages per event (BENCHMARKS.md, issue 18). The WAL file
/// then grows to about 40 MB, and is reused from its start after each checkpoint.
const WRITER_CHECKPOINT: &str = "PRAGMA wal_autocheckpoint = 10000";
