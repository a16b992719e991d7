//! `/verification/preparing`: shown while Persona is slow or down and the walker's inquiry is
//! still being created. It moves on by itself once the inquiry exists, with or without
//! JavaScript (see `status_watch`).

use super::language::use_language;
use super::layout::Page;
use super::status_watch::{NoScriptRefresh, StatusWatch};
use crate::domain::VerificationStatus;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

/// Sends the walker into Persona's flow once the inquiry exists, or back here while it does not.
const CONTINUE: &str = "/verification/continue";

#[component]
pub fn PreparingPage() -> impl IntoView {
    let language = use_language();
    view! {
        <Title text=t(language, "preparing-title")/>
        <NoScriptRefresh seconds=3 url=CONTINUE/>
        <Page>
            <section class="card status-card">
                <p class="status-line">
                    <span class="spinner" aria-hidden="true"></span>
                    {t(language, "preparing-working")}
                </p>
                <h1>{t(language, "preparing-heading")}</h1>
                <p>{t(language, "preparing-body")}</p>
                <StatusWatch
                    shown=VerificationStatus::NotStarted.as_str().to_owned()
                    seconds=3
                    then_go=Some(CONTINUE.to_owned())
                    announce=t(language, "preparing-ready")
                    inquiry_hint=None
                />
                <a class="button button-quiet" href=CONTINUE>{t(language, "preparing-check-now")}</a>
            </section>
        </Page>
    }
}
