//! Operators' sign-in: refusal, indistinguishable failures, lockout, CSRF, sessions, headers.

use crate::helpers::{csrf_token, location, SignupForm, TestApp};
use pawpass::domain::Access;
use reqwest::StatusCode;

pub const PASSWORD: &str = "correct horse battery staple";

/// A fresh app with a signed-in operator `olive`.
pub async fn signed_in_app() -> TestApp {
    let app = TestApp::spawn().await;
    app.add_operator("olive", PASSWORD).await;
    let response = app.login("olive", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("pawpass_session="))
        .map(|v| {
            v["pawpass_session=".len()..]
                .split(';')
                .next()
                .unwrap_or("")
                .to_owned()
        })
}

#[tokio::test]
async fn anonymous_visitors_are_refused_everywhere_under_admin() {
    let app = TestApp::spawn().await;
    // A page a person opens sends them to sign in…
    for path in [
        "/admin",
        "/admin/anything",
        "/admin/dashboard",
        "/admin/walkers/usr_x",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&response), "/admin/login");
    }
    // …while downloads, raw events and actions are refused outright, and do nothing.
    for path in [
        "/admin/events/evt_x",
        "/admin/export.csv",
        "/admin/export.csv?status=approved",
        "/admin/walkers/usr_x/export.json",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    for path in ["/admin/walkers/usr_x/action", "/admin/walkers/usr_x/notes"] {
        let response = app
            .post_form(path, &[("action", "approve"), ("reason", "x")])
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    // The data behind the pages refuses too.
    for endpoint in [
        "/api/admin/list",
        "/api/admin/walker",
        "/api/admin/dashboard",
    ] {
        let response = app
            .client
            .post(app.url(endpoint))
            .form(&[("raw_query", ""), ("id", "x")])
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{endpoint}");
        let body = response.text().await.expect("body");
        assert!(
            body.contains("Sign in as an operator first"),
            "{endpoint}: {body}"
        );
    }
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
    // The same page word for word, apart from the echoed username and the per-response nonce.
    let normalize = |html: String, name: &str| {
        let mut out = html.replace(name, "NAME");
        // (Leptos also writes the nonce into `crossorigin`.)
        for attr in ["nonce=\"", "crossorigin=\""] {
            while let Some(start) = out.find(attr) {
                let from = start + attr.len();
                let end = out[from..]
                    .find('"')
                    .map(|e| from + e + 1)
                    .unwrap_or(out.len());
                out.replace_range(start..end, "");
            }
        }
        while let Some(start) = out.find("'nonce-") {
            let end = out[start..]
                .find(' ')
                .map(|e| start + e)
                .unwrap_or(out.len());
            out.replace_range(start..end, "");
        }
        out
    };
    let a = normalize(wrong_password.text().await.expect("body"), "olive");
    let b = normalize(unknown_user.text().await.expect("body"), "nobody");
    assert!(a.contains("Wrong username or password."));
    assert_eq!(a, b);
    assert_eq!(app.get("/admin").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn repeated_failures_lock_the_username_for_that_address_for_a_while() {
    // The per-address rate limit is a separate guard; lift it to see the lock.
    let app = TestApp::spawn_with(|s| s.login_rate_limit_per_minute = 1000).await;
    app.add_operator("olive", PASSWORD).await;
    for _ in 0..5 {
        let response = app.login("olive", "guessing again").await;
        assert!(!response.status().is_success() && response.status() != StatusCode::SEE_OTHER);
    }
    // Now even the right password is refused, with a message saying why.
    let locked = app.login("olive", PASSWORD).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(locked
        .text()
        .await
        .expect("body")
        .contains("Too many failed sign-ins"));
    assert_eq!(app.get("/admin").await.status(), StatusCode::SEE_OTHER);
    // An unknown name locks just the same, so a lock says nothing about who exists.
    for _ in 0..5 {
        app.login("nobody", "guessing").await;
    }
    assert_eq!(
        app.login("nobody", "guessing").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // Other operators are not affected.
    app.add_operator("pat", PASSWORD).await;
    assert_eq!(
        app.login("pat", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::spawn().await;
    app.add_operator("olive", PASSWORD).await;
    let form = [("username", "olive"), ("password", PASSWORD)];
    // The sign-in form has no token (looking at it makes no session): a forged sign-in is
    // refused by what the browser says about where the post comes from.
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let forged = app
            .client
            .post(app.url("/admin/login"))
            .header(header, value)
            .form(&form)
            .send()
            .await
            .expect("POST");
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{header}: {value}");
    }
    assert_eq!(
        app.get("/admin").await.status(),
        StatusCode::SEE_OTHER,
        "none of them signed in"
    );
    assert_eq!(app.count("sessions").await, 0, "nor made a session");

    // From PawPass's own page, as a browser sends it, the same form signs in.
    let own_page = app
        .client
        .post(app.url("/admin/login"))
        .header("origin", app.address.as_str())
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .expect("POST");
    assert_eq!(own_page.status(), StatusCode::SEE_OTHER);

    // Signed in, a forged decision (no token, or a token from before the last sign-in)
    // changes nothing.
    let walker = app
        .post_signup(&SignupForm::valid("csrf@example.com"))
        .await;
    assert_eq!(walker.status(), StatusCode::SEE_OTHER);
    let id = app
        .walker_by_email("csrf@example.com")
        .await
        .expect("walker")
        .id;
    let old_token = csrf_token(&app.get("/admin").await.text().await.expect("body"));
    assert_eq!(
        app.login("olive", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    for token in [None, Some(old_token.as_str())] {
        let mut fields = vec![("action", "decline"), ("reason", "forged")];
        fields.extend(token.map(|t| ("csrf_token", t)));
        let forged = app
            .post_form(&format!("/admin/walkers/{id}/action"), &fields)
            .await;
        assert_eq!(
            forged.status(),
            StatusCode::FORBIDDEN,
            "token {token:?}: the token is renewed at sign-in"
        );
    }
    assert_eq!(app.count("audit_log").await, 0);
}

#[tokio::test]
async fn the_session_is_rotated_at_sign_in_and_gone_after_sign_out() {
    let app = TestApp::spawn().await;
    app.add_operator("olive", PASSWORD).await;
    // A session from before sign-in: this browser signed up as a walker.
    let signup = app
        .post_signup(&SignupForm::valid("rotate@example.com"))
        .await;
    let before = session_cookie(&signup).expect("a walker's session");

    let signed_in = app.login("olive", PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let cookie = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ascii").to_owned())
        .find(|v| v.starts_with("pawpass_session="))
        .expect("cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
    let after = session_cookie(&signed_in).expect("a new session id");
    assert_ne!(before, after);
    let old_rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id = $1")
        .bind(&before)
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(old_rows, 0, "the pre-sign-in session is gone");

    let page = app.get("/admin").await;
    assert_eq!(page.status(), StatusCode::OK);
    let token = csrf_token(&page.text().await.expect("body"));
    let out = app
        .post_form("/admin/logout", &[("csrf_token", token.as_str())])
        .await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get("/admin").await.status(), StatusCode::SEE_OTHER);
    // Replaying the old cookie does not work either: the session is gone from the database.
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(app.url("/admin"))
        .header("cookie", format!("pawpass_session={after}"))
        .send()
        .await
        .expect("GET");
    assert_eq!(replay.status(), StatusCode::SEE_OTHER);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id = $1")
        .bind(&after)
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn pages_carry_security_headers_and_admin_pages_are_never_cached() {
    let app = signed_in_app().await;
    for path in ["/admin", "/admin/dashboard", "/signup"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().expect("ascii");
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("'nonce-"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "same-origin");
        if path.starts_with("/admin") {
            assert_eq!(h["cache-control"], "no-store", "{path}");
        }
        // Leptos's inline scripts carry this response's nonce.
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .expect("nonce")
            .to_owned();
        let html = response.text().await.expect("body");
        for script in html.split("<script").skip(1) {
            let tag = &script[..script.find('>').unwrap_or(0)];
            if !tag.contains("src=") {
                assert!(
                    tag.contains(&format!("nonce=\"{nonce}\"")),
                    "{path}: <script{tag}>"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_disabled_operator_is_signed_out_and_cannot_sign_in() {
    let app = signed_in_app().await;
    assert_eq!(app.get("/admin").await.status(), StatusCode::OK);
    assert!(app
        .accounts()
        .set_access("olive", Access::Disabled)
        .await
        .expect("update"));
    assert_eq!(app.get("/admin").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.login("olive", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    app.accounts()
        .change_password("olive", "a brand new long password")
        .await
        .expect("changed");
    assert!(app
        .accounts()
        .set_access("olive", Access::Enabled)
        .await
        .expect("update"));
    assert_eq!(
        app.login("olive", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("olive", "a brand new long password")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}
