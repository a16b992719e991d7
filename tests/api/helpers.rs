//! `TestApp`: one PawPass per test, with typed helpers for what a browser or Persona does.

use pawpass::config::Settings;
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
    _sqlite_dir: Option<tempfile::TempDir>,
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
        let mut settings = Settings::from_lookup(|name| match name {
            "DATABASE_URL" => Some(database_url.clone()),
            "PERSONA_WEBHOOK_SECRETS" => Some(WEBHOOK_SECRET.into()),
            _ => None,
        })
        .expect("test settings");
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
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            address,
            client,
            db,
            _sqlite_dir: sqlite_dir,
        }
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
