//! The languages PawPass speaks to walkers, and how one is chosen from what a browser sends.

use serde::{Deserialize, Serialize};

/// A language with complete catalogues (`locales/<code>/`). English is the fallback.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Es,
}

impl Language {
    pub const ALL: [Language; 2] = [Self::En, Self::Es];

    /// The BCP 47 primary language subtag: `<html lang>`, the catalogue's directory, the
    /// cookie and the database keep this.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
        }
    }

    /// A language by its code, case-insensitively, region ignored (`es-MX` is Spanish).
    pub fn parse(raw: &str) -> Option<Self> {
        let primary = raw.trim().split(['-', '_']).next().unwrap_or_default();
        Self::ALL
            .into_iter()
            .find(|language| language.code().eq_ignore_ascii_case(primary))
    }

    /// The language's own name, as the switch offers it to someone who reads it.
    pub fn endonym(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Es => "Español",
        }
    }

    /// The `language` of Persona's Hosted Flow: one of the codes on Persona's list
    /// (docs.withpersona.com/languages), which names Spanish only as `es-MX`.
    pub fn persona_code(self) -> &'static str {
        match self {
            Self::En => "en-US",
            Self::Es => "es-MX",
        }
    }

    /// The best language for an `Accept-Language` header (RFC 9110 §12.5.4): the supported
    /// range with the highest weight, the earlier one on a tie; `None` when none is supported.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(Self, u16)> = None;
        // A browser sends a handful of ranges; a header of hundreds is not one to rank.
        for range in header.split(',').take(32) {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or_default();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), quality)
                .unwrap_or(0);
            if let Some(language) = Self::parse(tag).filter(|_| weight > 0) {
                if best.is_none_or(|(_, w)| weight > w) {
                    best = Some((language, weight));
                }
            }
        }
        best.map(|(language, _)| language)
    }
}

/// A `q` value in thousandths (`0.8` is 800), or `None` if it is not one.
fn quality(raw: &str) -> Option<u16> {
    let value: f32 = raw.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_back_whatever_the_region_or_case() {
        for language in Language::ALL {
            assert_eq!(Language::parse(language.code()), Some(language));
        }
        assert_eq!(Language::parse("es-MX"), Some(Language::Es));
        assert_eq!(Language::parse("ES_us"), Some(Language::Es));
        assert_eq!(Language::parse("fr"), None);
        assert_eq!(Language::parse(""), None);
    }

    #[test]
    fn accept_language_picks_the_heaviest_supported_range() {
        let pick = Language::from_accept_language;
        assert_eq!(pick("es-US,es;q=0.9,en;q=0.8"), Some(Language::Es));
        assert_eq!(pick("fr-FR,fr;q=0.9,es;q=0.5,en;q=0.7"), Some(Language::En));
        assert_eq!(pick("en;q=0.2, es"), Some(Language::Es));
        assert_eq!(pick("es;q=0, en;q=0.1"), Some(Language::En));
        assert_eq!(pick("de, fr"), None);
        assert_eq!(
            pick("es;q=nonsense"),
            None,
            "a malformed weight counts as zero"
        );
        assert_eq!(pick(""), None);
    }

    #[test]
    fn persona_gets_codes_from_its_own_list() {
        assert_eq!(Language::En.persona_code(), "en-US");
        assert_eq!(Language::Es.persona_code(), "es-MX");
    }
}
