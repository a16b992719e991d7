//! `GET /dev/mail`: the development outbox, served only in development without `SMTP_URL`
//! (beside the built-in emulator under `/persona`). It shows what walkers would have received,
//! links included, so the whole journey works offline.

use super::WebError;
use crate::server::AppState;
use axum::extract::State;
use axum::response::Html;
use html_escape::{encode_double_quoted_attribute, encode_text};

/// The newest messages shown.
const SHOWN: i64 = 50;

pub async fn dev_mail(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let messages = state
        .onboarding
        .dev_outbox(SHOWN)
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    let mut items = String::new();
    for message in &messages {
        let sent = chrono::DateTime::from_timestamp_millis(message.delivered_at)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_default();
        items.push_str(&format!(
            "<li class=\"card dev-mail\"><h2>{}</h2><p class=\"muted\">To {} · {}</p>\
             <pre class=\"dev-mail-body\">{}</pre></li>",
            encode_text(&message.subject),
            encode_text(&message.to_address),
            sent,
            with_links(&message.text_body),
        ));
    }
    if messages.is_empty() {
        items.push_str(
            "<li class=\"card\"><p>No mail yet. Messages to walkers appear here.</p></li>",
        );
    }
    Ok(Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Development outbox · PawPass</title>\
         <link rel=\"stylesheet\" href=\"/pkg/pawpass.css\"></head><body><main class=\"page\">\
         <h1>Development outbox</h1><p>Mail PawPass would have sent, newest first. This page \
         exists only in development without <code>SMTP_URL</code>. <a href=\"/dev/mail\">Reload</a> \
         to see new mail.</p><ol class=\"dev-mail-list\" aria-label=\"Messages\">{items}</ol>\
         </main></body></html>"
    )))
}

/// The text with every http(s) address made a link.
fn with_links(text: &str) -> String {
    let mut html = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            html.push('\n');
        }
        let words: Vec<String> = line
            .split(' ')
            .map(|word| {
                if word.starts_with("http://") || word.starts_with("https://") {
                    format!(
                        "<a href=\"{}\">{}</a>",
                        encode_double_quoted_attribute(word),
                        encode_text(word)
                    )
                } else {
                    encode_text(word).into_owned()
                }
            })
            .collect();
        html.push_str(&words.join(" "));
    }
    html
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_become_links_and_the_rest_is_escaped() {
        assert_eq!(
            super::with_links("Go: http://x/continue/a1 <b>\nbye"),
            "Go: <a href=\"http://x/continue/a1\">http://x/continue/a1</a> &lt;b&gt;\nbye"
        );
    }
}
