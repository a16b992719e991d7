//! The privacy panel on a walker's page: request erasure (reason, and the walker's email typed
//! again so the wrong person is never erased), see that it is pending, stuck or done, and
//! retry a stuck one.

use crate::domain::WalkerId;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Erasure {
    None,
    /// Requested; Persona's redaction or PawPass's erasure has not finished yet.
    Pending,
    /// The erasure job gave up (Persona refused, or failed too often): an operator must act.
    Stuck {
        attempts: i64,
    },
    /// Done at this (formatted) time.
    Done(String),
}

#[component]
pub fn Privacy(walker_id: WalkerId, csrf: String, erasure: Erasure) -> impl IntoView {
    let action = format!("/admin/walkers/{walker_id}/erase");
    let export = format!("/admin/walkers/{walker_id}/export.json");
    let body = match erasure {
        Erasure::Pending => view! {
            <p class="alert alert-info" role="status">
                "Erasure pending: waiting for Persona to redact the inquiries. It is retried \
                 until it succeeds."
            </p>
        }
        .into_any(),
        Erasure::Stuck { attempts } => view! {
            <div class="alert alert-error" role="alert">
                <p>{format!(
                    "Erasure failed: Persona did not redact the inquiries after {attempts} \
                     attempt{}, and it is no longer retried on its own. The background jobs \
                     above show each attempt's error. Nothing was erased here yet.",
                    if attempts == 1 { "" } else { "s" }
                )}</p>
                <form method="post" action=format!("/admin/walkers/{walker_id}/erase/retry")>
                    <input type="hidden" name="csrf_token" value=csrf.clone()/>
                    <button class="button button-decline button-small" type="submit">"Try the erasure again"</button>
                </form>
            </div>
        }
        .into_any(),
        Erasure::Done(at) => view! {
            <p class="muted">{format!("Personal data erased on {at}.")}</p>
        }
        .into_any(),
        Erasure::None => view! {
            <form method="post" action=action class="form">
                <input type="hidden" name="csrf_token" value=csrf/>
                <div class="field">
                    <label for="erase-reason">"Reason for erasure"</label>
                    <textarea id="erase-reason" name="reason" rows="2" required=true maxlength="1000"></textarea>
                </div>
                <div class="field">
                    <label for="erase-email">"Type the walker's email to confirm"</label>
                    <input id="erase-email" name="confirm_email" type="email" required=true autocomplete="off"/>
                </div>
                <p class="field-hint">"Redacts every inquiry at Persona, then removes names, email, \
                    birthdate, phone, event bodies and notes here. The outcome and audit trail stay."</p>
                <button class="button button-decline" type="submit">"Erase personal data"</button>
            </form>
        }
        .into_any(),
    };
    view! {
        <section class="card" aria-labelledby="privacy-h">
            <h2 id="privacy-h">"Privacy"</h2>
            <p><a href=export download="">"Download everything held about this walker (JSON)"</a></p>
            {body}
        </section>
    }
}
