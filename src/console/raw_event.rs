//! One Persona event's stored body, for operators. It carries the walker's personal data, so
//! birthdate and phone are masked as on the walker's page unless the operator revealed that
//! walker for this view, and every view is audited, revealed or not.

use super::error::ConsoleError;
use super::operator::Operator;
use super::service::Console;
use crate::domain::{mask, AuditAction, EventId, WalkerId};
use crate::store::AuditEntry;

impl Console {
    /// The event's body, or `None` for an unknown event. `revealed` is the walker the operator
    /// asked to see in full (the session's one-view flag); only that walker's events show in
    /// full, exactly as Persona signed them.
    pub async fn raw_event(
        &self,
        operator: &Operator,
        event_id: &EventId,
        revealed: Option<&WalkerId>,
    ) -> Result<Option<String>, ConsoleError> {
        let Some((body, inquiry_id, walker_id)) =
            self.store.events().body_and_walker(event_id).await?
        else {
            return Ok(None);
        };
        let walker = match &walker_id {
            Some(id) => self.store.walkers().by_id(id).await?,
            None => None,
        };
        let in_full = walker.is_some() && walker_id.as_ref() == revealed;
        let (body, how) = match &walker {
            _ if in_full => (body, "in full (revealed)"),
            Some(walker) => (
                mask::payload(&body, &walker.birthdate, walker.phone.as_deref()),
                "birthdate and phone masked",
            ),
            None => (mask::payload(&body, "", None), "birthdate and phone masked"),
        };
        let detail = format!("Raw event {event_id} viewed, {how}");
        let entry = AuditEntry::about(AuditAction::ViewEvent, walker_id.as_ref(), &detail)
            .inquiry(inquiry_id.as_ref());
        self.store.audit().record(operator.actor(), entry).await?;
        Ok(Some(body))
    }
}
