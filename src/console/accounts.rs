//! Operators' accounts, kept from the command line (`pawpass operator …`): adding one,
//! changing a password, disabling and enabling.

use super::error::ConsoleError;
use super::passwords;
use crate::domain::{Access, OperatorId};
use crate::store::Store;

pub const MIN_PASSWORD_CHARS: usize = 12;
const WEAK_PASSWORD: &str = "passwords need at least 12 characters";

#[derive(Clone, Debug)]
pub struct Accounts {
    store: Store,
}

impl Accounts {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// On the database at `url`, for a one-off command.
    pub async fn connect(url: &str) -> Result<Self, ConsoleError> {
        Ok(Self::new(Store::connect(url, None).await?))
    }

    /// Adds an operator (or sets a new password for an existing one, ending their sessions).
    pub async fn add(&self, username: &str, password: &str) -> Result<(), ConsoleError> {
        let valid_name = (3..=64).contains(&username.len())
            && username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !valid_name {
            return Err(ConsoleError::Invalid(
                "usernames are 3 to 64 letters, digits, dots, dashes or underscores",
            ));
        }
        let hash = strong_hash(password).await?;
        let id = OperatorId::generate();
        self.store.operators().upsert(&id, username, &hash).await?;
        Ok(())
    }

    /// Sets a new password for an existing operator and ends their sessions; false when there is
    /// no such username.
    pub async fn change_password(
        &self,
        username: &str,
        password: &str,
    ) -> Result<bool, ConsoleError> {
        let hash = strong_hash(password).await?;
        Ok(self.store.operators().set_password(username, &hash).await?)
    }

    /// Stops (or restores) an operator's sign-in; disabling ends their sessions at once. False
    /// when there is no such username.
    pub async fn set_access(&self, username: &str, access: Access) -> Result<bool, ConsoleError> {
        Ok(self.store.operators().set_access(username, access).await?)
    }
}

async fn strong_hash(password: &str) -> Result<String, ConsoleError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ConsoleError::Invalid(WEAK_PASSWORD));
    }
    Ok(passwords::hash(password).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weak_password_message_names_the_minimum() {
        assert!(WEAK_PASSWORD.contains(&MIN_PASSWORD_CHARS.to_string()));
    }
}
