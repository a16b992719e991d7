//! Closed sets of names PawPass writes and reads back (job kinds and states, audit actions…):
//! each a Rust enum with its text, and a value it never writes is an error, never a guess (it
//! means a damaged row or a newer version).

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

/// Gives an enum its names: `ALL`, `as_str` and a `FromStr` that refuses strangers with
/// [`UnknownValue`]. `what` says what the names are, for that error.
macro_rules! names {
    ($what:literal, $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::names::UnknownValue;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value {
                    $($text => Ok($name::$variant),)+
                    other => Err($crate::domain::names::UnknownValue::new($what, other)),
                }
            }
        }
    };
}

pub(crate) use names;
