//! The JSON a client or webhook asked for (CONTRACT 1, 5 and 10): `Key-Inflection:
//! kebab|camel|snake` re-cases keys, and a `Persona-Version` older than 2025-10-27 also gets the
//! inquiry's PII flat in `attributes` and its related objects in `included`. The emulator writes
//! current-version JSON (kebab-case keys, the template's own snake_case keys inside `fields`,
//! `included` empty) and rewrites it here when asked. Since 2025-10-27 the keys inside `fields`
//! are never inflected; older versions inflect them like every other key.

use axum::body::{to_bytes, Body};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use serde_json::{Map, Value};

use super::error::ApiError;
use crate::model::webhook::WebhookEndpoint;

const MODERN: [&str; 2] = ["2025-12-08", "2025-10-27"];
const LEGACY: [&str; 6] = [
    "2023-01-05",
    "2022-09-01",
    "2021-08-18",
    "2021-07-05",
    "2021-02-21",
    "2020-05-18",
];
/// Template fields older versions also show flat in `attributes` (as attribute keys, kebab-case
/// before inflection).
const FLAT_FIELDS: [&str; 12] = [
    "name_first",
    "name_middle",
    "name_last",
    "birthdate",
    "email_address",
    "phone_number",
    "address_street_1",
    "address_street_2",
    "address_city",
    "address_subdivision",
    "address_postal_code",
    "identification_number",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Inflection {
    Kebab,
    Snake,
    Camel,
}

/// Whether a map's keys are field names (the members of `fields`), which current versions leave
/// as they are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keys {
    Attributes,
    FieldNames,
}

/// An API version (current, or legacy with flat PII) and a key inflection.
#[derive(Clone, Copy)]
pub(crate) struct VersionAndInflection {
    inflection: Inflection,
    legacy: bool,
}

