//! A subject access export: everything PawPass holds about one walker, as one JSON document.
//! Audited, since it is personal data leaving the system.

use super::error::ConsoleError;
use super::operator::Operator;
use super::service::Console;
use crate::domain::{AuditAction, EventId, WalkerId};
use crate::store::{now_ms, AuditEntry};
use anyhow::Context;
use serde_json::{json, Value};
use std::collections::HashMap;

impl Console {
    /// The walker's document, pretty-printed.
    pub async fn subject_export(
        &self,
        operator: &Operator,
        walker_id: &WalkerId,
    ) -> Result<String, ConsoleError> {
        let walker = self.existing_walker(walker_id).await?;
        let store = &self.store;
        // `join!`: no read is dropped halfway if another fails (see `case`).
        let (inquiries, events, bodies, notes, audit) = futures_util::join!(
            store.inquiries().for_walker(walker_id),
            store.events().for_walker(walker_id),
            store.events().bodies_for_walker(walker_id),
            store.notes().for_walker(walker_id),
            store.audit().for_walker(walker_id),
        );
        let (inquiries, events, bodies, notes, audit) =
            (inquiries?, events?, bodies?, notes?, audit?);
        let bodies: HashMap<EventId, String> = bodies.into_iter().collect();
        let document = json!({
            "exported_at_ms": now_ms(),
            "walker": {
                "id": walker.id,
                "first_name": walker.first_name,
                "last_name": walker.last_name,
                "email": walker.email,
                "birthdate": walker.birthdate,
                "phone": walker.phone,
                "current_inquiry_id": walker.current_inquiry_id,
                "created_at_ms": walker.created_at,
                "updated_at_ms": walker.updated_at,
                "erasure_requested_at_ms": walker.erasure_requested_at,
                "erased_at_ms": walker.erased_at,
            },
            "inquiries": inquiries.iter().map(|i| json!({
                "id": i.id, "persona_account_id": i.account_id, "status": i.status,
                "status_at_ms": i.status_at,
                "created_at_ms": i.created_at, "updated_at_ms": i.updated_at,
            })).collect::<Vec<_>>(),
            "persona_events": events.iter().map(|e| json!({
                "id": e.id, "name": e.name, "inquiry_id": e.inquiry_id, "status": e.status,
                "persona_created_at_ms": e.persona_created_at, "received_at_ms": e.received_at,
                "body": bodies.get(&e.id).and_then(|b| serde_json::from_str::<Value>(b).ok()),
            })).collect::<Vec<_>>(),
            "notes": notes.iter().map(|n| json!({
                "by": n.operator_username, "text": n.body, "created_at_ms": n.created_at,
            })).collect::<Vec<_>>(),
            "audit": audit.iter().map(|a| json!({
                "at_ms": a.at, "by": a.operator_username, "action": a.action.as_str(),
                "inquiry_id": a.inquiry_id, "reason": a.reason, "outcome": a.outcome.as_str(),
                "detail": a.detail,
            })).collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&document).context("encoding an export")?;
        let entry = AuditEntry::new(
            AuditAction::Export,
            walker_id,
            "Subject access export downloaded",
        );
        self.store.audit().record(operator.actor(), entry).await?;
        tracing::info!(walker_id = %walker_id, "subject access export");
        Ok(text)
    }
}
