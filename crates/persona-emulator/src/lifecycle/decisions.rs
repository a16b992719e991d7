//! The reviewer's side of an inquiry (CONTRACT 7.5 and 8): approve, decline, mark for review,
//! expire, redact. Each stamps its timestamp and records its event; wrong states answer 409.

use chrono::{DateTime, Utc};

use super::accounts;
use super::expiry::expire_now;
use super::sessions;
use super::transition::transition;
use crate::ids::new_id;
use crate::model::inquiry::{Related, Status};
use crate::state::EmulatorState;
use crate::wire::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    Approve,
    Decline,
}

/// What asking for the status an inquiry already has does. The API refuses it (409); simulate
/// actions ignore it, so `complete_inquiry` + `approve_inquiry` works although the KYC workflow
/// already approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnRepeat {
    Refuse,
    Ignore,
}

fn conflict(action: &str, status: Status) -> ApiError {
    ApiError::Conflict(format!(
        "Cannot {action} an inquiry with status '{}'",
        status.as_str()
    ))
}

/// The inquiry's status, refusing redacted inquiries.
fn status_of(state: &EmulatorState, id: &str) -> Result<Status, ApiError> {
    let inquiry = state.inquiries.get(id).ok_or(ApiError::NotFound)?;
    if inquiry.redacted_at.is_some() {
        return Err(ApiError::Conflict("Inquiry already redacted".into()));
    }
    Ok(inquiry.status)
}

/// Approve or decline from any state but the same one (EMULATOR choice; re-decisions allowed).
pub(crate) fn decide(
    state: &mut EmulatorState,
    id: &str,
    decision: Decision,
    comment: Option<String>,
    on_repeat: OnRepeat,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let (target, event, verb) = match decision {
        Decision::Approve => (Status::Approved, "inquiry.approved", "approve"),
        Decision::Decline => (Status::Declined, "inquiry.declined", "decline"),
    };
    let status = status_of(state, id)?;
    if status == target {
        return match on_repeat {
            OnRepeat::Refuse => Err(conflict(verb, status)),
            OnRepeat::Ignore => Ok(()),
        };
    }
    transition(state, id, now, event, |inq| {
        inq.status = target;
        inq.decisioned_at = Some(now);
        inq.expires_at = None;
        if comment.is_some() {
            inq.reviewer_comment = comment;
        }
        // Decided through the API key: Persona names the acting user; the emulator has one.
        inq.reviewer = Some(Related {
            kind: "user".into(),
            id: new_id("user"),
        });
    });
    if decision == Decision::Approve {
        accounts::absorb_approved(state, id, now);
    }
    Ok(())
}

/// `needs_review`, refused once approved or declined.
pub(crate) fn mark_for_review(
    state: &mut EmulatorState,
    id: &str,
    on_repeat: OnRepeat,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let status = status_of(state, id)?;
    match status {
        Status::NeedsReview if on_repeat == OnRepeat::Ignore => return Ok(()),
        Status::NeedsReview | Status::Approved | Status::Declined => {
            return Err(conflict("mark for review", status))
        }
        _ => {}
    }
    transition(state, id, now, "inquiry.marked-for-review", |inq| {
        inq.status = Status::NeedsReview;
        inq.marked_for_review_at = Some(now);
        inq.expires_at = None;
    });
    Ok(())
}

/// `created`/`pending` -> `expired`, ending its sessions and one-time links.
pub(crate) fn expire(
    state: &mut EmulatorState,
    id: &str,
    on_repeat: OnRepeat,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let status = status_of(state, id)?;
    match status {
        Status::Created | Status::Pending => {}
        Status::Expired if on_repeat == OnRepeat::Ignore => return Ok(()),
        other => return Err(conflict("expire", other)),
    }
    expire_now(state, id, now);
    Ok(())
}

/// Nulls PII (fields, note, tags), keeps the status, sets `redacted-at`, fires `inquiry.redacted`.
pub(crate) fn redact(
    state: &mut EmulatorState,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    status_of(state, id)?;
    transition(state, id, now, "inquiry.redacted", |inq| {
        for field in &mut inq.fields {
            field.value = None;
        }
        inq.note = None;
        inq.tags.clear();
        inq.reviewer_comment = None;
        inq.redacted_at = Some(now);
    });
    sessions::end_all(state, id, now, sessions::SessionEnd::Canceled);
    Ok(())
}
