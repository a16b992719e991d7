//! The walker's words come from `locales/<language>/*.ftl`. Both languages must say everything:
//! a message missing in one would show a walker English in the middle of Spanish, or the raw
//! key. These tests read the catalogues as Fluent parses them, and the keys as the code uses them.

use pawpass::domain::{FieldProblem, Language, MailKind, VerificationStatus};
use pawpass::i18n::t;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each catalogue file's messages, with the variables each one uses.
fn messages(language: &str) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let dir = Path::new("locales").join(language);
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("a catalogue directory") {
        let path = entry.expect("an entry").path();
        let source = std::fs::read_to_string(&path).expect("readable");
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", path.display()));
        let mut found = BTreeMap::new();
        for entry in resource.body {
            if let fluent_syntax::ast::Entry::Message(message) = entry {
                let pattern = format!("{:?}", message.value);
                let variables = pattern
                    .split("VariableReference { id: Identifier { name: \"")
                    .skip(1)
                    .filter_map(|rest| rest.split('"').next())
                    .map(str::to_owned)
                    .collect();
                found.insert(message.id.name.to_owned(), variables);
            }
        }
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        files.insert(name, found);
    }
    files
}

#[test]
fn spanish_says_everything_english_says_with_the_same_variables() {
    let english = messages("en");
    let spanish = messages("es");
    assert_eq!(
        english.keys().collect::<Vec<_>>(),
        spanish.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (file, messages) in &english {
        let other = &spanish[file];
        let missing: Vec<_> = messages
            .keys()
            .filter(|k| !other.contains_key(*k))
            .collect();
        let extra: Vec<_> = other
            .keys()
            .filter(|k| !messages.contains_key(*k))
            .collect();
        assert!(missing.is_empty(), "missing in es/{file}: {missing:?}");
        assert!(extra.is_empty(), "only in es/{file}: {extra:?}");
        for (key, variables) in messages {
            assert_eq!(variables, &other[key], "{file}: {key} uses other variables");
        }
    }
}

/// Every key the code names literally: the first string argument of the lookups and of the
/// plain pages.
fn keys_in_code() -> BTreeSet<String> {
    let call = regex::Regex::new(
        r#"\b(?:t|t_with|t_count|plain|plain_counted)\(\s*[^,()"]+,\s*"([a-z0-9_-]+)""#,
    )
    .expect("a pattern");
    let mut keys = BTreeSet::new();
    let mut dirs = vec![Path::new("src").to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a source directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).expect("readable");
                keys.extend(call.captures_iter(&source).map(|c| c[1].to_owned()));
            }
        }
    }
    keys
}

#[test]
fn every_key_the_code_uses_is_in_both_languages() {
    let mut keys = keys_in_code();
    assert!(
        keys.len() > 70,
        "the scan finds the pages' keys: {}",
        keys.len()
    );
    // Keys the code builds from a value.
    keys.extend(FieldProblem::ALL.map(|problem| problem.key().to_owned()));
    for status in [
        "not_started",
        "created",
        "pending",
        "completed",
        "needs_review",
        "approved",
        "declined",
        "failed",
        "expired",
    ] {
        assert!(
            !matches!(
                VerificationStatus::parse(status),
                VerificationStatus::Unknown(_)
            ),
            "{status} is a status"
        );
        keys.insert(format!("status-{status}"));
    }
    for kind in MailKind::ALL {
        for part in ["subject", "1", "2", "button"] {
            keys.insert(format!("mail-{}-{part}", kind.as_str().replace('_', "-")));
        }
    }
    for language in Language::ALL {
        let known: BTreeSet<String> = messages(language.code())
            .into_values()
            .flat_map(BTreeMap::into_keys)
            .collect();
        let missing: Vec<_> = keys.difference(&known).collect();
        assert!(missing.is_empty(), "{language:?} lacks {missing:?}");
    }
}

#[test]
fn a_missing_key_shows_as_itself_rather_than_failing_the_page() {
    assert_eq!(t(Language::Es, "no-such-key"), "no-such-key");
}
