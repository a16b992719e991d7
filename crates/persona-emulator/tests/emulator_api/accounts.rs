//! Accounts: made by inquiry creation (one per reference id), retrieved, listed by reference id,
//! and redacted together with every inquiry under them.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::{json, Value};

use crate::spec::{assert_matches_schema, error_schema, response_schema, webhook_schema};
use crate::support::{config, create_body, receiver, wait_for, Emu};

fn account_of(inquiry: &Value) -> String {
    inquiry["data"]["relationships"]["account"]["data"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no account in {inquiry:#}"))
        .to_owned()
}

fn ids(reply: &Value) -> Vec<String> {
    reply["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn inquiries_create_accounts_one_per_reference_id() {
    let emu = Emu::start(config()).await;
    let first = emu.create(&create_body("usr_1")).await;
    let again = emu.create(&create_body("usr_1")).await;
    let account = account_of(&first);
    assert!(account.starts_with("act_"), "{account}");
    assert_eq!(account_of(&again), account, "an existing account is reused");

    let reply = emu.get(&format!("/api/v1/accounts/{account}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{:#}", reply.json);
    assert_matches_schema(
        &response_schema("/accounts/{account-id}", "get", "200"),
        &reply.json,
    );
    let data = &reply.json["data"];
    assert_eq!(data["type"], "account");
    assert_eq!(data["id"], account.as_str());
    assert_eq!(data["attributes"]["reference-id"], "usr_1");
    assert_eq!(data["attributes"]["redacted-at"], Value::Null);
    assert_eq!(
        data["attributes"]["created-at"],
        first["data"]["attributes"]["created-at"]
    );

    // The tutorials' `data.attributes.reference-id` makes an account too; no reference, a
    // fresh account per inquiry.
    let mut tutorial = create_body("unused");
    tutorial["meta"] = json!({});
    tutorial["data"]["attributes"]["reference-id"] = json!("usr_2");
    let second = emu.create(&tutorial).await;
    let second_account = emu
        .get(&format!("/api/v1/accounts/{}", account_of(&second)))
        .await;
    assert_eq!(
        second_account.json["data"]["attributes"]["reference-id"],
        "usr_2"
    );
    tutorial["data"]["attributes"]
        .as_object_mut()
        .unwrap()
        .remove("reference-id");
    let plain = [emu.create(&tutorial).await, emu.create(&tutorial).await];
    assert_ne!(account_of(&plain[0]), account_of(&plain[1]));
    let anonymous = emu
        .get(&format!("/api/v1/accounts/{}", account_of(&plain[0])))
        .await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert_eq!(
        anonymous.json["data"]["attributes"]["reference-id"],
        Value::Null
    );

    let missing = emu.get("/api/v1/accounts/act_missing").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_matches_schema(&error_schema(404), &missing.json);
}

#[tokio::test]
async fn auto_create_account_false_makes_no_account() {
    let emu = Emu::start(config()).await;
    let mut body = create_body("unused");
    body["meta"] = json!({"auto-create-account": false});
    body["data"]["attributes"]["reference-id"] = json!("usr_none");
    let created = emu.create(&body).await;
    assert_eq!(
        created["data"]["relationships"]["account"]["data"],
        Value::Null
    );
    assert_eq!(created["data"]["attributes"]["reference-id"], "usr_none");
    let listed = emu
        .get("/api/v1/accounts?filter[reference-id]=usr_none")
        .await;
    assert_eq!(listed.json["data"], json!([]));

    // `account-id` attaches to an existing account; an unknown one is not found.
    let owner = account_of(&emu.create(&create_body("usr_owner")).await);
    let mut attach = create_body("unused");
    attach["meta"] = json!({});
    attach["data"]["attributes"]["account-id"] = json!(owner);
    assert_eq!(account_of(&emu.create(&attach).await), owner);
    attach["data"]["attributes"]["account-id"] = json!("act_unknown");
    let reply = emu.post("/api/v1/inquiries", &attach).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{:#}", reply.json);
}

#[tokio::test]
async fn accounts_are_listed_newest_first_and_filtered_by_reference_id() {
    let emu = Emu::start(config()).await;
    let mut made = Vec::new();
    for user in ["usr_a", "usr_b", "usr_c"] {
        made.push(account_of(&emu.create(&create_body(user)).await));
    }
    made.reverse();
    let all = emu.get("/api/v1/accounts").await;
    assert_eq!(all.status, StatusCode::OK, "{:#}", all.json);
    assert_matches_schema(&response_schema("/accounts", "get", "200"), &all.json);
    assert_eq!(ids(&all.json), made);

    let one = emu.get("/api/v1/accounts?filter[reference-id]=usr_b").await;
    assert_eq!(ids(&one.json), [made[1].clone()]);
    let several = emu
        .get("/api/v1/accounts?filter[reference-id]=usr_a,usr_c")
        .await;
    assert_eq!(ids(&several.json), [made[0].clone(), made[2].clone()]);

    let page = emu.get("/api/v1/accounts?page[size]=2").await;
    assert_eq!(ids(&page.json), made[..2].to_vec());
    let next = page.json["links"]["next"].as_str().unwrap().to_owned();
    assert!(next.starts_with("/api/v1/accounts?"), "{next}");
    let rest = emu.follow(&next).await;
    assert_eq!(ids(&rest.json), made[2..].to_vec());
    assert_eq!(rest.json["links"]["next"], Value::Null);
}

#[tokio::test]
async fn redacting_an_account_redacts_it_and_every_inquiry_under_it() {
    let (url, seen) = receiver(0).await;
    let emu = Emu::start(persona_emulator::EmulatorConfig {
        webhook_url: Some(url),
        webhook_secrets: vec!["wbhsec_accounts".into()],
        ..config()
    })
    .await;
    let first = emu.create(&create_body("usr_gone")).await;
    let second = emu.create(&create_body("usr_gone")).await;
    let account = account_of(&first);
    let inquiries = [&first, &second].map(|i| i["data"]["id"].as_str().unwrap().to_owned());
    // Approval copies the verified data onto the account.
    let approved = emu
        .post(
            &format!("/api/v1/inquiries/{}/approve", inquiries[0]),
            &json!({}),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK);
    let before = emu.get(&format!("/api/v1/accounts/{account}")).await;
    let fields = &before.json["data"]["attributes"]["fields"];
    assert_eq!(
        fields["name"]["value"]["first"]["value"], "Alexander",
        "{fields:#}"
    );

    let reply = emu
        .call(Method::DELETE, &format!("/api/v1/accounts/{account}"), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:#}", reply.json);
    assert_matches_schema(
        &response_schema("/accounts/{account-id}", "delete", "200"),
        &reply.json,
    );
    let attributes = &reply.json["data"]["attributes"];
    assert!(attributes["redacted-at"].is_string());
    assert_eq!(attributes["reference-id"], Value::Null);
    assert_eq!(
        attributes["fields"]["name"]["value"]["first"]["value"],
        Value::Null
    );
    assert_eq!(attributes["fields"]["email_address"]["value"], Value::Null);

    for (id, status) in inquiries.iter().zip(["approved", "created"]) {
        let inquiry = emu.inquiry(id).await;
        let attributes = &inquiry["data"]["attributes"];
        assert_eq!(attributes["status"], status);
        assert!(attributes["redacted-at"].is_string());
        assert_eq!(attributes["reference-id"], Value::Null);
        assert_eq!(attributes["fields"]["name_first"]["value"], Value::Null);
    }
    let listed = emu
        .get("/api/v1/accounts?filter[reference-id]=usr_gone")
        .await;
    assert_eq!(listed.json["data"], json!([]));
    let inquiries_listed = emu
        .get("/api/v1/inquiries?filter[reference-id]=usr_gone")
        .await;
    assert_eq!(inquiries_listed.json["data"], json!([]));

    // Like a redacted inquiry, a redacted account cannot be redacted again.
    let again = emu
        .call(Method::DELETE, &format!("/api/v1/accounts/{account}"), None)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_matches_schema(&error_schema(409), &again.json);
    // The reference id is free again: a new inquiry gets a new account.
    let later = emu.create(&create_body("usr_gone")).await;
    assert_ne!(account_of(&later), account);

    // inquiry.created ×3, inquiry.approved, inquiry.redacted ×2, account.redacted.
    let deliveries = wait_for(&seen, 7).await;
    let bodies: Vec<Value> = deliveries
        .iter()
        .map(|d| serde_json::from_slice(&d.body).unwrap())
        .collect();
    let names: Vec<&str> = bodies
        .iter()
        .map(|b| b["data"]["attributes"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.iter().filter(|n| **n == "inquiry.redacted").count(),
        2,
        "{names:?}"
    );
    let redacted = bodies
        .iter()
        .find(|b| b["data"]["attributes"]["name"] == "account.redacted")
        .unwrap_or_else(|| panic!("no account.redacted in {names:?}"));
    assert_matches_schema(&webhook_schema("account.redacted"), redacted);
    assert_eq!(
        redacted["data"]["attributes"]["payload"]["data"]["id"],
        account.as_str()
    );
}

#[tokio::test]
async fn account_responses_follow_key_inflection() {
    let emu = Emu::start(config()).await;
    let account = account_of(&emu.create(&create_body("usr_camel")).await);
    let reply = emu
        .http
        .get(emu.url(&format!("/api/v1/accounts/{account}")))
        .bearer_auth(crate::support::API_KEY)
        .header("Key-Inflection", "camel")
        .send()
        .await
        .unwrap();
    let json: Value = reply.json().await.unwrap();
    let attributes = &json["data"]["attributes"];
    assert_eq!(attributes["referenceId"], "usr_camel", "{json:#}");
    assert!(attributes["createdAt"].is_string());
    // Keys inside `fields` are never inflected (the spec's `account` schema says so).
    assert!(
        attributes["fields"]["email_address"].is_object(),
        "{json:#}"
    );
    assert!(attributes["fields"]["address"]["value"]["street_1"].is_object());
    assert!(json["data"]["relationships"]["accountType"].is_object());
}

#[tokio::test]
async fn accounts_live_beside_inquiries_under_a_prefix() {
    let emu = Emu::start_at("/persona", config()).await;
    for user in ["usr_p1", "usr_p2"] {
        emu.create(&create_body(user)).await;
    }
    let page = emu.get("/api/v1/accounts?page[size]=1").await;
    assert_eq!(page.status, StatusCode::OK);
    let next = page.json["links"]["next"].as_str().unwrap().to_owned();
    assert!(next.starts_with("/persona/api/v1/accounts?"), "{next}");
    let rest = emu.follow(&next).await;
    assert_eq!(rest.json["data"][0]["attributes"]["reference-id"], "usr_p1");
}
