//! Many webhooks at once: the writer stores whatever is waiting in one transaction (on
//! PostgreSQL, one statement for the whole batch), and each event must end exactly as if it
//! had been stored alone.

use crate::helpers::{location, query_of, SignupForm, TestApp, WEBHOOK_SECRET};
use crate::webhooks::event;
use persona::signature;
use reqwest::StatusCode;

fn signed(body: &str) -> String {
    signature::header_value(
        &[WEBHOOK_SECRET],
        chrono::Utc::now().timestamp(),
        body.as_bytes(),
    )
}

const EARLY: &str = "2030-01-01T00:00:01.000Z";
const MIDDLE: &str = "2030-01-01T00:00:05.000Z";
const LATE: &str = "2030-01-01T00:00:09.000Z";

/// Sends every body at once and checks each was answered 200.
async fn burst(app: &TestApp, bodies: Vec<String>) {
    for status in send_all(app.url("/webhooks/persona"), bodies).await {
        assert_eq!(status, StatusCode::OK);
    }
}

/// Sends every body at once to `url`, answering each one's status.
async fn send_all(url: String, bodies: Vec<String>) -> Vec<StatusCode> {
    let client = reqwest::Client::new();
    let mut sent = tokio::task::JoinSet::new();
    for body in bodies {
        let request = client
            .post(&url)
            .header("content-type", "application/json")
            .header("persona-signature", signed(&body))
            .body(body);
        sent.spawn(async move { request.send().await.map(|r| r.status()) });
    }
    sent.join_all()
        .await
        .into_iter()
        .map(|answer| answer.expect("webhook POST"))
        .collect()
}

/// Signs up `count` walkers (`{prefix}{n}@example.com`), answering their inquiries' ids.
async fn signed_up(app: &TestApp, prefix: &str, count: usize) -> Vec<String> {
    let mut inquiries = Vec::with_capacity(count);
    for n in 0..count {
        let form = SignupForm::valid(&format!("{prefix}{n}@example.com"));
        let link = location(&app.post_signup(&form).await);
        inquiries.push(query_of(&link)["inquiry-id"].clone());
    }
    inquiries
}

/// (id, disposition, applied, deliveries) of every event this test sent about the inquiry
/// (the emulator sends its own as the inquiry is created).
async fn kept(app: &TestApp, inquiry: &str) -> Vec<(String, String, bool, i64)> {
    let mut kept: Vec<_> = app
        .events_of(inquiry)
        .await
        .into_iter()
        .filter(|e| e.id.as_str().starts_with("evt_batch_"))
        .map(|e| {
            let id = e.id.to_string();
            (
                id,
                e.disposition.as_str().to_owned(),
                e.applied,
                e.deliveries,
            )
        })
        .collect();
    kept.sort();
    kept
}

/// Walkers the console lists under another status than their current inquiry's, or whose
/// inquiry is still marked for the list to copy.
async fn uncopied(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM walkers w JOIN inquiries i ON i.id = w.current_inquiry_id \
         WHERE w.current_status <> i.status OR i.walker_list_due IS NOT NULL",
    )
    .fetch_one(&app.pool)
    .await
    .expect("comparing the list with the inquiries")
}

fn row(id: &str, disposition: &str, applied: bool, deliveries: i64) -> (String, String, bool, i64) {
    (id.to_owned(), disposition.to_owned(), applied, deliveries)
}

