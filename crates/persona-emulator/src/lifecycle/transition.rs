//! The step every status change shares: change the inquiry, stamp `updated-at`, record the event.

use chrono::{DateTime, Utc};

use crate::model::inquiry::Inquiry;
use crate::state::EmulatorState;

/// Runs `change` on the inquiry, stamps `updated-at` and records `event`. No-op for an unknown
/// inquiry (callers have checked it exists).
pub(crate) fn transition(
    state: &mut EmulatorState,
    id: &str,
    now: DateTime<Utc>,
    event: &str,
    change: impl FnOnce(&mut Inquiry),
) {
    if let Some(inquiry) = state.inquiries.get_mut(id) {
        change(inquiry);
        inquiry.updated_at = now;
        state.record_event(event, id, now);
    }
}
