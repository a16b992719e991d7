//! Browser sessions: their cookie, how long they last, and how long an operator's sign-in holds
//! whatever the activity.

use std::time::Duration;
use tower_sessions::cookie::time::Duration as CookieDuration;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer, SessionStore};

/// A session ends after this long without a request.
const IDLE_EXPIRY: CookieDuration = CookieDuration::hours(8);
/// An operator's sign-in holds at most this long, however busy they are, so a stolen or
/// forgotten session cannot be kept alive by activity alone.
pub const MAX_SIGN_IN_AGE: Duration = Duration::from_secs(12 * 60 * 60);
/// How often expired sessions are deleted from the database.
pub const PURGE_EVERY: Duration = Duration::from_secs(5 * 60);

/// Over https the cookie carries the `__Host-` prefix: browsers then accept it only when it is
/// `Secure`, for `Path=/` and without a `Domain`, so no other host (a sibling subdomain, a
/// plain-http man in the middle) can plant or widen it.
pub fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-pawpass_session"
    } else {
        "pawpass_session"
    }
}

/// The session layer: an `HttpOnly`, `SameSite=Lax` cookie, `Secure` over https, expiring
/// after [`IDLE_EXPIRY`] of inactivity.
pub fn layer<S: SessionStore + Clone>(store: S, https: bool) -> SessionManagerLayer<S> {
    SessionManagerLayer::new(store)
        .with_name(cookie_name(https))
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(https)
        .with_expiry(Expiry::OnInactivity(IDLE_EXPIRY))
}

/// Now, as a sign-in time kept in the session: ms since the epoch.
pub fn sign_in_time() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Whether the sign-in a session records still holds. A session without a sign-in time predates
/// the limit: its operator signs in again, once.
pub fn sign_in_holds(signed_in_at: Option<i64>) -> bool {
    signed_in_at.is_some_and(|at| !sign_in_expired(at, sign_in_time()))
}

/// Whether a sign-in at `signed_in_at_ms` no longer holds at `now_ms` (both ms since the epoch).
pub fn sign_in_expired(signed_in_at_ms: i64, now_ms: i64) -> bool {
    let max_age_ms = i64::try_from(MAX_SIGN_IN_AGE.as_millis()).unwrap_or(i64::MAX);
    now_ms.saturating_sub(signed_in_at_ms) >= max_age_ms
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR_MS: i64 = 60 * 60 * 1000;

    #[test]
    fn a_sign_in_holds_for_twelve_hours_and_no_longer() {
        let signed_in = 1_800_000_000_000;
        assert!(!sign_in_expired(signed_in, signed_in));
        assert!(!sign_in_expired(signed_in, signed_in + 12 * HOUR_MS - 1));
        assert!(sign_in_expired(signed_in, signed_in + 12 * HOUR_MS));
        assert!(sign_in_expired(signed_in, signed_in + 30 * 24 * HOUR_MS));
    }

    #[test]
    fn a_fresh_sign_in_holds_and_a_missing_one_does_not() {
        assert!(sign_in_holds(Some(sign_in_time())));
        assert!(!sign_in_holds(Some(sign_in_time() - 13 * HOUR_MS)));
        assert!(!sign_in_holds(None));
    }

    #[test]
    fn the_cookie_is_host_prefixed_over_https_only() {
        assert_eq!(cookie_name(true), "__Host-pawpass_session");
        assert_eq!(cookie_name(false), "pawpass_session");
    }
}