#[tokio::test]
async fn events_stored_together_end_as_if_stored_one_by_one() {
    let app = TestApp::spawn().await;
    let inquiries = signed_up(&app, "batch", 12).await;
    // Before the burst: walkers 0 and 1 approved late on, walker 2's approval stored once.
    let before = [
        event(
            "evt_batch_b0",
            "inquiry.approved",
            &inquiries[0],
            "approved",
            LATE,
        ),
        event(
            "evt_batch_b1",
            "inquiry.approved",
            &inquiries[1],
            "approved",
            LATE,
        ),
        event(
            "evt_batch_b2",
            "inquiry.approved",
            &inquiries[2],
            "approved",
            MIDDLE,
        ),
    ];
    burst(&app, before.to_vec()).await;

    let mut bodies = vec![
        // Older than the approval: late. The same approval again: current. A repeat: counted.
        event(
            "evt_batch_c0",
            "inquiry.started",
            &inquiries[0],
            "pending",
            EARLY,
        ),
        event(
            "evt_batch_c1",
            "inquiry.approved",
            &inquiries[1],
            "approved",
            LATE,
        ),
        before[2].clone(),
        event(
            "evt_batch_cu",
            "inquiry.approved",
            "inq_batchnobody",
            "approved",
            MIDDLE,
        ),
        event(
            "evt_batch_cn",
            "inquiry.brand-new",
            "inq_batchnoname",
            "approved",
            MIDDLE,
        ),
    ];
    for (n, inquiry) in inquiries.iter().enumerate().skip(3) {
        let (name, status) = if n % 2 == 0 {
            ("inquiry.approved", "approved")
        } else {
            ("inquiry.declined", "declined")
        };
        bodies.push(event(
            &format!("evt_batch_c{n}"),
            name,
            inquiry,
            status,
            MIDDLE,
        ));
    }
    burst(&app, bodies).await;

    assert_eq!(
        kept(&app, &inquiries[0]).await,
        [
            row("evt_batch_b0", "applied", true, 1),
            row("evt_batch_c0", "late", false, 1)
        ]
    );
    assert_eq!(
        kept(&app, &inquiries[1]).await,
        [
            row("evt_batch_b1", "applied", true, 1),
            row("evt_batch_c1", "current", false, 1)
        ]
    );
    assert_eq!(
        kept(&app, &inquiries[2]).await,
        [row("evt_batch_b2", "applied", true, 2)]
    );
    assert_eq!(
        kept(&app, "inq_batchnobody").await,
        [row("evt_batch_cu", "unknown_inquiry", false, 1)]
    );
    assert_eq!(
        kept(&app, "inq_batchnoname").await,
        [row("evt_batch_cn", "unknown_event", false, 1)]
    );
    for (n, inquiry) in inquiries.iter().enumerate() {
        let expected = match n {
            0..=2 => "approved",
            n if n % 2 == 0 => "approved",
            _ => "declined",
        };
        let email = format!("batch{n}@example.com");
        assert_eq!(app.status_of(&email).await.as_deref(), Some(expected));
        if n >= 3 {
            let id = format!("evt_batch_c{n}");
            assert_eq!(kept(&app, inquiry).await, [row(&id, "applied", true, 1)]);
        }
    }
    // The console's list copies the statuses once the writer is free, within moments.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while uncopied(&app).await > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    for (n, status) in [
        (0, "approved"),
        (1, "approved"),
        (3, "declined"),
        (4, "approved"),
    ] {
        let listed: String =
            sqlx::query_scalar("SELECT current_status FROM walkers WHERE email_normalized = $1")
                .bind(format!("batch{n}@example.com"))
                .fetch_one(&app.pool)
                .await
                .expect("the listed status");
        assert_eq!(listed, status, "walker {n} in the console's list");
    }
    assert_eq!(uncopied(&app).await, 0, "statuses the list did not copy");
    // The kept counts agree with the walkers, and every outcome was queued once.
    let miscounted: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT current_status AS status, COUNT(*) AS n FROM walkers \
         GROUP BY current_status) w FULL JOIN (SELECT status, SUM(n) AS n \
         FROM walker_status_counts GROUP BY status) c ON c.status = w.status \
         WHERE COALESCE(w.n, 0) <> COALESCE(c.n, 0)",
    )
    .fetch_one(&app.pool)
    .await
    .expect("counts");
    assert_eq!(miscounted, 0);
    // The job worker queues the messages the batches marked, within a second or so.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let marked: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM inquiries WHERE outcome_mail_due IS NOT NULL")
                .fetch_one(&app.pool)
                .await
                .expect("marks");
        if marked == 0 || tokio::time::Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let outcome_mails: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM mails WHERE kind IN ('approved', 'declined')")
            .fetch_one(&app.pool)
            .await
            .expect("mails");
    assert_eq!(outcome_mails, 12);
}

