//! Reading inquiries back (`GET` one, `GET` list with cursors) and `resume`.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::spec::{assert_matches_schema, fixture, response_schema};
use crate::support::{config, create_body, Emu, API_KEY};

const INQUIRIES: &str = "/api/v1/inquiries";

#[tokio::test]
async fn retrieve_returns_the_inquiry_or_404() {
    let emu = Emu::start(config()).await;
    let created = emu.create(&create_body("usr_1")).await;
    let id = created["data"]["id"].as_str().unwrap();
    let reply = emu.get(&format!("{INQUIRIES}/{id}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header("request-id").is_some());
    assert_matches_schema(
        &response_schema("/inquiries/{inquiry-id}", "get", "200"),
        &reply.json,
    );
    assert_eq!(reply.json["data"], created["data"]);
    assert_eq!(reply.json["included"], json!([]));

    let missing = emu.get(&format!("{INQUIRIES}/inq_doesnotexist")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json, fixture("errors/404.json"));
}

#[tokio::test]
async fn list_filters_newest_first_and_pages_with_links() {
    // Mounted under a prefix, as in the app: links must still lead back here.
    let emu = Emu::start_at("/persona", config()).await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            emu.create(&create_body("usr_A")).await["data"]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    emu.create(&create_body("usr_B")).await;

    let query = "?filter[reference-id]=usr_A&filter[status]=created,pending&page[size]=2";
    let first = emu.get(&format!("{INQUIRIES}{query}")).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_matches_schema(&response_schema("/inquiries", "get", "200"), &first.json);
    let page: Vec<&str> = first.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(page, [ids[2].as_str(), ids[1].as_str()]);
    assert_eq!(first.json["links"]["prev"], Value::Null);
    let next = first.json["links"]["next"].as_str().unwrap();
    assert!(
        next.starts_with("/persona/api/v1/inquiries?")
            && next.contains(&format!("page%5Bafter%5D={}", ids[1])),
        "{next}"
    );

    let second = emu.follow(next).await;
    assert_eq!(second.status, StatusCode::OK);
    let page: Vec<&str> = second.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(page, [ids[0].as_str()]);
    assert_eq!(second.json["links"]["next"], Value::Null);
    let prev = second.json["links"]["prev"].as_str().unwrap();
    assert_eq!(emu.follow(prev).await.json["data"], first.json["data"]);

    let none = emu
        .get(&format!(
            "{INQUIRIES}?filter[reference-id]=usr_A&filter[status]=approved"
        ))
        .await;
    assert_eq!(none.json["data"], json!([]));
    assert_eq!(
        emu.get(&format!("{INQUIRIES}?page[size]=101")).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn resume_hands_out_session_tokens_and_refuses_finished_inquiries() {
    use base64::Engine;
    let emu = Emu::start(config()).await;
    let id = emu.create(&create_body("usr_1")).await["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let resume = format!("{INQUIRIES}/{id}/resume");

    let from_created = emu.post(&resume, &json!({})).await;
    assert_eq!(from_created.status, StatusCode::OK);
    assert_eq!(from_created.json["data"]["attributes"]["status"], "created");

    // Opening the page starts a session but not the inquiry; the person begins elsewhere.
    let (_, html) = emu.page(&[("inquiry-id", &id)]).await;
    let start = json!({"meta": {"simulate-actions": [{"type": "start_inquiry"}]}});
    crate::actions::act(&emu, &id, "perform-simulate-actions", start).await;
    let reply = emu.post_raw(&resume, "", Some(API_KEY), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:#}", reply.json);
    assert_matches_schema(
        &response_schema("/inquiries/{inquiry-id}/resume", "post", "200"),
        &reply.json,
    );
    assert_eq!(reply.json["data"]["attributes"]["status"], "pending");
    let token = reply.json["meta"]["session-token"].as_str().unwrap();
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["aud"], "persona-verify");
    assert!(claims["sid"].as_str().unwrap().starts_with("iqse_"));
    assert_eq!(claims["sub"], claims["sid"]);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        86_400
    );
    let sessions = reply.json["data"]["relationships"]["sessions"]["data"]
        .as_array()
        .unwrap();
    assert!(sessions.iter().any(|s| s["id"] == claims["sid"]));

    let form_token = crate::support::hidden_value(&html, "session-token");
    emu.submit(&[
        ("inquiry-id", &id),
        ("session-token", &form_token),
        ("pass", "on"),
    ])
    .await;
    let conflict = emu.post(&resume, &json!({})).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert_eq!(conflict.json["errors"][0]["title"], "Conflict");
    assert_eq!(
        emu.post(&format!("{INQUIRIES}/inq_missing/resume"), &json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
