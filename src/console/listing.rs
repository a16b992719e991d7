//! The walker list (filtered, searched, sorted and paged by the operator's view) and the
//! dashboard's figures.

use super::error::ConsoleError;
use super::service::Console;
use crate::domain::{ListQuery, VerificationStatus};
use crate::store::{now_ms, DecisionTimes, Funnel, ListPage, DAY_MS};

/// Days the dashboard looks back, today included.
const DAYS_SHOWN: i64 = 30;

/// One page of the list, and how many walkers each status filter would show.
#[derive(Clone, Debug)]
pub struct Listing {
    pub page: ListPage,
    pub counts: Vec<(VerificationStatus, i64)>,
}

#[derive(Clone, Debug)]
pub struct DashboardFigures {
    /// Walkers per status.
    pub counts: Vec<(VerificationStatus, i64)>,
    pub funnel: Funnel,
    pub decisions: DecisionTimes,
    /// The last 30 days, oldest first.
    pub days: Vec<DayCounts>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayCounts {
    /// Midnight UTC starting the day (ms).
    pub start_ms: i64,
    pub signups: i64,
    pub approvals: i64,
}

impl Console {
    pub async fn list(&self, query: &ListQuery) -> Result<Listing, ConsoleError> {
        let list = self.store.walker_list();
        // `join!`: no read is dropped halfway if the other fails (see `case`).
        let (page, counts) = futures_util::join!(list.page(query), list.status_counts(query));
        Ok(Listing {
            page: page?,
            counts: counts?,
        })
    }

    pub async fn dashboard(&self) -> Result<DashboardFigures, ConsoleError> {
        let figures = self.store.dashboard();
        let today = now_ms() / DAY_MS;
        let first = today - (DAYS_SHOWN - 1);
        let since = first * DAY_MS;
        let (counts, funnel, decisions, signups, approvals) = futures_util::join!(
            figures.per_status(),
            figures.funnel(),
            figures.decision_times(),
            figures.signups_per_day(since),
            figures.approvals_per_day(since),
        );
        let (counts, funnel, decisions, signups, approvals) =
            (counts?, funnel?, decisions?, signups?, approvals?);
        let on = |rows: &[(i64, i64)], day: i64| {
            rows.iter().find(|(d, _)| *d == day).map_or(0, |(_, n)| *n)
        };
        let days = (first..=today)
            .map(|day| DayCounts {
                start_ms: day * DAY_MS,
                signups: on(&signups, day),
                approvals: on(&approvals, day),
            })
            .collect();
        Ok(DashboardFigures {
            counts,
            funnel,
            decisions,
            days,
        })
    }
}
