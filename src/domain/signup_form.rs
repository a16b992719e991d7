//! The signup form as typed, and its parse into a [`NewWalker`] with one message per bad field.

use super::birthdate::Birthdate;
use super::field_problem::FieldProblem;
use super::walker::{Email, NewWalker, PersonName, Phone};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The form's fields, by their HTML `name`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignupField {
    FirstName,
    LastName,
    Email,
    Birthdate,
    Phone,
}

impl SignupField {
    /// Every field, in declaration order (the form's order), so `field as usize` indexes it.
    pub const ALL: [SignupField; 5] = [
        Self::FirstName,
        Self::LastName,
        Self::Email,
        Self::Birthdate,
        Self::Phone,
    ];
}

/// Each refused field's problem; the page words it in the walker's language.
pub type FieldErrors = BTreeMap<SignupField, FieldProblem>;

/// What the walker typed, exactly as posted, so a rejected form comes back as they left it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupDraft {
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub birthdate: String,
    #[serde(default)]
    pub phone: String,
}

impl SignupDraft {
    pub fn get(&self, field: SignupField) -> &str {
        match field {
            SignupField::FirstName => &self.first_name,
            SignupField::LastName => &self.last_name,
            SignupField::Email => &self.email,
            SignupField::Birthdate => &self.birthdate,
            SignupField::Phone => &self.phone,
        }
    }

    pub fn set(&mut self, field: SignupField, value: String) {
        let slot = match field {
            SignupField::FirstName => &mut self.first_name,
            SignupField::LastName => &mut self.last_name,
            SignupField::Email => &mut self.email,
            SignupField::Birthdate => &mut self.birthdate,
            SignupField::Phone => &mut self.phone,
        };
        *slot = value;
    }

    /// Parses every field, collecting all problems at once so the walker fixes them in one go.
    pub fn parse(&self, today: NaiveDate) -> Result<NewWalker, FieldErrors> {
        let mut errors = FieldErrors::new();
        let first_name = keep(
            &mut errors,
            SignupField::FirstName,
            PersonName::parse(&self.first_name),
        );
        let last_name = keep(
            &mut errors,
            SignupField::LastName,
            PersonName::parse(&self.last_name),
        );
        let email = keep(&mut errors, SignupField::Email, Email::parse(&self.email));
        let birthdate = keep(
            &mut errors,
            SignupField::Birthdate,
            Birthdate::parse(&self.birthdate, today),
        );
        let phone = if self.phone.trim().is_empty() {
            Some(None)
        } else {
            keep(&mut errors, SignupField::Phone, Phone::parse(&self.phone)).map(Some)
        };
        match (first_name, last_name, email, birthdate, phone) {
            (Some(first_name), Some(last_name), Some(email), Some(birthdate), Some(phone)) => {
                Ok(NewWalker {
                    first_name,
                    last_name,
                    email,
                    birthdate,
                    phone,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The parsed value, or `None` with the field's problem recorded.
fn keep<T>(
    errors: &mut FieldErrors,
    field: SignupField,
    result: Result<T, FieldProblem>,
) -> Option<T> {
    result.map_err(|problem| errors.insert(field, problem)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date")
    }

    #[test]
    fn all_lists_each_field_at_its_own_number() {
        // The signup island finds a field's input by `field as usize` in `ALL`.
        for (index, field) in SignupField::ALL.into_iter().enumerate() {
            assert_eq!(field as usize, index, "{field:?}");
        }
        let mut draft = SignupDraft::default();
        for field in SignupField::ALL {
            draft.set(field, format!("{field:?}"));
        }
        for field in SignupField::ALL {
            assert_eq!(
                draft.get(field),
                format!("{field:?}"),
                "each field has its own slot"
            );
        }
    }

    fn valid() -> SignupDraft {
        SignupDraft {
            first_name: "Ada".into(),
            last_name: "Walker".into(),
            email: "ada@example.com".into(),
            birthdate: "1990-04-23".into(),
            phone: String::new(),
        }
    }

    #[test]
    fn a_valid_form_parses_without_a_phone() {
        let walker = valid().parse(today()).expect("valid");
        assert_eq!(walker.phone, None);
        assert_eq!(walker.email.as_str(), "ada@example.com");
    }

    #[test]
    fn every_bad_field_gets_its_own_problem() {
        let draft = SignupDraft {
            first_name: " ".into(),
            last_name: "x".repeat(101),
            email: "nope".into(),
            birthdate: "2020-01-01".into(),
            phone: "12".into(),
        };
        let errors = draft.parse(today()).expect_err("invalid");
        assert_eq!(errors.len(), 5);
        assert_eq!(errors[&SignupField::FirstName], FieldProblem::NameMissing);
        assert_eq!(errors[&SignupField::LastName], FieldProblem::NameTooLong);
        assert_eq!(errors[&SignupField::Email], FieldProblem::EmailNoAt);
        assert_eq!(
            errors[&SignupField::Birthdate],
            FieldProblem::BirthdateUnderage
        );
        assert_eq!(errors[&SignupField::Phone], FieldProblem::PhoneCountryCode);
    }

    #[test]
    fn one_bad_field_leaves_the_others_alone() {
        let draft = SignupDraft {
            email: "ada@".into(),
            ..valid()
        };
        let errors = draft.parse(today()).expect_err("invalid");
        assert_eq!(
            errors.keys().copied().collect::<Vec<_>>(),
            vec![SignupField::Email]
        );
    }
}
