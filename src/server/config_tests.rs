use super::*;
use crate::server::mode::{Exposure, Mode};
use std::collections::HashMap;

fn lookup(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Settings::from_lookup(|name| map.get(name).cloned())
}

/// Development settings with `vars` on top.
fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    let mut all = vec![("PAWPASS_ENV", "development")];
    all.extend_from_slice(vars);
    lookup(&all)
}

#[test]
fn production_is_the_default_and_names_everything_it_misses() {
    let err = lookup(&[("PERSONA_API_KEY", "persona_production_x")]).expect_err("incomplete");
    let ConfigError::IncompleteForProduction(missing) = &err else {
        panic!("{err}")
    };
    assert_eq!(
        missing,
        &[
            "PERSONA_INQUIRY_TEMPLATE_ID",
            "PERSONA_WEBHOOK_SECRETS",
            "PUBLIC_BASE_URL",
            "SMTP_URL",
            "MAIL_FROM"
        ]
    );
    assert!(err.to_string().contains("PAWPASS_ENV=development"), "{err}");
    let s = lookup(&[
        ("PERSONA_API_KEY", "persona_production_x"),
        ("PERSONA_INQUIRY_TEMPLATE_ID", "itmpl_abc"),
        ("PERSONA_WEBHOOK_SECRETS", "wbhsec_new"),
        ("PUBLIC_BASE_URL", "https://walk.example.com"),
        ("SMTP_URL", "smtps://walkers:pw@smtp.example.com"),
        ("MAIL_FROM", "PawPass <walkers@example.com>"),
    ])
    .expect("complete");
    assert_eq!(s.mode, Mode::Production);
    assert!(matches!(s.persona, PersonaSettings::Remote { .. }));
}

#[test]
fn development_listens_on_loopback_unless_told_otherwise() {
    let s = settings(&[]).expect("valid");
    assert_eq!(s.mode, Mode::Development(Exposure::LoopbackOnly));
    let s = settings(&[("PAWPASS_DEV_LISTEN_ANYWHERE", "yes")]).expect("valid");
    assert_eq!(s.mode, Mode::Development(Exposure::Anywhere));
    assert!(settings(&[("PAWPASS_DEV_LISTEN_ANYWHERE", "1")]).is_err());
    assert!(lookup(&[("PAWPASS_ENV", "dev")]).is_err());
}

#[test]
fn debug_output_shows_no_secret() {
    let s = settings(&[
        ("DATABASE_URL", "postgres://app:hunter2@db/pawpass"),
        ("SMTP_URL", "smtps://walkers:smtp-hunter3@smtp.example.com"),
        ("PERSONA_API_KEY", "persona_sandbox_topsecret"),
        ("PERSONA_INQUIRY_TEMPLATE_ID", "itmpl_abc"),
        ("PERSONA_WEBHOOK_SECRETS", "wbhsec_alsosecret"),
    ])
    .expect("valid");
    let shown = format!("{s:?}");
    for secret in ["hunter2", "hunter3", "topsecret", "alsosecret"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("itmpl_abc"), "{shown}");
}

#[test]
fn no_key_means_the_emulator_on_sqlite() {
    let s = settings(&[]).expect("defaults are valid");
    assert!(matches!(s.persona, PersonaSettings::Emulator));
    assert_eq!(s.database_url, DEFAULT_DATABASE_URL);
    assert_eq!(s.persona_version, "2025-12-08");
    assert_eq!(s.webhook_tolerance, Duration::from_secs(300));
}

