//! Per-client rate limits for the forms people (and bots) can hammer: signup and sign-in.
//! Fixed one-minute windows kept in memory: each instance limits on its own, which is enough
//! to stop a script from one address without a shared store.

use super::error::simple_page;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// Above this many tracked addresses, finished windows are dropped.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    hits: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn per_minute(per_minute: u32) -> Arc<Self> {
        Arc::new(Self {
            per_minute,
            hits: Mutex::default(),
        })
    }

    /// Counts a hit; `Err(wait)` when the address is over its limit for this window.
    pub fn hit(&self, ip: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        // A poisoned lock only means another request panicked mid-update; the counts are
        // still usable.
        let mut hits = self
            .hits
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if hits.len() > PRUNE_ABOVE {
            hits.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = hits.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.per_minute {
            Err(WINDOW.saturating_sub(now.duration_since(entry.0)))
        } else {
            Ok(())
        }
    }
}

/// Limits POSTs only: reading the form is free, submitting it is what costs.
pub async fn limit_posts(
    State(limiter): State<Arc<RateLimiter>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::POST {
        if let Err(wait) = limiter.hit(peer.ip()) {
            let minutes = wait.as_secs().div_ceil(60).max(1);
            tracing::warn!(path = request.uri().path(), "rate limited a client");
            let message = format!(
                "Too many attempts from your connection. Please try again in {minutes} minute{}.",
                if minutes == 1 { "" } else { "s" }
            );
            let mut response =
                (StatusCode::TOO_MANY_REQUESTS, Html(simple_page(&message))).into_response();
            if let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return response;
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_per_address() {
        let limiter = RateLimiter::per_minute(2);
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        assert!(limiter.hit(a).is_ok());
        assert!(limiter.hit(a).is_ok());
        assert!(limiter.hit(a).is_err());
        assert!(limiter.hit(b).is_ok());
    }
}
