//! No personal data in logs written in the default text format, and a job's lines name the
//! request that queued it. Its own binary: the log subscriber is global to a process.

#[path = "api/helpers/mod.rs"]
#[allow(dead_code, unused_imports)]
mod helpers;
mod log_capture;

use log_capture::{assert_no_personal_values, run_journey, Captured};
use pawpass::server::logging::LogFormat;

#[tokio::test]
async fn a_full_journey_logged_as_text_shows_none_of_the_walker_s_personal_values() {
    let captured = Captured::install(LogFormat::Text);

    let signup_request = run_journey().await;

    let logs = captured.text();
    assert!(logs.contains("signup"), "the journey was logged at all");
    assert!(
        !logs.lines().any(|l| l.trim_start().starts_with('{')),
        "text lines, not JSON"
    );
    assert!(
        logs.lines().any(|l| l.contains("job{")
            && l.contains("kind=\"create_inquiry\"")
            && l.contains(&format!("request_id=\"{signup_request}\""))
            && l.contains("job attempt finished")),
        "the create job's line names the signup's request {signup_request}: {:#?}",
        logs.lines()
            .filter(|l| l.contains("job attempt finished"))
            .collect::<Vec<_>>()
    );
    assert_no_personal_values(&logs);
}
