//! Sending the outbox: the `send_mail` job writes one queued message to its walker, with a
//! fresh single-use link where the message carries one.

use super::error::OnboardingError;
use super::service::Onboarding;
use crate::domain::{MailState, WalkerId};
use crate::mail::{render, MailContent, MailError, Transport};
use crate::store::{DevMessage, JobRecord, OutgoingMessage};
use anyhow::Context;
use rand::distributions::{Alphanumeric, DistString};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// How long a link in a message works.
pub const LINK_LIFETIME: Duration = Duration::from_secs(30 * 60);
/// Outcomes turned into messages per transaction. On SQLite the webhooks' batches wait for the
/// one write connection while it runs, so it stays short (a few milliseconds); a burst takes
/// several in turn.
const OUTCOME_BATCH: i64 = 64;
/// A token is this many letters and digits (about 256 bits).
pub const TOKEN_LEN: usize = 43;

/// What the database keeps of a token: its SHA-256, in hex.
pub(super) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Onboarding {
    /// The `send_mail` job. A message for a walker who is being erased is withdrawn instead;
    /// one that SMTP cannot take now fails transiently, and the job retries it later.
    pub(super) async fn send_mail_for_job(&self, job: &JobRecord) -> Result<(), OnboardingError> {
        let mail_id = job
            .mail_id
            .as_ref()
            .context("a send_mail job names its message")?;
        let mail = self
            .store
            .mails()
            .by_id(mail_id)
            .await?
            .context("a queued message vanished")?;
        if mail.state != MailState::Queued {
            return Ok(());
        }
        let walker = self.walker(&mail.walker_id).await?;
        if walker.is_erased_or_going() {
            self.store
                .mails()
                .settle(mail_id, MailState::Withdrawn)
                .await?;
            return Ok(());
        }
        let link = if mail.kind.carries_link() {
            self.issue_link(&walker.id).await?
        } else {
            format!("{}/status", self.links.public_base_url)
        };
        let rendered = render(MailContent {
            kind: mail.kind,
            language: walker.language(),
            first_name: &walker.first_name,
            link: &link,
        });
        match &self.mailer.transport {
            Transport::Smtp(smtp) => {
                smtp.send(&self.mailer.from, &walker.email, &rendered)
                    .await?
            }
            Transport::DevOutbox => {
                let message = OutgoingMessage {
                    mail_id,
                    walker_id: &walker.id,
                    to_address: &walker.email,
                    subject: &rendered.subject,
                    text_body: &rendered.text,
                    html_body: &rendered.html,
                };
                self.store.dev_outbox().deliver(message).await?;
            }
        }
        self.store.mails().settle(mail_id, MailState::Sent).await?;
        tracing::info!(%mail_id, kind = mail.kind.as_str(), "mail sent");
        Ok(())
    }

    /// Queues the messages for outcomes applied since the last call (see
    /// `Mails::queue_due_outcomes`), a batch at a time. While webhooks arrive in bursts,
    /// only outcomes older than [`WEBHOOK_PATIENCE`](super::jobs::WEBHOOK_PATIENCE) are
    /// queued: Persona is waiting on those answers, a walker's message can wait a few seconds,
    /// and an inquiry that changes again meanwhile is told once. A failure is logged and left
    /// for the next round: the marks stay until their messages are queued.
    pub(super) async fn queue_outcome_mails(&self) {
        loop {
            let due_by = self.patience_cutoff();
            match self
                .store
                .mails()
                .queue_due_outcomes(OUTCOME_BATCH, due_by)
                .await
            {
                Ok(queued) => {
                    metrics::counter!("pawpass_outcome_mails_queued_total")
                        .increment(queued.messages);
                    if queued.messages > 0 {
                        tracing::info!(queued = queued.messages, "outcome messages queued");
                    }
                    // A full batch may have left more marks; a short one took them all.
                    if queued.inquiries < OUTCOME_BATCH.unsigned_abs() {
                        return;
                    }
                }
                Err(error) => {
                    tracing::error!(error = format!("{error:#}"), "queueing outcome messages");
                    return;
                }
            }
        }
    }

    /// The development outbox's newest messages (see `web::dev_mail`).
    pub async fn dev_outbox(&self, limit: i64) -> Result<Vec<DevMessage>, OnboardingError> {
        Ok(self.store.dev_outbox().recent(limit).await?)
    }

    /// Records that a message's job gave up on it.
    pub(super) async fn give_up_on_mail(&self, job: &JobRecord) -> anyhow::Result<()> {
        match &job.mail_id {
            Some(mail_id) => self.store.mails().settle(mail_id, MailState::Failed).await,
            None => Ok(()),
        }
    }

    /// A new single-use link for the walker: the token goes into the message, its hash into
    /// the database.
    async fn issue_link(&self, walker_id: &WalkerId) -> Result<String, OnboardingError> {
        let token = Alphanumeric.sample_string(&mut rand::thread_rng(), TOKEN_LEN);
        let expires_at = crate::store::now_ms() + LINK_LIFETIME.as_millis() as i64;
        self.store
            .continue_tokens()
            .issue(&token_hash(&token), walker_id, expires_at)
            .await?;
        Ok(format!("{}/continue/{token}", self.links.public_base_url))
    }
}

impl From<MailError> for OnboardingError {
    fn from(error: MailError) -> Self {
        match error {
            MailError::Unavailable(_) => Self::MailUnavailable(error),
            MailError::Refused(_) => Self::MailRefused(error),
        }
    }
}
