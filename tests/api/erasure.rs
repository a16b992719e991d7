//! Erasure on request: Persona redacts every inquiry, then no table in PawPass holds the
//! walker's name, email, birthdate or phone; the outcome and the audit trail stay.

use crate::admin::signed_in_app;
use crate::helpers::{
    csrf_token, event_id, location, query_of, walker_id as walker_id_of, Engine, SignupForm,
    TestApp,
};
use reqwest::{redirect, StatusCode};
use std::time::Duration;

fn distinctive(email: &str) -> SignupForm {
    SignupForm {
        first_name: "Zephyrine".into(),
        last_name: "Quortlebank".into(),
        email: email.into(),
        birthdate: "1961-02-17".into(),
        phone: "+14155559876".into(),
    }
}

/// Signs up in a browser of its own (the walker's, not the operator's); returns the walker's
/// id, inquiry id and that browser.
pub(crate) async fn sign_up(app: &TestApp, form: &SignupForm) -> (String, String, reqwest::Client) {
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .build()
        .expect("client");
    let response = browser
        .post(app.url("/signup"))
        .form(&form.pairs())
        .send()
        .await
        .expect("signup");
    let link = location(&response);
    let inquiry = query_of(&link)["inquiry-id"].clone();
    let walker = app.walker_by_email(&form.email).await;
    (walker.expect("walker").id.to_string(), inquiry, browser)
}

