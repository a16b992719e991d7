//! What a returning walker may do, by the status of their current inquiry. This is the one
//! place that decides whether someone goes back into Persona's flow, waits, or may try again.

use super::VerificationStatus;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReturnAction {
    /// No inquiry yet: it is being created (or will be, once Persona answers).
    Prepare,
    /// `created`: the same Hosted Flow link opens it; nothing was started.
    OpenLink,
    /// `pending` or `expired`: Persona's resume gives a session token (and turns an expired
    /// inquiry back to pending), so the flow opens where the walker left it.
    Resume,
    /// `completed` or `needs_review`: Persona or an operator is deciding; no way back into the
    /// flow, which would only confuse.
    Reviewing,
    /// `approved`: done.
    Welcome,
    /// `failed`: the checks did not pass (a blurry photo, a timeout). A fresh inquiry is offered.
    NewAttempt,
    /// `declined`: a decision about the person, not the attempt. No automatic retry; support
    /// can help.
    Declined,
    /// A status PawPass does not know yet: show it and wait for the next webhook.
    Wait,
}

impl ReturnAction {
    pub fn for_status(status: &VerificationStatus) -> Self {
        match status {
            VerificationStatus::NotStarted => Self::Prepare,
            VerificationStatus::Created => Self::OpenLink,
            VerificationStatus::Pending | VerificationStatus::Expired => Self::Resume,
            VerificationStatus::Completed | VerificationStatus::NeedsReview => Self::Reviewing,
            VerificationStatus::Approved => Self::Welcome,
            VerificationStatus::Failed => Self::NewAttempt,
            VerificationStatus::Declined => Self::Declined,
            VerificationStatus::Unknown(_) => Self::Wait,
        }
    }

    /// Whether the walker may start a new inquiry from this status.
    pub fn allows_new_attempt(self) -> bool {
        self == Self::NewAttempt
    }

    /// Whether the walker goes (back) into Persona's Hosted Flow.
    pub fn enters_flow(self) -> bool {
        matches!(self, Self::OpenLink | Self::Resume)
    }
}

/// Seconds until a walker's waiting page looks at their status again, while something is still
/// expected to change; `None` when nothing is. A walker just back from Persona's flow
/// (`returned`) usually arrives before its webhooks do, so a `created` they have left behind is
/// expected to change too; elsewhere that page stays still under their hands.
pub fn look_again_after(status: &VerificationStatus, returned: bool) -> Option<u32> {
    match status {
        VerificationStatus::Pending | VerificationStatus::Completed => Some(2),
        VerificationStatus::NotStarted => Some(3),
        VerificationStatus::Created if returned => Some(3),
        VerificationStatus::NeedsReview => Some(30),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use VerificationStatus as S;

    #[test]
    fn only_a_failed_attempt_may_be_retried() {
        let all = [
            S::NotStarted,
            S::Created,
            S::Pending,
            S::Expired,
            S::Completed,
            S::NeedsReview,
            S::Approved,
            S::Failed,
            S::Declined,
            S::Unknown("x".into()),
        ];
        let retryable: Vec<_> = all
            .iter()
            .filter(|s| ReturnAction::for_status(s).allows_new_attempt())
            .collect();
        assert_eq!(retryable, vec![&S::Failed]);
    }

    #[test]
    fn unfinished_inquiries_go_back_into_the_flow_and_decided_ones_never_do() {
        for status in [S::Created, S::Pending, S::Expired] {
            assert!(ReturnAction::for_status(&status).enters_flow(), "{status}");
        }
        for status in [
            S::Completed,
            S::NeedsReview,
            S::Approved,
            S::Declined,
            S::Failed,
        ] {
            assert!(!ReturnAction::for_status(&status).enters_flow(), "{status}");
        }
    }

    #[test]
    fn waiting_pages_look_again_only_while_a_change_is_expected() {
        assert_eq!(
            look_again_after(&VerificationStatus::Pending, false),
            Some(2)
        );
        assert_eq!(
            look_again_after(&VerificationStatus::NeedsReview, false),
            Some(30)
        );
        assert_eq!(
            look_again_after(&VerificationStatus::Created, true),
            Some(3)
        );
        assert_eq!(look_again_after(&VerificationStatus::Created, false), None);
        for settled in [
            VerificationStatus::Approved,
            VerificationStatus::Declined,
            VerificationStatus::Failed,
            VerificationStatus::Expired,
        ] {
            assert_eq!(look_again_after(&settled, true), None, "{settled:?}");
        }
    }
}
