//! A walker's verification status and the rule that keeps it moving forward only.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Persona's inquiry status as PawPass understands it. `Unknown` keeps any value Persona adds
/// later instead of failing to parse it (Persona's enum is open).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum VerificationStatus {
    /// The walker is stored but no inquiry exists yet (Persona could not be reached).
    NotStarted,
    Created,
    Pending,
    Expired,
    Completed,
    Failed,
    NeedsReview,
    Approved,
    Declined,
    Unknown(String),
}

impl VerificationStatus {
    /// The wire value, as Persona writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::NotStarted => "not_started",
            Self::Created => "created",
            Self::Pending => "pending",
            Self::Expired => "expired",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::NeedsReview => "needs_review",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::Unknown(other) => other,
        }
    }

    pub fn parse(value: &str) -> Self {
        match value {
            "not_started" => Self::NotStarted,
            "created" => Self::Created,
            "pending" => Self::Pending,
            "expired" => Self::Expired,
            "completed" => Self::Completed,
            "failed" => Self::Failed,
            "needs_review" => Self::NeedsReview,
            "approved" => Self::Approved,
            "declined" => Self::Declined,
            other => Self::Unknown(other.to_owned()),
        }
    }

    /// How far along the lifecycle a status is. Two changes with the same Persona timestamp are
    /// ordered by this (a `completed` and an `approved` are often stamped in the same millisecond).
    /// `expired` ranks above `pending` because expiry follows inactivity, and a resumed inquiry
    /// comes back to `pending` with a newer timestamp, which wins on time alone.
    pub fn rank(&self) -> i64 {
        match self {
            Self::NotStarted => 0,
            Self::Created => 1,
            Self::Pending => 2,
            Self::Expired => 3,
            Self::Completed | Self::Failed => 4,
            Self::NeedsReview => 5,
            Self::Approved | Self::Declined => 6,
            Self::Unknown(_) => 0,
        }
    }

    /// A decision has been made; nothing but an operator changes it.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Approved | Self::Declined | Self::Failed)
    }

    /// Words a person reads, never colour alone.
    pub fn label(&self) -> &str {
        match self {
            Self::NotStarted => "Not started",
            Self::Created => "Ready to start",
            Self::Pending => "In progress",
            Self::Expired => "Expired",
            Self::Completed => "Checking",
            Self::Failed => "Failed",
            Self::NeedsReview => "In review",
            Self::Approved => "Approved",
            Self::Declined => "Declined",
            Self::Unknown(_) => "Unknown",
        }
    }
}

impl fmt::Display for VerificationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<String> for VerificationStatus {
    fn from(value: String) -> Self {
        Self::parse(&value)
    }
}

impl From<VerificationStatus> for String {
    fn from(value: VerificationStatus) -> Self {
        value.as_str().to_owned()
    }
}

/// A status change as stamped by Persona: the status and Persona's time for it (unix ms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusChange {
    pub status: VerificationStatus,
    pub at_ms: i64,
}

impl StatusChange {
    /// The ordering rule: a change applies only if it is newer than the last applied one, or
    /// equally new and further along. Late and repeated events therefore never move a walker back.
    pub fn supersedes(&self, current: &StatusChange) -> bool {
        self.at_ms > current.at_ms
            || (self.at_ms == current.at_ms && self.status.rank() > current.status.rank())
    }
}

/// What a walker's own status page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkerStatus {
    /// Only when the viewer is that walker (their browser session); never from a URL hint.
    pub first_name: Option<String>,
    pub status: VerificationStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(status: &str, at_ms: i64) -> StatusChange {
        StatusChange {
            status: VerificationStatus::parse(status),
            at_ms,
        }
    }

    #[test]
    fn a_newer_change_applies() {
        assert!(change("pending", 2).supersedes(&change("created", 1)));
    }

    #[test]
    fn a_late_started_event_does_not_undo_an_approval() {
        assert!(!change("pending", 5).supersedes(&change("approved", 9)));
    }

    #[test]
    fn same_millisecond_is_ordered_by_progress() {
        assert!(change("approved", 7).supersedes(&change("completed", 7)));
        assert!(!change("completed", 7).supersedes(&change("approved", 7)));
    }

    #[test]
    fn a_repeat_of_the_applied_change_does_nothing() {
        assert!(!change("approved", 7).supersedes(&change("approved", 7)));
    }

    #[test]
    fn a_resumed_inquiry_returns_to_pending_after_expiry() {
        assert!(change("pending", 20).supersedes(&change("expired", 10)));
    }

    #[test]
    fn unknown_values_round_trip() {
        let status = VerificationStatus::parse("transitioned_somewhere");
        assert_eq!(status.as_str(), "transitioned_somewhere");
        assert_eq!(
            VerificationStatus::parse("needs_review"),
            VerificationStatus::NeedsReview
        );
    }
}
