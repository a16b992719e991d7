//! The parts of Persona's JSON:API bodies PawPass reads. Parsing is lenient on purpose:
//! Persona adds attributes, enum values and event names without a new API version.

use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
pub struct Document<T> {
    pub data: T,
    #[serde(default)]
    pub meta: Option<CreateMeta>,
}

/// `meta` of create and resume answers; every member optional (CONTRACT 7.1).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CreateMeta {
    #[serde(rename = "session-token", default)]
    pub session_token: Option<String>,
    #[serde(rename = "one-time-link", default)]
    pub one_time_link: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Inquiry {
    pub id: String,
    pub attributes: InquiryAttributes,
    #[serde(default)]
    pub relationships: Option<InquiryRelationships>,
}

impl Inquiry {
    /// The Account Persona keeps the person's data under (`meta.auto-create-account-reference-id`
    /// makes one): erasure must redact it as well as the inquiries.
    pub fn account_id(&self) -> Option<&str> {
        let account = self.relationships.as_ref()?.account.as_ref()?;
        Some(account.data.as_ref()?.id.as_str())
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct InquiryRelationships {
    #[serde(default)]
    pub account: Option<ToOne>,
}

/// A JSON:API to-one relationship: `{"data": {"type": …, "id": …}}` or `{"data": null}`.
#[derive(Clone, Debug, Deserialize)]
pub struct ToOne {
    #[serde(default)]
    pub data: Option<Reference>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Reference {
    pub id: String,
}

/// A Persona Account (`act_…`): the person across their inquiries, found by reference id.
#[derive(Clone, Debug, Deserialize)]
pub struct Account {
    pub id: String,
    #[serde(default)]
    pub attributes: Option<AccountAttributes>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct AccountAttributes {
    #[serde(rename = "reference-id", default)]
    pub reference_id: Option<String>,
    #[serde(rename = "redacted-at", default)]
    pub redacted_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct InquiryAttributes {
    pub status: String,
    #[serde(rename = "reference-id", default)]
    pub reference_id: Option<String>,
    #[serde(rename = "created-at", default)]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(rename = "updated-at", default)]
    pub updated_at: Option<DateTime<Utc>>,
}

/// A webhook body: `{"data":{"type":"event","id":"evt_…","attributes":{…}}}`.
#[derive(Clone, Debug, Deserialize)]
pub struct WebhookEvent {
    pub data: EventData,
}

#[derive(Clone, Debug, Deserialize)]
pub struct EventData {
    pub id: String,
    pub attributes: EventAttributes,
}

#[derive(Clone, Debug, Deserialize)]
pub struct EventAttributes {
    pub name: String,
    /// Each webhook inflects its body's keys by its own setting (kebab, camel or snake), so
    /// every casing is read.
    #[serde(rename = "created-at", alias = "createdAt", alias = "created_at")]
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub payload: Option<EventPayload>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct EventPayload {
    pub data: Option<PayloadObject>,
}

/// The object an event is about. Only inquiries carry a status PawPass applies; other types
/// (inquiry sessions, verifications) are kept with the event and not interpreted.
#[derive(Clone, Debug, Deserialize)]
pub struct PayloadObject {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    #[serde(default)]
    pub attributes: Option<PayloadAttributes>,
}

/// What PawPass reads of that object's attributes. Everything else (most of a body: fields,
/// behaviours, relationships) is skipped by the parser instead of being built into a JSON tree.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PayloadAttributes {
    #[serde(default, deserialize_with = "text_or_nothing")]
    pub status: Option<String>,
}

/// A string, or `None` for anything else: an odd value is not worth refusing the event for.
fn text_or_nothing<'de, D: serde::Deserializer<'de>>(value: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Loose {
        Text(String),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Loose::deserialize(value)? {
        Loose::Text(text) => Some(text),
        Loose::Other(_) => None,
    })
}

impl WebhookEvent {
    /// The inquiry and its status, when the event is about an inquiry.
    pub fn inquiry_status(&self) -> Option<(&str, &str)> {
        let object = self.data.attributes.payload.as_ref()?.data.as_ref()?;
        if object.kind != "inquiry" {
            return None;
        }
        let status = object.attributes.as_ref()?.status.as_deref()?;
        Some((object.id.as_str(), status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str =
        include_str!("../../../docs/persona/fixtures/webhook/inquiry-approved.body.raw");

    #[test]
    fn reads_the_approved_fixture() {
        let event: WebhookEvent = serde_json::from_str(FIXTURE).expect("fixture parses");
        assert_eq!(event.data.id, "evt_xEGFNKwTDfCWMCPsFuVFDYui9GCo");
        assert_eq!(event.data.attributes.name, "inquiry.approved");
        assert_eq!(
            event.inquiry_status(),
            Some(("inq_jZcgCSVyBZLrtB7i9jdz99N4gdgi", "approved"))
        );
        assert_eq!(
            event.data.attributes.created_at.timestamp_millis(),
            1_765_386_545_412
        );
    }

    /// The fixture's keys as a webhook configured for camel or snake case inflects them.
    #[test]
    fn reads_webhooks_in_every_key_inflection() {
        for created_at in ["createdAt", "created_at"] {
            let body = FIXTURE.replace("\"created-at\"", &format!("\"{created_at}\""));
            assert_ne!(body, FIXTURE);
            let event: WebhookEvent = serde_json::from_str(&body).expect("parses");
            assert_eq!(
                event.data.attributes.created_at.timestamp_millis(),
                1_765_386_545_412
            );
            assert_eq!(
                event.inquiry_status(),
                Some(("inq_jZcgCSVyBZLrtB7i9jdz99N4gdgi", "approved"))
            );
        }
    }

    #[test]
    fn an_odd_status_value_leaves_the_event_readable_without_a_status() {
        let body = r#"{"data":{"id":"evt_1","attributes":{"name":"inquiry.approved",
            "created-at":"2030-01-01T00:00:00.000Z","payload":{"data":{"type":"inquiry",
            "id":"inq_1","attributes":{"status":{"odd":true},"fields":{"a":[1,2]}}}}}}}"#;
        let event: WebhookEvent = serde_json::from_str(body).expect("parses");
        assert_eq!(event.data.id, "evt_1");
        assert_eq!(event.inquiry_status(), None);
    }

    proptest::proptest! {
        /// Any bytes: an event or a parse error, never a panic.
        #[test]
        fn any_body_is_answered(body in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = serde_json::from_slice::<WebhookEvent>(&body);
        }

        /// Envelopes as any webhook setting writes them, with fields PawPass does not read
        /// and odd values where it does not care: each is read, with its inquiry when it has one.
        #[test]
        fn envelopes_in_any_casing_and_shape_are_read(
            created_at in proptest::sample::select(vec!["created-at", "createdAt", "created_at"]),
            kind in proptest::sample::select(vec!["inquiry", "inquiry-session", "verification/government-id"]),
            status in proptest::option::of("[a-z_]{1,12}"),
            extra in "[a-z-]{1,10}",
            millis in 0i64..4_102_444_800_000,
        ) {
            let stamp = DateTime::<Utc>::from_timestamp_millis(millis).expect("in range");
            let status_json = status.as_ref().map_or("null".to_owned(), |s| format!("\"{s}\""));
            let body = format!(
                r#"{{"data":{{"type":"event","id":"evt_1","attributes":{{"name":"inquiry.approved",
                "{created_at}":"{}","{extra}":[1,{{}}],"payload":{{"data":{{"type":"{kind}",
                "id":"inq_1","attributes":{{"status":{status_json},"{extra}":true}}}}}}}}}}}}"#,
                stamp.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            );
            let event: WebhookEvent = serde_json::from_str(&body).map_err(|e| {
                proptest::test_runner::TestCaseError::fail(format!("{e}: {body}"))
            })?;
            proptest::prop_assert_eq!(event.data.attributes.created_at, stamp);
            let expected = (kind == "inquiry").then_some(()).and(status.as_deref()).map(|s| ("inq_1", s));
            proptest::prop_assert_eq!(event.inquiry_status(), expected);
        }
    }
}
