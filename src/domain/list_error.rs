//! What can be wrong with a list view's query, in words an operator can act on.

pub const MAX_PAGE_SIZE: i64 = 200;
pub const MAX_SEARCH_CHARS: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ListQueryError {
    #[error("“{0}” is not a status this list knows.")]
    UnknownStatus(String),
    #[error("Sort by signed_up, changed or name.")]
    UnknownSort,
    #[error("The order is asc or desc.")]
    UnknownDirection,
    #[error("The page link is damaged; start again from the first page.")]
    BadCursor,
    #[error("Page size is a number from 1 to {MAX_PAGE_SIZE}.")]
    BadSize,
    #[error("Search for at most {MAX_SEARCH_CHARS} characters.")]
    SearchTooLong,
    #[error("That search is no longer remembered (searches are kept for 24 hours); search again.")]
    SearchForgotten,
}
