//! Operators' passwords, hashed with argon2id. Both directions run off the async workers:
//! argon2 is deliberately slow.

use anyhow::Context;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use rand::distributions::{Alphanumeric, DistString};
use std::sync::OnceLock;

pub(super) async fn hash(password: &str) -> anyhow::Result<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .context("joining the hashing task")?
}

/// Whether `password` matches `hash`; with no hash (an unknown username), a check against a
/// decoy, so that a wrong username costs exactly as long as a wrong password.
pub(super) async fn matches(hash: Option<String>, password: &str) -> anyhow::Result<bool> {
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| decoy_hash().to_owned());
    let password = password.to_owned();
    let matched = tokio::task::spawn_blocking(move || matches_now(&hash, &password))
        .await
        .context("joining the password check")?;
    Ok(known && matched)
}

fn hash_now(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

/// A real hash of a random password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let random = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
        hash_now(&random).unwrap_or_default()
    })
}

fn matches_now(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}
