//! A walker's verification is theirs alone: an email typed into the signup form proves
//! nothing, and the way back from another browser is a single-use link sent to that address.
//! Mail goes through a real SMTP server the test starts.

use crate::helpers::{browser, form_inputs, location, query_of, SignupForm, SmtpServer, TestApp};
use reqwest::StatusCode;
use std::time::Duration;

const MAIL_WAIT: Duration = Duration::from_secs(30);

/// A walker who signed up and started Persona's flow in the app's own browser.
async fn walker_in_the_flow(app: &TestApp, email: &str) -> String {
    let link = location(&app.post_signup(&SignupForm::valid(email)).await);
    assert_eq!(app.get(&link).await.status(), StatusCode::OK, "flow opened");
    // Opening the page starts nothing at Persona; beginning the first step does.
    let inquiry = query_of(&link)["inquiry-id"].clone();
    app.simulate(&inquiry, &["start_inquiry"]).await;
    app.wait_for_status(email, "pending").await;
    inquiry
}

async fn post(browser: &reqwest::Client, url: String, form: &[(&str, &str)]) -> reqwest::Response {
    browser.post(url).form(form).send().await.expect("POST")
}

/// A page's status and its `<main>` as a person reads it: entities decoded, and without the
/// markers Leptos leaves between pieces of text (or the per-response nonces around them).
async fn text(browser: &reqwest::Client, url: String) -> (StatusCode, String) {
    let response = browser.get(url).send().await.expect("GET");
    let status = response.status();
    let html = response.text().await.expect("body");
    let main = html
        .split_once("<main")
        .and_then(|(_, rest)| rest.split_once("</main>"))
        .map_or(html.as_str(), |(main, _)| main);
    (
        status,
        crate::helpers::html_unescape(&main.replace("<!>", "")),
    )
}

/// The token in a continue link.
fn token_of(link: &str) -> String {
    link.rsplit('/').next().expect("a token").to_owned()
}

#[tokio::test]
async fn an_email_typed_by_someone_else_opens_nothing_and_mails_the_walker_a_link() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn_with_smtp(&smtp.url()).await;
    let inquiry = walker_in_the_flow(&app, "ada@example.com").await;
    let before = app
        .walker_by_email("ada@example.com")
        .await
        .expect("walker");

    let attacker = browser();
    let mut form = SignupForm::valid("ADA@example.com");
    form.first_name = "Mallory".into();
    let answer = post(&attacker, app.url("/signup"), &form.pairs()).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let next = location(&answer);
    assert_eq!(next, "/status/link-sent?registered=1", "not into Persona");
    let (_, page) = text(&attacker, app.url(&next)).await;
    assert!(page.contains("already registered"), "{page}");
    assert!(page.contains("sent a link to continue"), "{page}");
    assert!(!page.contains("Alexander"), "no data of theirs");

    // The attacker's browser is nobody: no status, no retry, no flow.
    let (_, status) = text(&attacker, app.url("/status")).await;
    assert!(!status.contains("Alexander"), "{status}");
    assert!(status.contains("isn't signed in"), "{status}");
    let retry = post(&attacker, app.url("/verification/retry"), &[]).await;
    assert_eq!(location(&retry), "/signup");
    let resume = attacker
        .get(app.url("/verification/continue"))
        .send()
        .await
        .expect("GET");
    assert_eq!(location(&resume), "/signup");

    // Nothing about the walker changed, at PawPass or at Persona.
    let after = app
        .walker_by_email("ada@example.com")
        .await
        .expect("walker");
    assert_eq!(
        (
            &after.first_name,
            after.updated_at,
            &after.current_inquiry_id
        ),
        (
            &before.first_name,
            before.updated_at,
            &before.current_inquiry_id
        )
    );
    assert_eq!(app.count("inquiries").await, 1);
    assert_eq!(
        app.emulator_inquiries_for(before.id.as_str()).await.len(),
        1
    );
    assert_eq!(app.emulator_status(&inquiry).await, "pending");

    // The walker hears about it, once, however often it is tried.
    let mail = smtp.wait_for("ada@example.com", 1, MAIL_WAIT).await;
    assert_eq!(mail.len(), 1, "the link arrived");
    assert!(mail[0].continue_link().is_some(), "{}", mail[0].text());
    assert!(mail[0].text().contains("Hi Alexander,"));
    assert!(!mail[0].text().contains("Mallory"));
    for _ in 0..3 {
        let again = post(&attacker, app.url("/signup"), &form.pairs()).await;
        assert_eq!(location(&again), "/status/link-sent?registered=1");
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        smtp.wait_for("ada@example.com", 2, Duration::ZERO)
            .await
            .len(),
        1,
        "no flood"
    );
}

