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

/// Leptos walks an app's routes with a flag global to the process that parks any page data
/// first loaded meanwhile; a PawPass starting beside a serving one (as in these tests, or
/// embedded twice) must not leave the serving one's pages unanswered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_answered_while_another_pawpass_starts_in_the_process() {
    let serving = TestApp::spawn_with(|settings| {
        // A parked page then fails in seconds instead of the default half minute.
        settings.http.request_timeout = std::time::Duration::from_secs(5);
    })
    .await;
    let starting = tokio::spawn(async {
        for _ in 0..40 {
            drop(TestApp::spawn().await);
        }
    });
    let mut answered = 0;
    while !starting.is_finished() {
        let response = serving.get("/admin/login").await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "the sign-in page, after {answered} answered"
        );
        answered += 1;
    }
    starting.await.expect("the other PawPasses started");
    assert!(answered > 0);
}
