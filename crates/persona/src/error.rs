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
            Self::Rejected { status, titles } => status_is_transient(*status, titles),
            Self::InvalidResponse(_) => false,
        }
    }
}

/// Every status the spec and CONTRACT 4 name, by whether trying again can help.
///
/// A 409 means two things: "Stale object error … please try again" (a concurrent change on
/// Persona's side, which passes) and a conflict with the object's state (resuming a declined
/// inquiry, redacting twice), which never does. Only the title tells them apart, so for this
/// one status the title is read; a 409 without it is treated as the lasting kind.
fn status_is_transient(status: StatusCode, titles: &[String]) -> bool {
    match status.as_u16() {
        408 | 429 => true,
        409 => titles
            .iter()
            .any(|title| title.to_ascii_lowercase().contains("stale object")),
        400..=499 => false,
        _ => status.is_server_error(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(status: u16, title: &str) -> PersonaError {
        PersonaError::Rejected {
            status: StatusCode::from_u16(status).expect("a valid status"),
            titles: vec![title.to_owned()],
        }
    }

    #[test]
    fn every_named_status_is_classified() {
        let cases = [
            (400, "Bad request", false),
            (400, "Idempotency error", false),
            (401, "Must be authenticated to access this endpoint", false),
            (403, "Forbidden", false),
            (404, "Record not found", false),
            (408, "Request Timeout", true),
            (409, "Conflict", false),
            (409, "Stale object error", true),
            (422, "Unprocessable entity", false),
            (429, "Rate limit exceeded", true),
            (500, "Internal server error", true),
            (502, "Bad gateway", true),
            (503, "Service unavailable", true),
            (504, "Gateway timeout", true),
        ];
        for (status, title, transient) in cases {
            assert_eq!(
                rejected(status, title).is_transient(),
                transient,
                "{status} {title}"
            );
        }
    }
}
