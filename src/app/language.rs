//! The walker's language on a page, and the switch that changes it.

use crate::domain::Language;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The language this page is rendered in (see `server::language`); the operators' console is
/// English. Pages render on the server only; islands receive their words as props.
pub fn use_language() -> Language {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<axum::http::request::Parts>() {
        if !in_console() {
            return crate::server::language::preferred(&parts.headers);
        }
    }
    Language::default()
}

/// Whether this page is one of the operators' console's.
pub fn in_console() -> bool {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<axum::http::request::Parts>() {
        return parts.uri.path().starts_with("/admin");
    }
    false
}

/// A form that switches to each other language and comes back to this page. A plain form post,
/// so it works without JavaScript; each button is labelled in its own language, for someone
/// who cannot read the current one.
#[component]
pub fn LanguageSwitch(language: Language) -> impl IntoView {
    let location = use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let back = match search.strip_prefix('?').unwrap_or(&search) {
        "" => path,
        query => format!("{path}?{query}"),
    };
    let others = Language::ALL
        .into_iter()
        .filter(move |other| *other != language);
    view! {
        <form class="language-switch" method="post" action="/language"
            aria-label=t(language, "language-switch")>
            <input type="hidden" name="back" value=back/>
            {others.map(|other| view! {
                <button class="link-button" type="submit" name="language" value=other.code()
                    lang=other.code()>
                    {other.endonym()}
                </button>
            }).collect_view()}
        </form>
    }
}