impl VersionAndInflection {
    /// From the `Persona-Version` and `Key-Inflection` request headers.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Result<Self, ApiError> {
        let get = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        };
        Self::from_settings(get("persona-version"), get("key-inflection"))
    }

    /// A webhook's own version and casing, which its payloads use (not the API key's).
    pub(crate) fn for_webhook(endpoint: &WebhookEndpoint) -> Result<Self, ApiError> {
        Self::from_settings(
            endpoint.api_version.as_deref(),
            endpoint.key_inflection.as_deref(),
        )
    }

    /// From a version and an inflection (request headers, or a webhook's settings).
    pub(crate) fn from_settings(
        version: Option<&str>,
        inflection: Option<&str>,
    ) -> Result<Self, ApiError> {
        let legacy = match version {
            None => false,
            Some(v) if MODERN.contains(&v) => false,
            Some(v) if LEGACY.contains(&v) => true,
            Some(v) => {
                return Err(ApiError::bad_request(format!(
                    "Persona-Version '{v}' is not a valid API version"
                )))
            }
        };
        let inflection = match inflection {
            None | Some("kebab") => Inflection::Kebab,
            Some("snake") => Inflection::Snake,
            Some("camel") => Inflection::Camel,
            Some(v) => {
                return Err(ApiError::bad_request(format!(
                    "Key-Inflection '{v}' must be one of kebab, camel, snake"
                )))
            }
        };
        Ok(VersionAndInflection { inflection, legacy })
    }

    /// Whether field keys are inflected like other keys, which also means a request's field
    /// keys may come in any casing (versions before 2025-10-27).
    pub(crate) fn inflects_field_keys(self) -> bool {
        self.legacy
    }

    fn is_default(self) -> bool {
        self.inflection == Inflection::Kebab && !self.legacy
    }

    /// Rewrites a JSON response body; other responses pass through. `related` gives the objects
    /// a document's `data` includes by default in versions before 2025-10-27.
    pub(crate) async fn rewrite_response(
        self,
        response: Response,
        related: impl FnOnce(&Value) -> Vec<Value>,
    ) -> Response {
        let is_json = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
        if self.is_default() || !is_json {
            return response;
        }
        let (mut parts, body) = response.into_parts();
        let Ok(bytes) = to_bytes(body, usize::MAX).await else {
            return Response::from_parts(parts, Body::empty());
        };
        let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
            return Response::from_parts(parts, Body::from(bytes));
        };
        if self.legacy {
            if let Some(Value::Array(included)) = value.get("included") {
                // Only a document nobody filled yet (lists and errors have no `included`).
                if included.is_empty() {
                    let objects = related(&value["data"]);
                    value["included"] = Value::Array(objects);
                }
            }
        }
        let value = self.rewrite(value);
        let text = serde_json::to_vec(&value).unwrap_or_else(|_| bytes.to_vec());
        parts.headers.remove(header::CONTENT_LENGTH);
        Response::from_parts(parts, Body::from(text))
    }

    /// Rewrites a response document or a webhook event body.
    pub(crate) fn rewrite(self, mut value: Value) -> Value {
        if self.is_default() {
            return value;
        }
        // `get_mut`, not indexing: indexing would add a `data` member to error bodies.
        if let (true, Some(data)) = (self.legacy, value.get_mut("data")) {
            flatten(data);
            let payload = data
                .get_mut("attributes")
                .and_then(|a| a.get_mut("payload"));
            if let Some(payload_data) = payload.and_then(|p| p.get_mut("data")) {
                flatten(payload_data);
            }
        }
        self.rekey(value, Keys::Attributes)
    }

    /// A webhook body in this version and casing (the stored body is kebab, current version,
    /// `payload.included` empty); versions before 2025-10-27 include the event's `related`.
    pub(crate) fn rewrite_event(self, body: &str, related: &[Value]) -> String {
        if self.is_default() {
            return body.to_owned();
        }
        match serde_json::from_str::<Value>(body) {
            Ok(mut value) => {
                let included = value.pointer_mut("/data/attributes/payload/included");
                if let (true, Some(Value::Array(included))) = (self.legacy, included) {
                    included.extend_from_slice(related);
                }
                serde_json::to_string(&self.rewrite(value)).unwrap_or_else(|_| body.to_owned())
            }
            Err(_) => body.to_owned(),
        }
    }

    /// `key` (kebab-case, or a snake_case field key) in this inflection.
    fn key(self, key: &str) -> String {
        let words = key.split(['-', '_']);
        match self.inflection {
            Inflection::Kebab => words.collect::<Vec<_>>().join("-"),
            Inflection::Snake => words.collect::<Vec<_>>().join("_"),
            Inflection::Camel => {
                let mut out = String::with_capacity(key.len());
                for (index, word) in words.enumerate() {
                    let mut chars = word.chars();
                    match chars.next() {
                        Some(first) if index > 0 => {
                            out.push(first.to_ascii_uppercase());
                            out.extend(chars);
                        }
                        _ => out.push_str(word),
                    }
                }
                out
            }
        }
    }

    /// Re-cases keys; field names (the members of a `fields` object) stay as they are unless
    /// the version is legacy.
    fn rekey(self, value: Value, keys: Keys) -> Value {
        match value {
            Value::Object(map) => {
                let mut out = Map::with_capacity(map.len());
                for (key, value) in map {
                    if keys == Keys::FieldNames {
                        // A field's value is kept whole: an account's `name` holds `first`,
                        // its `address` `street_1`, never inflected (SPEC `account`).
                        let new_key = if self.legacy { self.key(&key) } else { key };
                        out.insert(new_key, value);
                        continue;
                    }
                    let child_keys = if key == "fields" {
                        Keys::FieldNames
                    } else {
                        Keys::Attributes
                    };
                    out.insert(self.key(&key), self.rekey(value, child_keys));
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|v| self.rekey(v, Keys::Attributes))
                    .collect(),
            ),
            other => other,
        }
    }
}

/// Adds the flat PII attributes of pre-2025-10-27 versions to each inquiry in `data`.
fn flatten(data: &mut Value) {
    if let Value::Array(items) = data {
        items.iter_mut().for_each(flatten);
        return;
    }
    if data["type"] != "inquiry" {
        return;
    }
    let fields = data["attributes"]["fields"].clone();
    if let Some(attributes) = data["attributes"].as_object_mut() {
        for key in FLAT_FIELDS {
            let value = fields[key]["value"].clone();
            attributes.insert(key.replace('_', "-"), value);
        }
    }
}
