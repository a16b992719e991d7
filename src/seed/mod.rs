//! `pawpass seed`: realistic walkers, inquiries and events in bulk, for benchmarks and demos,
//! written through the store's import. A seeded generator makes every run seed the same data.

mod people;

use crate::domain::{EventId, InquiryId, VerificationStatus, WalkerId};
use crate::store::{now_ms, ImportedEvent, ImportedWalker, Store};
use anyhow::Context;
use people::{make_person, Person};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Walkers written per import (one transaction each).
const BATCH: u64 = 400;

/// Seeds the database at `url` (see [`seed`]).
pub async fn seed_database(url: &str, walkers: u64, events: u64) -> anyhow::Result<()> {
    seed(&Store::connect(url, None).await?, walkers, events).await
}

/// Inserts `walkers` walkers (one inquiry each unless not started) and about `events` events in
/// all: the lifecycle events, then session events to make up the number.
pub async fn seed(store: &Store, walkers: u64, events: u64) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(7);
    let now = now_ms();
    let lifecycle_total = walkers * 4;
    let mut extra_left = events.saturating_sub(lifecycle_total);
    let extra_per_walker = extra_left.div_ceil(walkers.max(1));
    let mut start = 0;
    while start < walkers {
        let end = (start + BATCH).min(walkers);
        let people: Vec<(u64, Person)> = (start..end)
            .map(|n| (n, make_person(&mut rng, n, now)))
            .collect();
        let mut batch = Vec::with_capacity(people.len());
        for (n, person) in &people {
            let extra = if person.status == VerificationStatus::NotStarted {
                0
            } else {
                let extra = extra_per_walker.min(extra_left);
                extra_left -= extra;
                extra
            };
            batch.push(imported(&mut rng, *n, person, extra)?);
        }
        // Arrival times are drawn last, in the order the events are written.
        for event in batch.iter_mut().flat_map(|w| w.events.iter_mut()) {
            event.received_at = event.persona_created_at + rng.gen_range(50..2_000);
        }
        store
            .walkers()
            .import(&batch)
            .await
            .with_context(|| format!("seeding walkers {start} to {end}"))?;
        start = end;
    }
    Ok(())
}

/// A made-up person as the store imports them: their lifecycle events, then `extra` session
/// events at random times within it.
fn imported(
    rng: &mut StdRng,
    n: u64,
    person: &Person,
    extra: u64,
) -> anyhow::Result<ImportedWalker> {
    let started = person.status != VerificationStatus::NotStarted;
    let inquiry_id = started
        .then(|| InquiryId::parse(&format!("inq_seed{n:016}")))
        .transpose()
        .context("making a seed inquiry id")?;
    let time_of = |statuses: &[VerificationStatus]| {
        person
            .steps
            .iter()
            .find(|step| statuses.contains(&step.1))
            .map(|step| step.2)
    };
    let last = person.steps.last().map_or(person.created_at, |step| step.2);
    let mut events = Vec::new();
    if let Some(inquiry) = &inquiry_id {
        for (k, (name, status, at)) in person.steps.iter().enumerate() {
            events.push(event(
                event_id(format!("evt_seed{n:016}_{k}"))?,
                name,
                inquiry,
                Some(status.clone()),
                *at,
            ));
        }
        for k in 0..extra {
            let at = person.created_at + rng.gen_range(0..=(last - person.created_at).max(1));
            let mut session = event(
                event_id(format!("evt_seed{n:016}_s{k}"))?,
                "inquiry-session.started",
                inquiry,
                None,
                at,
            );
            session.applied = false;
            events.push(session);
        }
    }
    Ok(ImportedWalker {
        id: WalkerId::parse(&person.id).context("making a seed walker id")?,
        first_name: person.first.to_owned(),
        last_name: person.last.to_owned(),
        email: person.email.clone(),
        birthdate: "1990-05-17".to_owned(),
        created_at: person.created_at,
        status: person.status.clone(),
        last_change_at: last,
        started_at: time_of(&[VerificationStatus::Pending]),
        completed_at: time_of(&[VerificationStatus::Completed]),
        decided_at: time_of(&[VerificationStatus::Approved, VerificationStatus::Declined]),
        approved_at: time_of(&[VerificationStatus::Approved]),
        inquiry_id,
        events,
    })
}

fn event_id(raw: String) -> anyhow::Result<EventId> {
    EventId::parse(&raw).context("making a seed event id")
}

/// An applied event with the body Persona would have sent; it arrives (`received_at`) later.
fn event(
    id: EventId,
    name: &str,
    inquiry: &InquiryId,
    status: Option<VerificationStatus>,
    at: i64,
) -> ImportedEvent {
    let body = format!(
        r#"{{"data":{{"type":"event","id":"{id}","attributes":{{"name":"{name}","payload":{{"data":{{"type":"inquiry","id":"{inquiry}","attributes":{{"status":"{}"}}}},"included":[]}},"created-at":"{at}"}}}}}}"#,
        status
            .as_ref()
            .map_or("pending", VerificationStatus::as_str)
    );
    ImportedEvent {
        id,
        name: name.to_owned(),
        status,
        persona_created_at: at,
        received_at: at,
        applied: true,
        body,
    }
}
