//! The emulator's domain objects as plain data: accounts, inquiries, templates, events,
//! sessions, webhook endpoints and deliveries, idempotency records. Nothing here knows about
//! HTTP, the state's lock or Persona's JSON.

pub(crate) mod account;
pub(crate) mod event;
pub(crate) mod idempotency;
pub(crate) mod inquiry;
pub(crate) mod session;
pub(crate) mod template;
pub(crate) mod webhook;
