//! Names of the values kept in a browser's session.

/// The walker this browser signed up as.
pub const WALKER_ID: &str = "walker_id";
/// The operator signed in on this browser.
pub const OPERATOR_ID: &str = "operator_id";
/// When that operator signed in (ms since the epoch), for the absolute sign-in lifetime.
pub const SIGNED_IN_AT: &str = "signed_in_at";
/// The synchronizer token admin forms must send back.
pub const CSRF_TOKEN: &str = "csrf_token";
/// A one-time message for the next admin page (the result of a form post).
pub const ADMIN_FLASH: &str = "admin_flash";
/// The walker whose birthdate and phone the next page view shows in full (once).
pub const REVEAL_WALKER: &str = "reveal_walker";
