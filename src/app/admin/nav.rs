//! The console's header: where to go, who is signed in, and signing out.

use super::frame::{AdminFlash, AdminFrame};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Walkers,
    Dashboard,
}

#[component]
pub fn AdminNav(frame: AdminFrame, current: Section) -> impl IntoView {
    let aria = |section: Section| (section == current).then_some("page");
    view! {
        <nav class="admin-nav" aria-label="Console">
            <a href="/admin" aria-current=aria(Section::Walkers)>"Walkers"</a>
            <a href="/admin/dashboard" aria-current=aria(Section::Dashboard)>"Dashboard"</a>
            <span class="admin-nav-user muted">"Signed in as " <strong>{frame.username}</strong></span>
            <form method="post" action="/admin/logout">
                <input type="hidden" name="csrf_token" value=frame.csrf_token/>
                <button class="button button-quiet button-small" type="submit">"Sign out"</button>
            </form>
        </nav>
    }
}

/// The one-time result of the last form post.
#[component]
pub fn FlashMessage(flash: Option<AdminFlash>) -> impl IntoView {
    flash.map(|flash| {
        let class = if flash.ok {
            "alert alert-ok"
        } else {
            "alert alert-error"
        };
        let role = if flash.ok { "status" } else { "alert" };
        view! {
            <div class=class role=role>
                <p>{flash.message}</p>
                {flash.link.map(|link| view! {
                    <p><label class="link-label">"One-time link: "
                        <input class="link-box" type="text" readonly=true value=link/>
                    </label></p>
                })}
            </div>
        }
    })
}
