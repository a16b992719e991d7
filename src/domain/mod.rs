//! PawPass's rules, with no I/O: they compile for the browser too.

pub mod access;
pub mod audit;
pub mod birthdate;
pub mod field_problem;
pub mod ids;
pub mod jobs;
pub mod language;
mod list_error;
pub mod list_query;
pub mod list_sort;
pub mod mail;
pub mod mask;
pub mod names;
pub mod policy;
pub mod request_id;
pub mod signup_form;
pub mod status;
pub mod walker;

pub use access::Access;
pub use audit::{AuditAction, AuditOutcome};
pub use birthdate::Birthdate;
pub use field_problem::FieldProblem;
pub use ids::{AccountId, EventId, InquiryId, InvalidId, JobId, MailId, OperatorId, WalkerId};
pub use jobs::{AttemptResult, JobKind, JobState};
pub use language::Language;
pub use list_query::{Direction, ListQuery, ListQueryError, SortKey};
pub use mail::{MailKind, MailState};
pub use names::UnknownValue;
pub use request_id::RequestId;
pub use signup_form::{FieldErrors, SignupDraft, SignupField};
pub use status::{VerificationStatus, WalkerStatus};
pub use walker::{Email, NewWalker, PersonName, Phone};