#[tokio::test]
async fn a_link_signs_in_a_fresh_browser_once_and_continues_where_the_walker_left_off() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn_with_smtp(&smtp.url()).await;
    let inquiry = walker_in_the_flow(&app, "bo@example.com").await;

    // A new browser, no session: /status offers the link, which goes to the address.
    let fresh = browser();
    let (_, status) = text(&fresh, app.url("/status")).await;
    assert!(status.contains("Email me a link"), "{status}");
    let asked = post(
        &fresh,
        app.url("/continue/request"),
        &[("email", "Bo@Example.com")],
    )
    .await;
    assert_eq!(location(&asked), "/status/link-sent");
    let mail = smtp.wait_for("bo@example.com", 1, MAIL_WAIT).await;
    let link = mail
        .first()
        .and_then(|m| m.continue_link())
        .expect("a link");
    assert!(link.starts_with(&app.address), "{link}");

    // Opening the link only shows a button (a mail scanner following it spends nothing).
    for _ in 0..2 {
        let (status, page) = text(&fresh, link.clone()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Continue my verification"), "{page}");
    }
    let page = fresh
        .get(&link)
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    let inputs = form_inputs(&page);
    let token = inputs
        .iter()
        .find(|(name, _)| name == "token")
        .expect("token field");
    assert_eq!(token.1, token_of(&link));

    let used = post(&fresh, app.url("/continue"), &[("token", &token.1)]).await;
    assert_eq!(used.status(), StatusCode::SEE_OTHER);
    let flow = location(&used);
    assert_eq!(query_of(&flow)["inquiry-id"], inquiry, "the same inquiry");
    assert!(
        query_of(&flow).contains_key("session-token"),
        "resumed: {flow}"
    );
    let (_, status) = text(&fresh, app.url("/status")).await;
    assert!(
        status.contains("Hi Alexander,"),
        "signed in as the walker: {status}"
    );
    assert_eq!(app.count("inquiries").await, 1, "no duplicate");

    // Single use: the same link again, in any browser, opens nothing.
    let other = browser();
    let again = post(&other, app.url("/continue"), &[("token", &token.1)]).await;
    assert_eq!(location(&again), "/continue/invalid");
    let (status, page) = text(&other, link.clone()).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("no longer works"), "{page}");
    assert!(page.contains("Send me a new link"), "{page}");
    let (_, status) = text(&other, app.url("/status")).await;
    assert!(!status.contains("Alexander"));
}

