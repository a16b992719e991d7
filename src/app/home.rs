use super::layout::Page;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Walk dogs with us"/>
        <Page>
            <section class="hero">
                <h1>"Walk dogs. Get paid. Be trusted."</h1>
                <p class="lead">
                    "Owners hand you their keys and their best friend, so every PawPass walker "
                    "verifies their identity first. It takes about five minutes."
                </p>
                <a class="button button-primary" href="/signup">"Become a walker"</a>
                <p class="muted">
                    "Already signed up? " <a href="/status">"Check your verification"</a> "."
                </p>
            </section>
        </Page>
    }
}
