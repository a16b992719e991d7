//! What must hold once the walkers are through and the queue and webhooks are quiet, read from
//! the shared database and from Persona (the emulator), with the counts for the report.

use crate::persona;
use sqlx::AnyPool;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

pub async fn connect(database_url: &str) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPool::connect(database_url)
        .await
        .expect("the test's connection")
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Waits (bounded) until `worker` holds a job it is running; returns the ids it holds.
pub async fn wait_until_holding(pool: &AnyPool, worker: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let held: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM jobs WHERE lease_owner = $1 AND state = 'queued' AND lease_until > $2",
        )
        .bind(worker)
        .bind(now_ms())
        .fetch_all(pool)
        .await
        .expect("leases");
        if !held.is_empty() {
            return held;
        }
        assert!(Instant::now() < deadline, "{worker} never held a job");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Which of `jobs` `worker` still holds, unfinished (once it is dead, for good).
pub async fn still_held(pool: &AnyPool, worker: &str, jobs: Vec<String>) -> Vec<String> {
    let mut held = Vec::new();
    for job in jobs {
        let state: String =
            sqlx::query_scalar("SELECT state FROM jobs WHERE id = $1 AND lease_owner = $2")
                .bind(&job)
                .bind(worker)
                .fetch_optional(pool)
                .await
                .expect("a lease")
                .unwrap_or_default();
        if state == "queued" {
            held.push(job);
        }
    }
    held
}

/// The counts the lead puts in the issue note.
#[derive(Debug)]
pub struct Report {
    walkers: i64,
    inquiries: i64,
    persona_inquiries: usize,
    jobs: i64,
    attempts: i64,
    retries: i64,
    attempts_cut_off: i64,
    taken_over: usize,
    events_delivered: usize,
    events_stored: i64,
    deliveries: i64,
    duplicates_refused: i64,
    statuses: BTreeMap<String, usize>,
}

impl Report {
    pub fn print(&self) {
        println!(
            "many_instances: {} walkers, {} inquiries here and {} at Persona; {} jobs, {} \
             attempts recorded ({} retries after faults, {} cut off by SIGTERM/SIGKILL, {} \
             held by the killed instance and taken over); {} events sent by Persona, {} \
             stored, {} deliveries, {} duplicates refused; final statuses {:?}",
            self.walkers,
            self.inquiries,
            self.persona_inquiries,
            self.jobs,
            self.attempts,
            self.retries,
            self.attempts_cut_off,
            self.taken_over,
            self.events_delivered,
            self.events_stored,
            self.deliveries,
            self.duplicates_refused,
            self.statuses
        );
    }
}

