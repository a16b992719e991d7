//! Returning walkers continue; the policy in `domain::policy` decides what each status allows.

use crate::helpers::{location, query_of, SignupForm, TestApp};
use pawpass::server::client_addr::TrustedProxies;
use reqwest::StatusCode;

#[tokio::test]
async fn a_failed_walker_may_start_a_new_attempt() {
    let app = TestApp::spawn().await;
    let link = location(
        &app.post_signup(&SignupForm::valid("retry@example.com"))
            .await,
    );
    app.finish_hosted_flow(&link, false).await;
    app.wait_for_status("retry@example.com", "failed").await;
    let page = app.get("/status").await.text().await.expect("body");
    assert!(page.contains("Try again"), "a new attempt is offered");

    let retry = app.post_form("/verification/retry", &[]).await;
    assert_eq!(retry.status(), StatusCode::SEE_OTHER);
    let new_link = location(&retry);
    assert_ne!(
        query_of(&new_link)["inquiry-id"],
        query_of(&link)["inquiry-id"]
    );
    assert_eq!(
        app.status_of("retry@example.com").await.as_deref(),
        Some("created")
    );
}

#[tokio::test]
async fn concurrent_retries_start_exactly_one_new_attempt() {
    let app = TestApp::spawn().await;
    let link = location(
        &app.post_signup(&SignupForm::valid("twice@example.com"))
            .await,
    );
    app.finish_hosted_flow(&link, false).await;
    app.wait_for_status("twice@example.com", "failed").await;

    // A double click, a retried request, several tabs: all at once.
    let retries = (0..8).map(|_| app.post_form("/verification/retry", &[]));
    let answers = futures_util::future::join_all(retries).await;
    for answer in &answers {
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    }
    assert_eq!(
        app.count("inquiries").await,
        2,
        "one new attempt, not eight"
    );
    let walker = app
        .walker_by_email("twice@example.com")
        .await
        .expect("walker");
    assert_eq!(
        app.emulator_inquiries_for(walker.id.as_str()).await.len(),
        2,
        "Persona was asked once"
    );
}

