//! Persona's JSON:API wire format (kebab-case keys, the template's own keys inside `fields`, every
//! attribute and relationship present, nullable ones `null`). Structs rather than `json!` so keys
//! keep Persona's order.

use chrono::{DateTime, Utc};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::clock::wire_format;
use crate::model::inquiry::{FieldValue, Inquiry, Related};

/// Keys Persona shows in `behaviors` on a fresh inquiry; the emulator has no risk signals.
const BEHAVIOR_KEYS: [&str; 14] = [
    "request-spoof-attempts",
    "user-agent-spoof-attempts",
    "distraction-events",
    "hesitation-baseline",
    "hesitation-count",
    "hesitation-time",
    "shortcut-copies",
    "shortcut-pastes",
    "autofill-cancels",
    "autofill-starts",
    "devtools-open",
    "completion-time",
    "hesitation-percentage",
    "behavior-threat-level",
];

#[derive(Serialize)]
pub(crate) struct InquiryResource<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    attributes: Attributes<'a>,
    relationships: Relationships<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Attributes<'a> {
    status: &'static str,
    reference_id: Option<&'a str>,
    note: Option<&'a str>,
    behaviors: Behaviors,
    tags: &'a [String],
    creator: &'a str,
    reviewer_comment: Option<&'a str>,
    #[serde(serialize_with = "wire_format::required")]
    created_at: DateTime<Utc>,
    #[serde(serialize_with = "wire_format::required")]
    updated_at: DateTime<Utc>,
    #[serde(serialize_with = "wire_format::optional")]
    started_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "wire_format::optional")]
    expires_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "wire_format::optional")]
    completed_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "wire_format::optional")]
    failed_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "wire_format::optional")]
    marked_for_review_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "wire_format::optional")]
    decisioned_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "wire_format::optional")]
    expired_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "wire_format::optional")]
    redacted_at: Option<DateTime<Utc>>,
    previous_step_name: Option<&'a str>,
    next_step_name: Option<&'a str>,
    fields: Fields<'a>,
}

struct Behaviors;

impl Serialize for Behaviors {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(BEHAVIOR_KEYS.len()))?;
        for key in BEHAVIOR_KEYS {
            map.serialize_entry(key, &())?;
        }
        map.end()
    }
}

/// `{"name_first": {"type": "string", "value": …}, …}` in template order, under the template's
/// keys (`version_and_inflection` inflects them for versions before 2025-10-27).
struct Fields<'a>(&'a [FieldValue]);

#[derive(Serialize)]
struct TypedValue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    value: Option<&'a str>,
}

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for field in self.0 {
            let value = TypedValue {
                kind: field.def.kind,
                value: field.value.as_deref(),
            };
            map.serialize_entry(field.def.name, &value)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Identifier<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    id: &'a str,
}

#[derive(Serialize)]
struct ToOne<'a> {
    data: Option<Identifier<'a>>,
}

#[derive(Serialize)]
struct ToMany<'a> {
    data: Vec<Identifier<'a>>,
}

fn to_one<'a>(kind: &'a str, id: &'a str) -> ToOne<'a> {
    ToOne {
        data: Some(Identifier { kind, id }),
    }
}

const NONE: ToOne<'static> = ToOne { data: None };
const EMPTY: ToMany<'static> = ToMany { data: Vec::new() };

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Relationships<'a> {
    account: ToOne<'a>,
    template: ToOne<'a>,
    inquiry_template: ToOne<'a>,
    inquiry_template_version: ToOne<'a>,
    transaction: ToOne<'a>,
    reviewer: ToOne<'a>,
    reports: ToMany<'a>,
    verifications: ToMany<'a>,
    sessions: ToMany<'a>,
    documents: ToMany<'a>,
    selfies: ToMany<'a>,
}

pub(crate) fn resource(inq: &Inquiry) -> InquiryResource<'_> {
    let reviewer = match &inq.reviewer {
        Some(Related { kind, id }) => to_one(kind, id),
        None => NONE,
    };
    let sessions = inq.session_ids.iter().map(|id| Identifier {
        kind: "inquiry-session",
        id,
    });
    InquiryResource {
        kind: "inquiry",
        id: &inq.id,
        attributes: Attributes {
            status: inq.status.as_str(),
            reference_id: inq.reference_id.as_deref(),
            note: inq.note.as_deref(),
            behaviors: Behaviors,
            tags: &inq.tags,
            creator: &inq.creator,
            reviewer_comment: inq.reviewer_comment.as_deref(),
            created_at: inq.created_at,
            updated_at: inq.updated_at,
            started_at: inq.started_at,
            expires_at: inq.expires_at,
            completed_at: inq.completed_at,
            failed_at: inq.failed_at,
            marked_for_review_at: inq.marked_for_review_at,
            decisioned_at: inq.decisioned_at,
            expired_at: inq.expired_at,
            redacted_at: inq.redacted_at,
            previous_step_name: inq.previous_step_name.as_deref(),
            next_step_name: inq.next_step_name.as_deref(),
            fields: Fields(&inq.fields),
        },
        relationships: Relationships {
            account: match &inq.account_id {
                Some(id) => to_one("account", id),
                None => NONE,
            },
            template: NONE,
            inquiry_template: to_one("inquiry-template", &inq.template_id),
            inquiry_template_version: to_one("inquiry-template-version", &inq.template_version_id),
            transaction: NONE,
            reviewer,
            reports: EMPTY,
            verifications: ToMany {
                data: inq
                    .verifications
                    .iter()
                    .map(|v| Identifier {
                        kind: &v.kind,
                        id: &v.id,
                    })
                    .collect(),
            },
            sessions: ToMany {
                data: sessions.collect(),
            },
            documents: EMPTY,
            selfies: EMPTY,
        },
    }
}

/// `meta` of create responses: all three members always present.
#[derive(Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct CreateMeta {
    pub session_token: Option<String>,
    pub one_time_link: Option<String>,
    pub one_time_link_short: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct SessionMeta {
    pub session_token: String,
}

/// A single-inquiry document: `{"data", "included": [], "meta"?}`.
#[derive(Serialize)]
pub(crate) struct Document<'a, M: Serialize> {
    pub data: InquiryResource<'a>,
    pub included: [(); 0],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<M>,
}

pub(crate) fn document<M: Serialize>(inq: &Inquiry, meta: Option<M>) -> Document<'_, M> {
    Document {
        data: resource(inq),
        included: [],
        meta,
    }
}

#[derive(Serialize)]
pub(crate) struct Links {
    pub prev: Option<String>,
    pub next: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct ListDocument<'a> {
    pub data: Vec<InquiryResource<'a>>,
    pub links: Links,
}
