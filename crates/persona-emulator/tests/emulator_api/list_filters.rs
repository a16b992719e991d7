//! List filters as the spec declares them (`additionalProperties: false`): every declared
//! filter is accepted, any other `filter[…]` is 400 naming it.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::spec::{assert_matches_schema, error_schema};
use crate::support::{config, create_body, Emu};

#[tokio::test]
async fn unknown_filters_are_refused_on_every_list() {
    let emu = Emu::start(config()).await;
    for list in ["inquiries", "accounts", "events"] {
        let reply = emu.get(&format!("/api/v1/{list}?filter[nonsense]=x")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{list}");
        assert_matches_schema(&error_schema(400), &reply.json);
        let details = reply.json["errors"][0]["details"].as_str().unwrap();
        assert!(details.contains("filter[nonsense]"), "{list}: {details}");
    }
}

#[tokio::test]
async fn every_filter_the_spec_lists_for_inquiries_is_accepted() {
    let emu = Emu::start(config()).await;
    let id = emu.create_id("usr_f").await;
    let mut other = create_body("usr_g");
    other["data"]["attributes"]["note"] = json!("another note");
    emu.create(&other).await;
    let account = emu.inquiry(&id).await["data"]["relationships"]["account"]["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ids = |reply: &Value| -> Vec<String> {
        reply["data"]
            .as_array()
            .unwrap_or_else(|| panic!("{reply:#}"))
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect()
    };
    for query in [
        format!("filter[inquiry-id]={id}"),
        format!("filter[account-id]={account}"),
        "filter[reference-id]=usr_f".to_owned(),
        "filter[reference_id]=usr_f".to_owned(),
        "filter[status]=created&filter[reference-id]=usr_f".to_owned(),
        "filter[inquiry-template-id]=itmpl_pFJYJyDtGcH216tZkYYiU8jNNRUj&filter[reference-id]=usr_f"
            .to_owned(),
        "filter[created-at-start]=2000-01-01T00:00:00Z&filter[reference-id]=usr_f".to_owned(),
        "filter[created-at-end]=2999-01-01T00:00:00Z&filter[reference-id]=usr_f".to_owned(),
        "filter[note]=signup%20identity%20check".to_owned(),
    ] {
        let reply = emu.get(&format!("/api/v1/inquiries?{query}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{query}: {:#}", reply.json);
        assert_eq!(ids(&reply.json), std::slice::from_ref(&id), "{query}");
    }
    // Legacy `tmpl_` templates do not exist in the emulator: nothing matches.
    let legacy = emu
        .get("/api/v1/inquiries?filter[template-id]=tmpl_x")
        .await;
    assert_eq!(legacy.status, StatusCode::OK);
    assert_eq!(legacy.json["data"], json!([]));
    // CONTRACT 7.2: `note` must be the only filter.
    let mixed = emu
        .get("/api/v1/inquiries?filter[note]=x&filter[status]=created")
        .await;
    assert_eq!(mixed.status, StatusCode::BAD_REQUEST);
    assert_matches_schema(&error_schema(400), &mixed.json);
}
