//! Which language a request is answered in: the walker's own choice (the switch's cookie), else
//! the best match in their browser's `Accept-Language`, else English.

use crate::domain::Language;
use axum::http::{header, HeaderMap};
use tower_sessions::cookie::{Cookie, SameSite};

/// The switch's cookie. It holds a language code and nothing else, so it is readable by
/// scripts and not `Secure`-only: it carries no secret, and a walker's choice should hold
/// whichever way they reach the site.
pub const COOKIE: &str = "pawpass_lang";
/// A choice is remembered for a year.
const REMEMBER_SECONDS: i64 = 365 * 24 * 60 * 60;

/// The language to answer this request in.
pub fn preferred(headers: &HeaderMap) -> Language {
    chosen(headers)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(Language::from_accept_language)
        })
        .unwrap_or_default()
}

/// The language the walker picked with the switch, if they did.
fn chosen(headers: &HeaderMap) -> Option<Language> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == COOKIE)
        .and_then(|cookie| Language::parse(cookie.value()))
}

/// The `Set-Cookie` value that remembers `language`.
pub fn remember(language: Language) -> String {
    Cookie::build((COOKIE, language.code()))
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(REMEMBER_SECONDS))
        .build()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn the_switch_wins_over_the_browser() {
        let h = headers(&[
            (header::ACCEPT_LANGUAGE, "en-US,en;q=0.9"),
            (header::COOKIE, "id=abc; pawpass_lang=es"),
        ]);
        assert_eq!(preferred(&h), Language::Es);
    }

    #[test]
    fn without_a_choice_the_browser_decides_then_english() {
        let h = headers(&[(header::ACCEPT_LANGUAGE, "es-MX,es;q=0.9")]);
        assert_eq!(preferred(&h), Language::Es);
        let h = headers(&[
            (header::ACCEPT_LANGUAGE, "fr"),
            (header::COOKIE, "pawpass_lang=klingon"),
        ]);
        assert_eq!(preferred(&h), Language::En);
    }

    #[test]
    fn the_cookie_is_site_wide_and_long_lived() {
        let value = remember(Language::Es);
        assert!(value.starts_with("pawpass_lang=es"), "{value}");
        assert!(value.contains("Path=/"), "{value}");
        assert!(value.contains("SameSite=Lax"), "{value}");
        assert!(value.contains("Max-Age=31536000"), "{value}");
    }
}
