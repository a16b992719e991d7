//! Emulated time. Every lifecycle timestamp comes from [`Clock::now`], so a control endpoint can
//! later move time forward (to test expiry) without touching the system clock.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, DurationRound, SecondsFormat, Utc};

/// System time plus an adjustable offset, truncated to milliseconds like Persona's timestamps.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    pub(crate) fn now(&self) -> DateTime<Utc> {
        let now = Utc::now() + Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed));
        // Truncation only fails for dates outside chrono's range; keep the raw value then.
        now.duration_trunc(Duration::milliseconds(1)).unwrap_or(now)
    }

    pub(crate) fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    pub(crate) fn set_offset_ms(&self, offset_ms: i64) {
        self.offset_ms.store(offset_ms, Ordering::Relaxed);
    }

    /// Moves emulated time forward (or back, with a negative duration).
    pub(crate) fn advance(&self, by: Duration) {
        self.offset_ms
            .fetch_add(by.num_milliseconds(), Ordering::Relaxed);
    }
}

/// Real unix seconds for transport-level stamps (webhook signatures, attempt headers): the
/// receiver checks those against its own wall clock, so they must not include the offset.
pub(crate) fn wall_unix_seconds() -> i64 {
    Utc::now().timestamp()
}

/// Persona's wire format: `2025-12-10T17:02:11.000Z`.
pub(crate) fn format(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Serde helpers so wire structs can hold `DateTime<Utc>` and emit Persona's format.
pub(crate) mod wire_format {
    use chrono::{DateTime, Utc};
    use serde::Serializer;

    pub(crate) fn required<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format(*at))
    }

    pub(crate) fn optional<S: Serializer>(
        at: &Option<DateTime<Utc>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_str(&super::format(*at)),
            None => s.serialize_none(),
        }
    }
}
