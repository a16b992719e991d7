//! What pages (`app`) and routes (`web`) both stand on: the application state, configuration
//! and modes, sessions and their keys, who is signed in, CSRF, security headers, rate limits and
//! the bounded HTTP server. It knows the use cases, never the pages or routes above it, so
//! arrows run one way: app, web → server → use cases.

pub mod auth;
pub mod client_addr;
pub mod compression;
pub mod config;
mod config_error;
mod config_mail;
pub mod csrf;
pub mod http;
pub mod language;
pub mod logging;
pub mod metrics;
pub mod mode;
pub mod page;
pub mod rate_limit;
pub mod request_id;
pub mod security_headers;
pub mod session_keys;
pub mod sessions;
mod state;
pub mod telemetry;

pub use auth::AuthError;
pub use state::{AppState, Shared};
