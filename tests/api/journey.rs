use crate::helpers::{html_unescape, location, query_of, SignupForm, TestApp};
use reqwest::StatusCode;

/// Finishes Persona's page, checking it showed what the walker typed at signup.
async fn finish_hosted_flow(app: &TestApp, link: &str, pass: bool) -> reqwest::Response {
    let (html, response) = app.finish_hosted_flow_seeing(link, pass).await;
    assert!(html.contains("Alexander"), "prefilled first name shown");
    assert!(html.contains("Pass verifications"));
    response
}

#[tokio::test]
async fn approved_journey() {
    let app = TestApp::spawn().await;
    let link = location(
        &app.post_signup(&SignupForm::valid("pass@example.com"))
            .await,
    );
    let inquiry_id = query_of(&link)["inquiry-id"].clone();

    let finished = finish_hosted_flow(&app, &link, true).await;
    assert_eq!(finished.status(), StatusCode::SEE_OTHER);
    let back = location(&finished);
    assert!(
        back.starts_with(&app.url("/verification/return?")),
        "{back}"
    );
    let query = query_of(&back);
    assert_eq!(query["inquiry-id"], inquiry_id);
    assert_eq!(query["status"], "completed");

    assert_eq!(
        app.wait_for_status("pass@example.com", "approved")
            .await
            .as_deref(),
        Some("approved")
    );
    let html = app.get(&back).await.text().await.expect("body");
    assert!(
        html.contains("Approved"),
        "return page shows the stored status"
    );
    assert!(
        html.contains("Hi Alexander,"),
        "the walker's own session recognises them"
    );
    let status_page = app.get("/status").await.text().await.expect("body");
    assert!(status_page.contains("Approved"));
    // started, completed, approved (and created) each arrived once, signed.
    let names: Vec<String> = app
        .events_of(&inquiry_id)
        .await
        .into_iter()
        .map(|e| e.name)
        .collect();
    for name in ["inquiry.started", "inquiry.completed", "inquiry.approved"] {
        assert_eq!(
            names.iter().filter(|n| *n == name).count(),
            1,
            "{name} in {names:?}"
        );
    }
}

#[tokio::test]
async fn failed_journey() {
    let app = TestApp::spawn().await;
    let link = location(
        &app.post_signup(&SignupForm::valid("fail@example.com"))
            .await,
    );
    let finished = finish_hosted_flow(&app, &link, false).await;
    assert_eq!(finished.status(), StatusCode::SEE_OTHER);
    let back = location(&finished);
    assert_eq!(query_of(&back)["status"], "failed");
    assert_eq!(
        app.wait_for_status("fail@example.com", "failed")
            .await
            .as_deref(),
        Some("failed")
    );
    let html = html_unescape(&app.get(&back).await.text().await.expect("body"));
    assert!(html.contains("We couldn't verify your identity"));
}

#[tokio::test]
async fn a_stranger_following_the_redirect_sees_the_status_but_no_personal_data() {
    let app = TestApp::spawn().await;
    let link = location(&app.post_signup(&SignupForm::valid("who@example.com")).await);
    let back = location(&finish_hosted_flow(&app, &link, true).await);
    app.wait_for_status("who@example.com", "approved").await;
    let stranger = reqwest::Client::new();
    let html = stranger
        .get(&back)
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    assert!(html.contains("Approved"));
    assert!(!html.contains("Alexander"));
    // A status in the query string is not believed: an unknown inquiry "approved" is unknown.
    let html = stranger
        .get(app.url("/verification/return?inquiry-id=inq_doesnotexist&status=approved"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    let html = html_unescape(&html);
    assert!(html.contains("isn't signed in as a walker"), "{html}");
    assert!(!html.contains("Approved"));
}

#[tokio::test]
async fn an_operators_one_time_link_also_comes_back_to_pawpass() {
    let app = TestApp::spawn().await;
    let link = location(&app.post_signup(&SignupForm::valid("otl@example.com")).await);
    let inquiry = query_of(&link)["inquiry-id"].clone();
    // An operator sends the walker a one-time link from Persona (no redirect of its own in it).
    let answer: serde_json::Value = reqwest::Client::new()
        .post(app.url(&format!(
            "/persona/api/v1/inquiries/{inquiry}/generate-one-time-link"
        )))
        .bearer_auth("persona_sandbox_emulator")
        .json(&serde_json::json!({"meta": {}}))
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("json");
    let one_time = answer["meta"]["one-time-link"]
        .as_str()
        .expect("a one-time link")
        .to_owned();
    assert!(!one_time.contains("redirect-uri"), "{one_time}");
    let finished = app.finish_hosted_flow(&one_time, true).await;
    assert_eq!(finished.status(), StatusCode::SEE_OTHER);
    let back = location(&finished);
    assert!(
        back.starts_with(&format!("{}/verification/return?", app.address)),
        "the inquiry's own redirect-uri brings the walker back: {back}"
    );
}

/// Persona sends the walker back the moment they finish, often before its webhooks have landed.
/// The return page must then wait for them, updating by itself, rather than tell a walker who
/// just finished that they have not started.
#[tokio::test]
async fn a_walker_back_from_persona_before_its_webhooks_sees_the_page_wait_for_them() {
    let app = TestApp::spawn().await;
    let link = location(
        &app.post_signup(&SignupForm::valid("early@example.com"))
            .await,
    );
    let inquiry_id = query_of(&link)["inquiry-id"].clone();
    app.wait_for_quiet_webhooks().await;

    // The walker's own browser comes back before Persona has told PawPass anything more.
    let back = app
        .get(&format!(
            "/verification/return?inquiry-id={inquiry_id}&status=completed"
        ))
        .await
        .text()
        .await
        .expect("body");
    assert!(
        back.contains("Ready to start"),
        "the stored status, not the query's"
    );
    assert!(
        back.contains("http-equiv=\"refresh\""),
        "the return page updates by itself"
    );
    assert!(back.contains("Just finished with Persona?"), "{back}");

    // The status page, visited later, does not reload under a walker about to continue.
    let status = app.get("/status").await.text().await.expect("body");
    assert!(status.contains("Ready to start"));
    assert!(!status.contains("http-equiv=\"refresh\""));
}
