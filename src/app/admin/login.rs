//! `/admin/login`. The form carries no token, so a visitor who only looks at it gets no
//! session; a sign-in posted from another site is refused by its `Origin`/`Sec-Fetch-Site`
//! instead (see `server::csrf`).

use crate::app::layout::Page;
use crate::app::server_answer::error_text;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// A rejected sign-in coming back (same pattern as the signup form).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginState {
    pub username: String,
    pub error: Option<String>,
}

/// The form as the server rendered it, so the browser hydrates the same page.
#[server(endpoint = "admin/login-form")]
pub async fn login_form(posted: Option<LoginState>) -> Result<LoginState, ServerFnError> {
    Ok(posted.unwrap_or_default())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let posted = use_context::<LoginState>();
    let view_data = Resource::new_blocking(|| (), move |_| login_form(posted.clone()));
    view! {
        <Title text="Operator sign-in"/>
        <Page>
            <h1>"Operator sign-in"</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    match view_data.await {
                        Ok(LoginState { username, error }) => view! {
                            {error.map(|e| view! { <div class="alert alert-error" role="alert">{e}</div> })}
                            <form class="card form narrow" method="post" action="/admin/login">
                                <div class="field">
                                    <label for="username">"Username"</label>
                                    <input id="username" name="username" type="text"
                                        autocomplete="username" value=username required=true/>
                                </div>
                                <div class="field">
                                    <label for="password">"Password"</label>
                                    <input id="password" name="password" type="password"
                                        autocomplete="current-password" required=true/>
                                </div>
                                <button class="button button-primary" type="submit">"Sign in"</button>
                            </form>
                        }.into_any(),
                        Err(error) => view! {
                            <div class="alert alert-error" role="alert">{error_text(crate::domain::Language::En, &error)}</div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}
