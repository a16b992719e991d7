//! Operators' numbers in Prometheus' text format, served on a listener of their own
//! (`METRICS_ADDR`), never on the public port, so a visitor cannot read them by accident.
//!
//! Counters and histograms are recorded where things happen (requests here, webhooks and
//! signups at their routes, jobs in the runner, Persona calls in its client). What lives in the
//! database (queue depth, walkers by status, the outbox) is read when Prometheus scrapes, so an
//! idle PawPass does no work for it. docs/operations.md lists every metric and the alerts.

use crate::onboarding::Onboarding;
use crate::store::Sample;
use anyhow::Context;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;
use tokio::net::TcpListener;

/// Latency buckets (seconds) for every `*_duration_seconds` histogram: a page is tens of
/// milliseconds, a Persona call can take its whole timeout.
const BUCKETS: [f64; 12] = [
    0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Events per webhook transaction (group commit, `store::EventWriter`).
const BATCH_BUCKETS: [f64; 9] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0];

static RECORDER: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed on first use. Metrics belong to the process: several
/// PawPass apps in one process (as in the tests) record into one set.
pub fn recorder() -> PrometheusHandle {
    RECORDER
        .get_or_init(|| {
            let builder = PrometheusBuilder::new();
            let builder = builder
                .set_buckets_for_metric(Matcher::Suffix("_duration_seconds".into()), &BUCKETS)
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        Matcher::Full("pawpass_webhook_batch_size".into()),
                        &BATCH_BUCKETS,
                    )
                })
                .unwrap_or_else(|_| PrometheusBuilder::new());
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!(
                    "another metrics recorder was installed first; /metrics stays empty"
                );
            }
            handle
        })
        .clone()
}

/// Counts every request by route (the route's pattern, never the path: paths can carry
/// tokens), method and status, and times it to its response head.
pub async fn track_requests(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics::histogram!(
        "pawpass_http_request_duration_seconds",
        "route" => route.clone(),
        "method" => method.clone()
    )
    .record(started.elapsed().as_secs_f64());
    metrics::counter!(
        "pawpass_http_requests_total",
        "route" => route,
        "method" => method,
        "status" => response.status().as_str().to_owned()
    )
    .increment(1);
    response
}

#[derive(Clone)]
struct Exporter {
    handle: PrometheusHandle,
    onboarding: Onboarding,
}

/// Serves `GET /metrics` on `listener` until the process ends.
pub async fn serve(listener: TcpListener, onboarding: Onboarding) -> anyhow::Result<()> {
    let exporter = Exporter {
        handle: recorder(),
        onboarding,
    };
    let router = Router::new()
        .route("/metrics", get(scrape))
        .with_state(exporter);
    axum::serve(listener, router)
        .await
        .context("serving metrics")
}

async fn scrape(State(exporter): State<Exporter>) -> Response {
    match exporter.onboarding.sample().await {
        Ok(sample) => record(&sample),
        // The counters still say something; the database gauges keep their last reading.
        Err(error) => tracing::warn!(error = format!("{error:#}"), "sampling metrics failed"),
    }
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        exporter.handle.render(),
    )
        .into_response()
}

fn record(sample: &Sample) {
    use crate::domain::JobKind;
    for kind in JobKind::ALL {
        let kind = kind.as_str();
        let (runnable, oldest_ms) = sample
            .runnable_jobs
            .iter()
            .find(|(k, _, _)| k == kind)
            .map_or((0, 0), |(_, n, age)| (*n, *age));
        metrics::gauge!("pawpass_jobs_runnable", "kind" => kind).set(runnable as f64);
        metrics::gauge!("pawpass_jobs_oldest_runnable_age_seconds", "kind" => kind)
            .set(oldest_ms.max(0) as f64 / 1000.0);
        let dead = sample
            .dead_jobs
            .iter()
            .find(|(k, _)| k == kind)
            .map_or(0, |(_, n)| *n);
        metrics::gauge!("pawpass_jobs_dead", "kind" => kind).set(dead as f64);
    }
    for (status, n) in &sample.walkers {
        metrics::gauge!("pawpass_walkers", "status" => status.clone()).set(*n as f64);
    }
    for (state, n) in &sample.mails {
        metrics::gauge!("pawpass_mails", "state" => state.clone()).set(*n as f64);
    }
    let (owed, oldest_owed_ms) = sample.outcome_mails_owed;
    metrics::gauge!("pawpass_outcome_mails_owed").set(owed as f64);
    metrics::gauge!("pawpass_outcome_mails_oldest_owed_age_seconds")
        .set(oldest_owed_ms.max(0) as f64 / 1000.0);
    let (owed, oldest_owed_ms) = sample.walker_list_owed;
    metrics::gauge!("pawpass_walker_list_owed").set(owed as f64);
    metrics::gauge!("pawpass_walker_list_oldest_owed_age_seconds")
        .set(oldest_owed_ms.max(0) as f64 / 1000.0);
    metrics::gauge!("pawpass_db_connections_in_use").set(f64::from(sample.pool_in_use));
    metrics::gauge!("pawpass_db_connections").set(f64::from(sample.pool_size));
}
