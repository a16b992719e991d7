//! `POST /inquiries/{id}/perform-simulate-actions` (CONTRACT 7.6): runs each action in order with
//! the same rules and events as the real transitions. Every emulator key is a sandbox key.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::inquiries::apply;
use super::members::{parse_json, Members};
use crate::emulator::Emulator;
use crate::lifecycle::decisions::{self, Decision, OnRepeat};
use crate::lifecycle::flow::{self, Verdict};
use crate::lifecycle::verification;
use crate::model::inquiry::Status;
use crate::model::template::Template;
use crate::state::EmulatorState;
use crate::wire::error::ApiError;

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
    verdict: Verdict,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    match status(state, id)? {
        Status::Created | Status::Pending => {
            flow::start(state, id, now);
            flow::finish(state, template, id, verdict, now);
            Ok(())
        }
        other => Err(wrong_state(kind, other)),
    }
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
                flow::start(state, id, now);
                Ok(())
            }
            Status::Pending => Ok(()),
            other => Err(wrong_state(&kind, other)),
        },
        "complete_inquiry" => finish(state, template, id, Verdict::Pass, &kind, now),
        "fail_inquiry" => finish(state, template, id, Verdict::Fail, &kind, now),
        "expire_inquiry" => decisions::expire(state, id, OnRepeat::Ignore, now),
        "mark_for_review_inquiry" => decisions::mark_for_review(state, id, OnRepeat::Ignore, now),
        "approve_inquiry" => {
            decisions::decide(state, id, Decision::Approve, None, OnRepeat::Ignore, now)
        }
        "decline_inquiry" => {
            decisions::decide(state, id, Decision::Decline, None, OnRepeat::Ignore, now)
        }
        "create_passed_verification" | "create_failed_verification" => {
            let data = Members::new(
                "meta.simulate_actions[].data",
                action.values.get("data").copied(),
                &["verification-template-id"],
            )?;
            let template_id = data.string("verification-template-id")?.ok_or_else(|| {
                ApiError::bad_request("data.verification_template_id is required")
            })?;
            let verdict = if kind == "create_passed_verification" {
                Verdict::Pass
            } else {
                Verdict::Fail
            };
            verification::simulate(state, id, &template_id, verdict, now)
        }
        other => Err(ApiError::bad_request(format!(
            "meta.simulate_actions[].type '{other}' is not a valid simulate action"
        ))),
    }
}

/// Runs every action in order under one lock; the first failing action ends the run and its
/// error is the answer.
pub(crate) async fn perform(
    State(emulator): State<Emulator>,
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
    let template = emulator.template.clone();
    apply(&emulator, &id, |state, now| {
        for action in &actions {
            run(state, &template, &id, action, now)?;
        }
        Ok(())
    })
}
