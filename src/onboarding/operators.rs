//! Operators: adding them and checking their passwords (argon2id).

use super::Onboarding;
use crate::store::Store;
use anyhow::Context;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use rand::distributions::{Alphanumeric, DistString};
use std::sync::OnceLock;

pub const MIN_PASSWORD_CHARS: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    #[error("usernames are 3 to 64 letters, digits, dots, dashes or underscores")]
    BadUsername,
    #[error("passwords need at least {MIN_PASSWORD_CHARS} characters")]
    WeakPassword,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

/// A real hash of a random password, checked when the username is unknown so that a wrong
/// username costs exactly as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let random = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
        hash_password(&random).unwrap_or_default()
    })
}

fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Adds an operator (or sets a new password for an existing one).
pub async fn add_operator(
    store: &Store,
    username: &str,
    password: &str,
) -> Result<(), OperatorError> {
    let valid_name = (3..=64).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !valid_name {
        return Err(OperatorError::BadUsername);
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(OperatorError::WeakPassword);
    }
    let password = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .context("joining the hashing task")??;
    let id = format!(
        "op_{}",
        Alphanumeric.sample_string(&mut rand::thread_rng(), 20)
    );
    store.operators().upsert(&id, username, &hash).await?;
    Ok(())
}

/// Sets a new password for an existing operator; false when there is no such username.
pub async fn change_password(
    store: &Store,
    username: &str,
    password: &str,
) -> Result<bool, OperatorError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(OperatorError::WeakPassword);
    }
    let password = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .context("joining the hashing task")??;
    Ok(store.operators().set_password(username, &hash).await?)
}

impl Onboarding {
    /// The operator's id when the username and password match an enabled operator.
    pub async fn authenticate_operator(
        &self,
        username: &str,
        password: &str,
    ) -> anyhow::Result<Option<String>> {
        let operator = self.store.operators().by_username(username).await?;
        let hash = operator
            .as_ref()
            .map(|op| op.password_hash.clone())
            .unwrap_or_else(|| decoy_hash().to_owned());
        let password = password.to_owned();
        // argon2 is deliberately slow; keep it off the async workers.
        let matches = tokio::task::spawn_blocking(move || password_matches(&hash, &password))
            .await
            .context("joining the password check")?;
        Ok(operator
            .filter(|op| matches && !op.disabled)
            .map(|op| op.id))
    }
}
