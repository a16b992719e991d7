//! Operators' actions on a walker's inquiry, through Persona's API. The status PawPass shows
//! afterwards is the one Persona returned (applied with Persona's `updated-at` through the
//! ordering rule), never a guess; every attempt that reaches Persona is audited once.

use super::inquiry::persona_status;
use super::Onboarding;
use crate::domain::status::StatusChange;
use crate::domain::{AuditAction, AuditOutcome, VerificationStatus};
use crate::store::{now_ms, NewAuditEntry};
use persona::{Inquiry, PersonaError};

const MAX_REASON_CHARS: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    Approve,
    Decline,
    MarkForReview,
    Resync,
    OneTimeLink,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Decline => "decline",
            Self::MarkForReview => "mark_for_review",
            Self::Resync => "resync",
            Self::OneTimeLink => "one_time_link",
        }
    }

    fn needs_reason(self) -> bool {
        matches!(self, Self::Approve | Self::Decline | Self::MarkForReview)
    }
}

impl From<ActionKind> for AuditAction {
    fn from(kind: ActionKind) -> Self {
        match kind {
            ActionKind::Approve => Self::Approve,
            ActionKind::Decline => Self::Decline,
            ActionKind::MarkForReview => Self::MarkForReview,
            ActionKind::Resync => Self::Resync,
            ActionKind::OneTimeLink => Self::OneTimeLink,
        }
    }
}

/// A parsed action form: a known action and, for decisions, a reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionRequest {
    pub kind: ActionKind,
    pub reason: Option<String>,
}

impl ActionRequest {
    pub fn parse(action: &str, reason: &str) -> Result<Self, ActionError> {
        let kind = match action {
            "approve" => ActionKind::Approve,
            "decline" => ActionKind::Decline,
            "mark_for_review" => ActionKind::MarkForReview,
            "resync" => ActionKind::Resync,
            "one_time_link" => ActionKind::OneTimeLink,
            _ => return Err(ActionError::Invalid("That action is not known.")),
        };
        let reason = reason.trim();
        if kind.needs_reason() && reason.is_empty() {
            return Err(ActionError::Invalid(
                "Please give a reason for this decision.",
            ));
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(ActionError::Invalid(
                "Please keep the reason under 1000 characters.",
            ));
        }
        Ok(Self {
            kind,
            reason: (!reason.is_empty()).then(|| reason.to_owned()),
        })
    }
}

/// Who is acting.
#[derive(Clone, Debug)]
pub struct Operator {
    pub id: String,
    pub username: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionOutcome {
    /// Persona confirmed; this is the status now stored.
    Status(VerificationStatus),
    /// A fresh one-time link for the walker, and the status Persona reported.
    Link(String, VerificationStatus),
}

#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("{0}")]
    Invalid(&'static str),
    #[error("no such walker")]
    NotFound,
    #[error("the walker has no inquiry yet")]
    NoInquiry,
    #[error("Persona refused or failed the call")]
    Persona(#[source] PersonaError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl Onboarding {
    pub async fn operator_action(
        &self,
        operator: &Operator,
        walker_id: &str,
        request: &ActionRequest,
    ) -> Result<ActionOutcome, ActionError> {
        let walker = self
            .store
            .walkers()
            .by_id(walker_id)
            .await?
            .ok_or(ActionError::NotFound)?;
        let inquiry_id = walker.current_inquiry_id.ok_or(ActionError::NoInquiry)?;
        let reason = request.reason.as_deref().unwrap_or_default();
        let persona = &self.persona;
        let result: Result<(Inquiry, Option<String>), PersonaError> = match request.kind {
            ActionKind::Approve => persona
                .approve(&inquiry_id, reason)
                .await
                .map(|i| (i, None)),
            ActionKind::Decline => persona
                .decline(&inquiry_id, reason)
                .await
                .map(|i| (i, None)),
            ActionKind::MarkForReview => persona
                .mark_for_review(&inquiry_id)
                .await
                .map(|i| (i, None)),
            ActionKind::Resync => persona
                .retrieve_inquiry(&inquiry_id)
                .await
                .map(|i| (i, None)),
            ActionKind::OneTimeLink => persona
                .generate_one_time_link(&inquiry_id)
                .await
                .map(|(i, link)| (i, Some(link))),
        };
        let audit = |outcome: AuditOutcome, detail: String| {
            let store = self.store.clone();
            let (operator, walker_id, inquiry_id) =
                (operator.clone(), walker_id.to_owned(), inquiry_id.clone());
            let (action, reason) = (AuditAction::from(request.kind), request.reason.clone());
            async move {
                store
                    .audit()
                    .append(&NewAuditEntry {
                        operator_id: &operator.id,
                        operator_username: &operator.username,
                        action,
                        walker_id: Some(&walker_id),
                        inquiry_id: Some(&inquiry_id),
                        reason: reason.as_deref(),
                        outcome,
                        detail: &detail,
                    })
                    .await
            }
        };
        match result {
            Ok((inquiry, link)) => {
                let confirmed = persona_status(&inquiry);
                let at_ms = inquiry
                    .attributes
                    .updated_at
                    .map(|t| t.timestamp_millis())
                    .unwrap_or_else(now_ms);
                let change = StatusChange {
                    status: confirmed.clone(),
                    at_ms,
                };
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
                let detail = match &link {
                    Some(_) => format!("One-time link created; Persona status {confirmed}"),
                    None => format!("Persona status {confirmed}"),
                };
                audit(AuditOutcome::Ok, detail).await?;
                tracing::info!(walker_id, action = request.kind.as_str(), "operator action");
                Ok(match link {
                    Some(link) => ActionOutcome::Link(link, shown),
                    None => ActionOutcome::Status(shown),
                })
            }
            Err(error) => {
                tracing::warn!(walker_id, action = request.kind.as_str(), %error, "operator action failed");
                audit(AuditOutcome::Failed, plain_failure(&error)).await?;
                Err(ActionError::Persona(error))
            }
        }
    }
}

/// Why Persona did not do it, in words an operator can act on.
pub fn plain_failure(error: &PersonaError) -> String {
    match error {
        PersonaError::Network(_) => "Persona could not be reached".into(),
        PersonaError::RateLimited { .. } => {
            "Persona is busy (rate limited); try again shortly".into()
        }
        PersonaError::Rejected { status, .. } if status.as_u16() == 409 => {
            "Persona refused: not allowed in the inquiry's current state".into()
        }
        PersonaError::Rejected { status, .. } => format!("Persona refused the request ({status})"),
        PersonaError::InvalidResponse(_) => "Persona's answer could not be read".into(),
    }
}
