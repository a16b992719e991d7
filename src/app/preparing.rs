//! `/verification/preparing`: shown while Persona is slow or down and the walker's inquiry is
//! still being created. It moves on by itself (with or without JavaScript).

use super::layout::Page;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn PreparingPage() -> impl IntoView {
    view! {
        <Title text="Preparing your verification"/>
        // /verification/continue sends the walker into the flow once the inquiry exists, or
        // back here while it does not.
        <Meta http_equiv="refresh" content="3;url=/verification/continue"/>
        <Page>
            <section class="card status-card" aria-live="polite">
                <p class="status-line"><span class="spinner" aria-hidden="true"></span>"Working on it"</p>
                <h1>"Preparing your verification"</h1>
                <p>
                    "We've saved your details. Our verification partner is taking a moment to "
                    "answer; this page moves on by itself as soon as your ID check is ready."
                </p>
                <a class="button button-quiet" href="/verification/continue">"Check again now"</a>
            </section>
        </Page>
    }
}
