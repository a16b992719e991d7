//! Accounts as inquiries make and change them: a new inquiry joins the account of its reference
//! id (made if there is none, as Persona's `auto-create-account` does by default); approval
//! copies the verified data onto the account; redacting the account redacts every inquiry under
//! it and frees its reference id.

use chrono::{DateTime, Utc};

use super::decisions;
use crate::ids::new_id;
use crate::model::account::Account;
use crate::state::EmulatorState;
use crate::wire::error::ApiError;

/// The account a new inquiry belongs to: `account_id` if given (404 when unknown), none when
/// `auto_create` is off, else the account holding `reference` or a new one. Without a reference
/// every inquiry gets an account of its own, as in Persona.
pub(crate) fn for_new_inquiry(
    state: &mut EmulatorState,
    account_id: Option<String>,
    reference: Option<&str>,
    auto_create: bool,
    now: DateTime<Utc>,
) -> Result<Option<String>, ApiError> {
    if let Some(id) = account_id {
        return match state.accounts.contains_key(&id) {
            true => Ok(Some(id)),
            false => Err(ApiError::NotFound),
        };
    }
    if !auto_create {
        return Ok(None);
    }
    // Redacted accounts have no reference id, so they are never found again.
    let existing = reference.and_then(|reference| {
        state
            .accounts
            .values()
            .find(|account| account.reference_id.as_deref() == Some(reference))
    });
    if let Some(account) = existing {
        return Ok(Some(account.id.clone()));
    }
    let account = Account::new(
        new_id("act"),
        state.next_seq(),
        reference.map(str::to_owned),
        now,
    );
    let id = account.id.clone();
    state.accounts.insert(id.clone(), account);
    Ok(Some(id))
}

/// Copies an approved inquiry's non-empty fields onto its account, as the KYC workflow's
/// "update account" step does in Persona.
pub(crate) fn absorb_approved(state: &mut EmulatorState, inquiry_id: &str, now: DateTime<Utc>) {
    let Some(inquiry) = state.inquiries.get(inquiry_id) else {
        return;
    };
    let Some(account) = inquiry
        .account_id
        .as_ref()
        .and_then(|id| state.accounts.get_mut(id))
    else {
        return;
    };
    for field in &inquiry.fields {
        if let Some(value) = &field.value {
            account
                .data
                .insert(field.def.name.to_owned(), value.clone());
        }
    }
    account.updated_at = now;
}

/// `DELETE /accounts/{id}`: every inquiry of the account loses its reference id and is redacted
/// (`inquiry.redacted` for those not redacted before), then the account (`account.redacted`).
/// A redacted account answers 409, like a redacted inquiry.
pub(crate) fn redact(
    state: &mut EmulatorState,
    account_id: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let account = state.accounts.get(account_id).ok_or(ApiError::NotFound)?;
    if account.redacted_at.is_some() {
        return Err(ApiError::Conflict("Account already redacted".into()));
    }
    let mut inquiries: Vec<(u64, String)> = state
        .inquiries
        .values()
        .filter(|inquiry| inquiry.account_id.as_deref() == Some(account_id))
        .map(|inquiry| (inquiry.seq, inquiry.id.clone()))
        .collect();
    inquiries.sort();
    for (_, id) in inquiries {
        let Some(inquiry) = state.inquiries.get_mut(&id) else {
            continue;
        };
        // CONTRACT 7.5: the reference id goes only when the account is redacted too.
        inquiry.reference_id = None;
        if inquiry.redacted_at.is_some() {
            inquiry.updated_at = now;
        } else {
            decisions::redact(state, &id, now)?;
        }
    }
    if let Some(account) = state.accounts.get_mut(account_id) {
        account.redact(now);
    }
    state.record_account_event("account.redacted", account_id, now);
    Ok(())
}
