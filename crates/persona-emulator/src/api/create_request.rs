//! Parsing and validating `POST /inquiries` bodies. Persona accepts keys in kebab, snake or camel
//! case and rejects unknown `data.attributes` and `meta` keys (SPEC: `additionalProperties: false`);
//! keys inside `fields` are the template's own since API version 2025-10-27.

use serde_json::Value;

use super::members::{parse_json, Members};
use crate::lifecycle::flow::NewInquiry;
use crate::model::inquiry::{is_valid_date, ExpiryOverrides};
use crate::model::template::Template;
use crate::wire::error::ApiError;
use crate::wire::version_and_inflection::VersionAndInflection;

const ATTRIBUTE_KEYS: [&str; 13] = [
    "template-id",
    "inquiry-template-id",
    "inquiry-template-version-id",
    "reference-id",
    "account-id",
    "creator-email-address",
    "theme-id",
    "theme-set-id",
    "redirect-uri",
    "note",
    "fields",
    "tags",
    "initial-step-name",
];

const META_KEYS: [&str; 9] = [
    "auto-create-account",
    "auto-create-account-type-id",
    "auto-create-account-reference-id",
    "auto-create-inquiry-session",
    "auto-create-one-time-link",
    "expiration-after-create-interval-seconds",
    "expiration-after-start-interval-seconds",
    "expiration-after-resume-interval-seconds",
    "one-time-link-expiration-seconds",
];

/// A valid create request: the inquiry, plus what to hand out with it.
#[derive(Debug)]
pub(crate) struct CreateRequest {
    pub inquiry: NewInquiry,
    pub auto_create_session: bool,
    pub auto_create_link: bool,
    pub link_lifetime_secs: Option<i64>,
}

/// Checks that the request names `template` (the only one the emulator has).
fn check_template(attributes: &Members<'_>, template: &Template) -> Result<(), ApiError> {
    let given = [
        ("inquiry-template-id", "itmpl_", template.id.as_str()),
        (
            "inquiry-template-version-id",
            "itmplv_",
            template.version_id.as_str(),
        ),
        // Legacy templates do not exist in the emulator; any well-formed id is unknown.
        ("template-id", "tmpl_", ""),
    ];
    let mut found = None;
    for (name, prefix, known) in given {
        if let Some(id) = attributes.string(name)? {
            if found.is_some() {
                return Err(ApiError::bad_request(
                    "Pass only one of data.attributes.inquiry_template_id, inquiry_template_version_id or template_id",
                ));
            }
            found = Some((name, prefix, known, id));
        }
    }
    let Some((name, prefix, known, id)) = found else {
        return Err(ApiError::bad_request(
            "data.attributes.inquiry_template_id, inquiry_template_version_id or template_id is required",
        ));
    };
    if !id.starts_with(prefix) {
        let snake = name.replace('-', "_");
        let prefix = prefix.trim_end_matches('_');
        return Err(ApiError::bad_request(format!(
            "data.attributes.{snake} must start with {prefix} (sent '{id}')"
        )));
    }
    if id != known {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// `data.attributes.fields`: template field key -> value. Since API version 2025-10-27 keys are
/// taken exactly as sent (`name-first` is not a field of a template keyed `name_first`); older
/// versions inflected field keys like every other key, so they are read in any casing.
pub(crate) fn parse_fields(
    value: Option<&Value>,
    template: &Template,
    version: VersionAndInflection,
) -> Result<Vec<(String, Option<String>)>, ApiError> {
    let object = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Object(object)) => object,
        Some(_) => {
            return Err(ApiError::bad_request(
                "data.attributes.fields must be an object",
            ))
        }
    };
    let mut fields: Vec<(String, Option<String>)> = Vec::with_capacity(object.len());
    for (key, value) in object {
        // A JSON pointer escapes `~` and `/` inside a member name (RFC 6901).
        let pointer = format!(
            "/data/attributes/fields/{}",
            key.replace('~', "~0").replace('/', "~1")
        );
        let def = if version.inflects_field_keys() {
            template.field_in_any_casing(key)
        } else {
            template.field(key)
        };
        let def = def.ok_or_else(|| {
            ApiError::unprocessable(
                format!("Field '{key}' is not defined on the inquiry template"),
                &pointer,
            )
        })?;
        if fields.iter().any(|(name, _)| name == def.name) {
            return Err(ApiError::bad_request(format!(
                "Duplicate parameter: data.attributes.fields.{key}"
            )));
        }
        let value = match value {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            _ => {
                return Err(ApiError::unprocessable(
                    format!("Field '{key}' must be a string or null"),
                    pointer,
                ))
            }
        };
        if def.kind == "date" && value.as_deref().is_some_and(|v| !is_valid_date(v)) {
            return Err(ApiError::unprocessable(
                format!("Invalid {key} format, expected YYYY-MM-DD"),
                pointer,
            ));
        }
        fields.push((def.name.to_owned(), value));
    }
    Ok(fields)
}

pub(crate) fn parse_create(
    body: &[u8],
    template: &Template,
    version: VersionAndInflection,
) -> Result<CreateRequest, ApiError> {
    let root = parse_json(body)?;
    let root = root
        .as_object()
        .ok_or_else(|| ApiError::bad_request("Request body must be a JSON object"))?;
    let data = match root.get("data") {
        Some(Value::Object(data)) => data,
        _ => {
            return Err(ApiError::bad_request(
                "data is required and must be an object",
            ))
        }
    };
    let attributes = Members::new("data.attributes", data.get("attributes"), &ATTRIBUTE_KEYS)?;
    let meta = Members::new("meta", root.get("meta"), &META_KEYS)?;
    check_template(&attributes, template)?;

    let meta_reference = meta.string("auto-create-account-reference-id")?;
    let auto_create_account = meta.boolean("auto-create-account")?.unwrap_or(true);
    if !auto_create_account && meta_reference.is_some() {
        return Err(ApiError::bad_request(
            "meta.auto_create_account_reference_id cannot be passed when meta.auto_create_account is false",
        ));
    }
    let attribute_reference = attributes.string("reference-id")?;
    if let (Some(a), Some(m)) = (&attribute_reference, &meta_reference) {
        if a != m {
            return Err(ApiError::bad_request(
                "data.attributes.reference_id and meta.auto_create_account_reference_id differ",
            ));
        }
    }
    // Validated for type only; the emulator has no themes or account types.
    for name in [
        "creator-email-address",
        "theme-id",
        "theme-set-id",
        "initial-step-name",
    ] {
        attributes.string(name)?;
    }
    meta.string("auto-create-account-type-id")?;

    let inquiry = NewInquiry {
        reference_id: meta_reference.or(attribute_reference),
        account_id: attributes.string("account-id")?,
        auto_create_account,
        fields: parse_fields(attributes.values.get("fields").copied(), template, version)?,
        note: attributes.string("note")?,
        redirect_uri: attributes.string("redirect-uri")?,
        tags: attributes.tags()?,
        expiry: ExpiryOverrides {
            after_create_secs: meta.seconds("expiration-after-create-interval-seconds")?,
            after_start_secs: meta.seconds("expiration-after-start-interval-seconds")?,
            after_resume_secs: meta.seconds("expiration-after-resume-interval-seconds")?,
        },
    };
    Ok(CreateRequest {
        inquiry,
        auto_create_session: meta
            .boolean("auto-create-inquiry-session")?
            .unwrap_or(false),
        auto_create_link: meta.boolean("auto-create-one-time-link")?.unwrap_or(false),
        link_lifetime_secs: meta.seconds("one-time-link-expiration-seconds")?,
    })
}
