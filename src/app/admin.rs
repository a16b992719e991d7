//! The operators' console: sign-in and the list of walkers.

use super::layout::{Page, StatusBadge};
use crate::domain::VerificationStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// A rejected sign-in coming back (same pattern as the signup form).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginState {
    pub username: String,
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkerRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub inquiry_id: Option<String>,
    pub status: VerificationStatus,
    pub signed_up: String,
    pub changed: String,
}

#[server(endpoint = "admin/walkers")]
pub async fn list_walkers() -> Result<Vec<WalkerRow>, ServerFnError> {
    use crate::web::{require_operator, AppState};
    let state = expect_context::<AppState>();
    let session: tower_sessions::Session = leptos_axum::extract().await?;
    require_operator(&state, &session)
        .await
        .map_err(|_| ServerFnError::new("Please sign in."))?;
    let rows = state
        .onboarding
        .db
        .list_walkers(200)
        .await
        .map_err(|error| {
            tracing::error!(error = format!("{error:#}"), "listing walkers");
            ServerFnError::new("The list could not be loaded. Please try again.")
        })?;
    Ok(rows
        .into_iter()
        .map(|row| WalkerRow {
            name: format!("{} {}", row.first_name, row.last_name),
            status: row
                .status
                .map(VerificationStatus::from)
                .unwrap_or(VerificationStatus::NotStarted),
            signed_up: format_time(row.created_at),
            changed: format_time(row.changed_at),
            id: row.id,
            email: row.email,
            inquiry_id: row.inquiry_id,
        })
        .collect())
}

#[cfg(feature = "ssr")]
fn format_time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let posted = use_context::<LoginState>();
    let state = Resource::new_blocking(
        || (),
        move |_| {
            let posted = posted.clone();
            async move { posted.unwrap_or_default() }
        },
    );
    view! {
        <Title text="Operator sign-in"/>
        <Page>
            <h1>"Operator sign-in"</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    let LoginState { username, error } = state.await;
                    view! {
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
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
pub fn WalkerListPage() -> impl IntoView {
    let walkers = Resource::new_blocking(|| (), |_| list_walkers());
    view! {
        <Title text="Walkers"/>
        <Page wide=true>
            <div class="toolbar">
                <h1>"Walkers"</h1>
                <form method="post" action="/admin/logout">
                    <button class="button button-quiet" type="submit">"Sign out"</button>
                </form>
            </div>
            <Suspense>
                {move || Suspend::new(async move {
                    match walkers.await {
                        Ok(rows) if rows.is_empty() => view! {
                            <p class="card muted">"No walkers have signed up yet."</p>
                        }.into_any(),
                        Ok(rows) => view! { <WalkerTable rows/> }.into_any(),
                        Err(_) => view! {
                            <div class="alert alert-error" role="alert">
                                "The list could not be loaded. Please reload the page."
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn WalkerTable(rows: Vec<WalkerRow>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="walkers">
                <caption class="visually-hidden">"Walkers, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Inquiry"</th>
                        <th scope="col">"Signed up"</th>
                        <th scope="col">"Last change"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr data-walker-id=row.id.clone()>
                            <td data-label="Name">{row.name}</td>
                            <td data-label="Email">{row.email}</td>
                            <td data-label="Status"><StatusBadge status=row.status/></td>
                            <td data-label="Inquiry"><code>{row.inquiry_id.unwrap_or_else(|| "—".into())}</code></td>
                            <td data-label="Signed up">{row.signed_up}</td>
                            <td data-label="Last change">{row.changed}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
