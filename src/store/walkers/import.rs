//! Walkers recorded elsewhere, with their inquiry and events, written as they are: the demo
//! seeder (`pawpass seed`) uses it for benchmarks. Multi-row inserts in one transaction per
//! call; the list columns are written directly (the triggers only follow later updates).

use crate::domain::{EventId, InquiryId, VerificationStatus, WalkerId};
use crate::store::db::{Db, Engine, Tx};
use anyhow::Context;

/// A walker and the history PawPass would have built for them.
#[derive(Clone, Debug)]
pub struct ImportedWalker {
    pub id: WalkerId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub birthdate: String,
    pub created_at: i64,
    /// Their current inquiry's status (`not_started` without one).
    pub status: VerificationStatus,
    /// The list's and dashboard's times: the last change, and the first time the flow was
    /// started, completed and decided, and the latest approval.
    pub last_change_at: i64,
    pub started_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub approved_at: Option<i64>,
    /// Their one inquiry's id, if they have one; its status is `status`, since `last_change_at`.
    pub inquiry_id: Option<InquiryId>,
    pub events: Vec<ImportedEvent>,
}

/// An event about the walker's inquiry, as Persona sent it.
#[derive(Clone, Debug)]
pub struct ImportedEvent {
    pub id: EventId,
    pub name: String,
    pub status: Option<VerificationStatus>,
    pub persona_created_at: i64,
    pub received_at: i64,
    /// Whether it moved the inquiry's status.
    pub applied: bool,
    pub body: String,
}

/// Rows per statement, under both engines' limits on bound parameters.
const WALKERS_PER_STATEMENT: usize = 400;
const EVENTS_PER_STATEMENT: usize = 1000;

pub(super) async fn import(db: &Db, walkers: &[ImportedWalker]) -> anyhow::Result<()> {
    let mut tx = db.begin_write().await.context("starting an import")?;
    for chunk in walkers.chunks(WALKERS_PER_STATEMENT) {
        insert_walkers(&mut tx, chunk).await?;
        insert_inquiries(&mut tx, chunk).await?;
    }
    let events: Vec<(&ImportedWalker, &ImportedEvent)> = walkers
        .iter()
        .flat_map(|w| w.events.iter().map(move |e| (w, e)))
        .collect();
    for chunk in events.chunks(EVENTS_PER_STATEMENT) {
        if db.engine == Engine::Postgres {
            claim_event_ids(&mut tx, chunk).await?;
        }
        insert_events(&mut tx, chunk).await?;
    }
    tx.commit().await.context("committing an import")
}

/// `($1,…,$cols),($cols+1,…)` for `rows` rows.
fn placeholders(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|row| {
            let params: Vec<String> = (1..=cols).map(|k| format!("${}", row * cols + k)).collect();
            format!("({})", params.join(","))
        })
        .collect::<Vec<_>>()
        .join(",")
}

async fn insert_walkers(tx: &mut Tx, walkers: &[ImportedWalker]) -> anyhow::Result<()> {
    let sql = format!(
        "INSERT INTO walkers (id, first_name, last_name, email, email_normalized, birthdate, \
         phone, current_inquiry_id, created_at, updated_at, current_status, last_change_at, \
         started_at, completed_at, decided_at, approved_at) VALUES {}",
        placeholders(walkers.len(), 16)
    );
    let mut query = sqlx::query(&sql);
    for w in walkers {
        query = query
            .bind(&w.id)
            .bind(w.first_name.as_str())
            .bind(w.last_name.as_str())
            .bind(w.email.as_str())
            .bind(w.email.to_lowercase())
            .bind(w.birthdate.as_str())
            .bind(None::<String>)
            .bind(w.inquiry_id.as_ref())
            .bind(w.created_at)
            .bind(w.created_at)
            .bind(w.status.as_str())
            .bind(w.last_change_at)
            .bind(w.started_at)
            .bind(w.completed_at)
            .bind(w.decided_at)
            .bind(w.approved_at);
    }
    query
        .execute(&mut **tx)
        .await
        .context("importing walkers")?;
    Ok(())
}

async fn insert_inquiries(tx: &mut Tx, walkers: &[ImportedWalker]) -> anyhow::Result<()> {
    let with_inquiry: Vec<(&ImportedWalker, &InquiryId)> = walkers
        .iter()
        .filter_map(|w| w.inquiry_id.as_ref().map(|id| (w, id)))
        .collect();
    if with_inquiry.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO inquiries (id, walker_id, status, status_rank, status_at, created_at, \
         updated_at) VALUES {}",
        placeholders(with_inquiry.len(), 7)
    );
    let mut query = sqlx::query(&sql);
    for (w, id) in with_inquiry {
        query = query
            .bind(id)
            .bind(&w.id)
            .bind(w.status.as_str())
            .bind(w.status.rank())
            .bind(w.last_change_at)
            .bind(w.created_at)
            .bind(w.last_change_at);
    }
    query
        .execute(&mut **tx)
        .await
        .context("importing inquiries")?;
    Ok(())
}

/// PostgreSQL's events are partitioned by month, so their ids are kept unique in a table of
/// their own (see the event_partitions migration), which every stored event must be in first.
async fn claim_event_ids(
    tx: &mut Tx,
    events: &[(&ImportedWalker, &ImportedEvent)],
) -> anyhow::Result<()> {
    let sql = format!(
        "INSERT INTO persona_event_ids (id, received_at) VALUES {}",
        placeholders(events.len(), 2)
    );
    let mut query = sqlx::query(&sql);
    for (_, e) in events {
        query = query.bind(&e.id).bind(e.received_at);
    }
    query
        .execute(&mut **tx)
        .await
        .context("importing event ids")?;
    Ok(())
}

async fn insert_events(
    tx: &mut Tx,
    events: &[(&ImportedWalker, &ImportedEvent)],
) -> anyhow::Result<()> {
    let sql = format!(
        "INSERT INTO persona_events (id, name, inquiry_id, status, persona_created_at, \
         received_at, applied, body) VALUES {}",
        placeholders(events.len(), 8)
    );
    let mut query = sqlx::query(&sql);
    for (w, e) in events {
        query = query
            .bind(&e.id)
            .bind(e.name.as_str())
            .bind(w.inquiry_id.as_ref())
            .bind(e.status.as_ref().map(VerificationStatus::as_str))
            .bind(e.persona_created_at)
            .bind(e.received_at)
            .bind(i64::from(e.applied))
            .bind(e.body.as_str());
    }
    query.execute(&mut **tx).await.context("importing events")?;
    Ok(())
}
