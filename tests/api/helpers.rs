//! `TestApp`: one PawPass per test, with typed helpers for what a browser or Persona does.

use pawpass::config::Settings;
use pawpass::onboarding::{Onboarding, ReconcileReport};
use pawpass::startup::Application;
use pawpass::store::Db;
use reqwest::{redirect, Response};
use std::collections::HashMap;
use std::time::Duration;

pub const WEBHOOK_SECRET: &str = "wbhsec_test-secret-0001";

pub struct TestApp {
    pub address: String,
    /// A browser: keeps cookies, does not follow redirects (tests look at each one).
    pub client: reqwest::Client,
    pub db: Db,
    pub onboarding: Onboarding,
    pub database_url: String,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
    sqlite_dir: Option<tempfile::TempDir>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A fresh database URL: a temp SQLite file, or a new PostgreSQL database when asked for.
/// When PostgreSQL is asked for and unreachable the test fails: it is never skipped silently.
async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("PAWPASS_TEST_DATABASE").as_deref() {
        Ok("postgres") => {
            let server = std::env::var("PAWPASS_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
            let name = format!("pawpass_test_{}", uuid_like());
            sqlx::any::install_default_drivers();
            let admin = sqlx::AnyPool::connect(&format!("{server}/postgres"))
                .await
                .expect("PostgreSQL was requested but is not reachable");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .expect("creating a test database");
            admin.close().await;
            (format!("{server}/{name}"), None)
        }
        Ok("sqlite") | Err(_) => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/pawpass.db?mode=rwc", dir.path().display());
            (url, Some(dir))
        }
        Ok(other) => panic!("PAWPASS_TEST_DATABASE must be sqlite or postgres, not {other}"),
    }
}

fn uuid_like() -> String {
    use rand_like::next;
    format!("{:016x}{:08x}", next(), std::process::id())
}

/// Enough randomness for unique database names without another dependency.
mod rand_like {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    pub fn next() -> u64 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default();
        nanos
            ^ COUNTER
                .fetch_add(1, Ordering::Relaxed)
                .wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> Self {
        let (database_url, sqlite_dir) = fresh_database().await;
        Self::launch(&database_url, sqlite_dir, configure).await
    }

    /// Another PawPass on an existing database (a restart, or a second instance).
    pub async fn spawn_on(database_url: &str, sqlite_dir: Option<tempfile::TempDir>) -> Self {
        Self::launch(database_url, sqlite_dir, |_| {}).await
    }

    async fn launch(
        database_url: &str,
        sqlite_dir: Option<tempfile::TempDir>,
        configure: impl FnOnce(&mut Settings),
    ) -> Self {
        let mut settings = Settings::from_lookup(|name| match name {
            "DATABASE_URL" => Some(database_url.to_owned()),
            "PERSONA_WEBHOOK_SECRETS" => Some(WEBHOOK_SECRET.into()),
            _ => None,
        })
        .expect("test settings");
        // Faults hold requests for ~30 s; tests should not wait for that.
        settings.persona_request_timeout = Duration::from_millis(1500);
        settings.signup_rate_limit_per_minute = 1000;
        settings.login_rate_limit_per_minute = 1000;
        configure(&mut settings);
        let leptos_options = leptos::prelude::LeptosOptions::builder()
            .output_name("pawpass")
            .site_addr(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
            .build();
        let app = Application::build(settings, leptos_options)
            .await
            .expect("app builds");
        let address = format!("http://{}", app.address());
        let db = app.state.onboarding.db.clone();
        let onboarding = app.state.onboarding.clone();
        let server = tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            address,
            client,
            db,
            onboarding,
            database_url: database_url.to_owned(),
            server,
            sqlite_dir,
        }
    }