/// An instance can stop between a batch that marked its inquiries and the writer's copy. No
/// webhook arrives afterwards to wake a writer: the job worker copies what was left, and the
/// console lists the walker under the status the batch applied.
#[tokio::test]
async fn statuses_a_stopped_instance_left_marked_reach_the_walker_list() {
    let app = TestApp::spawn().await;
    let link = location(
        &app.post_signup(&SignupForm::valid("left@example.com"))
            .await,
    );
    let inquiry = query_of(&link)["inquiry-id"].clone();
    let listed = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT current_status FROM walkers WHERE email_normalized = 'left@example.com'",
        )
        .fetch_one(&app.pool)
        .await
        .expect("the listed status")
    };
    assert_ne!(
        listed().await,
        "approved",
        "the signup's status before the batch"
    );
    // What a set-wise batch commits (`sqlite_batch.rs`, `postgres_batch.rs`): the status, and
    // the mark in place of the copy.
    let now = chrono::Utc::now().timestamp_millis();
    sqlx::query(
        "UPDATE inquiries SET status = 'approved', status_rank = $1, status_at = $2, \
         updated_at = $2, walker_list_due = $2 WHERE id = $3",
    )
    .bind(pawpass::domain::VerificationStatus::Approved.rank())
    .bind(now)
    .bind(&inquiry)
    .execute(&app.pool)
    .await
    .expect("a batch's commit");

    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while listed().await != "approved" && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        listed().await,
        "approved",
        "the console's list after the job worker's round"
    );
    assert_eq!(uncopied(&app).await, 0, "marks left behind");
    let approved: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM walker_status_counts \
         WHERE status = 'approved'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("the kept count");
    assert_eq!(approved, 1, "the kept count follows the copy");
}

/// An erasure request can commit while a batch waits for the walker's row. The batch must read
/// the walker as it is once the wait ends: its event is then kept without the personal data it
/// carries, since the erasure's sweep of stored bodies may already have passed it by.
#[tokio::test]
async fn an_erasure_committed_while_a_batch_waits_keeps_its_event_without_personal_data() {
    let app = TestApp::spawn().await;
    let inquiries = signed_up(&app, "raced", 6).await;
    app.wait_for_quiet_webhooks().await;
    let with_data = |n: usize| {
        serde_json::json!({"data": {"type": "event", "id": format!("evt_batch_r{n}"),
            "attributes": {"name": "inquiry.completed", "created-at": MIDDLE,
            "payload": {"data": {"type": "inquiry", "id": inquiries[n], "attributes": {
                "status": "completed", "name-first": "Ottoline", "name-last": "Vantresca",
                "birthdate": "1979-03-04"}}}}}})
        .to_string()
    };
    // A first burst, so the writers count as pressed and store what follows set-wise.
    burst(&app, (3..6).map(with_data).collect()).await;

    // The erasure request, held open: walker 0's row stays locked until it commits.
    let mut erasure = app.pool.begin().await.expect("a transaction");
    sqlx::query(
        "UPDATE walkers SET erasure_requested_at = $1 WHERE email_normalized = 'raced0@example.com'",
    )
    .bind(chrono::Utc::now().timestamp_millis())
    .execute(&mut *erasure)
    .await
    .expect("requesting the erasure");
    let sent = tokio::spawn(send_all(
        app.url("/webhooks/persona"),
        (0..3).map(with_data).collect(),
    ));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    erasure
        .commit()
        .await
        .expect("committing the erasure request");
    for status in sent.await.expect("the burst") {
        assert_eq!(status, StatusCode::OK);
    }

    for n in 0..3 {
        let body = app
            .store
            .events()
            .body(&crate::helpers::event_id(&format!("evt_batch_r{n}")))
            .await
            .expect("reading the body")
            .expect("the event is kept");
        assert_eq!(
            body.contains("Vantresca"),
            n != 0,
            "event {n}'s kept body: {body}"
        );
    }
}
