use crate::helpers::{location, query_of, SignupForm, TestApp, WEBHOOK_SECRET};
use persona::signature;
use reqwest::StatusCode;

/// A Persona event envelope about `inquiry_id` now being `status`, stamped `created_at`.
pub(crate) fn event(
    id: &str,
    name: &str,
    inquiry_id: &str,
    status: &str,
    created_at: &str,
) -> String {
    serde_json::json!({"data": {"type": "event", "id": id, "attributes": {
        "name": name,
        "payload": {"data": {"type": "inquiry", "id": inquiry_id,
            "attributes": {"status": status, "reference-id": null}}, "included": []},
        "created-at": created_at,
    }}})
    .to_string()
}

fn signed(body: &str) -> Option<String> {
    let now = chrono::Utc::now().timestamp();
    Some(signature::header_value(
        &[WEBHOOK_SECRET],
        now,
        body.as_bytes(),
    ))
}

/// A walker with a fresh inquiry, returning its id.
async fn walker_with_inquiry(app: &TestApp, email: &str) -> String {
    let link = location(&app.post_signup(&SignupForm::valid(email)).await);
    query_of(&link)["inquiry-id"].clone()
}

#[tokio::test]
async fn bad_or_missing_signatures_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let inquiry = walker_with_inquiry(&app, "sig@example.com").await;
    let body = event(
        "evt_bad1",
        "inquiry.approved",
        &inquiry,
        "approved",
        "2030-01-01T00:00:00.000Z",
    );
    let now = chrono::Utc::now().timestamp();

    let missing = app.post_webhook(&body, None).await;
    let wrong_secret = app
        .post_webhook(
            &body,
            Some(signature::header_value(
                &["wbhsec_other"],
                now,
                body.as_bytes(),
            )),
        )
        .await;
    let tampered = app
        .post_webhook(
            &body.replacen("\"status\":\"approved\"", "\"status\":\"declined\"", 1),
            signed(&body),
        )
        .await;
    let stale = app
        .post_webhook(
            &body,
            Some(signature::header_value(
                &[WEBHOOK_SECRET],
                now - 3600,
                body.as_bytes(),
            )),
        )
        .await;
    let garbage = app.post_webhook(&body, Some("t=abc,v1=zz".into())).await;
    for response in [missing, wrong_secret, tampered, stale, garbage] {
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // (The emulator's own, signed events for this walker may arrive meanwhile; they count not.)
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM persona_events WHERE id = 'evt_bad1'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(stored, 0);
    assert_ne!(
        app.status_of("sig@example.com").await.as_deref(),
        Some("approved")
    );
}

#[tokio::test]
async fn a_rotation_header_with_two_signatures_is_accepted() {
    let app = TestApp::spawn().await;
    let inquiry = walker_with_inquiry(&app, "rot@example.com").await;
    let body = event(
        "evt_rot1",
        "inquiry.started",
        &inquiry,
        "pending",
        "2030-01-01T00:00:00.000Z",
    );
    let now = chrono::Utc::now().timestamp();
    let header = signature::header_value(
        &["wbhsec_the-new-one", WEBHOOK_SECRET],
        now,
        body.as_bytes(),
    );
    assert_eq!(
        app.post_webhook(&body, Some(header)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.status_of("rot@example.com").await.as_deref(),
        Some("pending")
    );
}

#[tokio::test]
async fn a_repeated_event_is_stored_once_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let inquiry = walker_with_inquiry(&app, "dup@example.com").await;
    let body = event(
        "evt_dup1",
        "inquiry.started",
        &inquiry,
        "pending",
        "2030-01-01T00:00:00.000Z",
    );
    for _ in 0..3 {
        assert_eq!(
            app.post_webhook(&body, signed(&body)).await.status(),
            StatusCode::OK
        );
    }
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM persona_events WHERE id = 'evt_dup1'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(stored, 1);
    assert_eq!(
        app.status_of("dup@example.com").await.as_deref(),
        Some("pending")
    );
}

