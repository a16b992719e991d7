//! Sign up, and continue a walker's verification where they left it.

use super::{Onboarding, OnboardingError};
use crate::domain::status::StatusChange;
use crate::domain::{SignupDraft, VerificationStatus};
use crate::persona::CreateInquiry;
use crate::store::WalkerRecord;
use rand::distributions::{Alphanumeric, DistString};

/// Where the walker goes after signing up or coming back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NextStep {
    /// Into Persona's Hosted Flow at this URL.
    HostedFlow(String),
    /// Nothing to do in the flow (finished, or decided): show their status.
    ShowStatus,
}

/// A stored walker and where they go next. `next` fails on its own when Persona cannot take
/// the request now: the walker is stored either way.
#[derive(Debug)]
pub struct SignedUp {
    pub walker_id: String,
    pub next: Result<NextStep, OnboardingError>,
}

/// `usr_` and 24 random alphanumerics (~143 bits): unguessable, safe to show.
fn new_walker_id() -> String {
    format!(
        "usr_{}",
        Alphanumeric.sample_string(&mut rand::thread_rng(), 24)
    )
}

impl Onboarding {
    /// Stores the walker (or finds them by email, in any letter case) and sends them on into
    /// verification.
    pub async fn sign_up(
        &self,
        draft: &SignupDraft,
        today: chrono::NaiveDate,
    ) -> Result<SignedUp, OnboardingError> {
        let walker = draft.parse(today).map_err(OnboardingError::Invalid)?;
        let idempotency_key = uuid::Uuid::new_v4().to_string();
        let (record, created) = self
            .db
            .insert_or_find_walker(&walker, &new_walker_id(), &idempotency_key)
            .await?;
        tracing::info!(walker_id = %record.id, created, "signup");
        let next = self.continue_verification(&record).await;
        Ok(SignedUp {
            walker_id: record.id,
            next,
        })
    }

    /// Continue where the walker left off: create the inquiry if there is none yet (with the
    /// walker's stored idempotency key, so a retry never makes a second one), reuse a `created`
    /// one, resume a `pending` or `expired` one, and send finished ones to their status.
    pub async fn continue_verification(
        &self,
        walker: &WalkerRecord,
    ) -> Result<NextStep, OnboardingError> {
        let Some(inquiry_id) = walker.current_inquiry_id.as_deref() else {
            let inquiry_id = self.create_inquiry(walker).await?;
            return Ok(NextStep::HostedFlow(
                self.links.hosted_flow(&inquiry_id, None),
            ));
        };
        // Our copy of the status may lag behind (a webhook still in flight), and the link that
        // works depends on the real one, so ask Persona.
        let inquiry = self.persona.retrieve_inquiry(inquiry_id).await?;
        let status = VerificationStatus::parse(&inquiry.attributes.status);
        if let Some(updated_at) = inquiry.attributes.updated_at {
            let change = StatusChange {
                status: status.clone(),
                at_ms: updated_at.timestamp_millis(),
            };
            crate::store::Db::apply_status_change(&self.db.pool, inquiry_id, &change).await?;
        }
        match status {
            VerificationStatus::Created => Ok(NextStep::HostedFlow(
                self.links.hosted_flow(inquiry_id, None),
            )),
            VerificationStatus::Pending | VerificationStatus::Expired => {
                let (_, token) = self.persona.resume_inquiry(inquiry_id).await?;
                Ok(NextStep::HostedFlow(
                    self.links.hosted_flow(inquiry_id, Some(&token)),
                ))
            }
            _ => Ok(NextStep::ShowStatus),
        }
    }

    async fn create_inquiry(&self, walker: &WalkerRecord) -> Result<String, OnboardingError> {
        let mut fields = vec![
            ("name-first", walker.first_name.clone()),
            ("name-last", walker.last_name.clone()),
            ("birthdate", walker.birthdate.clone()),
            ("email-address", walker.email.clone()),
        ];
        if let Some(phone) = &walker.phone {
            fields.push(("phone-number", phone.clone()));
        }
        let request = CreateInquiry {
            template_id: self.template_id.clone(),
            reference_id: walker.id.clone(),
            fields,
        };
        let inquiry = self
            .persona
            .create_inquiry(&request, &walker.inquiry_idempotency_key)
            .await?;
        let at_ms = inquiry
            .attributes
            .created_at
            .map(|t| t.timestamp_millis())
            .unwrap_or_else(crate::store::now_ms);
        let change = StatusChange {
            status: VerificationStatus::parse(&inquiry.attributes.status),
            at_ms,
        };
        self.db
            .attach_inquiry(&walker.id, &inquiry.id, &change)
            .await?;
        tracing::info!(walker_id = %walker.id, inquiry_id = %inquiry.id, "inquiry created");
        Ok(inquiry.id)
    }
}
