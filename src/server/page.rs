//! The plain page for answers given outside Leptos's rendering (refusals, errors), in the
//! language of whoever asked. Handlers and layers name the message by its catalogue key
//! ([`plain`]); [`in_their_language`], a layer that sees the request, writes the page in the
//! walker's language. Without that layer the page is in English.

use super::language::preferred;
use crate::domain::Language;
use crate::i18n::{t, t_count};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

/// A plain page's message: a key in `locales/*/walker.ftl`, with its `$count` if it has one.
#[derive(Clone, Copy, Debug)]
struct PlainMessage {
    key: &'static str,
    count: Option<u64>,
}

impl PlainMessage {
    fn text(self, language: Language) -> String {
        match self.count {
            Some(count) => t_count(language, self.key, count),
            None => t(language, self.key),
        }
    }

    fn into_response(self, status: StatusCode) -> Response {
        let mut response = (
            status,
            Html(simple_page(Language::En, &self.text(Language::En))),
        )
            .into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// A plain page saying the catalogue's `key`.
pub fn plain(status: StatusCode, key: &'static str) -> Response {
    PlainMessage { key, count: None }.into_response(status)
}

/// A plain page saying the catalogue's `key` about `count` things.
pub fn plain_counted(status: StatusCode, key: &'static str, count: u64) -> Response {
    PlainMessage {
        key,
        count: Some(count),
    }
    .into_response(status)
}

/// A 500 with the plain page, after logging `error` (never shown to the person).
pub fn internal_error(error: &anyhow::Error) -> Response {
    tracing::error!(error = format!("{error:#}"), "request failed");
    plain(StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
}

/// Rewrites a plain page in the language of the request it answers (the console's in English).
pub async fn in_their_language(request: Request, next: Next) -> Response {
    let language = if request.uri().path().starts_with("/admin") {
        Language::En
    } else {
        preferred(request.headers())
    };
    let mut response = next.run(request).await;
    if language != Language::En {
        if let Some(message) = response.extensions_mut().remove::<PlainMessage>() {
            response.headers_mut().remove(header::CONTENT_LENGTH);
            *response.body_mut() = Body::from(simple_page(language, &message.text(language)));
        }
    }
    response
}

/// A minimal page for answers given outside Leptos's rendering.
pub fn simple_page(language: Language, message: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>PawPass</title><link rel=\"stylesheet\" href=\"/pkg/pawpass.css\"></head>\
         <body><main class=\"page\"><div class=\"card\"><h1>PawPass</h1><p>{}</p>\
         <p><a href=\"/\">{}</a></p></div></main></body></html>",
        language.code(),
        html_escape::encode_text(message),
        html_escape::encode_text(&t(language, "error-back-to-start")),
    )
}
