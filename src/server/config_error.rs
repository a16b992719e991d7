//! Why the configuration cannot start PawPass: each names the setting to fix.

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is required when PERSONA_API_KEY is set")]
    Missing(&'static str),
    #[error(
        "production mode needs {}; set them, or set PAWPASS_ENV=development to run against the \
         built-in Persona emulator on this machine",
        .0.join(", ")
    )]
    IncompleteForProduction(Vec<&'static str>),
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}
