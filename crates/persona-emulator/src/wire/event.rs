//! Event bodies: the webhook envelope (CONTRACT 10), built once per event so every retry signs
//! the same bytes, and the same event as `GET /events` shows it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::inquiry;
use crate::clock;
use crate::model::event::Event;
use crate::model::inquiry::Inquiry;

/// The webhook event envelope (CONTRACT 10) around an inquiry.
pub(crate) fn inquiry_event(
    id: &str,
    name: &str,
    inq: &Inquiry,
    created_at: DateTime<Utc>,
    context: Option<Value>,
) -> String {
    envelope(id, name, inquiry::resource(inq), created_at, context)
}

/// The envelope around any payload resource (inquiries, simulated verifications).
pub(crate) fn envelope<P: Serialize>(
    id: &str,
    name: &str,
    payload: P,
    created_at: DateTime<Utc>,
    context: Option<Value>,
) -> String {
    #[derive(Serialize)]
    struct Envelope<'a, P> {
        data: EventData<'a, P>,
    }
    #[derive(Serialize)]
    struct EventData<'a, P> {
        #[serde(rename = "type")]
        kind: &'static str,
        id: &'a str,
        attributes: EventAttributes<'a, P>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "kebab-case")]
    struct EventAttributes<'a, P> {
        name: &'a str,
        payload: Payload<P>,
        created_at: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        context: Option<Value>,
    }
    #[derive(Serialize)]
    struct Payload<P> {
        data: P,
        included: [(); 0],
    }
    let envelope = Envelope {
        data: EventData {
            kind: "event",
            id,
            attributes: EventAttributes {
                name,
                payload: Payload {
                    data: payload,
                    included: [],
                },
                created_at: clock::format(created_at),
                context,
            },
        },
    };
    // Plain structs with string keys cannot fail to serialize; log rather than panic regardless.
    serde_json::to_string(&envelope).unwrap_or_else(|err| {
        tracing::error!(%err, "emulator: could not serialize event");
        String::from("{}")
    })
}

/// The event as `GET /events` shows it: the webhook body's `data` without `payload.included`
/// (the spec's `event` schema allows only `payload.data`).
pub(crate) fn resource(event: &Event) -> Value {
    let mut value: Value = serde_json::from_str(&event.body).unwrap_or(Value::Null);
    let mut data = value["data"].take();
    if let Some(payload) = data["attributes"]["payload"].as_object_mut() {
        payload.remove("included");
    }
    data
}
