//! Mail to walkers: what each message says ([`templates`]) and how it leaves ([`Transport`]).
//! Which message goes when is the onboarding use cases' business; this module only writes
//! and delivers.

mod templates;
mod transport;

pub use templates::{render, MailContent, Rendered};
pub use transport::{MailError, MailSettings, Mailer, SmtpSender, Transport, SMTP_TIMEOUT};
