//! `GET /admin/export.csv?…`: the list view in the query, every page of it, as CSV. Streamed
//! a keyset page at a time, so 100,000 rows never sit in memory together.

use super::{AppState, WebError};
use crate::domain::list_query::Page;
use crate::domain::ListQuery;
use crate::store::{ListRow, Store};
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

const CHUNK_ROWS: i64 = 1000;
const HEADER: &str =
    "walker_id,first_name,last_name,email,status,inquiry_id,signed_up_utc,last_change_utc\r\n";

pub async fn export_csv(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let raw = raw.unwrap_or_default();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(raw.as_bytes())
        .into_owned()
        .collect();
    let mut query = super::admin_search::list_query(&session, &pairs)
        .await
        .map_err(WebError::Internal)?
        .map_err(|problem| WebError::BadForm(problem.to_string()))?;
    query.page = Page::First;
    query.size = CHUNK_ROWS;
    let store = state.onboarding.store.clone();
    let first = futures_util::stream::once(async { Ok::<_, std::io::Error>(Bytes::from(HEADER)) });
    let rows = futures_util::stream::unfold(Some(query), move |next| {
        let store = store.clone();
        async move {
            let query = next?;
            match chunk(&store, &query).await {
                Ok((bytes, following)) => Some((Ok(bytes), following)),
                Err(error) => {
                    // The status line has gone out already; cut the body short so the download
                    // visibly fails instead of ending in a partial but plausible file.
                    tracing::error!(error = format!("{error:#}"), "CSV export failed midway");
                    Some((Err(std::io::Error::other("export failed")), None))
                }
            }
        }
    });
    let body = Body::from_stream(futures_util::StreamExt::chain(first, rows));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"walkers.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// One page as CSV, and the query for the page after it (if any).
async fn chunk(store: &Store, query: &ListQuery) -> anyhow::Result<(Bytes, Option<ListQuery>)> {
    let page = store.walker_list().page(query).await?;
    let mut out = String::with_capacity(page.rows.len() * 160);
    for row in &page.rows {
        write_row(&mut out, row);
    }
    let following = page.next.map(|cursor| ListQuery {
        page: Page::After(cursor),
        ..query.clone()
    });
    Ok((Bytes::from(out), following))
}

fn write_row(out: &mut String, row: &ListRow) {
    let fields = [
        row.id.as_str(),
        row.first_name.as_str(),
        row.last_name.as_str(),
        row.email.as_str(),
        row.current_status.as_str(),
        row.current_inquiry_id.as_deref().unwrap_or(""),
        &iso(row.created_at),
        &iso(row.last_change_at),
    ]
    .map(cell);
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// RFC 4180 quoting, and a leading `'` on anything a spreadsheet would run as a formula.
fn cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
