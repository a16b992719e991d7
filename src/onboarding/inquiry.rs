//! Creating a walker's inquiry at Persona, and taking in what Persona says an inquiry is now.

use super::error::OnboardingError;
use super::service::Onboarding;
use crate::domain::status::StatusChange;
use crate::domain::{AccountId, InquiryId, VerificationStatus};
use crate::store::{now_ms, JobRecord};
use anyhow::Context;
use persona::{CreateInquiry, Inquiry};

/// Persona's word for an inquiry's status as PawPass reads it: the one place an API answer's
/// status is parsed (Persona's set is open; a new word is kept as `Unknown`).
pub(crate) fn persona_status(inquiry: &Inquiry) -> VerificationStatus {
    VerificationStatus::parse(&inquiry.attributes.status)
}

/// The change an answer of Persona's reports: its status at its `updated-at`, or at
/// `otherwise_ms` when it has none.
pub(crate) fn persona_change(inquiry: &Inquiry, otherwise_ms: i64) -> StatusChange {
    StatusChange {
        status: persona_status(inquiry),
        at_ms: inquiry
            .attributes
            .updated_at
            .map_or(otherwise_ms, |t| t.timestamp_millis()),
    }
}

impl Onboarding {
    /// The body of a `create_inquiry` job: one inquiry per job, however its attempts end. The
    /// first attempt sends the job's idempotency key; later ones look for what an earlier
    /// attempt may have made before they create anything.
    pub(super) async fn create_inquiry_for_job(
        &self,
        job: &JobRecord,
    ) -> Result<(), OnboardingError> {
        let walker = self.walker(&job.walker_id).await?;
        if walker.erasure_requested_at.is_some() {
            // Never send Persona a walker who is being erased (or their placeholders).
            return Ok(());
        }
        // The template's own field keys: Persona takes `fields` keys as sent from API version
        // 2025-10-27 on (no inflection), and older versions accept them in any casing.
        let mut fields = vec![
            ("name_first", walker.first_name.clone()),
            ("name_last", walker.last_name.clone()),
            ("birthdate", walker.birthdate.clone()),
            ("email_address", walker.email.clone()),
        ];
        if let Some(phone) = &walker.phone {
            fields.push(("phone_number", phone.clone()));
        }
        let request = CreateInquiry {
            template_id: self.template_id.clone(),
            reference_id: walker.id.to_string(),
            fields,
            redirect_uri: Some(self.links.verification_return()),
        };
        // After a failed attempt Persona may hold the inquiry (the answer was lost) or keep its
        // failure for our key (it replays every first answer for 24 hours, 500s included).
        // Look first; only when there is none, try again under a new key, kept on the job so a
        // lost answer to this attempt is still found under its own key.
        let key = if job.attempts > 1 {
            // An earlier attempt may have attached its inquiry and been cut off before its end
            // was recorded: an inquiry attached since the job was queued is this job's.
            if let Some(current) = &walker.current_inquiry_id {
                let stored = self.store.inquiries().by_id(current).await?;
                if stored.is_some_and(|inquiry| inquiry.created_at >= job.created_at) {
                    return Ok(());
                }
            }
            // Otherwise only an inquiry PawPass does not know yet can be this job's (a
            // walker's earlier attempts are listed too).
            let known: Vec<InquiryId> = self
                .store
                .inquiries()
                .for_walker(&walker.id)
                .await?
                .into_iter()
                .map(|i| i.id)
                .collect();
            let listed = self
                .persona
                .inquiries_for_reference(walker.id.as_str())
                .await?;
            if let Some(made) = listed
                .into_iter()
                .find(|i| !known.iter().any(|k| k == i.id.as_str()))
            {
                return self.attach_created(&walker.id, &made).await;
            }
            self.store.jobs().renew_idempotency_key(&job.id).await?
        } else {
            job.idempotency_key.clone()
        };
        let inquiry = self.persona.create_inquiry(&request, &key).await?;
        self.attach_created(&walker.id, &inquiry).await
    }

    /// Records an inquiry Persona created for the walker as their current one.
    async fn attach_created(
        &self,
        walker_id: &crate::domain::WalkerId,
        inquiry: &Inquiry,
    ) -> Result<(), OnboardingError> {
        let inquiry_id =
            InquiryId::parse(&inquiry.id).context("reading Persona's new inquiry id")?;
        let account_id = inquiry
            .account_id()
            .map(AccountId::parse)
            .transpose()
            .context("reading the account of Persona's new inquiry")?;
        let at_ms = inquiry
            .attributes
            .created_at
            .map(|t| t.timestamp_millis())
            .unwrap_or_else(now_ms);
        let change = StatusChange {
            status: persona_status(inquiry),
            at_ms,
        };
        self.store
            .inquiries()
            .attach(walker_id, &inquiry_id, account_id.as_ref(), &change)
            .await?;
        tracing::info!(%walker_id, inquiry_id = %inquiry.id, "inquiry created");
        Ok(())
    }

    /// Reads the inquiry from Persona and applies it; returns Persona's status.
    pub async fn refresh_inquiry(
        &self,
        inquiry_id: &InquiryId,
    ) -> Result<VerificationStatus, OnboardingError> {
        let read_at = now_ms();
        let inquiry = self.persona.retrieve_inquiry(inquiry_id.as_str()).await?;
        self.apply_snapshot(inquiry_id, &inquiry, read_at).await?;
        Ok(persona_status(&inquiry))
    }

    /// Applies a status read from Persona's API. A read is the newest truth we have: every
    /// event applied before `read_at` describes an earlier moment, so the read wins even when
    /// its `updated-at` is a hair older than an event's `created-at` (see `Inquiries::apply_snapshot`).
    pub(super) async fn apply_snapshot(
        &self,
        inquiry_id: &InquiryId,
        inquiry: &Inquiry,
        read_at: i64,
    ) -> anyhow::Result<bool> {
        let change = persona_change(inquiry, read_at);
        self.store
            .inquiries()
            .apply_snapshot(inquiry_id, &change.status, change.at_ms, read_at)
            .await
    }
}
