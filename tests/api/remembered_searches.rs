//! What operators type into the list's search is personal data: it stays out of sessions, is
//! kept for one operator and a day, and goes when the walker it names is erased.

use crate::admin::{signed_in_app, PASSWORD};
use crate::erasure::{erase, found_in, sign_up, wait_until_erased};
use crate::helpers::{browser, SignupForm, TestApp};

const FORGOTTEN: &str = "That search is no longer remembered";

async fn rows_holding(app: &TestApp, table: &str, column: &str, needle: &str) -> i64 {
    sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM {table} WHERE lower({column}) LIKE $1"
    ))
    .bind(format!("%{}%", needle.to_lowercase()))
    .fetch_one(&app.pool)
    .await
    .expect("count")
}

#[tokio::test]
async fn erasure_deletes_the_searches_that_name_the_walker() {
    let app = signed_in_app().await;
    let form = SignupForm {
        first_name: "Ottoline".into(),
        last_name: "Brackenridge".into(),
        ..SignupForm::valid("ottoline.b@example.com")
    };
    let (id, _, _walker_browser) = sign_up(&app, &form).await;
    let by_email = app.search_walkers("OTTOLINE.B@EXAMPLE.COM", &[]).await;
    assert!(
        app.page_text(&by_email).await.contains(&id),
        "found by email"
    );
    let by_name = app.search_walkers("brackenridge", &[]).await;
    let unrelated = app.search_walkers("example.org", &[]).await;
    let held = found_in(&app, &form.email).await;
    assert!(
        held.iter()
            .any(|at| at.starts_with("sessions.") || at.starts_with("admin_searches.")),
        "the typed email is remembered: {held:?}"
    );

    erase(&app, &id, "Walker asked", &form.email).await;
    assert!(wait_until_erased(&app, &id, 20).await, "erased in time");
    for needle in [form.email.as_str(), "brackenridge"] {
        assert_eq!(
            found_in(&app, needle).await,
            Vec::<String>::new(),
            "{needle}"
        );
        assert_eq!(rows_holding(&app, "sessions", "data", needle).await, 0);
        assert_eq!(
            rows_holding(&app, "admin_searches", "search", needle).await,
            0
        );
    }
    assert!(app.page_text(&by_email).await.contains(FORGOTTEN));
    assert!(app.page_text(&by_name).await.contains(FORGOTTEN));
    let other = app.page_text(&unrelated).await;
    assert!(!other.contains(FORGOTTEN), "searches naming no one stay");
}

#[tokio::test]
async fn a_search_is_one_operators_and_is_forgotten_after_a_day() {
    let app = signed_in_app().await;
    let view = app.search_walkers("Quillfeather", &[]).await;
    assert!(!app.page_text(&view).await.contains(FORGOTTEN));
    assert_eq!(
        rows_holding(&app, "sessions", "data", "quillfeather").await,
        0
    );
    assert_eq!(
        rows_holding(&app, "admin_searches", "search", "quillfeather").await,
        1
    );

    // Another operator following the link learns nothing from it.
    app.add_operator("pat", PASSWORD).await;
    let pat = browser();
    pat.post(app.url("/admin/login"))
        .form(&[("username", "pat"), ("password", PASSWORD)])
        .send()
        .await
        .expect("sign-in");
    let theirs = pat.get(app.url(&view)).send().await.expect("GET");
    assert!(theirs.text().await.expect("body").contains(FORGOTTEN));

    sqlx::query("UPDATE admin_searches SET created_at = created_at - $1")
        .bind(24 * 60 * 60 * 1000 + 1_i64)
        .execute(&app.pool)
        .await
        .expect("a day older");
    assert!(app.page_text(&view).await.contains(FORGOTTEN));
}
