//! Accounts: the person behind one or more inquiries, found by your reference id (CONTRACT 7.1
//! `meta.auto-create-account-reference-id`). Their JSON lives in `wire/account.rs`; how inquiries
//! make, fill and redact them in `lifecycle/accounts.rs`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Account {
    pub id: String,
    /// Creation sequence number (shared with inquiries): breaks ties in newest-first lists.
    pub seq: u64,
    /// `null` once redacted, so the reference id no longer finds it.
    pub reference_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub redacted_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Personal data copied from approved inquiries, by template field key (`name_first`).
    #[serde(default)]
    pub data: BTreeMap<String, String>,
}

impl Account {
    pub(crate) fn new(
        id: String,
        seq: u64,
        reference_id: Option<String>,
        now: DateTime<Utc>,
    ) -> Self {
        Account {
            id,
            seq,
            reference_id,
            created_at: now,
            updated_at: now,
            redacted_at: None,
            tags: Vec::new(),
            data: BTreeMap::new(),
        }
    }

    /// A template field's value, by its key (`name_first`).
    pub(crate) fn value(&self, key: &str) -> Option<&str> {
        self.data.get(key).map(String::as_str)
    }

    /// Nulls the reference id and every piece of personal data, and stamps `redacted-at`.
    pub(crate) fn redact(&mut self, now: DateTime<Utc>) {
        self.reference_id = None;
        self.tags.clear();
        self.data.clear();
        self.redacted_at = Some(now);
        self.updated_at = now;
    }
}
