//! The account object (SPEC `components.schemas.account`): reference id, timestamps, the
//! person's data in `fields` shaped like the spec's default "User" account type (never key
//! inflected), tags, and its account type.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Value};

use super::inquiry::Links;
use crate::clock::wire_format;
use crate::model::account::Account;

/// The one account type the emulator has, as Persona's default.
const ACCOUNT_TYPE_ID: &str = "acttp_emulatorUser000000000";
const ACCOUNT_TYPE_NAME: &str = "User";

#[derive(Serialize)]
pub(crate) struct AccountResource<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    attributes: Attributes<'a>,
    relationships: Relationships,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Attributes<'a> {
    reference_id: Option<&'a str>,
    account_type_name: &'static str,
    #[serde(serialize_with = "wire_format::required")]
    created_at: DateTime<Utc>,
    #[serde(serialize_with = "wire_format::required")]
    updated_at: DateTime<Utc>,
    #[serde(serialize_with = "wire_format::optional")]
    redacted_at: Option<DateTime<Utc>>,
    fields: Value,
    tags: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Relationships {
    account_type: AccountType,
}

#[derive(Serialize)]
struct AccountType {
    data: TypeIdentifier,
}

#[derive(Serialize)]
struct TypeIdentifier {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'static str,
}

/// `{"type": "string", "value": …}` from the template field `key`.
fn typed(account: &Account, kind: &str, key: &str) -> Value {
    json!({"type": kind, "value": account.value(key)})
}

/// A `hash` of string members, each from a template field.
fn hash(account: &Account, members: &[(&str, &str)]) -> Value {
    let value: serde_json::Map<String, Value> = members
        .iter()
        .map(|(member, key)| ((*member).to_owned(), typed(account, "string", key)))
        .collect();
    json!({"type": "hash", "value": value})
}

/// The spec's account `fields`, filled from the template fields approved inquiries carried.
/// Identification numbers need a class and issuing country the template does not collect, so
/// the list stays empty.
fn fields(account: &Account) -> Value {
    json!({
        "name": hash(account, &[
            ("first", "name_first"),
            ("middle", "name_middle"),
            ("last", "name_last"),
        ]),
        "address": hash(account, &[
            ("street_1", "address_street_1"),
            ("street_2", "address_street_2"),
            ("subdivision", "address_subdivision"),
            ("city", "address_city"),
            ("postal_code", "address_postal_code"),
            ("country_code", "address_country_code"),
        ]),
        "identification_numbers": {"type": "array", "value": []},
        "birthdate": typed(account, "date", "birthdate"),
        "phone_number": typed(account, "string", "phone_number"),
        "email_address": typed(account, "string", "email_address"),
        "selfie_photo": {"type": "file", "value": null},
    })
}

pub(crate) fn resource(account: &Account) -> AccountResource<'_> {
    AccountResource {
        kind: "account",
        id: &account.id,
        attributes: Attributes {
            reference_id: account.reference_id.as_deref(),
            account_type_name: ACCOUNT_TYPE_NAME,
            created_at: account.created_at,
            updated_at: account.updated_at,
            redacted_at: account.redacted_at,
            fields: fields(account),
            tags: &account.tags,
        },
        relationships: Relationships {
            account_type: AccountType {
                data: TypeIdentifier {
                    kind: "account-type",
                    id: ACCOUNT_TYPE_ID,
                },
            },
        },
    }
}

/// A single-account document: `{"data", "included": []}`.
#[derive(Serialize)]
pub(crate) struct Document<'a> {
    pub data: AccountResource<'a>,
    pub included: [(); 0],
}

pub(crate) fn document(account: &Account) -> Document<'_> {
    Document {
        data: resource(account),
        included: [],
    }
}

#[derive(Serialize)]
pub(crate) struct ListDocument<'a> {
    pub data: Vec<AccountResource<'a>>,
    pub links: Links,
}
