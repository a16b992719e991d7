//! Inquiry sessions (CONTRACT 7.3 and 9): opened on create, resume or in the Hosted Flow, each
//! with a token, ended when their inquiry expires or is redacted.

use chrono::{DateTime, Duration, Utc};

use super::session_token::{TokenKey, TOKEN_LIFETIME_SECS};
use crate::ids::new_id;
use crate::model::session::Session;
use crate::state::EmulatorState;

/// Persona's default cap on sessions per inquiry.
const MAX_SESSIONS: usize = 25;

/// Opens a new session on the inquiry and returns its token (`None` for an unknown inquiry).
pub(crate) fn open(
    state: &mut EmulatorState,
    key: &TokenKey,
    inquiry_id: &str,
    now: DateTime<Utc>,
) -> Option<String> {
    let inquiry = state.inquiries.get_mut(inquiry_id)?;
    let lifetime_end = now + Duration::seconds(TOKEN_LIFETIME_SECS);
    let expires_at = inquiry
        .expires_at
        .map_or(lifetime_end, |at| at.min(lifetime_end));
    let session = Session {
        id: new_id("iqse"),
        inquiry_id: inquiry_id.to_owned(),
        expires_at,
        used: false,
    };
    inquiry.session_ids.push(session.id.clone());
    let token = key.mint(&session.id, now);
    state.sessions.insert(session.id.clone(), session);
    Some(token)
}

/// Resume's session (CONTRACT 7.3): a token for an existing valid, unused session, else a new
/// session; `None` once the inquiry has its maximum number of sessions.
pub(crate) fn reuse_or_open(
    state: &mut EmulatorState,
    key: &TokenKey,
    inquiry_id: &str,
    now: DateTime<Utc>,
) -> Option<String> {
    let mut ids = state
        .sessions
        .values()
        .filter(|s| s.inquiry_id == inquiry_id);
    if let Some(session) = ids.clone().find(|s| !s.used && now < s.expires_at) {
        return Some(key.mint(&session.id, now));
    }
    if ids.by_ref().count() >= MAX_SESSIONS {
        return None;
    }
    open(state, key, inquiry_id, now)
}

/// Marks the token's session as used by the Hosted Flow.
pub(crate) fn mark_used(
    state: &mut EmulatorState,
    key: &TokenKey,
    token: &str,
    now: DateTime<Utc>,
) {
    if let Some(session) = key
        .session_id(token, now)
        .and_then(|sid| state.sessions.get_mut(&sid))
    {
        session.used = true;
    }
}

/// Whether `token` is a live session token for this inquiry.
pub(crate) fn authorizes(
    state: &EmulatorState,
    key: &TokenKey,
    token: &str,
    inquiry_id: &str,
    now: DateTime<Utc>,
) -> bool {
    key.session_id(token, now)
        .and_then(|sid| state.sessions.get(&sid))
        .is_some_and(|session| session.inquiry_id == inquiry_id && now < session.expires_at)
}

/// Ends every session of the inquiry (and so its one-time links): an expired inquiry needs a
/// resume before anyone can continue.
pub(crate) fn expire_all(state: &mut EmulatorState, inquiry_id: &str, now: DateTime<Utc>) {
    for session in state.sessions.values_mut() {
        if session.inquiry_id == inquiry_id && session.expires_at > now {
            session.expires_at = now;
        }
    }
}
