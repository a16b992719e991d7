//! `SMTP_URL` and `MAIL_FROM`: where mail to walkers goes, and whom it is from.

use super::config_error::ConfigError;
use crate::mail::MailSettings;

/// Without `MAIL_FROM` (development only), mail says it is from this.
pub const DEVELOPMENT_MAIL_FROM: &str = "PawPass <no-reply@pawpass.localhost>";

/// `SMTP_URL` (smtp:// or smtps://, credentials in it) and `MAIL_FROM`; production requires
/// both (checked above), development without them writes to the development outbox.
pub(super) fn mail_settings(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<MailSettings, ConfigError> {
    let smtp_url = lookup("SMTP_URL");
    if let Some(raw) = &smtp_url {
        // Never echo the URL back: it may hold the password.
        let scheme = url::Url::parse(raw).map(|u| u.scheme().to_owned());
        if !matches!(scheme.as_deref(), Ok("smtp" | "smtps")) {
            return Err(ConfigError::Invalid {
                name: "SMTP_URL",
                reason: "expected smtp://host:port or smtps://host:port, with any user and \
                         password in the URL"
                    .into(),
            });
        }
    }
    let from = lookup("MAIL_FROM").unwrap_or_else(|| DEVELOPMENT_MAIL_FROM.into());
    let from = from.parse().map_err(|e| ConfigError::Invalid {
        name: "MAIL_FROM",
        reason: format!("expected an address such as \"PawPass <walkers@example.com>\": {e}"),
    })?;
    Ok(MailSettings { smtp_url, from })
}
