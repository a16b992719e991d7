//! Checking a webhook's signature against PawPass's secrets (several while one is rotated in)
//! and Persona's timestamp window.

use persona::signature::{self, SignatureError};
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct WebhookVerifier {
    secrets: Vec<String>,
    tolerance: Duration,
}

impl WebhookVerifier {
    pub fn new(secrets: Vec<String>, tolerance: Duration) -> Self {
        Self { secrets, tolerance }
    }

    pub(super) fn verify(&self, header: Option<&str>, body: &[u8]) -> Result<(), SignatureError> {
        let now = chrono::Utc::now().timestamp();
        signature::verify(
            header,
            body,
            &self.secrets,
            now,
            Some(self.tolerance.as_secs()),
        )
    }
}
