//! The walker list: each filter, search and sort returns exactly the right walkers, in order,
//! across page boundaries, forwards and backwards; the export matches the view.

use crate::admin::signed_in_app;
use crate::helpers::{html_unescape, location, SignupForm, TestApp};
use pawpass::domain::ListQuery;
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
    .fetch_all(&app.pool)
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

/// The view's query fields, the search typed, statuses, sort, descending.
type Case<'a> = (
    Vec<(&'a str, &'a str)>,
    Option<String>,
    Vec<&'a str>,
    &'a str,
    bool,
);

/// The list URL for a case: a plain link without a search, else what the search form
/// redirects to, which must not carry what was typed.
async fn view_url(app: &TestApp, fields: &[(&str, &str)], search: Option<&str>) -> String {
    let Some(search) = search else {
        let query: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
        return format!("/admin?{}", query.join("&"));
    };
    let url = app.search_walkers(search, fields).await;
    assert!(url.starts_with("/admin?"), "{url}");
    let parsed = reqwest::Url::parse(&format!("http://pawpass{url}")).expect("URL");
    for (key, value) in parsed.query_pairs() {
        assert!(
            key != "q" && !value.eq_ignore_ascii_case(search),
            "the search stays out of the URL: {url}"
        );
    }
    url
}

#[tokio::test]
async fn every_filter_search_and_sort_pages_through_exactly_the_right_walkers() {
    let app = signed_in_app().await;
    pawpass::seed::seed(&app.store, 61, 300)
        .await
        .expect("seed");
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
    let first: Vec<char> = someone.first_name.to_uppercase().chars().collect();
    let spanning = format!(
        "{} {}",
        first[first.len().saturating_sub(2)..]
            .iter()
            .collect::<String>(),
        someone.last_name.chars().take(3).collect::<String>()
    );
    let cases: Vec<Case> = vec![
        (vec![("size", "7")], None, vec![], "signed_up", true),
        (
            vec![("size", "7"), ("dir", "asc")],
            None,
            vec![],
            "signed_up",
            false,
        ),
        (
            vec![("size", "5"), ("status", "approved")],
            None,
            vec!["approved"],
            "signed_up",
            true,
        ),
        (
            vec![
                ("size", "4"),
                ("status", "needs_review,declined"),
                ("sort", "changed"),
            ],
            None,
            vec!["needs_review", "declined"],
            "changed",
            true,
        ),
        (
            vec![("size", "6"), ("sort", "name")],
            None,
            vec![],
            "name",
            false,
        ),
        (
            vec![("size", "6"), ("sort", "name"), ("dir", "desc")],
            None,
            vec![],
            "name",
            true,
        ),
        (
            vec![("size", "3")],
            Some("ADA".into()),
            vec![],
            "signed_up",
            true,
        ),
        (
            vec![("size", "3"), ("status", "approved"), ("sort", "name")],
            Some("example.com".into()),
            vec!["approved"],
            "name",
            false,
        ),
        (
            vec![("size", "3")],
            Some(someone.email.clone()),
            vec![],
            "signed_up",
            true,
        ),
        // With an @, the start of an email; without, any part of name or email.
        (
            vec![("size", "2")],
            Some(format!("{}@", at.to_uppercase())),
            vec![],
            "signed_up",
            true,
        ),
        (
            vec![("size", "2")],
            Some(at[1..].to_owned()),
            vec![],
            "signed_up",
            true,
        ),
        // Across first and last name, as an operator types a whole name.
        (
            vec![("size", "2")],
            Some(spanning.clone()),
            vec![],
            "signed_up",
            true,
        ),
        (vec![], Some(someone.id.clone()), vec![], "signed_up", true),
        (vec![], Some(inquiry.clone()), vec![], "signed_up", true),
    ];
    for (fields, search, statuses, sort, desc) in cases {
        let want = expected(&all, &statuses, search.as_deref(), sort, desc);
        assert!(
            !want.is_empty(),
            "{fields:?} {search:?} should match someone"
        );
        let size = fields
            .iter()
            .find(|(k, _)| *k == "size")
            .map_or(50, |(_, v)| v.parse().expect("size"));
        let url = view_url(&app, &fields, search.as_deref()).await;
        walk(&app, &url, &want, size).await;
    }
}

#[tokio::test]
async fn counts_per_status_follow_the_search_and_the_export_matches_the_view() {
    let app = signed_in_app().await;
    pawpass::seed::seed(&app.store, 40, 0).await.expect("seed");
    let all = all_walkers(&app).await;
    let url = view_url(&app, &[("status", "approved")], Some("a")).await;
    let html = app.get(&url).await.text().await.expect("body");
    let approved = expected(&all, &["approved"], Some("a"), "signed_up", true);
    let label = format!("Approved {}", approved.len());
    assert!(html.contains(&label), "the count chip says {label}");
    assert!(html.contains(&format!("{} walker", approved.len())));

    let export = url.replacen("/admin?", "/admin/export.csv?", 1) + "&size=2";
    let csv = app.get(&export).await;
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

    // Another browser's search link means nothing here: its text never left that session.
    let html = html_unescape(
        &app.get("/admin?search=k3J9x")
            .await
            .text()
            .await
            .expect("body"),
    );
    assert!(
        html.contains("That search is no longer remembered"),
        "{html}"
    );
    // A search too long to be a name or email is refused on the list, in words.
    let url = app.search_walkers(&"x".repeat(101), &[]).await;
    assert_eq!(url, "/admin");
    let html = html_unescape(&app.get(&url).await.text().await.expect("body"));
    assert!(
        html.contains("Search for at most 100 characters."),
        "{html}"
    );
}

#[tokio::test]
async fn counts_without_a_search_follow_every_status_change() {
    let app = signed_in_app().await;
    pawpass::seed::seed(&app.store, 30, 100)
        .await
        .expect("seed");
    let link = location(
        &app.post_signup(&SignupForm::valid("counted@example.com"))
            .await,
    );
    app.finish_hosted_flow(&link, true).await;
    app.wait_for_status("counted@example.com", "approved").await;

    let mut kept = app
        .store
        .walker_list()
        .status_counts(&ListQuery::default())
        .await
        .expect("kept counts");
    kept.retain(|(_, n)| *n != 0);
    let mut kept: Vec<(String, i64)> = kept
        .into_iter()
        .map(|(status, n)| (status.to_string(), n))
        .collect();
    kept.sort();
    let counted: Vec<(String, i64)> = sqlx::query_as(
        "SELECT current_status, COUNT(*) FROM walkers GROUP BY current_status \
         ORDER BY current_status",
    )
    .fetch_all(&app.pool)
    .await
    .expect("counted");
    assert_eq!(kept, counted, "the kept counts are the real ones");
    let approved = counted
        .iter()
        .find(|(status, _)| status == "approved")
        .map(|(_, n)| *n)
        .expect("someone approved");
    let html = app.get("/admin").await.text().await.expect("body");
    assert!(html.contains(&format!("Approved {approved}")));
}
