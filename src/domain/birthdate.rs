//! A walker's date of birth: a real date, in the past, of an adult.

use super::field_problem::FieldProblem;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Walkers must be adults.
pub const MINIMUM_AGE_YEARS: u32 = 18;
/// Older than this is almost certainly a typo in the year.
pub const MAXIMUM_AGE_YEARS: u32 = 120;

/// No `Deserialize`: its rule needs today's date, so it is only ever made by [`Birthdate::parse`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Birthdate(NaiveDate);

impl Birthdate {
    /// `today` is passed in so the rule stays pure and testable.
    pub fn parse(raw: &str, today: NaiveDate) -> Result<Self, FieldProblem> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldProblem::BirthdateMissing);
        }
        let shape_ok = raw.len() == 10
            && raw.char_indices().all(|(i, c)| match i {
                4 | 7 => c == '-',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(FieldProblem::BirthdateShape);
        }
        let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| FieldProblem::BirthdateNoSuchDay)?;
        if date > today {
            return Err(FieldProblem::BirthdateFuture);
        }
        let age = age_on(date, today);
        if age < MINIMUM_AGE_YEARS {
            return Err(FieldProblem::BirthdateUnderage);
        }
        if age > MAXIMUM_AGE_YEARS {
            return Err(FieldProblem::BirthdateYear);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date")
    }

    #[test]
    fn birthdates_must_exist_be_past_and_adult() {
        let parse = |raw| Birthdate::parse(raw, today());
        assert!(parse("1990-04-23").is_ok());
        assert_eq!(parse("23/04/1990"), Err(FieldProblem::BirthdateShape));
        assert_eq!(parse("2001-02-30"), Err(FieldProblem::BirthdateNoSuchDay));
        assert_eq!(parse("2030-01-01"), Err(FieldProblem::BirthdateFuture));
        assert_eq!(parse("2010-01-01"), Err(FieldProblem::BirthdateUnderage));
        assert_eq!(parse("1880-01-01"), Err(FieldProblem::BirthdateYear));
    }

    #[test]
    fn eighteenth_birthday_counts_on_the_day() {
        assert!(Birthdate::parse("2008-11-26", today()).is_ok());
        assert!(Birthdate::parse("2008-11-27", today()).is_err());
    }
}
