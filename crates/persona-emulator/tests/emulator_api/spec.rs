//! Persona's OpenAPI spec and fixtures from `docs/persona/`, and schema validation with them.

use std::path::PathBuf;
use std::sync::LazyLock;

use serde_json::Value;

/// Persona's spec and fixtures live at the workspace root, beside its contract.
const PERSONA_DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/persona");

fn shared(path: &str) -> PathBuf {
    PathBuf::from(PERSONA_DOCS).join(path)
}

pub fn fixture(name: &str) -> Value {
    let text =
        std::fs::read_to_string(shared(&format!("fixtures/{name}"))).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

static SPEC: LazyLock<Value> = LazyLock::new(|| {
    let text = std::fs::read_to_string(shared("openapi/2025-12-08/openapi-bundled.yaml"))
        .expect("spec readable");
    serde_yaml::from_str(&text).expect("spec is YAML")
});

/// Validates `instance` against the schema at `path` inside the OpenAPI spec. The schema is
/// wrapped in a document carrying the spec's `components`, so `#/components/...` refs resolve.
pub fn assert_matches_schema(path: &[&str], instance: &Value) {
    let mut schema = path.iter().fold(&*SPEC, |node, key| &node[*key]).clone();
    assert!(schema.is_object(), "no schema at {path:?}");
    schema["components"] = SPEC["components"].clone();
    let validator = jsonschema::draft202012::new(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{path:?} rejects the body:\n{}\n{instance:#}",
        errors.join("\n")
    );
}

pub fn response_schema(
    path: &'static str,
    method: &'static str,
    status: &'static str,
) -> Vec<&'static str> {
    vec![
        "paths",
        path,
        method,
        "responses",
        status,
        "content",
        "application/json",
        "schema",
    ]
}

pub fn request_schema(path: &'static str, method: &'static str) -> Vec<&'static str> {
    vec![
        "paths",
        path,
        method,
        "requestBody",
        "content",
        "application/json",
        "schema",
    ]
}

/// Validates a request body the emulator accepts against the operation's request schema; refs
/// to `#/components/requestBodies/...` are followed.
pub fn assert_request_matches(path: &'static str, method: &'static str, body: &Value) {
    let op = &SPEC["paths"][path][method]["requestBody"];
    if op.is_null() {
        // The operation declares no body; the emulator accepts none, `{}` or `{"meta": {}}`.
        return;
    }
    match op["$ref"].as_str() {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap();
            let owned: &'static str = Box::leak(name.to_owned().into_boxed_str());
            assert_matches_schema(
                &[
                    "components",
                    "requestBodies",
                    owned,
                    "content",
                    "application/json",
                    "schema",
                ],
                body,
            );
        }
        None => assert_matches_schema(&request_schema(path, method), body),
    }
}

/// The webhook body schema for event `name` (e.g. `inquiry.approved`).
pub fn webhook_schema(name: &str) -> Vec<&'static str> {
    let owned: &'static str = Box::leak(name.to_owned().into_boxed_str());
    vec![
        "webhooks",
        owned,
        "post",
        "requestBody",
        "content",
        "application/json",
        "schema",
    ]
}

/// The spec's shared error response schema for an HTTP status.
pub fn error_schema(status: u16) -> Vec<&'static str> {
    let name = match status {
        400 => "bad-request",
        401 => "unauthorized",
        404 => "not-found",
        409 => "conflict",
        422 => "unprocessable-entity",
        429 => "too-many-requests",
        503 => "service-unavailable",
        other => panic!("no error schema for {other}"),
    };
    vec![
        "components",
        "responses",
        name,
        "content",
        "application/json",
        "schema",
    ]
}