    /// Stops this instance (as a crash would: no goodbye), keeping its SQLite directory alive.
    pub async fn stop(mut self) -> Option<tempfile::TempDir> {
        self.server.abort();
        let dir = self.sqlite_dir.take();
        drop(self);
        tokio::time::sleep(Duration::from_millis(100)).await;
        dir
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path_or_url: &str) -> Response {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_owned()
        } else {
            self.url(path_or_url)
        };
        self.client.get(url).send().await.expect("GET")
    }

    pub async fn post_form(&self, path_or_url: &str, form: &[(&str, &str)]) -> Response {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_owned()
        } else {
            self.url(path_or_url)
        };
        self.client.post(url).form(form).send().await.expect("POST")
    }

    pub async fn post_signup(&self, form: &SignupForm) -> Response {
        self.post_form("/signup", &form.pairs()).await
    }

    /// Persona calling our webhook: a signed body, or whatever header a test wants.
    pub async fn post_webhook(&self, body: &str, signature: Option<String>) -> Response {
        let mut request = self
            .client
            .post(self.url("/webhooks/persona"))
            .header("content-type", "application/json; charset=utf-8")
            .body(body.to_owned());
        if let Some(signature) = signature {
            request = request.header("persona-signature", signature);
        }
        request.send().await.expect("webhook POST")
    }

    pub async fn add_operator(&self, username: &str, password: &str) {
        pawpass::onboarding::operators::add_operator(&self.db, username, password)
            .await
            .expect("operator added");
    }

    /// Signs in like a browser: the sign-in page first (it carries the form token).
    pub async fn login(&self, username: &str, password: &str) -> Response {
        let page = self.get("/admin/login").await.text().await.expect("body");
        let token = csrf_token(&page);
        self.post_form(
            "/admin/login",
            &[
                ("csrf_token", token.as_str()),
                ("username", username),
                ("password", password),
            ],
        )
        .await
    }

    /// The status PawPass has stored for the walker with this email.
    pub async fn status_of(&self, email: &str) -> Option<String> {
        let walker = self
            .db
            .walker_by_email(&email.to_lowercase())
            .await
            .expect("query")?;
        let inquiry_id = walker.current_inquiry_id?;
        Some(
            self.db
                .inquiry_by_id(&inquiry_id)
                .await
                .expect("query")?
                .status,
        )
    }

    /// Waits (bounded) until the walker's stored status is `expected`; webhooks are
    /// asynchronous, so a journey's last step lands a moment after the browser's.
    pub async fn wait_for_status(&self, email: &str, expected: &str) -> Option<String> {
        let mut last = None;
        for _ in 0..100 {
            last = self.status_of(email).await;
            if last.as_deref() == Some(expected) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        last
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&self.db.pool)
            .await
            .expect("count")
    }
}

impl TestApp {
    /// Replaces the emulator's fault set (see the emulator's control API).
    pub async fn set_faults(&self, faults: serde_json::Value) {
        let response = self
            .client
            .put(self.url("/persona/_control/faults"))
            .json(&faults)
            .send()
            .await
            .expect("setting faults");
        assert!(
            response.status().is_success(),
            "faults refused: {}",
            response.status()
        );
    }

    pub async fn advance_emulator_clock(&self, by: Duration) {
        let response = self
            .client
            .post(self.url("/persona/_control/clock/advance"))
            .json(&serde_json::json!({"seconds": by.as_secs()}))
            .send()
            .await
            .expect("advancing the clock");
        assert!(response.status().is_success());
    }

    /// Drives an inquiry with Persona's sandbox simulate actions.
    pub async fn simulate(&self, inquiry_id: &str, actions: &[&str]) {
        let actions: Vec<_> = actions
            .iter()
            .map(|a| serde_json::json!({"type": a}))
            .collect();
        let response = self
            .persona()
            .post(self.url(&format!(
                "/persona/api/v1/inquiries/{inquiry_id}/perform-simulate-actions"
            )))
            .bearer_auth("persona_sandbox_emulator")
            .json(&serde_json::json!({"meta": {"simulate-actions": actions}}))
            .send()
            .await
            .expect("simulate");
        assert!(
            response.status().is_success(),
            "simulate: {}",
            response.status()
        );
    }

    fn persona(&self) -> reqwest::Client {
        reqwest::Client::new()
    }

    /// The status Persona (the emulator) holds for an inquiry.
    pub async fn emulator_status(&self, inquiry_id: &str) -> String {
        let body: serde_json::Value = self
            .persona()
            .get(self.url(&format!("/persona/_control/inquiries/{inquiry_id}")))
            .send()
            .await
            .expect("control GET")
            .json()
            .await
            .expect("json");
        body["data"]["attributes"]["status"]
            .as_str()
            .expect("a status")
            .to_owned()
    }

