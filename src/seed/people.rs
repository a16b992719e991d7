//! The walkers `pawpass seed` makes up: names, emails, signup times and a plausible run of
//! Persona events for each, drawn from a seeded generator so every run seeds the same data.

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
const STATUS_MIX: [(&str, u32); 9] = [
    ("not_started", 20),
    ("created", 100),
    ("pending", 100),
    ("expired", 80),
    ("completed", 50),
    ("failed", 50),
    ("needs_review", 100),
    ("approved", 420),
    ("declined", 80),
];

pub(super) struct Person {
    pub(super) id: String,
    pub(super) first: &'static str,
    pub(super) last: &'static str,
    pub(super) email: String,
    pub(super) created_at: i64,
    pub(super) status: &'static str,
    /// (event name, status, Persona time) in order.
    pub(super) steps: Vec<(&'static str, &'static str, i64)>,
}

fn pick_status(rng: &mut StdRng) -> &'static str {
    let mut roll = rng.gen_range(0..1000);
    for (status, share) in STATUS_MIX {
        if roll < share {
            return status;
        }
        roll -= share;
    }
    "approved"
}

fn lifecycle(status: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut steps = vec![("inquiry.created", "created")];
    let started = !matches!(status, "not_started" | "created");
    if status == "expired" {
        steps.push(("inquiry.expired", "expired"));
        return steps;
    }
    if started {
        steps.push(("inquiry.started", "pending"));
    }
    match status {
        "completed" => steps.push(("inquiry.completed", "completed")),
        "failed" => steps.push(("inquiry.failed", "failed")),
        "needs_review" => {
            steps.push(("inquiry.completed", "completed"));
            steps.push(("inquiry.marked-for-review", "needs_review"));
        }
        "approved" | "declined" => {
            steps.push(("inquiry.completed", "completed"));
            let name = if status == "approved" {
                "inquiry.approved"
            } else {
                "inquiry.declined"
            };
            steps.push((name, status));
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
    let steps = lifecycle(status)
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
