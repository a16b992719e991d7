//! The local Persona emulator over real HTTP: API shapes checked against Persona's OpenAPI spec
//! and fixtures, the Hosted Flow without JavaScript, and signed webhook delivery.
//! The test modules live in `tests/emulator_api/`.

#[path = "emulator_api/receiver.rs"]
mod receiver;
#[path = "emulator_api/spec.rs"]
mod spec;
#[path = "emulator_api/support.rs"]
mod support;

#[path = "emulator_api/accounts.rs"]
mod accounts;
#[path = "emulator_api/actions.rs"]
mod actions;
#[path = "emulator_api/conformance.rs"]
mod conformance;
#[path = "emulator_api/control.rs"]
mod control;
#[path = "emulator_api/create.rs"]
mod create;
#[path = "emulator_api/events.rs"]
mod events;
#[path = "emulator_api/fences.rs"]
mod fences;
#[path = "emulator_api/field_keys.rs"]
mod field_keys;
#[path = "emulator_api/fuzz_findings.rs"]
mod fuzz_findings;
#[path = "emulator_api/hosted.rs"]
mod hosted;
#[path = "emulator_api/hosted_start.rs"]
mod hosted_start;
#[path = "emulator_api/idempotency.rs"]
mod idempotency;
#[path = "emulator_api/legacy_field_keys.rs"]
mod legacy_field_keys;
#[path = "emulator_api/legacy_included.rs"]
mod legacy_included;
#[path = "emulator_api/list_filters.rs"]
mod list_filters;
#[path = "emulator_api/persistence.rs"]
mod persistence;
#[path = "emulator_api/retrieve.rs"]
mod retrieve;
#[path = "emulator_api/session_events.rs"]
mod session_events;
#[path = "emulator_api/simulate.rs"]
mod simulate;
#[path = "emulator_api/webhook_control.rs"]
mod webhook_control;
#[path = "emulator_api/webhook_retries.rs"]
mod webhook_retries;
#[path = "emulator_api/webhooks.rs"]
mod webhooks;
#[path = "emulator_api/workflow.rs"]
mod workflow;
