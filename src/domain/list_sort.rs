//! How the operators' list is ordered, and where a page of it starts or ends. Cursors travel
//! in URLs, so they carry nothing personal: a time and an id, or for the name sort the id alone
//! (the store reads the name from that row).

use super::ids::WalkerId;
use super::list_error::ListQueryError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    SignedUp,
    Changed,
    Name,
}

impl SortKey {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignedUp => "signed_up",
            Self::Changed => "changed",
            Self::Name => "name",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::SignedUp => "Signup time",
            Self::Changed => "Last change",
            Self::Name => "Name",
        }
    }
    /// Newest first for times, A to Z for names.
    pub fn default_direction(self) -> Direction {
        match self {
            Self::Name => Direction::Ascending,
            Self::SignedUp | Self::Changed => Direction::Descending,
        }
    }
}

/// Which way the sorted column runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Ascending,
    #[default]
    Descending,
}

impl Direction {
    /// The URL's `dir` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ascending => "asc",
            Self::Descending => "desc",
        }
    }

    /// The word `aria-sort` takes.
    pub fn aria(self) -> &'static str {
        match self {
            Self::Ascending => "ascending",
            Self::Descending => "descending",
        }
    }

    pub fn reversed(self) -> Self {
        match self {
            Self::Ascending => Self::Descending,
            Self::Descending => Self::Ascending,
        }
    }
}

/// The sort value of a page's edge row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortValue {
    Time(i64),
    /// Whatever the row with the cursor's id holds in the sorted column.
    OfRow,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub value: SortValue,
    pub id: WalkerId,
}

impl Cursor {
    /// `{id}.{ms}` for time sorts, `{id}` for the name sort (ids never contain a dot).
    pub fn encode(&self) -> String {
        match &self.value {
            SortValue::Time(ms) => format!("{}.{ms}", self.id),
            SortValue::OfRow => self.id.to_string(),
        }
    }

    pub(super) fn decode(raw: &str, sort: SortKey) -> Result<Self, ListQueryError> {
        let (id, value) = match sort {
            SortKey::Name => (raw, SortValue::OfRow),
            SortKey::SignedUp | SortKey::Changed => {
                let (id, ms) = raw.split_once('.').ok_or(ListQueryError::BadCursor)?;
                let ms = ms.parse().map_err(|_| ListQueryError::BadCursor)?;
                (id, SortValue::Time(ms))
            }
        };
        let id = WalkerId::parse(id).map_err(|_| ListQueryError::BadCursor)?;
        Ok(Self { value, id })
    }
}

/// Which side of the cursor a page lies on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Page {
    First,
    After(Cursor),
    Before(Cursor),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_cursors_carry_only_the_id() {
        let cursor = Cursor::decode("usr_abc", SortKey::Name).expect("decodes");
        assert_eq!(cursor.value, SortValue::OfRow);
        assert_eq!(cursor.encode(), "usr_abc");
        assert_eq!(
            Cursor::decode("usr_abc.ann lee", SortKey::Name),
            Err(ListQueryError::BadCursor)
        );
    }

    #[test]
    fn time_cursors_round_trip() {
        let cursor = Cursor::decode("usr_abc.1700000000000", SortKey::Changed).expect("decodes");
        assert_eq!(cursor.value, SortValue::Time(1_700_000_000_000));
        assert_eq!(cursor.encode(), "usr_abc.1700000000000");
        assert_eq!(
            Cursor::decode("usr_abc", SortKey::SignedUp),
            Err(ListQueryError::BadCursor)
        );
    }
}
