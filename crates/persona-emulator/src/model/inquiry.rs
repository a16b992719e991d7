//! Inquiries and their statuses. Their JSON lives in `wire/inquiry.rs`; their transitions in
//! `lifecycle/`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::template::{kyc_field_in_any_casing, FieldDef};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    Created,
    Pending,
    Completed,
    Failed,
    Expired,
    NeedsReview,
    Approved,
    Declined,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Pending => "pending",
            Status::Completed => "completed",
            Status::Failed => "failed",
            Status::Expired => "expired",
            Status::NeedsReview => "needs_review",
            Status::Approved => "approved",
            Status::Declined => "declined",
        }
    }

    /// Done or decisioned: the end user can no longer work on it.
    pub(crate) fn is_finished(self) -> bool {
        !matches!(self, Status::Created | Status::Pending | Status::Expired)
    }
}

/// A JSON:API relationship target (`{"type": …, "id": …}`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Related {
    pub kind: String,
    pub id: String,
}

/// Per-inquiry overrides of the template's expiry intervals (create `meta`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct ExpiryOverrides {
    pub after_create_secs: Option<i64>,
    pub after_start_secs: Option<i64>,
    pub after_resume_secs: Option<i64>,
}

/// Persona's default for every expiry interval: 24 hours.
pub(crate) const DEFAULT_EXPIRY_SECS: i64 = 24 * 60 * 60;

#[derive(Debug, Clone)]
pub(crate) struct FieldValue {
    pub def: &'static FieldDef,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Inquiry {
    pub id: String,
    /// Creation sequence number: breaks ties between inquiries created in the same millisecond.
    pub seq: u64,
    pub status: Status,
    pub reference_id: Option<String>,
    pub note: Option<String>,
    pub tags: Vec<String>,
    pub creator: String,
    pub reviewer_comment: Option<String>,
    pub redirect_uri: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub marked_for_review_at: Option<DateTime<Utc>>,
    pub decisioned_at: Option<DateTime<Utc>>,
    pub expired_at: Option<DateTime<Utc>>,
    pub redacted_at: Option<DateTime<Utc>>,
    pub previous_step_name: Option<String>,
    pub next_step_name: Option<String>,
    pub fields: Vec<FieldValue>,
    /// `None` when created with `meta.auto-create-account: false`.
    pub account_id: Option<String>,
    pub template_id: String,
    pub template_version_id: String,
    pub reviewer: Option<Related>,
    pub session_ids: Vec<String>,
    /// `ver_` ids made by simulated verifications, with their wire type.
    pub verifications: Vec<Related>,
    pub expiry: ExpiryOverrides,
    /// When the template's workflow approves this completed inquiry (`lifecycle/workflow.rs`).
    #[serde(default)]
    pub approve_at: Option<DateTime<Utc>>,
}

impl Inquiry {
    pub(crate) fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.def.name == name)
            .and_then(|f| f.value.as_deref())
    }

    /// Sets a template field; returns false when the template has no such field.
    pub(crate) fn set_field(&mut self, name: &str, value: Option<String>) -> bool {
        match self.fields.iter_mut().find(|f| f.def.name == name) {
            Some(slot) => {
                slot.value = value;
                true
            }
            None => false,
        }
    }
}

/// `YYYY-MM-DD` and a real calendar date, as Persona requires for `birthdate`.
pub(crate) fn is_valid_date(value: &str) -> bool {
    value.len() == 10 && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
}

/// Stored (see `state/database.rs`) as `[name, value]`; the definition is found again by name,
/// in any casing, so databases of older emulators (kebab-case names) still load.
impl Serialize for FieldValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.def.name, &self.value).serialize(s)
    }
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (name, value) = <(String, Option<String>)>::deserialize(d)?;
        let def = kyc_field_in_any_casing(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown field {name}")))?;
        Ok(FieldValue { def, value })
    }
}
