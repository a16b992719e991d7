//! Traces for an OpenTelemetry collector, when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (such as
//! `http://collector:4318`): the spans the log lines carry (each request with its method and
//! id, each job attempt with its job, kind and request id, and what they enclose) are sent in
//! batches as OTLP over HTTP (protobuf) to its `/v1/traces`. `OTEL_EXPORTER_OTLP_HEADERS` adds
//! headers (a vendor's key), `OTEL_SERVICE_NAME` renames the service (default `pawpass`).
//! Unset, no exporter is built: nothing is buffered and nothing is sent anywhere.
//!
//! Spans hold only what log lines hold: ids, methods, outcomes, never a walker's value.

use anyhow::Context;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{Protocol, WithExportConfig};
use opentelemetry_sdk::runtime::Tokio;
use opentelemetry_sdk::trace::span_processor_with_async_runtime::BatchSpanProcessor;
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider};
use opentelemetry_sdk::Resource;
use tracing::Subscriber;
use tracing_opentelemetry::OpenTelemetryLayer;
use tracing_subscriber::registry::LookupSpan;

pub const ENDPOINT: &str = "OTEL_EXPORTER_OTLP_ENDPOINT";

/// The export of this process's spans. Shut it down at exit so the last batch is sent.
pub struct Telemetry {
    provider: SdkTracerProvider,
}

impl Telemetry {
    /// From the environment: `None` when `OTEL_EXPORTER_OTLP_ENDPOINT` is unset or empty.
    pub fn from_env() -> anyhow::Result<Option<Self>> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads through `lookup`, so tests can configure it without the process environment.
    /// Must run inside the tokio runtime, which carries the batches.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Option<Self>> {
        let Some(base) = lookup(ENDPOINT).filter(|v| !v.trim().is_empty()) else {
            return Ok(None);
        };
        // The variable names the collector; traces go to its signal path (OTLP's rule).
        let traces = format!("{}/v1/traces", base.trim().trim_end_matches('/'));
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_protocol(Protocol::HttpBinary)
            .with_endpoint(traces)
            .build()
            .with_context(|| format!("building the OTLP exporter for {ENDPOINT}"))?;
        let service = lookup("OTEL_SERVICE_NAME")
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| "pawpass".to_owned());
        let provider = SdkTracerProvider::builder()
            .with_span_processor(BatchSpanProcessor::builder(exporter, Tokio).build())
            .with_resource(Resource::builder().with_service_name(service).build())
            .build();
        Ok(Some(Self { provider }))
    }

    /// The layer turning this process's spans into exported ones.
    pub fn layer<S>(&self) -> OpenTelemetryLayer<S, SdkTracer>
    where
        S: Subscriber + for<'span> LookupSpan<'span>,
    {
        tracing_opentelemetry::layer().with_tracer(self.provider.tracer("pawpass"))
    }

    /// Sends every span ended so far (a test's check; shutdown does it too).
    pub async fn flush(&self) -> anyhow::Result<()> {
        let provider = self.provider.clone();
        tokio::task::spawn_blocking(move || provider.force_flush())
            .await
            .context("flushing spans")?
            .context("exporting spans")
    }

    /// Sends what is left and stops (at exit).
    pub async fn shut_down(self) -> anyhow::Result<()> {
        // Waiting for the export blocks; the batches run on the runtime, so wait beside it.
        tokio::task::spawn_blocking(move || self.provider.shutdown())
            .await
            .context("stopping the span export")?
            .context("exporting the last spans")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_an_endpoint_no_exporter_is_built() {
        // Outside a runtime on purpose: building the exporter would need one, so this also
        // shows that nothing was started.
        let none = Telemetry::from_lookup(|_| None).expect("fine");
        assert!(none.is_none());
        let blank = Telemetry::from_lookup(|name| (name == ENDPOINT).then(|| " ".to_owned()));
        assert!(blank.expect("fine").is_none());
    }
}
