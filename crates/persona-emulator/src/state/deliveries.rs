//! The webhook queue inside the state: endpoints, one delivery per event and interested
//! endpoint, and what is due. Faults (drop, duplicate, delay, reorder) apply here, where
//! deliveries are queued and taken.

use chrono::{DateTime, Utc};
use tokio::time::{Duration, Instant};

use super::EmulatorState;
use crate::ids::new_id;
use crate::model::webhook::{
    AttemptOutcome, Delivery, DeliveryAttempt, DeliveryState, Endpoint, WebhookEndpoint,
};
use crate::wire::version_and_inflection::VersionAndInflection;

/// What the worker needs to make one attempt, taken out of the lock.
pub(crate) struct Job {
    pub delivery: usize,
    pub url: String,
    pub secrets: Vec<String>,
    pub body: String,
    pub number: u32,
    pub first_attempted_at: Option<i64>,
    pub duplicate: bool,
}

impl EmulatorState {
    pub(crate) fn add_endpoint(&mut self, config: WebhookEndpoint) -> String {
        let id = new_id("wbh");
        self.endpoints.push(Endpoint {
            id: id.clone(),
            config,
        });
        id
    }

    /// Queues `event_id` for every endpoint that wants `name`.
    pub(crate) fn schedule(&mut self, event_id: &str, name: &str) {
        let delay = Duration::from_millis(self.faults.faults.webhooks.delay_ms);
        let due = Instant::now() + delay;
        let targets: Vec<String> = self
            .endpoints
            .iter()
            .filter(|e| e.wants(name))
            .map(|e| e.id.clone())
            .collect();
        for endpoint_id in targets {
            self.deliveries.push(Delivery {
                event_id: event_id.to_owned(),
                endpoint_id,
                state: DeliveryState::Pending,
                attempts: Vec::new(),
                due,
                first_attempted_at: None,
                in_flight: false,
            });
        }
    }

    /// Takes every due delivery (oldest first, or newest first under the reorder fault), applying
    /// the drop and duplicate faults.
    pub(crate) fn take_due(&mut self, now: Instant, at: DateTime<Utc>) -> Vec<Job> {
        let mut due: Vec<usize> = (0..self.deliveries.len())
            .filter(|&i| {
                let d = &self.deliveries[i];
                d.state == DeliveryState::Pending && !d.in_flight && d.due <= now
            })
            .collect();
        due.sort_by_key(|&i| (self.deliveries[i].due, i));
        if self.faults.faults.webhooks.reorder {
            due.reverse();
        }
        let mut jobs = Vec::new();
        for index in due {
            if self.faults.drop_delivery() {
                let delivery = &mut self.deliveries[index];
                delivery.state = DeliveryState::Dropped;
                delivery.attempts.push(DeliveryAttempt {
                    number: 1,
                    at,
                    outcome: AttemptOutcome::Error("dropped by fault injection".into()),
                });
                continue;
            }
            let duplicate = self.faults.duplicate_delivery();
            let delivery = &self.deliveries[index];
            let endpoint = self.endpoints.iter().find(|e| e.id == delivery.endpoint_id);
            let event = self.events.iter().find(|e| e.id == delivery.event_id);
            let (Some(endpoint), Some(event)) = (endpoint, event) else {
                continue;
            };
            jobs.push(Job {
                delivery: index,
                url: endpoint.config.url.clone(),
                secrets: endpoint.config.secrets.clone(),
                // Each webhook has its own version and casing (CONTRACT 10); checked when added.
                body: match VersionAndInflection::for_webhook(&endpoint.config) {
                    Ok(format) => format.rewrite_event(&event.body, &event.related),
                    Err(_) => event.body.clone(),
                },
                number: delivery.attempts.len() as u32 + 1,
                first_attempted_at: delivery.first_attempted_at,
                duplicate,
            });
            self.deliveries[index].in_flight = true;
        }
        jobs
    }

    /// The earliest moment a pending delivery becomes due.
    pub(crate) fn next_due(&self) -> Option<Instant> {
        self.deliveries
            .iter()
            .filter(|d| d.state == DeliveryState::Pending && !d.in_flight)
            .map(|d| d.due)
            .min()
    }

    /// Sends the event again to every endpoint that wants it; false for an unknown event.
    pub(crate) fn redeliver(&mut self, event_id: &str) -> bool {
        let Some(name) = self
            .events
            .iter()
            .find(|e| e.id == event_id)
            .map(|e| e.name.clone())
        else {
            return false;
        };
        self.schedule(event_id, &name);
        true
    }
}
