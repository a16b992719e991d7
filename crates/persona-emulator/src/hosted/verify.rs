//! `GET /verify?inquiry-id=…[&session-token=…][&fields[name_first]=…]` opens the form (prefilled
//! from `fields[…]`), `POST /verify` submits it, starts and finishes the inquiry and sends the
//! browser to `redirect-uri`. Opening starts nothing (CONTRACT 8: an inquiry is `pending` once
//! the person submits), so a `created` inquiry opens from its plain link as often as asked. The
//! page runs on a session, as Persona's does: the token of the one it opens (starting it,
//! `inquiry-session.started`) travels in a hidden input, as Persona keeps it in
//! `sessionStorage`; once the inquiry is `pending`, a visit with only `inquiry-id` finds the
//! session expired.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use chrono::{DateTime, Utc};

use super::language::flow_language;
use super::pages::{self, FormView, EDITABLE};
use super::params::Params;
use super::return_url::return_url;
use crate::emulator::Emulator;
use crate::hosts::may_redirect;
use crate::lifecycle::flow::{self, Verdict};
use crate::lifecycle::{links, sessions};
use crate::model::inquiry::{is_valid_date, Inquiry, Status};
use crate::state::EmulatorState;

/// Why the flow cannot be shown or submitted, or what to show instead.
enum Outcome {
    NotFound,
    SessionExpired,
    Finished,
    Form {
        inquiry: Box<Inquiry>,
        token: String,
        error: Option<&'static str>,
    },
    Done {
        reference_id: Option<String>,
        redirect_uri: Option<String>,
    },
}

fn missing_inquiry_id() -> Response {
    pages::notice(
        StatusCode::BAD_REQUEST,
        "Link incomplete",
        "This verification link has no inquiry-id. The emulator only opens inquiries created through the API.",
    )
}

/// Where a `redirect-uri` from the link or form may lead (see `hosts::may_redirect`).
struct RedirectRules<'a> {
    /// The `Host` this page was requested on.
    request_host: Option<&'a str>,
    allowed: &'a [String],
}

impl<'a> RedirectRules<'a> {
    fn of(emulator: &'a Emulator, headers: &'a HeaderMap) -> Self {
        Self {
            request_host: headers.get(header::HOST).and_then(|v| v.to_str().ok()),
            allowed: &emulator.options.allowed_hosts,
        }
    }
}

/// The page or redirect for `outcome`; `verdict` is what the form's checkbox shows, or how a
/// finished flow turned out.
fn render(
    outcome: Outcome,
    language: Option<&str>,
    redirect_param: Option<&str>,
    verdict: Verdict,
    inquiry_id: &str,
    rules: &RedirectRules<'_>,
) -> Response {
    match outcome {
        Outcome::NotFound => pages::notice(
            StatusCode::NOT_FOUND,
            "Inquiry not found",
            "No verification exists for this link. Check that you opened the link you were given.",
        ),
        Outcome::SessionExpired => pages::notice(
            StatusCode::FORBIDDEN,
            "Session expired",
            "Your session has expired. Go back to where you started to get a new verification link.",
        ),
        Outcome::Finished => pages::notice(
            StatusCode::CONFLICT,
            "This verification is already finished",
            "There is nothing left to do here. You can close this window.",
        ),
        Outcome::Form { inquiry, token, error } => {
            let redirect_uri = redirect_param.or(inquiry.redirect_uri.as_deref());
            let language = flow_language(language);
            pages::form(FormView { inquiry: &inquiry, session_token: &token, redirect_uri, verdict, error, language })
        }
        Outcome::Done { reference_id, redirect_uri } => {
            // A redirect from the link must stay with hosts someone trusted; otherwise the one
            // the inquiry was created with (through the API, with a key) applies.
            let created_with = redirect_uri.as_deref();
            let target = redirect_param
                .filter(|uri| {
                    may_redirect(uri, rules.request_host, created_with, rules.allowed)
                })
                .or(created_with);
            let location = target.and_then(|uri| return_url(uri, inquiry_id, reference_id.as_deref(), verdict));
            match location.and_then(|l| HeaderValue::from_str(&l).ok()) {
                Some(location) => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
                None => pages::done(verdict),
            }
        }
    }
}

