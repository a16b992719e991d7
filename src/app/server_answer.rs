//! Showing what a server function answered: the page's content, or its error in plain words.

use leptos::prelude::*;

/// The message of a server function's error, for the page. Server functions put words meant for
/// people in `ServerError`; anything else (a broken connection) gets a general sentence.
pub fn error_text(error: &ServerFnError) -> String {
    match error {
        ServerFnError::ServerError(message) => message.clone(),
        _ => "Something went wrong. Please reload the page.".to_owned(),
    }
}

/// `render` of the answer, or the error as an alert.
pub fn view_answer<T, V>(result: Result<T, ServerFnError>, render: impl FnOnce(T) -> V) -> AnyView
where
    V: IntoView + 'static,
{
    match result {
        Ok(value) => render(value).into_any(),
        Err(error) => view! {
            <div class="alert alert-error" role="alert">{error_text(&error)}</div>
        }
        .into_any(),
    }
}
