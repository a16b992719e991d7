//! Walkers hear what happened: one message per outcome per inquiry, queued by the transaction
//! that applies it, sent through a real SMTP server, kept while SMTP is down.

use crate::helpers::{
    browser, location, query_of, SignupForm, SmtpServer, TestApp, WEBHOOK_SECRET,
};
use persona::signature;
use reqwest::StatusCode;
use std::time::Duration;

const MAIL_WAIT: Duration = Duration::from_secs(60);

/// A signed `inquiry.<status>` event about `inquiry_id`, stamped `created_at`.
fn signed_event(id: &str, inquiry_id: &str, status: &str, created_at: &str) -> (String, String) {
    let body = serde_json::json!({"data": {"type": "event", "id": id, "attributes": {
        "name": format!("inquiry.{status}"),
        "payload": {"data": {"type": "inquiry", "id": inquiry_id,
            "attributes": {"status": status, "reference-id": null}}, "included": []},
        "created-at": created_at,
    }}})
    .to_string();
    let header = signature::header_value(
        &[WEBHOOK_SECRET],
        chrono::Utc::now().timestamp(),
        body.as_bytes(),
    );
    (body, header)
}

#[tokio::test]
async fn each_outcome_is_mailed_once_however_often_persona_repeats_it() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn_with_smtp(&smtp.url()).await;
    let link = location(&app.post_signup(&SignupForm::valid("dee@example.com")).await);
    let inquiry = query_of(&link)["inquiry-id"].clone();
    app.simulate(&inquiry, &["start_inquiry", "complete_inquiry"])
        .await;
    app.wait_for_status("dee@example.com", "approved").await;
    let mail = smtp.wait_for("dee@example.com", 1, MAIL_WAIT).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(
        mail[0].subject().as_deref(),
        Some("You're verified: welcome to PawPass")
    );
    assert!(
        mail[0].text().contains("start accepting walks"),
        "{}",
        mail[0].text()
    );

    // Persona repeats itself: the same event again, another approval later, a stale one, and
    // reconciliation reading the status back.
    for (id, status, at) in [
        ("evt_again1", "approved", "2099-01-01T00:00:00.000Z"),
        ("evt_again1", "approved", "2099-01-01T00:00:00.000Z"),
        ("evt_stale1", "completed", "2000-01-01T00:00:00.000Z"),
    ] {
        let (body, header) = signed_event(id, &inquiry, status, at);
        let answer = app.post_webhook(&body, Some(header)).await;
        assert_eq!(answer.status(), StatusCode::OK);
    }
    app.reconcile().await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(smtp.received().len(), 1, "one message per outcome");

    // Operators see it on the walker's page, with its state.
    app.add_operator("ops", "a long enough password").await;
    app.login("ops", "a long enough password").await;
    let walker = app
        .walker_by_email("dee@example.com")
        .await
        .expect("walker");
    let page = app
        .page_text(&format!("/admin/walkers/{}", walker.id))
        .await;
    let messages = page.split("Messages").nth(1).expect("a Messages section");
    assert!(
        messages.contains("approved") && messages.contains("sent"),
        "{messages}"
    );

    // The trigger names the message as `MailId::generate` does: its time first, so new rows go
    // to the end of the outbox's index (issue 18).
    let queued = app
        .store
        .mails()
        .for_walker(&walker.id)
        .await
        .expect("the walker's mail");
    let [mail] = queued.as_slice() else {
        panic!("one message: {queued:?}")
    };
    let stamp = &mail.id.as_str()["mail_".len()..][..12];
    assert_eq!(
        i64::from_str_radix(stamp, 16).expect("hex milliseconds"),
        mail.created_at,
        "{}",
        mail.id
    );
}