#[tokio::test]
async fn a_continue_another_site_starts_calls_nobody() {
    let app = TestApp::spawn().await;
    let link = location(&app.post_signup(&SignupForm::valid("far@example.com")).await);
    let inquiry = query_of(&link)["inquiry-id"].clone();
    assert_eq!(app.get(&link).await.status(), StatusCode::OK, "started");
    app.advance_emulator_clock(std::time::Duration::from_secs(25 * 3600))
        .await;
    app.wait_for_status("far@example.com", "expired").await;

    // An image or link on another site, riding the walker's cookie.
    let forged = app
        .client
        .get(app.url("/verification/continue"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("GET");
    assert_eq!(location(&forged), "/status");
    assert_eq!(
        app.emulator_status(&inquiry).await,
        "expired",
        "not resumed"
    );

    // The walker's own click on the status page does resume it.
    let page = app.get("/status").await.text().await.expect("body");
    assert!(
        page.contains(r#"<form method="post" action="/verification/continue">"#),
        "{page}"
    );
    let own = app.post_form("/verification/continue", &[]).await;
    assert!(query_of(&location(&own)).contains_key("session-token"));
    assert_eq!(app.emulator_status(&inquiry).await, "pending");
}

#[tokio::test]
async fn continuing_is_rate_limited_per_client() {
    let app = TestApp::spawn_with(|s| s.continue_rate_limit_per_minute = 3).await;
    location(
        &app.post_signup(&SignupForm::valid("often@example.com"))
            .await,
    );
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(app.get("/verification/continue").await.status());
    }
    assert_eq!(statuses[..3], [StatusCode::SEE_OTHER; 3]);
    assert_eq!(statuses[3], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_declined_walker_gets_an_explanation_and_no_new_attempt() {
    let app = TestApp::spawn().await;
    let link = location(&app.post_signup(&SignupForm::valid("no@example.com")).await);
    let inquiry_id = query_of(&link)["inquiry-id"].clone();
    app.simulate(
        &inquiry_id,
        &["start_inquiry", "complete_inquiry", "decline_inquiry"],
    )
    .await;
    app.wait_for_status("no@example.com", "declined").await;

    let page = app.get("/status").await.text().await.expect("body");
    assert!(page.contains("declined"));
    assert!(!page.contains("Try again"));
    let retry = app.post_form("/verification/retry", &[]).await;
    assert_eq!(location(&retry), "/status");
    assert_eq!(app.count("inquiries").await, 1, "no second inquiry");
    // Signing up again shows the status, not a flow.
    let again = app.post_signup(&SignupForm::valid("no@example.com")).await;
    assert_eq!(location(&again), "/status");
}

#[tokio::test]
async fn a_walker_under_review_is_told_so_instead_of_reentering_the_flow() {
    let app = TestApp::spawn().await;
    let link = location(
        &app.post_signup(&SignupForm::valid("wait@example.com"))
            .await,
    );
    let inquiry_id = query_of(&link)["inquiry-id"].clone();
    app.simulate(
        &inquiry_id,
        // The built-in template approves on completion, so review follows a failed attempt.
        &["start_inquiry", "fail_inquiry", "mark_for_review_inquiry"],
    )
    .await;
    app.wait_for_status("wait@example.com", "needs_review")
        .await;
    let again = app
        .post_signup(&SignupForm::valid("wait@example.com"))
        .await;
    assert_eq!(location(&again), "/status");
    let page = app.get("/status").await.text().await.expect("body");
    assert!(page.contains("reviewing"));
}

#[tokio::test]
async fn signups_are_rate_limited_per_address() {
    let app = TestApp::spawn_with(|s| s.signup_rate_limit_per_minute = 3).await;
    for n in 0..3 {
        let response = app
            .post_signup(&SignupForm::valid(&format!("r{n}@example.com")))
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let limited = app.post_signup(&SignupForm::valid("r9@example.com")).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key("retry-after"));
    assert!(limited
        .text()
        .await
        .expect("body")
        .contains("Too many attempts"));
    assert_eq!(app.count("walkers").await, 3);
    // Reading the form is never limited.
    assert_eq!(app.get("/signup").await.status(), StatusCode::OK);
}

/// Behind a reverse proxy every request comes from the proxy; with `TRUSTED_PROXIES` each
/// client is limited on its own address, and a forged `X-Forwarded-For` entry does not help.
#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let app = TestApp::spawn_with(|s| {
        s.signup_rate_limit_per_minute = 2;
        s.trusted_proxies = TrustedProxies::parse("127.0.0.1/32").expect("a CIDR");
    })
    .await;
    let signup_from = |client: &'static str, n: usize| {
        let form = SignupForm::valid(&format!("proxy{n}@example.com"));
        let url = app.url("/signup");
        let request = app
            .client
            .post(url)
            .header("x-forwarded-for", client)
            .form(&form.pairs());
        async move { request.send().await.expect("POST").status() }
    };
    assert_eq!(signup_from("203.0.113.1", 0).await, StatusCode::SEE_OTHER);
    assert_eq!(signup_from("203.0.113.1", 1).await, StatusCode::SEE_OTHER);
    assert_eq!(
        signup_from("203.0.113.1", 2).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another walker behind the same proxy is not blocked by the first one.
    assert_eq!(signup_from("203.0.113.2", 3).await, StatusCode::SEE_OTHER);
    // Forging an address to the left of the real one changes nothing.
    assert_eq!(
        signup_from("198.51.100.7, 203.0.113.1", 4).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let huge = "x".repeat(300 * 1024);
    let response = app
        .post_form("/signup", &[("first_name", huge.as_str())])
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Webhooks may be bigger (1 MiB), but not without bound.
    let huge = "x".repeat(1100 * 1024);
    let webhook = app.post_webhook(&huge, None).await;
    assert_eq!(webhook.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
