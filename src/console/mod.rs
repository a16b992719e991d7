//! The operators' use cases: signing in, the walker list and dashboard, one walker's case,
//! notes, decisions through Persona, privacy requests (reveal, erasure, subject access) and the
//! CSV export; and operators' accounts for the command line. Each writes its own audit entry.
//! With `onboarding`, the only place that reaches the store and Persona.

mod accounts;
mod action;
mod case;
mod csv_export;
mod decisions;
mod error;
mod housekeeping;
mod listing;
mod notes;
mod operator;
mod passwords;
mod privacy;
mod raw_event;
mod searches;
mod service;
mod sign_in;
mod subject_export;

pub use accounts::{Accounts, MIN_PASSWORD_CHARS};
pub use action::{plain_failure, ActionKind, ActionOutcome, ActionRequest};
pub use case::{CaseFile, ErasureState};
pub use error::ConsoleError;
pub use listing::{DashboardFigures, DayCounts, Listing};
pub use notes::MAX_NOTE_CHARS;
pub use operator::Operator;
pub use service::Console;
pub use sign_in::SignIn;

/// The records the console's answers carry, for the pages that show them.
pub use crate::store::{
    AuditRecord, DecisionTimes, EventOutcome, EventRecord, Funnel, InquiryRecord, JobAttemptRecord,
    ListPage, ListRow, MailRecord, NoteRecord, WalkerRecord, DECISION_BUCKETS_MS,
};
