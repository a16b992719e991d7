//! Events by month: retention removes an event once the whole UTC month it arrived in is past
//! the window (on PostgreSQL by dropping that month's partition), keeps everything newer, and a
//! very old event Persona sends again never moves a walker back. On PostgreSQL the server makes
//! months ahead, and rows that fell into the default partition move into their month.

use crate::helpers::{Engine, SignupForm, TestApp, WEBHOOK_SECRET};
use pawpass::domain::EventId;
use pawpass::onboarding::{RetentionPolicy, MONTHS_AHEAD};
use pawpass::store::{month_start_ms, now_ms, DAY_MS};
use persona::signature;
use reqwest::StatusCode;

const POLICY: RetentionPolicy = RetentionPolicy {
    unfinished_days: 90,
    event_body_days: 365,
    event_days: 365,
};

/// An approved walker's inquiry and its events, oldest first.
async fn approved(app: &TestApp, email: &str) -> (String, Vec<EventId>) {
    app.post_signup(&SignupForm::valid(email)).await;
    let walker = app.wait_for_inquiry(email).await.expect("inquiry");
    let inquiry = app
        .store
        .walkers()
        .by_id(&walker)
        .await
        .expect("query")
        .expect("walker")
        .current_inquiry_id
        .expect("inquiry")
        .to_string();
    app.simulate(&inquiry, &["start_inquiry", "complete_inquiry"])
        .await;
    app.wait_for_status(email, "approved").await;
    app.wait_for_quiet_webhooks().await;
    let events = app.events_of(&inquiry).await;
    (inquiry, events.into_iter().map(|e| e.id).collect())
}

async fn receive_at(app: &TestApp, event: &EventId, at_ms: i64) {
    sqlx::query("UPDATE persona_events SET received_at = $1 WHERE id = $2")
        .bind(at_ms)
        .bind(event.as_str())
        .execute(&app.pool)
        .await
        .expect("age an event");
}

async fn stored(app: &TestApp, event: &EventId) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM persona_events WHERE id = $1")
        .bind(event.as_str())
        .fetch_one(&app.pool)
        .await
        .expect("count")
}

/// The partition an event is in (PostgreSQL).
async fn partition_of(app: &TestApp, event: &EventId) -> String {
    sqlx::query_scalar("SELECT tableoid::regclass::text FROM persona_events WHERE id = $1")
        .bind(event.as_str())
        .fetch_one(&app.pool)
        .await
        .expect("partition")
}

async fn table_exists(app: &TestApp, name: &str) -> bool {
    sqlx::query_scalar::<_, Option<String>>("SELECT to_regclass($1)::text")
        .bind(name)
        .fetch_one(&app.pool)
        .await
        .expect("to_regclass")
        .is_some()
}

fn month_name(at_ms: i64) -> String {
    let at = chrono::DateTime::from_timestamp_millis(at_ms).expect("time");
    format!("persona_events_{}", at.format("%Y_%m"))
}

