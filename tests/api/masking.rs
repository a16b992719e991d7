//! Birthdates and phone numbers are masked on the walker's page until an operator presses
//! "Reveal", which is audited and lasts for one page view.

use crate::admin::signed_in_app;
use crate::helpers::{csrf_token, html_unescape, location, SignupForm};
use reqwest::StatusCode;

#[tokio::test]
async fn the_walker_page_masks_birthdate_and_phone_until_an_audited_reveal() {
    let app = signed_in_app().await;
    let form = SignupForm::valid("masked@example.com");
    app.post_signup(&form).await;
    let id = app.wait_for_inquiry(&form.email).await.expect("inquiry");
    let page_url = format!("/admin/walkers/{id}");
    let page = html_unescape(&app.get(&page_url).await.text().await.expect("page"));
    assert!(page.contains("1977-**-**") && page.contains("+1415•••0123"));
    assert!(!page.contains("1977-08-31") && !page.contains("+14155550123"));

    let token = csrf_token(&page);
    let response = app
        .post_form(
            &format!("{page_url}/reveal"),
            &[("csrf_token", token.as_str())],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), page_url);
    let answer = app.get(&page_url).await;
    assert_eq!(
        answer.status(),
        StatusCode::OK,
        "the walker's page after Reveal"
    );
    let revealed = html_unescape(&answer.text().await.expect("page"));
    assert!(
        revealed.contains("1977-08-31") && revealed.contains("+14155550123"),
        "{revealed}"
    );
    assert!(revealed.contains("Revealed birthdate and phone"));
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE walker_id = $1")
            .bind(&id)
            .fetch_all(&app.pool)
            .await
            .expect("audit");
    assert_eq!(actions, ["reveal"]);

    let again = html_unescape(&app.get(&page_url).await.text().await.expect("page"));
    assert!(again.contains("1977-**-**") && !again.contains("1977-08-31"));

    let forged = app.post_form(&format!("{page_url}/reveal"), &[]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}
