//! Erasure on request: an operator asks (with a reason, retyping the walker's email), a
//! durable job redacts every inquiry at Persona and then erases PawPass's copy. Persona goes
//! first so a failure there leaves the request pending and retried, never half-done in secret.

use super::decisions::{ActionError, Operator};
use super::{Onboarding, OnboardingError};
use crate::domain::JobKind;
use crate::store::{JobRecord, NewAuditEntry};
use persona::PersonaError;

const MAX_REASON_CHARS: usize = 1000;

/// Who the audit log names for work the background job does on an operator's behalf.
const SYSTEM_ID: &str = "system";
const SYSTEM_NAME: &str = "pawpass";

impl Onboarding {
    /// Validates and queues an erasure, auditing the request. The job runs at once in the
    /// background worker.
    pub async fn request_erasure(
        &self,
        operator: &Operator,
        walker_id: &str,
        reason: &str,
        typed_email: &str,
    ) -> Result<(), ActionError> {
        let walker = self
            .store
            .walkers()
            .by_id(walker_id)
            .await?
            .ok_or(ActionError::NotFound)?;
        if walker.erasure_requested_at.is_some() || walker.erased_at.is_some() {
            return Err(ActionError::Invalid(
                "Erasure was already requested for this walker.",
            ));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ActionError::Invalid(
                "Please give a reason for the erasure.",
            ));
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(ActionError::Invalid(
                "Please keep the reason under 1000 characters.",
            ));
        }
        if !typed_email.trim().eq_ignore_ascii_case(walker.email.trim()) {
            return Err(ActionError::Invalid(
                "The email you typed is not this walker's, so nothing was erased.",
            ));
        }
        if self
            .store
            .walkers()
            .request_erasure(walker_id)
            .await?
            .is_none()
        {
            return Err(ActionError::Invalid(
                "Erasure was already requested for this walker.",
            ));
        }
        self.store
            .audit()
            .append(&NewAuditEntry {
                operator_id: &operator.id,
                operator_username: &operator.username,
                action: crate::domain::AuditAction::Erase,
                walker_id: Some(walker_id),
                inquiry_id: walker.current_inquiry_id.as_deref(),
                reason: Some(reason),
                outcome: crate::domain::AuditOutcome::Ok,
                detail: "Erasure requested; Persona redaction and PawPass erasure queued",
            })
            .await?;
        tracing::info!(walker_id, "erasure requested");
        self.worker.bell.notify_one();
        Ok(())
    }

    /// Retries an erasure whose job gave up, auditing who asked.
    pub async fn retry_erasure(
        &self,
        operator: &Operator,
        walker_id: &str,
    ) -> Result<(), ActionError> {
        if !self
            .store
            .jobs()
            .requeue_dead(walker_id, JobKind::EraseWalker)
            .await?
        {
            return Err(ActionError::Invalid(
                "This walker has no failed erasure to retry.",
            ));
        }
        self.store
            .audit()
            .append(&NewAuditEntry {
                operator_id: &operator.id,
                operator_username: &operator.username,
                action: crate::domain::AuditAction::EraseRetry,
                walker_id: Some(walker_id),
                inquiry_id: None,
                reason: None,
                outcome: crate::domain::AuditOutcome::Ok,
                detail: "Failed erasure queued again",
            })
            .await?;
        tracing::info!(walker_id, "erasure retried");
        self.worker.bell.notify_one();
        Ok(())
    }

    /// The `erase_walker` job: redact at Persona (a transient failure retries the job), then
    /// erase here, then record that it is done.
    pub(super) async fn erase_for_job(&self, job: &JobRecord) -> Result<(), OnboardingError> {
        let walker_id = job.walker_id.as_str();
        let inquiries = self.store.inquiries().for_walker(walker_id).await?;
        for inquiry in &inquiries {
            match self.persona.redact_inquiry(&inquiry.id).await {
                Ok(()) => {}
                // Already redacted (409) or unknown to Persona (404): nothing left there.
                Err(PersonaError::Rejected { status, .. })
                    if matches!(status.as_u16(), 404 | 409) => {}
                Err(error) => return Err(error.into()),
            }
        }
        self.store.walkers().erase(walker_id).await?;
        let detail = format!(
            "Personal data erased; {} Persona inquiries redacted",
            inquiries.len()
        );
        self.store
            .audit()
            .append(&NewAuditEntry {
                operator_id: SYSTEM_ID,
                operator_username: SYSTEM_NAME,
                action: crate::domain::AuditAction::EraseDone,
                walker_id: Some(walker_id),
                inquiry_id: None,
                reason: None,
                outcome: crate::domain::AuditOutcome::Ok,
                detail: &detail,
            })
            .await?;
        tracing::info!(walker_id, "walker erased");
        Ok(())
    }
}
