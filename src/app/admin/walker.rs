//! `/admin/walkers/{id}`: one walker's case: their data, every inquiry, the event timeline,
//! decisions through Persona, notes and the audit trail.

use super::case_sections::{EntrySection, EntryView, EventView, InquiryView};
use super::frame::{AdminFlash, AdminFrame};
use super::nav::{AdminNav, FlashMessage, Section};
use super::walker_privacy::{Erasure, Privacy};
use crate::app::layout::{Page, StatusBadge, Width};
use crate::app::server_answer::view_answer;
use crate::domain::{VerificationStatus, WalkerId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkerView {
    pub frame: AdminFrame,
    pub flash: Option<AdminFlash>,
    pub id: WalkerId,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub birthdate: String,
    /// Birthdate and phone are shown in full (after an audited "Reveal").
    pub revealed: bool,
    pub signed_up: String,
    pub status: VerificationStatus,
    pub has_inquiry: bool,
    pub erasure: Erasure,
    pub inquiries: Vec<InquiryView>,
    pub events: Vec<EventView>,
    pub notes: Vec<EntryView>,
    pub audit: Vec<EntryView>,
    pub jobs: Vec<EntryView>,
    pub mails: Vec<EntryView>,
}

#[server(endpoint = "admin/walker")]
pub async fn admin_walker(id: String) -> Result<Option<WalkerView>, ServerFnError> {
    use crate::console::ErasureState;
    use crate::server::session_keys as keys;
    let (state, _operator, session, frame) = super::server::signed_in().await?;
    let fail = |e| super::server::internal("reading a walker", e);
    // An id that cannot be a walker's names no walker, like an unknown one.
    let Ok(walker_id) = WalkerId::parse(&id) else {
        return Ok(None);
    };
    let Some(case) = state.console.case(&walker_id).await.map_err(fail)? else {
        return Ok(None);
    };
    let flash: Option<AdminFlash> = session.remove(keys::ADMIN_FLASH).await.ok().flatten();
    let revealed = session
        .remove::<WalkerId>(keys::REVEAL_WALKER)
        .await
        .ok()
        .flatten()
        .as_ref()
        == Some(&walker_id);
    let walker = case.walker;
    let current = walker.current_inquiry_id.clone();
    Ok(Some(WalkerView {
        frame,
        flash,
        name: format!("{} {}", walker.first_name, walker.last_name),
        email: walker.email,
        phone: match walker.phone {
            None => "—".into(),
            Some(phone) if revealed => phone,
            Some(phone) => crate::domain::mask::phone(&phone),
        },
        birthdate: if revealed {
            walker.birthdate
        } else {
            crate::domain::mask::birthdate(&walker.birthdate)
        },
        revealed,
        signed_up: super::server::format_time(walker.created_at),
        status: case.status,
        has_inquiry: current.is_some(),
        erasure: match case.erasure {
            ErasureState::NotRequested => Erasure::None,
            ErasureState::Pending => Erasure::Pending,
            ErasureState::Stuck { attempts } => Erasure::Stuck { attempts },
            ErasureState::Done { at_ms } => Erasure::Done(super::server::format_time(at_ms)),
        },
        inquiries: case
            .inquiries
            .into_iter()
            .map(|i| InquiryView {
                dashboard_href: format!("{}{}", state.persona_dashboard, i.id),
                current: Some(&i.id) == current.as_ref(),
                id: i.id,
                status: i.status,
                status_at: super::server::format_time(i.status_at),
                created: super::server::format_time(i.created_at),
            })
            .collect(),
        events: super::case_entries::timeline(case.events),
        jobs: super::case_entries::jobs(case.job_attempts),
        mails: super::case_entries::mails(case.mails),
        notes: super::case_entries::notes(case.notes),
        audit: super::case_entries::audit(case.audit),
        id: walker_id,
    }))
}

#[component]
pub fn WalkerPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new_blocking(
        move || params.with(|p| p.get("id").unwrap_or_default()),
        admin_walker,
    );
    view! {
        <Title text="Walker"/>
        <Page width=Width::Wide>
            <Suspense>
                {move || Suspend::new(async move {
                    view_answer(data.await, |found| match found {
                        Some(view) => view! { <WalkerCase view/> }.into_any(),
                        None => view! {
                            <h1>"No such walker"</h1>
                            <p><a href="/admin">"Back to the list"</a></p>
                        }.into_any(),
                    })
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn WalkerCase(view: WalkerView) -> impl IntoView {
    let WalkerView {
        frame,
        flash,
        id,
        name,
        email,
        phone,
        birthdate,
        revealed,
        signed_up,
        status,
        has_inquiry,
        erasure,
        inquiries,
        events,
        notes,
        audit,
        jobs,
        mails,
    } = view;
    let csrf = frame.csrf_token.clone();
    view! {
        <AdminNav frame current=Section::Walkers/>
        <p class="breadcrumb"><a href="/admin">"← All walkers"</a></p>
        <div class="toolbar">
            <h1>{name}</h1>
            <p class="status-line">"Status: " <StatusBadge status=status.clone()/></p>
        </div>
        <FlashMessage flash/>
        <div class="case-grid">
            <section class="card" aria-labelledby="details-h">
                <h2 id="details-h">"Details"</h2>
                <dl class="facts">
                    <dt>"Walker id"</dt><dd><code>{id.to_string()}</code></dd>
                    <dt>"Email"</dt><dd>{email}</dd>
                    <dt>"Phone"</dt><dd>{phone}</dd>
                    <dt>"Date of birth"</dt><dd>{birthdate}</dd>
                    <dt>"Signed up"</dt><dd>{signed_up}</dd>
                </dl>
                {(!revealed).then(|| view! {
                    <form method="post" action=format!("/admin/walkers/{id}/reveal")>
                        <input type="hidden" name="csrf_token" value=csrf.clone()/>
                        <button class="button button-quiet button-small" type="submit">"Reveal"</button>
                    </form>
                })}
            </section>
            <super::walker_actions::Actions walker_id=id.clone() csrf=csrf.clone() status=has_inquiry.then_some(status)/>
        </div>
        <super::case_sections::Inquiries inquiries/>
        <super::case_sections::Timeline events/>
        <EntrySection id="mails" title="Messages" entries=mails
            empty="No messages to this walker yet."/>
        <EntrySection id="jobs" title="Background work" entries=jobs
            empty="No job attempts recorded."/>
        <super::case_sections::Notes walker_id=id.clone() csrf=csrf.clone() notes/>
        <Privacy walker_id=id.clone() csrf=csrf.clone() erasure/>
        <EntrySection id="audit" title="Audit log" entries=audit
            empty="No operator has acted on this walker yet."/>
    }
}
