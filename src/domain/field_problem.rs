//! Why a typed value was refused. The domain names the problem; the words for it come from the
//! walker's language's catalogue, under [`FieldProblem::key`].

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldProblem {
    NameMissing,
    NameTooLong,
    NameCharacters,
    EmailMissing,
    EmailTooLong,
    EmailNoAt,
    EmailShape,
    BirthdateMissing,
    BirthdateShape,
    BirthdateNoSuchDay,
    BirthdateFuture,
    BirthdateUnderage,
    BirthdateYear,
    PhoneCountryCode,
    PhoneDigits,
    PhoneLength,
}

impl FieldProblem {
    pub const ALL: [FieldProblem; 16] = [
        Self::NameMissing,
        Self::NameTooLong,
        Self::NameCharacters,
        Self::EmailMissing,
        Self::EmailTooLong,
        Self::EmailNoAt,
        Self::EmailShape,
        Self::BirthdateMissing,
        Self::BirthdateShape,
        Self::BirthdateNoSuchDay,
        Self::BirthdateFuture,
        Self::BirthdateUnderage,
        Self::BirthdateYear,
        Self::PhoneCountryCode,
        Self::PhoneDigits,
        Self::PhoneLength,
    ];

    /// The message's id in the catalogues (`locales/*/walker.ftl`).
    pub fn key(self) -> &'static str {
        match self {
            Self::NameMissing => "problem-name-missing",
            Self::NameTooLong => "problem-name-too-long",
            Self::NameCharacters => "problem-name-characters",
            Self::EmailMissing => "problem-email-missing",
            Self::EmailTooLong => "problem-email-too-long",
            Self::EmailNoAt => "problem-email-no-at",
            Self::EmailShape => "problem-email-shape",
            Self::BirthdateMissing => "problem-birthdate-missing",
            Self::BirthdateShape => "problem-birthdate-shape",
            Self::BirthdateNoSuchDay => "problem-birthdate-no-such-day",
            Self::BirthdateFuture => "problem-birthdate-future",
            Self::BirthdateUnderage => "problem-birthdate-underage",
            Self::BirthdateYear => "problem-birthdate-year",
            Self::PhoneCountryCode => "problem-phone-country-code",
            Self::PhoneDigits => "problem-phone-digits",
            Self::PhoneLength => "problem-phone-length",
        }
    }
}

/// For logs and deserialization errors, which are for engineers: the catalogue key.
impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_problem_has_its_own_key() {
        let keys: BTreeSet<_> = FieldProblem::ALL.iter().map(|p| p.key()).collect();
        assert_eq!(keys.len(), FieldProblem::ALL.len());
    }
}
