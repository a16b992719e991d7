//! `GET /inquiries`: filters and cursor pagination (CONTRACT 7.2). Newest first; `page[after]`
//! and `page[before]` are object ids, so pages stay stable while new inquiries arrive. The
//! filters are the spec's (`list-all-inquiries`); any other `filter[…]` is 400.

use axum::extract::{OriginalUri, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};

use super::pagination::{newest_first, query_pairs, split, unknown_filter, Listed, Page, SortKey};
use crate::emulator::Emulator;
use crate::model::inquiry::Inquiry;
use crate::wire::error::ApiError;
use crate::wire::inquiry::{resource, ListDocument};

#[derive(Default)]
struct Filters {
    reference_id: Option<String>,
    statuses: Option<Vec<String>>,
    inquiry_ids: Option<Vec<String>>,
    account_ids: Option<Vec<String>>,
    template_ids: Option<Vec<String>>,
    /// Legacy `tmpl_` template ids: the emulator has none, so a list of them matches nothing.
    legacy_template_ids: Option<Vec<String>>,
    note: Option<String>,
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
    let mut filters = 0;
    for (name, value) in query_pairs(raw) {
        if name.starts_with("filter[") {
            filters += 1;
        }
        match name.as_str() {
            "filter[reference-id]" => f.reference_id = Some(value.to_string()),
            "filter[status]" => f.statuses = Some(split(&value)),
            "filter[inquiry-id]" => f.inquiry_ids = Some(split(&value)),
            "filter[account-id]" => f.account_ids = Some(split(&value)),
            "filter[inquiry-template-id]" => f.template_ids = Some(split(&value)),
            "filter[created-at-start]" => f.created_start = Some(datetime(&name, &value)?),
            "filter[created-at-end]" => f.created_end = Some(datetime(&name, &value)?),
            "filter[template-id]" => f.legacy_template_ids = Some(split(&value)),
            "filter[note]" => f.note = Some(value.clone()),
            _ if name.starts_with("filter[") => return Err(unknown_filter(&name)),
            _ => {}
        }
        page.read(&name, &value)?;
    }
    if f.note.is_some() && filters > 1 {
        return Err(ApiError::bad_request(
            "filter[note] cannot be combined with other filters",
        ));
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
        && f.account_ids.as_ref().is_none_or(|ids| {
            inq.account_id
                .as_ref()
                .is_some_and(|id| ids.iter().any(|v| v == id))
        })
        && listed(&f.template_ids, &inq.template_id)
        && f.legacy_template_ids.is_none()
        && f.note
            .as_ref()
            .is_none_or(|note| inq.note.as_ref() == Some(note))
        && f.created_start.is_none_or(|start| inq.created_at >= start)
        && f.created_end.is_none_or(|end| inq.created_at <= end)
}

impl Listed for Inquiry {
    fn id(&self) -> &str {
        &self.id
    }

    fn sort_key(&self) -> SortKey {
        (self.created_at, self.seq)
    }
}

pub(crate) async fn list(
    State(emulator): State<Emulator>,
    OriginalUri(original): OriginalUri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (filters, page) = parse(raw.as_deref())?;
    let (matching, every_key) = emulator.with(|state, _| {
        let matching: Vec<Inquiry> = state
            .inquiries
            .values()
            .filter(|inq| matches(&filters, inq))
            .cloned()
            .collect();
        let every_key: Vec<(String, SortKey)> = state
            .inquiries
            .values()
            .map(|inq| (inq.id.clone(), inq.sort_key()))
            .collect();
        (matching, every_key)
    });
    let (items, links) = newest_first(matching, &every_key, &page, original.path())?;
    let data = items.iter().map(resource).collect();
    Ok(Json(ListDocument { data, links }).into_response())
}
