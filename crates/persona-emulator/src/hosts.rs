//! Where the emulator may send things on someone's say-so: webhook endpoints registered through
//! the unauthenticated control API, and the Hosted Flow's `redirect-uri` taken from a link.
//! Loopback always; any other host only when the emulator was started with it
//! (`--allow-host`), so an emulator that someone else can reach cannot be turned into a probe
//! of internal services (SSRF) or a bounce to another site (an open redirect).

use url::{Host, Url};

/// Whether `url` is http(s) to loopback or to one of `allowed` (host names, any case).
pub(crate) fn may_reach(url: &Url, allowed: &[String]) -> bool {
    if !matches!(url.scheme(), "http" | "https") {
        return false;
    }
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback() || named(&ip.to_string(), allowed),
        Some(Host::Ipv6(ip)) => ip.is_loopback() || named(&ip.to_string(), allowed),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost") || named(name, allowed),
        None => false,
    }
}

fn named(host: &str, allowed: &[String]) -> bool {
    allowed.iter().any(|a| a.eq_ignore_ascii_case(host))
}

/// Whether the Hosted Flow may send the browser to `uri`, a `redirect-uri` from a link or form:
/// a path on this host, loopback, this page's own host (`request_host`, as the browser named
/// it), the host of the redirect the inquiry was created with (set with the API key), or an
/// allowed host.
pub(crate) fn may_redirect(
    uri: &str,
    request_host: Option<&str>,
    created_with: Option<&str>,
    allowed: &[String],
) -> bool {
    if uri.starts_with('/') && !uri.starts_with("//") {
        return true;
    }
    let Ok(url) = Url::parse(uri) else {
        return false;
    };
    let own = request_host.map(|h| h.rsplit_once(':').map_or(h, |(name, _)| name));
    let created_host = created_with
        .and_then(|c| Url::parse(c).ok())
        .and_then(|c| c.host_str().map(str::to_owned));
    let mut trusted: Vec<String> = allowed.to_vec();
    trusted.extend(own.map(str::to_owned));
    trusted.extend(created_host);
    may_reach(&url, &trusted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(raw: &str) -> Url {
        Url::parse(raw).expect("a url")
    }

    #[test]
    fn loopback_and_named_hosts_only() {
        let allowed = vec!["hooks.example.com".to_owned()];
        for ok in [
            "http://127.0.0.1:3000/webhooks/persona",
            "http://localhost/x",
            "http://[::1]:8080/x",
            "https://HOOKS.example.com/persona",
        ] {
            assert!(may_reach(&url(ok), &allowed), "{ok}");
        }
        for refused in [
            "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.5/admin",
            "https://evil.example/",
            "file:///etc/passwd",
            "http://127.0.0.1.evil.example/",
        ] {
            assert!(!may_reach(&url(refused), &allowed), "{refused}");
        }
    }

    #[test]
    fn redirects_stay_home_unless_the_inquiry_or_the_operator_named_the_host() {
        let host = Some("walk.example.com:8443");
        assert!(may_redirect("/verification/return", host, None, &[]));
        assert!(may_redirect(
            "https://walk.example.com/return",
            host,
            None,
            &[]
        ));
        assert!(may_redirect(
            "https://app.example.com/r",
            host,
            Some("https://app.example.com/x"),
            &[]
        ));
        assert!(!may_redirect("https://evil.example/", host, None, &[]));
        assert!(!may_redirect("//evil.example/", host, None, &[]));
        assert!(!may_redirect("javascript:alert(1)", host, None, &[]));
    }
}
