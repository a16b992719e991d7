//! `GET /inquiries`: filters and cursor pagination (CONTRACT 7.2). Newest first; `page[after]`
//! and `page[before]` are inquiry ids, so pages stay stable while new inquiries arrive.

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

#[derive(Default)]
struct Query {
    /// Every pair except the page cursors, to carry the filters into `links`.
    carried: Vec<(String, String)>,
    reference_id: Option<String>,
    statuses: Option<Vec<String>>,
    inquiry_ids: Option<Vec<String>>,
    account_ids: Option<Vec<String>>,
    template_ids: Option<Vec<String>>,
    created_start: Option<DateTime<Utc>>,
    created_end: Option<DateTime<Utc>>,
    size: usize,
    after: Option<String>,
    before: Option<String>,
}

fn split(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

fn datetime(name: &str, value: &str) -> Result<DateTime<Utc>, ApiError> {
    DateTime::parse_from_rfc3339(value)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| ApiError::bad_request(format!("{name} must be an ISO 8601 datetime")))
}

fn parse(raw: Option<&str>) -> Result<Query, ApiError> {
    let mut query = Query {
        size: DEFAULT_PAGE_SIZE,
        ..Query::default()
    };
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        // Bracketed names may use any key casing (`filter[reference_id]`).
        let name = match key.split_once('[') {
            Some((outer, inner)) => format!("{outer}[{}", kebab(inner)),
            None => key.to_string(),
        };
        match name.as_str() {
            "page[after]" => query.after = Some(value.to_string()),
            "page[before]" => query.before = Some(value.to_string()),
            "page[size]" => {
                query.size = value
                    .parse()
                    .ok()
                    .filter(|size| (1..=MAX_PAGE_SIZE).contains(size))
                    .ok_or_else(|| {
                        ApiError::bad_request("page[size] must be an integer from 1 to 100")
                    })?;
            }
            "filter[reference-id]" => query.reference_id = Some(value.to_string()),
            "filter[status]" => query.statuses = Some(split(&value)),
            "filter[inquiry-id]" => query.inquiry_ids = Some(split(&value)),
            "filter[account-id]" => query.account_ids = Some(split(&value)),
            "filter[inquiry-template-id]" => query.template_ids = Some(split(&value)),
            "filter[created-at-start]" => query.created_start = Some(datetime(&name, &value)?),
            "filter[created-at-end]" => query.created_end = Some(datetime(&name, &value)?),
            _ => {}
        }
        if name != "page[after]" && name != "page[before]" {
            query.carried.push((name, value.to_string()));
        }
    }
    if query.after.is_some() && query.before.is_some() {
        return Err(ApiError::bad_request(
            "Pass only one of page[after] and page[before]",
        ));
    }
    Ok(query)
}

fn matches(query: &Query, inq: &Inquiry) -> bool {
    let listed = |list: &Option<Vec<String>>, value: &str| {
        list.as_ref().is_none_or(|l| l.iter().any(|v| v == value))
    };
    query
        .reference_id
        .as_ref()
        .is_none_or(|r| inq.reference_id.as_ref() == Some(r))
        && listed(&query.statuses, inq.status.as_str())
        && listed(&query.inquiry_ids, &inq.id)
        && listed(&query.account_ids, &inq.account_id)
        && listed(&query.template_ids, &inq.template_id)
        && query
            .created_start
            .is_none_or(|start| inq.created_at >= start)
        && query.created_end.is_none_or(|end| inq.created_at <= end)
}

/// Sort key: newest first, creation order breaking millisecond ties.
fn key(inq: &Inquiry) -> (DateTime<Utc>, u64) {
    (inq.created_at, inq.seq)
}

/// A root-relative link to this endpoint with the filters plus one cursor, keys sorted like
/// Persona's (`filter%5Bstatus%5D=…&page%5Bafter%5D=…`).
fn link(path: &str, query: &Query, cursor: (&str, &str)) -> String {
    let mut pairs: Vec<(&str, &str)> = query
        .carried
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

pub(crate) async fn list(
    State(app): State<App>,
    OriginalUri(original): OriginalUri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = parse(raw.as_deref())?;
    let mut all: Vec<Inquiry> = app.with(|state, _| {
        state
            .inquiries
            .values()
            .filter(|inq| matches(&query, inq))
            .cloned()
            .collect()
    });
    all.sort_by_key(|inq| std::cmp::Reverse(key(inq)));

    let cursor_key = |id: &str| {
        app.with(|state, _| state.inquiries.get(id).map(key))
            .ok_or_else(|| {
                ApiError::bad_request(format!("No inquiry with id '{id}' to paginate from"))
            })
    };
    // `start..end` is the page inside `all`.
    let (start, end) = match (&query.after, &query.before) {
        (Some(after), _) => {
            let cursor = cursor_key(after)?;
            let start = all.partition_point(|inq| key(inq) >= cursor);
            (start, (start + query.size).min(all.len()))
        }
        (_, Some(before)) => {
            let cursor = cursor_key(before)?;
            let end = all.partition_point(|inq| key(inq) > cursor);
            (end.saturating_sub(query.size), end)
        }
        _ => (0, query.size.min(all.len())),
    };
    let page = &all[start..end];
    let path = original.path();
    let next = match page.last() {
        Some(last) if end < all.len() => Some(link(path, &query, ("page[after]", &last.id))),
        _ => None,
    };
    let prev = match page.first() {
        Some(first) if start > 0 => Some(link(path, &query, ("page[before]", &first.id))),
        _ => None,
    };
    let data = page.iter().map(wire::inquiry).collect();
    Ok(Json(ListDocument {
        data,
        links: Links { prev, next },
    })
    .into_response())
}
