//! Per-client rate limits for what people (and bots) can hammer: signup, sign-in, asking for
//! links, and continuing into Persona.
//! Kept in memory: each instance limits on its own, which is enough to stop a script from one
//! client without a shared store. Clients are told apart by `client_addr`.

use super::client_addr::{rate_limit_key, TrustedProxies};
use super::page::plain_counted;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// How often buckets that are full again are dropped, so memory follows the clients of the
/// last minute rather than every address ever seen.
pub const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// A budget of POSTs per client and minute: a burst of that many, refilled evenly over the
/// minute. Buckets live in governor's sharded map, so clients do not queue on one lock.
#[derive(Debug)]
pub struct RateLimiter {
    buckets: DefaultKeyedRateLimiter<IpAddr>,
    proxies: TrustedProxies,
}

impl RateLimiter {
    pub fn per_minute(per_minute: u32, proxies: TrustedProxies) -> Arc<Self> {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Arc::new(Self {
            buckets: DefaultKeyedRateLimiter::keyed(Quota::per_minute(per_minute)),
            proxies,
        })
    }

    /// Counts a hit from `client`; `Err(wait)` when its bucket is empty.
    pub fn hit(&self, client: IpAddr) -> Result<(), Duration> {
        self.buckets
            .check_key(&rate_limit_key(client))
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Drops the buckets of clients that have been quiet long enough to be full again.
    pub fn prune(&self) {
        self.buckets.retain_recent();
        self.buckets.shrink_to_fit();
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
        if let Some(refused) = over_budget(&limiter, peer, &request) {
            return refused;
        }
    }
    next.run(request).await
}

/// Limits every request: for routes whose GET does work elsewhere (continuing into Persona).
pub async fn limit_requests(
    State(limiter): State<Arc<RateLimiter>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(refused) = over_budget(&limiter, peer, &request) {
        return refused;
    }
    next.run(request).await
}

/// Counts the request against its client's budget: the 429 page if it is spent.
fn over_budget(limiter: &RateLimiter, peer: SocketAddr, request: &Request) -> Option<Response> {
    let client = limiter.proxies.client_ip(peer.ip(), request.headers());
    let wait = limiter.hit(client).err()?;
    let minutes = wait.as_secs().div_ceil(60).max(1);
    tracing::warn!(path = request.uri().path(), "rate limited a client");
    let mut response = plain_counted(StatusCode::TOO_MANY_REQUESTS, "error-rate-limited", minutes);
    if let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    Some(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_per_address() {
        let limiter = RateLimiter::per_minute(2, TrustedProxies::default());
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        assert!(limiter.hit(a).is_ok());
        assert!(limiter.hit(a).is_ok());
        assert!(limiter.hit(a).is_err());
        assert!(limiter.hit(b).is_ok());
    }

    #[test]
    fn an_ipv6_client_cannot_escape_its_limit_by_rotating_addresses() {
        let limiter = RateLimiter::per_minute(2, TrustedProxies::default());
        let addresses = ["2001:db8::1", "2001:db8::2", "2001:db8::3"];
        let results: Vec<_> = addresses
            .iter()
            .map(|a| limiter.hit(a.parse().expect("an address")))
            .collect();
        assert!(results[0].is_ok() && results[1].is_ok());
        let wait = results[2].expect_err("the /64 is over its budget");
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
    }

    #[test]
    fn pruning_forgets_only_full_buckets() {
        let limiter = RateLimiter::per_minute(1, TrustedProxies::default());
        let a: IpAddr = [10, 0, 0, 1].into();
        assert!(limiter.hit(a).is_ok());
        limiter.prune();
        assert!(
            limiter.hit(a).is_err(),
            "a client still waiting keeps its bucket"
        );
    }
}
