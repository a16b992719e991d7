//! Development and production are explicit modes; the built-in emulator, which approves anyone,
//! never listens where another machine could reach it by accident.

use pawpass::server::config::Settings;
use pawpass::startup::Application;

fn development(extra: &[(&str, &str)]) -> Settings {
    let extra: Vec<(String, String)> = extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Settings::from_lookup(|name| match name {
        "PAWPASS_ENV" => Some("development".into()),
        "DATABASE_URL" => Some("sqlite::memory:".into()),
        _ => extra
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone()),
    })
    .expect("development settings")
}

fn listening_on(addr: &str) -> leptos::prelude::LeptosOptions {
    leptos::prelude::LeptosOptions::builder()
        .output_name("pawpass")
        .site_addr(addr.parse::<std::net::SocketAddr>().expect("an address"))
        .build()
}

#[tokio::test]
async fn development_refuses_to_listen_beyond_loopback() {
    let refused = Application::build(development(&[]), listening_on("0.0.0.0:0")).await;
    let message = format!("{:#}", refused.err().expect("refused"));
    assert!(message.contains("loopback"), "{message}");
    assert!(
        message.contains("PAWPASS_DEV_LISTEN_ANYWHERE=yes"),
        "{message}"
    );
}

#[tokio::test]
async fn development_listens_anywhere_only_when_told_in_so_many_words() {
    let settings = development(&[("PAWPASS_DEV_LISTEN_ANYWHERE", "yes")]);
    let app = Application::build(settings, listening_on("0.0.0.0:0")).await;
    assert!(app.is_ok(), "{:?}", app.err());
}
