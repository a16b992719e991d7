//! Persona's OpenAPI spec and fixtures from `shared/persona/`, and schema validation with them.

use std::path::PathBuf;
use std::sync::LazyLock;

use serde_json::Value;

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/persona")
        .join(path)
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
