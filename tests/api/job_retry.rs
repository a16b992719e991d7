//! A job's attempt can be cut off after its work and before its end is recorded (the process is
//! killed between the two). The retry must finish the job, not do its work again.

use crate::helpers::{SignupForm, TestApp};

/// tests/many_instances saw 301 inquiries for 300 walkers this way: the first attempt attached
/// the walker's inquiry, the retry found no inquiry PawPass did not know and made a second.
#[tokio::test]
async fn a_create_job_cut_off_after_attaching_its_inquiry_makes_no_second_one() {
    let app = TestApp::spawn().await;
    app.post_signup(&SignupForm::valid("cut@example.com")).await;
    let walker = app
        .walker_by_email("cut@example.com")
        .await
        .expect("walker");
    let attached = walker.current_inquiry_id.clone().expect("an inquiry");
    // As the cut-off attempt leaves it: still queued, due, its one attempt counted.
    sqlx::query(
        "UPDATE jobs SET state = 'queued', attempts = 1, run_at = 0, lease_owner = NULL, \
         lease_until = NULL WHERE walker_id = $1 AND kind = 'create_inquiry'",
    )
    .bind(walker.id.as_str())
    .execute(&app.pool)
    .await
    .expect("the job as the cut-off attempt left it");

    app.onboarding.run_due_jobs().await;

    assert_eq!(
        app.emulator_inquiries_for(walker.id.as_str()).await.len(),
        1,
        "one inquiry at Persona"
    );
    let after = app
        .walker_by_email("cut@example.com")
        .await
        .expect("walker");
    assert_eq!(after.current_inquiry_id, Some(attached));
    let state: String = sqlx::query_scalar(
        "SELECT state FROM jobs WHERE walker_id = $1 AND kind = 'create_inquiry'",
    )
    .bind(walker.id.as_str())
    .fetch_one(&app.pool)
    .await
    .expect("the job");
    assert_eq!(state, "done");
}
