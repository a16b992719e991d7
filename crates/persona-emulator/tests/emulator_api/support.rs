//! Helpers for the emulator tests: a server on a random port and a JSON client (the webhook
//! receiver is in `receiver.rs`). Everything is checked on raw JSON.

use axum::http::{HeaderMap, StatusCode};
use persona_emulator::{EmulatorConfig, EmulatorOptions};
use serde_json::Value;

use crate::spec::fixture;

/// The fixtures' template id, so fixture request bodies can be sent unchanged.
pub const TEMPLATE_ID: &str = "itmpl_pFJYJyDtGcH216tZkYYiU8jNNRUj";
pub const API_KEY: &str = "persona_sandbox_emulator";

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub struct Emu {
    /// `http://127.0.0.1:port`
    pub origin: String,
    /// Where the emulator is mounted (`""` or e.g. `"/persona"`).
    pub prefix: String,
    pub http: reqwest::Client,
}

/// Default options, but the workflow approves a completed inquiry at once, so tests see
/// `approved` right after completing (`workflow.rs` tests the delay).
pub fn options() -> EmulatorOptions {
    EmulatorOptions {
        approve_after: std::time::Duration::ZERO,
        ..EmulatorOptions::default()
    }
}

pub fn config() -> EmulatorConfig {
    EmulatorConfig {
        template_id: TEMPLATE_ID.to_owned(),
        ..EmulatorConfig::default()
    }
}

impl Emu {
    pub async fn start(config: EmulatorConfig) -> Emu {
        Self::start_at("", config).await
    }

    /// Serves the emulator nested under `prefix`, as the app does.
    pub async fn start_at(prefix: &str, config: EmulatorConfig) -> Emu {
        let emulator = persona_emulator::router_with(config, options())
            .await
            .unwrap();
        let router = match prefix {
            "" => emulator,
            _ => axum::Router::new().nest(prefix, emulator),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Emu {
            origin,
            prefix: prefix.to_owned(),
            http,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.origin, self.prefix, path)
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply {
            status,
            headers,
            json,
        }
    }

    /// GET a path below the emulator's root (`/api/v1/...`).
    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.http.get(self.url(path)).bearer_auth(API_KEY))
            .await
    }

    /// GET a root-relative link returned by the API (`links.next`).
    pub async fn follow(&self, link: &str) -> Reply {
        self.send(
            self.http
                .get(format!("{}{link}", self.origin))
                .bearer_auth(API_KEY),
        )
        .await
    }

    /// POST a raw body with an optional API key and idempotency key.
    pub async fn post_raw(
        &self,
        path: &str,
        body: &str,
        key: Option<&str>,
        idempotency: Option<&str>,
    ) -> Reply {
        let mut request = self
            .http
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body.to_owned());
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(idempotency) = idempotency {
            request = request.header("Idempotency-Key", idempotency);
        }
        self.send(request).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        self.post_raw(path, &body.to_string(), Some(API_KEY), None)
            .await
    }

    /// Creates an inquiry from `body`, asserting 201; returns the response JSON.
    pub async fn create(&self, body: &Value) -> Value {
        let reply = self.post("/api/v1/inquiries", body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:#}", reply.json);
        reply.json
    }

    pub async fn inquiry(&self, id: &str) -> Value {
        let reply = self.get(&format!("/api/v1/inquiries/{id}")).await;
        assert_eq!(reply.status, StatusCode::OK);
        reply.json
    }

    /// GET the Hosted Flow with `query`; returns status and HTML.
    pub async fn page(&self, query: &[(&str, &str)]) -> (StatusCode, String) {
        let response = self
            .http
            .get(self.url("/verify"))
            .query(query)
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    /// POST the Hosted Flow form; returns status, `Location` and HTML.
    pub async fn submit(&self, form: &[(&str, &str)]) -> (StatusCode, Option<String>, String) {
        let response = self
            .http
            .post(self.url("/verify"))
            .form(form)
            .send()
            .await
            .unwrap();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        (response.status(), location, response.text().await.unwrap())
    }
}

/// A create body for `reference` with the fixtures' template.
pub fn create_body(reference: &str) -> Value {
    let mut body = snake_fields(fixture("create-inquiry.request.json"));
    body["meta"]["auto-create-account-reference-id"] = Value::from(reference);
    body
}

/// The fixtures write field keys kebab-case, as versions before 2025-10-27 did; since then they
/// are the template's own keys (snake_case), so current-version tests rename them.
pub fn snake_fields(mut document: Value) -> Value {
    if let Some(fields) = document["data"]["attributes"]["fields"].as_object_mut() {
        *fields = std::mem::take(fields)
            .into_iter()
            .map(|(key, value)| (key.replace('-', "_"), value))
            .collect();
    }
    document
}

/// The `value="…"` of the hidden input `name` in a page.
pub fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no hidden {name} in {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

impl Emu {
    /// An authenticated API call with any method and an optional JSON body.
    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> Reply {
        let mut request = self
            .http
            .request(method, self.url(path))
            .bearer_auth(API_KEY);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        self.send(request).await
    }

    /// An unauthenticated call to the control API (`/_control/...`).
    pub async fn control(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Reply {
        let mut request = self
            .http
            .request(method, self.url(&format!("/_control{path}")));
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        self.send(request).await
    }

    /// Creates an inquiry for `reference` and returns its id.
    pub async fn create_id(&self, reference: &str) -> String {
        self.create(&create_body(reference)).await["data"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The inquiry's status, read through the control API.
    pub async fn status(&self, id: &str) -> String {
        let reply = self
            .control(reqwest::Method::GET, &format!("/inquiries/{id}"), None)
            .await;
        reply.json["data"]["attributes"]["status"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// Starts the emulator with extra options.
pub async fn start_with(config: EmulatorConfig, options: EmulatorOptions) -> Emu {
    let router = persona_emulator::router_with(config, options)
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Emu {
        origin,
        prefix: String::new(),
        http,
    }
}

pub use crate::receiver::{receiver, wait_for, Delivery};
