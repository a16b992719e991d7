//! The retention policy: walkers who never got a decision are erased (through the same durable
//! job as an operator's request, so Persona redacts too) after `unfinished_days`; raw bodies of
//! decided inquiries' events are stripped after `event_body_days`; events themselves go once
//! the whole UTC month they arrived in is older than `event_days` (a month at a time, so
//! PostgreSQL drops the month's partition instead of deleting rows). Run by the background
//! sweep and by `pawpass retention [--dry-run]`.

use super::service::Onboarding;
use crate::domain::{AuditAction, EventId, WalkerId};
use crate::store::{month_start_ms, now_ms, Actor, AuditEntry, DAY_MS};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionPolicy {
    pub unfinished_days: u64,
    pub event_body_days: u64,
    pub event_days: u64,
}

/// What one run erases: walker ids, the ids of events whose bodies are stripped, and how many
/// events are deleted (received before `events_before`, a month's start).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionPlan {
    pub walkers: Vec<WalkerId>,
    pub events: Vec<EventId>,
    pub expired_events: u64,
    pub events_before: i64,
}

fn cutoff(days: u64) -> i64 {
    now_ms().saturating_sub(i64::try_from(days).unwrap_or(i64::MAX / DAY_MS) * DAY_MS)
}

/// Events received before this (unix ms) have expired: the start of the month holding the
/// window's edge, so only whole months go.
fn events_before(policy: RetentionPolicy) -> i64 {
    month_start_ms(cutoff(policy.event_days))
}

impl Onboarding {
    /// What the policy names right now; changes nothing.
    pub async fn retention_plan(&self, policy: RetentionPolicy) -> anyhow::Result<RetentionPlan> {
        let events_before = events_before(policy);
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
            expired_events: self
                .store
                .event_partitions()
                .count_before(events_before)
                .await?,
            events_before,
        })
    }

    /// Carries out the plan: queues an erasure per walker (audited), deletes the expired events
    /// (a month's partition at a time on PostgreSQL; a drop that cannot get its lock within 2 s
    /// fails this run, and the next one tries again) and strips event bodies.
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
        let expired = self
            .store
            .event_partitions()
            .expire_before(plan.events_before)
            .await?;
        if !expired.partitions.is_empty() {
            tracing::info!(partitions = ?expired.partitions, "expired event months dropped");
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
                Ok(plan)
                    if !plan.walkers.is_empty()
                        || !plan.events.is_empty()
                        || plan.expired_events > 0 =>
                {
                    tracing::info!(
                        walkers = plan.walkers.len(),
                        events = plan.events.len(),
                        expired_events = plan.expired_events,
                        "retention applied"
                    )
                }
                Ok(_) => {}
                Err(error) => tracing::error!(error = format!("{error:#}"), "retention failed"),
            }
        }
    }
}
