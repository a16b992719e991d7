//! Log lines: human-readable by default, one JSON object per line with `LOG_FORMAT=json` (for
//! log shippers). Either way each line names the request it belongs to through its span
//! (method and request id), and never a path, a body or a walker's value.

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

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
/// syntax). Fails if one is installed already.
pub fn init<W>(format: LogFormat, filter: &str, writer: W) -> anyhow::Result<()>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_new(filter)?;
    let installed = match format {
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(true)
            .with_env_filter(filter)
            .with_writer(writer)
            .try_init(),
        LogFormat::Text => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(writer)
            .with_ansi(false)
            .try_init(),
    };
    installed.map_err(|e| anyhow::anyhow!("installing the log subscriber: {e}"))
}
