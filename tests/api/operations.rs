//! Running PawPass as a service: its numbers on a listener of their own, health a load
//! balancer can act on, and a request id on every answer.

use crate::helpers::{location, SignupForm, TestApp};
use reqwest::StatusCode;

async fn with_metrics() -> TestApp {
    TestApp::spawn_with(|settings| {
        settings.metrics_addr = Some("127.0.0.1:0".parse().expect("an address"));
    })
    .await
}

async fn scrape(app: &TestApp) -> String {
    let base = app.metrics_address.as_deref().expect("a metrics listener");
    let response = reqwest::get(format!("{base}/metrics"))
        .await
        .expect("scrape");
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.expect("text")
}

/// The value of the first sample whose line starts with `name{` and holds every label.
fn value(metrics: &str, name: &str, labels: &[&str]) -> f64 {
    metrics
        .lines()
        .filter(|l| l.starts_with(&format!("{name}{{")) || l.starts_with(&format!("{name} ")))
        .find(|l| labels.iter().all(|label| l.contains(label)))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test]
async fn metrics_count_what_a_walker_and_persona_do_and_are_not_public() {
    let app = with_metrics().await;
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND);
    // Metrics belong to the process, and other tests' apps record into them too: compare.
    let before = scrape(&app).await;
    let signups = value(&before, "pawpass_signups_total", &["outcome=\"started\""]);
    let applied = value(
        &before,
        "pawpass_webhooks_received_total",
        &["outcome=\"applied\""],
    );
    let link = location(
        &app.post_signup(&SignupForm::valid("counted@example.com"))
            .await,
    );
    app.finish_hosted_flow(&link, true).await;
    app.wait_for_status("counted@example.com", "approved").await;
    let refused = app.post_webhook("{}", Some("t=1,v1=00".into())).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let after = scrape(&app).await;
    assert!(value(&after, "pawpass_signups_total", &["outcome=\"started\""]) >= signups + 1.0);
    assert!(
        value(
            &after,
            "pawpass_webhooks_received_total",
            &["outcome=\"applied\""]
        ) >= applied + 2.0,
        "completed and approved were applied"
    );
    assert!(
        value(
            &after,
            "pawpass_webhooks_received_total",
            &["outcome=\"refused_signature\""]
        ) >= 1.0
    );
    assert!(
        value(
            &after,
            "pawpass_http_requests_total",
            &["route=\"/signup\"", "method=\"POST\"", "status=\"303\""]
        ) >= 1.0
    );
    assert!(after.contains("pawpass_http_request_duration_seconds_bucket{"));
    assert!(
        value(
            &after,
            "pawpass_persona_requests_total",
            &["operation=\"POST /inquiries\""]
        ) >= 1.0
    );
    assert!(after.contains("pawpass_persona_request_duration_seconds_bucket{"));
    assert!(
        value(
            &after,
            "pawpass_job_attempts_total",
            &["kind=\"create_inquiry\"", "outcome=\"done\""]
        ) >= 1.0
    );
    // Read from this app's database at the scrape.
    assert_eq!(
        value(&after, "pawpass_walkers", &["status=\"approved\""]),
        1.0
    );
    assert!(after.contains("pawpass_jobs_runnable{kind=\"create_inquiry\"} 0"));
    assert!(after.contains("pawpass_jobs_oldest_runnable_age_seconds{kind=\"send_mail\"}"));
    assert!(after.contains("pawpass_db_connections_in_use "));
    // Outcomes marked for a message the job worker has not queued yet (none, or the approval).
    assert!(after.contains("pawpass_outcome_mails_owed "));
    assert!(value(&after, "pawpass_outcome_mails_owed", &[]) <= 1.0);
    assert!(after.contains("pawpass_outcome_mails_oldest_owed_age_seconds "));
    // Paths never become labels: the token of a link stays out.
    app.get("/continue/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
        .await;
    assert!(!scrape(&app).await.contains("abcdefghijklmnopqrstuvwxyz"));
}

#[tokio::test]
async fn readiness_names_what_is_missing_and_liveness_only_that_the_process_answers() {
    let app = TestApp::spawn().await;
    let live = app.get("/health/live").await;
    assert_eq!(live.status(), StatusCode::OK);
    let ready = app.get("/health/ready").await;
    assert_eq!(ready.status(), StatusCode::OK);
    let body = ready.text().await.expect("body");
    assert!(body.contains("database: ok"), "{body}");
    assert!(body.contains("job runner: ok"), "{body}");

    // A newer build's migration not applied here: this instance must not take traffic.
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .execute(&app.pool)
    .await
    .expect("forget a migration");
    let ready = app.get("/health/ready").await;
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(ready
        .text()
        .await
        .expect("body")
        .contains("migrations: 1 pending"));
    assert_eq!(app.get("/health/live").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_keeps_the_callers() {
    let app = TestApp::spawn().await;
    let made = app.get("/signup").await;
    let id = made.headers()["x-request-id"].to_str().expect("ascii");
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let kept = app
        .client
        .get(app.url("/health/live"))
        .header("x-request-id", "lb-7f3a")
        .send()
        .await
        .expect("GET");
    assert_eq!(kept.headers()["x-request-id"], "lb-7f3a");
}
