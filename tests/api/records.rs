//! Records come out of the store typed: a value PawPass never writes is an error naming the
//! column, not a panic and not a string passed on.

use crate::helpers::{location, SignupForm, TestApp};

#[tokio::test]
async fn an_unknown_job_state_is_an_error_with_context() {
    let app = TestApp::spawn().await;
    location(
        &app.post_signup(&SignupForm::valid("typed@example.com"))
            .await,
    );
    let walker = app
        .walker_by_email("typed@example.com")
        .await
        .expect("stored");
    sqlx::query("UPDATE jobs SET state = 'paused' WHERE walker_id = $1")
        .bind(&walker.id)
        .execute(&app.pool)
        .await
        .expect("damaged");
    let error = app
        .store
        .jobs()
        .latest(&walker.id, pawpass::domain::JobKind::CreateInquiry)
        .await
        .expect_err("a state PawPass does not know");
    let text = format!("{error:#}");
    assert!(text.contains("looking up a walker's job"), "{text}");
    assert!(text.contains("unknown job state \"paused\""), "{text}");
    assert!(text.contains("state"), "names the column: {text}");
}
