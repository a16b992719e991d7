//! What can go wrong in an operator's use case, in words the console can show.

use persona::PersonaError;

#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    /// The request cannot be done as asked; the words say why.
    #[error("{0}")]
    Invalid(&'static str),
    #[error("no such walker")]
    NotFound,
    #[error("the walker has no inquiry yet")]
    NoInquiry,
    #[error("Persona refused or failed the call")]
    Persona(#[source] PersonaError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}
