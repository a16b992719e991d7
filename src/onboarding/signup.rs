//! Sign up, and continue a walker's verification where they left it.

use super::error::OnboardingError;
use super::service::Onboarding;
use crate::domain::policy::ReturnAction;
use crate::domain::{
    JobId, JobKind, JobState, Language, SignupDraft, VerificationStatus, WalkerId,
};
use crate::store::{now_ms, AttemptOutcome, JobRecord, WalkerRecord};

/// Where the walker goes after signing up or coming back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NextStep {
    /// Into Persona's Hosted Flow at this URL.
    HostedFlow(String),
    /// The inquiry is still being created (Persona slow or down): a page that waits.
    Preparing,
    /// Nothing to do in the flow (finished, or decided): show their status.
    ShowStatus,
}

/// What a signup did.
#[derive(Debug)]
pub enum Signup {
    /// A new walker, or the one this browser already belongs to: on into verification.
    Started(SignedUp),
    /// The address belongs to a walker this browser is not signed in as. Nothing of theirs was
    /// shown or changed; a link to continue was emailed to them instead.
    LinkEmailed,
}

/// A stored walker and where they go next. `next` fails on its own when Persona cannot take
/// the request now: the walker is stored either way, and their job finishes later.
#[derive(Debug)]
pub struct SignedUp {
    pub walker_id: WalkerId,
    pub next: Result<NextStep, OnboardingError>,
}

/// A create job to run now: one still to be claimed, or one this request already holds.
enum CreateJob {
    Queued(JobId),
    Claimed(JobRecord),
}

impl Onboarding {
    /// Stores the walker (reading PawPass in `language`) with their "create inquiry" job in one
    /// transaction and sends them on into verification. An address already registered (in any letter case) continues only
    /// for the browser signed in as its walker (`signed_in`); anyone else typing it gets
    /// nothing of theirs, and the walker gets a link by email.
    pub async fn sign_up(
        &self,
        draft: &SignupDraft,
        today: chrono::NaiveDate,
        language: Language,
        signed_in: Option<&WalkerId>,
    ) -> Result<Signup, OnboardingError> {
        let walker = draft.parse(today).map_err(OnboardingError::Invalid)?;
        let (record, job) = self
            .store
            .walkers()
            .insert_with_job(&walker, language, &WalkerId::generate(), self.lease())
            .await?;
        tracing::info!(walker_id = %record.id, created = job.is_some(), "signup");
        let next = match job {
            // A new walker: their job was claimed for this request as it was stored.
            Some(job) => {
                self.run_create_job(&record.id, CreateJob::Claimed(job))
                    .await
            }
            None if signed_in == Some(&record.id) => self.continue_from(&record).await,
            None => {
                if !record.is_erased_or_going() {
                    self.email_link_to(&record.id).await?;
                }
                return Ok(Signup::LinkEmailed);
            }
        };
        Ok(Signup::Started(SignedUp {
            walker_id: record.id,
            next,
        }))
    }

    /// Continue where the walker left off (see [`ReturnAction`]): wait for or run the create
    /// job, reuse a `created` inquiry, resume a `pending` or `expired` one, and send everyone
    /// else to their status page.
    pub async fn continue_verification(
        &self,
        walker_id: &WalkerId,
    ) -> Result<NextStep, OnboardingError> {
        let walker = self.walker(walker_id).await?;
        self.continue_from(&walker).await
    }

    async fn continue_from(&self, walker: &WalkerRecord) -> Result<NextStep, OnboardingError> {
        let Some(inquiry_id) = walker.current_inquiry_id.clone() else {
            return self.finish_create_job(walker).await;
        };
        // Our copy may lag behind (a webhook in flight), and which link works depends on the
        // real status, so ask Persona; when it cannot answer, our copy still opens a new one.
        let status = match self.refresh_inquiry(&inquiry_id).await {
            Ok(status) => status,
            Err(OnboardingError::PersonaUnavailable(error)) => {
                let stored = self.store.inquiries().by_id(&inquiry_id).await?;
                match stored.map(|i| i.status) {
                    Some(VerificationStatus::Created) => VerificationStatus::Created,
                    _ => return Err(OnboardingError::PersonaUnavailable(error)),
                }
            }
            Err(other) => return Err(other),
        };
        match ReturnAction::for_status(&status) {
            ReturnAction::OpenLink => Ok(NextStep::HostedFlow(self.links.hosted_flow(
                &inquiry_id,
                None,
                walker.language(),
            ))),
            ReturnAction::Resume => {
                let read_at = now_ms();
                let (inquiry, token) = self.persona.resume_inquiry(inquiry_id.as_str()).await?;
                self.apply_snapshot(&inquiry_id, &inquiry, read_at).await?;
                Ok(NextStep::HostedFlow(self.links.hosted_flow(
                    &inquiry_id,
                    Some(&token),
                    walker.language(),
                )))
            }
            ReturnAction::Prepare => self.finish_create_job(walker).await,
            _ => Ok(NextStep::ShowStatus),
        }
    }

