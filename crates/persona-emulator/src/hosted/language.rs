//! The Hosted Flow's `language` parameter: a BCP 47 code from Persona's list
//! (docs.withpersona.com/languages). Persona shows the flow in that language; without one, or
//! with a code not on the list, it goes by the browser's. The emulator's page is English either
//! way, but it marks itself with the language the flow would speak, so a client can check
//! what its link asked for.

/// Persona's supported codes, as its documentation lists them.
const SUPPORTED: [&str; 41] = [
    "ar-EG", "az", "bg", "bn", "cs", "cy", "da", "de", "el-GR", "en-US", "es-MX", "fi", "fr", "he",
    "hi", "hr", "hu", "hy", "id-ID", "it", "ja", "ko-KR", "lt", "ms", "nl-NL", "no", "pl", "pt-BR",
    "ro", "ru", "sk", "sr", "sv", "ta", "th", "tl", "tr-TR", "uk-UA", "vi", "zh-CN", "zh-TW",
];

/// The language the flow speaks for `requested`, if Persona knows it.
pub(crate) fn flow_language(requested: Option<&str>) -> Option<&'static str> {
    let requested = requested?;
    SUPPORTED
        .into_iter()
        .find(|code| code.eq_ignore_ascii_case(requested))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_codes_on_personas_list_are_taken() {
        assert_eq!(flow_language(Some("es-MX")), Some("es-MX"));
        assert_eq!(flow_language(Some("en-us")), Some("en-US"));
        assert_eq!(flow_language(Some("zh-TW")), Some("zh-TW"));
        assert_eq!(
            flow_language(Some("es")),
            None,
            "Persona lists Spanish only as es-MX"
        );
        assert_eq!(flow_language(Some("klingon")), None);
        assert_eq!(flow_language(None), None);
    }
}
