//! Hosted Flow HTML. Self-contained like a third-party page (inline style, no scripts), usable on
//! a phone and by keyboard, every dynamic value HTML-escaped.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use crate::lifecycle::flow::Verdict;
use crate::model::inquiry::Inquiry;

/// A field the form lets the user edit (named by its template key, which is also the input's
/// name), with its label, input type and autocomplete token.
pub(crate) struct Editable {
    pub name: &'static str,
    label: &'static str,
    input: &'static str,
    autocomplete: &'static str,
}

pub(crate) const EDITABLE: [Editable; 5] = [
    Editable {
        name: "name_first",
        label: "First name",
        input: "text",
        autocomplete: "given-name",
    },
    Editable {
        name: "name_last",
        label: "Last name",
        input: "text",
        autocomplete: "family-name",
    },
    Editable {
        name: "birthdate",
        label: "Birthdate",
        input: "date",
        autocomplete: "bday",
    },
    Editable {
        name: "email_address",
        label: "Email address",
        input: "email",
        autocomplete: "email",
    },
    Editable {
        name: "phone_number",
        label: "Phone number",
        input: "tel",
        autocomplete: "tel",
    },
];

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\
main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.15)}\
@media (max-width:30rem){main{margin:0;border-radius:0;min-height:100vh}}\
h1{font-size:1.375rem;line-height:1.3;margin:.25rem 0 .75rem}\
p{margin:0 0 1rem}\
.sandbox{background:#fef3c7;border:1px solid #d97706;color:#78350f;padding:.5rem .75rem;border-radius:8px;font-size:.875rem}\
.error{background:#fee2e2;border:1px solid #dc2626;color:#7f1d1d;padding:.5rem .75rem;border-radius:8px}\
.field{margin-bottom:1rem}\
label{display:block;font-weight:600;margin-bottom:.25rem}\
.field input{width:100%;padding:.625rem .75rem;border:1px solid #6b7280;border-radius:8px;font:inherit;background:#fff;color:inherit}\
.check{display:flex;align-items:center;gap:.5rem;margin:1.25rem 0}\
.check input{width:1.25rem;height:1.25rem;margin:0}\
.check label{margin:0;font-weight:500}\
button{width:100%;padding:.75rem 1rem;border:0;border-radius:8px;background:#4338ca;color:#fff;font:inherit;font-weight:600;cursor:pointer}\
button:hover{background:#3730a3}\
input:focus-visible,button:focus-visible{outline:3px solid #2563eb;outline-offset:2px}\
.muted{color:#4b5563;font-size:.875rem;margin-top:1.5rem;word-break:break-all}";

const SANDBOX_BANNER: &str =
    "<p class=\"sandbox\" role=\"note\">Sandbox: no real verification is performed</p>";

/// A full page. `body` must already be escaped.
fn page(status: StatusCode, title: &str, body: &str) -> Response {
    page_in("en", status, title, body)
}

/// A full page marked as being in `lang` (a code from Persona's list).
fn page_in(lang: &str, status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\">\
         <title>{title} · Persona emulator</title><style>{STYLE}</style></head>\
         <body><main>{SANDBOX_BANNER}{body}</main></body></html>\n",
        title = text(title),
    );
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    // Pages carry session tokens: keep them out of caches and Referer headers.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"),
    );
    response
}

/// A page with a heading and one paragraph.
pub(crate) fn notice(status: StatusCode, title: &str, message: &str) -> Response {
    let body = format!("<h1>{}</h1><p>{}</p>", text(title), text(message));
    page(status, title, &body)
}

pub(crate) struct FormView<'a> {
    /// The inquiry as it should be shown (with the user's edits after a failed submission).
    pub inquiry: &'a Inquiry,
    pub session_token: &'a str,
    pub redirect_uri: Option<&'a str>,
    /// Whether "Pass verifications" starts checked.
    pub verdict: Verdict,
    pub error: Option<&'a str>,
    /// The flow's `language`, from Persona's list (see `language`).
    pub language: Option<&'static str>,
}

fn hidden(out: &mut String, name: &str, value: &str) {
    out.push_str(&format!(
        "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
        attr(value)
    ));
}

/// The verification form. It posts back to the current URL (no `action`), so it works under any
/// prefix the emulator is mounted at.
pub(crate) fn form(view: FormView<'_>) -> Response {
    let mut body = String::from("<h1>Verify your identity</h1>");
    body.push_str("<p>Check your details, then submit to finish the verification.</p>");
    if let Some(error) = view.error {
        body.push_str(&format!(
            "<p class=\"error\" role=\"alert\">{}</p>",
            text(error)
        ));
    }
    body.push_str("<form method=\"post\">");
    hidden(&mut body, "inquiry-id", &view.inquiry.id);
    hidden(&mut body, "session-token", view.session_token);
    if let Some(uri) = view.redirect_uri {
        hidden(&mut body, "redirect-uri", uri);
    }
    if let Some(language) = view.language {
        hidden(&mut body, "language", language);
    }
    for field in &EDITABLE {
        let value = view.inquiry.field(field.name).unwrap_or_default();
        body.push_str(&format!(
            "<div class=\"field\"><label for=\"f-{name}\">{label}</label>\
             <input id=\"f-{name}\" name=\"{name}\" type=\"{input}\" autocomplete=\"{ac}\" value=\"{value}\"></div>",
            name = field.name,
            label = field.label,
            input = field.input,
            ac = field.autocomplete,
            value = attr(value),
        ));
    }
    let checked = match view.verdict {
        Verdict::Pass => " checked",
        Verdict::Fail => "",
    };
    body.push_str(&format!(
        "<div class=\"check\"><input type=\"checkbox\" id=\"pass\" name=\"pass\" value=\"on\"{checked}>\
         <label for=\"pass\">Pass verifications</label></div>\
         <button type=\"submit\">Submit</button></form>"
    ));
    body.push_str(&format!(
        "<p class=\"muted\">Inquiry {}</p>",
        text(&view.inquiry.id)
    ));
    let status = if view.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let language = view.language.unwrap_or("en-US");
    body.push_str(&format!("<p class=\"muted\">Language: {language}</p>"));
    page_in(language, status, "Verify your identity", &body)
}

/// Shown when the inquiry finished and there is no `redirect-uri` to return to.
pub(crate) fn done(verdict: Verdict) -> Response {
    match verdict {
        Verdict::Pass => notice(
            StatusCode::OK,
            "Verification complete",
            "Thank you. You can close this window now.",
        ),
        Verdict::Fail => notice(
            StatusCode::OK,
            "Verification failed",
            "We could not verify your identity. You can close this window now.",
        ),
    }
}
