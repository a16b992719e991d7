//! How mail leaves PawPass: an SMTP server (`SMTP_URL`), or, in development without one, the
//! development outbox that a page shows (the onboarding use case writes it to the store).

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

use super::Rendered;

/// Where mail goes and whom it is from, as configured.
#[derive(Clone)]
pub struct MailSettings {
    /// `None`: the development outbox (only allowed in development).
    pub smtp_url: Option<String>,
    pub from: Mailbox,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may carry the SMTP password.
        f.debug_struct("MailSettings")
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "[redacted]"))
            .field("from", &self.from.email.to_string())
            .finish()
    }
}

/// Why a message did not leave.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The server is down or said "try later" (4xx): the message is kept and retried.
    #[error("the mail server is unavailable: {0}")]
    Unavailable(String),
    /// The server refused the message for good (5xx), or it could not be built.
    #[error("the mail server refused the message: {0}")]
    Refused(String),
}

/// How this deployment sends mail: the way out, and whom it is from.
#[derive(Clone, Debug)]
pub struct Mailer {
    pub transport: Transport,
    pub from: Mailbox,
}

/// How messages leave, built once at startup.
#[derive(Clone)]
pub enum Transport {
    Smtp(SmtpSender),
    /// Development without SMTP: messages are kept for `/dev/mail`.
    DevOutbox,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Smtp(_) => "Smtp",
            Self::DevOutbox => "DevOutbox",
        })
    }
}

/// An SMTP client with its connection pool.
#[derive(Clone)]
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

/// One SMTP conversation may take this long before the attempt counts as failed (the job's
/// lease is far longer, so a slow attempt is never run twice).
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

impl SmtpSender {
    /// From `smtp://`, `smtps://` (TLS from the start) or `smtp://…?tls=required` (STARTTLS),
    /// with credentials in the URL's user and password.
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("SMTP_URL is not a usable SMTP address: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Self { transport })
    }

    pub async fn send(
        &self,
        from: &Mailbox,
        to: &str,
        message: &Rendered,
    ) -> Result<(), MailError> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| MailError::Refused(format!("the walker's address: {e}")))?;
        let email = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(message.subject.as_str())
            .multipart(MultiPart::alternative_plain_html(
                message.text.clone(),
                message.html.clone(),
            ))
            .map_err(|e| MailError::Refused(format!("building the message: {e}")))?;
        let error = match self.transport.send(email).await {
            Ok(_) => return Ok(()),
            Err(error) => error,
        };
        // A server's answer may quote the address, so only its code is kept; errors without
        // an answer (connection, TLS, timeout) say nothing personal.
        let said = match error.status() {
            Some(code) => format!("the server answered {code}"),
            None => error.to_string(),
        };
        if error.is_permanent() {
            Err(MailError::Refused(said))
        } else {
            // 4xx answers, refused connections, timeouts, TLS trouble: all may pass later.
            Err(MailError::Unavailable(said))
        }
    }
}
