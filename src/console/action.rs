//! An operator's action form, parsed: which action on the walker's inquiry, and the reason
//! given. Also the words for why Persona did not do it.

use super::error::ConsoleError;
use crate::domain::{AuditAction, VerificationStatus};
use persona::PersonaError;

const MAX_REASON_CHARS: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    Approve,
    Decline,
    MarkForReview,
    Resync,
    OneTimeLink,
}

const KINDS: [ActionKind; 5] = [
    ActionKind::Approve,
    ActionKind::Decline,
    ActionKind::MarkForReview,
    ActionKind::Resync,
    ActionKind::OneTimeLink,
];

impl ActionKind {
    /// The form's value, which is also what the audit log records.
    pub fn as_str(self) -> &'static str {
        AuditAction::from(self).as_str()
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
    pub fn parse(action: &str, reason: &str) -> Result<Self, ConsoleError> {
        let kind = KINDS
            .into_iter()
            .find(|kind| kind.as_str() == action)
            .ok_or(ConsoleError::Invalid("That action is not known."))?;
        let missing = kind
            .needs_reason()
            .then_some("Please give a reason for this decision.");
        Ok(Self {
            kind,
            reason: parse_reason(reason, missing)?,
        })
    }
}

/// An operator's reason: trimmed, at most 1000 characters. When one is required, `if_missing`
/// is what to answer an empty one with.
pub(super) fn parse_reason(
    raw: &str,
    if_missing: Option<&'static str>,
) -> Result<Option<String>, ConsoleError> {
    let reason = raw.trim();
    if let (Some(message), true) = (if_missing, reason.is_empty()) {
        return Err(ConsoleError::Invalid(message));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(ConsoleError::Invalid(
            "Please keep the reason under 1000 characters.",
        ));
    }
    Ok((!reason.is_empty()).then(|| reason.to_owned()))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionOutcome {
    /// Persona confirmed; this is the status now stored.
    Status(VerificationStatus),
    /// A fresh one-time link for the walker, and the status Persona reported.
    Link(String, VerificationStatus),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_need_a_reason_and_other_actions_do_not() {
        let refused = ActionRequest::parse("approve", "  ").map_err(|e| e.to_string());
        assert_eq!(
            refused,
            Err("Please give a reason for this decision.".into())
        );
        let resync = ActionRequest::parse("resync", "").map_err(|e| e.to_string());
        assert_eq!(
            resync,
            Ok(ActionRequest {
                kind: ActionKind::Resync,
                reason: None
            })
        );
        assert!(ActionRequest::parse("delete", "why").is_err());
    }
}
