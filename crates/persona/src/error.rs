use reqwest::StatusCode;

/// What can go wrong talking to Persona. Callers decide by kind (retry a network error or a
/// 429, show a 4xx), never by Persona's error titles, which are not stable.
#[derive(Debug, thiserror::Error)]
pub enum PersonaError {
    #[error("could not reach Persona: {0}")]
    Network(#[source] reqwest::Error),
    #[error("Persona is rate limiting us (retry in {reset_seconds:?} s)")]
    RateLimited { reset_seconds: Option<u64> },
    #[error("Persona answered {status}: {}", titles.join("; "))]
    Rejected {
        status: StatusCode,
        titles: Vec<String>,
    },
    #[error("Persona's answer could not be understood: {0}")]
    InvalidResponse(String),
}

impl PersonaError {
    /// Whether the same request may succeed later (Persona down, slow or throttling).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Network(_) | Self::RateLimited { .. } => true,
            Self::Rejected { status, .. } => status.is_server_error(),
            Self::InvalidResponse(_) => false,
        }
    }
}
