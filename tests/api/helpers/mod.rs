//! `TestApp`: one PawPass per test, with typed helpers for what a browser or Persona does.

use pawpass::console::Accounts;
use pawpass::onboarding::Onboarding;
use pawpass::server::config::Settings;
use pawpass::startup::Application;
use pawpass::store::{EventRecord, Store, WalkerRecord};
use reqwest::{redirect, Response};
use std::time::Duration;

mod forms;
mod persona;
mod smtp;

pub use forms::*;
pub use persona::{list_emulator, serve_emulator};
pub use smtp::*;

pub const WEBHOOK_SECRET: &str = "wbhsec_test-secret-0001";

/// Typed ids from a test's strings (a test that makes a bad one fails right there).
pub fn walker_id(raw: &str) -> pawpass::domain::WalkerId {
    pawpass::domain::WalkerId::parse(raw).expect("a walker id")
}

pub fn inquiry_id(raw: &str) -> pawpass::domain::InquiryId {
    pawpass::domain::InquiryId::parse(raw).expect("an inquiry id")
}

pub fn event_id(raw: &str) -> pawpass::domain::EventId {
    pawpass::domain::EventId::parse(raw).expect("an event id")
}

/// Which engine the test database runs on, for SQL that differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    /// `http://…` of the metrics listener, when the test asked for one (`metrics_addr`).
    pub metrics_address: Option<String>,
    /// A browser: keeps cookies, does not follow redirects (tests look at each one).
    pub client: reqwest::Client,
    /// The app's database through its stores, on a connection of the test's own.
    pub store: Store,
    /// The same database for plain SQL: what a test sets up or checks beneath the stores.
    pub pool: sqlx::AnyPool,
    pub engine: Engine,
    pub onboarding: Onboarding,
    pub database_url: String,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
    /// Asks the server to shut down as SIGTERM does.
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    sqlite_dir: Option<tempfile::TempDir>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A fresh database URL: a temp SQLite file, or a new PostgreSQL database when asked for.
/// When PostgreSQL is asked for and unreachable the test fails: it is never skipped silently.
pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("PAWPASS_TEST_DATABASE").as_deref() {
        Ok("postgres") => {
            let server = std::env::var("PAWPASS_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
            // The creation time in the name lets scripts/test.sh drop leftovers of old runs only.
            let created = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default();
            let name = format!("pawpass_test_{created}_{}", uuid_like());
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

/// A browser of its own: its own cookies, no redirects followed (tests look at each one), and
/// a deadline on every request, so a request the server never answers fails its test by name
/// instead of hanging the suite (the server's own bound is 30 s; this is above it).
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(60))
        .redirect(redirect::Policy::none())
        .build()
        .expect("client")
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> Self {
        let (database_url, sqlite_dir) = fresh_database().await;
        Self::launch(&database_url, sqlite_dir, configure).await
    }

    /// A PawPass that sends its mail to `smtp_url` (a real SMTP server, or a port where none
    /// listens yet).
    pub async fn spawn_with_smtp(smtp_url: &str) -> Self {
        let smtp_url = smtp_url.to_owned();
        Self::spawn_with(move |settings| settings.mail.smtp_url = Some(smtp_url)).await
    }

    /// Another PawPass on an existing database (a restart, or a second instance).
    pub async fn spawn_on(database_url: &str, sqlite_dir: Option<tempfile::TempDir>) -> Self {
        Self::launch(database_url, sqlite_dir, |_| {}).await
    }

    /// [`Self::spawn_on`] with settings of its own.
    pub async fn spawn_on_with(database_url: &str, configure: impl FnOnce(&mut Settings)) -> Self {
        Self::launch(database_url, None, configure).await
    }

    async fn launch(
        database_url: &str,
        sqlite_dir: Option<tempfile::TempDir>,
        configure: impl FnOnce(&mut Settings),
    ) -> Self {
        let mut settings = Settings::from_lookup(|name| match name {
            "PAWPASS_ENV" => Some("development".into()),
            "DATABASE_URL" => Some(database_url.to_owned()),
            "PERSONA_WEBHOOK_SECRETS" => Some(WEBHOOK_SECRET.into()),
            _ => None,
        })
        .expect("test settings");
        // Faults hold requests for ~30 s; tests should not wait for that.
        settings.persona_request_timeout = Duration::from_millis(1500);
        // Tests run in parallel on two cores: wait for Persona rather than show the "preparing"
        // page because the machine is busy (tests of Persona being down fail fast anyway).
        settings.signup_wait_for_inquiry = Duration::from_secs(20);
        settings.signup_rate_limit_per_minute = 1000;
        settings.login_rate_limit_per_minute = 1000;
        settings.continue_rate_limit_per_minute = 1000;
        configure(&mut settings);
        // The site scripts/build.sh writes, as the binary serves it (Leptos.toml).
        let leptos_options = leptos::prelude::LeptosOptions::builder()
            .output_name("pawpass")
            .site_root("target/site")
            .site_addr(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
            .build();
        let app = Application::build(settings, leptos_options)
            .await
            .expect("app builds");
        let address = format!("http://{}", app.address());
        let metrics_address = app.metrics_address().map(|a| format!("http://{a}"));
        let store = Store::connect(database_url, Some(2))
            .await
            .expect("the test's own connection");
        let pool = sqlx::AnyPool::connect(database_url)
            .await
            .expect("the test's own SQL connection");
        let engine = if database_url.starts_with("sqlite:") {
            Engine::Sqlite
        } else {
            Engine::Postgres
        };
        let onboarding = app.state.onboarding.clone();
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        // Dropping the sender (the test ends) is not a shutdown: only `shut_down` is.
        let server = tokio::spawn(app.run_until(async move {
            if stop.await.is_err() {
                std::future::pending::<()>().await;
            }
        }));
        let client = browser();
        Self {
            address,
            metrics_address,
            client,
            store,
            pool,
            engine,
            onboarding,
            database_url: database_url.to_owned(),
            server,
            shutdown: Some(shutdown),
            sqlite_dir,
        }
    }

    /// Stops this instance as SIGTERM does (requests drained, held jobs handed back), keeping
    /// its SQLite directory alive.
    pub async fn shut_down(mut self) -> Option<tempfile::TempDir> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let finished = tokio::time::timeout(Duration::from_secs(30), &mut self.server).await;
        assert!(finished.is_ok(), "the server stops within its drain");
        self.sqlite_dir.take()
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

    /// A page's text as a person reads it (entities decoded).
    pub async fn page_text(&self, path_or_url: &str) -> String {
        html_unescape(&self.get(path_or_url).await.text().await.expect("page body"))
    }

    pub async fn post_form(&self, path_or_url: &str, form: &[(&str, &str)]) -> Response {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_owned()
        } else {
            self.url(path_or_url)
        };
        self.client.post(url).form(form).send().await.expect("POST")
    }

    /// A GET from a browser that asks for `accept` (its `Accept-Language`).
    pub async fn get_accepting(&self, path: &str, accept: &str) -> Response {
        let request = self.client.get(self.url(path));
        let request = request.header(reqwest::header::ACCEPT_LANGUAGE, accept);
        request.send().await.expect("GET")
    }

    /// A form post from a browser that asks for `accept` (its `Accept-Language`).
    pub async fn post_form_accepting(
        &self,
        path: &str,
        form: &[(&str, &str)],
        accept: &str,
    ) -> Response {
        let request = self.client.post(self.url(path)).form(form);
        let request = request.header(reqwest::header::ACCEPT_LANGUAGE, accept);
        request.send().await.expect("POST")
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

    /// Operators' accounts, as `pawpass operator …` keeps them.
    pub fn accounts(&self) -> Accounts {
        Accounts::new(self.store.clone())
    }

    pub async fn add_operator(&self, username: &str, password: &str) {
        self.accounts()
            .add(username, password)
            .await
            .expect("operator added");
    }

    /// Signs in like a browser: the sign-in page first, then its form (it has no token: the
    /// page makes no session).
    pub async fn login(&self, username: &str, password: &str) -> Response {
        let page = self.get("/admin/login").await;
        assert_eq!(page.status(), reqwest::StatusCode::OK, "the sign-in page");
        self.post_form(
            "/admin/login",
            &[("username", username), ("password", password)],
        )
        .await
    }

    /// Submits the walker list's filter form with `search` typed in and the view's other
    /// fields as `fields`; returns the list URL PawPass redirects to.
    pub async fn search_walkers(&self, search: &str, fields: &[(&str, &str)]) -> String {
        let page = self.get("/admin").await.text().await.expect("body");
        let token = csrf_token(&page);
        let mut form = vec![("csrf_token", token.as_str()), ("q", search)];
        form.extend_from_slice(fields);
        let response = self.post_form("/admin/search", &form).await;
        assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER);
        location(&response)
    }

    /// The walker stored under this (normalized) email.
    pub async fn walker_by_email(&self, email: &str) -> Option<WalkerRecord> {
        self.store.walkers().by_email(email).await.expect("query")
    }

    /// Every stored event about this inquiry, oldest first.
    pub async fn events_of(&self, inquiry: &str) -> Vec<EventRecord> {
        self.store
            .events()
            .for_inquiry(&inquiry_id(inquiry))
            .await
            .expect("events")
    }

    /// The status PawPass has stored for the walker with this email.
    pub async fn status_of(&self, email: &str) -> Option<String> {
        let walker = self
            .store
            .walkers()
            .by_email(&email.to_lowercase())
            .await
            .expect("query")?;
        let inquiry_id = walker.current_inquiry_id?;
        Some(
            self.store
                .inquiries()
                .by_id(&inquiry_id)
                .await
                .expect("query")?
                .status
                .to_string(),
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
            .fetch_one(&self.pool)
            .await
            .expect("count")
    }
}
