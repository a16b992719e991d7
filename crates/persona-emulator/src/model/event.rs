//! A recorded event: the exact webhook body (built once, so retries sign the same bytes) plus
//! what `GET /events` filters on.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Event {
    pub id: String,
    pub name: String,
    /// The id of the object in `payload.data` (`filter[object-id]`).
    pub object_id: String,
    pub created_at: DateTime<Utc>,
    pub body: String,
    /// An inquiry event's related objects as they were (its account, its sessions): webhooks of
    /// versions before 2025-10-27 include them in `payload.included`. Absent in older files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<serde_json::Value>,
}
