//! The end user's side of an inquiry (CONTRACT 7 and 8): created, started by the first
//! submission in the Hosted Flow, then completed (and approved by the KYC workflow) or failed;
//! resumed after expiring.

use chrono::{DateTime, Duration, Utc};

use super::transition::transition;
use super::{accounts, workflow};
use crate::ids::new_id;
use crate::model::inquiry::{ExpiryOverrides, FieldValue, Inquiry, Status, DEFAULT_EXPIRY_SECS};
use crate::model::template::Template;
use crate::state::EmulatorState;
use crate::wire::error::ApiError;

/// Dynamic Flow step names the emulator reports; it has a single form step.
const FIRST_STEP: &str = "start";
const FORM_STEP: &str = "collect_information";

/// How a finished flow turned out: the Hosted Flow's "Pass verifications" checkbox, or the
/// simulate action that was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Pass,
    Fail,
}

/// What a new inquiry starts with, already validated against the template.
#[derive(Debug)]
pub(crate) struct NewInquiry {
    pub reference_id: Option<String>,
    /// An existing account to attach to (`data.attributes.account-id`).
    pub account_id: Option<String>,
    /// `meta.auto-create-account` (default true): without it, no account at all.
    pub auto_create_account: bool,
    /// Template field key -> value, keys already checked against the template.
    pub fields: Vec<(String, Option<String>)>,
    pub note: Option<String>,
    pub redirect_uri: Option<String>,
    pub tags: Vec<String>,
    pub expiry: ExpiryOverrides,
}

fn after(now: DateTime<Utc>, seconds: Option<i64>) -> DateTime<Utc> {
    now + Duration::seconds(seconds.unwrap_or(DEFAULT_EXPIRY_SECS))
}

/// Stores a new `created` inquiry (and its account, if new) and records `inquiry.created`.
/// Returns its id; 404 for an unknown `account-id`.
pub(crate) fn create(
    state: &mut EmulatorState,
    template: &Template,
    request: NewInquiry,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let mut fields: Vec<FieldValue> = template
        .fields
        .iter()
        .map(|def| FieldValue { def, value: None })
        .collect();
    for (name, value) in request.fields {
        if let Some(slot) = fields.iter_mut().find(|f| f.def.name == name) {
            slot.value = value;
        }
    }
    let account_id = accounts::for_new_inquiry(
        state,
        request.account_id,
        request.reference_id.as_deref(),
        request.auto_create_account,
        now,
    )?;
    let inquiry = Inquiry {
        id: new_id("inq"),
        seq: state.next_seq(),
        status: Status::Created,
        reference_id: request.reference_id,
        note: request.note,
        tags: request.tags,
        creator: "API".to_owned(),
        reviewer_comment: None,
        redirect_uri: request.redirect_uri,
        created_at: now,
        updated_at: now,
        started_at: None,
        expires_at: Some(after(now, request.expiry.after_create_secs)),
        completed_at: None,
        failed_at: None,
        marked_for_review_at: None,
        decisioned_at: None,
        expired_at: None,
        redacted_at: None,
        previous_step_name: None,
        next_step_name: Some(FIRST_STEP.to_owned()),
        fields,
        account_id,
        template_id: template.id.clone(),
        template_version_id: template.version_id.clone(),
        reviewer: None,
        session_ids: Vec::new(),
        verifications: Vec::new(),
        expiry: request.expiry,
        approve_at: None,
    };
    let id = inquiry.id.clone();
    state.inquiries.insert(id.clone(), inquiry);
    state.record_event("inquiry.created", &id, now);
    Ok(id)
}

/// `created` -> `pending`: the person submitted the flow's first step (or `start_inquiry`);
/// opening the page starts nothing. No-op in any other status.
pub(crate) fn start(state: &mut EmulatorState, id: &str, now: DateTime<Utc>) {
    if state
        .inquiries
        .get(id)
        .is_none_or(|inq| inq.status != Status::Created)
    {
        return;
    }
    transition(state, id, now, "inquiry.started", |inq| {
        inq.status = Status::Pending;
        inq.started_at = Some(now);
        if let Some(seconds) = inq.expiry.after_start_secs {
            inq.expires_at = Some(after(now, Some(seconds)));
        }
        inq.previous_step_name = Some(FIRST_STEP.to_owned());
        inq.next_step_name = Some(FORM_STEP.to_owned());
    });
}

/// `pending` -> `completed` (the template's workflow approves it then, or `approve_after`
/// later) or `failed`.
pub(crate) fn finish(
    state: &mut EmulatorState,
    template: &Template,
    id: &str,
    verdict: Verdict,
    now: DateTime<Utc>,
) {
    if state
        .inquiries
        .get(id)
        .is_none_or(|inq| inq.status != Status::Pending)
    {
        return;
    }
    let (status, event, step) = match verdict {
        Verdict::Pass => (Status::Completed, "inquiry.completed", "success"),
        Verdict::Fail => (Status::Failed, "inquiry.failed", "fail"),
    };
    transition(state, id, now, event, |inq| {
        inq.status = status;
        match verdict {
            Verdict::Pass => inq.completed_at = Some(now),
            Verdict::Fail => inq.failed_at = Some(now),
        }
        // Finished inquiries no longer expire (Persona's examples show `null`).
        inq.expires_at = None;
        inq.previous_step_name = Some(FORM_STEP.to_owned());
        inq.next_step_name = Some(step.to_owned());
    });
    if verdict == Verdict::Pass && template.auto_approve_on_complete {
        if template.approve_after <= Duration::zero() {
            workflow::approve(state, id, now);
        } else if let Some(inquiry) = state.inquiries.get_mut(id) {
            inquiry.approve_at = Some(now + template.approve_after);
        }
    }
}

/// Resume rules (CONTRACT 7.3). `expired` goes back to `pending` with a fresh expiry; no
/// `inquiry.*` event fires for that, because Persona documents none for resuming.
pub(crate) fn resume(
    state: &mut EmulatorState,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let inquiry = state.inquiries.get_mut(id).ok_or(ApiError::NotFound)?;
    if inquiry.redacted_at.is_some() {
        return Err(ApiError::Conflict("Inquiry already redacted".to_owned()));
    }
    match inquiry.status {
        // A created inquiry needs no token, but handing one out is harmless.
        Status::Created | Status::Pending => Ok(()),
        Status::Expired => {
            inquiry.status = Status::Pending;
            inquiry.expires_at = Some(after(now, inquiry.expiry.after_resume_secs));
            inquiry.updated_at = now;
            Ok(())
        }
        other => Err(ApiError::Conflict(format!(
            "Inquiry cannot be resumed because its status is '{}'",
            other.as_str()
        ))),
    }
}
