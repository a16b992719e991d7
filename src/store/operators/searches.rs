//! Searches operators typed into the walker list, each named by an opaque id that list URLs
//! carry instead of the text. Kept per operator, a few at a time and for a day at most (the
//! console's policy), and deleted by erasure when they mention the erased walker.

use crate::domain::OperatorId;
use crate::store::db::{Db, Tx};
use anyhow::Context;
use rand::distributions::{Alphanumeric, DistString};

/// An operator keeps this many searches; older list links then say "search again".
const KEPT_PER_OPERATOR: i64 = 20;

#[derive(Clone, Copy, Debug)]
pub struct Searches<'a> {
    db: &'a Db,
}

impl<'a> Searches<'a> {
    pub(in crate::store) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Keeps `text` for the operator at `now` and returns its id: the id it already has if
    /// they typed it since `kept_since` (its time renewed), else a new one.
    pub async fn remember(
        self,
        operator_id: &OperatorId,
        text: &str,
        now: i64,
        kept_since: i64,
    ) -> anyhow::Result<String> {
        let known: Option<String> = sqlx::query_scalar(
            "UPDATE admin_searches SET created_at = $1 \
             WHERE operator_id = $2 AND search = $3 AND created_at > $4 RETURNING id",
        )
        .bind(now)
        .bind(operator_id)
        .bind(text)
        .bind(kept_since)
        .fetch_optional(self.db.writes())
        .await
        .context("renewing a remembered search")?;
        if let Some(id) = known {
            return Ok(id);
        }
        let id = Alphanumeric.sample_string(&mut rand::thread_rng(), 16);
        sqlx::query(
            "INSERT INTO admin_searches (id, operator_id, search, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(&id)
        .bind(operator_id)
        .bind(text)
        .bind(now)
        .execute(self.db.writes())
        .await
        .context("remembering a search")?;
        sqlx::query(
            "DELETE FROM admin_searches WHERE operator_id = $1 AND id NOT IN \
             (SELECT id FROM admin_searches WHERE operator_id = $1 \
              ORDER BY created_at DESC, id DESC LIMIT $2)",
        )
        .bind(operator_id)
        .bind(KEPT_PER_OPERATOR)
        .execute(self.db.writes())
        .await
        .context("forgetting an operator's oldest searches")?;
        Ok(id)
    }

    /// The operator's search with this id, if typed since `kept_since`.
    pub async fn text(
        self,
        operator_id: &OperatorId,
        id: &str,
        kept_since: i64,
    ) -> anyhow::Result<Option<String>> {
        sqlx::query_scalar(
            "SELECT search FROM admin_searches \
             WHERE id = $1 AND operator_id = $2 AND created_at > $3",
        )
        .bind(id)
        .bind(operator_id)
        .bind(kept_since)
        .fetch_optional(&self.db.pool)
        .await
        .context("reading a remembered search")
    }

    /// Deletes every search typed before `cutoff`; returns how many.
    pub async fn purge(self, cutoff: i64) -> anyhow::Result<u64> {
        let purged = sqlx::query("DELETE FROM admin_searches WHERE created_at <= $1")
            .bind(cutoff)
            .execute(self.db.writes())
            .await
            .context("purging old searches")?
            .rows_affected();
        Ok(purged)
    }
}

/// Deletes, inside an erasure's transaction, every remembered search that mentions the walker
/// named `names` (first name, last name, email). The table holds at most a few searches per
/// operator, so they are read and matched here, the same way on both engines.
pub(in crate::store) async fn forget_mentions(tx: &mut Tx, names: [&str; 3]) -> anyhow::Result<()> {
    let searches: Vec<(String, String)> = sqlx::query_as("SELECT id, search FROM admin_searches")
        .fetch_all(&mut **tx)
        .await
        .context("reading remembered searches")?;
    for (id, _) in searches.iter().filter(|(_, text)| mentions(text, names)) {
        sqlx::query("DELETE FROM admin_searches WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await
            .context("forgetting a search that names an erased walker")?;
    }
    Ok(())
}

/// Whether `search` names the walker, case-insensitively: it holds their email or either name,
/// or it is a piece (3 characters or more) of their name and email as the list searches them,
/// since a piece typed to find someone is as much theirs. Deleting a search too many only
/// means typing it again.
fn mentions(search: &str, [first, last, email]: [&str; 3]) -> bool {
    let search = search.trim().to_lowercase();
    let names = [first, last, email].map(|n| n.trim().to_lowercase());
    let whole = names.join(" ");
    names
        .iter()
        .any(|n| !n.is_empty() && search.contains(n.as_str()))
        || (search.chars().count() >= 3 && whole.contains(&search))
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn a_search_mentions_a_walker_by_name_email_or_a_piece_of_them() {
        let walker = ["Zephyrine", "Quortlebank", "zephyrine.q@example.com"];
        for search in [
            "ZEPHYRINE.Q@EXAMPLE.COM",
            "quortlebank",
            "Dr Zephyrine",
            "ORTLEBA",
            "ine quort",
            "zephyrine.q@",
        ] {
            assert!(mentions(search, walker), "{search}");
        }
        for search in ["someone else", "zq", "usr_0000"] {
            assert!(!mentions(search, walker), "{search}");
        }
    }
}
