//! Mail to walkers as PawPass names it: what a message is about and where it stands.

use super::names::names;
use super::VerificationStatus;

/// What a message to a walker is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailKind {
    /// A single-use link that continues their verification in whichever browser opens it.
    ContinueLink,
    Approved,
    Declined,
    /// The checks did not pass; the message carries a link to try again.
    Failed,
    /// The inquiry timed out; the message carries a link to pick it up again.
    Expired,
    /// Someone is reviewing it; we write again when it is decided.
    InReview,
}

names!("mail kind", MailKind {
    ContinueLink => "continue_link",
    Approved => "approved",
    Declined => "declined",
    Failed => "failed",
    Expired => "expired",
    InReview => "in_review",
});

impl MailKind {
    /// The outcome message for an inquiry that reached `status`, if walkers hear about it.
    /// The database trigger that queues them (migration `…_mail.sql`) lists the same statuses.
    pub fn for_outcome(status: &VerificationStatus) -> Option<Self> {
        match status {
            VerificationStatus::Approved => Some(Self::Approved),
            VerificationStatus::Declined => Some(Self::Declined),
            VerificationStatus::Failed => Some(Self::Failed),
            VerificationStatus::Expired => Some(Self::Expired),
            VerificationStatus::NeedsReview => Some(Self::InReview),
            _ => None,
        }
    }

    /// Whether the message carries a link that continues the walker's verification.
    pub fn carries_link(self) -> bool {
        matches!(self, Self::ContinueLink | Self::Failed | Self::Expired)
    }

    /// Words for operators.
    pub fn label(self) -> &'static str {
        match self {
            Self::ContinueLink => "link to continue",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::Failed => "check failed",
            Self::Expired => "inquiry expired",
            Self::InReview => "in review",
        }
    }
}

/// Where a message stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailState {
    /// Waiting for the job worker (or for SMTP to come back).
    Queued,
    /// Accepted by the mail server.
    Sent,
    /// Refused for good, or failed too often: an operator must look.
    Failed,
    /// Not sent: the walker was erased first.
    Withdrawn,
}

names!("mail state", MailState {
    Queued => "queued",
    Sent => "sent",
    Failed => "failed",
    Withdrawn => "withdrawn",
});

#[cfg(test)]
mod tests {
    use super::*;
    use VerificationStatus as S;

    #[test]
    fn walkers_hear_about_decisions_and_dead_ends_only() {
        let told: Vec<_> = [
            S::NotStarted,
            S::Created,
            S::Pending,
            S::Completed,
            S::NeedsReview,
            S::Approved,
            S::Declined,
            S::Failed,
            S::Expired,
        ]
        .iter()
        .filter_map(MailKind::for_outcome)
        .map(MailKind::as_str)
        .collect();
        // The trigger in migrations/*/…_mail.sql must list exactly these statuses.
        assert_eq!(
            told,
            ["in_review", "approved", "declined", "failed", "expired"]
        );
    }

    #[test]
    fn names_round_trip() {
        for kind in MailKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(*kind));
        }
        for state in MailState::ALL {
            assert_eq!(state.as_str().parse(), Ok(*state));
        }
    }
}
