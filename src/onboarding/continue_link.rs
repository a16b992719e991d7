//! Continuing by email: the only way back into a walker's verification from a browser that is
//! not already theirs. Knowing an address proves nothing; opening the link sent to it does.

use super::error::OnboardingError;
use super::mail::{token_hash, TOKEN_LEN};
use super::service::Onboarding;
use crate::domain::{Email, WalkerId};
use std::time::Duration;

/// Asking again within this long sends nothing new: the link already on its way still works.
pub const LINK_QUIET: Duration = Duration::from_secs(120);

/// A token as a browser hands it back, checked for shape before any work is spent on it.
pub struct LinkToken(String);

impl LinkToken {
    /// `None` for anything that cannot be a token PawPass made.
    pub fn parse(raw: &str) -> Option<Self> {
        (raw.len() == TOKEN_LEN && raw.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| Self(raw.to_owned()))
    }

    fn hash(&self) -> String {
        token_hash(&self.0)
    }
}

impl Onboarding {
    /// Emails a link to continue to the walker registered with this address, if there is one
    /// who is not being erased. The caller's answer must not depend on which: it is the same
    /// for an unknown address, and nothing about the walker changes.
    pub async fn email_link(&self, email: &Email) -> Result<(), OnboardingError> {
        let Some(walker) = self.store.walkers().by_email(&email.normalized()).await? else {
            return Ok(());
        };
        if walker.is_erased_or_going() {
            return Ok(());
        }
        self.email_link_to(&walker.id).await
    }

    /// Queues a link for this walker (held back if one went out moments ago) and wakes the
    /// worker so it leaves at once.
    pub(super) async fn email_link_to(&self, walker_id: &WalkerId) -> Result<(), OnboardingError> {
        let quiet_ms = LINK_QUIET.as_millis() as i64;
        match self.store.mails().queue_link(walker_id, quiet_ms).await? {
            Some(mail_id) => {
                tracing::info!(%walker_id, %mail_id, "continue link queued");
                self.wake_worker();
            }
            None => tracing::info!(%walker_id, "continue link held back: one was just sent"),
        }
        Ok(())
    }

    /// Whether the link still works, without using it up: a mail scanner that follows links
    /// must not spend the walker's only click.
    pub async fn link_is_live(&self, token: &LinkToken) -> Result<bool, OnboardingError> {
        Ok(self
            .store
            .continue_tokens()
            .peek(&token.hash())
            .await?
            .is_some())
    }

    /// Uses the link up: the walker it belongs to, or `None` if it is used, expired, unknown
    /// or its walker is being erased (the caller shows all four the same way).
    pub async fn redeem_link(
        &self,
        token: &LinkToken,
    ) -> Result<Option<WalkerId>, OnboardingError> {
        let walker_id = self.store.continue_tokens().redeem(&token.hash()).await?;
        if let Some(walker_id) = &walker_id {
            tracing::info!(%walker_id, "continue link used");
        }
        Ok(walker_id)
    }
}
