//! Operators' notes about a walker: plain text, at most 4000 characters, signed with the
//! operator's name.

use super::error::ConsoleError;
use super::operator::Operator;
use super::service::Console;
use crate::domain::WalkerId;

pub const MAX_NOTE_CHARS: usize = 4000;
const TOO_LONG: &str = "Please keep notes under 4000 characters.";

impl Console {
    pub async fn add_note(
        &self,
        operator: &Operator,
        walker_id: &WalkerId,
        body: &str,
    ) -> Result<(), ConsoleError> {
        self.existing_walker(walker_id).await?;
        let body = body.trim();
        if body.is_empty() {
            return Err(ConsoleError::Invalid("A note cannot be empty."));
        }
        if body.chars().count() > MAX_NOTE_CHARS {
            return Err(ConsoleError::Invalid(TOO_LONG));
        }
        self.store
            .notes()
            .add(walker_id, operator.username(), body)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_length_message_names_the_limit() {
        assert!(TOO_LONG.contains(&MAX_NOTE_CHARS.to_string()));
    }
}