/// Waits until nothing is left to do, then checks everything and counts it.
pub async fn settled(pool: &AnyPool, persona: &str, held: &[String], killed: &str) -> Report {
    let deadline = Instant::now() + Duration::from_secs(120);
    let (inquiries, events) = loop {
        let open: i64 = scalar(pool, "SELECT COUNT(*) FROM jobs WHERE state <> 'done'").await;
        let inquiries = persona::list_all(persona, "inquiries").await;
        let events = persona::list_all(persona, "events").await;
        let stored = scalar(pool, "SELECT COUNT(*) FROM persona_events").await;
        let ours = statuses(pool).await;
        let same = inquiries
            .iter()
            .all(|i| ours.get(id_of(i)) == Some(&status_of(i)));
        if open == 0 && stored == events.len() as i64 && same {
            break (inquiries, events);
        }
        assert!(
            Instant::now() < deadline,
            "never settled: {open} jobs open, {stored} of {} events stored, statuses agree: {same}",
            events.len()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };

    // One inquiry per walker, here and at Persona, and it is the walker's.
    let walkers = scalar(pool, "SELECT COUNT(*) FROM walkers").await;
    assert_eq!(walkers, crate::WALKERS as i64, "every walker stored once");
    let ours = scalar(pool, "SELECT COUNT(*) FROM inquiries").await;
    assert_eq!(ours, walkers, "one inquiry each");
    let without = scalar(
        pool,
        "SELECT COUNT(*) FROM walkers WHERE current_inquiry_id IS NULL",
    )
    .await;
    assert_eq!(without, 0, "every walker has their inquiry");
    let mut per_walker: BTreeMap<String, usize> = BTreeMap::new();
    for inquiry in &inquiries {
        let reference = inquiry["attributes"]["reference-id"]
            .as_str()
            .expect("a reference id");
        *per_walker.entry(reference.to_owned()).or_default() += 1;
    }
    assert_eq!(
        per_walker.len() as i64,
        walkers,
        "Persona knows every walker"
    );
    assert!(
        per_walker.values().all(|n| *n == 1),
        "Persona has exactly one inquiry per walker: {:?}",
        per_walker
            .iter()
            .filter(|(_, n)| **n != 1)
            .collect::<Vec<_>>()
    );
    let linked = scalar(
        pool,
        "SELECT COUNT(*) FROM walkers w JOIN inquiries i ON i.id = w.current_inquiry_id \
         AND i.walker_id = w.id",
    )
    .await;
    assert_eq!(linked, walkers, "each walker's inquiry is their own");

    // Every job done, by exactly one successful attempt, which was its last.
    let jobs = scalar(pool, "SELECT COUNT(*) FROM jobs").await;
    let not_once = scalar(
        pool,
        "SELECT COUNT(*) FROM jobs j WHERE (SELECT COUNT(*) FROM job_attempts a \
         WHERE a.job_id = j.id AND a.outcome = 'done') <> 1 OR EXISTS (SELECT 1 FROM \
         job_attempts a WHERE a.job_id = j.id AND a.outcome <> 'retry' AND a.attempt < \
         (SELECT MAX(attempt) FROM job_attempts b WHERE b.job_id = j.id))",
    )
    .await;
    assert_eq!(
        not_once, 0,
        "every job succeeded exactly once, on its last attempt"
    );
    let attempts = scalar(pool, "SELECT COUNT(*) FROM job_attempts").await;
    let retries = scalar(
        pool,
        "SELECT COUNT(*) FROM job_attempts WHERE outcome = 'retry'",
    )
    .await;
    let dead = scalar(
        pool,
        "SELECT COUNT(*) FROM job_attempts WHERE outcome = 'dead'",
    )
    .await;
    assert_eq!(dead, 0, "no job given up");
    // Claims whose attempt never recorded an end: cut off by the SIGKILL (or handed back at
    // SIGTERM).
    let claims = scalar(
        pool,
        "SELECT CAST(COALESCE(SUM(attempts), 0) AS BIGINT) FROM jobs",
    )
    .await;
    // The killed instance's jobs were finished by another.
    for job in held {
        let finisher: String = sqlx::query_scalar(
            "SELECT worker FROM job_attempts WHERE job_id = $1 AND outcome = 'done'",
        )
        .bind(job)
        .fetch_one(pool)
        .await
        .expect("the held job finished");
        assert_ne!(finisher, killed, "{job} was taken over");
    }

    // Every status is Persona's.
    let ours = statuses(pool).await;
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    for inquiry in &inquiries {
        let theirs = status_of(inquiry);
        assert_eq!(
            ours.get(id_of(inquiry)),
            Some(&theirs),
            "{}",
            id_of(inquiry)
        );
        *by_status.entry(theirs).or_default() += 1;
    }

    // Every event Persona sent is stored, once; nothing else is.
    let sent: BTreeSet<String> = events.iter().map(|e| id_of(e).to_owned()).collect();
    assert_eq!(sent.len(), events.len(), "Persona lists each event once");
    let stored: BTreeSet<String> = sqlx::query_scalar("SELECT id FROM persona_events")
        .fetch_all(pool)
        .await
        .expect("events")
        .into_iter()
        .collect();
    assert_eq!(stored, sent, "every event stored, and only those");
    let deliveries = scalar(
        pool,
        "SELECT CAST(COALESCE(SUM(deliveries), 0) AS BIGINT) FROM persona_events",
    )
    .await;
    Report {
        walkers,
        inquiries: ours.len() as i64,
        persona_inquiries: inquiries.len(),
        jobs,
        attempts,
        retries,
        attempts_cut_off: claims - attempts,
        taken_over: held.len(),
        events_delivered: sent.len(),
        events_stored: stored.len() as i64,
        deliveries,
        duplicates_refused: deliveries - stored.len() as i64,
        statuses: by_status,
    }
}

async fn scalar(pool: &AnyPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Our status of every inquiry, by Persona's id.
async fn statuses(pool: &AnyPool) -> BTreeMap<String, String> {
    sqlx::query_as::<_, (String, String)>("SELECT id, status FROM inquiries")
        .fetch_all(pool)
        .await
        .expect("statuses")
        .into_iter()
        .collect()
}

fn id_of(object: &serde_json::Value) -> &str {
    object["id"].as_str().expect("an id")
}

fn status_of(inquiry: &serde_json::Value) -> String {
    inquiry["attributes"]["status"]
        .as_str()
        .expect("a status")
        .to_owned()
}
