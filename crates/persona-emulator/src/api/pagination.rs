//! Cursor pagination shared by `GET /inquiries`, `/accounts` and `/events` (CONTRACT 7.2): `page[size]`,
//! `page[after]` / `page[before]` (object ids, so pages stay stable while new objects arrive)
//! and `links` that carry every other query pair.

use super::members::kebab;
use crate::wire::error::ApiError;
use crate::wire::inquiry::Links;
use chrono::{DateTime, Utc};

const DEFAULT_PAGE_SIZE: usize = 10;
const MAX_PAGE_SIZE: usize = 100;

/// Page parameters plus every other pair, carried into `links`.
pub(crate) struct Page {
    pub carried: Vec<(String, String)>,
    size: usize,
    after: Option<String>,
    before: Option<String>,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            carried: Vec::new(),
            size: DEFAULT_PAGE_SIZE,
            after: None,
            before: None,
        }
    }
}

/// Where a page starts (after an object) or ends (before one).
pub(crate) enum Cursor<'a> {
    After(&'a str),
    Before(&'a str),
}

impl Page {
    /// Takes a page parameter, or carries any other pair into the links.
    pub(crate) fn read(&mut self, name: &str, value: &str) -> Result<(), ApiError> {
        match name {
            "page[after]" => self.after = Some(value.to_owned()),
            "page[before]" => self.before = Some(value.to_owned()),
            "page[size]" => {
                self.size = value
                    .parse()
                    .ok()
                    .filter(|size| (1..=MAX_PAGE_SIZE).contains(size))
                    .ok_or_else(|| {
                        ApiError::bad_request("page[size] must be an integer from 1 to 100")
                    })?;
            }
            _ => {}
        }
        if name != "page[after]" && name != "page[before]" {
            self.carried.push((name.to_owned(), value.to_owned()));
        }
        Ok(())
    }

    pub(crate) fn check(&self) -> Result<(), ApiError> {
        if self.after.is_some() && self.before.is_some() {
            return Err(ApiError::bad_request(
                "Pass only one of page[after] and page[before]",
            ));
        }
        Ok(())
    }
}

/// `start..end` of the page inside a newest-first list of `len` items. `locate` maps a cursor
/// to the index where the page starts (after) or ends (before).
pub(crate) fn page_bounds(
    page: &Page,
    len: usize,
    locate: impl Fn(Cursor<'_>) -> Option<usize>,
) -> Result<(usize, usize), ApiError> {
    let unknown =
        |id: &str| ApiError::bad_request(format!("No object with id '{id}' to paginate from"));
    Ok(match (&page.after, &page.before) {
        (Some(after), _) => {
            let start = locate(Cursor::After(after)).ok_or_else(|| unknown(after))?;
            (start, (start + page.size).min(len))
        }
        (_, Some(before)) => {
            let end = locate(Cursor::Before(before)).ok_or_else(|| unknown(before))?;
            (end.saturating_sub(page.size), end)
        }
        _ => (0, page.size.min(len)),
    })
}

/// Where an object sorts in a list: newest first, creation order breaking millisecond ties.
pub(crate) type SortKey = (DateTime<Utc>, u64);

/// An object a newest-first list pages through by its id.
pub(crate) trait Listed {
    fn id(&self) -> &str;
    fn sort_key(&self) -> SortKey;
}

/// The page of `matching` that `page` asks for, newest first, with its `prev`/`next` links.
/// `every_key` holds the key of every object, filtered out or not: a cursor may name one the
/// filters leave out, and its key still places the page.
pub(crate) fn newest_first<T: Listed>(
    mut matching: Vec<T>,
    every_key: &[(String, SortKey)],
    page: &Page,
    path: &str,
) -> Result<(Vec<T>, Links), ApiError> {
    matching.sort_by_key(|item| std::cmp::Reverse(item.sort_key()));
    let cursor_key = |id: &str| every_key.iter().find(|(i, _)| i == id).map(|(_, k)| *k);
    let (start, end) = page_bounds(page, matching.len(), |cursor| match cursor {
        Cursor::After(id) => {
            cursor_key(id).map(|c| matching.partition_point(|item| item.sort_key() >= c))
        }
        Cursor::Before(id) => {
            cursor_key(id).map(|c| matching.partition_point(|item| item.sort_key() > c))
        }
    })?;
    let more_after = end < matching.len();
    let items: Vec<T> = matching.drain(start..end).collect();
    let next = match items.last() {
        Some(last) if more_after => Some(link(path, &page.carried, ("page[after]", last.id()))),
        _ => None,
    };
    let prev = match items.first() {
        Some(first) if start > 0 => Some(link(path, &page.carried, ("page[before]", first.id()))),
        _ => None,
    };
    Ok((items, Links { prev, next }))
}

/// A comma-separated filter value as its items.
pub(crate) fn split(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A root-relative link with the carried pairs plus one cursor, keys sorted like Persona's.
pub(crate) fn link(path: &str, carried: &[(String, String)], cursor: (&str, &str)) -> String {
    let mut pairs: Vec<(&str, &str)> = carried
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    pairs.push(cursor);
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{path}?{encoded}")
}

/// The query's pairs, bracketed names in kebab case whatever casing was sent
/// (`filter[reference_id]` is `filter[reference-id]`).
pub(crate) fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .map(|(key, value)| {
            let name = match key.split_once('[') {
                Some((outer, inner)) => format!("{outer}[{}", kebab(inner)),
                None => key.to_string(),
            };
            (name, value.into_owned())
        })
        .collect()
}

/// A `filter[…]` the list does not have: Persona's filter schemas are
/// `additionalProperties: false`, so it is refused rather than ignored.
pub(crate) fn unknown_filter(name: &str) -> ApiError {
    ApiError::bad_request(format!("{name} is not a valid filter for this list"))
}
