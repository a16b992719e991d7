use super::language::use_language;
use super::layout::Page;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let language = use_language();
    view! {
        <Title text=t(language, "home-title")/>
        <Page>
            <section class="hero">
                <h1>{t(language, "home-heading")}</h1>
                <p class="lead">{t(language, "home-lead")}</p>
                <a class="button button-primary" href="/signup">{t(language, "home-start")}</a>
                <p class="muted">
                    {t(language, "home-returning")} " "
                    <a href="/status">{t(language, "home-returning-link")}</a> "."
                </p>
            </section>
        </Page>
    }
}
