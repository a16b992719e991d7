//! `pawpass seed`: realistic walkers, inquiries and events in bulk, for benchmarks and demos.
//! Multi-row inserts in large transactions; the list columns are written directly (the
//! triggers only follow later updates).

use super::seed_walkers::{make_walker, Walker};
use super::{now_ms, Db};
use anyhow::Context;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

impl Db {
    /// Inserts `walkers` walkers (one inquiry each unless not started) and about `events`
    /// events in all: the lifecycle events, then session events to make up the number.
    pub async fn seed(&self, walkers: u64, events: u64) -> anyhow::Result<()> {
        let mut rng = StdRng::seed_from_u64(7);
        let now = now_ms();
        let batch = 400u64;
        let lifecycle_total = walkers * 4;
        let mut extra_left = events.saturating_sub(lifecycle_total);
        let extra_per_walker = extra_left.div_ceil(walkers.max(1));
        let mut start = 0;
        while start < walkers {
            let end = (start + batch).min(walkers);
            let people: Vec<Walker> = (start..end)
                .map(|i| make_walker(&mut rng, i, now))
                .collect();
            let mut tx = self.begin_write().await.context("starting a seed batch")?;
            self.insert_walkers(&mut tx, &people).await?;
            let mut evts = Vec::new();
            for w in people.iter().filter(|w| w.status != "not_started") {
                let inquiry = format!("inq_seed{}", &w.id[8..]);
                for (k, (name, status, at)) in w.steps.iter().enumerate() {
                    evts.push((
                        format!("evt_{}_{k}", &w.id[4..]),
                        *name,
                        inquiry.clone(),
                        Some(*status),
                        *at,
                        true,
                    ));
                }
                let last_at = w.steps.last().map(|s| s.2).unwrap_or(w.created_at);
                let extra = extra_per_walker.min(extra_left);
                extra_left -= extra;
                for k in 0..extra {
                    let at = w.created_at + rng.gen_range(0..=(last_at - w.created_at).max(1));
                    evts.push((
                        format!("evt_{}_s{k}", &w.id[4..]),
                        "inquiry-session.started",
                        inquiry.clone(),
                        None,
                        at,
                        false,
                    ));
                }
            }
            for chunk in evts.chunks(1000) {
                let mut sql = String::from(
                    "INSERT INTO persona_events (id, name, inquiry_id, status, persona_created_at, received_at, applied, body) VALUES ",
                );
                for (n, _) in chunk.iter().enumerate() {
                    let b = n * 8;
                    if n > 0 {
                        sql.push(',');
                    }
                    sql.push_str(&format!(
                        "(${},${},${},${},${},${},${},${})",
                        b + 1,
                        b + 2,
                        b + 3,
                        b + 4,
                        b + 5,
                        b + 6,
                        b + 7,
                        b + 8
                    ));
                }
                let mut q = sqlx::query(&sql);
                for (id, name, inquiry, status, at, applied) in chunk {
                    let body = format!(
                        r#"{{"data":{{"type":"event","id":"{id}","attributes":{{"name":"{name}","payload":{{"data":{{"type":"inquiry","id":"{inquiry}","attributes":{{"status":"{}"}}}},"included":[]}},"created-at":"{at}"}}}}}}"#,
                        status.unwrap_or("pending")
                    );
                    q = q
                        .bind(id.clone())
                        .bind(*name)
                        .bind(inquiry.clone())
                        .bind(status.map(str::to_owned))
                        .bind(*at)
                        .bind(*at + rng.gen_range(50..2_000))
                        .bind(i64::from(*applied))
                        .bind(body);
                }
                q.execute(&mut *tx).await.context("inserting seed events")?;
            }
            tx.commit().await.context("committing a seed batch")?;
            start = end;
        }
        Ok(())
    }

    async fn insert_walkers(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        people: &[Walker],
    ) -> anyhow::Result<()> {
        const COLS: usize = 16;
        let mut sql = String::from(
            "INSERT INTO walkers (id, first_name, last_name, email, email_normalized, birthdate, phone, \
             current_inquiry_id, created_at, updated_at, current_status, \
             last_change_at, started_at, completed_at, decided_at, approved_at) VALUES ",
        );
        for n in 0..people.len() {
            let b = n * COLS;
            if n > 0 {
                sql.push(',');
            }
            let params: Vec<String> = (1..=COLS).map(|k| format!("${}", b + k)).collect();
            sql.push_str(&format!("({})", params.join(",")));
        }
        let mut q = sqlx::query(&sql);
        let mut inquiries = Vec::new();
        for w in people {
            let inquiry = (w.status != "not_started").then(|| format!("inq_seed{}", &w.id[8..]));
            let time_of = |statuses: &[&str]| {
                w.steps
                    .iter()
                    .find(|s| statuses.contains(&s.1))
                    .map(|s| s.2)
            };
            let last = w.steps.last().map(|s| s.2).unwrap_or(w.created_at);
            q = q
                .bind(w.id.clone())
                .bind(w.first)
                .bind(w.last)
                .bind(w.email.clone())
                .bind(w.email.clone())
                .bind("1990-05-17")
                .bind(None::<String>)
                .bind(inquiry.clone())
                .bind(w.created_at)
                .bind(w.created_at)
                .bind(w.status)
                .bind(last)
                .bind(time_of(&["pending"]))
                .bind(time_of(&["completed"]))
                .bind(time_of(&["approved", "declined"]))
                .bind(time_of(&["approved"]));
            if let Some(id) = inquiry {
                let status_at = last;
                inquiries.push((id, w.id.clone(), w.status, status_at, w.created_at));
            }
        }
        q.execute(&mut **tx)
            .await
            .context("inserting seed walkers")?;
        if !inquiries.is_empty() {
            let mut sql = String::from(
                "INSERT INTO inquiries (id, walker_id, status, status_rank, status_at, created_at, updated_at) VALUES ",
            );
            for n in 0..inquiries.len() {
                let b = n * 7;
                if n > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "(${},${},${},${},${},${},${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7
                ));
            }
            let mut q = sqlx::query(&sql);
            for (id, walker, status, at, created) in &inquiries {
                let rank = crate::domain::VerificationStatus::parse(status).rank();
                q = q
                    .bind(id.clone())
                    .bind(walker.clone())
                    .bind(*status)
                    .bind(rank)
                    .bind(*at)
                    .bind(*created)
                    .bind(*at);
            }
            q.execute(&mut **tx)
                .await
                .context("inserting seed inquiries")?;
        }
        Ok(())
    }
}
