//! Fault scenarios against the emulator's fault injection (`/persona/_control`).

use crate::helpers::{location, query_of, SignupForm, TestApp};
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn persona_down_at_signup_keeps_the_walker_who_reaches_the_flow_once_it_is_back() {
    let app = TestApp::spawn().await;
    // Every create fails with 503 for the whole first job attempt (the client tries 3 times).
    app.set_faults(
        json!({"api": [{"endpoint": "create", "fault": "503", "rate": 1.0, "count": 3}]}),
    )
    .await;
    let response = app
        .post_signup(&SignupForm::valid("down@example.com"))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/verification/preparing");
    let waiting = app
        .get("/verification/preparing")
        .await
        .text()
        .await
        .expect("body");
    assert!(waiting.contains("Preparing your verification"));
    assert_eq!(app.count("walkers").await, 1, "the walker is kept");

    let link = app
        .wait_for_hosted_flow()
        .await
        .expect("the flow opens once Persona is back");
    let walker = app
        .walker_by_email("down@example.com")
        .await
        .expect("walker");
    assert_eq!(
        query_of(&link)["inquiry-id"],
        walker.current_inquiry_id.clone().expect("inquiry").as_str()
    );
    assert_eq!(
        app.emulator_inquiries_for(walker.id.as_str()).await.len(),
        1,
        "exactly one inquiry"
    );
}

#[tokio::test]
async fn a_create_whose_answer_is_lost_is_retried_into_the_same_inquiry() {
    let app = TestApp::spawn().await;
    app.set_faults(json!({"api": [{"endpoint": "create", "fault": "lost_response", "count": 1}]}))
        .await;
    app.post_signup(&SignupForm::valid("lost@example.com"))
        .await;
    app.wait_for_hosted_flow()
        .await
        .expect("the retry succeeds");
    let walker = app
        .walker_by_email("lost@example.com")
        .await
        .expect("walker");
    assert_eq!(
        app.emulator_inquiries_for(walker.id.as_str()).await.len(),
        1,
        "the replay, not a second"
    );
}

#[tokio::test]
async fn a_failure_persona_remembers_for_the_key_is_not_retried_forever() {
    let app = TestApp::spawn().await;
    // Persona keeps a 500 as the key's first answer and replays it to every retry with that
    // key for 24 hours.
    app.set_faults(json!({"api": [{"endpoint": "create", "fault": "500_remembered", "count": 1}]}))
        .await;
    app.post_signup(&SignupForm::valid("remembered@example.com"))
        .await;
    let walker_id = app
        .wait_for_inquiry("remembered@example.com")
        .await
        .expect("a later attempt, under a new key, creates the inquiry");
    assert_eq!(
        app.emulator_inquiries_for(walker_id.as_str()).await.len(),
        1,
        "one inquiry"
    );
}

