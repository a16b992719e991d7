//! What someone who can reach an emulator cannot make it do: send webhooks (and their events)
//! to hosts nobody allowed, bounce browsers to another site, or frame its pages.

use persona_emulator::EmulatorOptions;
use reqwest::Method;
use serde_json::json;

use crate::support::{config, create_body, hidden_value, start_with, Emu};

#[tokio::test]
async fn webhooks_reach_only_loopback_or_allowed_hosts() {
    let emu = Emu::start(config()).await;
    for refused in [
        "http://169.254.169.254/latest/meta-data",
        "http://10.1.2.3/internal",
        "https://collector.example.net/steal",
    ] {
        let body = json!({"url": refused, "secrets": ["wbhsec_x"], "enabled_events": ["*"]});
        let reply = emu.control(Method::POST, "/webhooks", Some(&body)).await;
        assert_eq!(reply.status.as_u16(), 400, "{refused}: {}", reply.json);
    }
    let body =
        json!({"url": "http://127.0.0.1:9/hook", "secrets": ["wbhsec_x"], "enabled_events": ["*"]});
    let reply = emu.control(Method::POST, "/webhooks", Some(&body)).await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.json);

    let allowed = start_with(
        config(),
        EmulatorOptions {
            allowed_hosts: vec!["hooks.example.com".into()],
            ..crate::support::options()
        },
    )
    .await;
    let body = json!({"url": "https://hooks.example.com/p", "secrets": ["wbhsec_x"], "enabled_events": ["*"]});
    let reply = allowed
        .control(Method::POST, "/webhooks", Some(&body))
        .await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.json);
}

#[tokio::test]
async fn a_redirect_in_a_link_cannot_send_the_browser_to_another_site() {
    let emu = Emu::start(config()).await;
    let mut body = create_body("usr_FENCE1");
    body["data"]["attributes"]["redirect-uri"] = json!("https://app.example.com/return");
    let id = emu.create(&body).await["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, html) = emu
        .page(&[
            ("inquiry-id", &id),
            ("redirect-uri", "https://evil.example/phish"),
        ])
        .await;
    let token = hidden_value(&html, "session-token");
    let (status, location, _) = emu
        .submit(&[
            ("inquiry-id", id.as_str()),
            ("session-token", token.as_str()),
            ("pass", "on"),
            ("redirect-uri", "https://evil.example/phish"),
        ])
        .await;
    assert_eq!(status.as_u16(), 303);
    let location = location.unwrap_or_default();
    assert!(
        location.starts_with("https://app.example.com/return?"),
        "the inquiry's own redirect, not the link's: {location}"
    );

    // With no redirect of its own, a foreign one in the link gives the "done" page instead.
    let mut body = create_body("usr_FENCE2");
    body["data"]["attributes"]["redirect-uri"] = serde_json::Value::Null;
    let id = emu.create(&body).await["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, html) = emu.page(&[("inquiry-id", &id)]).await;
    let token = hidden_value(&html, "session-token");
    let (status, location, _) = emu
        .submit(&[
            ("inquiry-id", id.as_str()),
            ("session-token", token.as_str()),
            ("pass", "on"),
            ("redirect-uri", "https://evil.example/phish"),
        ])
        .await;
    assert_eq!((status.as_u16(), location), (200, None));
}

#[tokio::test]
async fn pages_and_answers_cannot_be_framed_or_sniffed() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_FENCE3").await;
    for path in [
        format!("/verify?inquiry-id={id}"),
        "/dashboard".to_owned(),
        format!("/_control/inquiries/{id}"),
    ] {
        let reply = emu.get(&path).await;
        assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            reply.header("referrer-policy"),
            Some("no-referrer"),
            "{path}"
        );
        assert_eq!(
            reply.header("cross-origin-opener-policy"),
            Some("same-origin"),
            "{path}"
        );
        assert!(reply.header("permissions-policy").is_some(), "{path}");
        assert!(
            reply
                .header("content-security-policy")
                .is_some_and(|csp| csp.contains("frame-ancestors 'none'")),
            "{path}"
        );
    }
}
