//! Sessions: none for merely looking, an absolute sign-in lifetime, the cookie and HSTS over
//! https, the end of an operator's sessions when their password changes or they are disabled,
//! and the purge of expired rows.

use crate::admin::{signed_in_app, PASSWORD};
use crate::helpers::{browser, location, TestApp};
use pawpass::domain::Access;
use reqwest::StatusCode;
use std::time::Duration;

const HOUR_MS: i64 = 60 * 60 * 1000;
const HSTS: &str = "max-age=31536000; includeSubDomains";

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Every `Set-Cookie` of a response.
fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ascii").to_owned())
        .collect()
}

/// Whether a client that was signed in still reaches the console (else: sent to sign in).
async fn reaches_console(app: &TestApp, client: &reqwest::Client) -> bool {
    let response = client.get(app.url("/admin")).send().await.expect("GET");
    match response.status() {
        StatusCode::OK => true,
        StatusCode::SEE_OTHER => {
            assert_eq!(location(&response), "/admin/login");
            false
        }
        other => panic!("GET /admin answered {other}"),
    }
}

/// Rewrites the sign-in time of the only stored session, as if it had signed in then. (Text
/// surgery: the record's id is an i128, which a `serde_json::Value` would round.)
async fn backdate_sign_in(app: &TestApp, signed_in_at: i64) {
    let (id, data): (String, String) = sqlx::query_as("SELECT id, data FROM sessions")
        .fetch_one(&app.pool)
        .await
        .expect("one session");
    let key = "\"signed_in_at\":";
    let start = data.find(key).expect("a sign-in time in the session") + key.len();
    let end = start
        + data[start..]
            .find(|c: char| !c.is_ascii_digit())
            .expect("more JSON after the number");
    let data = format!("{}{signed_in_at}{}", &data[..start], &data[end..]);
    sqlx::query("UPDATE sessions SET data = $1 WHERE id = $2")
        .bind(data)
        .bind(id)
        .execute(&app.pool)
        .await
        .expect("update");
}

