//! `/status` and `/verification/return`: the walker's verification status as PawPass's database
//! knows it. The redirect's query string only helps find the inquiry; it is never believed.

use super::continue_link::RequestLinkForm;
use super::language::use_language;
use super::layout::{Page, StatusBadge};
use super::server_answer::error_text;
use super::status_watch::{NoScriptRefresh, StatusWatch};
use crate::domain::policy::{look_again_after, ReturnAction};
use crate::domain::{Language, VerificationStatus, WalkerStatus};
use crate::i18n::{t, t_with};
use leptos::prelude::*;
use leptos_meta::Title;
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
        let language = super::language::use_language();
        ServerFnError::new(t(language, "status-read-failed"))
    })
}

/// `returned`: the walker has just come back from Persona's Hosted Flow (`/verification/return`).
#[component]
pub fn StatusPage(#[prop(optional)] returned: bool) -> impl IntoView {
    let language = use_language();
    let query = use_query_map();
    let hint = query.with_untracked(|q| q.get("inquiry-id"));
    let status = Resource::new_blocking(move || query.with(|q| q.get("inquiry-id")), fetch_status);
    view! {
        <Title text=t(language, "status-title")/>
        <Page>
            <Suspense>
                {move || {
                    let hint = hint.clone();
                    Suspend::new(async move {
                        match status.await {
                            Ok(Some(walker)) => {
                                view! { <StatusCard walker returned language hint/> }.into_any()
                            }
                            Ok(None) => view! { <Unknown language/> }.into_any(),
                            Err(error) => view! {
                                <h1>{t(language, "status-title")}</h1>
                                <div class="alert alert-error" role="alert">
                                    {error_text(language, &error)}
                                </div>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </Page>
    }
}

/// What the card says for a status: its heading, its sentence, and its button (where it posts,
/// and its words), in the walker's language.
struct CardWords {
    heading: String,
    body: String,
    action: Option<(&'static str, String)>,
}

fn words_for(language: Language, status: &VerificationStatus) -> CardWords {
    const CONTINUE: &str = "/verification/continue";
    let words = |heading, body, action| CardWords {
        heading,
        body,
        action,
    };
    match status {
        VerificationStatus::Approved => words(
            t(language, "status-approved-heading"),
            t(language, "status-approved-body"),
            None,
        ),
        VerificationStatus::Completed | VerificationStatus::NeedsReview => words(
            t(language, "status-reviewing-heading"),
            t(language, "status-reviewing-body"),
            None,
        ),
        VerificationStatus::Pending => words(
            t(language, "status-pending-heading"),
            t(language, "status-pending-body"),
            Some((CONTINUE, t(language, "action-continue-verification"))),
        ),
        VerificationStatus::Created | VerificationStatus::Expired => words(
            t(language, "status-unfinished-heading"),
            t(language, "status-unfinished-body"),
            Some((CONTINUE, t(language, "action-continue-verification"))),
        ),
        VerificationStatus::NotStarted => words(
            t(language, "status-not-started-heading"),
            t(language, "status-not-started-body"),
            Some((CONTINUE, t(language, "action-continue"))),
        ),
        VerificationStatus::Failed => words(
            t(language, "status-failed-heading"),
            t(language, "status-failed-body"),
            None,
        ),
        VerificationStatus::Declined => words(
            t(language, "status-declined-heading"),
            t(language, "status-declined-body"),
            None,
        ),
        VerificationStatus::Unknown(_) => words(
            t(language, "status-unknown-heading"),
            t(language, "status-unknown-body"),
            None,
        ),
    }
}

#[component]
fn StatusCard(
    walker: WalkerStatus,
    returned: bool,
    language: Language,
    hint: Option<String>,
) -> impl IntoView {
    let greeting = walker.first_name.map(|name| {
        view! { <p class="greeting">{t_with(language, "status-greeting", &[("name", &name)])}</p> }
    });
    let watch = look_again_after(&walker.status, returned).map(|seconds| {
        view! {
            <NoScriptRefresh seconds/>
            <StatusWatch
                shown=walker.status.as_str().to_owned()
                seconds
                then_go=None
                announce=t(language, "status-changed")
                inquiry_hint=hint
            />
        }
    });
    let CardWords {
        heading,
        body,
        action,
    } = words_for(language, &walker.status);
    view! {
        <section class="card status-card">
            <p class="status-line">
                {t(language, "status-label")} " "
                <StatusBadge status=walker.status.clone() language/>
            </p>
            {greeting}
            <h1>{heading}</h1>
            <p>{body}</p>
            {(returned && walker.status == VerificationStatus::Created).then(|| view! {
                <p class="muted">{t(language, "status-returned-note")}</p>
            })}
            {watch}
            // A form, not a link: continuing may call Persona, so it is a POST from this page.
            {action.map(|(href, label)| view! {
                <form method="post" action=href>
                    <button class="button button-primary" type="submit">{label}</button>
                </form>
            })}
            {ReturnAction::for_status(&walker.status).allows_new_attempt().then(|| view! {
                <form method="post" action="/verification/retry">
                    <button class="button button-primary" type="submit">
                        {t(language, "action-try-again")}
                    </button>
                </form>
            })}
        </section>
    }
}

#[component]
fn Unknown(language: Language) -> impl IntoView {
    view! {
        <section class="card">
            <h1>{t(language, "status-title")}</h1>
            <p>{t(language, "status-no-walker")}</p>
            <RequestLinkForm language/>
        </section>
        <section class="card">
            <h2>{t(language, "status-new-here")}</h2>
            <p>{t(language, "status-new-here-body")}</p>
            <a class="button button-quiet" href="/signup">{t(language, "home-start")}</a>
        </section>
    }
}
