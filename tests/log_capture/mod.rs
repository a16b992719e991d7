//! The journey both log-capture tests run (`tests/logs.rs` for `LOG_FORMAT=json`,
//! `tests/logs_text.rs` for the default text): signup, Persona's flow, webhooks, a returning
//! visit, a link by email and its use, rejected input, an operator's look. Each test is its own
//! binary because the log subscriber is global to a process.

use crate::helpers::{self, browser, location, SignupForm, SmtpServer, TestApp};
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Where the subscriber writes: every line kept for the assertions.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().expect("log buffer").clone()).expect("utf-8")
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// Installs the process's subscriber in `format`, at DEBUG for everything of PawPass's,
    /// writing here.
    pub fn install(format: pawpass::server::logging::LogFormat) -> Self {
        let captured = Self::default();
        let writer = captured.clone();
        pawpass::server::logging::init(
            format,
            "debug,sqlx=warn,hyper=warn,h2=warn,rustls=warn,reqwest=warn,tower=warn",
            move || writer.clone(),
            None,
        )
        .expect("logging");
        captured
    }
}

/// Runs the journey; answers the signup's request id.
pub async fn run_journey() -> String {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn_with_smtp(&smtp.url()).await;
    let form = SignupForm {
        first_name: "Zebulon".into(),
        last_name: "Quackenbush".into(),
        email: "zebulon.quackenbush@example.net".into(),
        birthdate: "1969-07-20".into(),
        phone: "+14155559876".into(),
    };
    let signup = app.post_signup(&form).await;
    let signup_request = signup
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("the signup's request id")
        .to_owned();
    let link = location(&signup);
    app.finish_hosted_flow(&link, true).await;
    app.wait_for_status(&form.email, "approved").await;
    app.get("/status").await;
    // Persona's redirect back carries the walker's fields in its query string.
    app.get(
        "/verification/return?inquiry-id=inq_x&status=completed&fields%5Bname-first%5D=Zebulon\
         &fields%5Bbirthdate%5D=1969-07-20",
    )
    .await;
    app.post_signup(&form).await;
    // Another browser typing the address, and the walker using the link they were sent.
    let other = browser();
    other
        .post(app.url("/signup"))
        .form(&form.pairs())
        .send()
        .await
        .expect("signup");
    let mail = smtp
        .wait_for(&form.email, 2, std::time::Duration::from_secs(30))
        .await;
    let link = mail
        .iter()
        .find_map(|m| m.continue_link())
        .expect("a continue link");
    let token = link.rsplit('/').next().expect("token");
    other
        .post(app.url("/continue"))
        .form(&[("token", token)])
        .send()
        .await
        .expect("continue");
    // A rejected form and a failed sign-in log too.
    app.post_signup(&SignupForm {
        email: "zebulon@nowhere".into(),
        ..form.clone()
    })
    .await;
    app.login("zebulon.quackenbush@example.net", "Quackenbush1969!")
        .await;
    app.add_operator("olive", "correct horse battery staple")
        .await;
    app.login("olive", "correct horse battery staple").await;
    app.get("/admin").await;
    // Malformed input that carries personal values: a signed webhook whose attributes are the
    // wrong type, and a list export with values no filter knows. Their errors must not echo them.
    let body = r#"{"data":{"type":"event","id":"evt_log1","attributes":"Zebulon Quackenbush"}}"#;
    let signature = persona::signature::header_value(
        &[helpers::WEBHOOK_SECRET],
        chrono::Utc::now().timestamp(),
        body.as_bytes(),
    );
    let answer = app.post_webhook(body, Some(signature)).await;
    assert_eq!(answer.status(), reqwest::StatusCode::BAD_REQUEST);
    let answer = app
        .get("/admin/export.csv?status=zebulon.quackenbush@example.net&sort=1969-07-20")
        .await;
    assert_eq!(answer.status(), reqwest::StatusCode::BAD_REQUEST);

    signup_request
}

/// None of the walker's values, in any form the journey typed them.
pub fn assert_no_personal_values(logs: &str) {
    for value in [
        "Zebulon",
        "Quackenbush",
        "zebulon",
        "1969-07-20",
        "4155559876",
    ] {
        assert!(!logs.contains(value), "{value} appears in the logs");
    }
}
