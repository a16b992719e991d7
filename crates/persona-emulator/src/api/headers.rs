//! Header names the API reads or adds beyond the standard ones (CONTRACT 1–3).

use axum::http::HeaderName;

pub(crate) const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");
pub(crate) const RATE_LIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
pub(crate) const RATE_LIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
pub(crate) const RATE_LIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");
pub(crate) const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
pub(crate) const QUOTA_LIMIT: HeaderName = HeaderName::from_static("quota-limit");
pub(crate) const QUOTA_REMAINING: HeaderName = HeaderName::from_static("quota-remaining");
pub(crate) const QUOTA_RESET: HeaderName = HeaderName::from_static("quota-reset");
pub(crate) const ENVIRONMENT_ID: HeaderName = HeaderName::from_static("persona-environment-id");
pub(crate) const ORGANIZATION_ID: HeaderName = HeaderName::from_static("persona-organization-id");
