//! Inquiry templates: the fields a template collects and the workflow attached to it. The
//! emulator has one, a sandbox KYC template.

/// One field a template collects, with Persona's field `type`.
#[derive(Debug)]
pub(crate) struct FieldDef {
    pub name: &'static str,
    pub kind: &'static str,
}

const fn field(name: &'static str, kind: &'static str) -> FieldDef {
    FieldDef { name, kind }
}

/// The fields of the built-in KYC template, in the order Persona lists them, under the template's
/// own keys: since API version 2025-10-27 these are taken and shown exactly as they are.
pub(crate) static KYC_FIELDS: [FieldDef; 13] = [
    field("name_first", "string"),
    field("name_middle", "string"),
    field("name_last", "string"),
    field("birthdate", "date"),
    field("email_address", "string"),
    field("phone_number", "string"),
    field("address_street_1", "string"),
    field("address_street_2", "string"),
    field("address_city", "string"),
    field("address_subdivision", "string"),
    field("address_postal_code", "string"),
    field("address_country_code", "string"),
    field("identification_number", "string"),
];

/// `name-first`, `nameFirst`, `addressStreet1` -> `name_first`, `address_street_1`: a key in
/// any of Persona's inflections back to a template key. A digit after a letter starts a word,
/// because camel-casing `address_street_1` loses the separator before the `1`.
pub(crate) fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut previous: Option<char> = None;
    for c in key.chars() {
        let starts_word = match c {
            '-' | '_' => {
                out.push('_');
                previous = Some('_');
                continue;
            }
            c if c.is_ascii_uppercase() => previous.is_some_and(|p| p != '_'),
            c if c.is_ascii_digit() => previous.is_some_and(|p| p.is_ascii_alphabetic()),
            _ => false,
        };
        if starts_word {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
        previous = Some(c);
    }
    out
}

/// The KYC field a key names in any casing (stored data of older emulators used kebab-case).
pub(crate) fn kyc_field_in_any_casing(key: &str) -> Option<&'static FieldDef> {
    let key = snake_case(key);
    KYC_FIELDS.iter().find(|f| f.name == key)
}

/// An inquiry template plus the workflow behaviour attached to it.
#[derive(Debug)]
pub(crate) struct Template {
    pub id: String,
    pub version_id: String,
    pub fields: &'static [FieldDef],
    /// Sandbox "KYC" solutions ship a workflow that approves on completion (CONTRACT 11).
    pub auto_approve_on_complete: bool,
    /// How long after completion the workflow approves (`EmulatorOptions::approve_after`).
    pub approve_after: chrono::Duration,
}

impl Template {
    pub(crate) fn kyc(id: &str, approve_after: chrono::Duration) -> Self {
        let suffix = id.strip_prefix("itmpl_").unwrap_or(id);
        Template {
            id: id.to_owned(),
            version_id: format!("itmplv_{suffix}"),
            fields: &KYC_FIELDS,
            auto_approve_on_complete: true,
            approve_after,
        }
    }

    /// The field with exactly this key, as API versions since 2025-10-27 require.
    pub(crate) fn field(&self, key: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.name == key)
    }

    /// The field a key names in any casing (`name-first`, `name_first`, `nameFirst`), as older
    /// API versions and Hosted Flow prefills take them.
    pub(crate) fn field_in_any_casing(&self, key: &str) -> Option<&'static FieldDef> {
        self.field(&snake_case(key))
    }
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn every_inflection_maps_back_to_the_template_key() {
        for key in [
            "address_street_1",
            "address-street-1",
            "addressStreet1",
            "address_street1",
        ] {
            assert_eq!(snake_case(key), "address_street_1", "{key}");
        }
        for key in ["name_first", "name-first", "nameFirst", "NameFirst"] {
            assert_eq!(snake_case(key), "name_first", "{key}");
        }
        assert_eq!(snake_case("birthdate"), "birthdate");
    }
}
