//! The operators' list: filters, search and keyset pages over indexed `walkers` columns (kept
//! current by triggers, see the admin migration). Never `OFFSET`: a deep page costs what the
//! first one does.

use super::{Db, Engine};
use crate::domain::list_query::{Cursor, Page, SortValue};
use crate::domain::{ListQuery, SortKey};
use anyhow::Context;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ListRow {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub current_inquiry_id: Option<String>,
    pub current_status: String,
    pub created_at: i64,
    pub last_change_at: i64,
    pub name_key: String,
}

impl ListRow {
    pub fn cursor(&self, sort: SortKey) -> Cursor {
        let value = match sort {
            SortKey::SignedUp => SortValue::Time(self.created_at),
            SortKey::Changed => SortValue::Time(self.last_change_at),
            SortKey::Name => SortValue::OfRow,
        };
        Cursor {
            value,
            id: self.id.clone(),
        }
    }
}

/// One page and the cursors of its neighbours (`None` at either end).
#[derive(Clone, Debug)]
pub struct ListPage {
    pub rows: Vec<ListRow>,
    pub next: Option<Cursor>,
    pub prev: Option<Cursor>,
}

enum Arg {
    Text(String),
    Int(i64),
}

/// A WHERE clause and its arguments, numbered as they are added.
#[derive(Default)]
struct Filter {
    clauses: Vec<String>,
    args: Vec<Arg>,
}

impl Filter {
    fn arg(&mut self, arg: Arg) -> String {
        self.args.push(arg);
        format!("${}", self.args.len())
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// Search: a walker id or inquiry id exactly; with an `@`, the start of an email (an index
    /// range); otherwise a substring of name or email, by trigram index (on SQLite from three
    /// characters).
    fn search(&mut self, search: Option<&str>, engine: Engine) {
        let Some(text) = search else { return };
        if text.starts_with("usr_") {
            let p = self.arg(Arg::Text(text.to_owned()));
            self.clauses.push(format!("w.id = {p}"));
        } else if text.starts_with("inq_") {
            let p = self.arg(Arg::Text(text.to_owned()));
            self.clauses.push(format!(
                "w.id IN (SELECT walker_id FROM inquiries WHERE id = {p})"
            ));
        } else if text.contains('@') {
            let low = text.to_lowercase();
            let mut high = low.clone();
            if let Some(last) = high.pop() {
                high.push(char::from_u32(last as u32 + 1).unwrap_or(char::MAX));
            }
            let lo = self.arg(Arg::Text(low));
            let hi = self.arg(Arg::Text(high));
            self.clauses.push(format!(
                "w.email_normalized >= {lo} AND w.email_normalized < {hi}"
            ));
        } else if engine == Engine::Sqlite && text.chars().count() >= 3 {
            // FTS5's trigram index (see the search-index migration): a quoted phrase matches
            // its text as a substring, in any letter case. Shorter texts have no trigram and
            // scan, as below.
            let phrase = format!("\"{}\"", text.replace('"', "\"\""));
            let p = self.arg(Arg::Text(phrase));
            self.clauses.push(format!(
                "w.rowid IN (SELECT rowid FROM walkers_search WHERE walkers_search MATCH {p})"
            ));
        } else {
            // PostgreSQL answers this from its pg_trgm index; on SQLite only short texts get here.
            let escaped = text
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let p = self.arg(Arg::Text(format!("%{escaped}%")));
            self.clauses
                .push(format!("w.search_text LIKE {p} ESCAPE '\\'"));
        }
    }

    fn statuses(&mut self, query: &ListQuery) {
        if query.statuses.is_empty() {
            return;
        }
        let params: Vec<String> = query
            .statuses
            .iter()
            .map(|s| self.arg(Arg::Text(s.as_str().to_owned())))
            .collect();
        self.clauses
            .push(format!("w.current_status IN ({})", params.join(", ")));
    }
}

fn sort_column(sort: SortKey) -> &'static str {
    match sort {
        SortKey::SignedUp => "w.created_at",
        SortKey::Changed => "w.last_change_at",
        SortKey::Name => "w.name_key",
    }
}

const LIST_COLUMNS: &str = "w.id, w.first_name, w.last_name, w.email, w.current_inquiry_id, \
     w.current_status, w.created_at, w.last_change_at, w.name_key";

impl Db {
    /// The page of `query`. Rows come in the view's order whichever side of a cursor the page
    /// lies on.
    pub async fn admin_list(&self, query: &ListQuery) -> anyhow::Result<ListPage> {
        let mut filter = Filter::default();
        filter.statuses(query);
        filter.search(query.search.as_deref(), self.engine);
        let column = sort_column(query.sort);
        // Reading a `Before` page walks the index backwards from the cursor, then flips.
        let backwards = matches!(query.page, Page::Before(_));
        let descending = query.descending != backwards;
        if let Page::After(cursor) | Page::Before(cursor) = &query.page {
            let id = filter.arg(Arg::Text(cursor.id.clone()));
            let value = match &cursor.value {
                SortValue::Time(ms) => filter.arg(Arg::Int(*ms)),
                SortValue::OfRow => format!("(SELECT {column} FROM walkers w WHERE w.id = {id})"),
            };
            let op = if descending { "<" } else { ">" };
            filter
                .clauses
                .push(format!("({column}, w.id) {op} ({value}, {id})"));
        }
        let order = if descending { "DESC" } else { "ASC" };
        let limit = filter.arg(Arg::Int(query.size + 1));
        let sql = format!(
            "SELECT {LIST_COLUMNS} FROM walkers w {} ORDER BY {column} {order}, w.id {order} \
             LIMIT {limit}",
            filter.sql()
        );
        let mut statement = sqlx::query_as::<_, ListRow>(&sql);
        for arg in filter.args {
            statement = match arg {
                Arg::Text(text) => statement.bind(text),
                Arg::Int(int) => statement.bind(int),
            };
        }
        let mut rows = statement
            .fetch_all(&self.pool)
            .await
            .context("listing walkers for operators")?;
        let more = rows.len() as i64 > query.size;
        rows.truncate(query.size as usize);
        if backwards {
            rows.reverse();
        }
        let edge = |row: Option<&ListRow>| row.map(|r| r.cursor(query.sort));
        let (prev, next) = match &query.page {
            Page::First => (None, more.then(|| edge(rows.last())).flatten()),
            Page::After(_) => (
                edge(rows.first()),
                more.then(|| edge(rows.last())).flatten(),
            ),
            Page::Before(_) => (
                more.then(|| edge(rows.first())).flatten(),
                edge(rows.last()),
            ),
        };
        Ok(ListPage { rows, next, prev })
    }

    /// How many walkers match the search, per status (the status filter itself is ignored,
    /// so the counts say what each filter would show). Without a search, the counts the
    /// triggers keep (see the status-counts migration) instead of counting every walker.
    pub async fn admin_status_counts(
        &self,
        query: &ListQuery,
    ) -> anyhow::Result<Vec<(String, i64)>> {
        if query.search.is_none() {
            return self.walkers_per_status().await;
        }
        let mut filter = Filter::default();
        filter.search(query.search.as_deref(), self.engine);
        let sql = format!(
            "SELECT w.current_status, COUNT(*) FROM walkers w {} GROUP BY w.current_status",
            filter.sql()
        );
        let mut statement = sqlx::query_as::<_, (String, i64)>(&sql);
        for arg in filter.args {
            statement = match arg {
                Arg::Text(text) => statement.bind(text),
                Arg::Int(int) => statement.bind(int),
            };
        }
        statement
            .fetch_all(&self.pool)
            .await
            .context("counting walkers per status")
    }
}
