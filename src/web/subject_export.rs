//! `GET /admin/walkers/{id}/export.json`: everything PawPass holds about one walker, for a
//! subject access request. Audited, since it is personal data leaving the system.

use super::admin_auth::require_operator_record;
use super::{AppState, WebError};
use crate::store::NewAuditEntry;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use tower_sessions::Session;

pub async fn export_walker(
    State(state): State<AppState>,
    session: Session,
    Path(walker_id): Path<String>,
) -> Result<Response, WebError> {
    let operator = require_operator_record(&state, &session).await?;
    let store = &state.onboarding.store;
    let walker = store
        .walkers()
        .by_id(&walker_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let (inquiries, events, bodies, notes, audit) = futures_util::try_join!(
        store.inquiries().for_walker(&walker_id),
        store.events().for_walker(&walker_id),
        store.events().bodies_for_walker(&walker_id),
        store.notes().for_walker(&walker_id),
        store.audit().for_walker(&walker_id),
    )?;
    let bodies: std::collections::HashMap<String, String> = bodies.into_iter().collect();
    let document = json!({
        "exported_at_ms": crate::store::now_ms(),
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
            "id": i.id, "status": i.status, "status_at_ms": i.status_at,
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
    store
        .audit()
        .append(&NewAuditEntry {
            operator_id: &operator.id,
            operator_username: &operator.username,
            action: crate::domain::AuditAction::Export,
            walker_id: Some(&walker_id),
            inquiry_id: None,
            reason: None,
            outcome: crate::domain::AuditOutcome::Ok,
            detail: "Subject access export downloaded",
        })
        .await?;
    tracing::info!(walker_id, "subject access export");
    let filename = format!("attachment; filename=\"walker-{walker_id}.json\"");
    let body = serde_json::to_string_pretty(&document)
        .map_err(|e| WebError::Internal(anyhow::Error::new(e).context("encoding an export")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, filename),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}