#[tokio::test]
async fn a_job_left_behind_by_a_restart_finishes_after_it() {
    let first = TestApp::spawn().await;
    first
        .set_faults(json!({"api": [{"endpoint": "create", "fault": "503", "rate": 1.0}]}))
        .await;
    first
        .post_signup(&SignupForm::valid("restart@example.com"))
        .await;
    let database_url = first.database_url.clone();
    let kept_dir = first.stop().await;

    let second = TestApp::spawn_on(&database_url, kept_dir).await;
    let walker_id = second
        .wait_for_inquiry("restart@example.com")
        .await
        .expect("job finished");
    assert_eq!(
        second
            .emulator_inquiries_for(walker_id.as_str())
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn dropped_webhooks_are_made_good_by_reconciliation() {
    let app = TestApp::spawn().await;
    app.set_faults(json!({"webhooks": {"drop_rate": 1.0}}))
        .await;
    let link = location(
        &app.post_signup(&SignupForm::valid("quiet@example.com"))
            .await,
    );
    app.finish_hosted_flow(&link, true).await;
    // Persona's workflow approves a completed inquiry a moment later.
    app.advance_emulator_clock(Duration::from_secs(3)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        app.status_of("quiet@example.com").await.as_deref(),
        Some("created")
    );
    let report = app.reconcile().await;
    assert_eq!(report.changed, 1);
    assert_eq!(
        app.status_of("quiet@example.com").await.as_deref(),
        Some("approved")
    );
}

#[tokio::test]
async fn duplicated_delayed_and_reordered_webhooks_still_end_in_persona_s_status() {
    let app = TestApp::spawn().await;
    app.set_faults(
        json!({"seed": 7, "webhooks": {"duplicate_rate": 0.5, "delay_ms": 50, "reorder": true}}),
    )
    .await;
    let mut walkers = Vec::new();
    for n in 0..60 {
        let email = format!("crowd{n}@example.com");
        let link = location(&app.post_signup(&SignupForm::valid(&email)).await);
        app.finish_hosted_flow(&link, n % 3 != 0).await;
        walkers.push((email, query_of(&link)["inquiry-id"].clone()));
    }
    for (email, inquiry_id) in &walkers {
        let truth = app.emulator_status(inquiry_id).await;
        assert_eq!(
            app.wait_for_status(email, &truth).await.as_deref(),
            Some(truth.as_str())
        );
    }
    app.wait_for_quiet_webhooks().await;
    let (stored, deliveries): (i64, i64) = app.event_totals().await;
    assert_eq!(
        stored,
        app.emulator_event_count().await,
        "every event stored exactly once"
    );
    assert!(
        deliveries > stored,
        "duplicates were delivered ({deliveries} for {stored})"
    );
    eprintln!("60 walkers: {stored} events stored once from {deliveries} deliveries");
}

#[tokio::test]
async fn two_instances_on_one_database_never_run_a_job_twice() {
    let a = TestApp::spawn().await;
    let b = TestApp::spawn_on(&a.database_url, None).await;
    for n in 0..40 {
        a.store_signup_without_running(&format!("queue{n}@example.com"))
            .await;
    }
    for n in 0..40 {
        a.wait_for_inquiry(&format!("queue{n}@example.com"))
            .await
            .expect("job done");
    }
    // A job records its attempt after the inquiry it made is stored, in a transaction of its
    // own: wait for every job to be finished, not only for the inquiries.
    let mut done = 0;
    for _ in 0..80 {
        done = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'create_inquiry' AND state = 'done'",
        )
        .fetch_one(&a.pool)
        .await
        .expect("jobs");
        if done == 40 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(done, 40, "every job finished");
    let attempts: Vec<(String, i64)> =
        sqlx::query_as("SELECT job_id, COUNT(*) FROM job_attempts GROUP BY job_id")
            .fetch_all(&a.pool)
            .await
            .expect("attempts");
    assert_eq!(attempts.len(), 40);
    assert!(attempts.iter().all(|(_, n)| *n == 1), "{attempts:?}");
    drop(b);
}

#[tokio::test]
async fn an_expired_inquiry_is_resumed_and_finished() {
    let app = TestApp::spawn().await;
    let link = location(
        &app.post_signup(&SignupForm::valid("late@example.com"))
            .await,
    );
    assert_eq!(app.get(&link).await.status(), StatusCode::OK, "started");
    app.advance_emulator_clock(Duration::from_secs(25 * 3600))
        .await;
    assert_eq!(
        app.wait_for_status("late@example.com", "expired")
            .await
            .as_deref(),
        Some("expired")
    );

    let again = location(
        &app.post_signup(&SignupForm::valid("late@example.com"))
            .await,
    );
    assert!(query_of(&again).contains_key("session-token"), "{again}");
    let back = location(&app.finish_hosted_flow(&again, true).await);
    assert_eq!(query_of(&back)["status"], "completed");
    assert_eq!(
        app.wait_for_status("late@example.com", "approved")
            .await
            .as_deref(),
        Some("approved")
    );
}

#[tokio::test]
async fn jobs_an_instance_holds_when_it_shuts_down_are_taken_by_another_at_once() {
    let first = TestApp::spawn_with(|settings| {
        // Its create call is still waiting for Persona when it is told to stop.
        settings.persona_request_timeout = Duration::from_secs(60);
        settings.signup_wait_for_inquiry = Duration::from_millis(200);
        settings.http.shutdown_grace = Duration::from_secs(1);
    })
    .await;
    first
        .set_faults(json!({"api": [{"endpoint": "create", "fault": "timeout", "count": 1}]}))
        .await;
    first
        .post_signup(&SignupForm::valid("handed-back@example.com"))
        .await;
    let held: Option<String> =
        sqlx::query_scalar("SELECT lease_owner FROM jobs WHERE kind = 'create_inquiry'")
            .fetch_one(&first.pool)
            .await
            .expect("the job");
    assert!(held.is_some(), "the first instance holds the job");
    let database_url = first.database_url.clone();
    let kept_dir = first.shut_down().await;

    // Its lease had two minutes to run; the second instance does not wait for it.
    let second = TestApp::spawn_on(&database_url, kept_dir).await;
    let walker_id = second
        .wait_for_inquiry("handed-back@example.com")
        .await
        .expect("taken at once, not after the lease");
    assert_eq!(
        second
            .emulator_inquiries_for(walker_id.as_str())
            .await
            .len(),
        1
    );
}
