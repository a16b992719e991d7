//! The walkers' use cases: sign up, continue verification, see one's status; and the work that
//! keeps their verification right behind the scenes: Persona's webhooks, the job worker,
//! reconciliation and retention. With the console (`crate::console`), the only place that
//! reaches the store and Persona.

mod continue_link;
mod erasure;
mod error;
mod event_months;
mod inquiry;
mod jobs;
mod links;
mod mail;
mod reconcile;
mod retention;
mod service;
mod signup;
mod status;
mod verifier;
mod walker_list;
mod webhook;
mod worker;

pub use continue_link::{LinkToken, LINK_QUIET};
pub use error::OnboardingError;
pub use event_months::{EVERY as EVENT_MONTHS_EVERY, MONTHS_AHEAD};
pub(crate) use inquiry::persona_change;
pub use jobs::LEASE;
pub use links::Links;
pub use mail::LINK_LIFETIME;
pub use reconcile::ReconcileReport;
pub use retention::{RetentionPlan, RetentionPolicy};
pub use service::{Onboarding, OnboardingSettings, Readiness};
pub use signup::{NextStep, SignedUp, Signup};
pub use verifier::WebhookVerifier;
pub use webhook::WebhookError;
pub use worker::Worker;
