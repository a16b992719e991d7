//! Development and production, chosen by name: development alone may run against the built-in
//! emulator, and production refuses to start half-configured (see `config`).

use super::config_error::ConfigError;

/// Development serves the built-in emulator and must be asked for by name; anything else is
/// production, which refuses to start half-configured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Production,
    Development(Exposure),
}

/// Where a development server may listen: it holds a Persona that approves anyone, so only
/// this machine may reach it unless the developer says otherwise in so many words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exposure {
    LoopbackOnly,
    Anywhere,
}

/// `PAWPASS_ENV` (`production`, the default, or `development`) and, in development,
/// `PAWPASS_DEV_LISTEN_ANYWHERE=yes` to allow a non-loopback listen address.
pub(super) fn from_lookup(lookup: &impl Fn(&str) -> Option<String>) -> Result<Mode, ConfigError> {
    let exposure = match lookup("PAWPASS_DEV_LISTEN_ANYWHERE")
        .as_deref()
        .map(str::trim)
    {
        None | Some("no") => Exposure::LoopbackOnly,
        Some("yes") => Exposure::Anywhere,
        Some(_) => {
            return Err(ConfigError::Invalid {
                name: "PAWPASS_DEV_LISTEN_ANYWHERE",
                reason: "expected yes or no".into(),
            })
        }
    };
    match lookup("PAWPASS_ENV").as_deref().map(str::trim) {
        None | Some("production") => Ok(Mode::Production),
        Some("development") => Ok(Mode::Development(exposure)),
        Some(_) => Err(ConfigError::Invalid {
            name: "PAWPASS_ENV",
            reason: "expected production or development".into(),
        }),
    }
}
