//! Compressing what a browser downloads to run the islands (the wasm, its JavaScript, the
//! stylesheet, the icon): nearly all of a first visit's bytes, which a phone on a slow
//! connection waits for before the form checks itself. Pages and server functions' answers
//! are sent as they are: they hold form tokens beside text someone else may choose (a search,
//! a rejected form), and compression would leak those tokens through the answer's length
//! (BREACH).

use axum::http::{header, Extensions, HeaderMap, StatusCode, Version};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;

/// Brotli or gzip, as the browser accepts, for static assets above a kilobyte.
pub fn static_assets() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new().compress_when(SizeAbove::new(1024).and(is_static_asset))
}

fn is_static_asset(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    const ASSETS: [&str; 5] = [
        "application/wasm",
        "text/javascript",
        "application/javascript",
        "text/css",
        "image/svg+xml",
    ];
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|kind| ASSETS.iter().any(|asset| kind.starts_with(asset)))
}
