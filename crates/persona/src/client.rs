//! Persona's REST API over reqwest: the calls PawPass makes, with Persona's headers.

use super::error::PersonaError;
use super::wire::{Document, Inquiry};
use reqwest::{header, Method, StatusCode};
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

#[derive(Clone)]
pub struct PersonaClientConfig {
    /// e.g. `https://api.withpersona.com/api/v1`, no trailing slash.
    pub api_base: String,
    pub api_key: String,
    /// Pinned `Persona-Version`, so a change of the key's default version changes nothing here.
    pub version: String,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    /// Attempts for a call that failed in a way that may pass later (network, 429, 5xx).
    pub max_attempts: u32,
}

/// The API key is a secret: `Debug` shows that one is set, never its value.
impl std::fmt::Debug for PersonaClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonaClientConfig")
            .field("api_base", &self.api_base)
            .field("api_key", &"[redacted]")
            .field("version", &self.version)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("max_attempts", &self.max_attempts)
            .finish()
    }
}

/// A create-inquiry request: the template, our walker id as reference, and prefilled fields.
#[derive(Clone, Debug)]
pub struct CreateInquiry {
    pub template_id: String,
    pub reference_id: String,
    pub fields: Vec<(&'static str, String)>,
    /// Where the Hosted Flow sends the person when they finish. Set on the inquiry, so that
    /// every way into the flow (PawPass's link, an operator's one-time link) comes back.
    pub redirect_uri: Option<String>,
}

#[derive(Clone, Debug)]
pub struct PersonaClient {
    http: reqwest::Client,
    config: PersonaClientConfig,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    errors: Vec<ErrorItem>,
}

#[derive(Deserialize)]
struct ErrorItem {
    #[serde(default)]
    title: String,
}

impl PersonaClient {
    pub fn new(config: PersonaClientConfig) -> Result<Self, PersonaError> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(concat!("pawpass/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(PersonaError::Network)?;
        Ok(Self { http, config })
    }

    /// `POST /inquiries`. The idempotency key belongs to the caller's logical operation: a
    /// retry after a lost answer must reuse it so Persona replays the first inquiry.
    pub async fn create_inquiry(
        &self,
        request: &CreateInquiry,
        idempotency_key: &str,
    ) -> Result<Inquiry, PersonaError> {
        let fields: serde_json::Map<String, serde_json::Value> = request
            .fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), json!(v)))
            .collect();
        // The reference goes on the inquiry itself (integrations read it from webhooks and
        // list by it) and names the account Persona creates for the person.
        let mut attributes = json!({
            "inquiry-template-id": request.template_id,
            "reference-id": request.reference_id,
            "fields": fields,
        });
        if let Some(uri) = &request.redirect_uri {
            attributes["redirect-uri"] = json!(uri);
        }
        let body = json!({
            "data": { "attributes": attributes },
            "meta": { "auto-create-account-reference-id": request.reference_id },
        });
        let doc: Document<Inquiry> = self
            .send(
                Method::POST,
                "/inquiries",
                Some(&body),
                Some(idempotency_key),
            )
            .await?;
        Ok(doc.data)
    }

    /// `GET /inquiries/{id}`.
    pub async fn retrieve_inquiry(&self, inquiry_id: &str) -> Result<Inquiry, PersonaError> {
        let path = format!("/inquiries/{}", path_segment(inquiry_id)?);
        let doc: Document<Inquiry> = self.send(Method::GET, &path, None, None).await?;
        Ok(doc.data)
    }

    /// `GET /inquiries?filter[reference-id]=…`: the inquiries Persona holds for one of our
    /// references (a walker id), newest first. How a create whose answer never arrived, or
    /// whose failure Persona keeps replaying for its idempotency key, is found out.
    pub async fn inquiries_for_reference(
        &self,
        reference_id: &str,
    ) -> Result<Vec<Inquiry>, PersonaError> {
        let path = format!(
            "/inquiries?filter%5Breference-id%5D={}",
            path_segment(reference_id)?
        );
        let doc: Document<Vec<Inquiry>> = self.send(Method::GET, &path, None, None).await?;
        Ok(doc.data)
    }

    /// `POST /inquiries/{id}/resume`: the inquiry and a session token for the Hosted Flow. An
    /// answer without a token is an error, because a link without one cannot open a pending
    /// inquiry.
    pub async fn resume_inquiry(
        &self,
        inquiry_id: &str,
    ) -> Result<(Inquiry, String), PersonaError> {
        let path = format!("/inquiries/{}/resume", path_segment(inquiry_id)?);
        let key = uuid::Uuid::new_v4().to_string();
        let doc: Document<Inquiry> = self
            .send(Method::POST, &path, Some(&json!({"meta": {}})), Some(&key))
            .await?;
        let token = doc
            .meta
            .and_then(|meta| meta.session_token)
            .ok_or_else(|| {
                PersonaError::InvalidResponse("resume returned no session token".into())
            })?;
        Ok((doc.data, token))
    }

    pub(super) async fn send<T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
        idempotency_key: Option<&str>,
    ) -> Result<T, PersonaError> {
        let mut attempt = 1;
        loop {
            match self
                .send_once(method.clone(), path, body, idempotency_key)
                .await
            {
                Err(error) if error.is_transient() && attempt < self.config.max_attempts => {
                    let wait = backoff(attempt, &error);
                    tracing::warn!(%method, path, attempt, ?wait, %error, "retrying a Persona call");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn send_once<T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
        idempotency_key: Option<&str>,
    ) -> Result<T, PersonaError> {
        let url = format!("{}{}", self.config.api_base, path);
        let mut request = self
            .http
            .request(method.clone(), &url)
            .bearer_auth(&self.config.api_key)
            .header("Persona-Version", &self.config.version)
            .header("Key-Inflection", "kebab")
            .header(header::ACCEPT, "application/json");
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let started = std::time::Instant::now();
        let operation = operation(&method, path);
        let sent = request.send().await;
        metrics::histogram!("pawpass_persona_request_duration_seconds", "operation" => operation.clone())
            .record(started.elapsed().as_secs_f64());
        let outcome = match &sent {
            Ok(response) => response.status().as_str().to_owned(),
            Err(_) => "network_error".to_owned(),
        };
        metrics::counter!("pawpass_persona_requests_total", "operation" => operation, "outcome" => outcome)
            .increment(1);
        let response = sent.map_err(PersonaError::Network)?;
        let status = response.status();
        let request_id = header_str(response.headers(), "request-id")
            .unwrap_or("-")
            .to_owned();
        // Paths carry only Persona ids, never personal data, so they are safe to log.
        tracing::info!(%method, path, status = status.as_u16(), request_id, "Persona call");
        if status == StatusCode::TOO_MANY_REQUESTS {
            let reset_seconds =
                header_str(response.headers(), "ratelimit-reset").and_then(|v| v.parse().ok());
            return Err(PersonaError::RateLimited { reset_seconds });
        }
        let bytes = response.bytes().await.map_err(PersonaError::Network)?;
        if !status.is_success() {
            let titles = serde_json::from_slice::<ErrorBody>(&bytes)
                .map(|body| body.errors.into_iter().map(|e| e.title).collect())
                .unwrap_or_default();
            return Err(PersonaError::Rejected { status, titles });
        }
        serde_json::from_slice(&bytes).map_err(|e| PersonaError::InvalidResponse(e.to_string()))
    }
}

fn header_str<'a>(headers: &'a header::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The operation a call makes, its ids left out so a metric has a few label values:
/// `POST /inquiries/inq_1/resume` is `POST /inquiries/{id}/resume`.
fn operation(method: &Method, path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| if s.contains('_') { "{id}" } else { s })
        .collect();
    format!("{method} /{}", segments.join("/"))
}

/// Ids go into URL paths; refuse anything that is not a plain Persona id.
pub(super) fn path_segment(id: &str) -> Result<&str, PersonaError> {
    if !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        Ok(id)
    } else {
        Err(PersonaError::InvalidResponse(format!(
            "not a Persona id: {id:?}"
        )))
    }
}

