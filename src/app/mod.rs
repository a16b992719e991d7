//! The Leptos application: pages rendered on the server as HTML, with islands (`#[island]`)
//! hydrated in the browser.

mod admin;
mod continue_link;
mod home;
mod language;
mod layout;
mod preparing;
mod server_answer;
mod signup;
mod status;
mod status_watch;

pub use admin::{AdminFlash, LoginState};
pub use signup::SignupState;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let language = language::use_language();
    view! {
        <!DOCTYPE html>
        <html lang=language.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Every page must work without JavaScript, so each waits for its data before it is sent
    // (Async) instead of streaming placeholders only a script can fill.
    view! {
        <Stylesheet id="pawpass" href="/pkg/pawpass.css"/>
        <Title formatter=|page: String| format!("{page} · PawPass")/>
        <Router>
            <Routes fallback=|| view! { <layout::NotFound/> }>
                <Route path=path!("/") view=home::HomePage ssr=SsrMode::Async/>
                <Route path=path!("/signup") view=signup::SignupPage ssr=SsrMode::Async/>
                <Route
                    path=path!("/status")
                    view=|| view! { <status::StatusPage/> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/status/link-sent")
                    view=continue_link::LinkSentPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/continue/:token")
                    view=continue_link::ContinuePage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/verification/preparing")
                    view=preparing::PreparingPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/verification/return")
                    view=|| view! { <status::StatusPage returned=true/> }
                    ssr=SsrMode::Async
                />
                <Route path=path!("/admin/login") view=admin::LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/admin") view=admin::WalkerListPage ssr=SsrMode::Async/>
                <Route
                    path=path!("/admin/dashboard")
                    view=admin::DashboardPage
                    ssr=SsrMode::Async
                />
                <Route path=path!("/admin/walkers/:id") view=admin::WalkerPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
