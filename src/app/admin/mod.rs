//! The operators' console: sign-in, the walker list, one walker's case, and the dashboard.
//! Data comes from server functions (each checks the operator's session); every change is a
//! plain form post to an axum route (`src/web/admin_*.rs`), so all of it works without
//! JavaScript.

mod charts;
mod dashboard;
mod frame;
mod list;
mod list_parts;
mod login;
mod nav;
#[cfg(feature = "ssr")]
mod server;
mod walker;
mod walker_actions;
#[cfg(feature = "ssr")]
mod walker_entries;
mod walker_privacy;
mod walker_sections;

pub use dashboard::DashboardPage;
pub use frame::AdminFlash;
pub use list::WalkerListPage;
pub use login::{LoginPage, LoginState};
pub use walker::WalkerPage;
