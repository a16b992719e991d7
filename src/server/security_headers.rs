//! Security headers on every PawPass response: a content security policy with a per-response
//! nonce for Leptos's inline scripts, no framing, no sniffing, a strict referrer policy and,
//! over https, HSTS.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::{provide_context, use_context};
use rand::distributions::{Alphanumeric, DistString};

/// Where forms may go besides PawPass itself: the Hosted Flow the signup redirects to.
#[derive(Clone, Debug)]
pub struct SecurityConfig {
    pub form_action_origin: Option<String>,
    pub https: bool,
}

#[derive(Clone, Debug)]
struct CspNonce(String);

pub async fn security_headers_layer(
    State(config): State<SecurityConfig>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = Alphanumeric.sample_string(&mut rand::thread_rng(), 22);
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let form_action = match &config.form_action_origin {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_owned(),
    };
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action {form_action}; \
         frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    );
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    };
    set("content-security-policy", &csp);
    set("x-frame-options", "DENY");
    set("x-content-type-options", "nosniff");
    set("referrer-policy", "same-origin");
    set("cross-origin-opener-policy", "same-origin");
    set(
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    );
    if config.https {
        // A year, subdomains included: once a browser has seen PawPass over https it never
        // sends the session cookie (or anything else) over plain http to this domain again.
        set(
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}

/// Gives Leptos this response's nonce, so the scripts it writes inline carry it. Call inside
/// the context closure of every rendering route.
pub fn provide_csp_nonce() {
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(value)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(value));
    }
}
