//! Figures for the operators' dashboard, each one query over indexed `walkers` columns.

use super::counts::kept_per_status;
use crate::domain::VerificationStatus;
use crate::store::db::Db;
use anyhow::Context;

pub const DAY_MS: i64 = 86_400_000;

#[derive(Clone, Debug, Default)]
pub struct Funnel {
    pub signed_up: i64,
    pub started: i64,
    pub completed: i64,
    pub approved: i64,
}

/// Upper bounds (ms, exclusive) of the decision-time buckets; the last bucket is open.
pub const DECISION_BUCKETS_MS: [i64; 5] =
    [3_600_000, 6 * 3_600_000, DAY_MS, 3 * DAY_MS, 7 * DAY_MS];

#[derive(Clone, Debug, Default)]
pub struct DecisionTimes {
    pub decided: i64,
    pub median_ms: Option<i64>,
    /// One count per bucket of [`DECISION_BUCKETS_MS`], plus the open one.
    pub buckets: Vec<i64>,
}

#[derive(Clone, Copy, Debug)]
pub struct Dashboard<'a> {
    db: &'a Db,
}

impl<'a> Dashboard<'a> {
    pub(in crate::store) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Walkers per status.
    pub async fn per_status(self) -> anyhow::Result<Vec<(VerificationStatus, i64)>> {
        kept_per_status(self.db).await
    }

    pub async fn funnel(self) -> anyhow::Result<Funnel> {
        let (signed_up, started, completed, approved): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COUNT(started_at), COUNT(completed_at), \
             COUNT(CASE WHEN current_status = 'approved' THEN 1 END) FROM walkers",
        )
        .fetch_one(&self.db.pool)
        .await
        .context("reading the funnel")?;
        Ok(Funnel {
            signed_up,
            started,
            completed,
            approved,
        })
    }

    pub async fn decision_times(self) -> anyhow::Result<DecisionTimes> {
        use sqlx::Row;
        let cases: Vec<String> = bucket_cases();
        let sql = format!(
            "SELECT COUNT(*), {} FROM walkers WHERE decision_ms IS NOT NULL",
            cases.join(", ")
        );
        let row = sqlx::query(&sql)
            .fetch_one(&self.db.pool)
            .await
            .context("bucketing decision times")?;
        let counts = (0..=cases.len())
            .map(|i| row.try_get::<i64, _>(i))
            .collect::<Result<Vec<i64>, _>>()
            .context("reading decision-time buckets")?;
        let decided = counts.first().copied().unwrap_or(0);
        // The middle value, read by walking the decision-time index halfway.
        let median_ms = if decided == 0 {
            None
        } else {
            sqlx::query_scalar(
                "SELECT decision_ms FROM walkers WHERE decision_ms IS NOT NULL \
                 ORDER BY decision_ms LIMIT 1 OFFSET $1",
            )
            .bind(decided / 2)
            .fetch_optional(&self.db.pool)
            .await
            .context("reading the median decision time")?
        };
        Ok(DecisionTimes {
            decided,
            median_ms,
            buckets: counts.into_iter().skip(1).collect(),
        })
    }

    /// `(day number since the epoch, count)` of signups since `since_ms`.
    pub async fn signups_per_day(self, since_ms: i64) -> anyhow::Result<Vec<(i64, i64)>> {
        self.per_day("created_at", since_ms).await
    }

    /// `(day number since the epoch, count)` of approvals since `since_ms`.
    pub async fn approvals_per_day(self, since_ms: i64) -> anyhow::Result<Vec<(i64, i64)>> {
        self.per_day("approved_at", since_ms).await
    }

    async fn per_day(self, column: &'static str, since_ms: i64) -> anyhow::Result<Vec<(i64, i64)>> {
        sqlx::query_as(&format!(
            "SELECT {column} / {DAY_MS} AS day, COUNT(*) FROM walkers WHERE {column} >= $1 \
             GROUP BY {column} / {DAY_MS} ORDER BY day"
        ))
        .bind(since_ms)
        .fetch_all(&self.db.pool)
        .await
        .context("counting per day")
    }
}

/// `COUNT(CASE …)` per bucket, counts being BIGINT on both engines.
fn bucket_cases() -> Vec<String> {
    let mut lower = 0;
    let mut cases = Vec::new();
    for upper in DECISION_BUCKETS_MS {
        cases.push(format!(
            "COUNT(CASE WHEN decision_ms >= {lower} AND decision_ms < {upper} THEN 1 END)"
        ));
        lower = upper;
    }
    cases.push(format!(
        "COUNT(CASE WHEN decision_ms >= {lower} THEN 1 END)"
    ));
    cases
}
