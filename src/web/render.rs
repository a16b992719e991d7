//! Rendering a Leptos page from a plain axum handler, for form posts that come back with errors.

use crate::app::shell;
use crate::server::AppState;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use leptos::prelude::provide_context;

/// Renders the page at the request's path with `extra` provided as context, answering `status`.
/// The request is re-issued as a GET of the same path: the page is what a GET would show, plus
/// the rejected form.
pub async fn render_page<T>(
    state: &AppState,
    request: Request<Body>,
    extra: T,
    status: StatusCode,
) -> Response
where
    T: Clone + Send + Sync + 'static,
{
    let (mut parts, _) = request.into_parts();
    parts.method = axum::http::Method::GET;
    let context_state = state.clone();
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(context_state.clone());
            provide_context(extra.clone());
            crate::server::security_headers::provide_csp_nonce();
        },
        move || shell(options.clone()),
    );
    let mut response = handler(Request::from_parts(parts, Body::empty())).await;
    *response.status_mut() = status;
    response
}
