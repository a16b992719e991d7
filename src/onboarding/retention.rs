//! The retention policy: walkers who never got a decision are erased (through the same durable
//! job as an operator's request, so Persona redacts too) after `unfinished_days`; raw bodies of
//! decided inquiries' events are stripped after `event_body_days`. Run by the background sweep
//! and by `pawpass retention [--dry-run]`.

use super::service::Onboarding;
use crate::domain::{AuditAction, EventId, WalkerId};
use crate::store::{now_ms, Actor, AuditEntry, DAY_MS};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionPolicy {
    pub unfinished_days: u64,
    pub event_body_days: u64,
}

/// What one run erases: walker ids and event ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionPlan {
    pub walkers: Vec<WalkerId>,
    pub events: Vec<EventId>,
}

fn cutoff(days: u64) -> i64 {
    now_ms().saturating_sub(i64::try_from(days).unwrap_or(i64::MAX / DAY_MS) * DAY_MS)
}

impl Onboarding {
    /// What the policy names right now; changes nothing.
    pub async fn retention_plan(&self, policy: RetentionPolicy) -> anyhow::Result<RetentionPlan> {
        Ok(RetentionPlan {
            walkers: self
                .store
                .walkers()
                .unfinished_before(cutoff(policy.unfinished_days))
                .await?,
            events: self
                .store
                .events()
                .decided_bodies_before(cutoff(policy.event_body_days))
                .await?,
        })
    }

    /// Carries out the plan: queues an erasure per walker (audited) and strips event bodies.
    pub async fn apply_retention(&self, policy: RetentionPolicy) -> anyhow::Result<RetentionPlan> {
        let plan = self.retention_plan(policy).await?;
        let reason = format!(
            "Retention: no decision within {} days",
            policy.unfinished_days
        );
        for walker_id in &plan.walkers {
            let queued = self.store.walkers().request_erasure(walker_id).await?;
            if queued.is_none() {
                // Asked for since the plan was read.
                continue;
            }
            let entry = AuditEntry::new(
                AuditAction::Erase,
                walker_id,
                "Erasure queued by the retention policy",
            )
            .reason(Some(&reason));
            self.store.audit().record(Actor::System, entry).await?;
        }
        for event_id in &plan.events {
            self.store.events().strip_body(event_id).await?;
        }
        if !plan.walkers.is_empty() {
            self.worker.ring();
        }
        Ok(plan)
    }

    /// The background sweep, beside reconciliation.
    pub async fn retention_forever(self, every: Duration, policy: RetentionPolicy) {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            match self.apply_retention(policy).await {
                Ok(plan) if plan != RetentionPlan::default() => tracing::info!(
                    walkers = plan.walkers.len(),
                    events = plan.events.len(),
                    "retention applied"
                ),
                Ok(_) => {}
                Err(error) => tracing::error!(error = format!("{error:#}"), "retention failed"),
            }
        }
    }
}