#[tokio::test]
async fn unknown_addresses_get_the_same_answer_and_no_mail() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn_with_smtp(&smtp.url()).await;
    walker_in_the_flow(&app, "known@example.com").await;
    let fresh = browser();
    let unknown = post(
        &fresh,
        app.url("/continue/request"),
        &[("email", "nobody@example.com")],
    )
    .await;
    let known = post(
        &fresh,
        app.url("/continue/request"),
        &[("email", "known@example.com")],
    )
    .await;
    assert_eq!(unknown.status(), known.status());
    assert_eq!(location(&unknown), location(&known));
    let (_, unknown_page) = text(&fresh, app.url(&location(&unknown))).await;
    let (_, known_page) = text(&fresh, app.url(&location(&known))).await;
    assert_eq!(unknown_page, known_page);

    assert_eq!(
        smtp.wait_for("known@example.com", 1, MAIL_WAIT).await.len(),
        1
    );
    assert_eq!(smtp.received().len(), 1, "nothing to the unknown address");

    let bad = post(
        &fresh,
        app.url("/continue/request"),
        &[("email", "not-an-address")],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn expired_links_and_links_of_erased_walkers_open_nothing() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn_with_smtp(&smtp.url()).await;
    walker_in_the_flow(&app, "cy@example.com").await;
    let fresh = browser();
    post(
        &fresh,
        app.url("/continue/request"),
        &[("email", "cy@example.com")],
    )
    .await;
    let first = smtp.wait_for("cy@example.com", 1, MAIL_WAIT).await[0]
        .continue_link()
        .expect("a link");

    // 31 minutes later (the clock is the token's expiry, moved back).
    sqlx::query("UPDATE continue_tokens SET expires_at = expires_at - 31 * 60 * 1000")
        .execute(&app.pool)
        .await
        .expect("aging the link");
    let (status, page) = text(&fresh, first.clone()).await;
    assert_eq!(status, StatusCode::GONE, "{page}");
    let used = post(
        &fresh,
        app.url("/continue"),
        &[("token", &token_of(&first))],
    )
    .await;
    assert_eq!(location(&used), "/continue/invalid");

    // A fresh link, then erasure: the link dies with the walker's data.
    sqlx::query("UPDATE mails SET created_at = created_at - 10 * 60 * 1000")
        .execute(&app.pool)
        .await
        .expect("letting the quiet window pass");
    post(
        &fresh,
        app.url("/continue/request"),
        &[("email", "cy@example.com")],
    )
    .await;
    let second = smtp.wait_for("cy@example.com", 2, MAIL_WAIT).await[1]
        .continue_link()
        .expect("a second link");
    let walker = app.walker_by_email("cy@example.com").await.expect("walker");
    app.store
        .walkers()
        .request_erasure(&walker.id)
        .await
        .expect("erasure requested");
    let (status, _) = text(&fresh, second.clone()).await;
    assert_eq!(
        status,
        StatusCode::GONE,
        "dead as soon as erasure is asked for"
    );
    app.onboarding.wake_worker();
    for _ in 0..200 {
        let erased = app.store.walkers().by_id(&walker.id).await.expect("walker");
        if erased.is_some_and(|w| w.erased_at.is_some()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let used = post(
        &fresh,
        app.url("/continue"),
        &[("token", &token_of(&second))],
    )
    .await;
    assert_eq!(location(&used), "/continue/invalid");
    let tokens: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM continue_tokens")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(tokens, 0, "erasure removes the walker's links");
    // And the address is no longer anyone's: asking for it sends nothing.
    post(
        &fresh,
        app.url("/continue/request"),
        &[("email", "cy@example.com")],
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(smtp.received().len(), 2);
}

#[tokio::test]
async fn the_development_outbox_exists_only_without_smtp() {
    let outbox = TestApp::spawn().await;
    outbox
        .post_signup(&SignupForm::valid("gus@example.com"))
        .await;
    let fresh = browser();
    post(
        &fresh,
        outbox.url("/signup"),
        &SignupForm::valid("gus@example.com").pairs(),
    )
    .await;
    let mut page = String::new();
    for _ in 0..100 {
        page = text(&fresh, outbox.url("/dev/mail")).await.1;
        if page.contains("Your link to continue") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(page.contains("To gus@example.com"), "{page}");
    assert!(
        page.contains("/continue/"),
        "the link is there to click: {page}"
    );

    let smtp = SmtpServer::start();
    let with_smtp = TestApp::spawn_with_smtp(&smtp.url()).await;
    let (status, _) = text(&fresh, with_smtp.url("/dev/mail")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
