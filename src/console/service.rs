//! What every operator use case works with: the store, Persona (decisions go through it) and
//! the job worker (erasures wake it). Built once at startup; cheap to clone.

use super::accounts::Accounts;
use crate::onboarding::Worker;
use crate::store::Store;
use persona::PersonaClient;

#[derive(Clone, Debug)]
pub struct Console {
    pub(super) store: Store,
    pub(super) persona: PersonaClient,
    pub(super) worker: Worker,
}

impl Console {
    /// `worker` is the one onboarding runs: erasures requested here are its jobs.
    pub fn new(store: Store, persona: PersonaClient, worker: Worker) -> Self {
        Self {
            store,
            persona,
            worker,
        }
    }

    pub fn accounts(&self) -> Accounts {
        Accounts::new(self.store.clone())
    }
}