pub(crate) async fn erase(app: &TestApp, walker_id: &str, reason: &str, email: &str) -> String {
    let page_url = format!("/admin/walkers/{walker_id}");
    let token = csrf_token(&app.get(&page_url).await.text().await.expect("page"));
    let response = app
        .post_form(
            &format!("{page_url}/erase"),
            &[
                ("csrf_token", token.as_str()),
                ("reason", reason),
                ("confirm_email", email),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.page_text(&page_url).await
}

pub(crate) async fn wait_until_erased(app: &TestApp, walker_id: &str, seconds: u64) -> bool {
    for _ in 0..seconds * 4 {
        let walker = app
            .store
            .walkers()
            .by_id(&walker_id_of(walker_id))
            .await
            .expect("query");
        if walker.expect("walker").erased_at.is_some() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    false
}

/// Every (table, column) holding text, on either engine.
async fn text_columns(app: &TestApp) -> Vec<(String, String)> {
    let sql = match app.engine {
        Engine::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table'"
        }
        Engine::Postgres => {
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying')"
        }
    };
    sqlx::query_as(sql)
        .fetch_all(&app.pool)
        .await
        .expect("columns")
}

/// Where `needle` still appears, as `table.column`.
pub(crate) async fn found_in(app: &TestApp, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for (table, column) in text_columns(app).await {
        let sql = format!(
            "SELECT COUNT(*) FROM \"{table}\" WHERE lower(CAST(\"{column}\" AS TEXT)) LIKE $1"
        );
        let count: i64 = sqlx::query_scalar(&sql)
            .bind(format!("%{}%", needle.to_lowercase()))
            .fetch_one(&app.pool)
            .await
            .expect("search");
        if count > 0 {
            hits.push(format!("{table}.{column}"));
        }
    }
    hits
}

/// Whether the operators' list search for `text` shows the walker. The page must be a list
/// that answered the search (rows, or "no walkers match"), so an error page cannot pass for
/// "not found".
async fn search_finds(app: &TestApp, text: &str, walker_id: &str) -> bool {
    let url = app.search_walkers(text, &[]).await;
    let page = app.page_text(&url).await;
    assert!(
        page.contains("in this view") || page.contains("No walkers match this view."),
        "a list answering the search: {page}"
    );
    page.contains(walker_id)
}

async fn emulator_inquiry(app: &TestApp, inquiry: &str) -> serde_json::Value {
    app.client
        .get(app.url(&format!("/persona/_control/inquiries/{inquiry}")))
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json")
}

async fn audit_actions(app: &TestApp, walker_id: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log WHERE walker_id = $1 ORDER BY at")
        .bind(walker_id)
        .fetch_all(&app.pool)
        .await
        .expect("audit")
}

#[tokio::test]
async fn erasure_redacts_at_persona_and_leaves_no_personal_data_in_any_table() {
    let app = signed_in_app().await;
    let form = distinctive("zephyrine.q@example.com");
    let (id, inquiry, browser) = sign_up(&app, &form).await;
    app.simulate(&inquiry, &["start_inquiry", "complete_inquiry"])
        .await;
    assert_eq!(
        app.wait_for_status(&form.email, "approved")
            .await
            .as_deref(),
        Some("approved")
    );
    app.wait_for_quiet_webhooks().await;
    let token = csrf_token(
        &app.get(&format!("/admin/walkers/{id}"))
            .await
            .text()
            .await
            .expect("page"),
    );
    let note = "Called Zephyrine on +14155559876";
    app.post_form(
        &format!("/admin/walkers/{id}/notes"),
        &[("csrf_token", token.as_str()), ("body", note)],
    )
    .await;
    for value in [
        "Zephyrine",
        "Quortlebank",
        "zephyrine.q@example.com",
        "1961-02-17",
        "4155559876",
    ] {
        assert!(!found_in(&app, value).await.is_empty(), "{value} stored");
    }
    assert!(search_finds(&app, "ORTLEBA", &id).await);
    // Persona made an account for the walker's reference when it made the inquiry.
    let accounts = app.emulator_accounts_for(&id).await;
    assert_eq!(accounts.len(), 1, "{accounts:?}");
    let account = accounts[0]["id"].as_str().expect("id").to_owned();
    assert!(account.starts_with("act_"), "{account}");

    // The wrong email erases nothing.
    let page = erase(&app, &id, "Walker asked", "someone@example.com").await;
    assert!(page.contains("not this walker's"));
    assert!(audit_actions(&app, &id).await.is_empty());

    let page = erase(
        &app,
        &id,
        "Walker asked by email",
        "Zephyrine.Q@EXAMPLE.com",
    )
    .await;
    assert!(page.contains("Erasure requested"), "{page}");
    assert!(wait_until_erased(&app, &id, 20).await, "erased in time");
    app.wait_for_quiet_webhooks().await;

    // A delivery that arrives after the erasure (Persona retried it late) is stored without
    // the walker's data it carries.
    let late = serde_json::json!({"data": {"type": "event", "id": "evt_late_after_erasure",
        "attributes": {"name": "inquiry.completed", "created-at": "2020-01-01T00:00:00.000Z",
        "payload": {"data": {"type": "inquiry", "id": inquiry, "attributes": {
            "status": "completed", "name-first": "Zephyrine", "name-last": "Quortlebank",
            "email-address": "zephyrine.q@example.com", "birthdate": "1961-02-17",
            "phone-number": "+14155559876"}}}}}})
    .to_string();
    let signature = persona::signature::header_value(
        &[crate::helpers::WEBHOOK_SECRET],
        chrono::Utc::now().timestamp(),
        late.as_bytes(),
    );
    let response = app.post_webhook(&late, Some(signature)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let stored = app
        .store
        .events()
        .body(&event_id("evt_late_after_erasure"))
        .await;
    assert!(stored.expect("query").is_some(), "the late event is kept");

    let redacted = emulator_inquiry(&app, &inquiry).await;
    assert!(
        redacted["data"]["attributes"]["redacted-at"].is_string(),
        "{redacted}"
    );
    // The account is redacted too, so Persona keeps neither the reference nor the data.
    let account = app.emulator_account(&account).await;
    let attributes = &account["data"]["attributes"];
    assert!(attributes["redacted-at"].is_string(), "{account}");
    assert!(attributes["reference-id"].is_null(), "{account}");
    assert!(app.emulator_accounts_for(&id).await.is_empty());
    for value in [
        "Zephyrine",
        "Quortlebank",
        "zephyrine.q@example.com",
        "1961-02-17",
        "4155559876",
    ] {
        assert_eq!(found_in(&app, value).await, Vec::<String>::new(), "{value}");
    }
    // Nor can a search find them by what they were called (the search index forgot it too).
    assert!(!search_finds(&app, "ORTLEBA", &id).await);
    assert!(!search_finds(&app, "zephyrine", &id).await);
    let page = app.page_text(&format!("/admin/walkers/{id}")).await;
    assert!(page.contains("Personal data erased on"));
    assert!(page.contains("Approved"), "the outcome stays");
    assert_eq!(audit_actions(&app, &id).await, ["erase", "erase_done"]);
    let reason: Option<String> =
        sqlx::query_scalar("SELECT reason FROM audit_log WHERE action = 'erase'")
            .fetch_one(&app.pool)
            .await
            .expect("audit");
    assert_eq!(reason.as_deref(), Some("Walker asked by email"));
    // The walker's own browser is signed out; the walker still counts.
    drop(browser);
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE data LIKE $1")
        .bind(format!("%{id}%"))
        .fetch_one(&app.pool)
        .await
        .expect("sessions");
    assert_eq!(sessions, 0);
    assert_eq!(app.count("walkers").await, 1);
}

#[tokio::test]
async fn erasure_waits_for_persona_and_finishes_once_it_is_back() {
    let app = signed_in_app().await;
    let form = distinctive("pending.erasure@example.com");
    let (id, inquiry, _browser) = sign_up(&app, &form).await;
    app.wait_for_quiet_webhooks().await;
    app.set_faults(
        serde_json::json!({"api": [{"endpoint": "redact", "fault": "503", "rate": 1.0}]}),
    )
    .await;

    let page = erase(&app, &id, "Walker asked", &form.email).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let page_later = app.page_text(&format!("/admin/walkers/{id}")).await;
    assert!(page.contains("Erasure pending") && page_later.contains("Erasure pending"));
    let walker = app
        .store
        .walkers()
        .by_id(&walker_id_of(&id))
        .await
        .expect("query")
        .expect("walker");
    assert_eq!(
        walker.first_name, "Zephyrine",
        "nothing erased before Persona redacts"
    );
    assert!(emulator_inquiry(&app, &inquiry).await["data"]["attributes"]["redacted-at"].is_null());

    app.clear_faults().await;
    assert!(
        wait_until_erased(&app, &id, 40).await,
        "erased after Persona came back"
    );
    assert!(
        emulator_inquiry(&app, &inquiry).await["data"]["attributes"]["redacted-at"].is_string()
    );
    assert_eq!(audit_actions(&app, &id).await, ["erase", "erase_done"]);
}

#[tokio::test]
async fn an_erasure_persona_refuses_is_shown_as_failed_and_can_be_tried_again() {
    let app = signed_in_app().await;
    let form = distinctive("refused.erasure@example.com");
    let (id, inquiry, _browser) = sign_up(&app, &form).await;
    app.wait_for_quiet_webhooks().await;
    // A key without the redact permission: Persona answers 403, which retrying cannot fix.
    app.set_faults(serde_json::json!({"api": [{"endpoint": "redact", "fault": "403"}]}))
        .await;
    erase(&app, &id, "Walker asked", &form.email).await;
    let page_url = format!("/admin/walkers/{id}");
    let mut page = String::new();
    for _ in 0..40 {
        page = app.page_text(&page_url).await;
        if page.contains("Erasure failed") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(page.contains("Erasure failed"), "{page}");
    assert!(!page.contains("Erasure pending"));
    assert!(page.contains("Zephyrine"), "nothing erased here yet");

    // The key is fixed; the operator tries again and the erasure completes.
    app.clear_faults().await;
    let token = csrf_token(&page);
    let response = app
        .post_form(
            &format!("{page_url}/erase/retry"),
            &[("csrf_token", token.as_str())],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        wait_until_erased(&app, &id, 20).await,
        "erased after the retry"
    );
    assert!(
        emulator_inquiry(&app, &inquiry).await["data"]["attributes"]["redacted-at"].is_string()
    );
    assert_eq!(
        audit_actions(&app, &id).await,
        ["erase", "erase_retry", "erase_done"]
    );
}

#[tokio::test]
async fn a_walker_erased_before_persona_had_their_inquiry_is_never_sent_to_persona() {
    let app = signed_in_app().await;
    app.set_faults(
        serde_json::json!({"api": [{"endpoint": "create", "fault": "503", "rate": 1.0}]}),
    )
    .await;
    let form = distinctive("never.sent@example.com");
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .build()
        .expect("client");
    browser
        .post(app.url("/signup"))
        .form(&form.pairs())
        .send()
        .await
        .expect("signup");
    let walker = app.walker_by_email(&form.email).await;
    let id = walker.expect("walker").id.to_string();

    erase(&app, &id, "Walker changed their mind", &form.email).await;
    assert!(wait_until_erased(&app, &id, 20).await);
    app.clear_faults().await;
    let mut state = String::new();
    for _ in 0..160 {
        state = sqlx::query_scalar(
            "SELECT state FROM jobs WHERE walker_id = $1 AND kind = 'create_inquiry'",
        )
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .expect("job");
        if state == "done" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(state, "done");
    assert!(app.emulator_inquiries_for(&id).await.is_empty());
}
