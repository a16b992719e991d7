//! Session tokens: HS256 JWTs shaped like Persona's (`sub`/`sid` = `iqse_…`, `aud` =
//! `persona-verify`, `exp` = `iat` + 24 h), signed with a random key that never leaves memory.
//! Clients must treat them as opaque; the Hosted Flow checks them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

const AUDIENCE: &str = "persona-verify";
const ISSUER: &str = "emulator.invalid";
/// How long a token (and so at most its session) lives.
pub(crate) const TOKEN_LIFETIME_SECS: i64 = 86_400;
/// `{"alg":"HS256"}`, the header of Persona's example token.
const HEADER: &str = "eyJhbGciOiJIUzI1NiJ9";

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

/// The key session tokens are signed with: random per emulator instance.
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
    pub(crate) fn session_id(&self, token: &str, now: DateTime<Utc>) -> Option<String> {
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
