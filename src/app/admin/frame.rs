//! What every console page carries: its frame (who is signed in, the form token) and the
//! one-time message a form post leaves for it.

use serde::{Deserialize, Serialize};

/// What every signed-in page needs for its header: who is signed in, and the form token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminFrame {
    pub username: String,
    pub csrf_token: String,
}

/// The result of a form post, shown once on the next page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminFlash {
    pub ok: bool,
    pub message: String,
    /// A link to hand on (a fresh one-time link).
    pub link: Option<String>,
}

impl AdminFlash {
    /// The post did what was asked.
    pub fn done(message: impl Into<String>) -> Self {
        Self {
            ok: true,
            message: message.into(),
            link: None,
        }
    }

    /// Nothing changed; the message says why.
    pub fn refused(message: impl Into<String>) -> Self {
        Self {
            ok: false,
            ..Self::done(message)
        }
    }

    pub fn with_link(self, link: String) -> Self {
        Self {
            link: Some(link),
            ..self
        }
    }
}
