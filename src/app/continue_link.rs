//! Continuing by email, as the walker sees it: asking for a link (on `/status`), being told it
//! is on its way (`/status/link-sent`), and opening it (`/continue/{token}`).

use super::language::use_language;
use super::layout::Page;
use crate::domain::Language;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Whether a link still works. Looking does not use it up.
#[server(endpoint = "link")]
pub async fn link_is_live(token: String) -> Result<bool, ServerFnError> {
    use crate::onboarding::LinkToken;
    use crate::server::AppState;
    let state = expect_context::<AppState>();
    let Some(token) = LinkToken::parse(&token) else {
        return Ok(false);
    };
    state
        .onboarding
        .link_is_live(&token)
        .await
        .map_err(|error| {
            tracing::error!(error = format!("{error:#}"), "checking a link");
            ServerFnError::new(t(use_language(), "continue-check-failed"))
        })
}

/// The form that emails a walker a link to continue; the answer never says whether the
/// address is registered. `button`: its button's words, if not "Email me a link".
#[component]
pub fn RequestLinkForm(
    language: Language,
    #[prop(optional)] button: Option<String>,
) -> impl IntoView {
    view! {
        <form class="form request-link" method="post" action="/continue/request">
            <div class="field">
                <label for="link-email">{t(language, "link-email-label")}</label>
                <input id="link-email" name="email" type="email" autocomplete="email"
                    inputmode="email" required=true maxlength="254"/>
            </div>
            <button class="button button-primary" type="submit">
                {button.unwrap_or_else(|| t(language, "link-email-me"))}
            </button>
        </form>
    }
}

#[component]
pub fn LinkSentPage() -> impl IntoView {
    let language = use_language();
    let query = use_query_map();
    let registered = query.with_untracked(|q| q.get("registered").is_some());
    let why = if registered {
        t(language, "link-sent-registered")
    } else {
        t(language, "link-sent-maybe")
    };
    view! {
        <Title text=t(language, "link-sent-title")/>
        <Page>
            <section class="card status-card">
                <p class="status-line">{t(language, "link-sent-status")}</p>
                <h1>{t(language, "link-sent-heading")}</h1>
                <p>{why}</p>
                <p>{t(language, "link-sent-lifetime")}</p>
                <a class="button button-quiet" href="/status">{t(language, "link-back-to-status")}</a>
            </section>
        </Page>
    }
}

#[component]
pub fn ContinuePage() -> impl IntoView {
    let language = use_language();
    let params = use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    let live = Resource::new_blocking(move || token.clone(), link_is_live);
    view! {
        <Title text=t(language, "continue-title")/>
        <Page>
            <Suspense>
                {move || Suspend::new(async move {
                    match live.await {
                        Ok(true) => {
                            let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
                            view! { <LiveLink token language/> }.into_any()
                        }
                        Ok(false) => view! { <DeadLink language/> }.into_any(),
                        Err(error) => view! {
                            <h1>{t(language, "continue-heading")}</h1>
                            <div class="alert alert-error" role="alert">
                                {super::server_answer::error_text(language, &error)}
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn LiveLink(token: String, language: Language) -> impl IntoView {
    view! {
        <section class="card status-card">
            <h1>{t(language, "continue-heading")}</h1>
            <p>{t(language, "continue-body")}</p>
            <form method="post" action="/continue">
                <input type="hidden" name="token" value=token/>
                <button class="button button-primary" type="submit">
                    {t(language, "continue-button")}
                </button>
            </form>
        </section>
    }
}

#[component]
fn DeadLink(language: Language) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::GONE);
    }
    view! {
        <section class="card status-card">
            <h1>{t(language, "dead-link-heading")}</h1>
            <p>{t(language, "dead-link-body")}</p>
            <RequestLinkForm language button=t(language, "link-send-new")/>
        </section>
    }
}
