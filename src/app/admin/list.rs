//! `/admin`: every walker, filtered, searched, sorted and paged by the URL query, so a view can
//! be bookmarked. The search itself is kept by the console (see `console::searches`).

use super::frame::{AdminFlash, AdminFrame};
use super::list_parts::{FilterForm, SortLink, StatusCount, WalkerRow, WalkerTable};
use super::nav::{AdminNav, FlashMessage, Section};
use crate::app::layout::{Page, StatusBadge, Width};
use crate::app::server_answer::view_answer;
use crate::domain::Direction;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListView {
    pub frame: AdminFrame,
    /// The result of the last search form post, when it was refused.
    pub flash: Option<AdminFlash>,
    /// The query could not be read: what is wrong with it.
    pub problem: Option<String>,
    pub search: String,
    pub sort: String,
    pub direction: Direction,
    pub counts: Vec<StatusCount>,
    pub matching: i64,
    pub rows: Vec<WalkerRow>,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
    pub first_href: Option<String>,
    pub export_href: String,
    pub sort_links: Vec<SortLink>,
}

#[server(endpoint = "admin/list")]
pub async fn admin_list(raw_query: String) -> Result<ListView, ServerFnError> {
    use crate::domain::list_query::{Page as ListPage, FILTER_STATUSES};
    use crate::domain::{ListQuery, SortKey};
    use crate::server::session_keys as keys;
    let (state, operator, session, frame) = super::server::signed_in().await?;
    let flash: Option<AdminFlash> = session.remove(keys::ADMIN_FLASH).await.ok().flatten();
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(raw_query.trim_start_matches('?').as_bytes())
            .into_owned()
            .collect();
    let parsed = state
        .console
        .list_query(&operator, &pairs)
        .await
        .map_err(|e| super::server::internal("reading a search", e))?;
    let query = match parsed {
        Ok(query) => query,
        Err(problem) => {
            return Ok(ListView {
                frame,
                flash,
                problem: Some(problem.to_string()),
                export_href: "/admin/export.csv".into(),
                ..ListView::default()
            })
        }
    };
    let crate::console::Listing { page, counts } = state
        .console
        .list(&query)
        .await
        .map_err(|error| super::server::internal("listing walkers", error))?;
    let href = |q: &ListQuery, page: &ListPage| match q.query_string(page) {
        s if s.is_empty() => "/admin".to_owned(),
        s => format!("/admin?{s}"),
    };
    let counts: Vec<StatusCount> = FILTER_STATUSES
        .iter()
        .map(|status| {
            let only = ListQuery {
                statuses: vec![status.clone()],
                ..query.clone()
            };
            StatusCount {
                status: status.clone(),
                count: counts
                    .iter()
                    .find(|(s, _)| s == status)
                    .map(|(_, n)| *n)
                    .unwrap_or(0),
                selected: query.statuses.contains(status),
                only_href: href(&only, &ListPage::First),
            }
        })
        .collect();
    let matching = counts
        .iter()
        .filter(|c| query.statuses.is_empty() || c.selected)
        .map(|c| c.count)
        .sum();
    let sort_links = [SortKey::Name, SortKey::SignedUp, SortKey::Changed]
        .into_iter()
        .map(|key| {
            let is_active = query.sort == key;
            let direction = if is_active {
                query.direction.reversed()
            } else {
                key.default_direction()
            };
            let target = ListQuery {
                sort: key,
                direction,
                ..query.clone()
            };
            SortLink {
                label: key.label().to_owned(),
                href: href(&target, &ListPage::First),
                active: is_active.then(|| query.direction.aria().to_owned()),
            }
        })
        .collect();
    let rows = page
        .rows
        .iter()
        .map(|row| WalkerRow {
            id: row.id.clone(),
            name: format!("{} {}", row.first_name, row.last_name),
            email: row.email.clone(),
            inquiry_id: row.current_inquiry_id.clone(),
            status: row.current_status.clone(),
            signed_up: super::server::format_time(row.created_at),
            changed: super::server::format_time(row.last_change_at),
        })
        .collect();
    let not_first = query.page != ListPage::First;
    Ok(ListView {
        frame,
        flash,
        problem: None,
        search: query.search.clone().unwrap_or_default(),
        sort: query.sort.as_str().to_owned(),
        direction: query.direction,
        counts,
        matching,
        rows,
        prev_href: page.prev.map(|c| href(&query, &ListPage::Before(c))),
        next_href: page.next.map(|c| href(&query, &ListPage::After(c))),
        first_href: not_first.then(|| href(&query, &ListPage::First)),
        export_href: format!("/admin/export.csv?{}", query.query_string(&ListPage::First)),
        sort_links,
    })
}

#[component]
pub fn WalkerListPage() -> impl IntoView {
    let location = use_location();
    let data = Resource::new_blocking(move || location.search.get(), admin_list);
    view! {
        <Title text="Walkers"/>
        <Page width=Width::Wide>
            <Suspense>
                {move || Suspend::new(async move {
                    view_answer(data.await, |view| view! { <ListBody view/> })
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn ListBody(view: ListView) -> impl IntoView {
    let ListView {
        frame,
        flash,
        problem,
        search,
        sort,
        direction,
        counts,
        matching,
        rows,
        prev_href,
        next_href,
        first_href,
        export_href,
        sort_links,
    } = view;
    let summary = format!(
        "{matching} walker{} in this view",
        if matching == 1 { "" } else { "s" }
    );
    let csrf_token = frame.csrf_token.clone();
    view! {
        <AdminNav frame current=Section::Walkers/>
        <FlashMessage flash/>
        <div class="toolbar">
            <h1>"Walkers"</h1>
            <a class="button button-quiet button-small" href=export_href download="walkers.csv">"Export CSV"</a>
        </div>
        {problem.map(|p| view! { <div class="alert alert-error" role="alert">{p}" "<a href="/admin">"Show all walkers"</a></div> })}
        <nav class="chips" aria-label="Status counts">
            <a class="chip" href="/admin">"All"</a>
            {counts.iter().map(|c| {
                let label = format!("{} {}", c.status.label(), c.count);
                view! {
                    <a class="chip" class:chip-selected=c.selected href=c.only_href.clone()
                        aria-current=c.selected.then_some("true")>
                        <StatusBadge status=c.status.clone()/>" "<span class="chip-count">{c.count}</span>
                        <span class="visually-hidden">{label}</span>
                    </a>
                }
            }).collect_view()}
        </nav>
        <FilterForm counts search sort direction csrf_token/>
        <p class="muted" role="status">{summary}</p>
        {if rows.is_empty() {
            view! { <p class="card muted">"No walkers match this view."</p> }.into_any()
        } else {
            view! { <WalkerTable rows sort_links/> }.into_any()
        }}
        <nav class="pager" aria-label="Pages">
            {first_href.map(|h| view! { <a class="button button-quiet button-small" href=h>"First page"</a> })}
            {prev_href.map(|h| view! { <a class="button button-quiet button-small" href=h rel="prev">"← Previous"</a> })}
            {next_href.map(|h| view! { <a class="button button-quiet button-small" href=h rel="next">"Next →"</a> })}
        </nav>
    }
}
