//! Operator sign-in. An unknown username and a wrong password get the same answer and cost the
//! same argon2 check; failures are counted per typed username (lower-cased, so "Olive" cannot
//! dodge the lock of "olive"), slow the next tries down, and lock the name for a while.

use super::error::ConsoleError;
use super::operator::Operator;
use super::passwords;
use super::service::Console;
use crate::domain::OperatorId;
use crate::store::{now_ms, LoginFailures};
use std::time::Duration;

/// Failures within this window count towards a lock; older ones are forgotten.
const FAILURE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// This many failures in the window lock the username…
const LOCK_AFTER_FAILURES: i64 = 5;
/// …for this long.
const LOCK_MS: i64 = 15 * 60 * 1000;

/// How a sign-in ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignIn {
    /// The id of the operator now signed in.
    SignedIn(OperatorId),
    /// Wrong username or password (which of the two is never said).
    Refused,
    /// Too many failures: the username is locked for a while.
    Locked,
}

/// The failures that still count at `now`: none once the window has passed and no lock holds.
fn counting(stored: Option<LoginFailures>, now: i64) -> LoginFailures {
    match stored {
        Some(f) if now - f.last_failure_at < FAILURE_WINDOW_MS || f.locked_until > now => f,
        _ => LoginFailures::default(),
    }
}

/// One more failure at `now`, locking the username when there have been too many.
fn after_failure(before: LoginFailures, now: i64) -> LoginFailures {
    let failures = before.failures + 1;
    LoginFailures {
        failures,
        last_failure_at: now,
        locked_until: if failures >= LOCK_AFTER_FAILURES {
            now + LOCK_MS
        } else {
            0
        },
    }
}

/// Extra wait before checking a password once a username has failed a few times.
fn slowdown(failures: i64) -> Duration {
    if failures < 2 {
        return Duration::ZERO;
    }
    let steps = (failures - 2).min(4) as u32;
    Duration::from_millis(250 * 2u64.pow(steps))
}

impl Console {
    pub async fn sign_in(&self, username: &str, password: &str) -> Result<SignIn, ConsoleError> {
        let throttle = self.store.login_throttle();
        let username = username.trim();
        let key = username.to_lowercase();
        let failures = counting(throttle.get(&key).await?, now_ms());
        if failures.locked_until > now_ms() {
            return Ok(SignIn::Locked);
        }
        tokio::time::sleep(slowdown(failures.failures)).await;
        let operator = self.store.operators().by_username(username).await?;
        let hash = operator.as_ref().map(|op| op.password_hash.clone());
        let matched = passwords::matches(hash, password).await?;
        match operator.filter(|op| matched && !op.disabled) {
            Some(operator) => {
                throttle.clear(&key).await?;
                tracing::info!(operator_id = %operator.id, "operator signed in");
                Ok(SignIn::SignedIn(operator.id))
            }
            None => {
                // Counted from the stored row as it is now, so concurrent failures add up.
                let now = now_ms();
                let failures = after_failure(counting(throttle.get(&key).await?, now), now);
                throttle.save(&key, &failures).await?;
                tracing::info!(failures = failures.failures, "operator sign-in failed");
                Ok(if failures.failures >= LOCK_AFTER_FAILURES {
                    SignIn::Locked
                } else {
                    SignIn::Refused
                })
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
    fn old_failures_are_forgotten_unless_locked() {
        let stale = LoginFailures {
            failures: 3,
            last_failure_at: 0,
            locked_until: 0,
        };
        assert_eq!(
            counting(Some(stale), FAILURE_WINDOW_MS),
            LoginFailures::default()
        );
        let locked = LoginFailures {
            locked_until: FAILURE_WINDOW_MS + 1,
            ..stale
        };
        assert_eq!(counting(Some(locked), FAILURE_WINDOW_MS), locked);
    }

    #[test]
    fn the_fifth_failure_locks() {
        let mut failures = LoginFailures::default();
        for _ in 0..4 {
            failures = after_failure(failures, 1_000);
            assert_eq!(failures.locked_until, 0);
        }
        assert_eq!(after_failure(failures, 1_000).locked_until, 1_000 + LOCK_MS);
    }

    #[test]
    fn tries_slow_down_after_two_failures() {
        assert_eq!(slowdown(1), Duration::ZERO);
        assert_eq!(slowdown(2), Duration::from_millis(250));
        assert_eq!(slowdown(9), Duration::from_millis(4000));
    }
}
