//! The decision panel: approve, decline or mark for review with a reason; resync; a fresh
//! one-time link. Plain forms; the server answers with a redirect and a message.

use crate::domain::{VerificationStatus, WalkerId};
use leptos::prelude::*;

#[component]
pub fn Actions(
    walker_id: WalkerId,
    csrf: String,
    /// The current inquiry's status; `None` when the walker has no inquiry yet.
    status: Option<VerificationStatus>,
) -> impl IntoView {
    let action = format!("/admin/walkers/{walker_id}/action");
    let Some(status) = status else {
        return view! {
            <section class="card" aria-labelledby="actions-h">
                <h2 id="actions-h">"Decision"</h2>
                <p class="muted">"No Persona inquiry exists yet, so there is nothing to decide."</p>
            </section>
        }
        .into_any();
    };
    let decided = matches!(
        status,
        VerificationStatus::Approved | VerificationStatus::Declined
    );
    let can_approve = status != VerificationStatus::Approved;
    let can_decline = status != VerificationStatus::Declined;
    let can_link = matches!(
        status,
        VerificationStatus::Created | VerificationStatus::Pending
    );
    view! {
        <section class="card actions" aria-labelledby="actions-h">
            <h2 id="actions-h">"Decision"</h2>
            <form method="post" action=action.clone() class="form">
                <input type="hidden" name="csrf_token" value=csrf.clone()/>
                <div class="field">
                    <label for="reason">"Reason"</label>
                    <p class="field-hint" id="reason-hint">"Required. Sent to Persona with the decision and kept in the audit log."</p>
                    <textarea id="reason" name="reason" rows="3" required=true maxlength="1000"
                        aria-describedby="reason-hint"></textarea>
                </div>
                <div class="button-row">
                    {can_approve.then(|| view! {
                        <button class="button button-approve" type="submit" name="action" value="approve">"Approve"</button>
                    })}
                    {can_decline.then(|| view! {
                        <button class="button button-decline" type="submit" name="action" value="decline">"Decline"</button>
                    })}
                    {(!decided).then(|| view! {
                        <button class="button button-quiet" type="submit" name="action" value="mark_for_review">"Mark for review"</button>
                    })}
                </div>
            </form>
            <div class="button-row">
                <form method="post" action=action.clone()>
                    <input type="hidden" name="csrf_token" value=csrf.clone()/>
                    <input type="hidden" name="action" value="resync"/>
                    <button class="button button-quiet button-small" type="submit">"Resync from Persona"</button>
                </form>
                {can_link.then(|| view! {
                    <form method="post" action=action.clone()>
                        <input type="hidden" name="csrf_token" value=csrf.clone()/>
                        <input type="hidden" name="action" value="one_time_link"/>
                        <button class="button button-quiet button-small" type="submit">"Create a fresh link"</button>
                    </form>
                })}
            </div>
        </section>
    }
    .into_any()
}
