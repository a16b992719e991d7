//! Background jobs as PawPass names them: what a job does, where it stands, and how each
//! attempt at it ended.

use super::unknown::UnknownValue;
use std::str::FromStr;

/// What a job does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// Creates the walker's inquiry at Persona.
    CreateInquiry,
    /// Redacts the walker's inquiries at Persona, then erases PawPass's copy.
    EraseWalker,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CreateInquiry => "create_inquiry",
            Self::EraseWalker => "erase_walker",
        }
    }

    /// Words for operators.
    pub fn label(self) -> &'static str {
        match self {
            Self::CreateInquiry => "create inquiry",
            Self::EraseWalker => "erase walker",
        }
    }
}

impl FromStr for JobKind {
    type Err = UnknownValue;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "create_inquiry" => Ok(Self::CreateInquiry),
            "erase_walker" => Ok(Self::EraseWalker),
            other => Err(UnknownValue::new("job kind", other)),
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

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Done => "done",
            Self::Dead => "dead",
        }
    }
}

impl FromStr for JobState {
    type Err = UnknownValue;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "queued" => Ok(Self::Queued),
            "done" => Ok(Self::Done),
            "dead" => Ok(Self::Dead),
            other => Err(UnknownValue::new("job state", other)),
        }
    }
}

/// How one attempt at a job ended, as its history records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptResult {
    Done,
    /// Failed in a way that may pass later; the job runs again.
    Retry,
    /// Failed for good, or too often.
    Dead,
}

impl AttemptResult {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Retry => "retry",
            Self::Dead => "dead",
        }
    }
}

impl FromStr for AttemptResult {
    type Err = UnknownValue;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "done" => Ok(Self::Done),
            "retry" => Ok(Self::Retry),
            "dead" => Ok(Self::Dead),
            other => Err(UnknownValue::new("attempt result", other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_strangers_are_refused() {
        for kind in [JobKind::CreateInquiry, JobKind::EraseWalker] {
            assert_eq!(kind.as_str().parse(), Ok(kind));
        }
        for state in [JobState::Queued, JobState::Done, JobState::Dead] {
            assert_eq!(state.as_str().parse(), Ok(state));
        }
        for result in [
            AttemptResult::Done,
            AttemptResult::Retry,
            AttemptResult::Dead,
        ] {
            assert_eq!(result.as_str().parse(), Ok(result));
        }
        assert_eq!(
            "paused".parse::<JobState>(),
            Err(UnknownValue::new("job state", "paused"))
        );
    }
}
