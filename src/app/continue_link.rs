//! Continuing by email, as the walker sees it: asking for a link (on `/status`), being told it
//! is on its way (`/status/link-sent`), and opening it (`/continue/{token}`).

use super::layout::Page;
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
            ServerFnError::new("We couldn't check your link just now. Please try again.")
        })
}

/// The form that emails a walker a link to continue; the answer never says whether the
/// address is registered.
#[component]
pub fn RequestLinkForm(#[prop(optional)] button: Option<&'static str>) -> impl IntoView {
    view! {
        <form class="form request-link" method="post" action="/continue/request">
            <div class="field">
                <label for="link-email">"Email you signed up with"</label>
                <input id="link-email" name="email" type="email" autocomplete="email"
                    inputmode="email" required=true maxlength="254"/>
            </div>
            <button class="button button-primary" type="submit">
                {button.unwrap_or("Email me a link")}
            </button>
        </form>
    }
}

#[component]
pub fn LinkSentPage() -> impl IntoView {
    let query = use_query_map();
    let registered = query.with_untracked(|q| q.get("registered").is_some());
    view! {
        <Title text="Check your email"/>
        <Page>
            <section class="card status-card" aria-live="polite">
                <p class="status-line">"Link on its way"</p>
                <h1>"Check your email"</h1>
                {if registered {
                    view! {
                        <p>
                            "That email address is already registered with PawPass. To keep "
                            "each walker's verification their own, we've sent a link to "
                            "continue to that address instead."
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <p>
                            "If that address belongs to a PawPass walker, we've sent it a link "
                            "to continue their verification."
                        </p>
                    }.into_any()
                }}
                <p>
                    "The link works once, for 30 minutes. It can take a minute to arrive; "
                    "check your spam folder too."
                </p>
                <a class="button button-quiet" href="/status">"Back to my status"</a>
            </section>
        </Page>
    }
}

#[component]
pub fn ContinuePage() -> impl IntoView {
    let params = use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    let live = Resource::new_blocking(move || token.clone(), link_is_live);
    view! {
        <Title text="Continue your verification"/>
        <Page>
            <Suspense>
                {move || Suspend::new(async move {
                    match live.await {
                        Ok(true) => {
                            let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
                            view! { <LiveLink token/> }.into_any()
                        }
                        Ok(false) => view! { <DeadLink/> }.into_any(),
                        Err(error) => view! {
                            <h1>"Continue your verification"</h1>
                            <div class="alert alert-error" role="alert">
                                {super::server_answer::error_text(&error)}
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn LiveLink(token: String) -> impl IntoView {
    view! {
        <section class="card status-card">
            <h1>"Continue your verification"</h1>
            <p>
                "This link signs this browser in as you and takes you back to your ID check, "
                "where you left it. It works once."
            </p>
            <form method="post" action="/continue">
                <input type="hidden" name="token" value=token/>
                <button class="button button-primary" type="submit">"Continue my verification"</button>
            </form>
        </section>
    }
}

#[component]
fn DeadLink() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::GONE);
    }
    view! {
        <section class="card status-card">
            <h1>"This link no longer works"</h1>
            <p>
                "Links to continue work once, for 30 minutes. Enter your email and we'll send "
                "you a new one."
            </p>
            <RequestLinkForm button="Send me a new link"/>
        </section>
    }
}
