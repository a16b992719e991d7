//! What can go wrong in a walker's use case.

use crate::domain::{FieldErrors, WalkerId};
use persona::PersonaError;

#[derive(Debug, thiserror::Error)]
pub enum OnboardingError {
    #[error("the signup form has errors")]
    Invalid(FieldErrors),
    /// No walker has this id (a browser session that outlived its walker's row).
    #[error("walker {0} not found")]
    UnknownWalker(WalkerId),
    /// Persona could not take the request now; whatever was stored is kept for a retry.
    #[error("Persona is unavailable")]
    PersonaUnavailable(#[source] PersonaError),
    #[error("Persona refused the request")]
    PersonaRejected(#[source] PersonaError),
    /// The mail server cannot take the message now; the job keeps it and retries.
    #[error("mail is unavailable")]
    MailUnavailable(#[source] crate::mail::MailError),
    #[error("the mail server refused the message")]
    MailRefused(#[source] crate::mail::MailError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl OnboardingError {
    /// Whether trying again later may succeed (the job worker retries these).
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::PersonaUnavailable(_) | Self::MailUnavailable(_))
    }
}

impl From<PersonaError> for OnboardingError {
    fn from(error: PersonaError) -> Self {
        if error.is_transient() {
            Self::PersonaUnavailable(error)
        } else {
            Self::PersonaRejected(error)
        }
    }
}
