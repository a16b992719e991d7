//! Inquiry sessions (CONTRACT 7.3 and 9): opened on create, resume or in the Hosted Flow, each
//! with a token, ended when their inquiry expires or is redacted.
//!
//! Their events (CONTRACT 10, payload an `inquiry-session`): `inquiry-session.started` when the
//! Hosted Flow first opens a session (its page loads with the session's token, or opens a
//! `created` inquiry, or redeems a one-time link); `inquiry-session.expired` when the inquiry of
//! a started session expires (its timer, `POST …/expire` or the `expire_inquiry` simulate
//! action); `inquiry-session.canceled` when the inquiry of a started session is redacted. A
//! session handed out (create, resume, one-time link) but never opened fires nothing.

use chrono::{DateTime, Duration, Utc};

use super::session_token::{TokenKey, TOKEN_LIFETIME_SECS};
use crate::ids::new_id;
use crate::model::session::{Session, SessionStatus};
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
        status: SessionStatus::Created,
        created_at: now,
        started_at: None,
        expired_at: None,
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

/// Marks the token's session as used by the Hosted Flow; the first time, it starts
/// (`inquiry-session.started`).
pub(crate) fn mark_used(
    state: &mut EmulatorState,
    key: &TokenKey,
    token: &str,
    now: DateTime<Utc>,
) {
    let Some(session) = key
        .session_id(token, now)
        .and_then(|sid| state.sessions.get_mut(&sid))
    else {
        return;
    };
    session.used = true;
    if session.status == SessionStatus::Created {
        session.status = SessionStatus::Active;
        session.started_at = Some(now);
        let id = session.id.clone();
        state.record_session_event("inquiry-session.started", &id, now);
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

/// Why an inquiry's sessions end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SessionEnd {
    /// The inquiry expired: `inquiry-session.expired`.
    Expired,
    /// The inquiry was redacted: `inquiry-session.canceled`.
    Canceled,
}

/// Ends every session of the inquiry (and so its one-time links): an expired inquiry needs a
/// resume before anyone can continue. Each started session records its event, oldest first.
pub(crate) fn end_all(
    state: &mut EmulatorState,
    inquiry_id: &str,
    now: DateTime<Utc>,
    why: SessionEnd,
) {
    let mut started = Vec::new();
    for session in state.sessions.values_mut() {
        if session.inquiry_id != inquiry_id {
            continue;
        }
        if session.expires_at > now {
            session.expires_at = now;
        }
        if session.status == SessionStatus::Active {
            match why {
                SessionEnd::Expired => {
                    session.status = SessionStatus::Expired;
                    session.expired_at = Some(now);
                }
                SessionEnd::Canceled => session.status = SessionStatus::Canceled,
            }
            started.push((session.started_at, session.id.clone()));
        }
    }
    started.sort_unstable();
    let name = match why {
        SessionEnd::Expired => "inquiry-session.expired",
        SessionEnd::Canceled => "inquiry-session.canceled",
    };
    for (_, id) in started {
        state.record_session_event(name, &id, now);
    }
}
