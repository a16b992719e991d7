//! The list's filter form and table, drawn from the view the server function returned.

use crate::app::layout::StatusBadge;
use crate::domain::{Direction, InquiryId, VerificationStatus, WalkerId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkerRow {
    pub id: WalkerId,
    pub name: String,
    pub email: String,
    pub inquiry_id: Option<InquiryId>,
    pub status: VerificationStatus,
    pub signed_up: String,
    pub changed: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCount {
    pub status: VerificationStatus,
    pub count: i64,
    pub selected: bool,
    /// This view narrowed to this one status.
    pub only_href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SortLink {
    pub label: String,
    pub href: String,
    /// `ascending`/`descending` when the list is sorted by this column.
    pub active: Option<String>,
}

#[component]
pub fn FilterForm(
    counts: Vec<StatusCount>,
    search: String,
    sort: String,
    direction: Direction,
    csrf_token: String,
) -> impl IntoView {
    let option = |value: &'static str, label: &'static str, current: &str| {
        view! { <option value=value selected={value == current}>{label}</option> }
    };
    let dir = direction.as_str();
    view! {
        // Posted, not a GET: the search text must not appear in the URL (see `console::searches`).
        <form class="card filters" method="post" action="/admin/search" role="search">
            <input type="hidden" name="csrf_token" value=csrf_token/>
            <div class="field filters-search">
                <label for="q">"Search"</label>
                <input id="q" name="q" type="search" value=search
                    placeholder="Name, email, usr_… or inq_…" aria-describedby="q-hint"/>
                <p class="field-hint" id="q-hint">"Part of a name or email, the start of an email (with its @), or a whole walker or inquiry id."</p>
            </div>
            <fieldset class="filters-statuses">
                <legend>"Status"</legend>
                {counts.into_iter().map(|c| {
                    let id = format!("status-{}", c.status.as_str());
                    let input_id = id.clone();
                    view! {
                        <label class="check" for=id>
                            <input id=input_id type="checkbox" name="status" value=c.status.as_str().to_owned()
                                checked=c.selected/>
                            {c.status.label().to_owned()}
                            <span class="muted">{format!(" ({})", c.count)}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class="filters-sort">
                <div class="field">
                    <label for="sort">"Sort by"</label>
                    <select id="sort" name="sort">
                        {option("signed_up", "Signup time", &sort)}
                        {option("changed", "Last change", &sort)}
                        {option("name", "Name", &sort)}
                    </select>
                </div>
                <div class="field">
                    <label for="dir">"Order"</label>
                    <select id="dir" name="dir">
                        {option("desc", "Newest / Z first", dir)}
                        {option("asc", "Oldest / A first", dir)}
                    </select>
                </div>
                <button class="button button-primary" type="submit">"Apply"</button>
            </div>
        </form>
    }
}

#[component]
pub fn WalkerTable(rows: Vec<WalkerRow>, sort_links: Vec<SortLink>) -> impl IntoView {
    let header = |index: usize| {
        let link = sort_links.get(index).cloned();
        link.map(|l| {
            let sort = l.active.clone().unwrap_or_else(|| "none".into());
            let arrow = match l.active.as_deref() {
                Some("ascending") => " ▲",
                Some(_) => " ▼",
                None => "",
            };
            view! {
                <th scope="col" aria-sort=sort>
                    <a href=l.href>{l.label}{arrow}</a>
                </th>
            }
        })
    };
    view! {
        <div class="table-wrap">
            <table class="walkers">
                <caption class="visually-hidden">"Walkers in this view"</caption>
                <thead>
                    <tr>
                        {header(0)}
                        <th scope="col">"Email"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Inquiry"</th>
                        {header(1)}
                        {header(2)}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr data-walker-id=row.id.to_string()>
                            <td data-label="Name">
                                <a href=format!("/admin/walkers/{}", row.id)>{row.name}</a>
                            </td>
                            <td data-label="Email">{row.email}</td>
                            <td data-label="Status"><StatusBadge status=row.status/></td>
                            <td data-label="Inquiry"><code>{row.inquiry_id.map_or_else(|| "—".into(), String::from)}</code></td>
                            <td data-label="Signed up">{row.signed_up}</td>
                            <td data-label="Last change">{row.changed}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
