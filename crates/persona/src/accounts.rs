//! Accounts (CONTRACT 7.1 `meta.auto-create-account-reference-id`): Persona keeps the person's
//! reference id and data on an Account beside their inquiries, so erasing a walker means
//! redacting it too.

use super::actions::fresh_key;
use super::client::{path_segment, PersonaClient};
use super::error::PersonaError;
use super::wire::{Account, Document};
use reqwest::Method;

impl PersonaClient {
    /// `GET /accounts?filter[reference-id]=…`: the accounts Persona holds for one of our
    /// references (a walker id).
    pub async fn accounts_for_reference(
        &self,
        reference_id: &str,
    ) -> Result<Vec<Account>, PersonaError> {
        let path = format!(
            "/accounts?filter%5Breference-id%5D={}",
            path_segment(reference_id)?
        );
        let doc: Document<Vec<Account>> = self.send(Method::GET, &path, None, None).await?;
        Ok(doc.data)
    }

    /// `DELETE /accounts/{id}`: Persona redacts the account and, in the background, every
    /// inquiry, verification and report under it. Cannot be undone.
    pub async fn redact_account(&self, account_id: &str) -> Result<(), PersonaError> {
        let path = format!("/accounts/{}", path_segment(account_id)?);
        let _: serde_json::Value = self
            .send(Method::DELETE, &path, None, Some(&fresh_key()))
            .await?;
        Ok(())
    }
}
