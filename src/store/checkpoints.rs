//! SQLite's WAL checkpoints, copied into the database file beside the write path instead of on
//! it.
//!
//! A commit appends pages to the WAL; a checkpoint copies them into the database file and waits
//! for the disk (`fsync`). SQLite runs it in the connection that commits past
//! `wal_autocheckpoint` pages: here the one write connection, which every webhook batch waits
//! for. The applying path's profile showed that connection blocked on the disk 9 % of its time,
//! and copying another 7 % (BENCHMARKS.md, issue 18), while webhooks queued behind it.
//!
//! So a reading connection checkpoints every [`EVERY`], passively: it copies what has been
//! committed and never waits for, or holds up, the writer. The write connection's own
//! checkpoint stays as it was; when it comes, it finds only the pages written since the last
//! background pass still to copy, and it is the one that starts the WAL file over from its
//! beginning (a writer must see every page copied to do that).

use super::db::{Db, Engine};
use anyhow::Context;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How often committed pages are copied: a webhook burst adds a few MB to the WAL in that time.
const EVERY: Duration = Duration::from_millis(100);

/// Keeps the background checkpoints going; they stop when the last clone is dropped.
#[derive(Clone, Debug)]
pub(super) struct Checkpoints {
    _running: Option<Arc<watch::Sender<()>>>,
}

impl Checkpoints {
    /// Starts them on the current tokio runtime, on SQLite (PostgreSQL checkpoints on its own).
    pub(super) fn spawn(db: &Db) -> Self {
        if db.engine != Engine::Sqlite {
            return Self { _running: None };
        }
        let (running, stopped) = watch::channel(());
        tokio::spawn(checkpoint_forever(db.clone(), stopped));
        Self {
            _running: Some(Arc::new(running)),
        }
    }
}

async fn checkpoint_forever(db: Db, mut stopped: watch::Receiver<()>) {
    let mut ticks = tokio::time::interval(EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            // Every `Checkpoints` is gone: so is the store.
            _ = stopped.changed() => return,
        }
        match checkpoint(&db).await {
            Ok(wal_pages) => metrics::gauge!("pawpass_sqlite_wal_pages").set(wal_pages as f64),
            // The next pass (or the writer's own checkpoint) copies what this one did not.
            Err(error) => tracing::warn!(error = format!("{error:#}"), "checkpointing the WAL"),
        }
    }
}

/// One passive checkpoint; returns how many pages the WAL holds.
async fn checkpoint(db: &Db) -> anyhow::Result<i64> {
    let (_busy, wal_pages, _copied): (i64, i64, i64) =
        sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(&db.pool)
            .await
            .context("copying the WAL into the database file")?;
    Ok(wal_pages)
}

#[cfg(test)]
mod tests {
    use crate::store::Store;
    use std::time::Duration;

    /// Before, pages reached the database file only when a commit took the WAL past
    /// `wal_autocheckpoint` (40 MB): a quiet day's writes could sit in the WAL for hours, and
    /// the webhook batch that crossed the mark paid for copying all of them.
    #[tokio::test]
    async fn committed_writes_reach_the_database_file_without_waiting_for_the_wal_to_fill() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let file = dir.path().join("pawpass.db");
        let store = Store::connect(&format!("sqlite://{}?mode=rwc", file.display()), None)
            .await
            .expect("a store");
        sqlx::query("CREATE TABLE probe (note TEXT NOT NULL)")
            .execute(store.db.writes())
            .await
            .expect("a table");
        sqlx::query("INSERT INTO probe (note) VALUES ('written')")
            .execute(store.db.writes())
            .await
            .expect("a row");

        // The database file alone, without its WAL, as a file copy would take it.
        let copy = dir.path().join("copy.db");
        let mut seen = None;
        for _ in 0..50 {
            std::fs::copy(&file, &copy).expect("a copy of the database file");
            let alone = sqlx::AnyPool::connect(&format!("sqlite://{}", copy.display()))
                .await
                .expect("the copy opens");
            seen = sqlx::query_scalar::<_, String>("SELECT note FROM probe")
                .fetch_optional(&alone)
                .await
                .ok()
                .flatten();
            alone.close().await;
            let _ = std::fs::remove_file(copy.with_extension("db-wal"));
            let _ = std::fs::remove_file(copy.with_extension("db-shm"));
            if seen.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(seen.as_deref(), Some("written"));
    }
}
