//! Events by month. On PostgreSQL `persona_events` is partitioned by the UTC month it was
//! received in (the event_partitions migration): months are created ahead, so inserts land in
//! their own month rather than the default partition, and old months are dropped whole. SQLite
//! keeps one table and deletes rows; both engines expire the same events.

use super::db::{Db, Engine};
use anyhow::Context;
use chrono::{DateTime, Datelike, Months, TimeZone, Utc};

/// What expiring events removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpiredEvents {
    /// The month partitions dropped whole (PostgreSQL only).
    pub partitions: Vec<String>,
    /// Rows deleted one by one: every expired row on SQLite; on PostgreSQL only those that sat
    /// in the default partition.
    pub rows_deleted: u64,
}

/// Where events are kept by month.
#[derive(Clone, Copy, Debug)]
pub struct EventPartitions<'a> {
    db: &'a Db,
}

/// The start (unix ms) of the UTC month holding `at_ms`: the granularity at which events expire.
pub fn month_start_ms(at_ms: i64) -> i64 {
    let at = DateTime::from_timestamp_millis(at_ms).unwrap_or_default();
    Utc.with_ymd_and_hms(at.year(), at.month(), 1, 0, 0, 0)
        .single()
        .map_or(at_ms, |start| start.timestamp_millis())
}

impl<'a> EventPartitions<'a> {
    pub(super) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Makes sure the month holding `at_ms` has its partition (rows of it that sat in the
    /// default partition move into it). Returns whether one was created; SQLite has none.
    pub async fn ensure_month(self, at_ms: i64) -> anyhow::Result<bool> {
        if self.db.engine != Engine::Postgres {
            return Ok(false);
        }
        sqlx::query_scalar("SELECT ensure_event_partition($1)")
            .bind(at_ms)
            .fetch_one(self.db.writes())
            .await
            .context("creating a month's event partition")
    }

    /// This month's partition and the next `months` months'. Returns how many were created.
    pub async fn ensure_ahead(self, now_ms: i64, months: u32) -> anyhow::Result<u32> {
        let now = DateTime::from_timestamp_millis(now_ms).context("reading the clock")?;
        let mut created = 0;
        for ahead in 0..=months {
            let at = now
                .checked_add_months(Months::new(ahead))
                .context("counting months ahead")?;
            created += u32::from(self.ensure_month(at.timestamp_millis()).await?);
        }
        Ok(created)
    }

    /// How many events were received before `before_ms`.
    pub async fn count_before(self, before_ms: i64) -> anyhow::Result<u64> {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM persona_events WHERE received_at < $1")
                .bind(before_ms)
                .fetch_one(&self.db.pool)
                .await
                .context("counting expired events")?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// Removes every event received before `before_ms`, which should be a month's start (see
    /// [`month_start_ms`]): on PostgreSQL the months before it are dropped whole and only the
    /// default partition is deleted from row by row. Their ids stay known on PostgreSQL, so a
    /// redelivery of one is still a duplicate.
    pub async fn expire_before(self, before_ms: i64) -> anyhow::Result<ExpiredEvents> {
        let partitions = match self.db.engine {
            Engine::Postgres => sqlx::query_scalar("SELECT drop_event_partitions_before($1)")
                .bind(before_ms)
                .fetch_all(self.db.writes())
                .await
                .context("dropping expired event partitions")?,
            Engine::Sqlite => Vec::new(),
        };
        let rows_deleted = sqlx::query("DELETE FROM persona_events WHERE received_at < $1")
            .bind(before_ms)
            .execute(self.db.writes())
            .await
            .context("deleting expired events")?
            .rows_affected();
        Ok(ExpiredEvents {
            partitions,
            rows_deleted,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::month_start_ms;

    #[test]
    fn a_month_starts_at_midnight_utc_on_its_first_day() {
        // 2026-11-30T16:13:06.5Z and 2026-11-01T00:00:00Z, 2024-02-29T23:59:59.999Z and
        // 2024-02-01T00:00:00Z.
        assert_eq!(month_start_ms(1_796_055_186_500), 1_793_491_200_000);
        assert_eq!(month_start_ms(1_793_491_200_000), 1_793_491_200_000);
        assert_eq!(month_start_ms(1_709_251_199_999), 1_706_745_600_000);
    }
}
