//! Every request's id (taken from `X-Request-Id` or made by tower-http, and sent back) on
//! everything the request does: its span, so each of its log lines names it, and the jobs it
//! queues, so theirs do too.

use crate::domain::RequestId;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

fn id_of<B>(request: &axum::http::Request<B>) -> Option<&str> {
    request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
}

/// Every request's span: its method and id. Never its path: paths can carry one-time tokens.
pub fn request_span(request: &axum::http::Request<Body>) -> tracing::Span {
    let id = id_of(request).unwrap_or("-");
    tracing::info_span!("request", method = %request.method(), request_id = %id)
}

/// Answers the request with its id as the task's current request, so a job it queues keeps
/// the id (see [`RequestId::current`]). An id we would not keep (too long, odd characters) is
/// still logged by the span, but no job carries it.
pub async fn carry(request: Request, next: Next) -> Response {
    match id_of(&request).and_then(|raw| RequestId::parse(raw).ok()) {
        Some(id) => id.scope(next.run(request)).await,
        None => next.run(request).await,
    }
}
