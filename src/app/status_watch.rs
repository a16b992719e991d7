//! Keeping a waiting page current. With JavaScript, an island asks for the walker's status in
//! the background and, once it differs from what the page shows, says so in a live region (read
//! out by screen readers, without moving anyone's focus) and then shows the new page. Without
//! it, the page carries a `<noscript>` refresh instead; a timed refresh is an accessibility
//! failure for everyone else (WCAG 2.2.1), so it never reaches a browser that runs scripts.

use super::status::fetch_status;
use leptos::prelude::*;

/// How long the announcement has before the page changes: enough for a screen reader to start
/// reading it.
const ANNOUNCE_MS: u64 = 1_500;

/// The refresh for a browser without JavaScript, every `seconds`, to `url` or this page.
#[component]
pub fn NoScriptRefresh(seconds: u32, #[prop(optional)] url: Option<&'static str>) -> impl IntoView {
    let content = match url {
        Some(url) => format!("{seconds};url={url}"),
        None => seconds.to_string(),
    };
    view! { <noscript><meta http-equiv="refresh" content=content/></noscript> }
}

/// Watches the walker's status every `seconds` while it is still `shown` (its `as_str`).
/// `then_go`: where to go once it changes (else this page again). `announce`: what the live
/// region says then, in the walker's language. `inquiry_hint`: the return page's `inquiry-id`,
/// which finds the walker when the browser has no session.
#[island]
pub fn StatusWatch(
    shown: String,
    seconds: u32,
    then_go: Option<String>,
    announce: String,
    inquiry_hint: Option<String>,
) -> impl IntoView {
    let said = RwSignal::new(String::new());
    // Effects run only in the browser.
    Effect::new(move |_| {
        let (shown, then_go, announce, hint) = (
            shown.clone(),
            then_go.clone(),
            announce.clone(),
            inquiry_hint.clone(),
        );
        let asking = StoredValue::new(false);
        let every = std::time::Duration::from_secs(u64::from(seconds.max(1)));
        set_interval(
            move || {
                // One question at a time on a slow connection, and none once it has changed.
                if asking.get_value() || !said.with_untracked(String::is_empty) {
                    return;
                }
                asking.set_value(true);
                let (shown, then_go, announce, hint) = (
                    shown.clone(),
                    then_go.clone(),
                    announce.clone(),
                    hint.clone(),
                );
                leptos::task::spawn_local(async move {
                    let now = fetch_status(hint).await.ok().flatten();
                    asking.set_value(false);
                    let Some(now) = now else { return };
                    if now.status.as_str() == shown {
                        return;
                    }
                    said.set(announce);
                    set_timeout(
                        move || {
                            let location = window().location();
                            let _ = match then_go {
                                Some(url) => location.assign(&url),
                                None => location.reload(),
                            };
                        },
                        std::time::Duration::from_millis(ANNOUNCE_MS),
                    );
                });
            },
            every,
        );
    });
    view! { <p class="watch-note" role="status" aria-live="polite">{move || said.get()}</p> }
}
