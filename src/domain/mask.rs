//! Masked forms of personal values, for screens where operators rarely need them in full.

use serde_json::Value;

/// `1977-08-31` → `1977-**-**`: the year is enough to judge age at a glance.
pub fn birthdate(value: &str) -> String {
    match value.split_once('-') {
        Some((year, _)) => format!("{year}-**-**"),
        None if value.is_empty() => String::new(),
        None => "****".to_owned(),
    }
}

/// `+14155550123` → `+1415•••0123`: country and area code, and the last four digits.
pub fn phone(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= 8 {
        return "•".repeat(chars.len());
    }
    let head: String = chars[..5].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}•••{tail}")
}

#[derive(Clone, Copy)]
enum Kind {
    Birthdate,
    Phone,
}

impl Kind {
    /// What a JSON key holds, whatever its inflection (`phone-number`, `phoneNumber`, …).
    fn of_key(key: &str) -> Option<Self> {
        let key = key.replace(['-', '_'], "").to_ascii_lowercase();
        if key.contains("birthdate") || key.contains("dateofbirth") {
            Some(Self::Birthdate)
        } else if key.contains("phone") {
            Some(Self::Phone)
        } else {
            None
        }
    }

    fn mask(self, value: &str) -> String {
        match self {
            Self::Birthdate => birthdate(value),
            Self::Phone => phone(value),
        }
    }
}

/// A Persona event body with birthdates and phones masked: every string under a key naming
/// one (a `fields` entry's `value` too, not its `type`), and the walker's own `birthdate` and
/// `phone` wherever else they appear. A body that is not JSON keeps its text, the walker's
/// values masked.
pub fn payload(body: &str, walker_birthdate: &str, walker_phone: Option<&str>) -> String {
    let known = [
        (Kind::Birthdate, walker_birthdate),
        (Kind::Phone, walker_phone.unwrap_or_default()),
    ];
    match serde_json::from_str::<Value>(body) {
        Ok(mut value) => {
            mask_value(&mut value, None, &known);
            serde_json::to_string_pretty(&value).unwrap_or_default()
        }
        Err(_) => mask_known(body, &known),
    }
}

fn mask_value(value: &mut Value, under: Option<Kind>, known: &[(Kind, &str)]) {
    match value {
        Value::String(text) => {
            *text = match under {
                Some(kind) => kind.mask(text),
                None => mask_known(text, known),
            }
        }
        Value::Array(items) => {
            for item in items {
                mask_value(item, under, known);
            }
        }
        Value::Object(members) => {
            for (key, member) in members.iter_mut() {
                if under.is_some() && key == "type" {
                    continue;
                }
                mask_value(member, Kind::of_key(key).or(under), known);
            }
        }
        _ => {}
    }
}

fn mask_known(text: &str, known: &[(Kind, &str)]) -> String {
    known
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .fold(text.to_owned(), |text, (kind, value)| {
            text.replace(value, &kind.mask(value))
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn payloads_mask_birthdates_and_phones_under_any_key_and_the_walkers_anywhere() {
        let body = r#"{"data":{"attributes":{"birthdate":"1977-08-31","phone-number":"+14155550123",
            "fields":{"birthdate":{"type":"date","value":"1977-08-31"},
            "phoneNumber":{"type":"string","value":"+14155550123"}},
            "note":"born 1977-08-31","name-first":"Alexander"}}}"#;
        let masked = super::payload(body, "1977-08-31", Some("+14155550123"));
        assert!(
            !masked.contains("08-31") && !masked.contains("5550123"),
            "{masked}"
        );
        assert!(masked.contains("1977-**-**") && masked.contains("+1415•••0123"));
        assert!(masked.contains("\"date\"") && masked.contains("Alexander"));
        let text = super::payload("not json 1977-08-31", "1977-08-31", None);
        assert_eq!(text, "not json 1977-**-**");
    }

    #[test]
    fn masks_keep_only_what_identifies_little() {
        assert_eq!(super::birthdate("1977-08-31"), "1977-**-**");
        assert_eq!(super::birthdate(""), "");
        assert_eq!(super::phone("+14155550123"), "+1415•••0123");
        assert_eq!(super::phone("+4420"), "•••••");
    }
}
