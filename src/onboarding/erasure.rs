//! The erasure job: an operator (through the console) or the retention policy asks, and this
//! durable job redacts every inquiry at Persona and then erases PawPass's copy. Persona goes
//! first so a failure there leaves the request pending and retried, never half-done in secret.

use super::error::OnboardingError;
use super::service::Onboarding;
use crate::domain::AuditAction;
use crate::store::{Actor, AuditEntry, JobRecord};
use persona::PersonaError;

impl Onboarding {
    /// The `erase_walker` job: redact at Persona (a transient failure retries the job), then
    /// erase here, then record that it is done.
    pub(super) async fn erase_for_job(&self, job: &JobRecord) -> Result<(), OnboardingError> {
        let walker_id = &job.walker_id;
        let inquiries = self.store.inquiries().for_walker(walker_id).await?;
        for inquiry in &inquiries {
            match self.persona.redact_inquiry(inquiry.id.as_str()).await {
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
        let entry = AuditEntry::new(AuditAction::EraseDone, walker_id, &detail);
        self.store.audit().record(Actor::System, entry).await?;
        tracing::info!(walker_id = %walker_id, "walker erased");
        Ok(())
    }
}
