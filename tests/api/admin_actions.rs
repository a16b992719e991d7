//! Operators' actions: each goes to Persona (the emulator), writes one audit entry, and the
//! status shown is what Persona confirmed.

use crate::admin::signed_in_app;
use crate::helpers::{csrf_token, html_unescape, location, query_of, SignupForm, TestApp};
use reqwest::StatusCode;

/// A signed-up walker's id and inquiry id.
async fn walker(app: &TestApp, email: &str) -> (String, String) {
    let link = location(&app.post_signup(&SignupForm::valid(email)).await);
    let inquiry = query_of(&link)["inquiry-id"].clone();
    let id = app
        .walker_by_email(email)
        .await
        .expect("walker")
        .id
        .to_string();
    (id, inquiry)
}

async fn act(app: &TestApp, walker_id: &str, action: &str, reason: &str) -> String {
    let page_url = format!("/admin/walkers/{walker_id}");
    let token = csrf_token(&app.get(&page_url).await.text().await.expect("page"));
    let response = app
        .post_form(
            &format!("{page_url}/action"),
            &[
                ("csrf_token", token.as_str()),
                ("action", action),
                ("reason", reason),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), page_url);
    html_unescape(&app.get(&page_url).await.text().await.expect("page"))
}

async fn audit_rows(app: &TestApp, walker_id: &str) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as("SELECT action, outcome, reason FROM audit_log WHERE walker_id = $1 ORDER BY at")
        .bind(walker_id)
        .fetch_all(&app.pool)
        .await
        .expect("audit")
}

async fn persona_status(app: &TestApp, inquiry: &str) -> String {
    let body: serde_json::Value = app
        .client
        .get(app.url(&format!("/persona/api/v1/inquiries/{inquiry}")))
        .bearer_auth("persona_sandbox_emulator")
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    body["data"]["attributes"]["status"]
        .as_str()
        .expect("status")
        .to_owned()
}

#[tokio::test]
async fn a_decision_needs_a_reason_and_nothing_is_sent_without_one() {
    let app = signed_in_app().await;
    let (id, _) = walker(&app, "noreason@example.com").await;
    let page = act(&app, &id, "decline", "   ").await;
    assert!(page.contains("Please give a reason for this decision."));
    assert!(audit_rows(&app, &id).await.is_empty());
}

#[tokio::test]
async fn a_refused_action_is_audited_and_the_status_stays_what_persona_confirmed() {
    let app = signed_in_app().await;
    let (id, inquiry) = walker(&app, "refused@example.com").await;
    // Persona refuses to act on an inquiry that does not exist any more; simulate by pointing
    // the walker at an unknown one.
    sqlx::query("UPDATE inquiries SET id = 'inq_gone' WHERE id = $1")
        .bind(&inquiry)
        .execute(&app.pool)
        .await
        .expect("update");
    sqlx::query("UPDATE walkers SET current_inquiry_id = 'inq_gone' WHERE id = $1")
        .bind(&id)
        .execute(&app.pool)
        .await
        .expect("update");
    let page = act(&app, &id, "approve", "documents look fine").await;
    assert!(
        page.contains("Nothing changed"),
        "an honest failure message"
    );
    assert!(
        page.contains("Ready to start"),
        "the stored status, not an optimistic Approved"
    );
    assert!(!page.contains("badge badge-approved"));
    assert_eq!(
        audit_rows(&app, &id).await,
        vec![(
            "approve".into(),
            "failed".into(),
            Some("documents look fine".into())
        )]
    );
}

#[tokio::test]
async fn resync_reads_persona_and_is_audited() {
    let app = signed_in_app().await;
    let (id, _) = walker(&app, "resync@example.com").await;
    let page = act(&app, &id, "resync", "").await;
    assert!(
        page.contains("Persona confirms the status: Ready to start"),
        "{page}"
    );
    assert_eq!(
        audit_rows(&app, &id).await,
        vec![("resync".into(), "ok".into(), None)]
    );
    assert!(
        page.contains("Resynced from Persona"),
        "the audit entry is on the page"
    );
}

#[tokio::test]
async fn each_decision_reaches_persona_writes_one_audit_entry_and_shows_the_confirmed_status() {
    let app = signed_in_app().await;
    let (id, inquiry) = walker(&app, "decide@example.com").await;

    let page = act(&app, &id, "mark_for_review", "address does not match").await;
    assert!(
        page.contains("Persona confirms the status: In review"),
        "{page}"
    );
    assert_eq!(persona_status(&app, &inquiry).await, "needs_review");

    let page = act(&app, &id, "decline", "ID photo is of a different person").await;
    assert!(page.contains("Persona confirms the status: Declined"));
    assert!(
        page.contains("ID photo is of a different person"),
        "the reason is in the audit log on the page"
    );
    assert_eq!(persona_status(&app, &inquiry).await, "declined");
    assert_eq!(
        app.status_of("decide@example.com").await.as_deref(),
        Some("declined")
    );

    let page = act(&app, &id, "approve", "second look: same person").await;
    assert!(page.contains("Persona confirms the status: Approved"));
    assert_eq!(persona_status(&app, &inquiry).await, "approved");

    let rows = audit_rows(&app, &id).await;
    let actions: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(actions, ["mark_for_review", "decline", "approve"]);
    assert!(rows.iter().all(|r| r.1 == "ok"));
}

#[tokio::test]
async fn a_fresh_one_time_link_is_shown_once_and_audited() {
    let app = signed_in_app().await;
    let (id, _) = walker(&app, "link@example.com").await;
    let page = act(&app, &id, "one_time_link", "").await;
    assert!(page.contains("One-time link"), "{page}");
    assert_eq!(
        audit_rows(&app, &id).await,
        vec![("one_time_link".into(), "ok".into(), None)]
    );
    let again = html_unescape(
        &app.get(&format!("/admin/walkers/{id}"))
            .await
            .text()
            .await
            .expect("page"),
    );
    assert!(
        !again.contains("A fresh one-time link was created"),
        "the message shows once"
    );
}

#[tokio::test]
async fn the_case_page_shows_inquiries_timeline_notes_and_raw_events() {
    let app = signed_in_app().await;
    let (id, inquiry) = walker(&app, "case@example.com").await;
    let url = format!("/admin/walkers/{id}");
    let token = csrf_token(&app.get(&url).await.text().await.expect("page"));
    let saved = app
        .post_form(
            &format!("{url}/notes"),
            &[
                ("csrf_token", token.as_str()),
                ("body", "Called them; will retry tonight."),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let html = html_unescape(&app.get(&url).await.text().await.expect("page"));
    assert!(html.contains("case@example.com"));
    assert!(html.contains(&inquiry));
    assert!(html.contains(&format!("/persona/dashboard/inquiries/{inquiry}")));
    assert!(html.contains("Called them; will retry tonight."));
    assert!(html.contains("Note saved."));
    // The emulator's inquiry.created webhook lands in the timeline; its raw body is one click away.
    let mut html = html;
    for _ in 0..50 {
        if html.contains("/admin/events/evt_") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        html = html_unescape(&app.get(&url).await.text().await.expect("page"));
    }
    let event = html
        .split("/admin/events/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("an event link")
        .to_owned();
    let raw = app.get(&format!("/admin/events/{event}")).await;
    assert_eq!(raw.status(), StatusCode::OK);
    assert!(raw.text().await.expect("body").contains(&event));
    assert_eq!(
        app.get("/admin/walkers/usr_nobody").await.status(),
        StatusCode::OK
    );
}
