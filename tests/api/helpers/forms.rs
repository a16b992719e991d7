//! The signup form, and reading pages and redirects as a browser would.

use reqwest::Response;
use std::collections::HashMap;

/// The signup form's fields, valid by default.
#[derive(Clone, Debug)]
pub struct SignupForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub birthdate: String,
    pub phone: String,
}

impl SignupForm {
    pub fn valid(email: &str) -> Self {
        Self {
            first_name: "Alexander".into(),
            last_name: "Sample".into(),
            email: email.into(),
            birthdate: "1977-08-31".into(),
            phone: "+14155550123".into(),
        }
    }

    pub fn pairs(&self) -> Vec<(&str, &str)> {
        vec![
            ("first_name", self.first_name.as_str()),
            ("last_name", self.last_name.as_str()),
            ("email", self.email.as_str()),
            ("birthdate", self.birthdate.as_str()),
            ("phone", self.phone.as_str()),
        ]
    }
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("a Location header")
        .to_owned()
}

pub fn query_of(url: &str) -> HashMap<String, String> {
    reqwest::Url::parse(url)
        .expect("absolute URL")
        .query_pairs()
        .into_owned()
        .collect()
}

/// The `name`/`value` pairs of a page's `<input>` elements, like a browser would submit.
/// (Checkboxes are included only when `checked`.)
pub fn form_inputs(html: &str) -> Vec<(String, String)> {
    let mut inputs = Vec::new();
    for tag in html.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let attr = |name: &str| {
            let needle = format!("{name}=\"");
            tag.find(&needle).map(|start| {
                let rest = &tag[start + needle.len()..];
                html_unescape(&rest[..rest.find('"').unwrap_or(rest.len())])
            })
        };
        let Some(name) = attr("name") else { continue };
        let is_checkbox = attr("type").as_deref() == Some("checkbox");
        if is_checkbox && !tag.contains("checked") {
            continue;
        }
        inputs.push((name, attr("value").unwrap_or_else(|| "on".into())));
    }
    inputs
}

/// Page text as a person reads it (entities decoded).
pub fn html_unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The hidden form token on an admin page.
pub fn csrf_token(html: &str) -> String {
    form_inputs(html)
        .into_iter()
        .find(|(name, _)| name == "csrf_token")
        .map(|(_, value)| value)
        .expect("a csrf_token field on the page")
}
