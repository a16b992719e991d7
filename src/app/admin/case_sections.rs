//! The read-only parts of a walker's case: inquiries, the event timeline, notes, audit.

use crate::app::layout::StatusBadge;
use crate::domain::{EventId, InquiryId, VerificationStatus, WalkerId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryView {
    pub id: InquiryId,
    pub status: VerificationStatus,
    pub status_at: String,
    pub created: String,
    pub current: bool,
    pub dashboard_href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub id: EventId,
    pub name: String,
    pub inquiry_id: Option<InquiryId>,
    pub status: Option<VerificationStatus>,
    pub persona_at: String,
    pub received_at: String,
    /// Applied / Late, not applied / Duplicate / Recorded.
    pub outcome: String,
    pub outcome_class: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub at: String,
    pub by: String,
    pub title: String,
    pub text: Option<String>,
    pub ok: bool,
}

#[component]
pub fn Inquiries(inquiries: Vec<InquiryView>) -> impl IntoView {
    view! {
        <section class="card section" aria-labelledby="inquiries-h">
            <h2 id="inquiries-h">"Inquiries"</h2>
            {if inquiries.is_empty() {
                view! { <p class="muted">"None yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table class="walkers">
                        <thead><tr>
                            <th scope="col">"Inquiry"</th><th scope="col">"Status"</th>
                            <th scope="col">"Status since (Persona)"</th><th scope="col">"Created"</th>
                            <th scope="col">"Persona"</th>
                        </tr></thead>
                        <tbody>
                            {inquiries.into_iter().map(|i| view! {
                                <tr>
                                    <td data-label="Inquiry"><code>{i.id.to_string()}</code>
                                        {i.current.then(|| view! { " " <span class="tag">"current"</span> })}</td>
                                    <td data-label="Status"><StatusBadge status=i.status/></td>
                                    <td data-label="Status since">{i.status_at}</td>
                                    <td data-label="Created">{i.created}</td>
                                    <td data-label="Persona">
                                        <a href=i.dashboard_href target="_blank" rel="noopener noreferrer">
                                            "Open in Persona"<span class="visually-hidden">{format!(" ({})", i.id)}</span>
                                        </a>
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn Timeline(events: Vec<EventView>) -> impl IntoView {
    view! {
        <section class="card section" aria-labelledby="timeline-h">
            <h2 id="timeline-h">"Timeline"</h2>
            <p class="muted">"Every webhook from Persona, newest first by Persona's time. Late and duplicate events are kept but never move the status back."</p>
            {if events.is_empty() {
                view! { <p class="muted">"No events yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {events.into_iter().map(|e| view! {
                            <li>
                                <div class="timeline-head">
                                    <strong>{e.name}</strong>
                                    {e.status.map(|s| view! { " " <StatusBadge status=s/> })}
                                    " " <span class=e.outcome_class>{e.outcome}</span>
                                </div>
                                <div class="timeline-meta muted">
                                    "Persona time " {e.persona_at} " · received " {e.received_at}
                                    " · " <code>{e.inquiry_id.map(String::from).unwrap_or_default()}</code> " · "
                                    <a href=format!("/admin/events/{}", e.id)>"Raw event"<span class="visually-hidden">{format!(" {}", e.id)}</span></a>
                                </div>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// A titled list of entries on the walker's page (background work, messages, audit log).
#[component]
pub fn EntrySection(
    /// Names the section for assistive technology (`{id}-h` is its heading).
    id: &'static str,
    title: &'static str,
    entries: Vec<EntryView>,
    empty: &'static str,
) -> impl IntoView {
    let heading = format!("{id}-h");
    view! {
        <section class="card section" aria-labelledby=format!("{id}-h")>
            <h2 id=heading>{title}</h2>
            <Entries entries empty/>
        </section>
    }
}

#[component]
pub fn Notes(walker_id: WalkerId, csrf: String, notes: Vec<EntryView>) -> impl IntoView {
    view! {
        <section class="card section" id="notes" aria-labelledby="notes-h">
            <h2 id="notes-h">"Notes"</h2>
            <form class="form" method="post" action=format!("/admin/walkers/{walker_id}/notes")>
                <input type="hidden" name="csrf_token" value=csrf/>
                <div class="field">
                    <label for="note">"Add a note"</label>
                    <textarea id="note" name="body" rows="2" required=true maxlength="4000"></textarea>
                </div>
                <div><button class="button button-quiet button-small" type="submit">"Save note"</button></div>
            </form>
            <Entries entries=notes empty="No notes yet."/>
        </section>
    }
}

#[component]
fn Entries(entries: Vec<EntryView>, empty: &'static str) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <ul class="entries">
            {entries.into_iter().map(|e| view! {
                <li class:entry-failed=!e.ok>
                    <div><strong>{e.title}</strong>{(!e.ok).then(|| view! { " " <span class="outcome outcome-late">"failed"</span> })}</div>
                    {e.text.map(|t| view! { <p class="entry-text">{t}</p> })}
                    <div class="muted entry-meta">{e.by}" · "{e.at}</div>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
