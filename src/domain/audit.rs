//! What the audit log records: the action taken on a walker and how it ended.

use super::unknown::UnknownValue;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditAction {
    Approve,
    Decline,
    MarkForReview,
    Resync,
    OneTimeLink,
    /// Erasure requested (by an operator, or by the retention policy).
    Erase,
    EraseDone,
    EraseRetry,
    /// A subject access export was downloaded.
    Export,
    /// Birthdate and phone were shown in full.
    Reveal,
}

const ACTIONS: [AuditAction; 10] = [
    AuditAction::Approve,
    AuditAction::Decline,
    AuditAction::MarkForReview,
    AuditAction::Resync,
    AuditAction::OneTimeLink,
    AuditAction::Erase,
    AuditAction::EraseDone,
    AuditAction::EraseRetry,
    AuditAction::Export,
    AuditAction::Reveal,
];

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Decline => "decline",
            Self::MarkForReview => "mark_for_review",
            Self::Resync => "resync",
            Self::OneTimeLink => "one_time_link",
            Self::Erase => "erase",
            Self::EraseDone => "erase_done",
            Self::EraseRetry => "erase_retry",
            Self::Export => "export",
            Self::Reveal => "reveal",
        }
    }

    /// Words for operators reading the log.
    pub fn label(self) -> &'static str {
        match self {
            Self::Approve => "Approved",
            Self::Decline => "Declined",
            Self::MarkForReview => "Marked for review",
            Self::Resync => "Resynced from Persona",
            Self::OneTimeLink => "Fresh link",
            Self::Erase => "Erasure requested",
            Self::EraseDone => "Erased",
            Self::EraseRetry => "Erasure retried",
            Self::Export => "Exported (subject access)",
            Self::Reveal => "Revealed birthdate and phone",
        }
    }
}

impl FromStr for AuditAction {
    type Err = UnknownValue;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        ACTIONS
            .into_iter()
            .find(|action| action.as_str() == value)
            .ok_or_else(|| UnknownValue::new("audit action", value))
    }
}

/// How the audited attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditOutcome {
    Ok,
    /// It reached Persona (or the store) and did not happen; the entry says why.
    Failed,
}

impl AuditOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Failed => "failed",
        }
    }
}

impl FromStr for AuditOutcome {
    type Err = UnknownValue;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "ok" => Ok(Self::Ok),
            "failed" => Ok(Self::Failed),
            other => Err(UnknownValue::new("audit outcome", other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips() {
        for action in ACTIONS {
            assert_eq!(action.as_str().parse(), Ok(action));
        }
        assert!("delete".parse::<AuditAction>().is_err());
    }
}
