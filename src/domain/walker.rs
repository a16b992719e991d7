//! A walker's identity data, each piece a type that can only be built by parsing.

use super::birthdate::Birthdate;
use super::field_problem::FieldProblem;
use serde::{Deserialize, Serialize};

/// Longest name we accept; Persona's fields are free text but people's names fit in this.
pub const MAX_NAME_CHARS: usize = 100;
/// RFC 5321's limit on a whole address.
pub const MAX_EMAIL_CHARS: usize = 254;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(FieldProblem::NameMissing);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(FieldProblem::NameTooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(FieldProblem::NameCharacters);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An email address as the walker typed it (trimmed). Uniqueness is by [`Email::normalized`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        let email = raw.trim();
        if email.is_empty() {
            return Err(FieldProblem::EmailMissing);
        }
        if email.chars().count() > MAX_EMAIL_CHARS {
            return Err(FieldProblem::EmailTooLong);
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err(FieldProblem::EmailNoAt);
        };
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && !local.chars().any(|c| c.is_whitespace() || c.is_control());
        if !local_ok || !domain_ok {
            return Err(FieldProblem::EmailShape);
        }
        Ok(Self(email.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to recognise a returning walker: case never makes a second account.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A phone number in E.164 form (`+14155550123`), the shape Persona's `phone-number` uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Spaces, dashes, dots and parentheses are allowed while typing and dropped here.
    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let Some(digits) = compact.strip_prefix('+') else {
            return Err(FieldProblem::PhoneCountryCode);
        };
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(FieldProblem::PhoneDigits);
        }
        if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err(FieldProblem::PhoneLength);
        }
        Ok(Self(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Deserializing goes through `parse`, like every other way of making these.
macro_rules! parsed_text {
    ($($name:ident),*) => {$(
        impl TryFrom<String> for $name {
            type Error = FieldProblem;

            fn try_from(raw: String) -> Result<Self, Self::Error> {
                Self::parse(&raw)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    )*};
}

parsed_text!(PersonName, Email, Phone);

/// Everything a valid signup carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewWalker {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub birthdate: Birthdate,
    pub phone: Option<Phone>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  Ada ").map(|n| n.0),
            Ok("Ada".to_owned())
        );
        assert_eq!(PersonName::parse("   "), Err(FieldProblem::NameMissing));
        assert!(PersonName::parse(&"x".repeat(101)).is_err());
        assert!(PersonName::parse(&"é".repeat(100)).is_ok());
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(Email::parse("walker@example.com").is_ok());
        assert!(Email::parse("walker@localhost").is_err());
        assert!(Email::parse("walker.example.com").is_err());
        assert!(Email::parse("@example.com").is_err());
        assert!(Email::parse("two words@example.com").is_err());
        assert!(Email::parse("a@-bad.com").is_err());
        assert_eq!(
            Email::parse("Ada@Example.COM").map(|e| e.normalized()),
            Ok("ada@example.com".into())
        );
    }

    #[test]
    fn deserializing_checks_like_parsing() {
        let email: Email = serde_json::from_str("\" ada@example.com \"").expect("an email");
        assert_eq!(email.as_str(), "ada@example.com");
        assert!(serde_json::from_str::<Email>("\"not an email\"").is_err());
        assert!(serde_json::from_str::<PersonName>("\"   \"").is_err());
        assert!(serde_json::from_str::<Phone>("\"0123\"").is_err());
    }

    #[test]
    fn phones_are_normalised_to_e164() {
        assert_eq!(
            Phone::parse("+1 (415) 555-0123").map(|p| p.0),
            Ok("+14155550123".to_owned())
        );
        assert!(Phone::parse("415 555 0123").is_err());
        assert!(Phone::parse("+1 415 CALL ME").is_err());
        assert!(Phone::parse("+123").is_err());
    }
}
