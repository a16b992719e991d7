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

/// The fields of the built-in KYC template, in the order Persona lists them.
pub(crate) static KYC_FIELDS: [FieldDef; 13] = [
    field("name-first", "string"),
    field("name-middle", "string"),
    field("name-last", "string"),
    field("birthdate", "date"),
    field("email-address", "string"),
    field("phone-number", "string"),
    field("address-street-1", "string"),
    field("address-street-2", "string"),
    field("address-city", "string"),
    field("address-subdivision", "string"),
    field("address-postal-code", "string"),
    field("address-country-code", "string"),
    field("identification-number", "string"),
];

/// An inquiry template plus the workflow behaviour attached to it.
#[derive(Debug)]
pub(crate) struct Template {
    pub id: String,
    pub version_id: String,
    pub fields: &'static [FieldDef],
    /// Sandbox "KYC" solutions ship a workflow that approves on completion (CONTRACT 11).
    pub auto_approve_on_complete: bool,
}

impl Template {
    pub(crate) fn kyc(id: &str) -> Self {
        let suffix = id.strip_prefix("itmpl_").unwrap_or(id);
        Template {
            id: id.to_owned(),
            version_id: format!("itmplv_{suffix}"),
            fields: &KYC_FIELDS,
            auto_approve_on_complete: true,
        }
    }

    pub(crate) fn field(&self, name: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }
}
