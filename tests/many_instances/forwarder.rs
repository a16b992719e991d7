//! Persona's webhooks spread over the instances, as a load balancer would: each delivery goes
//! to the next instance in turn, over real TCP, and to the one after it when an instance does
//! not take the connection (stopped). An answer cut off mid-way is a 502: Persona retries.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[derive(Clone)]
struct Targets {
    urls: Arc<Vec<String>>,
    next: Arc<AtomicUsize>,
    client: reqwest::Client,
}

/// Starts the forwarder to `/webhooks/persona` of each base; returns its URL.
pub async fn start(bases: &[String]) -> String {
    let targets = Targets {
        urls: Arc::new(
            bases
                .iter()
                .map(|b| format!("{b}/webhooks/persona"))
                .collect(),
        ),
        next: Arc::default(),
        client: reqwest::Client::new(),
    };
    let router = axum::Router::new()
        .route("/", axum::routing::post(forward))
        .with_state(targets);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}/", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

async fn forward(
    State(targets): State<Targets>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let first = targets.next.fetch_add(1, Ordering::Relaxed);
    let count = targets.urls.len();
    for offset in 0..count {
        let url = &targets.urls[(first + offset) % count];
        let mut request = targets.client.post(url).body(body.clone());
        for (name, value) in &headers {
            if name != "host" && name != "content-length" {
                request = request.header(name, value);
            }
        }
        match request.send().await {
            Ok(answer) => {
                let status = StatusCode::from_u16(answer.status().as_u16())
                    .unwrap_or(StatusCode::BAD_GATEWAY);
                return (status, answer.text().await.unwrap_or_default());
            }
            Err(error) if error.is_connect() => continue,
            Err(_) => return (StatusCode::BAD_GATEWAY, "cut off".into()),
        }
    }
    (StatusCode::BAD_GATEWAY, "no instance".into())
}
