//! One emulator instance as every handler sees it (axum's router state): its state handle plus
//! the settings, template and token key fixed at start. Cheap to clone; everything is shared.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::config::{EmulatorConfig, EmulatorOptions};
use crate::lifecycle::session_token::TokenKey;
use crate::lifecycle::{expiry, workflow};
use crate::model::template::Template;
use crate::state::database::Database;
use crate::state::handle::StateHandle;
use crate::state::EmulatorState;

#[derive(Clone)]
pub(crate) struct Emulator {
    pub state: StateHandle,
    pub config: Arc<EmulatorConfig>,
    pub options: Arc<EmulatorOptions>,
    pub template: Arc<Template>,
    pub tokens: Arc<TokenKey>,
    /// Set when `EmulatorOptions::database_path` is.
    pub database: Option<Arc<Database>>,
}

impl Emulator {
    pub(crate) fn new(config: EmulatorConfig, options: EmulatorOptions) -> Self {
        // Out-of-range delays (beyond chrono's ±292 million years) mean "never" in practice.
        let approve_after =
            chrono::Duration::from_std(options.approve_after).unwrap_or(chrono::Duration::MAX);
        Emulator {
            state: StateHandle::new(options.faults.clone()),
            options: Arc::new(options),
            template: Arc::new(Template::kyc(&config.template_id, approve_after)),
            config: Arc::new(config),
            tokens: Arc::new(TokenKey::random()),
            database: None,
        }
    }

    /// Runs `f` on the state at the current emulated time, after expiring overdue inquiries and
    /// running due workflow approvals (besides the background sweep, so a clock advance takes
    /// effect on the next request).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut EmulatorState, DateTime<Utc>) -> R) -> R {
        let now = self.state.now();
        self.state.with(|state| {
            expiry::expire_due(state, now);
            workflow::approve_due(state, now);
            f(state, now)
        })
    }
}