    /// A new inquiry for a walker whose last attempt failed (the policy decides who may).
    pub async fn start_new_attempt(
        &self,
        walker_id: &WalkerId,
    ) -> Result<NextStep, OnboardingError> {
        let walker = self.walker(walker_id).await?;
        let status = self.current_status(&walker).await?;
        if !ReturnAction::for_status(&status).allows_new_attempt() {
            return self.continue_from(&walker).await;
        }
        let Some(job) = self
            .store
            .jobs()
            .enqueue_new_attempt(walker_id, &status, self.lease())
            .await?
        else {
            // Another request got there first (a double click, a second tab): follow it.
            return self.finish_create_job(&self.walker(walker_id).await?).await;
        };
        tracing::info!(%walker_id, job_id = %job.id, "new verification attempt");
        self.run_create_job(walker_id, CreateJob::Claimed(job))
            .await
    }

    /// Runs (or waits briefly for) the walker's queued create job.
    async fn finish_create_job(&self, walker: &WalkerRecord) -> Result<NextStep, OnboardingError> {
        let job = match self
            .store
            .jobs()
            .latest(&walker.id, JobKind::CreateInquiry)
            .await?
        {
            Some(job) if job.state == JobState::Dead => return Ok(NextStep::ShowStatus),
            Some(job) if job.state == JobState::Queued => CreateJob::Queued(job.id),
            // Done: the inquiry is attached (or about to be read back below).
            Some(_) => return self.link_to_new_inquiry(&walker.id).await,
            // Every signup queues its job in the same transaction; this covers rows from before.
            None => CreateJob::Claimed(
                self.store
                    .jobs()
                    .enqueue_claimed(JobKind::CreateInquiry, &walker.id, self.lease())
                    .await?,
            ),
        };
        self.run_create_job(&walker.id, job).await
    }

    /// Runs a create job now, waiting at most `wait_for_inquiry` before showing the "preparing" page.
    async fn run_create_job(
        &self,
        walker_id: &WalkerId,
        job: CreateJob,
    ) -> Result<NextStep, OnboardingError> {
        let outcome = match job {
            CreateJob::Queued(id) => self.run_job_now(&id, self.wait_for_inquiry).await,
            CreateJob::Claimed(job) => {
                let deadline = tokio::time::Instant::now() + self.wait_for_inquiry;
                self.run_claimed_job(job, deadline).await
            }
        };
        if let Some(AttemptOutcome::Retry { .. } | AttemptOutcome::Dead) = outcome {
            return Ok(NextStep::Preparing);
        }
        self.link_to_new_inquiry(walker_id).await
    }

    /// The Hosted Flow link once the walker's newest inquiry exists (`created`); until then,
    /// and while a new attempt's job still runs, the "preparing" page.
    async fn link_to_new_inquiry(&self, walker_id: &WalkerId) -> Result<NextStep, OnboardingError> {
        let walker = self.walker(walker_id).await?;
        match walker.current_inquiry_id.clone() {
            Some(id) if self.current_status(&walker).await? == VerificationStatus::Created => {
                let link = self.links.hosted_flow(&id, None, walker.language());
                Ok(NextStep::HostedFlow(link))
            }
            _ => Ok(NextStep::Preparing),
        }
    }

    /// Records the language the walker switched to, for their mail and Persona's flow.
    pub async fn set_language(
        &self,
        walker_id: &WalkerId,
        language: Language,
    ) -> Result<(), OnboardingError> {
        Ok(self
            .store
            .walkers()
            .set_language(walker_id, language)
            .await?)
    }

    async fn current_status(&self, walker: &WalkerRecord) -> anyhow::Result<VerificationStatus> {
        let Some(id) = &walker.current_inquiry_id else {
            return Ok(VerificationStatus::NotStarted);
        };
        Ok(self
            .store
            .inquiries()
            .by_id(id)
            .await?
            .map(|inquiry| inquiry.status)
            .unwrap_or(VerificationStatus::NotStarted))
    }
}
