//! Development only: the mailbox that stands in for SMTP, read at `/dev/mail`.

use crate::domain::{MailId, WalkerId};
use crate::store::db::{now_ms, Db};
use anyhow::Context;

/// A message on its way into the outbox.
#[derive(Clone, Copy, Debug)]
pub struct OutgoingMessage<'a> {
    pub mail_id: &'a MailId,
    pub walker_id: &'a WalkerId,
    pub to_address: &'a str,
    pub subject: &'a str,
    pub text_body: &'a str,
    pub html_body: &'a str,
}

/// A message as it would have gone out.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DevMessage {
    pub mail_id: MailId,
    pub walker_id: WalkerId,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub delivered_at: i64,
}

#[derive(Clone, Copy, Debug)]
pub struct DevOutbox<'a> {
    db: &'a Db,
}

impl<'a> DevOutbox<'a> {
    pub(in crate::store) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Puts a rendered message in the outbox, delivered now.
    pub async fn deliver(self, message: OutgoingMessage<'_>) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO dev_outbox (mail_id, walker_id, to_address, subject, text_body, \
             html_body, delivered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(message.mail_id)
        .bind(message.walker_id)
        .bind(message.to_address)
        .bind(message.subject)
        .bind(message.text_body)
        .bind(message.html_body)
        .bind(now_ms())
        .execute(self.db.writes())
        .await
        .context("delivering to the development outbox")?;
        Ok(())
    }

    /// The newest messages first.
    pub async fn recent(self, limit: i64) -> anyhow::Result<Vec<DevMessage>> {
        sqlx::query_as(
            "SELECT mail_id, walker_id, to_address, subject, text_body, html_body, delivered_at \
             FROM dev_outbox ORDER BY delivered_at DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.db.pool)
        .await
        .context("reading the development outbox")
    }
}
