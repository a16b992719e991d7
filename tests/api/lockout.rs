//! Sign-in lockout per username and client address: concurrent guesses cannot get past five
//! checks, and an attacker's failures lock out the attacker's address, never the operator's.

use crate::admin::PASSWORD;
use crate::helpers::{browser, TestApp};
use pawpass::server::client_addr::TrustedProxies;
use reqwest::StatusCode;
use std::time::{Duration, Instant};

/// Signs in as `olive` with `password` from `client` (through the trusted proxy at 127.0.0.1),
/// in `browser`; the answer's status.
async fn sign_in_from(
    app: &TestApp,
    browser: &reqwest::Client,
    client: &str,
    password: &str,
) -> StatusCode {
    browser
        .post(app.url("/admin/login"))
        .header("x-forwarded-for", client)
        .form(&[("username", "olive"), ("password", password)])
        .send()
        .await
        .expect("POST")
        .status()
}

/// Each attempt is counted before its password is checked, so of twenty concurrent wrong
/// guesses from one address only five reach argon2, and the right password sent while they
/// are still being checked is refused as locked instead of being checked too.
#[tokio::test]
async fn concurrent_guesses_from_one_address_get_five_checks_at_most() {
    let app = TestApp::spawn().await;
    app.add_operator("olive", PASSWORD).await;
    let attempt = |password: &str| {
        let request = app.client.post(app.url("/admin/login")).form(&[
            ("username", "olive".to_owned()),
            ("password", password.to_owned()),
        ]);
        tokio::spawn(async move { request.send().await.expect("POST").status() })
    };
    let guesses: Vec<_> = (0..20).map(|_| attempt("a wrong guess")).collect();
    // Twenty argon2 checks share two cores for seconds. The guesses counted past the fifth are
    // answered at once: wait for those (a little while at most), not for the checks.
    let started = Instant::now();
    while guesses.iter().filter(|g| g.is_finished()).count() < 15
        && started.elapsed() < Duration::from_secs(2)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let right = attempt(PASSWORD).await.expect("task");
    assert_eq!(
        right,
        StatusCode::TOO_MANY_REQUESTS,
        "the right password is not checked"
    );
    let mut refused = 0;
    for guess in guesses {
        match guess.await.expect("task") {
            StatusCode::UNAUTHORIZED => refused += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("a guess answered {other}"),
        }
    }
    // Four checked guesses say "wrong"; the fifth check locks the address.
    assert_eq!(refused, 4);
    assert_eq!(app.get("/admin").await.status(), StatusCode::SEE_OTHER);
}

/// Behind a trusted proxy, an attacker who fails five times locks out their own address only:
/// the operator signs in from theirs with the right password (slowed down a little, as every
/// address is once a username is under attack), and the attacker's address stays locked.
#[tokio::test]
async fn an_attackers_failures_do_not_lock_the_operator_out_from_another_address() {
    let app = TestApp::spawn_with(|s| {
        s.trusted_proxies = TrustedProxies::parse("127.0.0.1/32").expect("a CIDR");
    })
    .await;
    app.add_operator("olive", PASSWORD).await;
    let (attacker, operator) = (browser(), browser());
    let mut answers = Vec::new();
    for _ in 0..5 {
        answers.push(sign_in_from(&app, &attacker, "203.0.113.66", "a wrong guess").await);
    }
    assert_eq!(answers[..4], [StatusCode::UNAUTHORIZED; 4]);
    assert_eq!(answers[4], StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        sign_in_from(&app, &attacker, "203.0.113.66", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the attacker's address is locked, even with the right password"
    );

    let started = Instant::now();
    assert_eq!(
        sign_in_from(&app, &operator, "198.51.100.10", PASSWORD).await,
        StatusCode::SEE_OTHER,
        "the operator's own address is not locked"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "five failures slow the username down from every address: {:?}",
        started.elapsed()
    );
    let home = operator.get(app.url("/admin")).send().await.expect("GET");
    assert_eq!(home.status(), StatusCode::OK);
    assert_eq!(
        sign_in_from(&app, &attacker, "203.0.113.66", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the operator's sign-in does not unlock the attacker"
    );
}
