//! `GET /inquiries`: filters and cursor pagination (CONTRACT 7.2). Newest first; `page[after]`
//! and `page[before]` are object ids, so pages stay stable while new inquiries arrive. The page
//! helpers are shared with `GET /events`.

use axum::extract::{OriginalUri, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};

use super::errors::ApiError;
use super::members::kebab;
use super::model::Inquiry;
use super::wire::{self, Links, ListDocument};
use super::App;

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

#[derive(Default)]
struct Filters {
    reference_id: Option<String>,
    statuses: Option<Vec<String>>,
    inquiry_ids: Option<Vec<String>>,
    account_ids: Option<Vec<String>>,
    template_ids: Option<Vec<String>>,
    created_start: Option<DateTime<Utc>>,
    created_end: Option<DateTime<Utc>>,
}

fn datetime(name: &str, value: &str) -> Result<DateTime<Utc>, ApiError> {
    DateTime::parse_from_rfc3339(value)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| ApiError::bad_request(format!("{name} must be an ISO 8601 datetime")))
}

fn parse(raw: Option<&str>) -> Result<(Filters, Page), ApiError> {
    let mut f = Filters::default();
    let mut page = Page::default();
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        // Bracketed names may use any key casing (`filter[reference_id]`).
        let name = match key.split_once('[') {
            Some((outer, inner)) => format!("{outer}[{}", kebab(inner)),
            None => key.to_string(),
        };
        match name.as_str() {
            "filter[reference-id]" => f.reference_id = Some(value.to_string()),
            "filter[status]" => f.statuses = Some(split(&value)),
            "filter[inquiry-id]" => f.inquiry_ids = Some(split(&value)),
            "filter[account-id]" => f.account_ids = Some(split(&value)),
            "filter[inquiry-template-id]" => f.template_ids = Some(split(&value)),
            "filter[created-at-start]" => f.created_start = Some(datetime(&name, &value)?),
            "filter[created-at-end]" => f.created_end = Some(datetime(&name, &value)?),
            _ => {}
        }
        page.read(&name, &value)?;
    }
    page.check()?;
    Ok((f, page))
}

fn matches(f: &Filters, inq: &Inquiry) -> bool {
    let listed = |list: &Option<Vec<String>>, value: &str| {
        list.as_ref().is_none_or(|l| l.iter().any(|v| v == value))
    };
    f.reference_id
        .as_ref()
        .is_none_or(|r| inq.reference_id.as_ref() == Some(r))
        && listed(&f.statuses, inq.status.as_str())
        && listed(&f.inquiry_ids, &inq.id)
        && listed(&f.account_ids, &inq.account_id)
        && listed(&f.template_ids, &inq.template_id)
        && f.created_start.is_none_or(|start| inq.created_at >= start)
        && f.created_end.is_none_or(|end| inq.created_at <= end)
}

/// Sort key: newest first, creation order breaking millisecond ties.
fn key(inq: &Inquiry) -> (DateTime<Utc>, u64) {
    (inq.created_at, inq.seq)
}

pub(crate) async fn list(
    State(app): State<App>,
    OriginalUri(original): OriginalUri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (filters, page) = parse(raw.as_deref())?;
    let (mut all, cursor_keys) = app.with(|state, _| {
        let all: Vec<Inquiry> = state
            .inquiries
            .values()
            .filter(|inq| matches(&filters, inq))
            .cloned()
            .collect();
        let keys: Vec<(String, (DateTime<Utc>, u64))> = state
            .inquiries
            .values()
            .map(|i| (i.id.clone(), key(i)))
            .collect();
        (all, keys)
    });
    all.sort_by_key(|inq| std::cmp::Reverse(key(inq)));
    let cursor_key = |id: &str| cursor_keys.iter().find(|(i, _)| i == id).map(|(_, k)| *k);
    // A cursor may be filtered out of the list; its sort key still places the page.
    let (start, end) = page_bounds(&page, all.len(), |cursor| match cursor {
        Cursor::After(id) => cursor_key(id).map(|c| all.partition_point(|inq| key(inq) >= c)),
        Cursor::Before(id) => cursor_key(id).map(|c| all.partition_point(|inq| key(inq) > c)),
    })?;
    let items = &all[start..end];
    let path = original.path();
    let next = match items.last() {
        Some(last) if end < all.len() => Some(link(path, &page.carried, ("page[after]", &last.id))),
        _ => None,
    };
    let prev = match items.first() {
        Some(first) if start > 0 => Some(link(path, &page.carried, ("page[before]", &first.id))),
        _ => None,
    };
    let data = items.iter().map(wire::inquiry).collect();
    Ok(Json(ListDocument {
        data,
        links: Links { prev, next },
    })
    .into_response())
}
