//! Masked forms of personal values, for screens where operators rarely need them in full.

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

#[cfg(test)]
mod tests {
    #[test]
    fn masks_keep_only_what_identifies_little() {
        assert_eq!(super::birthdate("1977-08-31"), "1977-**-**");
        assert_eq!(super::birthdate(""), "");
        assert_eq!(super::phone("+14155550123"), "+1415•••0123");
        assert_eq!(super::phone("+4420"), "•••••");
    }
}
