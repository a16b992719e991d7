//! What the audit log records: the action taken on a walker and how it ended.

use super::names::names;

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
    /// A raw Persona event was shown (masked, or in full after a reveal: the detail says).
    ViewEvent,
    /// The list was downloaded as CSV (about no walker in particular).
    ExportList,
}

names!("audit action", AuditAction {
    Approve => "approve",
    Decline => "decline",
    MarkForReview => "mark_for_review",
    Resync => "resync",
    OneTimeLink => "one_time_link",
    Erase => "erase",
    EraseDone => "erase_done",
    EraseRetry => "erase_retry",
    Export => "export",
    Reveal => "reveal",
    ViewEvent => "view_event",
    ExportList => "export_list",
});

impl AuditAction {
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
            Self::ViewEvent => "Viewed a raw event",
            Self::ExportList => "Exported the list (CSV)",
        }
    }
}

/// How the audited attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditOutcome {
    Ok,
    /// It reached Persona (or the store) and did not happen; the entry says why.
    Failed,
}

names!("audit outcome", AuditOutcome {
    Ok => "ok",
    Failed => "failed",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips() {
        for action in AuditAction::ALL {
            assert_eq!(action.as_str().parse(), Ok(*action));
        }
        assert!("delete".parse::<AuditAction>().is_err());
        assert_eq!("failed".parse(), Ok(AuditOutcome::Failed));
    }
}
