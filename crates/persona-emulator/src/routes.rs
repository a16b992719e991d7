//! The routing table: the API behind its guard, the control API, the dashboard and the
//! Hosted Flow. Starting the router also starts the webhook worker and the expiry sweep.

use axum::routing::{get, post, put};
use axum::{middleware, Router};

use super::{
    actions, api, control, dashboard, event_api, guard, hosted, links, list, simulate, tags,
    update, webhook, App,
};

pub(super) fn build(app: App) -> Router {
    webhook::spawn(&app.store, app.options.webhook_retry_base);
    control::spawn_sweep(&app);
    let inquiry = "/inquiries/{inquiry_id}";
    let api = Router::new()
        .route("/inquiries", post(api::create).get(list::list))
        .route(
            inquiry,
            get(api::retrieve)
                .patch(update::update)
                .delete(actions::redact),
        )
        .route(&format!("{inquiry}/resume"), post(api::resume))
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
        .route("/events", get(event_api::list))
        .route("/events/{event_id}", get(event_api::retrieve))
        .fallback(api::not_found)
        .layer(middleware::from_fn_with_state(app.clone(), guard::guard));
    let control = Router::new()
        .route("/clock/advance", post(control::advance))
        .route(
            "/faults",
            put(control::put_faults).delete(control::clear_faults),
        )
        .route("/inquiries/{inquiry_id}", get(control::inquiry))
        .route("/webhooks", post(control::add_webhook))
        .route("/webhooks/{webhook_id}/rotate", post(control::rotate))
        .route("/events/{event_id}/redeliver", post(control::redeliver))
        .route("/flush", post(control::flush));
    Router::new()
        .nest("/api/v1", api)
        .nest("/_control", control)
        .merge(dashboard::routes())
        .route("/verify", get(hosted::open).post(hosted::submit))
        .with_state(app)
}
