//! Persona-style object ids: a type prefix plus 28 random alphanumerics (`inq_…`, `evt_…`).

use rand::distributions::{Alphanumeric, DistString};

const RANDOM_LEN: usize = 28;

pub(crate) fn new_id(prefix: &str) -> String {
    let random = Alphanumeric.sample_string(&mut rand::thread_rng(), RANDOM_LEN);
    format!("{prefix}_{random}")
}
