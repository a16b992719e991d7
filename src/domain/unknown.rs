//! The error of every closed set of names PawPass reads back (job kinds and states, audit
//! actions…): a value it never writes means a damaged row or a newer version, never a guess.

/// A name that is not one of `what`'s.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
}

impl UnknownValue {
    pub fn new(what: &'static str, value: &str) -> Self {
        Self {
            what,
            value: value.to_owned(),
        }
    }
}
