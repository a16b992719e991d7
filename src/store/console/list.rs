//! The operators' list: filters, search and keyset pages over indexed `walkers` columns (kept
//! current by triggers, see the admin migration). Never `OFFSET`: a deep page costs what the
//! first one does.

use super::counts::kept_per_status;
use super::filter::{Arg, Filter};
use crate::domain::list_query::{Cursor, Direction, Page, SortValue};
use crate::domain::{InquiryId, ListQuery, SortKey, VerificationStatus, WalkerId};
use crate::store::db::Db;
use anyhow::Context;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ListRow {
    pub id: WalkerId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub current_inquiry_id: Option<InquiryId>,
    pub current_status: VerificationStatus,
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

fn sort_column(sort: SortKey) -> &'static str {
    match sort {
        SortKey::SignedUp => "w.created_at",
        SortKey::Changed => "w.last_change_at",
        SortKey::Name => "w.name_key",
    }
}

const LIST_COLUMNS: &str = "w.id, w.first_name, w.last_name, w.email, w.current_inquiry_id, \
     w.current_status, w.created_at, w.last_change_at, w.name_key";

/// Walkers as the console lists, searches and counts them.
#[derive(Clone, Copy, Debug)]
pub struct WalkerList<'a> {
    db: &'a Db,
}

impl<'a> WalkerList<'a> {
    pub(in crate::store) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// The page of `query`. Rows come in the view's order whichever side of a cursor the page
    /// lies on.
    pub async fn page(self, query: &ListQuery) -> anyhow::Result<ListPage> {
        let mut filter = Filter::default();
        filter.statuses(query);
        filter.search(query.search.as_deref(), self.db.engine);
        let column = sort_column(query.sort);
        // Reading a `Before` page walks the index backwards from the cursor, then flips.
        let backwards = matches!(query.page, Page::Before(_));
        let direction = if backwards {
            query.direction.reversed()
        } else {
            query.direction
        };
        if let Page::After(cursor) | Page::Before(cursor) = &query.page {
            let id = filter.arg(Arg::Text(cursor.id.to_string()));
            let value = match &cursor.value {
                SortValue::Time(ms) => filter.arg(Arg::Int(*ms)),
                SortValue::OfRow => format!("(SELECT {column} FROM walkers w WHERE w.id = {id})"),
            };
            let op = match direction {
                Direction::Descending => "<",
                Direction::Ascending => ">",
            };
            filter
                .clauses
                .push(format!("({column}, w.id) {op} ({value}, {id})"));
        }
        let order = match direction {
            Direction::Descending => "DESC",
            Direction::Ascending => "ASC",
        };
        let limit = filter.arg(Arg::Int(query.size + 1));
        let sql = format!(
            "SELECT {LIST_COLUMNS} FROM walkers w {} ORDER BY {column} {order}, w.id {order} \
             LIMIT {limit}",
            filter.sql()
        );
        let mut rows = filter
            .bind(sqlx::query_as::<_, ListRow>(&sql))
            .fetch_all(&self.db.pool)
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
    /// triggers keep instead of counting every walker.
    pub async fn status_counts(
        self,
        query: &ListQuery,
    ) -> anyhow::Result<Vec<(VerificationStatus, i64)>> {
        if query.search.is_none() {
            return kept_per_status(self.db).await;
        }
        let mut filter = Filter::default();
        filter.search(query.search.as_deref(), self.db.engine);
        let sql = format!(
            "SELECT w.current_status, COUNT(*) FROM walkers w {} GROUP BY w.current_status",
            filter.sql()
        );
        filter
            .bind(sqlx::query_as::<_, (VerificationStatus, i64)>(&sql))
            .fetch_all(&self.db.pool)
            .await
            .context("counting walkers per status")
    }
}
