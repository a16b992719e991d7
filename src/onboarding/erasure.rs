//! The erasure job: an operator (through the console) or the retention policy asks, and this
//! durable job redacts every inquiry and the account at Persona and then erases PawPass's copy.
//! Persona goes first so a failure there leaves the request pending and retried, never half-done
//! in secret.

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
            gone_or(self.persona.redact_inquiry(inquiry.id.as_str()).await)?;
        }
        // The account keeps the reference id and personal data too. Persona's own lookup by
        // reference finds it even when no inquiry named it (made before PawPass read it).
        let mut accounts: Vec<String> = inquiries
            .iter()
            .filter_map(|i| i.account_id.as_ref().map(|a| a.as_str().to_owned()))
            .collect();
        for account in self
            .persona
            .accounts_for_reference(walker_id.as_str())
            .await?
        {
            accounts.push(account.id);
        }
        accounts.sort();
        accounts.dedup();
        for account in &accounts {
            gone_or(self.persona.redact_account(account).await)?;
        }
        let detail = format!(
            "Personal data erased; {} Persona inquiries and {} accounts redacted",
            inquiries.len(),
            accounts.len()
        );
        let entry = AuditEntry::new(AuditAction::EraseDone, walker_id, &detail);
        self.store
            .walkers()
            .erase(walker_id, (Actor::System, entry))
            .await?;
        tracing::info!(walker_id = %walker_id, "walker erased");
        Ok(())
    }
}

/// Already redacted (409) or unknown to Persona (404) counts as done: nothing is left there.
fn gone_or(result: Result<(), PersonaError>) -> Result<(), PersonaError> {
    match result {
        Err(PersonaError::Rejected { status, .. }) if matches!(status.as_u16(), 404 | 409) => {
            Ok(())
        }
        other => other,
    }
}
