//! The `persona-emulator` binary driven as any Persona integration would drive Persona: no
//! PawPass and no emulator internals, only HTTP. It creates an inquiry, walks the Hosted Flow
//! as a browser does (a page, then a form post), and receives the signed webhooks, checking the
//! signature with HMAC code of its own.

use std::net::TcpListener as StdListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

const API_KEY: &str = "persona_sandbox_emulator";
const TEMPLATE_ID: &str = "itmpl_emulator_kyc";
const SECRET: &str = "wbhsec_journey-receiver";

/// Stops the emulator process when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = StdListener::bind("127.0.0.1:0").expect("bind a probe port");
    listener.local_addr().expect("probe address").port()
}

type Received = Arc<Mutex<Vec<(HeaderMap, Bytes)>>>;

/// The integration's webhook endpoint: records every delivery and answers 200.
async fn receiver() -> (String, Received) {
    let received: Received = Arc::default();
    let log = received.clone();
    let handler = move |headers: HeaderMap, body: Bytes| {
        let log = log.clone();
        async move {
            log.lock().expect("receiver log").push((headers, body));
            axum::http::StatusCode::OK
        }
    };
    let app = axum::Router::new().route("/persona-hooks", axum::routing::post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the receiver");
    let url = format!(
        "http://{}/persona-hooks",
        listener.local_addr().expect("addr")
    );
    tokio::spawn(async move { axum::serve(listener, app).await.expect("receiver serves") });
    (url, received)
}

/// Starts the binary on a free port and waits until its API answers.
async fn start(http: &reqwest::Client) -> (Running, String) {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_persona-emulator"))
        .args(["--addr", &format!("127.0.0.1:{port}"), "--webhook-url", ""])
        .env("PERSONA_WEBHOOK_SECRETS", "wbhsec_unused-default")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("the persona-emulator binary starts");
    let running = Running(child);
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..200 {
        let probe = http
            .get(format!("{base}/api/v1/inquiries"))
            .bearer_auth(API_KEY)
            .send()
            .await;
        if probe.is_ok_and(|r| r.status().is_success()) {
            return (running, base);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("persona-emulator did not answer on {base}");
}

/// The `value` of the hidden input `name` in a Hosted Flow page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("hidden input") + marker.len();
    html[start..]
        .split('"')
        .next()
        .expect("closing quote")
        .to_owned()
}

/// Checks `Persona-Signature` the way Persona documents it, independently of the emulator.
fn signature_is_valid(header: &str, body: &[u8], secret: &str) -> bool {
    header.split(' ').any(|group| {
        let mut t = None;
        let mut v1s = Vec::new();
        for pair in group.split(',') {
            match pair.split_once('=') {
                Some(("t", value)) => t = Some(value),
                Some(("v1", value)) => v1s.push(value),
                _ => {}
            }
        }
        let Some(t) = t else { return false };
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
        mac.update(t.as_bytes());
        mac.update(b".");
        mac.update(body);
        let expected = hex::encode(mac.finalize().into_bytes());
        let fresh = t
            .parse::<i64>()
            .is_ok_and(|t| (chrono::Utc::now().timestamp() - t).abs() < 300);
        fresh && v1s.contains(&expected.as_str())
    })
}

#[tokio::test]
async fn an_integration_verifies_a_user_and_receives_signed_webhooks() {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let (_emulator, base) = start(&http).await;
    let (hook_url, received) = receiver().await;

    // Register the endpoint the way the README tells integrations to.
    let registered = http
        .post(format!("{base}/_control/webhooks"))
        .json(&json!({"url": hook_url, "secrets": [SECRET]}))
        .send()
        .await
        .expect("register the webhook");
    assert_eq!(registered.status(), 201);

    // Create an inquiry as a backend would.
    let created = http
        .post(format!("{base}/api/v1/inquiries"))
        .bearer_auth(API_KEY)
        .header("Persona-Version", "2025-12-08")
        .json(&json!({"data": {"attributes": {
            "inquiry-template-id": TEMPLATE_ID,
            "reference-id": "walker-42",
            "redirect-uri": "https://client.example/verified",
            "fields": {"name_first": "Ada", "name_last": "Lovelace"},
        }}}))
        .send()
        .await
        .expect("create");
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.expect("JSON");
    let id = created["data"]["id"]
        .as_str()
        .expect("inquiry id")
        .to_owned();
    assert_eq!(created["data"]["attributes"]["status"], "created");

    // The user's browser opens the Hosted Flow, then submits its form.
    let page = http
        .get(format!("{base}/verify"))
        .query(&[("inquiry-id", id.as_str())])
        .send()
        .await
        .expect("open the flow");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("HTML");
    let token = hidden(&html, "session-token");
    let submitted = http
        .post(format!("{base}/verify"))
        .form(&[
            ("inquiry-id", id.as_str()),
            ("session-token", token.as_str()),
            ("name_first", "Ada"),
            ("name_last", "Lovelace"),
            ("birthdate", "1815-12-10"),
            ("pass", "on"),
        ])
        .send()
        .await
        .expect("submit the flow");
    assert_eq!(submitted.status(), 303);
    let location = submitted.headers()["location"].to_str().expect("ASCII");
    assert_eq!(
        location,
        format!(
            "https://client.example/verified?inquiry-id={id}&reference-id=walker-42&status=completed"
        )
    );

    // Signed webhooks arrive: created, started (and the Hosted Flow's session started),
    // completed, then approved by the KYC workflow.
    let mut deliveries = Vec::new();
    for _ in 0..200 {
        deliveries = received.lock().expect("receiver log").clone();
        if deliveries.len() >= 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut names = Vec::new();
    for (headers, body) in &deliveries {
        let header = headers["persona-signature"].to_str().expect("ASCII header");
        assert!(
            signature_is_valid(header, body, SECRET),
            "bad signature {header}"
        );
        assert!(!signature_is_valid(header, body, "wbhsec_someone-else"));
        assert_eq!(headers["persona-webhook-attempts-made"], "1");
        let event: Value = serde_json::from_slice(body).expect("JSON body");
        let object = &event["data"]["attributes"]["payload"]["data"];
        let inquiry_id = match object["type"].as_str() {
            Some("inquiry-session") => &object["relationships"]["inquiry"]["data"]["id"],
            _ => &object["id"],
        };
        assert_eq!(inquiry_id, id.as_str());
        names.push(
            event["data"]["attributes"]["name"]
                .as_str()
                .expect("name")
                .to_owned(),
        );
    }
    names.sort();
    assert_eq!(
        names,
        [
            "inquiry-session.started",
            "inquiry.approved",
            "inquiry.completed",
            "inquiry.created",
            "inquiry.started"
        ]
    );

    // The API agrees with the webhooks.
    let inquiry: Value = http
        .get(format!("{base}/api/v1/inquiries/{id}"))
        .bearer_auth(API_KEY)
        .send()
        .await
        .expect("retrieve")
        .json()
        .await
        .expect("JSON");
    assert_eq!(inquiry["data"]["attributes"]["status"], "approved");
    assert_eq!(
        inquiry["data"]["attributes"]["fields"]["birthdate"]["value"],
        "1815-12-10"
    );
}
