//! Erasure on request: the walker's row keeps its id, verification outcome and dates, and
//! loses every personal field; stored event bodies shrink to what the timeline shows.

use super::{now_ms, Db, KIND_ERASE_WALKER};
use anyhow::Context;

/// What a note says once its walker has been erased (notes may quote personal data).
pub const ERASED_NOTE: &str = "(removed when the walker's data was erased)";

#[derive(sqlx::FromRow)]
pub(super) struct EventHead {
    pub id: String,
    pub name: String,
    pub inquiry_id: Option<String>,
    pub status: Option<String>,
    pub persona_created_at: i64,
}

/// The body kept for an event once its personal parts are gone.
pub(super) fn minimal_body(event: &EventHead) -> String {
    let created_at = chrono::DateTime::from_timestamp_millis(event.persona_created_at)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
    serde_json::json!({
        "data": {
            "type": "event",
            "id": event.id,
            "attributes": {
                "name": event.name,
                "created-at": created_at,
                "payload": {"data": {"type": "inquiry", "id": event.inquiry_id,
                    "attributes": {"status": event.status}}},
            },
        },
        "stripped": true,
    })
    .to_string()
}

impl Db {
    /// Marks the walker as waiting for erasure and queues the job, once: false if erasure
    /// was already requested.
    pub async fn request_erasure(&self, walker_id: &str) -> anyhow::Result<Option<String>> {
        let mut tx = self.begin_write().await?;
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
        let job = Db::enqueue_job(&mut *tx, KIND_ERASE_WALKER, walker_id).await?;
        tx.commit().await.context("committing an erasure request")?;
        Ok(Some(job))
    }

    /// Replaces the given events' bodies with their minimal form.
    pub async fn strip_event_bodies(&self, where_sql: &str, arg: &str) -> anyhow::Result<usize> {
        let events: Vec<EventHead> = sqlx::query_as(&format!(
            "SELECT id, name, inquiry_id, status, persona_created_at FROM persona_events \
             WHERE {where_sql}"
        ))
        .bind(arg)
        .fetch_all(&self.pool)
        .await
        .context("reading events to strip")?;
        for event in &events {
            sqlx::query("UPDATE persona_events SET body = $1 WHERE id = $2")
                .bind(minimal_body(event))
                .bind(&event.id)
                .execute(&self.pool)
                .await
                .context("stripping an event body")?;
        }
        Ok(events.len())
    }

    /// Removes the walker's personal data from every table PawPass keeps and ends their
    /// sessions. Idempotent.
    pub async fn erase_walker_data(&self, walker_id: &str) -> anyhow::Result<()> {
        self.strip_event_bodies(
            "inquiry_id IN (SELECT id FROM inquiries WHERE walker_id = $1)",
            walker_id,
        )
        .await?;
        let now = now_ms();
        let mut tx = self.begin_write().await?;
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
        // A session names its walker by id in its JSON record; ids are random, so a substring
        // match cannot hit another walker's session.
        sqlx::query("DELETE FROM sessions WHERE data LIKE $1")
            .bind(format!("%\"{walker_id}\"%"))
            .execute(&mut *tx)
            .await
            .context("ending an erased walker's sessions")?;
        tx.commit().await.context("committing an erasure")?;
        Ok(())
    }
}
