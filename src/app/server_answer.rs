//! Showing what a server function answered: the page's content, or its error in plain words.

use crate::domain::Language;
use crate::i18n::t;
use leptos::prelude::*;

/// The message of a server function's error, for the page. Server functions put words meant for
/// people in `ServerError`, already in the page's language; anything else (a broken connection)
/// gets a general sentence in `language`.
pub fn error_text(language: Language, error: &ServerFnError) -> String {
    match error {
        ServerFnError::ServerError(message) => message.clone(),
        _ => t(language, "error-reload"),
    }
}

/// `render` of the answer, or the error as an alert (the console's pages: English).
pub fn view_answer<T, V>(result: Result<T, ServerFnError>, render: impl FnOnce(T) -> V) -> AnyView
where
    V: IntoView + 'static,
{
    match result {
        Ok(value) => render(value).into_any(),
        Err(error) => view! {
            <div class="alert alert-error" role="alert">{error_text(Language::En, &error)}</div>
        }
        .into_any(),
    }
}
