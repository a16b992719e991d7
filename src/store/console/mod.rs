//! What the operators' console reads across walkers: the list with its search and counts, and
//! the dashboard's figures.

mod counts;
mod dashboard;
mod filter;
mod list;

pub use dashboard::{Dashboard, DecisionTimes, Funnel, DAY_MS, DECISION_BUCKETS_MS};
pub use list::{ListPage, ListRow, WalkerList};
