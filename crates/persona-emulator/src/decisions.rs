//! Post-inquiry transitions (CONTRACT 7.5 and 8): approve, decline, mark for review, expire,
//! redact. Each stamps its timestamp and records its event; wrong states answer 409.
//! `strict = false` (simulate actions) makes a repeat of the current status a no-op instead,
//! so `complete_inquiry` + `approve_inquiry` works although the KYC workflow already approved.

use chrono::{DateTime, Utc};

use super::errors::ApiError;
use super::ids::new_id;
use super::lifecycle::transition;
use super::model::{Related, Status};
use super::session;
use super::store::State;

fn conflict(action: &str, status: Status) -> ApiError {
    ApiError::Conflict(format!(
        "Cannot {action} an inquiry with status '{}'",
        status.as_str()
    ))
}

/// The inquiry's status, refusing redacted inquiries.
fn status_of(state: &State, id: &str) -> Result<Status, ApiError> {
    let inquiry = state.inquiries.get(id).ok_or(ApiError::NotFound)?;
    if inquiry.redacted_at.is_some() {
        return Err(ApiError::Conflict("Inquiry already redacted".into()));
    }
    Ok(inquiry.status)
}

/// Approve or decline from any state but the same one (EMULATOR choice; re-decisions allowed).
pub(crate) fn decide(
    state: &mut State,
    id: &str,
    approve: bool,
    comment: Option<String>,
    strict: bool,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let (target, event, verb) = if approve {
        (Status::Approved, "inquiry.approved", "approve")
    } else {
        (Status::Declined, "inquiry.declined", "decline")
    };
    let status = status_of(state, id)?;
    if status == target {
        return if strict {
            Err(conflict(verb, status))
        } else {
            Ok(())
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
    Ok(())
}

/// `needs_review`, refused once approved or declined.
pub(crate) fn mark_for_review(
    state: &mut State,
    id: &str,
    strict: bool,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let status = status_of(state, id)?;
    match status {
        Status::NeedsReview if !strict => return Ok(()),
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
    state: &mut State,
    id: &str,
    strict: bool,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let status = status_of(state, id)?;
    match status {
        Status::Created | Status::Pending => {}
        Status::Expired if !strict => return Ok(()),
        other => return Err(conflict("expire", other)),
    }
    expire_now(state, id, now);
    Ok(())
}

/// The expiry transition itself, shared with the expiry sweep.
pub(crate) fn expire_now(state: &mut State, id: &str, now: DateTime<Utc>) {
    transition(state, id, now, "inquiry.expired", |inq| {
        inq.status = Status::Expired;
        inq.expired_at = Some(now);
        inq.expires_at = None;
    });
    session::expire_all(state, id, now);
}

/// Nulls PII (fields, note, tags), keeps the status, sets `redacted-at`, fires `inquiry.redacted`.
pub(crate) fn redact(state: &mut State, id: &str, now: DateTime<Utc>) -> Result<(), ApiError> {
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
    session::expire_all(state, id, now);
    Ok(())
}
