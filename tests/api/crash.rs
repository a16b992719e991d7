//! The real `pawpass` binary killed (SIGKILL) while batches of webhooks are being stored: every
//! event it answered 2xx is kept, Persona's redelivery of everything after the restart applies
//! nothing twice, every outcome the walkers are owed a message for gets one, and the console's
//! walker list ends showing every walker's status.

use crate::helpers::{fresh_database, WEBHOOK_SECRET};
use persona::signature;
use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SENDERS: usize = 32;

/// `pawpass` serving on a port of its own, on `database_url`.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(database_url: &str) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_pawpass"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("PAWPASS_ENV", "development")
            .env("DATABASE_URL", database_url)
            .env("PERSONA_WEBHOOK_SECRETS", WEBHOOK_SECRET)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting pawpass");
        let base = format!("http://127.0.0.1:{port}");
        let server = Self { child, base };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if client
                .get(format!("{}/health", server.base))
                .send()
                .await
                .is_ok()
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let base = server.base.clone();
        server.kill();
        panic!("pawpass did not come up on {base}");
    }

    fn kill(mut self) {
        // `Child::kill` is SIGKILL on Unix: no shutdown, no draining.
        self.child.kill().expect("killing pawpass");
        self.child.wait().expect("reaping pawpass");
    }
}

/// Persona's `inquiry.approved`/`inquiry.declined` about `inquiry`, stamped now.
fn event(id: &str, inquiry: &str, approved: bool) -> String {
    let (name, status) = if approved {
        ("inquiry.approved", "approved")
    } else {
        ("inquiry.declined", "declined")
    };
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    serde_json::json!({"data": {"type": "event", "id": id, "attributes": {
        "name": name,
        "payload": {"data": {"type": "inquiry", "id": inquiry,
            "attributes": {"status": status}}, "included": []},
        "created-at": now,
    }}})
    .to_string()
}

async fn deliver(client: &reqwest::Client, base: &str, body: &str) -> Option<reqwest::StatusCode> {
    let header = signature::header_value(
        &[WEBHOOK_SECRET],
        chrono::Utc::now().timestamp(),
        body.as_bytes(),
    );
    client
        .post(format!("{base}/webhooks/persona"))
        .header("persona-signature", header)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .ok()
        .map(|r| r.status())
}

async fn column_strings(pool: &sqlx::AnyPool, sql: &str) -> Vec<String> {
    sqlx::query_scalar(sql)
        .fetch_all(pool)
        .await
        .expect("reading the database")
}

/// What storing each test event did: disposition, applied, deliveries.
async fn dispositions(pool: &sqlx::AnyPool) -> HashMap<String, (String, i64, i64)> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, disposition, CAST(applied AS BIGINT), CAST(deliveries AS BIGINT) \
         FROM persona_events WHERE id LIKE 'evt_crash%'",
    )
    .fetch_all(pool)
    .await
    .expect("reading events");
    rows.into_iter()
        .map(|(id, disposition, applied, deliveries)| (id, (disposition, applied, deliveries)))
        .collect()
}

/// Kept counts (status, n) beside a recount of the walkers, zero counts left out.
async fn kept_and_recounted(pool: &sqlx::AnyPool) -> (Vec<(String, i64)>, Vec<(String, i64)>) {
    let kept = sqlx::query_as(
        "SELECT status, CAST(SUM(n) AS BIGINT) FROM walker_status_counts GROUP BY status \
         HAVING SUM(n) <> 0 ORDER BY status",
    )
    .fetch_all(pool)
    .await
    .expect("reading kept counts");
    let recounted = sqlx::query_as(
        "SELECT current_status, COUNT(*) FROM walkers GROUP BY current_status \
         ORDER BY current_status",
    )
    .fetch_all(pool)
    .await
    .expect("recounting walkers");
    (kept, recounted)
}

/// Inquiries whose outcome has neither its message nor a mark that will queue it.
const UNTOLD_OUTCOMES: &str = "SELECT i.id FROM inquiries i \
     WHERE i.status IN ('approved', 'declined') AND i.outcome_mail_due IS NULL \
       AND NOT EXISTS (SELECT 1 FROM mails m WHERE m.inquiry_id = i.id AND m.kind = i.status)";
/// Inquiries marked for an outcome message the job worker has not queued yet.
const MARKED: &str = "SELECT id FROM inquiries WHERE outcome_mail_due IS NOT NULL";
/// Walkers whose list status is not their current inquiry's, and not marked to be copied.
const UNCOPIED: &str =
    "SELECT w.id FROM walkers w JOIN inquiries i ON i.id = w.current_inquiry_id \
     WHERE w.current_status <> i.status AND i.walker_list_due IS NULL";
/// Inquiries whose status the walker list has not copied yet.
const LIST_MARKED: &str = "SELECT id FROM inquiries WHERE walker_list_due IS NOT NULL";
/// Walkers the console lists under another status than their current inquiry's.
const LISTED_WRONG: &str = "SELECT w.id FROM walkers w \
     JOIN inquiries i ON i.id = w.current_inquiry_id WHERE w.current_status <> i.status";

