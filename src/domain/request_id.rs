//! The id of the HTTP request that caused some work: made by PawPass (a UUID) or taken from the
//! caller's `X-Request-Id` (a load balancer's). A job keeps the id of the request that queued
//! it, so the job's log lines can be found with the request's.

use std::fmt;
use std::str::FromStr;

/// Longer ids are not an id a load balancer makes; they are not kept.
const MAX_LEN: usize = 128;

/// A request id: 1 to 128 visible ASCII characters (no spaces, no control characters).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RequestId(String);

/// A header value that is not a request id we keep.
#[derive(Debug, thiserror::Error)]
#[error("not a request id (1 to {MAX_LEN} visible ASCII characters)")]
pub struct InvalidRequestId;

impl RequestId {
    pub fn parse(raw: &str) -> Result<Self, InvalidRequestId> {
        let visible = raw.bytes().all(|b| b.is_ascii_graphic());
        if raw.is_empty() || raw.len() > MAX_LEN || !visible {
            return Err(InvalidRequestId);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for RequestId {
    type Err = InvalidRequestId;

    fn from_str(raw: &str) -> Result<Self, InvalidRequestId> {
        Self::parse(raw)
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    /// The request the current task is answering, set by the HTTP edge around each request.
    static CURRENT: RequestId;
}

#[cfg(feature = "ssr")]
impl RequestId {
    /// Runs `work` as the answer to this request: whatever it queues carries the id.
    pub async fn scope<F: std::future::Future>(self, work: F) -> F::Output {
        CURRENT.scope(self, work).await
    }

    /// The request the current task is answering; `None` outside one (the background worker,
    /// the command line), and in tasks spawned from one.
    pub fn current() -> Option<Self> {
        CURRENT.try_with(Clone::clone).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_visible_ascii_and_refuses_the_rest() {
        let uuid = "0b4e7c1a-2f7d-4d3a-9a51-0d1c5e1f0a77";
        assert_eq!(RequestId::parse(uuid).expect("a uuid").as_str(), uuid);
        assert!(RequestId::parse("Root=1-5759e988-bd862e3fe1be46a994272793").is_ok());
        for bad in [
            "",
            "two words",
            "tab\there",
            "ünïcode",
            &"x".repeat(MAX_LEN + 1),
        ] {
            assert!(RequestId::parse(bad).is_err(), "{bad:?}");
        }
    }
}
