//! `PATCH /inquiries/{id}`: `note`, `fields`, `tags` and `redirect-uri`, in any status (Persona
//! allows updates since 2024-02); present keys replace, `null` clears, absent keys stay.

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use serde_json::Value;

use super::create_request::parse_fields;
use super::inquiries::apply;
use super::members::{parse_json, Members};
use crate::emulator::Emulator;
use crate::wire::error::ApiError;
use crate::wire::version_and_inflection::VersionAndInflection;

const ATTRIBUTE_KEYS: [&str; 4] = ["note", "fields", "tags", "redirect-uri"];

pub(crate) async fn update(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
    Extension(version): Extension<VersionAndInflection>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let root = parse_json(&body)?;
    let top = Members::new("body", Some(&root), &["data"])?;
    let data = Members::new("data", top.values.get("data").copied(), &["attributes"])?;
    let attributes = Members::new(
        "data.attributes",
        data.values.get("attributes").copied(),
        &ATTRIBUTE_KEYS,
    )?;
    let present = |name: &str| attributes.values.contains_key(name);
    let note = present("note")
        .then(|| attributes.string("note"))
        .transpose()?;
    let redirect = present("redirect-uri")
        .then(|| attributes.string("redirect-uri"))
        .transpose()?;
    let tags = present("tags").then(|| attributes.tags()).transpose()?;
    let fields_value: Option<&Value> = attributes.values.get("fields").copied();
    let fields = parse_fields(fields_value, &emulator.template, version)?;
    apply(&emulator, &id, |state, now| {
        let inquiry = state.inquiries.get_mut(&id).ok_or(ApiError::NotFound)?;
        if inquiry.redacted_at.is_some() {
            return Err(ApiError::Conflict("Inquiry already redacted".into()));
        }
        if let Some(note) = note {
            inquiry.note = note;
        }
        if let Some(redirect) = redirect {
            inquiry.redirect_uri = redirect;
        }
        if let Some(tags) = tags {
            inquiry.tags = tags;
        }
        for (name, value) in fields {
            inquiry.set_field(&name, value);
        }
        inquiry.updated_at = now;
        Ok(())
    })
}
