//! Inquiry sessions and their tokens: HS256 JWTs shaped like Persona's (`sub`/`sid` = `iqse_…`,
//! `aud` = `persona-verify`, `exp` = `iat` + 24 h), signed with a random key that never leaves
//! memory. Clients must treat them as opaque; the Hosted Flow checks them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::ids::new_id;
use super::store::State;

const AUDIENCE: &str = "persona-verify";
const ISSUER: &str = "emulator.invalid";
const TOKEN_LIFETIME_SECS: i64 = 86_400;
/// `{"alg":"HS256"}`, the header of Persona's example token.
const HEADER: &str = "eyJhbGciOiJIUzI1NiJ9";

#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub id: String,
    pub inquiry_id: String,
    /// Copied from the inquiry at creation; later resumes do not move it (CONTRACT 7.3).
    pub expires_at: DateTime<Utc>,
    /// Opened in the Hosted Flow; resume only reuses sessions nobody has used yet.
    pub used: bool,
}

/// Persona's default cap on sessions per inquiry.
const MAX_SESSIONS: usize = 25;

#[derive(Serialize, Deserialize)]
struct Claims {
    sub: String,
    aud: String,
    iss: String,
    iat: i64,
    nbf: i64,
    exp: i64,
    jti: String,
    sid: String,
}

pub(crate) struct TokenKey([u8; 32]);

impl TokenKey {
    pub(crate) fn random() -> Self {
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        TokenKey(key)
    }

    fn mac(&self, signing_input: &str) -> Hmac<Sha256> {
        // HMAC takes keys of any length, so this cannot fail.
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(signing_input.as_bytes());
        mac
    }

    pub(crate) fn mint(&self, session_id: &str, now: DateTime<Utc>) -> String {
        let iat = now.timestamp();
        let claims = Claims {
            sub: session_id.to_owned(),
            aud: AUDIENCE.to_owned(),
            iss: ISSUER.to_owned(),
            iat,
            nbf: iat,
            exp: iat + TOKEN_LIFETIME_SECS,
            jti: uuid::Uuid::new_v4().to_string(),
            sid: session_id.to_owned(),
        };
        // Serializing a struct of strings and integers cannot fail.
        let payload = serde_json::to_vec(&claims).unwrap_or_default();
        let signing_input = format!("{HEADER}.{}", URL_SAFE_NO_PAD.encode(payload));
        let signature = self.mac(&signing_input).finalize().into_bytes();
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// The session id of a well-formed, correctly signed, currently valid token.
    fn session_id(&self, token: &str, now: DateTime<Utc>) -> Option<String> {
        let (signing_input, signature) = token.rsplit_once('.')?;
        let (header, payload) = signing_input.split_once('.')?;
        if header != HEADER {
            return None;
        }
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        self.mac(signing_input).verify_slice(&signature).ok()?;
        let claims: Claims = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
        let now = now.timestamp();
        let valid = claims.aud == AUDIENCE && claims.nbf <= now && now < claims.exp;
        valid.then_some(claims.sid)
    }
}

/// Opens a new session on the inquiry and returns its token (`None` for an unknown inquiry).
pub(crate) fn open(
    state: &mut State,
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
    state: &mut State,
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
pub(crate) fn mark_used(state: &mut State, key: &TokenKey, token: &str, now: DateTime<Utc>) {
    if let Some(session) = key
        .session_id(token, now)
        .and_then(|sid| state.sessions.get_mut(&sid))
    {
        session.used = true;
    }
}

/// Whether `token` is a live session token for this inquiry.
pub(crate) fn authorizes(
    state: &State,
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
pub(crate) fn expire_all(state: &mut State, inquiry_id: &str, now: DateTime<Utc>) {
    for session in state.sessions.values_mut() {
        if session.inquiry_id == inquiry_id && session.expires_at > now {
            session.expires_at = now;
        }
    }
}
