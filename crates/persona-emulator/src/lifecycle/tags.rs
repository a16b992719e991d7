//! Changing an inquiry's tags fires `inquiry.updated-tags` with `context.added-tags` and
//! `context.removed-tags`; setting the tags it already has fires nothing.

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::state::EmulatorState;
use crate::wire::error::ApiError;

/// Replaces the inquiry's tags with `tags`.
pub(crate) fn set(
    state: &mut EmulatorState,
    id: &str,
    tags: Vec<String>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let inquiry = state.inquiries.get_mut(id).ok_or(ApiError::NotFound)?;
    if inquiry.redacted_at.is_some() {
        return Err(ApiError::Conflict("Inquiry already redacted".into()));
    }
    let added: Vec<String> = tags
        .iter()
        .filter(|t| !inquiry.tags.contains(t))
        .cloned()
        .collect();
    let removed: Vec<String> = inquiry
        .tags
        .iter()
        .filter(|t| !tags.contains(t))
        .cloned()
        .collect();
    if added.is_empty() && removed.is_empty() {
        return Ok(());
    }
    inquiry.tags = tags;
    inquiry.updated_at = now;
    let context = json!({"added-tags": added, "removed-tags": removed});
    state.record_event_with("inquiry.updated-tags", id, now, Some(context));
    Ok(())
}
