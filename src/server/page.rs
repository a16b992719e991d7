//! The plain page for answers given outside Leptos's rendering (refusals, errors).

/// A minimal page for errors raised outside Leptos's rendering.
pub fn simple_page(message: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>PawPass</title><link rel=\"stylesheet\" href=\"/pkg/pawpass.css\"></head>\
         <body><main class=\"page\"><div class=\"card\"><h1>PawPass</h1><p>{}</p>\
         <p><a href=\"/\">Back to the start</a></p></div></main></body></html>",
        html_escape::encode_text(message)
    )
}
