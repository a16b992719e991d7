//! The command line: `pawpass [serve]`, `pawpass emulator --addr HOST:PORT`,
//! `pawpass operator add USERNAME` (password on standard input), `pawpass migrate`.

use crate::console::Accounts;
use crate::domain::Access;
use crate::server::config::{self, Settings};
use crate::startup::{self, Application};
use anyhow::{bail, Context};
use std::io::Read;

const USAGE: &str = "usage:
  pawpass [serve]                       serve PawPass (address from Leptos.toml / LEPTOS_SITE_ADDR)
  pawpass emulator [--addr HOST:PORT] [--webhook-url URL] [--database FILE] [--rate-limit N]
                   [--quota N]
                                        run the Persona emulator alone (FILE keeps its state);
                                        same flags as the persona-emulator binary
  pawpass operator add USERNAME         add an operator; the password is read from standard input
  pawpass operator passwd USERNAME      change an operator's password (standard input; ends
                                        their sessions)
  pawpass operator disable USERNAME     stop an operator from signing in (ends their sessions)
  pawpass operator enable USERNAME      let a disabled operator sign in again
  pawpass seed --walkers N --events M   bulk-insert realistic demo data (benchmarks)
  pawpass reconcile                     re-read every unfinished inquiry from Persona once
  pawpass retention [--dry-run]         apply the retention policy once (or list what it would erase)
  pawpass migrate                       apply database migrations and exit";

pub async fn run(args: Vec<String>) -> anyhow::Result<()> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["serve"] => serve().await,
        ["emulator", rest @ ..] => run_emulator(rest).await,
        ["operator", "add", username] => operator_add(username).await,
        ["operator", "passwd", username] => operator_passwd(username).await,
        ["operator", "disable", username] => operator_access(username, Access::Disabled).await,
        ["operator", "enable", username] => operator_access(username, Access::Enabled).await,
        ["seed", rest @ ..] => seed(rest).await,
        ["reconcile"] => reconcile().await,
        ["retention"] => retention(RetentionRun::Apply).await,
        ["retention", "--dry-run"] => retention(RetentionRun::DryRun).await,
        ["migrate"] => {
            startup::migrate(&config::database_url_from_env()).await?;
            println!("migrations applied");
            Ok(())
        }
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => bail!("unknown command\n{USAGE}"),
    }
}

async fn serve() -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    // Leptos.toml holds the site settings; LEPTOS_* variables override it.
    let leptos = leptos::prelude::get_configuration(Some("Leptos.toml"))
        .context("reading Leptos.toml (run pawpass from the repository root)")?;
    let app = Application::build(settings, leptos.leptos_options).await?;
    app.run_until_stopped().await
}

/// The app wired to Persona for a one-off command, without a listener on the served port.
async fn one_off_app() -> anyhow::Result<Application> {
    let leptos = leptos::prelude::get_configuration(Some("Leptos.toml"))
        .context("reading Leptos.toml (run pawpass from the repository root)")?;
    let mut options = leptos.leptos_options;
    options.site_addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    Application::build(Settings::from_env()?, options).await
}

/// Whether `pawpass retention` erases, or only lists what it would (`--dry-run`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RetentionRun {
    Apply,
    DryRun,
}

/// One retention run. Erasures are queued as durable jobs; this command runs them before it
/// exits, so Persona redacts too.
async fn retention(run: RetentionRun) -> anyhow::Result<()> {
    let app = one_off_app().await?;
    let onboarding = &app.state.onboarding;
    let (plan, verb) = match run {
        RetentionRun::DryRun => (
            onboarding.retention_plan(app.retention).await?,
            "would erase",
        ),
        RetentionRun::Apply => {
            let plan = onboarding.apply_retention(app.retention).await?;
            onboarding.run_due_jobs().await;
            (plan, "erased")
        }
    };
    for walker in &plan.walkers {
        println!("walker {walker}");
    }
    for event in &plan.events {
        println!("event body {event}");
    }
    let before = chrono::DateTime::from_timestamp_millis(plan.events_before)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    println!(
        "{verb} {} walkers, {} event bodies and {} events received before {before}",
        plan.walkers.len(),
        plan.events.len(),
        plan.expired_events
    );
    Ok(())
}

/// One reconciliation sweep over every unfinished inquiry, however recently it changed.
async fn reconcile() -> anyhow::Result<()> {
    let app = one_off_app().await?;
    let report = app
        .state
        .onboarding
        .reconcile_once(std::time::Duration::ZERO)
        .await?;
    println!(
        "checked {} inquiries: {} changed, {} could not be read",
        report.checked, report.changed, report.failed
    );
    Ok(())
}

/// The standalone emulator, exactly as the `persona-emulator` binary runs it.
async fn run_emulator(flags: &[&str]) -> anyhow::Result<()> {
    persona_emulator::cli::run(flags).await
}

async fn operator_add(username: &str) -> anyhow::Result<()> {
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .context("reading the password from stdin")?;
    let password = password.trim_end_matches(['\r', '\n']);
    let accounts = Accounts::connect(&config::database_url_from_env()).await?;
    accounts.add(username, password).await?;
    println!("operator {username} saved");
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .context("reading the password from stdin")?;
    Ok(password.trim_end_matches(['\r', '\n']).to_owned())
}

async fn operator_passwd(username: &str) -> anyhow::Result<()> {
    let password = read_password()?;
    let accounts = Accounts::connect(&config::database_url_from_env()).await?;
    if !accounts.change_password(username, &password).await? {
        bail!("no operator named {username}");
    }
    println!("password of {username} changed");
    Ok(())
}

async fn operator_access(username: &str, access: Access) -> anyhow::Result<()> {
    let accounts = Accounts::connect(&config::database_url_from_env()).await?;
    if !accounts.set_access(username, access).await? {
        bail!("no operator named {username}");
    }
    println!("operator {username} {}", access.past_tense());
    Ok(())
}

async fn seed(flags: &[&str]) -> anyhow::Result<()> {
    let (mut walkers, mut events) = (1_000u64, 10_000u64);
    let mut rest = flags.iter();
    while let Some(flag) = rest.next() {
        let value: u64 = rest
            .next()
            .and_then(|v| v.parse().ok())
            .with_context(|| format!("{flag} needs a number\n{USAGE}"))?;
        match *flag {
            "--walkers" => walkers = value,
            "--events" => events = value,
            other => bail!("unknown flag {other}\n{USAGE}"),
        }
    }
    let database_url = config::database_url_from_env();
    let started = std::time::Instant::now();
    crate::seed::seed_database(&database_url, walkers, events).await?;
    println!(
        "seeded {walkers} walkers and about {events} events in {:.1?}",
        started.elapsed()
    );
    Ok(())
}