#[tokio::test]
async fn a_late_started_event_does_not_undo_an_approval() {
    let app = TestApp::spawn().await;
    let inquiry = walker_with_inquiry(&app, "late@example.com").await;
    let approved = event(
        "evt_late2",
        "inquiry.approved",
        &inquiry,
        "approved",
        "2030-01-01T00:00:09.000Z",
    );
    let started = event(
        "evt_late1",
        "inquiry.started",
        &inquiry,
        "pending",
        "2030-01-01T00:00:01.000Z",
    );
    assert_eq!(
        app.post_webhook(&approved, signed(&approved))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.post_webhook(&started, signed(&started)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.status_of("late@example.com").await.as_deref(),
        Some("approved")
    );
    // Both are kept; only the approval was applied.
    let events = app.events_of(&inquiry).await;
    let late: Vec<_> = events
        .iter()
        .filter(|e| e.id.as_str().starts_with("evt_late"))
        .collect();
    assert_eq!(late.len(), 2);
    assert_eq!(
        late.iter().find(|e| e.id == "evt_late1").map(|e| e.applied),
        Some(false)
    );
    assert_eq!(
        late.iter().find(|e| e.id == "evt_late2").map(|e| e.applied),
        Some(true)
    );
    let disposition = |id: &str| {
        late.iter()
            .find(|e| e.id == id)
            .map(|e| e.disposition.as_str())
    };
    assert_eq!(disposition("evt_late1"), Some("late"));
    assert_eq!(disposition("evt_late2"), Some("applied"));

    // The same approval stamped again is kept as "already current", not as late.
    let again = event(
        "evt_late3",
        "inquiry.approved",
        &inquiry,
        "approved",
        "2030-01-01T00:00:09.000Z",
    );
    assert_eq!(
        app.post_webhook(&again, signed(&again)).await.status(),
        StatusCode::OK
    );
    let events = app.events_of(&inquiry).await;
    let third = events.iter().find(|e| e.id == "evt_late3").expect("stored");
    assert_eq!(
        (third.disposition.as_str(), third.applied),
        ("current", false)
    );
}

#[tokio::test]
async fn completed_and_approved_in_the_same_millisecond_end_approved_in_either_order() {
    let app = TestApp::spawn().await;
    let inquiry = walker_with_inquiry(&app, "tie@example.com").await;
    let at = "2030-01-01T00:00:05.000Z";
    let approved = event("evt_tie2", "inquiry.approved", &inquiry, "approved", at);
    let completed = event("evt_tie1", "inquiry.completed", &inquiry, "completed", at);
    app.post_webhook(&approved, signed(&approved)).await;
    app.post_webhook(&completed, signed(&completed)).await;
    assert_eq!(
        app.status_of("tie@example.com").await.as_deref(),
        Some("approved")
    );
}

#[tokio::test]
async fn events_for_unknown_inquiries_and_unknown_names_are_kept() {
    let app = TestApp::spawn().await;
    let unknown_inquiry = event(
        "evt_u1",
        "inquiry.approved",
        "inq_nobodyknows",
        "approved",
        "2030-01-01T00:00:00.000Z",
    );
    let unknown_name = event(
        "evt_u2",
        "inquiry.some-new-thing",
        "inq_nobodyknows",
        "approved",
        "2030-01-01T00:00:00.000Z",
    );
    for body in [unknown_inquiry, unknown_name] {
        assert_eq!(
            app.post_webhook(&body, signed(&body)).await.status(),
            StatusCode::OK
        );
    }
    let events = app.events_of("inq_nobodyknows").await;
    let mut kept: Vec<_> = events
        .iter()
        .map(|e| (e.id.as_str(), e.disposition.as_str(), e.applied))
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        [
            ("evt_u1", "unknown_inquiry", false),
            ("evt_u2", "unknown_event", false)
        ]
    );
}

#[tokio::test]
async fn the_approved_fixture_from_persona_is_understood() {
    let app = TestApp::spawn().await;
    let body = include_str!("../../docs/persona/fixtures/webhook/inquiry-approved.body.raw");
    assert_eq!(
        app.post_webhook(body, signed(body)).await.status(),
        StatusCode::OK
    );
    let events = app.events_of("inq_jZcgCSVyBZLrtB7i9jdz99N4gdgi").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].name, "inquiry.approved");
    assert_eq!(
        events[0].status.as_ref().map(|s| s.as_str()),
        Some("approved")
    );
}

/// `event` with `included` objects of `padding` bytes, as webhooks created before 2026-01-28
/// send by default.
fn event_with_included(id: &str, inquiry_id: &str, padding: usize) -> String {
    serde_json::json!({"data": {"type": "event", "id": id, "attributes": {
        "name": "inquiry.completed",
        "payload": {"data": {"type": "inquiry", "id": inquiry_id,
            "attributes": {"status": "completed", "reference-id": null}},
            "included": [{"type": "verification/government-id", "id": "ver_big",
                "attributes": {"photo-urls": ["x".repeat(padding)]}}]},
        "created-at": "2030-01-01T00:00:00.000Z",
    }}})
    .to_string()
}

#[tokio::test]
async fn webhooks_up_to_1_mib_are_taken_and_bigger_ones_refused() {
    let app = TestApp::spawn().await;
    let inquiry = walker_with_inquiry(&app, "big@example.com").await;
    let big = event_with_included("evt_big1", &inquiry, 600 * 1024);
    let answer = app.post_webhook(&big, signed(&big)).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        app.events_of(&inquiry)
            .await
            .iter()
            .filter(|e| e.id == "evt_big1")
            .count(),
        1
    );

    let too_big = event_with_included("evt_big2", &inquiry, 1100 * 1024);
    let answer = app.post_webhook(&too_big, signed(&too_big)).await;
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Other routes keep their smaller bound.
    let form = format!("first_name={}", "a".repeat(300 * 1024));
    let answer = app
        .client
        .post(app.url("/signup"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .expect("POST");
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
