//! A webhook receiver on a random port that records every delivery.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};

#[derive(Clone)]
pub struct Delivery {
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// A webhook receiver on a random port answering 500 to its first `failures` requests.
pub async fn receiver(failures: usize) -> (String, Arc<Mutex<Vec<Delivery>>>) {
    let seen: Arc<Mutex<Vec<Delivery>>> = Arc::default();
    let log = seen.clone();
    let handler = move |headers: HeaderMap, body: Bytes| {
        let log = log.clone();
        async move {
            let mut log = log.lock().unwrap();
            log.push(Delivery { headers, body });
            if log.len() <= failures {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::OK
            }
        }
    };
    let app = axum::Router::new().route("/hooks", axum::routing::post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

/// Polls `seen` until it holds `count` deliveries (or fails after 10 s).
pub async fn wait_for(seen: &Arc<Mutex<Vec<Delivery>>>, count: usize) -> Vec<Delivery> {
    for _ in 0..200 {
        let current = seen.lock().unwrap().clone();
        if current.len() >= count {
            return current;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "expected {count} deliveries, got {}",
        seen.lock().unwrap().len()
    );
}
