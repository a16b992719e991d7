//! What PawPass knows of a walker's verification, for their own pages.

use super::error::OnboardingError;
use super::service::Onboarding;
use crate::domain::{InquiryId, VerificationStatus, WalkerId, WalkerStatus};

impl Onboarding {
    /// The walker's status from PawPass's database (webhooks keep it current).
    pub async fn walker_status(
        &self,
        walker_id: &WalkerId,
    ) -> Result<Option<WalkerStatus>, OnboardingError> {
        let Some(walker) = self.store.walkers().by_id(walker_id).await? else {
            return Ok(None);
        };
        let status = match &walker.current_inquiry_id {
            None => VerificationStatus::NotStarted,
            Some(inquiry_id) => self
                .store
                .inquiries()
                .by_id(inquiry_id)
                .await?
                .map(|inquiry| inquiry.status)
                .unwrap_or(VerificationStatus::NotStarted),
        };
        Ok(Some(WalkerStatus {
            first_name: Some(walker.first_name),
            status,
        }))
    }

    /// The status of an inquiry named in a redirect's query string. The query is only a hint
    /// for finding the inquiry; the status comes from the database, and no personal data is
    /// returned to a browser that is not the walker's.
    pub async fn inquiry_status(
        &self,
        inquiry_id: &InquiryId,
    ) -> Result<Option<WalkerStatus>, OnboardingError> {
        Ok(self
            .store
            .inquiries()
            .by_id(inquiry_id)
            .await?
            .map(|inquiry| WalkerStatus {
                first_name: None,
                status: inquiry.status,
            }))
    }
}
