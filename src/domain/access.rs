//! Whether an operator may sign in.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Enabled,
    /// Cannot sign in; their open sessions end at their next request.
    Disabled,
}

impl Access {
    /// The word `pawpass operator …` prints.
    pub fn past_tense(self) -> &'static str {
        match self {
            Self::Enabled => "enabled",
            Self::Disabled => "disabled",
        }
    }
}
