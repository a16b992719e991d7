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
    /// Whether the message carries a link that continues the walker's verification.
    pub fn carries_link(self) -> bool {
        matches!(self, Self::ContinueLink | Self::Failed | Self::Expired)
    }

    /// The status this message tells the walker about, for the messages that tell an outcome
    /// (the `inquiries_outcome_mail` triggers name the same statuses).
    pub fn outcome_status(self) -> Option<VerificationStatus> {
        match self {
            Self::ContinueLink => None,
            Self::Approved => Some(VerificationStatus::Approved),
            Self::Declined => Some(VerificationStatus::Declined),
            Self::Failed => Some(VerificationStatus::Failed),
            Self::Expired => Some(VerificationStatus::Expired),
            Self::InReview => Some(VerificationStatus::NeedsReview),
        }
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

    #[test]
    fn each_outcome_a_walker_hears_about_has_one_message() {
        let told: Vec<String> = MailKind::ALL
            .iter()
            .filter_map(|kind| kind.outcome_status())
            .map(|status| status.as_str().to_owned())
            .collect();
        assert_eq!(
            told,
            ["approved", "declined", "failed", "expired", "needs_review"]
        );
        assert_eq!(MailKind::ContinueLink.outcome_status(), None);
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
