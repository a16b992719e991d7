//! Use cases: sign up, continue verification, apply Persona's webhooks. The only place that
//! combines the store and the Persona client.

pub mod decisions;
mod erasure;
mod inquiry;
mod jobs;
mod links;
pub mod operators;
mod reconcile;
mod retention;
mod signup;
mod status;
mod webhook;

pub use jobs::Worker;
pub use links::Links;
pub use reconcile::ReconcileReport;
pub use retention::{RetentionPlan, RetentionPolicy};
pub use signup::{NextStep, SignedUp};
pub use webhook::{WebhookError, WebhookVerifier};

use crate::domain::FieldErrors;
use crate::store::Store;
use persona::{PersonaClient, PersonaError};

/// Everything a use case needs. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Onboarding {
    pub store: Store,
    pub persona: PersonaClient,
    pub links: Links,
    pub template_id: String,
    pub webhooks: WebhookVerifier,
    pub worker: Worker,
    /// How long a request waits for Persona before the walker sees a "preparing" page.
    pub patience: std::time::Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum OnboardingError {
    #[error("the signup form has errors")]
    Invalid(FieldErrors),
    /// Persona could not take the request now; whatever was stored is kept for a retry.
    #[error("Persona is unavailable")]
    PersonaUnavailable(#[source] PersonaError),
    #[error("Persona refused the request")]
    PersonaRejected(#[source] PersonaError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
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
