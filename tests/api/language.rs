//! Walkers read PawPass in their language: chosen from `Accept-Language`, changed with the
//! switch and remembered, and carried to Persona's Hosted Flow (its `language`) and to mail.

use crate::helpers::{location, query_of, SignupForm, SmtpServer, TestApp};
use reqwest::header::SET_COOKIE;
use reqwest::StatusCode;
use std::time::Duration;

#[tokio::test]
async fn a_browser_that_reads_spanish_gets_spanish_pages_and_a_spanish_flow() {
    let app = TestApp::spawn().await;
    let page = app
        .get_accepting("/signup", "es-MX,es;q=0.9,en;q=0.5")
        .await
        .text()
        .await
        .expect("body");
    assert!(page.contains("<html lang=\"es\""), "{page}");
    assert!(page.contains("Hazte paseador de PawPass"));

    // A rejected form comes back in Spanish, the domain's problems included.
    let mut empty = SignupForm::valid("lucia@example.com");
    empty.first_name = String::new();
    let refused = app
        .post_form_accepting("/signup", &empty.pairs(), "es")
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.expect("body");
    assert!(refused.contains("Escribe este nombre."), "{refused}");
    assert!(refused.contains("Hay un problema"));

    let valid = SignupForm::valid("lucia@example.com");
    let signed_up = app
        .post_form_accepting("/signup", &valid.pairs(), "es")
        .await;
    let link = location(&signed_up);
    assert_eq!(query_of(&link)["language"], "es-MX", "{link}");
    // And the emulator, like Persona, shows its flow in that language.
    let flow = app.get(&link).await.text().await.expect("the flow");
    assert!(flow.contains("<html lang=\"es-MX\">"), "{flow}");
}

#[tokio::test]
async fn the_switch_is_remembered_and_the_walkers_mail_and_flow_follow_it() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn_with_smtp(&smtp.url()).await;
    let link = location(&app.post_signup(&SignupForm::valid("ana@example.com")).await);
    assert_eq!(query_of(&link)["language"], "en-US");

    let switched = app
        .post_form("/language", &[("language", "es"), ("back", "/status")])
        .await;
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&switched), "/status");
    let cookie = switched
        .headers()
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("pawpass_lang=es;"), "{cookie}");
    let status = app.page_text("/status").await;
    assert!(
        status.contains("Tu verificación aún no está terminada"),
        "{status}"
    );

    // Continuing now opens Persona's flow in Spanish.
    let again = location(&app.post_form("/verification/continue", &[]).await);
    assert_eq!(query_of(&again)["language"], "es-MX", "{again}");

    // And the outcome mail is written in Spanish.
    let inquiry = query_of(&link)["inquiry-id"].clone();
    app.simulate(&inquiry, &["start_inquiry", "complete_inquiry"])
        .await;
    let mail = smtp
        .wait_for("ana@example.com", 1, Duration::from_secs(60))
        .await;
    assert_eq!(
        mail[0].subject().as_deref(),
        Some("Estás verificado: bienvenido a PawPass")
    );
    assert!(
        mail[0].text().starts_with("Hola, Alexander:"),
        "{}",
        mail[0].text()
    );
}

#[tokio::test]
async fn the_switch_goes_back_only_to_this_site_and_refuses_what_it_does_not_speak() {
    let app = TestApp::spawn().await;
    for back in ["https://evil.example/", "//evil.example", ""] {
        let answer = app
            .post_form("/language", &[("language", "es"), ("back", back)])
            .await;
        assert_eq!(location(&answer), "/", "{back:?}");
    }
    let unknown = app
        .post_form("/language", &[("language", "tlh"), ("back", "/signup")])
        .await;
    // Only a hand-made form can send it; it is told so instead of being sent back unchanged.
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert!(unknown.headers().get(SET_COOKIE).is_none());
    let page = unknown.text().await.expect("a page");
    // In Spanish: the switches above left the choice in this client's cookie.
    assert!(page.contains("No pudimos leer el formulario"), "{page}");
}

#[tokio::test]
async fn plain_error_pages_speak_the_walkers_language() {
    let app = TestApp::spawn().await;
    let answer = app
        .post_form_accepting("/continue/request", &[("email", "nope")], "es")
        .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.expect("body");
    assert!(page.contains("<html lang=\"es\">"), "{page}");
    assert!(
        page.contains("Eso no parece un correo electrónico"),
        "{page}"
    );
    assert!(page.contains("Volver al inicio"));
}
