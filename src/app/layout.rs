//! The frame shared by every page.

use leptos::prelude::*;
use leptos_meta::Title;

/// How wide a page's content runs: a reading column, or the console's tables and charts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Width {
    #[default]
    Column,
    Wide,
}

#[component]
pub fn Page(children: Children, #[prop(optional)] width: Width) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <a class="brand" href="/">
                <img class="brand-mark" src="/favicon.svg" alt="" width="28" height="28"/>
                "PawPass"
            </a>
            <nav aria-label="Main">
                <a href="/status">"My status"</a>
                <a href="/admin">"Operators"</a>
            </nav>
        </header>
        <main id="main" class=match width { Width::Column => "page", Width::Wide => "page page-wide" }>
            {children()}
        </main>
        <footer class="site-footer">
            "PawPass verifies every walker's identity with Persona before their first walk."
        </footer>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found"/>
        <Page>
            <h1>"We couldn't find that page"</h1>
            <p>"The link may be old. " <a href="/">"Go to the start"</a> "."</p>
        </Page>
    }
}

/// A status shown in words with a colour that only reinforces them.
#[component]
pub fn StatusBadge(status: crate::domain::VerificationStatus) -> impl IntoView {
    let class = format!("badge badge-{}", status.as_str());
    view! { <span class=class>{status.label().to_owned()}</span> }
}
