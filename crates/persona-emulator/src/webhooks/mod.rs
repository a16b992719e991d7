//! Webhooks going out (CONTRACT 10): the worker that delivers queued events and retries them,
//! and the `Persona-Signature` it signs them with.

pub(crate) mod signature;
pub(crate) mod worker;
