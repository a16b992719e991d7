//! One walker's case as operators see it: their data, every inquiry, the event timeline, the
//! background work, the messages sent to them, notes and the audit trail, and where an erasure stands.

use super::error::ConsoleError;
use super::service::Console;
use crate::domain::{JobKind, JobState, VerificationStatus, WalkerId};
use crate::store::{
    AuditRecord, EventRecord, InquiryRecord, JobAttemptRecord, JobRecord, MailRecord, NoteRecord,
    WalkerRecord,
};

/// Where the walker's erasure stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErasureState {
    NotRequested,
    /// Requested; Persona's redaction or PawPass's erasure has not finished yet.
    Pending,
    /// The erasure job gave up (Persona refused, or failed too often): an operator must act.
    Stuck {
        attempts: i64,
    },
    /// Done at this time (ms).
    Done {
        at_ms: i64,
    },
}

impl ErasureState {
    fn of(walker: &WalkerRecord, job: Option<&JobRecord>) -> Self {
        match (walker.erased_at, walker.erasure_requested_at, job) {
            (Some(at_ms), _, _) => Self::Done { at_ms },
            (None, Some(_), Some(job)) if job.state == JobState::Dead => Self::Stuck {
                attempts: job.attempts,
            },
            (None, Some(_), _) => Self::Pending,
            (None, None, _) => Self::NotRequested,
        }
    }
}

#[derive(Clone, Debug)]
pub struct CaseFile {
    pub walker: WalkerRecord,
    /// Their current inquiry's status (`NotStarted` without one).
    pub status: VerificationStatus,
    /// Newest first, as are the lists below.
    pub inquiries: Vec<InquiryRecord>,
    pub events: Vec<EventRecord>,
    pub job_attempts: Vec<JobAttemptRecord>,
    /// Every message to the walker, with its state.
    pub mails: Vec<MailRecord>,
    pub notes: Vec<NoteRecord>,
    pub audit: Vec<AuditRecord>,
    pub erasure: ErasureState,
}

impl Console {
    pub async fn case(&self, walker_id: &WalkerId) -> Result<Option<CaseFile>, ConsoleError> {
        let Some(walker) = self.store.walkers().by_id(walker_id).await? else {
            return Ok(None);
        };
        let store = &self.store;
        // `join!`, not `try_join!`: every read runs to its end even if one fails, so none is
        // dropped halfway through taking a connection (what sqlx's pool handles worst).
        let (inquiries, events, notes, audit, job_attempts, erase_job, mails) = futures_util::join!(
            store.inquiries().for_walker(walker_id),
            store.events().for_walker(walker_id),
            store.notes().for_walker(walker_id),
            store.audit().for_walker(walker_id),
            store.jobs().attempts_for_walker(walker_id),
            store.jobs().latest(walker_id, JobKind::EraseWalker),
            store.mails().for_walker(walker_id),
        );
        let (inquiries, events, notes, audit, job_attempts, erase_job, mails) = (
            inquiries?,
            events?,
            notes?,
            audit?,
            job_attempts?,
            erase_job?,
            mails?,
        );
        let status = inquiries
            .iter()
            .find(|i| Some(&i.id) == walker.current_inquiry_id.as_ref())
            .map_or(VerificationStatus::NotStarted, |i| i.status.clone());
        Ok(Some(CaseFile {
            erasure: ErasureState::of(&walker, erase_job.as_ref()),
            walker,
            status,
            inquiries,
            events,
            job_attempts,
            mails,
            notes,
            audit,
        }))
    }
}
