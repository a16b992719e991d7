//! The inquiry session as Persona's `inquiry-session` schema shows it: the payload of the
//! `inquiry-session.*` events. The emulator knows nothing of devices or networks, so those
//! attributes are `null` and `device`/`network` relate to nothing.

use serde_json::{json, Value};

use crate::clock;
use crate::model::session::Session;

pub(crate) fn resource(session: &Session) -> Value {
    let mut attributes = json!({
        "status": session.status.as_str(),
        "created-at": clock::format(session.created_at),
        "started-at": session.started_at.map(clock::format),
        "expired-at": session.expired_at.map(clock::format),
    });
    for name in [
        "ip-address",
        "user-agent",
        "os-name",
        "os-full-version",
        "device-type",
        "device-name",
        "browser-name",
        "browser-full-version",
        "mobile-sdk-name",
        "mobile-sdk-full-version",
        "device-handoff-method",
        "is-proxy",
        "is-tor",
        "is-datacenter",
        "is-vpn",
        "threat-level",
        "country-code",
        "country-name",
        "region-code",
        "region-name",
        "latitude",
        "longitude",
        "gps-latitude",
        "gps-longitude",
        "gps-precision",
        "ip-connection-type",
        "ip-isp",
        "network-organization",
    ] {
        attributes[name] = Value::Null;
    }
    json!({
        "type": "inquiry-session",
        "id": session.id,
        "attributes": attributes,
        "relationships": {
            "inquiry": {"data": {"type": "inquiry", "id": session.inquiry_id}},
            "device": {"data": null},
            "network": {"data": null},
        },
    })
}
