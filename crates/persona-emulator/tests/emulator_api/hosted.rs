//! `/verify`: the Hosted Flow, driven like a browser without JavaScript.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::support::{config, create_body, hidden_value, Emu};

async fn created(emu: &Emu, redirect_uri: Option<&str>) -> String {
    let mut body = create_body("usr_ABC123");
    body["data"]["attributes"]["redirect-uri"] = redirect_uri.map_or(Value::Null, Value::from);
    emu.create(&body).await["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn query_pairs(location: &str) -> Vec<(String, String)> {
    url::Url::parse(location)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

#[tokio::test]
async fn passing_the_flow_redirects_and_the_workflow_approves() {
    let emu = Emu::start_at("/persona", config()).await;
    let id = created(
        &emu,
        Some("https://app.example.com/signup/return?step=identity&x=a%26b"),
    )
    .await;

    let (status, html) = emu.page(&[("inquiry-id", &id)]).await;
    assert_eq!(status, StatusCode::OK);
    for needle in [
        "<meta name=\"viewport\"",
        "Sandbox: no real verification is performed",
        "<label for=\"f-name_first\">First name</label>",
        "<label for=\"f-name_last\">Last name</label>",
        "<label for=\"f-birthdate\">Birthdate</label>",
        "<label for=\"f-email_address\">Email address</label>",
        "<label for=\"f-phone_number\">Phone number</label>",
        "name=\"pass\" value=\"on\" checked",
        "<label for=\"pass\">Pass verifications</label>",
        "value=\"Alexander\"",
        "value=\"1977-08-31\"",
        "<form method=\"post\">",
        "<style>",
    ] {
        assert!(html.contains(needle), "missing {needle:?} in {html}");
    }
    assert!(
        !html.contains("<script"),
        "the flow must work without JavaScript"
    );
    assert_eq!(hidden_value(&html, "inquiry-id"), id);
    let token = hidden_value(&html, "session-token");
    // Opening shows the page; the submission starts the inquiry (see `hosted_start.rs`).
    let inquiry = emu.inquiry(&id).await;
    assert_eq!(inquiry["data"]["attributes"]["status"], "created");
    assert_eq!(inquiry["data"]["attributes"]["started-at"], Value::Null);

    // A new tab with only the inquiry id: a `created` inquiry opens on a session of its own.
    let (status, html) = emu.page(&[("inquiry-id", &id)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(hidden_value(&html, "session-token"), token);

    // A fresh token from resume reopens the flow.
    let resumed = emu
        .post(&format!("/api/v1/inquiries/{id}/resume"), &json!({}))
        .await;
    let resumed_token = resumed.json["meta"]["session-token"].as_str().unwrap();
    let (status, html) = emu
        .page(&[("inquiry-id", &id), ("session-token", resumed_token)])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(hidden_value(&html, "session-token"), resumed_token);

    let redirect = hidden_value(&html, "redirect-uri").replace("&amp;", "&");
    let form = [
        ("inquiry-id", id.as_str()),
        ("session-token", token.as_str()),
        ("redirect-uri", redirect.as_str()),
        ("name_first", "Alex"),
        ("name_last", "Sample"),
        ("birthdate", "1977-08-31"),
        ("email_address", "alex@example.com"),
        ("phone_number", "+14155550123"),
        ("pass", "on"),
    ];
    let (status, location, _) = emu.submit(&form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = location.unwrap();
    assert!(
        location.starts_with("https://app.example.com/signup/return?"),
        "{location}"
    );
    let pairs = query_pairs(&location);
    let expected: Vec<(String, String)> = [
        ("step", "identity"),
        ("x", "a&b"),
        ("inquiry-id", id.as_str()),
        ("reference-id", "usr_ABC123"),
        ("status", "completed"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(pairs, expected);

    let done = &emu.inquiry(&id).await["data"];
    let attributes = &done["attributes"];
    assert_eq!(attributes["status"], "approved");
    assert!(attributes["completed-at"].is_string() && attributes["decisioned-at"].is_string());
    assert_eq!(attributes["expires-at"], Value::Null);
    assert_eq!(attributes["fields"]["name_first"]["value"], "Alex");
    assert_eq!(
        attributes["fields"]["phone_number"]["value"],
        "+14155550123"
    );
    assert_eq!(
        done["relationships"]["reviewer"]["data"]["type"],
        "workflow-run"
    );
    assert!(done["relationships"]["reviewer"]["data"]["id"]
        .as_str()
        .unwrap()
        .starts_with("wfr_"));

    let (status, html) = emu
        .page(&[("inquiry-id", &id), ("session-token", resumed_token)])
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("This verification is already finished"));
}

#[tokio::test]
async fn submitting_without_pass_fails_the_inquiry() {
    let emu = Emu::start(config()).await;
    let id = created(&emu, Some("https://app.example.com/return")).await;
    let (_, html) = emu.page(&[("inquiry-id", &id)]).await;
    let token = hidden_value(&html, "session-token");
    let form = [
        ("inquiry-id", id.as_str()),
        ("session-token", token.as_str()),
        ("redirect-uri", "https://app.example.com/return"),
    ];
    let (status, location, _) = emu.submit(&form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let pairs = query_pairs(&location.unwrap());
    assert!(pairs.contains(&("status".to_owned(), "failed".to_owned())));
    let attributes = &emu.inquiry(&id).await["data"]["attributes"];
    assert_eq!(attributes["status"], "failed");
    assert!(attributes["failed-at"].is_string());
    assert_eq!(attributes["decisioned-at"], Value::Null);
}

#[tokio::test]
async fn the_flow_refuses_bad_tokens_unknown_inquiries_and_escapes_values() {
    let emu = Emu::start(config()).await;
    let mut body = create_body("usr_1");
    body["data"]["attributes"]["fields"]["name_first"] = json!("<script>alert(\"x\")</script>");
    body["data"]["attributes"]["redirect-uri"] = Value::Null;
    let id = emu.create(&body).await["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let (_, html) = emu.page(&[("inquiry-id", &id)]).await;
    assert!(!html.contains("<script>"));
    assert!(
        html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"),
        "{html}"
    );

    let forged = [
        ("inquiry-id", id.as_str()),
        ("session-token", "eyJhbGciOiJIUzI1NiJ9.e30.AAAA"),
        ("pass", "on"),
    ];
    let (status, _, html) = emu.submit(&forged).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("Session expired"));

    let token = hidden_value(&html_for(&emu, &id).await, "session-token");
    let bad_date = [
        ("inquiry-id", id.as_str()),
        ("session-token", token.as_str()),
        ("birthdate", "soon"),
        ("pass", "on"),
    ];
    let (status, _, html) = emu.submit(&bad_date).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("role=\"alert\""));
    assert_eq!(
        emu.inquiry(&id).await["data"]["attributes"]["status"],
        "created",
        "a refused submission starts nothing"
    );

    // No redirect-uri anywhere: a "done" page instead of a redirect.
    let ok = [
        ("inquiry-id", id.as_str()),
        ("session-token", token.as_str()),
        ("pass", "on"),
    ];
    let (status, location, html) = emu.submit(&ok).await;
    assert_eq!((status, location), (StatusCode::OK, None));
    assert!(html.contains("Verification complete"));

    let (status, html) = emu.page(&[("inquiry-id", "inq_unknown")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Inquiry not found"));
}

/// Resumes the inquiry and opens the flow with the new token; returns the page.
async fn html_for(emu: &Emu, id: &str) -> String {
    let resumed = emu
        .post(&format!("/api/v1/inquiries/{id}/resume"), &json!({}))
        .await;
    let token = resumed.json["meta"]["session-token"].as_str().unwrap();
    emu.page(&[("inquiry-id", id), ("session-token", token)])
        .await
        .1
}
