//! Walker-facing words in the walker's language, from the Fluent catalogues in
//! `locales/<code>/*.ftl` (compiled into the binary). The operators' console stays English.

use crate::domain::Language;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

fluent_templates::static_loader! {
    static CATALOGUES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: names go into HTML and mail as typed.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static IDS: LazyLock<[LanguageIdentifier; 2]> = LazyLock::new(|| {
    Language::ALL.map(|language| {
        language
            .code()
            .parse()
            .unwrap_or_else(|_| LanguageIdentifier::default())
    })
});

fn id(language: Language) -> &'static LanguageIdentifier {
    &IDS[language as usize]
}

/// The message `key` in `language`. A key missing from a catalogue falls back to English, and
/// one missing from both shows as itself (`tests/catalogues.rs` keeps both complete).
pub fn t(language: Language, key: &str) -> String {
    CATALOGUES
        .try_lookup(id(language), key)
        .unwrap_or_else(|| key.to_owned())
}

/// The message `key` in `language` with its `{ $name }` arguments filled in.
pub fn t_with(language: Language, key: &str, args: &[(&'static str, &str)]) -> String {
    let args = args
        .iter()
        .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(*value)));
    lookup_with(language, key, args.collect())
}

/// The message `key` in `language` for a number of things (`$count`), in the plural form the
/// language uses for it.
pub fn t_count(language: Language, key: &str, count: u64) -> String {
    lookup_with(
        language,
        key,
        HashMap::from([(Cow::Borrowed("count"), FluentValue::from(count))]),
    )
}

fn lookup_with(
    language: Language,
    key: &str,
    args: HashMap<Cow<'static, str>, FluentValue<'_>>,
) -> String {
    CATALOGUES
        .try_lookup_with_args(id(language), key, &args)
        .unwrap_or_else(|| key.to_owned())
}
