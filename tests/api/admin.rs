use crate::helpers::{location, SignupForm, TestApp};
use reqwest::StatusCode;

const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in() {
    let app = TestApp::spawn().await;
    for path in ["/admin", "/admin/anything"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&response), "/admin/login");
    }
    // The data behind the page refuses too.
    let response = app
        .client
        .post(app.url("/api/admin/walkers"))
        .send()
        .await
        .expect("POST");
    assert!(!response.status().is_success());
    assert_eq!(app.get("/admin/login").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_look_the_same() {
    let app = TestApp::spawn().await;
    app.add_operator("olive", PASSWORD).await;
    let wrong_password = app.login("olive", "not the password").await;
    let unknown_user = app.login("nobody", PASSWORD).await;
    assert_eq!(wrong_password.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_user.status(), StatusCode::UNAUTHORIZED);
    let a = wrong_password.text().await.expect("body");
    let b = unknown_user.text().await.expect("body");
    assert!(a.contains("Wrong username or password."));
    assert!(b.contains("Wrong username or password."));
    assert_eq!(app.get("/admin").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_signed_in_operator_sees_walkers_newest_first_and_signs_out() {
    let app = TestApp::spawn().await;
    app.post_signup(&SignupForm::valid("first@example.com"))
        .await;
    let second = SignupForm {
        first_name: "Bea".into(),
        ..SignupForm::valid("second@example.com")
    };
    app.post_signup(&second).await;
    app.add_operator("olive", PASSWORD).await;

    let response = app.login("olive", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/admin");
    let page = app.get("/admin").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.expect("body");
    let first = html.find("first@example.com").expect("first walker listed");
    let second = html
        .find("second@example.com")
        .expect("second walker listed");
    assert!(second < first, "newest first");
    assert!(html.contains("Ready to start"), "status in words");
    assert!(html.contains("inq_"), "inquiry id shown");

    let out = app.post_form("/admin/logout", &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get("/admin").await.status(), StatusCode::SEE_OTHER);
}
