//! No personal data in logs written as `LOG_FORMAT=json` writes them (with every span's fields,
//! the richest lines there are), and a job's lines name the request that queued it. The text
//! format has its own binary, `tests/logs_text.rs`.

#[path = "api/helpers/mod.rs"]
#[allow(dead_code, unused_imports)]
mod helpers;
mod log_capture;

use log_capture::{assert_no_personal_values, run_journey, Captured};
use pawpass::server::logging::LogFormat;

#[tokio::test]
async fn a_full_journey_logs_none_of_the_walker_s_personal_values() {
    let captured = Captured::install(LogFormat::Json);

    let signup_request = run_journey().await;

    let logs = captured.text();
    assert!(logs.contains("signup"), "the journey was logged at all");
    // One JSON object per line, and a request's lines carry its id.
    for line in logs.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("a JSON log line");
    }
    assert!(
        logs.lines()
            .any(|l| l.contains("\"signup\"") && l.contains("\"request_id\"")),
        "the signup's line names its request"
    );
    // The inquiry the signup queued was created by a job whose line names that request.
    let job_lines: Vec<serde_json::Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|l| l["fields"]["message"] == "job attempt finished")
        .collect();
    assert!(
        job_lines.iter().any(|l| {
            l["span"]["name"] == "job"
                && l["span"]["kind"] == "create_inquiry"
                && l["span"]["request_id"] == signup_request.as_str()
                && l["fields"]["outcome"] == "done"
        }),
        "the create job's line names the signup's request {signup_request}: {job_lines:#?}"
    );
    assert_no_personal_values(&logs);
}
