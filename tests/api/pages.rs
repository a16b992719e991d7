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

/// A phone on a slow connection downloads the islands' files compressed; pages, which carry form
/// tokens beside text others may choose, are sent as they are (no length to read them by).
#[tokio::test]
async fn static_files_are_compressed_and_pages_are_not() {
    assert!(
        std::path::Path::new("target/site/pkg/pawpass.css").exists(),
        "scripts/build.sh writes the site first (the README's test command runs it)"
    );
    let app = TestApp::spawn().await;
    let fetch = |path: &'static str| {
        let request = app.client.get(app.url(path));
        request.header("accept-encoding", "br, gzip").send()
    };
    let css = fetch("/pkg/pawpass.css").await.expect("GET");
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(css.headers()["content-encoding"], "br");
    let page = fetch("/signup").await.expect("GET");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers().get("content-encoding").is_none());
}
