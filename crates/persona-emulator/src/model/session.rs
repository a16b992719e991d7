//! Inquiry sessions (what a session token stands for) and one-time links (a code that opens a
//! session once). Their rules live in `lifecycle/sessions.rs` and `lifecycle/links.rs`.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub id: String,
    pub inquiry_id: String,
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
