//! `POST /inquiries/{id}/perform-simulate-actions` (CONTRACT 7.6): runs each action in order with
//! the same rules and events as the real transitions. Every emulator key is a sandbox key.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::api::apply;
use super::errors::ApiError;
use super::ids::new_id;
use super::members::{parse_json, Members};
use super::model::{Related, Status, Template};
use super::store::State as EmulatorState;
use super::{decisions, events, lifecycle, App};

fn status(state: &EmulatorState, id: &str) -> Result<Status, ApiError> {
    state
        .inquiries
        .get(id)
        .map(|inq| inq.status)
        .ok_or(ApiError::NotFound)
}

fn wrong_state(kind: &str, status: Status) -> ApiError {
    ApiError::Conflict(format!(
        "Cannot simulate {kind} on an inquiry with status '{}'",
        status.as_str()
    ))
}

/// `complete_inquiry` / `fail_inquiry`: a `created` inquiry is started first.
fn finish(
    state: &mut EmulatorState,
    template: &Template,
    id: &str,
    passed: bool,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    match status(state, id)? {
        Status::Created | Status::Pending => {
            lifecycle::start(state, id, now);
            lifecycle::finish(state, template, id, passed, now);
            Ok(())
        }
        other => Err(wrong_state(kind, other)),
    }
}

/// A passed or failed government-id verification with its three events.
fn verification(
    state: &mut EmulatorState,
    id: &str,
    template_id: &str,
    passed: bool,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let ver_id = new_id("ver");
    let inquiry = state.inquiries.get_mut(id).ok_or(ApiError::NotFound)?;
    inquiry.verifications.push(Related {
        kind: "verification/government-id".into(),
        id: ver_id.clone(),
    });
    inquiry.updated_at = now;
    let outcome = if passed { "passed" } else { "failed" };
    for (name, status) in [
        ("verification.created", "initiated"),
        ("verification.submitted", "submitted"),
        (&*format!("verification.{outcome}"), outcome),
    ] {
        let at = state.event_time(now);
        let resource = json!({
            "type": "verification/government-id",
            "id": ver_id,
            "attributes": {"status": status, "created-at": super::clock::format(now)},
            "relationships": {
                "inquiry": {"data": {"type": "inquiry", "id": id}},
                "verification-template": {"data": {"type": "verification-template/government-id", "id": template_id}},
            },
        });
        let evt = new_id("evt");
        let body = events::envelope(&evt, name, resource, at, None);
        state.push_event(evt, name, &ver_id, at, body);
    }
    Ok(())
}

fn run(
    state: &mut EmulatorState,
    template: &Template,
    id: &str,
    action: &Value,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let action = Members::new("meta.simulate_actions[]", Some(action), &["type", "data"])?;
    let kind = action
        .string("type")?
        .ok_or_else(|| ApiError::bad_request("meta.simulate_actions[].type is required"))?;
    match kind.as_str() {
        "start_inquiry" => match status(state, id)? {
            Status::Created => {
                lifecycle::start(state, id, now);
                Ok(())
            }
            Status::Pending => Ok(()),
            other => Err(wrong_state(&kind, other)),
        },
        "complete_inquiry" => finish(state, template, id, true, &kind, now),
        "fail_inquiry" => finish(state, template, id, false, &kind, now),
        "expire_inquiry" => decisions::expire(state, id, false, now),
        "mark_for_review_inquiry" => decisions::mark_for_review(state, id, false, now),
        "approve_inquiry" => decisions::decide(state, id, true, None, false, now),
        "decline_inquiry" => decisions::decide(state, id, false, None, false, now),
        "create_passed_verification" | "create_failed_verification" => {
            let data = Members::new(
                "meta.simulate_actions[].data",
                action.values.get("data").copied(),
                &["verification-template-id"],
            )?;
            let template_id = data.string("verification-template-id")?.ok_or_else(|| {
                ApiError::bad_request("data.verification_template_id is required")
            })?;
            let passed = kind == "create_passed_verification";
            verification(state, id, &template_id, passed, now)
        }
        other => Err(ApiError::bad_request(format!(
            "meta.simulate_actions[].type '{other}' is not a valid simulate action"
        ))),
    }
}

pub(crate) async fn perform(
    State(app): State<App>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let root = parse_json(&body)?;
    let top = Members::new("body", Some(&root), &["meta"])?;
    let meta = Members::new(
        "meta",
        top.values.get("meta").copied(),
        &["simulate-actions"],
    )?;
    let actions = match meta.values.get("simulate-actions") {
        Some(Value::Array(actions)) => actions.clone(),
        _ => {
            return Err(ApiError::bad_request(
                "meta.simulate_actions must be an array of actions",
            ))
        }
    };
    let template = app.template.clone();
    apply(&app, &id, |state, now| {
        for action in &actions {
            run(state, &template, &id, action, now)?;
        }
        Ok(())
    })
}