#[test]
fn a_real_key_needs_a_template_and_secrets() {
    let err = settings(&[("PERSONA_API_KEY", "persona_sandbox_x")]).expect_err("incomplete");
    assert!(matches!(
        err,
        ConfigError::Missing("PERSONA_INQUIRY_TEMPLATE_ID")
    ));
    let s = settings(&[
        ("PERSONA_API_KEY", "persona_sandbox_x"),
        ("PERSONA_INQUIRY_TEMPLATE_ID", "itmpl_abc"),
        ("PERSONA_WEBHOOK_SECRETS", "wbhsec_new, wbhsec_old"),
    ])
    .expect("complete");
    assert_eq!(s.webhook_secrets, vec!["wbhsec_new", "wbhsec_old"]);
    let PersonaSettings::Remote { api_base, .. } = s.persona else {
        panic!("remote")
    };
    assert_eq!(api_base, "https://api.withpersona.com/api/v1");
}

#[test]
fn urls_are_checked() {
    assert!(settings(&[("PUBLIC_BASE_URL", "ftp://x")]).is_err());
    let s = settings(&[("PUBLIC_BASE_URL", "https://walk.example.com/")]).expect("valid");
    assert_eq!(
        s.public_base_url.as_deref(),
        Some("https://walk.example.com")
    );
}

#[test]
fn the_pool_size_is_a_positive_number_or_the_engines_default() {
    assert_eq!(settings(&[]).expect("valid").database_pool_size, None);
    let s = settings(&[("DATABASE_POOL_SIZE", "4")]).expect("valid");
    assert_eq!(s.database_pool_size, Some(4));
    for bad in ["0", "many", "-3"] {
        let err = settings(&[("DATABASE_POOL_SIZE", bad)]).expect_err(bad);
        assert!(err.to_string().contains("DATABASE_POOL_SIZE"), "{err}");
    }
}

#[test]
fn mail_goes_to_an_smtp_url_from_a_valid_address_or_to_the_development_outbox() {
    let s = settings(&[]).expect("valid");
    assert!(
        s.mail.smtp_url.is_none(),
        "development writes to its outbox"
    );
    let s = settings(&[
        ("SMTP_URL", "smtp://127.0.0.1:2525"),
        ("MAIL_FROM", "Walkers <walkers@example.com>"),
    ])
    .expect("valid");
    assert_eq!(s.mail.from.email.to_string(), "walkers@example.com");
    let err = settings(&[("SMTP_URL", "http://user:secret@mail.example.com")]).expect_err("scheme");
    assert!(!err.to_string().contains("secret"), "{err}");
    assert!(settings(&[("MAIL_FROM", "not an address")]).is_err());
}

#[test]
fn a_job_lease_must_outlast_the_longest_attempt() {
    assert_eq!(
        settings(&[]).expect("valid").job_lease,
        Duration::from_secs(120)
    );
    let short = [
        ("JOB_LEASE_SECONDS", "30"),
        ("PERSONA_CONNECT_TIMEOUT_SECONDS", "1"),
        ("PERSONA_REQUEST_TIMEOUT_SECONDS", "2"),
    ];
    assert_eq!(
        settings(&short)
            .expect("two calls of 3 tries of 3 s fit")
            .job_lease,
        Duration::from_secs(30)
    );
    // The defaults (3 s + 10 s, three tries, two calls) do not fit in a minute.
    let err = settings(&[("JOB_LEASE_SECONDS", "60")]).expect_err("too short");
    assert!(err.to_string().contains("JOB_LEASE_SECONDS"), "{err}");
    // A mail server may take a minute.
    let err = settings(&[
        short[0],
        short[1],
        short[2],
        ("SMTP_URL", "smtp://127.0.0.1:2525"),
    ])
    .expect_err("too short for SMTP");
    assert!(err.to_string().contains("JOB_LEASE_SECONDS"), "{err}");
}

#[test]
fn events_are_kept_two_years_and_never_less_than_a_month() {
    assert_eq!(settings(&[]).expect("valid").retention.event_days, 730);
    let s = settings(&[("RETENTION_EVENT_DAYS", "31")]).expect("valid");
    assert_eq!(s.retention.event_days, 31);
    let err = settings(&[("RETENTION_EVENT_DAYS", "0")]).expect_err("too short");
    assert!(err.to_string().contains("RETENTION_EVENT_DAYS"), "{err}");
}
