//! The operators' list view as it lives in the URL query: filters, search, sort and a keyset
//! cursor. Parsed once, with plain-words errors; rendered back into links.

pub use super::list_error::{ListQueryError, MAX_PAGE_SIZE, MAX_SEARCH_CHARS};
pub use super::list_sort::{Cursor, Direction, Page, SortKey, SortValue};
use super::status::VerificationStatus;
use serde::{Deserialize, Serialize};

pub const DEFAULT_PAGE_SIZE: i64 = 50;

/// Every status an operator can filter on, in lifecycle order.
pub const FILTER_STATUSES: [VerificationStatus; 9] = [
    VerificationStatus::NotStarted,
    VerificationStatus::Created,
    VerificationStatus::Pending,
    VerificationStatus::Expired,
    VerificationStatus::Completed,
    VerificationStatus::Failed,
    VerificationStatus::NeedsReview,
    VerificationStatus::Approved,
    VerificationStatus::Declined,
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub statuses: Vec<VerificationStatus>,
    /// The id under which the operator's session keeps this view's search.
    pub search_id: Option<String>,
    /// The search itself, trimmed, as typed (ids are case-sensitive), once read from the
    /// session. Never written into a URL.
    pub search: Option<String>,
    pub sort: SortKey,
    pub direction: Direction,
    pub page: Page,
    pub size: i64,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            statuses: Vec::new(),
            search_id: None,
            search: None,
            sort: SortKey::SignedUp,
            direction: Direction::Descending,
            page: Page::First,
            size: DEFAULT_PAGE_SIZE,
        }
    }
}

/// What an operator typed into the search box: trimmed, `None` when empty.
pub fn parse_search(raw: &str) -> Result<Option<String>, ListQueryError> {
    let text = raw.trim();
    if text.chars().count() > MAX_SEARCH_CHARS {
        return Err(ListQueryError::SearchTooLong);
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// Search ids are made by [`crate::web`]'s search handler: short, random, alphanumeric.
fn is_search_id(value: &str) -> bool {
    (1..=32).contains(&value.len()) && value.chars().all(|c| c.is_ascii_alphanumeric())
}

impl ListQuery {
    /// Parses `status=…` (repeatable or comma-separated), `search` (an id), `sort`, `dir`,
    /// `after`, `before` and `size`. Unknown keys are ignored, so links can carry more later.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, ListQueryError> {
        let mut query = Self::default();
        let (mut dir, mut after, mut before) = (None, None, None);
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "status" => {
                    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                        let status = VerificationStatus::parse(part);
                        if !FILTER_STATUSES.contains(&status) {
                            return Err(ListQueryError::UnknownStatus(part.to_owned()));
                        }
                        if !query.statuses.contains(&status) {
                            query.statuses.push(status);
                        }
                    }
                }
                "search" if !value.is_empty() => {
                    if !is_search_id(value) {
                        return Err(ListQueryError::SearchForgotten);
                    }
                    query.search_id = Some(value.to_owned());
                }
                "sort" if !value.is_empty() => {
                    query.sort = match value {
                        "signed_up" => SortKey::SignedUp,
                        "changed" => SortKey::Changed,
                        "name" => SortKey::Name,
                        _ => return Err(ListQueryError::UnknownSort),
                    }
                }
                "dir" if !value.is_empty() => {
                    dir = Some(match value {
                        "asc" => Direction::Ascending,
                        "desc" => Direction::Descending,
                        _ => return Err(ListQueryError::UnknownDirection),
                    })
                }
                "size" if !value.is_empty() => {
                    query.size = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
                        .ok_or(ListQueryError::BadSize)?;
                }
                "after" if !value.is_empty() => after = Some(value.to_owned()),
                "before" if !value.is_empty() => before = Some(value.to_owned()),
                _ => {}
            }
        }
        query.statuses.sort_by_key(|s| s.rank());
        query.direction = dir.unwrap_or(query.sort.default_direction());
        query.page = match (after, before) {
            (Some(raw), _) => Page::After(Cursor::decode(&raw, query.sort)?),
            (None, Some(raw)) => Page::Before(Cursor::decode(&raw, query.sort)?),
            (None, None) => Page::First,
        };
        Ok(query)
    }

    /// The view without its page position, as query pairs (what a bookmark keeps).
    pub fn view_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        for status in &self.statuses {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(id) = &self.search_id {
            pairs.push(("search", id.clone()));
        }
        if self.sort != SortKey::SignedUp {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.direction != self.sort.default_direction() {
            pairs.push(("dir", self.direction.as_str().to_owned()));
        }
        if self.size != DEFAULT_PAGE_SIZE {
            pairs.push(("size", self.size.to_string()));
        }
        pairs
    }

    /// The same view at another page position, as a URL query string (without `?`).
    pub fn query_string(&self, page: &Page) -> String {
        let mut pairs = self.view_pairs();
        match page {
            Page::First => {}
            Page::After(c) => pairs.push(("after", c.encode())),
            Page::Before(c) => pairs.push(("before", c.encode())),
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_may_repeat_or_be_comma_separated() {
        let q = ListQuery::parse([("status", "approved,needs_review"), ("status", "approved")])
            .expect("parses");
        assert_eq!(
            q.statuses,
            vec![
                VerificationStatus::NeedsReview,
                VerificationStatus::Approved
            ]
        );
    }

    #[test]
    fn unknown_values_are_refused_in_words() {
        assert_eq!(
            ListQuery::parse([("status", "bogus")]),
            Err(ListQueryError::UnknownStatus("bogus".into()))
        );
        assert_eq!(
            ListQuery::parse([("sort", "age")]),
            Err(ListQueryError::UnknownSort)
        );
        assert_eq!(
            ListQuery::parse([("after", "nodot")]),
            Err(ListQueryError::BadCursor)
        );
    }

    #[test]
    fn a_view_round_trips_through_its_query_string() {
        let q = ListQuery::parse([
            ("status", "declined"),
            ("search", "k3J9x"),
            ("sort", "name"),
            ("dir", "desc"),
            ("after", "usr_1"),
        ])
        .expect("parses");
        let text = q.query_string(&q.page);
        let decoded: Vec<(String, String)> = url::form_urlencoded::parse(text.as_bytes())
            .into_owned()
            .collect();
        let again = ListQuery::parse(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .expect("parses again");
        assert_eq!(again, q);
    }

    #[test]
    fn the_search_travels_by_id_only() {
        let mut q = ListQuery::parse([("search", "k3J9x")]).expect("parses");
        q.search = Some("Ann Lee".into());
        assert_eq!(q.query_string(&Page::First), "search=k3J9x");
        assert_eq!(
            ListQuery::parse([("search", "ann@example.com")]),
            Err(ListQueryError::SearchForgotten)
        );
        assert_eq!(parse_search("  "), Ok(None));
        assert_eq!(
            parse_search(&"x".repeat(101)),
            Err(ListQueryError::SearchTooLong)
        );
    }
}
