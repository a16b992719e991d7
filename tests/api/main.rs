//! Integration tests: PawPass started on port 0 with a fresh database and the in-process
//! Persona emulator, driven over real HTTP. `PAWPASS_TEST_DATABASE=postgres` runs the same suite
//! on the PostgreSQL server at 127.0.0.1:5432 (a fresh database per test).

mod admin;
mod admin_actions;
mod admin_list;
mod audited_reads;
mod crash;
mod erasure;
mod event_months;
mod helpers;
mod http_bounds;
mod journey;
mod language;
mod lockout;
mod masking;
mod modes;
mod operations;
mod outcome_mail;
mod pages;
mod persona_fidelity;
mod records;
mod remembered_searches;
mod resilience;
mod retention;
mod returning;
mod sessions;
mod signup;
mod subject_export;
mod walker_identity;
mod webhooks;
