use crate::helpers::{html_unescape, location, query_of, SignupForm, TestApp};
use reqwest::StatusCode;

#[tokio::test]
async fn signup_page_has_the_form() {
    let app = TestApp::spawn().await;
    let response = app.get("/signup").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("body");
    assert!(html.contains(r#"method="post""#));
    for field in ["first_name", "last_name", "email", "birthdate", "phone"] {
        assert!(
            html.contains(&format!(r#"name="{field}""#)),
            "missing field {field}"
        );
        assert!(
            html.contains(&format!(r#"for="{field}""#)),
            "missing label for {field}"
        );
    }
}

#[tokio::test]
async fn a_valid_signup_redirects_to_the_hosted_flow_of_a_new_inquiry() {
    let app = TestApp::spawn().await;
    let response = app.post_signup(&SignupForm::valid("ada@example.com")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let link = location(&response);
    assert!(
        link.starts_with(&app.url("/persona/verify?inquiry-id=inq_")),
        "{link}"
    );
    let query = query_of(&link);
    assert_eq!(query["redirect-uri"], app.url("/verification/return"));
    // The redirect-uri is encoded inside the link, not spilled into its query.
    assert!(
        link.contains("redirect-uri=http%3A%2F%2F127.0.0.1"),
        "{link}"
    );

    // The inquiry exists at Persona, prefilled under the template's own field keys (Persona
    // takes them as sent since 2025-10-27), with our walker id as reference.
    let walker = app
        .walker_by_email("ada@example.com")
        .await
        .expect("stored");
    assert!(walker.id.as_str().starts_with("usr_") && walker.id.as_str().len() >= 20);
    let inquiry: serde_json::Value = app
        .client
        .get(app.url(&format!(
            "/persona/api/v1/inquiries/{}",
            query["inquiry-id"]
        )))
        .bearer_auth("persona_sandbox_emulator")
        .header("persona-version", "2025-12-08")
        .send()
        .await
        .expect("retrieve")
        .json()
        .await
        .expect("json");
    let attributes = &inquiry["data"]["attributes"];
    assert_eq!(attributes["reference-id"], walker.id.as_str());
    assert_eq!(attributes["status"], "created");
    assert_eq!(attributes["fields"]["name_first"]["value"], "Alexander");
    assert_eq!(attributes["fields"]["name_last"]["value"], "Sample");
    assert_eq!(attributes["fields"]["birthdate"]["value"], "1977-08-31");
    assert_eq!(
        attributes["fields"]["email_address"]["value"],
        "ada@example.com"
    );
    assert_eq!(
        attributes["fields"]["phone_number"]["value"],
        "+14155550123"
    );
}

#[tokio::test]
async fn invalid_input_comes_back_with_a_message_per_field_and_what_was_typed() {
    let app = TestApp::spawn().await;
    let form = SignupForm {
        first_name: "   ".into(),
        last_name: "L".repeat(101),
        email: "not-an-email".into(),
        birthdate: "2015-06-01".into(),
        phone: "555".into(),
    };
    let response = app.post_signup(&form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("Please enter this name."));
    assert!(html.contains("Please keep this under 100 characters."));
    assert!(html.contains("An email address needs an @"));
    assert!(html.contains("You must be at least 18 years old"));
    assert!(html.contains("Please start with + and your country code"));
    assert!(html.contains(r#"value="not-an-email""#), "typed email kept");
    assert!(html.contains(r#"value="2015-06-01""#), "typed date kept");
    assert_eq!(
        app.count("walkers").await,
        0,
        "nothing stored for an invalid form"
    );
}

#[tokio::test]
async fn impossible_and_future_dates_are_refused() {
    let app = TestApp::spawn().await;
    for (date, message) in [
        ("2001-02-30", "That date doesn't exist"),
        ("2999-01-01", "can't be in the future"),
    ] {
        let form = SignupForm {
            birthdate: date.into(),
            ..SignupForm::valid("x@example.com")
        };
        let html = html_unescape(&app.post_signup(&form).await.text().await.expect("body"));
        assert!(html.contains(message), "{date}: {message} not in page");
    }
}

#[tokio::test]
async fn signing_up_again_with_the_same_email_continues_the_same_inquiry() {
    let app = TestApp::spawn().await;
    let first = location(&app.post_signup(&SignupForm::valid("Ada@Example.com")).await);
    let again = SignupForm {
        first_name: "Someone".into(),
        ..SignupForm::valid("ada@EXAMPLE.com")
    };
    let second = location(&app.post_signup(&again).await);
    assert_eq!(
        query_of(&first)["inquiry-id"],
        query_of(&second)["inquiry-id"]
    );
    assert_eq!(app.count("walkers").await, 1);
    assert_eq!(app.count("inquiries").await, 1);
}

#[tokio::test]
async fn a_returning_walker_with_a_started_inquiry_gets_a_session_token_link() {
    let app = TestApp::spawn().await;
    let first = location(&app.post_signup(&SignupForm::valid("sam@example.com")).await);
    // The walker opens the flow and begins it; a link with only the inquiry id no longer opens
    // a started inquiry.
    assert_eq!(app.get(&first).await.status(), StatusCode::OK);
    app.simulate(&query_of(&first)["inquiry-id"], &["start_inquiry"])
        .await;
    app.wait_for_status("sam@example.com", "pending").await;
    let second = location(&app.post_signup(&SignupForm::valid("sam@example.com")).await);
    let query = query_of(&second);
    assert_eq!(query["inquiry-id"], query_of(&first)["inquiry-id"]);
    assert!(!query["session-token"].is_empty(), "{second}");
    let page = app.get(&second).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page
        .text()
        .await
        .expect("body")
        .contains("Pass verifications"));
}