    /// Inquiry ids the emulator holds for one reference id.
    pub async fn emulator_inquiries_for(&self, reference_id: &str) -> Vec<String> {
        let body: serde_json::Value = self
            .persona()
            .get(self.url("/persona/api/v1/inquiries"))
            .query(&[
                ("filter[reference-id]", reference_id),
                ("page[size]", "100"),
            ])
            .bearer_auth("persona_sandbox_emulator")
            .send()
            .await
            .expect("list")
            .json()
            .await
            .expect("json");
        body["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|i| i["id"].as_str().expect("id").to_owned())
            .collect()
    }

    /// Every event the emulator has emitted, following `links.next`.
    pub async fn emulator_event_count(&self) -> i64 {
        let mut count = 0;
        let mut next = Some("/persona/api/v1/events?page%5Bsize%5D=100".to_owned());
        while let Some(path) = next {
            let body: serde_json::Value = self
                .persona()
                .get(self.url(&path))
                .bearer_auth("persona_sandbox_emulator")
                .send()
                .await
                .expect("events")
                .json()
                .await
                .expect("json");
            count += body["data"].as_array().map(Vec::len).unwrap_or_default() as i64;
            next = body["links"]["next"].as_str().map(str::to_owned);
        }
        count
    }

    /// Stored events and the deliveries behind them.
    pub async fn event_totals(&self) -> (i64, i64) {
        sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(deliveries), 0) AS BIGINT) FROM persona_events",
        )
        .fetch_one(&self.db.pool)
        .await
        .expect("totals")
    }

    /// Waits (bounded) until no webhook has arrived for a second.
    pub async fn wait_for_quiet_webhooks(&self) {
        let mut last = (-1, -1);
        for _ in 0..40 {
            let now = self.event_totals().await;
            if now == last {
                return;
            }
            last = now;
            tokio::time::sleep(Duration::from_millis(1000)).await;
        }
    }

    /// Follows `/verification/continue` (bounded) until it leads into the Hosted Flow.
    pub async fn wait_for_hosted_flow(&self) -> Option<String> {
        for _ in 0..60 {
            let response = self.get("/verification/continue").await;
            if response.status() == reqwest::StatusCode::SEE_OTHER {
                let target = location(&response);
                if target.contains("/persona/verify?") {
                    return Some(target);
                }
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        None
    }

    /// Waits (bounded) until the walker with this email has an inquiry; returns their id.
    pub async fn wait_for_inquiry(&self, email: &str) -> Option<String> {
        for _ in 0..80 {
            if let Some(walker) = self.db.walker_by_email(email).await.expect("query") {
                if walker.current_inquiry_id.is_some() {
                    return Some(walker.id);
                }
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        None
    }

    /// A signup stored with its job, as the signup transaction leaves it, without running it.
    pub async fn store_signup_without_running(&self, email: &str) {
        let draft = pawpass::domain::SignupDraft {
            first_name: "Queue".into(),
            last_name: "Walker".into(),
            email: email.into(),
            birthdate: "1990-01-01".into(),
            phone: String::new(),
        };
        let walker = draft.parse(chrono::Utc::now().date_naive()).expect("valid");
        let id = format!("usr_{}", email.replace(['@', '.'], "_"));
        self.db
            .insert_walker_with_job(&walker, &id)
            .await
            .expect("stored");
        self.onboarding.worker.bell.notify_waiters();
    }

    pub async fn reconcile(&self) -> ReconcileReport {
        self.onboarding
            .reconcile_once(Duration::ZERO)
            .await
            .expect("reconcile")
    }

    /// What a person does on Persona's page: keep the prefilled data, set the toggle, submit.
    pub async fn finish_hosted_flow(&self, link: &str, pass: bool) -> Response {
        self.finish_hosted_flow_seeing(link, pass).await.1
    }

    /// The same, also returning the page the person saw.
    pub async fn finish_hosted_flow_seeing(&self, link: &str, pass: bool) -> (String, Response) {
        let page = self.get(link).await;
        assert_eq!(page.status(), reqwest::StatusCode::OK, "hosted flow {link}");
        let html = page.text().await.expect("body");
        let inputs: Vec<(String, String)> = form_inputs(&html)
            .into_iter()
            .filter(|(name, _)| pass || name != "pass")
            .collect();
        let pairs: Vec<(&str, &str)> = inputs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let response = self.post_form(link, &pairs).await;
        (html, response)
    }
}

/// The signup form's fields, valid by default.
#[derive(Clone, Debug)]
pub struct SignupForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub birthdate: String,
    pub phone: String,
}

impl SignupForm {
    pub fn valid(email: &str) -> Self {
        Self {
            first_name: "Alexander".into(),
            last_name: "Sample".into(),
            email: email.into(),
            birthdate: "1977-08-31".into(),
            phone: "+14155550123".into(),
        }
    }

    pub fn pairs(&self) -> Vec<(&str, &str)> {
        vec![
            ("first_name", self.first_name.as_str()),
            ("last_name", self.last_name.as_str()),
            ("email", self.email.as_str()),
            ("birthdate", self.birthdate.as_str()),
            ("phone", self.phone.as_str()),
        ]
    }
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("a Location header")
        .to_owned()
}

pub fn query_of(url: &str) -> HashMap<String, String> {
    reqwest::Url::parse(url)
        .expect("absolute URL")
        .query_pairs()
        .into_owned()
        .collect()
}

/// The `name`/`value` pairs of a page's `<input>` elements, like a browser would submit.
/// (Checkboxes are included only when `checked`.)
pub fn form_inputs(html: &str) -> Vec<(String, String)> {
    let mut inputs = Vec::new();
    for tag in html.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let attr = |name: &str| {
            let needle = format!("{name}=\"");
            tag.find(&needle).map(|start| {
                let rest = &tag[start + needle.len()..];
                html_unescape(&rest[..rest.find('"').unwrap_or(rest.len())])
            })
        };
        let Some(name) = attr("name") else { continue };
        let is_checkbox = attr("type").as_deref() == Some("checkbox");
        if is_checkbox && !tag.contains("checked") {
            continue;
        }
        inputs.push((name, attr("value").unwrap_or_else(|| "on".into())));
    }
    inputs
}

/// Page text as a person reads it (entities decoded).
pub fn html_unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The hidden form token on an admin page.
pub fn csrf_token(html: &str) -> String {
    form_inputs(html)
        .into_iter()
        .find(|(name, _)| name == "csrf_token")
        .map(|(_, value)| value)
        .expect("a csrf_token field on the page")
}
