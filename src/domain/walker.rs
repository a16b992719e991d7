//! A walker's identity data, each piece a type that can only be built by parsing.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Longest name we accept; Persona's fields are free text but people's names fit in this.
pub const MAX_NAME_CHARS: usize = 100;
/// RFC 5321's limit on a whole address.
pub const MAX_EMAIL_CHARS: usize = 254;
/// Walkers must be adults.
pub const MINIMUM_AGE_YEARS: u32 = 18;
/// Older than this is almost certainly a typo in the year.
pub const MAXIMUM_AGE_YEARS: u32 = 120;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let name = raw.trim();
        if name.is_empty() {
            return Err("Please enter this name.");
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err("Please keep this under 100 characters.");
        }
        if name.chars().any(char::is_control) {
            return Err("This name contains characters we can't accept.");
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An email address as the walker typed it (trimmed). Uniqueness is by [`Email::normalized`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let email = raw.trim();
        if email.is_empty() {
            return Err("Please enter your email address.");
        }
        if email.chars().count() > MAX_EMAIL_CHARS {
            return Err("This email address is too long.");
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err("An email address needs an @, like name@example.com.");
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
            return Err("This doesn't look like an email address, like name@example.com.");
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Birthdate(NaiveDate);

impl Birthdate {
    /// `today` is passed in so the rule stays pure and testable.
    pub fn parse(raw: &str, today: NaiveDate) -> Result<Self, &'static str> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("Please enter your date of birth.");
        }
        let shape_ok = raw.len() == 10
            && raw.char_indices().all(|(i, c)| match i {
                4 | 7 => c == '-',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return Err("Please write the date as YYYY-MM-DD, like 1990-04-23.");
        }
        let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| "That date doesn't exist; please check the day and month.")?;
        if date > today {
            return Err("Your date of birth can't be in the future.");
        }
        let age = age_on(date, today);
        if age < MINIMUM_AGE_YEARS {
            return Err("You must be at least 18 years old to walk dogs with PawPass.");
        }
        if age > MAXIMUM_AGE_YEARS {
            return Err("Please check the year of your date of birth.");
        }
        Ok(Self(date))
    }

    pub fn date(&self) -> NaiveDate {
        self.0
    }

    /// Persona's `date` field format.
    pub fn to_iso(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let had_birthday = (today.month(), today.day()) >= (birth.month(), birth.day());
    let years = today.year() - birth.year() - if had_birthday { 0 } else { 1 };
    u32::try_from(years).unwrap_or(0)
}

/// A phone number in E.164 form (`+14155550123`), the shape Persona's `phone-number` uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    /// Spaces, dashes, dots and parentheses are allowed while typing and dropped here.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let Some(digits) = compact.strip_prefix('+') else {
            return Err("Please start with + and your country code, like +14155550123.");
        };
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err("A phone number may contain only digits after the +.");
        }
        if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err("This phone number has the wrong length for an international number.");
        }
        Ok(Self(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

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

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date")
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  Ada ").map(|n| n.0),
            Ok("Ada".to_owned())
        );
        assert_eq!(PersonName::parse("   "), Err("Please enter this name."));
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
    fn birthdates_must_exist_be_past_and_adult() {
        let parse = |raw| Birthdate::parse(raw, today());
        assert!(parse("1990-04-23").is_ok());
        assert_eq!(
            parse("23/04/1990"),
            Err("Please write the date as YYYY-MM-DD, like 1990-04-23.")
        );
        assert_eq!(
            parse("2001-02-30"),
            Err("That date doesn't exist; please check the day and month.")
        );
        assert_eq!(
            parse("2030-01-01"),
            Err("Your date of birth can't be in the future.")
        );
        assert_eq!(
            parse("2010-01-01"),
            Err("You must be at least 18 years old to walk dogs with PawPass.")
        );
        assert_eq!(
            parse("1880-01-01"),
            Err("Please check the year of your date of birth.")
        );
    }

    #[test]
    fn eighteenth_birthday_counts_on_the_day() {
        assert!(Birthdate::parse("2008-11-26", today()).is_ok());
        assert!(Birthdate::parse("2008-11-27", today()).is_err());
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
