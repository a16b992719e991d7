//! Subject access: an operator downloads everything held about one walker, and it is audited.

use crate::admin::signed_in_app;
use crate::helpers::{csrf_token, SignupForm};
use reqwest::StatusCode;

#[tokio::test]
async fn an_operator_downloads_a_walkers_data_as_json_and_it_is_audited() {
    let app = signed_in_app().await;
    let form = SignupForm::valid("subject@example.com");
    app.post_signup(&form).await;
    let id = app.wait_for_inquiry(&form.email).await.expect("inquiry");
    let page = format!("/admin/walkers/{id}");
    let token = csrf_token(&app.get(&page).await.text().await.expect("page"));
    app.post_form(
        &format!("{page}/notes"),
        &[("csrf_token", token.as_str()), ("body", "Prefers mornings")],
    )
    .await;
    app.wait_for_quiet_webhooks().await;

    let response = app.get(&format!("{page}/export.json")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[reqwest::header::CONTENT_DISPOSITION]
        .to_str()
        .expect("header")
        .contains("attachment"));
    let export: serde_json::Value = response.json().await.expect("json");
    let walker = &export["walker"];
    assert_eq!(walker["id"], id.as_str());
    assert_eq!(walker["first_name"], "Alexander");
    assert_eq!(walker["email"], "subject@example.com");
    assert_eq!(walker["birthdate"], "1977-08-31");
    assert_eq!(walker["phone"], "+14155550123");
    assert_eq!(export["inquiries"].as_array().expect("inquiries").len(), 1);
    // It names the account Persona keeps the walker's data under, for a request made there.
    let accounts = app.emulator_accounts_for(id.as_str()).await;
    assert_eq!(accounts.len(), 1);
    assert_eq!(
        export["inquiries"][0]["persona_account_id"],
        accounts[0]["id"]
    );
    let events = export["persona_events"].as_array().expect("events");
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["body"]["data"]["type"] == "event"));
    assert_eq!(export["notes"][0]["text"], "Prefers mornings");

    let audited: Vec<(String, String)> =
        sqlx::query_as("SELECT action, operator_username FROM audit_log WHERE walker_id = $1")
            .bind(&id)
            .fetch_all(&app.pool)
            .await
            .expect("audit");
    assert_eq!(audited, [("export".to_owned(), "olive".to_owned())]);

    let missing = app.get("/admin/walkers/usr_nobody/export.json").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
