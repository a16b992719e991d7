//! `GET /events`, pagination while inquiries are being created, Key-Inflection and
//! Persona-Version shapes, and the dashboard.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::Value;

use crate::spec::{assert_matches_schema, response_schema};
use crate::support::{config, Emu};

fn ids(json: &Value) -> Vec<String> {
    json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn events_are_listed_filtered_paged_and_retrieved() {
    let emu = Emu::start(config()).await;
    let first = emu.create_id("usr_1").await;
    let second = emu.create_id("usr_2").await;
    let all = emu.get("/api/v1/events").await;
    assert_eq!(all.status, StatusCode::OK);
    assert_matches_schema(&response_schema("/events", "get", "200"), &all.json);
    let names: Vec<&str> = all.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["attributes"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["inquiry.created", "inquiry.created"]);
    assert_eq!(
        all.json["data"][0]["attributes"]["payload"]["data"]["id"],
        second.as_str()
    );

    let filtered = emu
        .get(&format!("/api/v1/events?filter[object-id]={first}"))
        .await;
    let event_id = ids(&filtered.json).remove(0);
    let by_id = emu
        .get(&format!("/api/v1/events?filter[id]={event_id}"))
        .await;
    assert_eq!(ids(&by_id.json), std::slice::from_ref(&event_id));
    let none = emu
        .get("/api/v1/events?filter[name]=inquiry.approved")
        .await;
    assert_eq!(none.json["data"], Value::Array(vec![]));

    let page = emu.get("/api/v1/events?page[size]=1").await;
    let next = page.json["links"]["next"].as_str().unwrap().to_owned();
    let rest = emu.follow(&next).await;
    assert_eq!(ids(&rest.json), std::slice::from_ref(&event_id));
    assert!(rest.json["links"]["prev"].is_string());

    let one = emu.get(&format!("/api/v1/events/{event_id}")).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_matches_schema(
        &response_schema("/events/{event-id}", "get", "200"),
        &one.json,
    );
    assert_eq!(
        emu.get("/api/v1/events/evt_missing").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn pages_stay_stable_while_new_inquiries_arrive() {
    let emu = Emu::start(config()).await;
    let mut created = Vec::new();
    for n in 0..5 {
        created.push(emu.create_id(&format!("usr_{n}")).await);
    }
    let mut seen = Vec::new();
    let mut reply = emu.get("/api/v1/inquiries?page[size]=2").await;
    loop {
        seen.extend(ids(&reply.json));
        // New inquiries land before the first page and never show up on later ones.
        emu.create_id("usr_new").await;
        match reply.json["links"]["next"].as_str() {
            Some(next) => {
                let next = next.to_owned();
                reply = emu.follow(&next).await;
            }
            None => break,
        }
    }
    created.reverse();
    assert_eq!(seen, created);
    let before = emu
        .get(&format!(
            "/api/v1/inquiries?page[before]={}&page[size]=2",
            created[2]
        ))
        .await;
    assert_eq!(ids(&before.json), created[..2].to_vec());
    assert!(
        before.json["links"]["prev"].is_string(),
        "newer inquiries exist before"
    );
    for size in ["0", "101", "x"] {
        let reply = emu
            .get(&format!("/api/v1/inquiries?page[size]={size}"))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{size}");
    }
}

#[tokio::test]
async fn key_inflection_and_old_versions_reshape_inquiries() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_1").await;
    let get = |inflection: &'static str, version: &'static str| {
        emu.http
            .get(emu.url(&format!("/api/v1/inquiries/{id}")))
            .bearer_auth(crate::support::API_KEY)
            .header("Key-Inflection", inflection)
            .header("Persona-Version", version)
            .send()
    };
    let snake: Value = get("snake", "2025-10-27")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(snake["data"]["attributes"]["reference_id"].is_string());
    assert!(
        snake["data"]["attributes"]["fields"]["name_first"].is_object(),
        "field keys are the template's"
    );
    let camel: Value = get("camel", "2025-12-08")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(camel["data"]["attributes"]["createdAt"].is_string());
    assert!(camel["data"]["relationships"]["inquiryTemplate"].is_object());
    let legacy: Value = get("kebab", "2023-01-05")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(legacy["data"]["attributes"]["name-first"], "Alexander");
    assert_eq!(
        legacy["data"]["attributes"]["fields"]["name-first"]["value"], "Alexander",
        "legacy versions inflect field keys"
    );
    let bad = get("kebab", "1999-01-01").await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_dashboard_lists_inquiries_and_its_forms_work() {
    let emu = Emu::start_at("/persona", config()).await;
    let id = emu.create_id("usr_1").await;
    let html = emu
        .http
        .get(emu.url("/dashboard"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&id) && html.contains("inquiry.created"));
    let action = format!("/persona/dashboard/inquiries/{id}/approve");
    assert!(html.contains(&action), "forms post to prefixed paths");
    let reply = emu
        .http
        .post(format!("{}{action}", emu.origin))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::SEE_OTHER);
    assert_eq!(reply.headers()["location"], "/persona/dashboard");
    assert_eq!(emu.status(&id).await, "approved");
    let reply = emu
        .http
        .post(emu.url("/dashboard/clock"))
        .form(&[("seconds", "60")])
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::SEE_OTHER);
    let control = emu
        .control(Method::GET, &format!("/inquiries/{id}"), None)
        .await;
    assert_eq!(control.json["data"]["attributes"]["status"], "approved");
}
