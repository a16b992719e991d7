//! The mail outbox: messages to walkers, each with the `send_mail` job that sends it. A link is
//! queued in the transaction that decides to send it ([`Mails::queue_link`]); an outcome is
//! marked by the transaction that applies it and queued by the job worker soon after
//! ([`Mails::queue_due_outcomes`]). Plus the single-use links those messages carry,
//! and the development outbox that stands in for SMTP on a developer's machine.

mod dev_outbox;
mod outcomes;
mod tokens;

pub use dev_outbox::{DevMessage, DevOutbox, OutgoingMessage};
pub use outcomes::OutcomesQueued;
pub use tokens::ContinueTokens;

use super::db::{now_ms, Db};
use super::jobs;
use crate::domain::{MailId, MailKind, MailState, WalkerId};
use anyhow::Context;

/// One message, with how its sending went so far.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MailRecord {
    pub id: MailId,
    pub walker_id: WalkerId,
    pub kind: MailKind,
    pub state: MailState,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    /// Attempts its job made, and why the last one failed.
    pub attempts: Option<i64>,
    pub last_error: Option<String>,
}

const MAIL_COLUMNS: &str = "m.id, m.walker_id, m.kind, m.state, m.created_at, m.sent_at, \
     j.attempts, j.last_error";

#[derive(Clone, Copy, Debug)]
pub struct Mails<'a> {
    db: &'a Db,
}

impl<'a> Mails<'a> {
    pub(super) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Queues a link for the walker with its job, unless one was queued in the last
    /// `quiet_ms`: repeated requests must not flood their inbox. `None` when held back.
    pub async fn queue_link(
        self,
        walker_id: &WalkerId,
        quiet_ms: i64,
    ) -> anyhow::Result<Option<MailId>> {
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        // Two requests at once must not both see "nothing recent".
        self.db.lock_walker(&mut tx, walker_id).await?;
        let recent: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM mails WHERE walker_id = $1 AND kind = $2 AND created_at > $3 LIMIT 1",
        )
        .bind(walker_id)
        .bind(MailKind::ContinueLink.as_str())
        .bind(now - quiet_ms)
        .fetch_optional(&mut *tx)
        .await
        .context("looking for a recent link")?;
        if recent.is_some() {
            return Ok(None);
        }
        let id = MailId::generate();
        sqlx::query(
            "INSERT INTO mails (id, walker_id, inquiry_id, kind, state, created_at, updated_at) \
             VALUES ($1, $2, NULL, $3, $4, $5, $5)",
        )
        .bind(&id)
        .bind(walker_id)
        .bind(MailKind::ContinueLink.as_str())
        .bind(MailState::Queued.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await
        .context("queueing a link")?;
        jobs::insert_for_mail(&mut *tx, walker_id, &id).await?;
        tx.commit().await.context("committing a queued link")?;
        Ok(Some(id))
    }

    pub async fn by_id(self, id: &MailId) -> anyhow::Result<Option<MailRecord>> {
        sqlx::query_as(&format!(
            "SELECT {MAIL_COLUMNS} FROM mails m LEFT JOIN jobs j ON j.mail_id = m.id \
             WHERE m.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.db.pool)
        .await
        .context("looking up a mail")
    }

    /// Every message to the walker, newest first.
    pub async fn for_walker(self, walker_id: &WalkerId) -> anyhow::Result<Vec<MailRecord>> {
        sqlx::query_as(&format!(
            "SELECT {MAIL_COLUMNS} FROM mails m LEFT JOIN jobs j ON j.mail_id = m.id \
             WHERE m.walker_id = $1 ORDER BY m.created_at DESC, m.id DESC LIMIT 200"
        ))
        .bind(walker_id)
        .fetch_all(&self.db.pool)
        .await
        .context("listing a walker's mail")
    }

    /// Records where a queued message ended up. A message already sent, failed or withdrawn
    /// keeps its state.
    pub async fn settle(self, id: &MailId, state: MailState) -> anyhow::Result<()> {
        let now = now_ms();
        sqlx::query(
            "UPDATE mails SET state = $1, updated_at = $2, \
             sent_at = CASE WHEN $1 = 'sent' THEN $2 ELSE sent_at END \
             WHERE id = $3 AND state = 'queued'",
        )
        .bind(state.as_str())
        .bind(now)
        .bind(id)
        .execute(self.db.writes())
        .await
        .context("recording a mail's state")?;
        Ok(())
    }
}
