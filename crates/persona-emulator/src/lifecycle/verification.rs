//! Simulated verifications (the `create_passed_verification` / `create_failed_verification`
//! simulate actions, CONTRACT 7.6): a government-id verification attached to the inquiry, with
//! its created, submitted and passed/failed events.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::flow::Verdict;
use crate::clock;
use crate::ids::new_id;
use crate::model::inquiry::Related;
use crate::state::EmulatorState;
use crate::wire::error::ApiError;
use crate::wire::event;

/// A passed or failed government-id verification with its three events.
pub(crate) fn simulate(
    state: &mut EmulatorState,
    id: &str,
    template_id: &str,
    verdict: Verdict,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let ver_id = new_id("ver");
    let inquiry = state.inquiries.get_mut(id).ok_or(ApiError::NotFound)?;
    inquiry.verifications.push(Related {
        kind: "verification/government-id".into(),
        id: ver_id.clone(),
    });
    inquiry.updated_at = now;
    let outcome = match verdict {
        Verdict::Pass => "passed",
        Verdict::Fail => "failed",
    };
    for (name, status) in [
        ("verification.created", "initiated"),
        ("verification.submitted", "submitted"),
        (&*format!("verification.{outcome}"), outcome),
    ] {
        let at = state.event_time(now);
        let resource = json!({
            "type": "verification/government-id",
            "id": ver_id,
            "attributes": {"status": status, "created-at": clock::format(now)},
            "relationships": {
                "inquiry": {"data": {"type": "inquiry", "id": id}},
                "verification-template": {"data": {"type": "verification-template/government-id", "id": template_id}},
            },
        });
        let evt = new_id("evt");
        let body = event::envelope(&evt, name, resource, at, None);
        state.push_event(evt, name, &ver_id, at, body, Vec::new());
    }
    Ok(())
}