#[tokio::test]
async fn a_failed_check_mails_a_link_back_to_a_new_attempt() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn_with_smtp(&smtp.url()).await;
    let link = location(&app.post_signup(&SignupForm::valid("eve@example.com")).await);
    app.finish_hosted_flow(&link, false).await;
    app.wait_for_status("eve@example.com", "failed").await;
    let mail = smtp.wait_for("eve@example.com", 1, MAIL_WAIT).await;
    let continue_link = mail
        .first()
        .and_then(|m| m.continue_link())
        .expect("a link");

    let phone = browser();
    let token = continue_link.rsplit('/').next().expect("token");
    let used = phone
        .post(app.url("/continue"))
        .form(&[("token", token)])
        .send()
        .await
        .expect("POST");
    assert_eq!(
        location(&used),
        "/status",
        "a failed check shows its status"
    );
    let page = phone
        .get(app.url("/status"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    assert!(page.contains("Try again"), "{page}");
    let retry = phone
        .post(app.url("/verification/retry"))
        .send()
        .await
        .expect("POST");
    assert!(location(&retry).contains("inquiry-id="), "a new attempt");
    assert_eq!(app.count("inquiries").await, 2);
}

#[tokio::test]
async fn mail_smtp_cannot_take_is_kept_and_sent_when_it_is_back() {
    let port = SmtpServer::unused_port();
    let app = TestApp::spawn_with_smtp(&format!("smtp://127.0.0.1:{port}")).await;
    app.post_signup(&SignupForm::valid("fay@example.com")).await;
    let asked = browser()
        .post(app.url("/continue/request"))
        .form(&[("email", "fay@example.com")])
        .send()
        .await
        .expect("POST");
    assert_eq!(
        location(&asked),
        "/status/link-sent",
        "the walker is told it is on its way"
    );

    // SMTP is down: the message stays queued and its job records why.
    let walker = app
        .walker_by_email("fay@example.com")
        .await
        .expect("walker");
    let mut failed = None;
    for _ in 0..100 {
        let mails = app
            .store
            .mails()
            .for_walker(&walker.id)
            .await
            .expect("mails");
        if mails.first().is_some_and(|m| m.last_error.is_some()) {
            failed = mails.into_iter().next();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let failed = failed.expect("a failed attempt recorded");
    assert_eq!(failed.state.as_str(), "queued");

    // SMTP comes back: the retry delivers it, once.
    let smtp = SmtpServer::start_on(port);
    let mail = smtp.wait_for("fay@example.com", 1, MAIL_WAIT).await;
    assert_eq!(mail.len(), 1, "sent after SMTP came back");
    assert!(mail[0].continue_link().is_some());
    // The server received it a moment before PawPass records it as sent.
    let mut state = String::new();
    for _ in 0..100 {
        let mails = app
            .store
            .mails()
            .for_walker(&walker.id)
            .await
            .expect("mails");
        state = mails[0].state.as_str().to_owned();
        if state == "sent" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(state, "sent");
}

#[tokio::test]
async fn two_instances_send_each_message_once() {
    let smtp = SmtpServer::start();
    let a = TestApp::spawn_with_smtp(&smtp.url()).await;
    let url = smtp.url();
    let b = TestApp::spawn_on_with(&a.database_url, move |s| s.mail.smtp_url = Some(url)).await;
    let addresses: Vec<String> = (0..16).map(|n| format!("both{n}@example.com")).collect();
    for address in &addresses {
        a.store_signup_without_running(address).await;
    }
    // Links asked for through both instances; both job workers race for every message.
    for (n, address) in addresses.iter().enumerate() {
        let app = if n % 2 == 0 { &a } else { &b };
        let asked = browser()
            .post(app.url("/continue/request"))
            .form(&[("email", address.as_str())])
            .send()
            .await
            .expect("POST");
        assert_eq!(location(&asked), "/status/link-sent");
    }
    let deadline = tokio::time::Instant::now() + MAIL_WAIT;
    while smtp.received().len() < addresses.len() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let received = smtp.received();
    for address in &addresses {
        let to_it = received.iter().filter(|m| m.to.contains(address)).count();
        assert_eq!(to_it, 1, "{address}");
    }
    assert_eq!(received.len(), addresses.len());
    drop(b);
}

#[tokio::test]
async fn every_status_a_walker_hears_about_queues_its_message_and_the_rest_none() {
    use pawpass::domain::status::StatusChange;
    use pawpass::domain::VerificationStatus;
    let app = TestApp::spawn().await;
    let cases = [
        ("completed", None),
        ("needs_review", Some("in_review")),
        ("approved", Some("approved")),
        ("declined", Some("declined")),
        ("failed", Some("failed")),
        ("expired", Some("expired")),
    ];
    let mut applied = Vec::new();
    for (n, (status, expected)) in cases.iter().enumerate() {
        let email = format!("each{n}@example.com");
        let link = location(&app.post_signup(&SignupForm::valid(&email)).await);
        let inquiry = crate::helpers::inquiry_id(&query_of(&link)["inquiry-id"]);
        // The path an operator's confirmed decision takes; webhooks and reads use the same write.
        let change = StatusChange {
            status: VerificationStatus::parse(status),
            at_ms: chrono::Utc::now().timestamp_millis() + 60_000,
        };
        assert!(app
            .store
            .inquiries()
            .apply_change(&inquiry, &change)
            .await
            .expect("applied"));
        let walker = app.walker_by_email(&email).await.expect("walker");
        applied.push((walker.id, *status, *expected));
    }
    // The job worker queues each outcome's message within a second of the change; the status
    // that sends none is read once the others' messages are there.
    applied.sort_by_key(|(_, _, expected)| expected.is_none());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    for (walker_id, status, expected) in &applied {
        let kinds = loop {
            let kinds: Vec<String> = app
                .store
                .mails()
                .for_walker(walker_id)
                .await
                .expect("mails")
                .iter()
                .map(|m| m.kind.as_str().to_owned())
                .collect();
            if expected.is_none() || !kinds.is_empty() || tokio::time::Instant::now() > deadline {
                break kinds;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let expected: Vec<String> = expected.iter().map(|k| (*k).to_owned()).collect();
        assert_eq!(kinds, expected, "{status}");
    }
}
