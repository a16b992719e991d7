//! The retention policy names exactly the walkers with no decision and no activity within the period,
//! and the raw bodies of decided inquiries' events past theirs; applying it erases them.

use crate::helpers::{event_id, SignupForm, TestApp};
use pawpass::domain::{EventId, WalkerId};
use pawpass::onboarding::RetentionPolicy;
use pawpass::store::{now_ms, DAY_MS};
use std::time::Duration;

const POLICY: RetentionPolicy = RetentionPolicy {
    unfinished_days: 90,
    event_body_days: 365,
    event_days: 730,
};

async fn signed_up(app: &TestApp, email: &str) -> (WalkerId, String) {
    app.post_signup(&SignupForm::valid(email)).await;
    let id = app.wait_for_inquiry(email).await.expect("inquiry");
    let walker = app
        .store
        .walkers()
        .by_id(&id)
        .await
        .expect("query")
        .expect("walker");
    (id, walker.current_inquiry_id.expect("inquiry").to_string())
}

/// Signed up `days` ago and nothing has happened since.
async fn age_walker(app: &TestApp, id: &WalkerId, days: i64) {
    sqlx::query(
        "UPDATE walkers SET created_at = $1, updated_at = $1, last_change_at = $1 WHERE id = $2",
    )
    .bind(now_ms() - days * DAY_MS)
    .bind(id.as_str())
    .execute(&app.pool)
    .await
    .expect("age walker");
}

async fn age_events(app: &TestApp, inquiry: &str, days: i64) -> Vec<EventId> {
    sqlx::query("UPDATE persona_events SET received_at = $1 WHERE inquiry_id = $2")
        .bind(now_ms() - days * DAY_MS)
        .bind(inquiry)
        .execute(&app.pool)
        .await
        .expect("age events");
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM persona_events WHERE inquiry_id = $1 ORDER BY received_at, id",
    )
    .bind(inquiry)
    .fetch_all(&app.pool)
    .await
    .expect("events");
    ids.iter().map(|id| event_id(id)).collect()
}

#[tokio::test]
async fn the_dry_run_lists_exactly_what_the_policy_names_and_applying_erases_it() {
    let app = TestApp::spawn().await;
    let (stale, stale_inquiry) = signed_up(&app, "stale@example.com").await;
    let (decided, decided_inquiry) = signed_up(&app, "decided@example.com").await;
    let (fresh, _) = signed_up(&app, "fresh@example.com").await;
    let (active, active_inquiry) = signed_up(&app, "active@example.com").await;
    app.simulate(&decided_inquiry, &["start_inquiry", "complete_inquiry"])
        .await;
    app.wait_for_status("decided@example.com", "approved").await;
    app.wait_for_quiet_webhooks().await;
    age_walker(&app, &stale, 91).await;
    age_walker(&app, &decided, 400).await;
    age_walker(&app, &fresh, 89).await;
    // Signed up long ago, but started verifying today: still unfinished, but not abandoned.
    age_walker(&app, &active, 200).await;
    app.simulate(&active_inquiry, &["start_inquiry"]).await;
    app.wait_for_status("active@example.com", "pending").await;
    // Old bodies of an undecided inquiry stay until the walker is erased.
    age_events(&app, &stale_inquiry, 400).await;
    let old_bodies = age_events(&app, &decided_inquiry, 366).await;
    assert!(!old_bodies.is_empty());

    let plan = app.onboarding.retention_plan(POLICY).await.expect("plan");
    assert_eq!(plan.walkers, vec![stale.clone()]);
    assert_eq!(plan.events, old_bodies);

    let applied = app.onboarding.apply_retention(POLICY).await.expect("apply");
    assert_eq!(applied, plan);
    let mut erased = false;
    for _ in 0..80 {
        let walker = app
            .store
            .walkers()
            .by_id(&stale)
            .await
            .expect("query")
            .expect("walker");
        if walker.erased_at.is_some() {
            erased = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(erased, "the stale walker is erased");
    for event in &old_bodies {
        let body = app
            .store
            .events()
            .body(event)
            .await
            .expect("query")
            .expect("event");
        assert!(!body.contains("1977-08-31") && body.contains(&decided_inquiry));
    }
    let kept = app
        .store
        .walkers()
        .by_id(&fresh)
        .await
        .expect("query")
        .expect("walker");
    assert_eq!(kept.first_name, "Alexander");
    let after = app.onboarding.retention_plan(POLICY).await.expect("plan");
    assert!(
        after.walkers.is_empty() && after.events.is_empty(),
        "{after:?}"
    );
}
