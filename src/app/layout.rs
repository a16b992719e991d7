//! The frame shared by every page.

use super::language::{in_console, use_language, LanguageSwitch};
use crate::domain::{Language, VerificationStatus};
use crate::i18n::t;
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
    let language = use_language();
    view! {
        <a class="skip-link" href="#main">{t(language, "skip-to-content")}</a>
        <header class="site-header">
            <a class="brand" href="/">
                <img class="brand-mark" src="/favicon.svg" alt="" width="28" height="28"/>
                "PawPass"
            </a>
            <nav aria-label=t(language, "nav-main")>
                <a href="/status">{t(language, "nav-status")}</a>
                <a href="/admin">{t(language, "nav-operators")}</a>
            </nav>
            {(!in_console()).then(|| view! { <LanguageSwitch language/> })}
        </header>
        <main id="main" class=match width { Width::Column => "page", Width::Wide => "page page-wide" }>
            {children()}
        </main>
        <footer class="site-footer">{t(language, "footer")}</footer>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let language = use_language();
    view! {
        <Title text=t(language, "not-found-title")/>
        <Page>
            <h1>{t(language, "not-found-heading")}</h1>
            <p>
                {t(language, "not-found-body")} " "
                <a href="/">{t(language, "not-found-link")}</a> "."
            </p>
        </Page>
    }
}

/// A status shown in words with a colour that only reinforces them: the walker's words in
/// their `language`, else the console's.
#[component]
pub fn StatusBadge(
    status: VerificationStatus,
    #[prop(optional)] language: Option<Language>,
) -> impl IntoView {
    let class = format!("badge badge-{}", status.as_str());
    let words = match language {
        Some(language) => status_words(language, &status),
        None => status.label().to_owned(),
    };
    view! { <span class=class>{words}</span> }
}

/// A status in the walker's words (the console uses [`VerificationStatus::label`]).
pub fn status_words(language: Language, status: &VerificationStatus) -> String {
    match status {
        VerificationStatus::Unknown(_) => t(language, "status-unknown"),
        known => t(language, &format!("status-{}", known.as_str())),
    }
}
