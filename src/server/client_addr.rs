//! Who a request comes from, for rate limits. Behind a reverse proxy the TCP peer is the proxy,
//! so with `TRUSTED_PROXIES` set the client is the rightmost `X-Forwarded-For` address that no
//! trusted proxy wrote: everything right of it was appended by our own proxies, everything
//! left of it the client may have forged. Without `TRUSTED_PROXIES` the header is ignored,
//! because anyone can send it.

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::{IpAddr, Ipv6Addr};

/// The proxies whose `X-Forwarded-For` entries are believed, as CIDR ranges.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an address or CIDR range: {0:?}")]
pub struct NotACidr(String);

impl TrustedProxies {
    /// Comma-separated CIDRs or plain addresses (`10.0.0.0/8, 192.0.2.7, fd00::/8`).
    pub fn parse(list: &str) -> Result<Self, NotACidr> {
        list.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| NotACidr(item.to_owned()))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&canonical(ip)))
    }

    /// The client's address: the peer, or through trusted proxies the nearest untrusted hop.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        // Later headers and later entries were added by proxies nearer to us.
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect::<Vec<_>>();
        for hop in hops.iter().rev() {
            // An entry that is not an address was not written by a proxy of ours; the hop
            // that passed it on is the nearest one known.
            let Ok(ip) = hop.trim().parse::<IpAddr>() else {
                return client;
            };
            client = ip;
            if !self.trusts(ip) {
                return ip;
            }
        }
        client
    }
}

/// The bucket a client address is limited in. An IPv6 host is usually given a whole /64, so
/// per-address buckets would let it rotate through 2^64 of them; the /64 is the unit instead.
pub fn rate_limit_key(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(prefix))
        }
    }
}

/// IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket reports) as plain IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(
                "x-forwarded-for",
                HeaderValue::from_str(value).expect("header"),
            );
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        let headers = forwarded(&["203.0.113.9"]);
        assert_eq!(none.client_ip(ip("10.0.0.1"), &headers), ip("10.0.0.1"));
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.0.2.7").expect("parses");
        // The client forged the first entry; our two proxies appended the rest.
        let headers = forwarded(&["1.2.3.4, 203.0.113.9", "10.1.1.1"]);
        assert_eq!(
            proxies.client_ip(ip("192.0.2.7"), &headers),
            ip("203.0.113.9")
        );
        // A peer that is not a trusted proxy is the client, whatever it claims.
        assert_eq!(
            proxies.client_ip(ip("198.51.100.1"), &headers),
            ip("198.51.100.1")
        );
        // Garbage stops the walk at the last hop a proxy vouched for.
        let garbage = forwarded(&["not-an-ip, 10.2.2.2"]);
        assert_eq!(proxies.client_ip(ip("10.0.0.1"), &garbage), ip("10.2.2.2"));
        // Every hop trusted: the leftmost one.
        assert_eq!(
            proxies.client_ip(ip("10.0.0.1"), &forwarded(&["10.3.3.3"])),
            ip("10.3.3.3")
        );
    }

    #[test]
    fn bad_ranges_are_named() {
        assert_eq!(
            TrustedProxies::parse("10.0.0.0/8, proxy.local").unwrap_err(),
            NotACidr("proxy.local".into())
        );
    }

    #[test]
    fn ipv6_clients_share_a_bucket_per_64() {
        assert_eq!(
            rate_limit_key(ip("2001:db8:1:2:aaaa::1")),
            rate_limit_key(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            rate_limit_key(ip("2001:db8:1:2::1")),
            rate_limit_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(rate_limit_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_ne!(
            rate_limit_key(ip("192.0.2.1")),
            rate_limit_key(ip("192.0.2.2"))
        );
    }
}
