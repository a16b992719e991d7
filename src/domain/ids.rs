//! The ids PawPass passes around, each its own type: made only by parsing (a prefix and up to
//! 64 letters, digits or underscores) or, on the server, by generating a fresh one. A walker id
//! can therefore never be handed where an inquiry id belongs, and nothing unchecked from a URL,
//! a session or Persona reaches the store as an id.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Longest part after the prefix: Persona's are 28 characters, PawPass's at most 32.
const MAX_BODY_CHARS: usize = 64;

/// A value that is not an id of the kind asked for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not {what}")]
pub struct InvalidId {
    pub what: &'static str,
    pub value: String,
}

fn check(raw: &str, prefix: &str, what: &'static str) -> Result<(), InvalidId> {
    let valid = raw.strip_prefix(prefix).is_some_and(|body| {
        (1..=MAX_BODY_CHARS).contains(&body.len())
            && body.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    if valid {
        Ok(())
    } else {
        Err(InvalidId {
            what,
            value: raw.to_owned(),
        })
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            pub fn parse(raw: &str) -> Result<Self, InvalidId> {
                check(raw, $prefix, $what)?;
                Ok(Self(raw.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;

            fn from_str(raw: &str) -> Result<Self, InvalidId> {
                Self::parse(raw)
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;

            fn try_from(raw: String) -> Result<Self, InvalidId> {
                check(&raw, $prefix, $what)?;
                Ok(Self(raw))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

id_type!(
    /// A walker: `usr_` and 24 random alphanumerics (~143 bits), unguessable and safe to show.
    WalkerId,
    "usr_",
    "a walker id"
);
id_type!(
    /// A Persona inquiry, as Persona names it (`inq_…`).
    InquiryId,
    "inq_",
    "an inquiry id"
);
id_type!(
    /// A Persona event, as Persona names it (`evt_…`).
    EventId,
    "evt_",
    "an event id"
);
id_type!(
    /// A Persona account, the person behind their inquiries, as Persona names it (`act_…`).
    AccountId,
    "act_",
    "an account id"
);
id_type!(
    /// An operator of the console (`op_…`).
    OperatorId,
    "op_",
    "an operator id"
);
id_type!(
    /// A background job (`job_…`).
    JobId,
    "job_",
    "a job id"
);
id_type!(
    /// A message to a walker in the outbox (`mail_…`).
    MailId,
    "mail_",
    "a mail id"
);

/// Random alphanumerics for fresh ids, made on the server only (the browser build has no
/// random source).
#[cfg(feature = "ssr")]
fn random(len: usize) -> String {
    use rand::distributions::{Alphanumeric, DistString};
    Alphanumeric.sample_string(&mut rand::thread_rng(), len)
}

#[cfg(feature = "ssr")]
impl WalkerId {
    pub fn generate() -> Self {
        Self(format!("{}{}", Self::PREFIX, random(24)))
    }
}

#[cfg(feature = "ssr")]
impl OperatorId {
    pub fn generate() -> Self {
        Self(format!("{}{}", Self::PREFIX, random(20)))
    }
}

#[cfg(feature = "ssr")]
impl JobId {
    /// Time-ordered (a UUIDv7: 48 bits of milliseconds, then random), so new rows go to the
    /// end of the primary-key index instead of dirtying a random page of it.
    pub fn generate() -> Self {
        Self(format!("{}{}", Self::PREFIX, uuid::Uuid::now_v7().simple()))
    }
}

#[cfg(feature = "ssr")]
impl MailId {
    /// Time-ordered (a UUIDv7: 48 bits of milliseconds, then random), so new rows go to the
    /// end of the primary-key index instead of dirtying a random page of it.
    pub fn generate() -> Self {
        Self(format!("{}{}", Self::PREFIX, uuid::Uuid::now_v7().simple()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_only_with_their_prefix_and_plain_characters() {
        assert!(WalkerId::parse("usr_Ab3_x").is_ok());
        assert!(WalkerId::parse("inq_Ab3").is_err());
        assert!(WalkerId::parse("usr_").is_err());
        assert!(WalkerId::parse("usr_a.b").is_err());
        assert!(WalkerId::parse(&format!("usr_{}", "a".repeat(65))).is_err());
        assert!(InquiryId::parse("inq_jZcgCSVyBZLrtB7i9jdz99N4gdgi").is_ok());
    }

    #[test]
    fn deserializing_goes_through_the_parser() {
        let id: EventId = serde_json::from_str("\"evt_1\"").expect("an event id");
        assert_eq!(id.as_str(), "evt_1");
        assert!(serde_json::from_str::<EventId>("\"usr_1\"").is_err());
        assert_eq!(serde_json::to_string(&id).expect("json"), "\"evt_1\"");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn outbox_ids_sort_in_the_order_they_were_made() {
        let mails: Vec<MailId> = (0..50).map(|_| MailId::generate()).collect();
        let jobs: Vec<JobId> = (0..50).map(|_| JobId::generate()).collect();
        assert!(mails.is_sorted(), "{mails:?}");
        assert!(jobs.is_sorted(), "{jobs:?}");
        let stamp = &mails[0].as_str()["mail_".len()..][..12];
        let made = i64::from_str_radix(stamp, 16).expect("hex milliseconds");
        let now = chrono::Utc::now().timestamp_millis();
        assert!((now - 5_000..=now).contains(&made), "{made} vs {now}");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn generated_ids_parse() {
        for id in [
            WalkerId::generate().to_string(),
            OperatorId::generate().to_string(),
        ] {
            assert!(id.parse::<WalkerId>().is_ok() || id.parse::<OperatorId>().is_ok());
        }
        assert!(JobId::parse(JobId::generate().as_str()).is_ok());
    }
}
