//! The WHERE clause of the operators' list: its status filter and search, as SQL with numbered
//! arguments.

use crate::domain::ListQuery;
use crate::store::db::Engine;

pub(super) enum Arg {
    Text(String),
    Int(i64),
}

pub(super) type AnyQueryAs<'q, T> =
    sqlx::query::QueryAs<'q, sqlx::Any, T, sqlx::any::AnyArguments<'q>>;

/// A WHERE clause and its arguments, numbered as they are added.
#[derive(Default)]
pub(super) struct Filter {
    pub(super) clauses: Vec<String>,
    args: Vec<Arg>,
}

impl Filter {
    pub(super) fn arg(&mut self, arg: Arg) -> String {
        self.args.push(arg);
        format!("${}", self.args.len())
    }

    pub(super) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// Binds the arguments, in order, to a statement built from [`Self::sql`].
    pub(super) fn bind<'q, T>(self, mut statement: AnyQueryAs<'q, T>) -> AnyQueryAs<'q, T>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        for arg in self.args {
            statement = match arg {
                Arg::Text(text) => statement.bind(text),
                Arg::Int(int) => statement.bind(int),
            };
        }
        statement
    }

    /// Search: a walker id or inquiry id exactly; with an `@`, the start of an email (an index
    /// range); otherwise a substring of name or email, by trigram index (on SQLite from three
    /// characters).
    pub(super) fn search(&mut self, search: Option<&str>, engine: Engine) {
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

    pub(super) fn statuses(&mut self, query: &ListQuery) {
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
