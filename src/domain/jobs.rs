//! Background jobs as PawPass names them: what a job does, where it stands, and how each
//! attempt at it ended.

use super::names::names;

/// What a job does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// Creates the walker's inquiry at Persona.
    CreateInquiry,
    /// Redacts the walker's inquiries at Persona, then erases PawPass's copy.
    EraseWalker,
    /// Sends one message from the mail outbox.
    SendMail,
}

names!("job kind", JobKind {
    CreateInquiry => "create_inquiry",
    EraseWalker => "erase_walker",
    SendMail => "send_mail",
});

impl JobKind {
    /// Words for operators.
    pub fn label(self) -> &'static str {
        match self {
            Self::CreateInquiry => "create inquiry",
            Self::EraseWalker => "erase walker",
            Self::SendMail => "send mail",
        }
    }
}

/// Where a job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    /// Waiting for its run time, or running under a worker's lease.
    Queued,
    Done,
    /// Failed for good, or too often: an operator must look.
    Dead,
}

names!("job state", JobState {
    Queued => "queued",
    Done => "done",
    Dead => "dead",
});

/// How one attempt at a job ended, as its history records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptResult {
    Done,
    /// Failed in a way that may pass later; the job runs again.
    Retry,
    /// Failed for good, or too often.
    Dead,
}

names!("attempt result", AttemptResult {
    Done => "done",
    Retry => "retry",
    Dead => "dead",
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::names::UnknownValue;

    #[test]
    fn names_round_trip_and_strangers_are_refused() {
        for kind in JobKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(*kind));
        }
        for state in JobState::ALL {
            assert_eq!(state.as_str().parse(), Ok(*state));
        }
        for result in AttemptResult::ALL {
            assert_eq!(result.as_str().parse(), Ok(*result));
        }
        assert_eq!(
            "paused".parse::<JobState>(),
            Err(UnknownValue::new("job state", "paused"))
        );
    }
}
