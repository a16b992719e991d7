//! Reading JSON request bodies the way Persona does: keys in kebab, snake or camel case, unknown
//! keys refused, each member type-checked with an error naming it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::wire::error::ApiError;

/// The longest interval a `…-seconds` member takes: 100 years of 365 days. Persona documents no
/// bound; an emulator choice that keeps every derived timestamp a valid `date-time`.
pub(crate) const MAX_SECONDS: i64 = 100 * 365 * 24 * 60 * 60;

/// `nameFirst` / `name_first` / `name-first` -> `name-first`.
pub(crate) fn kebab(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        match c {
            '_' => out.push('-'),
            c if c.is_ascii_uppercase() => {
                out.push('-');
                out.push(c.to_ascii_lowercase());
            }
            c => out.push(c),
        }
    }
    out
}

/// Parses a request body as JSON; an empty body counts as `{}`.
pub(crate) fn parse_json(body: &[u8]) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(body)
        .map_err(|err| ApiError::bad_request(format!("Request body is not valid JSON: {err}")))
}

/// An object's members keyed by kebab-case name, rejecting names outside `allowed`.
pub(crate) struct Members<'a> {
    scope: &'static str,
    pub values: BTreeMap<String, &'a Value>,
}

impl<'a> Members<'a> {
    pub(crate) fn new(
        scope: &'static str,
        value: Option<&'a Value>,
        allowed: &[&str],
    ) -> Result<Self, ApiError> {
        let mut values = BTreeMap::new();
        let object = match value {
            None | Some(Value::Null) => return Ok(Members { scope, values }),
            Some(Value::Object(object)) => object,
            Some(_) => return Err(ApiError::bad_request(format!("{scope} must be an object"))),
        };
        for (key, value) in object {
            let name = kebab(key);
            if !allowed.contains(&name.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "Unpermitted parameter: {scope}.{key}"
                )));
            }
            if values.insert(name, value).is_some() {
                return Err(ApiError::bad_request(format!(
                    "Duplicate parameter: {scope}.{key}"
                )));
            }
        }
        Ok(Members { scope, values })
    }

    fn invalid(&self, name: &str, what: &str) -> ApiError {
        ApiError::bad_request(format!(
            "{}.{} must be {what}",
            self.scope,
            name.replace('-', "_")
        ))
    }

    pub(crate) fn string(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.values.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.invalid(name, "a string")),
        }
    }

    pub(crate) fn boolean(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.values.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.invalid(name, "a boolean")),
        }
    }

    /// A number of seconds, 0 to [`MAX_SECONDS`]: an interval further out than that would make
    /// a timestamp past year 9999 (not an RFC 3339 `date-time`) or overflow the clock.
    pub(crate) fn seconds(&self, name: &str) -> Result<Option<i64>, ApiError> {
        match self.values.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .filter(|s| (0..=MAX_SECONDS).contains(s))
                .map(Some)
                .ok_or_else(|| {
                    self.invalid(
                        name,
                        &format!("a non-negative integer of at most {MAX_SECONDS} (100 years)"),
                    )
                }),
            Some(_) => Err(self.invalid(name, "an integer")),
        }
    }

    pub(crate) fn tags(&self) -> Result<Vec<String>, ApiError> {
        self.string_list("tags")
    }

    /// An array of strings; absent or `null` is empty.
    pub(crate) fn string_list(&self, name: &str) -> Result<Vec<String>, ApiError> {
        match self.values.get(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| {
                    item.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| self.invalid(name, "an array of strings"))
                })
                .collect(),
            Some(_) => Err(self.invalid(name, "an array of strings")),
        }
    }
}
