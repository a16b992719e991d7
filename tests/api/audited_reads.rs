//! Reading personal data raw or in bulk is audited: a raw Persona event (birthdate and phone
//! masked unless the operator just revealed the walker) and the CSV export of the list.

use crate::admin::signed_in_app;
use crate::helpers::{csrf_token, SignupForm, TestApp};
use reqwest::StatusCode;
use std::time::Duration;

/// `(action, walker id, detail)` of every audit entry, oldest first.
async fn audit(app: &TestApp) -> Vec<(String, Option<String>, String)> {
    sqlx::query_as("SELECT action, walker_id, detail FROM audit_log ORDER BY at, id")
        .fetch_all(&app.pool)
        .await
        .expect("audit")
}

/// An event about the walker whose stored body holds their birthdate and phone.
async fn event_with_personal_data(app: &TestApp, walker_id: &str, form: &SignupForm) -> String {
    let walker = crate::helpers::walker_id(walker_id);
    for _ in 0..80 {
        let events = app
            .store
            .events()
            .for_walker(&walker)
            .await
            .expect("events");
        for event in events {
            let body = app.store.events().body(&event.id).await.expect("body");
            if body.is_some_and(|b| b.contains(&form.birthdate) && b.contains(&form.phone)) {
                return event.id.to_string();
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("no event carries the walker's birthdate and phone");
}

async fn raw(app: &TestApp, event: &str) -> String {
    let response = app.get(&format!("/admin/events/{event}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.expect("body")
}

#[tokio::test]
async fn a_raw_event_is_masked_unless_revealed_and_each_view_is_audited() {
    let app = signed_in_app().await;
    let form = SignupForm::valid("raw.event@example.com");
    app.post_signup(&form).await;
    let walker_id = app.wait_for_inquiry(&form.email).await.expect("inquiry");
    let walker_id = walker_id.to_string();
    let event = event_with_personal_data(&app, &walker_id, &form).await;
    let masked = raw(&app, &event).await;
    assert!(masked.contains(&event), "{masked}");
    assert!(
        masked.contains("1977-**-**") && masked.contains("+1415•••0123"),
        "{masked}"
    );
    assert!(
        !masked.contains("1977-08-31") && !masked.contains("4155550123"),
        "{masked}"
    );
    let entries = audit(&app).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    let (action, about, detail) = &entries[0];
    assert_eq!(action, "view_event");
    assert_eq!(about.as_deref(), Some(walker_id.as_str()));
    assert!(
        detail.contains(&event) && detail.contains("masked"),
        "{detail}"
    );

    // "Reveal" on the walker's page (audited itself) shows the next view in full.
    let page_url = format!("/admin/walkers/{walker_id}");
    let token = csrf_token(&app.get(&page_url).await.text().await.expect("page"));
    let revealed = app
        .post_form(
            &format!("{page_url}/reveal"),
            &[("csrf_token", token.as_str())],
        )
        .await;
    assert_eq!(revealed.status(), StatusCode::SEE_OTHER);
    let full = raw(&app, &event).await;
    assert!(
        full.contains("1977-08-31") && full.contains("+14155550123"),
        "{full}"
    );
    let again = raw(&app, &event).await;
    assert!(!again.contains("1977-08-31"), "a reveal lasts one view");

    let entries = audit(&app).await;
    let actions: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        actions,
        ["view_event", "reveal", "view_event", "view_event"]
    );
    assert!(entries[2].2.contains("revealed"), "{:?}", entries[2]);
    assert!(entries[3].2.contains("masked"), "{:?}", entries[3]);
    for (_, _, detail) in &entries {
        assert!(!detail.contains("1977") && !detail.contains("4155550123"));
    }
}

#[tokio::test]
async fn each_csv_export_is_audited_with_its_size_and_filters_but_not_the_search() {
    let app = signed_in_app().await;
    pawpass::seed::seed(&app.store, 30, 0).await.expect("seed");
    let csv = app
        .get("/admin/export.csv?status=approved,declined&sort=name")
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let rows = csv.text().await.expect("body").lines().count() - 1;
    let entries = audit(&app).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    let (action, about, detail) = &entries[0];
    assert_eq!(action, "export_list");
    assert_eq!(about, &None, "about no walker in particular");
    assert!(
        detail.contains(&format!("CSV export of {rows} walker")),
        "{detail}"
    );
    assert!(detail.contains("status: approved, declined") && detail.contains("search: no"));

    // A searched view: the audit says there was a search, never what it was.
    let email: String = sqlx::query_scalar("SELECT email FROM walkers ORDER BY id LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .expect("a walker");
    let view = app.search_walkers(&email, &[]).await;
    let export = view.replacen("/admin?", "/admin/export.csv?", 1);
    let csv = app.get(&export).await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.expect("body");
    assert!(text.contains(&email), "the export itself holds the walker");
    let entries = audit(&app).await;
    assert_eq!(entries.len(), 2, "{entries:?}");
    let detail = &entries[1].2;
    assert!(detail.contains("CSV export of 1 walker;") && detail.contains("search: yes"));
    assert!(
        !detail.to_lowercase().contains(&email.to_lowercase()),
        "{detail}"
    );
}
