//! Operators' decisions on a walker's inquiry, through Persona's API. The status PawPass shows
//! afterwards is the one Persona returned (applied with Persona's `updated-at` through the
//! ordering rule), never a guess; every attempt that reaches Persona is audited once.

use super::action::{plain_failure, ActionKind, ActionOutcome, ActionRequest};
use super::error::ConsoleError;
use super::operator::Operator;
use super::service::Console;
use crate::domain::{AuditAction, InquiryId, WalkerId};
use crate::onboarding::persona_change;
use crate::store::{now_ms, AuditEntry};
use persona::{Inquiry, PersonaError};

impl Console {
    pub async fn decide(
        &self,
        operator: &Operator,
        walker_id: &WalkerId,
        request: &ActionRequest,
    ) -> Result<ActionOutcome, ConsoleError> {
        let walker = self
            .store
            .walkers()
            .by_id(walker_id)
            .await?
            .ok_or(ConsoleError::NotFound)?;
        let inquiry_id = walker.current_inquiry_id.ok_or(ConsoleError::NoInquiry)?;
        let result = self.ask_persona(&inquiry_id, request).await;
        let (detail, outcome) = match result {
            Ok((inquiry, link)) => {
                let change = persona_change(&inquiry, now_ms());
                let confirmed = change.status.clone();
                self.store
                    .inquiries()
                    .apply_change(&inquiry_id, &change)
                    .await?;
                // What is stored may be newer still (a webhook that overtook this answer).
                let shown = self
                    .store
                    .inquiries()
                    .by_id(&inquiry_id)
                    .await?
                    .map(|i| i.status)
                    .unwrap_or(confirmed.clone());
                tracing::info!(walker_id = %walker_id, action = request.kind.as_str(), "operator action");
                match link {
                    Some(link) => (
                        format!("One-time link created; Persona status {confirmed}"),
                        Ok(ActionOutcome::Link(link, shown)),
                    ),
                    None => (
                        format!("Persona status {confirmed}"),
                        Ok(ActionOutcome::Status(shown)),
                    ),
                }
            }
            Err(error) => {
                tracing::warn!(walker_id = %walker_id, action = request.kind.as_str(), %error, "operator action failed");
                (plain_failure(&error), Err(ConsoleError::Persona(error)))
            }
        };
        let entry = AuditEntry::new(AuditAction::from(request.kind), walker_id, &detail)
            .inquiry(Some(&inquiry_id))
            .reason(request.reason.as_deref());
        let entry = if outcome.is_ok() {
            entry
        } else {
            entry.failed()
        };
        self.store.audit().record(operator.actor(), entry).await?;
        outcome
    }

    /// The call the action makes; Persona's answer and, for a fresh link, the link.
    async fn ask_persona(
        &self,
        inquiry_id: &InquiryId,
        request: &ActionRequest,
    ) -> Result<(Inquiry, Option<String>), PersonaError> {
        let reason = request.reason.as_deref().unwrap_or_default();
        let persona = &self.persona;
        match request.kind {
            ActionKind::Approve => persona
                .approve(inquiry_id.as_str(), reason)
                .await
                .map(|i| (i, None)),
            ActionKind::Decline => persona
                .decline(inquiry_id.as_str(), reason)
                .await
                .map(|i| (i, None)),
            ActionKind::MarkForReview => persona
                .mark_for_review(inquiry_id.as_str())
                .await
                .map(|i| (i, None)),
            ActionKind::Resync => persona
                .retrieve_inquiry(inquiry_id.as_str())
                .await
                .map(|i| (i, None)),
            ActionKind::OneTimeLink => persona
                .generate_one_time_link(inquiry_id.as_str())
                .await
                .map(|(i, link)| (i, Some(link))),
        }
    }
}