#[tokio::test]
async fn looking_at_the_sign_in_page_makes_no_session() {
    let app = TestApp::spawn().await;
    app.add_operator("olive", PASSWORD).await;
    for _ in 0..20 {
        let page = browser()
            .get(app.url("/admin/login"))
            .send()
            .await
            .expect("GET");
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(set_cookies(&page), Vec::<String>::new());
    }
    assert_eq!(app.count("sessions").await, 0);
    // Nor does a failed sign-in.
    let refused = app.login("olive", "not the password").await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("sessions").await, 0);

    // Signing in still works, and makes the one session there is to keep.
    assert_eq!(
        app.login("olive", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    assert!(reaches_console(&app, &app.client).await);
    assert_eq!(app.count("sessions").await, 1);
}

#[tokio::test]
async fn a_sign_in_ends_after_twelve_hours_however_busy() {
    let app = signed_in_app().await;
    assert!(reaches_console(&app, &app.client).await);
    // Active all along (the idle expiry is far away), signed in almost 12 hours ago: still in.
    backdate_sign_in(&app, now_ms() - 11 * HOUR_MS).await;
    assert!(reaches_console(&app, &app.client).await);
    // 12 hours and a minute: out, and the session is gone, so the cookie is worthless.
    backdate_sign_in(&app, now_ms() - 12 * HOUR_MS - 60_000).await;
    assert!(!reaches_console(&app, &app.client).await);
    assert_eq!(app.count("sessions").await, 0);
    assert!(!reaches_console(&app, &app.client).await);
    // Signing in again starts a new 12 hours.
    assert_eq!(
        app.login("olive", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    assert!(reaches_console(&app, &app.client).await);
}

#[tokio::test]
async fn over_https_the_cookie_is_host_prefixed_and_hsts_is_sent() {
    let app = TestApp::spawn_with(|settings| {
        settings.public_base_url = Some("https://walk.example.com".into());
    })
    .await;
    app.add_operator("olive", PASSWORD).await;
    let signed_in = app.login("olive", PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let cookies = set_cookies(&signed_in);
    let cookie = cookies
        .iter()
        .find(|c| c.starts_with("__Host-pawpass_session="))
        .unwrap_or_else(|| panic!("a __Host- session cookie: {cookies:?}"));
    let attributes: Vec<&str> = cookie.split(';').map(str::trim).skip(1).collect();
    for wanted in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(attributes.contains(&wanted), "{wanted}: {cookie}");
    }
    assert!(
        !attributes.iter().any(|a| a.starts_with("Domain")),
        "{cookie}"
    );
    assert!(!cookies.iter().any(|c| c.starts_with("pawpass_session=")));
    assert_eq!(signed_in.headers()["strict-transport-security"], HSTS);
    for path in [
        "/",
        "/signup",
        "/admin/login",
        "/admin",
        "/health",
        "/nowhere",
    ] {
        let response = app.get(path).await;
        assert_eq!(
            response.headers()["strict-transport-security"],
            HSTS,
            "{path}"
        );
    }
}

#[tokio::test]
async fn over_plain_http_the_cookie_and_headers_stay_as_they_were() {
    let app = TestApp::spawn().await;
    app.add_operator("olive", PASSWORD).await;
    let signed_in = app.login("olive", PASSWORD).await;
    let cookies = set_cookies(&signed_in);
    let cookie = cookies
        .iter()
        .find(|c| c.starts_with("pawpass_session="))
        .unwrap_or_else(|| panic!("a session cookie: {cookies:?}"));
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert!(!cookies.iter().any(|c| c.starts_with("__Host-")));
    for path in ["/", "/admin"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(response
            .headers()
            .get("strict-transport-security")
            .is_none());
    }
}

#[tokio::test]
async fn a_new_password_or_disabling_ends_the_operators_sessions() {
    let app = signed_in_app().await;
    // Olive in a second browser, and another operator who must stay signed in throughout.
    let second = browser();
    let pat = browser();
    app.add_operator("pat", PASSWORD).await;
    for (client, name) in [(&second, "olive"), (&pat, "pat")] {
        let response = client
            .post(app.url("/admin/login"))
            .form(&[("username", name), ("password", PASSWORD)])
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    assert!(reaches_console(&app, &app.client).await);

    const NEW: &str = "a brand new long password";
    assert!(app
        .accounts()
        .change_password("olive", NEW)
        .await
        .expect("changed"));
    assert!(!reaches_console(&app, &app.client).await);
    assert!(!reaches_console(&app, &second).await);
    assert!(reaches_console(&app, &pat).await);

    // `pawpass operator add` on an existing name sets a new password too.
    assert_eq!(
        app.login("olive", NEW).await.status(),
        StatusCode::SEE_OTHER
    );
    app.add_operator("olive", PASSWORD).await;
    assert!(!reaches_console(&app, &app.client).await);

    // Disabling ends the sessions for good: enabling again does not bring them back.
    assert_eq!(
        app.login("olive", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let accounts = app.accounts();
    assert!(accounts
        .set_access("olive", Access::Disabled)
        .await
        .expect("disabled"));
    assert!(accounts
        .set_access("olive", Access::Enabled)
        .await
        .expect("enabled"));
    assert!(!reaches_console(&app, &app.client).await);
    assert!(reaches_console(&app, &pat).await);
}

#[tokio::test]
async fn expired_sessions_are_purged() {
    let app = signed_in_app().await;
    sqlx::query("INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3)")
        .bind("expired-for-the-test")
        .bind("{}")
        .bind(now_ms() - 60_000)
        .execute(&app.pool)
        .await
        .expect("insert");
    // Another instance on the same database purges as soon as it starts (then every few
    // minutes), like the first one did when it started.
    let _second = TestApp::spawn_on(&app.database_url, None).await;
    let mut left = 1;
    for _ in 0..100 {
        left = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id = $1")
            .bind("expired-for-the-test")
            .fetch_one(&app.pool)
            .await
            .expect("count");
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(left, 0, "the expired session is gone");
    assert_eq!(app.count("sessions").await, 1, "the live one stays");
    assert!(reaches_console(&app, &app.client).await);
}
