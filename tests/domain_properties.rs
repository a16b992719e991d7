//! Property tests for the parsers that read outside input: the signup form, and the console's
//! list query with its cursors. Whatever arrives, each answers with a value or its documented
//! error, never a panic, and what PawPass writes itself it reads back unchanged.

use chrono::NaiveDate;
use pawpass::domain::ids::WalkerId;
use pawpass::domain::list_query::{Cursor, Page, SortValue, FILTER_STATUSES, MAX_PAGE_SIZE};
use pawpass::domain::{Direction, ListQuery, SignupDraft, SignupField, SortKey};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("a date")
}

fn draft(values: [String; 5]) -> SignupDraft {
    let mut draft = SignupDraft::default();
    for (field, value) in SignupField::ALL.into_iter().zip(values) {
        draft.set(field, value);
    }
    draft
}

/// Splits a query string PawPass wrote back into the pairs a browser would send.
fn pairs_of(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query).expect("PawPass writes valid query strings")
}

fn sort_key() -> impl Strategy<Value = SortKey> {
    prop_oneof![
        Just(SortKey::SignedUp),
        Just(SortKey::Changed),
        Just(SortKey::Name)
    ]
}

proptest! {
    /// Any five strings: a walker, or one problem for each field that is wrong.
    #[test]
    fn any_signup_form_is_accepted_or_refused_field_by_field(
        values in prop::array::uniform5("\\PC{0,120}|[0-9+() .-]{0,20}|[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    ) {
        match draft(values.clone()).parse(today()) {
            Ok(walker) => {
                prop_assert!(walker.email.as_str().contains('@'));
                prop_assert!(walker.birthdate.date() <= today());
                prop_assert!(!walker.first_name.as_str().is_empty());
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                // Each refused field is refused for a problem about that kind of field.
                for (field, problem) in &errors {
                    let kind = match field {
                        SignupField::FirstName | SignupField::LastName => "name",
                        SignupField::Email => "email",
                        SignupField::Birthdate => "birthdate",
                        SignupField::Phone => "phone",
                    };
                    prop_assert!(problem.key().starts_with(&format!("problem-{kind}-")), "{field:?}: {problem}");
                }
            }
        }
    }

    /// A form as a real walker fills it in is accepted, whatever the case of the email.
    #[test]
    fn a_well_formed_signup_is_accepted(
        first in "[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ' -]{0,30}",
        last in "[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ' -]{0,30}",
        local in "[a-zA-Z0-9._+-]{1,30}",
        domain in "[a-z0-9]{1,20}\\.(com|org|es|co\\.uk)",
        age_days in (18u64 * 366 + 1)..(100 * 365),
        phone in prop::option::of("\\+1[2-9][0-9]{9}"),
    ) {
        let birthdate = today() - chrono::Days::new(age_days);
        let form = draft([
            first,
            last,
            format!("{local}@{domain}"),
            birthdate.format("%Y-%m-%d").to_string(),
            phone.unwrap_or_default(),
        ]);
        let walker = form.parse(today());
        prop_assert!(walker.is_ok(), "{:?}", walker.err());
    }

    /// Any query pairs: a valid view or a plain-words error, never a panic.
    #[test]
    fn any_list_query_is_answered(
        pairs in prop::collection::vec(
            (
                prop_oneof!["status", "search", "sort", "dir", "size", "after", "before", "\\PC{0,6}"],
                "\\PC{0,40}|[0-9]{1,25}|[a-z_]{1,12}\\.[0-9]{1,20}",
            ),
            0..8,
        ),
    ) {
        let borrowed: Vec<(&str, &str)> =
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        if let Ok(query) = ListQuery::parse(borrowed) {
            prop_assert!((1..=MAX_PAGE_SIZE).contains(&query.size));
            for status in &query.statuses {
                prop_assert!(FILTER_STATUSES.contains(status));
            }
            let mut unique = query.statuses.clone();
            unique.dedup();
            prop_assert_eq!(unique.len(), query.statuses.len());
        }
    }

    /// Every link the list writes (filters, sort, size, a page cursor) reads back as the
    /// same view at the same page.
    #[test]
    fn every_list_link_reads_back_as_the_same_view(
        statuses in prop::sample::subsequence(FILTER_STATUSES.to_vec(), 0..=FILTER_STATUSES.len()),
        sort in sort_key(),
        direction in prop_oneof![Just(Direction::Ascending), Just(Direction::Descending)],
        size in 1..=MAX_PAGE_SIZE,
        id in "usr_[A-Za-z0-9_]{1,64}",
        ms in 0i64..=i64::MAX,
        after in any::<bool>(),
    ) {
        let query = ListQuery { statuses, sort, direction, size, ..ListQuery::default() };
        let value = match sort {
            SortKey::Name => SortValue::OfRow,
            SortKey::SignedUp | SortKey::Changed => SortValue::Time(ms),
        };
        let id = WalkerId::parse(&id).expect("a walker id");
        let cursor = Cursor { value, id };
        let page = if after { Page::After(cursor) } else { Page::Before(cursor) };
        let link = query.query_string(&page);
        let pairs = pairs_of(&link);
        let read = ListQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .expect("PawPass reads its own links");
        prop_assert_eq!(read, ListQuery { page, ..query });
    }
}
