//! Persona's Inquiries API under `/api/v1` (CONTRACT 1–7): inquiries, their actions, one-time
//! links, simulate actions, accounts and events, each route behind `guard` (authentication, rate limits,
//! faults, idempotency, versions and key inflection).

mod accounts;
mod actions;
mod create_request;
mod events;
mod guard;
mod headers;
mod idempotency;
mod inquiries;
mod links;
mod list;
mod members;
mod pagination;
mod simulate;
mod tags;
mod update;

use axum::routing::{get, post};
use axum::{middleware, Router};

use crate::emulator::Emulator;

/// The API's routes, relative to `/api/v1`.
pub(crate) fn routes(emulator: &Emulator) -> Router<Emulator> {
    let inquiry = "/inquiries/{inquiry_id}";
    Router::new()
        .route("/inquiries", post(inquiries::create).get(list::list))
        .route(
            inquiry,
            get(inquiries::retrieve)
                .patch(update::update)
                .delete(actions::redact),
        )
        .route(&format!("{inquiry}/resume"), post(inquiries::resume))
        .route(
            &format!("{inquiry}/generate-one-time-link"),
            post(links::handler),
        )
        .route(&format!("{inquiry}/approve"), post(actions::approve))
        .route(&format!("{inquiry}/decline"), post(actions::decline))
        .route(
            &format!("{inquiry}/mark-for-review"),
            post(actions::mark_for_review),
        )
        .route(&format!("{inquiry}/expire"), post(actions::expire))
        .route(&format!("{inquiry}/add-tag"), post(tags::add))
        .route(&format!("{inquiry}/remove-tag"), post(tags::remove))
        .route(&format!("{inquiry}/set-tags"), post(tags::set_all))
        .route(
            &format!("{inquiry}/perform-simulate-actions"),
            post(simulate::perform),
        )
        .route("/accounts", get(accounts::list))
        .route(
            "/accounts/{account_id}",
            get(accounts::retrieve).delete(accounts::redact),
        )
        .route("/events", get(events::list))
        .route("/events/{event_id}", get(events::retrieve))
        .fallback(inquiries::not_found)
        .layer(middleware::from_fn_with_state(
            emulator.clone(),
            guard::guard,
        ))
}
