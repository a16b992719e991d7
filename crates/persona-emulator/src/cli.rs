//! The command line of the standalone emulator, shared by the `persona-emulator` binary and
//! `pawpass emulator` so both take the same flags: parse them, read the signing secrets from
//! `PERSONA_WEBHOOK_SECRETS`, then serve until the process is stopped.

use std::path::PathBuf;

use anyhow::{bail, Context};

use crate::{router_with, EmulatorConfig, EmulatorOptions};

/// The flags, for `--help` and for errors.
pub const USAGE: &str =
    "usage: persona-emulator [--addr HOST:PORT] [--webhook-url URL] [--database FILE]
                        [--rate-limit N] [--quota N] [--allow-host HOST]...
                        [--approve-after-ms N]
  --addr HOST:PORT   where to listen (default 127.0.0.1:9100; port 0 picks a free one)
  --webhook-url URL  where events are POSTed (default http://127.0.0.1:3000/webhooks/persona;
                     an empty URL delivers nowhere)
  --database FILE    keep accounts, inquiries, events and webhook deliveries in this SQLite file
  --rate-limit N     API requests per minute before 429 (default 300)
  --quota N          inquiry creations per minute before 429 (default 150)
  --allow-host HOST  a host besides loopback that webhooks added through /_control and
                     redirect-uri values in Hosted Flow links may name (repeat for several)
  --approve-after-ms N  how long after completion the KYC workflow approves an inquiry
                     (default 2000; 0 approves at once)
PERSONA_WEBHOOK_SECRETS (required) is a comma-separated list of wbhsec_… secrets; every delivery
carries one signature per secret.";

/// Everything a standalone emulator needs to start.
#[derive(Debug, Clone)]
pub struct Serve {
    pub addr: String,
    pub config: EmulatorConfig,
    pub options: EmulatorOptions,
}

/// What the command line asks for.
#[derive(Debug, Clone)]
pub enum Command {
    Serve(Box<Serve>),
    Help,
}

/// Reads the flags; `secrets` is the value of `PERSONA_WEBHOOK_SECRETS`, if set.
pub fn parse(flags: &[&str], secrets: Option<&str>) -> anyhow::Result<Command> {
    if matches!(flags, ["--help" | "-h" | "help"]) {
        return Ok(Command::Help);
    }
    let mut addr = "127.0.0.1:9100".to_owned();
    let mut config = EmulatorConfig {
        webhook_url: Some("http://127.0.0.1:3000/webhooks/persona".to_owned()),
        ..EmulatorConfig::default()
    };
    let mut options = EmulatorOptions::default();
    let mut rest = flags.iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .with_context(|| format!("{flag} needs a value\n{USAGE}"))?;
        match *flag {
            "--addr" => addr = (*value).to_owned(),
            "--webhook-url" => {
                config.webhook_url = Some((*value).to_owned()).filter(|v| !v.is_empty())
            }
            "--database" => options.database_path = Some(PathBuf::from(value)),
            "--rate-limit" => {
                options.rate_limit_per_minute = value
                    .parse()
                    .context("--rate-limit takes requests per minute")?
            }
            "--quota" => {
                options.creation_quota_per_minute = value
                    .parse()
                    .context("--quota takes inquiry creations per minute")?
            }
            "--allow-host" => options.allowed_hosts.push((*value).to_owned()),
            "--approve-after-ms" => {
                let ms = value
                    .parse()
                    .context("--approve-after-ms takes milliseconds")?;
                options.approve_after = std::time::Duration::from_millis(ms);
            }
            other => bail!("unknown flag {other}\n{USAGE}"),
        }
    }
    config.webhook_secrets = secrets
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if config.webhook_secrets.is_empty() {
        bail!("set PERSONA_WEBHOOK_SECRETS (e.g. wbhsec_local-dev) so receivers can verify deliveries");
    }
    Ok(Command::Serve(Box::new(Serve {
        addr,
        config,
        options,
    })))
}

/// Parses `flags` (with `PERSONA_WEBHOOK_SECRETS` from the environment) and serves until stopped.
pub async fn run(flags: &[&str]) -> anyhow::Result<()> {
    let secrets = std::env::var("PERSONA_WEBHOOK_SECRETS").ok();
    match parse(flags, secrets.as_deref())? {
        Command::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Command::Serve(serve) => self::serve(*serve).await,
    }
}

/// Binds, announces the address it got (port 0 picks one) and serves.
pub async fn serve(settings: Serve) -> anyhow::Result<()> {
    let router = router_with(settings.config, settings.options).await?;
    let listener = tokio::net::TcpListener::bind(&settings.addr)
        .await
        .with_context(|| format!("binding {}", settings.addr))?;
    let address = listener.local_addr().context("reading the bound address")?;
    tracing::info!(%address, "Persona emulator listening");
    axum::serve(listener, router)
        .await
        .context("serving the emulator")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve(flags: &[&str]) -> Serve {
        match parse(flags, Some("wbhsec_a, wbhsec_b")) {
            Ok(Command::Serve(serve)) => *serve,
            other => panic!("expected settings, got {other:?}"),
        }
    }

    #[test]
    fn defaults_match_pawpass_in_development() {
        let serve = serve(&[]);
        assert_eq!(serve.addr, "127.0.0.1:9100");
        assert_eq!(
            serve.config.webhook_url.as_deref(),
            Some("http://127.0.0.1:3000/webhooks/persona")
        );
        assert_eq!(serve.config.webhook_secrets, ["wbhsec_a", "wbhsec_b"]);
    }

    #[test]
    fn every_flag_is_read() {
        let serve = serve(&[
            "--addr",
            "127.0.0.1:0",
            "--webhook-url",
            "",
            "--database",
            "/tmp/e.db",
            "--rate-limit",
            "7",
            "--quota",
            "3",
            "--approve-after-ms",
            "250",
        ]);
        assert_eq!(serve.addr, "127.0.0.1:0");
        assert_eq!(serve.config.webhook_url, None);
        assert_eq!(
            serve.options.database_path,
            Some(PathBuf::from("/tmp/e.db"))
        );
        assert_eq!(serve.options.rate_limit_per_minute, 7);
        assert_eq!(serve.options.creation_quota_per_minute, 3);
        assert_eq!(
            serve.options.approve_after,
            std::time::Duration::from_millis(250)
        );
    }

    #[test]
    fn bad_input_is_refused() {
        assert!(parse(&["--addr"], Some("wbhsec_a")).is_err());
        assert!(parse(&["--quota", "many"], Some("wbhsec_a")).is_err());
        assert!(parse(&["--port", "1"], Some("wbhsec_a")).is_err());
        assert!(parse(&[], None).is_err());
        assert!(parse(&[], Some(" , ")).is_err());
        assert!(matches!(parse(&["--help"], None), Ok(Command::Help)));
    }
}
