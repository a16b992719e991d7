//! Operator sign-in. An unknown username and a wrong password get the same answer and cost the
//! same argon2 check. Attempts are counted per typed username (lower-cased, so "Olive" cannot
//! dodge the lock of "olive") and client address: an address that fails five times is refused
//! that username for 15 minutes, while other addresses are not, so an attacker cannot lock the
//! real operator out. Failures from every address together only slow the username down, by a
//! few seconds at most.

use super::error::ConsoleError;
use super::operator::Operator;
use super::passwords;
use super::service::Console;
use crate::domain::OperatorId;
use crate::store::{now_ms, LoginFailures, EVERY_CLIENT};
use std::net::IpAddr;
use std::time::Duration;

/// Attempts within this window count towards a lock; older ones are forgotten.
pub(super) const FAILURE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// This many attempts from one address in the window are checked; the next are refused…
const LOCK_AFTER_FAILURES: i64 = 5;
/// …and a fifth failure locks the address out of the username for this long.
const LOCK_MS: i64 = 15 * 60 * 1000;
/// The longest a sign-in waits because of other addresses' failures.
const MAX_SLOWDOWN: Duration = Duration::from_secs(2);

/// How a sign-in ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignIn {
    /// The id of the operator now signed in.
    SignedIn(OperatorId),
    /// Wrong username or password (which of the two is never said).
    Refused,
    /// Too many failures from this address: the username is locked for it for a while.
    Locked,
}

/// Whether the attempt numbered by `count` may be checked. Each attempt is counted before its
/// password is checked, so twenty concurrent guesses get the numbers 1 to 20 and only five of
/// them reach argon2.
fn may_check(count: LoginFailures, now: i64) -> bool {
    count.locked_until <= now && count.failures <= LOCK_AFTER_FAILURES
}

/// The failures from every address that still count at `now`.
fn recent(stored: Option<LoginFailures>, now: i64) -> i64 {
    stored
        .filter(|f| now - f.last_failure_at < FAILURE_WINDOW_MS)
        .map_or(0, |f| f.failures)
}

/// Extra wait before checking a password once a username has failed a few times, from any
/// address; bounded, so the real operator is only ever slowed down.
fn slowdown(failures: i64) -> Duration {
    if failures < 2 {
        return Duration::ZERO;
    }
    let steps = (failures - 2).min(8) as u32;
    Duration::from_millis(250 * 2u64.pow(steps)).min(MAX_SLOWDOWN)
}

impl Console {
    /// `client` is the address the request came from, as the rate limits key it (through
    /// trusted proxies; an IPv6 client's /64).
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        client: IpAddr,
    ) -> Result<SignIn, ConsoleError> {
        let throttle = self.store.login_throttle();
        let username = username.trim();
        let key = username.to_lowercase();
        let client = client.to_string();
        let now = now_ms();
        let attempt = throttle
            .count(&key, &client, now, now - FAILURE_WINDOW_MS)
            .await?;
        if !may_check(attempt, now) {
            return Ok(SignIn::Locked);
        }
        let everywhere = recent(throttle.get(&key, EVERY_CLIENT).await?, now);
        tokio::time::sleep(slowdown(everywhere)).await;
        let operator = self.store.operators().by_username(username).await?;
        let hash = operator.as_ref().map(|op| op.password_hash.clone());
        let matched = passwords::matches(hash, password).await?;
        match operator.filter(|op| matched && !op.disabled) {
            Some(operator) => {
                // Only this address's count: other addresses' guesses keep slowing the name.
                throttle.clear(&key, &client).await?;
                tracing::info!(operator_id = %operator.id, "operator signed in");
                Ok(SignIn::SignedIn(operator.id))
            }
            None => {
                let now = now_ms();
                throttle
                    .count(&key, EVERY_CLIENT, now, now - FAILURE_WINDOW_MS)
                    .await?;
                tracing::info!(attempt = attempt.failures, "operator sign-in failed");
                if attempt.failures >= LOCK_AFTER_FAILURES {
                    throttle.lock(&key, &client, now + LOCK_MS).await?;
                    return Ok(SignIn::Locked);
                }
                Ok(SignIn::Refused)
            }
        }
    }

    /// The operator with this id (a session's), while they are enabled: disabling someone ends
    /// their sessions at their next request.
    pub async fn operator(
        &self,
        operator_id: &OperatorId,
    ) -> Result<Option<Operator>, ConsoleError> {
        Ok(self
            .store
            .operators()
            .by_id(operator_id)
            .await?
            .filter(|op| !op.disabled)
            .map(|op| Operator::new(op.id, op.username)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_attempts_are_checked_and_a_lock_refuses_the_rest() {
        let count = |failures, locked_until| LoginFailures {
            failures,
            last_failure_at: 1_000,
            locked_until,
        };
        assert!((1..=5).all(|n| may_check(count(n, 0), 1_000)));
        assert!(!may_check(count(6, 0), 1_000));
        assert!(!may_check(count(1, 2_000), 1_000));
        assert!(may_check(count(1, 1_000), 1_000), "a lock ends on time");
    }

    #[test]
    fn old_failures_are_forgotten() {
        let stale = LoginFailures {
            failures: 3,
            last_failure_at: 0,
            locked_until: 0,
        };
        assert_eq!(recent(Some(stale), FAILURE_WINDOW_MS), 0);
        assert_eq!(recent(Some(stale), FAILURE_WINDOW_MS - 1), 3);
        assert_eq!(recent(None, 0), 0);
    }

    #[test]
    fn tries_slow_down_after_two_failures_and_never_by_much() {
        assert_eq!(slowdown(1), Duration::ZERO);
        assert_eq!(slowdown(2), Duration::from_millis(250));
        assert_eq!(slowdown(5), Duration::from_secs(2));
        assert_eq!(slowdown(1_000), MAX_SLOWDOWN);
    }
}
