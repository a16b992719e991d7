//! Pages every visitor can reach.

use crate::helpers::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn an_unknown_page_is_a_404_whose_scripts_carry_the_policy_nonce() {
    let app = TestApp::spawn().await;
    let response = app.get("/no-such-page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let html = response.text().await.expect("body");
    assert!(html.contains("We couldn't find that page") || html.contains("We couldn&#x27;t find"));
    let nonce = html
        .split("nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an inline script with a nonce");
    assert!(policy.contains(&format!("'nonce-{nonce}'")), "{policy}");
}