#[tokio::test]
async fn events_expire_a_whole_month_at_a_time_and_a_redelivered_old_one_changes_nothing() {
    let app = TestApp::spawn().await;
    let (inquiry, events) = approved(&app, "months@example.com").await;
    assert!(events.len() >= 3, "{events:?}");
    let (in_old_month, in_default, in_window_month) = (&events[0], &events[1], &events[2]);
    let old_month = now_ms() - 400 * DAY_MS;
    // A month with a partition of its own, and one without (its rows sit in the default one).
    app.store
        .event_partitions()
        .ensure_month(old_month)
        .await
        .expect("partition");
    receive_at(&app, in_old_month, old_month).await;
    receive_at(&app, in_default, now_ms() - 500 * DAY_MS).await;
    // Older than the window, but its month is not over yet: kept until the whole month is.
    let window_month = month_start_ms(now_ms() - 365 * DAY_MS);
    receive_at(&app, in_window_month, window_month + 1).await;
    let old_body = app
        .store
        .events()
        .body(in_old_month)
        .await
        .expect("query")
        .expect("body");
    if app.engine == Engine::Postgres {
        assert_eq!(
            partition_of(&app, in_old_month).await,
            month_name(old_month)
        );
        assert_eq!(
            partition_of(&app, in_default).await,
            "persona_events_default"
        );
    }

    let plan = app.onboarding.retention_plan(POLICY).await.expect("plan");
    assert_eq!(plan.expired_events, 2);
    assert_eq!(plan.events_before, window_month);
    let applied = app.onboarding.apply_retention(POLICY).await.expect("apply");
    assert_eq!(applied.expired_events, 2);

    assert_eq!(stored(&app, in_old_month).await, 0);
    assert_eq!(stored(&app, in_default).await, 0);
    for kept in &events[2..] {
        assert_eq!(stored(&app, kept).await, 1, "{kept} is kept");
    }
    if app.engine == Engine::Postgres {
        assert!(!table_exists(&app, &month_name(old_month)).await);
        assert!(table_exists(&app, &month_name(now_ms())).await);
    }
    let again = app.onboarding.retention_plan(POLICY).await.expect("plan");
    assert_eq!(again.expired_events, 0);

    // Persona sends the dropped event again (a resend from its dashboard, say).
    let header = signature::header_value(
        &[WEBHOOK_SECRET],
        chrono::Utc::now().timestamp(),
        old_body.as_bytes(),
    );
    assert_eq!(
        app.post_webhook(&old_body, Some(header)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.status_of("months@example.com").await.as_deref(),
        Some("approved")
    );
    let inquiry_events = app.events_of(&inquiry).await;
    match app.engine {
        // Its id outlives its month: still a duplicate, not stored again.
        Engine::Postgres => assert_eq!(stored(&app, in_old_month).await, 0),
        // SQLite forgets the id with the row: stored again, as an event that moves nothing.
        Engine::Sqlite => {
            let again = inquiry_events
                .iter()
                .find(|e| &e.id == in_old_month)
                .expect("stored again");
            assert!(!again.applied);
        }
    }
}

#[tokio::test]
async fn the_server_makes_months_ahead_and_moves_rows_out_of_the_default_partition() {
    let app = TestApp::spawn().await;
    if app.engine == Engine::Sqlite {
        // One table, no partitions: nothing to make.
        assert_eq!(app.onboarding.prepare_event_months().await.expect("ok"), 0);
        return;
    }
    let months: Vec<String> = (0..=MONTHS_AHEAD)
        .map(|ahead| {
            let at = chrono::Utc::now()
                .checked_add_months(chrono::Months::new(ahead))
                .expect("month");
            month_name(at.timestamp_millis())
        })
        .collect();
    for month in &months {
        assert!(table_exists(&app, month).await, "{month}");
    }
    // The furthest month is gone (say it was never made): the server makes it again, once
    // (its own loop may be making it at the same moment).
    let furthest = months.last().expect("months");
    sqlx::query(&format!("DROP TABLE {furthest}"))
        .execute(&app.pool)
        .await
        .expect("drop");
    assert!(!table_exists(&app, furthest).await);
    let (first, second) = tokio::join!(
        app.onboarding.prepare_event_months(),
        app.onboarding.prepare_event_months()
    );
    assert!(first.expect("made") + second.expect("made") <= 1);
    assert!(table_exists(&app, furthest).await);
    assert_eq!(app.onboarding.prepare_event_months().await.expect("ok"), 0);

    // An event of a month nobody made lands in the default partition, and moves into its month
    // when that month is made.
    let (_, events) = approved(&app, "default@example.com").await;
    let long_ago = now_ms() - 700 * DAY_MS;
    receive_at(&app, &events[0], long_ago).await;
    assert_eq!(
        partition_of(&app, &events[0]).await,
        "persona_events_default"
    );
    assert!(app
        .store
        .event_partitions()
        .ensure_month(long_ago)
        .await
        .expect("partition"));
    assert_eq!(partition_of(&app, &events[0]).await, month_name(long_ago));
    assert_eq!(stored(&app, &events[0]).await, 1);
}

#[tokio::test]
async fn one_event_delivered_many_times_at_once_is_stored_once() {
    let app = TestApp::spawn().await;
    let (inquiry, _) = approved(&app, "burst@example.com").await;
    let body = serde_json::json!({"data": {"type": "event", "id": "evt_burst1", "attributes": {
        "name": "inquiry.started",
        "payload": {"data": {"type": "inquiry", "id": inquiry,
            "attributes": {"status": "pending", "reference-id": null}}, "included": []},
        "created-at": "2020-01-01T00:00:00.000Z",
    }}})
    .to_string();
    let deliveries = (0..8).map(|_| {
        let header = signature::header_value(
            &[WEBHOOK_SECRET],
            chrono::Utc::now().timestamp(),
            body.as_bytes(),
        );
        app.post_webhook(&body, Some(header))
    });
    for response in futures_util::future::join_all(deliveries).await {
        assert_eq!(response.status(), StatusCode::OK);
    }
    let (rows, delivered): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(deliveries), 0) AS BIGINT) FROM persona_events \
         WHERE id = 'evt_burst1'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("count");
    assert_eq!((rows, delivered), (1, 8));
    assert_eq!(
        app.status_of("burst@example.com").await.as_deref(),
        Some("approved")
    );
}
