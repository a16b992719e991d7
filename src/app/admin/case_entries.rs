//! How stored records read on a walker's page: the event timeline (what each event did when
//! it arrived), job attempts, messages, notes and the audit trail as entries.

use super::case_sections::{EntryView, EventView};
use crate::console::{
    AuditRecord, EventOutcome, EventRecord, JobAttemptRecord, MailRecord, NoteRecord,
};
use crate::domain::{AttemptResult, AuditOutcome, MailState};

pub fn jobs(jobs: Vec<JobAttemptRecord>) -> Vec<EntryView> {
    jobs.into_iter()
        .map(|j| EntryView {
            at: super::server::format_time(j.started_at),
            by: format!("took {} ms", (j.finished_at - j.started_at).max(0)),
            title: format!(
                "{} · attempt {} · {}",
                j.kind.label(),
                j.attempt,
                j.outcome.as_str()
            ),
            text: j.error,
            ok: j.outcome != AttemptResult::Dead,
        })
        .collect()
}

pub fn mails(mails: Vec<MailRecord>) -> Vec<EntryView> {
    mails
        .into_iter()
        .map(|m| {
            let state = match (m.state, m.sent_at) {
                (MailState::Sent, Some(at)) => format!("sent {}", super::server::format_time(at)),
                (MailState::Queued, _) if m.attempts.unwrap_or(0) > 0 => {
                    format!("queued, {} attempts so far", m.attempts.unwrap_or(0))
                }
                (state, _) => state.as_str().to_owned(),
            };
            EntryView {
                at: super::server::format_time(m.created_at),
                by: state,
                title: m.kind.label().to_owned(),
                // Why it has not gone yet (or never will); a sent message needs no excuse.
                text: m.last_error.filter(|_| m.state != MailState::Sent),
                ok: m.state != MailState::Failed,
            }
        })
        .collect()
}

pub fn notes(notes: Vec<NoteRecord>) -> Vec<EntryView> {
    notes
        .into_iter()
        .map(|n| EntryView {
            at: super::server::format_time(n.created_at),
            by: n.operator_username,
            title: "Note".into(),
            text: Some(n.body),
            ok: true,
        })
        .collect()
}

pub fn audit(audit: Vec<AuditRecord>) -> Vec<EntryView> {
    audit
        .into_iter()
        .map(|a| EntryView {
            at: super::server::format_time(a.at),
            by: a.operator_username,
            title: format!("{}: {}", a.action.label(), a.detail),
            text: a.reason,
            ok: a.outcome == AuditOutcome::Ok,
        })
        .collect()
}

/// Events newest first, each saying what it did when it arrived.
pub fn timeline(events: Vec<EventRecord>) -> Vec<EventView> {
    events
        .into_iter()
        .map(|e| {
            let (outcome, class) = match e.disposition {
                EventOutcome::Applied if e.applied => ("Applied", "applied"),
                EventOutcome::Applied | EventOutcome::Duplicate => ("Recorded", "recorded"),
                EventOutcome::Late => ("Late, not applied", "late"),
                EventOutcome::Current => ("Already current", "recorded"),
                EventOutcome::UnknownInquiry => ("Unknown inquiry", "late"),
                EventOutcome::UnknownEvent => ("Unknown event, kept", "recorded"),
                EventOutcome::NoStatus => ("No status change", "recorded"),
            };
            let outcome = if e.deliveries > 1 {
                format!("{outcome} · duplicate, delivered {} times", e.deliveries)
            } else {
                outcome.to_owned()
            };
            EventView {
                name: e.name,
                inquiry_id: e.inquiry_id,
                status: e.status,
                persona_at: super::server::format_time(e.persona_created_at),
                received_at: super::server::format_time(e.received_at),
                outcome,
                outcome_class: format!("outcome outcome-{class}"),
                id: e.id,
            }
        })
        .collect()
}
