//! Query strings and form bodies of the Hosted Flow, read the way a browser sends them.

use crate::model::inquiry::Inquiry;
use crate::model::template::{snake_case, Template};

/// Form or query pairs; the first occurrence of a name wins.
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub(crate) fn parse(bytes: &[u8]) -> Self {
        Params(url::form_urlencoded::parse(bytes).into_owned().collect())
    }

    /// The value as sent, blank or not.
    pub(crate) fn raw(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A value that is present and not blank.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.raw(name).map(str::trim).filter(|v| !v.is_empty())
    }

    /// A form value sent under a template field key in any casing (`name_first`, or the
    /// `name-first` scripted clients of older emulators post).
    pub(crate) fn field(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| snake_case(k) == key)
            .map(|(_, v)| v.as_str())
    }

    /// Applies `fields[<key>]=value` prefills (Persona's docs write `fields[name-first]=Jane`)
    /// to what the form shows. They are client-side, so any casing names a field; blank values
    /// and keys the template does not define are ignored.
    pub(crate) fn prefill(&self, inquiry: &mut Inquiry, template: &Template) {
        for (name, value) in &self.0 {
            let key = name
                .strip_prefix("fields[")
                .and_then(|k| k.strip_suffix(']'));
            let def = key.and_then(|key| template.field_in_any_casing(key));
            let value = value.trim();
            if let (Some(def), false) = (def, value.is_empty()) {
                inquiry.set_field(def.name, Some(value.to_owned()));
            }
        }
    }
}
