//! One-time links (CONTRACT 7.4): a code that opens the Hosted Flow on a fresh session, once.

use chrono::{DateTime, Duration, Utc};
use rand::distributions::{Alphanumeric, DistString};

use super::session_token::TokenKey;
use super::sessions;
use crate::model::inquiry::Status;
use crate::model::session::OneTimeLink;
use crate::state::EmulatorState;
use crate::wire::error::ApiError;

/// Persona's default link lifetime (UNCONFIRMED 14: the API docs say 24 h).
const DEFAULT_LIFETIME_SECS: i64 = 24 * 60 * 60;

/// Creates (or reuses an unused, unexpired) link for the inquiry and returns its code.
pub(crate) fn generate(
    state: &mut EmulatorState,
    tokens: &TokenKey,
    inquiry_id: &str,
    lifetime_secs: Option<i64>,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let inquiry = state.inquiries.get(inquiry_id).ok_or(ApiError::NotFound)?;
    if inquiry.redacted_at.is_some() {
        return Err(ApiError::Conflict("Inquiry already redacted".into()));
    }
    match inquiry.status {
        Status::Created | Status::Pending => {}
        Status::Expired => {
            return Err(ApiError::Conflict(
                "Inquiry is expired; resume it before generating a one-time link".into(),
            ))
        }
        other => {
            return Err(ApiError::Conflict(format!(
                "Cannot generate a one-time link for an inquiry with status '{}'",
                other.as_str()
            )))
        }
    }
    let reusable = state
        .links
        .iter()
        .find(|(_, link)| link.inquiry_id == inquiry_id && !link.used && link.expires_at > now);
    if let Some((code, _)) = reusable {
        return Ok(code.clone());
    }
    let lifetime = lifetime_secs.unwrap_or(DEFAULT_LIFETIME_SECS);
    // The session's token is minted when the link is redeemed; only the session is needed now.
    sessions::open(state, tokens, inquiry_id, now).ok_or(ApiError::NotFound)?;
    let session_id = state
        .inquiries
        .get(inquiry_id)
        .and_then(|inq| inq.session_ids.last().cloned())
        .ok_or(ApiError::Internal)?;
    let code = Alphanumeric.sample_string(&mut rand::thread_rng(), 24);
    let link = OneTimeLink {
        inquiry_id: inquiry_id.to_owned(),
        session_id,
        expires_at: now + Duration::seconds(lifetime),
        used: false,
    };
    state.links.insert(code.clone(), link);
    Ok(code)
}

/// Redeems `code` once: the session token to continue with, and the inquiry id.
pub(crate) fn redeem(
    state: &mut EmulatorState,
    tokens: &TokenKey,
    code: &str,
    now: DateTime<Utc>,
) -> Option<(String, String)> {
    let link = state.links.get_mut(code)?;
    if link.used || link.expires_at <= now {
        return None;
    }
    link.used = true;
    let (inquiry_id, session_id) = (link.inquiry_id.clone(), link.session_id.clone());
    let live = state
        .sessions
        .get(&session_id)
        .is_some_and(|s| s.expires_at > now);
    live.then(|| (inquiry_id, tokens.mint(&session_id, now)))
}
