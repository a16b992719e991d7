//! The list view as CSV, every page of it: produced a keyset page at a time, so 100,000 rows
//! never sit in memory together. Audited before the first row leaves: names and emails of a
//! whole view are personal data, and a download cut short has still taken what it got.

use super::error::ConsoleError;
use super::operator::Operator;
use super::service::Console;
use crate::domain::list_query::Page;
use crate::domain::{AuditAction, InquiryId, ListQuery};
use crate::store::{AuditEntry, ListRow};
use futures_util::stream::{self, BoxStream, StreamExt};

const CHUNK_ROWS: i64 = 1000;
const HEADER: &str =
    "walker_id,first_name,last_name,email,status,inquiry_id,signed_up_utc,last_change_utc\r\n";

impl Console {
    /// Audits the export (how many walkers the view holds now and its filters, never the
    /// search text), then streams the header and one chunk of rows per page. A failure midway
    /// ends the stream with it.
    pub async fn export_csv(
        &self,
        operator: &Operator,
        query: &ListQuery,
    ) -> Result<BoxStream<'static, Result<String, ConsoleError>>, ConsoleError> {
        let counts = self.store.walker_list().status_counts(query).await?;
        let rows: i64 = counts
            .iter()
            .filter(|(status, _)| query.statuses.is_empty() || query.statuses.contains(status))
            .map(|(_, n)| n)
            .sum();
        let plural = if rows == 1 { "" } else { "s" };
        let detail = format!("CSV export of {rows} walker{plural}; {}", view_names(query));
        let entry = AuditEntry::about(AuditAction::ExportList, None, &detail);
        self.store.audit().record(operator.actor(), entry).await?;
        tracing::info!(rows, "list exported as CSV");
        let first = ListQuery {
            page: Page::First,
            size: CHUNK_ROWS,
            ..query.clone()
        };
        let console = self.clone();
        let rows = stream::unfold(Some(first), move |next| {
            let console = console.clone();
            async move {
                let query = next?;
                match console.csv_chunk(&query).await {
                    Ok((text, following)) => Some((Ok(text), following)),
                    Err(error) => Some((Err(error), None)),
                }
            }
        });
        Ok(stream::once(async { Ok(HEADER.to_owned()) })
            .chain(rows)
            .boxed())
    }

    /// One page as CSV, and the query for the page after it (if any).
    async fn csv_chunk(
        &self,
        query: &ListQuery,
    ) -> Result<(String, Option<ListQuery>), ConsoleError> {
        let page = self.store.walker_list().page(query).await?;
        let mut out = String::with_capacity(page.rows.len() * 160);
        for row in &page.rows {
            write_row(&mut out, row);
        }
        let following = page.next.map(|cursor| ListQuery {
            page: Page::After(cursor),
            ..query.clone()
        });
        Ok((out, following))
    }
}

/// The view's filters by name: statuses, whether there was a search (not what it was), sort.
fn view_names(query: &ListQuery) -> String {
    let statuses: Vec<&str> = query.statuses.iter().map(|s| s.as_str()).collect();
    format!(
        "status: {}; search: {}; sort: {} {}",
        if statuses.is_empty() {
            "any".to_owned()
        } else {
            statuses.join(", ")
        },
        if query.search.is_some() { "yes" } else { "no" },
        query.sort.as_str(),
        query.direction.as_str(),
    )
}

fn write_row(out: &mut String, row: &ListRow) {
    let fields = [
        row.id.as_str(),
        row.first_name.as_str(),
        row.last_name.as_str(),
        row.email.as_str(),
        row.current_status.as_str(),
        row.current_inquiry_id
            .as_ref()
            .map_or("", InquiryId::as_str),
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
