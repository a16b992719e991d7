//! What happens to inquiries (CONTRACT 7 and 8): each status change stamps its timestamp, bumps
//! `updated-at` and records its `inquiry.*` event; sessions and one-time links follow their
//! inquiry. Everything here works on the state under its lock, so API handlers, Hosted Flow
//! pages, simulate actions and the dashboard share one set of rules.

pub(crate) mod accounts;
pub(crate) mod decisions;
pub(crate) mod expiry;
pub(crate) mod flow;
pub(crate) mod links;
pub(crate) mod session_token;
pub(crate) mod sessions;
pub(crate) mod tags;
pub(crate) mod transition;
pub(crate) mod verification;
pub(crate) mod workflow;
