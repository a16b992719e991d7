//! One line of the audit log, as written and as read back.

use crate::domain::{AuditAction, AuditOutcome};

#[derive(Clone, Debug)]
pub struct NewAuditEntry<'a> {
    pub operator_id: &'a str,
    pub operator_username: &'a str,
    pub action: AuditAction,
    pub walker_id: Option<&'a str>,
    pub inquiry_id: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub outcome: AuditOutcome,
    /// Plain words, never personal data.
    pub detail: &'a str,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: String,
    pub at: i64,
    pub operator_username: String,
    pub action: AuditAction,
    pub walker_id: Option<String>,
    pub inquiry_id: Option<String>,
    pub reason: Option<String>,
    pub outcome: AuditOutcome,
    pub detail: String,
}