/// Exponential backoff with jitter; a 429 waits at least until Persona's window resets.
fn backoff(attempt: u32, error: &PersonaError) -> Duration {
    use rand::Rng;
    let base = Duration::from_millis(200 * 2u64.pow(attempt.min(6)));
    let jitter =
        Duration::from_millis(rand::thread_rng().gen_range(0..=base.as_millis() as u64 / 2));
    match error {
        PersonaError::RateLimited {
            reset_seconds: Some(secs),
        } => Duration::from_secs((*secs).min(60)).max(base) + jitter,
        _ => base + jitter,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_name_calls_without_their_ids() {
        let cases = [
            (Method::POST, "/inquiries", "POST /inquiries"),
            (Method::GET, "/inquiries/inq_abc", "GET /inquiries/{id}"),
            (
                Method::POST,
                "/inquiries/inq_abc/resume",
                "POST /inquiries/{id}/resume",
            ),
            (
                Method::GET,
                "/accounts?filter%5Breference-id%5D=usr_x",
                "GET /accounts",
            ),
            (Method::DELETE, "/accounts/act_1", "DELETE /accounts/{id}"),
        ];
        for (method, path, want) in cases {
            assert_eq!(operation(&method, path), want);
        }
    }

    #[test]
    fn backoff_grows_and_waits_for_the_rate_limit_window() {
        let network = PersonaError::InvalidResponse(String::new());
        assert!(backoff(1, &network) >= Duration::from_millis(400));
        assert!(backoff(3, &network) >= Duration::from_millis(1600));
        assert!(
            backoff(3, &network) <= Duration::from_millis(2400),
            "jitter is bounded"
        );
        let limited = PersonaError::RateLimited {
            reset_seconds: Some(7),
        };
        assert!(backoff(1, &limited) >= Duration::from_secs(7));
    }

    #[test]
    fn debug_output_never_shows_the_api_key() {
        let config = PersonaClientConfig {
            api_base: "https://api.withpersona.com/api/v1".into(),
            api_key: "persona_production_abcdef123456".into(),
            version: "2025-12-08".into(),
            connect_timeout: Duration::from_secs(1),
            request_timeout: Duration::from_secs(1),
            max_attempts: 1,
        };
        let client = PersonaClient::new(config.clone()).expect("client builds");
        for shown in [format!("{config:?}"), format!("{client:?}")] {
            assert!(!shown.contains("abcdef123456"), "{shown}");
            assert!(shown.contains("[redacted]"), "{shown}");
        }
    }

    #[test]
    fn only_plain_ids_go_into_paths() {
        assert!(path_segment("inq_abc123").is_ok());
        assert!(path_segment("../admin").is_err());
        assert!(path_segment("").is_err());
    }
}
