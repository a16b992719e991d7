//! How stored records read on a walker's page: the event timeline (what each event did when
//! it arrived), job attempts, notes and the audit trail as entries.

use super::walker::{EntryView, EventView};
use crate::domain::VerificationStatus;
use crate::store::{AuditRecord, EventRecord, JobAttemptRecord, NoteRecord};

pub fn jobs(jobs: Vec<JobAttemptRecord>) -> Vec<EntryView> {
    jobs.into_iter()
        .map(|j| EntryView {
            at: super::format_time(j.started_at),
            by: format!("took {} ms", (j.finished_at - j.started_at).max(0)),
            title: format!(
                "{} · attempt {} · {}",
                j.kind.replace('_', " "),
                j.attempt,
                j.outcome
            ),
            text: j.error,
            ok: j.outcome != "dead",
        })
        .collect()
}

pub fn notes(notes: Vec<NoteRecord>) -> Vec<EntryView> {
    notes
        .into_iter()
        .map(|n| EntryView {
            at: super::format_time(n.created_at),
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
            at: super::format_time(a.at),
            by: a.operator_username,
            title: format!("{}: {}", action_label(&a.action), a.detail),
            text: a.reason,
            ok: a.outcome == "ok",
        })
        .collect()
}

fn action_label(action: &str) -> &str {
    match action {
        "approve" => "Approved",
        "decline" => "Declined",
        "mark_for_review" => "Marked for review",
        "resync" => "Resynced from Persona",
        "one_time_link" => "Fresh link",
        "erase" => "Erasure requested",
        "erase_done" => "Erased",
        "erase_retry" => "Erasure retried",
        "export" => "Exported (subject access)",
        "reveal" => "Revealed birthdate and phone",
        other => other,
    }
}

/// Events newest first, each saying what it did when it arrived.
pub fn timeline(events: Vec<EventRecord>) -> Vec<EventView> {
    events
        .into_iter()
        .map(|e| {
            let (outcome, class) = match e.disposition.as_str() {
                "applied" if e.applied == 1 => ("Applied".to_owned(), "applied"),
                "applied" => ("Recorded".to_owned(), "recorded"),
                "late" => ("Late, not applied".to_owned(), "late"),
                "current" => ("Already current".to_owned(), "recorded"),
                "unknown_inquiry" => ("Unknown inquiry".to_owned(), "late"),
                "unknown_event" => ("Unknown event, kept".to_owned(), "recorded"),
                "no_status" => ("No status change".to_owned(), "recorded"),
                other => (other.replace('_', " "), "recorded"),
            };
            let outcome = if e.deliveries > 1 {
                format!("{outcome} · duplicate, delivered {} times", e.deliveries)
            } else {
                outcome
            };
            EventView {
                name: e.name,
                inquiry_id: e.inquiry_id.unwrap_or_default(),
                status: e.status.map(VerificationStatus::from),
                persona_at: super::format_time(e.persona_created_at),
                received_at: super::format_time(e.received_at),
                outcome,
                outcome_class: format!("outcome outcome-{class}"),
                id: e.id,
            }
        })
        .collect()
}
