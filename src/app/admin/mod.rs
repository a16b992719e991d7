//! The operators' console: sign-in, the walker list, one walker's case, and the dashboard.
//! Data comes from server functions (each checks the operator's session); every change is a
//! plain form post to an axum route (`src/web/admin_*.rs`), so all of it works without
//! JavaScript.

#[cfg(feature = "ssr")]
mod case_entries;
mod case_sections;
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
mod walker_privacy;

pub use dashboard::DashboardPage;
pub use frame::AdminFlash;
pub use list::WalkerListPage;
pub use login::{LoginPage, LoginState};
pub use walker::WalkerPage;
