//! Persona's JSON as the emulator writes it: inquiry, account and session documents, event envelopes and
//! error bodies, in the current API version and kebab-case keys (field keys the template's own);
//! `version_and_inflection` rewrites them for clients and webhooks that ask for another version
//! or key casing.

pub(crate) mod account;
pub(crate) mod error;
pub(crate) mod event;
pub(crate) mod inquiry;
pub(crate) mod session;
pub(crate) mod version_and_inflection;
