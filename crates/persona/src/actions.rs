//! Operators' calls on an inquiry (CONTRACT 7.4, 7.5): decisions, review, one-time links,
//! redaction.
//! Each carries a fresh idempotency key so the client's retries never act twice.

use super::client::{path_segment, PersonaClient};
use super::error::PersonaError;
use super::wire::{Document, Inquiry};
use reqwest::Method;
use serde_json::json;

fn inquiry_path(inquiry_id: &str, action: &str) -> Result<String, PersonaError> {
    Ok(format!("/inquiries/{}/{action}", path_segment(inquiry_id)?))
}

pub(super) fn fresh_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl PersonaClient {
    /// `POST /inquiries/{id}/approve` with the operator's reason as `meta.comment`.
    pub async fn approve(&self, inquiry_id: &str, comment: &str) -> Result<Inquiry, PersonaError> {
        let body = json!({"meta": {"comment": comment}});
        let path = inquiry_path(inquiry_id, "approve")?;
        let doc: Document<Inquiry> = self
            .send(Method::POST, &path, Some(&body), Some(&fresh_key()))
            .await?;
        Ok(doc.data)
    }

    /// `POST /inquiries/{id}/decline` with the operator's reason as `meta.comment`.
    pub async fn decline(&self, inquiry_id: &str, comment: &str) -> Result<Inquiry, PersonaError> {
        let body = json!({"meta": {"comment": comment}});
        let path = inquiry_path(inquiry_id, "decline")?;
        let doc: Document<Inquiry> = self
            .send(Method::POST, &path, Some(&body), Some(&fresh_key()))
            .await?;
        Ok(doc.data)
    }

    /// `POST /inquiries/{id}/mark-for-review` (no body: Persona takes no comment here).
    pub async fn mark_for_review(&self, inquiry_id: &str) -> Result<Inquiry, PersonaError> {
        let path = inquiry_path(inquiry_id, "mark-for-review")?;
        let doc: Document<Inquiry> = self
            .send(Method::POST, &path, None, Some(&fresh_key()))
            .await?;
        Ok(doc.data)
    }

    /// `DELETE /inquiries/{id}`: Persona redacts the inquiry (its personal data is nulled, its
    /// status and `redacted-at` remain).
    /// Only success matters: the redacted body has little left worth reading.
    pub async fn redact_inquiry(&self, inquiry_id: &str) -> Result<(), PersonaError> {
        let path = inquiry_path(inquiry_id, "")?;
        let _: serde_json::Value = self
            .send(Method::DELETE, path.trim_end_matches('/'), None, None)
            .await?;
        Ok(())
    }

    /// `POST /inquiries/{id}/generate-one-time-link`: the inquiry and `meta.one-time-link`.
    pub async fn generate_one_time_link(
        &self,
        inquiry_id: &str,
    ) -> Result<(Inquiry, String), PersonaError> {
        let path = inquiry_path(inquiry_id, "generate-one-time-link")?;
        let doc: Document<Inquiry> = self
            .send(
                Method::POST,
                &path,
                Some(&json!({"meta": {}})),
                Some(&fresh_key()),
            )
            .await?;
        let link = doc
            .meta
            .and_then(|meta| meta.one_time_link)
            .ok_or_else(|| PersonaError::InvalidResponse("no one-time link returned".into()))?;
        Ok((doc.data, link))
    }
}
