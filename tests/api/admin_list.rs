//! The walker list: each filter, search and sort returns exactly the right walkers, in order,
//! across page boundaries, forwards and backwards; the export matches the view.

use crate::admin::signed_in_app;
use crate::helpers::{html_unescape, TestApp};
use reqwest::StatusCode;

#[derive(Clone, Debug, sqlx::FromRow)]
struct Walker {
    id: String,
    first_name: String,
    last_name: String,
    email: String,
    current_status: String,
    current_inquiry_id: Option<String>,
    created_at: i64,
    last_change_at: i64,
}

async fn all_walkers(app: &TestApp) -> Vec<Walker> {
    sqlx::query_as(
        "SELECT id, first_name, last_name, email, current_status, current_inquiry_id, created_at, \
         last_change_at FROM walkers",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("walkers")
}

/// What a view must show, computed the slow, obvious way.
fn expected(
    all: &[Walker],
    statuses: &[&str],
    search: Option<&str>,
    sort: &str,
    desc: bool,
) -> Vec<String> {
    let mut rows: Vec<&Walker> = all
        .iter()
        .filter(|w| statuses.is_empty() || statuses.contains(&w.current_status.as_str()))
        .filter(|w| match search {
            None => true,
            Some(q) if q.starts_with("usr_") => w.id == q,
            Some(q) if q.starts_with("inq_") => w.current_inquiry_id.as_deref() == Some(q),
            Some(q) if q.contains('@') => w.email.to_lowercase().starts_with(&q.to_lowercase()),
            Some(q) => format!("{} {} {}", w.first_name, w.last_name, w.email)
                .to_lowercase()
                .contains(&q.to_lowercase()),
        })
        .collect();
    rows.sort_by(|a, b| {
        let key = |w: &Walker| match sort {
            "name" => (
                0,
                format!("{} {}", w.first_name, w.last_name).to_lowercase(),
            ),
            "changed" => (w.last_change_at, String::new()),
            _ => (w.created_at, String::new()),
        };
        key(a).cmp(&key(b)).then(a.id.cmp(&b.id))
    });
    if desc {
        rows.reverse();
    }
    rows.into_iter().map(|w| w.id.clone()).collect()
}

fn ids_on(html: &str) -> Vec<String> {
    html.split("data-walker-id=\"")
        .skip(1)
        .map(|r| r[..r.find('"').unwrap_or(0)].to_owned())
        .collect()
}

/// The href of the link marked `rel="…"`, if the page has one.
fn link(html: &str, rel: &str) -> Option<String> {
    let at = html.find(&format!("rel=\"{rel}\""))?;
    let tag_start = html[..at].rfind("<a")?;
    let tag = &html[tag_start..at + 20];
    let href = tag.split("href=\"").nth(1)?;
    Some(html_unescape(&href[..href.find('"')?]))
}

/// Walks the view forwards with "Next", then back with "Previous"; both must match `want`.
async fn walk(app: &TestApp, first: &str, want: &[String], page_size: usize) {
    let mut seen = Vec::new();
    let mut pages = Vec::new();
    let mut url = first.to_owned();
    loop {
        let response = app.get(&url).await;
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        let html = response.text().await.expect("body");
        let ids = ids_on(&html);
        assert!(ids.len() <= page_size, "{url}");
        seen.extend(ids.clone());
        pages.push(ids);
        match link(&html, "next") {
            Some(next) => url = next,
            None => break,
        }
        assert!(pages.len() < 100, "runaway paging");
    }
    assert_eq!(seen, want, "forwards through {first}");
    // And back again from the last page.
    let mut back = Vec::new();
    loop {
        let html = app.get(&url).await.text().await.expect("body");
        let mut ids = ids_on(&html);
        ids.extend(back);
        back = ids;
        match link(&html, "prev") {
            Some(prev) => url = prev,
            None => break,
        }
    }
    assert_eq!(back, want, "backwards through {first}");
}

/// URL, statuses, search, sort, descending.
type Case<'a> = (String, Vec<&'a str>, Option<String>, &'a str, bool);

#[tokio::test]
async fn every_filter_search_and_sort_pages_through_exactly_the_right_walkers() {
    let app = signed_in_app().await;
    app.db.seed(61, 300).await.expect("seed");
    let all = all_walkers(&app).await;
    let someone = &all[17];
    let at = someone
        .email
        .split('@')
        .next()
        .expect("local part")
        .to_owned();
    let inquiry = all
        .iter()
        .find_map(|w| w.current_inquiry_id.clone())
        .expect("an inquiry");
    let cases: Vec<Case> = vec![
        ("/admin?size=7".into(), vec![], None, "signed_up", true),
        (
            "/admin?size=7&dir=asc".into(),
            vec![],
            None,
            "signed_up",
            false,
        ),
        (
            "/admin?size=5&status=approved".into(),
            vec!["approved"],
            None,
            "signed_up",
            true,
        ),
        (
            "/admin?size=4&status=needs_review,declined&sort=changed".into(),
            vec!["needs_review", "declined"],
            None,
            "changed",
            true,
        ),
        (
            "/admin?size=6&sort=name".into(),
            vec![],
            None,
            "name",
            false,
        ),
        (
            "/admin?size=6&sort=name&dir=desc".into(),
            vec![],
            None,
            "name",
            true,
        ),
        (
            "/admin?size=3&q=ADA".into(),
            vec![],
            Some("ADA".into()),
            "signed_up",
            true,
        ),
        (
            "/admin?size=3&q=example.com&status=approved&sort=name".into(),
            vec!["approved"],
            Some("example.com".into()),
            "name",
            false,
        ),
        (
            format!("/admin?size=3&q={}", someone.email),
            vec![],
            Some(someone.email.clone()),
            "signed_up",
            true,
        ),
        // With an @, the start of an email; without, any part of name or email.
        (
            format!("/admin?size=2&q={}%40", at.to_uppercase()),
            vec![],
            Some(format!("{at}@")),
            "signed_up",
            true,
        ),
        (
            format!("/admin?size=2&q={}", &at[1..]),
            vec![],
            Some(at[1..].to_owned()),
            "signed_up",
            true,
        ),
        (
            format!("/admin?q={}", someone.id),
            vec![],
            Some(someone.id.clone()),
            "signed_up",
            true,
        ),
        (
            format!("/admin?q={inquiry}"),
            vec![],
            Some(inquiry.clone()),
            "signed_up",
            true,
        ),
    ];
    for (url, statuses, search, sort, desc) in cases {
        let want = expected(&all, &statuses, search.as_deref(), sort, desc);
        assert!(!want.is_empty(), "{url} should match someone");
        let size = url
            .split("size=")
            .nth(1)
            .and_then(|s| s.split('&').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(50);
        walk(&app, &url, &want, size).await;
    }
}

#[tokio::test]
async fn counts_per_status_follow_the_search_and_the_export_matches_the_view() {
    let app = signed_in_app().await;
    app.db.seed(40, 0).await.expect("seed");
    let all = all_walkers(&app).await;
    let html = app
        .get("/admin?q=a&status=approved")
        .await
        .text()
        .await
        .expect("body");
    let approved = expected(&all, &["approved"], Some("a"), "signed_up", true);
    let label = format!("Approved {}", approved.len());
    assert!(html.contains(&label), "the count chip says {label}");
    assert!(html.contains(&format!("{} walker", approved.len())));

    let csv = app
        .get("/admin/export.csv?q=a&status=approved&size=2")
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .starts_with("text/csv"));
    let text = csv.text().await.expect("body");
    let mut lines = text.lines();
    assert!(lines
        .next()
        .expect("header")
        .starts_with("walker_id,first_name"));
    let ids: Vec<String> = lines
        .map(|l| l.split(',').next().expect("id").to_owned())
        .collect();
    assert_eq!(ids, approved, "every matching walker, not just one page");
}

#[tokio::test]
async fn a_damaged_query_is_explained_in_words() {
    let app = signed_in_app().await;
    let response = app.get("/admin?status=bogus").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = html_unescape(&response.text().await.expect("body"));
    assert!(html.contains("is not a status this list knows"), "{html}");
    let html = html_unescape(
        &app.get("/admin?after=garbage")
            .await
            .text()
            .await
            .expect("body"),
    );
    assert!(html.contains("The page link is damaged"));
}
