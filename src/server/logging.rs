//! Log lines: human-readable by default, one JSON object per line with `LOG_FORMAT=json` (for
//! log shippers). Either way each line names the request it belongs to through its span
//! (method and request id), and never a path, a body or a walker's value. With
//! `OTEL_EXPORTER_OTLP_ENDPOINT` set, the same spans also go to a collector (see `telemetry`).

use super::telemetry::Telemetry;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// From `LOG_FORMAT` (`json`, anything else or unset: text).
    pub fn from_env() -> Self {
        match std::env::var("LOG_FORMAT") {
            Ok(format) if format.eq_ignore_ascii_case("json") => Self::Json,
            _ => Self::Text,
        }
    }
}

/// Installs the process's subscriber writing to `writer`, filtered by `filter` (`RUST_LOG`
/// syntax), and exporting its spans through `telemetry` when there is one. Fails if one is
/// installed already.
pub fn init<W>(
    format: LogFormat,
    filter: &str,
    writer: W,
    telemetry: Option<&Telemetry>,
) -> anyhow::Result<()>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_new(filter)?;
    let lines = match format {
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .json()
            .with_current_span(true)
            .with_span_list(true)
            .with_writer(writer)
            .boxed(),
        LogFormat::Text => tracing_subscriber::fmt::layer()
            .with_writer(writer)
            .with_ansi(false)
            .boxed(),
    };
    tracing_subscriber::registry()
        .with(filter)
        .with(lines)
        .with(telemetry.map(Telemetry::layer))
        .try_init()
        .map_err(|e| anyhow::anyhow!("installing the log subscriber: {e}"))
}
