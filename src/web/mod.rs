//! Plain axum routes beside the Leptos pages: form posts, the webhook, auth, health.

mod admin_actions;
mod admin_auth;
mod admin_search;
mod continue_link;
mod dev_mail;
mod error;
mod export;
pub mod health;
mod language;
mod privacy;
mod render;
mod signup;
mod subject_export;
mod verification;
mod webhook;

pub use admin_actions::{add_note, raw_event, walker_action};
pub use admin_auth::{login, logout};
pub use admin_search::search_walkers;
pub use continue_link::{request_link, use_link};
pub use dev_mail::dev_mail;
pub use error::WebError;
pub use export::export_csv;
pub use language::switch_language;
pub use privacy::{erase_walker, retry_erasure, reveal_walker};
pub use signup::submit_signup;
pub use subject_export::export_walker;
pub use verification::{continue_verification, retry_verification};
pub use webhook::receive_persona_webhook;
