//! Shrinking stored event bodies to what the timeline shows, for an erasure (every event of a
//! walker) and for retention (one event at a time).

use crate::domain::{EventId, WalkerId};
use crate::store::db::Db;
use anyhow::Context;

#[derive(sqlx::FromRow)]
pub(super) struct EventHead {
    pub id: String,
    pub name: String,
    pub inquiry_id: Option<String>,
    pub status: Option<String>,
    pub persona_created_at: i64,
}

/// The body kept for an event once its personal parts are gone. It carries `"stripped":true`,
/// which retention looks for so it does not strip a body twice.
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

/// Every event about any of the walker's inquiries.
pub(in crate::store) async fn strip_for_walker(
    db: &Db,
    walker_id: &WalkerId,
) -> anyhow::Result<usize> {
    strip(
        db,
        "inquiry_id IN (SELECT id FROM inquiries WHERE walker_id = $1)",
        walker_id.as_str(),
    )
    .await
}

/// One event.
pub(super) async fn strip_one(db: &Db, event_id: &EventId) -> anyhow::Result<usize> {
    strip(db, "id = $1", event_id.as_str()).await
}

/// Replaces the bodies of the events `where_sql` (with `$1` bound to `arg`) names.
async fn strip(db: &Db, where_sql: &'static str, arg: &str) -> anyhow::Result<usize> {
    let events: Vec<EventHead> = sqlx::query_as(&format!(
        "SELECT id, name, inquiry_id, status, persona_created_at FROM persona_events \
         WHERE {where_sql}"
    ))
    .bind(arg)
    .fetch_all(&db.pool)
    .await
    .context("reading events to strip")?;
    for event in &events {
        sqlx::query("UPDATE persona_events SET body = $1 WHERE id = $2")
            .bind(minimal_body(event))
            .bind(&event.id)
            .execute(db.writes())
            .await
            .context("stripping an event body")?;
    }
    Ok(events.len())
}