#[tokio::test]
async fn killed_mid_batch_keeps_every_answered_event_and_applies_none_twice() {
    let (database_url, _sqlite_dir) = fresh_database().await;
    pawpass::seed::seed_database(&database_url, 200, 0)
        .await
        .expect("seeding walkers");
    let pool = sqlx::AnyPool::connect(&database_url).await.expect("pool");
    let inquiries = Arc::new(column_strings(&pool, "SELECT id FROM inquiries ORDER BY id").await);
    assert!(inquiries.len() > 100, "the seed made inquiries");
    // The seed writes some inquiries decided already, with no message: only those the events
    // decide are owed one.
    let undecided: HashSet<String> = column_strings(
        &pool,
        "SELECT id FROM inquiries WHERE status NOT IN ('approved', 'declined')",
    )
    .await
    .into_iter()
    .collect();
    let untold = |found: Vec<String>| -> Vec<String> {
        found
            .into_iter()
            .filter(|id| undecided.contains(id))
            .collect()
    };

    let server = Server::start(&database_url).await;
    // Every event sent (Persona keeps them to redeliver) and those answered 2xx.
    let sent = Arc::new(Mutex::new(Vec::new()));
    let answered = Arc::new(Mutex::new(HashSet::new()));
    let mut senders = Vec::new();
    for worker in 0..SENDERS {
        let (base, inquiries) = (server.base.clone(), inquiries.clone());
        let (sent, answered) = (sent.clone(), answered.clone());
        senders.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            for seq in 0.. {
                let id = format!("evt_crash{worker:02}x{seq:06}");
                let body = event(
                    &id,
                    &inquiries[(worker * 7 + seq) % inquiries.len()],
                    seq % 2 == 0,
                );
                sent.lock().expect("sent").push(body.clone());
                match deliver(&client, &base, &body).await {
                    Some(status) if status.is_success() => {
                        answered.lock().expect("answered").insert(id);
                    }
                    Some(_) => {}
                    None => break, // the server is gone
                }
            }
        }));
    }
    // Let batches flow (a few hundred events answered, however busy the machine is), then
    // kill the process with some in flight.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while answered.lock().expect("answered").len() < 300 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill();
    for sender in senders {
        sender.await.expect("a sender");
    }
    let answered = answered.lock().expect("answered").clone();
    assert!(
        answered.len() > 100,
        "batches were flowing: {}",
        answered.len()
    );

    let stored: HashSet<String> = column_strings(
        &pool,
        "SELECT id FROM persona_events WHERE id LIKE 'evt_crash%'",
    )
    .await
    .into_iter()
    .collect();
    let lost: Vec<_> = answered.difference(&stored).collect();
    assert!(lost.is_empty(), "answered 2xx but not stored: {lost:?}");
    let (kept, recounted) = kept_and_recounted(&pool).await;
    assert_eq!(kept, recounted, "kept counts after the kill");
    let before = dispositions(&pool).await;
    // Each outcome the walkers were told is either queued as a message or marked for the job
    // worker to queue (`inquiries.outcome_mail_due`): the kill lost no mail.
    assert_eq!(
        untold(column_strings(&pool, UNTOLD_OUTCOMES).await),
        Vec::<String>::new(),
        "outcomes neither mailed nor marked after the kill"
    );
    // Each status the batches applied is in the walker list or marked to be copied there.
    assert_eq!(
        column_strings(&pool, UNCOPIED).await,
        Vec::<String>::new(),
        "statuses neither in the walker list nor marked after the kill"
    );

    // Restarted, it takes Persona's redelivery of every event: each is stored once, none that
    // was stored applies again, and the counts still match the walkers.
    let server = Server::start(&database_url).await;
    let client = reqwest::Client::new();
    let bodies = sent.lock().expect("sent").clone();
    for chunk in bodies.chunks(SENDERS) {
        let deliveries = chunk
            .iter()
            .map(|body| deliver(&client, &server.base, body));
        for status in futures_util::future::join_all(deliveries).await {
            assert_eq!(status.map(|s| s.as_u16()), Some(200), "a redelivery");
        }
    }
    // The restarted instance queues the messages and copies the statuses the kill left marked.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !(column_strings(&pool, MARKED).await.is_empty()
        && column_strings(&pool, LIST_MARKED).await.is_empty())
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.kill();
    assert_eq!(column_strings(&pool, MARKED).await, Vec::<String>::new());
    assert_eq!(
        column_strings(&pool, LIST_MARKED).await,
        Vec::<String>::new()
    );
    assert_eq!(
        column_strings(&pool, LISTED_WRONG).await,
        Vec::<String>::new(),
        "walkers listed under a stale status after the restart"
    );
    assert_eq!(
        untold(column_strings(&pool, UNTOLD_OUTCOMES).await),
        Vec::<String>::new(),
        "outcomes not mailed after the restart"
    );
    let stored_once: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM persona_events WHERE id LIKE 'evt_crash%'")
            .fetch_one(&pool)
            .await
            .expect("counting events");
    assert_eq!(
        stored_once as usize,
        bodies.len(),
        "every event stored exactly once"
    );
    let after = dispositions(&pool).await;
    for (id, (disposition, applied, _)) in &before {
        let (again, applied_again, deliveries) = &after[id];
        assert_eq!(
            (disposition, applied),
            (again, applied_again),
            "{id} changed when redelivered"
        );
        assert!(*deliveries >= 2, "{id} was redelivered");
    }
    let (kept, recounted) = kept_and_recounted(&pool).await;
    assert_eq!(kept, recounted, "kept counts after the redelivery");
}
