//! OpenTelemetry export: with `OTEL_EXPORTER_OTLP_ENDPOINT` naming a collector (here one in
//! the test, over real HTTP), a signup's spans arrive as OTLP protobuf: its request, and the job
//! it queued carrying the request's id, with none of the walker's values. Its own test binary:
//! the subscriber is process-wide.

#[path = "api/helpers/mod.rs"]
#[allow(dead_code, unused_imports)]
mod helpers;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use helpers::{SignupForm, TestApp};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use opentelemetry_proto::tonic::common::v1::KeyValue;
use pawpass::server::logging::{self, LogFormat};
use pawpass::server::telemetry::{Telemetry, ENDPOINT};
use prost::Message;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the collector was sent: each request's content type and body.
type Received = Arc<Mutex<Vec<(String, Bytes)>>>;

async fn collector() -> (String, Received) {
    let received = Received::default();
    let router = axum::Router::new()
        .route(
            "/v1/traces",
            axum::routing::post(
                |State(received): State<Received>, headers: HeaderMap, body: Bytes| async move {
                    let content_type = headers
                        .get("content-type")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    received
                        .lock()
                        .expect("received")
                        .push((content_type, body));
                    // An empty ExportTraceServiceResponse: everything accepted.
                    (
                        [("content-type", "application/x-protobuf")],
                        Vec::<u8>::new(),
                    )
                },
            ),
        )
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (base, received)
}

/// A span as exported: its name and string attributes.
struct Exported {
    name: String,
    attributes: Vec<(String, String)>,
}

impl Exported {
    fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn text(attributes: &[KeyValue]) -> Vec<(String, String)> {
    attributes
        .iter()
        .filter_map(|kv| match kv.value.as_ref()?.value.as_ref()? {
            Value::StringValue(s) => Some((kv.key.clone(), s.clone())),
            Value::IntValue(i) => Some((kv.key.clone(), i.to_string())),
            _ => None,
        })
        .collect()
}

/// Every span in every request received so far, and the services that sent them.
fn spans(received: &Received) -> (Vec<Exported>, Vec<String>) {
    let mut spans = Vec::new();
    let mut services = Vec::new();
    for (content_type, body) in received.lock().expect("received").iter() {
        assert_eq!(content_type, "application/x-protobuf", "OTLP/HTTP protobuf");
        let request = ExportTraceServiceRequest::decode(body.clone()).expect("an OTLP request");
        for resource in request.resource_spans {
            let attributes = resource.resource.map(|r| text(&r.attributes));
            if let Some(name) = attributes
                .unwrap_or_default()
                .into_iter()
                .find_map(|(k, v)| (k == "service.name").then_some(v))
            {
                services.push(name);
            }
            for scope in resource.scope_spans {
                spans.extend(scope.spans.into_iter().map(|s| Exported {
                    name: s.name,
                    attributes: text(&s.attributes),
                }));
            }
        }
    }
    (spans, services)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signup_s_spans_reach_the_collector_with_its_request_id_and_no_personal_data() {
    let (base, received) = collector().await;
    let telemetry = Telemetry::from_lookup(|name| (name == ENDPOINT).then(|| base.clone()))
        .expect("configured")
        .expect("an exporter, since the endpoint is set");
    logging::init(
        LogFormat::Text,
        "info,sqlx=warn",
        std::io::sink,
        Some(&telemetry),
    )
    .expect("subscriber");

    let app = TestApp::spawn().await;
    let form = SignupForm {
        first_name: "Philomena".into(),
        last_name: "Oyelaran".into(),
        email: "philomena.oyelaran@example.org".into(),
        birthdate: "1971-03-14".into(),
        phone: "+14155557321".into(),
    };
    let signup = app.post_signup(&form).await;
    let request_id = signup
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("a request id")
        .to_owned();
    assert!(app.wait_for_inquiry(&form.email).await.is_some());

    // The create job's span ends a moment after the inquiry is stored: flush until it is in.
    let mut found = false;
    for _ in 0..50 {
        telemetry.flush().await.expect("exported");
        let (spans, _) = spans(&received);
        found = spans.iter().any(|s| {
            s.name == "job"
                && s.attribute("request_id") == Some(request_id.as_str())
                && s.attribute("kind") == Some("create_inquiry")
        });
        if found {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (spans, services) = spans(&received);
    assert!(found, "the signup's create job, named with its request id");
    assert!(
        spans.iter().any(|s| s.name == "request"
            && s.attribute("request_id") == Some(request_id.as_str())
            && s.attribute("method") == Some("POST")),
        "the signup's request span"
    );
    assert!(services.iter().all(|s| s == "pawpass") && !services.is_empty());
    // Nothing of the walker's, anywhere in what was sent.
    let everything: Vec<u8> = received
        .lock()
        .expect("received")
        .iter()
        .flat_map(|(_, body)| body.to_vec())
        .collect();
    let everything = String::from_utf8_lossy(&everything);
    for value in [
        "Philomena",
        "Oyelaran",
        "philomena",
        "1971-03-14",
        "4155557321",
    ] {
        assert!(!everything.contains(value), "{value} was exported");
    }
}
