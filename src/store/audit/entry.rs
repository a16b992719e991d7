//! One line of the audit log: who wrote it, what it says, and how it reads back.

use crate::domain::{AuditAction, AuditOutcome, InquiryId, OperatorId, WalkerId};

/// Who acted: an operator, or PawPass itself (the retention policy, the erasure job).
#[derive(Clone, Copy, Debug)]
pub enum Actor<'a> {
    Operator {
        id: &'a OperatorId,
        username: &'a str,
    },
    System,
}

impl<'a> Actor<'a> {
    /// The id and name the log records.
    pub(super) fn names(self) -> (&'a str, &'a str) {
        match self {
            Self::Operator { id, username } => (id.as_str(), username),
            Self::System => ("system", "pawpass"),
        }
    }
}

/// What one use case records, usually about a walker: an action that went well unless marked
/// [`failed`](Self::failed), in plain words (never personal data), with the inquiry and the
/// operator's reason when there are any.
#[derive(Clone, Copy, Debug)]
pub struct AuditEntry<'a> {
    pub(super) action: AuditAction,
    pub(super) walker_id: Option<&'a WalkerId>,
    pub(super) inquiry_id: Option<&'a InquiryId>,
    pub(super) reason: Option<&'a str>,
    pub(super) outcome: AuditOutcome,
    pub(super) detail: &'a str,
}

impl<'a> AuditEntry<'a> {
    pub fn new(action: AuditAction, walker_id: &'a WalkerId, detail: &'a str) -> Self {
        Self::about(action, Some(walker_id), detail)
    }

    /// An entry that may concern no walker (a list export, an event of an unknown inquiry).
    pub fn about(action: AuditAction, walker_id: Option<&'a WalkerId>, detail: &'a str) -> Self {
        Self {
            action,
            walker_id,
            inquiry_id: None,
            reason: None,
            outcome: AuditOutcome::Ok,
            detail,
        }
    }

    pub fn inquiry(self, inquiry_id: Option<&'a InquiryId>) -> Self {
        Self { inquiry_id, ..self }
    }

    pub fn reason(self, reason: Option<&'a str>) -> Self {
        Self { reason, ..self }
    }

    /// It was tried and did not happen; `detail` says why.
    pub fn failed(self) -> Self {
        Self {
            outcome: AuditOutcome::Failed,
            ..self
        }
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: String,
    pub at: i64,
    pub operator_username: String,
    pub action: AuditAction,
    pub walker_id: Option<WalkerId>,
    pub inquiry_id: Option<InquiryId>,
    pub reason: Option<String>,
    pub outcome: AuditOutcome,
    pub detail: String,
}
