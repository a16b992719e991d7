//! `/status` and `/verification/return`: the walker's verification status as PawPass's database
//! knows it. The redirect's query string only helps find the inquiry; it is never believed.

use super::continue_link::RequestLinkForm;
use super::layout::{Page, StatusBadge};
use super::server_answer::error_text;
use crate::domain::policy::ReturnAction;
use crate::domain::{VerificationStatus, WalkerStatus};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[server(endpoint = "status")]
pub async fn fetch_status(
    inquiry_hint: Option<String>,
) -> Result<Option<WalkerStatus>, ServerFnError> {
    use crate::server::{session_keys, AppState};
    let state = expect_context::<AppState>();
    let session: tower_sessions::Session = leptos_axum::extract().await?;
    use crate::domain::{InquiryId, WalkerId};
    let walker_id: Option<WalkerId> = session.get(session_keys::WALKER_ID).await.ok().flatten();
    // A hint that is not an inquiry id names no inquiry, like an unknown one.
    let inquiry_id = inquiry_hint.and_then(|hint| InquiryId::parse(&hint).ok());
    let result = match (walker_id, inquiry_id) {
        (Some(walker_id), _) => state.onboarding.walker_status(&walker_id).await,
        (None, Some(inquiry_id)) => state.onboarding.inquiry_status(&inquiry_id).await,
        (None, None) => Ok(None),
    };
    result.map_err(|error| {
        tracing::error!(error = format!("{error:#}"), "reading a walker's status");
        ServerFnError::new("We couldn't read your status just now. Please try again.")
    })
}

/// `returned`: the walker has just come back from Persona's Hosted Flow (`/verification/return`).
#[component]
pub fn StatusPage(#[prop(optional)] returned: bool) -> impl IntoView {
    let query = use_query_map();
    let status = Resource::new_blocking(move || query.with(|q| q.get("inquiry-id")), fetch_status);
    view! {
        <Title text="Your verification"/>
        <Page>
            <Suspense>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(Some(walker)) => view! { <StatusCard walker returned/> }.into_any(),
                        Ok(None) => view! { <Unknown/> }.into_any(),
                        Err(error) => view! {
                            <h1>"Your verification"</h1>
                            <div class="alert alert-error" role="alert">{error_text(&error)}</div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

/// Seconds until the page reloads itself, while something is still expected to change. A walker
/// just back from Persona's flow usually arrives before its webhooks do, so a status they have
/// left behind is expected to change too; elsewhere that page stays still under their hands.
fn refresh_after(status: &VerificationStatus, returned: bool) -> Option<u32> {
    match status {
        VerificationStatus::Pending | VerificationStatus::Completed => Some(2),
        VerificationStatus::NotStarted => Some(3),
        VerificationStatus::Created if returned => Some(3),
        VerificationStatus::NeedsReview => Some(30),
        _ => None,
    }
}

#[component]
fn StatusCard(walker: WalkerStatus, returned: bool) -> impl IntoView {
    let greeting = walker
        .first_name
        .map(|name| view! { <p class="greeting">{format!("Hi {name},")}</p> });
    let refresh = refresh_after(&walker.status, returned).map(|secs| {
        view! { <Meta http_equiv="refresh" content=secs.to_string()/> }
    });
    let (heading, body, action): (&str, &str, Option<(&str, &str)>) = match &walker.status {
        VerificationStatus::Approved => (
            "You're verified. Welcome to the pack!",
            "Your identity check passed. You can now accept walks.",
            None,
        ),
        VerificationStatus::Completed | VerificationStatus::NeedsReview => (
            "Thanks! We're reviewing your verification",
            "This usually takes a moment; this page updates by itself.",
            None,
        ),
        VerificationStatus::Pending => (
            "Your verification is in progress",
            "If you closed Persona's page before finishing, continue where you left off.",
            Some(("/verification/continue", "Continue verification")),
        ),
        VerificationStatus::Created | VerificationStatus::Expired => (
            "Your verification isn't finished yet",
            "Pick up where you left off; it takes about five minutes.",
            Some(("/verification/continue", "Continue verification")),
        ),
        VerificationStatus::NotStarted => (
            "Preparing your verification",
            "We've saved your signup. Your ID check is being prepared; this page updates by itself.",
            Some(("/verification/continue", "Continue")),
        ),
        VerificationStatus::Failed => (
            "We couldn't verify your identity",
            "The ID check did not pass this time, often because of a blurry photo or a timeout. \
             You can try again.",
            None,
        ),
        VerificationStatus::Declined => (
            "Your application was declined",
            "After review we can't accept this application. Contact support to learn more.",
            None,
        ),
        VerificationStatus::Unknown(_) => (
            "We're checking your verification",
            "Your status will appear here shortly.",
            None,
        ),
    };
    view! {
        {refresh}
        <section class="card status-card" aria-live="polite">
            <p class="status-line">"Status: " <StatusBadge status=walker.status.clone()/></p>
            {greeting}
            <h1>{heading}</h1>
            <p>{body}</p>
            {(returned && walker.status == VerificationStatus::Created).then(|| view! {
                <p class="muted">
                    "Just finished with Persona? Your result shows here in a moment; this page \
                     updates by itself."
                </p>
            })}
            // A form, not a link: continuing may call Persona, so it is a POST from this page.
            {action.map(|(href, label)| view! {
                <form method="post" action=href>
                    <button class="button button-primary" type="submit">{label}</button>
                </form>
            })}
            {ReturnAction::for_status(&walker.status).allows_new_attempt().then(|| view! {
                <form method="post" action="/verification/retry">
                    <button class="button button-primary" type="submit">"Try again"</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn Unknown() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Your verification"</h1>
            <p>
                "This browser isn't signed in as a walker. If you signed up already, we'll "
                "email you a link that continues where you left off."
            </p>
            <RequestLinkForm/>
        </section>
        <section class="card">
            <h2>"New here?"</h2>
            <p>"Sign up as a walker to start your identity check."</p>
            <a class="button button-quiet" href="/signup">"Become a walker"</a>
        </section>
    }
}
