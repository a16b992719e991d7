//! `/dashboard`: inquiries with status and timestamps, each one's events and webhook attempts,
//! and plain HTML forms (no JavaScript) to approve, decline, expire, advance the clock and
//! redeliver. Forms post to absolute paths built from the request's own URI, so the dashboard
//! works under any mount prefix.

use axum::extract::{Form, OriginalUri, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Duration;
use html_escape::encode_text as text;
use serde::Deserialize;

use crate::clock;
use crate::emulator::Emulator;
use crate::lifecycle::decisions::{self, Decision, OnRepeat};
use crate::model::event::Event;
use crate::model::webhook::AttemptOutcome;
use crate::wire::error::ApiError;

pub(crate) fn routes() -> Router<Emulator> {
    Router::new()
        .route("/dashboard", get(index))
        .route("/dashboard/inquiries/{inquiry_id}/{action}", post(act))
        .route("/dashboard/clock", post(advance))
        .route("/dashboard/events/{event_id}/redeliver", post(redeliver))
}

/// The mount prefix: everything before `/dashboard` in the original path.
fn root(original: &OriginalUri) -> String {
    let path = original.path();
    path.find("/dashboard")
        .map_or("", |at| &path[..at])
        .to_owned()
}

fn button(action: &str, label: &str) -> String {
    format!("<form method=\"post\" action=\"{action}\" style=\"display:inline\"><button>{label}</button></form>")
}

async fn index(State(emulator): State<Emulator>, original: OriginalUri) -> Html<String> {
    let base = format!("{}/dashboard", root(&original));
    let mut html = String::from("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Persona emulator dashboard</title></head><body><h1>Persona emulator</h1>");
    emulator.with(|state, now| {
        html.push_str(&format!(
            "<p>Emulated time: {}</p><form method=\"post\" action=\"{base}/clock\"><label>Advance clock (seconds) <input name=\"seconds\" type=\"number\" value=\"86400\"></label> <button>Advance</button></form>",
            clock::format(now)
        ));
        let mut inquiries: Vec<_> = state.inquiries.values().collect();
        inquiries.sort_by_key(|i| std::cmp::Reverse((i.created_at, i.seq)));
        html.push_str("<h2>Inquiries</h2><table border=\"1\"><tr><th>Id</th><th>Reference</th><th>Status</th><th>Created</th><th>Updated</th><th>Expires</th><th>Actions</th></tr>");
        for inq in &inquiries {
            let at = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(clock::format).unwrap_or_default();
            let actions: String = ["approve", "decline", "expire"]
                .iter()
                .map(|a| button(&format!("{base}/inquiries/{}/{a}", inq.id), a))
                .collect();
            html.push_str(&format!(
                "<tr><td><a href=\"#{id}\">{id}</a></td><td>{r}</td><td>{s}</td><td>{c}</td><td>{u}</td><td>{e}</td><td>{actions}</td></tr>",
                id = text(&inq.id),
                r = text(inq.reference_id.as_deref().unwrap_or("")),
                s = inq.status.as_str(),
                c = clock::format(inq.created_at),
                u = clock::format(inq.updated_at),
                e = at(inq.expires_at),
            ));
        }
        html.push_str("</table>");
        for inq in &inquiries {
            html.push_str(&format!("<h3 id=\"{0}\">Events of {0}</h3><ul>", text(&inq.id)));
            let related = |e: &&Event| e.object_id == inq.id || e.body.contains(&inq.id);
            for event in state.events.iter().filter(related) {
                let attempts: Vec<String> = state
                    .deliveries
                    .iter()
                    .filter(|d| d.event_id == event.id)
                    .flat_map(|d| d.attempts.iter())
                    .map(|a| match &a.outcome {
                        AttemptOutcome::Status(code) => format!("#{} {} → {code}", a.number, clock::format(a.at)),
                        AttemptOutcome::Error(err) => format!("#{} {} → {}", a.number, clock::format(a.at), text(err)),
                    })
                    .collect();
                html.push_str(&format!(
                    "<li>{} {} {} attempts: [{}] {}</li>",
                    text(&event.id),
                    text(&event.name),
                    clock::format(event.created_at),
                    attempts.join("; "),
                    button(&format!("{base}/events/{}/redeliver", event.id), "redeliver"),
                ));
            }
            html.push_str("</ul>");
        }
    });
    html.push_str("</body></html>");
    Html(html)
}

fn back(original: &OriginalUri) -> Response {
    let location = format!("{}/dashboard", root(original));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

async fn act(
    State(emulator): State<Emulator>,
    Path((id, action)): Path<(String, String)>,
    original: OriginalUri,
) -> Response {
    let result = emulator.with(|state, now| match action.as_str() {
        "approve" => decisions::decide(state, &id, Decision::Approve, None, OnRepeat::Refuse, now),
        "decline" => decisions::decide(state, &id, Decision::Decline, None, OnRepeat::Refuse, now),
        "expire" => decisions::expire(state, &id, OnRepeat::Refuse, now),
        _ => Err(ApiError::NotFound),
    });
    match result {
        Ok(()) => back(&original),
        Err(err) => err.into_response(),
    }
}

#[derive(Deserialize)]
struct Advance {
    seconds: i64,
}

async fn advance(
    State(emulator): State<Emulator>,
    original: OriginalUri,
    Form(Advance { seconds }): Form<Advance>,
) -> Response {
    if let Some(by) = Duration::try_seconds(seconds) {
        emulator.state.clock().advance(by);
        emulator.with(|_, _| ());
    }
    back(&original)
}

async fn redeliver(
    State(emulator): State<Emulator>,
    Path(id): Path<String>,
    original: OriginalUri,
) -> Response {
    emulator.state.with(|state| state.redeliver(&id));
    back(&original)
}