/// `GET /verify`: a `created` inquiry is shown on a session (it stays `created`); a `pending`
/// one needs a valid `session-token`, or a one-time link `code` (usable once).
pub(crate) async fn open(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = Params::parse(raw.unwrap_or_default().as_bytes());
    let code = params.get("code");
    let Some(requested) = params.get("inquiry-id").or(code.map(|_| "")) else {
        return missing_inquiry_id();
    };
    let (inquiry_id, mut outcome) = emulator.with(|state, now| {
        let (inquiry_id, given_token) = match code {
            Some(code) => match links::redeem(state, &emulator.tokens, code, now) {
                Some((id, token)) => (id, Some(token)),
                None => return (requested.to_owned(), Outcome::SessionExpired),
            },
            None => (
                requested.to_owned(),
                params.get("session-token").map(str::to_owned),
            ),
        };
        let outcome = open_inquiry(state, &emulator, &inquiry_id, given_token.as_deref(), now);
        (inquiry_id, outcome)
    });
    if let Outcome::Form { inquiry, .. } = &mut outcome {
        params.prefill(inquiry, &emulator.template);
    }
    render(
        outcome,
        params.get("language"),
        params.get("redirect-uri"),
        Verdict::Pass,
        &inquiry_id,
        &RedirectRules::of(&emulator, &headers),
    )
}

fn open_inquiry(
    state: &mut EmulatorState,
    emulator: &Emulator,
    inquiry_id: &str,
    given_token: Option<&str>,
    now: DateTime<Utc>,
) -> Outcome {
    let Some(status) = state.inquiries.get(inquiry_id).map(|inq| inq.status) else {
        return Outcome::NotFound;
    };
    let valid =
        given_token.filter(|t| sessions::authorizes(state, &emulator.tokens, t, inquiry_id, now));
    let token = match status {
        // Reuse a token the link brought (create's `auto-create-inquiry-session`, resume, a
        // one-time link), else open a session; the submission starts the inquiry.
        Status::Created => match valid {
            Some(token) => Some(token.to_owned()),
            None => sessions::open(state, &emulator.tokens, inquiry_id, now),
        },
        Status::Pending => match valid {
            Some(token) => Some(token.to_owned()),
            None => return Outcome::SessionExpired,
        },
        // Persona shows its "session expired" screen until the inquiry is resumed.
        Status::Expired => return Outcome::SessionExpired,
        _ => return Outcome::Finished,
    };
    if let Some(token) = &token {
        sessions::mark_used(state, &emulator.tokens, token, now);
    }
    match (token, state.inquiries.get(inquiry_id)) {
        (Some(token), Some(inquiry)) => Outcome::Form {
            inquiry: Box::new(inquiry.clone()),
            token,
            error: None,
        },
        _ => Outcome::NotFound,
    }
}

/// `POST /verify` (form-urlencoded): applies the edited fields, starts a `created` inquiry
/// (`inquiry.started`), then passes or fails it according to the "Pass verifications" checkbox.
/// A refused birthdate shows the form again and starts nothing.
pub(crate) async fn submit(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Params::parse(&body);
    let Some(inquiry_id) = form.get("inquiry-id") else {
        return missing_inquiry_id();
    };
    let token = form.get("session-token").unwrap_or_default();
    // An unchecked checkbox is simply absent from the form.
    let verdict = if form.get("pass").is_some() {
        Verdict::Pass
    } else {
        Verdict::Fail
    };
    let outcome = emulator.with(|state, now| {
        let Some(stored) = state.inquiries.get(inquiry_id) else {
            return Outcome::NotFound;
        };
        match stored.status {
            Status::Expired => return Outcome::SessionExpired,
            status if status.is_finished() => return Outcome::Finished,
            _ => {}
        }
        if !sessions::authorizes(state, &emulator.tokens, token, inquiry_id, now) {
            return Outcome::SessionExpired;
        }
        let mut edited = stored.clone();
        for field in &EDITABLE {
            if let Some(value) = form.field(field.name) {
                let value = value.trim();
                edited.set_field(field.name, (!value.is_empty()).then(|| value.to_owned()));
            }
        }
        if edited.field("birthdate").is_some_and(|b| !is_valid_date(b)) {
            let error = Some("Enter the birthdate as a date, for example 1977-08-31.");
            return Outcome::Form {
                inquiry: Box::new(edited),
                token: token.to_owned(),
                error,
            };
        }
        let (reference_id, redirect_uri) =
            (edited.reference_id.clone(), edited.redirect_uri.clone());
        if let Some(stored) = state.inquiries.get_mut(inquiry_id) {
            stored.fields = edited.fields;
        }
        // The first submission is when the person begins (CONTRACT 8): started, then finished,
        // so webhooks arrive started -> completed|failed (-> approved by the workflow).
        flow::start(state, inquiry_id, now);
        flow::finish(state, &emulator.template, inquiry_id, verdict, now);
        Outcome::Done {
            reference_id,
            redirect_uri,
        }
    });
    let rules = RedirectRules::of(&emulator, &headers);
    render(
        outcome,
        form.get("language"),
        form.get("redirect-uri"),
        verdict,
        inquiry_id,
        &rules,
    )
}
