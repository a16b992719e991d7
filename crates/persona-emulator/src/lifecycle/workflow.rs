//! The KYC template's workflow: it approves a completed inquiry `Template::approve_after` later
//! (Persona runs workflows after the completion, so a client sees `completed`, then `approved`,
//! each with its own webhook). Due approvals run before every request, in the background sweep
//! and after a clock advance, so they follow the emulated clock.

use chrono::{DateTime, Utc};

use super::accounts;
use super::transition::transition;
use crate::ids::new_id;
use crate::model::inquiry::{Related, Status};
use crate::state::EmulatorState;

/// The workflow's approval: `approved`, reviewed by a workflow run, data onto the account.
pub(crate) fn approve(state: &mut EmulatorState, id: &str, now: DateTime<Utc>) {
    transition(state, id, now, "inquiry.approved", |inq| {
        inq.status = Status::Approved;
        inq.decisioned_at = Some(now);
        inq.approve_at = None;
        inq.reviewer = Some(Related {
            kind: "workflow-run".into(),
            id: new_id("wfr"),
        });
    });
    accounts::absorb_approved(state, id, now);
}

/// Runs every approval due by `now`, in the order they were scheduled. One whose inquiry was
/// decided, marked for review or redacted meanwhile is dropped: the workflow finds it no longer
/// `completed`.
pub(crate) fn approve_due(state: &mut EmulatorState, now: DateTime<Utc>) {
    let mut due: Vec<(DateTime<Utc>, u64, String)> = state
        .inquiries
        .values()
        .filter_map(|inq| Some((inq.approve_at?, inq.seq, inq.id.clone())))
        .filter(|(at, _, _)| *at <= now)
        .collect();
    due.sort_unstable();
    for (_, _, id) in due {
        let Some(inquiry) = state.inquiries.get_mut(&id) else {
            continue;
        };
        inquiry.approve_at = None;
        if inquiry.status == Status::Completed && inquiry.redacted_at.is_none() {
            approve(state, &id, now);
        }
    }
}

/// When the next scheduled approval is due, if any.
pub(crate) fn next_due(state: &EmulatorState) -> Option<DateTime<Utc>> {
    state
        .inquiries
        .values()
        .filter_map(|inq| inq.approve_at)
        .min()
}
