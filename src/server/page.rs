//! The plain page for answers given outside Leptos's rendering (refusals, errors).

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// What people read when something failed on our side; the cause goes to the log.
pub const INTERNAL_ERROR: &str = "Something went wrong on our side. Please try again.";

/// A 500 with the plain page, after logging `error` (never shown to the person).
pub fn internal_error(error: &anyhow::Error) -> Response {
    tracing::error!(error = format!("{error:#}"), "request failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Html(simple_page(INTERNAL_ERROR)),
    )
        .into_response()
}

/// A minimal page for errors raised outside Leptos's rendering.
pub fn simple_page(message: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>PawPass</title><link rel=\"stylesheet\" href=\"/pkg/pawpass.css\"></head>\
         <body><main class=\"page\"><div class=\"card\"><h1>PawPass</h1><p>{}</p>\
         <p><a href=\"/\">Back to the start</a></p></div></main></body></html>",
        html_escape::encode_text(message)
    )
}
