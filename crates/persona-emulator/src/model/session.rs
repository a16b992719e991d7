//! Inquiry sessions (what a session token stands for) and one-time links (a code that opens a
//! session once). Their rules live in `lifecycle/sessions.rs` and `lifecycle/links.rs`.

use chrono::{DateTime, Utc};

/// Where a session is in its life: `created` until the Hosted Flow opens it, then `active`, then
/// `expired` (its inquiry expired) or `canceled` (its inquiry was redacted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SessionStatus {
    Created,
    Active,
    Expired,
    Canceled,
}

impl SessionStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Created => "created",
            SessionStatus::Active => "active",
            SessionStatus::Expired => "expired",
            SessionStatus::Canceled => "canceled",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub id: String,
    pub inquiry_id: String,
    pub status: SessionStatus,
    pub created_at: DateTime<Utc>,
    /// When the Hosted Flow first opened it (`inquiry-session.started`).
    pub started_at: Option<DateTime<Utc>>,
    /// When it expired (`inquiry-session.expired`); canceled sessions keep `null`.
    pub expired_at: Option<DateTime<Utc>>,
    /// Copied from the inquiry at creation; later resumes do not move it (CONTRACT 7.3).
    pub expires_at: DateTime<Utc>,
    /// Opened in the Hosted Flow; resume only reuses sessions nobody has used yet.
    pub used: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct OneTimeLink {
    pub inquiry_id: String,
    pub session_id: String,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}
