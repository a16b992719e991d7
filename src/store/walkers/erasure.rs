//! Erasure on request: the walker's row keeps its id, verification outcome and dates, and
//! loses every personal field; stored event bodies shrink to what the timeline shows, and
//! searches operators typed for them are forgotten.

use super::notes::ERASED_NOTE;
use crate::domain::{JobId, JobKind, WalkerId};
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::db::{now_ms, Db};
use crate::store::inquiries::strip_for_walker;
use crate::store::jobs;
use crate::store::operators::forget_mentions;
use anyhow::Context;

/// Marks the walker as waiting for erasure and queues the job, once: `None` if erasure was
/// already requested.
pub(super) async fn request(db: &Db, walker_id: &WalkerId) -> anyhow::Result<Option<JobId>> {
    let mut tx = db.begin_write().await?;
    let marked = sqlx::query(
        "UPDATE walkers SET erasure_requested_at = $1 WHERE id = $2 \
         AND erasure_requested_at IS NULL",
    )
    .bind(now_ms())
    .bind(walker_id)
    .execute(&mut *tx)
    .await
    .context("marking a walker for erasure")?
    .rows_affected()
        == 1;
    if !marked {
        return Ok(None);
    }
    let job = jobs::insert(&mut *tx, JobKind::EraseWalker, walker_id, None).await?;
    tx.commit().await.context("committing an erasure request")?;
    Ok(Some(job.id))
}

/// Removes the walker's personal data from every table PawPass keeps and ends their sessions.
/// Idempotent.
pub(super) async fn erase(
    db: &Db,
    walker_id: &WalkerId,
    (actor, entry): (Actor<'_>, AuditEntry<'_>),
) -> anyhow::Result<()> {
    strip_for_walker(db, walker_id).await?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    // Searches operators typed to find the walker go too, matched on the names before they
    // are blanked (once: a walker already erased has none left to match).
    let names: Option<(String, String, String)> = sqlx::query_as(
        "SELECT first_name, last_name, email FROM walkers WHERE id = $1 AND erased_at IS NULL",
    )
    .bind(walker_id)
    .fetch_optional(&mut *tx)
    .await
    .context("reading the names of a walker to erase")?;
    if let Some((first, last, email)) = &names {
        forget_mentions(&mut tx, [first, last, email]).await?;
    }
    sqlx::query(
        "UPDATE walkers SET first_name = 'Erased', last_name = 'walker', email = '', \
         email_normalized = $1, birthdate = '', phone = NULL, \
         erased_at = COALESCE(erased_at, $2) WHERE id = $3",
    )
    .bind(format!("erased:{walker_id}"))
    .bind(now)
    .bind(walker_id)
    .execute(&mut *tx)
    .await
    .context("erasing a walker's fields")?;
    sqlx::query("UPDATE notes SET body = $1 WHERE walker_id = $2")
        .bind(ERASED_NOTE)
        .bind(walker_id)
        .execute(&mut *tx)
        .await
        .context("erasing a walker's notes")?;
    // Mail: what is still queued is never sent, the development outbox forgets the messages,
    // and links in mail already sent stop working.
    sqlx::query("UPDATE mails SET state = 'withdrawn', updated_at = $1 WHERE walker_id = $2 AND state = 'queued'")
        .bind(now)
        .bind(walker_id)
        .execute(&mut *tx)
        .await
        .context("withdrawing an erased walker's mail")?;
    for (table, what) in [
        ("dev_outbox", "deleting an erased walker's development mail"),
        ("continue_tokens", "deleting an erased walker's links"),
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE walker_id = $1"))
            .bind(walker_id)
            .execute(&mut *tx)
            .await
            .context(what)?;
    }
    // A session names its walker by id in its JSON record; ids are random, so a substring
    // match cannot hit another walker's session.
    sqlx::query("DELETE FROM sessions WHERE data LIKE $1")
        .bind(format!("%\"{walker_id}\"%"))
        .execute(&mut *tx)
        .await
        .context("ending an erased walker's sessions")?;
    audit::append(&mut tx, actor, entry).await?;
    tx.commit().await.context("committing an erasure")?;
    Ok(())
}
