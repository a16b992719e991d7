//! Query strings and form bodies of the Hosted Flow, read the way a browser sends them.

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
}
