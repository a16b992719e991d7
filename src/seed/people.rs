//! The walkers `pawpass seed` makes up: names, emails, signup times and a plausible run of
//! Persona events for each, drawn from a seeded generator so every run seeds the same data.

use crate::domain::VerificationStatus as S;
use crate::store::DAY_MS;
use rand::rngs::StdRng;
use rand::Rng;

const FIRST: [&str; 16] = [
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi",
    "Liam", "Maya", "Noor", "Oscar", "Priya",
];
const LAST: [&str; 16] = [
    "Lovelace", "Okafor", "Martin", "Patel", "Rossi", "Haddad", "Hopper", "Tanaka", "Silva",
    "Berg", "Adeyemi", "Murphy", "Cohen", "Rahman", "Nilsson", "Sharma",
];
/// Final statuses and their share in thousandths.
const STATUS_MIX: [(S, u32); 9] = [
    (S::NotStarted, 20),
    (S::Created, 100),
    (S::Pending, 100),
    (S::Expired, 80),
    (S::Completed, 50),
    (S::Failed, 50),
    (S::NeedsReview, 100),
    (S::Approved, 420),
    (S::Declined, 80),
];

pub(super) struct Person {
    pub(super) id: String,
    pub(super) first: &'static str,
    pub(super) last: &'static str,
    pub(super) email: String,
    pub(super) created_at: i64,
    pub(super) status: S,
    /// (event name, status, Persona time) in order.
    pub(super) steps: Vec<(&'static str, S, i64)>,
}

fn pick_status(rng: &mut StdRng) -> S {
    let mut roll = rng.gen_range(0..1000);
    for (status, share) in STATUS_MIX {
        if roll < share {
            return status;
        }
        roll -= share;
    }
    S::Approved
}

fn lifecycle(status: &S) -> Vec<(&'static str, S)> {
    let mut steps = vec![("inquiry.created", S::Created)];
    if *status == S::Expired {
        steps.push(("inquiry.expired", S::Expired));
        return steps;
    }
    if !matches!(status, S::NotStarted | S::Created) {
        steps.push(("inquiry.started", S::Pending));
    }
    match status {
        S::Completed => steps.push(("inquiry.completed", S::Completed)),
        S::Failed => steps.push(("inquiry.failed", S::Failed)),
        S::NeedsReview => {
            steps.push(("inquiry.completed", S::Completed));
            steps.push(("inquiry.marked-for-review", S::NeedsReview));
        }
        S::Approved => {
            steps.push(("inquiry.completed", S::Completed));
            steps.push(("inquiry.approved", S::Approved));
        }
        S::Declined => {
            steps.push(("inquiry.completed", S::Completed));
            steps.push(("inquiry.declined", S::Declined));
        }
        _ => {}
    }
    steps
}

pub(super) fn make_person(rng: &mut StdRng, i: u64, now: i64) -> Person {
    let first = FIRST[rng.gen_range(0..FIRST.len())];
    let last = LAST[rng.gen_range(0..LAST.len())];
    let created_at = now - rng.gen_range(0..90 * DAY_MS);
    let status = pick_status(rng);
    let mut at = created_at + rng.gen_range(1_000..600_000);
    let steps = lifecycle(&status)
        .into_iter()
        .map(|(name, s)| {
            let step = (name, s, at.min(now));
            at += rng.gen_range(60_000..3 * DAY_MS);
            step
        })
        .collect();
    Person {
        id: format!("usr_seed{i:016}"),
        first,
        last,
        email: format!(
            "{}.{}.{i}@example.com",
            first.to_lowercase(),
            last.to_lowercase()
        ),
        created_at,
        status,
        steps,
    }
}
