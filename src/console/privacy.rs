//! Operators' privacy requests about one walker: erasure (with a reason, retyping the walker's
//! email so the wrong person is never erased), retrying an erasure that gave up, and revealing
//! masked fields. Each is audited, looking included: it is itself an access to personal data.

use super::action::parse_reason;
use super::error::ConsoleError;
use super::operator::Operator;
use super::service::Console;
use crate::domain::{AuditAction, JobKind, WalkerId};
use crate::store::{AuditEntry, WalkerRecord};

const ALREADY: &str = "Erasure was already requested for this walker.";

impl Console {
    /// Validates and queues an erasure, auditing the request. The job runs at once in the
    /// background worker (see `onboarding`'s erasure job).
    pub async fn request_erasure(
        &self,
        operator: &Operator,
        walker_id: &WalkerId,
        reason: &str,
        typed_email: &str,
    ) -> Result<(), ConsoleError> {
        let walker = self.existing_walker(walker_id).await?;
        if walker.is_erased_or_going() {
            return Err(ConsoleError::Invalid(ALREADY));
        }
        let reason = parse_reason(reason, Some("Please give a reason for the erasure."))?;
        if !typed_email.trim().eq_ignore_ascii_case(walker.email.trim()) {
            return Err(ConsoleError::Invalid(
                "The email you typed is not this walker's, so nothing was erased.",
            ));
        }
        let queued = self.store.walkers().request_erasure(walker_id).await?;
        if queued.is_none() {
            // Another request got there first.
            return Err(ConsoleError::Invalid(ALREADY));
        }
        let entry = AuditEntry::new(
            AuditAction::Erase,
            walker_id,
            "Erasure requested; Persona redaction and PawPass erasure queued",
        )
        .inquiry(walker.current_inquiry_id.as_ref())
        .reason(reason.as_deref());
        self.store.audit().record(operator.actor(), entry).await?;
        tracing::info!(walker_id = %walker_id, "erasure requested");
        self.worker.ring();
        Ok(())
    }

    /// Retries an erasure whose job gave up, auditing who asked.
    pub async fn retry_erasure(
        &self,
        operator: &Operator,
        walker_id: &WalkerId,
    ) -> Result<(), ConsoleError> {
        let requeued = self
            .store
            .jobs()
            .requeue_dead(walker_id, JobKind::EraseWalker)
            .await?;
        if !requeued {
            return Err(ConsoleError::Invalid(
                "This walker has no failed erasure to retry.",
            ));
        }
        let entry = AuditEntry::new(
            AuditAction::EraseRetry,
            walker_id,
            "Failed erasure queued again",
        );
        self.store.audit().record(operator.actor(), entry).await?;
        tracing::info!(walker_id = %walker_id, "erasure retried");
        self.worker.ring();
        Ok(())
    }

    /// Records that `operator` is shown the walker's birthdate and phone in full; the page
    /// then shows them once.
    pub async fn reveal(
        &self,
        operator: &Operator,
        walker_id: &WalkerId,
    ) -> Result<(), ConsoleError> {
        self.existing_walker(walker_id).await?;
        let entry = AuditEntry::new(
            AuditAction::Reveal,
            walker_id,
            "Birthdate and phone shown in full",
        );
        self.store.audit().record(operator.actor(), entry).await?;
        Ok(())
    }

    pub(super) async fn existing_walker(
        &self,
        walker_id: &WalkerId,
    ) -> Result<WalkerRecord, ConsoleError> {
        self.store
            .walkers()
            .by_id(walker_id)
            .await?
            .ok_or(ConsoleError::NotFound)
    }
}
