//! Inquiries expire on their own: every `created`/`pending` inquiry whose `expires-at` has passed
//! becomes `expired`, before each request, once a second and right after a clock advance. The
//! same sweep runs the workflow's due approvals (`workflow.rs`), waking early for the next one.

use chrono::{DateTime, Utc};

use super::transition::transition;
use super::{sessions, workflow};
use crate::model::inquiry::Status;
use crate::state::handle::StateHandle;
use crate::state::EmulatorState;

/// How often the background sweep looks, so expiry happens without any request.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(1);
/// The shortest wait for a due approval, so a clock moved past it does not spin the sweep.
const MIN_WAIT: std::time::Duration = std::time::Duration::from_millis(10);

/// The expiry transition itself, ending the inquiry's sessions (and so its one-time links).
pub(crate) fn expire_now(state: &mut EmulatorState, id: &str, now: DateTime<Utc>) {
    transition(state, id, now, "inquiry.expired", |inq| {
        inq.status = Status::Expired;
        inq.expired_at = Some(now);
        inq.expires_at = None;
    });
    sessions::end_all(state, id, now, sessions::SessionEnd::Expired);
}

/// Expires every overdue inquiry, oldest first so events come out in a stable order.
pub(crate) fn expire_due(state: &mut EmulatorState, now: DateTime<Utc>) {
    let mut due: Vec<(u64, String)> = state
        .inquiries
        .values()
        .filter(|inq| matches!(inq.status, Status::Created | Status::Pending))
        .filter(|inq| inq.expires_at.is_some_and(|at| at <= now))
        .map(|inq| (inq.seq, inq.id.clone()))
        .collect();
    due.sort_unstable();
    for (_, id) in due {
        expire_now(state, &id, now);
    }
}

/// Expires overdue inquiries and runs due approvals without waiting for a request; ends with
/// the state.
pub(crate) fn spawn_sweep(state: &StateHandle) {
    let state = state.downgrade();
    tokio::spawn(async move {
        let mut wait = SWEEP_EVERY;
        loop {
            tokio::time::sleep(wait).await;
            let Some(state) = state.upgrade() else { break };
            let now = state.now();
            let next = state.with(|state| {
                expire_due(state, now);
                workflow::approve_due(state, now);
                workflow::next_due(state)
            });
            wait = next
                .and_then(|at| (at - now).to_std().ok())
                .map_or(SWEEP_EVERY, |until| until.clamp(MIN_WAIT, SWEEP_EVERY));
        }
    });
}
