//! What every walker use case works with: the store, Persona, the links handed to browsers,
//! the webhook secrets and the job worker. Built once at startup; cheap to clone.

use super::error::OnboardingError;
use super::links::Links;
use super::verifier::WebhookVerifier;
use super::worker::Worker;
use crate::domain::WalkerId;
use crate::mail::Mailer;
use crate::store::{Sample, Store, WalkerRecord};
use persona::PersonaClient;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Onboarding {
    pub(super) store: Store,
    pub(super) persona: PersonaClient,
    pub(super) links: Links,
    pub(super) template_id: String,
    pub(super) webhooks: WebhookVerifier,
    pub(super) worker: Worker,
    pub(super) mailer: Mailer,
    /// How long a request waits for Persona before the walker sees a "preparing" page.
    pub(super) wait_for_inquiry: Duration,
}

/// How this deployment reaches Persona and its walkers.
#[derive(Clone, Debug)]
pub struct OnboardingSettings {
    pub links: Links,
    /// The Persona inquiry template every walker's inquiry is created from.
    pub template_id: String,
    pub webhooks: WebhookVerifier,
    pub wait_for_inquiry: Duration,
    pub mailer: Mailer,
}

impl Onboarding {
    /// `worker` is shared with the console, whose erasure requests wake it.
    pub fn new(
        store: Store,
        persona: PersonaClient,
        worker: Worker,
        settings: OnboardingSettings,
    ) -> Self {
        Self {
            store,
            persona,
            links: settings.links,
            template_id: settings.template_id,
            webhooks: settings.webhooks,
            worker,
            mailer: settings.mailer,
            wait_for_inquiry: settings.wait_for_inquiry,
        }
    }

    pub fn links(&self) -> &Links {
        &self.links
    }

    /// Wakes the job worker now instead of at its next tick.
    pub fn wake_worker(&self) {
        self.worker.ring();
    }

    /// Whether this instance can do its work: see [`Readiness`].
    pub async fn readiness(&self) -> Readiness {
        let database = self.store.ping().await.map_err(|e| format!("{e:#}"));
        let pending_migrations = match &database {
            Ok(()) => self
                .store
                .health()
                .pending_migrations()
                .await
                .map_err(|e| format!("{e:#}")),
            Err(_) => Err("not checked".to_owned()),
        };
        Readiness {
            database,
            pending_migrations,
            // A job may hold the worker for as long as its lease; longer means it is stuck.
            job_runner_alive: self
                .worker
                .alive_within(self.worker.lease + Duration::from_secs(30)),
        }
    }

    /// The numbers operators watch that live in the database (see `server::metrics`).
    pub async fn sample(&self) -> anyhow::Result<Sample> {
        self.store.health().sample().await
    }

    /// The walker with this id.
    pub(super) async fn walker(
        &self,
        walker_id: &WalkerId,
    ) -> Result<WalkerRecord, OnboardingError> {
        self.store
            .walkers()
            .by_id(walker_id)
            .await?
            .ok_or_else(|| OnboardingError::UnknownWalker(walker_id.clone()))
    }
}

/// What `/health/ready` reports.
#[derive(Debug)]
pub struct Readiness {
    pub database: Result<(), String>,
    pub pending_migrations: Result<usize, String>,
    pub job_runner_alive: bool,
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.database.is_ok() && self.pending_migrations == Ok(0) && self.job_runner_alive
    }
}
